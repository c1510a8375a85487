#!/usr/bin/env python3
"""Large sets for tests/verdict/scale.sh.

scale_gen.py KIND N OUT  writes OUT.nft (one rule: `FIELDS @big drop`) and
OUT.pkts: lines "verdict packet-description", for members (the lowest and
highest among them), their neighbours, which are not members, and the ends
of the key space.  KIND: v4 (ipv4_addr), v6 (ipv6_addr), concat
(ipv4_addr . inet_service, a port range in one element out of four)."""
import random
import sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(7)


def v4(x):
    return ".".join(str((x >> s) & 255) for s in (24, 16, 8, 0))


def v6(x):
    h = x.to_bytes(16, "big").hex()
    return f"{h[0:4]}:{h[4:8]}:{h[8:12]}:{h[12:16]}:{h[16:20]}:{h[20:24]}:{h[24:28]}:{h[28:32]}"


# one key in each of n equal slices of the key space: sorted, distinct,
# never adjacent, spread over all of it
bits = {"v4": 32, "v6": 128, "concat": 32}[kind]
step = 2**bits // n
keys = [i * step + rnd.randrange(step - 2) + 1 for i in range(n)]
probe = sorted(rnd.sample(range(n), 20)) + [0, n - 1]
pkts = []
if kind == "concat":
    # key i: address keys[i] with port i % 60000 + 1, or ports p..p+9
    def ports(i):
        p = i % 60000 + 1
        return (p, p + 9) if i % 4 == 0 else (p, p)

    def elem(i):
        lo, hi = ports(i)
        return f"{v4(keys[i])} . {lo}" + (f"-{hi}" if hi > lo else "")
    typ, sel = "ipv4_addr . inet_service", "ip daddr . tcp dport"
    elements = (elem(i) for i in range(n))
    for i in probe:
        lo, hi = ports(i)
        pkts += [("drop", keys[i], lo), ("drop", keys[i], hi),
                 ("accept", keys[i], lo - 1), ("accept", keys[i], hi + 1),
                 ("accept", keys[i] - 1, lo), ("accept", keys[i] + 1, hi)]
    lines = [f"{v} ip daddr {v4(a)} tcp dport {p}" for v, a, p in pkts]
else:
    fmt = v4 if kind == "v4" else v6
    typ = "ipv4_addr" if kind == "v4" else "ipv6_addr"
    sel = "ip daddr" if kind == "v4" else "ip6 daddr"
    elements = (fmt(x) for x in keys)
    for i in probe:
        pkts += [("drop", keys[i]), ("accept", keys[i] - 1), ("accept", keys[i] + 1)]
    pkts += [("accept", 0), ("accept", 2**bits - 1)]
    lines = [f"{v} {sel} {fmt(a)} tcp dport 80" for v, a in pkts]

with open(out + ".nft", "w") as f:
    f.write('table cgroup scale {\n\tcgroup "cgnft-scale"\n\tset big {\n'
            f'\t\ttype {typ}\n' + ("\t\tflags interval\n" if kind == "concat" else "") +
            '\t\telements = { ')
    f.write(", ".join(elements))
    f.write(" }\n\t}\n\tchain out {\n\t\ttype filter hook egress priority 0; "
            f"policy accept;\n\t\t{sel} @big drop\n\t}}\n}}\n")
with open(out + ".pkts", "w") as f:
    f.write("\n".join(lines) + "\n")
