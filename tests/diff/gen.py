# SPDX-License-Identifier: GPL-2.0
"""Random rule sets and packets aimed at them, for the differential suite.

A rule set is a RuleSet (policy, named sets, chains of rule strings) that
renders to both nft's `table inet` and cgnft's `table cgroup`.  Every match
the generator writes also leaves "hints": the values on and around its
boundaries, which the packet generator then puts in the packets.
"""
import ipaddress
import random
import time

import pkt

# ---- rule sets -------------------------------------------------------------


class RuleSet:
    def __init__(self, policy='accept'):
        self.policy = policy
        self.sets = []		# (name, declaration body)
        self.maps = []		# (name, declaration body)
        self.chains = {'out': []}	# name -> [rule text]; 'out' is the base chain
        self.hints = []		# per rule: {field: [values]}

    def body(self, hook):
        out = []
        for name, decl in self.sets:
            out.append('\tset %s { %s }' % (name, decl))
        for name, decl in self.maps:
            out.append('\tmap %s { %s }' % (name, decl))
        for name, rules in self.chains.items():
            out.append('\tchain %s {' % name)
            if name == 'out':
                out.append('\t\ttype filter hook %s priority 0; policy %s;' %
                           (hook, self.policy))
            out += ['\t\t' + r for r in rules]
            out.append('\t}')
        return '\n'.join(out) + '\n'

    def nft(self, table='T'):
        return 'table inet %s {\n%s}\n' % (table, self.body('output'))

    def cgnft(self, cgroup, table='T'):
        return 'table cgroup %s {\n\tcgroup "%s"\n%s}\n' % (
            table, cgroup, self.body('egress'))

    def nrules(self):
        return sum(len(r) for r in self.chains.values())

    def to_case(self):
        lines = ['policy ' + self.policy]
        lines += ['set %s %s' % s for s in self.sets]
        lines += ['map %s %s' % m for m in self.maps]
        for name, rules in self.chains.items():
            lines.append('chain ' + name)
            lines += ['rule ' + r for r in rules]
        return lines


# ---- values ----------------------------------------------------------------

V4_NETS = ['10.1.0.0', '10.200.3.0', '192.168.0.0', '172.16.5.0', '203.0.113.0',
           '198.51.100.0', '127.0.0.0', '255.255.255.0', '0.0.0.0', '224.0.0.0']
V6_NETS = ['2001:db8:a::', '2001:db8:a:1::', 'fd00:1:2::', '2001:db8:ffff::',
           '::', 'fe80::', 'ff02::', '2001:db8:a:ffff:ffff::']
PORTS = [0, 1, 22, 53, 80, 443, 1023, 1024, 8080, 32767, 32768, 65534, 65535]
PORT_NAMES = {22: 'ssh', 53: 'domain', 80: 'http', 443: 'https'}
PROTOS = [pkt.TCP, pkt.UDP, pkt.ICMP, pkt.ICMPV6, pkt.GRE, pkt.ESP, pkt.SCTP, 0,
          255, 41, 59, 43, 44, 60, 51]
PROTO_NAMES = {6: 'tcp', 17: 'udp', 1: 'icmp', 47: 'gre', 50: 'esp', 132: 'sctp',
               58: 'icmpv6'}
DSCP_NAMES = dict([(8 * i, 'cs%d' % i) for i in range(8)] + [
    (10, 'af11'), (12, 'af12'), (14, 'af13'), (18, 'af21'), (26, 'af31'),
    (34, 'af41'), (46, 'ef')])
TCP_FLAGS = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ecn', 'cwr']
ICMP_TYPES = {0: 'echo-reply', 3: 'destination-unreachable', 8: 'echo-request',
              11: 'time-exceeded'}
ICMP6_TYPES = {1: 'destination-unreachable', 128: 'echo-request', 129: 'echo-reply',
               135: 'nd-neighbor-solicit', 136: 'nd-neighbor-advert'}


def v4(n):
    return int(ipaddress.IPv4Address(n))


def v6(n):
    return int(ipaddress.IPv6Address(n))


# Field table: name -> (kind, bits, family, transport, set type).
# family 4/6/None; transport a protocol number, 'th' or None.
FIELDS = {
    'ip saddr': ('addr', 32, 4, None, 'ipv4_addr'),
    'ip daddr': ('addr', 32, 4, None, 'ipv4_addr'),
    'ip protocol': ('proto', 8, 4, None, 'inet_proto'),
    'ip ttl': ('int', 8, 4, None, None),
    'ip length': ('len', 16, 4, None, None),
    'ip dscp': ('dscp', 6, 4, None, None),
    'ip id': ('int', 16, 4, None, None),
    'ip hdrlength': ('int', 4, 4, None, None),
    'ip frag-off': ('frag', 16, 4, None, None),
    'ip6 saddr': ('addr', 128, 6, None, 'ipv6_addr'),
    'ip6 daddr': ('addr', 128, 6, None, 'ipv6_addr'),
    'ip6 nexthdr': ('proto', 8, 6, None, 'inet_proto'),
    'ip6 hoplimit': ('int', 8, 6, None, None),
    'ip6 flowlabel': ('int', 20, 6, None, None),
    'ip6 length': ('len', 16, 6, None, None),
    'ip6 dscp': ('dscp', 6, 6, None, None),
    'tcp sport': ('port', 16, None, pkt.TCP, 'inet_service'),
    'tcp dport': ('port', 16, None, pkt.TCP, 'inet_service'),
    'tcp flags': ('flags', 8, None, pkt.TCP, None),
    'udp sport': ('port', 16, None, pkt.UDP, 'inet_service'),
    'udp dport': ('port', 16, None, pkt.UDP, 'inet_service'),
    'th sport': ('port', 16, None, 'th', None),
    'th dport': ('port', 16, None, 'th', 'inet_service'),
    'icmp type': ('icmptype', 8, 4, pkt.ICMP, 'icmp_type'),
    'icmp code': ('int', 8, 4, pkt.ICMP, None),
    'icmpv6 type': ('icmp6type', 8, 6, pkt.ICMPV6, 'icmpv6_type'),
    # fields of one icmp type: nft adds `icmp type == T` (echo: a set)
    'icmp id': ('int', 16, 4, pkt.ICMP, None),
    'icmp sequence': ('int', 16, 4, pkt.ICMP, None),
    'icmp gateway': ('int', 32, 4, pkt.ICMP, None),
    'icmp mtu': ('int', 16, 4, pkt.ICMP, None),
    'icmpv6 id': ('int', 16, 6, pkt.ICMPV6, None),
    'icmpv6 mtu': ('int', 32, 6, pkt.ICMPV6, None),
    'icmpv6 param-problem': ('int', 32, 6, pkt.ICMPV6, None),
    'icmpv6 max-delay': ('int', 16, 6, pkt.ICMPV6, None),
    'meta l4proto': ('proto', 8, None, None, 'inet_proto'),
    'meta nfproto': ('nfproto', 8, None, None, None),
    'meta length': ('len', 32, None, None, None),
    'meta mark': ('mark', 32, None, None, 'mark'),
    'meta protocol': ('ethertype', 16, None, None, None),
    # IPv6 extension headers (nft's exthdr expression)
    'exthdr hbh': ('exists', 1, 6, None, None),
    'exthdr rt': ('exists', 1, 6, None, None),
    'exthdr frag': ('exists', 1, 6, None, None),
    'exthdr dst': ('exists', 1, 6, None, None),
    'exthdr mh': ('exists', 1, 6, None, None),
    'hbh nexthdr': ('proto', 8, 6, None, 'inet_proto'),
    'hbh hdrlength': ('optlen', 8, 6, None, None),
    'dst nexthdr': ('proto', 8, 6, None, 'inet_proto'),
    'dst hdrlength': ('optlen', 8, 6, None, None),
    'rt nexthdr': ('proto', 8, 6, None, 'inet_proto'),
    'rt type': ('int', 8, 6, None, None),
    'rt seg-left': ('int', 8, 6, None, None),
    'frag nexthdr': ('proto', 8, 6, None, 'inet_proto'),
    'frag frag-off': ('int', 13, 6, None, None),
    'frag more-fragments': ('int', 1, 6, None, None),
    'frag id': ('int', 32, 6, None, None),
    'mh type': ('int', 8, 6, None, None),
    'srh last-entry': ('int', 8, 6, None, None),
    'srh flags': ('int', 8, 6, None, None),
    'srh tag': ('int', 16, 6, None, None),
    'meta pkttype': ('pkttype', 8, None, None, None),
    'meta cpu': ('cpu', 32, None, None, None),
    # the clock: values chosen around the time the generator runs
    'meta hour': ('hour', 32, None, None, None),
    'meta day': ('day', 8, None, None, None),
    'meta time': ('time', 64, None, None, None),
}
CLOCK_KINDS = ('hour', 'day', 'time')
DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']


def clock_is_quiet():
    """Clock matches only far from midnight (local and UTC), so that
    nothing they test changes while the suite runs."""
    now = time.time()
    for t in (time.localtime(now), time.gmtime(now)):
        secs = t.tm_hour * 3600 + t.tm_min * 60 + t.tm_sec
        if secs < 1200 or secs > 86400 - 1200:
            return False
    return True

# tcp options: nft adds no dependency, so they go in any rule
TCPOPT_FIELDS = {
    'tcp option maxseg size': ('int', 16), 'tcp option maxseg length': ('int', 8),
    'tcp option window count': ('int', 8), 'tcp option sack-perm length': ('int', 8),
    'tcp option sack left': ('int', 32), 'tcp option sack1 right': ('int', 32),
    'tcp option timestamp tsval': ('int', 32), 'tcp option timestamp tsecr': ('int', 32),
    'tcp option mptcp subtype': ('int', 4), 'tcp option fastopen length': ('int', 8),
    'tcp option maxseg': ('exists', 1), 'tcp option sack-perm': ('exists', 1),
    'tcp option timestamp': ('exists', 1), 'tcp option eol': ('exists', 1),
    'tcp option nop': ('exists', 1), 'tcp option md5sig': ('exists', 1),
    'tcp option 99': ('exists', 1),
}
for _f, (_k, _b) in TCPOPT_FIELDS.items():
    FIELDS[_f] = (_k, _b, None, None, None)

# sctp chunks: no dependency either; (chunk type, byte offset, bytes) of
# each field as nft reads it
SCTP_FIELDS = {
    'sctp chunk data tsn': (0, 4, 4), 'sctp chunk data stream': (0, 8, 2),
    'sctp chunk data ppid': (0, 12, 4), 'sctp chunk init init-tag': (1, 4, 4),
    'sctp chunk init num-inbound-streams': (1, 14, 2), 'sctp chunk sack cum-tsn-ack': (3, 4, 4),
    'sctp chunk sack num-dup-tsns': (3, 14, 2), 'sctp chunk abort flags': (6, 1, 1),
    'sctp chunk shutdown length': (7, 2, 2), 'sctp chunk data': (0, None, 1),
    'sctp chunk init': (1, None, 1), 'sctp chunk heartbeat': (4, None, 1),
    'sctp chunk cookie-ack': (11, None, 1),
}
for _f, (_t, _o, _n) in SCTP_FIELDS.items():
    FIELDS[_f] = ('exists', 1, None, None, None) if _o is None else ('int', 8 * _n, None, None, None)
TCPOPT_KIND = {'eol': 0, 'nop': 1, 'maxseg': 2, 'window': 3, 'sack-perm': 4, 'sack': 5,
               'sack1': 5, 'timestamp': 8, 'md5sig': 19, 'mptcp': 30, 'fastopen': 34, '99': 99}

EXTHDR_OF = {'hbh': pkt.EXT_HBH, 'dst': pkt.EXT_DST, 'rt': pkt.EXT_RT, 'frag': pkt.EXT_FRAG,
             'srh': pkt.EXT_RT}


class Gen:
    """One rule set's generator: the pools of values it draws from."""

    def __init__(self, rng):
        self.r = rng
        self.clock_quiet = clock_is_quiet()
        self.jump_p = 0.15	# how often a verdict jumps or goes to a later chain
        r = rng
        self.nets4 = []
        for _ in range(4):
            base = v4(r.choice(V4_NETS)) + r.randrange(256) * r.choice([0, 1, 256])
            self.nets4.append((base & 0xffffff00, r.choice([8, 16, 24, 25, 28, 30, 31, 32])))
        self.nets6 = []
        for _ in range(4):
            base = v6(r.choice(V6_NETS)) + r.randrange(256) * r.choice([0, 1, 1 << 64])
            self.nets6.append((base, r.choice([16, 32, 48, 56, 64, 100, 127, 128])))
        self.ports = r.sample(PORTS, 5) + [r.randrange(65536) for _ in range(3)]
        self.marks = [0, 1, r.randrange(2, 256), 0xffffffff, r.randrange(1 << 32)]
        self.nsets = 0
        self.pending = []	# rules that must follow the last one (mark checks)

    def take_pending(self):
        out, self.pending = self.pending, []
        return out

    # -- single values, in the kind's numeric space
    def value(self, kind, bits):
        r = self.r
        if kind == 'addr':
            nets = self.nets4 if bits == 32 else self.nets6
            net, plen = r.choice(nets)
            return (net + r.randrange(1 << min(bits - plen, 16))) % (1 << bits) \
                if plen < bits else net
        if kind == 'port':
            return r.choice(self.ports) if r.random() < 0.8 else r.randrange(65536)
        if kind == 'proto':
            return r.choice(PROTOS)
        if kind == 'mark':
            return r.choice(self.marks)
        if kind == 'len':
            return r.choice([20, 28, 40, 48, 60, 64, 100, 576, 1000, 1399, r.randrange(20, 1400)])
        if kind == 'dscp':
            return r.choice(list(DSCP_NAMES) + [r.randrange(64)])
        if kind == 'icmptype':
            return r.choice(list(ICMP_TYPES) + [r.randrange(256)])
        if kind == 'icmp6type':
            return r.choice(list(ICMP6_TYPES) + [r.randrange(256)])
        if kind == 'frag':
            return r.choice([0, 0x2000, 0x4000, 0x1fff, 1, 185, 0x2001, 0x6000])
        if kind == 'nfproto':
            return r.choice([2, 10])
        if kind == 'ethertype':
            return r.choice([0x0800, 0x86dd, 0x0806, 0])
        if kind == 'exists':
            return r.randrange(2)
        if kind == 'optlen':
            return r.choice([0, 0, 1, 2, 3, r.randrange(256)])
        if kind == 'pkttype':
            return r.choice([0, 1, 2, 3])
        if kind == 'cpu':	# the same verdict on any CPU of a small machine
            return r.choice([64, 4096, 0xffffffff])
        return r.choice([0, 1, (1 << bits) - 1, r.randrange(1 << bits), 64, 5]) % (1 << bits)

    def render(self, kind, bits, v, plain=False):
        r = self.r
        if kind == 'addr':
            return str(ipaddress.IPv4Address(v) if bits == 32 else ipaddress.IPv6Address(v))
        names = {'port': PORT_NAMES, 'proto': PROTO_NAMES, 'dscp': DSCP_NAMES,
                 'icmptype': ICMP_TYPES, 'icmp6type': ICMP6_TYPES}.get(kind, {})
        if v in names and not plain and r.random() < 0.5:
            return names[v]
        if kind == 'nfproto':
            return {2: 'ipv4', 10: 'ipv6'}[v]
        if kind == 'exists':
            return 'exists' if v else 'missing'
        if kind == 'ethertype' and v in (0x0800, 0x86dd) and not plain and r.random() < 0.7:
            return {0x0800: 'ip', 0x86dd: 'ip6'}[v]
        if kind == 'ethertype':
            return '0x%04x' % v
        if kind == 'pkttype' and not plain and r.random() < 0.7:
            return ['host', 'broadcast', 'multicast', 'other'][v]
        if kind in ('mark', 'frag') and r.random() < 0.4:
            return hex(v)
        return str(v)

    # -- elements: (text, low, high, hints)
    def element(self, kind, bits, allow_interval=True):
        r = self.r
        top = (1 << bits) - 1
        if kind == 'addr' and allow_interval and r.random() < 0.4:
            net, plen = r.choice(self.nets4 if bits == 32 else self.nets6)
            plen = max(0, min(bits, plen + r.choice([-1, 0, 0, 1, 8])))
            mask = top ^ ((1 << (bits - plen)) - 1)
            lo = net & mask
            hi = lo | (top ^ mask)
            return ('%s/%d' % (self.render(kind, bits, lo), plen), lo, hi,
                    edges(lo, hi, top))
        if allow_interval and kind not in ('nfproto',) and r.random() < 0.3:
            a = self.value(kind, bits)
            b = min(top, a + r.choice([1, 2, 10, 100, 1000, 1 << 12]))
            if kind == 'addr' and r.random() < 0.5:
                b = a + r.randrange(1, 300)
            if b > top or b <= a:
                b = a
            if b > a:
                # cgnft cannot lex an unspaced IPv6 range: mostly spaced
                dash = ' - ' if bits == 128 and r.random() < 0.8 else '-'
                return ('%s%s%s' % (self.render(kind, bits, a, True), dash,
                                    self.render(kind, bits, b, True)),
                        a, b, edges(a, b, top))
        a = self.value(kind, bits)
        return (self.render(kind, bits, a), a, a, edges(a, a, top))

    def elements(self, kind, bits, n, allow_interval=True):
        """Disjoint elements (nft refuses overlapping intervals)."""
        out = []
        for _ in range(n * 3):
            e = self.element(kind, bits, allow_interval)
            if all(e[2] < o[1] or e[1] > o[2] for o in out):
                out.append(e)
            if len(out) == n:
                break
        return out

    # -- one match: (text, {field: hints})
    def match(self, field, rs):
        r = self.r
        kind, bits, _, _, settype = FIELDS[field]
        top = (1 << bits) - 1
        if kind in CLOCK_KINDS:
            return self.clock_match(field, kind), []
        if kind == 'flags':
            return self.flags_match()
        if kind == 'exists':
            v = r.randrange(2)
            neg = '!= ' if r.random() < 0.2 else ''
            return '%s %s%s' % (field, neg, self.render(kind, 1, v)), [0, 1]
        if kind in ('mark', 'int', 'len') and r.random() < 0.2:
            m = self.binop_match(field, kind, bits)
            if m:
                return m
        x = r.random()
        if x < 0.35:
            t, lo, hi, h = self.element(kind, bits)
            neg = '!= ' if r.random() < 0.25 else ''
            return '%s %s%s' % (field, neg, t), h
        if x < 0.55 and kind not in ('nfproto',):
            op = r.choice(['<', '>', '<=', '>=', '!=', '=='])
            v = self.value(kind, bits)
            return '%s %s %s' % (field, op, self.render(kind, bits, v)), edges(v, v, top)
        # nft 1.0.6 byte-swaps the mask but not the value for `ip6 dscp & M`
        # (a shifted 2-byte field): its rule never means what it says.
        if x < 0.62 and kind in ('frag', 'int', 'mark', 'dscp') and field != 'ip6 dscp':
            m = r.choice([0x1fff, 0xe000, 0x2000, 0x4000, 0xff, 0xf0, 1, 3])
            m &= top
            if not m:
                m = 1
            v = self.value(kind, bits) & m
            op = r.choice(['==', '!='])
            return '%s & %s %s %s' % (field, hex(m), op, hex(v)), \
                [v, v | (m & -m), v ^ m, top]
        if x < 0.8 or not settype:
            els = self.elements(kind, bits, r.randrange(1, 6))
            neg = '!= ' if r.random() < 0.25 else ''
            return '%s %s{ %s }' % (field, neg, ', '.join(e[0] for e in els)), \
                sum((e[3] for e in els), [])
        # a named set
        interval = r.random() < 0.6
        # sometimes more than 8: tables (IPv6) or searches (narrow fields)
        n = r.randrange(9, 40) if r.random() < 0.25 else r.randrange(1, 8)
        els = self.elements(kind, bits, n, interval)
        name = 's%d' % len(rs.sets)
        decl = 'type %s;%s elements = { %s }' % (
            settype, ' flags interval;' if interval else '', ', '.join(e[0] for e in els))
        rs.sets.append((name, decl))
        neg = '!= ' if r.random() < 0.2 else ''
        return '%s %s@%s' % (field, neg, name), sum((e[3] for e in els), [])

    def clock_match(self, field, kind):
        """meta hour/day/time against values at least 10 minutes from now
        (hour: local clock times, cross-day ranges included; day: names
        or numbers; time: local dates), so that both sides see the same
        truth while the suite runs."""
        r = self.r
        now = time.time()
        if kind == 'hour':
            def at(minutes):
                t = time.localtime(now + minutes * 60)
                return '"%02d:%02d"' % (t.tm_hour, t.tm_min)
            offs = [-600, -180, -60, -15, 15, 60, 180, 600]
            a, b = r.choice(offs), r.choice(offs)
            form = r.random()
            if form < 0.5:
                neg = '!= ' if r.random() < 0.3 else ''
                return '%s %s%s-%s' % (field, neg, at(a), at(b))
            if form < 0.8:
                return '%s %s %s' % (field, r.choice(['<', '>', '<=', '>=']), at(a))
            return '%s %s' % (field, at(a))
        if kind == 'day':
            today = time.localtime(now).tm_wday	# Monday = 0
            today = (today + 1) % 7		# nft: Sunday = 0
            d = (today + r.choice([0, 0, 1, 6, 3])) % 7
            txt = DAYS[d] if r.random() < 0.6 else str(d)
            form = r.random()
            if form < 0.4:
                neg = '!= ' if r.random() < 0.3 else ''
                return '%s %s%s' % (field, neg, txt)
            if form < 0.7:
                return '%s %s %d' % (field, r.choice(['<', '>', '<=', '>=']), d)
            lo = min(d, today)
            hi = max(d, today)
            els = ['%d-%d' % (lo, hi) if hi > lo else str(lo)]
            other = (hi + 2) % 7
            if other > hi or other < lo:
                els.append(DAYS[other])
            return '%s { %s }' % (field, ', '.join(els))
        def date(secs):
            return time.strftime('"%Y-%m-%d %H:%M:%S"', time.localtime(now + secs))
        offs = [-366 * 86400, -86400, -3600, 3600, 86400, 366 * 86400]
        a, b = sorted(r.sample(offs, 2))
        if r.random() < 0.5:
            return '%s %s %s' % (field, r.choice(['<', '>', '<=', '>=']), date(a))
        neg = '!= ' if r.random() < 0.3 else ''
        return '%s %s%s-%s' % (field, neg, date(a), date(b))

    def binop_match(self, field, kind, bits):
        """`field OP C cmp V`: & | ^ on marks and integers, << >> where cgnft
        takes them (one-byte fields, meta length); the hints are values
        on both sides of what nft compiles."""
        r = self.r
        top = (1 << bits) - 1
        v = self.value(kind, bits)
        one = 2 <= bits <= 8 and field not in ('ip hdrlength', 'icmp code') and \
            field.split()[0] in ('ip', 'ip6', 'tcp', 'udp', 'icmp', 'icmpv6', 'th') and \
            not field.startswith('tcp option')	# icmp_code: not an integer
        shifts = one or field == 'meta length'
        op = r.choice(['|', '^', '&', '^'] + (['<<', '>>'] if shifts else []))
        if op in ('<<', '>>'):
            c = r.randrange(1, min(bits, 4))
            if field == 'meta length':	# nft: >> onto == compares 5 bytes, refused
                cmp = r.choice(['==', '!=', '<'] if op == '<<' else ['<', '>='])
            else:
                cmp = r.choice(['==', '!=', '<', '>='])
            if op == '<<' and (one or cmp != '<'):
                v = (v >> c) << c	# nft: "Comparison is always false"
            text = '%s %s %d %s %d' % (field, op, c, cmp, v)
            base = [v, v >> c, v << c, (v >> c) + 1, max(0, (v >> c) - 1),
                    (v << c) & top, 0, 1, top]
        else:
            c = r.choice([1, 3, 0x10, 0xf0, 0xff, r.randrange(top + 1)]) & top
            cmp = r.choice(['==', '!=', '<', '>', 'range'])
            if cmp == 'range':
                hi = min(top, v + r.choice([1, 5, 100]))
                text = '%s %s %s %d-%d' % (field, op, hex(c), v, hi)
            else:
                text = '%s %s %s %s %d' % (field, op, hex(c), cmp, v)
            base = [v, v ^ c, v & ~c & top, v | c, (v ^ c) + 1, max(0, (v ^ c) - 1), c]
        hints = sorted({h & top for h in base})
        if field == 'meta length':
            hints = [h for h in hints if 20 <= h < 1400] or [64]
        return text, hints

    def flags_match(self):
        r = self.r
        fl = r.sample(range(8), r.randrange(1, 4))
        names = ','.join(TCP_FLAGS[i] for i in fl)
        bits = sum(1 << i for i in fl)
        hints = [bits, 0, 0x12, 0x02, 0x10, 0x11, 0xff, bits ^ 0x10]
        form = r.randrange(5)
        if form == 0:
            return 'tcp flags %s' % names, hints
        if form == 1:
            return 'tcp flags == %s' % TCP_FLAGS[fl[0]], hints
        if form == 2:
            return 'tcp flags != %s' % TCP_FLAGS[fl[0]], hints
        # nft cannot parse a one-flag mask followed by more matches
        mask = r.sample(range(8), r.randrange(1, 4))
        mnames = ','.join(TCP_FLAGS[i] for i in sorted(set(mask) | {fl[0], (fl[0] + 1) % 8}))
        if form == 3:
            return 'tcp flags %s / %s' % (TCP_FLAGS[fl[0]], mnames), hints
        return 'tcp flags & (%s) == %s' % (mnames.replace(',', ' | '), TCP_FLAGS[fl[0]]), hints

    # -- one rule
    def rule(self, rs, chain_index, chain_names):
        r = self.r
        fam = r.choice([None, None, 4, 6])
        l4 = r.choice([None, None, pkt.TCP, pkt.UDP, 'th', 'icmp'])
        if l4 == 'icmp':
            l4 = pkt.ICMP if fam == 4 else pkt.ICMPV6 if fam == 6 else r.choice([pkt.ICMP, pkt.ICMPV6])
            fam = 4 if l4 == pkt.ICMP else 6
        cands = [f for f, d in FIELDS.items()
                 if (d[2] is None or d[2] == fam) and (d[3] is None or d[3] == l4)
                 and (d[0] not in CLOCK_KINDS or self.clock_quiet)]
        if fam is not None:
            cands = [f for f in cands if f not in ('meta nfproto', 'meta protocol')]
        if l4 is not None:
            cands = [f for f in cands if f not in ('meta l4proto', 'ip protocol', 'ip6 nexthdr')]
        # make sure the rule's own family/transport fields are likely present
        own = [f for f in cands if FIELDS[f][2] == fam or FIELDS[f][3] == l4]
        if r.random() < 0.05:
            return self.concat_rule(rs, chain_index, chain_names)
        if r.random() < 0.1:
            return self.vmap_rule(rs, chain_index, chain_names)
        if r.random() < 0.08:
            return self.mark_rule(rs)
        n = r.choice([0, 1, 1, 2, 2, 3, 4])
        fields = r.sample(cands, min(n, len(cands)))
        if own and n and r.random() < 0.7 and not set(fields) & set(own):
            fields[0] = r.choice(own)
        texts, hints = [], {}
        for f in fields:
            t, h = self.match(f, rs)
            texts.append(t)
            if h:	# clock matches leave none: no packet field to aim at
                hints.setdefault(f, []).extend(h)
        if r.random() < 0.2:
            texts.append('counter')
        texts.append(self.verdict(chain_index, chain_names, final=True))
        rs.hints.append(hints)
        return ' '.join(t for t in texts if t) or 'counter'

    CONCATS = [('ip saddr', 'tcp dport'), ('ip daddr', 'udp dport'), ('ip6 daddr', 'tcp dport'),
               ('ip saddr', 'ip daddr'), ('meta mark', 'tcp dport'), ('ip protocol', 'th dport')]

    def concat_rule(self, rs, chain_index, chain_names):
        fields = self.r.choice(self.CONCATS)
        els, hints = [], {}
        # more than 8 elements: a table (ir_cls_set_table), not compares;
        # a range in the last field then and there (pipapo in nft), and
        # sometimes a prefix or range in the first too (the table's
        # residual)
        big = self.r.random() < 0.3
        boxes = []
        for _ in range(self.r.randrange(9, 40) if big else self.r.randrange(1, 5)):
            parts, lo, hi = [], [], []
            for i, f in enumerate(fields):
                kind, bits = FIELDS[f][:2]
                v = self.value(kind, bits)
                top = (1 << bits) - 1
                if big and i == 0 and self.r.random() < 0.3:
                    t, a, b, h = self.element(kind, bits)
                    parts.append(t)
                    lo.append(a)
                    hi.append(b)
                    hints.setdefault(f, []).extend(h)
                    continue
                if big and i == len(fields) - 1 and kind == 'port' and self.r.random() < 0.3:
                    w = min(top, v + self.r.choice([1, 10, 1000]))
                    if w > v:
                        lo.append(v)
                        hi.append(w)
                        parts.append('%s-%s' % (self.render(kind, bits, v, True),
                                                self.render(kind, bits, w, True)))
                        hints.setdefault(f, []).extend(edges(v, w, top))
                        continue
                lo.append(v)
                hi.append(v)
                parts.append(self.render(kind, bits, v, True))
                hints.setdefault(f, []).extend(edges(v, v, top))
            # nft's pipapo refuses an element whose first or last key
            # lies in one added before it
            if any(all(b[0][k] <= p[k] <= b[1][k] for k in range(len(fields)))
                   for b in boxes for p in (lo, hi)):
                continue
            boxes.append((lo, hi))
            els.append(' . '.join(parts))
        neg = '!= ' if self.r.random() < 0.2 else ''
        rs.hints.append(hints)
        return '%s %s{ %s } %s' % (' . '.join(fields), neg, ', '.join(els),
                                  self.verdict(chain_index, chain_names) or 'drop')

    VMAP_KEYS = ['tcp dport', 'udp dport', 'th dport', 'ip saddr', 'meta mark', 'ip protocol',
                 'meta l4proto', 'icmp type', 'ip6 saddr', 'ip6 daddr']

    def map_key(self):
        """A key for a map: one field, or a concatenation."""
        x = self.r.random()
        if x < 0.4:
            return list(self.r.choice(self.CONCATS))
        if x < 0.6:	# 16-byte keys
            return [self.r.choice(['ip6 saddr', 'ip6 daddr'])]
        return [self.r.choice(self.VMAP_KEYS)]

    def map_elements(self, fields, n):
        """Elements (texts, hints) nft accepts: one field, disjoint
        intervals; a concatenation, each element's first and last keys
        outside the elements before it (nft's pipapo refuses the others;
        the overlaps it allows resolve to the element added first)."""
        r = self.r
        if len(fields) == 1:
            kind, bits = FIELDS[fields[0]][:2]
            els = self.elements(kind, bits, n)
            return [e[0] for e in els], {fields[0]: sum((e[3] for e in els), [])}
        boxes, texts, hints = [], [], {}
        for _ in range(n * 3):
            parts, lo, hi, h = [], [], [], {}
            for f in fields:
                kind, bits = FIELDS[f][:2]
                t, a, b, e = self.element(kind, bits, r.random() < 0.5)
                parts.append(t)
                lo.append(a)
                hi.append(b)
                h[f] = e
            held = [bx for bx in boxes
                    if all(bx[0][i] <= lo[i] <= bx[1][i] for i in range(len(fields))) or
                    all(bx[0][i] <= hi[i] <= bx[1][i] for i in range(len(fields)))]
            if held:
                continue
            boxes.append((lo, hi))
            texts.append(' . '.join(parts))
            for f, e in h.items():
                hints.setdefault(f, []).extend(e)
            if len(texts) == n:
                break
        return texts, hints

    # map keys with & | ^ << >> (field, operations): shifts where cgnft
    # takes them (one-byte integer fields, << on meta length)
    BINOP_KEYS = [('ip ttl', '&|^<>'), ('ip6 hoplimit', '&|^<>'), ('ip saddr', '&'),
                  ('ip daddr', '&'), ('meta mark', '&|^'), ('tcp dport', '&|^'),
                  ('udp sport', '&|^'), ('ip id', '&|^'), ('meta length', '&^<')]

    def binop_key(self, n):
        """A one-field map key with a binary operation, n distinct single
        values (key text, element texts, hints): nft moves a last ^ << >>
        onto the elements (binop_transfer), << only onto values whose low
        bits are clear ("Comparison is always false")."""
        r = self.r
        field, ops = r.choice(self.BINOP_KEYS)
        kind, bits = FIELDS[field][:2]
        top = (1 << bits) - 1
        op = r.choice(ops)
        vals = [self.value(kind, bits) for _ in range(n)]
        if op in '<>':
            c = r.randrange(1, 4)
            key = '%s %s %d' % (field, op * 2, c)
            if op == '<':
                els = [(v << c) & top for v in vals]
                hints = sum(([e >> c, (e >> c) | 1, v] for e, v in zip(els, vals)), [])
            else:
                els = [v & (top >> c) for v in vals]
                hints = sum(([(e << c) & top, e, v] for e, v in zip(els, vals)), [])
        else:
            c = r.choice([0xf0, 0xff, 0xff00, 1, 3, r.randrange(top + 1)]) & top
            if kind == 'addr':
                c = top ^ ((1 << r.choice([8, 16, 24])) - 1)
            key = '%s %s %s' % (field, {'&': '&', '|': '|', '^': '^'}[op],
                                self.render('addr', 32, c) if kind == 'addr' else hex(c))
            if op == '&':
                els = [v & c for v in vals]
                hints = sum(([v, v ^ (top & ~c), v ^ (c & -c)] for v in vals), [])
            elif op == '|':
                els = [v | c for v in vals]
                hints = sum(([v, v & ~c & top, v ^ 1] for v in vals), [])
            else:
                els = vals
                hints = sum(([v ^ c, v, (v ^ c) ^ 1] for v in vals), [])
        els = sorted(set(els))
        hints = sorted({h & top for h in hints})
        if field == 'meta length':
            hints = [h for h in hints if 20 <= h < 1400] or [64]
        return key, [self.render(kind, bits, e, True) for e in els], {field: hints}

    def map_decl(self, rs, fields, texts, values, data):
        """A named map of these elements; returns its name."""
        types = [FIELDS[f][4] for f in fields]
        name = 'm%d' % len(rs.maps)
        ranged = any('-' in t or '/' in t for t in texts)
        rs.maps.append((name, 'type %s : %s;%s elements = { %s }' % (
            ' . '.join(types), data, ' flags interval;' if ranged else '',
            ', '.join('%s : %s' % (t, v) for t, v in zip(texts, values)))))
        return name

    def vmap_rule(self, rs, chain_index, chain_names):
        fields = self.map_key()
        # more than 8 elements: a table lookup, then one verdict per class
        n = self.r.randrange(9, 30) if self.r.random() < 0.3 else self.r.randrange(1, 5)
        binop = self.r.random() < 0.25
        if binop:
            key, texts, hints = self.binop_key(n)
        else:
            texts, hints = self.map_elements(fields, n)
            key = ' . '.join(fields)
        verdicts = [self.verdict(chain_index, chain_names) or 'accept' for _ in texts]
        rs.hints.append(hints)
        if not binop and self.r.random() < 0.3 and all(FIELDS[f][4] for f in fields):
            return '%s vmap @%s' % (key, self.map_decl(rs, fields, texts, verdicts, 'verdict'))
        return '%s vmap { %s }' % (key, ', '.join('%s : %s' % (t, v)
                                                  for t, v in zip(texts, verdicts)))

    # meta mark set EXPR, nft's byte order: (source, operations allowed)
    MARK_SOURCES = [('meta mark', '&|^<>'), ('meta length', '&|^<>'), ('ip id', '&|^>'),
                    ('ip ttl', '&|^'), ('ip6 flowlabel', '&|^>'), ('@nh,96,32', '&|^>'),
                    ('@th,32,32', '&|^'), ('tcp sequence', '')]

    def mark_rule(self, rs):
        """meta mark (or priority) set from a map or an expression, and a
        rule after it that tests a few bits of the result."""
        r = self.r
        x = r.random()
        if x < 0.5:
            fields = self.map_key()
            binop = r.random() < 0.25
            if binop:
                key, texts, hints = self.binop_key(r.randrange(1, 12))
            else:
                texts, hints = self.map_elements(fields, r.randrange(1, 12))
                key = ' . '.join(fields)
            rs.hints.append(hints)
            prio = r.random() < 0.3
            pool = [0x10002, 0x10003, 0xffff0000, 5] if prio else self.marks
            values = [r.choice(pool) for _ in texts]
            text = ['%x:%x' % (v >> 16, v & 0xffff) for v in values] if prio else \
                [hex(v) for v in values]
            what = 'priority' if prio else 'mark'
            if not binop and r.random() < 0.3 and all(FIELDS[f][4] for f in fields):
                rule = 'meta %s set %s map @%s' % (what, key, self.map_decl(
                    rs, fields, texts, text, 'classid' if prio else 'mark'))
            else:
                rule = 'meta %s set %s map { %s }' % (what, key, ', '.join(
                    '%s : %s' % (t, v) for t, v in zip(texts, text)))
            if prio:
                v = r.choice(values)
                self.pending = ['meta priority %x:%x %s' % (v >> 16, v & 0xffff,
                                                            r.choice(['accept', 'drop']))]
                return rule
        else:
            src, ops = r.choice(self.MARK_SOURCES)
            bits = {'ip ttl': 8, 'ip id': 16, 'ip6 flowlabel': 20}.get(src, 32)
            expr = src
            for _ in range(r.randrange(0 if src in ('@nh,96,32', 'tcp sequence',
                                                    'meta mark', 'meta length') else 1, 3)):
                if not ops:
                    break
                op = r.choice(ops)
                if op in '<>':	# nft aborts on `a & c >> n`: (a & c) >> n
                    expr = '%s %s %d' % (expr if expr == src else '(%s)' % expr, op * 2,
                                         r.randrange(1, bits))
                else:
                    expr += ' %s 0x%x' % (op, r.randrange(1 << bits) & r.choice(
                        [0xff, 0xff00, 0xffff, 0xffffffff, 0xf0f0f0f0]))
            rule = 'meta mark set ' + expr
            rs.hints.append({})
        m = r.choice([1, 0xff, 0xff00, 0xff0000, 0xff000000, 0x0f0f0f0f, 1 << r.randrange(32)])
        v = r.randrange(1 << 32) & m
        self.pending = ['meta mark & 0x%x == 0x%x %s' % (m, v, r.choice(['accept', 'drop']))]
        return rule

    def verdict(self, chain_index, chain_names, final=False):
        """A rule's verdict (final: it ends the rule, so it may be a
        reject) or a map element's."""
        r = self.r
        targets = chain_names[chain_index + 1:]
        x = r.random()
        if targets and x < self.jump_p:
            return '%s %s' % (r.choice(['jump', 'goto']), r.choice(targets))
        if final and x < self.jump_p + 0.04:
            # reject drops the packet (cgnft runs it as drop): the
            # protocol dependencies of `with icmp`, `icmpv6`, `tcp reset`
            return r.choice(['reject', 'reject with icmpx admin-prohibited',
                             'reject with icmp type host-unreachable',
                             'reject with icmpv6 type no-route', 'reject with tcp reset'])
        return r.choice(['accept', 'drop', 'drop', 'continue', 'return', '', 'accept'])

    def long_rule(self, shape):
        r = self.r
        if shape == 0:
            a = self.value('addr', 32)
            p = self.value('port', 16)
            return ('ip daddr %s tcp dport %d %s' % (self.render('addr', 32, a), p,
                                                     r.choice(['drop', 'accept'])),
                    {'ip daddr': edges(a, a, 0xffffffff), 'tcp dport': edges(p, p, 65535)})
        if shape == 1:
            t, lo, hi, h = self.element('addr', 32)
            ps = sorted(set(self.value('port', 16) for _ in range(r.randrange(1, 5))))
            return ('ip saddr %s udp dport { %s } %s' % (t, ', '.join(map(str, ps)),
                                                          r.choice(['accept', 'drop'])),
                    {'ip saddr': h, 'udp dport': sum((edges(p, p, 65535) for p in ps), [])})
        net, _ = r.choice(self.nets6)
        net &= ((1 << 48) - 1) << 80
        a = self.value('port', 16)
        b = min(65535, a + r.randrange(1, 2000))
        if b == a:
            a -= 1
        return ('ip6 daddr %s/48 tcp dport %d-%d %s' % (self.render('addr', 128, net), a, b,
                                                        r.choice(['drop', 'accept'])),
                {'ip6 daddr': edges(net, net | ((1 << 80) - 1), (1 << 128) - 1),
                 'tcp dport': edges(a, b, 65535)})


    # -- classifier-shaped runs: many simple rules over a few field tuples
    CLS_SHAPES = [('ip daddr',), ('ip saddr', 'tcp dport'), ('ip6 daddr', 'udp dport'),
                  ('meta mark',), ('tcp sport', 'tcp dport'), ('ip saddr', 'ip daddr', 'tcp dport'),
                  ('icmp type', 'icmp code'), ('ip protocol', 'ip ttl'), ('th dport',),
                  ('ip6 saddr', 'tcp dport'), ('meta l4proto', 'th dport'),
                  ('ip dscp', 'udp sport'), ('meta length',), ('ip6 flowlabel', 'ip6 hoplimit'),
                  ('icmpv6 type',), ('udp dport', 'meta mark'), ('ip6 nexthdr',)]

    def cls_shape(self):
        shape = list(self.r.choice(self.CLS_SHAPES))
        # a guard: one field holding the same value in every rule of the group
        guards = {}
        for f in shape:
            if len(shape) > 1 and self.r.random() < 0.3:
                kind, bits = FIELDS[f][:2]
                guards[f] = self.element(kind, bits, allow_interval=False)
        return shape, guards

    def cls_rule(self, shape, guards, verdicts):
        r = self.r
        texts, hints = [], {}
        for f in shape:
            kind, bits = FIELDS[f][:2]
            if f in guards:
                t, _, _, h = guards[f]
            elif r.random() < 0.2 and FIELDS[f][4]:
                els = self.elements(kind, bits, r.randrange(2, 5))
                t = '{ %s }' % ', '.join(e[0] for e in els)
                h = sum((e[3] for e in els), [])
            else:
                t, _, _, h = self.element(kind, bits)
            texts.append('%s %s' % (f, t))
            hints[f] = h
        if r.random() < 0.1:
            texts.append('counter')
        texts.append(r.choice(verdicts))
        return ' '.join(texts), hints


def cls_chain(rs, g, rng, name, verdicts):
    """A run of 20-200 simple rules in 1-4 groups, with a few odd rules."""
    shapes = [g.cls_shape() for _ in range(rng.randrange(1, 5))]
    for _ in range(rng.randrange(20, 201)):
        if rng.random() < 0.03:
            rs.chains[name].append(g.rule(rs, len(rs.chains) - 1, [name]))
            rs.chains[name] += g.take_pending()
            continue
        t, h = g.cls_rule(*rng.choice(shapes), verdicts)
        rs.chains[name].append(t)
        rs.hints.append(h)


def edges(lo, hi, top):
    """The values on and just beyond a range's ends."""
    return sorted({max(0, lo - 1), lo, hi, min(top, hi + 1)})


def ruleset(rng):
    g = Gen(rng)
    rs = RuleSet(rng.choice(['accept', 'drop']))
    x = rng.random()
    if x < 0.1:	# in the base chain
        cls_chain(rs, g, rng, 'out', ['accept', 'drop', 'drop'])
        return rs, g
    if x < 0.2:	# in a regular chain, where return goes back to the caller
        rs.chains['c0'] = []
        cls_chain(rs, g, rng, 'c0', ['accept', 'drop', 'return'])
        rs.chains['out'] = [x for _ in range(rng.randrange(0, 3))
                            for x in [g.rule(rs, 0, ['out'])] + g.take_pending()]
        rs.chains['out'].append(rng.choice(['', 'ip saddr != 10.0.0.0/8 ', 'meta l4proto tcp ']) +
                                rng.choice(['jump c0', 'goto c0']))
        rs.chains['out'] += [x for _ in range(rng.randrange(0, 3))
                             for x in [g.rule(rs, 0, ['out'])] + g.take_pending()]
        return rs, g
    if x < 0.35:
        nlong = rng.randrange(50, 301)
        shapes = rng.sample([0, 1, 2], rng.randrange(1, 4))
        for _ in range(nlong):
            if rng.random() < 0.05:
                rs.chains['out'].append(g.rule(rs, 0, ['out']))
                rs.chains['out'] += g.take_pending()
            else:
                t, h = g.long_rule(rng.choice(shapes))
                rs.chains['out'].append(t)
                rs.hints.append(h)
        return rs, g
    if x < 0.45:	# a jump graph: chains reached from several places
        g.jump_p = 0.5
        names = ['out'] + ['c%d' % i for i in range(rng.randrange(3, 9))]
    else:
        names = ['out'] + ['c%d' % i for i in range(rng.choice([0, 0, 1, 2, 3]))]
    for name in names[1:]:
        rs.chains[name] = []
    for i, name in enumerate(names):
        for _ in range(rng.randrange(1, 10 if name == 'out' else 6)):
            rs.chains[name].append(g.rule(rs, i, names))
            rs.chains[name] += g.take_pending()
    return rs, g


# ---- packets ---------------------------------------------------------------

def packets(rng, rs, g, n):
    out = []
    for _ in range(n):
        hints = rng.choice(rs.hints) if rs.hints and rng.random() < 0.85 else {}
        # Often also borrow a field from another rule, to reach later rules.
        if rs.hints and rng.random() < 0.3:
            hints = dict(hints)
            hints.update(rng.choice(rs.hints))
        out.append(packet(rng, g, hints))
    return out


def fam_of(hints, r):
    for f in hints:
        if FIELDS[f][2]:
            return FIELDS[f][2]
    if 'meta nfproto' in hints:
        return 4 if r.choice(hints['meta nfproto']) == 2 else 6
    if 'meta protocol' in hints:
        v = r.choice(hints['meta protocol'])
        return 4 if v == 0x0800 else 6 if v == 0x86dd else r.choice([4, 6])
    return r.choice([4, 6])


def packet(r, g, hints):
    fam = fam_of(hints, r)
    s = pkt.default_spec(fam)
    bits = 32 if fam == 4 else 128
    s['src'] = g.value('addr', bits) if r.random() < 0.9 else r.randrange(1, 1 << bits)
    s['dst'] = g.value('addr', bits) if r.random() < 0.9 else r.randrange(1, 1 << bits)
    s['proto'] = r.choice([pkt.TCP, pkt.UDP, pkt.ICMP if fam == 4 else pkt.ICMPV6] * 3 + PROTOS)
    s['sport'] = g.value('port', 16)
    s['dport'] = g.value('port', 16)
    s['flags'] = r.choice([0x02, 0x12, 0x10, 0x11, 0x04, 0x18, r.randrange(256)])
    s['itype'] = g.value('icmptype' if fam == 4 else 'icmp6type', 8)
    s['icode'] = r.choice([0, 0, 1, 3, r.randrange(256)])
    s['ttl'] = r.choice([64, 1, 0, 255, r.randrange(256)])
    s['payload'] = r.choice([0, 0, 4, 20, r.randrange(200), r.randrange(1200)])
    s['id'] = r.randrange(1, 65536)
    s['flowlabel'] = r.choice([0, 1, 0xfffff, r.randrange(1 << 20)])
    s['tos'] = r.randrange(256) if r.random() < 0.3 else 0
    if r.random() < 0.2:
        s['mark'] = g.value('mark', 32)
    for f, vals in hints.items():
        if FIELDS[f][2] in (None, fam):
            apply_hint(r, s, f, r.choice(vals))
    mutate(r, s)
    # Keep below 1400 bytes: the link's MTU must never be the reason.
    if s['target_len'] is not None:
        s['target_len'] = min(s['target_len'], 1399)
    s['payload'] = max(0, min(s['payload'], 1399 - pkt.headers_len(s)))
    if fam == 4 and s['src'] == 0:
        s['src'] = 1		# the kernel would fill in a source for 0.0.0.0
    return s


# icmp fields in the word after the checksum: (shift, bits, their types)
ICMP_WORD = {
    'icmp id': (16, 16, [8, 0]), 'icmp sequence': (0, 16, [8, 0]),
    'icmp gateway': (0, 32, [5]), 'icmp mtu': (0, 16, [3]),
    'icmpv6 id': (16, 16, [128, 129]), 'icmpv6 mtu': (0, 32, [2]),
    'icmpv6 param-problem': (0, 32, [4]), 'icmpv6 max-delay': (16, 16, [130]),
}


def apply_hint(r, s, f, v):
    kind, bits, fam, l4, _ = FIELDS[f]
    if l4 in (pkt.TCP, pkt.UDP, pkt.ICMP, pkt.ICMPV6):
        s['proto'] = l4
    elif l4 == 'th' and s['proto'] not in (pkt.TCP, pkt.UDP, pkt.SCTP):
        s['proto'] = r.choice([pkt.TCP, pkt.UDP, pkt.SCTP])
    name = f.split()[1]
    if name == 'saddr':
        s['src'] = v
    elif name == 'daddr':
        s['dst'] = v
    elif f in ('ip protocol', 'meta l4proto'):
        s['proto'] = v
    elif f == 'ip6 nexthdr':
        if v in pkt.EXT_TYPES:
            s['exts'] = [v]
        else:
            s['proto'] = v
    elif name in ('ttl', 'hoplimit'):
        s['ttl'] = v
    elif f == 'ip6 length':
        s['target_len'] = v + 40
    elif name == 'length':
        s['target_len'] = v
    elif name == 'dscp':
        s['tos'] = (v << 2) | (s['tos'] & 3)
    elif f == 'ip id':
        s['id'] = v or 1	# the kernel replaces id 0
    elif f == 'ip hdrlength':
        if v >= 5:
            s['opts'] = b'\x01' * ((v - 5) * 4)
        else:
            s['ihl'] = v
    elif f == 'ip frag-off':
        s['frag'] = v
    elif f == 'ip6 flowlabel':
        s['flowlabel'] = v
    elif name == 'sport':
        s['sport'] = v
    elif name == 'dport':
        s['dport'] = v
    elif f == 'tcp flags':
        s['flags'] = v
    elif f in ICMP_WORD:
        # the field's bits of the word after the checksum, and mostly the
        # icmp type it belongs to (else the type nft's dependency rejects)
        shift, bits, types = ICMP_WORD[f]
        mask = ((1 << bits) - 1) << shift
        s['iword'] = (s.get('iword', 0x00010001) & ~mask) | ((v << shift) & mask)
        s['itype'] = r.choice(types + types + [r.choice([3, 5, 8, 0, 2, 4, 128, 130, 11])])
    elif name == 'type':
        s['itype'] = v
    elif name == 'code':
        s['icode'] = v
    elif f == 'meta mark':
        s['mark'] = v
    elif f.split()[0] in EXTHDR_OF or f.startswith('exthdr') or f == 'mh type':
        apply_exthdr_hint(r, s, f, v)
    elif f.startswith('tcp option'):
        apply_tcpopt_hint(r, s, f, v)
    elif f.startswith('sctp chunk'):
        apply_sctp_hint(r, s, f, v)


def sctp_chunk(r, ctype, off=None, size=0, v=0):
    """An sctp chunk of `ctype` (length 16 or 20, padded), the field at
    `off` set to v; sometimes the length says less than the field needs."""
    n = r.choice([16, 20, 17])
    b = bytearray([ctype, r.randrange(256)]) + n.to_bytes(2, 'big') + \
        bytes(r.randrange(256) for _ in range(n - 4))
    if off is not None:
        if off == 2 and size == 2:
            n = v
        b[off:off + size] = v.to_bytes(size, 'big')
    b += bytes(-len(b) % 4)
    return bytes(b)


def apply_sctp_hint(r, s, f, v):
    ctype, off, size = SCTP_FIELDS[f]
    s['proto'] = pkt.SCTP
    if off is None and not v:
        s['chunks'] = [c for c in s['chunks'] if c[:1] != bytes([ctype])]
        return
    chunks = list(s['chunks'])
    chunks.insert(r.randrange(len(chunks) + 1), sctp_chunk(r, ctype, off, size, v))
    if r.random() < 0.15:	# a zero length ends the walk
        chunks.insert(0, bytes([r.randrange(16), 0, 0, 0]))
    s['chunks'] = chunks


def tcp_option(r, kind, field=None, v=0):
    """The bytes of a tcp option of `kind`, with `field` set to v."""
    if kind in (0, 1):
        return bytes([kind])
    if kind == 2:
        b = bytearray([2, 4, 5, 0xb4])
        if field == 'size':
            b[2:4] = v.to_bytes(2, 'big')
    elif kind == 3:
        b = bytearray([3, 3, 7])
        if field == 'count':
            b[2] = v
    elif kind == 5:
        n = r.choice([1, 2, 3, 4]) if field != 'right' else r.choice([2, 3, 4])
        b = bytearray([5, 2 + 8 * n]) + bytes(r.randrange(256) for _ in range(8 * n))
        if field == 'left':
            b[2:6] = v.to_bytes(4, 'big')
        elif field == 'right':
            b[14:18] = v.to_bytes(4, 'big')
    elif kind == 8:
        b = bytearray([8, 10]) + (1).to_bytes(4, 'big') + (2).to_bytes(4, 'big')
        if field == 'tsval':
            b[2:6] = v.to_bytes(4, 'big')
        elif field == 'tsecr':
            b[6:10] = v.to_bytes(4, 'big')
    elif kind == 30:
        b = bytearray([30, 4, (v << 4) if field == 'subtype' else 0x10, 0])
    else:
        n = r.choice([2, 4, 6, 18])
        b = bytearray([kind, n]) + bytes(n - 2)
    if field == 'length':
        b[1] = v
    return bytes(b)


def apply_tcpopt_hint(r, s, f, v):
    words = f.split()
    name, field = words[2], words[3] if len(words) > 3 else None
    s['proto'] = pkt.TCP
    kind = TCPOPT_KIND[name]
    if field is None and not v:
        s['topts'] = [o for o in s['topts'] if o[:1] != bytes([kind])]
        return
    opts = list(s['topts'])
    opts.insert(r.randrange(len(opts) + 1), tcp_option(r, kind, field, v))
    s['topts'] = opts


def with_ext(s, kind, r):
    """Make sure the packet has an extension header of `kind`."""
    if kind not in s['exts']:
        exts = list(s['exts'])
        exts.insert(r.randrange(len(exts) + 1), kind)
        s['exts'] = exts


def apply_exthdr_hint(r, s, f, v):
    hdr, name = f.split()
    if hdr == 'exthdr':
        if name == 'mh':
            s['proto'] = pkt.MH if v else r.choice([pkt.TCP, pkt.UDP])
            return
        kind = EXTHDR_OF[name]
        if v:
            with_ext(s, kind, r)
        else:
            s['exts'] = [k for k in s['exts'] if k != kind]
        return
    if hdr == 'mh':
        s['proto'] = pkt.MH
        s['mh'] = v
        return
    kind = EXTHDR_OF[hdr]
    with_ext(s, kind, r)
    if name == 'nexthdr':
        # what follows the header: another extension header or the protocol
        i = s['exts'].index(kind)
        if v in pkt.EXT_TYPES and v not in s['exts']:
            s['exts'] = s['exts'][:i + 1] + [v]
        elif v not in pkt.EXT_TYPES:
            s['exts'] = s['exts'][:i + 1]
            s['proto'] = v
    elif name == 'hdrlength':
        if v < 40:	# keep the packet short of the MTU
            s['optlen'] = dict(s['optlen'])
            s['optlen'][kind] = v
    elif name == 'type':
        s['rt'] = (v, s['rt'][1])
    elif name == 'seg-left':
        s['rt'] = (s['rt'][0], v)
    elif name in ('frag-off', 'more-fragments', 'id'):
        off, mf, ident = s['frag6']
        s['frag6'] = (v if name == 'frag-off' else off, v if name == 'more-fragments' else mf,
                      v if name == 'id' else ident)
    elif hdr == 'srh':
        s['rt'] = (4, s['rt'][1])
        last, flags, tag = s['srh']
        s['srh'] = (v if name == 'last-entry' else last, v if name == 'flags' else flags,
                    v if name == 'tag' else tag)


def mutate(r, s):
    if r.random() > 0.35:
        return
    x = r.randrange(11)
    l4len = len(pkt.l4_header(dict(s, payload=0)))
    if x == 0:	# truncated transport header
        s['trunc'] = r.randrange(0, l4len)
        s['payload'] = 0
        s['target_len'] = None
    elif x == 1 and s['fam'] == 4:	# options
        s['opts'] = r.choice([b'\x01' * 4, b'\x01\x01\x01\x00', b'\x07\x07\x04' + b'\0' * 5,
                              b'\x01' * 40])
    elif x == 1:	# extension headers
        s['exts'] = r.sample([pkt.EXT_HBH, pkt.EXT_RT, pkt.EXT_DST, pkt.EXT_FRAG],
                             r.randrange(1, 4))
    elif x == 2 and s['fam'] == 4:	# fragments
        s['frag'] = r.choice([0x2000, 0x2000 | r.randrange(1, 0x1fff), r.randrange(1, 0x1fff), 0x4000])
    elif x == 2:
        if pkt.EXT_FRAG not in s['exts']:
            s['exts'] = s['exts'] + [pkt.EXT_FRAG]
        s['frag6'] = (r.choice([0, r.randrange(1, 8192)]), r.randrange(2), r.randrange(1 << 32))
    elif x == 3:	# odd protocols
        s['proto'] = r.choice([pkt.GRE, pkt.SCTP, pkt.ESP, 59, 255, 0])
    elif x == 4:	# a wrong version nibble
        s['version'] = r.choice([0, 4, 6, 15])
    elif x == 5 and s['fam'] == 4:	# header length below 5
        s['ihl'] = r.randrange(0, 5)
        s['totlen'] = r.choice([0, 20, 40, 1500])
    elif x == 5:	# payload length beyond or short of the packet
        s['plen'] = r.choice([0, 1, 8, 1300, 65535])
    elif x == 6 and s['fam'] == 6:	# many extension headers
        s['exts'] = [r.choice([pkt.EXT_HBH, pkt.EXT_DST, pkt.EXT_RT]) for _ in range(r.randrange(5, 11))]
    elif x == 7 and s['fam'] == 6:
        s['exts'] = [pkt.EXT_AH] + s['exts']
    elif x == 8 and s['fam'] == 6 and s['exts']:	# cut inside the extension headers
        s['trunc_total'] = 40 + r.randrange(pkt.headers_len(s) - 40)
    elif x == 9 and s['fam'] == 6:	# routing header types, mobility header
        if r.random() < 0.7:
            with_ext(s, pkt.EXT_RT, r)
            s['rt'] = (r.choice([0, 2, 3, 4, 4]), r.choice([0, 1, 2, 255]))
            s['srh'] = (r.choice([0, 1, 255]), r.randrange(256), r.choice([0, 1, 0xffff]))
        else:
            s['proto'] = pkt.MH
            s['mh'] = r.choice([0, 1, 5, 16, 255])
    elif x == 10 and s['proto'] == pkt.TCP:	# odd tcp options
        kinds = [0, 1, 2, 3, 4, 5, 8, 19, 30, 34, 99]
        opts = [tcp_option(r, r.choice(kinds)) for _ in range(r.randrange(0, 5))]
        y = r.randrange(4)
        if y == 0 and opts:	# a zero or oversized length
            o = bytearray(opts[0])
            if len(o) > 1:
                o[1] = r.choice([0, 1, 40, 255])
            opts[0] = bytes(o)
        elif y == 1:	# doff beyond the packet or short of the options
            s['doff'] = r.choice([0, 4, 5, 6, 15])
        s['topts'] = opts + s['topts']
