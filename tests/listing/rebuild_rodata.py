#!/usr/bin/env python3
"""rebuild_rodata.py LISTING OBJECT: rebuilds the bytes of .rodata from
what `cgnft compile --emit asm` shows (tables, runs of entries, hash
slots, alignment) and compares them with the .rodata section of the ELF
OBJECT (`cgnft compile -o`).  Exit 0 when every byte is the same."""
import re
import struct
import sys


def words(text):
    out = b""
    for tok in text.split():
        if tok.startswith("(x"):
            break
        v = int(tok, 16)
        n = (len(tok) - 2) // 2
        out += v.to_bytes(n, "little")
    return out


def string(text):
    s = text[1:text.rindex('"')]
    return s.encode().decode("unicode_escape").encode("latin-1")


lines = open(sys.argv[1]).read().split("\n")
heads = [i for i, l in enumerate(lines) if l.startswith(".rodata: ;")]
start = heads[0] if heads else len(lines)
size = int(re.search(r"; (\d+) bytes", lines[start]).group(1)) if heads else 0
buf = bytearray(size)
pos = 0
hashed = None  # (records, slots) of a hash table being read
for line in lines[start + 1:]:
    if not line:
        break
    m = re.match(r"; \+0x([0-9a-f]+): (.*)", line)
    if m:
        pos = int(m.group(1), 16)
        hashed = {"recs": [], "at": pos} if "hashed:" in m.group(2) else None
        gap = re.match(r"(\d+) bytes of alignment, zero", m.group(2))
        if gap:
            pos += int(gap.group(1))
        continue
    body = line.strip().split(" ; ")[0]
    if hashed is not None and body.startswith("slots "):
        for tok in body.split(":", 1)[1].split():
            rec = b"" if tok == "-" else hashed["recs"][int(tok)]
            n = len(hashed["recs"][0])
            buf[pos:pos + n] = rec or bytes(n)
            pos += n
        continue
    data = string(body) if body.startswith('"') else words(body)
    times = int(re.search(r"\(x(\d+)\)", body).group(1)) if "(x" in body else 1
    if hashed is not None:
        hashed["recs"].append(data)
        continue
    for _ in range(times):
        buf[pos:pos + len(data)] = data
        pos += len(data)


def elf_section(path, name):
    elf = open(path, "rb").read()
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3a)

    def sh(i):
        return struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize)
    strtab = sh(shstrndx)
    for i in range(shnum):
        h = sh(i)
        nm = elf[strtab[4] + h[0]:].split(b"\0", 1)[0].decode()
        if nm == name:
            return elf[h[4]:h[4] + h[5]]
    return b""


want = elf_section(sys.argv[2], ".rodata")
if want != bytes(buf):
    diff = next((i for i in range(min(len(want), len(buf))) if want[i] != buf[i]),
                min(len(want), len(buf)))
    print(f"listing and object differ: {len(buf)} vs {len(want)} bytes,"
          f" first difference at +0x{diff:x}", file=sys.stderr)
    sys.exit(1)
