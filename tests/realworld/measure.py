#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""How much of the real-world corpus does cgnft carry?

For every file in tests/realworld/files: nft loads it (inside
`cgnft import --file`, in a private network namespace); the rules nft
accepted in its filter input/output chains (and the chains they jump to) are
counted, and so are the ones cgnft carries: translated, accepted by cgnft's
front end and, with --check, loaded by the kernel (`cgnft check`).  The
reasons of the refused rules are grouped by count.

A second column ("as text") feeds the file's own text to cgnft's front end
instead, as issue 19 did: families to `cgroup`, hooks input/output to
ingress/egress, other chains blanked out (astext.py); a rule compiles when
cgnft reports no error on it and none outside the rules.  That column moves
when the front end learns something; the first when the importer does.

    tests/realworld/measure.py [--cgnft PATH] [--check] [--markdown] [--reject-as-drop]

--reject-as-drop carries `reject` (as drop: a cgroup program cannot send the
ICMP error or TCP reset) in the import, the check and the text column.

Needs root (network and mount namespaces).  Re-run it whenever a feature
lands: nothing in it knows which features exist.
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import astext	# noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")
SUMMARY = re.compile(r"^cgnft: import: .*: (\d+) rules carried, (\d+) not carried, "
                     r"(\d+) chains or tables left out$")
REFUSED = re.compile(r"^(?:.*?): (?:Warning|Error): .*?rule not carried: (.*)$")


def passwd_copy(tmp):
    """/etc/passwd plus the corpus users, for a private bind mount."""
    path = os.path.join(tmp, "passwd")
    with open("/etc/passwd") as f:
        text = f.read()
    with open(os.path.join(HERE, "users")) as f:
        extra = [l for l in f if l.strip() and not l.startswith("#")]
    with open(path, "w") as f:
        f.write(text if text.endswith("\n") else text + "\n")
        f.writelines(extra)
    return path


def in_private_mounts(passwd, argv):
    """argv, run with `passwd` bind-mounted on /etc/passwd in its own mount ns."""
    script = 'mount --bind "$0" /etc/passwd && exec "$@"'
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script,
            passwd] + argv


def reason_key(reason):
    """Group reasons: drop the names of maps and sets."""
    reason = re.sub(r"\((?:map|set) [^)]*\)", "", reason)
    reason = re.sub(r"\bset \S+ has ", "set NAME has ", reason)
    reason = re.sub(r"@(nh|th),\d+,\d+", r"@\1,OFF,LEN", reason)
    return reason.strip()


def measure(cgnft, name, passwd, tmp, check, rad):
    out = os.path.join(tmp, name + ".cgnft")
    p = subprocess.run(in_private_mounts(passwd, [cgnft, "import", "--file", name,
                       "--cgroup", "realworld.slice", "--skip-unsupported", "-o", out] + rad),
                       cwd=FILES, capture_output=True, text=True)
    row = {"file": name, "rules": 0, "carried": 0, "status": "ok",
           "reasons": collections.Counter(), "left_out": 0, "text": 0,
           "text_reasons": collections.Counter()}
    if p.returncode != 0:
        row["status"] = "import failed: " + (p.stderr.strip().splitlines() or ["?"])[-1]
        return row
    for line in p.stderr.splitlines():
        m = SUMMARY.match(line)
        if m:
            row["carried"] = int(m.group(1))
            row["rules"] = int(m.group(1)) + int(m.group(2))
            row["left_out"] = int(m.group(3))
        m = REFUSED.match(line)
        if m:
            row["reasons"][reason_key(m.group(1))] += 1
    row["text"], row["text_reasons"] = as_text(cgnft, name, passwd, tmp, out, rad)
    if check and row["carried"]:
        c = subprocess.run([cgnft, "check"] + rad + [out], capture_output=True, text=True)
        if c.returncode != 0:
            row["status"] = "cgnft check failed: " + c.stderr.strip().splitlines()[0]
            row["reasons"]["the kernel or cgnft check refused the whole file"] += row["carried"]
            row["carried"] = 0
    return row


CARRIED_AT = re.compile(r" # (\S+):(\d+)$")
REFUSED_AT = re.compile(r"^\t\t# (\S+):(\d+): not carried: ")
ERROR_AT = re.compile(r"^(\S+?):(\d+):[\d-]+: Error: (.*)$")


def as_text(cgnft, name, passwd, tmp, imported, rad):
    """The front end on the file's own text: (rules that compile, reasons)."""
    lines, keep, table = set(), set(), None
    for line in open(imported):
        m = CARRIED_AT.search(line.rstrip("\n")) or REFUSED_AT.match(line)
        if m and m.group(1) == name:
            lines.add(int(m.group(2)))
        if line.startswith("# from nftables table "):
            table = tuple(line.split()[4:6])
        elif line.startswith("\tchain ") and table:
            keep.add(table + (line.split()[1],))
    src = open(os.path.join(FILES, name)).read()
    srclines = src.split("\n")
    conv = os.path.join(tmp, name)
    with open(conv, "w") as f:
        f.write(astext.convert(src, "realworld.slice", keep))
    p = subprocess.run(in_private_mounts(passwd, [cgnft, "compile"] + rad + [name, "-o", "/dev/null"]),
                       cwd=tmp, capture_output=True, text=True)
    bad, whole = {}, None
    starts = sorted(lines)
    for line in p.stderr.splitlines():
        m = ERROR_AT.match(line)
        if not m or m.group(1) != name:
            continue
        ln, msg = int(m.group(2)), m.group(3)
        at = max([x for x in starts if x <= ln] or [0])
        if at and (at == ln or srclines[at - 1].rstrip().endswith("{")):
            bad.setdefault(at, msg)
        elif whole is None:
            whole = msg
    reasons = collections.Counter()
    if p.returncode and not bad and whole is None:
        whole = (p.stderr.strip().splitlines() or ["?"])[0]
    if whole is not None:
        reasons["(whole file) " + reason_key(whole)] += len(lines)
        return 0, reasons
    for msg in bad.values():
        reasons[reason_key(msg)] += 1
    return len(lines) - len(bad), reasons


def pct(a, b):
    return "%.1f%%" % (100.0 * a / b) if b else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    top = os.path.dirname(os.path.dirname(HERE))
    ap.add_argument("--cgnft", default=os.environ.get("CGNFT", os.path.join(top, "cgnft")))
    ap.add_argument("--check", action="store_true",
                    help="also load each result with `cgnft check` (kernel)")
    ap.add_argument("--markdown", action="store_true", help="Markdown tables")
    ap.add_argument("--reject-as-drop", action="store_true",
                    help="carry reject as drop (import, check and compile option)")
    ap.add_argument("files", nargs="*", help="corpus file names (default: all)")
    a = ap.parse_args()
    names = a.files or sorted(f for f in os.listdir(FILES) if f.endswith(".nft"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        passwd = passwd_copy(tmp)
        for n in names:
            rows.append(measure(os.path.abspath(a.cgnft), n, passwd, tmp, a.check,
                                ["--reject-as-drop"] if a.reject_as_drop else []))
    total = sum(r["rules"] for r in rows)
    carried = sum(r["carried"] for r in rows)
    whole = sum(1 for r in rows if r["status"] == "ok" and r["carried"] == r["rules"])
    text = sum(r["text"] for r in rows)
    reasons, treasons = collections.Counter(), collections.Counter()
    for r in rows:
        reasons.update(r["reasons"])
        treasons.update(r["text_reasons"])
    md = a.markdown
    if md:
        print("| file | rules nft accepts (input/output) | carried by import --file | % "
              "| compile as text | % | chains/tables left out | status |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
    else:
        print("%-40s %5s %7s %6s %6s %6s %5s  %s" % ("file", "rules", "carried", "%",
                                                   "text", "%", "left", "status"))
    for r in rows:
        cells = (r["file"], r["rules"], r["carried"], pct(r["carried"], r["rules"]),
                 r["text"], pct(r["text"], r["rules"]), r["left_out"], r["status"])
        print(("| %s | %d | %d | %s | %d | %s | %d | %s |" if md else
               "%-40s %5d %7d %6s %6d %6s %5d  %s") % cells)
    cells = ("total (%d files)" % len(rows), total, carried, pct(carried, total), text,
             pct(text, total), "%d files carried whole" % whole)
    print(("| **%s** | **%d** | **%d** | **%s** | **%d** | **%s** | | %s |" if md else
           "%-40s %5d %7d %6s %6d %6s        %s") % cells)
    print()
    if md:
        print("| rules | why cgnft does not carry them |")
        print("|---:|---|")
    else:
        print("refused rules by reason:")
    for why, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        print(("| %d | %s |" if md else "%6d  %s") % (n, why))
    print()
    if md:
        print("| rules | why cgnft's front end refuses the file's own text |")
        print("|---:|---|")
    else:
        print("as text, refused rules by cgnft's error:")
    for why, n in sorted(treasons.items(), key=lambda kv: (-kv[1], kv[0])):
        print(("| %d | %s |" if md else "%6d  %s") % (n, why))
    return 0 if all(r["status"] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
