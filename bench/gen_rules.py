#!/usr/bin/env python3
"""Seeded generator of the same rule set in cgnft and nft syntax.

gen_rules.py N OUT_PREFIX  writes OUT_PREFIX.cgnft.nft and OUT_PREFIX.nft.
Rule i never matches the benchmark's no-match packet; the first and last
rules match the first/last packets (see bench/run.sh)."""
import random
import sys

n, prefix = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
rules = []
for i in range(n):
    a = f"10.{rnd.randrange(1, 255)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
    k = i % 5
    if i == 0:
        rules.append("ip daddr 192.0.2.1 tcp dport 1 drop")
    elif i == n - 1:
        rules.append("ip daddr 192.0.2.2 tcp dport 2 drop")
    elif k == 0:
        rules.append(f"ip daddr {a} tcp dport {1000 + i % 60000} drop")
    elif k == 1:
        rules.append(f"ip saddr {a.rsplit('.', 1)[0]}.0/24 udp dport {{ {i % 60000 + 1}, {i % 60000 + 2} }} drop")
    elif k == 2:
        # i > 0xffff carries into the second group (2001:db9:...), so
        # N > 65536 stays valid and smaller N are unchanged
        hi, lo = 0xdb8 + (i >> 16), i & 0xffff
        rules.append(f"ip6 daddr 2001:{hi:x}:{lo:x}::/48 tcp dport 1000-2000 drop")
    elif k == 3:
        rules.append(f"ip daddr {a} udp dport 53 counter drop")
    else:
        rules.append(f"meta l4proto {100 + i % 100} drop")

with open(prefix + ".cgnft.nft", "w") as f:
    f.write('table cgroup bench {\n\tcgroup "cgnft-bench"\n\tchain out {\n'
            '\t\ttype filter hook egress priority 0; policy accept;\n')
    f.writelines(f"\t\t{r}\n" for r in rules)
    f.write("\t}\n}\n")
with open(prefix + ".nft", "w") as f:
    f.write("table inet bench {\n\tchain out {\n"
            "\t\ttype filter hook output priority 0; policy accept;\n")
    f.writelines(f"\t\t{r}\n" for r in rules)
    f.write("\t}\n}\n")
