#!/usr/bin/env python3
"""Large inputs for tests/verdict/scale.sh.

scale_gen.py KIND N OUT  writes OUT.nft and OUT.pkts: lines "expected
`cgnft test` verdict line (FILE for OUT.nft) TAB packet description".

KIND v4 (ipv4_addr), v6 (ipv6_addr), concat (ipv4_addr . inet_service, a
port range in one element out of four): a set of N elements and one rule
`FIELDS @big drop`; packets for members (the lowest and highest among
them), their neighbours, which are not members, and the ends of the key
space.  KIND concat2: ipv4_addr . inet_service with a /28 prefix and a
port range in every element (the table's key and residual).  KIND vmap: `tcp dport vmap` of N ports with accept, drop, jump and
goto.  KIND vmapcat and markmap: named maps of N IPv6 address . port
elements to verdicts and of N IPv4 address . port elements to N marks.
KIND vmap3: a vmap of N elements with ranges in three fields (compared
in turn, no table).
KIND inorder: N rules that cannot be classified (meta mark set): more
instructions than 16-bit jumps reach."""
import random
import sys

kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rnd = random.Random(7)
DROP = "drop by rule FILE:%d: %s"
POLICY = "accept (policy of chain scale/out)"
BASE = "\ttype filter hook egress priority 0; policy accept;\n"


def v4(x):
    return ".".join(str((x >> s) & 255) for s in (24, 16, 8, 0))


def v6(x):
    h = x.to_bytes(16, "big").hex()
    return f"{h[0:4]}:{h[4:8]}:{h[8:12]}:{h[12:16]}:{h[16:20]}:{h[20:24]}:{h[24:28]}:{h[28:32]}"


def spread_keys(bits):
    """One key in each of n equal slices of the key space: sorted,
    distinct, never adjacent, spread over all of it."""
    step = 2**bits // n
    return [i * step + rnd.randrange(step - 2) + 1 for i in range(n)]


def probes():
    return sorted(rnd.sample(range(n), 20)) + [0, n - 1]


def set_case():
    bits = 128 if kind == "v6" else 32
    keys = spread_keys(bits)
    lines = []
    if kind == "concat2":
        typ, sel, line = "ipv4_addr . inet_service", "ip daddr . tcp dport", 10
        keys = [k & ~15 for k in keys]	# /28 networks, one per slice

        def elem(i):
            p = i % 60000 + 1
            return f"{v4(keys[i])}/28 . {p}-{p + 9}"
        elements = (elem(i) for i in range(n))
        for i in probes():
            p = i % 60000 + 1
            for v, a, q in (("drop", keys[i], p), ("drop", keys[i] + 15, p + 9),
                            ("accept", keys[i] + 7, p - 1), ("accept", keys[i] + 7, p + 10),
                            ("accept", keys[i] - 1, p), ("accept", keys[i] + 16, p)):
                lines.append((v, f"ip daddr {v4(a)} tcp dport {q}"))
    elif kind == "concat":
        typ, sel, line = "ipv4_addr . inet_service", "ip daddr . tcp dport", 10

        def ports(i):	# key i: port i % 60000 + 1, or ports p..p+9
            p = i % 60000 + 1
            return (p, p + 9) if i % 4 == 0 else (p, p)

        def elem(i):
            lo, hi = ports(i)
            return f"{v4(keys[i])} . {lo}" + (f"-{hi}" if hi > lo else "")
        elements = (elem(i) for i in range(n))
        for i in probes():
            lo, hi = ports(i)
            for v, a, p in (("drop", keys[i], lo), ("drop", keys[i], hi),
                            ("accept", keys[i], lo - 1), ("accept", keys[i], hi + 1),
                            ("accept", keys[i] - 1, lo), ("accept", keys[i] + 1, hi)):
                lines.append((v, f"ip daddr {v4(a)} tcp dport {p}"))
    else:
        fmt = v4 if kind == "v4" else v6
        typ = "ipv4_addr" if kind == "v4" else "ipv6_addr"
        sel, line = ("ip daddr" if kind == "v4" else "ip6 daddr"), 9
        elements = (fmt(x) for x in keys)
        for i in probes():
            for v, a in (("drop", keys[i]), ("accept", keys[i] - 1), ("accept", keys[i] + 1)):
                lines.append((v, f"{sel} {fmt(a)} tcp dport 80"))
        for a in (0, 2**bits - 1):
            lines.append(("accept", f"{sel} {fmt(a)} tcp dport 80"))
    rule = f"{sel} @big drop"
    body = (f"\tset big {{\n\t\ttype {typ}\n" +
            ("\t\tflags interval\n" if kind in ("concat", "concat2") else "") +
            "\t\telements = { " + ", ".join(elements) + " }\n\t}\n" +
            "\tchain out {\n\t" + BASE + f"\t\t{rule}\n\t}}\n")
    return body, [(DROP % (line, rule) if v == "drop" else POLICY, d) for v, d in lines]


def vmap_case():
    verdicts = ["accept", "drop", "jump sub", "goto sub"]
    rule = "tcp dport vmap { " + ", ".join(f"{i + 1} : {verdicts[i % 4]}" for i in range(n)) + " }"
    body = ("\tchain sub {\n\t\tip daddr 10.0.0.1 drop\n\t}\n"
            "\tchain out {\n\t" + BASE + f"\t\t{rule}\n\t\tip daddr 10.0.0.2 drop\n\t}}\n")
    lines = []
    for i in sorted(rnd.sample(range(n), 30)) + [0, n - 1]:
        v = verdicts[i % 4]
        for a in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
            if v in ("accept", "drop"):
                want = f"{v} by rule FILE:8: {rule}"
            elif a == "10.0.0.1":
                want = DROP % (4, "ip daddr 10.0.0.1 drop")
            elif a == "10.0.0.2" and v == "jump sub":
                want = DROP % (9, "ip daddr 10.0.0.2 drop")
            else:	# back from the jump: no match; goto: the chain's end ends it
                want = POLICY
            lines.append((want, f"ip daddr {a} tcp dport {i + 1}"))
    lines.append((DROP % (9, "ip daddr 10.0.0.2 drop"), f"ip daddr 10.0.0.2 tcp dport {n + 1}"))
    return body, lines


def wide_map_case():
    """vmapcat: a named map ipv6_addr . inet_service : verdict (a port range
    in one element of four) with accept, drop, jump and goto; markmap: a
    named map ipv4_addr . inet_service : mark, every element its own mark,
    then a rule per probed mark."""
    bits = 128 if kind == "vmapcat" else 32
    fmt = v6 if kind == "vmapcat" else v4
    keys = spread_keys(bits)

    def ports(i):
        p = i % 60000 + 1
        return (p, p + 9) if i % 4 == 0 else (p, p)

    def key(i):
        lo, hi = ports(i)
        return f"{fmt(keys[i])} . {lo}" + (f"-{hi}" if hi > lo else "")
    verdicts = ["accept", "drop", "jump sub", "goto sub"]
    probe = probes()
    if kind == "vmapcat":
        decl = "type ipv6_addr . inet_service : verdict"
        elements = (f"{key(i)} : {verdicts[i % 4]}" for i in range(n))
        rule = "ip6 daddr . tcp dport vmap @big"
        after = ["tcp sport 7 drop"]
    else:
        decl = "type ipv4_addr . inet_service : mark"
        elements = (f"{key(i)} : {i + 1}" for i in range(n))
        rule = "meta mark set ip daddr . tcp dport map @big"
        after = [f"meta mark 0x{i + 1:08x} drop" for i in probe]
    body = ("\tmap big {\n\t\t" + decl + "\n\t\tflags interval\n\t\telements = { " +
            ", ".join(elements) + " }\n\t}\n"
            "\tchain sub {\n\t\ttcp sport 9 drop\n\t}\n"
            "\tchain out {\n\t" + BASE + f"\t\t{rule}\n" +
            "".join(f"\t\t{a}\n" for a in after) + "\t}\n")
    sel = "ip6 daddr" if kind == "vmapcat" else "ip daddr"
    lines = []
    for k, i in enumerate(probe):
        lo, hi = ports(i)
        v = verdicts[i % 4]
        for a, p, sport, inside in ((keys[i], lo, 9, True), (keys[i], hi, 7, True),
                                    (keys[i], hi + 1, 7, False), (keys[i] + 1, lo, 7, False)):
            desc = f"{sel} {fmt(a)} tcp dport {p} tcp sport {sport}"
            if not inside:
                want = DROP % (14, after[0]) if kind == "vmapcat" else POLICY
            elif kind == "markmap":
                want = DROP % (14 + k, after[k])
            elif v in ("accept", "drop"):
                want = f"{v} by rule FILE:13: {rule}"
            elif sport == 9:
                want = DROP % (9, "tcp sport 9 drop")
            else:	# back from the jump: the next rule; goto: the end
                want = DROP % (14, after[0]) if v == "jump sub" else POLICY
            lines.append((want, desc))
    return body, lines


def vmap3_case():
    """A vmap with ranges in three fields: no table, the elements are
    compared in turn."""
    def key(i):
        return (f"10.{i >> 8 & 255}.{i & 255}.0/24 . 10.{1 + (i >> 16)}.{i & 255}.0/24 . "
                f"{i % 60000 + 1}-{i % 60000 + 5}")
    verdicts = ["accept", "drop"]
    rule = ("ip saddr . ip daddr . tcp dport vmap { " +
            ", ".join(f"{key(i)} : {verdicts[i % 2]}" for i in range(n)) + " }")
    body = "\tchain out {\n\t" + BASE + f"\t\t{rule}\n\t}}\n"
    lines = []
    for i in probes():
        src, dst = f"10.{i >> 8 & 255}.{i & 255}.9", f"10.{1 + (i >> 16)}.{i & 255}.9"
        p = i % 60000 + 1
        lines.append((f"{verdicts[i % 2]} by rule FILE:5: {rule}",
                      f"ip saddr {src} ip daddr {dst} tcp dport {p + 4}"))
        lines.append((POLICY, f"ip saddr {src} ip daddr {dst} tcp dport {p + 5}"))
    return body, lines


def inorder_case():
    def addr(i):
        return f"10.{i >> 16}.{(i >> 8) & 255}.{i & 255}"
    rules = [f"ip daddr {addr(i)} tcp dport {i % 60000 + 1} meta mark set 0x{i:08x} accept"
             for i in range(n)] + ["ip daddr 10.255.0.1 drop"]
    body = "\tchain out {\n\t" + BASE + "".join(f"\t\t{r}\n" for r in rules) + "\t}\n"
    lines = []
    for i in sorted(rnd.sample(range(n), 10)) + [0, n - 1]:
        lines.append((f"accept by rule FILE:{i + 5}: {rules[i]}",
                      f"ip daddr {addr(i)} tcp dport {i % 60000 + 1}"))
        lines.append((POLICY, f"ip daddr {addr(i)} tcp dport {i % 60000 + 2}"))
    lines.append((DROP % (n + 5, rules[n]), "ip daddr 10.255.0.1 tcp dport 9"))
    return body, lines


body, lines = {"vmap": vmap_case, "inorder": inorder_case, "vmapcat": wide_map_case,
               "markmap": wide_map_case, "vmap3": vmap3_case}.get(kind, set_case)()
with open(out + ".nft", "w") as f:
    f.write('table cgroup scale {\n\tcgroup "cgnft-scale"\n' + body + "}\n")
with open(out + ".pkts", "w") as f:
    f.write("".join(f"{want}\t{desc}\n" for want, desc in lines))
