// SPDX-License-Identifier: GPL-2.0
/*
 * What nft makes of a comparison whose left side ends in ^, << or >>
 * (evaluate.c binop_transfer, netlink_linearize.c): it moves the operation
 * onto the constants when the left side is still that operation at the
 * end of evaluation, i.e. unless a relational compare first converted a
 * host-order value to big endian.  The constants then change (XF_*) and
 * the field loses its top operation.  Moving ^ onto a range or `<` is not
 * the same comparison, nor >> onto a one-byte field (nft compares the
 * field shifted back in two bytes): both are reproduced, as nft runs them.
 *
 * Value maps (`meta mark set KEY map { ... }`) take the transfer as
 * verdict maps do.
 */
#include <string.h>

#include "frontend/eval_rule.h"

/* Meta keys nft keeps in host byte order: a relational compare converts
 * them to big endian first, and nft then moves nothing to the constants. */
static bool host_order(const struct ir_field *f)
{
	if (f->base == IR_BASE_CT)	/* all but the tuple's keys (ct.c's templates) */
		return f->len > 1 && f->key != IR_CT_SADDR && f->key != IR_CT_DADDR &&
		       f->key != IR_CT_PROTO_SRC && f->key != IR_CT_PROTO_DST;
	return f->base == IR_BASE_META && f->len == 4;
}

static bool shift_mismatch(struct rp *r, const struct lhs *l, const struct fe_loc *loc,
			   bool map)
{
	char msg[256];

	if (map)
		snprintf(msg, sizeof(msg), "datatype mismatch, map expects integer, mapping "
			 "expression has type %s", l->sel[0].type->desc);
	else
		snprintf(msg, sizeof(msg), "datatype mismatch, expected %s, expression has "
			 "type integer", l->sel[0].type->desc);
	return rp_fail(r, loc, msg);
}

static bool refuse_shift(struct rp *r, const struct fe_loc *loc, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s compared with a shifted field is not supported by "
		 "cgnft: nft 1.0.6 moves the shift onto it inconsistently", what);
	return rp_fail(r, loc, msg);
}

/* nft's prefix match on a header field of several bytes, when the prefix
 * is whole bytes, shortens the compare and shifts the mask and xor of a
 * bitwise left side along with it: its rule does not mean what it says. */
bool rp_prefix_mangled(const struct lhs *l, unsigned plen)
{
	const struct ir_field *f = &l->sel[0].field;

	return l->masked && f->base != IR_BASE_META && f->len > 1 && plen % 8 == 0 &&
	       plen < l->sel[0].bits;
}

static bool plan_shift(struct rp *r, const struct lhs *l, enum rhs_kind rk,
		       const struct fe_loc *rloc, bool map, struct plan *p)
{
	const struct ev_sel *sel = &l->sel[0];
	bool one = !host_order(&sel->field);
	unsigned s = (unsigned)l->top_v;

	if (!rp_is_integer(sel->type))
		return shift_mismatch(r, l, rloc, map);
	if (rk == RK_PREFIX)
		return refuse_shift(r, rloc, "a prefix");
	if (rk == RK_NAMED)
		return refuse_shift(r, rloc, map ? "a named map" : "a named set");
	if (rk == RK_ISET && one)
		return refuse_shift(r, rloc, "a set of ranges");
	p->field = l->rest;
	p->s = s;
	if (l->top == BINOP_LSHIFT) {
		if (one || rk == RK_VALUE || rk == RK_VSET) {
			p->xf = XF_SHL;
			return true;
		}
		/* the host-order value, shifted in 32 bits and compared */
		p->field.mask &= 0xffffffffull >> s;
		p->field.xor = (p->field.xor << s) & 0xffffffffull;
		p->field.lshift = (uint8_t)s;
		return true;
	}
	if (!one) {
		if (rk == RK_VALUE)
			return rp_fail(r, &l->top_loc, "Could not process rule: No data available");
		if (rk == RK_VSET)
			return refuse_shift(r, rloc, "a set of values");
		p->field.shift += s;
		p->field.mask >>= s;
		p->field.xor >>= s;
		return true;
	}
	/* a one-byte field: (x & 0xff << s) against c << s, in two bytes when
	 * the field and the shift exceed one (nft widens the constant) */
	if (rk == RK_VSET && !map && sel->bits + s > 8)
		return rp_fail(r, rloc, "Could not process rule: Invalid argument");
	rp_apply_bool(&p->field, BINOP_AND, (0xffull << s) & 0xff);
	if (sel->bits + s > 8) {
		p->field.lshift = 8;
		p->field.xor <<= 8;
	}
	p->xf = XF_SHR;
	return true;
}

static bool plan_field(struct rp *r, const struct lhs *l, enum rhs_kind rk,
		       const struct fe_loc *rloc, bool map, struct plan *p)
{
	p->field = l->sel[0].field;
	if (!l->has_top || l->n != 1)
		return true;
	if (l->top == BINOP_LSHIFT || l->top == BINOP_RSHIFT)
		return plan_shift(r, l, rk, rloc, map, p);
	if (l->top != BINOP_XOR || host_order(&p->field))
		return true;
	if (rk == RK_ISET)
		return rp_fail(r, rloc, "a set of ranges compared with a field combined by ^ is "
			       "not supported by cgnft: nft 1.0.6 moves the ^ onto the range ends");
	if (rk == RK_REL) {
		p->xf = XF_XOR;
		p->v = l->top_v;
		p->field = l->rest;
	}
	return true;
}

bool rp_plan(struct rp *r, const struct lhs *l, enum rhs_kind rk,
	     const struct fe_loc *rloc, bool map, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	if (!plan_field(r, l, rk, rloc, map, p))
		return false;
	rp_canon(&p->field);
	return true;
}

bool rp_xfer_val(struct rp *r, const struct plan *p, struct ir_val *v,
		 const struct fe_loc *loc)
{
	switch (p->xf) {
	case XF_NONE:
		break;
	case XF_XOR:
		v->lo ^= p->v;
		break;
	case XF_SHL:
		if (v->lo & ((1ull << p->s) - 1))
			return rp_fail(r, loc, "Comparison is always false");
		v->lo >>= p->s;
		break;
	case XF_SHR:
		v->lo <<= p->s;
		break;
	}
	return true;
}

/* An element's key as written: the constant nft's transfer may refuse. */
static const struct expr *elem_key(struct rp *r, const struct expr *x)
{
	if (x->kind == EXPR_MAPPING)
		x = x->mapping.key;
	for (int depth = 0; x && x->kind == EXPR_VARIABLE && depth < 16; depth++)
		x = ev_variable(r->e, x);
	return x;
}

/* nft refuses a << at the first element, in the order written, whose
 * value has bits the shift would lose; the IR set may have dropped
 * duplicates, so the elements are read again where they are written. */
static bool shl_ok(struct rp *r, const struct lhs *l, const struct expr *set,
		   const struct plan *p)
{
	struct ir_val lo, hi;

	for (int depth = 0; set && set->kind == EXPR_VARIABLE && depth < 16; depth++)
		set = ev_variable(r->e, set);
	for (size_t i = 0; set && set->kind == EXPR_SET && i < set->list.n; i++) {
		const struct expr *w = set->list.v[i], *k = elem_key(r, w);

		if (!k || !ev_interval(r->e, k, l->sel[0].type, l->sel[0].bits, &lo, &hi))
			return r->ok = false;
		if (!rp_xfer_val(r, p, &lo, w->kind == EXPR_MAPPING ? &w->mapping.key->loc :
				 &w->loc))
			return false;
	}
	return true;
}

/* The elements of anonymous set `idx` as nft's transfer changes them
 * (see rp_plan()); `p` gets the field to look up. */
static bool xfer_set(struct rp *r, const struct lhs *l, const struct expr *set, int idx,
		     bool map, struct plan *p)
{
	struct ir_set *is = &r->e->u->sets[idx];
	bool ranges = false;

	for (size_t i = 0; i < is->nelems; i++)
		ranges |= memcmp(&is->elems[i].lo[0], &is->elems[i].hi[0], sizeof(struct ir_val));
	if (!rp_plan(r, l, ranges ? RK_ISET : RK_VSET, &set->loc, map, p))
		return false;
	if (p->xf == XF_SHL && !shl_ok(r, l, set, p))
		return false;
	for (size_t i = 0; i < is->nelems && p->xf != XF_NONE; i++) {
		rp_xfer_val(r, p, &is->elems[i].lo[0], NULL);	/* checked above */
		is->elems[i].hi[0] = is->elems[i].lo[0];
	}
	return true;
}

bool rp_xfer_key(struct rp *r, const struct lhs *l, const struct expr *set,
		 bool named, bool map, struct ir_lookup *k)
{
	struct plan p;

	if (named ? !rp_plan(r, l, RK_NAMED, &set->loc, map, &p) :
	    !xfer_set(r, l, set, k->set, map, &p))
		return false;
	if (l->n == 1 && l->masked)
		k->fields[0] = p.field;
	return true;
}
