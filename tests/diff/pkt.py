# SPDX-License-Identifier: GPL-2.0
"""Packet bytes for the differential suite, from a plain dict spec.

The spec says what a test wants (family, addresses, header fields, the
transport, extension headers, truncation...); build() turns it into the IP
packet a raw socket sends, applying the fix-ups the kernel applies to a
header-included IPv4 packet (raw_send_hdrinc: total length, id, checksum),
so that BPF_PROG_TEST_RUN sees the same bytes as the two kernel paths.
"""
import struct

EXT_HBH, EXT_RT, EXT_FRAG, EXT_DST, EXT_AH = 0, 43, 44, 60, 51
EXT_TYPES = (EXT_HBH, EXT_RT, EXT_FRAG, EXT_DST, EXT_AH)
TCP, UDP, ICMP, ICMPV6, GRE, ESP, SCTP, MH = 6, 17, 1, 58, 47, 50, 132, 135


def default_spec(fam):
    return {
        'fam': fam, 'src': 0, 'dst': 0, 'ttl': 64, 'tos': 0, 'id': 1,
        'frag': 0, 'opts': b'', 'ihl': None, 'totlen': None, 'version': None,
        'flowlabel': 0, 'exts': [], 'frag6': (0, 0, 1), 'plen': None,
        'proto': TCP, 'sport': 40000, 'dport': 80, 'flags': 0x10,
        'itype': 8, 'icode': 0, 'payload': 0, 'trunc': None, 'mark': 0,
        'target_len': None, 'payload_byte': 0,
        # extension header contents: hbh/dst length in 8-byte units past
        # the first; the routing header's type, segments left and, for a
        # segment routing header (type 4), last entry, flags and tag; the
        # mobility header's type (proto MH); truncation of the whole packet
        'optlen': {}, 'rt': (0, 0), 'srh': (0, 0, 0), 'mh': 0, 'trunc_total': None,
        # tcp options: raw option bytes in order (padded with EOL to a
        # multiple of 4, at most 40), and a doff that overrides the one
        # they imply
        'topts': [], 'doff': None,
        # sctp chunks: raw chunk bytes after the common header, in order
        'chunks': [],
    }


def csum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def l4_header(s):
    p = s['proto']
    if p == TCP:
        opts = b''.join(s['topts'])[:40]
        opts += b'\0' * (-len(opts) % 4)
        doff = s['doff'] if s['doff'] is not None else 5 + len(opts) // 4
        return struct.pack('!HHIIBBHHH', s['sport'], s['dport'], 1, 0, (doff & 15) << 4,
                           s['flags'], 1024, 0, 0) + opts
    if p == UDP:
        return struct.pack('!HHHH', s['sport'], s['dport'], 8 + s['payload'], 0)
    if p in (ICMP, ICMPV6):
        # the word after the checksum: id and sequence, or gateway, mtu, ...
        return struct.pack('!BBHI', s['itype'], s['icode'], 0, s.get('iword', 0x00010001))
    if p == SCTP:
        return struct.pack('!HHII', s['sport'], s['dport'], 1, 0) + b''.join(s['chunks'])
    if p == GRE:
        return struct.pack('!HH', 0, 0x0800)
    if p == ESP:
        return struct.pack('!II', 0x100, 1)
    if p == MH:	# 8 bytes: payload proto 59, hdrlen 0, type, reserved, checksum
        return struct.pack('!BBBBHH', 59, 0, s['mh'], 0, 0, 0)
    # Anything else: the bytes where ports would be, so `th` has values.
    return struct.pack('!HHI', s['sport'], s['dport'], 0)


def ext_header(kind, nxt, s):
    if kind == EXT_FRAG:
        off, mf, ident = s['frag6']
        return struct.pack('!BBHI', nxt, 0, (off << 3) | mf, ident)
    if kind == EXT_RT:
        rtype, left = s['rt']
        if rtype == 4:	# segment routing header with two segments
            last, flags, tag = s['srh']
            sids = (0x20010db8 << 96 | 1).to_bytes(16, 'big') + \
                (0x20010db8 << 96 | 2).to_bytes(16, 'big')
            return struct.pack('!BBBBBBH', nxt, 4, rtype, left, last, flags, tag) + sids
        return struct.pack('!BBBB', nxt, 0, rtype, left) + b'\0' * 4
    if kind == EXT_AH:	# 12 bytes: hdrlen counts 4-byte words minus 2
        return struct.pack('!BBHII', nxt, 1, 0, 0x100, 1)
    units = s['optlen'].get(kind, 0)
    pad, opts = 6 + 8 * units, b''	# PadN options over the rest
    while pad:
        n = min(pad, 257)
        opts += bytes([1, n - 2]) + b'\0' * (n - 2) if n >= 2 else b'\0'	# Pad1
        pad -= n
    return struct.pack('!BB', nxt, units) + opts


def headers_len(s):
    """Bytes before the transport payload, for a target length."""
    if s['fam'] == 4:
        hl = 20 + len(s['opts'])
    else:
        s2 = dict(s)
        hl = 40 + sum(len(ext_header(k, 0, s2)) for k in s['exts'])
    return hl + len(l4_header(dict(s, payload=0)))


def build(s):
    s = dict(s)
    if s['target_len'] is not None:
        s['payload'] = max(0, s['target_len'] - headers_len(s))
    l4 = l4_header(s) + bytes([s['payload_byte']]) * s['payload']
    if s['trunc'] is not None:
        l4 = l4[:s['trunc']]
    if s['fam'] == 4:
        return build4(s, l4)
    data = build6(s, l4)
    return data if s['trunc_total'] is None else data[:s['trunc_total']]


def build4(s, l4):
    ihl = s['ihl'] if s['ihl'] is not None else 5 + len(s['opts']) // 4
    ver = s['version'] if s['version'] is not None else 4
    total = 20 + len(s['opts']) + len(l4)
    totlen = s['totlen'] if s['totlen'] is not None else total
    hdr = bytearray(struct.pack('!BBHHHBBHII', (ver << 4) | (ihl & 15), s['tos'],
                                totlen & 0xffff, s['id'], s['frag'], s['ttl'],
                                s['proto'], 0, s['src'], s['dst']))
    hdr += s['opts']
    # raw_send_hdrinc rewrites a header it can read whole (ihl >= 5).
    if ihl >= 5 and ihl * 4 <= total:
        struct.pack_into('!H', hdr, 2, total)
        if s['id'] == 0:
            raise ValueError('id 0 would be replaced by the kernel')
        if s['src'] == 0:
            raise ValueError('saddr 0 would be replaced by the kernel')
        struct.pack_into('!H', hdr, 10, csum(bytes(hdr[:ihl * 4])))
    return bytes(hdr) + l4


def build6(s, l4):
    kinds = list(s['exts'])
    body = b''
    nxt = s['proto']
    for k in reversed(kinds):
        body = ext_header(k, nxt, s) + body
        nxt = k
    body += l4
    plen = s['plen'] if s['plen'] is not None else len(body)
    ver = s['version'] if s['version'] is not None else 6
    first = (ver << 28) | (s['tos'] << 20) | (s['flowlabel'] & 0xfffff)
    return struct.pack('!IHBB', first, plen & 0xffff, nxt, s['ttl']) + \
        s['src'].to_bytes(16, 'big') + s['dst'].to_bytes(16, 'big') + body
