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
chain ingress "ct zone 1 accept"
fails "ct zone on ingress: refused with the reason" \
	"$TMPD/t.nft:5:3-9: Error: ct zone is not available in a chain for hook ingress: the kernel drops a received packet's conntrack entry before the cgroup program runs (ct state is read from the socket there); use it in a chain for hook egress"
chain ingress "ct reply ip6 saddr ::1 accept"
fails "ct reply ip6 saddr on ingress: refused with the same reason" \
	"$TMPD/t.nft:5:3-20: Error: ct saddr is not available in a chain for hook ingress: the kernel drops a received packet's conntrack entry before the cgroup program runs (ct state is read from the socket there); use it in a chain for hook egress"

# the other keys on egress: nft's types, widths and directions
chain egress "ct original saddr 10.0.0.1 accept"
fails "ct original saddr without a network protocol: nft's message" \
	"$TMPD/t.nft:5:3-19: Error: cannot determine ip protocol version, use \"ip saddr\" or \"ip6 saddr\" instead"
chain egress "meta nfproto ipv6 ct original saddr ::1 accept" "ct l3proto ipv4 ct reply daddr 10.0.0.1 accept"
ir_has "ct DIR saddr takes its family from meta nfproto or ct l3proto" \
	'match ct original saddr\(ip6\) == 0x1\n.*\n.*\n    match ct l3proto == 0x2\n    match ct reply daddr == 0xa000001'
chain egress "ct original ip daddr 10.0.0.0/8 drop" "ct reply ip6 saddr ::1 drop"
ir_has "ct DIR ip|ip6 ADDR: the family named" \
	'match ct original daddr in 0xa000000-0xaffffff\n.*\n.*\n    match ct reply saddr\(ip6\) == 0x1'
chain egress "meta nfproto ipv6 ct original ip daddr 10.0.0.1 drop"
fails "ct DIR ip daddr after meta nfproto ipv6: conflicting" \
	"$TMPD/t.nft:5:21-40: Error: conflicting protocols specified: ip6 vs. ip"
chain egress "ct original proto-dst 22 accept"
fails "ct DIR proto-dst without a transport protocol: refused as nft does" \
	"$TMPD/t.nft:5:3-23: Error: Can't parse symbolic invalid expressions: ct proto-src and proto-dst take their type from the transport protocol, which the rule does not give before (meta l4proto tcp, or a tcp or udp header match)"
chain egress "tcp dport 22 ct reply proto-src ssh accept"
ir_has "ct DIR proto-src after tcp: an inet_service" 'match ct reply proto-src == 0x16'
chain egress "meta l4proto tcp ct proto-dst 22 accept"
fails "ct proto-dst without a direction: the kernel's refusal, said so" \
	"$TMPD/t.nft:5:20-31: Error: ct proto-dst needs a direction: ct original proto-dst or ct reply proto-dst (the kernel refuses it without one)"
chain egress "ct original mark 1 accept"
fails "ct DIR mark: nft's syntax error" "$TMPD/t.nft:5:3-18: Error: syntax error, unexpected mark"
chain egress "ct zone 65535 accept" "ct original zone 3 accept"
ir_has "ct [DIR] zone: 16 bits" 'match ct zone == 0xffff\n.*\n.*\n    match ct original zone == 0x3'
chain egress "ct zone 65536 accept"
fails "ct zone beyond 16 bits: nft's message" "$TMPD/t.nft:5:11-15: Error: Value 65536 exceeds valid range 0-65535"
chain egress "ct bytes > 1000 accept" "ct reply packets 3 accept" "ct avgpkt 100 accept"
ir_has "ct bytes, packets, avgpkt: 64 bits, with a direction or not" \
	'match ct bytes > 0x3e8\n.*\n.*\n    match ct reply packets == 0x3\n.*\n.*\n    match ct avgpkt == 0x64'
chain egress "ct expiration 30 accept" "ct expiration < 1m30s accept"
ir_has "ct expiration: milliseconds, a bare number is seconds" \
	'match ct expiration == 0x7530\n.*\n.*\n    match ct expiration < 0x15f90'
chain egress "ct l3proto ipv6 accept" "ct original protocol udp accept"
ir_has "ct l3proto and protocol: nf_proto and inet_proto" \
	'match ct l3proto == 0xa\n.*\n.*\n    match ct original protocol == 0x11'
chain egress "ct label 127 accept" "ct label 3,4 accept" "ct label == 3 accept"
ir_has "ct label: any of the labels in the 64 that hold them; == the 128 bits" \
	'match ct label\[64-127\] & 0x8000000000000000 != 0x0\n.*\n.*\n    match ct label\[0-63\] & 0x18 != 0x0\n.*\n.*\n    match ct label == 0x8'
chain egress "ct label 3,100 accept"
fails "ct label below and above 63 in one match: not yet, said so" \
	"$TMPD/t.nft:5:12-16: Error: ct labels below and above 63 in one match are not supported by cgnft yet (write a rule for each)"
chain egress "ct id 1 accept"
fails "ct id: refused, it is a keyed hash" \
	"$TMPD/t.nft:5:3-7: Error: ct id is not available in a cgroup table: it is nf_ct_get_id(), a siphash of the entry's address keyed by a random secret of the kernel, which a BPF program cannot read"
chain egress "ct count over 3 accept"
fails "ct count: refused, it needs conntrack lookups" \
	"$TMPD/t.nft:5:3-17: Error: ct count is not available in a cgroup table: nft_connlimit keeps its own list of connections and prunes it with conntrack lookups (nf_conntrack_find_get), which a cgroup program cannot make"
chain egress "ct secmark 3 accept"
fails "ct secmark with a constant: nft's refusal" \
	"$TMPD/t.nft:5:3-12: Error: Cannot be used with right hand side constant value"
chain egress "ct event new accept"
fails "ct event as a match: refused (the kernel has none to load)" \
	"$TMPD/t.nft:5:3-10: Error: ct event can only be set (ct event set ...): the kernel has no ct event to load (Operation not supported)"
done_testing
