// SPDX-License-Identifier: GPL-2.0
/*
 * The datatypes, and the parsers and printers of those with a syntax of
 * their own.  Each behaves as nft 1.0.6 does with the same word; where
 * cgnft deliberately differs it says so (host names, negative numbers,
 * dates before 1970).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "frontend/datatype_impl.h"
#include "frontend/datatype_tables.h"
#include "ir/xalloc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE(arr) .sym = (arr), .nsym = ARRAY_SIZE(arr)

static const struct dt_symbol nf_proto_sym[] = DT_SYM_NF_PROTO;
static const struct dt_symbol ether_type_sym[] = DT_SYM_ETHER_TYPE;
static const struct dt_symbol arp_op_sym[] = DT_SYM_ARP_OP;
static const struct dt_symbol icmp_type_sym[] = DT_SYM_ICMP_TYPE;
static const struct dt_symbol icmp_code_sym[] = DT_SYM_ICMP_CODE;
static const struct dt_symbol icmpv6_type_sym[] = DT_SYM_ICMPV6_TYPE;
static const struct dt_symbol icmpv6_code_sym[] = DT_SYM_ICMPV6_CODE;
static const struct dt_symbol icmpx_code_sym[] = DT_SYM_ICMPX_CODE;
static const struct dt_symbol igmp_type_sym[] = DT_SYM_IGMP_TYPE;
static const struct dt_symbol tcp_flag_sym[] = DT_SYM_TCP_FLAG;
static const struct dt_symbol dccp_pkttype_sym[] = DT_SYM_DCCP_PKTTYPE;
static const struct dt_symbol mh_type_sym[] = DT_SYM_MH_TYPE;
static const struct dt_symbol iface_type_sym[] = DT_SYM_IFACE_TYPE;
static const struct dt_symbol pkt_type_sym[] = DT_SYM_PKT_TYPE;
static const struct dt_symbol dscp_sym[] = DT_SYM_DSCP;
static const struct dt_symbol ecn_sym[] = DT_SYM_ECN;
static const struct dt_symbol ct_state_sym[] = DT_SYM_CT_STATE;
static const struct dt_symbol ct_dir_sym[] = DT_SYM_CT_DIR;
static const struct dt_symbol ct_status_sym[] = DT_SYM_CT_STATUS;
static const struct dt_symbol ct_event_sym[] = DT_SYM_CT_EVENT;
static const struct dt_symbol fib_addrtype_sym[] = DT_SYM_FIB_ADDRTYPE;
static const struct dt_symbol boolean_sym[] = DT_SYM_BOOLEAN;
static const struct dt_symbol day_sym[] = DT_SYM_DAY;
static const struct dt_symbol inet_proto_sym[] = DT_SYM_INET_PROTO;
static const struct dt_symbol inet_proto_alias[] = DT_ALIAS_INET_PROTO;
static const struct dt_symbol inet_service_alias[] = DT_ALIAS_INET_SERVICE;

static struct ir_val val64(uint64_t lo)
{
	struct ir_val v = { 0, lo };

	return v;
}

/* ---- the plain ones ------------------------------------------------- */

const struct datatype dt_integer_type = {
	.name = "integer", .desc = "integer", .kind = DT_INTEGER,
};

const struct datatype dt_bitmask = {
	.name = "bitmask", .desc = "bitmask", .kind = DT_BITMASK,
	.basetype = "integer",
};

const struct datatype dt_string = {
	.name = "string", .desc = "string", .kind = DT_STRING,
};

const struct datatype dt_ifname = {
	.name = "ifname", .desc = "network interface name", .kind = DT_STRING,
	.bits = 128, .basetype = "string",
};

const struct datatype dt_verdict = {
	.name = "verdict", .desc = "netfilter verdict", .kind = DT_VERDICT,
};

const struct datatype dt_boolean = {
	.name = "boolean", .desc = "boolean type", .kind = DT_BOOLEAN,
	.bits = 1, TABLE(boolean_sym), .basetype = "integer",
};

#define SYMTYPE(var, nm, dsc, k, b, arr, bs, ...)			\
	const struct datatype var = {					\
		.name = nm, .desc = dsc, .kind = k, .bits = b,		\
		TABLE(arr), .basetype = k == DT_BITMASK ?		\
			"bitmask, integer" : "integer",			\
		.base = bs, __VA_ARGS__					\
	}

SYMTYPE(dt_nf_proto, "nf_proto", "netfilter protocol", DT_INTEGER, 8,
	nf_proto_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_ether_type, "ether_type", "Ethernet protocol", DT_INTEGER, 16,
	ether_type_sym, DT_BASE_HEX, .net_order = true, .print_hex = true);
SYMTYPE(dt_arp_op, "arp_op", "ARP operation", DT_INTEGER, 16,
	arp_op_sym, DT_BASE_HEX, .net_order = true);
SYMTYPE(dt_icmp_type, "icmp_type", "ICMP type", DT_INTEGER, 8,
	icmp_type_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_icmp_code, "icmp_code", "icmp code", DT_INTEGER, 8,
	icmp_code_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_icmpv6_type, "icmpv6_type", "ICMPv6 type", DT_INTEGER, 8,
	icmpv6_type_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_icmpv6_code, "icmpv6_code", "icmpv6 code", DT_INTEGER, 8,
	icmpv6_code_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_icmpx_code, "icmpx_code", "icmpx code", DT_INTEGER, 8,
	icmpx_code_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_igmp_type, "igmp_type", "IGMP type", DT_INTEGER, 8,
	igmp_type_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_tcp_flag, "tcp_flag", "TCP flag", DT_BITMASK, 8,
	tcp_flag_sym, DT_BASE_HEX);
SYMTYPE(dt_dccp_pkttype, "dccp_pkttype", "DCCP packet type", DT_INTEGER, 4,
	dccp_pkttype_sym, DT_BASE_HEX);
SYMTYPE(dt_mh_type, "mh_type", "Mobility Header Type", DT_INTEGER, 8,
	mh_type_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_iface_type, "iface_type", "network interface type", DT_INTEGER, 16,
	iface_type_sym, DT_BASE_HEX);
SYMTYPE(dt_pkt_type, "pkt_type", "packet type", DT_INTEGER, 8,
	pkt_type_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_dscp, "dscp", "Differentiated Services Code Point", DT_INTEGER, 6,
	dscp_sym, DT_BASE_HEX, .print_hex = true);
SYMTYPE(dt_ecn, "ecn", "Explicit Congestion Notification", DT_INTEGER, 2,
	ecn_sym, DT_BASE_HEX, .print_hex = true);
SYMTYPE(dt_ct_state, "ct_state", "conntrack state", DT_BITMASK, 32,
	ct_state_sym, DT_BASE_HEX);
SYMTYPE(dt_ct_dir, "ct_dir", "conntrack direction", DT_INTEGER, 8,
	ct_dir_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_ct_status, "ct_status", "conntrack status", DT_BITMASK, 32,
	ct_status_sym, DT_BASE_HEX);
SYMTYPE(dt_ct_event, "ct_event", "conntrack event bits", DT_BITMASK, 32,
	ct_event_sym, DT_BASE_HEX);
SYMTYPE(dt_fib_addrtype, "fib_addrtype", "fib address type", DT_INTEGER, 32,
	fib_addrtype_sym, DT_BASE_DECIMAL);

/* cgnft's sock_create matches (struct bpf_sock's family and type) */
static const struct dt_symbol sock_family_sym[] = {
	{ "unix", 1 }, { "inet", 2 }, { "ipv4", 2 }, { "inet6", 10 },
	{ "ipv6", 10 }, { "netlink", 16 }, { "packet", 17 },
};
static const struct dt_symbol sock_type_sym[] = {
	{ "stream", 1 }, { "dgram", 2 }, { "raw", 3 }, { "rdm", 4 },
	{ "seqpacket", 5 },
};
SYMTYPE(dt_sock_family, "socket_family", "socket family", DT_INTEGER, 32,
	sock_family_sym, DT_BASE_DECIMAL);
SYMTYPE(dt_sock_type, "socket_type", "socket type", DT_INTEGER, 32,
	sock_type_sym, DT_BASE_DECIMAL);

/* cgnft's `socket state`: the kernel's socket states (enum in
 * include/net/tcp_states.h), which UDP, ping and raw sockets use too */
static const struct dt_symbol sock_state_sym[] = {
	{ "established", 1 }, { "syn-sent", 2 }, { "syn-recv", 3 },
	{ "fin-wait1", 4 }, { "fin-wait2", 5 }, { "time-wait", 6 },
	{ "close", 7 }, { "close-wait", 8 }, { "last-ack", 9 },
	{ "listen", 10 }, { "closing", 11 }, { "new-syn-recv", 12 },
};

/* a name or a number, and on a typo the names to choose from */
static bool sock_state_parse(const struct datatype *dt, const char *text,
			     unsigned bits, struct ir_val *out, char *err,
			     size_t errlen)
{
	char names[256];
	size_t pos = 0;
	uint64_t n;

	if (dt_symbol_value(dt, text, &n)) {
		*out = val64(n);
		return true;
	}
	if (isdigit((unsigned char)text[0]))
		return dt_parse_integer(dt, text, bits, out, err, errlen);
	names[0] = '\0';
	for (size_t i = 0; i < dt->nsym && pos < sizeof(names); i++) {
		dt_bprintf(names + pos, sizeof(names) - pos, "%s%s", i ? ", " : "",
			   dt->sym[i].name);
		pos += strlen(names + pos);
	}
	return dt_fail(err, errlen, "Could not parse %s: expected one of %s", dt->desc,
		       names);
}

static const struct dt_ops sock_state_ops = { .parse = sock_state_parse };
SYMTYPE(dt_sock_state, "socket_state", "socket state", DT_INTEGER, 8,
	sock_state_sym, DT_BASE_DECIMAL, .ops = &sock_state_ops);

/* ---- day ------------------------------------------------------------ */

static void day_print(const struct datatype *dt, struct ir_val v, char *buf,
		      size_t len)
{
	const char *name = v.hi ? NULL : dt_symbol_name(dt, v.lo);

	if (name)
		dt_bprintf(buf, len, "\"%s\"", name);
	else
		dt_val_decimal(v, buf, len);
}

static const struct dt_ops day_ops = { .print = day_print };

/* nft checks meta day against 0-6, not the 8 bits of the field */
SYMTYPE(dt_day, "day", "Day of week of packet reception", DT_INTEGER, 8,
	day_sym, DT_BASE_DECIMAL, .max = 6, .ops = &day_ops);

/* ---- addresses ------------------------------------------------------ */

/* glibc's inet_aton_exact(), which getaddrinfo() tries first: one to four
 * parts of C numbers (0x hex, 0 octal), the last filling what is left;
 * nothing may follow. */
static bool aton_exact(const char *s, uint32_t *addr)
{
	static const uint32_t last_max[] = { 0xffffffff, 0xffffff, 0xffff, 0xff };
	uint32_t parts[3], a;
	unsigned long val;
	size_t np = 0;

	for (;;) {
		char *end;

		if (!isdigit((unsigned char)*s))
			return false;
		errno = 0;
		val = strtoul(s, &end, 0);
		if (errno == ERANGE || val > 0xffffffffUL)
			return false;
		s = end;
		if (*s != '.')
			break;
		if (np > 2 || val > 0xff)
			return false;
		parts[np++] = (uint32_t)val;
		s++;
	}
	if (*s || val > last_max[np])
		return false;
	a = (uint32_t)val;
	for (size_t i = 0; i < np; i++)
		a |= parts[i] << (24 - 8 * i);
	*addr = a;
	return true;
}

/* Could getaddrinfo() send this name to DNS?  glibc refuses, with "Name or
 * service not known", names with characters other than letters, digits,
 * '-', '_' and '.', a leading '-', or an empty label. */
static bool hostname_syntax(const char *s)
{
	if (!strcmp(s, "."))
		return true;
	if (!*s || *s == '-' || *s == '.' || strstr(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	return true;
}

/* nft resolves host names with getaddrinfo(); cgnft does not (a rule file
 * must mean the same on every host).  Text that is no host name fails as in
 * nft. */
static bool not_an_address(const char *text, const char *family, char *err,
			   size_t errlen)
{
	bool numeric = text[0] && strspn(text, "0123456789.") == strlen(text);

	/* glibc does not look up IPv4 names of digits and dots either */
	if (!hostname_syntax(text) || (numeric && !strcmp(family, "IPv4")))
		return dt_fail(err, errlen, "Could not resolve hostname: Name or service not known");
	return dt_fail(err, errlen, "Could not resolve hostname: \"%s\" is not an %s address "
		       "(cgnft does not resolve host names)", text, family);
}

static bool ipv4_parse(const struct datatype *dt, const char *text,
		       unsigned bits, struct ir_val *out, char *err,
		       size_t errlen)
{
	struct in6_addr a6;
	uint32_t a;

	if (aton_exact(text, &a)) {
		*out = val64(a);
		return true;
	}
	if (inet_pton(AF_INET6, text, &a6) == 1)
		return dt_fail(err, errlen,
			       "Could not resolve hostname: Address family for hostname not supported");
	return not_an_address(text, "IPv4", err, errlen);
}

static void ipv4_print(const struct datatype *dt, struct ir_val v, char *buf,
		       size_t len)
{
	dt_bprintf(buf, len, "%u.%u.%u.%u", (unsigned)(v.lo >> 24) & 0xff,
		   (unsigned)(v.lo >> 16) & 0xff, (unsigned)(v.lo >> 8) & 0xff,
		   (unsigned)v.lo & 0xff);
}

static const struct dt_ops ipv4_ops = { ipv4_parse, ipv4_print };

const struct datatype dt_ipv4_addr = {
	.name = "ipv4_addr", .desc = "IPv4 address", .kind = DT_IPV4,
	.bits = 32, .basetype = "integer", .ops = &ipv4_ops,
};

static bool ipv6_parse(const struct datatype *dt, const char *text,
		       unsigned bits, struct ir_val *out, char *err,
		       size_t errlen)
{
	size_t n = strlen(text);
	struct in6_addr a;
	char buf[INET6_ADDRSTRLEN + 2];
	uint32_t a4;

	/* [addr], as nft's scanner allows */
	if (n > 2 && n < sizeof(buf) && text[0] == '[' && text[n - 1] == ']') {
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = '\0';
	} else if (n < sizeof(buf)) {
		memcpy(buf, text, n + 1);
	} else {
		buf[0] = '\0';
	}
	if (buf[0] && inet_pton(AF_INET6, buf, &a) == 1) {
		out->hi = out->lo = 0;
		for (int i = 0; i < 8; i++) {
			out->hi = out->hi << 8 | a.s6_addr[i];
			out->lo = out->lo << 8 | a.s6_addr[8 + i];
		}
		return true;
	}
	if (aton_exact(text, &a4))
		return dt_fail(err, errlen,
			       "Could not resolve hostname: Address family for hostname not supported");
	return not_an_address(text, "IPv6", err, errlen);
}

static void ipv6_print(const struct datatype *dt, struct ir_val v, char *buf,
		       size_t len)
{
	char s[INET6_ADDRSTRLEN];
	struct in6_addr a;

	for (int i = 0; i < 8; i++) {
		a.s6_addr[i] = (uint8_t)(v.hi >> (56 - 8 * i));
		a.s6_addr[8 + i] = (uint8_t)(v.lo >> (56 - 8 * i));
	}
	inet_ntop(AF_INET6, &a, s, sizeof(s));
	dt_bprintf(buf, len, "%s", s);
}

static const struct dt_ops ipv6_ops = { ipv6_parse, ipv6_print };

const struct datatype dt_ipv6_addr = {
	.name = "ipv6_addr", .desc = "IPv6 address", .kind = DT_IPV6,
	.bits = 128, .basetype = "integer", .ops = &ipv6_ops,
};

/* Link layer addresses: hex bytes, each followed by any one character. */
static bool lladdr_parse(const struct datatype *dt, const char *text,
			 unsigned bits, struct ir_val *out, char *err,
			 size_t errlen)
{
	uint8_t *bytes = xmalloc(strlen(text) + 1);
	const char *s = text;
	size_t n = 0;
	bool ok;

	for (;;) {
		unsigned long b;
		char *p;

		b = strtoul(s, &p, 16);
		if (p == s || b > 0xff) {
			free(bytes);
			return dt_fail(err, errlen, "Invalid LL address");
		}
		bytes[n++] = (uint8_t)b;
		if (!*p)
			break;
		s = p + 1;
	}
	ok = dt_check_bytes(dt, bytes, n, bits, out, err, errlen);
	free(bytes);
	return ok;
}

static void lladdr_print(const struct datatype *dt, struct ir_val v, char *buf,
			 size_t len)
{
	unsigned n = dt->bits / 8, pos = 0;

	if (!n) {	/* ll_addr: as many bytes as the value has, at least one */
		struct ir_val t = v;

		do {
			n++;
			t.lo = t.lo >> 8 | t.hi << 56;
			t.hi >>= 8;
		} while (t.lo || t.hi);
	}
	if (len)
		buf[0] = '\0';
	for (unsigned i = n; i-- > 0;) {
		uint8_t b = (uint8_t)(i >= 8 ? v.hi >> (8 * (i - 8)) : v.lo >> (8 * i));

		if (pos < len) {
			dt_bprintf(buf + pos, len - pos, "%s%02x", pos ? ":" : "", b);
			pos += strlen(buf + pos);
		}
	}
}

static const struct dt_ops lladdr_ops = { lladdr_parse, lladdr_print };

const struct datatype dt_lladdr = {
	.name = "ll_addr", .desc = "link layer address", .kind = DT_INTEGER,
	.basetype = "integer", .ops = &lladdr_ops,
};

const struct datatype dt_ether_addr = {
	.name = "ether_addr", .desc = "Ethernet address", .kind = DT_INTEGER,
	.bits = 48, .basetype = "link layer address, integer", .ops = &lladdr_ops,
};

/* ---- protocols and services ----------------------------------------- */

static bool inet_proto_parse(const struct datatype *dt, const char *text,
			     unsigned bits, struct ir_val *out, char *err,
			     size_t errlen)
{
	uintmax_t n;
	uint64_t v;
	char *end;

	errno = 0;
	n = strtoumax(text, &end, 0);
	if (end != text && !*end) {
		if (errno == ERANGE || n > 255)
			return dt_fail(err, errlen, "Protocol out of range");
		*out = val64(n);
		return true;
	}
	/* getprotobyname() over /etc/protocols, built in */
	if (!dt_symbol_value(dt, text, &v))
		return dt_fail(err, errlen, "Could not resolve protocol name");
	*out = val64(v);
	return true;
}

static const struct dt_ops inet_proto_ops = { .parse = inet_proto_parse };

const struct datatype dt_inet_proto = {
	.name = "inet_proto", .desc = "Internet protocol", .kind = DT_INTEGER,
	.bits = 8, TABLE(inet_proto_sym), .alias = inet_proto_alias,
	.nalias = ARRAY_SIZE(inet_proto_alias), .basetype = "integer",
	.ops = &inet_proto_ops,
};

static bool inet_service_parse(const struct datatype *dt, const char *text,
			       unsigned bits, struct ir_val *out, char *err,
			       size_t errlen)
{
	unsigned long port;
	uintmax_t n;
	uint64_t v;
	char *end;

	errno = 0;
	n = strtoumax(text, &end, 0);
	if (end != text && !*end) {
		if (errno == ERANGE || n > 65535)
			return dt_fail(err, errlen, "Service out of range");
		*out = val64(n);
		return true;
	}
	/* getaddrinfo(NULL, text, NULL): a decimal number that fits an int
	 * is a port (its low 16 bits: "0999999" is 16959), else a name */
	port = strtoul(text, &end, 10);
	if (!*end && (int)port >= 0) {
		*out = val64((uint16_t)port);
		return true;
	}
	if (!dt_symbol_value(dt, text, &v))
		return dt_fail(err, errlen,
			       "Could not resolve service: Servname not supported for ai_socktype");
	*out = val64(v);
	return true;
}

static const struct dt_ops inet_service_ops = { .parse = inet_service_parse };

/* nft 1.0.6 prints ports as numbers: the names are only aliases */
const struct datatype dt_inet_service = {
	.name = "inet_service", .desc = "internet network service",
	.kind = DT_INTEGER, .bits = 16, .alias = inet_service_alias,
	.nalias = ARRAY_SIZE(inet_service_alias), .basetype = "integer",
	.net_order = true, .ops = &inet_service_ops,
};

/* ---- users, groups, interfaces -------------------------------------- */

static bool uid_parse(const struct datatype *dt, const char *text,
		      unsigned bits, struct ir_val *out, char *err,
		      size_t errlen)
{
	struct passwd *pw = getpwnam(text);
	unsigned long long n;
	char *end;

	if (pw) {
		*out = val64(pw->pw_uid);
		return true;
	}
	n = strtoull(text, &end, 10);
	if (n > UINT32_MAX)
		return dt_fail(err, errlen, "Value too large");
	if (*end)
		return dt_fail(err, errlen, "User does not exist");
	*out = val64(n);
	return true;
}

static bool gid_parse(const struct datatype *dt, const char *text,
		      unsigned bits, struct ir_val *out, char *err,
		      size_t errlen)
{
	struct group *gr = getgrnam(text);
	unsigned long long n;
	char *end;

	if (gr) {
		*out = val64(gr->gr_gid);
		return true;
	}
	n = strtoull(text, &end, 0);
	if (n > UINT32_MAX)
		return dt_fail(err, errlen, "Value too large");
	if (*end)
		return dt_fail(err, errlen, "Group does not exist");
	*out = val64(n);
	return true;
}

static bool uid_lookup(const char *name, uint64_t *value)
{
	struct passwd *pw = getpwnam(name);

	if (pw)
		*value = pw->pw_uid;
	return pw != NULL;
}

static bool gid_lookup(const char *name, uint64_t *value)
{
	struct group *gr = getgrnam(name);

	if (gr)
		*value = gr->gr_gid;
	return gr != NULL;
}

static const struct dt_ops uid_ops = { .parse = uid_parse };
static const struct dt_ops gid_ops = { .parse = gid_parse };

/* nft 1.0.6 lists both as numbers */
const struct datatype dt_uid = {
	.name = "uid", .desc = "user ID", .kind = DT_INTEGER, .bits = 32,
	.lookup = uid_lookup, .basetype = "integer", .ops = &uid_ops,
};

const struct datatype dt_gid = {
	.name = "gid", .desc = "group ID", .kind = DT_INTEGER, .bits = 32,
	.lookup = gid_lookup, .basetype = "integer", .ops = &gid_ops,
};

static bool ifindex_lookup(const char *name, uint64_t *value)
{
	unsigned idx = if_nametoindex(name);

	if (idx)
		*value = idx;
	return idx != 0;
}

static bool ifindex_parse(const struct datatype *dt, const char *text,
			  unsigned bits, struct ir_val *out, char *err,
			  size_t errlen)
{
	uint64_t idx;
	char *end;
	long n;

	if (ifindex_lookup(text, &idx)) {
		*out = val64(idx);
		return true;
	}
	errno = 0;
	n = strtol(text, &end, 10);
	if (n < 0 || n > INT_MAX || *end || errno)
		return dt_fail(err, errlen, "Interface does not exist");
	*out = val64(n);
	return true;
}

static void ifindex_print(const struct datatype *dt, struct ir_val v, char *buf,
			  size_t len)
{
	char name[IF_NAMESIZE];

	if (!v.hi && v.lo <= UINT32_MAX && if_indextoname((unsigned)v.lo, name))
		dt_bprintf(buf, len, "\"%s\"", name);
	else
		dt_bprintf(buf, len, "%d", (int)(uint32_t)v.lo);
}

static const struct dt_ops ifindex_ops = { ifindex_parse, ifindex_print };

const struct datatype dt_iface_index = {
	.name = "iface_index", .desc = "network interface index",
	.kind = DT_INTEGER, .bits = 32, .lookup = ifindex_lookup,
	.basetype = "integer", .ops = &ifindex_ops,
};

/* ---- iproute2 tables: realm, devgroup, mark ------------------------- */

static struct dt_rtfile realms = { .path = "/etc/iproute2/rt_realms" };
static struct dt_rtfile groups = { .path = "/etc/iproute2/group" };
static struct dt_rtfile marks = { .path = "/etc/iproute2/rt_marks" };

static bool realm_lookup(const char *name, uint64_t *value)
{
	return dt_rtfile_value(&realms, name, value);
}

static bool group_lookup(const char *name, uint64_t *value)
{
	return dt_rtfile_value(&groups, name, value);
}

static bool mark_lookup(const char *name, uint64_t *value)
{
	return dt_rtfile_value(&marks, name, value);
}

/* A name from the file, quoted, or the number. */
static void rt_print(struct dt_rtfile *f, const struct datatype *dt,
		     struct ir_val v, char *buf, size_t len)
{
	const char *name = v.hi ? NULL : dt_rtfile_name(f, v.lo);

	if (name)
		dt_bprintf(buf, len, "\"%s\"", name);
	else if (dt->print_hex)
		dt_bprintf(buf, len, "0x%08llx", (unsigned long long)v.lo);
	else
		dt_val_decimal(v, buf, len);
}

static void realm_print(const struct datatype *dt, struct ir_val v, char *buf,
			size_t len)
{
	rt_print(&realms, dt, v, buf, len);
}

static void group_print(const struct datatype *dt, struct ir_val v, char *buf,
			size_t len)
{
	rt_print(&groups, dt, v, buf, len);
}

static void mark_print(const struct datatype *dt, struct ir_val v, char *buf,
		       size_t len)
{
	rt_print(&marks, dt, v, buf, len);
}

static const struct dt_ops realm_ops = { .print = realm_print };
static const struct dt_ops group_ops = { .print = group_print };
static const struct dt_ops mark_ops = { .print = mark_print };

const struct datatype dt_realm = {
	.name = "realm", .desc = "routing realm", .kind = DT_INTEGER,
	.bits = 32, .lookup = realm_lookup, .basetype = "integer",
	.ops = &realm_ops,
};

const struct datatype dt_devgroup = {
	.name = "devgroup", .desc = "devgroup name", .kind = DT_INTEGER,
	.bits = 32, .lookup = group_lookup, .basetype = "integer",
	.ops = &group_ops,
};

const struct datatype dt_mark = {
	.name = "mark", .desc = "packet mark", .kind = DT_INTEGER,
	.bits = 32, .lookup = mark_lookup, .basetype = "integer",
	.print_hex = true, .ops = &mark_ops,
};

/* ---- classid -------------------------------------------------------- */

/* root, none, MAJOR:MINOR in hex, or a C number; as in nft, a word that is
 * none of these is 0 ("none"). */
static bool classid_parse(const struct datatype *dt, const char *text,
			  unsigned bits, struct ir_val *out, char *err,
			  size_t errlen)
{
	const char *colon = strchr(text, ':');
	uint32_t handle;

	if (!strcmp(text, "root")) {
		handle = 0xffffffff;
	} else if (!strcmp(text, "none")) {
		handle = 0;
	} else if (colon) {
		char *major = xstrndup(text, colon - text);
		unsigned long long hi, lo;

		errno = 0;
		hi = strtoull(major, NULL, 16);
		free(major);
		if (errno)
			return dt_fail(err, errlen, "Could not parse %s", dt->desc);
		lo = strtoull(colon + 1, NULL, 16);
		if (errno)
			return dt_fail(err, errlen, "Could not parse %s", dt->desc);
		handle = (uint32_t)(uint16_t)hi << 16 | (uint16_t)lo;
	} else {
		handle = (uint32_t)strtoull(text, NULL, 0);
	}
	*out = val64(handle);
	return true;
}

static void classid_print(const struct datatype *dt, struct ir_val v, char *buf,
			  size_t len)
{
	uint32_t h = (uint32_t)v.lo;

	if (h == 0xffffffff)
		dt_bprintf(buf, len, "root");
	else if (h == 0)
		dt_bprintf(buf, len, "none");
	else
		dt_bprintf(buf, len, "%x:%x", h >> 16, h & 0xffff);
}

static const struct dt_ops classid_ops = { classid_parse, classid_print };

const struct datatype dt_classid = {
	.name = "classid", .desc = "TC classid", .kind = DT_INTEGER,
	.bits = 32, .basetype = "integer", .ops = &classid_ops,
};

/* ---- times ---------------------------------------------------------- */

/* nft's relative times: [Nd][Nh][Nm][Ns][Nms] in any order, each unit
 * once, at most 8 digits a number; a bare number is seconds.  The result
 * is in milliseconds. */
static bool parse_duration(const char *s, uint64_t *ms, char *err, size_t errlen)
{
	enum { DAY = 1, HOUR = 2, MIN = 4, SEC = 8, MSEC = 16 };
	static const struct {
		char unit;
		unsigned flag;
		uint64_t ms;
		const char *twice;
	} units[] = {
		{ 'd', DAY, 86400000, "Day has been specified twice" },
		{ 'h', HOUR, 3600000, "Hour has been specified twice" },
		{ 'm', MIN, 60000, "Minute has been specified twice" },
		{ 's', SEC, 1000, "Second has been specified twice" },
	};
	unsigned seen = 0, ndigits = 0;
	uint64_t total = 0;

	for (const char *c = s; *c; c++) {
		uint64_t num = 0;
		size_t u;

		if (isdigit((unsigned char)*c)) {
			if (ndigits++ >= 8)
				return dt_fail(err, errlen, "value too large");
			continue;
		}
		for (const char *d = c - ndigits; d < c; d++)
			num = num * 10 + (*d - '0');
		ndigits = 0;
		if (c[0] == 'm' && c[1] == 's' && !c[2]) {
			if (seen & MSEC)
				return dt_fail(err, errlen, "Millisecond has been specified twice");
			seen |= MSEC;
			total += num;
			c++;
			continue;
		}
		for (u = 0; u < ARRAY_SIZE(units); u++)
			if (units[u].unit == *c)
				break;
		if (u == ARRAY_SIZE(units))
			return dt_fail(err, errlen, "wrong time format");
		if (seen & units[u].flag)
			return dt_fail(err, errlen, "%s", units[u].twice);
		seen |= units[u].flag;
		total += num * units[u].ms;
	}
	if (!seen)
		total = (uint64_t)atoi(s) * 1000;
	*ms = total;
	return true;
}

static bool time_parse(const struct datatype *dt, const char *text,
		       unsigned bits, struct ir_val *out, char *err,
		       size_t errlen)
{
	uint64_t ms;

	if (!parse_duration(text, &ms, err, errlen))
		return false;
	if (ms > UINT32_MAX)
		return dt_fail(err, errlen, "value too large");
	*out = val64(ms);
	return true;
}

static void time_print(const struct datatype *dt, struct ir_val v, char *buf,
		       size_t len)
{
	static const struct {
		uint64_t ms;
		const char *unit;
	} units[] = {
		{ 86400000, "d" }, { 3600000, "h" }, { 60000, "m" }, { 1000, "s" },
		{ 1, "ms" },
	};
	uint64_t ms = v.lo;
	size_t pos = 0;

	if (len)
		buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		uint64_t n = ms / units[i].ms;

		ms %= units[i].ms;
		if (n && pos < len) {
			dt_bprintf(buf + pos, len - pos, "%llu%s",
				   (unsigned long long)n, units[i].unit);
			pos += strlen(buf + pos);
		}
	}
}

static const struct dt_ops time_ops = { time_parse, time_print };

const struct datatype dt_time = {
	.name = "time", .desc = "relative time", .kind = DT_INTEGER,
	.bits = 32, .basetype = "integer", .ops = &time_ops,
};

/* The local time zone's offset from UTC now (nft's hour conversions). */
static bool gmtoff_now(long *off)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || !localtime_r(&now, &tm))
		return false;
	*off = tm.tm_gmtoff;
	return true;
}

/* meta hour: seconds since midnight UTC.  A number is taken as it is; a
 * local "HH:MM[:SS]" (or a relative time) is moved to UTC. */
static bool hour_parse(const struct datatype *dt, const char *text,
		       unsigned bits, struct ir_val *out, char *err,
		       size_t errlen)
{
	uint32_t result;
	struct tm tm;
	char *end;
	long off;
	bool have_off;

	result = (uint32_t)strtoul(text, &end, 10);
	if (end != text && !*end) {
		*out = val64(result);
		return true;
	}
	have_off = gmtoff_now(&off);
	memset(&tm, 0, sizeof(tm));
	end = strptime(text, "%T", &tm);
	if (!end || *end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(text, "%R", &tm);
	}
	if (end && *end)
		return dt_fail(err, errlen, "Can't parse trailing input: \"%s\"", end);
	if (end) {
		result = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	} else {
		uint64_t ms;

		if (!parse_duration(text, &ms, err, errlen))
			return false;
		result = (uint32_t)(ms / 1000);
	}
	if (have_off) {
		if ((long)result >= off)
			result = (uint32_t)((result - off) % 86400);
		else
			result = (uint32_t)(86400 - off + result);
	}
	*out = val64(result);
	return true;
}

static void hour_print(const struct datatype *dt, struct ir_val v, char *buf,
		       size_t len)
{
	uint32_t secs = (uint32_t)v.lo;
	long off;

	/* as nft 1.0.6: west of Greenwich, hours before the offset print as
	 * (uint32_t) of a negative remainder, "1193042:28:16" */
	if (gmtoff_now(&off))
		secs = (uint32_t)(((long)secs + off) % 86400);
	if (secs % 60)
		dt_bprintf(buf, len, "\"%02u:%02u:%02u\"", secs / 3600,
			   secs / 60 % 60, secs % 60);
	else
		dt_bprintf(buf, len, "\"%02u:%02u\"", secs / 3600, secs / 60 % 60);
}

static const struct dt_ops hour_ops = { hour_parse, hour_print };

const struct datatype dt_hour = {
	.name = "hour", .desc = "Hour of day of packet reception",
	.kind = DT_INTEGER, .bits = 32, .basetype = "integer", .ops = &hour_ops,
};

/* meta time: nanoseconds since the epoch.  A local "YYYY-MM-DD[ HH:MM[:SS]]"
 * (what strptime takes of it) or a number of seconds.  nft wraps dates
 * before 1970 into the far future; cgnft refuses them. */
static bool date_parse(const struct datatype *dt, const char *text,
		       unsigned bits, struct ir_val *out, char *err,
		       size_t errlen)
{
	static const char *const formats[] = {
		"%Y-%m-%d %T", "%Y-%m-%d %R", "%Y-%m-%d",
	};
	uint64_t secs;
	char *end;

	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		struct tm tm, local;
		time_t ts;

		memset(&tm, 0, sizeof(tm));
		if (!strptime(text, formats[i], &tm))
			continue;
		ts = timegm(&tm);
		if (ts == (time_t)-1 || !localtime_r(&ts, &local))
			break;
		if (ts - local.tm_gmtoff < 0)
			return dt_fail(err, errlen, "Cannot parse date");
		secs = (uint64_t)(ts - local.tm_gmtoff);
		goto done;
	}
	secs = strtoul(text, &end, 10);
	if (end == text || *end)
		return dt_fail(err, errlen, "Cannot parse date");
done:
	*out = val64(secs * 1000000000ull);
	return true;
}

static void date_print(const struct datatype *dt, struct ir_val v, char *buf,
		       size_t len)
{
	time_t t = (time_t)(v.lo / 1000000000ull);
	char s[21];
	struct tm tm;

	if (localtime_r(&t, &tm))
		t += tm.tm_gmtoff;
	if (gmtime_r(&t, &tm) && strftime(s, sizeof(s) - 1, "%Y-%m-%d %T", &tm))
		dt_bprintf(buf, len, "\"%s\"", s);
	else
		dt_bprintf(buf, len, "Error converting timestamp to printed time");
}

static const struct dt_ops date_ops = { date_parse, date_print };

const struct datatype dt_date = {
	.name = "time", .desc = "Relative time of packet reception",
	.kind = DT_INTEGER, .bits = 64, .basetype = "integer", .ops = &date_ops,
};

/* ---- conntrack labels ----------------------------------------------- */

#define CONNLABEL_CONF "/etc/connlabel.conf"
static struct dt_rtfile connlabels = { .path = CONNLABEL_CONF };

/* A label is a bit number, 0..127, or a name from connlabel.conf; its
 * value is that bit of the 128-bit label set. */
static bool ct_label_parse(const struct datatype *dt, const char *text,
			   unsigned bits, struct ir_val *out, char *err,
			   size_t errlen)
{
	unsigned long bit;
	uint64_t named;
	char *end;

	bit = strtoul(text, &end, 0);
	if (end != text && !*end) {
		if (bit >= 128)
			return dt_fail(err, errlen, "%s: bit %lu out of range (%u max)",
				       text, bit, 128u);
	} else if (dt_rtfile_value(&connlabels, text, &named) && named < 128) {
		bit = (unsigned long)named;
	} else {
		return dt_fail(err, errlen, "%s: could not parse conntrack label \"%s\"",
			       CONNLABEL_CONF, text);
	}
	out->hi = bit >= 64 ? 1ull << (bit - 64) : 0;
	out->lo = bit < 64 ? 1ull << bit : 0;
	return true;
}

static void ct_label_print(const struct datatype *dt, struct ir_val v,
			   char *buf, size_t len)
{
	size_t pos = 0;

	if (!v.hi && !v.lo) {
		dt_bprintf(buf, len, "0x0");
		return;
	}
	if (len)
		buf[0] = '\0';
	for (unsigned bit = 0; bit < 128; bit++) {
		uint64_t w = bit < 64 ? v.lo : v.hi;
		const char *name;

		if (!(w >> (bit % 64) & 1) || pos >= len)
			continue;
		name = dt_rtfile_name(&connlabels, bit);
		if (name)
			dt_bprintf(buf + pos, len - pos, "%s%s", pos ? "," : "", name);
		else
			dt_bprintf(buf + pos, len - pos, "%s%u", pos ? "," : "", bit);
		pos += strlen(buf + pos);
	}
}

static const struct dt_ops ct_label_ops = { ct_label_parse, ct_label_print };

const struct datatype dt_ct_label = {
	.name = "ct_label", .desc = "conntrack label", .kind = DT_BITMASK,
	.bits = 128, .basetype = "bitmask, integer", .ops = &ct_label_ops,
};

/* ---- cgroups v2 ----------------------------------------------------- */

#define CGROUP2_ROOT "/sys/fs/cgroup"

static bool cgroupsv2_parse(const struct datatype *dt, const char *text,
			    unsigned bits, struct ir_val *out, char *err,
			    size_t errlen)
{
	char *path = xasprintf("%s/%s", CGROUP2_ROOT, text);
	struct stat st;
	int rc = stat(path, &st);

	free(path);
	if (rc < 0)
		return dt_fail(err, errlen, "cgroupv2 path fails: %s", strerror(errno));
	*out = val64(st.st_ino);
	return true;
}

/* The directory below `dir` whose inode is `ino`, or NULL. */
static char *cgroup_find(const char *dir, uint64_t ino, int depth)
{
	struct dirent *de;
	char *found = NULL;
	DIR *d;

	if (depth > 64 || !(d = opendir(dir)))
		return NULL;
	while (!found && (de = readdir(d))) {
		char *sub;

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		sub = xasprintf("%s/%s", dir, de->d_name);
		if (de->d_ino == ino)
			found = sub;
		else {
			found = cgroup_find(sub, ino, depth + 1);
			free(sub);
		}
	}
	closedir(d);
	return found;
}

static void cgroupsv2_print(const struct datatype *dt, struct ir_val v,
			    char *buf, size_t len)
{
	char *path = cgroup_find(CGROUP2_ROOT, v.lo, 0);

	if (path)
		dt_bprintf(buf, len, "\"%s\"", path + strlen(CGROUP2_ROOT) + 1);
	else
		dt_bprintf(buf, len, "%llu", (unsigned long long)v.lo);
	free(path);
}

static const struct dt_ops cgroupsv2_ops = { cgroupsv2_parse, cgroupsv2_print };

const struct datatype dt_cgroupsv2 = {
	.name = "cgroupsv2", .desc = "cgroupsv2 path", .kind = DT_INTEGER,
	.bits = 64, .basetype = "integer", .ops = &cgroupsv2_ops,
};
