#!/bin/bash
# Run inside a fresh network namespace: a veth pair with default routes and
# static neighbours, so a raw send to any address reaches the output and
# egress hooks (tests/diff, tests/import).  No duplicate address detection:
# a tentative link-local address would make multicast sends fail with
# EADDRNOTAVAIL for the first seconds.
set -e
for knob in all default; do echo 0 >/proc/sys/net/ipv6/conf/$knob/accept_dad; done
ip link set lo up
ip link add dv0 type veth peer name dv1
ip link set dv0 address 02:00:00:00:00:01
ip link set dv1 address 02:00:00:00:00:02
ip link set dv0 up
ip link set dv1 up
ip addr add 10.254.0.1/24 dev dv0
ip addr add fd99::1/64 dev dv0 nodad
ip neigh replace 10.254.0.2 lladdr 02:00:00:00:00:02 dev dv0 nud permanent
ip -6 neigh replace fd99::2 lladdr 02:00:00:00:00:02 dev dv0 nud permanent
ip route add default via 10.254.0.2 dev dv0
ip -6 route add default via fd99::2 dev dv0
