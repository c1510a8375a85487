# SPDX-License-Identifier: GPL-2.0
"""The differential suite's driver: kernel nftables against cgnft.

Run inside a private network namespace (diff.sh starts it under
`unshare --net`).  For each seed it generates a rule set both nft and cgnft
accept and packets aimed at it, then gets three verdicts per packet:
  1. nft: the rules loaded in `table inet T`, output hook, a raw-socket send;
  2. attached: cgnft's program attached to a test cgroup's egress, the same
     send from inside that cgroup (nft's ruleset flushed);
  3. test-run: the same program through BPF_PROG_TEST_RUN.
It prints TAP: one line per rule set and per regression case.
"""
import argparse
import errno
import os
import re
import random
import subprocess
import sys
import time

sys.dont_write_bytecode = True	# nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen	# noqa: E402
import pkt	# noqa: E402


class Env:
    def __init__(self, args):
        self.cgnft = args.cgnft
        self.diffsend = args.diffsend
        self.cgroup_dir = args.cgroup
        self.cgroup_rel = args.cgroup_rel
        self.work = args.work
        self.verbose = args.verbose

    def path(self, name):
        return os.path.join(self.work, name)


STEP_TIME = {}	# command name -> seconds, for the summary


def sh(*cmd, check=True):
    t = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    key = os.path.basename(cmd[0]) + ' ' + (cmd[1] if len(cmd) > 1 else '')
    STEP_TIME[key] = STEP_TIME.get(key, 0) + time.monotonic() - t
    if check and p.returncode:
        raise RuntimeError('%s: %s' % (' '.join(cmd), p.stderr.strip()))
    return p


def setup_netns():
    """A veth pair with default routes and static neighbours, so a raw send
    to any address reaches the output and egress hooks."""
    sh('bash', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            'netns-routes.sh'))


def pkt_line(s):
    return '%d %s %d' % (s['fam'], pkt.build(s).hex(), s['mark'])


def err_name(v):
    if v.startswith('err:'):
        return 'err:' + errno.errorcode.get(int(v[4:]), v[4:])
    return v


def check_rules(env, rs):
    """None when both accept the rule set, else who refused and why."""
    nf, cf = env.path('rules.nft'), env.path('rules.cgnft')
    with open(nf, 'w') as f:
        f.write(rs.nft())
    with open(cf, 'w') as f:
        f.write(rs.cgnft(env.cgroup_rel))
    p = sh('nft', '-c', '-f', nf, check=False)
    if p.returncode:
        return 'nft: ' + p.stderr.strip()
    p = sh(env.cgnft, 'check', '--reject-as-drop', cf, check=False)
    if p.returncode:
        return 'cgnft: ' + p.stderr.strip()
    return None


def run_three(env, rs, lines):
    """[(nft, attached, test-run, test-run -O0)] for each packet line."""
    pf = env.path('packets')
    with open(pf, 'w') as f:
        f.write(''.join(line + '\n' for line in lines))
    sh('nft', 'flush', 'ruleset')
    sh('nft', '-f', env.path('rules.nft'))
    try:
        p1 = sh(env.diffsend, pf).stdout.split('\n')
    finally:
        sh('nft', 'flush', 'ruleset')
    obj = env.path('rules.o')
    sh(env.cgnft, 'compile', '--reject-as-drop', env.path('rules.cgnft'), '-o', obj)
    p2 = sh(env.diffsend, pf, obj, 'T_egress', env.cgroup_dir).stdout.split('\n')
    # The same rules compiled without the classifier, judged by test-run.
    obj0 = env.path('rules-O0.o')
    sh(env.cgnft, 'compile', '-O0', '--reject-as-drop', env.path('rules.cgnft'), '-o', obj0)
    p3 = sh(env.diffsend, pf, obj0, 'T_egress').stdout.split('\n')
    out = []
    for i in range(len(lines)):
        a, b = p2[i].split()
        out.append((err_name(p1[i]), err_name(a), b, p3[i]))
    return out


# Packet shapes on which cgnft is known to disagree with nft (each has a
# regression case in tests/diff/regress with a TODO line, and is reported):
# a random rule set whose only mismatches are of these shapes is `not ok`
# with a TODO, any other mismatch fails.
KNOWN = {
    # nft_payload_fast_eval() skips the fragment check that the slow path
    # makes; cgnft keeps the documented rule (no transport match on a
    # non-first fragment) on purpose, see doc/LANGUAGE.md.
    'v4-nonfirst-fragment': 'nft reads transport fields of non-first IPv4 fragments',
    'v6-nonfirst-fragment': 'nft reads transport fields of non-first IPv6 fragments at offset 0',
}


def packet_shape(line):
    """The known-divergence shape of a packet line, or None."""
    fam, hexdata = line.split()[:2]
    b = bytes.fromhex(hexdata)
    if fam == '4':
        if (b[0] & 15) >= 5 and int.from_bytes(b[6:8], 'big') & 0x1fff:
            return 'v4-nonfirst-fragment'
        return None
    nh, off = b[6], 40
    while nh in (0, 43, 44, 60) and off + 4 <= len(b):	# AH ends nft's walk
        if nh == 44:
            if int.from_bytes(b[off + 2:off + 4], 'big') & ~7 & 0xffff:
                return 'v6-nonfirst-fragment'
            length = 8
        else:
            length = (b[off + 1] + 1) * 8
        nh, off = b[off], off + length
    return None


OK_KINDS = ('ok', 'unsendable', 'unreached')


def egress_skipped(line):
    """ip_mc_output() frees an IPv4 multicast packet with TTL 0 before
    ip_finish_output(), where the cgroup egress hook runs: sendto says 0
    whatever the program would have said."""
    fam, hexdata = line.split()[:2]
    b = bytes.fromhex(hexdata)
    return fam == '4' and len(b) >= 20 and b[8] == 0 and b[16] >> 4 == 14


def judge(v, line):
    nft, att, run, run0 = v
    if run != run0:
        return 'classifier/in-order'
    if nft.startswith('err') and att.startswith('err'):
        return 'unsendable'
    if egress_skipped(line):	# nft's hook runs before: compare with test-run
        return 'unreached' if nft == run else 'nft/test-run'
    if nft != att:
        return 'nft/attached'
    if att != run:
        return 'attached/test-run'
    return 'ok'


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def result(self, good, text, todo=None):
        self.n += 1
        self.failed += not good and not todo
        print('%s %d - %s%s' % ('ok' if good else 'not ok', self.n, text,
                                ' # TODO ' + todo if todo else ''))
        sys.stdout.flush()

    @staticmethod
    def diag(text):
        for line in text.rstrip('\n').split('\n'):
            print('# ' + line)


def report_mismatch(rs, lines, verdicts, kinds, limit=5):
    Tap.diag('rule set (nft syntax):\n' + rs.nft())
    shown = 0
    for line, v, k in zip(lines, verdicts, kinds):
        if k in OK_KINDS:
            continue
        if shown == limit:
            Tap.diag('... more mismatching packets')
            break
        shown += 1
        Tap.diag('%s: packet %s\n  nft %s, attached %s, test-run %s, test-run -O0 %s' %
                 (k, line, v[0], v[1], v[2], v[3]))


def save_case(path, rs, lines, verdicts, comment):
    with open(path, 'w') as f:
        f.write('# %s\n' % comment)
        for line in rs.to_case():
            f.write(line + '\n')
        for line, v in zip(lines, verdicts):
            f.write('packet %s nft=%s\n' % (line, v[0]))


def load_case(path):
    rs = gen.RuleSet()
    rs.chains = {}
    lines, expect, todo, chain = [], [], None, None
    for raw in open(path):
        raw = raw.rstrip('\n')
        if not raw or raw.startswith('#'):
            continue
        word, _, rest = raw.partition(' ')
        if word == 'policy':
            rs.policy = rest
        elif word in ('set', 'map'):
            name, _, decl = rest.partition(' ')
            (rs.sets if word == 'set' else rs.maps).append((name, decl))
        elif word == 'chain':
            chain = rest
            rs.chains[chain] = []
        elif word == 'rule':
            rs.chains[chain].append(rest)
        elif word == 'packet':
            body, _, nft = rest.partition(' nft=')
            lines.append(body)
            expect.append(nft or None)
        elif word == 'todo':
            todo = rest
        else:
            raise ValueError('%s: unknown line: %s' % (path, raw))
    return rs, lines, expect, todo


def run_seed(env, seed, npackets, tap, stats, save_dir):
    rng = random.Random(seed)
    for attempt in range(50):
        rs, g = gen.ruleset(rng)
        why = check_rules(env, rs)
        if not why:
            break
        stats['refused'] += 1
        Tap.diag('seed %d attempt %d refused by %s' % (seed, attempt, why.split('\n')[0][:300]))
        if env.verbose:
            Tap.diag(rs.nft())
    else:
        tap.result(False, 'seed %d: no rule set both accept in 50 attempts' % seed)
        return
    specs = gen.packets(rng, rs, g, npackets)
    lines = [pkt_line(s) for s in specs]
    verdicts = run_three(env, rs, lines)
    kinds = [judge(v, ln) for v, ln in zip(verdicts, lines)]
    bad = [k for k in kinds if k not in OK_KINDS]
    uns = kinds.count('unsendable')
    for v, k in zip(verdicts, kinds):
        if k == 'unsendable':
            key = 'errno:' + v[0][4:]
            stats[key] = stats.get(key, 0) + 1
    stats['unreached'] += kinds.count('unreached')
    stats['rulesets'] += 1
    stats['rules'] += rs.nrules()
    stats['packets'] += len(lines)
    stats['unsendable'] += uns
    stats['mismatch'] += len(bad)
    stats['drops'] += sum(v[0] == 'drop' for v in verdicts)
    desc = 'seed %d: %d rules, %d packets, %d unsendable' % (seed, rs.nrules(), len(lines), uns)
    shapes = set(packet_shape(lines[i]) for i, k in enumerate(kinds)
                 if k not in OK_KINDS)
    for sh_ in shapes:
        key = 'known:' + (sh_ or 'unexplained')
        stats[key] = stats.get(key, 0) + 1
    todo = None
    if bad and None not in shapes:
        todo = 'known: ' + ', '.join(sorted(shapes))
        stats['known'] += 1
    tap.result(not bad, desc + ('' if not bad else ', %d mismatches' % len(bad)), todo)
    if bad:
        report_mismatch(rs, lines, verdicts, kinds)
        if save_dir:
            keep = [i for i, k in enumerate(kinds) if k not in OK_KINDS]
            save_case(os.path.join(save_dir, 'seed%d.case' % seed), rs,
                      [lines[i] for i in keep], [verdicts[i] for i in keep],
                      'seed %d: %s' % (seed, ', '.join(sorted(set(bad)))))


def run_case(env, path, tap, known_todo=False):
    """One case file.  With known_todo (generated cases, tests/realworld),
    a case whose only mismatches have a KNOWN shape is `not ok # TODO
    known: SHAPE`, as a random rule set is; a recorded case says `todo`."""
    rs, lines, expect, todo = load_case(path)
    name = os.path.basename(path)
    why = check_rules(env, rs)
    if why:
        tap.result(False, 'regress %s: refused: %s' % (name, why.split('\n')[0]), todo)
        return
    verdicts = run_three(env, rs, lines)
    kinds = [judge(v, ln) for v, ln in zip(verdicts, lines)]
    for i, (v, e) in enumerate(zip(verdicts, expect)):
        if kinds[i] == 'ok' and e is not None and v[0] != e:
            kinds[i] = 'nft/recorded'
    bad = [k for k in kinds if k not in OK_KINDS]
    shapes = set(packet_shape(lines[i]) for i, k in enumerate(kinds)
                 if k not in OK_KINDS)
    if known_todo and bad and not todo and None not in shapes:
        todo = 'known: ' + ', '.join(sorted(shapes))
    tap.result(not bad, 'regress %s: %d packets' % (name, len(lines)) +
               ('' if not bad else ', %d mismatches' % len(bad)), todo)
    if bad:
        report_mismatch(rs, lines, verdicts, kinds)


# ---- minimising a failing case ---------------------------------------------

FIELD_RE = re.compile(r'(?:^| )(?=(?:%s) )' % '|'.join(
    re.escape(f) for f in sorted(gen.FIELDS, key=len, reverse=True)))


def rule_parts(rule):
    """A rule cut where each match starts (outside braces)."""
    cuts, depth = [0], 0
    for m in FIELD_RE.finditer(rule):
        if m.end() and rule[:m.end()].count('{') == rule[:m.end()].count('}'):
            cuts.append(m.end())
    cuts = sorted(set(cuts)) + [len(rule)]
    return [rule[a:b].strip() for a, b in zip(cuts, cuts[1:]) if rule[a:b].strip()]


def minimise(env, path):
    """Shrink each failing packet's rule set to a few rules: NAME.minK."""
    rs0, lines0, _, _ = load_case(path)
    for k, ln in enumerate(lines0):
        rs = minimise_one(env, rs0, [ln])
        if rs:
            vs = run_three(env, rs, [ln])
            save_case('%s.min%d' % (path, k), rs, [ln], vs,
                      'minimised from %s' % os.path.basename(path))
            print(open('%s.min%d' % (path, k)).read())


def copy_rules(r):
    c = gen.RuleSet(r.policy)
    c.sets = list(r.sets)
    c.maps = list(r.maps)
    c.chains = {k: list(v) for k, v in r.chains.items()}
    return c


def minimise_one(env, rs, lines):
    def fails(cand):
        if check_rules(env, cand):
            return False
        try:
            vs = run_three(env, cand, lines)
        except RuntimeError:
            return False
        return any(judge(v, ln) not in OK_KINDS for v, ln in zip(vs, lines))

    if not fails(rs):
        return None
    changed = True
    while changed:
        changed = False
        for name in list(rs.chains):
            size = max(1, len(rs.chains[name]) // 2)
            while size >= 1:
                i = 0
                while i < len(rs.chains[name]):
                    c = copy_rules(rs)
                    del c.chains[name][i:i + size]
                    if fails(c):
                        rs, changed = c, True
                    else:
                        i += size
                size //= 2
            for i, rule in enumerate(rs.chains[name]):
                parts = rule_parts(rule)
                for j in range(len(parts)):
                    c = copy_rules(rs)
                    c.chains[name][i] = ' '.join(parts[:j] + parts[j + 1:]) or 'counter'
                    if c.chains[name][i] != rule and fails(c):
                        rs, changed = c, True
                        break
            if name != 'out' and not rs.chains[name]:
                c = copy_rules(rs)
                del c.chains[name]
                if fails(c):
                    rs, changed = c, True
        for s in list(rs.sets):
            c = copy_rules(rs)
            c.sets.remove(s)
            if fails(c):
                rs, changed = c, True
        if rs.policy == 'drop':
            c = copy_rules(rs)
            c.policy = 'accept'
            if fails(c):
                rs, changed = c, True
    return rs


def record(env, path):
    """Rewrite a case file's packet lines with the verdicts seen now."""
    rs, lines, _, _ = load_case(path)
    if check_rules(env, rs):
        raise SystemExit('%s: refused: %s' % (path, check_rules(env, rs)))
    vs = iter(run_three(env, rs, lines))
    out = []
    for raw in open(path):
        if raw.startswith('packet '):
            body = raw[7:].rstrip('\n').rsplit(' nft=', 1)[0]
            v = next(vs)
            raw = 'packet %s nft=%s\n' % (body, v[0])
            print(v, body[:60])
        out.append(raw)
    with open(path, 'w') as f:
        f.write(''.join(out))


def seeds_of(text):
    if not text:
        return []
    out = []
    for part in text.split(','):
        a, _, b = part.partition('-')
        out += list(range(int(a), int(b or a) + 1))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cgnft', required=True)
    ap.add_argument('--diffsend', required=True)
    ap.add_argument('--cgroup', required=True, help='the test cgroup directory')
    ap.add_argument('--cgroup-rel', required=True, help='the same, relative to the mount')
    ap.add_argument('--work', required=True)
    ap.add_argument('--seeds', default='1-30')
    ap.add_argument('--packets', type=int, default=120)
    ap.add_argument('--regress', help='a directory of *.case files to run too')
    ap.add_argument('--known-todo', action='store_true',
                    help='regress cases whose only mismatches have a known shape '
                    '(KNOWN) are TODO, not failures: for generated cases')
    ap.add_argument('--save', help='write each failing rule set here as a case')
    ap.add_argument('--minimise', help='shrink this failing case to NAME.min')
    ap.add_argument('--record', help="fill in nft's verdicts in this case file")
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    env = Env(args)
    setup_netns()
    if args.minimise:
        minimise(env, args.minimise)
        return 0
    if args.record:
        record(env, args.record)
        return 0
    tap = Tap()
    stats = dict.fromkeys(['rulesets', 'rules', 'packets', 'unsendable', 'mismatch',
                           'refused', 'drops', 'known', 'unreached'], 0)
    if args.regress and os.path.isdir(args.regress):
        for name in sorted(os.listdir(args.regress)):
            if name.endswith('.case'):
                run_case(env, os.path.join(args.regress, name), tap, args.known_todo)
    for seed in seeds_of(args.seeds):
        run_seed(env, seed, args.packets, tap, stats, args.save)
    Tap.diag('%(rulesets)d rule sets (%(rules)d rules), %(packets)d packets: '
             '%(mismatch)d mismatches, %(unsendable)d unsendable, %(unreached)d not reaching '
             'the egress hook, %(drops)d dropped by nft; '
             '%(refused)d generated rule sets refused; '
             '%(known)d rule sets with known divergences only' % stats)
    Tap.diag('rule sets per mismatch shape: ' + ', '.join(
        '%s %d' % (k[6:], v) for k, v in sorted(stats.items()) if k.startswith('known:')))
    Tap.diag('unsendable by errno: ' + ', '.join(
        '%s %d' % (k[6:], v) for k, v in sorted(stats.items()) if k.startswith('errno:')))
    Tap.diag('seconds per step: ' + ', '.join(
        '%s %.1f' % (k if '/' not in k else k.split()[0], v) for k, v in sorted(STEP_TIME.items())
        if v >= 0.5))
    print('1..%d' % tap.n)
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
