#!/bin/bash
# reject: refused unless --reject-as-drop, then run as drop with a warning,
# with nft's checks and implicit dependencies (`with icmp` only IPv4,
# `with icmpv6` only IPv6, `with tcp reset` only TCP).  Real traffic from a
# process in a test cgroup: a rejected UDP send fails with EPERM at once
# (as under nft's reject), a rejected TCP connect times out (nft would
# refuse it at once: the documented difference).
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
ROOT="cgnft-reject-$$"
mkdir -p "$CGM/$ROOT"
cleanup() {
	"$CGNFT" delete table rj >/dev/null 2>&1
	"$CGNFT" delete table other >/dev/null 2>&1
	rmdir "$CGM/$ROOT" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

cat >"$TMPD/rj.nft" <<EOF
table cgroup rj {
	cgroup "$ROOT"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7200 reject
		udp dport 7201 reject with icmp type host-unreachable
		tcp dport 7202 reject with tcp reset
	}
}
EOF

# ---- the front end ----
out=$("$CGNFT" compile "$TMPD/rj.nft" -o "$TMPD/rj.o" 2>&1); rc=$?
check "without --reject-as-drop: exit 1" test "$rc" = 1
check "without --reject-as-drop: no object written" test ! -e "$TMPD/rj.o"
check "without --reject-as-drop: the reason and the option, at the statement" \
	grep -qxF "$TMPD/rj.nft:5:18-23: Error: reject cannot be carried out in a cgroup table: a cgroup program can only pass or drop, it cannot send the ICMP error or TCP reset (write drop, or compile with --reject-as-drop to run reject as drop)" <<<"$out"
check "without --reject-as-drop: every reject reported" test "$(grep -c 'Error: reject cannot' <<<"$out")" = 3

ir=$("$CGNFT" compile --reject-as-drop "$TMPD/rj.nft" --emit ir 2>"$TMPD/warn"); rc=$?
check "--reject-as-drop: compiles" test "$rc" = 0
check "--reject-as-drop: one warning per reject" test "$(grep -c 'Warning: reject runs as drop' "$TMPD/warn")" = 3
check "reject with icmp matches IPv4 only (nft's dependency)" \
	grep -qzP 'dport 7201 reject with icmp host-unreachable\n    match meta l4proto == 0x11\n    match th\[2:2\] == 0x1c21\n    match meta nfproto == 0x2\n    verdict drop' <<<"$ir"
check "reject with tcp reset: the tcp dependency is the rule's own" \
	grep -qzP 'reject with tcp reset\n    match meta l4proto == 0x6\n    match th\[2:2\] == 0x1c22\n    verdict drop' <<<"$ir"

diag_case() {	# diag_case NAME RULE EXPECTED-MESSAGE
	printf 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress priority 0; policy accept;\n\t\t%s\n\t}\n}\n' "$2" >"$TMPD/d.nft"
	local out
	out=$("$CGNFT" compile --reject-as-drop "$TMPD/d.nft" --emit ir 2>&1)
	if [ $? = 1 ] && grep -qF "Error: $3" <<<"$out"; then
		ok "$1"
	else
		not_ok "$1"; echo "$out" | diag
	fi
}
diag_case "tcp reset in a udp rule (nft's words)" "udp dport 1 reject with tcp reset" \
	"you cannot use tcp reset with this protocol"
diag_case "icmp reject in an IPv6 rule" "ip6 saddr ::1 reject with icmp type port-unreachable" \
	"conflicting protocols specified: ip vs ip6"
diag_case "an icmp type is not a code" "reject with icmp type echo-request" \
	"Could not parse icmp code"
diag_case "nothing after reject" "reject with icmpx type admin-prohibited counter" \
	"Statement after terminal statement has no effect"
diag_case "an unknown reject kind" "reject with igmp x" \
	"syntax error, expecting icmp, icmpv6, icmpx or tcp"

# ---- the kernel ----
"$CGNFT" apply "$TMPD/rj.nft" >/dev/null 2>&1
check "apply without --reject-as-drop fails and applies nothing" \
	bash -c "! '$CGNFT' list table rj >/dev/null 2>&1"
check "apply --reject-as-drop" "$CGNFT" apply --reject-as-drop "$TMPD/rj.nft"

udp_send() {	# udp_send PORT ADDR: one datagram from a process in the cgroup
	bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && { echo x > /dev/udp/$2/$1; } 2>&1 && echo ok" 2>&1 | tail -1
}
check "reject: udp send fails at once with EPERM, as under nft's reject" \
	grep -q "Operation not permitted" <<<"$(udp_send 7200 127.0.0.1)"
check "reject with icmp: IPv4 send fails with EPERM" \
	grep -q "Operation not permitted" <<<"$(udp_send 7201 127.0.0.1)"
check "reject with icmp: IPv6 passes (the rule is IPv4 only)" test "$(udp_send 7201 ::1)" = ok
check "udp to another port passes" test "$(udp_send 7203 127.0.0.1)" = ok

(exec timeout 6 nc -l 127.0.0.1 7202 >/dev/null 2>&1) &
lpid=$!
sleep 0.5
res=$(bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs'; timeout 2 bash -c 'echo x > /dev/tcp/127.0.0.1/7202' 2>&1; echo rc=\$?")
check "reject with tcp reset: connect never completes (times out; nft would refuse it)" \
	grep -q "rc=124" <<<"$res"
kill "$lpid" 2>/dev/null; wait "$lpid" 2>/dev/null

cat >"$TMPD/other.nft" <<EOF
table cgroup other {
	cgroup "$ROOT"
	chain out {
		type filter hook egress priority 1; policy accept;
		udp dport 7204 drop
	}
}
EOF
out=$("$CGNFT" apply "$TMPD/other.nft" 2>&1); rc=$?
check "another file applies beside it, without the option and without warnings" \
	test "$rc" = 0 -a -z "$out"
check "list prints reject as nft does" \
	grep -qF "udp dport 7201 reject with icmp host-unreachable" <<<"$("$CGNFT" list table rj 2>&1)"
check "the rejecting table still works" \
	grep -q "Operation not permitted" <<<"$(udp_send 7200 127.0.0.1)"
done_testing
