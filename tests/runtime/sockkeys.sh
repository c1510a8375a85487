#!/bin/bash
# socket mark and socket wildcard (issue 13), with nft as the oracle: the
# same rules in an nft inet table (input/output) and in a cgnft table
# (ingress/egress) of one network namespace count the same packets.  A
# process in the cgroup sends UDP datagrams over lo from sockets with and
# without SO_MARK, bound to an address or to the any address, IPv4 and
# IPv6, to listeners bound either way, and receives them.  Also nft's
# `continue` before other statements, which go on.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v nft >/dev/null || ! command -v python3 >/dev/null; then
	skip "needs cgroup2, nft and python3"; done_testing; exit 0
fi
ID=$$
N=cgnft-sk-$ID CG=cgnft-sk-$ID
cleanup() {
	nsenter --net=/run/netns/$N "$CGNFT" delete table skx >/dev/null 2>&1
	ip netns del $N 2>/dev/null
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
in_n() { nsenter --net=/run/netns/$N "$@"; }

ip netns add $N && ip -n $N link set lo up
check "namespace with lo" test $? = 0
mkdir -p "$CGM/$CG"

RULES='udp dport 7000-7003 counter
		udp dport 7000-7003 socket mark 0x42 counter
		udp dport 7000-7003 socket mark 0 counter
		udp dport 7000-7003 socket mark != 0x42 counter
		udp dport 7000-7003 socket mark { 0x41-0x43 } counter
		udp dport 7000-7003 socket wildcard 1 counter
		udp dport 7000-7003 socket wildcard 0 counter
		udp dport 7000-7003 socket wildcard != 1 counter
		socket mark . udp dport { 0x42 . 7000, 0 . 7003 } counter
		udp dport 7000-7003 socket wildcard . socket mark { 1 . 0x42 } counter
		udp dport 7000-7003 continue counter
		udp dport 7000-7001 continue meta mark set 0x7 continue
		udp dport 7000-7003 meta mark 0x7 counter'
printf 'table inet skx {\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;\n\t\t%s\n\t}\n\tchain out {\n\t\ttype filter hook output priority 0; policy accept;\n\t\t%s\n\t}\n}\n' \
	"$RULES" "$RULES" > "$TMPD/oracle.nft"
printf 'table cgroup skx {\n\tcgroup "%s"\n\tchain in {\n\t\ttype filter hook ingress priority 0; policy accept;\n\t\t%s\n\t}\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;\n\t\t%s\n\t}\n}\n' \
	"$CG" "$RULES" "$RULES" > "$TMPD/skx.nft"
check "nft loads the oracle table" in_n nft -f "$TMPD/oracle.nft"
check "cgnft applies the same rules" in_n "$CGNFT" apply "$TMPD/skx.nft"

cat > "$TMPD/traffic.py" <<'PY'
import socket
SO_MARK = 36
n = 0
def run(fam, lo, anyaddr):
    global n
    # listeners: 7000 and 7002 on the any address, 7001 and 7003 on lo;
    # 7002/7003 marked
    rx = []
    for port, addr, mark in ((7000, anyaddr, 0), (7001, lo, 0), (7002, anyaddr, 0x42),
                             (7003, lo, 0x41)):
        s = socket.socket(fam, socket.SOCK_DGRAM)
        if mark:
            s.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
        s.bind((addr, port))
        s.settimeout(10)
        rx.append(s)
    for src, mark in ((anyaddr, 0), (lo, 0), (anyaddr, 0x42), (lo, 0x42), (lo, 7)):
        tx = socket.socket(fam, socket.SOCK_DGRAM)
        if mark:
            tx.setsockopt(socket.SOL_SOCKET, SO_MARK, mark)
        tx.bind((src, 0))
        for s in rx:
            tx.sendto(b"x" * (1 + n % 5), (lo, s.getsockname()[1]))
            s.recv(100)
            n += 1
        tx.close()
run(socket.AF_INET, "127.0.0.1", "0.0.0.0")
run(socket.AF_INET6, "::1", "::")
print("got", n)
PY
in_cg() { echo $BASHPID > "$CGM/$CG/cgroup.procs" && exec "$@"; }
(in_cg nsenter --net=/run/netns/$N timeout 60 python3 "$TMPD/traffic.py" > "$TMPD/got")
check "the process in the cgroup sent and received its 40 datagrams" grep -qx "got 40" "$TMPD/got"

counts() {
	awk '/chain in/ { c = "in" } /chain out/ { c = "out" }
	     /counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print c, ++n[c], $(i + 1), $(i + 3) }'
}
in_n nft list table inet skx | counts > "$TMPD/nft.counts"
"$CGNFT" list table skx | counts > "$TMPD/cgnft.counts"
check "every rule counted the same packets and bytes as nft" \
	diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts"
diff -u "$TMPD/nft.counts" "$TMPD/cgnft.counts" | diag
# the oracle's own numbers, so that an empty run cannot pass: out reads the
# sender's socket (2 of 5 marked 0x42, 2 of 5 on the any address), in the
# listener's (7002 marked 0x42, 7003 0x41; 7000 and 7002 on the any address);
# the mark 7 is set for 7000-7001 and is the skb mark of one sender's packets
check "nft's counts" diff -u - <(cut -d' ' -f1-3 "$TMPD/nft.counts") <<'EOF2'
in 1 40
in 2 10
in 3 20
in 4 30
in 5 20
in 6 20
in 7 20
in 8 20
in 9 0
in 10 10
in 11 40
in 12 24
out 1 40
out 2 16
out 3 16
out 4 24
out 5 16
out 6 16
out 7 24
out 8 24
out 9 8
out 10 8
out 11 40
out 12 24
EOF2
done_testing
