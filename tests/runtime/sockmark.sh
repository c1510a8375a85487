#!/bin/bash
# socket mark (nft's socket expression): the SO_MARK of the socket a cgroup
# program runs for, against the real nft's verdicts for the same traffic.
# UDP datagrams from sockets with different marks, on loopback in network
# namespaces: once through a cgnft table on a cgroup, once through an nft
# table with the same rules in an output (input) chain.  A dropped datagram
# is EPERM for the sender on egress (both tools), and never delivered on
# ingress.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v python3 >/dev/null || ! command -v nft >/dev/null; then
	skip "needs cgroup2, python3 and nft"; done_testing; exit 0
fi
ID=$$
N=cgnft-smn-$ID NN=cgnft-smnft-$ID CG=cgnft-sm-$ID
cleanup() {
	"$CGNFT" delete table smk >/dev/null 2>&1
	ip netns del $N 2>/dev/null
	ip netns del $NN 2>/dev/null
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
in_ns() { local ns=$1; shift; nsenter --net=/run/netns/$ns "$@"; }
# run a command in namespace $N and in the cgroup (a fresh shell joins it)
cg_run() { in_ns $N bash -c 'echo $BASHPID > "$0" && exec "$@"' "$CGM/$CG/cgroup.procs" "$@"; }

ip netns add $N && ip -n $N link set lo up && ip netns add $NN && ip -n $NN link set lo up
check "two namespaces with loopback" test $? = 0
mkdir -p "$CGM/$CG"

RULES='udp dport 7301 socket mark 0x00000005 drop
		udp dport 7301 socket mark { 0x00000001, 0x00000003-0x00000007 } drop
		udp dport 7302 socket mark != 0x00000002 drop'
INRULES='udp dport 7303 socket mark 0x00000009 drop'
cat > "$TMPD/smk.nft" <<NFT
table cgroup smk {
	cgroup "$CG"
	chain out {
		type filter hook egress priority 0; policy accept;
		$RULES
	}
	chain in {
		type filter hook ingress priority 0; policy accept;
		$INRULES
	}
}
NFT
cat > "$TMPD/smk-nft.nft" <<NFT
table inet smk {
	chain out {
		type filter hook output priority 0; policy accept;
		$RULES
	}
	chain in {
		type filter hook input priority 0; policy accept;
		$INRULES
	}
}
NFT
check "cgnft applies the table" "$CGNFT" apply "$TMPD/smk.nft"
check "nft loads the same rules in its own namespace" in_ns $NN nft -f "$TMPD/smk-nft.nft"

# send PORT MARK: one datagram from a socket with SO_MARK; prints sent/eperm
cat > "$TMPD/send.py" <<'PY'
import errno, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if int(sys.argv[2]):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, int(sys.argv[2]))
try:
    s.sendto(b"x", ("127.0.0.1", int(sys.argv[1])))
    print("sent")
except OSError as e:
    print("eperm" if e.errno == errno.EPERM else "error %d" % e.errno)
PY
# recv PORT MARK: a receiving socket with SO_MARK gets one datagram from an
# unmarked sender (outside the cgroup)? prints got/none
cat > "$TMPD/recv.py" <<'PY'
import socket, sys
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
if int(sys.argv[2]):
    r.setsockopt(socket.SOL_SOCKET, socket.SO_MARK, int(sys.argv[2]))
r.bind(("127.0.0.1", int(sys.argv[1])))
r.settimeout(1)
socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", int(sys.argv[1])))
try:
    r.recv(10)
    print("got")
except socket.timeout:
    print("none")
PY
# the receiver's side only is in the cgroup for recv.py: its sender is a
# second socket of the same process, so both are; ingress is the receiver's
agree=0 differ=0
for port in 7301 7302; do
	for mark in 0 1 2 3 5 7 8; do
		a=$(cg_run python3 "$TMPD/send.py" $port $mark)
		b=$(in_ns $NN python3 "$TMPD/send.py" $port $mark)
		if [ "$a" = "$b" ] && [ -n "$a" ]; then agree=$((agree + 1)); else
			differ=$((differ + 1)); echo "egress port $port mark $mark: cgnft $a, nft $b" | diag; fi
	done
done
check "egress: cgnft and nft agree on 14 datagrams (marks 0-8, ==, set, !=)" test $agree = 14 -a $differ = 0
# what the rules say, so that agreement is not agreement on nothing
a=$(cg_run python3 "$TMPD/send.py" 7301 5)
check "egress: a socket marked 5 is refused (EPERM)" test "$a" = eperm
a=$(cg_run python3 "$TMPD/send.py" 7301 8)
check "egress: a socket marked 8 sends" test "$a" = sent
a=$(cg_run python3 "$TMPD/send.py" 7302 2)
check "egress: != 2 lets only mark 2 through" test "$a" = sent
for mark in 0 9; do
	a=$(cg_run python3 "$TMPD/recv.py" 7303 $mark)
	b=$(in_ns $NN python3 "$TMPD/recv.py" 7303 $mark)
	check "ingress, receiver marked $mark: cgnft '$a', nft '$b'" test "$a" = "$b" -a -n "$a"
done
a=$(cg_run python3 "$TMPD/recv.py" 7303 9)
check "ingress: a receiver marked 9 gets nothing" test "$a" = none
done_testing
