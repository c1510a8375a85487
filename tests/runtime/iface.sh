#!/bin/bash
# Interfaces and the socket's group from the kernel's structs, with nft as
# the oracle: the same rules in an nft inet table (input/output) and in a
# cgnft table (ingress/egress) of one network namespace count the same
# packets.  The namespace has two veth pairs with different names (ethA0,
# wlB1) and loopback; every rule only counts, so both see every packet.
# wlB1 was renamed from a longer name: the kernel keeps the old bytes after
# the new name's NUL, which nft's strncpy drops, and so must cgnft.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v nft >/dev/null || ! command -v python3 >/dev/null; then
	skip "needs cgroup2, nft and python3"; done_testing; exit 0
fi
ID=$$
N=cgnft-ifn-$ID P1=cgnft-ifp1-$ID P2=cgnft-ifp2-$ID CG=cgnft-if-$ID
cleanup() {
	nsenter --net=/run/netns/$N "$CGNFT" delete table ifx >/dev/null 2>&1
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
	ip -n $N link set ethA0 up && ip -n $N link set wlB1 up &&
	ip -n $P1 link set p1 up && ip -n $P2 link set p2 up
check "namespace with veth ethA0, wlB1 and lo" test $? = 0
mkdir -p "$CGM/$CG"

RULES='udp dport 5000-5999 counter
		udp dport 5000-5999 iifname "lo" counter
		udp dport 5000-5999 meta iifname "eth*" counter
		udp dport 5000-5999 iifname != "eth*" counter
		udp dport 5000-5999 iifname { "lo", "wl*" } counter
		udp dport 5000-5999 iifname "ethA0" counter
		udp dport 5000-5999 iif "ethA0" counter
		udp dport 5000-5999 iif != "lo" counter
		udp dport 5000-5999 meta iif "wlB1" counter
		udp dport 5000-5999 oifname "lo" counter
		udp dport 5000-5999 oifname "eth*" counter
		udp dport 5000-5999 oifname != "wl*" counter
		udp dport 5000-5999 meta oifname { "ethA0", "lo" } counter
		udp dport 5000-5999 oif "wlB1" counter
		udp dport 5000-5999 oif != "ethA0" counter
		udp dport 5000-5999 meta skgid 4242 counter
		udp dport 5000-5999 meta pkttype host counter
		udp dport 5000-5999 meta skuid 4343 counter
		udp dport 5000-5999 meta pkttype broadcast counter
		iifname . udp dport { "lo" . 5001, "eth*" . 5004 } counter
		oifname { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "eth*", "lo" } udp dport 5000-5999 counter'
# output only: at input nft has no socket for these packets (a cgroup
# ingress program always has one, see doc/HOOKS.md)
OUT_RULES='udp dport 5000-5999 meta cgroup 0 counter
		udp dport 5000-5999 meta cgroup 0x100001 counter'
cat > "$TMPD/oracle.nft" <<NFT
table inet ifx {
	chain in {
		type filter hook input priority 0; policy accept;
		$RULES
	}
	chain out {
		type filter hook output priority 0; policy accept;
		$RULES
		$OUT_RULES
	}
}
NFT
cat > "$TMPD/ifx.nft" <<NFT
table cgroup ifx {
	cgroup "$CG"
	chain in {
		type filter hook ingress priority 0; policy accept;
		$RULES
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		$RULES
		$OUT_RULES
	}
}
NFT
check "nft loads the oracle table" in_n nft -f "$TMPD/oracle.nft"
check "cgnft applies the same rules, interfaces resolved in the namespace" \
	in_n "$CGNFT" apply "$TMPD/ifx.nft"
out=$("$CGNFT" apply "$TMPD/ifx.nft" 2>&1)
check "outside the namespace ethA0 does not exist: nft's message" \
	grep -q 'ifx.nft:[0-9]*: Error: Interface does not exist: "ethA0"' <<<"$out"

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
in_n nft list table inet ifx | counts > "$TMPD/nft.counts"
"$CGNFT" list table ifx | counts > "$TMPD/cgnft.counts"
check "every rule counted the same packets and bytes as nft" \
	diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts"
diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts" | diag
# .BTF.ext lists only the sections with kernel loads: a program without
# any next to one with them (libbpf refuses an empty entry)
printf 'table cgroup two {\n\tcgroup "x"\n\tchain i { type filter hook ingress priority 0; }\n\tchain o {\n\t\ttype filter hook egress priority 0;\n\t\tmeta skuid != 7 accept\n\t}\n}\n' > "$TMPD/two.nft"
check "one program with kernel loads, one without: it loads" "$CGNFT" check "$TMPD/two.nft"
# nft's skgid and cgroup matches import as they are
printf 'table inet imp {\n\tchain o {\n\t\ttype filter hook output priority 0;\n\t\tmeta skgid 4242 accept\n\t\tmeta cgroup 7 drop\n\t}\n}\n' |
	in_n nft -f -
imp=$(in_n "$CGNFT" import inet imp o --cgroup x 2>&1)
check "import: meta skgid and meta cgroup" \
	grep -qz 'meta skgid 4242 accept.*meta cgroup 7 drop' <<<"$imp"
# the oracle's own numbers, so that an empty run cannot pass
expect() { check "nft's $1 rule $2: $3 packets" grep -q "^$1 $2 $3 " "$TMPD/nft.counts"; }
expect in 1 5; expect in 2 2; expect in 3 2; expect in 4 3; expect in 5 3
expect in 6 2; expect in 7 2; expect in 8 3; expect in 9 1; expect in 10 0
expect in 16 0; expect in 17 4; expect in 18 0; expect in 19 1; expect in 20 3; expect in 21 0
expect out 1 4; expect out 2 0; expect out 10 2; expect out 11 1; expect out 12 3
expect out 13 3; expect out 14 1; expect out 15 3; expect out 16 4; expect out 18 4
expect out 19 0; expect out 20 0; expect out 21 3; expect out 22 4; expect out 23 0
done_testing
