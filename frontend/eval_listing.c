// SPDX-License-Identifier: GPL-2.0
/*
 * A rule in the form `nft list ruleset` prints it back, where nft's
 * netlink_delinearize.c gives another form than the one written, for the
 * listing only (the program is made from the rule as written; evaluation
 * calls these after a statement is evaluated, with its values):
 *   - `ip saddr & 255.255.255.0 == 10.0.0.0` as `ip saddr 10.0.0.0/24`;
 *   - `tcp flags & (syn|ack) == syn` as `tcp flags syn / syn,ack`, `& m
 *     == 0` as `! m`, `& m != 0` as `m`;
 *   - a cross-day `meta hour "22:00"-"06:00"` as `!= "06:00"-"22:00"`;
 *   - a `meta l4proto tcp` or `meta nfproto ipv4` that a later field of
 *     that protocol implies dropped, `@th,16,16` as `th dport` (`tcp
 *     dport` after `meta l4proto tcp`).
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_rule.h"
#include "ir/xalloc.h"

static char *text_of(const struct expr *x)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		xalloc_fail();
	ev_expr_text(x, m);
	fclose(m);
	return buf;
}

static void relist(const struct stmt *st, enum relop op)
{
	struct stmt *w = (struct stmt *)st;	/* evaluation's annotation */

	w->match.relisted = true;
	w->match.list_op = op;
}

void rp_list_op(struct rp *r, enum relop op)
{
	relist(r->st, op);
}

/* `selector & constant`, the one binary operation nft folds into the
 * value on listing */
static const struct expr *anded_selector(const struct stmt *st)
{
	const struct expr *x = st->match.left;

	if (x->kind != EXPR_BINOP || x->binop.op != BINOP_AND ||
	    x->binop.left->kind != EXPR_SELECTOR)
		return NULL;
	return x->binop.left;
}

void rp_list_prefix(struct rp *r, const struct lhs *l, const struct expr *x, uint64_t v)
{
	const struct expr *sel = r->st ? anded_selector(r->st) : NULL;
	unsigned w = l->sel[0].bits, len = 0;
	uint64_t full = w >= 64 ? ~0ull : (1ull << w) - 1, m = l->top_v & full;

	/* only == and !=: cgnft takes a prefix with no other operator */
	if (!sel || l->n != 1 || !x->canon || w == 0 || w > 64 ||
	    (r->st->match.op != REL_IMPLICIT && r->st->match.op != REL_EQ &&
	     r->st->match.op != REL_NE) ||
	    x->kind == EXPR_RANGE || x->kind == EXPR_PREFIX || x->kind == EXPR_MASKED)
		return;
	while (len < w && (m >> (w - 1 - len)) & 1)
		len++;
	/* the host part's bits (all 64 of them for a mask with no leading 1) */
	if (len < w && (m & (w - len >= 64 ? ~0ull : (1ull << (w - len)) - 1)))
		return;		/* not a prefix: listed as written */
	/* nft lists `& 255.0.0.0 == 10.1.0.0` (never true) as 10.1.0.0/8,
	 * which reads back as 10.0.0.0/8: kept as written */
	if (v & ~m & full)
		return;
	ev_set_canon(r->st->match.left, text_of(sel));
	if (len < w)
		ev_set_canon(x, xasprintf("%s/%u", x->canon, len));
	if (r->st->match.op == REL_EQ)
		relist(r->st, REL_IMPLICIT);
}

void rp_list_flags(struct rp *r, const struct lhs *l, enum relop op, const struct expr *x,
		   uint64_t v)
{
	const struct expr *sel = r->st ? anded_selector(r->st) : NULL;
	uint64_t m = l->top_v;
	char vb[256], mb[256];

	if (!sel || l->n != 1 || (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE) ||
	    x->kind == EXPR_MASKED || x->kind == EXPR_RANGE || m == 0)
		return;
	if (v && v == m && __builtin_popcountll(m) == 1)
		return;		/* `& syn == syn` stays */
	dt_print(l->sel[0].type, (struct ir_val){ .lo = m }, mb, sizeof(mb));
	ev_set_canon(r->st->match.left, text_of(sel));
	if (!v) {	/* none of them, or any */
		ev_set_canon(x, xstrdup(mb));
		relist(r->st, op == REL_NE ? REL_IMPLICIT : REL_NEG);
		return;
	}
	dt_print(l->sel[0].type, (struct ir_val){ .lo = v }, vb, sizeof(vb));
	ev_set_canon(x, xasprintf("%s / %s", vb, mb));
	relist(r->st, op == REL_NE ? REL_NE : REL_IMPLICIT);
}

void rp_list_hour_swapped(struct rp *r, const struct expr *x, enum relop op)
{
	char *lo, *hi;

	if (!r->st || x->kind != EXPR_RANGE)
		return;
	lo = text_of(x->range.lo);
	hi = text_of(x->range.hi);
	ev_set_canon(x->range.lo, hi);
	ev_set_canon(x->range.hi, lo);
	relist(r->st, op == REL_NE ? REL_IMPLICIT : REL_NE);
}

/* ---- dependencies nft's listing drops, raw fields it names ---- */

/* The protocol an == match of `meta l4proto` or `meta nfproto` names
 * (its canonical value), as the payload keyword that implies it. */
static const char *dependency(const struct stmt *st, bool *l4)
{
	const struct expr *k = st->match.left, *v = st->match.right;
	const char *key;

	if (st->kind != STMT_MATCH || k->kind != EXPR_SELECTOR || k->sel.kind != SEL_META ||
	    (st->match.op != REL_IMPLICIT && st->match.op != REL_EQ) || !v->canon ||
	    v->kind == EXPR_SET || v->kind == EXPR_RANGE || v->kind == EXPR_SET_REF)
		return NULL;
	key = k->sel.words[k->sel.nwords - 1];
	*l4 = !strcmp(key, "l4proto");
	if (*l4) {
		static const char *const l4[] = { "tcp", "udp", "udplite", "sctp", "dccp",
			"icmp", "esp", "ah", "comp", "igmp" };

		if (!strcmp(v->canon, "ipv6-icmp"))
			return "icmpv6";
		for (size_t i = 0; i < sizeof(l4) / sizeof(l4[0]); i++)
			if (!strcmp(v->canon, l4[i]))
				return l4[i];
		return NULL;
	}
	if (!strcmp(key, "nfproto"))
		return !strcmp(v->canon, "ipv4") ? "ip" : !strcmp(v->canon, "ipv6") ? "ip6" : NULL;
	return NULL;
}

/* `th sport`/`th dport`, written so or as @th,0,16 / @th,16,16: the
 * port's name ("sport", "dport"), else NULL */
static const char *th_port(const struct expr *x)
{
	if (x->kind != EXPR_SELECTOR)
		return NULL;
	if (x->sel.kind == SEL_PAYLOAD && x->sel.nwords == 2 && !strcmp(x->sel.words[0], "th") &&
	    (!strcmp(x->sel.words[1], "sport") || !strcmp(x->sel.words[1], "dport")))
		return x->sel.words[1];
	/* @base,offset,length: the words as written */
	if (x->sel.kind == SEL_RAW && !strcmp(x->sel.words[0], "th") &&
	    strtoul(x->sel.words[2], NULL, 0) == 16) {
		unsigned long off = strtoul(x->sel.words[1], NULL, 0);

		if (off == 0 || off == 16)
			return off ? "dport" : "sport";
	}
	return NULL;
}

static bool has_ports(const char *proto)
{
	return !strcmp(proto, "tcp") || !strcmp(proto, "udp") || !strcmp(proto, "udplite") ||
	       !strcmp(proto, "sctp") || !strcmp(proto, "dccp");
}

/* A raw port's values (0x16) as the port's (22): a value, a range, a set
 * of them. */
static void port_values(const struct expr *x)
{
	switch (x->kind) {
	case EXPR_SET:
		for (size_t i = 0; i < x->list.n; i++)
			port_values(x->list.v[i]);
		break;
	case EXPR_RANGE:
		port_values(x->range.lo);
		port_values(x->range.hi);
		break;
	case EXPR_SYMBOL:
	case EXPR_VALUE:
		if (x->canon && !strncmp(x->canon, "0x", 2))
			ev_set_canon(x, xasprintf("%llu", strtoull(x->canon, NULL, 16)));
		break;
	default:
		break;
	}
}

/* Whether a selector of x (a concatenation's, an operation's) reads a
 * field of protocol `proto`; renames a th port to proto's when renaming. */
static bool reads(const struct expr *x, const char *proto, bool rename)
{
	switch (x->kind) {
	case EXPR_CONCAT:
		for (size_t i = 0; i < x->list.n; i++)
			if (reads(x->list.v[i], proto, rename))
				return true;
		return false;
	case EXPR_BINOP:
		return reads(x->binop.left, proto, rename);
	case EXPR_SELECTOR:
		/* a raw one only alone, where its values were renamed */
		if (th_port(x) && rename && has_ports(proto) &&
		    (x->sel.kind == SEL_PAYLOAD || x->canon)) {
			ev_set_canon(x, xasprintf("%s %s", proto, th_port(x)));
			return true;
		}
		return x->sel.kind == SEL_PAYLOAD && !strcmp(x->sel.words[0], proto);
	default:
		return false;
	}
}

/* A raw field's values as nft prints them, in hex (0x1). */
static void raw_values(const struct expr *x)
{
	char *end;
	unsigned long long v;

	switch (x->kind) {
	case EXPR_SET:
		for (size_t i = 0; i < x->list.n; i++)
			raw_values(x->list.v[i]);
		break;
	case EXPR_RANGE:
		raw_values(x->range.lo);
		raw_values(x->range.hi);
		break;
	case EXPR_SYMBOL:
	case EXPR_VALUE:
		if (!x->canon || !*x->canon)
			break;
		v = strtoull(x->canon, &end, 0);
		if (!*end)
			ev_set_canon(x, xasprintf("0x%llx", v));
		break;
	default:
		break;
	}
}

/* `{ 22 }` lists as 22: nft takes a set of one element as the element */
static void one_element(const struct expr *x)
{
	const struct expr *v;

	if (x->kind != EXPR_SET || x->list.n != 1 || x->canon)
		return;
	v = x->list.v[0];
	if (v->kind == EXPR_MAPPING || v->kind == EXPR_CONCAT || v->elem)
		return;
	ev_set_canon(x, text_of(v));
}

/* `ip protocol tcp`, `ip6 nexthdr tcp`: the header a th port is of (nft
 * names it, and keeps the match) */
static const char *header_protocol(const struct stmt *st)
{
	const struct expr *k = st->match.left, *v = st->match.right;

	if (st->kind != STMT_MATCH || k->kind != EXPR_SELECTOR || k->sel.kind != SEL_PAYLOAD ||
	    k->sel.nwords != 2 || (st->match.op != REL_IMPLICIT && st->match.op != REL_EQ) ||
	    !v->canon || v->kind == EXPR_SET || v->kind == EXPR_RANGE)
		return NULL;
	if ((!strcmp(k->sel.words[0], "ip") && !strcmp(k->sel.words[1], "protocol")) ||
	    (!strcmp(k->sel.words[0], "ip6") && !strcmp(k->sel.words[1], "nexthdr")))
		return has_ports(v->canon) ? v->canon : NULL;
	return NULL;
}

static const struct expr *stmt_key(const struct stmt *st)
{
	if (st->kind == STMT_MATCH)
		return st->match.left;
	if (st->kind == STMT_VMAP)
		return st->vmap->map.key;
	return NULL;
}

void ev_list_dependencies(struct rule *rl)
{
	struct stmt *l4dep = NULL, *nfdep = NULL;
	const char *l4 = NULL, *nf = NULL, *l4ctx = NULL;

	for (size_t i = 0; i < rl->nstmts; i++) {
		struct stmt *st = &rl->stmts[i];
		const struct expr *key = stmt_key(st);
		const char *p;
		bool is_l4;

		if (st->kind == STMT_COMMENT)
			continue;
		if (!key) {	/* another statement ends the context */
			l4dep = nfdep = NULL;
			continue;
		}
		if (st->kind == STMT_MATCH)
			one_element(st->match.right);
		/* a raw port alone lists as th's, its values as ports; other
		 * raw fields' values in hex */
		if (st->kind == STMT_MATCH && key->kind == EXPR_SELECTOR &&
		    key->sel.kind == SEL_RAW) {
			if (th_port(key)) {
				ev_set_canon(key, xasprintf("th %s", th_port(key)));
				port_values(st->match.right);
			} else {
				raw_values(st->match.right);
			}
		}
		if (l4dep && reads(key, l4, true)) {
			l4dep->implied = true;
			l4dep = NULL;
		} else if (l4ctx) {
			reads(key, l4ctx, true);	/* ip protocol tcp: named */
		}
		if (nfdep && (reads(key, nf, false) ||
			      reads(key, !strcmp(nf, "ip") ? "icmp" : "icmpv6", false))) {
			nfdep->implied = true;
			nfdep = NULL;
		}
		if ((p = header_protocol(st)))
			l4ctx = p;
		if ((p = dependency(st, &is_l4))) {
			if (is_l4) {
				l4dep = st;
				l4 = p;
			} else {
				nfdep = st;
				nf = p;
			}
		}
	}
}
