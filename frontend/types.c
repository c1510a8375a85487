// SPDX-License-Identifier: GPL-2.0
/*
 * Values of nft's data types.  Symbolic names are built in (not read from
 * /etc/services or /etc/protocols) so a rule file compiles to the same
 * program on every host.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/types.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"

struct sym {
	const char *name;
	uint64_t value;
};

static const struct sym services[] = {
	{ "ftp-data", 20 }, { "ftp", 21 }, { "ssh", 22 }, { "telnet", 23 },
	{ "smtp", 25 }, { "domain", 53 }, { "bootps", 67 }, { "bootpc", 68 },
	{ "tftp", 69 }, { "http", 80 }, { "kerberos", 88 }, { "pop3", 110 },
	{ "sunrpc", 111 }, { "auth", 113 }, { "ntp", 123 }, { "imap", 143 },
	{ "imap2", 143 }, { "snmp", 161 }, { "snmp-trap", 162 }, { "bgp", 179 },
	{ "ldap", 389 }, { "https", 443 }, { "microsoft-ds", 445 },
	{ "submissions", 465 }, { "syslog", 514 }, { "submission", 587 },
	{ "ldaps", 636 }, { "rsync", 873 }, { "imaps", 993 }, { "pop3s", 995 },
	{ "openvpn", 1194 }, { "ms-sql-s", 1433 }, { "mysql", 3306 },
	{ "postgresql", 5432 }, { "http-alt", 8080 }, { NULL, 0 },
};

static const struct sym protos[] = {
	{ "hopopt", 0 }, { "icmp", 1 }, { "igmp", 2 }, { "ipencap", 4 },
	{ "tcp", 6 }, { "egp", 8 }, { "udp", 17 }, { "ipv6", 41 },
	{ "ipv6-route", 43 }, { "ipv6-frag", 44 }, { "rsvp", 46 }, { "gre", 47 },
	{ "esp", 50 }, { "ah", 51 }, { "icmpv6", 58 }, { "ipv6-icmp", 58 },
	{ "ipv6-nonxt", 59 }, { "ipv6-opts", 60 }, { "ospf", 89 },
	{ "pim", 103 }, { "vrrp", 112 }, { "l2tp", 115 }, { "sctp", 132 },
	{ "udplite", 136 }, { "mpls-in-ip", 137 }, { "dccp", 33 }, { NULL, 0 },
};

static const struct sym icmp_types[] = {
	{ "echo-reply", 0 }, { "destination-unreachable", 3 },
	{ "source-quench", 4 }, { "redirect", 5 }, { "echo-request", 8 },
	{ "router-advertisement", 9 }, { "router-solicitation", 10 },
	{ "time-exceeded", 11 }, { "parameter-problem", 12 },
	{ "timestamp-request", 13 }, { "timestamp-reply", 14 },
	{ "info-request", 15 }, { "info-reply", 16 },
	{ "address-mask-request", 17 }, { "address-mask-reply", 18 },
	{ NULL, 0 },
};

static const struct sym icmpv6_types[] = {
	{ "destination-unreachable", 1 }, { "packet-too-big", 2 },
	{ "time-exceeded", 3 }, { "parameter-problem", 4 },
	{ "echo-request", 128 }, { "echo-reply", 129 },
	{ "mld-listener-query", 130 }, { "mld-listener-report", 131 },
	{ "mld-listener-done", 132 }, { "mld-listener-reduction", 132 },
	{ "nd-router-solicit", 133 }, { "nd-router-advert", 134 },
	{ "nd-neighbor-solicit", 135 }, { "nd-neighbor-advert", 136 },
	{ "nd-redirect", 137 }, { "router-renumbering", 138 },
	{ "ind-neighbor-solicit", 141 }, { "ind-neighbor-advert", 142 },
	{ "mld2-listener-report", 143 }, { NULL, 0 },
};

static const struct sym tcp_flags[] = {
	{ "fin", 0x01 }, { "syn", 0x02 }, { "rst", 0x04 }, { "psh", 0x08 },
	{ "ack", 0x10 }, { "urg", 0x20 }, { "ecn", 0x40 }, { "cwr", 0x80 },
	{ NULL, 0 },
};

static const struct sym dscps[] = {
	{ "cs0", 0 }, { "cs1", 8 }, { "cs2", 16 }, { "cs3", 24 }, { "cs4", 32 },
	{ "cs5", 40 }, { "cs6", 48 }, { "cs7", 56 }, { "df", 0 }, { "be", 0 },
	{ "lephb", 1 }, { "af11", 10 }, { "af12", 12 }, { "af13", 14 },
	{ "af21", 18 }, { "af22", 20 }, { "af23", 22 }, { "af31", 26 },
	{ "af32", 28 }, { "af33", 30 }, { "af41", 34 }, { "af42", 36 },
	{ "af43", 38 }, { "va", 44 }, { "ef", 46 }, { NULL, 0 },
};

static const struct sym ecns[] = {
	{ "not-ect", 0 }, { "ect1", 1 }, { "ect0", 2 }, { "ce", 3 }, { NULL, 0 },
};

static const struct sym nfprotos[] = {
	{ "ipv4", 2 }, { "ipv6", 10 }, { NULL, 0 },
};

static const struct sym ethertypes[] = {
	{ "ip", 0x0800 }, { "arp", 0x0806 }, { "ip6", 0x86dd },
	{ "vlan", 0x8100 }, { "8021ad", 0x88a8 }, { NULL, 0 },
};

static const struct sym afs[] = {
	{ "unix", 1 }, { "inet", 2 }, { "ipv4", 2 }, { "inet6", 10 },
	{ "ipv6", 10 }, { "netlink", 16 }, { "packet", 17 }, { NULL, 0 },
};

static const struct sym socktypes[] = {
	{ "stream", 1 }, { "dgram", 2 }, { "raw", 3 }, { "rdm", 4 },
	{ "seqpacket", 5 }, { NULL, 0 },
};

static const struct {
	const char *name;
	const struct sym *syms;
} types[] = {
	[FE_T_INTEGER] = { "integer", NULL },
	[FE_T_IPV4] = { "ipv4_addr", NULL },
	[FE_T_IPV6] = { "ipv6_addr", NULL },
	[FE_T_SERVICE] = { "inet_service", services },
	[FE_T_PROTO] = { "inet_proto", protos },
	[FE_T_ICMP_TYPE] = { "icmp_type", icmp_types },
	[FE_T_ICMPV6_TYPE] = { "icmpv6_type", icmpv6_types },
	[FE_T_TCP_FLAGS] = { "tcp_flag", tcp_flags },
	[FE_T_DSCP] = { "dscp", dscps },
	[FE_T_ECN] = { "ecn", ecns },
	[FE_T_NFPROTO] = { "nf_proto", nfprotos },
	[FE_T_ETHERTYPE] = { "ether_type", ethertypes },
	[FE_T_MARK] = { "mark", NULL },
	[FE_T_UID] = { "uid", NULL },
	[FE_T_CGROUP] = { "cgroupsv2", NULL },
	[FE_T_AF] = { "socket family", afs },
	[FE_T_SOCKTYPE] = { "socket type", socktypes },
};

const char *fe_type_name(enum fe_type t)
{
	return types[t].name;
}

const char *fe_type_symbol(enum fe_type t, uint64_t v)
{
	for (const struct sym *s = types[t].syms; s && s->name; s++)
		if (s->value == v)
			return s->name;
	return NULL;
}

bool fe_parse_u64(const char *word, uint64_t *v)
{
	char *end;

	if (!word[0] || word[0] == '-' || word[0] == '+')
		return false;
	errno = 0;
	*v = strtoull(word, &end, 0);
	return !errno && !*end;
}

static bool lookup_sym(enum fe_type t, const char *word, uint64_t *v)
{
	for (const struct sym *s = types[t].syms; s && s->name; s++)
		if (!strcmp(s->name, word)) {
			*v = s->value;
			return true;
		}
	return false;
}

/* A 128-bit value with the low `bits` of `plen`.. cleared/set. */
static void prefix_range(struct ir_val *lo, struct ir_val *hi, int width,
			 int plen)
{
	int host = width - plen;

	*hi = *lo;
	if (host >= 64) {
		lo->lo = 0;
		hi->lo = ~0ull;
		if (host > 64) {
			uint64_t m = host - 64 >= 64 ? ~0ull : (1ull << (host - 64)) - 1;

			lo->hi &= ~m;
			hi->hi |= m;
		}
	} else if (host > 0) {
		uint64_t m = (1ull << host) - 1;

		lo->lo &= ~m;
		hi->lo |= m;
	}
}

static bool parse_single(struct fe_diag *d, const struct fe_loc *loc,
			 const char *w, enum fe_type t, int bits,
			 struct ir_val *v)
{
	uint64_t n;

	memset(v, 0, sizeof(*v));
	switch (t) {
	case FE_T_IPV4: {
		struct in_addr a;

		if (inet_pton(AF_INET, w, &a) != 1) {
			fe_error(d, loc, "Could not resolve hostname: \"%s\" is not an IPv4 address "
				 "(cgnft does not resolve host names)", w);
			return false;
		}
		v->lo = ntohl(a.s_addr);
		return true;
	}
	case FE_T_IPV6: {
		struct in6_addr a;

		if (inet_pton(AF_INET6, w, &a) != 1) {
			fe_error(d, loc, "Could not resolve hostname: \"%s\" is not an IPv6 address "
				 "(cgnft does not resolve host names)", w);
			return false;
		}
		for (int i = 0; i < 8; i++) {
			v->hi = v->hi << 8 | a.s6_addr[i];
			v->lo = v->lo << 8 | a.s6_addr[8 + i];
		}
		return true;
	}
	case FE_T_UID: {
		struct passwd *pw;

		if (fe_parse_u64(w, &n))
			break;
		pw = getpwnam(w);
		if (!pw) {
			fe_error(d, loc, "Could not resolve user name \"%s\"", w);
			return false;
		}
		n = pw->pw_uid;
		break;
	}
	case FE_T_CGROUP:
		fe_error(d, loc, "a cgroup is given as a quoted path");
		return false;
	default:
		if (lookup_sym(t, w, &n))
			break;
		if (!fe_parse_u64(w, &n)) {
			if (t == FE_T_SERVICE)
				fe_error(d, loc, "Could not resolve service: Servname not found in nft services list");
			else if (t == FE_T_PROTO)
				fe_error(d, loc, "Could not resolve protocol name");
			else
				fe_error(d, loc, "Could not parse %s value \"%s\"",
					 fe_type_name(t), w);
			return false;
		}
		break;
	}
	if (bits < 64 && n >> bits) {
		fe_error(d, loc, "Value %s exceeds valid range 0-%llu", w,
			 (unsigned long long)((1ull << bits) - 1));
		return false;
	}
	v->lo = n;
	return true;
}

static int val_cmp(const struct ir_val *a, const struct ir_val *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return 0;
}

bool fe_parse_value(struct fe_diag *d, const struct fe_loc *loc,
		    const char *word, enum fe_type t, int bits,
		    struct ir_val *lo, struct ir_val *hi)
{
	const char *slash = strchr(word, '/'), *dash;
	uint64_t sym;
	bool ok;

	/* symbolic names may contain '-': try them whole first */
	if (lookup_sym(t, word, &sym))
		return parse_single(d, loc, word, t, bits, lo) &&
		       (*hi = *lo, true);
	if (slash && (t == FE_T_IPV4 || t == FE_T_IPV6)) {
		int width = t == FE_T_IPV4 ? 32 : 128;
		char *addr = xstrdup(word);
		uint64_t plen;

		addr[slash - word] = '\0';
		ok = parse_single(d, loc, addr, t, bits, lo);
		free(addr);
		if (!ok)
			return false;
		if (!fe_parse_u64(slash + 1, &plen) || plen > (uint64_t)width) {
			fe_error(d, loc, "Prefix length %s is invalid for %s",
				 slash + 1, fe_type_name(t));
			return false;
		}
		prefix_range(lo, hi, width, plen);	/* host bits ignored, as nft */
		return true;
	}
	dash = strchr(word + 1, '-');	/* no IPv6 address has one */
	if (dash) {
		char *a = xstrndup(word, dash - word);

		ok = parse_single(d, loc, a, t, bits, lo) &&
		     parse_single(d, loc, dash + 1, t, bits, hi);
		free(a);
		if (ok && val_cmp(lo, hi) > 0) {
			fe_error(d, loc, "Range has zero or negative size");
			return false;
		}
		return ok;
	}
	if (!parse_single(d, loc, word, t, bits, lo))
		return false;
	*hi = *lo;
	return true;
}
