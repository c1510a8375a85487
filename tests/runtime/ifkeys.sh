#!/bin/bash
# meta iiftype/oiftype, iifgroup/oifgroup, iifkind/oifkind from the kernel's
# struct net_device, with nft as the oracle: the same rules in an nft inet
# table (input/output) and in a cgnft table (ingress/egress) of one network
# namespace count the same packets.  Two veth pairs in groups 5 and 7 and
# loopback (type loopback, group 0, no link kind); every rule only counts.
# On the other hook nft has no device: the type and kind do not match and
# the group reads 0, and so in cgnft.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v nft >/dev/null || ! command -v python3 >/dev/null; then
	skip "needs cgroup2, nft and python3"; done_testing; exit 0
fi
ID=$$
N=cgnft-ikn-$ID P1=cgnft-ikp1-$ID P2=cgnft-ikp2-$ID CG=cgnft-ik-$ID
cleanup() {
	nsenter --net=/run/netns/$N "$CGNFT" delete table ikx >/dev/null 2>&1
	for ns in $N $P1 $P2; do ip netns del $ns 2>/dev/null; done
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
# only the network namespace: `ip netns exec` would remount /sys and hide
# the cgroup2 mount
in_n() { nsenter --net=/run/netns/$N "$@"; }

ip netns add $N && ip netns add $P1 && ip netns add $P2 &&
	ip -n $N link add ethA0 type veth peer name p1 netns $P1 &&
	ip -n $N link add wlB1garbage type veth peer name p2 netns $P2 &&
	ip -n $N link set wlB1garbage name wlB1 &&
	ip -n $N addr add 10.77.1.1/24 brd + dev ethA0 && ip -n $P1 addr add 10.77.1.2/24 brd + dev p1 &&
	ip -n $N addr add 10.77.2.1/24 dev wlB1 && ip -n $P2 addr add 10.77.2.2/24 dev p2 &&
	for ns in $N $P1 $P2; do ip -n $ns link set lo up; done &&
	ip -n $N link set ethA0 group 5 && ip -n $N link set wlB1 group 7 &&
	ip -n $N link set ethA0 up && ip -n $N link set wlB1 up &&
	ip -n $P1 link set p1 up && ip -n $P2 link set p2 up
check "namespace with veth ethA0 (group 5), wlB1 (group 7) and lo" test $? = 0
mkdir -p "$CGM/$CG"

RULES='udp dport 5000-5999 counter
		udp dport 5000-5999 iiftype ether counter
		udp dport 5000-5999 meta iiftype loopback counter
		udp dport 5000-5999 iiftype != ether counter
		udp dport 5000-5999 meta iiftype { loopback, ppp } counter
		udp dport 5000-5999 iifgroup 5 counter
		udp dport 5000-5999 meta iifgroup default counter
		udp dport 5000-5999 iifgroup != 7 counter
		udp dport 5000-5999 iifgroup 1-7 counter
		udp dport 5000-5999 meta iifkind "veth" counter
		udp dport 5000-5999 meta iifkind != "veth" counter
		udp dport 5000-5999 meta iifkind { "bridge", "ve*" } counter
		udp dport 5000-5999 oiftype ether counter
		udp dport 5000-5999 meta oiftype != loopback counter
		udp dport 5000-5999 oifgroup 5 counter
		udp dport 5000-5999 meta oifgroup 0 counter
		udp dport 5000-5999 oifgroup { 5, 7 } counter
		udp dport 5000-5999 meta oifkind "veth" counter
		udp dport 5000-5999 meta oifkind != "veth" counter
		udp dport 5000-5999 meta oifkind "v*" counter
		iiftype . udp dport { loopback . 5001, ether . 5004 } counter'
cat > "$TMPD/oracle.nft" <<NFT
table inet ikx {
	chain in {
		type filter hook input priority 0; policy accept;
		$RULES
	}
	chain out {
		type filter hook output priority 0; policy accept;
		$RULES
	}
}
NFT
cat > "$TMPD/ikx.nft" <<NFT
table cgroup ikx {
	cgroup "$CG"
	chain in {
		type filter hook ingress priority 0; policy accept;
		$RULES
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		$RULES
	}
}
NFT
check "nft loads the oracle table" in_n nft -f "$TMPD/oracle.nft"
check "cgnft applies the same rules" in_n "$CGNFT" apply "$TMPD/ikx.nft"

# a listener in the cgroup, in the namespace: five datagrams (lo v4 and v6,
# one over each veth, a broadcast over ethA0), then it exits
cat > "$TMPD/listen.py" <<'PY'
import socket, sys
socks = []
for fam, addr, port in ((socket.AF_INET, "0.0.0.0", 5001), (socket.AF_INET6, "::1", 5007),
                        (socket.AF_INET, "0.0.0.0", 5004), (socket.AF_INET, "0.0.0.0", 5005)):
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, port))
    socks.append(s)
open(sys.argv[1], "w").close()
for s in socks + socks[2:3]:
    s.recv(100)
print("got 5")
PY
cat > "$TMPD/send.py" <<'PY'
import os, socket, sys
if len(sys.argv) > 3:
    os.setgid(int(sys.argv[2]))      # the socket's file gets this fsgid
    os.setuid(int(sys.argv[3]))      # and fsuid
for dst in sys.argv[1].split(","):
    host, port = dst.rsplit(":", 1)
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.sendto(b"x", (host, int(port)))
PY
in_cg() { echo $BASHPID > "$CGM/$CG/cgroup.procs" && exec "$@"; }
(in_cg nsenter --net=/run/netns/$N timeout 20 python3 "$TMPD/listen.py" "$TMPD/ready" > "$TMPD/got") &
lpid=$!
# wait until it listens (not a timed assertion: the checks come after)
for _ in $(seq 400); do [ -e "$TMPD/ready" ] && break; sleep 0.05; done
(in_cg nsenter --net=/run/netns/$N python3 "$TMPD/send.py" \
	"127.0.0.1:5001,::1:5007,10.77.1.2:5002,10.77.2.2:5003" 4242 4343)
check "sends from the cgroup succeed" test $? = 0
ip netns exec $P1 python3 "$TMPD/send.py" 10.77.1.1:5004,10.77.1.255:5004
ip netns exec $P2 python3 "$TMPD/send.py" 10.77.2.1:5005
wait $lpid
check "the listener in the cgroup got its five datagrams" grep -qx "got 5" "$TMPD/got"

# counters, chain by chain, in rule order: "chain index packets bytes"
counts() {
	awk '/chain in/ { c = "in" } /chain out/ { c = "out" }
	     /counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print c, ++n[c], $(i + 1), $(i + 3) }'
}
in_n nft list table inet ikx | counts > "$TMPD/nft.counts"
"$CGNFT" list table ikx | counts > "$TMPD/cgnft.counts"
check "every rule counted the same packets and bytes as nft" \
	diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts"
diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts" | diag
# the oracle's own numbers, so that an empty run cannot pass
expect() { check "nft's $1 rule $2: $3 packets" grep -q "^$1 $2 $3 " "$TMPD/nft.counts"; }
expect in 1 5; expect in 2 3; expect in 3 2; expect in 4 2; expect in 5 2
expect in 6 2; expect in 7 2; expect in 8 4; expect in 9 3; expect in 10 3
expect in 11 0; expect in 12 3; expect in 13 0; expect in 16 0; expect in 21 3
expect out 1 4; expect out 2 0; expect out 7 0; expect out 8 0; expect out 13 2
expect out 14 2; expect out 15 1; expect out 16 2; expect out 17 2; expect out 18 2
expect out 19 0; expect out 20 2; expect out 21 0
done_testing
