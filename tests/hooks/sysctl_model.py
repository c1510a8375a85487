#!/usr/bin/env python3
"""Generated sysctl policies and the linear (first-match) model of them,
for tests/hooks/sysctl_diff.sh.

  sysctl_model.py gen SEED N CGROUP OUT.nft OUT.cases DEFAULTS [MIX]
      write a policy of N rules and the accesses to try, each with the
      model's verdict (DEFAULTS: "knob<TAB>value" per line, each knob's
      value in a fresh network namespace: what `current value` sees).
      MIX: mixed (default: names, base names, values), glob (mostly
      globs on the name or the base name), sglob (mostly globs with a
      fixed end and no long fixed start), neq (sets of names and `!=`
      names) or ronly (values only).
  sysctl_model.py probe CASES
      (inside the cgroup) perform each access in a fresh network namespace
      and print ok/EPERM per line.
"""
import ctypes, fnmatch, os, random, sys

KNOBS = ["net/ipv4/tcp_fin_timeout", "net/ipv4/tcp_keepalive_time",
         "net/ipv4/tcp_keepalive_probes", "net/ipv4/tcp_keepalive_intvl",
         "net/ipv4/tcp_syn_retries", "net/ipv4/tcp_synack_retries",
         "net/ipv4/ip_default_ttl", "net/ipv4/tcp_retries2",
         "net/ipv4/ip_local_port_range", "net/ipv4/tcp_rmem",
         "net/ipv4/conf/lo/rp_filter", "net/ipv6/conf/lo/hop_limit"]
DECOYS = ["net/ipv4/decoy%d" % i for i in range(20)]
# '*' matches '/' too, as fnmatch.fnmatchcase; no brackets in them
FULL_GLOBS = ["net/ipv4/tcp_*", "net/*/tcp_fin_*", "net/ipv?/ip_*",
              "*_retries*", "net/ipv4/conf/*/rp_filter",
              "net/ipv4/tcp_keepalive_?ime", "net/ipv4/tcp_syn*", "net/*", "*",
              "net/ipv6/conf/lo/*", "net/ipv4/tcp_*mem", "*intvl",
              "net/ipv4/ip_local_port_rang?", "net/ipv4/tcp_fin_timeout*",
              "net/ipv4/*_*_*", "net/ipv4/tcp_*_*s", "n?t/ipv4/*l*l*",
              "*/lo/*"]
BASE_GLOBS = ["tcp_*", "*time*", "?p_*", "*_retries?", "hop_*", "tcp_keepalive_*",
              "ip_local_port_*", "*mem", "t*_*_*o*"]
VALUES = ["15", "15\n", "60", "0x1f", "017", "09", " 15", "15 16", "15 99",
          "abc", "-1", "", "1" * 40, "0" * 30 + "15", "5 6 7 8 9 10 11 12 13",
          "18446744073709551615", "18446744073709551616", "7\t8", "3 ",
          "32768 60999", "4096 131072 6291456"]


def numbers(v):
    """The numbers of a value as rules read them, or None."""
    if v is None:
        return None
    s = v[:-1] if v.endswith("\n") else v
    out, i = [], 0
    while True:
        j = i
        while j < len(s) and s[j] in " \t\n\v\f\r":
            j += 1
        k = j
        if s[k:k + 2].lower() == "0x" and k + 2 < len(s) and s[k + 2] in "0123456789abcdefABCDEF":
            base, k = 16, k + 2
        elif s[k:k + 1] == "0":
            base = 8
        else:
            base = 10
        digits = "0123456789abcdef"[:base]
        d = k
        while d < len(s) and s[d].lower() in digits:
            d += 1
        if d == k or d - j > 32:       # bpf_strtoul reads 32 bytes
            return None
        n = int(s[k:d], base)
        if n >= 1 << 64:
            return None
        if d < len(s) and s[d] not in " \t\n":
            return None
        out.append(n)
        i = d
        if i == len(s):
            return out if len(out) <= 8 else None
        if len(out) == 8:
            return None


def glob_name(rnd):
    """A name match of a glob-heavy policy: mostly globs, some decoys."""
    c = rnd.random()
    if c < 0.35:
        return ("full", rnd.choice(FULL_GLOBS))
    if c < 0.6:
        return ("full", rnd.choice(["net/gen%d/*_timeout", "net/ipv4/decoy%d*",
                                    "*decoy%d", "net/ipv4/tcp_x%d_*"]) % rnd.randrange(3000))
    if c < 0.8:
        return ("base", rnd.choice(BASE_GLOBS))
    if c < 0.9:
        return ("full", rnd.choice(KNOBS + DECOYS))
    return None


# globs with a fixed end (grouped by their suffix key, sysctl_table.c)
SUFFIX_GLOBS = ["*/tcp_fin_timeout", "net/*/rp_filter", "*_timeout", "*_retries",
                "*/hop_limit", "*_probes", "net/*/ip_default_ttl", "*/lo/*_filter",
                "*ime", "*_rmem", "n*/ipv4/tcp_syn_retries", "*?_port_range",
                "net/ipv?/*_ttl", "*/conf/*/hop_limit", "*retries2", "*_keepalive_intvl"]
BASE_SUFFIX_GLOBS = ["*_time", "*_intvl", "*_retries2", "*filter", "*_limit", "*l"]


def suffix_glob_name(rnd):
    """A name match of a suffix-heavy policy: globs with a fixed end and
    no long fixed start, some with both, a few decoys."""
    c = rnd.random()
    if c < 0.3:
        return ("full", rnd.choice(SUFFIX_GLOBS))
    if c < 0.65:
        return ("full", rnd.choice(["*/knob%d_mtu", "net/*/fwd%d", "*_x%d_timeout",
                                    "net/gen%d/*_timeout", "net/gen%d/*",
                                    "*decoy%d"]) % rnd.randrange(3000))
    if c < 0.8:
        return ("base", rnd.choice(BASE_SUFFIX_GLOBS + ["*_y%d" % rnd.randrange(3000)]))
    if c < 0.9:
        return ("full", rnd.choice(FULL_GLOBS))
    return None


def neq_name(rnd):
    """A name match of a policy of sets and `!=`: exclusions of one or
    more full or base names, sets of full or base names, some plain."""
    c = rnd.random()
    names = KNOBS + DECOYS
    pick = lambda: rnd.sample(names, rnd.choice([1, 1, 2, 3]))
    if c < 0.3:
        return ("notfull", pick())
    if c < 0.45:
        return ("notbase", [x.rsplit("/", 1)[1] for x in pick()])
    if c < 0.7:
        return ("setfull", pick())
    if c < 0.8:
        return ("setbase", [x.rsplit("/", 1)[1] for x in pick()])
    if c < 0.9:
        return ("full", rnd.choice(names))
    return None


def name_text(name):
    k, s = name
    field = "sysctl base name" if k.endswith("base") else "sysctl name"
    if k in ("full", "base"):
        return '%s "%s"' % (field, s)
    strs = ", ".join('"%s"' % x for x in dict.fromkeys(s))
    neg = "!= " if k.startswith("not") else ""
    if len(dict.fromkeys(s)) == 1 and neg:
        return '%s %s%s' % (field, neg, strs)
    return '%s %s{ %s }' % (field, neg, strs)


def name_holds(name, knob):
    k, s = name
    x = knob.rsplit("/", 1)[1] if k.endswith("base") else knob
    if k.startswith("not"):
        return x not in s
    if k.startswith("set"):
        return x in s
    return fnmatch.fnmatchcase(x, s)


def gen(seed, n, cgroup, out_nft, out_cases, defaults, mix="mixed"):
    rnd = random.Random(seed)
    cur = dict(l.rstrip("\n").split("\t", 1) for l in open(defaults))
    cur = {k: v.replace("\\t", "\t") + "\n" for k, v in cur.items()}
    kind = rnd.choice(["new", "current"])
    rules = []
    for _ in range(n):
        r = {"op": rnd.choice([None, "read", "write", "write"])}
        c = rnd.random()
        name = rnd.choice(KNOBS + DECOYS)
        if mix == "glob":
            r["name"] = glob_name(rnd)
        elif mix == "sglob":
            r["name"] = suffix_glob_name(rnd)
        elif mix == "neq":
            r["name"] = neq_name(rnd)
        elif mix == "ronly":
            r["name"] = None
        elif c < 0.5:
            r["name"] = ("full", name)
        elif c < 0.7:
            r["name"] = ("base", name.rsplit("/", 1)[1])
        else:
            r["name"] = None
        if mix == "ronly":
            lo = rnd.choice([0, 1, 5, 10, 15, 16, 31, 60, 4096, 32768, 7, 9,
                             rnd.randrange(100000)])
            r["value"] = (lo, lo + rnd.choice([0, 1, 5, 50, 70000, 3]))
        elif rnd.random() < (0.3 if mix in ("glob", "sglob") else 0.6):
            lo = rnd.choice([0, 1, 5, 10, 15, 16, 31, 60, 4096, 32768])
            r["value"] = (lo, lo + rnd.choice([0, 1, 5, 50, 70000]))
        else:
            r["value"] = None
        r["verdict"] = rnd.choice(["accept", "drop"])
        rules.append(r)
    with open(out_nft, "w") as f:
        f.write('table cgroup diff {\n\tcgroup "%s"\n\tchain c {\n'
                '\t\ttype filter hook sysctl priority 0; policy accept;\n' % cgroup)
        for r in rules:
            t = []
            if r["op"]:
                t.append("sysctl " + r["op"])
            if r["name"]:
                t.append(name_text(r["name"]))
            if r["value"]:
                lo, hi = r["value"]
                val = "value" if kind == "new" else "current value"
                t.append("sysctl %s %s" % (val, lo if lo == hi else "%d-%d" % (lo, hi)))
            t.append("counter " + r["verdict"] if rnd.random() < 0.2 else r["verdict"])
            f.write("\t\t" + " ".join(t) + "\n")
        f.write("\t}\n}\n")

    def decide(knob, write, new):
        for r in rules:
            if r["op"] and (r["op"] == "write") != write:
                continue
            if r["name"] and not name_holds(r["name"], knob):
                continue
            if r["value"]:
                v = (new if write else None) if kind == "new" else cur[knob]
                nums = numbers(v)
                if nums is None or not all(r["value"][0] <= x <= r["value"][1] for x in nums):
                    continue
            return "ok" if r["verdict"] == "accept" else "EPERM"
        return "ok"

    with open(out_cases, "w") as f:
        for knob in KNOBS:
            f.write("%s\tR\t\t%s\n" % (knob, decide(knob, False, None)))
            for v in VALUES:
                f.write("%s\tW\t%s\t%s\n" % (knob, v.encode("unicode_escape").decode(), decide(knob, True, v)))


def probe(cases):
    libc = ctypes.CDLL(None, use_errno=True)
    for line in open(cases):
        knob, op, val, _ = line.rstrip("\n").split("\t")
        if libc.unshare(0x40000000) != 0:      # CLONE_NEWNET
            print("unshare failed"); sys.exit(1)
        try:
            fd = os.open("/proc/sys/" + knob, os.O_WRONLY if op == "W" else os.O_RDONLY)
            try:
                if op == "W":
                    os.write(fd, val.encode().decode("unicode_escape").encode())
                else:
                    os.read(fd, 256)
            finally:
                os.close(fd)
            print("ok")
        except PermissionError:
            print("EPERM")
        except OSError:
            print("ok")        # allowed, refused by the knob itself


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]), *sys.argv[4:9])
    else:
        probe(sys.argv[2])
