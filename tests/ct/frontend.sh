#!/bin/bash
# ct in the front end: nft's datatypes and forms (bitmask lists, sets,
# exact compares, relational compares of host-order keys), and the per-hook
# checks of doc/HOOKS.md: on ingress only ct state, with a warning.
. "$TOP_SRCDIR/tests/lib.sh"

chain() {	# chain HOOK RULE...: a file with one base chain holding the rules
	local hook=$1; shift
	{ printf 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook %s priority 0; policy accept;\n' "$hook"
	  for r in "$@"; do printf '\t\t%s\n' "$r"; done
	  printf '\t}\n}\n'; } >"$TMPD/t.nft"
}
ir_has() {	# ir_has DESCRIPTION EXPECTED-IR-LINES (regex, \n between lines)
	local out
	out=$("$CGNFT" compile --emit ir "$TMPD/t.nft" 2>"$TMPD/err")
	if grep -qzP "$2" <<<"$out"; then ok "$1"; else not_ok "$1"; echo "$out" | diag; diag <"$TMPD/err"; fi
}
fails() {	# fails DESCRIPTION EXPECTED-ERROR-LINE
	local out
	out=$("$CGNFT" compile --emit ir "$TMPD/t.nft" 2>&1)
	if [ $? = 1 ] && grep -qxF "$2" <<<"$out"; then ok "$1"; else not_ok "$1"; echo "$out" | diag; fi
}

chain ingress "ct state established,related accept"
ir_has "a comma list is any of the bits, as nft's implicit bitmask match" \
	'match ct state & 0x6 != 0x0\n    verdict accept'
chain ingress "ct state { established, related } accept"
ir_has "a set is a lookup of the values" 'lookup ct state @__set0\n    verdict accept'
chain ingress "ct state == new drop" "ct state != established counter"
ir_has "== and != compare exactly" 'match ct state == 0x8\n    verdict drop\n.*\n    match ct state != 0x2'
chain ingress "ct state invalid,untracked drop"
ir_has "invalid and untracked are nft's bits 1 and 64" 'match ct state & 0x41 != 0x0'
chain ingress "ct state established accept"
out=$("$CGNFT" compile --emit ir "$TMPD/t.nft" 2>&1 >/dev/null)
check "ingress ct state: a warning at the selector, in nft's format" grep -qxF \
	"$TMPD/t.nft:5:3-10: Warning: ct state on ingress is read from the receiving socket, not from conntrack: it is never related, invalid or untracked, and has no value for unconnected UDP and raw sockets (doc/HOOKS.md)" <<<"$out"

chain ingress "ct mark 1 accept"
fails "ct mark on ingress: refused with the reason and what to do" \
	"$TMPD/t.nft:5:3-9: Error: ct mark is not available in a chain for hook ingress: the kernel drops a received packet's conntrack entry before the cgroup program runs (ct state is read from the socket there); use it in a chain for hook egress"
cat >"$TMPD/t.nft" <<'EOF'
table cgroup t {
	cgroup "x"
	chain in {
		type filter hook ingress priority 0; policy accept;
		jump sub
	}
	chain sub {
		ct direction reply accept
	}
}
EOF
fails "ct direction in a regular chain reached from ingress: refused" \
	"$TMPD/t.nft:8:3-14: Error: ct direction is not available in a chain for hook ingress: the kernel drops a received packet's conntrack entry before the cgroup program runs (ct state is read from the socket there); use it in a chain for hook egress"
chain ingress "ct state foo accept"
fails "an unknown state: nft's datatype error" \
	"$TMPD/t.nft:5:12-14: Error: Could not parse conntrack state"
chain ingress "ct original saddr 10.0.0.1 accept"
fails "ct original saddr: not supported yet, said so" \
	"$TMPD/t.nft:5:3-19: Error: ct original saddr is not supported by cgnft yet (it reads ct state, direction, status and mark)"
chain ingress "ct zone 1 accept"
fails "ct zone: not supported yet, said so" \
	"$TMPD/t.nft:5:3-9: Error: ct zone is not supported by cgnft yet (it reads ct state, direction, status and mark)"
done_testing
