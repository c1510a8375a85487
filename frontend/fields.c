// SPDX-License-Identifier: GPL-2.0
/* The field table: offsets and widths from nft's src/proto.c. */
#include <string.h>

#include "frontend/fields.h"

#define ALL ~0ull
#define NET(o, l, s, m) { .base = IR_BASE_NETWORK, .offset = o, .len = l, .shift = s, .mask = m }
#define TH(o, l, s, m) { .base = IR_BASE_TRANSPORT, .offset = o, .len = l, .shift = s, .mask = m }
#define META(k, l) { .base = IR_BASE_META, .key = k, .len = l, .mask = ALL }

#define IP(n, f, t, b)   { "ip", n, f, t, b, 2, -1 }
#define IP6(n, f, t, b)  { "ip6", n, f, t, b, 10, -1 }
#define L4(p, n, f, t, b, nf, l4) { p, n, f, t, b, nf, l4 }

static const struct fe_field fields[] = {
	IP("version", NET(0, 1, 4, 0xf), FE_T_INTEGER, 4),
	IP("hdrlength", NET(0, 1, 0, 0xf), FE_T_INTEGER, 4),
	IP("dscp", NET(1, 1, 2, 0x3f), FE_T_DSCP, 6),
	IP("ecn", NET(1, 1, 0, 0x3), FE_T_ECN, 2),
	IP("length", NET(2, 2, 0, ALL), FE_T_INTEGER, 16),
	IP("id", NET(4, 2, 0, ALL), FE_T_INTEGER, 16),
	IP("frag-off", NET(6, 2, 0, ALL), FE_T_INTEGER, 16),
	IP("ttl", NET(8, 1, 0, ALL), FE_T_INTEGER, 8),
	IP("protocol", NET(9, 1, 0, ALL), FE_T_PROTO, 8),
	IP("checksum", NET(10, 2, 0, ALL), FE_T_INTEGER, 16),
	IP("saddr", NET(12, 4, 0, ALL), FE_T_IPV4, 32),
	IP("daddr", NET(16, 4, 0, ALL), FE_T_IPV4, 32),

	IP6("version", NET(0, 1, 4, 0xf), FE_T_INTEGER, 4),
	IP6("dscp", NET(0, 2, 6, 0x3f), FE_T_DSCP, 6),
	IP6("ecn", NET(0, 2, 4, 0x3), FE_T_ECN, 2),
	IP6("flowlabel", NET(0, 4, 0, 0xfffff), FE_T_INTEGER, 20),
	IP6("length", NET(4, 2, 0, ALL), FE_T_INTEGER, 16),
	IP6("nexthdr", NET(6, 1, 0, ALL), FE_T_PROTO, 8),
	IP6("hoplimit", NET(7, 1, 0, ALL), FE_T_INTEGER, 8),
	IP6("saddr", NET(8, 16, 0, ALL), FE_T_IPV6, 128),
	IP6("daddr", NET(24, 16, 0, ALL), FE_T_IPV6, 128),

	L4("tcp", "sport", TH(0, 2, 0, ALL), FE_T_SERVICE, 16, 0, 6),
	L4("tcp", "dport", TH(2, 2, 0, ALL), FE_T_SERVICE, 16, 0, 6),
	L4("tcp", "sequence", TH(4, 4, 0, ALL), FE_T_INTEGER, 32, 0, 6),
	L4("tcp", "ackseq", TH(8, 4, 0, ALL), FE_T_INTEGER, 32, 0, 6),
	L4("tcp", "doff", TH(12, 1, 4, 0xf), FE_T_INTEGER, 4, 0, 6),
	L4("tcp", "flags", TH(13, 1, 0, ALL), FE_T_TCP_FLAGS, 8, 0, 6),
	L4("tcp", "window", TH(14, 2, 0, ALL), FE_T_INTEGER, 16, 0, 6),
	L4("tcp", "checksum", TH(16, 2, 0, ALL), FE_T_INTEGER, 16, 0, 6),
	L4("tcp", "urgptr", TH(18, 2, 0, ALL), FE_T_INTEGER, 16, 0, 6),

	L4("udp", "sport", TH(0, 2, 0, ALL), FE_T_SERVICE, 16, 0, 17),
	L4("udp", "dport", TH(2, 2, 0, ALL), FE_T_SERVICE, 16, 0, 17),
	L4("udp", "length", TH(4, 2, 0, ALL), FE_T_INTEGER, 16, 0, 17),
	L4("udp", "checksum", TH(6, 2, 0, ALL), FE_T_INTEGER, 16, 0, 17),

	/* th: the first four bytes of any transport header, no dependency
	 * (nft's proto_th; the load itself fails without a transport header) */
	L4("th", "sport", TH(0, 2, 0, ALL), FE_T_SERVICE, 16, 0, -1),
	L4("th", "dport", TH(2, 2, 0, ALL), FE_T_SERVICE, 16, 0, -1),

	L4("icmp", "type", TH(0, 1, 0, ALL), FE_T_ICMP_TYPE, 8, 2, 1),
	L4("icmp", "code", TH(1, 1, 0, ALL), FE_T_INTEGER, 8, 2, 1),
	L4("icmp", "checksum", TH(2, 2, 0, ALL), FE_T_INTEGER, 16, 2, 1),
	L4("icmp", "id", TH(4, 2, 0, ALL), FE_T_INTEGER, 16, 2, 1),
	L4("icmp", "sequence", TH(6, 2, 0, ALL), FE_T_INTEGER, 16, 2, 1),

	L4("icmpv6", "type", TH(0, 1, 0, ALL), FE_T_ICMPV6_TYPE, 8, 10, 58),
	L4("icmpv6", "code", TH(1, 1, 0, ALL), FE_T_INTEGER, 8, 10, 58),
	L4("icmpv6", "checksum", TH(2, 2, 0, ALL), FE_T_INTEGER, 16, 10, 58),
	L4("icmpv6", "id", TH(4, 2, 0, ALL), FE_T_INTEGER, 16, 10, 58),
	L4("icmpv6", "sequence", TH(6, 2, 0, ALL), FE_T_INTEGER, 16, 10, 58),

	{ "meta", "l4proto", META(IR_META_L4PROTO, 1), FE_T_PROTO, 8, 0, -1 },
	{ "meta", "nfproto", META(IR_META_NFPROTO, 1), FE_T_NFPROTO, 8, 0, -1 },
	{ "meta", "protocol", META(IR_META_PROTOCOL, 2), FE_T_ETHERTYPE, 16, 0, -1 },
	{ "meta", "length", META(IR_META_LEN, 4), FE_T_INTEGER, 32, 0, -1 },
	{ "meta", "mark", META(IR_META_MARK, 4), FE_T_MARK, 32, 0, -1 },
	{ "meta", "priority", META(IR_META_PRIORITY, 4), FE_T_INTEGER, 32, 0, -1 },
	{ "meta", "skuid", META(IR_META_SKUID, 4), FE_T_UID, 32, 0, -1 },
	{ "meta", "skgid", META(IR_META_SKGID, 4), FE_T_INTEGER, 32, 0, -1 },
	{ "meta", "cgroup", META(IR_META_CGROUP, 4), FE_T_INTEGER, 32, 0, -1 },
};

const struct fe_field *fe_field_find(const char *proto, const char *name)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(fields[i].proto, proto) && !strcmp(fields[i].name, name))
			return &fields[i];
	return NULL;
}

bool fe_field_is_proto(const char *proto)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(fields[i].proto, proto))
			return true;
	return false;
}

const struct fe_field *fe_field_bare_meta(const char *name)
{
	static const char *const bare[] = { "mark", "l4proto", "nfproto",
					    "protocol", "length", "priority",
					    "skuid", NULL };

	for (int i = 0; bare[i]; i++)
		if (!strcmp(bare[i], name))
			return fe_field_find("meta", name);
	return NULL;
}
