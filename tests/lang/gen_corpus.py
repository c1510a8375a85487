#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A seeded corpus of single nft rules, transcribed from the grammar of
`man nft` (nftables v1.0.6, as installed: `man nft | col -b`).

Every item is one rule as a user would write it inside a chain, with a
tag naming the man page section and production it comes from, the form
(operator and value shape) and the generator's reading of the man page
(`valid`, or `invalid:KIND` for a deliberately broken rule).  The reading
is not the verdict: nft is the oracle (tests/lang/agree.py asks it); the
`intent` column only lets agree.py list where nft and the man page part.

Where the grammar comes from:
  - selectors and their fields: the synopsis and the table of each
    subsection of PRIMARY EXPRESSIONS, PAYLOAD EXPRESSIONS (incl.
    EXTENSION HEADER EXPRESSIONS and CONNTRACK EXPRESSIONS);
  - value types and symbols: DATA TYPES, and `nft describe SELECTOR` for
    the symbol tables (transcribed below as SYMBOLS; `--check-describe`
    compares them with the installed nft);
  - statements: the synopsis of each subsection of STATEMENTS, the RULES
    synopsis (comment), SETS / MAPS / VMAP (anonymous and named sets,
    maps, verdict maps, concatenations) and STATEFUL OBJECTS (named
    counters, quotas, limits);
  - relational and binary operators: the man page of 1.0.6 has no
    section for them; its examples use implicit ==, `!=` (fib) and `lt`
    (tcp option) and its ERROR REPORTING section `==`; the full operator
    set (== != < > <= >= and eq ne lt gt le ge, & | ^ << >> and
    and or xor lshift rshift) is the one nft's parser documents in its
    error messages and the issue asks for; they are tagged EXPRESSIONS.

tests/lang/README.md has the table of what is generated from which
section, and what is not (and why).

Usage: gen_corpus.py [--seed N] [--count N] [-o FILE] [--check-describe]
Output: TSV, one rule per line: id, section, production, form, intent,
rule.  Lines starting with # are comments.  Deterministic for a seed.
"""
import argparse
import random
import subprocess
import sys

# ---------------------------------------------------------------------------
# The context a rule is checked in (agree.py declares it in both wrappers:
# `table inet t { ... }` for nft, `table cgroup t { ... }` for cgnft).  Rules
# may name these; a declaration a tool refuses is left out of that tool's
# wrapper and reported.
CONTEXT = [
    ("s4", "set s4 { type ipv4_addr; }"),
    ("s6", "set s6 { type ipv6_addr; }"),
    ("sp", "set sp { type inet_service; }"),
    ("sproto", "set sproto { type inet_proto; }"),
    ("smark", "set smark { type mark; }"),
    ("s4i", "set s4i { type ipv4_addr; flags interval; }"),
    ("s4p", "set s4p { type ipv4_addr . inet_service; }"),
    ("sdyn", "set sdyn { type ipv4_addr; flags dynamic; }"),
    ("stmo", "set stmo { type ipv4_addr; flags timeout; }"),
    ("m4", "map m4 { type ipv4_addr : mark; }"),
    ("vm", "map vm { type inet_service : verdict; }"),
    ("c1", "counter c1 { }"),
    ("q1", "quota q1 { over 1 mbytes }"),
    ("l1", "limit l1 { rate 10/second }"),
    ("ft", "flowtable ft { hook ingress priority 0; devices = { lo }; }"),
    # STATEFUL OBJECTS: CT HELPER, CT TIMEOUT, CT EXPECTATION (their examples)
    ("ftp-standard", 'ct helper ftp-standard { type "ftp" protocol tcp; }'),
    ("customtimeout", "ct timeout customtimeout { protocol tcp; l3proto ip; "
     "policy = { established: 120, close: 20 }; }"),
    ("expect", "ct expectation expect { protocol tcp; dport 22; timeout 1m; "
     "size 12; l3proto ip; }"),
]
# The named sets by element type, for `@name` values.
NAMED_SETS = {
    "ipv4_addr": ["s4", "s4i"], "ipv6_addr": ["s6"], "inet_service": ["sp"],
    "inet_proto": ["sproto"], "mark": ["smark"],
}
REGULAR_CHAIN = "other"     # a regular chain of the wrapper, for jump/goto
BASE_CHAIN = "c"            # the base chain the rule is in

# ---------------------------------------------------------------------------
# DATA TYPES: symbolic constants, as `nft describe` prints them.
SYMBOLS = {
    "tcp_flag": {"fin": 0x01, "syn": 0x02, "rst": 0x04, "psh": 0x08,
                 "ack": 0x10, "urg": 0x20, "ecn": 0x40, "cwr": 0x80},
    "dscp": {"cs0": 0x00, "cs1": 0x08, "cs2": 0x10, "cs3": 0x18, "cs4": 0x20,
             "cs5": 0x28, "cs6": 0x30, "cs7": 0x38, "df": 0x00, "be": 0x00,
             "lephb": 0x01, "af11": 0x0a, "af12": 0x0c, "af13": 0x0e,
             "af21": 0x12, "af22": 0x14, "af23": 0x16, "af31": 0x1a,
             "af32": 0x1c, "af33": 0x1e, "af41": 0x22, "af42": 0x24,
             "af43": 0x26, "va": 0x2c, "ef": 0x2e},
    "ecn": {"not-ect": 0, "ect1": 1, "ect0": 2, "ce": 3},
    "icmp_type": {"echo-reply": 0, "destination-unreachable": 3,
                  "source-quench": 4, "redirect": 5, "echo-request": 8,
                  "router-advertisement": 9, "router-solicitation": 10,
                  "time-exceeded": 11, "parameter-problem": 12,
                  "timestamp-request": 13, "timestamp-reply": 14,
                  "info-request": 15, "info-reply": 16,
                  "address-mask-request": 17, "address-mask-reply": 18},
    "icmp_code": {"net-unreachable": 0, "host-unreachable": 1,
                  "prot-unreachable": 2, "port-unreachable": 3,
                  "net-prohibited": 9, "host-prohibited": 10,
                  "admin-prohibited": 13, "frag-needed": 4},
    "icmpv6_type": {"destination-unreachable": 1, "packet-too-big": 2,
                    "time-exceeded": 3, "parameter-problem": 4,
                    "echo-request": 128, "echo-reply": 129,
                    "mld-listener-query": 130, "mld-listener-report": 131,
                    "mld-listener-done": 132, "mld-listener-reduction": 132,
                    "nd-router-solicit": 133, "nd-router-advert": 134,
                    "nd-neighbor-solicit": 135, "nd-neighbor-advert": 136,
                    "nd-redirect": 137, "router-renumbering": 138,
                    "ind-neighbor-solicit": 141, "ind-neighbor-advert": 142,
                    "mld2-listener-report": 143},
    "icmpv6_code": {"no-route": 0, "admin-prohibited": 1,
                    "addr-unreachable": 3, "port-unreachable": 4,
                    "policy-fail": 5, "reject-route": 6},
    "icmpx_code": {"port-unreachable": 1, "admin-prohibited": 3,
                   "no-route": 0, "host-unreachable": 2},
    "igmp_type": {"membership-query": 17, "membership-report-v1": 18,
                  "membership-report-v2": 22, "membership-report-v3": 34,
                  "leave-group": 23},
    "pkt_type": {"host": 0, "unicast": 0, "broadcast": 1, "multicast": 2,
                 "other": 3},
    "nf_proto": {"ipv4": 2, "ipv6": 10},
    "ether_type": {"ip": 0x0800, "arp": 0x0806, "ip6": 0x86dd,
                   "8021q": 0x8100, "8021ad": 0x88a8, "vlan": 0x8100},
    "iface_type": {"ether": 0x0001, "ppp": 0x0200, "ipip": 0x0300,
                   "ipip6": 0x0301, "loopback": 0x0304, "sit": 0x0308,
                   "ipgre": 0x030a},
    "ct_state": {"invalid": 0x01, "new": 0x08, "established": 0x02,
                 "related": 0x04, "untracked": 0x40},
    "ct_status": {"expected": 0x01, "seen-reply": 0x02, "assured": 0x04,
                  "confirmed": 0x08, "snat": 0x10, "dnat": 0x20,
                  "dying": 0x200},
    "ct_dir": {"original": 0, "reply": 1},
    "ct_event": {"new": 0x01, "related": 0x02, "destroy": 0x04,
                 "reply": 0x08, "assured": 0x10, "protoinfo": 0x20,
                 "helper": 0x40, "mark": 0x80, "seqadj": 0x100,
                 "secmark": 0x200, "label": 0x400},
    "dccp_pkttype": {"request": 0, "response": 1, "data": 2, "ack": 3,
                     "dataack": 4, "closereq": 5, "close": 6, "reset": 7,
                     "sync": 8, "syncack": 9},
    "fib_addrtype": {"unspec": 0, "unicast": 1, "local": 2, "broadcast": 3,
                     "anycast": 4, "multicast": 5, "blackhole": 6,
                     "unreachable": 7, "prohibit": 8},
    "day": {"Sunday": 0, "Monday": 1, "Tuesday": 2, "Wednesday": 3,
            "Thursday": 4, "Friday": 5, "Saturday": 6},
    "arp_op": {"request": 1, "reply": 2, "rrequest": 3, "rreply": 4,
               "inrequest": 8, "inreply": 9, "nak": 10},
    "mh_type": {"binding-refresh-request": 0, "home-test-init": 1,
                "careof-test-init": 2, "home-test": 3, "careof-test": 4,
                "binding-update": 5, "binding-acknowledgement": 6,
                "binding-error": 7, "fast-binding-update": 8,
                "fast-binding-acknowledgement": 9,
                "fast-binding-advertisement": 10,
                "experimental-mobility-header": 11,
                "home-agent-switch-message": 12},
    "boolean": {"exists": 1, "missing": 0},
}
# `nft describe` selectors whose symbol table SYMBOLS transcribes.
DESCRIBE = {
    "tcp_flag": "tcp flags", "dscp": "ip dscp", "ecn": "ip ecn",
    "icmp_type": "icmp type", "icmp_code": "icmp code",
    "icmpv6_type": "icmpv6 type", "icmpv6_code": "icmpv6 code",
    "icmpx_code": "icmpx_code", "igmp_type": "igmp type",
    "pkt_type": "meta pkttype", "nf_proto": "meta nfproto",
    "ether_type": "meta protocol", "iface_type": "meta iiftype",
    "ct_state": "ct state", "ct_status": "ct status",
    "ct_dir": "ct direction", "ct_event": "ct event",
    "dccp_pkttype": "dccp type", "fib_addrtype": "fib_addrtype",
    "day": "meta day", "arp_op": "arp operation", "mh_type": "mh type",
    "boolean": "boolean",
}
# inet_proto and inet_service symbols come from /etc/protocols and
# /etc/services (nft reads them at run time): the stable, common ones.
PROTOCOLS = {"tcp": 6, "udp": 17, "icmp": 1, "igmp": 2, "ipv6-icmp": 58,
             "icmpv6": 58, "esp": 50, "ah": 51, "sctp": 132, "dccp": 33,
             "udplite": 136, "gre": 47, "ipip": 94, "ipv6": 41,
             "ipv6-route": 43, "ipv6-frag": 44, "ipv6-opts": 60,
             "ipv6-nonxt": 59, "ipcomp": 108, "vrrp": 112, "pim": 103,
             "ospf": 89, "l2tp": 115, "mobility-header": 135}
SERVICES = {"ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53,
            "http": 80, "www": 80, "kerberos": 88, "pop3": 110, "ntp": 123,
            "imap": 143, "snmp": 161, "bgp": 179, "ldap": 389, "https": 443,
            "submission": 587}
# Misspelt or absent symbols: "unknown symbol" rejects.
BAD_SYMBOLS = ["echo-requst", "nosuchsymbol", "sny", "establisehd", "foo",
               "ssh2", "tcpp", "Funday"]


class DT:
    """A data type: kind, width, symbols, named sets of it."""

    def __init__(self, name, kind="int", bits=32, syms=None, maxval=None):
        self.name, self.kind, self.bits = name, kind, bits
        self.syms = syms if syms is not None else SYMBOLS.get(name, {})
        self._max = maxval

    @property
    def bitmask(self):
        return self.kind == "bitmask" and bool(self.syms)

    @property
    def maxval(self):
        return self._max if self._max is not None else (1 << self.bits) - 1

    def __repr__(self):
        return self.name


def dt_int(bits):
    return DT("integer", "int", bits)


T = {
    "ipv4_addr": DT("ipv4_addr", "ipv4", 32),
    "ipv6_addr": DT("ipv6_addr", "ipv6", 128),
    "ether_addr": DT("ether_addr", "ether", 48),
    "inet_service": DT("inet_service", "int", 16, SERVICES),
    "inet_proto": DT("inet_proto", "int", 8, PROTOCOLS),
    "mark": DT("mark", "int", 32),
    "ifname": DT("ifname", "ifname", 128),
    "iface_index": DT("iface_index", "iface_index", 32),
    "uid": DT("uid", "uid", 32),
    "gid": DT("gid", "gid", 32),
    "classid": DT("classid", "classid", 32),
    "realm": DT("realm", "realm", 32),
    "devgroup": DT("devgroup", "devgroup", 32),
    "time": DT("time", "time", 64),            # ct expiration
    "meta_time": DT("meta_time", "meta_time", 64),
    "hour": DT("hour", "hour", 32),
    "day": DT("day", "int", 8, maxval=6),    # Table 30: 0 to 6
    "boolean": DT("boolean", "boolean", 1),
    "string": DT("string", "string", 128),
    "cgroupv2": DT("cgroupv2", "cgroupv2", 64),
    "ct_label": DT("ct_label", "ct_label", 128),
    "ct_id": DT("ct_id", "int", 32, {}),
}
for _n, _b in (("dscp", 6), ("ecn", 2), ("icmp_type", 8), ("icmp_code", 8),
               ("icmpv6_type", 8), ("icmpv6_code", 8), ("igmp_type", 8),
               ("pkt_type", 8), ("nf_proto", 8), ("ether_type", 16),
               ("iface_type", 16), ("ct_dir", 8), ("dccp_pkttype", 4),
               ("fib_addrtype", 32), ("arp_op", 16), ("mh_type", 8)):
    T[_n] = DT(_n, "int", _b)
for _n, _b in (("tcp_flag", 8), ("ct_state", 32), ("ct_status", 32),
               ("ct_event", 32)):
    T[_n] = DT(_n, "bitmask", _b)
T["bitmask8"] = DT("bitmask", "bitmask", 8, {})   # comp flags


def I(bits):
    return dt_int(bits)


# ---------------------------------------------------------------------------
# Fields: (section, selector, type, l3, l4).  l3/l4 are the protocol the
# selector depends on (for "conflicting protocols" rules).

FIELDS = []


def fields(section, proto, names, l3=None, l4=None):
    for name, dt in names:
        sel = ("%s %s" % (proto, name)) if proto else name
        FIELDS.append((section, sel, dt, l3, l4))


S_META = "META EXPRESSIONS"
# meta {length | nfproto | l4proto | protocol | priority}: meta required
fields(S_META, "meta", [("length", I(32)), ("nfproto", T["nf_proto"]),
                        ("l4proto", T["inet_proto"]),
                        ("protocol", T["ether_type"]),
                        ("priority", T["classid"])])
# [meta] {mark | iif | ...}: meta optional (both forms generated)
META_OPT = [("mark", T["mark"]), ("iif", T["iface_index"]),
            ("iifname", T["ifname"]), ("iiftype", T["iface_type"]),
            ("oif", T["iface_index"]), ("oifname", T["ifname"]),
            ("oiftype", T["iface_type"]), ("skuid", T["uid"]),
            ("skgid", T["gid"]), ("nftrace", I(1)),
            ("rtclassid", T["realm"]), ("ibrname", T["ifname"]),
            ("obrname", T["ifname"]), ("pkttype", T["pkt_type"]),
            ("cpu", I(32)), ("iifgroup", T["devgroup"]),
            ("oifgroup", T["devgroup"]), ("cgroup", I(32)),
            ("random", I(32)), ("ipsec", T["boolean"]),
            ("iifkind", T["ifname"]), ("oifkind", T["ifname"]),
            ("time", T["meta_time"]), ("hour", T["hour"]),
            ("day", T["day"]),
            # in Table 29 only, not in the synopsis
            ("sdif", T["iface_index"]), ("sdifname", T["ifname"])]
fields(S_META, "meta", META_OPT)
fields(S_META, None, META_OPT)
# unqualified forms of the keys that need `meta` (invalid per synopsis)
META_QUALIFIED_ONLY = ["length", "nfproto", "l4proto", "protocol", "priority"]

S_SOCK = "SOCKET EXPRESSION"
fields(S_SOCK, "socket", [("transparent", T["boolean"]), ("mark", T["mark"]),
                          ("wildcard", T["boolean"])])

S_RT = "ROUTING EXPRESSIONS"
fields(S_RT, "rt", [("classid", T["realm"]), ("mtu", I(16)),
                    ("ipsec", T["boolean"])])
fields(S_RT, "rt ip", [("nexthop", T["ipv4_addr"])], l3="ip")
fields(S_RT, "rt ip6", [("nexthop", T["ipv6_addr"])], l3="ip6")

S_ETH = "ETHERNET HEADER EXPRESSION"
fields(S_ETH, "ether", [("daddr", T["ether_addr"]), ("saddr", T["ether_addr"]),
                        ("type", T["ether_type"])])
S_VLAN = "VLAN HEADER EXPRESSION"
fields(S_VLAN, "vlan", [("id", I(12)), ("dei", I(1)), ("pcp", I(3)),
                        ("type", T["ether_type"])])
S_ARP = "ARP HEADER EXPRESSION"
fields(S_ARP, "arp", [("htype", I(16)), ("ptype", T["ether_type"]),
                      ("hlen", I(8)), ("plen", I(8)),
                      ("operation", T["arp_op"]),
                      ("saddr ether", T["ether_addr"]),
                      ("daddr ether", T["ether_addr"]),
                      ("saddr ip", T["ipv4_addr"]),
                      ("daddr ip", T["ipv4_addr"])], l3="arp")
S_IP = "IPV4 HEADER EXPRESSION"
fields(S_IP, "ip", [("version", I(4)), ("hdrlength", I(4)),
                    ("dscp", T["dscp"]), ("ecn", T["ecn"]),
                    ("length", I(16)), ("id", I(16)), ("frag-off", I(16)),
                    ("ttl", I(8)), ("protocol", T["inet_proto"]),
                    ("checksum", I(16)), ("saddr", T["ipv4_addr"]),
                    ("daddr", T["ipv4_addr"])], l3="ip")
S_ICMP = "ICMP HEADER EXPRESSION"
fields(S_ICMP, "icmp", [("type", T["icmp_type"]), ("code", T["icmp_code"]),
                        ("checksum", I(16)), ("id", I(16)),
                        ("sequence", I(16)), ("gateway", I(32)),
                        ("mtu", I(16))], l3="ip", l4="icmp")
S_IGMP = "IGMP HEADER EXPRESSION"
fields(S_IGMP, "igmp", [("type", T["igmp_type"]), ("mrt", I(8)),
                        ("checksum", I(16)), ("group", I(32))],
       l3="ip", l4="igmp")
S_IP6 = "IPV6 HEADER EXPRESSION"
fields(S_IP6, "ip6", [("version", I(4)), ("dscp", T["dscp"]),
                      ("ecn", T["ecn"]), ("flowlabel", I(20)),
                      ("length", I(16)), ("nexthdr", T["inet_proto"]),
                      ("hoplimit", I(8)), ("saddr", T["ipv6_addr"]),
                      ("daddr", T["ipv6_addr"])], l3="ip6")
S_ICMP6 = "ICMPV6 HEADER EXPRESSION"
fields(S_ICMP6, "icmpv6", [("type", T["icmpv6_type"]),
                           ("code", T["icmpv6_code"]), ("checksum", I(16)),
                           ("parameter-problem", I(32)),
                           ("packet-too-big", I(32)), ("id", I(16)),
                           ("sequence", I(16)), ("max-delay", I(16))],
       l3="ip6", l4="icmpv6")
# Table 44 says parameter-problem and packet-too-big; nft 1.0.6 spells
# them param-problem and mtu (its error messages and `nft describe`): both
# spellings are generated, the second tagged as such.
fields(S_ICMP6, "icmpv6", [("mtu", I(32)), ("param-problem", I(32))],
       l3="ip6", l4="icmpv6")
NOT_IN_MAN = {"icmpv6 mtu", "icmpv6 param-problem"}
S_TCP = "TCP HEADER EXPRESSION"
fields(S_TCP, "tcp", [("sport", T["inet_service"]),
                      ("dport", T["inet_service"]), ("sequence", I(32)),
                      ("ackseq", I(32)), ("doff", I(4)), ("reserved", I(4)),
                      ("flags", T["tcp_flag"]), ("window", I(16)),
                      ("checksum", I(16)), ("urgptr", I(16))], l4="tcp")
S_UDP = "UDP HEADER EXPRESSION"
fields(S_UDP, "udp", [("sport", T["inet_service"]),
                      ("dport", T["inet_service"]), ("length", I(16)),
                      ("checksum", I(16))], l4="udp")
S_UDPL = "UDP-LITE HEADER EXPRESSION"
fields(S_UDPL, "udplite", [("sport", T["inet_service"]),
                           ("dport", T["inet_service"]),
                           ("checksum", I(16))], l4="udplite")
S_SCTP = "SCTP HEADER EXPRESSION"
fields(S_SCTP, "sctp", [("sport", T["inet_service"]),
                        ("dport", T["inet_service"]), ("vtag", I(32)),
                        ("checksum", I(32))], l4="sctp")
S_DCCP = "DCCP HEADER EXPRESSION"
fields(S_DCCP, "dccp", [("sport", T["inet_service"]),
                        ("dport", T["inet_service"]),
                        ("type", T["dccp_pkttype"])], l4="dccp")
S_AH = "AUTHENTICATION HEADER EXPRESSION"
fields(S_AH, "ah", [("nexthdr", T["inet_proto"]), ("hdrlength", I(8)),
                    ("reserved", I(16)), ("spi", I(32)),
                    ("sequence", I(32))], l4="ah")
S_ESP = "ENCRYPTED SECURITY PAYLOAD HEADER EXPRESSION"
fields(S_ESP, "esp", [("spi", I(32)), ("sequence", I(32))], l4="esp")
S_COMP = "IPCOMP HEADER EXPRESSION"
fields(S_COMP, "comp", [("nexthdr", T["inet_proto"]),
                        ("flags", T["bitmask8"]), ("cpi", I(16))],
       l4="comp")
S_RAW = "RAW PAYLOAD EXPRESSION"
# th: the example of RAW PAYLOAD EXPRESSION ("th dport { 53, 80 }")
fields(S_RAW, "th", [("sport", T["inet_service"]),
                     ("dport", T["inet_service"])], l4="th")

S_EXT = "EXTENSION HEADER EXPRESSIONS"
fields(S_EXT, "hbh", [("nexthdr", T["inet_proto"]), ("hdrlength", I(8))],
       l3="ip6")
fields(S_EXT, "frag", [("nexthdr", T["inet_proto"]), ("frag-off", I(13)),
                       ("more-fragments", I(1)), ("id", I(32))], l3="ip6")
fields(S_EXT, "rt", [("nexthdr", T["inet_proto"]), ("hdrlength", I(8)),
                     ("type", I(8)), ("seg-left", I(8))], l3="ip6")
fields(S_EXT, "dst", [("nexthdr", T["inet_proto"]), ("hdrlength", I(8))],
       l3="ip6")
fields(S_EXT, "mh", [("nexthdr", T["inet_proto"]), ("hdrlength", I(8)),
                     ("checksum", I(16)), ("type", T["mh_type"])], l3="ip6")
fields(S_EXT, "srh", [("flags", I(8)), ("tag", I(16)), ("seg-left", I(8))],
       l3="ip6")
TCP_OPTIONS = {  # Table 56: option -> fields (width in bits)
    "eol": {}, "nop": {},
    "maxseg": {"length": 8, "size": 16},
    "window": {"length": 8, "count": 8},
    "sack-perm": {"length": 8},
    "sack": {"length": 8, "left": 32, "right": 32},
    "sack0": {"length": 8, "left": 32, "right": 32},
    "sack1": {"length": 8, "left": 32, "right": 32},
    "sack2": {"length": 8, "left": 32, "right": 32},
    "sack3": {"length": 8, "left": 32, "right": 32},
    "timestamp": {"length": 8, "tsval": 32, "tsecr": 32},
}
for _o, _f in TCP_OPTIONS.items():
    fields(S_EXT, "tcp option %s" % _o, [(k, I(b)) for k, b in _f.items()],
           l4="tcp")
IP_OPTIONS = {  # Table 57
    "lsrr": {"type": 8, "length": 8, "ptr": 8, "addr": 32},
    "ra": {"type": 8, "length": 8, "value": 16},
    "rr": {"type": 8, "length": 8, "ptr": 8, "addr": 32},
    "ssrr": {"type": 8, "length": 8, "ptr": 8, "addr": 32},
}
for _o, _f in IP_OPTIONS.items():
    fields(S_EXT, "ip option %s" % _o, [(k, I(b)) for k, b in _f.items()],
           l3="ip")

S_CT = "CONNTRACK EXPRESSIONS"
fields(S_CT, "ct", [("state", T["ct_state"]), ("direction", T["ct_dir"]),
                    ("status", T["ct_status"]), ("mark", T["mark"]),
                    ("expiration", T["time"]), ("helper", T["string"]),
                    ("label", T["ct_label"]), ("count", I(32)),
                    ("id", T["ct_id"])])
for _d in ("", " original", " reply"):
    fields(S_CT, "ct" + _d, [("l3proto", T["nf_proto"]),
                             ("protocol", T["inet_proto"]),
                             ("bytes", I(64)), ("packets", I(64)),
                             ("avgpkt", I(64)), ("zone", I(16))])
for _d in (" original", " reply"):
    fields(S_CT, "ct" + _d, [("proto-src", I(16)), ("proto-dst", I(16))])
    fields(S_CT, "ct" + _d + " ip", [("saddr", T["ipv4_addr"]),
                                     ("daddr", T["ipv4_addr"])])
    fields(S_CT, "ct" + _d + " ip6", [("saddr", T["ipv6_addr"]),
                                      ("daddr", T["ipv6_addr"])])

# Fields used to build multi-match rules ("RULES").
COMMON_FIELDS = [f for f in FIELDS if f[0] in
                 (S_IP, S_IP6, S_TCP, S_UDP, S_ICMP, S_ICMP6, S_RAW)
                 or f[1] in ("meta mark", "meta l4proto", "meta nfproto",
                             "meta length", "mark", "meta skuid")]


# ---------------------------------------------------------------------------
# Values

def fmt_int(rng, v):
    r = rng.random()
    if r < 0.25:
        return "0x%x" % v
    return str(v)


def int_value(rng, dt):
    """A valid value of integer-based type dt: (text, form)."""
    m = dt.maxval
    if dt.syms and rng.random() < 0.55:
        return rng.choice(sorted(dt.syms)), "symbol"
    r = rng.random()
    if r < 0.15:
        return fmt_int(rng, 0), "min"
    if r < 0.35:
        return fmt_int(rng, m), "max"
    if r < 0.40 and m >= 8:
        return "0%o" % rng.randint(1, min(m, 0o777)), "octal"
    v = rng.randint(0, m)
    return fmt_int(rng, v), "number"


def bad_int_value(rng, dt):
    """An invalid value for dt: (text, kind)."""
    r = rng.random()
    if dt.syms and r < 0.35:
        return rng.choice(BAD_SYMBOLS), "unknown-symbol"
    if r < 0.75:
        if dt.bits >= 64:
            return str(1 << 64), "out-of-range"
        return fmt_int(rng, dt.maxval + 1 + rng.choice([0, 0, 1, 1000])), \
            "out-of-range"
    if r < 0.85:
        return "-1", "out-of-range"
    return rng.choice(["10.0.0.1", "::1", '"eth0"', "00:11:22:33:44:55"]), \
        "type-mismatch"


V4 = ["10.0.0.1", "192.168.1.10", "127.0.0.1", "0.0.0.0", "255.255.255.255",
      "192.0.2.53", "198.51.100.7"]
V4_OTHER = [("167772161", "decimal"), ("0x0a000001", "hex"),
            ("localhost", "hostname"), ("0x7f.0.0.1", "dotted-hex"),
            ("0177.0.0.1", "dotted-octal")]
V4_BAD = [("256.1.1.1", "out-of-range"), ("1.2.3", "malformed"),
          ("1.2.3.4.5", "malformed"), ("::1", "type-mismatch"),
          ("2001:db8::1", "type-mismatch"), ("10.0.0.300", "out-of-range")]
V6 = ["::1", "2001:db8::1", "fe80::1", "::", "::ffff:192.0.2.1",
      "2001:db8:0:0:0:0:0:2", "ff02::1", "2001:db8:20::"]
V6_OTHER = [("[2001:db8::1]", "brackets"), ("[::1]", "brackets")]
V6_BAD = [("2001:db8::g", "malformed"), ("1::2::3", "malformed"),
          ("10.0.0.1", "type-mismatch"), ("2001:db8:1:2:3:4:5:6:7",
                                          "malformed")]
MAC = ["00:11:22:33:44:55", "de:ad:be:ef:00:01", "ff:ff:ff:ff:ff:ff"]
MAC_BAD = [("00:11:22:33:44", "malformed"), ("00:11:22:33:44:gg", "malformed"),
           ("10.0.0.1", "type-mismatch")]


def addr_value(rng, dt, allow_other=True):
    if dt.kind == "ipv4":
        if allow_other and rng.random() < 0.12:
            return rng.choice(V4_OTHER)
        return rng.choice(V4), "address"
    if dt.kind == "ipv6":
        if allow_other and rng.random() < 0.1:
            return rng.choice(V6_OTHER)
        return rng.choice(V6), "address"
    return rng.choice(MAC), "address"


def prefix_value(rng, dt, bad=False):
    if dt.kind == "ipv4":
        if bad:
            return "10.0.0.0/%d" % rng.choice([33, 40]), "prefix-too-long"
        n = rng.choice([0, 8, 16, 24, 32, rng.randint(1, 31)])
        base = {0: "0.0.0.0", 8: "10.0.0.0", 16: "172.16.0.0",
                24: "192.168.1.0"}.get(n, "10.0.0.0")
        return "%s/%d" % (base, n), "prefix"
    if dt.kind == "ipv6":
        if bad:
            return "2001:db8::/%d" % rng.choice([129, 200]), "prefix-too-long"
        n = rng.choice([0, 32, 48, 64, 128, rng.randint(1, 127)])
        return "2001:db8::/%d" % n, "prefix"
    # integer prefix (nft allows it on integer types)
    if bad:
        return "%d/%d" % (1, dt.bits + 1), "prefix-too-long"
    return "%s/%d" % (fmt_int(rng, 0), rng.randint(1, max(1, dt.bits))), \
        "prefix"


def range_value(rng, dt, bad=False):
    if dt.kind == "ipv4":
        a, b = "10.0.0.1", "10.0.0.100"
    elif dt.kind == "ipv6":
        a, b = "2001:db8::1", "2001:db8::ff"
    elif dt.kind == "ether":
        a, b = "00:11:22:33:44:00", "00:11:22:33:44:ff"
    else:
        m = dt.maxval
        x = rng.randint(0, max(0, m - 1))
        y = rng.randint(x + 1, m) if x < m else m
        a, b = fmt_int(rng, x), fmt_int(rng, y)
        if dt.syms and rng.random() < 0.3:
            syms = sorted(dt.syms.items(), key=lambda kv: (kv[1], kv[0]))
            lo, hi = rng.sample(range(len(syms)), 2)
            lo, hi = min(lo, hi), max(lo, hi)
            if syms[lo][1] < syms[hi][1]:
                a, b = syms[lo][0], syms[hi][0]
                if bad:
                    a, b = b, a
                if rng.random() < 0.5:
                    return "%s - %s" % (a, b), ("reversed-range" if bad else
                                                "range-symbols")
                return "%s-%s" % (a, b), ("reversed-range" if bad else
                                          "range-symbols-nospace")
    if bad:
        return "%s-%s" % (b, a), "reversed-range"
    return "%s-%s" % (a, b), "range"


def string_value(rng, dt):
    """Values of the string-like and special types: (text, ok, form)."""
    k = dt.kind
    if k == "ifname":
        return rng.choice([('"eth0"', True, "quoted"), ("eth0", True, "word"),
                           ('"eth*"', True, "wildcard"),
                           ('"(eth0)"', True, "quoted"), ('"lo"', True, "quoted"),
                           ('"veth\\*"', True, "escaped"),
                           ('"*"', False, "invalid:wildcard-only"),
                           ('"abcdefghijklmnopq"', False, "invalid:too-long")])
    if k == "iface_index":
        return rng.choice([("lo", True, "name"), ('"lo"', True, "quoted"),
                           ("1", True, "number"),
                           ("eth9", False, "invalid:no-such-interface"),
                           ("::1", False, "invalid:type-mismatch")])
    if k == "uid":
        return rng.choice([("root", True, "name"), ("0", True, "number"),
                           ("1000", True, "number"), ("nobody", True, "name"),
                           ("nosuchuser", False, "invalid:unknown-user"),
                           ("4294967296", False, "invalid:out-of-range")])
    if k == "gid":
        return rng.choice([("root", True, "name"), ("0", True, "number"),
                           ("nogroup", True, "name"),
                           ("nosuchgroup", False, "invalid:unknown-group")])
    if k == "classid":
        return rng.choice([("1:2", True, "major:minor"), ("root", True, "name"),
                           ("none", True, "name"), ("ffff:ffff", True, "max"),
                           ("0x10002", True, "number"),
                           ("1:2:3", False, "invalid:malformed"),
                           ("10000:1", False, "invalid:out-of-range")])
    if k == "realm":
        return rng.choice([("0", True, "number"), ("10", True, "number"),
                           ("cosmos", True, "name"),
                           ("nosuchrealm", False, "invalid:unknown-symbol")])
    if k == "devgroup":
        return rng.choice([("0", True, "number"), ("default", True, "name"),
                           ("nosuchgroup", False, "invalid:unknown-symbol")])
    if k == "time":
        return rng.choice([("30s", True, "time"), ("1m", True, "time"),
                           ("1h30m", True, "time"), ("1d", True, "time"),
                           ("10x", False, "invalid:malformed")])
    if k == "meta_time":
        return rng.choice([('"2019-06-06 17:00"', True, "date"),
                           ('"2019-06-06"', True, "date"),
                           ('"2019-06-06 17:00:00"', True, "date"),
                           ("1559840400", True, "number"),
                           ('"2019-13-45"', False, "invalid:malformed")])
    if k == "hour":
        return rng.choice([('"17:00"', True, "hour"), ('"17:00:00"', True, "hour"),
                           ('"00:00"', True, "hour"),
                           ('"25:00"', False, "invalid:out-of-range"),
                           ('"17"', False, "invalid:malformed")])
    if k == "boolean":
        return rng.choice([("exists", True, "symbol"), ("missing", True, "symbol"),
                           ("1", True, "number"), ("0", True, "number"),
                           ("true", False, "invalid:unknown-symbol"),
                           ("2", False, "invalid:out-of-range")])
    if k == "string":
        return rng.choice([('"ftp"', True, "quoted"), ("ftp", True, "word"),
                           ('"Linux"', True, "quoted")])
    if k == "cgroupv2":
        return rng.choice([('"."', True, "path"), ('"/"', True, "path"),
                           ('"nosuch.slice/x"', False, "invalid:no-such-cgroup")])
    if k == "ct_label":
        return rng.choice([("0", True, "bit"), ("127", True, "bit"),
                           ("128", False, "invalid:out-of-range"),
                           ("nosuchlabel", False, "invalid:unknown-symbol")])
    raise ValueError(k)


STRINGY = ("ifname", "iface_index", "uid", "gid", "classid", "realm",
           "devgroup", "time", "meta_time", "hour", "boolean", "string",
           "cgroupv2", "ct_label")


def elem(rng, dt):
    """One valid set element / value: (text, form)."""
    if dt.kind in ("ipv4", "ipv6", "ether"):
        r = rng.random()
        if r < 0.2 and dt.kind != "ether":
            return prefix_value(rng, dt)
        if r < 0.3:
            return range_value(rng, dt)
        return addr_value(rng, dt, allow_other=False)
    if dt.kind in STRINGY:
        for _ in range(20):
            t, ok, f = string_value(rng, dt)
            if ok:
                return t, f
        return t, f
    if rng.random() < 0.2:
        return range_value(rng, dt)
    return int_value(rng, dt)


def anon_set(rng, dt, n=None):
    n = n or rng.randint(1, 4)
    items = []
    for _ in range(n):
        t, _f = elem(rng, dt)
        if t not in items:
            items.append(t)
    style = rng.random()
    if style < 0.15:
        return "{" + ",".join(items) + "}", "set-nospace"
    if style < 0.25:
        return "{ " + ",".join(items) + " }", "set-tight"
    return "{ " + ", ".join(items) + " }", "set"


ORDER_OPS = ["<", ">", "<=", ">=", "lt", "gt", "le", "ge"]
EQ_OPS = ["", "", "", "==", "!=", "eq", "ne"]
ALL_OPS = EQ_OPS + ORDER_OPS


def rel(sel, op, rhs):
    return "%s %s %s" % (sel, op, rhs) if op else "%s %s" % (sel, rhs)


def opname(op):
    return op or "implicit"


def gen_match(rng, f, want_valid=None):
    """A relational expression on field f: (text, ok, form)."""
    section, sel, dt, _l3, _l4 = f
    if want_valid is None:
        want_valid = rng.random() < 0.66
    if not want_valid:
        return gen_bad_match(rng, f)
    k = dt.kind
    if k in STRINGY:
        for _ in range(30):
            t, ok, form = string_value(rng, dt)
            if ok:
                break
        r = rng.random()
        if r < 0.2:
            s, sf = anon_set(rng, dt)
            op = rng.choice(["", "!="])
            return rel(sel, op, s), True, "op=%s %s" % (opname(op), sf)
        op = rng.choice(EQ_OPS if k not in ("meta_time", "hour") else ALL_OPS)
        return rel(sel, op, t), True, "op=%s %s" % (opname(op), form)
    r = rng.random()
    if dt.bitmask and r < 0.35:
        return bitmask_form(rng, sel, dt)
    if r < 0.12:
        s, sf = anon_set(rng, dt)
        op = rng.choice(["", "", "!=", "==", "ne"])
        return rel(sel, op, s), True, "op=%s %s" % (opname(op), sf)
    if r < 0.2:
        names = NAMED_SETS.get(dt.name)
        if names:
            op = rng.choice(["", "!="])
            return rel(sel, op, "@" + rng.choice(names)), True, \
                "op=%s named-set" % opname(op)
    if r < 0.3:
        v, vf = range_value(rng, dt)
        op = rng.choice(["", "", "!=", "==", "eq", "ne"])
        return rel(sel, op, v), True, "op=%s %s" % (opname(op), vf)
    if r < 0.38 and k in ("ipv4", "ipv6", "int") and not dt.syms:
        v, vf = prefix_value(rng, dt)
        op = rng.choice(["", "", "!="])
        return rel(sel, op, v), True, "op=%s %s" % (opname(op), vf)
    if r < 0.48 and k == "int":
        return binop_form(rng, sel, dt)
    if k in ("ipv4", "ipv6", "ether"):
        v, vf = addr_value(rng, dt)
    else:
        v, vf = int_value(rng, dt)
    op = rng.choice(ALL_OPS)
    return rel(sel, op, v), True, "op=%s %s" % (opname(op), vf)


def bitmask_form(rng, sel, dt):
    names = sorted(dt.syms)
    a = rng.sample(names, min(len(names), rng.randint(1, 3)))
    r = rng.random()
    if r < 0.2:
        return "%s %s" % (sel, ",".join(a)), True, "flags-comma"
    if r < 0.35:
        return "%s %s" % (sel, "|".join(a)), True, "flags-pipe"
    if r < 0.45:
        return "%s (%s)" % (sel, " | ".join(a)), True, "flags-paren"
    if r < 0.6:
        m = a + [rng.choice(names)]
        return "%s & (%s) == %s" % (sel, "|".join(sorted(set(m))), a[0]), \
            True, "mask-eq"
    if r < 0.7:
        return "%s & (%s) != 0" % (sel, "|".join(a)), True, "mask-ne"
    if r < 0.8:
        return "%s %s / %s" % (sel, a[0], ",".join(sorted(set(a + [names[0]])))), \
            True, "slash-mask"
    if r < 0.9:
        op = rng.choice(["==", "!="])
        return "%s %s %s" % (sel, op, ",".join(a)), True, "op=%s flags" % op
    s = "{ " + ", ".join(sorted(set([a[0], "|".join(a)]))) + " }"
    return "%s %s" % (sel, s), True, "set-of-flag-combinations"


BINOPS = [("&", "and"), ("|", "or"), ("^", "xor"), ("<<", "lshift"),
          (">>", "rshift")]


def binop_form(rng, sel, dt):
    sym, word = rng.choice(BINOPS)
    op = rng.choice([sym, word])
    m = dt.maxval
    if op in ("<<", ">>", "lshift", "rshift"):
        mask = str(rng.randint(1, max(1, min(dt.bits - 1, 8))))
    else:
        mask = fmt_int(rng, rng.randint(1, m))
    val = fmt_int(rng, rng.randint(0, m))
    cmp_ = rng.choice(["==", "!=", ""])
    return rel("%s %s %s" % (sel, op, mask), cmp_, val), True, \
        "binop=%s cmp=%s" % (op, opname(cmp_))


def gen_bad_match(rng, f):
    section, sel, dt, _l3, _l4 = f
    k = dt.kind
    r = rng.random()
    if r < 0.12:
        # missing operand
        return _bad(rng.choice([(sel, "missing-operand"),
                                ("%s ==" % sel, "missing-operand"),
                                ("%s !=" % sel, "missing-operand"),
                                ("%s { }" % sel, "empty-set")]))
    if r < 0.2:
        # misspelt field
        parts = sel.split()
        parts[-1] = parts[-1][:-1] + "x" if len(parts[-1]) > 2 else "xx"
        return _bad((" ".join(parts) + " 1", "unknown-field"))
    if r < 0.3:
        # set / range with an ordering operator
        op = rng.choice(ORDER_OPS)
        if rng.random() < 0.5 and k not in STRINGY:
            s, _ = anon_set(rng, dt, 2)
            return _bad((rel(sel, op, s), "order-op-on-set"))
        if k not in STRINGY:
            v, _ = range_value(rng, dt)
            return _bad((rel(sel, op, v), "order-op-on-range"))
    if r < 0.38 and k not in STRINGY:
        v, kind = range_value(rng, dt, bad=True)
        if kind == "reversed-range" and \
           v.split("-")[0].strip() != v.split("-")[-1].strip():
            return _bad((rel(sel, "", v), kind))
    if r < 0.45 and k in ("ipv4", "ipv6"):
        v, kind = prefix_value(rng, dt, bad=True)
        return _bad((rel(sel, "", v), kind))
    if r < 0.52:
        # named set of another type / no such set
        if rng.random() < 0.3:
            return _bad((rel(sel, "", "@nosuchset"), "no-such-set"))
        other = [s for t, ns in NAMED_SETS.items() if t != dt.name for s in ns]
        return _bad((rel(sel, "", "@" + rng.choice(other)), "set-type-mismatch"))
    if r < 0.58:
        # a set with one bad element
        good, _ = elem(rng, dt)
        bad, kind = bad_single(rng, dt)
        return _bad((rel(sel, "", "{ %s, %s }" % (good, bad)), "set-" + kind))
    v, kind = bad_single(rng, dt)
    op = rng.choice(["", "", "==", "!="])
    return _bad((rel(sel, op, v), kind))


def _bad(t):
    text, kind = t
    return text, False, "invalid:" + kind


def bad_single(rng, dt):
    k = dt.kind
    if k == "ipv4":
        return rng.choice(V4_BAD)
    if k == "ipv6":
        return rng.choice(V6_BAD)
    if k == "ether":
        return rng.choice(MAC_BAD)
    if k in STRINGY:
        for _ in range(40):
            t, ok, form = string_value(rng, dt)
            if not ok:
                return t, form.split(":", 1)[1]
        return "1.2.3.4.5", "malformed"
    return bad_int_value(rng, dt)


# ---------------------------------------------------------------------------
# Statements and verdicts

VERDICTS = ["accept", "drop", "continue", "return", "jump " + REGULAR_CHAIN,
            "goto " + REGULAR_CHAIN]
BENIGN_TAILS = ["", "", "", "accept", "drop", "counter", "counter accept",
                "counter drop", "return", "continue",
                "jump " + REGULAR_CHAIN, "goto " + REGULAR_CHAIN,
                "meta mark set 0x1", 'comment "c"', "counter comment \"x\"",
                "drop comment \"d\""]


class Item:
    __slots__ = ("section", "production", "form", "intent", "rule")

    def __init__(self, section, production, form, ok, rule):
        self.section, self.production, self.form = section, production, form
        if ok is True:
            self.intent = "valid"
        elif ok is False:
            self.intent = "invalid:" + (form.split("invalid:", 1)[1]
                                        if "invalid:" in form else "other")
        else:
            self.intent = ok
        self.rule = rule


def P_match(f):
    """A production: matches on one field, with a tail statement."""
    section, sel, dt, _l3, _l4 = f

    def gen(rng):
        text, ok, form = gen_match(rng, f)
        tail = rng.choice(BENIGN_TAILS)
        # no tail after a missing operand: the tail would become the operand
        if tail and "missing-operand" not in form and "empty-set" not in form:
            text = text + " " + tail
        prod_ = sel + (" (nft's name, not the man page's)" if sel in NOT_IN_MAN
                       else "")
        return Item(section, prod_, form, ok, text)
    return gen


def P_meta_unqualified(key):
    def gen(rng):
        f = [x for x in FIELDS if x[1] == "meta " + key][0]
        text, ok, form = gen_match(rng, f, want_valid=True)
        text = text[len("meta "):]
        return Item(S_META, key + " (unqualified)", "invalid:needs-meta " + form,
                    False, text)
    return gen


def choice_item(section, production, options):
    """A production picking one of (rule, ok, form) options."""
    def gen(rng):
        rule, ok, form = rng.choice(options)
        if callable(rule):
            rule = rule(rng)
        return Item(section, production, form, ok, rule)
    return gen


V, X = True, False
PRODUCTIONS = []   # (weight, name, gen)


def prod(weight, gen, name=None, factor=1.5):
    """Register a production; the ones of statements and other
    constructs (not a single field) weigh 1.5 times their weight."""
    PRODUCTIONS.append((weight * factor, name, gen))


for _f in FIELDS:
    # fields of the common protocols get more rules; the many fields of
    # options, of conntrack directions and the unqualified meta keys fewer
    w = 1.6 if _f in COMMON_FIELDS else 1.0
    if _f[0] == S_CT and len(_f[1].split()) > 2:
        w = 0.5
    if _f[1].startswith(("tcp option", "ip option")):
        w = 0.5
    if _f[0] == S_META and not _f[1].startswith("meta "):
        w = 0.6
    prod(w, P_match(_f), factor=1)
for _k in META_QUALIFIED_ONLY:
    prod(0.5, P_meta_unqualified(_k), factor=1)

# --- SOCKET EXPRESSION: socket cgroupv2 level NUM
prod(1.5, choice_item(S_SOCK, "socket cgroupv2", [
    ('socket cgroupv2 level 1 "."', V, "level"),
    ('socket cgroupv2 level 0 "/" accept', V, "level"),
    ('socket cgroupv2 level 2 "." drop', V, "level"),
    ('socket cgroupv2 level 1 != "." counter', V, "op=!="),
    ('socket cgroupv2 level 1 { ".", "/" }', V, "set"),
    ('socket cgroupv2 level 1 "nosuch.slice/x"', X, "invalid:no-such-cgroup"),
    ('socket cgroupv2 level 256 "."', X, "invalid:out-of-range"),
    ('socket cgroupv2 "."', X, "invalid:missing-level"),
    ('socket cgroupv2 level "."', X, "invalid:missing-operand"),
    ('socket nosuchkey 1', X, "invalid:unknown-field"),
]))
# --- OSF EXPRESSION: osf [ttl {loose | skip}] {name | version}
prod(1.5, choice_item("OSF EXPRESSION", "osf", [
    ('osf name "Linux"', V, "name"), ('osf ttl loose name "Linux"', V, "ttl"),
    ('osf ttl skip name "Windows" drop', V, "ttl"),
    ('osf version "Linux:4.19"', V, "version"),
    ('osf ttl skip version "Linux:3.0"', V, "version"),
    ('osf name { "Linux", "unknown" }', V, "set"),
    ('osf name != "unknown" accept', V, "op=!="),
    ('osf ttl nosuch name "Linux"', X, "invalid:unknown-symbol"),
    ('osf name', X, "invalid:missing-operand"),
    ('osf ttl name "Linux"', X, "invalid:missing-operand"),
]))
# --- FIB EXPRESSIONS: fib {saddr | daddr | mark | iif | oif} [. ...] {oif | oifname | type}


def P_fib(rng):
    keys = [rng.choice(["saddr", "daddr"])]
    if rng.random() < 0.35:
        keys.append("mark")
    if rng.random() < 0.5:
        keys.append(rng.choice(["iif", "oif"]))
    res = rng.choice(["oif", "oifname", "type"])
    lhs = "fib " + " . ".join(keys) + " " + res
    ok, form = True, "result=" + res
    r = rng.random()
    if res == "type":
        rhs = rng.choice([rng.choice(sorted(SYMBOLS["fib_addrtype"])),
                          "{ local, broadcast, multicast }",
                          "!= { local, broadcast }", "vmap { blackhole : drop, "
                          "prohibit : jump other, unreachable : drop }"])
    elif res == "oif":
        rhs = rng.choice(["missing", "exists", "lo", "0", '"lo"'])
    else:
        rhs = rng.choice(['"lo"', '"eth*"', "missing", "exists"])
    if r < 0.12:
        lhs = "fib saddr . daddr " + res
        ok, form = False, "invalid:saddr-and-daddr"
    elif r < 0.15:
        lhs = "fib %s . iif . oif %s" % (keys[0], res)
        ok, form = False, "invalid:iif-and-oif"
    elif r < 0.2:
        lhs = "fib " + rng.choice(["iif", "mark", "oif"]) + " " + res
        ok, form = False, "invalid:needs-saddr-or-daddr"
    elif r < 0.26:
        lhs = "fib " + " . ".join(keys)
        ok, form = False, "invalid:missing-result"
    elif r < 0.32 and res == "type":
        rhs = rng.choice(BAD_SYMBOLS)
        ok, form = False, "invalid:unknown-symbol"
    text = lhs + " " + rhs
    if "vmap" not in rhs and rng.random() < 0.5:
        text += " " + rng.choice(["drop", "accept", "counter"])
    return Item("FIB EXPRESSIONS", "fib", form, ok, text)


prod(3, P_fib)
prod(1, choice_item(S_RT, "rt nexthop (no family)", [
    ("rt nexthop 192.0.2.1", X, "invalid:inet-needs-ip-or-ip6"),
    ("rt nexthop fd00::1", X, "invalid:inet-needs-ip-or-ip6"),
    ("rt ip nexthop fd00::1", X, "invalid:type-mismatch"),
    ("rt ip6 nexthop 192.0.2.1", X, "invalid:type-mismatch"),
    ("rt ip6 classid 10", X, "invalid:syntax"),
    ("rt mtu", X, "invalid:missing-operand"),
]))


# --- IPSEC EXPRESSIONS
def P_ipsec(rng):
    d = rng.choice(["in", "out"])
    sp = rng.choice(["", "", " spnum 0", " spnum 1", " spnum 255"])
    r = rng.random()
    if r < 0.45:
        key = rng.choice(["reqid", "spi"])
        text = "ipsec %s%s %s %s" % (d, sp, key, rng.choice(
            ["1", "0x10", "4294967295", "{ 1, 2 }", "1-10", "!= 7"]))
        ok, form = True, key
    elif r < 0.8:
        fam = rng.choice(["ip", "ip6"])
        key = rng.choice(["saddr", "daddr"])
        v = rng.choice(V4 if fam == "ip" else V6)
        text = "ipsec %s%s %s %s %s" % (d, sp, fam, key, v)
        ok, form = True, fam + " " + key
    else:
        text, form = rng.choice([
            ("ipsec spi 1", "invalid:missing-direction"),
            ("ipsec in spnum 256 reqid 1", "invalid:out-of-range"),
            ("ipsec in ip saddr ::1", "invalid:type-mismatch"),
            ("ipsec out ip6 daddr 10.0.0.1", "invalid:type-mismatch"),
            ("ipsec in reqid 4294967296", "invalid:out-of-range"),
            ("ipsec in saddr 10.0.0.1", "invalid:missing-family"),
            ("ipsec both reqid 1", "invalid:unknown-symbol")])
        ok = False
    if rng.random() < 0.4:
        text += " " + rng.choice(["accept", "drop", "counter"])
    return Item("IPSEC EXPRESSIONS", "ipsec", form, ok, text)


prod(2.5, P_ipsec)


# --- NUMGEN / HASH (as matches and as statement arguments)
def P_numgen(rng):
    mode = rng.choice(["inc", "random"])
    mod = rng.choice([1, 2, 10, 256, 4294967295])
    off = rng.choice(["", "", " offset 5", " offset 100"])
    e = "numgen %s mod %d%s" % (mode, mod, off)
    r = rng.random()
    if r < 0.15:
        return Item("NUMGEN EXPRESSION", "numgen", "invalid:mod-zero", False,
                    "numgen %s mod 0 0" % mode)
    if r < 0.25:
        return Item("NUMGEN EXPRESSION", "numgen", "invalid:missing-mod", False,
                    "numgen %s 1" % mode)
    if r < 0.3:
        return Item("NUMGEN EXPRESSION", "numgen", "invalid:unknown-symbol",
                    False, "numgen sequential mod 2 1")
    if r < 0.55:
        return Item("NUMGEN EXPRESSION", "numgen", "meta mark set", True,
                    "meta mark set " + e)
    if r < 0.7:
        return Item("NUMGEN EXPRESSION", "numgen", "map", True,
                    "meta mark set %s map { 0 : 1, 1 : 2 }" % e)
    v = rng.choice(["0", "1", "0-4", "{ 0, 1 }", "!= 0"])
    return Item("NUMGEN EXPRESSION", "numgen", "match", True, "%s %s" % (e, v))


prod(2, P_numgen)

HASH_KEYS = ["ip saddr", "ip6 daddr", "tcp dport", "udp sport", "ether saddr"]


def P_hash(rng):
    r = rng.random()
    mod = rng.choice(["2", "10", "65536"])
    if r < 0.55:
        keys = rng.sample(HASH_KEYS, rng.randint(1, 2))
        e = "jhash %s mod %s" % (" . ".join(keys), mod)
        if rng.random() < 0.4:
            e += " seed 0x%x" % rng.randint(0, 0xffffffff)
        if rng.random() < 0.4:
            e += " offset %d" % rng.randint(0, 100)
        form = "jhash/%d keys" % len(keys)
        ok = True
        l3 = {k.split()[0] for k in keys} & {"ip", "ip6"}
        l4 = {k.split()[0] for k in keys} & {"tcp", "udp"}
        if len(l3) > 1 or len(l4) > 1:
            ok, form = False, "invalid:conflicting-protocols"
    elif r < 0.8:
        e = "symhash mod %s" % mod
        if rng.random() < 0.5:
            e += " offset %d" % rng.randint(0, 100)
        form, ok = "symhash", True
    else:
        e, form = rng.choice([("jhash mod 2", "invalid:missing-expression"),
                              ("jhash ip saddr mod 0", "invalid:mod-zero"),
                              ("symhash", "invalid:missing-mod"),
                              ("jhash ip saddr", "invalid:missing-mod"),
                              ("symhash ip saddr mod 2", "invalid:syntax")])
        return Item("HASH EXPRESSIONS", "hash", form, False, e + " 1")
    if rng.random() < 0.5:
        return Item("HASH EXPRESSIONS", "hash", form + " meta mark set", ok,
                    "meta mark set " + e)
    return Item("HASH EXPRESSIONS", "hash", form + " match", ok,
                e + " " + rng.choice(["0", "1", "{ 0, 1 }", "0-1"]))


prod(2, P_hash)


# --- sctp chunk CHUNK [FIELD]
SCTP_CHUNKS = {
    "data": ["tsn", "stream", "ssn", "ppid"],
    "init": ["init-tag", "a-rwnd", "num-outbound-streams",
             "num-inbound-streams", "initial-tsn"],
    "init-ack": ["init-tag", "a-rwnd", "num-outbound-streams",
                 "num-inbound-streams", "initial-tsn"],
    "sack": ["cum-tsn-ack", "a-rwnd", "num-gap-ack-blocks", "num-dup-tsns"],
    "heartbeat": [], "heartbeat-ack": [], "abort": [],
    "shutdown": ["cum-tsn-ack"], "shutdown-ack": [], "error": [],
    "cookie-echo": [], "cookie-ack": [], "ecne": ["lowest-tsn"],
    "cwr": ["lowest-tsn"], "shutdown-complete": [], "asconf-ack": ["seqno"],
    "forward-tsn": ["new-cum-tsn"], "asconf": ["seqno"],
}


def P_sctp_chunk(rng):
    chunk = rng.choice(sorted(SCTP_CHUNKS))
    r = rng.random()
    if r < 0.3:
        return Item(S_SCTP, "sctp chunk", "exists", True,
                    "sctp chunk %s %s" % (chunk, rng.choice(["exists", "missing"])))
    if r < 0.55:
        fld = rng.choice(["type", "flags", "length"])
        return Item(S_SCTP, "sctp chunk", "common-field", True,
                    "sctp chunk %s %s %d" % (chunk, fld, rng.randint(0, 255)))
    if r < 0.8 and SCTP_CHUNKS[chunk]:
        fld = rng.choice(SCTP_CHUNKS[chunk])
        return Item(S_SCTP, "sctp chunk", "chunk-field", True,
                    "sctp chunk %s %s %d" % (chunk, fld, rng.randint(0, 65535)))
    others = [f for c, fs in SCTP_CHUNKS.items() if c != chunk for f in fs
              if f not in SCTP_CHUNKS[chunk]]
    return Item(S_SCTP, "sctp chunk", "invalid:field-of-other-chunk", False,
                "sctp chunk %s %s 1" % (chunk, rng.choice(others)))


prod(3, P_sctp_chunk)


# --- raw payload @base,offset,length
def P_raw(rng):
    base = rng.choice(["ll", "nh", "th", "ih"])
    r = rng.random()
    if r < 0.15:
        text, form = rng.choice([
            ("@xx,0,8 1", "invalid:unknown-base"),
            ("@nh,0 1", "invalid:missing-length"),
            ("@nh,0,0 1", "invalid:zero-length"),
            ("@nh,0,8 256", "invalid:out-of-range"),
            ("@th,16,16 70000", "invalid:out-of-range"),
            ("@nh,0,4096 1", "invalid:too-long"),
            ("@nh,0,8", "invalid:missing-operand")])
        return Item(S_RAW, "@base,offset,length", form, False, text)
    off = rng.choice([0, 8, 9, 16, 32, 96, 128, 160, rng.randint(0, 512)])
    ln = rng.choice([1, 4, 8, 16, 32, 48, 64, 128, rng.randint(1, 64)])
    lhs = "@%s,%d,%d" % (base, off, ln)
    m = (1 << ln) - 1
    rr = rng.random()
    if rr < 0.5:
        rhs, form = fmt_int(rng, rng.randint(0, m)), "number"
    elif rr < 0.62:
        a = rng.randint(0, m)
        rhs, form = "%d-%d" % (a, min(m, a + rng.randint(0, 100))), "range"
    elif rr < 0.75:
        rhs = "{ %d, %d }" % (rng.randint(0, m), rng.randint(0, m))
        form = "set"
    elif rr < 0.9 and ln <= 32:
        rhs = "& 0x%x == 0x%x" % (rng.randint(1, m), rng.randint(0, m))
        form = "mask"
    else:
        rhs = "!= %d" % rng.randint(0, m)
        form = "op=!="
    pre = ""
    if base == "th" and rng.random() < 0.5:
        pre = "meta l4proto { tcp, udp } "
    text = pre + lhs + " " + rhs
    if rng.random() < 0.3:
        text += " " + rng.choice(["accept", "drop", "counter"])
    if rng.random() < 0.08:
        return Item(S_RAW, "@base,offset,length set", "statement", True,
                    "%s set %d" % (lhs, rng.randint(0, m)))
    return Item(S_RAW, "@base,offset,length", "base=%s %s" % (base, form), True,
                text)


prod(5, P_raw)


# --- extension header existence, tcp/ip option raw form, srh sid
def P_exthdr_exists(rng):
    kind = rng.choice(["exthdr", "tcp option", "ip option"])
    val = rng.choice(["exists", "missing", "exists", "missing", "1", "0",
                      "== exists", "!= missing"])
    if kind == "exthdr":
        h = rng.choice(["hbh", "frag", "rt", "dst", "mh", "srh"])
    elif kind == "tcp option":
        h = rng.choice(sorted(TCP_OPTIONS))
    else:
        h = rng.choice(sorted(IP_OPTIONS))
    ok, form = True, kind + " exists"
    if kind == "exthdr" and h == "srh":
        ok, form = False, "invalid:srh-not-in-exthdr-list"
    r = rng.random()
    if r < 0.1:
        h = rng.choice(["nosuch", "sack9", "mss"])
        ok, form = False, "invalid:unknown-symbol"
    elif r < 0.18:
        val = rng.choice(["2", "true", "maybe"])
        ok, form = False, "invalid:not-boolean"
    text = "%s %s %s" % (kind, h, val)
    if rng.random() < 0.4:
        text += " " + rng.choice(["counter", "drop", "accept"])
    return Item(S_EXT, kind + " (existence)", form, ok, text)


prod(5, P_exthdr_exists)
prod(2, choice_item(S_EXT, "tcp option @number,offset,length", [
    ("tcp option @255,8,8 1", V, "raw"),
    ("tcp option @2,16,16 1460", V, "raw"),
    ("tcp option @30,0,8 30 drop", V, "raw"),
    ("tcp option @8,16,32 { 1, 2 }", V, "raw set"),
    ("tcp option @300,8,8 1", X, "invalid:out-of-range"),
    ("tcp option @2,16 1", X, "invalid:missing-length"),
]))
prod(1.5, choice_item(S_EXT, "srh sid", [
    ("srh sid 2001:db8::1", X, "invalid:as-in-synopsis-needs-index"),
    ("srh sid[1] 2001:db8::1", V, "indexed"),
    ("srh sid[0] ::1 accept", V, "indexed"),
    ("srh sid[1] 10.0.0.1", X, "invalid:type-mismatch"),
]))
prod(1.5, choice_item(S_EXT, "tcp option KIND (no field)", [
    ("tcp option nop 1", X, "invalid:boolean-only"),
    ("tcp option eol kind 0", X, "invalid:no-fields"),
    ("tcp option maxseg size", X, "invalid:missing-operand"),
    ("tcp option maxseg nosuch 1", X, "invalid:unknown-field"),
    ("tcp option maxseg size lt 536", V, "op=lt (man example)"),
    ("tcp option sack-perm exists counter", V, "man example"),
    ("ip option lsrr exists counter", V, "man example"),
    ("frag more-fragments 1 counter", V, "man example"),
]))
prod(1.5, choice_item(S_CT, "ct (misplaced direction)", [
    ("ct original state established", X, "invalid:direction-not-allowed"),
    ("ct reply mark 1", X, "invalid:direction-not-allowed"),
    ("ct proto-src 22", X, "invalid:missing-direction"),
    ("ct saddr 10.0.0.1", X, "invalid:missing-direction"),
    ("ct original saddr 10.0.0.1", X, "invalid:inet-needs-ip-or-ip6"),
    ("ct original ip saddr ::1", X, "invalid:type-mismatch"),
    ("ct state", X, "invalid:missing-operand"),
    ("ct count over 2", V, "man example"),
    ("ct count 2", V, "count"),
    ("ct state established,related accept", V, "flags"),
    ("ct state { established, related } accept", V, "set"),
    ("ct state invalid drop", V, "symbol"),
]))


# --- STATEMENTS -------------------------------------------------------------
S_VERD = "VERDICT STATEMENT"


def P_verdict(rng):
    r = rng.random()
    if r < 0.55:
        v = rng.choice(VERDICTS + ["queue"])
        pre = rng.choice(["", "", "tcp dport 22 ", "ip saddr 10.0.0.1 ",
                          "counter ", "meta l4proto udp "])
        return Item(S_VERD, v.split()[0], "verdict", True, pre + v)
    text, form = rng.choice([
        ("jump", "invalid:missing-chain"), ("goto", "invalid:missing-chain"),
        ("jump nosuchchain", "invalid:no-such-chain"),
        ("goto nosuchchain", "invalid:no-such-chain"),
        ("jump %s" % BASE_CHAIN, "invalid:jump-to-base-chain"),
        ("goto %s" % BASE_CHAIN, "invalid:jump-to-base-chain"),
        ("accept drop", "invalid:after-terminal"),
        ("drop accept", "invalid:after-terminal"),
        ("accept counter", "invalid:after-terminal"),
        ("drop meta mark set 1", "invalid:after-terminal"),
        ("jump other accept", "invalid:after-terminal"),
        ("return drop", "invalid:after-terminal"),
        ("tcp dport 22 accept counter", "invalid:after-terminal"),
        ("goto other counter", "invalid:after-terminal"),
        ("acept", "invalid:unknown-keyword"),
        ("jump 1", "invalid:syntax"),
        ("verdict accept", "invalid:unknown-keyword")])
    return Item(S_VERD, text.split()[0], form, False, text)


prod(6, P_verdict)


def P_counter(rng):
    ok = True
    n = lambda: str(rng.choice([0, 1, 100, 2 ** 32, 2 ** 64 - 1]))  # noqa: E731
    forms = [("counter", "plain"),
             ("counter packets %s bytes %s" % (n(), n()), "packets+bytes"),
             ("counter packets %s" % n(), "packets"),
             ("counter bytes %s" % n(), "bytes"),
             ('counter name "c1"', "named (STATEFUL OBJECTS)"),
             ("counter name c1", "named (STATEFUL OBJECTS)"),
             ('counter name tcp dport map { 80 : "c1", 443 : "c1" }',
              "named map (STATEFUL OBJECTS)")]
    bad = [("counter packets", "invalid:missing-operand"),
           ("counter packets 18446744073709551616 bytes 1", "invalid:out-of-range"),
           ("counter packets -1 bytes 1", "invalid:out-of-range"),
           ('counter name "nosuch"', "invalid:no-such-object"),
           ("counter bytes 1 packets x", "invalid:syntax")]
    if rng.random() < 0.22:
        text, form = rng.choice(bad)
        ok = False
    else:
        text, form = rng.choice(forms)
    pre = rng.choice(["", "", "tcp dport 80 ", "ip daddr 10.0.0.1 "])
    tail = rng.choice(["", "", " accept", " drop"])
    return Item("COUNTER STATEMENT", "counter", form, ok, pre + text + tail)


prod(4, P_counter)

LOG_LEVELS = ["emerg", "alert", "crit", "err", "warn", "notice", "info",
              "debug", "audit"]
LOG_FLAGS = ["tcp sequence", "tcp options", "tcp sequence,options",
             "ip options", "skuid", "ether", "all"]


def P_log(rng):
    r = rng.random()
    if r < 0.4:
        parts = ["log"]
        if rng.random() < 0.6:
            parts.append('prefix "%s"' % rng.choice(["x", "dropped: ", "in "]))
        if rng.random() < 0.5:
            parts.append("level " + rng.choice(LOG_LEVELS[:-1]))
        if rng.random() < 0.4:
            parts.append("flags " + rng.choice(LOG_FLAGS))
            if rng.random() < 0.3:
                parts.append("flags " + rng.choice(LOG_FLAGS))
        return Item("LOG STATEMENT", "log", "syslog", True, " ".join(parts))
    if r < 0.7:
        parts = ["log", "group %d" % rng.choice([0, 1, 2, 65535])]
        if rng.random() < 0.5:
            parts.append('prefix "g"')
        if rng.random() < 0.4:
            parts.append("queue-threshold %d" % rng.choice([1, 10]))
        if rng.random() < 0.4:
            parts.append("snaplen %d" % rng.choice([0, 64, 65535]))
        return Item("LOG STATEMENT", "log group", "nflog", True, " ".join(parts))
    if r < 0.78:
        return Item("LOG STATEMENT", "log level audit", "audit", True,
                    rng.choice(["log level audit", "log level audit accept"]))
    text, form = rng.choice([
        ('log level audit prefix "x"', "invalid:audit-with-options"),
        ("log level nosuch", "invalid:unknown-symbol"),
        ("log group 65536", "invalid:out-of-range"),
        ("log prefix", "invalid:missing-operand"),
        ("log flags nosuch", "invalid:unknown-symbol"),
        ("log prefix x y", "invalid:syntax"),
        ("log snaplen 64", "invalid:snaplen-needs-group")])
    return Item("LOG STATEMENT", "log", form, False, text)


prod(4, P_log)


def P_reject(rng):
    r = rng.random()
    if r < 0.7:
        text, form = rng.choice([
            ("reject", "plain"),
            ("reject with icmpx %s" % rng.choice(sorted(SYMBOLS["icmpx_code"])),
             "icmpx"),
            ("reject with icmp %s" % rng.choice(sorted(SYMBOLS["icmp_code"])),
             "icmp"),
            ("reject with icmpv6 %s" % rng.choice(sorted(SYMBOLS["icmpv6_code"])),
             "icmpv6"),
            ("reject with tcp reset", "tcp reset"),
            ("meta l4proto tcp reject with tcp reset", "tcp reset"),
            ("ip saddr 10.0.0.1 reject with icmp host-prohibited", "icmp"),
            ("ip6 saddr ::1 reject with icmpv6 admin-prohibited", "icmpv6")])
        return Item("REJECT STATEMENT", "reject", form, True, text)
    text, form = rng.choice([
        ("reject with icmp nosuch", "invalid:unknown-symbol"),
        ("reject with icmpx net-prohibited", "invalid:unknown-symbol"),
        ("reject with tcp", "invalid:missing-operand"),
        ("reject with", "invalid:missing-operand"),
        ("udp dport 53 reject with tcp reset", "invalid:conflicting-protocols"),
        ("ip saddr 10.0.0.1 reject with icmpv6 no-route",
         "invalid:conflicting-protocols"),
        ("reject accept", "invalid:after-terminal")])
    return Item("REJECT STATEMENT", "reject", form, False, text)


prod(3, P_reject)


def P_ct_stmt(rng):
    r = rng.random()
    if r < 0.75:
        text, form = rng.choice([
            ("ct mark set %s" % rng.choice(["1", "0xffffffff", "meta mark",
                                            "meta mark & 0xff"]), "mark"),
            ("ct event set %s" % ",".join(rng.sample(sorted(SYMBOLS["ct_event"]),
                                                    2)), "event"),
            ("ct label set %d" % rng.choice([0, 1, 127]), "label"),
            ("ct zone set %d" % rng.choice([0, 1, 65535]), "zone"),
            ("ct zone set meta mark map { 1 : 1, 2 : 2 }", "zone map"),
            ('ct helper set "ftp"', "helper"),
            ('ct helper set "ftp-standard"', "helper (CT HELPER object)"),
            ('tcp dport 21 ct helper set "ftp-standard"', "helper (man example)"),
            ('ct timeout set "customtimeout"', "timeout (CT TIMEOUT object)"),
            ('ct expectation set "expect"', "expectation (CT EXPECTATION object)"),
            ("ct original zone set 1", "zone with direction")])
        return Item("CONNTRACK STATEMENT", "ct set", form, True, text)
    text, form = rng.choice([
        ("ct mark set", "invalid:missing-operand"),
        ("ct state set new", "invalid:not-settable"),
        ("ct zone set 65536", "invalid:out-of-range"),
        ("ct event set nosuch", "invalid:unknown-symbol"),
        ("ct label set 128", "invalid:out-of-range"),
        ("ct mark set 10.0.0.1", "invalid:type-mismatch"),
        ('ct timeout set "nosuch"', "invalid:no-such-object"),
        ('ct expectation set', "invalid:missing-operand")])
    return Item("CONNTRACK STATEMENT", "ct set", form, False, text)


prod(3, P_ct_stmt)
prod(1, choice_item("NOTRACK STATEMENT", "notrack", [
    ("notrack", V, "plain"), ("udp dport 53 notrack", V, "plain"),
    ("notrack accept", V, "with verdict"), ("notrack 1", X, "invalid:syntax"),
]))


def P_meta_stmt(rng):
    q_ = rng.choice(["meta ", "meta ", ""])
    r = rng.random()
    if r < 0.75:
        key = rng.choice(["mark", "mark", "priority", "pkttype", "nftrace"])
        if key == "mark":
            val = rng.choice(["1", "0xffffffff", "0x0", "ct mark",
                              "meta mark & 0xffff", "meta mark | 0x10000",
                              "meta mark and 0xff or 0x100",
                              "meta mark xor 0x1", "meta mark lshift 1",
                              "meta mark >> 8", "socket mark",
                              "tcp dport map { 22 : 1, 80 : 2 }",
                              "ip saddr map @m4", "jhash ip saddr mod 4",
                              "symhash mod 2", "numgen inc mod 4 offset 1",
                              "ip saddr map { 10.0.0.0/8 : 1, 192.168.0.0/16 : 2 }"])
        elif key == "priority":
            val = rng.choice(["1:2", "root", "none", "ffff:ffff", "0x10002",
                              "tcp dport map { 22 : 1:1, 80 : 1:2 }"])
        elif key == "pkttype":
            val = rng.choice(sorted(SYMBOLS["pkt_type"]) + ["2"])
        else:
            val = rng.choice(["0", "1"])
        form = "meta %s set" % key
        if not q_ and key in ("priority",):
            return Item("META STATEMENT", "meta set", "invalid:needs-meta", False,
                        "%s set %s" % (key, val))
        return Item("META STATEMENT", "meta set", form + (" unqualified" if not q_
                                                          else ""), True,
                    "%s%s set %s" % (q_, key, val))
    text, form = rng.choice([
        ("meta mark set 4294967296", "invalid:out-of-range"),
        ("meta mark set", "invalid:missing-operand"),
        ("meta mark set 10.0.0.1", "invalid:type-mismatch"),
        ("meta nftrace set 2", "invalid:out-of-range"),
        ("meta pkttype set nosuch", "invalid:unknown-symbol"),
        ("meta length set 1", "invalid:not-settable"),
        ("meta l4proto set tcp", "invalid:not-settable"),
        ("meta skuid set 0", "invalid:not-settable"),
        ("meta priority set 1:2:3", "invalid:malformed"),
        ("meta mark set tcp dport map { 22 : accept }", "invalid:type-mismatch")])
    return Item("META STATEMENT", "meta set", form, False, text)


prod(5, P_meta_stmt)


def P_payload_stmt(rng):
    r = rng.random()
    if r < 0.75:
        text, form = rng.choice([
            ("ip dscp set %s" % rng.choice(["cs1", "af41", "ef", "42", "0"]),
             "ip dscp"),
            ("ip6 dscp set cs4", "ip6 dscp"),
            ("ip ecn set ce", "ip ecn"),
            ("ip ttl set %d" % rng.choice([1, 64, 255]), "ip ttl"),
            ("ip6 hoplimit set 1", "ip6 hoplimit"),
            ("ip6 flowlabel set 0x12345", "ip6 flowlabel"),
            ("ip saddr set 10.0.0.1", "ip saddr"),
            ("ip6 daddr set 2001:db8::1", "ip6 daddr"),
            ("tcp dport set 8080", "tcp dport"),
            ("udp sport set 53", "udp sport"),
            ("tcp flags syn tcp option maxseg size set 1360", "tcp option"),
            ("tcp flags syn tcp option maxseg size set rt mtu", "tcp option"),
            ("tcp flags syn reset tcp option sack-perm", "reset tcp option"),
            ("ether daddr set 00:11:22:33:44:55", "ether daddr"),
            ("ip id set 1", "ip id"), ("tcp sequence set 1", "tcp sequence")])
        sec = "EXTENSION HEADER STATEMENT" if "option" in text else \
            "PAYLOAD STATEMENT"
        return Item(sec, "set", form, True, text)
    text, form = rng.choice([
        ("ip ttl set 256", "invalid:out-of-range"),
        ("ip dscp set nosuch", "invalid:unknown-symbol"),
        ("ip saddr set ::1", "invalid:type-mismatch"),
        ("tcp dport set", "invalid:missing-operand"),
        ("ip saddr set 10.0.0.1 ip6 daddr set ::1", "invalid:conflicting-protocols"),
        ("tcp option maxseg size set 70000", "invalid:out-of-range"),
        ("reset tcp option nosuch", "invalid:unknown-symbol")])
    sec = "EXTENSION HEADER STATEMENT" if "option" in text else \
        "PAYLOAD STATEMENT"
    return Item(sec, "set", form, False, text)


prod(4, P_payload_stmt)


def P_limit(rng):
    r = rng.random()
    over = rng.choice(["", "over "])
    unit = rng.choice(["second", "minute", "hour", "day"])
    if r < 0.4:
        text = "limit rate %s%d/%s" % (over, rng.choice([1, 10, 1000]), unit)
        if rng.random() < 0.4:
            text += " burst %d packets" % rng.choice([1, 5, 100])
        return Item("LIMIT STATEMENT", "limit rate packets", "packets", True,
                    text)
    if r < 0.75:
        bu = rng.choice(["bytes", "kbytes", "mbytes"])
        text = "limit rate %s%d %s/%s" % (over, rng.choice([1, 10, 512]), bu, unit)
        if rng.random() < 0.4:
            text += " burst %d %s" % (rng.choice([1, 512]),
                                      rng.choice(["bytes", "kbytes", "mbytes"]))
        return Item("LIMIT STATEMENT", "limit rate bytes", "bytes", True, text)
    if r < 0.8:
        return Item("LIMIT STATEMENT", "limit name", "named (STATEFUL OBJECTS)",
                    True, 'limit name "l1"')
    text, form = rng.choice([
        ("limit rate 10/fortnight", "invalid:unknown-unit"),
        ("limit rate 10/second burst 0 packets", "invalid:zero-burst"),
        ("limit rate 10 gbytes/second", "invalid:unknown-unit"),
        ("limit rate", "invalid:missing-operand"),
        ("limit 10/second", "invalid:missing-rate"),
        ("limit rate 0/second", "invalid:zero-rate"),
        ("limit rate 10/second burst 5 kbytes", "invalid:unit-mismatch")])
    return Item("LIMIT STATEMENT", "limit", form, False, text)


prod(4, P_limit)


def P_quota(rng):
    # QUOTA is documented as a stateful object only ("[over|until] bytes
    # BYTE_UNIT [used bytes BYTE_UNIT]"); the statement takes the same words.
    r = rng.random()
    if r < 0.75:
        text = "quota %s%d %s" % (rng.choice(["", "over ", "until "]),
                                  rng.choice([1, 10, 500]),
                                  rng.choice(["bytes", "kbytes", "mbytes"]))
        if rng.random() < 0.3:
            text += " used %d kbytes" % rng.choice([0, 10])
        if rng.random() < 0.15:
            text = 'quota name "q1"'
        return Item("STATEFUL OBJECTS", "quota", "statement", True, text)
    text, form = rng.choice([
        ("quota 10 gbytes", "invalid:unknown-unit (man: BYTE_UNIT)"),
        ("quota over", "invalid:missing-operand"),
        ("quota 10", "invalid:missing-unit"),
        ('quota name "nosuch"', "invalid:no-such-object")])
    return Item("STATEFUL OBJECTS", "quota", form, False, text)


prod(3, P_quota)


def P_nat(rng):
    kind = rng.choice(["snat", "dnat", "masquerade", "redirect"])
    flags = rng.choice(["", "", " random", " persistent", " fully-random",
                        " random,persistent"])
    pre = rng.choice(["", "tcp dport 80 ", "meta l4proto tcp ",
                      "ip saddr 10.0.0.0/8 "])
    r = rng.random()
    if kind in ("snat", "dnat"):
        fam = rng.choice(["ip", "ip6"])
        if fam == "ip6" and pre.startswith("ip "):
            pre = "ip6 saddr 2001:db8::/32 "
        addr = rng.choice(V4[:3]) if fam == "ip" else "2001:db8::1"
        if r < 0.2:
            addr = ("10.0.0.1-10.0.0.10" if fam == "ip" else
                    "2001:db8::1-2001:db8::9")
        port = ""
        if r > 0.5 and pre.startswith(("tcp", "meta l4proto")):
            port = ":" + rng.choice(["8080", "1024-2048"])
            if fam == "ip6":
                addr = "[%s]" % addr
        text = "%s%s %s to %s%s%s" % (pre, kind, fam, addr, port, flags)
        ok, form = True, "%s %s" % (kind, fam)
        if r < 0.12:
            text = "%s%s to %s" % (pre, kind, V4[0])
            ok, form = False, "invalid:inet-needs-ip-or-ip6"
        elif r < 0.18:
            text = "%s ip to 10.0.0.1:80" % kind
            ok, form = False, "invalid:port-needs-l4-match"
        elif r < 0.22:
            text = "%s ip to 2001:db8::1" % kind
            ok, form = False, "invalid:type-mismatch"
        elif r < 0.3:
            text = "%s ip to ip saddr map { 10.0.0.1 : 192.168.0.1 }" % kind
            ok, form = True, "map"
        return Item("NAT STATEMENTS", kind, form, ok, text)
    port = ""
    if r < 0.5:
        port = " to :" + rng.choice(["8080", "1024-2048"])
    text = pre + kind + port + flags
    ok, form = True, kind
    if port and not pre.startswith(("tcp", "meta l4proto")):
        ok, form = False, "invalid:port-needs-l4-match"
    if r > 0.9:
        text, ok, form = kind + " to 10.0.0.1", False, "invalid:syntax"
    return Item("NAT STATEMENTS", kind, form, ok, text)


prod(5, P_nat)
prod(2, choice_item("TPROXY STATEMENT", "tproxy", [
    ("meta l4proto tcp tproxy to :2222", V, "to :port"),
    ("tcp dport 80 tproxy ip to 10.0.0.1:8080", V, "ip to address:port"),
    ("udp dport 53 tproxy ip6 to [2001:db8::1]:53", V, "ip6 to address:port"),
    ("meta l4proto udp tproxy ip to 10.0.0.1", V, "ip to address"),
    ("tcp dport 80 tproxy to 10.0.0.1", X, "invalid:inet-needs-ip-or-ip6"),
    ("tproxy to :2222", X, "invalid:needs-l4-match"),
    ("meta l4proto tcp tproxy ip to 2001:db8::1", X, "invalid:type-mismatch"),
    ("meta l4proto tcp tproxy ip6 to :80", X, "invalid:family-with-port-only"),
]))
prod(2, choice_item("SYNPROXY STATEMENT", "synproxy", [
    ("synproxy", V, "plain"),
    ("synproxy mss 1460 wscale 7", V, "mss wscale"),
    ("synproxy mss 1460 wscale 9 timestamp sack-perm", V, "flags"),
    ("ct state invalid, untracked synproxy mss 1460 wscale 9 timestamp sack-perm",
     V, "man example"),
    ("synproxy sack-perm", V, "flags"),
    ("synproxy mss 70000", X, "invalid:out-of-range"),
    ("synproxy wscale 15", X, "invalid:out-of-range"),
    ("synproxy nosuchflag", X, "invalid:unknown-symbol"),
]))
prod(1, choice_item("FLOW STATEMENT", "flow add", [
    ("flow add @ft", V, "plain"), ("meta l4proto tcp flow add @ft", V, "plain"),
    ("flow add @nosuch", X, "invalid:no-such-flowtable"),
    ("flow add ft", X, "invalid:syntax"),
]))


def P_queue(rng):
    r = rng.random()
    if r < 0.75:
        flags = rng.choice(["", "", "flags bypass ", "flags fanout ",
                            "flags bypass,fanout "])
        tgt = rng.choice(["", "to 1", "to 0", "to 65535", "to 1-3", "to 2-10",
                          "to numgen inc mod 2", "to jhash ip saddr mod 4",
                          "to symhash mod 2",
                          "to tcp dport map { 22 : 1, 80 : 2 }"])
        ok, form = True, "queue " + (tgt.split()[1] if tgt else "")
        if "fanout" in flags and not ("-" in tgt):
            ok, form = False, "invalid:fanout-needs-range"
        text = ("queue " + flags + tgt).strip()
        if rng.random() < 0.2:
            text = "queue num %d" % rng.randint(0, 10)
            ok, form = True, "queue num (old syntax, not in man)"
        return Item("QUEUE STATEMENT", "queue", form, ok, text)
    text, form = rng.choice([
        ("queue to 65536", "invalid:out-of-range"),
        ("queue to 3-1", "invalid:reversed-range"),
        ("queue flags nosuch to 1", "invalid:unknown-symbol"),
        ("queue to", "invalid:missing-operand"),
        ("queue accept", "invalid:after-terminal")])
    return Item("QUEUE STATEMENT", "queue", form, False, text)


prod(3, P_queue)
prod(2, choice_item("DUP STATEMENT", "dup", [
    ('dup to "lo"', X, "invalid:netdev-only (to device)"),
    ('dup to 10.0.0.1 device "lo"', V, "to address device"),
    ('dup to 2001:db8::1 device "lo"', V, "to address device"),
    ('dup to ip daddr map { 192.168.7.1 : "lo" }', V, "map (man example)"),
    ('dup ip to 10.0.0.1 device "lo"', V, "ip to address device"),
    ("dup to 10.0.0.1", V, "to address"),
    ("dup to", X, "invalid:missing-operand"),
]))
prod(1.5, choice_item("FWD STATEMENT", "fwd", [
    ('fwd to "lo"', X, "invalid:netdev-only"),
    ('fwd ip to 10.0.0.1 device "lo"', X, "invalid:netdev-only"),
    ('fwd to "lo" accept', X, "invalid:netdev-only"),
    ("fwd", X, "invalid:missing-operand"),
]))


def P_set_stmt(rng):
    r = rng.random()
    op = rng.choice(["add", "update"])
    sname = "sdyn" if op == "add" else "stmo"
    if r < 0.7:
        inner = "ip saddr"
        extra = rng.choice(["", "", " timeout 10s", ' comment "x"',
                            " limit rate 10/second", " counter"])
        if op == "update" and rng.random() < 0.5:
            extra = " timeout 1m"
        pre = rng.choice(["", "tcp dport 22 ", "ip protocol tcp "])
        text = "%s%s @%s { %s%s }" % (pre, op, sname, inner, extra)
        if rng.random() < 0.25:
            text = "%s @m4 { ip saddr : 0x1 }" % op
            return Item("SET STATEMENT", op, "map element", True, text)
        if rng.random() < 0.2:
            text += " " + rng.choice(["drop", "accept", "counter"])
        return Item("SET STATEMENT", op, "set element" + (
            " +" + extra.split()[0] if extra else ""), True, text)
    text, form = rng.choice([
        ("add @sdyn { ip6 saddr }", "invalid:type-mismatch"),
        ("add @nosuch { ip saddr }", "invalid:no-such-set"),
        ("add @sdyn { }", "invalid:missing-operand"),
        ("add @sdyn ip saddr", "invalid:syntax"),
        ("update @stmo { ip saddr timeout 1x }", "invalid:malformed"),
        ("add @s4p { ip saddr }", "invalid:concat-size"),
        ("add @m4 { ip saddr }", "invalid:map-needs-data"),
        ("delete @sdyn { ip saddr }", "invalid:not-in-synopsis")])
    return Item("SET STATEMENT", op, form, False, text)


prod(4, P_set_stmt)


def P_map(rng):
    r = rng.random()
    if r < 0.75:
        key, dt, fam = rng.choice([("tcp dport", T["inet_service"], ""),
                                   ("ip saddr", T["ipv4_addr"], ""),
                                   ("meta mark", T["mark"], ""),
                                   ("ip6 daddr", T["ipv6_addr"], ""),
                                   ("udp sport", T["inet_service"], "")])
        elems = ["%s : %s" % (k, fmt_int(rng, rng.randint(0, 255)))
                 for k in map_keys(rng, dt, rng.randint(1, 3))]
        text = "meta mark set %s map { %s }" % (key, ", ".join(elems))
        if rng.random() < 0.2:
            text = "meta mark set ip saddr map @m4"
        return Item("MAP STATEMENT", "map", "meta mark set ... map", True, text)
    text, form = rng.choice([
        ("meta mark set tcp dport map { 22 : 10.0.0.1 }", "invalid:type-mismatch"),
        ("meta mark set tcp dport map { 22 }", "invalid:missing-data"),
        ("meta mark set tcp dport map @vm", "invalid:type-mismatch"),
        ("meta mark set ip saddr map @nosuch", "invalid:no-such-map"),
        ("meta mark set tcp dport map { 22 : 1, 22 : 2 }",
         "invalid:duplicate-key")])
    return Item("MAP STATEMENT", "map", form, False, text)


prod(3, P_map)


def map_keys(rng, dt, n):
    """n keys of dt that do not overlap: single values, ranges, prefixes."""
    if dt.kind == "ipv4":
        pool = ["10.0.0.1", "10.0.0.2", "192.168.0.0/16", "172.16.0.1-172.16.0.9",
                "192.0.2.53", "127.0.0.1"]
    elif dt.kind == "ipv6":
        pool = ["::1", "2001:db8::1", "2001:db8:1::/48", "fe80::1-fe80::9",
                "ff02::1"]
    else:
        m = dt.maxval
        cuts = sorted(rng.sample(range(0, m + 1), min(m + 1, 2 * n)))
        pool = []
        for a, b in zip(cuts[0::2], cuts[1::2]):
            if rng.random() < 0.3 and b > a:
                pool.append("%d-%d" % (a, b))
            else:
                pool.append(fmt_int(rng, a))
        if dt.syms and rng.random() < 0.5:
            seen = set()
            pool = []
            for name, v in sorted(dt.syms.items()):
                if v not in seen:
                    seen.add(v)
                    pool.append(name)
    return rng.sample(pool, min(n, len(pool)))


def vmap_elem(rng, k, sp):
    v = rng.choice(VERDICTS)
    if sp == 0:
        return "%s:%s" % (k, v)
    if sp == 1:
        return "%s : %s" % (k, v)
    return "%s: %s" % (k, v)


def P_vmap(rng):
    f = rng.choice([f for f in COMMON_FIELDS if f[2].kind in ("int", "ipv4",
                                                              "ipv6")])
    section, sel, dt, _l3, _l4 = f
    r = rng.random()
    sp = rng.choice([0, 1, 1, 1, 2])
    if r < 0.7:
        elems = [vmap_elem(rng, k, sp) for k in
                 map_keys(rng, dt, rng.randint(1, 4))]
        if sp == 0 and rng.random() < 0.5:
            body = "{%s}" % ",".join(elems)
        else:
            body = "{ %s }" % ", ".join(elems)
        form = "anonymous" + (" nospace" if sp == 0 else "")
        if dt.kind == "ipv6" and sp == 0:
            form += " ipv6-key"
        return Item("VMAP STATEMENT", "vmap", form, True,
                    "%s vmap %s" % (sel, body))
    if r < 0.78:
        return Item("VMAP STATEMENT", "vmap", "named", True, "tcp dport vmap @vm")
    if r < 0.85:
        return Item("VMAP STATEMENT", "vmap", "concatenation", True,
                    "ip saddr . tcp dport vmap { 10.0.0.1 . 22 : accept, "
                    "10.0.0.2 . 80 : drop }")
    text, form = rng.choice([
        ("tcp dport vmap { 22 : 1 }", "invalid:not-a-verdict"),
        ("tcp dport vmap { 10.0.0.1 : accept }", "invalid:type-mismatch"),
        ("tcp dport vmap { }", "invalid:empty"),
        ("tcp dport vmap { 22 : jump nosuch }", "invalid:no-such-chain"),
        ("tcp dport vmap @s4", "invalid:not-a-map"),
        ("ip saddr vmap @vm", "invalid:type-mismatch"),
        ("tcp dport vmap { 22 : accept } accept", "invalid:after-terminal"),
        ("tcp dport vmap { 22 : accept, 22 : drop }", "invalid:duplicate-key"),
        ("tcp dport vmap { 22 accept }", "invalid:syntax")])
    return Item("VMAP STATEMENT", "vmap", form, False, text)


prod(6, P_vmap)


def P_concat(rng):
    """Concatenations (SETS / MAPS: `a . b { x . y }`)."""
    pool = [f for f in COMMON_FIELDS if f[2].kind in ("int", "ipv4", "ipv6")
            and f[2].bits <= 128]
    n = rng.choice([2, 2, 2, 3])
    fs = rng.sample(pool, n)
    sel = " . ".join(f[1] for f in fs)
    l3 = {f[3] for f in fs if f[3]}
    l4 = {f[4] for f in fs if f[4] and f[4] != "th"}
    ok = len(l3) <= 1 and len(l4) <= 1
    if (any(f[4] == "icmp" for f in fs) and "ip6" in l3) or \
       (any(f[4] == "icmpv6" for f in fs) and "ip" in l3):
        ok = False
    elems = []
    for _ in range(rng.randint(1, 3)):
        elems.append(" . ".join(elem(rng, f[2])[0] for f in fs))
    r = rng.random()
    if r < 0.08:
        return Item("SETS", "concatenation", "invalid:wrong-arity", False,
                    "%s { %s }" % (sel, elem(rng, fs[0][2])[0]))
    if r < 0.14:
        return Item("SETS", "concatenation", "invalid:singleton", False,
                    "%s %s" % (sel, elems[0]))
    if n == 2 and fs[0][2].name == "ipv4_addr" and \
       fs[1][2].name == "inet_service" and r < 0.3:
        return Item("SETS", "concatenation", "named", ok, "%s @s4p" % sel)
    op = rng.choice(["", "", "!="])
    text = rel(sel, op, "{ %s }" % ", ".join(elems))
    if rng.random() < 0.4:
        text += " " + rng.choice(["accept", "drop", "counter"])
    form = "%d fields" % n
    if not ok:
        form = "invalid:conflicting-protocols"
    return Item("SETS", "concatenation", form, ok, text)


prod(6, P_concat)


def P_comment(rng):
    r = rng.random()
    if r < 0.7:
        text = rng.choice(["tcp dport 22 accept", "counter", "drop",
                           "ip saddr 10.0.0.1", "meta mark set 1"])
        c = rng.choice(['"allow ssh"', "single", '"x"', '"with \'quote\'"',
                        '"%s"' % ("a" * 128)])
        return Item("RULES", "comment", "comment", True, "%s comment %s" % (text, c))
    text, form = rng.choice([
        ('comment "a" accept', "invalid:comment-not-last"),
        ("accept comment", "invalid:missing-operand"),
        ('tcp dport 22 comment "a" comment "b"', "invalid:two-comments"),
        ('counter comment "%s"' % ("a" * 300), "invalid:too-long")])
    return Item("RULES", "comment", form, False, text)


prod(3, P_comment)
prod(1, choice_item("XT STATEMENT", "xt", [
    ("xt match foo", X, "invalid:not-restorable"),
    ("xt target LOG", X, "invalid:not-restorable"),
]))

# --- RULES: several statements (terminal statement last)
def conflicts(a, b):
    """Do fields a and b need different protocols?"""
    l3a, l3b = a[3], b[3]
    if l3a and l3b and l3a != l3b:
        return True
    l4a, l4b = a[4], b[4]
    if l4a and l4b and l4a != l4b and "th" not in (l4a, l4b):
        return True
    # icmp implies IPv4, icmpv6 IPv6
    imp = {"icmp": "ip", "igmp": "ip", "icmpv6": "ip6"}
    if imp.get(l4a) and l3b and imp[l4a] != l3b:
        return True
    if imp.get(l4b) and l3a and imp[l4b] != l3a:
        return True
    return False


def P_rule(rng):
    n = rng.randint(2, 3)
    want_conflict = rng.random() < 0.18
    fs = [rng.choice([f for f in COMMON_FIELDS if f[3] or f[4]]
                     if want_conflict else COMMON_FIELDS)]
    for _ in range(n - 1):
        cands = [f for f in COMMON_FIELDS
                 if f[1] != fs[0][1] and (any(conflicts(f, g) for g in fs)
                                          == want_conflict)]
        if not cands:
            break
        fs.append(rng.choice(cands))
    if len(fs) == 1:
        want_conflict = False
    ok = not want_conflict
    parts = []
    for f in fs:
        t, mok, _ = gen_match(rng, f, want_valid=True)
        parts.append(t)
    if rng.random() < 0.5:
        parts.append(rng.choice(["counter", "meta mark set 0x2", "counter packets 0 bytes 0"]))
    after = False
    if rng.random() < 0.75:
        parts.append(rng.choice(VERDICTS))
        if rng.random() < 0.12:
            parts.append(rng.choice(["counter", "accept", "meta mark set 1"]))
            after = True
    if rng.random() < 0.15:
        parts.append('comment "r"')
    form = "%d matches" % len(fs)
    if after:
        ok, form = False, "invalid:after-terminal"
    elif want_conflict:
        form = "invalid:conflicting-protocols"
    return Item("RULES", "statement ...", form, ok, " ".join(parts))


prod(14, P_rule)


# ---------------------------------------------------------------------------

def generate(seed, count):
    rng = random.Random(seed)
    items, seen = [], set()
    # Every production first (coverage), then by weight.
    order = list(range(len(PRODUCTIONS)))
    rng.shuffle(order)
    weights = [w for w, _n, _g in PRODUCTIONS]
    i = 0
    tries = 0
    while len(items) < count and tries < count * 20:
        tries += 1
        if i < len(order):
            p = order[i]
            i += 1
        else:
            p = rng.choices(range(len(PRODUCTIONS)), weights=weights)[0]
        item = PRODUCTIONS[p][2](rng)
        if item.rule in seen:
            continue
        assert "\t" not in item.rule and "\n" not in item.rule
        seen.add(item.rule)
        items.append(item)
    return items


def check_describe():
    """Compare SYMBOLS with `nft describe` of the installed nft."""
    bad = 0
    for tname, sel in sorted(DESCRIBE.items()):
        out = subprocess.run(["nft", "describe"] + sel.split(),
                             capture_output=True, text=True).stdout
        got = {}
        for line in out.splitlines():
            p = line.split()
            if len(p) == 2 and line.startswith("\t"):
                try:
                    got[p[0]] = int(p[1], 0)
                except ValueError:
                    pass
        if got != SYMBOLS[tname]:
            bad += 1
            print("%s (nft describe %s): transcribed %s, nft %s" %
                  (tname, sel, SYMBOLS[tname], got))
    print("describe: %d of %d symbol tables differ" % (bad, len(DESCRIBE)))
    return bad == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("-o", "--output", default="-")
    ap.add_argument("--check-describe", action="store_true",
                    help="compare the transcribed symbol tables with nft describe")
    ap.add_argument("--list-productions", action="store_true")
    a = ap.parse_args()
    if a.check_describe:
        sys.exit(0 if check_describe() else 1)
    if a.list_productions:
        for w, n, g in PRODUCTIONS:
            print(w, n or g.__name__)
        return
    items = generate(a.seed, a.count)
    out = sys.stdout if a.output == "-" else open(a.output, "w")
    out.write("# gen_corpus.py --seed %d --count %d\n" % (a.seed, a.count))
    out.write("# id\tsection\tproduction\tform\tintent\trule\n")
    for n, it in enumerate(items, 1):
        out.write("%d\t%s\t%s\t%s\t%s\t%s\n" % (n, it.section, it.production,
                                               it.form, it.intent, it.rule))
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
