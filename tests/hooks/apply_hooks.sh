#!/bin/bash
# sysctl and sock_create rules through `cgnft apply`, judged by real
# syscalls from a process inside the cgroup (in its own network namespace,
# so the per-netns knobs it writes are its own and vanish with it).
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGM" ] || { skip "cgroup2 is not mounted"; done_testing; exit 0; }
CG="cgnft-hooks-$$"
mkdir -p "$CGM/$CG"
trap '"$CGNFT" delete table hk >/dev/null 2>&1; rmdir "$CGM/$CG"; rm -rf "$TMPD"' EXIT

cat > "$TMPD/hooks.nft" <<EOF
table cgroup hk {
	cgroup "$CG"
	chain knobs {
		type filter hook sysctl priority 0; policy accept;
		sysctl write sysctl name "net/ipv4/ip_forward" counter drop
		sysctl write sysctl name "net/ipv4/conf/*/forwarding" drop
		sysctl write sysctl name "net/ipv4/tcp_fin_timeout" sysctl value > 60 sysctl value set "60" accept
		sysctl read sysctl base name "tcp_syncookies" drop
		sysctl write sysctl name { "net/ipv4/tcp_keepalive_time", "net/ipv4/tcp_keepalive_probes" } sysctl current value != 0-10 drop
	}
	chain sockets {
		type filter hook sock_create priority 0; policy accept;
		socket type raw drop
		socket family inet6 socket protocol udp drop
	}
}
EOF
check "apply sysctl and sock_create chains" "$CGNFT" apply "$TMPD/hooks.nft"

# in_cgroup CMD: run CMD in a new netns, inside the cgroup
in_cgroup() { unshare -n bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs'; $1" 2>&1; }
w() { echo "{ echo $2 > /proc/sys/$1; } 2>/dev/null && echo ok || echo denied"; }

check "write to net/ipv4/ip_forward is denied (EPERM)" test "$(in_cgroup "$(w net/ipv4/ip_forward 1)")" = denied
check "read of net/ipv4/ip_forward is allowed" test "$(in_cgroup 'cat /proc/sys/net/ipv4/ip_forward')" = 0
check "glob: write to net/ipv4/conf/lo/forwarding is denied" test "$(in_cgroup "$(w net/ipv4/conf/lo/forwarding 1)")" = denied
check "glob: write to net/ipv4/conf/lo/rp_filter is allowed" test "$(in_cgroup "$(w net/ipv4/conf/lo/rp_filter 1)")" = ok
check "rewrite: writing 100 to tcp_fin_timeout stores 60" test "$(in_cgroup "$(w net/ipv4/tcp_fin_timeout 100); cat /proc/sys/net/ipv4/tcp_fin_timeout" | tr '\n' ' ')" = "ok 60 "
check "rewrite: writing 30 (not > 60) stores 30" test "$(in_cgroup "$(w net/ipv4/tcp_fin_timeout 30); cat /proc/sys/net/ipv4/tcp_fin_timeout" | tr '\n' ' ')" = "ok 30 "
check "base name: reading tcp_syncookies is denied" test "$(in_cgroup 'cat /proc/sys/net/ipv4/tcp_syncookies >/dev/null 2>&1 && echo ok || echo denied')" = denied
check "string set + current value: tcp_keepalive_probes (current 9, in 0-10) can be written" test "$(in_cgroup "$(w net/ipv4/tcp_keepalive_probes 5)")" = ok
check "string set + current value: tcp_keepalive_time (current 7200) cannot" test "$(in_cgroup "$(w net/ipv4/tcp_keepalive_time 100)")" = denied
check "a process outside the cgroup is not filtered" test "$(unshare -n bash -c "$(w net/ipv4/ip_forward 1)")" = ok
check "the sysctl counter counted the denied write" grep -q 'ip_forward" counter packets 1 ' <<<"$("$CGNFT" list table hk)"

sock() {	# sock FAMILY TYPE PROTO -> ok | EPERM
	in_cgroup "python3 -c 'import socket,sys
try:
    socket.socket(socket.$1, socket.$2, $3); print(\"ok\")
except PermissionError: print(\"EPERM\")'"
}
check "socket(AF_INET, SOCK_RAW, ICMP) gets EPERM" test "$(sock AF_INET SOCK_RAW 1)" = EPERM
check "socket(AF_INET6, SOCK_RAW, ICMPV6) gets EPERM" test "$(sock AF_INET6 SOCK_RAW 58)" = EPERM
check "socket(AF_INET6, SOCK_DGRAM, 0) gets EPERM (udp)" test "$(sock AF_INET6 SOCK_DGRAM 0)" = EPERM
check "socket(AF_INET, SOCK_DGRAM, 0) is allowed" test "$(sock AF_INET SOCK_DGRAM 0)" = ok
check "socket(AF_INET6, SOCK_STREAM, 0) is allowed" test "$(sock AF_INET6 SOCK_STREAM 0)" = ok
check "socket(AF_INET, SOCK_STREAM, 0) is allowed" test "$(sock AF_INET SOCK_STREAM 0)" = ok
check "socket(AF_UNIX, SOCK_DGRAM) never reaches the inet hook: allowed" test "$(sock AF_UNIX SOCK_DGRAM 0)" = ok
check "check accepts the file (verifier)" "$CGNFT" check "$TMPD/hooks.nft"
done_testing
