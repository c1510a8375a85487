#!/usr/bin/env python3
"""Generate frontend/proto_tables.h: every header field of `man nft`'s
payload expressions, with where nft 1.0.6 reads it and its datatype.

The field names come from the synopsis lines of the installed man page
(`ip {version | hdrlength | ...}`); for each field, the installed nft
tells the rest: `nft --debug=netlink -c` shows the load (base, byte
offset, size) and the mask and shift that isolate the field, plus the
protocol dependencies it adds; `nft describe` names the datatype and its
width.  Run as root (nft -c needs a network namespace):
    scripts/gen-proto-tables.py > frontend/proto_tables.h
"""
import re
import subprocess
import sys

PROTOS = ['ip', 'icmp', 'igmp', 'ip6', 'icmpv6', 'tcp', 'udp', 'udplite',
          'sctp', 'dccp', 'ah', 'esp', 'comp', 'th', 'ether', 'vlan', 'arp']
# IPv6 extension headers (EXTENSION HEADER EXPRESSIONS in man nft)
EXTHDRS = ['hbh', 'frag', 'rt', 'dst', 'mh', 'srh']
# fields nft 1.0.6 takes that the man page does not list
EXTHDR_EXTRA = {'frag': ['reserved', 'reserved2'], 'mh': ['reserved'], 'srh': ['last-entry']}


def man_fields():
    text = subprocess.run(['sh', '-c', 'man nft 2>/dev/null | col -b'],
                          capture_output=True, text=True).stdout
    fields = {}
    for line in text.split('\n'):
        m = re.match(r'\s+(\w+) \{\s*([a-z0-9_| -]+)\}\s*$', line)
        if m and m.group(1) in PROTOS + EXTHDRS and m.group(1) not in fields:
            fields[m.group(1)] = [f.strip() for f in m.group(2).split('|') if f.strip()]
    # th is described in prose: its fields are the ports
    fields.setdefault('th', ['sport', 'dport'])
    # nft 1.0.6 takes `icmpv6 mtu` and `icmpv6 param-problem` (the man
    # page's packet-too-big and parameter-problem)
    for extra in ('mtu', 'param-problem'):
        if 'icmpv6' in fields and extra not in fields['icmpv6']:
            fields['icmpv6'].append(extra)
    return fields


def describe(proto, field):
    out = subprocess.run(['nft', 'describe', '%s %s' % (proto, field)],
                         capture_output=True, text=True).stdout
    m = re.search(r'datatype (\S+) .*?(\d+) bits', out.split('\n')[0])
    return (m.group(1), int(m.group(2))) if m else (None, None)


def netlink(proto, field, dtype):
    value = {'ipv4_addr': '1.2.3.4', 'ipv6_addr': '::1', 'ether_addr': '00:11:22:33:44:55',
             'ether_type': 'ip', 'string': '"x"'}.get(dtype, '1')
    rule = '%s %s == %s' % (proto, field, value)
    fam = 'inet' if proto not in ('ether', 'vlan', 'arp') else 'bridge'
    hook = 'output' if fam == 'inet' else 'input'
    src = 'table %s t {\n\tchain c {\n\t\ttype filter hook %s priority 0;\n\t\t%s\n\t}\n}\n' % (fam, hook, rule)
    out = subprocess.run(['unshare', '--net', 'nft', '--debug=netlink', '-c', '-f', '-'],
                         input=src, capture_output=True, text=True)
    return out.stdout + out.stderr


def mask_bits(text, size, off):
    """Bit offset and width of a field nft isolates with a mask."""
    mask = re.search(r'bitwise reg 1 = \( reg 1 & 0x([0-9a-f]+) \)', text)
    if not mask:
        return off * 8, size * 8
    # the mask is in register (little-endian host) order
    m = int.from_bytes(int(mask.group(1), 16).to_bytes(4, 'little')[:size], 'big')
    low = (m & -m).bit_length() - 1
    width = bin(m).count('1')
    return off * 8 + size * 8 - low - width, width


def exthdr_rows(fields):
    """EXTHDR_FIELD rows: header, field, IPv6 header type, bit offset and
    length in the header, datatype, its bits, and the stride in bits of an
    indexed field (srh sid[N]: the offset is that of [1]), or 0."""
    rows, skipped = [], []
    for hdr in EXTHDRS:
        for field in fields.get(hdr, []) + EXTHDR_EXTRA.get(hdr, []):
            dtype, bits = describe(hdr, field + ('[1]' if field == 'sid' else ''))
            name = field + ('[1]' if field == 'sid' else '')
            text = netlink(hdr, name, dtype)
            loads = re.findall(r'exthdr load ipv6 (\d+)b @ (\d+) \+ (\d+)', text)
            if not loads or dtype is None:
                skipped.append('%s %s' % (hdr, field))
                continue
            size, htype, off = (int(v) for v in loads[-1])
            bit_off, bit_len = mask_bits(text, size, off)
            stride = 0
            if field == 'sid':
                two = re.findall(r'exthdr load ipv6 \d+b @ \d+ \+ (\d+)',
                                 netlink(hdr, 'sid[2]', dtype))
                stride = (int(two[-1]) - off) * 8
            rows.append((hdr, field, htype, bit_off, bit_len, dtype, bits, stride))
    return rows, skipped


# tcp options: the man page's list, and those nft 1.0.6 also takes
TCPOPTS_EXTRA = ['fastopen', 'md5sig', 'mptcp']
TCPOPT_FIELDS = ['length', 'size', 'count', 'left', 'right', 'tsval', 'tsecr', 'subtype']


def man_tcpopts():
    text = subprocess.run(['sh', '-c', 'man nft 2>/dev/null | col -b'],
                          capture_output=True, text=True).stdout
    m = re.search(r'tcp option \{([a-z0-9_| -]+)\} tcp_option_field', text)
    return [o.strip() for o in m.group(1).split('|')] + TCPOPTS_EXTRA


def tcpopt_rows():
    """TCPOPT_KIND rows (option, kind number) and TCPOPT_FIELD rows
    (option, field, kind, bit offset and length in the option, datatype,
    its bits), from nft --debug=netlink: `exthdr load tcpopt Nb @ KIND +
    OFF`."""
    kinds, rows = [], []
    for opt in man_tcpopts():
        text = netlink('tcp option', opt, None)	# `tcp option OPT == 1`: present
        k = re.findall(r'exthdr load tcpopt \d+b @ (\d+) \+ 0 present', text)
        if not k:
            continue
        kinds.append((opt, int(k[-1])))
        for field in TCPOPT_FIELDS:
            dtype, bits = describe('tcp option %s' % opt, field)
            if dtype is None:
                continue
            text = netlink('tcp option %s' % opt, field, dtype)
            loads = re.findall(r'exthdr load tcpopt (\d+)b @ (\d+) \+ (\d+)', text)
            if not loads:
                continue
            size, kind, off = (int(v) for v in loads[-1])
            bit_off, bit_len = mask_bits(text, size, off)
            rows.append((opt, field, kind, bit_off, bit_len, dtype, bits))
    return kinds, rows


def man_sctp_chunks():
    """The chunk names and every field name of man nft's `sctp chunk`."""
    text = subprocess.run(['sh', '-c', 'man nft 2>/dev/null | col -b'],
                          capture_output=True, text=True).stdout
    i = text.index('CHUNK := ')
    block = text[i:text.index('Table', i)]
    chunks_part, fields_part = block.split('FIELD :=', 1)
    chunks = [c.strip() for c in chunks_part.replace('CHUNK :=', '').split('|') if c.strip()]
    fields = []
    for line in fields_part.split('\n')[1:]:	# wrapped lines continue a list
        for f in line.split(':=')[-1].split('|'):
            f = f.strip()
            if f and f == f.lower() and f not in fields:
                fields.append(f)
    return chunks, fields


def sctp_rows():
    """SCTP_CHUNK rows (chunk, type) and SCTP_FIELD rows (chunk, field,
    type, bit offset and length in the chunk, datatype, its bits), from
    nft --debug=netlink: `exthdr load Nb @ TYPE + OFF`."""
    chunks, fields = man_sctp_chunks()
    kinds, rows = [], []
    for ch in chunks:
        text = netlink('sctp chunk', ch, None)	# `sctp chunk CH == 1`: present
        k = re.findall(r'exthdr load \d+b @ (\d+) \+ 0 present', text)
        if not k:
            continue
        kinds.append((ch, int(k[-1])))
        for field in fields:
            dtype, bits = describe('sctp chunk %s' % ch, field)
            if dtype is None:
                continue
            text = netlink('sctp chunk %s' % ch, field, dtype)
            loads = re.findall(r'exthdr load (\d+)b @ (\d+) \+ (\d+) =>', text)
            if not loads:
                continue
            size, kind, off = (int(v) for v in loads[-1])
            bit_off, bit_len = mask_bits(text, size, off)
            rows.append((ch, field, kind, bit_off, bit_len, dtype, bits))
    return kinds, rows


def main():
    rows, skipped = [], []
    fields = man_fields()
    for proto, names in fields.items():
        if proto in EXTHDRS:
            continue
        for field in names:
            dtype, bits = describe(proto, field)
            text = netlink(proto, field, dtype)
            loads = re.findall(r'payload load (\d+)b @ (\w+) header \+ (\d+)', text)
            if not loads or dtype is None:
                skipped.append('%s %s' % (proto, field))
                continue
            size, base, off = loads[-1]
            size, off = int(size), int(off)
            bit_off, bit_len = mask_bits(text, size, off)
            deps = []
            for key, val in re.findall(r'meta load (\w+) => reg 1 \]\n  \[ cmp eq reg 1 0x([0-9a-f]+)', text):
                deps.append('%s=%d' % (key, int(val, 16)))
            rows.append((proto, field, base, bit_off, bit_len, dtype, bits,
                         ' '.join(deps), 'lookup' in text and proto in ('icmp', 'icmpv6')))
    print('/* Generated by scripts/gen-proto-tables.py from man nft and nft %s: do not edit. */'
          % subprocess.run(['nft', '--version'], capture_output=True, text=True).stdout.split()[1])
    for sk in skipped:
        print('/* %s: in the man page, but nft does not take it as a match */' % sk)
    print('/* proto, field, base, bit offset, bit length, datatype, datatype bits,')
    print(' * dependencies (meta key=value), icmp echo-type dependency */')
    for r in rows:
        print('PROTO_FIELD("%s", "%s", %s, %d, %d, "%s", %d, "%s", %d)' %
              (r[0], r[1], {'network': 'BASE_NH', 'transport': 'BASE_TH', 'link': 'BASE_LL'}[r[2]],
               r[3], r[4], r[5], r[6], r[7], 1 if r[8] else 0))
    ext, ext_skipped = exthdr_rows(fields)
    for sk in ext_skipped:
        print('/* %s: in the man page, but nft does not take it as a match */' % sk)
    print('/* IPv6 extension header, field, header type, bit offset, bit length,')
    print(' * datatype, datatype bits, stride of an indexed field (sid[N]) */')
    for r in ext:
        print('EXTHDR_FIELD("%s", "%s", %d, %d, %d, "%s", %d, %d)' % r)
    kinds, topts = tcpopt_rows()
    print('/* tcp option, its kind */')
    for k in kinds:
        print('TCPOPT_KIND("%s", %d)' % k)
    print('/* tcp option, field, kind, bit offset, bit length, datatype, datatype bits */')
    for r in topts:
        print('TCPOPT_FIELD("%s", "%s", %d, %d, %d, "%s", %d)' % r)
    chunks, sfields = sctp_rows()
    print('/* sctp chunk, its type */')
    for k in chunks:
        print('SCTP_CHUNK("%s", %d)' % k)
    print('/* sctp chunk, field, type, bit offset, bit length, datatype, datatype bits */')
    for r in sfields:
        print('SCTP_FIELD("%s", "%s", %d, %d, %d, "%s", %d)' % r)


main()
