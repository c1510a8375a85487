#!/usr/bin/env python3
"""Seeded rule sets and packets that stress the classifier (ir/classify.c).

classify_gen.py SEED OUT_PREFIX [wide] writes OUT_PREFIX.nft (one long egress
chain with rules of many shapes, drawn from small value pools so that rules
overlap, share keys and shadow each other) and OUT_PREFIX.pkts (one
`cgnft test --packet` description per line, aimed at those values).
`wide`: about 400 rules over pools with hundreds more random values
(tables of hundreds of entries, which get a first-level index), and packets
also at the edges of every prefix, just inside and just outside."""
import ipaddress
import random
import sys

seed, prefix = int(sys.argv[1]), sys.argv[2]
wide = len(sys.argv) > 3 and sys.argv[3] == "wide"
rnd = random.Random(seed)

V4 = ["10.0.0.1", "10.0.0.2", "10.0.1.1", "10.1.2.3", "192.0.2.7", "10.0.0.255"]
V4NET = ["10.0.0.0/24", "10.0.0.0/8", "10.0.0.0/30", "10.1.0.0/16", "0.0.0.0/0",
         "10.0.0.1/32"]
V6 = ["2001:db8::1", "2001:db8::2", "2001:db8:1::5", "2001:db8:1:ffff::1", "fe80::1"]
V6NET = ["2001:db8::/32", "2001:db8:1::/48", "2001:db8::/126", "::/0",
         "2001:db8:1:ffff::/64"]
PORTS = [22, 53, 80, 443, 1000, 1500, 2000, 65535, 0, 1]
if wide:
    for _ in range(300):
        a = rnd.getrandbits(24)
        V4.append(f"10.{a >> 16}.{(a >> 8) & 255}.{a & 255}")
        plen = rnd.choice([16, 20, 24, 28])
        V4NET.append(str(ipaddress.ip_network(f"10.{a >> 16}.{(a >> 8) & 255}.{a & 255}/{plen}", strict=False)))
        h = rnd.getrandbits(32)
        V6.append(f"2001:db8:{h >> 16:x}:{h & 0xffff:x}::1")
        V6NET.append(f"2001:db8:{h >> 16:x}::/48")
    PORTS += [rnd.randrange(65536) for _ in range(150)]


def edges(nets):
    """Addresses at and just beyond the ends of each prefix."""
    out = []
    for n in nets:
        net = ipaddress.ip_network(n)
        for a in (int(net.network_address) - 1, int(net.network_address),
                  int(net.broadcast_address), int(net.broadcast_address) + 1):
            if 0 <= a < 2 ** net.max_prefixlen:
                out.append(str(ipaddress.ip_address(a) if net.version == 4
                               else ipaddress.IPv6Address(a)))
    return out


PKT_V4 = V4 + ['10.0.0.9', '10.0.0.5', '10.0.0.21'] + (edges(V4NET) if wide else [])
PKT_V6 = V6 + ['2001:db8:1:ffff::9', '2001:db8::3'] + (edges(V6NET) if wide else [])


def port():
    return rnd.choice(PORTS)


def prange():
    a, b = sorted((port(), port()))
    return f"{a}-{b}" if a != b else str(a)


def pset():
    return "{ " + ", ".join(sorted({str(port()) for _ in range(rnd.randint(1, 4))},
                                   key=int)) + " }"


def l4():
    return rnd.choice(["tcp", "udp"])


SHAPES = [
    lambda: f"ip daddr {rnd.choice(V4)} {l4()} dport {port()}",
    lambda: f"ip saddr {rnd.choice(V4NET)} udp dport {pset()}",
    lambda: f"ip6 daddr {rnd.choice(V6NET)} tcp dport {prange()}",
    lambda: f"ip daddr {rnd.choice(V4)} udp dport 53 counter",
    lambda: f"meta l4proto {rnd.choice([6, 17, 1, 58, 47, 132])}",
    lambda: f"tcp dport != {port()}",
    lambda: f"ip saddr {rnd.choice(V4)} ip daddr {rnd.choice(V4NET)}",
    lambda: f"ip6 saddr {rnd.choice(V6)} ip6 daddr {rnd.choice(V6)} tcp dport {port()}",
    lambda: f"tcp dport < {port()}",
    lambda: f"udp sport > {port()}",
    lambda: f"ip ttl {rnd.choice(['1-10', '64', '255', '0-63'])}",
    lambda: f"ip dscp {rnd.choice(['cs1', 'ef', 'af41', '0'])}",
    lambda: f"meta mark {rnd.choice([0, 1, 16, 0xffffffff])}",
    lambda: f"ip saddr {rnd.choice(V4NET)} tcp dport {port()}",
    lambda: f"ip6 daddr {rnd.choice(V6NET)} udp dport {pset()}",
    lambda: f"ip saddr {rnd.choice(['10.0.0.5-10.0.0.20', '10.0.0.0-10.0.0.1'])} {l4()} sport {prange()}",
    lambda: f"icmp type {rnd.choice(['echo-request', 'echo-reply', 'destination-unreachable'])}",
    lambda: f"icmpv6 type {rnd.choice(['echo-request', 'nd-neighbor-solicit'])}",
    lambda: f"ip protocol {rnd.choice(['tcp', 'udp', 'gre'])} ip daddr {rnd.choice(V4)}",
    # single keys over several words: hashed groups
    lambda: f"ip6 daddr {rnd.choice(V6)} {l4()} dport {port()}",
    lambda: f"ip6 saddr {rnd.choice(V6)} ip6 daddr {rnd.choice(V6)}",
]
# Most rules come from a few shapes, as in real rule sets.
WEIGHTS = [10, 6, 6, 3, 3, 1, 3, 2, 1, 1, 1, 1, 1, 6, 3, 2, 1, 1, 2, 4, 3]

rules = []
for i in range(rnd.randint(350, 450) if wide else rnd.randint(40, 160)):
    m = rnd.choices(SHAPES, WEIGHTS)[0]()
    v = rnd.choices(["drop", "accept", "return"], [6, 3, 1])[0]
    rules.append(f"{m} {v}")
policy = rnd.choice(["accept", "drop"])
with open(prefix + ".nft", "w") as f:
    f.write('table cgroup cls {\n\tcgroup "cgnft-test"\n\tchain out {\n'
            f'\t\ttype filter hook egress priority 0; policy {policy};\n')
    f.writelines(f"\t\t{r}\n" for r in rules)
    f.write("\t}\n}\n")


def packet():
    fam = rnd.choice([4, 4, 4, 6, 6])
    words = []
    proto = rnd.choice(["tcp", "udp", "tcp", "udp", "icmp", "gre", "sctp"])
    if fam == 4:
        words += [f"ip saddr {rnd.choice(PKT_V4)}",
                  f"ip daddr {rnd.choice(PKT_V4)}",
                  f"ip ttl {rnd.choice([1, 10, 11, 63, 64, 255])}",
                  f"ip dscp {rnd.choice(['cs1', 'ef', 'cs0'])}"]
        if proto == "icmp":
            words.append(f"icmp type {rnd.choice(['echo-request', 'echo-reply', 'destination-unreachable'])}")
        elif proto in ("gre", "sctp"):
            words.append(f"ip protocol {proto}")
        if rnd.random() < 0.1:
            words.append(f"ip frag-off {rnd.choice(['185', '0x2000'])}")
        if rnd.random() < 0.1:
            words.append("ip options 8")
    else:
        words += [f"ip6 saddr {rnd.choice(PKT_V6)}", f"ip6 daddr {rnd.choice(PKT_V6)}"]
        if proto == "icmp":
            words.append(f"icmpv6 type {rnd.choice(['echo-request', 'nd-neighbor-solicit'])}")
        elif proto in ("gre", "sctp"):
            words.append(f"ip6 nexthdr {proto}")
        if rnd.random() < 0.1:
            words.append(f"ip6 exthdr {rnd.choice(['hbh', 'dst,rt', 'frag'])}")
        if rnd.random() < 0.05:
            words.append("frag frag-off 3")
    if proto in ("tcp", "udp"):
        words += [f"{proto} sport {port()}", f"{proto} dport {port()}"]
    if rnd.random() < 0.3:
        words.append(f"meta mark {rnd.choice([0, 1, 16, 0xffffffff])}")
    if proto in ("tcp", "udp") and rnd.random() < 0.05:
        # the kernel's test run needs a whole IP header
        words.append(f"truncate {rnd.choice([22, 41, 45] if fam == 4 else [41, 45, 50])}")
    return " ".join(words)


with open(prefix + ".pkts", "w") as f:
    for _ in range(300):
        f.write(packet() + "\n")
