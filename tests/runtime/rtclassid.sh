#!/bin/bash
# meta rtclassid and rt classid (issue 13): the route's realms
# (dst_entry.tclassid), with nft as the oracle: the same rules in an nft
# inet table (input/output) and in a cgnft table (ingress/egress) of one
# network namespace count the same packets.  A veth pair to a peer
# namespace with realm routes: 10.66.1.0/24 realm 7, 10.66.2.0/24 realm
# 3/9 (from 3 to 9); a process in the cgroup sends UDP to the peer and
# over lo, and receives the peer's datagrams (input routes carry the
# source's realm too).
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v nft >/dev/null || ! command -v python3 >/dev/null; then
	skip "needs cgroup2, nft and python3"; done_testing; exit 0
fi
ID=$$
N=cgnft-rtc-$ID P=cgnft-rtp-$ID CG=cgnft-rtc-$ID
cleanup() {
	nsenter --net=/run/netns/$N "$CGNFT" delete table rtx >/dev/null 2>&1
	for ns in $N $P; do ip netns del $ns 2>/dev/null; done
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
in_n() { nsenter --net=/run/netns/$N "$@"; }

ip netns add $N && ip netns add $P &&
	ip -n $N link add v0 type veth peer name v1 netns $P &&
	ip -n $N addr add 10.66.0.1/24 dev v0 && ip -n $P addr add 10.66.0.2/24 dev v1 &&
	ip -n $P addr add 10.66.1.2/32 dev v1 && ip -n $P addr add 10.66.2.2/32 dev v1 &&
	for ns in $N $P; do ip -n $ns link set lo up; done &&
	ip -n $N link set v0 up && ip -n $P link set v1 up &&
	ip -n $N route add 10.66.1.0/24 via 10.66.0.2 dev v0 realm 7 &&
	ip -n $N route add 10.66.2.0/24 via 10.66.0.2 dev v0 realms 3/9 &&
	ip -n $P route add 10.66.0.0/16 dev v1
check "namespaces, veth and realm routes" test $? = 0
mkdir -p "$CGM/$CG"

RULES='udp dport 8000-8003 counter
		udp dport 8000-8003 meta rtclassid 7 counter
		udp dport 8000-8003 rtclassid 0 counter
		udp dport 8000-8003 rt classid != 0 counter
		udp dport 8000-8003 rt ip classid { 7, 0x30009 } counter
		udp dport 8000-8003 meta rtclassid 0x30009 counter
		udp dport 8000-8003 meta rtclassid & 0xffff 7 counter
		udp dport 8000-8003 meta rtclassid >= 0x10000 counter'
printf 'table inet rtx {\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;\n\t\t%s\n\t}\n\tchain out {\n\t\ttype filter hook output priority 0; policy accept;\n\t\t%s\n\t}\n}\n' \
	"$RULES" "$RULES" > "$TMPD/oracle.nft"
printf 'table cgroup rtx {\n\tcgroup "%s"\n\tchain in {\n\t\ttype filter hook ingress priority 0; policy accept;\n\t\t%s\n\t}\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;\n\t\t%s\n\t}\n}\n' \
	"$CG" "$RULES" "$RULES" > "$TMPD/rtx.nft"
check "nft loads the oracle table" in_n nft -f "$TMPD/oracle.nft"
check "cgnft applies the same rules" in_n "$CGNFT" apply "$TMPD/rtx.nft"

cat > "$TMPD/listen.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 8000))
s.settimeout(20)
open(sys.argv[1], "w").close()
n = 0
while n < 4:
    s.recv(100)
    n += 1
print("got", n)
PY
cat > "$TMPD/send.py" <<'PY'
import socket, sys
for dst in sys.argv[1].split(","):
    host, port = dst.rsplit(":", 1)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if len(sys.argv) > 2:
        s.bind((sys.argv[2], 0))
    s.sendto(b"x", (host, int(port)))
PY
in_cg() { echo $BASHPID > "$CGM/$CG/cgroup.procs" && exec "$@"; }
(in_cg nsenter --net=/run/netns/$N timeout 30 python3 "$TMPD/listen.py" "$TMPD/ready" > "$TMPD/got") &
lpid=$!
for _ in $(seq 400); do [ -e "$TMPD/ready" ] && break; sleep 0.05; done
(in_cg nsenter --net=/run/netns/$N python3 "$TMPD/send.py" \
	"10.66.1.2:8001,10.66.2.2:8002,10.66.0.2:8003,127.0.0.1:8000")
check "sends from the cgroup succeed" test $? = 0
ip netns exec $P python3 "$TMPD/send.py" 10.66.0.1:8000 10.66.1.2
ip netns exec $P python3 "$TMPD/send.py" 10.66.0.1:8000 10.66.2.2
ip netns exec $P python3 "$TMPD/send.py" 10.66.0.1:8000 10.66.0.2
wait $lpid
check "the listener in the cgroup got its four datagrams" grep -qx "got 4" "$TMPD/got"

counts() {
	awk '/chain in/ { c = "in" } /chain out/ { c = "out" }
	     /counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print c, ++n[c], $(i + 1), $(i + 3) }'
}
in_n nft list table inet rtx | counts > "$TMPD/nft.counts"
"$CGNFT" list table rtx | counts > "$TMPD/cgnft.counts"
check "every rule counted the same packets and bytes as nft" \
	diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts"
diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts" | diag
cut -d' ' -f1-3 "$TMPD/nft.counts" | diag
# the oracle's own numbers, so that an empty run cannot pass
check "nft saw realm 7 and 3/9 on the way out" \
	grep -qx "out 2 1" <(cut -d' ' -f1-3 "$TMPD/nft.counts")
check "nft saw realm 3/9 on the way out" \
	grep -qx "out 6 1" <(cut -d' ' -f1-3 "$TMPD/nft.counts")
done_testing
