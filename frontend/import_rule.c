// SPDX-License-Identifier: GPL-2.0
/*
 * One nftables rule (a list of register-machine expressions) back to one
 * line of cgnft, the way nft's netlink_delinearize.c reads it: loads put a
 * field in a register, bitwise/byteorder refine it, cmp/range/lookup turn
 * it into a match.  Protocol dependencies nft added (`meta l4proto tcp`
 * before `tcp dport`) are dropped when the very next match implies them
 * in cgnft too, and kept otherwise; both are exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/eval_log.h"
#include "frontend/import.h"
#include "ir/xalloc.h"

#define NSLOTS 16
#define MAX_ITEMS 64
#define MAX_EXPRS 128

enum reg_kind { R_NONE, R_LOAD, R_CGROUP, R_IMM, R_SPECIAL };

struct reg {
	enum reg_kind kind;
	struct imp_load ld;
	uint32_t len;		/* bytes */
	bool be;		/* bytes read as a big-endian number */
	bool masked;
	struct ir_val mask;
	uint32_t level;		/* R_CGROUP */
	struct ir_val imm;	/* R_IMM, host number */
	enum imp_special sp;	/* R_SPECIAL: ct key or interface */
	bool out_dir;		/* R_SPECIAL: oifname/oif */
};

struct item {
	char *text;
	int dep_nf, dep_l4;	/* a bare dependency: meta nfproto/l4proto == */
	int imp_nf, imp_l4;	/* dependencies the item implies in cgnft */
	bool match;
};

struct rs {
	struct imp_ctx *c;
	struct reg regs[NSLOTS];
	int nfproto, l4proto;	/* the rule's protocol context */
	struct item items[MAX_ITEMS];
	size_t n;
	bool verdict;
	bool skip_next;		/* the next cmp was folded into a range */
};

static int slot_of(uint32_t reg)
{
	if (reg >= NFT_REG32_00 && reg <= NFT_REG32_15)
		return reg - NFT_REG32_00;
	if (reg >= NFT_REG_1 && reg <= NFT_REG_4)
		return (reg - NFT_REG_1) * 4;
	return -1;
}

static struct reg *reg_at(struct rs *r, struct nftnl_expr *e, uint16_t attr)
{
	int s = nftnl_expr_is_set(e, attr) ? slot_of(nftnl_expr_get_u32(e, attr)) : -1;

	return s < 0 ? NULL : &r->regs[s];
}

/* A register that must hold something; error otherwise. */
static struct reg *src_reg(struct rs *r, struct nftnl_expr *e, uint16_t attr)
{
	struct reg *g = reg_at(r, e, attr);

	if (!g || g->kind == R_NONE) {
		imp_fail(r->c, "expression %s reads a register nothing was loaded into",
			 nftnl_expr_get_str(e, NFTNL_EXPR_NAME));
		return NULL;
	}
	return g;
}

/* Append an item built by fmt-like writes on a memstream. */
static struct item *add_item(struct rs *r, char *text)
{
	struct item *it;

	if (r->n == MAX_ITEMS) {
		free(text);
		imp_fail(r->c, "rule has more than %d statements", MAX_ITEMS);
		return NULL;
	}
	it = &r->items[r->n++];
	*it = (struct item){ .text = text, .imp_l4 = -1, .dep_l4 = -1 };
	return it;
}

/* A set key's selectors give the item their protocol dependencies, as a
 * match of the same fields would. */
static void take_key_deps(struct item *it, const struct imp_sel *sels, int n)
{
	for (int i = 0; i < n; i++) {
		if (!it->imp_nf)
			it->imp_nf = sels[i].f->dep_nfproto;
		if (it->imp_l4 < 0)
			it->imp_l4 = sels[i].f->dep_l4proto;
	}
}

static const char *op_str(uint32_t op)
{
	switch (op) {
	case NFT_CMP_NEQ: return "!= ";
	case NFT_CMP_LT: return "< ";
	case NFT_CMP_LTE: return "<= ";
	case NFT_CMP_GT: return "> ";
	case NFT_CMP_GTE: return ">= ";
	default: return "";
	}
}

/* ---- loads ---- */

static bool do_payload(struct rs *r, struct nftnl_expr *e)
{
	struct reg *d;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_PAYLOAD_SREG))
		return imp_fail(r->c, "payload mangling (header field set) is not "
				"available in a cgroup hook");
	d = reg_at(r, e, NFTNL_EXPR_PAYLOAD_DREG);
	if (!d)
		return imp_fail(r->c, "payload load without a destination register");
	*d = (struct reg){ .kind = R_LOAD, .be = true,
		.len = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN) };
	d->ld = (struct imp_load){
		.base = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE),
		.offset = nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET),
		.len = d->len, .nfproto = r->nfproto, .l4proto = r->l4proto };
	if (d->len == 0 || d->len > 16)
		return imp_fail(r->c, "payload load of %u bytes has no cgnft equivalent",
				d->len);
	return true;
}

static bool do_meta_set(struct rs *r, struct nftnl_expr *e)
{
	uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY);
	const char *name = imp_meta_name(key);
	struct reg *s = src_reg(r, e, NFTNL_EXPR_META_SREG);
	struct item *it;

	if (!s)
		return false;
	if (key != NFT_META_MARK && key != NFT_META_PRIORITY)
		return imp_fail(r->c, "meta %s set is not available in a cgroup hook",
				name ? name : "(unknown key)");
	if (s->kind != R_IMM)
		return imp_fail(r->c, "meta %s set from an expression has no cgnft "
				"equivalent (only constants)", name);
	it = add_item(r, xasprintf(key == NFT_META_MARK ? "meta mark set 0x%08llx" :
				   "meta priority set %llu",
				   (unsigned long long)(s->imm.lo & 0xffffffff)));
	return it != NULL;
}

/* A ct key or an interface into a register: import_state.c writes it. */
static bool load_special(struct rs *r, struct nftnl_expr *e, uint16_t dreg,
			 enum imp_special sp, bool out_dir)
{
	struct reg *d = reg_at(r, e, dreg);

	if (!d)
		return imp_fail(r->c, "load without a destination register");
	*d = (struct reg){ .kind = R_SPECIAL, .sp = sp, .out_dir = out_dir,
			   .len = sp == IMP_SP_IFNAME ? 16 : sp == IMP_SP_CT_DIR ? 1 : 4,
			   .be = sp == IMP_SP_IFNAME };
	return true;
}

static bool do_meta(struct rs *r, struct nftnl_expr *e)
{
	uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY);
	const char *name = imp_meta_name(key);
	const struct fe_field *f = name ? imp_meta_field(name) : NULL;
	struct reg *d;

	if (nftnl_expr_is_set(e, NFTNL_EXPR_META_SREG))
		return do_meta_set(r, e);
	if (!f) {
		if (key == NFT_META_IIFTYPE || key == NFT_META_OIFTYPE)
			return imp_fail(r->c, "link-layer matches (meta %s, ether, vlan, "
					"arp) are not available in a cgroup hook", name);
		if (key == NFT_META_IIF || key == NFT_META_OIF || key == NFT_META_IIFNAME ||
		    key == NFT_META_OIFNAME)
			return load_special(r, e, NFTNL_EXPR_META_DREG,
					    key == NFT_META_IIF || key == NFT_META_OIF ?
					    IMP_SP_IFINDEX : IMP_SP_IFNAME,
					    key == NFT_META_OIF || key == NFT_META_OIFNAME);
		if (key == NFT_META_IIFGROUP ||
		    key == NFT_META_OIFGROUP || key == NFT_META_IIFKIND ||
		    key == NFT_META_OIFKIND || key == NFT_META_SDIF ||
		    key == NFT_META_SDIFNAME)
			return imp_fail(r->c, "meta %s is not available in a cgroup hook "
					"(a cgroup table takes iif, oif, iifname and oifname)",
					name);
		return imp_fail(r->c, "meta %s is not available in a cgroup hook",
				name ? name : "(unknown key)");
	}
	d = reg_at(r, e, NFTNL_EXPR_META_DREG);
	if (!d)
		return imp_fail(r->c, "meta load without a destination register");
	*d = (struct reg){ .kind = R_LOAD, .len = f->field.len,
			   .be = key == NFT_META_PROTOCOL };
	d->ld = (struct imp_load){ .meta = true, .key = key, .len = f->field.len,
				   .nfproto = r->nfproto, .l4proto = r->l4proto };
	return true;
}

static bool do_socket(struct rs *r, struct nftnl_expr *e)
{
	static const char *const names[] = { "transparent", "mark", "wildcard" };
	uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_SOCKET_KEY);
	struct reg *d;

	if (key != NFT_SOCKET_CGROUPV2)
		return imp_fail(r->c, "socket %s is not available in a cgroup hook",
				key < 3 ? names[key] : "(unknown key)");
	d = reg_at(r, e, NFTNL_EXPR_SOCKET_DREG);
	if (!d)
		return imp_fail(r->c, "socket load without a destination register");
	*d = (struct reg){ .kind = R_CGROUP, .len = 8,
			   .level = nftnl_expr_get_u32(e, NFTNL_EXPR_SOCKET_LEVEL) };
	return true;
}

static struct ir_val expr_val(struct nftnl_expr *e, uint16_t attr, bool be,
			      uint32_t *len)
{
	uint32_t l = 0;
	const void *p = nftnl_expr_get(e, attr, &l);

	if (len)
		*len = p ? l : 0;
	return p ? imp_bytes_val(p, l, be) : (struct ir_val){ 0, 0 };
}

static bool do_bitwise(struct rs *r, struct nftnl_expr *e)
{
	struct reg *s = src_reg(r, e, NFTNL_EXPR_BITWISE_SREG), *d, tmp;
	struct ir_val mask, x;
	uint32_t len = nftnl_expr_get_u32(e, NFTNL_EXPR_BITWISE_LEN);

	if (!s)
		return false;
	if (nftnl_expr_is_set(e, NFTNL_EXPR_BITWISE_OP) &&
	    nftnl_expr_get_u32(e, NFTNL_EXPR_BITWISE_OP) != NFT_BITWISE_BOOL)
		return imp_fail(r->c, "bit shifts have no cgnft equivalent");
	if ((s->kind != R_LOAD && !(s->kind == R_SPECIAL &&
	     (imp_special_is_bitmask(s->sp) || s->sp == IMP_SP_CT_MARK))) ||
	    len != s->len)
		return imp_fail(r->c, "a bitwise operation on this value has no cgnft "
				"equivalent");
	mask = expr_val(e, NFTNL_EXPR_BITWISE_MASK, s->be, NULL);
	x = expr_val(e, NFTNL_EXPR_BITWISE_XOR, s->be, NULL);
	if (x.hi || x.lo)
		return imp_fail(r->c, "a bitwise xor/or has no cgnft equivalent");
	tmp = *s;
	if (tmp.masked) {
		tmp.mask.hi &= mask.hi;
		tmp.mask.lo &= mask.lo;
	} else {
		tmp.mask = mask;
	}
	tmp.masked = true;
	d = reg_at(r, e, NFTNL_EXPR_BITWISE_DREG);
	if (!d)
		return imp_fail(r->c, "bitwise without a destination register");
	*d = tmp;
	return true;
}

static bool do_byteorder(struct rs *r, struct nftnl_expr *e)
{
	struct reg *s = src_reg(r, e, NFTNL_EXPR_BYTEORDER_SREG), *d, tmp;
	uint32_t op = nftnl_expr_get_u32(e, NFTNL_EXPR_BYTEORDER_OP);
	uint32_t size = nftnl_expr_get_u32(e, NFTNL_EXPR_BYTEORDER_SIZE);
	uint32_t len = nftnl_expr_get_u32(e, NFTNL_EXPR_BYTEORDER_LEN);

	if (!s)
		return false;
	if (s->kind == R_SPECIAL && s->sp == IMP_SP_CT_MARK && size == 4 && len == 4) {
		/* nft's `ct mark 1-5`, `ct mark < 7`: the mark converted to
		 * network order to be compared as a number; the mask (if any)
		 * stays the number it was */
		d = reg_at(r, e, NFTNL_EXPR_BYTEORDER_DREG);
		if (!d)
			return imp_fail(r->c, "byteorder without a destination register");
		tmp = *s;
		tmp.be = op == NFT_BYTEORDER_HTON;
		*d = tmp;
		return true;
	}
	if (s->kind != R_LOAD || size != s->len || len != s->len)
		return imp_fail(r->c, "a byte order conversion of this value has no "
				"cgnft equivalent");
	tmp = *s;
	/* the number stays the same, only its bytes are swapped */
	if (tmp.masked && tmp.be != (op == NFT_BYTEORDER_HTON)) {
		uint8_t b[16];

		for (uint32_t i = 0; i < tmp.len; i++)
			b[i] = (tmp.be ? tmp.mask.lo >> 8 * (tmp.len - 1 - i) :
				tmp.mask.lo >> 8 * i) & 0xff;
		tmp.mask = imp_bytes_val(b, tmp.len, op == NFT_BYTEORDER_HTON);
	}
	tmp.be = op == NFT_BYTEORDER_HTON;
	d = reg_at(r, e, NFTNL_EXPR_BYTEORDER_DREG);
	if (!d)
		return imp_fail(r->c, "byteorder without a destination register");
	*d = tmp;
	return true;
}

static bool do_verdict(struct rs *r, struct nftnl_expr *e)
{
	const char *chain = nftnl_expr_is_set(e, NFTNL_EXPR_IMM_CHAIN) ?
		nftnl_expr_get_str(e, NFTNL_EXPR_IMM_CHAIN) : NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	bool ok;

	if (!f)
		return imp_fail(r->c, "out of memory");
	ok = imp_verdict(r->c, (int)nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT),
			 chain, f);
	fclose(f);
	if (!ok) {
		free(text);
		return false;
	}
	r->verdict = true;
	return add_item(r, text) != NULL;
}

static bool do_immediate(struct rs *r, struct nftnl_expr *e)
{
	struct reg *d;

	if (nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_DREG) == NFT_REG_VERDICT)
		return do_verdict(r, e);
	d = reg_at(r, e, NFTNL_EXPR_IMM_DREG);
	if (!d)
		return imp_fail(r->c, "immediate without a destination register");
	*d = (struct reg){ .kind = R_IMM };
	d->imm = expr_val(e, NFTNL_EXPR_IMM_DATA, false, &d->len);
	return true;
}

/* ---- matches ---- */

static void note_context(struct rs *r, const struct imp_sel *sel, uint32_t op,
			 struct item *it)
{
	const struct fe_field *f = sel->f;

	it->match = true;
	it->imp_nf = f->dep_nfproto;
	it->imp_l4 = f->dep_l4proto;
	if (op != NFT_CMP_EQ || sel->how != IMP_SEL_EXACT)
		return;
	/* `ip protocol tcp` / `ip6 nexthdr tcp` name the transport header
	 * too (nft takes them as the dependency): where they hold, meta
	 * l4proto is the same protocol, and without a transport header both
	 * nft's and cgnft's loads fail.  They stay in the rule. */
	if (f == fe_field_find("ip", "protocol") || f == fe_field_find("ip6", "nexthdr")) {
		r->l4proto = sel->value.lo;
		return;
	}
	if (f->field.base != IR_BASE_META)
		return;
	if (f->field.key == IR_META_NFPROTO) {
		r->nfproto = sel->value.lo;
		it->dep_nf = sel->value.lo;
	} else if (f->field.key == IR_META_L4PROTO) {
		r->l4proto = sel->value.lo;
		it->dep_l4 = sel->value.lo;
	}
}

static bool cgroup_match(struct rs *r, const struct reg *g, uint32_t op,
			 struct ir_val v)
{
	char *path;

	if (op != NFT_CMP_EQ && op != NFT_CMP_NEQ)
		return imp_fail(r->c, "socket cgroupv2 compared with < or > has no "
				"cgnft equivalent");
	path = imp_cgroup_path(v.lo, g->level);
	if (!path)
		return imp_fail(r->c, "socket cgroupv2 level %u compares with cgroup "
				"id %llu, which is not a cgroup at that level (now)",
				g->level, (unsigned long long)v.lo);
	if (strchr(path, '"')) {
		free(path);
		return imp_fail(r->c, "socket cgroupv2: the cgroup path contains a "
				"quote, which cgnft strings cannot hold");
	}
	if (!add_item(r, xasprintf("socket cgroupv2 level %u %s\"%s\"", g->level,
				   op == NFT_CMP_NEQ ? "!= " : "", path))) {
		free(path);
		return false;
	}
	r->items[r->n - 1].match = true;
	free(path);
	return true;
}

/* Text of `sel op value` (cmp), on f. */
static bool write_cmp(struct rs *r, struct imp_sel *sel, uint32_t op, FILE *f)
{
	enum fe_type t = sel->f->type;
	int fw = imp_field_width(sel->f);
	bool flags = t == FE_T_TCP_FLAGS;

	if (sel->how == IMP_SEL_PREFIX && (flags || (op != NFT_CMP_EQ && op != NFT_CMP_NEQ))) {
		if (fw > 64)
			return imp_fail(r->c, "%s: an ordered comparison on a prefix has no "
					"cgnft equivalent", sel->name);
		sel->how = IMP_SEL_MASKED;
	}
	switch (sel->how) {
	case IMP_SEL_EXACT:
		fprintf(f, "%s %s", sel->name, flags && op == NFT_CMP_EQ ? "== " : op_str(op));
		imp_fmt_value(f, t, fw, sel->value, true);
		return true;
	case IMP_SEL_PREFIX: {
		struct ir_val host = imp_val_ones(fw - sel->plen);
		struct ir_val hi = { sel->value.hi | host.hi, sel->value.lo | host.lo };

		fprintf(f, "%s %s", sel->name, op_str(op));
		imp_fmt_range(f, t, fw, sel->value, hi);
		return true;
	}
	case IMP_SEL_MASKED:
		if (flags && op == NFT_CMP_NEQ && !sel->value.lo && !sel->value.hi) {
			/* nft's `tcp flags syn`: any of these flags is set */
			fprintf(f, "%s ", sel->name);
			imp_fmt_value(f, t, fw, sel->mask, true);
			return true;
		}
		fprintf(f, "%s & %s", sel->name, flags ? "(" : "");
		imp_fmt_value(f, t, fw, sel->mask, flags);
		fprintf(f, "%s %s", flags ? ")" : "", op == NFT_CMP_EQ ? "== " : op_str(op));
		imp_fmt_value(f, t, fw, sel->value, flags);
		return true;
	}
	return false;
}

static bool finish_item(struct rs *r, char *text, size_t len, bool ok,
			const struct imp_sel *sel, uint32_t op)
{
	struct item *it;

	(void)len;
	if (!ok) {
		free(text);
		return false;
	}
	it = add_item(r, text);
	if (!it)
		return false;
	if (sel)
		note_context(r, sel, op, it);
	else
		it->match = true;
	return true;
}

/* One `==` on a load nft merged from adjacent fields: one item per field.
 * False (nothing added) when the load is not such a merge. */
static bool split_cmp(struct rs *r, struct reg *g, struct ir_val v)
{
	struct imp_sel sels[8];
	int n = imp_split_fields(&g->ld, v, sels, 8);

	for (int i = 0; i < n; i++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);

		if (!f)
			return false;
		write_cmp(r, &sels[i], NFT_CMP_EQ, f);
		fclose(f);
		if (!finish_item(r, text, len, true, &sels[i], NFT_CMP_EQ))
			return false;
	}
	return n > 0;
}

/* The kernel's cmp and range order bytes with memcmp: on a value held in
 * host order (nft always converts it with byteorder first) that is not the
 * order of the numbers, and cgnft's < and - mean numbers. */
static bool byte_order_ok(struct rs *r, const struct reg *g, bool ordered)
{
	if (!ordered || g->be || g->len <= 1 || g->kind == R_CGROUP)
		return true;
	return imp_fail(r->c, "an ordered comparison of a host-order value "
			"(no byteorder before it) compares bytes, not numbers: no "
			"cgnft equivalent");
}

/* `ct state established,related`, `iifname "eth*"`, `iif "lo"`, ... */
static bool special_cmp(struct rs *r, const struct reg *g, struct nftnl_expr *e,
			uint32_t op)
{
	const char *name = imp_special_name(g->sp, g->out_dir);
	bool eqne = op == NFT_CMP_EQ || op == NFT_CMP_NEQ;
	uint32_t dlen = 0;
	const uint8_t *data = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &dlen);
	struct ir_val v;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	bool ok;

	/* ct mark in network order (after nft's byteorder) is a number that
	 * can be ordered; nothing else of these is */
	bool ordered_ok = g->sp == IMP_SP_CT_MARK && g->be;
	static const char *const ops[] = { [NFT_CMP_EQ] = "== ", [NFT_CMP_NEQ] = "!= ",
		[NFT_CMP_LT] = "< ", [NFT_CMP_LTE] = "<= ", [NFT_CMP_GT] = "> ",
		[NFT_CMP_GTE] = ">= " };

	if (!data || (!eqne && !ordered_ok) || op > NFT_CMP_GTE)
		return imp_fail(r->c, "%s compared with < or > has no cgnft equivalent",
				name);
	f = open_memstream(&text, &len);
	if (!f)
		return imp_fail(r->c, "out of memory");
	fprintf(f, "%s ", name);
	if (g->sp == IMP_SP_IFNAME) {
		/* a cmp on fewer bytes, without the NUL, is nft's wildcard */
		fputs(op == NFT_CMP_NEQ ? "!= " : "", f);
		ok = !g->masked && dlen >= 1 && dlen <= 16 &&
		     imp_fmt_ifname(f, data, dlen);
		fclose(f);
		if (!ok) {
			free(text);
			return imp_fail(r->c, "%s: this interface name cannot be written "
					"in cgnft", name);
		}
		return finish_item(r, text, len, true, NULL, op);
	}
	if (dlen != g->len) {
		fclose(f);
		free(text);
		return imp_fail(r->c, "%s: cmp of %u bytes has no cgnft equivalent",
				name, dlen);
	}
	v = imp_bytes_val(data, dlen, g->be);
	if (imp_special_is_bitmask(g->sp)) {
		/* nft's flag match: `& FLAGS != 0` is `ct state FLAGS`,
		 * `& FLAGS == 0` is `ct state != FLAGS`; plain cmps are
		 * `== FLAGS` and `!= FLAG` */
		if (g->masked && !v.lo)
			ok = imp_fmt_special((fputs(op == NFT_CMP_EQ ? "!= " : "", f), f),
					     g->sp, g->mask);
		else if (!g->masked && op == NFT_CMP_EQ)
			ok = imp_fmt_special((fputs("== ", f), f), g->sp, v);
		else if (!g->masked && v.lo && !(v.lo & (v.lo - 1)))
			/* nft's `!= new`: a plain cmp on one flag */
			ok = imp_fmt_special((fputs("!= ", f), f), g->sp, v);
		else if (g->masked && !(v.lo & ~g->mask.lo)) {
			/* `ct status & (assured|confirmed) == assured` */
			fputs("& ", f);
			ok = imp_fmt_flag_expr(f, g->sp, g->mask);
			fputs(op == NFT_CMP_NEQ ? " != " : " == ", f);
			ok = ok && imp_fmt_flag_expr(f, g->sp, v);
		} else
			ok = false;
	} else if (g->masked) {
		ok = g->sp == IMP_SP_CT_MARK;
		if (ok)
			fprintf(f, "& 0x%08llx %s0x%08llx", (unsigned long long)g->mask.lo,
				ops[op], (unsigned long long)v.lo);
	} else {
		fputs(op == NFT_CMP_EQ ? "" : ops[op], f);
		ok = imp_fmt_special(f, g->sp, v);
	}
	fclose(f);
	if (!ok) {
		free(text);
		return imp_fail(r->c, "%s: this comparison has no cgnft equivalent", name);
	}
	return finish_item(r, text, len, true, NULL, op);
}

static bool do_cmp(struct rs *r, struct nftnl_expr *e, struct nftnl_expr *next)
{
	struct reg *g = src_reg(r, e, NFTNL_EXPR_CMP_SREG);
	uint32_t op = nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP), dlen;
	struct ir_val v;
	struct imp_sel sel;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	bool ok = false;

	if (g && g->kind == R_SPECIAL)
		return special_cmp(r, g, e, op);
	if (!g || !byte_order_ok(r, g, op != NFT_CMP_EQ && op != NFT_CMP_NEQ))
		return false;
	v = expr_val(e, NFTNL_EXPR_CMP_DATA, g->be, &dlen);
	if (dlen != g->len)
		return imp_fail(r->c, "cmp of %u bytes against a %u-byte value has no "
				"cgnft equivalent", dlen, g->len);
	if (g->kind == R_CGROUP)
		return cgroup_match(r, g, op, v);	/* a host-order u64 */
	if (g->kind != R_LOAD)
		return imp_fail(r->c, "a comparison of a constant has no cgnft equivalent");
	if (op == NFT_CMP_EQ && !g->masked)
		ok = split_cmp(r, g, v);
	if (op == NFT_CMP_EQ && !g->masked && ok)
		return true;
	if (!imp_field(r->c, &g->ld, g->masked ? &g->mask : NULL, &v, &sel))
		return false;
	f = open_memstream(&text, &len);
	if (!f)
		return imp_fail(r->c, "out of memory");
	/* `>= a` then `<= b` on the same register: nft's range `a-b` */
	if (op == NFT_CMP_GTE && next && sel.how == IMP_SEL_EXACT &&
	    sel.f->type != FE_T_TCP_FLAGS &&
	    !strcmp(nftnl_expr_get_str(next, NFTNL_EXPR_NAME), "cmp") &&
	    nftnl_expr_get_u32(next, NFTNL_EXPR_CMP_OP) == NFT_CMP_LTE &&
	    nftnl_expr_get_u32(next, NFTNL_EXPR_CMP_SREG) ==
	    nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_SREG)) {
		uint32_t hlen;
		struct ir_val hi = expr_val(next, NFTNL_EXPR_CMP_DATA, g->be, &hlen);
		struct imp_sel hsel;

		if (hlen == g->len && imp_val_cmp(v, hi) <= 0 &&
		    imp_field(r->c, &g->ld, g->masked ? &g->mask : NULL, &hi, &hsel) &&
		    hsel.how == IMP_SEL_EXACT &&
		    imp_range_is_one_item(sel.f->type, imp_field_width(sel.f),
					  sel.value, hsel.value)) {
			fprintf(f, "%s ", sel.name);
			imp_fmt_range(f, sel.f->type, imp_field_width(sel.f),
				      sel.value, hsel.value);
			fclose(f);
			r->skip_next = true;
			return finish_item(r, text, len, true, &sel, op);
		}
	}
	ok = write_cmp(r, &sel, op, f);
	fclose(f);
	return finish_item(r, text, len, ok, &sel, op);
}

/* `ct mark 0x00000001-0x00000005` (nft: range on the mark in network order) */
static bool special_range(struct rs *r, struct nftnl_expr *e, uint32_t op)
{
	uint32_t l1 = 0, l2 = 0;
	const uint8_t *a = nftnl_expr_get(e, NFTNL_EXPR_RANGE_FROM_DATA, &l1);
	const uint8_t *b = nftnl_expr_get(e, NFTNL_EXPR_RANGE_TO_DATA, &l2);
	char *text;
	struct ir_val lo, hi;

	if (!a || !b || l1 != 4 || l2 != 4)
		return imp_fail(r->c, "range bounds of unexpected size");
	lo = imp_bytes_val(a, 4, true);
	hi = imp_bytes_val(b, 4, true);
	if (lo.lo > hi.lo)
		return imp_fail(r->c, "a range whose lower bound is above its upper "
				"bound has no cgnft equivalent");
	text = xasprintf("ct mark %s0x%08llx-0x%08llx", op == NFT_RANGE_NEQ ? "!= " : "",
			 (unsigned long long)lo.lo, (unsigned long long)hi.lo);
	return finish_item(r, text, strlen(text), true, NULL, op == NFT_RANGE_NEQ ?
			   NFT_CMP_NEQ : NFT_CMP_EQ);
}

static bool do_range(struct rs *r, struct nftnl_expr *e)
{
	struct reg *g = src_reg(r, e, NFTNL_EXPR_RANGE_SREG);
	uint32_t op = nftnl_expr_get_u32(e, NFTNL_EXPR_RANGE_OP), l1, l2;
	struct ir_val lo, hi;
	struct imp_sel sel, hsel;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	bool one;

	if (!g)
		return false;
	if (g->kind == R_SPECIAL && g->sp == IMP_SP_CT_MARK && g->be && !g->masked)
		return special_range(r, e, op);
	if (g->kind != R_LOAD || g->masked)
		return imp_fail(r->c, "a range on this value has no cgnft equivalent");
	if (!byte_order_ok(r, g, true))
		return false;
	lo = expr_val(e, NFTNL_EXPR_RANGE_FROM_DATA, g->be, &l1);
	hi = expr_val(e, NFTNL_EXPR_RANGE_TO_DATA, g->be, &l2);
	if (l1 != g->len || l2 != g->len)
		return imp_fail(r->c, "range bounds of unexpected size");
	/* the kernel accepts it; the rule then never matches (or always, !=) */
	if (imp_val_cmp(lo, hi) > 0)
		return imp_fail(r->c, "a range whose lower bound is above its upper "
				"bound has no cgnft equivalent");
	if (!imp_field(r->c, &g->ld, NULL, &lo, &sel) ||
	    !imp_field(r->c, &g->ld, NULL, &hi, &hsel))
		return false;
	if (sel.how != IMP_SEL_EXACT || sel.f->type == FE_T_TCP_FLAGS)
		return imp_fail(r->c, "a range on %s has no cgnft equivalent", sel.name);
	one = imp_range_is_one_item(sel.f->type, imp_field_width(sel.f), sel.value,
				    hsel.value);
	f = open_memstream(&text, &len);
	if (!f)
		return imp_fail(r->c, "out of memory");
	fprintf(f, "%s %s%s", sel.name, op == NFT_RANGE_NEQ ? "!= " : "", one ? "" : "{ ");
	imp_fmt_range(f, sel.f->type, imp_field_width(sel.f), sel.value, hsel.value);
	fputs(one ? "" : " }", f);
	fclose(f);
	return finish_item(r, text, len, true, &sel, NFT_CMP_NEQ);
}

/* The key parts a lookup reads, from consecutive registers. */
static bool lookup_key(struct rs *r, struct nftnl_expr *e, uint16_t sreg,
		       uint32_t key_len, struct imp_key *k, struct imp_sel *sels)
{
	int slot = slot_of(nftnl_expr_get_u32(e, sreg));
	uint32_t total = 0;

	k->n = 0;
	k->special = IMP_SP_NONE;
	while (slot >= 0 && slot < NSLOTS && total < key_len) {
		struct reg *g = &r->regs[slot];
		uint32_t step;

		if (k->n == 0 && g->kind == R_SPECIAL) {
			/* one ct key or interface: no concatenations of those */
			if (g->masked || g->len != key_len)
				return imp_fail(r->c, "a set lookup on %s with a mask or in a "
						"concatenation has no cgnft equivalent",
						imp_special_name(g->sp, g->out_dir));
			snprintf(sels[0].name, sizeof(sels[0].name), "%s",
				 imp_special_name(g->sp, g->out_dir));
			sels[0].f = NULL;
			k->special = g->sp;
			k->out_dir = g->out_dir;
			k->types[0] = FE_T_INTEGER;
			k->bits[0] = g->len * 8;
			k->be[0] = g->be;
			k->n = 1;
			return true;
		}

		if (k->n == IR_MAX_CONCAT)
			return imp_fail(r->c, "a concatenation of more than %d fields has no "
					"cgnft equivalent", IR_MAX_CONCAT);
		if (g->kind != R_LOAD)
			return imp_fail(r->c, "a set lookup on this value has no cgnft "
					"equivalent");
		if (g->masked)
			return imp_fail(r->c, "a set lookup on a masked value has no cgnft "
					"equivalent");
		if (!imp_field(r->c, &g->ld, NULL, NULL, &sels[k->n]))
			return false;
		if (sels[k->n].how != IMP_SEL_EXACT)
			return imp_fail(r->c, "a set lookup on part of %s has no cgnft "
					"equivalent", sels[k->n].name);
		k->types[k->n] = sels[k->n].f->type;
		k->bits[k->n] = imp_field_width(sels[k->n].f);
		k->be[k->n] = g->be;
		k->n++;
		if (k->n == 1 && g->len == key_len)
			return true;
		step = (g->len + 3) / 4;
		total += step * 4;
		slot += step;
	}
	if (total != key_len)
		return imp_fail(r->c, "set key of %u bytes does not match the loaded "
				"fields", key_len);
	return true;
}

static bool do_lookup(struct rs *r, struct nftnl_expr *e)
{
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_LOOKUP_SET);
	struct nftnl_set *s = imp_find_set(r->c, name);
	bool inv = nftnl_expr_is_set(e, NFTNL_EXPR_LOOKUP_FLAGS) &&
		   (nftnl_expr_get_u32(e, NFTNL_EXPR_LOOKUP_FLAGS) & NFT_LOOKUP_F_INV);
	bool vmap = nftnl_expr_is_set(e, NFTNL_EXPR_LOOKUP_DREG);
	struct imp_sel sels[IR_MAX_CONCAT];
	struct imp_key k;
	uint32_t flags;
	char *text = NULL;
	size_t len = 0;
	struct item *it;
	FILE *f;
	bool ok = true;

	if (!s)
		return imp_fail(r->c, "set %s is not in the dump", name);
	flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
	if (vmap && (nftnl_expr_get_u32(e, NFTNL_EXPR_LOOKUP_DREG) != NFT_REG_VERDICT ||
		     nftnl_set_get_u32(s, NFTNL_SET_DATA_TYPE) != NFT_DATA_VERDICT))
		return imp_fail(r->c, "data maps (map %s) are not available in a "
				"cgroup hook", name);
	if (!lookup_key(r, e, NFTNL_EXPR_LOOKUP_SREG, nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN),
			&k, sels))
		return false;
	/* anonymous sets and verdict maps are written with the lookup's
	 * selector: their declared type must agree as a named set's does */
	if (!imp_set_key_type_matches(r->c, s, &k))
		return false;
	f = open_memstream(&text, &len);
	if (!f)
		return imp_fail(r->c, "out of memory");
	for (int i = 0; i < k.n; i++)
		fprintf(f, "%s%s", i ? " . " : "", sels[i].name);
	if (vmap) {
		/* cgnft has no named verdict maps: a named one is written inline */
		fputs(" vmap { ", f);
		ok = imp_set_elements(r->c, s, &k, f);
		fputs(" }", f);
	} else if (flags & NFT_SET_ANONYMOUS) {
		fprintf(f, " %s{ ", inv ? "!= " : "");
		ok = imp_set_elements(r->c, s, &k, f);
		fputs(" }", f);
	} else if (k.special) {
		ok = imp_fail(r->c, "named sets of %s are not imported by cgnft yet "
			      "(write the elements inline)", sels[0].name);
	} else {
		ok = imp_add_set(r->c, s, &k);
		fprintf(f, " %s@%s", inv ? "!= " : "", name);
	}
	fclose(f);
	if (!ok) {
		free(text);
		return false;
	}
	it = add_item(r, text);
	if (!it)
		return false;
	it->match = true;
	if (!k.special)
		take_key_deps(it, sels, k.n);
	if (vmap)
		r->verdict = true;
	return true;
}

/* add/update/delete @set { KEY ... } and meter: the key from registers as
 * a lookup reads it; the set declared unless it is the meter's own. */
static bool do_dynset(struct rs *r, struct nftnl_expr *e)
{
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_DYNSET_SET_NAME);
	struct nftnl_set *s = imp_find_set(r->c, name);
	struct imp_sel sels[IR_MAX_CONCAT];
	struct imp_key k;
	char *key = NULL, *text, why[300];
	size_t len = 0;
	struct item *it;
	FILE *f;

	if (!s)
		return imp_fail(r->c, "set %s is not in the dump", name);
	if (!lookup_key(r, e, NFTNL_EXPR_DYNSET_SREG_KEY,
			nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN), &k, sels))
		return false;
	if (k.special)
		return imp_fail(r->c, "a dynamic set keyed by %s is not imported by cgnft "
				"yet", sels[0].name);
	f = open_memstream(&key, &len);
	if (!f)
		return imp_fail(r->c, "out of memory");
	for (int i = 0; i < k.n; i++)
		fprintf(f, "%s%s", i ? " . " : "", sels[i].name);
	fclose(f);
	text = imp_dynset_text(e, s, key, why, sizeof(why));
	free(key);
	if (!text)
		return imp_fail(r->c, "%s", why);
	if (!imp_is_meter(s, e) && !imp_add_set(r->c, s, &k)) {
		free(text);
		return false;
	}
	it = add_item(r, text);
	if (!it)
		return false;
	/* the front end gives the key its protocol dependencies, as a match */
	it->match = true;
	take_key_deps(it, sels, k.n);
	return true;
}

static bool do_counter(struct rs *r, struct nftnl_expr *e)
{
	return add_item(r, xasprintf("counter packets %llu bytes %llu",
		(unsigned long long)nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_PACKETS),
		(unsigned long long)nftnl_expr_get_u64(e, NFTNL_EXPR_CTR_BYTES))) != NULL;
}

/* nft's log statement as nft lists it (frontend/eval_log.c prints it
 * the same way after parsing) */
static bool do_log(struct rs *r, struct nftnl_expr *e)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	fputs("log", f);
	if (nftnl_expr_is_set(e, NFTNL_EXPR_LOG_PREFIX))
		fprintf(f, " prefix \"%s\"", nftnl_expr_get_str(e, NFTNL_EXPR_LOG_PREFIX));
	if (nftnl_expr_is_set(e, NFTNL_EXPR_LOG_GROUP))
		fprintf(f, " group %u", nftnl_expr_get_u16(e, NFTNL_EXPR_LOG_GROUP));
	if (nftnl_expr_is_set(e, NFTNL_EXPR_LOG_SNAPLEN))
		fprintf(f, " snaplen %u", nftnl_expr_get_u32(e, NFTNL_EXPR_LOG_SNAPLEN));
	if (nftnl_expr_is_set(e, NFTNL_EXPR_LOG_QTHRESHOLD) &&
	    nftnl_expr_get_u16(e, NFTNL_EXPR_LOG_QTHRESHOLD))
		fprintf(f, " queue-threshold %u", nftnl_expr_get_u16(e, NFTNL_EXPR_LOG_QTHRESHOLD));
	if (nftnl_expr_is_set(e, NFTNL_EXPR_LOG_LEVEL) &&
	    nftnl_expr_get_u32(e, NFTNL_EXPR_LOG_LEVEL) != IR_LOG_WARN)
		fprintf(f, " level %s", ev_log_level_name((int)nftnl_expr_get_u32(e,
						NFTNL_EXPR_LOG_LEVEL)));
	if (nftnl_expr_is_set(e, NFTNL_EXPR_LOG_FLAGS))
		ev_log_flags_text(nftnl_expr_get_u32(e, NFTNL_EXPR_LOG_FLAGS), f);
	fclose(f);
	return add_item(r, text) != NULL;
}

static bool do_limit(struct rs *r, struct nftnl_expr *e)
{
	char why[200];
	char *text = imp_limit_text(e, why, sizeof(why));

	if (!text)
		return imp_fail(r->c, "%s", why);
	return add_item(r, text) != NULL;
}

static bool do_reject(struct rs *r, struct nftnl_expr *e)
{
	char why[320];
	char *text = imp_reject_text(e, r->nfproto, r->l4proto, r->c->ingress,
				     r->c->egress, why, sizeof(why));

	if (!text)
		return imp_fail(r->c, "%s", why);
	r->verdict = true;	/* nothing runs after it, as after drop */
	return add_item(r, text) != NULL;
}

static bool refuse(struct rs *r, struct nftnl_expr *e, const char *name);

/* ct state, status, direction and mark loads; the rest of ct refused */
static bool do_ct(struct rs *r, struct nftnl_expr *e)
{
	uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_CT_KEY);
	enum imp_special sp = key == NFT_CT_STATE ? IMP_SP_CT_STATE :
			      key == NFT_CT_STATUS ? IMP_SP_CT_STATUS :
			      key == NFT_CT_DIRECTION ? IMP_SP_CT_DIR :
			      key == NFT_CT_MARK ? IMP_SP_CT_MARK : IMP_SP_NONE;

	if (sp == IMP_SP_NONE || nftnl_expr_is_set(e, NFTNL_EXPR_CT_SREG) ||
	    (nftnl_expr_is_set(e, NFTNL_EXPR_CT_DIR)))
		return refuse(r, e, "ct");
	if (r->c->ingress && sp != IMP_SP_CT_STATE)
		return imp_fail(r->c, "%s is not available at hook ingress: the kernel "
				"drops a received packet's conntrack entry before the "
				"cgroup program runs (only ct state is carried there)",
				imp_special_name(sp, false));
	return load_special(r, e, NFTNL_EXPR_CT_DREG, sp, false);
}

/* Expressions with no cgroup-hook equivalent, by nft's statement name. */
static bool refuse(struct rs *r, struct nftnl_expr *e, const char *name)
{
	static const char *const ct_keys[] = { "state", "direction", "status",
		"mark", "secmark", "expiration", "helper", "l3proto", "saddr",
		"daddr", "protocol", "proto-src", "proto-dst", "label", "packets",
		"bytes", "avgpkt", "zone", "event", "ip saddr", "ip daddr",
		"ip6 saddr", "ip6 daddr", "id" };
	static const struct { const char *expr, *what; } names[] = {
		{ "nat", "nat is not available in a cgroup hook" },
		{ "masq", "masquerade is not available in a cgroup hook" },
		{ "redir", "redirect is not available in a cgroup hook" },
		{ "queue", "queue is not available in a cgroup hook" },
		{ "dup", "dup is not available in a cgroup hook" },
		{ "fwd", "fwd is not available in a cgroup hook" },
		{ "notrack", "notrack is not available in a cgroup hook (a cgroup program "
			     "cannot change the connection tracking state)" },
		{ "tproxy", "tproxy is not available in a cgroup hook" },
		{ "synproxy", "synproxy is not available in a cgroup hook" },
		{ "connlimit", "ct count is not available in a cgroup hook (no "
			       "connection tracking)" },
		{ "objref", "named stateful objects (counter, quota, limit names) are "
			    "not available in a cgroup hook" },
		{ "hash", "jhash/symhash is not available in a cgroup hook" },
		{ "numgen", "numgen is not available in a cgroup hook" },
		{ "fib", "fib is not available in a cgroup hook" },
		{ "rt", "rt is not available in a cgroup hook" },
		{ "exthdr", "extension header and tcp option matches are not "
			    "available in a cgroup hook" },
		{ "osf", "osf is not available in a cgroup hook" },
		{ "xfrm", "ipsec is not available in a cgroup hook" },
		{ "tunnel", "tunnel is not available in a cgroup hook" },
		{ "last", "last is not available in a cgroup hook" },
		{ "flow_offload", "flow add is not available in a cgroup hook" },
		{ "match", "xtables matches are not available in a cgroup hook" },
		{ "target", "xtables targets are not available in a cgroup hook" },
		{ "inner", "inner header matches are not available in a cgroup hook" },
	};

	if (!strcmp(name, "ct")) {
		uint32_t key = nftnl_expr_get_u32(e, NFTNL_EXPR_CT_KEY);

		if (nftnl_expr_is_set(e, NFTNL_EXPR_CT_SREG))
			return imp_fail(r->c, "ct %s set is not available in a cgroup hook",
					key < sizeof(ct_keys) / sizeof(ct_keys[0]) ?
					ct_keys[key] : "(unknown key)");
		return imp_fail(r->c, "ct %s is not available in a cgroup hook (a cgroup "
				"table reads ct state, direction, status and mark only: "
				"doc/HOOKS.md)",
				key < sizeof(ct_keys) / sizeof(ct_keys[0]) ?
				ct_keys[key] : "(unknown key)");
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].expr))
			return imp_fail(r->c, "%s", names[i].what);
	return imp_fail(r->c, "expression \"%s\" is not supported by cgnft import", name);
}

static bool do_expr(struct rs *r, struct nftnl_expr *e, struct nftnl_expr *next)
{
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);

	if (!name)
		return imp_fail(r->c, "an expression without a name");
	if (r->verdict)
		return imp_fail(r->c, "%s after the verdict has no cgnft equivalent", name);
	if (!strcmp(name, "payload"))
		return do_payload(r, e);
	if (!strcmp(name, "meta"))
		return do_meta(r, e);
	if (!strcmp(name, "socket"))
		return do_socket(r, e);
	if (!strcmp(name, "bitwise"))
		return do_bitwise(r, e);
	if (!strcmp(name, "byteorder"))
		return do_byteorder(r, e);
	if (!strcmp(name, "cmp"))
		return do_cmp(r, e, next);
	if (!strcmp(name, "range"))
		return do_range(r, e);
	if (!strcmp(name, "lookup"))
		return do_lookup(r, e);
	if (!strcmp(name, "immediate"))
		return do_immediate(r, e);
	if (!strcmp(name, "counter"))
		return do_counter(r, e);
	if (!strcmp(name, "ct"))
		return do_ct(r, e);
	if (!strcmp(name, "limit"))
		return do_limit(r, e);
	if (!strcmp(name, "log"))
		return do_log(r, e);
	if (!strcmp(name, "quota"))
		return add_item(r, imp_quota_text(e)) != NULL;
	if (!strcmp(name, "reject"))
		return do_reject(r, e);
	if (!strcmp(name, "dynset"))
		return do_dynset(r, e);
	return refuse(r, e, name);
}

/* Is items[i] a dependency the next real match implies anyway? */
static bool redundant(const struct rs *r, size_t i)
{
	const struct item *d = &r->items[i];
	size_t j = i + 1;

	if (!d->dep_nf && d->dep_l4 < 0)
		return false;
	while (j < r->n && (r->items[j].dep_nf || r->items[j].dep_l4 >= 0))
		j++;
	if (j == r->n || !r->items[j].match)
		return false;
	if (d->dep_nf)
		return r->items[j].imp_nf == d->dep_nf;
	return r->items[j].imp_l4 == d->dep_l4;
}

static int comment_cb(const struct nftnl_udata *attr, void *data)
{
	if (nftnl_udata_type(attr) == NFTNL_UDATA_RULE_COMMENT && nftnl_udata_len(attr))
		*(const char **)data = nftnl_udata_get(attr);
	return 0;
}

/* The rule's comment as ` comment "..."`, malloc'ed, or NULL. */
static char *comment_of(struct nftnl_rule *nr)
{
	const char *comment = NULL;
	char *text = NULL;
	size_t len = 0;
	uint32_t ulen = 0;
	const void *ud;
	FILE *f;

	if (!nftnl_rule_is_set(nr, NFTNL_RULE_USERDATA))
		return NULL;
	ud = nftnl_rule_get_data(nr, NFTNL_RULE_USERDATA, &ulen);
	if (!ud || nftnl_udata_parse(ud, ulen, comment_cb, &comment) < 0 || !comment)
		return NULL;
	f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	fputs("comment \"", f);
	/* cgnft strings have no escapes: keep the text readable and one line */
	for (const char *p = comment; *p; p++)
		fputc(*p == '"' ? '\'' : (*p == '\n' || *p == '\r') ? ' ' : *p, f);
	fputc('"', f);
	fclose(f);
	return text;
}

bool imp_rule(struct imp_ctx *c, struct nftnl_rule *nr, FILE *out)
{
	struct rs r = { .c = c, .l4proto = -1 };
	struct nftnl_expr *exprs[MAX_EXPRS];
	struct nftnl_expr_iter *it;
	struct nftnl_expr *e;
	size_t nexprs = 0;
	bool ok = true, first = true;
	char *comment;

	r.nfproto = c->d->family == NFPROTO_IPV4 ? 2 :
		    c->d->family == NFPROTO_IPV6 ? 10 : 0;
	it = nftnl_expr_iter_create(nr);
	if (!it)
		return imp_fail(c, "out of memory");
	while ((e = nftnl_expr_iter_next(it))) {
		if (nexprs == MAX_EXPRS) {
			nftnl_expr_iter_destroy(it);
			return imp_fail(c, "rule has more than %d expressions", MAX_EXPRS);
		}
		exprs[nexprs++] = e;
	}
	nftnl_expr_iter_destroy(it);
	if (!nexprs)
		return imp_fail(c, "empty rule");
	for (size_t i = 0; ok && i < nexprs; i++) {
		ok = do_expr(&r, exprs[i], i + 1 < nexprs ? exprs[i + 1] : NULL);
		if (r.skip_next) {
			r.skip_next = false;
			i++;
		}
	}
	comment = ok ? comment_of(nr) : NULL;
	for (size_t i = 0; i < r.n; i++) {
		if (ok && !redundant(&r, i)) {
			fprintf(out, "%s%s", first ? "" : " ", r.items[i].text);
			first = false;
		}
		free(r.items[i].text);
	}
	/* last, as nft prints it */
	if (ok && comment)
		fprintf(out, " %s", comment);
	free(comment);
	return ok;
}

bool imp_verdict(struct imp_ctx *c, int code, const char *chain, FILE *out)
{
	switch (code) {
	case NF_ACCEPT:
		fputs("accept", out);
		return true;
	case NF_DROP:
		fputs("drop", out);
		return true;
	case NFT_CONTINUE:
		fputs("continue", out);
		return true;
	case NFT_RETURN:
		fputs("return", out);
		return true;
	case NFT_JUMP:
	case NFT_GOTO:
		if (!chain)
			return imp_fail(c, "jump without a chain name");
		if (!imp_is_word(chain))
			return imp_fail(c, "chain name \"%s\" cannot be written in cgnft "
					"(letters, digits, '_', '-', '.' only)", chain);
		fprintf(out, "%s %s", code == NFT_JUMP ? "jump" : "goto", chain);
		imp_add_chain(c, chain);
		return true;
	case NF_QUEUE:
		return imp_fail(c, "queue is not available in a cgroup hook");
	default:
		return imp_fail(c, "verdict %d has no cgnft equivalent", code);
	}
}
