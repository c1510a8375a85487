#!/bin/bash
# ct on egress reads the packet's conntrack entry as nft does (doc/HOOKS.md):
# the same counting rules in nft's inet output chain and in the cgroup's
# egress chain, on the same real connections (tests/ct/traffic.py) in a
# private network namespace, must count the same packets.  `cgnft apply`
# turns connection tracking on by itself (table inet cgnft_conntrack).
. "$TOP_SRCDIR/tests/lib.sh"

if [ -z "$CT_IN_NETNS" ]; then
	unshare --net true 2>/dev/null || { skip "cannot create a network namespace"; done_testing; exit 0; }
	exec unshare --net env CT_IN_NETNS=1 bash "$0" "$@"
fi
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGM" ] || { skip "cgroup2 is not mounted"; done_testing; exit 0; }
command -v nft >/dev/null || { skip "nft is not installed: no oracle"; done_testing; exit 0; }
CG="cgnft-cte-$$"
mkdir -p "$CGM/$CG"
trap '"$CGNFT" delete table cte >/dev/null 2>&1; rmdir "$CGM/$CG"; rm -rf "$TMPD"' EXIT
ip link set lo up
sysctl -qw net.ipv4.ping_group_range="0 2147483647"

states="new established related invalid untracked"
{
	for s in $states; do
		for f in "tcp dport 7301" "tcp sport 7301" "tcp dport 7303" "tcp sport 7303" \
			 "udp dport 7302" "udp sport 7302" "udp dport 7304" "icmp type echo-request"; do
			echo "$f ct state $s counter"
		done
	done
	for d in original reply; do
		for f in "tcp dport 7301" "tcp sport 7301" "udp dport 7302" "udp sport 7302"; do
			echo "$f ct direction $d counter"
		done
	done
	for st in seen-reply assured expected snat dnat dying; do
		echo "tcp dport 7301 ct status $st counter"
		echo "udp sport 7302 ct status $st counter"
	done
	# as nft lists them; packets of the cgroup's sockets only (nft's
	# output chain also sees the kernel's echo replies and ICMP errors)
	echo "ct mark 0x00000042 counter"
	echo "ct mark != 0x00000042 tcp sport 7303 counter"
	echo "ct mark > 0x00000041 counter"
	echo "meta l4proto { tcp, udp } ct state established,related counter"
	echo "meta l4proto { tcp, udp } ct state { established, new } counter"
	echo "meta l4proto { tcp, udp } ct direction . ct state { reply . established } counter"
} >"$TMPD/rules"
cp "$TMPD/rules" "$TMPD/all"
echo "tcp dport 7301 ct status confirmed counter" >>"$TMPD/all"
cat >"$TMPD/cte.nft" <<EOF
table cgroup cte {
	cgroup "$CG"
	chain in {	# a program without kernel struct reads beside one with them
		type filter hook ingress priority 0; policy accept;
		udp dport 9 drop
	}
	chain out {
		type filter hook egress priority 0; policy accept;
$(cat "$TMPD/all")
	}
}
EOF
check "no conntrack user in the namespace before apply" bash -c "! nft list table inet cgnft_conntrack >/dev/null 2>&1"
out=$("$CGNFT" apply "$TMPD/cte.nft" 2>&1); rc=$?
check "cgnft applies ct rules on egress, without warnings" test "$rc" = 0 -a -z "$out"
echo "$out" | diag
check "apply turned connection tracking on: table inet cgnft_conntrack" \
	grep -q "ct state untracked" <<<"$(nft list table inet cgnft_conntrack 2>&1)"
check "applying again keeps one rule in it" test "$("$CGNFT" apply "$TMPD/cte.nft" >/dev/null 2>&1;
	nft list table inet cgnft_conntrack | grep -c 'ct state untracked')" = 1

# the reference: the same rules in nft's output chain, after a rule that
# sets the ct mark of the IPv6 connection's packets
cat >"$TMPD/ref.nft" <<EOF
table inet ctref {
	chain out {
		type filter hook output priority 0; policy accept;
		tcp dport 7303 ct mark set 0x42
$(cat "$TMPD/all")
	}
}
EOF
check "nft loads the reference table" nft -f "$TMPD/ref.nft"

python3 "$TOP_SRCDIR/tests/ct/traffic.py" "$CGM/$CG/cgroup.procs" >"$TMPD/traffic" 2>&1
check "the traffic went through (tcp4 tcp6 udp udperr ping)" test "$(grep -c ' ok$' "$TMPD/traffic")" = 5
diag <"$TMPD/traffic"

counts() { sed -n 's/^[[:space:]]*\(.*\) counter packets \([0-9]*\) bytes.*/\1|\2/p'; }
nft list table inet ctref | counts >"$TMPD/nft.counts"
"$CGNFT" list table cte | counts >"$TMPD/cgnft.counts"
n() { awk -F'|' -v r="$2" '$1 == r { print $2 }' "$TMPD/$1.counts"; }
nonzero=0
while IFS= read -r rule; do
	rule=${rule% counter}
	a=$(n nft "$rule"); b=$(n cgnft "$rule")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "as nft: $rule ($a)"
	else not_ok "as nft: $rule (nft $a, cgnft $b)"; fi
	[ "${a:-0}" -gt 0 ] && nonzero=$((nonzero + 1))
done <"$TMPD/rules"
check "the comparison is not vacuous: many rows counted packets" test "$nonzero" -ge 20
# the one documented difference: the cgroup program runs after netfilter's
# POSTROUTING, where conntrack confirms a new entry, so the first packet of
# a connection is already `confirmed` there and not yet in nft's output chain
check "ct status confirmed: nft's output chain misses the first packet (5 of 6)" \
	test "$(n nft 'tcp dport 7301 ct status confirmed')" = 5
check "ct status confirmed: the egress program sees all 6" \
	test "$(n cgnft 'tcp dport 7301 ct status confirmed')" = 6
diag <"$TMPD/cgnft.counts"
done_testing
