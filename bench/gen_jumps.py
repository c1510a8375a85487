#!/usr/bin/env python3
"""A jump graph for the jump benchmark and tests: N regular chains in
layers (at most 15, nft's jump depth), every chain jumped to (or gone to)
from FANIN rules in chains of the layer above, the first layer from the
base chain; each chain also has three rules of its own.  Prints a cgnft
file, or with --nft the same rules as an nft inet table (output hook).

    gen_jumps.py N FANIN [--nft] [--cgroup PATH]
"""
import argparse


def chains(n, fanin):
    depth = min(15, n)
    layer = [min(depth - 1, i * depth // n) for i in range(n)]
    rules = {'base': []}
    for i in range(n):
        rules['c%d' % i] = [
            'tcp dport %d drop' % (1 + i % 60000),
            'ip saddr 10.%d.%d.0/24 accept' % (i // 256 % 256, i % 256),
            'meta mark %d counter' % (100000 + i),
        ]
    for i in range(n):
        above = [k for k in range(n) if layer[k] == layer[i] - 1]
        for j in range(fanin):
            src = 'base' if not above else 'c%d' % above[(i + j) % len(above)]
            verdict = 'goto' if (i + j) % 7 == 3 else 'jump'
            rules[src].append('udp dport %d %s c%d' % (1000 + (i * fanin + j) % 60000, verdict, i))
    return rules


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('n', type=int)
    ap.add_argument('fanin', type=int)
    ap.add_argument('--nft', action='store_true')
    ap.add_argument('--cgroup', default='bench')
    a = ap.parse_args()
    rules = chains(a.n, a.fanin)
    out = []
    if a.nft:
        out.append('table inet bench {')
        hook = 'type filter hook output priority 0; policy accept;'
    else:
        out.append('table cgroup bench {\n\tcgroup "%s"' % a.cgroup)
        hook = 'type filter hook egress priority 0; policy accept;'
    for name, rs in rules.items():
        out.append('\tchain %s {' % name)
        if name == 'base':
            out.append('\t\t' + hook)
        out += ['\t\t' + r for r in rs]
        out.append('\t}')
    out.append('}')
    print('\n'.join(out))


if __name__ == '__main__':
    main()
