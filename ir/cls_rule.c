// SPDX-License-Identifier: GPL-2.0
/*
 * The classification pass, step 1: what a rule matches, as ranges per
 * field.  Only side-effect-free matches followed by at most a counter and a
 * final accept/drop/return can be reordered into a table search; anything
 * else (meta mark set, jump, a rule without a verdict) ends a run.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

int cls_field_cmp(const struct ir_field *a, const struct ir_field *b)
{
#define CMP(m) if (a->m != b->m) return a->m < b->m ? -1 : 1
	CMP(base); CMP(key); CMP(offset); CMP(len); CMP(shift); CMP(mask);
	CMP(lshift); CMP(xor);
	CMP(level); CMP(numeric_string);
#undef CMP
	return 0;
}

/* The largest value a load of the field can give (fields of <= 8 bytes):
 * every value (v << lshift) ^ xor has only bits of this bound. */
uint64_t cls_field_max(const struct ir_field *f)
{
	uint64_t full = f->len >= 8 ? ~0ull : (1ull << (f->len * 8)) - 1;

	return (((full >> f->shift) & f->mask) << f->lshift) | f->xor;
}

/* Fields whose load is a plain read that cgroup_skb codegen can repeat for
 * a key: no helper with side effects, nothing socket-dependent. */
static bool field_is_key(const struct ir_field *f)
{
	switch (f->base) {
	case IR_BASE_NETWORK:
	case IR_BASE_TRANSPORT:
	case IR_BASE_EXTHDR:
	case IR_BASE_EXTHDR_FOUND:
	case IR_BASE_TCPOPT:
	case IR_BASE_TCPOPT_FOUND:
	case IR_BASE_SCTPCHUNK:
	case IR_BASE_SCTPCHUNK_FOUND:
		return f->len == 16 ? f->shift == 0 && f->mask == ~0ull &&
				      !f->lshift && !f->xor :
		       f->len == 1 || f->len == 2 || f->len == 4 || f->len == 8;
	case IR_BASE_META:
		return f->key == IR_META_NFPROTO || f->key == IR_META_L4PROTO ||
		       f->key == IR_META_PROTOCOL || f->key == IR_META_LEN ||
		       f->key == IR_META_MARK || f->key == IR_META_PRIORITY;
	default:
		return false;
	}
}

/* Grows by doubling: a set's elements are added one by one, and growing by
 * one copied the whole array each time (1e5 elements took minutes where the
 * allocator cannot grow in place, as under ASan). */
static void cond_add(struct cls_cond *c, struct ir_val lo, struct ir_val hi)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 4;
		c->lo = xrealloc(c->lo, c->cap * sizeof(*c->lo));
		c->hi = xrealloc(c->hi, c->cap * sizeof(*c->hi));
	}
	c->lo[c->n] = lo;
	c->hi[c->n] = hi;
	c->n++;
}

/* The range(s) a MATCH accepts; false when not expressible (`!=`, an empty
 * `< 0`, relational compares on 16-byte fields). */
static bool match_ranges(const struct ir_stmt *s, struct cls_cond *c)
{
	const struct ir_field *f = &s->match.field;
	struct ir_val v = s->match.value, lo = v, hi = v;
	uint64_t max;

	if (f->len == 16) {
		if (s->match.op == IR_OP_RANGE)
			hi = s->match.value_hi;
		else if (s->match.op != IR_OP_EQ)
			return false;
		cond_add(c, lo, hi);
		return true;
	}
	max = cls_field_max(f);
	switch (s->match.op) {
	case IR_OP_EQ: break;
	case IR_OP_RANGE: hi = s->match.value_hi; break;
	case IR_OP_LT:
		if (!v.lo)
			return false;
		lo.lo = 0; hi.lo = v.lo - 1;
		break;
	case IR_OP_LE: lo.lo = 0; break;
	case IR_OP_GT:
		if (v.lo >= max)
			return false;
		lo.lo = v.lo + 1; hi.lo = max;
		break;
	case IR_OP_GE: hi.lo = max; break;
	default:
		return false;
	}
	if (lo.lo > hi.lo || hi.lo > max)
		return false;
	cond_add(c, lo, hi);
	return true;
}

static bool lookup_ranges(const struct ir_unit *unit, const struct ir_stmt *s,
			  struct cls_cond *c)
{
	const struct ir_set *set = &unit->sets[s->lookup.set];

	if (s->lookup.neg || s->lookup.nfields != 1 || set->nfields != 1 ||
	    set->is_vmap || !set->nelems)
		return false;
	for (size_t i = 0; i < set->nelems; i++)
		cond_add(c, set->elems[i].lo[0], set->elems[i].hi[0]);
	return true;
}

static int cond_cmp(const void *a, const void *b)
{
	return cls_field_cmp(&((const struct cls_cond *)a)->field,
			     &((const struct cls_cond *)b)->field);
}

static bool is_terminal(const struct ir_stmt *s)
{
	return s->kind == IR_STMT_VERDICT &&
	       (s->verdict.kind == IR_VERDICT_ACCEPT ||
		s->verdict.kind == IR_VERDICT_DROP ||
		s->verdict.kind == IR_VERDICT_RETURN);
}

void cls_rule_analyze(const struct ir_unit *unit, const struct ir_rule *r,
		      struct cls_rule *out)
{
	size_t n = r->nstmts, nmatch = n;
	size_t boxes = 1;

	/* conds past nconds are never read: a 720-byte memset per rule was
	 * most of the classifier's setup at 100k rules */
	out->pure = out->keyed = false;
	out->nconds = 0;
	if (!n || !is_terminal(&r->stmts[n - 1]))
		return;
	nmatch = n - 1;
	if (nmatch && r->stmts[nmatch - 1].kind == IR_STMT_COUNTER)
		nmatch--;
	if (!nmatch)
		return;		/* `drop` alone: a catch-all ends the run */
	for (size_t i = 0; i < nmatch; i++)
		if ((r->stmts[i].kind != IR_STMT_MATCH &&
		     r->stmts[i].kind != IR_STMT_LOOKUP) ||
		    (r->stmts[i].kind == IR_STMT_LOOKUP &&
		     unit->sets[r->stmts[i].lookup.set].dynamic))
			return;		/* a dynamic set changes at run time */
	out->pure = true;
	out->keyed = nmatch <= CLS_MAX_CONDS;
	for (size_t i = 0; i < nmatch && out->keyed; i++) {
		const struct ir_stmt *s = &r->stmts[i];
		struct cls_cond *c = &out->conds[out->nconds++];

		memset(c, 0, sizeof(*c));
		c->field = s->kind == IR_STMT_MATCH ? s->match.field :
			   s->lookup.fields[0];
		out->keyed = field_is_key(&c->field) &&
			     (s->kind == IR_STMT_MATCH ? match_ranges(s, c) :
			      lookup_ranges(unit, s, c));
		for (int j = 0; j < out->nconds - 1 && out->keyed; j++)
			if (!cls_field_cmp(&out->conds[j].field, &c->field))
				out->keyed = false;	/* a field twice */
		boxes *= c->n ? c->n : 1;
		if (boxes > IR_CLS_MAX_BOXES)
			out->keyed = false;
	}
	if (out->keyed)
		qsort(out->conds, out->nconds, sizeof(out->conds[0]), cond_cmp);
}

void cls_rule_free(struct cls_rule *r)
{
	for (int i = 0; i < r->nconds; i++) {
		free(r->conds[i].lo);
		free(r->conds[i].hi);
	}
}

struct ir_cls_rule_action ir_cls_rule_action(const struct ir_rule *rule)
{
	const struct ir_stmt *v = &rule->stmts[rule->nstmts - 1];
	struct ir_cls_rule_action a = { .counter = -1 };

	a.action = v->verdict.kind == IR_VERDICT_ACCEPT ? IR_CLS_ACCEPT :
		   v->verdict.kind == IR_VERDICT_DROP ? IR_CLS_DROP :
		   IR_CLS_RETURN;
	if (rule->nstmts >= 2 &&
	    rule->stmts[rule->nstmts - 2].kind == IR_STMT_COUNTER)
		a.counter = rule->stmts[rule->nstmts - 2].counter.index;
	return a;
}
