#!/usr/bin/env python3
"""A set of N random IPv4 addresses for tests/verdict/scale.sh.

scale_gen.py N OUT  writes OUT.nft (one rule: ip daddr @big drop) and
OUT.pkts: lines "verdict address": members (the lowest and highest among
them), their neighbours, which are not members, and 0.0.0.0 and
255.255.255.255, which are not either."""
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7)
# one address in each of n equal slices of the address space: sorted,
# distinct, never adjacent, and spread over all of it
step = 2**32 // n
members = [i * step + rnd.randrange(step - 2) + 1 for i in range(n)]


def dotted(x):
    return ".".join(str((x >> s) & 255) for s in (24, 16, 8, 0))


with open(out + ".nft", "w") as f:
    f.write('table cgroup scale {\n\tcgroup "cgnft-scale"\n\tset big {\n'
            '\t\ttype ipv4_addr\n\t\telements = { ')
    f.write(", ".join(dotted(x) for x in members))
    f.write(" }\n\t}\n\tchain out {\n\t\ttype filter hook egress priority 0; "
            "policy accept;\n\t\tip daddr @big drop\n\t}\n}\n")
probe = sorted(rnd.sample(range(n), 20)) + [0, n - 1]
with open(out + ".pkts", "w") as f:
    for i in probe:
        x = members[i]
        f.write(f"drop {dotted(x)}\naccept {dotted(x - 1)}\naccept {dotted(x + 1)}\n")
    f.write(f"accept {dotted(0)}\naccept {dotted(2**32 - 1)}\n")
