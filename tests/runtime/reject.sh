#!/bin/bash
# reject, with nft's checks and implicit dependencies (`with icmp` only
# IPv4, `with icmpv6` only IPv6, `with tcp reset` only TCP).  Without
# --reject-as-drop: on egress a rule that rules TCP out runs as drop with a
# warning, one that may meet TCP is refused, and every reject on ingress is
# refused; with the option each runs as drop with a warning.  Real traffic
# from a process in a test cgroup, against nft's output chain in a network
# namespace: a rejected UDP send fails with EPERM at once under both (nft's
# port-unreachable then fails the connected socket's next recv() with
# ECONNREFUSED, cgnft's drop does not); a rejected TCP connect times out
# (nft would refuse it at once: the documented difference).
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
	"$CGNFT" delete table ru >/dev/null 2>&1
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
check "without --reject-as-drop, a TCP reject on egress: exit 1" test "$rc" = 1
check "without --reject-as-drop: no object written" test ! -e "$TMPD/rj.o"
check "without --reject-as-drop: the reason and the option, at the statement" \
	grep -qxF "$TMPD/rj.nft:7:18-38: Error: reject cannot be carried out for TCP at hook egress: a cgroup program can only pass or drop, so a local connect() would time out instead of failing with ECONNREFUSED (match a protocol other than TCP, write drop, or compile with --reject-as-drop to run reject as drop)" <<<"$out"
check "without --reject-as-drop: the UDP rejects on egress are warnings, what the sender sees" \
	test "$(grep -c 'Warning: reject at hook egress runs as drop: the sending process.s send() fails with EPERM at once, as under nft' <<<"$out")" = 2
check "  ... and the only error is the TCP one" test "$(grep -c 'Error: ' <<<"$out")" = 1

per_hook() {	# per_hook NAME HOOK RULE WANT(error|warning|none) [MESSAGE]
	printf 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook %s priority 0; policy accept;\n\t\t%s\n\t}\n}\n' "$2" "$3" >"$TMPD/h.nft"
	local out rc
	out=$("$CGNFT" compile "$TMPD/h.nft" --emit ir 2>&1 >/dev/null); rc=$?
	case $4 in
	error) [ $rc = 1 ] && grep -qF "Error: ${5:-}" <<<"$out" ;;
	warning) [ $rc = 0 ] && grep -qF "Warning: reject at hook egress runs as drop" <<<"$out" ;;
	esac && { ok "$1"; return; }
	not_ok "$1"; echo "$out" | diag
}
per_hook "ingress: a UDP reject is refused (the peer would get nothing)" ingress \
	"udp dport 53 reject" error "reject cannot be carried out at hook ingress: a cgroup program can only pass or drop, so the peer would get no ICMP error or TCP reset, only silence"
per_hook "ingress: tcp reset is refused" ingress "tcp dport 113 reject with tcp reset" error \
	"reject cannot be carried out at hook ingress"
per_hook "egress: a reject of any protocol may meet TCP: refused" egress "ip daddr 192.0.2.1 reject" error \
	"reject cannot be carried out for TCP at hook egress"
per_hook "egress: ip protocol udp rules TCP out: a warning" egress "ip protocol udp reject" warning
per_hook "egress: meta l4proto icmp rules TCP out: a warning" egress "meta l4proto icmp reject" warning
per_hook "egress: icmpx in a UDP rule: a warning" egress "udp dport 53 reject with icmpx type admin-prohibited" warning
# a chain reached from both hooks: refused for ingress, whatever egress allows
printf 'table cgroup t {\n\tcgroup "x"\n\tchain e {\n\t\ttype filter hook egress priority 0;\n\t\tjump s\n\t}\n\tchain i {\n\t\ttype filter hook ingress priority 0;\n\t\tjump s\n\t}\n\tchain s {\n\t\tudp dport 9 reject\n\t}\n}\n' >"$TMPD/both.nft"
out=$("$CGNFT" compile "$TMPD/both.nft" --emit ir 2>&1 >/dev/null); rc=$?
check "a chain reached from ingress and egress: refused, at the rule, for ingress" \
	bash -c '[ $1 = 1 ] && grep -qF "both.nft:12:15-20: Error: reject cannot be carried out at hook ingress" <<<"$2"' _ "$rc" "$out"
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
# ---- egress UDP reject without the option: what the sending process sees,
# against nft's output chain in a private network namespace ----
cat >"$TMPD/ru.nft" <<EOF
table cgroup ru {
	cgroup "$ROOT"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7210 reject
		udp dport 7211 reject with icmp type host-unreachable
	}
}
EOF
"$CGNFT" delete table rj >/dev/null 2>&1
"$CGNFT" delete table other >/dev/null 2>&1
check "an egress UDP reject applies without --reject-as-drop" "$CGNFT" apply "$TMPD/ru.nft"
# probe ADDR PORT: a connected UDP socket's send(), then its next recv()
PROBE='import errno, socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect((sys.argv[1], int(sys.argv[2])))
s.setblocking(False)
def res(f):
    try:
        f()
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]
print("send=" + res(lambda: s.send(b"x")), end=" ")
time.sleep(0.3)
print("recv=" + res(lambda: s.recv(10)))'
cg_probe() { bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && exec python3 -c '$PROBE' 127.0.0.1 $1"; }
check "cgnft, reject: send() fails with EPERM at once, no error follows" \
	test "$(cg_probe 7210)" = "send=EPERM recv=EAGAIN"
check "cgnft, reject with icmp host-unreachable: the same" \
	test "$(cg_probe 7211)" = "send=EPERM recv=EAGAIN"
check "cgnft, another port: sent, and the kernel's port unreachable arrives" \
	test "$(cg_probe 7212)" = "send=ok recv=ECONNREFUSED"
if unshare --net nft list ruleset >/dev/null 2>&1; then
	sed -e 's/^table cgroup ru {/table inet ru {/' -e "/cgroup \"$ROOT\"/d" \
	    -e 's/hook egress/hook output/' "$TMPD/ru.nft" >"$TMPD/ru-nft.nft"
	nft_res=$(unshare --net bash -c "ip link set lo up && nft -f '$TMPD/ru-nft.nft' &&
		  for p in 7210 7211 7212; do python3 -c '$PROBE' 127.0.0.1 \$p; done" 2>&1)
	check "nft, reject: send() fails with EPERM at once too; then its port unreachable fails recv()" \
		test "$(sed -n 1p <<<"$nft_res")" = "send=EPERM recv=ECONNREFUSED"
	check "nft, reject with icmp host-unreachable: as cgnft (a soft error, not reported)" \
		test "$(sed -n 2p <<<"$nft_res")" = "send=EPERM recv=EAGAIN"
	check "nft, another port: as cgnft" test "$(sed -n 3p <<<"$nft_res")" = "send=ok recv=ECONNREFUSED"
	[ "$(sed -n 1p <<<"$nft_res")" = "send=EPERM recv=ECONNREFUSED" ] || echo "$nft_res" | diag
else
	skip "nft is not usable here: what the sender sees not compared with nft"
fi
check "delete the table" "$CGNFT" delete table ru
done_testing
