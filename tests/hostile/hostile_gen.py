# SPDX-License-Identifier: GPL-2.0
"""Hostile and malformed rule files (issue 16), written into a directory
with a manifest, one case per line: NAME<TAB>LINE<TAB>WHAT.  LINE is the
line the first error must be reported on (0: any line; -1: no source
location, e.g. a directory or an unreadable path).  Every case must be
refused: exit 1, nft-format errors, nothing on stdout, no object file.
Deterministic: the same cases on every run."""
import os
import random
import sys

HEAD = 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress priority 0; policy accept;\n'
TAIL = '\t}\n}\n'
RULE_LINE = 5	# the first rule's line in HEAD + rule + TAIL


def rule_file(rule):
    return HEAD + '\t\t' + rule + '\n' + TAIL


class Corpus:
    def __init__(self, out):
        self.out = out
        self.manifest = []

    def add(self, name, data, line, what):
        path = os.path.join(self.out, name)
        mode = 'wb' if isinstance(data, bytes) else 'w'
        with open(path, mode) as f:
            f.write(data)
        self.manifest.append((name, line, what))

    def rule(self, name, rule, what):
        self.add(name + '.nft', rule_file(rule), RULE_LINE, what)


def truncations(c, examples):
    """Every example cut at 25 points inside its tables: always unbalanced."""
    for ex in examples:
        with open(ex) as f:
            text = f.read()
        base = os.path.basename(ex)[:-4]
        last = text.rindex('}')
        first = text.index('table')
        for i in range(25):
            at = first + 6 + (last - first - 6) * i // 25
            c.add('trunc-%s-%02d.nft' % (base, i), text[:at], 0,
                  'the example %s cut at byte %d' % (base, at))


def garbage(c):
    r = random.Random(16)
    for i in range(12):
        data = bytes(r.randrange(256) for _ in range(r.choice([1, 17, 300, 4096])))
        c.add('garbage-%02d.nft' % i, data, 0, 'random bytes')
    c.add('nul-in-rule.nft', rule_file('tcp dport 22\0 accept').encode(), RULE_LINE,
          'a NUL byte inside a rule')
    c.add('nul-only.nft', b'\0' * 64, 1, 'NUL bytes only')
    c.add('nul-in-name.nft', b'table cgroup t\0x {\n}\n', 1, 'a NUL byte in a table name')
    for i, bad in enumerate([b'\xff\xfe', b'\xc3\x28', b'\xe2\x82', b'\xf0\x28\x8c\x28',
                             b'\xed\xa0\x80', b'\xc0\xaf']):
        c.add('utf8-name-%d.nft' % i, b'table cgroup t' + bad + b' {\n}\n', 1,
              'invalid UTF-8 in a table name')
        c.add('utf8-rule-%d.nft' % i, rule_file('tcp dport 22 ').encode() + bad + b'\n', 8,
              'invalid UTF-8 after the table')
        c.add('utf8-string-%d.nft' % i,
              HEAD.encode() + b'\t\tmeta skuid "' + bad + b'" accept\n' + TAIL.encode(),
              RULE_LINE, 'invalid UTF-8 in a quoted user name')


def huge(c):
    c.rule('line-1mb', 'tcp dport 22 ' + 'counter ' * 131072 + 'x', 'a 1 MB rule line')
    c.add('blank-100mb.nft', ' ' * (100 << 20) + '}\n', 1,
          '100 MB of blanks on one line, then a stray brace (flex refills were quadratic)')
    c.rule('line-1mb-word', 'tcp dport ' + '9' * (1 << 20) + ' accept', 'a 1 MB number')
    c.add('name-10k-table.nft', 'table cgroup ' + 't' * 10000 + ' {\n\tcgroup "x"\n}\n'
          'table cgroup ' + 't' * 10000 + ' {\n\tcgroup "x"\n}\n', 4,
          'two tables with the same 10k-character name')
    c.add('name-10k-chain.nft', HEAD.replace('chain c', 'chain ' + 'c' * 10000) +
          '\t\tjump ' + 'd' * 10000 + '\n' + TAIL, RULE_LINE,
          'a jump to an unknown 10k-character chain')
    c.rule('name-10k-set', 'ip saddr @' + 's' * 10000 + ' drop', 'an unknown 10k-character set')
    c.rule('name-10k-string', 'meta skuid "' + 'u' * 10000 + '" accept',
           'a 10k-character user name')
    els = ', '.join('10.%d.%d.%d' % (i >> 16, (i >> 8) & 255, i & 255) for i in range(1 << 20))
    c.add('set-1m-bad-last.nft', HEAD + '\t\tip saddr { ' + els + ', 10.0.0.300 } drop\n' + TAIL,
          RULE_LINE, 'a 1M-element set whose last element is not an address')
    c.add('set-1m-overlap.nft', 'table cgroup t {\n\tcgroup "x"\n\tset s {\n\t\ttype ipv4_addr; '
          'flags interval;\n\t\telements = { ' + els + ', 10.0.0.0/8 }\n\t}\n}\n', 5,
          'a 1M-element interval set with an overlapping last element')


def nesting(c):
    for depth in (300, 3000, 100000):
        c.add('nest-%d.nft' % depth, 'table cgroup t {\n' + 'chain c {\n' * depth, 0,
              '%d open blocks' % depth)
    c.add('nest-parens.nft', rule_file('tcp dport ' + '(' * 10000 + '22' + ')' * 10000 + ' accept'),
          0, '10000 nested parentheses')
    c.add('nest-sets.nft', rule_file('tcp dport ' + '{ ' * 5000 + '22' + ' }' * 5000 + ' accept'),
          0, '5000 nested anonymous sets')


def includes(c, out):
    c.add('inc-self.nft', 'include "%s/inc-self.nft"\n' % out, 1, 'a file that includes itself')
    c.add('inc-loop-a.nft', 'include "%s/inc-loop-b.nft"\n' % out, 0, 'an include loop of two files')
    with open(os.path.join(out, 'inc-loop-b.nft'), 'w') as f:
        f.write('include "%s/inc-loop-a.nft"\n' % out)
    c.add('inc-missing.nft', 'include "%s/no-such-file.nft"\n' % out, 1, 'a missing include')
    c.add('inc-dir.nft', 'include "%s"\n' % out, 1, 'an include of a directory')
    c.add('inc-proc-mem.nft', 'include "/proc/self/mem"\n', 1, 'an include that cannot be read')
    c.add('inc-in-rule.nft', rule_file('include "/etc/passwd"'), 0, 'an include inside a chain body')
    c.add('inc-passwd.nft', 'include "/etc/passwd"\n', 0, 'an include of a file that is not rules')


def jumps(c):
    c.add('jump-self.nft', HEAD + '\t\tjump c\n' + TAIL, RULE_LINE, 'a base chain that jumps to itself')
    c.add('jump-loop.nft', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress '
          'priority 0; policy accept;\n\t\tjump a\n\t}\n\tchain a {\n\t\tjump b\n\t}\n\tchain b {\n'
          '\t\tgoto a\n\t}\n}\n', 0, 'a jump loop between two chains')
    c.add('jump-self-regular.nft', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook '
          'egress priority 0; policy accept;\n\t\tjump a\n\t}\n\tchain a {\n\t\ttcp dport 1 jump a\n'
          '\t}\n}\n', 0, 'a regular chain that jumps to itself')
    deep = ''.join('\tchain c%d {\n\t\tjump c%d\n\t}\n' % (i, i + 1) for i in range(100)) + \
        '\tchain c100 {\n\t\tjump c0\n\t}\n'
    c.add('jump-loop-100.nft', 'table cgroup t {\n\tcgroup "x"\n\tchain b {\n\t\ttype filter hook '
          'egress priority 0; policy accept;\n\t\tjump c0\n\t}\n' + deep + '}\n', 0,
          'a jump loop through 101 chains')
    c.add('jump-base.nft', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress '
          'priority 0; policy accept;\n\t\tjump d\n\t}\n\tchain d {\n\t\ttype filter hook egress '
          'priority 1; policy accept;\n\t}\n}\n', RULE_LINE, 'a jump to a base chain')


SIMPLE = [
    # unknown names
    ('unknown-set', 'ip saddr @nope drop'),
    ('unknown-chain', 'jump nope'),
    ('unknown-user', 'meta skuid no-such-user-here accept'),
    ('unknown-group', 'meta skgid no-such-group-here accept'),
    ('unknown-keyword', 'frobnicate 1 accept'),
    ('unknown-field', 'tcp window-size 1 accept'),
    ('unknown-meta', 'meta color red accept'),
    ('unknown-service', 'tcp dport no-such-service accept'),
    ('unknown-icmp-type', 'icmp type echo-banana accept'),
    ('unknown-proto', 'ip protocol no-such-proto accept'),
    ('unknown-variable', 'tcp dport $nope accept'),
    ('unknown-verdict', 'tcp dport 22 allow'),
    ('unknown-flag', 'tcp flags syn,nope accept'),
    ('unknown-ct-state', 'ct state establishing accept'),
    # out-of-range numbers
    ('range-port', 'tcp dport 65536 accept'),
    ('range-port-huge', 'tcp dport 99999999999999999999999 accept'),
    ('range-ttl', 'ip ttl 256 accept'),
    ('range-mark', 'meta mark 0x1ffffffff accept'),
    ('range-prefix4', 'ip saddr 10.0.0.0/33 accept'),
    ('range-prefix6', 'ip6 saddr ::/129 accept'),
    ('range-dscp', 'ip dscp 64 accept'),
    ('range-addr', 'ip saddr 10.0.0.256 accept'),
    ('range-addr6', 'ip6 saddr 2001:db8::1::2 accept'),
    ('range-negative', 'tcp dport -1 accept'),
    ('range-reversed', 'tcp dport 100-10 accept'),
    ('range-day', 'meta day 7 accept'),
    ('range-hour', 'meta hour "25:00" accept'),
    ('range-counter', 'counter packets 18446744073709551616 bytes 1'),
    ('range-raw', '@th,0,200 1 accept'),
    ('range-level', 'socket cgroupv2 level 300 "x" accept'),
    # wrong types
    ('type-port-addr', 'tcp dport 10.0.0.1 accept'),
    ('type-addr-port', 'ip saddr ssh accept'),
    ('type-addr6-in-ip', 'ip saddr ::1 accept'),
    ('type-mark-string', 'meta mark "x" accept'),
    ('type-concat', 'ip saddr . tcp dport { 10.0.0.1 } accept'),
    ('type-set-mixed', 'tcp dport { 22, 10.0.0.1 } accept'),
    ('type-vmap-verdict', 'tcp dport vmap { 22 : 10.0.0.1 }'),
    ('type-binop-addr', 'ip saddr & tcp accept'),
    ('type-flags-range-op', 'tcp flags 2-18 < 3 accept'),
    ('type-lt-set', 'tcp dport < { 1, 2 } accept'),
    ('type-proto-conflict', 'ip saddr 10.0.0.1 ip6 daddr ::1 accept'),
    ('type-l4-conflict', 'tcp dport 22 udp sport 53 accept'),
    ('type-icmp-conflict', 'icmp mtu 1 icmp id 2 accept'),
    ('type-reject-conflict', 'udp dport 1 reject with tcp reset'),
    # statements
    ('stmt-after-verdict', 'accept counter'),
    ('stmt-two-verdicts', 'accept drop'),
    ('stmt-comment-first', 'comment "x" accept'),
    ('stmt-comment-long', 'accept comment "' + 'x' * 200 + '"'),
    ('stmt-set-header', 'ip ttl set 1'),
    ('stmt-nat', 'snat to 10.0.0.1'),
    ('stmt-queue', 'queue num 1'),
    ('stmt-empty-set', 'tcp dport { } accept'),
    ('stmt-unterminated-string', 'meta skuid "root accept'),
    ('stmt-unbalanced-brace', 'tcp dport { 22 accept'),
    ('stmt-stray-semicolon-set', 'tcp dport { 22; 23 } accept'),
    ('stmt-dangling-op', 'tcp dport == accept'),
    ('stmt-dangling-and', 'meta mark & accept'),
    ('stmt-link-layer', 'ether saddr 00:11:22:33:44:55 accept'),
]

TABLE_CASES = [
    ('dup-table', 'table cgroup t {\n\tcgroup "x"\n}\ntable cgroup t {\n\tcgroup "y"\n}\n', 4,
     'two tables with the same name'),
    ('dup-chain', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t}\n\tchain c {\n\t}\n}\n', 5,
     'two chains with the same name'),
    ('dup-set', 'table cgroup t {\n\tcgroup "x"\n\tset s {\n\t\ttype ipv4_addr;\n\t}\n'
     '\tset s {\n\t\ttype ipv4_addr;\n\t}\n}\n', 6, 'two sets with the same name'),
    ('dup-define', 'define a = 1\ndefine a = 2\n', 2, 'a variable defined twice'),
    ('set-overlap', 'table cgroup t {\n\tcgroup "x"\n\tset s {\n\t\ttype inet_service; flags '
     'interval;\n\t\telements = { 1-10, 5-20 }\n\t}\n}\n', 5, 'overlapping interval elements'),
    ('set-no-type', 'table cgroup t {\n\tcgroup "x"\n\tset s {\n\t\telements = { 1 }\n\t}\n}\n', 0,
     'a set without a type'),
    ('set-bad-type', 'table cgroup t {\n\tcgroup "x"\n\tset s {\n\t\ttype banana;\n\t}\n}\n', 4,
     'a set of an unknown type'),
    ('no-cgroup', 'table cgroup t {\n\tchain c {\n\t\ttype filter hook egress priority 0;\n\t}\n}\n',
     0, 'a table without a cgroup'),
    ('family', 'table inet t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n\t}\n}\n', 1,
     'an nft family cgnft does not compile'),
    ('bad-hook', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook prerouting '
     'priority 0;\n\t}\n}\n', 4, 'a hook cgroups do not have'),
    ('bad-policy', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress '
     'priority 0; policy maybe;\n\t}\n}\n', 4, 'an unknown policy'),
    ('bad-priority', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress '
     'priority 99999999999999;\n\t}\n}\n', 4, 'a priority out of range'),
    ('cgroup-dotdot', 'table cgroup t {\n\tcgroup "../../etc"\n}\n', 2,
     'a cgroup path that leaves the hierarchy'),
    ('cgroup-empty', 'table cgroup t {\n\tcgroup ""\n}\n', 2, 'an empty cgroup path'),
    ('cgroup-control', 'table cgroup t {\n\tcgroup "a\x01b"\n}\n', 2,
     'a control character in a cgroup path'),
    ('only-brace', '}\n', 1, 'a closing brace alone'),
    ('only-table', 'table\n', 1, 'a table keyword alone'),
    ('sysctl-packet', 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook sysctl '
     'priority 0; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n', 5,
     'a packet match in a sysctl chain'),
]


def main():
    out = sys.argv[1]
    examples = sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    c = Corpus(out)
    truncations(c, examples)
    garbage(c)
    huge(c)
    nesting(c)
    includes(c, out)
    jumps(c)
    for name, rule in SIMPLE:
        c.rule(name, rule, name.replace('-', ' '))
    for name, text, line, what in TABLE_CASES:
        c.add(name + '.nft', text, line, what)
    os.makedirs(os.path.join(out, 'a-directory.nft'), exist_ok=True)
    c.manifest.append(('a-directory.nft', -1, 'a directory given as the rule file'))
    c.manifest.append(('/proc/self/mem', -1, 'a path that cannot be read'))
    c.manifest.append(('no-such-file.nft', -1, 'a file that does not exist'))
    with open(os.path.join(out, 'MANIFEST'), 'w') as f:
        for name, line, what in c.manifest:
            f.write('%s\t%d\t%s\n' % (name, line, what))


if __name__ == '__main__':
    main()
