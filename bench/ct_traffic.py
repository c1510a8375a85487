#!/usr/bin/env python3
"""bench/ct.sh's traffic: from a process in cgroup argv[1] (its
cgroup.procs), argv[2] round trips over loopback for each kind:
  udp: a connected client and an unconnected server (port 7402)
  tcp: one established connection, 1-byte request and reply (port 7401)
Every datagram and segment is received by a socket of the cgroup, so the
ingress program runs once per packet."""
import os, socket, sys

with open(sys.argv[1], "w") as f:
    f.write(str(os.getpid()))
n = int(sys.argv[2])

srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
srv.bind(("127.0.0.1", 7402))
cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
cli.connect(("127.0.0.1", 7402))
for _ in range(n):
    cli.send(b"x")
    _, peer = srv.recvfrom(8)
    srv.sendto(b"y", peer)
    cli.recv(8)

ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", 7401))
ls.listen(1)
c = socket.create_connection(("127.0.0.1", 7401))
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
s, _ = ls.accept()
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
for _ in range(n):
    c.send(b"x")
    s.recv(8)
    s.send(b"y")
    c.recv(8)
