# SPDX-License-Identifier: GPL-2.0
"""An nft file as a cgnft file, by editing its text (what issue 19 did by
hand): tables of family inet, ip and ip6 become `table cgroup NAME` with a
`cgroup` line, filter chains on hook input/output move to hook
ingress/egress, every other chain and table is blanked out.  Line numbers
are kept, so cgnft's errors point at the file's own lines.
"""
import re

TOKEN = re.compile(r'"[^"\n]*"|#[^\n]*|\n|[{};]|[^\s{};#"]+')
FAMILIES = ("ip", "ip6", "inet", "arp", "bridge", "netdev")


def tokens(text):
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)
            if not m.group(0).startswith("#")]


def match_brace(toks, i):
    """Index of the } closing the { at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j][0] == "{":
            depth += 1
        elif toks[j][0] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(toks) - 1


def convert(text, cgroup, keep=None):
    """keep: {(family, table, chain)} of the regular chains to keep (the
    ones the import reached from input/output); None keeps all."""
    toks = tokens(text)
    edits = []	# (start, end, replacement)
    names = {}

    def blank(a, b):
        edits.append((a, b, "\n" * text.count("\n", a, b)))

    i = 0
    while i < len(toks):
        w = toks[i][0]
        if w in ("delete", "destroy") and i + 3 < len(toks) and toks[i + 1][0] == "table" \
                and toks[i + 2][0] in FAMILIES:
            edits.append((toks[i + 2][1], toks[i + 2][2], "cgroup"))
        if w != "table":
            i += 1
            continue
        j = i + 1
        fam = "ip"
        if j < len(toks) and toks[j][0] in FAMILIES:
            fam = toks[j][0]
            j += 1
        if j >= len(toks):
            break
        name = toks[j][0]
        if j + 1 >= len(toks) or toks[j + 1][0] != "{":
            # a declaration: `table inet filter`
            if fam in ("inet", "ip", "ip6"):
                edits.append((toks[i][1], toks[j][2], "table cgroup %s" % name))
            i = j + 1
            continue
        end = match_brace(toks, j + 1)
        if fam not in ("inet", "ip", "ip6"):
            blank(toks[i][1], toks[end][2])
            i = end + 1
            continue
        kept = 0
        k = j + 2
        while k < end:
            if toks[k][0] == "chain" and k + 2 < end and toks[k + 2][0] == "{":
                cend = match_brace(toks, k + 2)
                body = [t[0] for t in toks[k + 3:cend]]
                hook = typ = None
                if "hook" in body:
                    hook = body[body.index("hook") + 1]
                    typ = body[body.index("type") + 1] if "type" in body else None
                if hook is None:
                    if keep is not None and (fam, name, toks[k + 1][0]) not in keep:
                        blank(toks[k][1], toks[cend][2])
                elif typ == "filter" and hook in ("input", "output"):
                    kept += 1
                    for t in toks[k + 3:cend]:
                        if t[0] == hook:
                            edits.append((t[1], t[2], "ingress" if hook == "input" else "egress"))
                            break
                else:
                    blank(toks[k][1], toks[cend][2])
                k = cend + 1
            else:
                k += 1
        if not kept:
            blank(toks[i][1], toks[end][2])
        else:
            key = name if name not in names else "%s_%s" % (name, fam)
            names[key] = 1
            edits.append((toks[i][1], toks[j + 1][2],
                          'table cgroup %s { cgroup "%s";' % (key, cgroup)))
        i = end + 1
    out, pos = [], 0
    for a, b, rep in sorted(edits):
        if a < pos:
            continue
        out.append(text[pos:a])
        out.append(rep)
        pos = b
    out.append(text[pos:])
    return "".join(out)
