// SPDX-License-Identifier: GPL-2.0
/*
 * The selectors that are not header or meta fields of fields.c: ct state,
 * status, direction and mark; the interface names and indexes; and the
 * limit and quota statements.  Values are written as nft lists them
 * (`ct state established,related`, `iifname "eth*"`, `iif "lo"`,
 * `limit rate over 10/second burst 4 packets`).
 */
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/datatype.h"
#include "frontend/datatype_tables.h"
#include "frontend/import.h"

static const struct dt_symbol ct_state_sym[] = DT_SYM_CT_STATE;
static const struct dt_symbol ct_status_sym[] = DT_SYM_CT_STATUS;

const char *imp_special_name(enum imp_special sp, bool out_dir)
{
	switch (sp) {
	case IMP_SP_CT_STATE: return "ct state";
	case IMP_SP_CT_STATUS: return "ct status";
	case IMP_SP_CT_DIR: return "ct direction";
	case IMP_SP_CT_MARK: return "ct mark";
	case IMP_SP_IFNAME: return out_dir ? "oifname" : "iifname";
	case IMP_SP_IFINDEX: return out_dir ? "oif" : "iif";
	default: return "?";
	}
}

bool imp_special_is_bitmask(enum imp_special sp)
{
	return sp == IMP_SP_CT_STATE || sp == IMP_SP_CT_STATUS;
}

/* Bits of a ct state/status as nft lists them: lowest bit first. */
static bool fmt_flags(FILE *out, enum imp_special sp, uint64_t v)
{
	const struct dt_symbol *t = sp == IMP_SP_CT_STATE ? ct_state_sym : ct_status_sym;
	size_t n = sp == IMP_SP_CT_STATE ? sizeof(ct_state_sym) / sizeof(*t) :
		   sizeof(ct_status_sym) / sizeof(*t);
	bool first = true;

	if (!v)
		return false;
	for (int b = 0; b < 64; b++) {
		const char *name = NULL;

		if (!(v >> b & 1))
			continue;
		for (size_t i = 0; i < n; i++)
			if (t[i].value == 1ull << b)
				name = t[i].name;
		if (!name)
			return false;
		fprintf(out, "%s%s", first ? "" : ",", name);
		first = false;
	}
	return true;
}

bool imp_fmt_flag_expr(FILE *out, enum imp_special sp, struct ir_val v)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bool ok, many = v.lo & (v.lo - 1);

	if (!f)
		return false;
	ok = fmt_flags(f, sp, v.lo);
	fclose(f);
	if (ok) {
		/* nft's list "a,b" is "any of"; in an expression it is a | b */
		for (char *c = text; *c; c++)
			if (*c == ',')
				*c = '|';
		fprintf(out, many ? "(%s)" : "%s", text);
	}
	free(text);
	return ok;
}

/* An interface name of `len` bytes; a name without its NUL is nft's
 * wildcard `"name*"`.  False when cgnft cannot write it. */
bool imp_fmt_ifname(FILE *out, const uint8_t *b, size_t len)
{
	size_t n = 0;
	bool wild;

	while (n < len && b[n])
		n++;
	wild = n == len && len < IFNAMSIZ;
	if (!n && wild)
		return false;		/* nft's "*" alone: cgnft refuses it */
	if (n + wild > IFNAMSIZ - 1)
		return false;		/* longer than nft (and cgnft) can read */
	for (size_t i = 0; i < n; i++)
		if (b[i] < 0x21 || b[i] > 0x7e || b[i] == '"' || b[i] == '\\' || b[i] == '*')
			return false;
	fprintf(out, "\"%.*s%s\"", (int)n, (const char *)b, wild ? "*" : "");
	return true;
}

static void ifname_bytes(struct ir_val v, uint8_t b[16])
{
	for (int i = 0; i < 8; i++) {
		b[i] = v.hi >> 8 * (7 - i) & 0xff;
		b[8 + i] = v.lo >> 8 * (7 - i) & 0xff;
	}
}

bool imp_fmt_special_range(FILE *out, enum imp_special sp, struct ir_val lo,
			   struct ir_val hi)
{
	uint8_t a[16], b[16];
	int n = 16;

	if (lo.hi == hi.hi && lo.lo == hi.lo)
		return imp_fmt_special(out, sp, lo);
	if (sp == IMP_SP_CT_MARK && lo.lo < hi.lo) {
		/* an interval set of marks (nft keeps them in network order) */
		fprintf(out, "0x%08llx-0x%08llx", (unsigned long long)lo.lo,
			(unsigned long long)hi.lo);
		return true;
	}
	if (sp != IMP_SP_IFNAME)
		return false;
	/* nft's wildcard in a set: the interval "name\0..." to "name\xff..." */
	ifname_bytes(lo, a);
	ifname_bytes(hi, b);
	while (n > 0 && !a[n - 1] && b[n - 1] == 0xff)
		n--;
	if (!n || memcmp(a, b, n) || memchr(a, 0, n))
		return false;
	return imp_fmt_ifname(out, a, n);
}

bool imp_fmt_special(FILE *out, enum imp_special sp, struct ir_val v)
{
	switch (sp) {
	case IMP_SP_CT_STATE:
	case IMP_SP_CT_STATUS:
		return fmt_flags(out, sp, v.lo);
	case IMP_SP_CT_DIR:
		if (v.lo > 1)
			return false;
		fputs(v.lo ? "reply" : "original", out);
		return true;
	case IMP_SP_CT_MARK:
		fprintf(out, "0x%08llx", (unsigned long long)(v.lo & 0xffffffff));
		return true;
	case IMP_SP_IFNAME: {
		uint8_t b[16];

		ifname_bytes(v, b);
		return imp_fmt_ifname(out, b, 16);
	}
	case IMP_SP_IFINDEX: {
		char name[IF_NAMESIZE];

		/* the name in this network namespace, as nft lists it */
		if (v.lo && if_indextoname((unsigned)v.lo, name) && imp_is_word(name))
			fprintf(out, "\"%s\"", name);
		else
			fprintf(out, "%llu", (unsigned long long)(v.lo & 0xffffffff));
		return true;
	}
	default:
		return false;
	}
}

static const char *const time_units[] = { "second", "minute", "hour", "day", "week" };
static const uint64_t time_secs[] = { 1, 60, 3600, 86400, 604800 };

/* nft's get_rate(): the largest of bytes, kbytes, mbytes dividing exactly. */
static const char *data_unit(uint64_t v, uint64_t *out)
{
	static const char *const units[] = { "bytes", "kbytes", "mbytes" };
	int i = 0;

	while (v && i < 2 && v % 1024 == 0) {
		v /= 1024;
		i++;
	}
	*out = v;
	return units[i];
}

char *imp_limit_text(struct nftnl_expr *e, char *why, size_t whylen)
{
	uint64_t rate = nftnl_expr_get_u64(e, NFTNL_EXPR_LIMIT_RATE);
	uint64_t unit = nftnl_expr_get_u64(e, NFTNL_EXPR_LIMIT_UNIT);
	uint32_t burst = nftnl_expr_get_u32(e, NFTNL_EXPR_LIMIT_BURST);
	uint32_t type = nftnl_expr_get_u32(e, NFTNL_EXPR_LIMIT_TYPE);
	uint32_t flags = nftnl_expr_is_set(e, NFTNL_EXPR_LIMIT_FLAGS) ?
			 nftnl_expr_get_u32(e, NFTNL_EXPR_LIMIT_FLAGS) : 0;
	const char *over = flags & NFT_LIMIT_F_INV ? "over " : "";
	const char *tu = NULL, *du;
	uint64_t n, b;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	for (size_t i = 0; i < sizeof(time_secs) / sizeof(time_secs[0]); i++)
		if (unit == time_secs[i])
			tu = time_units[i];
	if (!tu || !rate || (flags & ~NFT_LIMIT_F_INV)) {
		snprintf(why, whylen, "limit with a period of %llu seconds has no cgnft "
			 "equivalent", (unsigned long long)unit);
		return NULL;
	}
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	if (type == NFT_LIMIT_PKT_BYTES) {
		du = data_unit(rate, &n);
		fprintf(f, "limit rate %s%llu %s/%s", over, (unsigned long long)n, du, tu);
		if (burst) {
			du = data_unit(burst, &b);
			fprintf(f, " burst %llu %s", (unsigned long long)b, du);
		}
	} else {
		fprintf(f, "limit rate %s%llu/%s", over, (unsigned long long)rate, tu);
		if (burst && burst != 5)	/* nft's default burst */
			fprintf(f, " burst %u packets", burst);
	}
	fclose(f);
	return text;
}

char *imp_quota_text(struct nftnl_expr *e)
{
	uint64_t bytes = nftnl_expr_get_u64(e, NFTNL_EXPR_QUOTA_BYTES);
	uint64_t used = nftnl_expr_is_set(e, NFTNL_EXPR_QUOTA_CONSUMED) ?
			nftnl_expr_get_u64(e, NFTNL_EXPR_QUOTA_CONSUMED) : 0;
	uint32_t flags = nftnl_expr_is_set(e, NFTNL_EXPR_QUOTA_FLAGS) ?
			 nftnl_expr_get_u32(e, NFTNL_EXPR_QUOTA_FLAGS) : 0;
	const char *du;
	uint64_t n;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	du = data_unit(bytes, &n);
	fprintf(f, "quota %s%llu %s", flags & NFT_QUOTA_F_INV ? "over " : "",
		(unsigned long long)n, du);
	/* nft lists the bytes used when there are some; cgnft caps them */
	if (used) {
		du = data_unit(used > bytes ? bytes : used, &n);
		fprintf(f, " used %llu %s", (unsigned long long)n, du);
	}
	fclose(f);
	return text;
}
