// SPDX-License-Identifier: GPL-2.0
/*
 * Sets updated from the packet path: nft's dynset expression back to
 * `add|update|delete @set { KEY [timeout T] [counter] [limit ...] }`, or
 * `meter NAME size N { KEY ... }` when the set is a meter's (anonymous,
 * with expressions, as nft's netlink_delinearize.c decides), and the
 * declaration lines of a dynamic set (size, flags, timeout, gc-interval).
 * The key's text comes from import_rule.c (it reads the registers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <libnftnl/set.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/import.h"
#include "ir/xalloc.h"

void imp_fmt_time(FILE *out, uint64_t ms)
{
	static const struct { const char *unit; uint64_t ms; } parts[] = {
		{ "d", 86400000 }, { "h", 3600000 }, { "m", 60000 }, { "s", 1000 },
		{ "ms", 1 },
	};

	if (!ms) {
		fputs("0s", out);
		return;
	}
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (ms >= parts[i].ms) {
			fprintf(out, "%llu%s", (unsigned long long)(ms / parts[i].ms),
				parts[i].unit);
			ms %= parts[i].ms;
		}
}

struct exprs_text {
	FILE *f;
	char why[200];
	bool ok;
};

/* One expression a set element runs: counter or limit (cgnft's only two). */
static int element_expr(struct nftnl_expr *e, void *data)
{
	struct exprs_text *x = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	char *text;

	if (!x->ok)
		return 0;
	if (!strcmp(name, "counter")) {
		fputs(" counter", x->f);
		return 0;
	}
	if (!strcmp(name, "limit")) {
		text = imp_limit_text(e, x->why, sizeof(x->why));
		if (!text) {
			x->ok = false;
			return 0;
		}
		fprintf(x->f, " %s", text);
		free(text);
		return 0;
	}
	snprintf(x->why, sizeof(x->why), "%s in a set element is not available in a "
		 "cgroup hook (a set element runs counter and limit only)", name);
	x->ok = false;
	return 0;
}

bool imp_is_meter(struct nftnl_set *s, struct nftnl_expr *e)
{
	uint32_t flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);

	return (flags & NFT_SET_ANONYMOUS) &&
	       (nftnl_expr_is_set(e, NFTNL_EXPR_DYNSET_EXPR) ||
		nftnl_expr_is_set(e, NFTNL_EXPR_DYNSET_EXPRESSIONS));
}

char *imp_dynset_text(struct nftnl_expr *e, struct nftnl_set *s, const char *key,
		      char *why, size_t whylen)
{
	uint32_t op = nftnl_expr_get_u32(e, NFTNL_EXPR_DYNSET_OP);
	uint64_t timeout = nftnl_expr_is_set(e, NFTNL_EXPR_DYNSET_TIMEOUT) ?
			   nftnl_expr_get_u64(e, NFTNL_EXPR_DYNSET_TIMEOUT) : 0;
	const char *name = nftnl_set_get_str(s, NFTNL_SET_NAME);
	struct exprs_text x = { .ok = true };
	char *text = NULL;
	size_t len = 0;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_DYNSET_SREG_DATA)) {
		snprintf(why, whylen, "adding to a map from a rule (map %s) is not "
			 "available in a cgroup hook (cgnft's dynamic sets have no values)",
			 name);
		return NULL;
	}
	if (op > NFT_DYNSET_OP_DELETE) {
		snprintf(why, whylen, "set operation %u has no cgnft equivalent", op);
		return NULL;
	}
	if (!imp_is_word(name)) {
		snprintf(why, whylen, "set name \"%s\" cannot be written in cgnft", name);
		return NULL;
	}
	x.f = open_memstream(&text, &len);
	if (!x.f)
		return NULL;
	if (imp_is_meter(s, e)) {
		fprintf(x.f, "meter %s", name);
		if (nftnl_set_is_set(s, NFTNL_SET_DESC_SIZE))
			fprintf(x.f, " size %u", nftnl_set_get_u32(s, NFTNL_SET_DESC_SIZE));
		fputs(" { ", x.f);
	} else {
		fprintf(x.f, "%s @%s { ", op == NFT_DYNSET_OP_ADD ? "add" :
			op == NFT_DYNSET_OP_UPDATE ? "update" : "delete", name);
	}
	fputs(key, x.f);
	if (timeout) {
		fputs(" timeout ", x.f);
		imp_fmt_time(x.f, timeout);
	}
	nftnl_expr_expr_foreach(e, element_expr, &x);
	fputs(" }", x.f);
	fclose(x.f);
	if (!x.ok) {
		snprintf(why, whylen, "%s", x.why);
		free(text);
		return NULL;
	}
	return text;
}

void imp_dynset_decl(struct nftnl_set *s, FILE *out)
{
	uint32_t flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
	const char *sep = "";

	if (nftnl_set_is_set(s, NFTNL_SET_DESC_SIZE) && nftnl_set_get_u32(s, NFTNL_SET_DESC_SIZE))
		fprintf(out, "\t\tsize %u\n", nftnl_set_get_u32(s, NFTNL_SET_DESC_SIZE));
	if (flags & (NFT_SET_CONSTANT | NFT_SET_INTERVAL | NFT_SET_EVAL | NFT_SET_TIMEOUT)) {
		fputs("\t\tflags ", out);
		/* nft's order: constant, interval, dynamic, timeout */
		if (flags & NFT_SET_CONSTANT)
			fprintf(out, "%sconstant", sep), sep = ",";
		if (flags & NFT_SET_INTERVAL)
			fprintf(out, "%sinterval", sep), sep = ",";
		if (flags & NFT_SET_EVAL)
			fprintf(out, "%sdynamic", sep), sep = ",";
		if (flags & NFT_SET_TIMEOUT)
			fprintf(out, "%stimeout", sep);
		fputc('\n', out);
	}
	if (nftnl_set_is_set(s, NFTNL_SET_TIMEOUT) && nftnl_set_get_u64(s, NFTNL_SET_TIMEOUT)) {
		fputs("\t\ttimeout ", out);
		imp_fmt_time(out, nftnl_set_get_u64(s, NFTNL_SET_TIMEOUT));
		fputc('\n', out);
	}
	if (nftnl_set_is_set(s, NFTNL_SET_GC_INTERVAL) &&
	    nftnl_set_get_u32(s, NFTNL_SET_GC_INTERVAL)) {
		fputs("\t\tgc-interval ", out);
		imp_fmt_time(out, nftnl_set_get_u32(s, NFTNL_SET_GC_INTERVAL));
		fputc('\n', out);
	}
}
