#!/bin/bash
# socket state (doc/HOOKS.md "socket state"): the state of the socket a
# cgroup program runs for, read from struct bpf_sock, with real TCP
# connections, UDP and ping sockets on loopback in a network namespace.
# Processes in the test cgroup talk to peers outside it, so that only the
# cgroup's side is counted; every count below is of packets whose number
# TCP fixes (SYN, SYN-ACK, the handshake's ACK, segments with data, FINs,
# the last ACK), never of ACKs whose timing is free.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v python3 >/dev/null || ! command -v ss >/dev/null; then
	skip "needs cgroup2, python3 and ss"; done_testing; exit 0
fi
ID=$$
N=cgnft-ssn-$ID CG=cgnft-ss-$ID CG2=cgnft-ss2-$ID
cleanup() {
	"$CGNFT" delete table ssx >/dev/null 2>&1
	"$CGNFT" delete table ssd >/dev/null 2>&1
	for p in $(jobs -p); do kill "$p" 2>/dev/null; done
	ip netns del $N 2>/dev/null
	rmdir "$CGM/$CG" "$CGM/$CG2" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
# only the network namespace: `ip netns exec` would remount /sys and hide
# the cgroup2 mount
in_n() { nsenter --net=/run/netns/$N "$@"; }
in_cg() { local g=$1; shift; echo $BASHPID > "$CGM/$g/cgroup.procs" && exec "$@"; }
# wait for a file (not a timed assertion: the checks come after)
wait_for() { for _ in $(seq 400); do [ -e "$1" ] && return 0; sleep 0.05; done; return 1; }

ip netns add $N && ip -n $N link set lo up &&
	in_n sysctl -qw net.ipv4.ping_group_range="0 2147483647"
check "namespace with loopback and ping sockets allowed" test $? = 0
mkdir -p "$CGM/$CG" "$CGM/$CG2"

cat > "$TMPD/ssx.nft" <<NFT
table cgroup ssx {
	cgroup "$CG"
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport 7101 tcp flags & (syn | ack) == syn socket state listen counter
		tcp dport 7101 tcp flags & (syn | ack) == ack ip length <= 60 socket state listen counter
		tcp dport 7101 ip length > 60 socket state established counter
		tcp dport 7101 tcp flags & fin == fin socket state established counter
		tcp dport 7101 socket state last-ack counter
		tcp dport 7101 socket state { syn-sent, syn-recv, time-wait, new-syn-recv, close } counter
		tcp sport 7102 tcp flags & (syn | ack) == syn | ack socket state syn-sent counter
		tcp sport 7102 ip length > 60 socket state established counter
		tcp sport 7102 tcp flags & fin == fin socket state { fin-wait1, fin-wait2 } counter
		tcp sport 7102 socket state { listen, close-wait, last-ack, closing, time-wait, close } counter
		udp sport 7202 socket state established counter
		udp sport 7202 socket state close counter
		icmp type echo-reply socket state close counter
		icmp type echo-reply socket state established counter
		ip6 nexthdr tcp tcp dport 7104 tcp flags & (syn | ack) == syn socket state listen counter
		ip6 nexthdr tcp tcp dport 7104 ip6 length > 40 socket state established counter
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		tcp sport 7101 tcp flags & (syn | ack) == syn | ack socket state listen counter
		tcp sport 7101 ip length > 60 socket state established counter
		tcp sport 7101 tcp flags & fin == fin socket state last-ack counter
		tcp sport 7101 socket state { syn-recv, new-syn-recv, time-wait } counter
		tcp dport 7102 tcp flags & (syn | ack) == syn socket state syn-sent counter
		tcp dport 7102 ip length > 60 socket state established counter
		tcp dport 7102 tcp flags & fin == fin socket state fin-wait1 counter
		tcp dport 7102 tcp flags & fin == 0 socket state fin-wait2 counter
		udp dport 7202 socket state established counter
		udp dport 7202 socket state close counter
		udp dport 7202 socket state != close counter
		icmp type echo-request socket state close counter
		icmp type echo-request socket state established counter
		ip6 nexthdr tcp tcp sport 7104 tcp flags & (syn | ack) == syn | ack socket state listen counter
		ip6 nexthdr tcp tcp sport 7104 ip6 length > 40 socket state established counter
	}
}
NFT
check "cgnft applies the counting table" "$CGNFT" apply "$TMPD/ssx.nft"

# server PORT READY: one connection, echoes until EOF, then closes
cat > "$TMPD/server.py" <<'PY'
import socket, sys
host = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"
l = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind((host, int(sys.argv[1])))
l.listen(4)
open(sys.argv[2], "w").close()
c, _ = l.accept()
n = 0
while True:
    d = c.recv(4096)
    if not d:
        break
    c.sendall(d)
    n += 1
c.close()
print("served", n)
PY
# client PORT [GO STOP]: three 100-byte messages, each echoed before the
# next, then shutdown (a FIN from fin-wait1) and wait for the server's FIN.
# With GO and STOP: one message, then wait for GO, two more, then try a
# second connection (prints whether it was made), then STOP is written.
cat > "$TMPD/client.py" <<'PY'
import os, socket, sys, time
def echo(s):
    s.sendall(b"m" * 100)
    got = b""
    while len(got) < 100:
        d = s.recv(100 - len(got))
        if not d:
            raise SystemExit("short echo")
        got += d
host = os.environ.get("HOST", "127.0.0.1")
s = socket.create_connection((host, int(sys.argv[1])))
echo(s)
if len(sys.argv) > 2:
    while not os.path.exists(sys.argv[2]):
        time.sleep(0.05)
echo(s)
echo(s)
print("echoed 3")
if len(sys.argv) > 2:
    try:
        socket.create_connection((host, int(sys.argv[1])), timeout=2)
        print("second connection made")
    except OSError:
        print("second connection not made")
s.shutdown(socket.SHUT_WR)
if s.recv(10) == b"":
    print("eof")
PY
# udp PORT: two datagrams from a connected socket, three from an
# unconnected one, each echoed back by udpecho (outside the cgroup)
cat > "$TMPD/udp.py" <<'PY'
import socket, sys
port = int(sys.argv[1])
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
c.connect(("127.0.0.1", port))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(2):
    c.send(b"c")
    c.recv(10)
for _ in range(3):
    u.sendto(b"u", ("127.0.0.1", port))
    u.recvfrom(10)
print("udp 5")
PY
cat > "$TMPD/udpecho.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
open(sys.argv[2], "w").close()
for _ in range(5):
    d, a = s.recvfrom(10)
    s.sendto(d, a)
PY
# ping: two echo requests from an unconnected ping socket, one from a
# connected one; the kernel answers them
cat > "$TMPD/ping.py" <<'PY'
import socket, struct
def req(seq):
    return struct.pack("!BBHHH", 8, 0, 0, 0, seq) + b"cgnft"
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
for i in range(2):
    u.sendto(req(i), ("127.0.0.1", 0))
    u.recvfrom(100)
c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
c.connect(("127.0.0.1", 0))
c.send(req(9))
c.recv(100)
print("ping 3")
PY

# the cgroup's TCP server on 7101, a client outside it
(in_cg $CG nsenter --net=/run/netns/$N timeout 20 python3 "$TMPD/server.py" 7101 "$TMPD/r1" > "$TMPD/s1") &
p1=$!
wait_for "$TMPD/r1"
in_n timeout 20 python3 "$TMPD/client.py" 7101 > "$TMPD/c1"
wait $p1
check "a client talks to the cgroup's server" grep -qx "echoed 3" "$TMPD/c1"
check "the cgroup's server echoed three messages" grep -qx "served 3" "$TMPD/s1"
# the cgroup's TCP client to a server on 7102 outside it
(in_n timeout 20 python3 "$TMPD/server.py" 7102 "$TMPD/r2" > "$TMPD/s2") &
p2=$!
wait_for "$TMPD/r2"
(in_cg $CG nsenter --net=/run/netns/$N timeout 20 python3 "$TMPD/client.py" 7102 > "$TMPD/c2")
wait $p2
check "the cgroup's client talks to a server" grep -qx "echoed 3" "$TMPD/c2"
check "and sees the server's FIN" grep -qx "eof" "$TMPD/c2"
(in_n timeout 20 python3 "$TMPD/udpecho.py" 7202 "$TMPD/r3") &
p3=$!
wait_for "$TMPD/r3"
(in_cg $CG nsenter --net=/run/netns/$N timeout 20 python3 "$TMPD/udp.py" 7202 > "$TMPD/u")
wait $p3
check "UDP from connected and unconnected sockets is echoed" grep -qx "udp 5" "$TMPD/u"
(in_cg $CG nsenter --net=/run/netns/$N timeout 20 python3 "$TMPD/ping.py" > "$TMPD/p")
check "ping sockets get their echo replies" grep -qx "ping 3" "$TMPD/p"
# IPv6: the cgroup's server on [::1]:7104
(in_cg $CG nsenter --net=/run/netns/$N timeout 20 python3 "$TMPD/server.py" 7104 "$TMPD/r6" ::1 > "$TMPD/s6") &
p6=$!
wait_for "$TMPD/r6"
HOST=::1 in_n timeout 20 python3 "$TMPD/client.py" 7104 > "$TMPD/c6"
wait $p6
check "IPv6: a client talks to the cgroup's server" grep -qx "echoed 3" "$TMPD/c6"
# the server's socket sits in last-ack until the client's last ACK: wait
# until no socket is left in that state
for _ in $(seq 400); do
	[ -z "$(in_n ss -Htan state last-ack)" ] && break; sleep 0.05
done

# counters, chain by chain, in rule order: "chain index packets"
counts() {
	awk '/chain in/ { c = "in" } /chain out/ { c = "out" }
	     /counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") print c, ++n[c], $(i + 1) }'
}
"$CGNFT" list table ssx | counts > "$TMPD/counts"
expect() {
	if grep -qx "$1 $2 $3" "$TMPD/counts"; then ok "$1 rule $2 ($4): $3 packets"
	else not_ok "$1 rule $2 ($4): $3 packets, got $(awk -v c="$1" -v i="$2" '$1 == c && $2 == i { print $3 }' "$TMPD/counts")"; fi
}
expect in 1 1 "the SYN reaches the listener"
expect in 2 1 "the handshake's ACK reaches the listener (a request socket is not a full socket)"
expect in 3 3 "data reaches the established socket"
expect in 4 1 "the client's FIN reaches the established socket"
expect in 5 1 "the last ACK reaches the socket in last-ack"
expect in 6 0 "the server's socket is never seen in syn-sent, syn-recv, time-wait, new-syn-recv, close"
expect in 7 1 "the SYN-ACK reaches the client's syn-sent socket"
expect in 8 3 "echoes reach the client's established socket"
expect in 9 1 "the server's FIN reaches the client in fin-wait1 or fin-wait2"
expect in 10 0 "the client's socket is never seen in listen, close-wait, last-ack, closing, time-wait, close"
expect in 11 2 "UDP replies to the connected socket: established"
expect in 12 3 "UDP replies to the unconnected socket: close"
expect in 13 2 "echo replies to the unconnected ping socket: close"
expect in 14 1 "echo reply to the connected ping socket: established"
expect in 15 1 "IPv6: the SYN reaches the listener"
expect in 16 3 "IPv6: data reaches the established socket"
expect out 1 1 "the SYN-ACK is sent for the listener"
expect out 2 3 "echoes leave the established socket"
expect out 3 1 "the server's FIN leaves from last-ack"
expect out 4 0 "no packet is seen from syn-recv, new-syn-recv or time-wait"
expect out 5 1 "connect()'s SYN leaves from syn-sent"
expect out 6 3 "data leaves the client's established socket"
expect out 7 1 "shutdown()'s FIN leaves from fin-wait1"
expect out 8 1 "the last ACK leaves from fin-wait2"
expect out 9 2 "UDP from the connected socket: established"
expect out 10 3 "UDP from the unconnected socket: close"
expect out 11 2 "UDP: != close is the connected socket's"
expect out 12 2 "echo requests from the unconnected ping socket: close"
expect out 13 1 "the echo request from the connected ping socket: established"
expect out 14 1 "IPv6: the SYN-ACK is sent for the listener"
expect out 15 3 "IPv6: echoes leave the established socket"
"$CGNFT" delete table ssx
check "the counting table is deleted" test $? = 0

# policy drop with `socket state established accept` on ingress: an open
# connection keeps working, a new one cannot be made
cat > "$TMPD/ssd.nft" <<NFT
table cgroup ssd {
	cgroup "$CG2"
	chain in {
		type filter hook ingress priority 0; policy drop;
		tcp dport 7103 ip length > 60 socket state established counter accept
		socket state established accept
		tcp dport 7103 socket state listen counter
	}
}
NFT
(in_cg $CG2 nsenter --net=/run/netns/$N timeout 30 python3 "$TMPD/server.py" 7103 "$TMPD/r4" > "$TMPD/s4") &
p4=$!
wait_for "$TMPD/r4"
(in_n timeout 30 python3 "$TMPD/client.py" 7103 "$TMPD/go" > "$TMPD/c4") &
p5=$!
# the first message went through before the table: the connection is open
for _ in $(seq 400); do
	in_n ss -Htan state established '( sport = :7103 )' | grep -q . && break; sleep 0.05
done
check "cgnft applies the policy drop table" "$CGNFT" apply "$TMPD/ssd.nft"
touch "$TMPD/go"
wait $p5
check "the open connection still carries data" grep -qx "echoed 3" "$TMPD/c4"
check "a new connection to the cgroup's listener is not made" \
	grep -qx "second connection not made" "$TMPD/c4"
"$CGNFT" list table ssd > "$TMPD/ssd.list"
check "two data segments were accepted by socket state established" \
	grep -q "ip length > 60 socket state established counter packets 2 " "$TMPD/ssd.list"
n=$(sed -n 's/.*socket state listen counter packets \([0-9]*\) .*/\1/p' "$TMPD/ssd.list")
check "the new connection's SYNs were dropped at the listener (${n:-none})" test "${n:-0}" -ge 1
kill $p4 2>/dev/null; wait $p4 2>/dev/null
"$CGNFT" delete table ssd
done_testing
