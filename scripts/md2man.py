#!/usr/bin/env python3
"""Turn the Markdown of doc/*.md into man(7) source, so that the rule
language has one text: doc/LANGUAGE.md and doc/HOOKS.md are the manual page
cgnft-rules(5) too.  It knows only the Markdown those files use: headings,
paragraphs, fenced code, `-` lists, pipe tables (for tbl), `code`,
**bold**, *italic* and [links](target).

usage: md2man.py --name NAME --section N --title TEXT [--date D] FILE...
Each FILE's first `# heading` becomes a section (.SH); `##` becomes .SS,
deeper headings bold paragraphs.
"""
import argparse
import re
import sys


def escape(text):
    """Escape roff's specials in running text (no markup yet)."""
    text = text.replace("\\", "\\e")
    return text.replace("-", "\\-")


def inline(text):
    """Markdown inline markup to roff fonts."""
    out = []
    pos = 0
    # code spans first: their content is literal
    for m in re.finditer(r"`([^`]+)`", text):
        out.append(spans(text[pos:m.start()]))
        out.append("\\fB" + escape(m.group(1)) + "\\fR")
        pos = m.end()
    out.append(spans(text[pos:]))
    return "".join(out)


def spans(text):
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    text = escape(text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"\\fB\1\\fR", text)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])", r"\\fI\1\\fR", text)
    return text


def line_out(text):
    """A roff text line must not start with . or ' (a request)."""
    if text.startswith((".", "'")):
        return "\\&" + text
    return text


def table(rows):
    cells = [[c.strip() for c in r.strip().strip("|").split("|")] for r in rows]
    cells = [r for r in cells if not all(re.fullmatch(r":?-+:?", c) for c in r)]
    ncol = max(len(r) for r in cells)
    # the last column takes the width the others leave (x)
    out = [".TS", "allbox tab(\t);", " ".join(["l"] * (ncol - 1) + ["lx"]) + "."]
    for r in cells:
        r = r + [""] * (ncol - len(r))
        out.append("\t".join("T{\n" + line_out(inline(c)) + "\nT}" for c in r))
    out.append(".TE")
    return out


def convert(path, first):
    out = []
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    para = []

    def flush():
        if para:
            out.append(".PP")
            out.append(line_out(inline(" ".join(para))))
            para.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            indent = len(line) - len(line.lstrip())
            i += 1
            out += [".RS 4", ".nf"]
            while i < len(lines) and not lines[i].strip().startswith("```"):
                out.append(line_out(escape(lines[i][indent:])))
                i += 1
            out += [".fi", ".RE"]
        elif m := re.match(r"(#+)\s+(.*)", line):
            flush()
            level, text = len(m.group(1)), m.group(2)
            if level == 1:
                title = "DESCRIPTION" if first else escape(text).upper()
                out.append('.SH "' + title + '"')
            elif level == 2:
                out.append('.SS "' + escape(text) + '"')
            else:
                out += [".PP", "\\fB" + inline(text) + "\\fR"]
        elif stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i])
                i += 1
            out += table(rows)
            continue
        elif m := re.match(r"(\s*)- (.*)", line):
            flush()
            depth = len(m.group(1)) // 2
            item = [m.group(2)]
            while (i + 1 < len(lines) and lines[i + 1].strip()
                   and not re.match(r"\s*- ", lines[i + 1])
                   and not lines[i + 1].strip().startswith(("```", "|", "#"))):
                i += 1
                item.append(lines[i].strip())
            out += [".RS %d" % (2 * depth)] if depth else []
            out += [".IP \\(bu 2", line_out(inline(" ".join(item)))]
            out += [".RE"] if depth else []
        elif not stripped:
            flush()
        else:
            para.append(stripped)
        i += 1
    flush()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--section", required=True)
    ap.add_argument("--title", required=True)
    ap.add_argument("--date", default="")
    ap.add_argument("--see-also", default="")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    out = ["'\\\" t",
           '.TH %s %s "%s" "cgnft" "cgnft manual"' % (a.name.upper(), a.section, a.date),
           ".SH NAME", "%s \\- %s" % (escape(a.name), escape(a.title))]
    for n, f in enumerate(a.files):
        out += convert(f, n == 0)
    if a.see_also:
        out += [".SH \"SEE ALSO\"", escape(a.see_also)]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
