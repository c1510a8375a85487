#!/bin/bash
# The other ct keys on egress (ct l3proto, protocol, [DIR] saddr/daddr,
# proto-src/proto-dst, zone, expiration, bytes, packets, avgpkt, label): the same
# counting rules in nft's inet output chain and in the cgroup's egress chain,
# on the same real connections (tests/ct/traffic.py) in a private network
# namespace with conntrack accounting on, two zones and two labels set by
# nft, must
# count the same packets; then a drop by ct original proto-dst stops exactly
# the connection it names.
. "$TOP_SRCDIR/tests/lib.sh"

if [ -z "$CT_IN_NETNS" ]; then
	unshare --net true 2>/dev/null || { skip "cannot create a network namespace"; done_testing; exit 0; }
	exec unshare --net env CT_IN_NETNS=1 bash "$0" "$@"
fi
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGM" ] || { skip "cgroup2 is not mounted"; done_testing; exit 0; }
command -v nft >/dev/null || { skip "nft is not installed: no oracle"; done_testing; exit 0; }
CG="cgnft-ctk-$$"
mkdir -p "$CGM/$CG"
trap '"$CGNFT" delete table ctk >/dev/null 2>&1; rmdir "$CGM/$CG"; rm -rf "$TMPD"' EXIT
ip link set lo up
sysctl -qw net.ipv4.ping_group_range="0 2147483647"

cat >"$TMPD/rules" <<'EOF'
ct l3proto ipv4 counter
ct l3proto ipv6 counter
ct original l3proto ipv4 counter
ct protocol tcp counter
ct protocol udp counter
ct protocol icmp counter
ct reply protocol tcp counter
ct original ip daddr 127.0.0.1 counter
ct reply ip saddr 127.0.0.1 counter
ct original ip daddr 10.0.0.2 counter
ct original ip6 daddr ::1 counter
ct reply ip6 daddr ::1 counter
ct original ip6 saddr ::2 counter
ct original ip daddr 127.0.0.0/8 counter
meta nfproto ipv4 ct original saddr 127.0.0.1 counter
meta nfproto ipv6 ct reply saddr ::1 counter
ct l3proto ipv6 ct original daddr ::1 counter
tcp dport 7301 ct original proto-dst 7301 counter
tcp sport 7301 ct reply proto-src 7301 counter
meta l4proto tcp ct original proto-dst 7303 counter
meta l4proto tcp ct reply proto-dst 7303 counter
udp sport 7302 ct original proto-dst 7302 counter
meta l4proto udp ct reply proto-dst != 7302 counter
meta l4proto udp ct original proto-src 1024-65535 counter
ct zone 3 counter
ct original zone 3 counter
ct reply zone 3 counter
ct zone 5 counter
ct original zone 5 counter
ct reply zone 5 counter
ct zone 0 counter
ct expiration < 1d counter
ct expiration > 1s counter
ct expiration > 10d counter
ct bytes > 0 counter
ct bytes > 300 counter
ct original packets > 2 counter
ct reply packets 1 counter
ct reply bytes > 100 counter
ct original bytes < 100 counter
ct avgpkt > 60 counter
ct avgpkt 0 counter
ct reply avgpkt > 60 counter
meta l4proto tcp ct packets 1-3 counter
ct label 3 counter
ct label 100 counter
ct label 3,4 counter
ct label 99,100 counter
ct label == 3 counter
ct label != 3 counter
ct label == 0 counter
EOF
# nft's output chain also sees what the kernel sends for the cgroup's
# sockets (echo replies, the port-unreachable error); a cgroup does not
skipkernel="icmp type { echo-reply, destination-unreachable } accept"
cat >"$TMPD/ctk.nft" <<EOF
table cgroup ctk {
	cgroup "$CG"
	chain out {
		type filter hook egress priority 0; policy accept;
		$skipkernel
$(cat "$TMPD/rules")
	}
}
EOF
out=$("$CGNFT" apply "$TMPD/ctk.nft" 2>&1); rc=$?
check "cgnft applies the other ct keys on egress, without warnings" test "$rc" = 0 -a -z "$out"
echo "$out" | diag
check "conntrack accounting on (the key of ct bytes, packets, avgpkt)" \
	sysctl -qw net.netfilter.nf_conntrack_acct=1

# the reference: the same rules in nft's output chain; zones for TCP to
# 7301 (both directions) and UDP to 7302 (original only) before conntrack
cat >"$TMPD/ref.nft" <<EOF
table inet ctref {
	chain raw {
		type filter hook output priority -300; policy accept;
		tcp dport 7301 ct zone set 3
		tcp sport 7301 ct zone set 3
		udp dport 7302 ct original zone set 5
	}
	chain labels {
		type filter hook output priority -150; policy accept;
		tcp dport 7301 ct label set 3
		udp dport 7302 ct label set 100
	}
	chain out {
		type filter hook output priority 0; policy accept;
		$skipkernel
$(cat "$TMPD/rules")
	}
}
EOF
check "nft loads the reference table" nft -f "$TMPD/ref.nft"

python3 "$TOP_SRCDIR/tests/ct/traffic.py" "$CGM/$CG/cgroup.procs" >"$TMPD/traffic" 2>&1
check "the traffic went through (tcp4 tcp6 udp udperr ping)" test "$(grep -c ' ok$' "$TMPD/traffic")" = 5
diag <"$TMPD/traffic"

# the counts in rule order (nft lists some rules in another spelling)
counts() { sed -n 's/.* counter packets \([0-9]*\) bytes.*/\1/p'; }
nft list chain inet ctref out | counts >"$TMPD/nft.counts"
"$CGNFT" list table ctk | counts >"$TMPD/cgnft.counts"
n() { sed -n "$2p" "$TMPD/$1.counts"; }
nonzero=0 zero=0 i=0
while IFS= read -r rule; do
	rule=${rule% counter}
	i=$((i + 1))
	a=$(n nft $i); b=$(n cgnft $i)
	if [ "$rule" = "ct expiration > 1s" ]; then
		# the one documented difference (doc/HOOKS.md): nft's output
		# chain runs before conntrack confirms a new entry, whose
		# timeout is then still relative, so the first packet of each
		# of the 5 connections has ct expiration 0 there
		if [ -n "$a" ] && [ "$((b - a))" = 5 ]; then
			ok "ct expiration > 1s: the egress program also counts the 5 first packets ($a + 5)"
		else not_ok "ct expiration > 1s: nft $a + 5 first packets, cgnft $b"; fi
		continue
	fi
	if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "as nft: $rule ($a)"
	else not_ok "as nft: $rule (nft $a, cgnft $b)"; fi
	if [ "${a:-0}" -gt 0 ]; then nonzero=$((nonzero + 1)); else zero=$((zero + 1)); fi
done <"$TMPD/rules"
check "the comparison is not vacuous: most rows counted packets, some none" \
	test "$nonzero" -ge 30 -a "$zero" -ge 3
check "the rules are the same in number" test "$(wc -l <"$TMPD/nft.counts")" = "$(wc -l <"$TMPD/cgnft.counts")"

# a verdict: drop what conntrack says goes to UDP port 7302
nft delete table inet ctref
cat >"$TMPD/drop.nft" <<EOF
table cgroup ctk {
	cgroup "$CG"
	chain out {
		type filter hook egress priority 0; policy accept;
		meta l4proto udp ct original proto-dst 7302 drop
	}
}
EOF
check "cgnft applies a drop by ct original proto-dst" "$CGNFT" apply "$TMPD/drop.nft"
python3 "$TOP_SRCDIR/tests/ct/traffic.py" "$CGM/$CG/cgroup.procs" tcp4 udp udperr >"$TMPD/traffic2" 2>&1
check "ct original proto-dst 7302 drop: the UDP exchange with port 7302 fails" \
	grep -qx "udp FAILED" "$TMPD/traffic2"
check "... and only it: TCP and UDP to another port go through" \
	test "$(grep -c ' ok$' "$TMPD/traffic2")" = 2
diag <"$TMPD/traffic2"
done_testing
