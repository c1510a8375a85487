#!/bin/bash
# ct state on ingress, read from the receiving socket (doc/HOOKS.md), judged
# against nft on the same packets: real connections (TCP over IPv4 and IPv6,
# UDP, ping sockets, an ICMP error) inside a private network namespace, from
# a process in the test cgroup.  The same counting rules run in nft's inet
# input chain and in the cgroup's ingress chain; every packet passes both,
# so their counters must agree wherever the documented meaning is nft's, and
# differ exactly as documented elsewhere.
. "$TOP_SRCDIR/tests/lib.sh"

if [ -z "$CT_IN_NETNS" ]; then
	unshare --net true 2>/dev/null || { skip "cannot create a network namespace"; done_testing; exit 0; }
	exec unshare --net env CT_IN_NETNS=1 bash "$0" "$@"
fi
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGM" ] || { skip "cgroup2 is not mounted"; done_testing; exit 0; }
command -v nft >/dev/null || { skip "nft is not installed: no oracle"; done_testing; exit 0; }
CG="cgnft-ct-$$"
mkdir -p "$CGM/$CG"
trap '"$CGNFT" delete table cti >/dev/null 2>&1; rmdir "$CGM/$CG"; rm -rf "$TMPD"' EXIT
ip link set lo up
sysctl -qw net.ipv4.ping_group_range="0 2147483647"

# The counting rules: per flow and direction of receipt, per state.
states="new established related invalid untracked"
{
	for s in $states; do
		echo "tcp dport 7301 ct state $s counter"	# the listener and its child
		echo "tcp sport 7301 ct state $s counter"	# the connecting socket
		echo "tcp dport 7303 ct state $s counter"	# IPv6
		echo "tcp sport 7303 ct state $s counter"
		echo "udp sport 7302 ct state $s counter"	# the connected client
		echo "udp dport 7302 ct state $s counter"	# the unconnected server
		echo "icmp type echo-reply ct state $s counter"
		echo "icmp type echo-request ct state $s counter"
		echo "icmp type destination-unreachable ct state $s counter"
	done
	echo "udp dport 7302 counter"
	echo "icmp type destination-unreachable counter"
	echo "icmp type echo-request counter"
	echo "ct state established,related counter"
	echo "ct state { established, related } counter"
	echo "ct state != established counter"
} >"$TMPD/rules"

{ echo "table inet ctref {"; echo "chain in { type filter hook input priority 0; policy accept;"
  cat "$TMPD/rules"; echo "}"; echo "}"; } >"$TMPD/ref.nft"
{ echo "table cgroup cti {"; echo "cgroup \"$CG\""
  echo "chain in { type filter hook ingress priority 0; policy accept;"
  cat "$TMPD/rules"; echo "}"; echo "}"; } >"$TMPD/cti.nft"

check "nft loads the reference table" nft -f "$TMPD/ref.nft"
out=$("$CGNFT" apply "$TMPD/cti.nft" 2>&1); rc=$?
check "cgnft applies the same rules on ingress" test "$rc" = 0
check "with a warning per rule that reads ct state on ingress" \
	test "$(grep -c 'Warning: ct state on ingress is read from the receiving socket' <<<"$out")" = "$(grep -c 'ct state' "$TMPD/rules")"

python3 "$TOP_SRCDIR/tests/ct/traffic.py" "$CGM/$CG/cgroup.procs" >"$TMPD/traffic" 2>&1
check "the traffic went through (tcp4 tcp6 udp udperr ping)" test "$(grep -c ' ok$' "$TMPD/traffic")" = 5
diag <"$TMPD/traffic"

# packets per rule text, from `nft list` and `cgnft list`
counts() { sed -n 's/^[[:space:]]*\(.*\) counter packets \([0-9]*\) bytes.*/\1|\2/p'; }
nft list table inet ctref | counts >"$TMPD/nft.counts"
"$CGNFT" list table cti | counts >"$TMPD/cgnft.counts"
n() { awk -F'|' -v r="$2" '$1 == r { print $2 }' "$TMPD/$1.counts"; }
same() {	# same RULE: nft and cgnft counted the same packets
	local a b; a=$(n nft "$1"); b=$(n cgnft "$1")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "as nft: $1 ($a)"
	else not_ok "as nft: $1 (nft $a, cgnft $b)"; fi
}
is() {	# is WHO RULE N
	local a; a=$(n "$1" "$2")
	if [ "$a" = "$3" ]; then ok "$1: $2: $3"; else not_ok "$1: $2: $a, expected $3"; fi
}

# TCP: every packet of a connection's life reaches a socket, and the
# socket gives nft's state
for p in 7301 7303; do
	for s in $states; do
		same "tcp dport $p ct state $s"
		same "tcp sport $p ct state $s"
	done
	is nft "tcp dport $p ct state new" 1
done
# UDP: the connected client's receipt is nft's `established`
for s in $states; do same "udp sport 7302 ct state $s"; done
is cgnft "udp sport 7302 ct state established" 1
# the unconnected server: nft says new, new, established; cgnft has no value
is nft "udp dport 7302 ct state new" 2
is nft "udp dport 7302 ct state established" 1
for s in $states; do is cgnft "udp dport 7302 ct state $s" 0; done
same "udp dport 7302"
# ping sockets receive echo replies: established, as nft
for s in $states; do same "icmp type echo-reply ct state $s"; done
is cgnft "icmp type echo-reply ct state established" 2
# the echo requests are answered by the kernel, no socket receives them
is nft "icmp type echo-request" 2
is cgnft "icmp type echo-request" 0
# the ICMP error went to the UDP socket's error handler (ECONNREFUSED
# above), which runs no socket filter: nft's `related` never reaches cgnft
is nft "icmp type destination-unreachable ct state related" 1
is cgnft "icmp type destination-unreachable" 0
# bitmask forms: the totals differ by what the rows above document
tot=$(( $(n cgnft 'tcp dport 7301 ct state established') + $(n cgnft 'tcp sport 7301 ct state established') +
	$(n cgnft 'tcp dport 7303 ct state established') + $(n cgnft 'tcp sport 7303 ct state established') + 3 ))
is cgnft "ct state established,related" "$tot"
is cgnft "ct state { established, related }" "$tot"
is cgnft "ct state != established" 2
diag <"$TMPD/nft.counts"

# ---- verdicts: a typical input chain, enforced ----
"$CGNFT" delete table cti >/dev/null 2>&1
cat >"$TMPD/fw.nft" <<EOF
table cgroup cti {
	cgroup "$CG"
	chain in {
		type filter hook ingress priority 0; policy drop;
		ct state invalid drop
		ct state established,related accept
		tcp dport 7301 accept
		udp dport 7302 accept
	}
}
EOF
check "apply a policy-drop input chain" "$CGNFT" apply "$TMPD/fw.nft"
python3 "$TOP_SRCDIR/tests/ct/traffic.py" "$CGM/$CG/cgroup.procs" tcp4 udp ping >"$TMPD/fw.out" 2>&1
check "tcp to the allowed port, udp (the server's port allowed) and ping work" \
	test "$(grep -c ' ok$' "$TMPD/fw.out")" = 3
diag <"$TMPD/fw.out"
python3 "$TOP_SRCDIR/tests/ct/traffic.py" "$CGM/$CG/cgroup.procs" tcp6 >"$TMPD/fw6.out" 2>&1
check "tcp to a port not allowed: the SYN is new and dropped, connect fails" \
	grep -qx "tcp6 FAILED" "$TMPD/fw6.out"
diag <"$TMPD/fw6.out"
done_testing
