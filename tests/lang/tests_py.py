#!/usr/bin/env python3
"""nftables' own rule tests (tests/py/*/*.t in nftables' source) as a
corpus for agree.py: the rules nft's developers wrote, not ours.

    python3 tests/lang/tests_py.py NFTABLES/tests/py/*/*.t > corpus.tsv
    python3 tests/lang/agree.py --cgnft ./cgnft --corpus corpus.tsv

Each `RULE;ok[;LISTED]` or `RULE;fail` line becomes one rule; nft -c stays
the oracle (the ok/fail mark is kept as the rule's intent).  Left out:
disabled lines (`- ...`), table/chain/set declarations (`:`, `*`, `!`,
`?`, `%`) and rules that name a set (`@name`), which need those
declarations.  The .t files are not kept here (they are nftables' code).
"""
import os
import sys


def rules(path):
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not line or line[0] in "#:*-!?%":
            continue
        parts = line.split(";")
        if len(parts) < 2 or parts[1] not in ("ok", "fail"):
            continue
        rule = parts[0].replace("\\&", "&").replace("\\<", "<").replace("\\>", ">")
        if "@" in rule.replace("@nh,", "").replace("@th,", "").replace("@ll,", ""):
            continue
        yield rule, parts[1] == "ok"


def main():
    out = ["# tests_py.py: nftables tests/py rules",
           "# id\tsection\tproduction\tform\tintent\trule"]
    n = 0
    for path in sys.argv[1:]:
        sec = os.path.join(os.path.basename(os.path.dirname(path)), os.path.basename(path))
        for rule, ok in rules(path):
            n += 1
            out.append("\t".join([str(n), sec, " ".join(rule.split()[:2]), "tests/py",
                                  "valid" if ok else "invalid:tests-py", rule]))
    print("\n".join(out))


if __name__ == "__main__":
    main()
