#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Exactness of `cgnft check` warnings and `cgnft diff` against brute force.

Random small rule sets over a small universe of fields; every packet of the
universe is run through the compiled programs with `cgnft test`
(BPF_PROG_TEST_RUN on the real kernel).  Checked, per seed:
  - a rule warned "can never match" decides no packet;
  - removing a rule warned "changes nothing" changes no packet's verdict;
  - every packet whose verdict differs between OLD and NEW lies in a region
    `cgnft diff -j` reports, every packet in a reported region changed, and
    the region's old/new verdicts are the packet's;
  - each witness has the stated old and new verdicts in `cgnft test`.
Prints TAP."""
import argparse, ipaddress, json, random, re, subprocess, sys

CG = "/sys/fs/cgroup/cgnft-analysis-never-attached"

SADDRS = ["10.0.0.1", "10.0.0.2", "10.0.1.1"]
SADDRS6 = ["2001:db8::1", "2001:db8:1::1"]
ATOMS = [
    "ip saddr 10.0.0.1", "ip saddr 10.0.0.0/24", "ip saddr != 10.0.0.2",
    "ip saddr { 10.0.0.1, 10.0.1.1 }", "ip saddr 10.0.0.1-10.0.0.2",
    "tcp dport 22", "tcp dport 22-23", "tcp dport != 80", "udp dport { 22, 80 }",
    "tcp dport { 22, 80 }", "udp dport 23", "tcp sport 40000",
    "meta l4proto tcp", "meta l4proto { tcp, udp }", "meta l4proto != udp",
    "icmp type echo-request", "icmp type != echo-reply", "meta mark 1",
    "meta mark != 1", "meta mark 0-1", "icmp code 0", "udp sport 40000", "ip6 saddr 2001:db8::1", "meta nfproto ipv6",
    "meta nfproto ipv4", "ip6 saddr 2001:db8::/48",
    "ip saddr . tcp dport { 10.0.0.1 . 22, 10.0.1.1 . 80 }", "meta protocol ip6",
    "ip saddr . meta mark { 10.0.0.1 . 1, 10.0.0.2 . 0 }",
    "meta priority 7", "meta priority != 7", "meta priority { 0, 5-9 }",
    "meta mark . meta priority { 1 . 7, 0 . 0 }",
    # the test socket: close, uid 0, no file (no skgid); time-wait never
    "socket state close", "socket state != close", "socket state { established, close }",
    "socket state time-wait", "socket state { time-wait, new-syn-recv }",
    "meta skuid 0", "meta skuid != 0", "meta skuid 1000",
    "meta skgid 0", "meta skgid != 0", "meta skgid { 0, 100 }",
    # raw transport bytes: ports, icmp's type.code and checksum, gre's bytes
    "th dport 22", "th dport != 22", "th sport 40000", "th dport { 22, 80 }",
    "th sport 2048-2100", "th sport != 2048", "th sport { 2048, 40000 }", "meta l4proto 47",
]
# the length, the device (lo, va, vb: brute.sh makes them in a network
# namespace of its own), ct (BPF_PROG_TEST_RUN: egress no entry, invalid;
# ingress a socket that gives no state)
ATOMS += [
    "meta length 60", "meta length < 48", "meta length 40-60", "meta length != 28",
    "meta length { 48, 80 }", "meta length > 1000", "meta length 40 tcp dport 22",
    'iifname "va"', 'iifname "v*"', 'iifname != "lo"', 'iifname { "lo", "vb" }',
    'oifname "vb"', 'oifname != "va"', 'oifname { "lo", "v*" }', 'oifname "v*"',
    'iif "va"', 'iif != "lo"', 'oif "vb"', 'oif != "va"', 'iifname "vb" oifname "vb"',
    "ct state new", "ct state established,related", "ct state invalid",
    "ct state != invalid", "ct state { invalid, untracked }", "ct state != established",
]
# ct keys only egress has (the front end refuses them on ingress)
ATOMS_EGRESS = ["ct direction original", "ct direction != reply", "ct mark 0",
                "ct mark != 1", "ct mark 1-5", "ct state invalid ct direction reply",
                "ct status assured", "ct status != 0", "ct status & 0x24 == 0x4",
                "ct status confirmed,dnat"]
# not modelled: diff must say "may change", check must not rely on them
OPAQUE = ["limit rate 1000000/second burst 100000 packets", "ip length 60"]
OPAQUE_EGRESS = ["ct status { assured, dnat }"]
HOOK = ["ingress"]


def atoms(rnd, lo, hi):
    pool = ATOMS + (ATOMS_EGRESS if HOOK[0] == "egress" else [])
    a = rnd.sample(pool, rnd.randint(lo, hi))
    if rnd.random() < 0.08:
        a.append(rnd.choice(OPAQUE + (OPAQUE_EGRESS if HOOK[0] == "egress" else [])))
    return a
VERDICTS = ["accept", "drop", "drop", "accept", "counter", "counter accept", "return", "reject"]
# jump graphs: base chains call r0 and r1, r0 calls r1 (never back: the
# front end refuses loops); verdict maps with jumps and gotos
CALLS = {"c": ["jump r0", "goto r0", "jump r1", "goto r1",
               "tcp dport vmap { 22 : jump r0, 80 : drop }",
               "ip saddr vmap { 10.0.0.1 : goto r1, 10.0.1.1 : accept }",
               "meta l4proto vmap { udp : jump r1, icmp : goto r0 }"],
         "r0": ["jump r1", "goto r1", "udp dport vmap { 22 : return, 23 : jump r1 }"],
         "r1": []}
VERDICTS_REGULAR = ["accept", "drop", "return", "return", "counter", "continue", "reject"]


def verdict(rnd, chain):
    calls = CALLS["c" if chain.startswith("c") else chain]
    if calls and rnd.random() < 0.3:
        return rnd.choice(calls)
    return rnd.choice(VERDICTS if chain.startswith("c") else VERDICTS_REGULAR)


DEVS = ["lo", "va", "vb"]


def name_value(name):
    return int.from_bytes(name.encode().ljust(16, b"\0"), "big")


def packets(args, hook):
    """(description, point) for every packet of the universe, on hook."""
    base = base_packets()
    out = []
    for dev in DEVS:
        for d, p in base:
            for pad in ((0, 20) if p["tlen"] == 4 and p["l4proto"] in (6, 17) else (0,)):
                out.append(("%s %s %s%s" % (d, "iifname" if hook == "ingress" else "oifname",
                                            dev, " payload %d" % pad if pad else ""),
                            dict(p, hook=0 if hook == "ingress" else 1, iface=name_value(dev),
                                 ctstate=5 if hook == "ingress" else 0, ctdir=2,
                                 ctmark=1 << 32, ctstatus_hi=0,
                                 **{"ctstatus%d" % b: 0 for b in range(16)})))
    # the length each packet has
    argv = [args.cgnft, "test", "-v", args.work + "/probe.nft"]
    for d, _ in out:
        argv += ["--packet", d]
    r = subprocess.run(argv, capture_output=True, text=True)
    lens = [int(x) for x in re.findall(r"packet \((\d+) bytes", r.stdout)]
    assert len(lens) == len(out), r.stderr
    return [(d, dict(p, len=n)) for (d, p), n in zip(out, lens)]


def base_packets():
    out = []
    for mark, prio in ((0, 0), (1, 7)):
        for fam, addrs in (("ip", SADDRS), ("ip6", SADDRS6)):
            v6 = fam == "ip6"
            daddr = "2001:db8::2" if v6 else "192.0.2.2"
            for sa in addrs:
                base = "%s saddr %s %s daddr %s" % (fam, sa, fam, daddr)
                pt = {"nfproto": 10 if v6 else 2, "saddr": int(ipaddress.ip_address(sa)),
                      "daddr": int(ipaddress.ip_address(daddr)), "mark": mark,
                      "sport": 0, "dport": 0, "icmptype": 0, "icmpcode": 0,
                      "priority": prio, "sockstate": 7, "skuid": 0, "skgid": 1 << 32}
                hl = 40 if v6 else 20
                for proto in ("tcp", "udp"):
                    l4 = 6 if proto == "tcp" else 17
                    for dport in (22, 23, 80):
                        p = dict(pt, l4proto=l4, tlen=4, sport=40000, dport=dport)
                        out.append(("%s %s sport 40000 %s dport %d meta mark %d"
                                    % (base, proto, proto, dport, mark), p))
                    p = dict(pt, l4proto=l4, tlen=0)
                    out.append(("%s meta l4proto %s %s meta mark %d" % (
                        base, proto, "frag frag-off 1" if v6 else "ip frag-off 185", mark), p))
                    # truncated: the source port is there, the destination not
                    out.append(("%s %s sport 40000 %s dport 22 truncate %d meta mark %d"
                                % (base, proto, proto, hl + 2, mark),
                                dict(pt, l4proto=l4, tlen=2, sport=40000)))
                # another protocol: its first 4 bytes are th sport, dport
                out.append(("%s meta l4proto 47 payload-hex 9c400016 meta mark %d" % (base, mark),
                            dict(pt, l4proto=47, tlen=4, sport=40000, dport=22)))
                out.append(("%s meta l4proto 47 meta mark %d" % (base, mark),
                            dict(pt, l4proto=47, tlen=0)))
                if not v6:
                    # the checksum is th dport
                    for t, ck in ((0, 80), (8, 22)):
                        out.append(("%s icmp type %d icmp code 0 icmp checksum %d meta mark %d"
                                    % (base, t, ck, mark),
                                    dict(pt, l4proto=1, tlen=4, icmptype=t, dport=ck)))
                    out.append(("%s icmp type 8 icmp code 0 truncate %d meta mark %d" % (base, hl + 1, mark),
                                dict(pt, l4proto=1, tlen=1, icmptype=8)))
    return [("%s meta priority %d" % (d, p["priority"]), p) for d, p in out]


def gen_rules(rnd):
    lines = []
    nchains = rnd.choice((1, 1, 2))
    for c in range(nchains):
        lines.append("\tchain c%d {" % c)
        lines.append("\t\ttype filter hook %s priority %d; policy %s;"
                     % (HOOK[0], c, rnd.choice(("accept", "drop"))))
        for _ in range(rnd.randint(1, 6)):
            lines.append("\t\t" + " ".join(atoms(rnd, 0, 2) + [verdict(rnd, "c%d" % c)]))
        lines.append("\t}")
    for r in ("r0", "r1"):
        lines.append("\tchain %s {" % r)
        for _ in range(rnd.randint(0, 4)):
            lines.append("\t\t" + " ".join(atoms(rnd, 0, 2) + [verdict(rnd, r)]))
        lines.append("\t}")
    return lines


def chain_of(lines, i):
    """The chain line i is in."""
    while not lines[i].startswith("\tchain "):
        i -= 1
    return lines[i].split()[1]


def write(path, lines):
    with open(path, "w") as f:
        f.write("table cgroup t {\n\tcgroup \"%s\";\n" % CG)
        f.write("\n".join(lines) + "\n}\n")


def run(args, *argv):
    argv = list(argv)
    if argv[0] in ("test", "check", "compile"):
        argv.insert(1, "--reject-as-drop")	# diff takes reject as drop
    return subprocess.run([args.cgnft] + argv, capture_output=True, text=True)


def verdicts(args, path, pkts):
    """Per packet: (verdict, deciding line or None)."""
    argv = ["test", path]
    for d, _ in pkts:
        argv += ["--packet", d]
    r = run(args, *argv)
    if r.returncode:
        LOAD_ERRORS.append(r.stderr)
        return None
    res = []
    for line in r.stdout.splitlines():
        if line.startswith("packet "):
            continue
        m = re.match(r"\s*\S+: (accept|drop)(?: by rule [^:]+:(\d+):)?", line)
        res.append((m.group(1), int(m.group(2)) if m.group(2) else None))
    return res if len(res) == len(pkts) else None


LOAD_ERRORS = []


def inside(region, pt):
    for dim, (lo, hi) in region.items():
        if not int(lo) <= pt[dim] <= int(hi):
            return False
    return True


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, todo=None):
        self.n += 1
        if not cond and not todo:
            self.failed += 1
        print("%s %d - %s%s" % ("ok" if cond else "not ok", self.n, desc,
                                " # TODO " + todo if todo and not cond else ""))
        sys.stdout.flush()


def valid(args, path):
    r = run(args, "compile", "-o", args.work + "/out.o", path)
    return r.returncode == 0


def one_seed(args, tap, seed, all_pkts):
    rnd = random.Random(seed)
    HOOK[0] = rnd.choice(("ingress", "egress"))
    pkts = all_pkts[HOOK[0]]
    while True:
        old, new = gen_rules(rnd), None
        write(args.work + "/old.nft", old)
        if not valid(args, args.work + "/old.nft"):
            continue
        for _ in range(20):
            new = list(old)
            body = [i for i, l in enumerate(new) if l.startswith("\t\t") and "type filter" not in l]
            for _ in range(rnd.randint(1, 2)):
                i = rnd.choice(body)
                op = rnd.random()
                ch = chain_of(new, i)
                if op < 0.4:
                    new[i] = "\t\t" + " ".join(atoms(rnd, 0, 2) + [verdict(rnd, ch)])
                elif op < 0.7:
                    new.insert(i, "\t\t" + " ".join(atoms(rnd, 1, 2) + [verdict(rnd, ch)]))
                    body = [j + (j >= i) for j in body]
                else:
                    new[i] = new[i].replace("accept", "DROP").replace("drop", "accept").replace("DROP", "drop")
            write(args.work + "/new.nft", new)
            if valid(args, args.work + "/new.nft"):
                break
        else:
            continue
        break
    o, n = args.work + "/old.nft", args.work + "/new.nft"
    del LOAD_ERRORS[:]
    vo, vn = verdicts(args, o, pkts), verdicts(args, n, pkts)
    tap.ok(vo is not None and vn is not None, "seed %d: cgnft test runs every packet%s" % (
        seed, "" if not LOAD_ERRORS else " (%s)" % LOAD_ERRORS[0].strip().splitlines()[-1]))
    if vo is None or vn is None:
        return

    # check warnings
    r = run(args, "check", o)
    tap.ok(r.returncode == 0, "seed %d: check exits 0 with warnings" % seed)
    never = set(int(x) for x in re.findall(r":(\d+):\d+-\d+: Warning: this rule can never match", r.stderr))
    noeff = set(int(x) for x in re.findall(r":(\d+):\d+-\d+: Warning: this rule changes nothing", r.stderr))
    bad = [i for i, (v, line) in enumerate(vo) if line in never]
    tap.ok(not bad, "seed %d: rules warned never-matching (%s) decide no packet%s" % (
        seed, sorted(never), " (they do: %s)" % pkts[bad[0]][0] if bad else ""))
    with open(o) as f:
        src = f.read().split("\n")
    for line in sorted(noeff):
        cut = list(src)
        cut[line - 1] = ""
        with open(args.work + "/cut.nft", "w") as f:
            f.write("\n".join(cut))
        vc = verdicts(args, args.work + "/cut.nft", pkts)
        same = vc is not None and [v for v, _ in vc] == [v for v, _ in vo]
        tap.ok(same, "seed %d: without rule %d (warned: changes nothing) no verdict changes" % (seed, line))

    # diff
    r = run(args, "diff", "-j", o, n)
    changed = [i for i in range(len(pkts)) if vo[i][0] != vn[i][0]]
    try:
        d = json.loads(r.stdout)
    except ValueError:
        tap.ok(False, "seed %d: diff -j prints JSON (%s)" % (seed, r.stderr.strip()))
        return
    tap.ok(r.returncode == (1 if d["changes"] else 0), "seed %d: diff exit status %d" % (seed, r.returncode))
    if any(c.get("may_change") for c in d["changes"]):
        tap.ok(r.returncode == 1, "seed %d: not modelled (%s): diff says may change" % (
            seed, [c["reason"] for c in d["changes"] if c.get("may_change")][0]))
        return
    errs = []
    for i, (desc, pt) in enumerate(pkts):
        regs = [c for c in d["changes"] if inside(c["region"], pt)]
        if i in changed and not regs:
            errs.append("changed but in no region: " + desc)
        if i not in changed and regs:
            errs.append("unchanged but in region %s: %s" % (regs[0]["text"], desc))
        for c in regs:
            if (c["old"], c["new"]) != (vo[i][0], vn[i][0]):
                errs.append("region says %s->%s, packet %s->%s: %s" % (
                    c["old"], c["new"], vo[i][0], vn[i][0], desc))
    tap.ok(not errs, "seed %d: diff regions hold exactly the %d changed packets of %d%s" % (
        seed, len(changed), len(pkts), " (%s)" % errs[0] if errs else ""))
    wit = [c for c in d["changes"] if c["witness"]]
    if wit:
        wp = [(c["witness"], None) for c in wit]
        wo, wn = verdicts(args, o, wp), verdicts(args, n, wp)
        okw = wo is not None and wn is not None and all(
            (wo[k][0], wn[k][0]) == (c["old"], c["new"]) for k, c in enumerate(wit))
        tap.ok(okw, "seed %d: %d witnesses have the stated verdicts" % (seed, len(wit)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cgnft", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--seeds", default="1-30")
    a = ap.parse_args()
    lo, _, hi = a.seeds.partition("-")
    tap = Tap()
    with open(a.work + "/probe.nft", "w") as f:
        f.write("table cgroup p {\n\tcgroup \"%s\";\n\tchain c {\n\t\ttype filter hook "
                "ingress priority 0; policy accept;\n\t}\n}\n" % CG)
    pkts = {h: packets(a, h) for h in ("ingress", "egress")}
    for seed in range(int(lo), int(hi or lo) + 1):
        one_seed(a, tap, seed, pkts)
    print("1..%d" % tap.n)


main()
