#!/usr/bin/env python3
"""Seeded ClassBench-like rule sets and packet traces (issue 14).

gen_classbench.py SHAPE N OUT_PREFIX [SEED] [--barriers]
  SHAPE: acl, fw or ipc.  Writes
  OUT_PREFIX.cgnft.nft  the rules in a cgroup table (egress chain),
  OUT_PREFIX.nft        the same rules in an inet table (output hook),
  OUT_PREFIX.pkts       packets, one "SADDR DADDR PROTO SPORT DPORT" a line:
                        points inside random rules (as ClassBench's trace
                        generator does), the corners of some rules' boxes,
                        and uniformly random headers.
  --barriers: every ~500th rule is a rule the classifier cannot reorder
  (`counter` without a verdict, `meta mark set`), which splits the chain
  into runs.

The shapes follow the seed characteristics published with ClassBench
(D. E. Taylor, J. S. Turner, "ClassBench: A Packet Classification
Benchmark", IEEE INFOCOM 2005 / IEEE/ACM ToN 15(3) 2007; section IV and
its tables of the 12 seed filter sets acl1-5, fw1-5, ipc1-2):
  - protocol: a small set of values, TCP and UDP dominant, then ICMP and a
    few others (GRE, ESP, OSPF...), and the wildcard; firewall seeds have
    many more wildcards than ACL seeds;
  - port pairs: each port is one of five classes, WC (0:65535), HI
    (1024:65535), LO (0:1023), AR (an arbitrary range) and EM (one port);
    ACL destination ports are mostly EM, source ports mostly WC; firewalls
    have more AR and WC;
  - address prefixes: the (source, destination) prefix-length pair is
    drawn from a per-seed 2-D distribution; ACLs are dominated by (/0 or
    short, /32) and (/32, /32)-like pairs, firewalls by pairs with a /0 on
    one side, IP chains by (/32, /32) and (/24, /32)-like pairs; prefixes
    nest (ClassBench builds them down a tree of shared branches), here by
    drawing them below a pool of shared /8../16 parents.
The numbers below are rounded from the paper's figures, not copied from
the seed files (which are not redistributed here).  Deterministic for a
given (SHAPE, N, SEED).
"""
import random
import sys

SHAPES = {
    # protocol weights: tcp, udp, wildcard, other
    # port class weights (WC, HI, LO, AR, EM) for source and destination
    # prefix-length pairs (src, dst) with weights
    "acl": dict(proto=(60, 25, 5, 10),
                sport=(90, 3, 1, 2, 4), dport=(20, 8, 2, 15, 55),
                pairs=[((0, 32), 25), ((32, 32), 20), ((24, 32), 12),
                       ((16, 32), 8), ((32, 24), 8), ((24, 24), 7),
                       ((0, 24), 6), ((8, 32), 4), ((28, 32), 4),
                       ((32, 0), 3), ((16, 16), 3)]),
    "fw": dict(proto=(45, 20, 25, 10),
               sport=(80, 8, 2, 6, 4), dport=(30, 12, 3, 20, 35),
               pairs=[((0, 32), 20), ((32, 0), 15), ((0, 24), 10),
                      ((24, 0), 8), ((0, 0), 2), ((32, 32), 12),
                      ((24, 32), 10), ((16, 0), 6), ((0, 16), 6),
                      ((24, 24), 6), ((32, 24), 5)]),
    "ipc": dict(proto=(50, 30, 12, 8),
                sport=(75, 8, 4, 5, 8), dport=(40, 10, 3, 12, 35),
                pairs=[((32, 32), 30), ((24, 32), 15), ((32, 24), 12),
                       ((16, 32), 8), ((0, 32), 8), ((32, 0), 6),
                       ((24, 24), 8), ((28, 28), 5), ((8, 16), 4),
                       ((0, 0), 1), ((16, 24), 3)]),
}
OTHER_PROTOS = [1, 47, 50, 51, 89, 103, 132]
COMMON_PORTS = [20, 21, 22, 23, 25, 53, 80, 110, 111, 123, 135, 137, 139,
                143, 161, 389, 443, 445, 465, 514, 587, 636, 993, 995,
                1080, 1433, 1521, 1723, 2049, 3128, 3306, 3389, 5060,
                5432, 5900, 6000, 8000, 8080, 8443, 9000]


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    barriers = "--barriers" in sys.argv
    shape, n, prefix = args[0], int(args[1]), args[2]
    seed = int(args[3]) if len(args) > 3 else 1
    sh = SHAPES[shape]
    rnd = random.Random(f"{shape}-{n}-{seed}")
    # shared parents: prefixes nest below these, so rules overlap as in
    # real sets; about sqrt(n) of them
    npar = max(4, int(n ** 0.5))
    parents = [(rnd.randrange(1, 224) << 24) | (rnd.getrandbits(16) << 8)
               for _ in range(npar)]
    pw = [1.0 / (i + 1) for i in range(npar)]  # skewed, as real sets

    def prefix_of(plen):
        if plen == 0:
            return None
        base = rnd.choices(parents, pw)[0]
        keep = min(plen, rnd.choice([8, 12, 16]))
        a = (base >> (32 - keep) << (32 - keep)) | (rnd.getrandbits(32 - keep) if keep < 32 else 0)
        a = a >> (32 - plen) << (32 - plen) if plen < 32 else a
        return a, plen

    def port_class(weights):
        c = rnd.choices("WHLAE", weights)[0]
        if c == "W":
            return None
        if c == "H":
            return (1024, 65535)
        if c == "L":
            return (0, 1023)
        if c == "E":
            p = rnd.choice(COMMON_PORTS) if rnd.random() < 0.6 else rnd.randrange(1, 65536)
            return (p, p)
        a = rnd.randrange(0, 65000)
        return (a, min(65535, a + rnd.choice([1, 7, 15, 99, 255, 1000, 4999])))

    rules = []  # (src, dst, proto, sport, dport, action, counter)
    while len(rules) < n:
        proto = rnd.choices(["tcp", "udp", None, "other"], sh["proto"])[0]
        if proto == "other":
            proto = rnd.choice(OTHER_PROTOS)
        ps, pd = rnd.choices([p for p, _ in sh["pairs"]],
                             [w for _, w in sh["pairs"]])[0]
        src, dst = prefix_of(ps), prefix_of(pd)
        sp = dp = None
        if proto in ("tcp", "udp"):
            sp, dp = port_class(sh["sport"]), port_class(sh["dport"])
        if src is None and dst is None and proto is None:
            continue  # a catch-all would shadow everything after it
        act = "drop" if rnd.random() < 0.5 else "accept"
        rules.append((src, dst, proto, sp, dp, act, rnd.random() < 0.1))

    def ip(a):
        return f"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}"

    def text(r):
        src, dst, proto, sp, dp, act, ctr = r
        w = []
        if src:
            w.append(f"ip saddr {ip(src[0])}" + (f"/{src[1]}" if src[1] < 32 else ""))
        if dst:
            w.append(f"ip daddr {ip(dst[0])}" + (f"/{dst[1]}" if dst[1] < 32 else ""))
        if proto in ("tcp", "udp"):
            if sp is None and dp is None:
                w.append(f"meta l4proto {proto}")
            for name, p in (("sport", sp), ("dport", dp)):
                if p:
                    w.append(f"{proto} {name} {p[0]}" + (f"-{p[1]}" if p[1] != p[0] else ""))
        elif proto is not None:
            w.append(f"meta l4proto {proto}")
        if not src and not dst:
            w.insert(0, "meta nfproto ipv4")
        if ctr:
            w.append("counter")
        w.append(act)
        return " ".join(w)

    lines = []
    for i, r in enumerate(rules):
        if barriers and i and i % 500 == 0:
            lines.append("meta mark set 0x%x" % (i & 0xffff) if i % 1000 else
                         f"ip daddr {ip(parents[i % npar])} counter")
        lines.append(text(r))

    for name, head in ((".cgnft.nft", 'table cgroup bench {\n\tcgroup "cgnft-bench"\n\tchain out {\n'
                        '\t\ttype filter hook egress priority 0; policy accept;\n'),
                       (".nft", "table inet bench {\n\tchain out {\n"
                        "\t\ttype filter hook output priority 0; policy accept;\n")):
        with open(prefix + name, "w") as f:
            f.write(head)
            f.writelines(f"\t\t{x}\n" for x in lines)
            f.write("\t}\n}\n")

    def pick(rng, lo, hi, corner):
        if corner is not None:
            return (lo, hi, lo - 1, hi + 1)[corner] % (1 << 32)
        return rnd.randint(lo, hi)

    def span(pfx):
        if pfx is None:
            return 0, (1 << 32) - 1
        a, l = pfx
        return a, a | ((1 << (32 - l)) - 1)

    pkts = []
    npk = int(sys.argv[sys.argv.index("--packets") + 1]) if "--packets" in sys.argv else 2000
    for k in range(npk):
        kind = k % 4
        if kind == 3:  # uniformly random header
            proto = rnd.choice(["tcp", "udp", "tcp", 1, 47])
            pkts.append((rnd.getrandbits(32), rnd.getrandbits(32), proto,
                         rnd.randrange(65536), rnd.randrange(65536)))
            continue
        src, dst, proto, sp, dp, _, _ = rnd.choice(rules)
        corner = rnd.randrange(4) if kind == 2 else None
        s, d = span(src), span(dst)
        if proto is None:
            proto = rnd.choice(["tcp", "udp", 1])
        ports = []
        for p in (sp, dp):
            lo, hi = p if p else (0, 65535)
            ports.append(pick(rnd, lo, hi, corner) % 65536)
        pkts.append((pick(rnd, s[0], s[1], corner), pick(rnd, d[0], d[1], corner),
                     proto, ports[0], ports[1]))
    with open(prefix + ".pkts", "w") as f:
        for s, d, p, a, b in pkts:
            f.write(f"{ip(s)} {ip(d)} {p} {a} {b}\n")


main()
