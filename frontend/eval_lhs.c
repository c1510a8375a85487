// SPDX-License-Identifier: GPL-2.0
/*
 * The left side of a comparison, a lookup or a map: a selector, maybe
 * combined with constants by & | ^ << >> as nft folds them into one
 * bitwise expression, or a concatenation of selectors; with the protocol
 * dependencies of each.  Shifts are taken where nft 1.0.6 compiles them
 * consistently.
 */
#include <string.h>

#include "frontend/eval_rule.h"

static bool is_shift(enum binop op)
{
	return op == BINOP_LSHIFT || op == BINOP_RSHIFT;
}

/* Fields whose shifts cgnft compiles as nft does: one byte, or the meta
 * integers of four bytes.  nft 1.0.6 compares a shifted header field of
 * more bytes in a byte order of its own (see doc/LANGUAGE.md). */
static bool shift_ok(const struct ev_sel *s)
{
	if (s->field.base == IR_BASE_META)
		return s->field.key == IR_META_LEN || s->field.key == IR_META_CPU ||
		       s->field.key == IR_META_RANDOM;
	return (s->field.base == IR_BASE_NETWORK || s->field.base == IR_BASE_TRANSPORT) &&
	       s->field.len == 1;
}

bool rp_is_integer(const struct datatype *t)
{
	return !strcmp(t->name, "integer");
}

void rp_apply_bool(struct ir_field *f, enum binop op, uint64_t v)
{
	switch (op) {
	case BINOP_AND:
		f->mask &= v;
		f->xor &= v;
		break;
	case BINOP_OR:
		f->mask &= ~v;
		f->xor |= v;
		break;
	default:
		f->xor ^= v;
	}
}

/* A mask that keeps every bit the load has is no mask (as the IR prints
 * nothing for it). */
void rp_canon(struct ir_field *f)
{
	uint64_t full = f->len >= 8 ? ~0ull : (1ull << (f->len * 8)) - 1;

	if (f->len > 8)
		return;
	full >>= f->shift;
	if ((f->mask & full) == full)
		f->mask = ~0ull;
	else
		f->mask &= full;
}

/* One operation on top of the selector (ops[] from the innermost). */
static bool lhs_op(struct rp *r, const struct expr *x, bool last, struct lhs *l)
{
	struct ev_sel *s = &l->sel[0];
	enum binop op = x->binop.op;
	struct ir_val v;
	unsigned n;

	if (s->is_string || s->field.len > 8)
		return rp_fail(r, &x->loc, "binary operations on this selector are not "
			       "supported by cgnft yet (only on fields of up to 64 bits)");
	if (l->has_top && is_shift(l->top))
		return rp_fail(r, &x->loc, "an operation after a shift is not supported by cgnft: "
			       "nft 1.0.6 compiles it inconsistently; shift last");
	l->masked = true;
	l->rest = s->field;
	l->top = op;
	l->top_loc = x->loc;
	l->has_top = last;
	if (is_shift(op)) {
		if (!ev_shift_amount(r->e, x->binop.right, op, s->bits, &n))
			return r->ok = false;
		if (!last)
			return rp_fail(r, &x->loc, "an operation after a shift is not supported by "
				       "cgnft: nft 1.0.6 compiles it inconsistently; shift last");
		if (rp_is_integer(s->type) && !shift_ok(s))
			return rp_fail(r, &x->loc, "shifts are supported by cgnft on one-byte "
				       "header fields and meta length, cpu and random only: nft "
				       "1.0.6 compares a wider shifted field in mixed byte order");
		l->top_v = n;
		l->has_top = true;
		return true;
	}
	if (!ev_const(r->e, x->binop.right, s->type, s->bits, &v))
		return r->ok = false;
	l->top_v = v.lo;
	rp_apply_bool(&s->field, op, v.lo);
	return true;
}

static bool lhs_binop(struct rp *r, const struct expr *x, struct lhs *l)
{
	const struct expr *ops[64];
	size_t n = 0;

	for (; x->kind == EXPR_BINOP; x = x->binop.left) {
		if (n == sizeof(ops) / sizeof(ops[0]))
			return rp_fail(r, &x->loc, "too many binary operations");
		ops[n++] = x;
	}
	if (!rp_selector(r, x, &l->sel[0]))
		return false;
	if (!rp_ct_context(r, &l->sel[0], &x->loc))
		return false;
	while (n--)
		if (!lhs_op(r, ops[n], n == 0, l))
			return false;
	return true;
}

bool rp_lhs(struct rp *r, const struct expr *x, struct lhs *l)
{
	const struct expr *const *parts = x->kind == EXPR_CONCAT ?
		(const struct expr *const *)x->list.v : &x;
	size_t n = x->kind == EXPR_CONCAT ? x->list.n : 1;

	memset(l, 0, sizeof(*l));
	if (n > IR_MAX_CONCAT)
		return rp_fail(r, &x->loc, "too many concatenated fields (at most 4)");
	for (size_t i = 0; i < n; i++) {
		struct lhs one;

		memset(&one, 0, sizeof(one));
		if (!lhs_binop(r, parts[i], &one))
			return false;
		if (n > 1 && one.has_top && is_shift(one.top))
			return rp_fail(r, &parts[i]->loc, "a shifted field in a concatenation is "
				       "not supported by cgnft");
		/* nft shifts a field that ends within a byte of a wider load
		 * (ip6 dscp, frag frag-off) in its 32-bit register in host
		 * byte order, which within a concatenation keeps other bits
		 * than the field's (a single compare or set is shifted back) */
		if (n > 1 && one.sel[0].field.len > 1 && one.sel[0].field.shift % 8)
			return rp_fail(r, &parts[i]->loc, "this field in a concatenation is not "
				       "supported: nft 1.0.6 shifts it across a byte boundary in "
				       "host byte order there, which compares other bits (match it "
				       "on its own)");
		l->sel[i] = one.sel[0];
		rp_canon(&l->sel[i].field);
		l->loc[i] = parts[i]->loc;
		if (n == 1) {
			l->has_top = one.has_top;
			l->top = one.top;
			l->top_v = one.top_v;
			l->rest = one.rest;
			l->top_loc = one.top_loc;
		}
		l->masked |= one.masked;
		rp_use_family_why(r, l->sel[i].family, &parts[i]->loc,
				  l->sel[i].packet_what, l->sel[i].packet_why);
		if (!rp_dependencies(r, &l->sel[i], &parts[i]->loc))
			return false;
	}
	l->n = (int)n;
	l->all = x->loc;
	return true;
}

