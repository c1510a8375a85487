#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn what `cgnft import --file` carried from each corpus file into cases
of the differential suite (tests/diff), so that the kernel's nftables and
cgnft judge the same packets with the same rules.

    tocases.py --cgnft CGNFT OUTDIR

For every corpus file and every base chain of the import: the chain's
carried rules (the refused ones are comments in the import, so they are
left out on both sides) become the suite's base chain `out`, with the
regular chains and sets they use; nft runs them at hook output, cgnft at
egress (matches on IP and transport fields do not depend on the hook).
Packets are aimed at every value the rules name, and just beside them.

Reject is carried as drop (--reject-as-drop, as the suite compiles it):
nft's reject drops the packet too, and the ICMP error or TCP reset it sends
is not a verdict the suite compares (doc/IMPORT.md says what a sender sees).
Rules with limit or quota are left out on both sides: their verdicts
depend on the packets before (and on time), and the three runs of the suite
(nft, attached, test-run) each start with their own state, so they cannot
agree packet by packet.  tests/runtime/stateful.sh covers those statements.
Rules with ct matches are left out too: nft's run has a conntrack user
(the ct rule itself), so each raw packet is `ct state new` there, while the
attached run has none (every packet `invalid`, as in nft without an entry)
and BPF_PROG_TEST_RUN has no entry either; tests/ct compares ct with nft's
input and output chains on real connections instead.  Interface rules stay
in: oifname and oif see the device the kernel routes the packet out of in
all three runs (diffsend gives the test run that device), and at hook
output (where the suite runs input chains too) no run has an input device:
iifname and iif read the empty name and index 0 in nft as in cgnft's
egress.
"""
import argparse
import ipaddress
import os
import random
import re
import socket
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "diff"))
sys.path.insert(0, HERE)
import gen	# noqa: E402
import pkt	# noqa: E402
import measure	# noqa: E402

ICMP = {"echo-reply": 0, "destination-unreachable": 3, "source-quench": 4, "redirect": 5,
        "echo-request": 8, "router-advertisement": 9, "router-solicitation": 10,
        "time-exceeded": 11, "parameter-problem": 12, "timestamp-request": 13,
        "timestamp-reply": 14, "info-request": 15, "info-reply": 16,
        "address-mask-request": 17, "address-mask-reply": 18}
ICMP6 = {"destination-unreachable": 1, "packet-too-big": 2, "time-exceeded": 3,
         "parameter-problem": 4, "echo-request": 128, "echo-reply": 129,
         "mld-listener-query": 130, "mld-listener-report": 131, "mld-listener-done": 132,
         "mld-listener-reduction": 132, "nd-router-solicit": 133, "nd-router-advert": 134,
         "nd-neighbor-solicit": 135, "nd-neighbor-advert": 136, "nd-redirect": 137,
         "router-renumbering": 138, "ind-neighbor-solicit": 141,
         "ind-neighbor-advert": 142, "mld2-listener-report": 143}
PROTO = {"icmpv6": 58, "ipv6-icmp": 58, "icmp": 1, "igmp": 2, "tcp": 6, "udp": 17}
# Rules the suite cannot compare (see the docstring): state, conntrack.
STATEFUL_RE = re.compile(r"(^|\s)(limit rate|limit name|quota|ct)\s")
FIELD_RE = re.compile(r"\b(%s)\b" % "|".join(
    re.escape(f) for f in sorted(gen.FIELDS, key=len, reverse=True)))


def values(kind, word):
    """The numbers a set element or value stands for (first, last)."""
    try:
        if kind == "addr":
            net = ipaddress.ip_network(word, strict=False)
            return [int(net.network_address), int(net.broadcast_address)]
        if kind == "port":
            if "-" in word:
                a, b = word.split("-", 1)
                return [int(a), int(b)]
            return [int(word, 0)] if word[0].isdigit() else [socket.getservbyname(word)]
        if kind == "proto":
            return [int(word, 0)] if word[0].isdigit() else [PROTO.get(word) or
                                                              socket.getprotobyname(word)]
        if kind == "icmptype":
            return [int(word, 0)] if word[0].isdigit() else [ICMP[word]]
        if kind == "icmp6type":
            return [int(word, 0)] if word[0].isdigit() else [ICMP6[word]]
        if kind in ("int", "frag", "mark"):
            return [int(word, 0)]
        if kind == "nfproto":
            return [{"ipv4": 2, "ipv6": 10}[word]]
    except (ValueError, KeyError, OSError):
        pass
    return []


def hints_of(rule):
    """{field: [values]} for the fields a rule matches."""
    hints = {}
    for m in FIELD_RE.finditer(rule):
        f = m.group(1)
        kind = gen.FIELDS[f][0]
        rest = rule[m.end():].split()
        while rest and rest[0] in ("==", "!=", "<", ">", "<=", ">="):
            rest = rest[1:]
        if not rest:
            continue
        if rest[0] == "{":
            words = []
            for w in rest[1:]:
                if w == "}":
                    break
                words.append(w.rstrip(","))
        else:
            words = [rest[0]]
        vals = []
        for w in words:
            if w and not w.startswith("@") and not w.startswith("$"):
                for v in values(kind, w):
                    vals += [v, v + 1, max(v - 1, 0)] if kind != "addr" else [v, v + 1]
        if vals:
            hints.setdefault(f, []).extend(vals)
    return hints


def fam_of(hints):
    for f in hints:
        if gen.FIELDS[f][2]:
            return gen.FIELDS[f][2]
    if "meta nfproto" in hints:
        return 4 if hints["meta nfproto"][0] == 2 else 6
    return None


def packet(r, fam, hints):
    s = pkt.default_spec(fam)
    s["src"] = r.randrange(1, 1 << (32 if fam == 4 else 128))
    s["dst"] = r.randrange(1, 1 << (32 if fam == 4 else 128))
    s["proto"] = r.choice([pkt.TCP, pkt.UDP, pkt.ICMP if fam == 4 else pkt.ICMPV6])
    s["sport"] = r.choice([22, 53, 80, 443, 40000, r.randrange(65536)])
    s["dport"] = r.choice([22, 53, 80, 443, 40000, r.randrange(65536)])
    s["itype"] = r.choice([0, 3, 8, 11] if fam == 4 else [1, 128, 129, 135])
    s["ttl"] = r.choice([64, 1, 255])
    for f, vals in hints.items():
        if gen.FIELDS[f][2] in (None, fam):
            v = r.choice(vals)
            bits = gen.FIELDS[f][1]
            gen.apply_hint(r, s, f, v & ((1 << bits) - 1))
    if fam == 4 and s["src"] == 0:
        s["src"] = 1
    return "%d %s %d" % (fam, pkt.build(s).hex(), s["mark"])


def chains_of(text, left_out=None):
    """Tables of an import: [(sets, {chain: (hook, policy, [rules])})]."""
    tables, cur, chain = [], None, None
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if line.startswith("table cgroup "):
            cur = {"sets": [], "chains": {}}
            tables.append(cur)
        elif line.startswith("set ") and cur is not None:
            name = line.split()[1]
            body = []
            while i < len(lines) and lines[i].strip() != "}":
                body.append(lines[i].strip())
                i += 1
            i += 1
            cur["sets"].append((name, "; ".join(body) + ";"))  # nft wants one after timeout
        elif line.startswith("chain ") and cur is not None:
            chain = line.split()[1]
            cur["chains"][chain] = [None, "accept", []]
        elif line == "}":
            chain = None
        elif chain and line.startswith("type filter hook "):
            w = line.replace(";", "").split()
            cur["chains"][chain][0] = w[3]
            cur["chains"][chain][1] = w[w.index("policy") + 1] if "policy" in w else "accept"
        elif chain and line and not line.startswith("#"):
            rule = re.sub(r"\s+# [^\"]*$", "", line)
            m = STATEFUL_RE.search(rule)
            if not m:
                cur["chains"][chain][2].append(rule)
            elif left_out is not None:
                key = m.group(2).split()[0]
                left_out[key] = left_out.get(key, 0) + 1
    return tables


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cgnft", required=True)
    ap.add_argument("--packets", type=int, default=6, help="packets per rule")
    ap.add_argument("outdir")
    a = ap.parse_args()
    r = random.Random(19)
    names = sorted(f for f in os.listdir(measure.FILES) if f.endswith(".nft"))
    ncases = nrules = 0
    left_out = {}
    tmp = a.outdir
    passwd = measure.passwd_copy(tmp)
    for name in names:
        out = os.path.join(tmp, name + ".import")
        p = subprocess.run(measure.in_private_mounts(passwd, [
            a.cgnft, "import", "--file", name, "--cgroup", "realworld.slice",
            "--skip-unsupported", "--reject-as-drop", "-o", out]), cwd=measure.FILES, capture_output=True, text=True)
        if p.returncode:
            print("%s: import failed:\n%s" % (name, p.stderr), file=sys.stderr)
            return 1
        for ti, t in enumerate(chains_of(open(out).read(), left_out)):
            for base, (hook, policy, rules) in t["chains"].items():
                if not hook:
                    continue
                case = ["# %s: base chain %s (hook %s), carried rules" % (name, base, hook),
                        "policy " + policy]
                case += ["set %s %s" % s for s in t["sets"]]
                case += ["chain out"] + ["rule " + x for x in rules]
                for c, (h, _, rr) in t["chains"].items():
                    if not h:
                        case += ["chain " + c] + ["rule " + x for x in rr]
                allrules = rules + [x for c, (h, _, rr) in t["chains"].items() if not h for x in rr]
                pkts = []
                for rule in allrules:
                    h = hints_of(rule)
                    fam = fam_of(h)
                    for k in range(a.packets):
                        pkts.append(packet(r, fam or (4 if k % 2 else 6), h))
                for k in range(8):
                    pkts.append(packet(r, 4 if k % 2 else 6, {}))
                case += ["packet " + x for x in pkts]
                fn = "%s.%d.%s.case" % (name[:-4], ti, base)
                with open(os.path.join(tmp, fn), "w") as f:
                    f.write("\n".join(case) + "\n")
                ncases += 1
                nrules += len(allrules)
    os.unlink(passwd)
    print("%d cases, %d rules" % (ncases, nrules))
    print("carried rules not compared (tocases.py says why): %s" % (", ".join(
        "%d with %s" % (v, k) for k, v in sorted(left_out.items())) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
