#!/usr/bin/env python3
"""Real connections for tests/ct: run inside a network namespace, from a
process that has moved itself into the test cgroup (argv[1]: its
cgroup.procs), so that every socket here is the cgroup's.

  tcp4 7301 / tcp6 7303: a listener, a connection, data both ways, a clean close
  udp 7302: a connected client and an unconnected server, 2 + 1 datagrams
  udp 7304: a datagram to a closed port (the ICMP error comes back)
  ping: 2 echo requests from an ICMP datagram socket (ping socket)
Prints one line per step; exits 1 when a step does not behave as the
network would without filtering."""
import os, socket, struct, sys

with open(sys.argv[1], "w") as f:
    f.write(str(os.getpid()))
steps = sys.argv[2:] or ["tcp4", "tcp6", "udp", "udperr", "ping"]
TIMEOUT = 10


def tcp(fam, addr, port):
    srv = socket.socket(fam, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(1)
    cli = socket.socket(fam, socket.SOCK_STREAM)
    cli.settimeout(TIMEOUT)
    cli.connect((addr, port))
    con, _ = srv.accept()
    con.settimeout(TIMEOUT)
    cli.sendall(b"hello")
    got = con.recv(100)
    con.sendall(got.upper())
    back = cli.recv(100)
    cli.shutdown(socket.SHUT_WR)
    eof = con.recv(100)
    con.close()
    eof2 = cli.recv(100)
    cli.close()
    srv.close()
    return back == b"HELLO" and eof == b"" and eof2 == b""


def udp():
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("127.0.0.1", 7302))
    srv.settimeout(TIMEOUT)
    cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    cli.settimeout(TIMEOUT)
    cli.connect(("127.0.0.1", 7302))
    cli.send(b"a")
    cli.send(b"b")
    _, peer = srv.recvfrom(10)
    srv.recvfrom(10)
    srv.sendto(b"r", peer)
    r = cli.recv(10)
    cli.send(b"c")
    srv.recvfrom(10)
    return r == b"r"


def udperr():
    cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    cli.settimeout(TIMEOUT)
    cli.connect(("127.0.0.1", 7304))
    cli.send(b"x")
    try:
        cli.recv(10)
    except ConnectionRefusedError:
        return True
    return False


def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    return ~(s + (s >> 16)) & 0xffff


def ping():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    s.settimeout(TIMEOUT)
    ok = True
    for seq in (1, 2):
        hdr = struct.pack("!BBHHH", 8, 0, 0, 0, seq) + b"cgnft-ct"
        hdr = hdr[:2] + struct.pack("!H", csum(hdr)) + hdr[4:]
        s.sendto(hdr, ("127.0.0.1", 0))
        reply = s.recv(100)
        ok = ok and reply[0] == 0
    return ok


run = {"tcp4": lambda: tcp(socket.AF_INET, "127.0.0.1", 7301),
       "tcp6": lambda: tcp(socket.AF_INET6, "::1", 7303),
       "udp": udp, "udperr": udperr, "ping": ping}
bad = 0
for step in steps:
    try:
        res = run[step]()
    except Exception as e:  # a filtered step fails here
        res = False
        print("%s: %s" % (step, e))
    print("%s %s" % (step, "ok" if res else "FAILED"))
    bad += not res
sys.exit(1 if bad else 0)
