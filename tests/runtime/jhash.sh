#!/bin/bash
# jhash and numgen random (issue 13), with nft as the oracle for jhash:
# the same rules in an nft inet table (input/output) and in a cgnft table
# (ingress/egress) of one network namespace count the same packets.  A
# process in the cgroup sends UDP datagrams over lo from 120 IPv4 and 40
# IPv6 source addresses and receives them; each rule counts one hash
# bucket of one key (with seeds, so nft's values are reproducible).
# numgen random and a jhash without a seed (the seed is random in both)
# are checked by what they can only give: every packet in one bucket of
# the range, none outside, and no bucket empty.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v nft >/dev/null || ! command -v python3 >/dev/null; then
	skip "needs cgroup2, nft and python3"; done_testing; exit 0
fi
ID=$$
N=cgnft-jh-$ID CG=cgnft-jh-$ID
cleanup() {
	nsenter --net=/run/netns/$N "$CGNFT" delete table jhx >/dev/null 2>&1
	ip netns del $N 2>/dev/null
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
in_n() { nsenter --net=/run/netns/$N "$@"; }

ip netns add $N && ip -n $N link set lo up &&
	for i in $(seq 1 40); do ip -n $N addr add 2001:db8::$i/128 dev lo nodad || exit 1; done
check "namespace with lo and 40 IPv6 addresses" test $? = 0
mkdir -p "$CGM/$CG"

# one bucket rule per value of each keyed hash (udp dport 6000 only)
RULES=""
keyed() {	# key, mod, options
	for v in $(seq 0 $(($2 - 1))); do
		RULES="$RULES
		udp dport 6000 jhash $1 mod $2 $3 == $((v + ${4:-0})) counter"
	done
}
keyed "ip saddr" 4 "seed 0xdeadbeef"
keyed "ip saddr" 3 "seed 0x1 offset 100" 100
keyed "udp sport" 5 "seed 0x2"
keyed "ip saddr . udp sport" 4 "seed 0x3"
keyed "meta l4proto . ip saddr . ip daddr" 3 "seed 0x4"
keyed "ip6 saddr" 4 "seed 0x5"
keyed "ip6 saddr . udp sport . ip6 daddr" 3 "seed 0x6"
keyed "meta mark . ip ttl . ip saddr" 3 "seed 0x7"
keyed "ip saddr & 255.255.0.255" 2 "seed 0x8"
RULES="$RULES
		udp dport 6000 jhash ip saddr . udp sport mod 2 seed 0x9 { 1 } counter
		udp dport 6000 jhash ip saddr mod 7 seed 0xa . udp sport { 3 . 1000-65535 } counter
		udp dport 6001 meta mark set numgen random mod 4 offset 10
		udp dport 6001 meta mark 10 counter
		udp dport 6001 meta mark 11 counter
		udp dport 6001 meta mark 12 counter
		udp dport 6001 meta mark 13 counter
		udp dport 6001 meta mark != 10-13 counter
		udp dport 6002 meta mark set jhash ip saddr mod 3 offset 20
		udp dport 6002 meta mark 20 counter
		udp dport 6002 meta mark 21 counter
		udp dport 6002 meta mark 22 counter
		udp dport 6002 meta mark != 20-22 counter
		udp dport 6003 numgen random mod 2 == 0 counter
		udp dport 6003 meta mark set numgen inc mod 3 offset 5
		udp dport 6003 meta mark 5 counter
		udp dport 6003 meta mark 6 counter
		udp dport 6003 meta mark 7 counter
		udp dport 6003 numgen inc mod 4 { 0, 3 } counter
		udp dport 6003 numgen inc mod 7 offset 1 == 7 counter"
printf 'table inet jhx {\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;%s\n\t}\n\tchain out {\n\t\ttype filter hook output priority 0; policy accept;%s\n\t}\n}\n' \
	"$RULES" "$RULES" > "$TMPD/oracle.nft"
printf 'table cgroup jhx {\n\tcgroup "%s"\n\tchain in {\n\t\ttype filter hook ingress priority 0; policy accept;%s\n\t}\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;%s\n\t}\n}\n' \
	"$CG" "$RULES" "$RULES" > "$TMPD/jhx.nft"
check "nft loads the oracle table" in_n nft -f "$TMPD/oracle.nft"
check "cgnft applies the same rules" in_n "$CGNFT" apply "$TMPD/jhx.nft"

cat > "$TMPD/traffic.py" <<'PY'
import socket
n = 0
def run(fam, srcs, dst):
    global n
    rx = {p: socket.socket(fam, socket.SOCK_DGRAM) for p in (6000, 6001, 6002, 6003)}
    for p, s in rx.items():
        s.bind((dst, p))
        s.settimeout(10)
    for i, src in enumerate(srcs):
        tx = socket.socket(fam, socket.SOCK_DGRAM)
        tx.bind((src, 1000 + 7 * i))
        for p in rx:
            tx.sendto(b"x" * (i % 9), (dst, p))
        tx.close()
        for p in rx:
            rx[p].recv(100)
            n += 1
run(socket.AF_INET, ["127.0.%d.%d" % (i % 3, 1 + i) for i in range(120)], "127.0.0.1")
run(socket.AF_INET6, ["2001:db8::%d" % (1 + i) for i in range(40)], "::1")
print("got", n)
PY
in_cg() { echo $BASHPID > "$CGM/$CG/cgroup.procs" && exec "$@"; }
(in_cg nsenter --net=/run/netns/$N timeout 60 python3 "$TMPD/traffic.py" > "$TMPD/got")
check "the process in the cgroup sent and received its 640 datagrams" grep -qx "got 640" "$TMPD/got"

counts() {
	awk '/chain in/ { c = "in" } /chain out/ { c = "out" }
	     /counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print c, ++n[c], $(i + 1), $(i + 3) }'
}
in_n nft list table inet jhx | counts > "$TMPD/nft.counts"
"$CGNFT" list table jhx | counts > "$TMPD/cgnft.counts"
nrules=$(grep -c 'jhash .*seed' <<<"$RULES")
for c in in out; do
	check "$c: every seeded jhash rule counted the same packets and bytes as nft" \
		diff -u <(grep "^$c " "$TMPD/nft.counts" | head -n "$nrules") \
			<(grep "^$c " "$TMPD/cgnft.counts" | head -n "$nrules")
done
diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts" | head -n 60 | diag
# the oracle's own buckets: each key's add up to its packets (120 IPv4,
# 40 IPv6, 160 for udp sport alone) and none is empty, so that a run that hashes
# nothing, or everything into one bucket, cannot pass
python3 - "$TMPD/nft.counts" > "$TMPD/buckets" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith("in ")]
sizes = [4, 3, 5, 4, 3, 4, 3, 3, 2]
k = 0
for s in sizes:
    got = [int(r[2]) for r in rows[k:k + s]]
    k += s
    print(sum(got), min(got) > 0)
PY
check "nft's buckets: each key's add up to its packets, none empty" \
	diff -u - "$TMPD/buckets" <<'EOF2'
120 True
120 True
160 True
120 True
120 True
40 True
40 True
120 True
120 True
EOF2
# numgen inc: the same sequence as nft's counter (k-th packet: (k - 1) % mod)
for c in in out; do
	check "$c: numgen inc counted the same packets as nft" \
		diff -u <(grep "^$c " "$TMPD/nft.counts" | tail -n 5) \
			<(grep "^$c " "$TMPD/cgnft.counts" | tail -n 5)
done
check "nft's numgen inc rules: 160 packets in 54, 53 and 53, then 80 and 22" \
	diff -u - <(grep "^in " "$TMPD/nft.counts" | tail -n 5 | cut -d' ' -f3) <<'EOF2'
54
53
53
80
22
EOF2
# numgen random and an unseeded jhash in cgnft: in range, every bucket hit
# (the jhash of ip saddr sets no mark on the 40 IPv6 packets)
python3 - "$TMPD/cgnft.counts" "$nrules" > "$TMPD/random" <<'PY'
import sys
n = int(sys.argv[2])
for c in ("in", "out"):
    rows = [int(l.split()[2]) for l in open(sys.argv[1]) if l.startswith(c + " ")][n:]
    ng, out1, jh, out2, half = rows[0:4], rows[4], rows[5:8], rows[8], rows[9]
    print(c, sum(ng), min(ng) > 0, out1, sum(jh), min(jh) > 0, out2, 0 < half < 160)
PY
check "numgen random mod 4 offset 10 and jhash without seed: every packet in range, no bucket empty" \
	diff -u - "$TMPD/random" <<'EOF2'
in 160 True 0 120 True 40 True
out 160 True 0 120 True 40 True
EOF2
done_testing
