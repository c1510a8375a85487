#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Accept/reject agreement of cgnft with nft on a corpus of single rules.

Each rule of the corpus (tests/lang/gen_corpus.py) is put into a chain
and checked by both tools:

  nft    table inet t { CONTEXT; chain c { type filter hook output
         priority 0; policy accept; RULE } chain other { } }
         `nft -c -f FILE`, in a private network namespace (unshare --net:
         this script re-executes itself there)
  cgnft  table cgroup t { cgroup "x"; CONTEXT; chain c { type filter hook
         egress priority 0; policy accept; RULE } chain other { } }
         `cgnft compile FILE --emit ir`

CONTEXT is gen_corpus.CONTEXT (named sets, maps, objects the rules may
name); a declaration one tool refuses is left out of its wrapper, and the
report says so.  nft -c sends the rules to the kernel, which checks each
expression, but not the chain's type and hook (that happens on commit):
--load also loads every rule nft -c accepts, for real, in the private
namespace, and lists the ones the kernel then refuses.

Rules are checked many to a file.  Both tools report every bad rule with
FILE:LINE (nft at most 10 per run), so a run sorts the rules it names as
rejected; the others are checked again, without them, until a run passes:
those are accepted.  A run whose errors name no rule line (or that crashes
or times out) is split in two and each half checked alone, down to single
rules (an nft that crashes on a rule counts as rejecting it, with the
assertion as its message).  --isolate checks every rule in a file of its
own instead (slow; to cross-check the batching).

Classes: both-accept, both-reject, hook-cannot (nft accepts, cgnft refuses
with "not available in a cgroup table" or "can be set in a cgroup table":
the hook cannot do it, by cgnft's own account), gap
(nft accepts, cgnft refuses otherwise), bug (nft refuses, cgnft accepts),
crash (cgnft died, timed out or exited with a status other than 0 or 1 on
the rule).
Agreement = (both-accept + both-reject) / all; also given without the
hook-cannot class.

Exit status: 0; 1 if --min-agreement X is given and the agreement (in %)
is below X; 2 if a tool cannot be run.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True     # no __pycache__ in the source tree
import gen_corpus  # noqa: E402

NETNS_ENV = "CGNFT_LANG_NETNS"
ERR_RE = re.compile(r"^(?:.*?):(\d+):(\d+)(?:-(?:\d+:)?\d+)?: Error: (.*)$")
LOAD_ERR_RE = re.compile(r"^(?:.*?\.nft):(\d+): Error: (.*)$")
# cgnft's words for "the hook cannot do this" (doc/LANGUAGE.md, "Not
# available in a cgroup table"); any other refusal of a rule nft accepts
# is a gap
HOOK_RE = re.compile(r"not available in a cgroup (table|hook)|"
                     r"can be set in a cgroup table|"
                     r"cannot be carried out in a cgroup table|"
                     r"reject cannot be carried out (for TCP )?at hook")
# nft messages that come from the kernel (netlink error of a rule), not
# from nft's parser or evaluator
KERNEL_RE = re.compile(r"^(Could not process rule: |No such file or directory|"
                       r"Operation not supported|Invalid argument|"
                       r"Numerical result out of range|File exists|"
                       r"Device or resource busy|Too many levels)")
CLASSES = ["both-accept", "both-reject", "hook-cannot", "gap", "bug", "crash"]


class Corpus:
    def __init__(self, items, header):
        self.items, self.header = items, header


def load_corpus(path):
    items, header = [], []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                header.append(line)
                continue
            p = line.split("\t", 5)
            if len(p) != 6:
                raise SystemExit("%s: bad line: %r" % (path, line))
            items.append({"id": int(p[0]), "section": p[1], "production": p[2],
                          "form": p[3], "intent": p[4], "rule": p[5]})
    return Corpus(items, header)


def make_corpus(seed, count):
    items = []
    for n, it in enumerate(gen_corpus.generate(seed, count), 1):
        items.append({"id": n, "section": it.section, "production":
                      it.production, "form": it.form, "intent": it.intent,
                      "rule": it.rule})
    return Corpus(items, ["# gen_corpus.py --seed %d --count %d" % (seed, count)])


# ---------------------------------------------------------------------------
# The two tools

class Tool:
    name = None
    timeout = 120
    attribute = True    # errors name the rule's line

    def __init__(self, workdir, decls):
        self.workdir, self.decls = workdir, decls

    def wrap(self, rules, decls=None):
        """File text and the line number of the first rule."""
        decls = self.decls if decls is None else decls
        head = self.head(decls)
        lines = head + ["\t\t" + r for r in rules] + \
            ["\t}", "\tchain %s {" % gen_corpus.REGULAR_CHAIN, "\t}", "}"]
        return "\n".join(lines) + "\n", len(head) + 1

    def run(self, rules, decls=None):
        """(status, [(line, message)], output, first rule line)."""
        text, first = self.wrap(rules, decls)
        fd, path = tempfile.mkstemp(suffix=".nft", dir=self.workdir)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        try:
            p = subprocess.run(self.command(path), capture_output=True,
                               text=True, timeout=self.timeout,
                               errors="replace")
            status, out = p.returncode, p.stdout + p.stderr
        except subprocess.TimeoutExpired:
            status, out = "timeout", ""
        finally:
            os.unlink(path)
        errs = []
        for line in out.splitlines():
            m = ERR_RE.match(line)
            if m:
                errs.append((int(m.group(1)), m.group(3).strip()))
                continue
            m = LOAD_ERR_RE.match(line)   # cgnft's load errors: no column
            if m:
                errs.append((int(m.group(1)), m.group(2).strip()))
        return status, errs, out, first


class Nft(Tool):
    name = "nft"

    def __init__(self, workdir, decls, nft="nft"):
        super().__init__(workdir, decls)
        self.nft = nft

    def head(self, decls):
        return (["table inet t {"] + ["\t" + d for d in decls] +
                ["\tchain %s {" % gen_corpus.BASE_CHAIN,
                 "\t\ttype filter hook output priority 0; policy accept;"])

    def command(self, path):
        return [self.nft, "-c", "-f", path]


class NftLoad(Nft):
    """nft -f for real (and flush), for --load: the kernel validates the
    chain's type and hook only when a rule is committed, which nft -c
    never does.  After one refused rule the kernel refuses the later ones
    of the batch too, so errors are not attributed: a failing batch is
    split down to single rules."""
    name = "nft (load)"
    attribute = False

    def command(self, path):
        return ["sh", "-c", '%s -f "$1"; st=$?; %s flush ruleset; exit $st'
                % (self.nft, self.nft), "sh", path]


class Cgnft(Tool):
    name = "cgnft"

    def __init__(self, workdir, decls, cgnft):
        super().__init__(workdir, decls)
        self.cgnft = cgnft

    def head(self, decls):
        return (["table cgroup t {", '\tcgroup "x"'] + ["\t" + d for d in decls] +
                ["\tchain %s {" % gen_corpus.BASE_CHAIN,
                 "\t\ttype filter hook egress priority 0; policy accept;"])

    def command(self, path):
        return [self.cgnft, "compile", path, "--emit", "ir"]


class CgnftCheck(Cgnft):
    """cgnft check: cgnft looks up iif/oif interfaces when it loads the
    program (in the namespace of the load, as nft -c does when it checks),
    so a rule that names one is judged by its load too."""
    name = "cgnft check"

    def command(self, path):
        return [self.cgnft, "check", path]


IFACE_RE = re.compile(r"\b(iif|oif)\b")


def probe_context(tool):
    """The context declarations this tool accepts, and the refused ones."""
    kept, refused = [], []
    for name, decl in gen_corpus.CONTEXT:
        status, errs, out, _ = tool.run([], decls=[decl])
        if status == 0:
            kept.append(decl)
        else:
            refused.append((name, decl, first_message(status, errs, out)))
    status, errs, out, _ = tool.run([], decls=kept)
    if status != 0:
        raise SystemExit("%s refuses the empty wrapper:\n%s" % (tool.name, out))
    tool.decls = kept
    return refused


def died(status):
    """Not a verdict: a signal, a timeout, or an unexpected exit status."""
    return status not in (0, 1)


def first_message(status, errs, out):
    if errs:
        return errs[0][1]
    lines = out.strip().splitlines()
    return lines[-1] if lines else "exit status %s" % status


STATS_LOCK = threading.Lock()


def count(stats, key):
    with STATS_LOCK:
        stats[key] += 1


def classify(tool, rules, idxs, stats):
    """{index: (accepted, message, crashed)} for the rules at idxs."""
    result = {}
    pending = list(idxs)
    while pending:
        status, errs, out, first = tool.run([rules[i] for i in pending])
        count(stats, "runs")
        if status == 0:
            for i in pending:
                result[i] = (True, "", False)
            break
        hit = {}
        if not died(status) and tool.attribute:
            for line, msg in errs:
                k = line - first
                if 0 <= k < len(pending):
                    hit.setdefault(pending[k], msg)
        if not hit:
            if len(pending) == 1:
                if died(status):
                    msg = ("timed out" if status == "timeout" else
                           "killed by signal %d" % -status if status < 0 else
                           "exit status %s" % status)
                    tail = out.strip().splitlines()[-1:] if out.strip() else []
                    result[pending[0]] = (False, "%s %s" % (msg, " ".join(tail)),
                                          True)
                else:
                    result[pending[0]] = (False, first_message(status, errs, out),
                                          False)
                break
            count(stats, "splits")
            half = len(pending) // 2
            result.update(classify(tool, rules, pending[:half], stats))
            result.update(classify(tool, rules, pending[half:], stats))
            break
        for i, msg in hit.items():
            result[i] = (False, msg, False)
        pending = [i for i in pending if i not in hit]
    return result


def run_tool(tool, rules, chunk, jobs, isolate, only=None):
    stats = {"runs": 0, "splits": 0}
    idx = list(range(len(rules))) if only is None else list(only)
    n = len(idx)
    if isolate:
        chunks = [[i] for i in idx]
    else:
        chunks = [idx[s:s + chunk] for s in range(0, n, chunk)]
    result = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(classify, tool, rules, c, stats) for c in chunks]
        for f in futs:
            result.update(f.result())
    return result, stats


# ---------------------------------------------------------------------------
# Report

def norm(msg):
    """A message with its particular values taken out, for grouping."""
    m = re.sub(r'"[^"]*"', '"…"', msg)
    m = re.sub(r"‘[^’]*’", "‘…’", m)
    m = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)\b", "N", m)
    m = re.sub(r"unexpected [^,]*", lambda x: x.group(0), m)
    return m


def pct(a, b):
    return 100.0 * a / b if b else 0.0


def klass(nft_ok, cg_ok, cg_msg, crashed):
    if crashed:
        return "crash"
    if nft_ok and cg_ok:
        return "both-accept"
    if not nft_ok and not cg_ok:
        return "both-reject"
    if nft_ok:
        # "not available in a cgroup table yet" is a gap: a later issue
        # brings it
        return "hook-cannot" if HOOK_RE.search(cg_msg) and \
            not re.search(r"\byet\b", cg_msg) else "gap"
    return "bug"


def report(items, refused, stats, elapsed, args, out):
    n = len(items)
    cnt = collections.Counter(it["class"] for it in items)
    agree = cnt["both-accept"] + cnt["both-reject"]
    hook = cnt["hook-cannot"]
    w = out.write
    w("corpus: %d rules (%s)\n" % (n, args.corpus_desc))
    nft_acc = sum(it["nft_ok"] for it in items)
    cg_acc = sum(it["cg_ok"] for it in items)
    kern = sum(1 for it in items if not it["nft_ok"] and KERNEL_RE.match(it["nft_msg"]))
    w("nft accepts %d, rejects %d (%d of them by the kernel); "
      "cgnft accepts %d, rejects %d\n" % (nft_acc, n - nft_acc, kern, cg_acc,
                                          n - cg_acc))
    for tool, lst in refused.items():
        for name, decl, msg in lst:
            w("context: %s refuses `%s` (%s); left out of its wrapper\n" %
              (tool, decl, msg))
    w("runs: nft %d, cgnft %d (%d splits), %.1fs\n" %
      (stats["nft"]["runs"], stats["cgnft"]["runs"],
       stats["nft"]["splits"] + stats["cgnft"]["splits"], elapsed))
    w("\n")
    label = {"both-accept": "both accept", "both-reject": "both reject",
             "hook-cannot": "nft accepts, cgnft: not available in a cgroup hook",
             "gap": "nft accepts, cgnft rejects (gap)",
             "bug": "nft rejects, cgnft accepts (bug)",
             "crash": "cgnft crashed or timed out"}
    for c in CLASSES:
        w("%-52s %6d  %5.1f%%\n" % (label[c], cnt[c], pct(cnt[c], n)))
    w("agreement: %.2f%% (%d of %d); without the hook-cannot class: %.2f%% "
      "(%d of %d)\n" % (pct(agree, n), agree, n, pct(agree, n - hook), agree,
                        n - hook))
    # per section
    w("\nper man page section (agree% = both accept + both reject):\n")
    w("%-45s %5s %6s %5s %5s %5s %5s %5s %5s\n" %
      ("section", "rules", "agree%", "acc", "rej", "hook", "gap", "bug", "crash"))
    by = collections.defaultdict(collections.Counter)
    for it in items:
        by[it["section"]][it["class"]] += 1
    for sec in sorted(by, key=lambda s: (-sum(by[s].values()), s)):
        c = by[sec]
        t = sum(c.values())
        w("%-45s %5d %6.1f %5d %5d %5d %5d %5d %5d\n" %
          (sec[:45], t, pct(c["both-accept"] + c["both-reject"], t),
           c["both-accept"], c["both-reject"], c["hook-cannot"], c["gap"],
           c["bug"], c["crash"]))

    def groups(cls, key, title, limit):
        g = collections.Counter(key(it) for it in items if it["class"] == cls)
        if not g:
            return
        w("\n%s (%d rules, %d groups):\n" % (title, sum(g.values()), len(g)))
        for k, v in g.most_common(limit):
            w("%6d  %s\n" % (v, k))
        if len(g) > limit:
            w("%6d  ... (%d more groups)\n" %
              (sum(v for k, v in g.most_common()[limit:]), len(g) - limit))

    groups("hook-cannot", lambda it: norm(it["cg_msg"]),
           "hook-cannot reasons (cgnft's message)", 40)
    groups("gap", lambda it: norm(it["cg_msg"]),
           "gaps by cgnft's message", args.top)
    groups("gap", lambda it: "%s | %s" % (it["section"], it["production"]),
           "gaps by section | production", args.top)
    groups("bug", lambda it: "%s | %s" % (it["section"], it["production"]),
           "bugs (nft rejects, cgnft accepts) by section | production", args.top)
    groups("bug", lambda it: norm(it["nft_msg"]),
           "bugs by nft's message", args.top)
    groups("crash", lambda it: norm(it["cg_msg"]), "crashes", args.top)

    # --load: what nft -c accepts and the kernel refuses on commit
    loaded = [it for it in items if "nft_load_ok" in it]
    if loaded:
        bad = [it for it in loaded if not it["nft_load_ok"]]
        w("\n--load: of %d rules nft -c accepts, %d are refused when loaded "
          "into an output filter chain (classes of the refused ones: %s)\n" %
          (len(loaded), len(bad), ", ".join(
              "%s %d" % kv for kv in sorted(collections.Counter(
                  it["class"] for it in bad).items()))))
        g = collections.defaultdict(list)
        for it in bad:
            g[(it["section"], norm(it["nft_load_msg"]))].append(it)
        for (sec, msg), its in sorted(g.items(), key=lambda kv: (-len(kv[1]),
                                                                 kv[0])):
            w("%5d  %s: %s\n       e.g. %s\n" % (len(its), sec, msg,
                                                 its[0]["rule"]))

    # the man page's reading against nft
    mv = [it for it in items if it["intent"] == "valid" and not it["nft_ok"]]
    mi = [it for it in items if it["intent"] != "valid" and it["nft_ok"]]
    w("\nman page reading vs nft: %d rules read as valid are rejected by nft, "
      "%d read as invalid are accepted (nft is the oracle; the generator's "
      "reading of man nft is only compared)\n" % (len(mv), len(mi)))
    for title, lst, key in (
            ("read as valid, nft rejects: by section and nft's message", mv,
             lambda it: (it["section"], norm(it["nft_msg"]))),
            ("read as invalid, nft accepts: by section and reading", mi,
             lambda it: (it["section"], it["intent"]))):
        g = collections.defaultdict(list)
        for it in lst:
            g[key(it)].append(it)
        if not g:
            continue
        limit = len(g) if args.details else args.top
        w("\n%s (%d groups):\n" % (title, len(g)))
        for (sec, what), its in sorted(g.items(),
                                       key=lambda kv: (-len(kv[1]), kv[0]))[:limit]:
            w("%5d  %s: %s\n       e.g. %s\n" % (len(its), sec, what,
                                                 its[0]["rule"]))
        if len(g) > limit:
            w("       ... (%d more groups; --details lists all)\n" % (len(g) - limit))

    if args.details:
        w("\ndisagreements:\n")
        for c in ("bug", "crash", "gap", "hook-cannot"):
            for it in items:
                if it["class"] != c:
                    continue
                w("[%s] #%d %s | %s | %s\n    rule:  %s\n    nft:   %s\n"
                  "    cgnft: %s\n" %
                  (c, it["id"], it["section"], it["production"], it["form"],
                   it["rule"], it["nft_msg"] or "accepted",
                   it["cg_msg"] or "accepted"))


def main():
    ap = argparse.ArgumentParser(
        description="accept/reject agreement of cgnft with nft",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cgnft", required=True, help="the cgnft binary")
    ap.add_argument("--nft", default="nft")
    ap.add_argument("--corpus", help="a corpus file of gen_corpus.py "
                    "(default: generate one)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--details", action="store_true",
                    help="list the disagreeing rules with both messages")
    ap.add_argument("--top", type=int, default=25,
                    help="groups shown per list (default 25)")
    ap.add_argument("--json", help="write every rule's result to this file")
    ap.add_argument("--min-agreement", type=float,
                    help="exit 1 if the agreement (%%) is below this")
    ap.add_argument("--chunk", type=int, default=200,
                    help="rules per file (default 200)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--isolate", action="store_true",
                    help="one rule per file (slow; cross-checks the batching)")
    ap.add_argument("--load", action="store_true",
                    help="also load the rules nft -c accepts, for real, into "
                    "the private namespace's kernel, and report the ones it "
                    "refuses there (slow; needs the namespace)")
    ap.add_argument("--no-unshare", action="store_true",
                    help="run nft in the current network namespace")
    ap.add_argument("--summary-line", help="write `agreement ...` numbers "
                    "as one line to this file (for TAP)")
    args = ap.parse_args()

    if not args.no_unshare and os.environ.get(NETNS_ENV) != "1":
        if not shutil.which("unshare"):
            sys.exit("agree.py: unshare not found (or use --no-unshare)")
        env = dict(os.environ, **{NETNS_ENV: "1"})
        os.execvpe("unshare", ["unshare", "--net", "--", sys.executable,
                               os.path.abspath(__file__)] + sys.argv[1:], env)
    for exe in (args.nft, args.cgnft):
        if not shutil.which(exe):
            print("agree.py: cannot run %s" % exe, file=sys.stderr)
            sys.exit(2)

    if args.corpus:
        corpus = load_corpus(args.corpus)
        args.corpus_desc = "%s%s" % (args.corpus, "".join(
            " " + h.lstrip("# ") for h in corpus.header[:1]))
    else:
        corpus = make_corpus(args.seed, args.count)
        args.corpus_desc = "gen_corpus.py --seed %d --count %d" % (args.seed,
                                                                   args.count)
    items = corpus.items
    rules = [it["rule"] for it in items]
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="cgnft-lang.") as wd:
        decls = [d for _n, d in gen_corpus.CONTEXT]
        nft = Nft(wd, decls, args.nft)
        cg = Cgnft(wd, decls, args.cgnft)
        refused = {"nft": probe_context(nft), "cgnft": probe_context(cg)}
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as ex:
            fn = ex.submit(run_tool, nft, rules, args.chunk,
                           max(1, args.jobs // 2) if args.jobs > 1 else 1,
                           args.isolate)
            fc = ex.submit(run_tool, cg, rules, args.chunk,
                           max(1, args.jobs - args.jobs // 2), args.isolate)
            rn, sn = fn.result()
            rc, sc = fc.result()
        # iif/oif names: compile leaves them to the load, so the rules nft
        # rejects and compile accepts are judged by cgnft check (it fails
        # on a missing interface before anything reaches the kernel)
        late = [i for i in range(len(rules)) if not rn[i][0] and rc[i][0]
                and IFACE_RE.search(rules[i])]
        if late:
            ck = CgnftCheck(wd, cg.decls, args.cgnft)
            rk, _ = run_tool(ck, rules, 1, 1, True, only=late)
            for i in late:
                if not rk[i][0] and not rk[i][2]:
                    rc[i] = (False, "at load: " + rk[i][1], False)
        rl = {}
        if args.load:
            if args.no_unshare:
                sys.exit("agree.py: --load needs the private namespace")
            ld = NftLoad(wd, nft.decls, args.nft)
            ok_idx = [i for i in range(len(rules)) if rn[i][0]]
            rl, sl = run_tool(ld, rules, args.chunk, 1, False, only=ok_idx)
    elapsed = time.time() - t0
    for i, it in enumerate(items):
        if i in rl:
            it["nft_load_ok"], it["nft_load_msg"], _ = rl[i]
        it["nft_ok"], it["nft_msg"], _ = rn[i]
        it["cg_ok"], it["cg_msg"], crashed = rc[i]
        it["class"] = klass(it["nft_ok"], it["cg_ok"], it["cg_msg"], crashed)
    report(items, refused, {"nft": sn, "cgnft": sc}, elapsed, args, sys.stdout)

    n = len(items)
    cnt = collections.Counter(it["class"] for it in items)
    agree = cnt["both-accept"] + cnt["both-reject"]
    a_all = pct(agree, n)
    a_ex = pct(agree, n - cnt["hook-cannot"])
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"corpus": args.corpus_desc, "counts": dict(cnt),
                       "agreement": a_all, "agreement_without_hook": a_ex,
                       "context_refused": refused, "rules": items}, f,
                      indent=1)
    if args.summary_line:
        with open(args.summary_line, "w") as f:
            f.write("agreement %.2f%% (%d/%d), %.2f%% without %d hook-cannot; "
                    "%d gaps, %d bugs, %d crashes\n" %
                    (a_all, agree, n, a_ex, cnt["hook-cannot"], cnt["gap"],
                     cnt["bug"], cnt["crash"]))
            f.write("bugs %d\n" % cnt["bug"])
            f.write("crashes %d\n" % cnt["crash"])
    if args.min_agreement is not None and a_all < args.min_agreement:
        print("agreement %.2f%% is below --min-agreement %.2f%%" %
              (a_all, args.min_agreement))
        sys.exit(1)
    sys.exit(0)


if __name__ == "__main__":
    main()
