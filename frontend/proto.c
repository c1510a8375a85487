// SPDX-License-Identifier: GPL-2.0
/* Header fields and meta keys by name (see proto.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/proto.h"
#include "ir/xalloc.h"

/* frontend/proto_tables.h holds every table: each include takes one. */
#define PROTO_FIELD(p, f, b, off, len, t, tb, deps, echo)
#define EXTHDR_FIELD(h, f, type, off, len, t, tb, stride)
#define TCPOPT_KIND(o, kind)
#define TCPOPT_FIELD(o, f, kind, off, len, t, tb)
#define SCTP_CHUNK(c, type)
#define SCTP_FIELD(c, f, type, off, len, t, tb)

static const struct proto_field fields[] = {
#undef PROTO_FIELD
#define PROTO_FIELD(p, f, b, off, len, t, tb, deps, echo) \
	{ p, f, b, off, len, t, tb, deps, echo },
#include "frontend/proto_tables.h"
#undef PROTO_FIELD
#define PROTO_FIELD(p, f, b, off, len, t, tb, deps, echo)
};

static const struct exthdr_field exthdr_fields[] = {
#undef EXTHDR_FIELD
#define EXTHDR_FIELD(h, f, type, off, len, t, tb, stride) \
	{ h, f, type, off, len, t, tb, stride },
#include "frontend/proto_tables.h"
#undef EXTHDR_FIELD
#define EXTHDR_FIELD(h, f, type, off, len, t, tb, stride)
};

static const struct { const char *name; unsigned kind; } tcpopt_kinds[] = {
#undef TCPOPT_KIND
#define TCPOPT_KIND(o, kind) { o, kind },
#include "frontend/proto_tables.h"
#undef TCPOPT_KIND
#define TCPOPT_KIND(o, kind)
};

static const struct { const char *name; unsigned type; } sctp_chunks[] = {
#undef SCTP_CHUNK
#define SCTP_CHUNK(c, type) { c, type },
#include "frontend/proto_tables.h"
#undef SCTP_CHUNK
#define SCTP_CHUNK(c, type)
};

static const struct exthdr_field sctp_fields[] = {
#undef SCTP_FIELD
#define SCTP_FIELD(c, f, type, off, len, t, tb) { c, f, type, off, len, t, tb, 0 },
#include "frontend/proto_tables.h"
#undef SCTP_FIELD
#define SCTP_FIELD(c, f, type, off, len, t, tb)
};

static const struct exthdr_field tcpopt_fields[] = {
#undef TCPOPT_FIELD
#define TCPOPT_FIELD(o, f, kind, off, len, t, tb) { o, f, kind, off, len, t, tb, 0 },
#include "frontend/proto_tables.h"
#undef TCPOPT_FIELD
#define TCPOPT_FIELD(o, f, kind, off, len, t, tb)
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

const struct proto_field *proto_field_find(const char *proto, const char *field)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].proto, proto) && !strcmp(fields[i].field, field))
			return &fields[i];
	return NULL;
}

bool proto_known(const char *proto)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (!strcmp(fields[i].proto, proto))
			return true;
	return false;
}

/* The `field` names of the rows of `tab` whose header is `hdr`. */
static const char *names_of(const struct exthdr_field *tab, size_t n, const char *hdr,
			    const char *sep)
{
	static char buf[512];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < sizeof(buf) - 32; i++)
		if (!strcmp(tab[i].hdr, hdr))
			len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
						len ? sep : "", tab[i].field);
	return buf;
}

const char *proto_field_names(const char *proto)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NFIELDS && n < sizeof(buf) - 32; i++)
		if (!strcmp(fields[i].proto, proto))
			n += snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? ", " : "",
				      fields[i].field);
	return buf;
}

#define NEXTHDR_FIELDS (sizeof(exthdr_fields) / sizeof(exthdr_fields[0]))

const struct exthdr_field *exthdr_field_find(const char *hdr, const char *field)
{
	for (size_t i = 0; i < NEXTHDR_FIELDS; i++)
		if (!strcmp(exthdr_fields[i].hdr, hdr) && !strcmp(exthdr_fields[i].field, field))
			return &exthdr_fields[i];
	return NULL;
}

const char *exthdr_field_names(const char *hdr)
{
	return names_of(exthdr_fields, NEXTHDR_FIELDS, hdr, " or ");
}

bool tcpopt_kind(const char *name, unsigned *kind)
{
	for (size_t i = 0; i < sizeof(tcpopt_kinds) / sizeof(tcpopt_kinds[0]); i++)
		if (!strcmp(tcpopt_kinds[i].name, name)) {
			*kind = tcpopt_kinds[i].kind;
			return true;
		}
	return false;
}

#define NTCPOPT_FIELDS (sizeof(tcpopt_fields) / sizeof(tcpopt_fields[0]))

const struct exthdr_field *tcpopt_field_find(const char *opt, const char *field)
{
	for (size_t i = 0; i < NTCPOPT_FIELDS; i++)
		if (!strcmp(tcpopt_fields[i].hdr, opt) && !strcmp(tcpopt_fields[i].field, field))
			return &tcpopt_fields[i];
	return NULL;
}

const char *tcpopt_field_names(const char *opt)
{
	return names_of(tcpopt_fields, NTCPOPT_FIELDS, opt, " or ");
}

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))




struct ir_field proto_ir_field(enum ir_base base, unsigned bit_off, unsigned bits)
{
	struct ir_field f = { .base = base, .offset = bit_off / 8, .mask = ~0ull };
	unsigned span = bit_off % 8 + bits, load = 1;

	while (load * 8 < span)
		load *= 2;
	f.len = load;
	/* a whole load needs no mask: all ones, as the IR prints nothing */
	if (load <= 8 && bits < load * 8) {
		f.shift = load * 8 - span;
		f.mask = (1ull << bits) - 1;
	}
	return f;
}

/*
 * Meta keys, from man nft's META EXPRESSIONS.  `bare`: nft takes the key
 * without `meta` (its unqualified keys).  The reasons say what the hook
 * lacks.
 */
#define NO(n, t, b, bare, why) { n, &t, b, -1, why, bare }
#define YES(n, t, b, k, bare) { n, &t, b, k, NULL, bare }

static const char no_iface[] = "this interface key is not supported by cgnft yet "
	"(iif, oif, iifname, oifname, iiftype, oiftype, iifgroup, oifgroup, iifkind "
	"and oifkind are): the l3mdev (VRF) slave device is not read";
static const char no_bridge[] = "bridge ports are not available in a cgroup table: "
	"a cgroup program sees only IP packets of local sockets";

static const struct meta_key meta_keys[] = {
	YES("length", dt_integer_type, 32, IR_META_LEN, false),
	YES("nfproto", dt_nf_proto, 8, IR_META_NFPROTO, false),
	YES("l4proto", dt_inet_proto, 8, IR_META_L4PROTO, false),
	YES("protocol", dt_ether_type, 16, IR_META_PROTOCOL, false),
	YES("priority", dt_classid, 32, IR_META_PRIORITY, false),
	YES("mark", dt_mark, 32, IR_META_MARK, true),
	YES("skuid", dt_uid, 32, IR_META_SKUID, true),
	YES("skgid", dt_gid, 32, IR_META_SKGID, true),
	YES("iif", dt_iface_index, 32, IR_META_IIF, true),
	YES("oif", dt_iface_index, 32, IR_META_OIF, true),
	YES("iifname", dt_ifname, 128, IR_META_IIFNAME, true),
	YES("oifname", dt_ifname, 128, IR_META_OIFNAME, true),
	YES("iiftype", dt_iface_type, 16, IR_META_IIFTYPE, true),
	YES("oiftype", dt_iface_type, 16, IR_META_OIFTYPE, true),
	YES("iifgroup", dt_devgroup, 32, IR_META_IIFGROUP, true),
	YES("oifgroup", dt_devgroup, 32, IR_META_OIFGROUP, true),
	YES("iifkind", dt_ifname, 128, IR_META_IIFKIND, false),
	YES("oifkind", dt_ifname, 128, IR_META_OIFKIND, false),
	NO("sdif", dt_iface_index, 32, false, no_iface),
	NO("sdifname", dt_ifname, 128, false, no_iface),
	NO("ibrname", dt_ifname, 128, true, no_bridge),
	NO("obrname", dt_ifname, 128, true, no_bridge),
	NO("ibrvproto", dt_ether_type, 16, false, no_bridge),
	NO("ibrpvid", dt_integer_type, 16, false, no_bridge),
	NO("nftrace", dt_integer_type, 1, true, "nftrace is not available in a cgroup table: "
	   "cgroup programs are not traced by nft monitor"),
	YES("rtclassid", dt_realm, 32, IR_META_RTCLASSID, true),
	YES("pkttype", dt_pkt_type, 8, IR_META_PKTTYPE, true),
	YES("cpu", dt_integer_type, 32, IR_META_CPU, true),
	YES("random", dt_integer_type, 32, IR_META_RANDOM, false),
	YES("cgroup", dt_integer_type, 32, IR_META_CGROUP, true),
	NO("ipsec", dt_boolean, 8, false, "meta ipsec is not supported by cgnft yet: the "
	   "IPsec secpath is in the kernel's struct sk_buff, which cgnft does not read yet"),
	NO("secpath", dt_boolean, 8, false, "meta secpath is not supported by cgnft yet: the "
	   "IPsec secpath is in the kernel's struct sk_buff, which cgnft does not read yet"),
	NO("secmark", dt_integer_type, 32, false, "meta secmark is not available in a cgroup table"),
	YES("time", dt_date, 64, IR_META_TIME, true),
	YES("day", dt_day, 8, IR_META_DAY, true),
	YES("hour", dt_hour, 32, IR_META_HOUR, true),
	NO("broute", dt_integer_type, 1, false, no_bridge),
};

const struct meta_key *meta_key_find(const char *name)
{
	for (size_t i = 0; i < sizeof(meta_keys) / sizeof(meta_keys[0]); i++)
		if (!strcmp(meta_keys[i].name, name))
			return &meta_keys[i];
	return NULL;
}

/* The keys a cgroup table can read, for "unknown meta key": nft lists its
 * keys there too. */
const char *meta_key_names(void)
{
	static char buf[512];

	if (!buf[0])
		for (size_t i = 0; i < sizeof(meta_keys) / sizeof(meta_keys[0]); i++)
			if (meta_keys[i].ir_key >= 0)
				snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
					 buf[0] ? ", " : "", meta_keys[i].name);
	return buf;
}

bool sctp_chunk_type(const char *name, unsigned *type)
{
	for (size_t i = 0; i < sizeof(sctp_chunks) / sizeof(sctp_chunks[0]); i++)
		if (!strcmp(sctp_chunks[i].name, name)) {
			*type = sctp_chunks[i].type;
			return true;
		}
	return false;
}

#define NSCTP_FIELDS (sizeof(sctp_fields) / sizeof(sctp_fields[0]))

const struct exthdr_field *sctp_field_find(const char *chunk, const char *field)
{
	for (size_t i = 0; i < NSCTP_FIELDS; i++)
		if (!strcmp(sctp_fields[i].hdr, chunk) && !strcmp(sctp_fields[i].field, field))
			return &sctp_fields[i];
	return NULL;
}

const char *sctp_field_names(const char *chunk)
{
	return names_of(sctp_fields, NSCTP_FIELDS, chunk, " or ");
}
