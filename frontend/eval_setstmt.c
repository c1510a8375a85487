// SPDX-License-Identifier: GPL-2.0
/*
 * `meta mark set VALUE` and `meta priority set VALUE` (and `sysctl value
 * set "..."`).  VALUE is what nft 1.0.6 takes in an inet table:
 *
 * - a constant of the target's type: `0x10`, `1:2`;
 * - a key looked up in a map of the target's type, `tcp dport map { 22 :
 *   1 }` or `map @m`: no element, and the rule stops there (NFT_BREAK);
 * - a selector, maybe with & | ^ << >> and constants (`meta mark | 0x10`),
 *   typed as nft types it: the operations keep the selector's type, so
 *   the result must be of the target's type or a plain integer (a bare
 *   payload field of 32 bits exactly).
 *
 * nft keeps a payload field in its register as the bytes it touches lie
 * in the packet (big-endian), until a shift converts them to host order
 * (ntoh; a field that does not end on a byte boundary is shifted when it
 * is loaded), and the mark takes the register's first 4 bytes as a host
 * number: a field of 2 to 4 bytes that was never shifted reaches the mark
 * with its bytes reversed on little-endian hosts.  The IR says so with
 * `bswap`.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_rule.h"
#include "frontend/proto.h"
#include "ir/xalloc.h"

static bool is_plain_integer(const struct datatype *t)
{
	return t->kind == DT_INTEGER && !strcmp(t->name, "integer");
}

static bool sysctl_value(struct rp *r, const struct expr *t, const struct expr *v)
{
	struct ir_stmt s = { .kind = IR_STMT_SET_SYSCTL_VALUE };

	rp_use_family(r, EV_SYSCTL, &t->loc);
	if (v->kind != EXPR_STRING || !v->text[0] || strlen(v->text) > 64)
		return rp_fail(r, &v->loc, "expected `sysctl value set \"VALUE\"` with 1 to "
			       "64 characters");
	s.set_sysctl.str = xstrdup(v->text);
	rp_add(r, &s);
	return true;
}

/* A word alone is a bare meta key (`mark`) or a constant (`0x10`, `none`). */
static bool is_meta_word(const struct expr *v)
{
	const struct meta_key *k;

	if (v->kind != EXPR_SYMBOL)
		return false;
	k = meta_key_find(v->text);
	return k && k->bare;
}

/* Operations on a number (`0xfffe xor 0x16`): a constant that nft folds,
 * not a field's value. */
static bool is_constant_operation(const struct expr *v)
{
	if (v->kind != EXPR_BINOP)
		return false;
	while (v->kind == EXPR_BINOP)
		v = v->binop.left;
	return v->kind == EXPR_SYMBOL && !is_meta_word(v);
}

static bool map_value(struct rp *r, const struct stmt *st, const struct ev_sel *target,
		      struct ir_stmt *s)
{
	const struct expr *m = st->set.value;
	struct ev_set *named;
	struct lhs l;
	char msg[256];

	if (!rp_lhs(r, m->map.key, &l) || !rp_key(r, &l, &s->set_meta.map))
		return false;
	s->set_meta.map.set = rp_set(r, &l, m->map.set, target->type, &named);
	if (s->set_meta.map.set < 0)
		return false;
	if (named && strcmp(named->data->name, target->type->name)) {
		snprintf(msg, sizeof(msg), "datatype mismatch: expected %s, expression has "
			 "type %s", target->type->desc, named->data->desc);
		fe_error2(r->e->d, &m->loc, &st->loc, "%s", msg);
		return r->ok = false;
	}
	/* a key with & | ^ << >> as in a verdict map */
	if (!rp_xfer_key(r, &l, m->map.set, named != NULL, true, &s->set_meta.map))
		return false;
	s->set_meta.src = IR_VALUE_MAP;
	return true;
}

/* The type, width and byte order of the value as nft evaluates it. */
/* ct keys nft loads in network byte order, as payload is */
static bool ct_big_endian(const struct ir_field *f)
{
	return f->base == IR_BASE_CT && (f->key == IR_CT_SADDR || f->key == IR_CT_DADDR ||
					 f->key == IR_CT_PROTO_SRC || f->key == IR_CT_PROTO_DST);
}

struct value {
	const struct datatype *type;
	unsigned bits;
	bool big_endian;	/* still as the bytes lie in the packet */
	bool payload;		/* a bare payload field, no operation */
};

static bool operation(struct rp *r, const struct expr *x, struct value *v,
		      struct ir_stmt *s)
{
	static const enum ir_value_op_kind ops[] = {
		[BINOP_AND] = IR_VOP_AND, [BINOP_OR] = IR_VOP_OR, [BINOP_XOR] = IR_VOP_XOR,
		[BINOP_LSHIFT] = IR_VOP_LSHIFT, [BINOP_RSHIFT] = IR_VOP_RSHIFT,
	};
	bool shift = x->binop.op == BINOP_LSHIFT || x->binop.op == BINOP_RSHIFT;
	struct ir_value_op *op = &s->set_meta.ops[s->set_meta.nops];
	struct ir_val c;

	if (s->set_meta.nops == IR_MAX_VALUE_OPS)
		return rp_fail(r, &x->loc, "more than 8 operations on a value to set: not "
			       "supported by cgnft yet");
	if (!ev_const(r->e, x->binop.right, shift ? dt_integer(32) : v->type,
		      shift ? 32 : v->bits, &c))
		return r->ok = false;
	if (shift && c.lo >= v->bits) {
		fe_error2(r->e->d, &x->binop.right->loc, &x->binop.left->loc,
			  "%s shift of %llu bits is undefined for type of %u bits width",
			  x->binop.op == BINOP_LSHIFT ? "Left" : "Right",
			  (unsigned long long)c.lo, v->bits);
		return r->ok = false;
	}
	/* nft converts a big-endian value to host order before a shift */
	if (shift)
		v->big_endian = false;
	v->payload = false;
	op->op = ops[x->binop.op];
	op->arg = (uint32_t)c.lo;
	s->set_meta.nops++;
	return true;
}

static bool field_value(struct rp *r, const struct stmt *st, const struct ev_sel *target,
			struct ir_stmt *s)
{
	const struct expr *x = st->set.value, *chain[64];
	size_t n = 0;
	unsigned nbytes = 0;
	struct value v;
	struct ev_sel src;
	char msg[256];

	if (x->kind == EXPR_CONCAT)
		return rp_fail(r, &x->loc, "datatype mismatch: a concatenation is a key to "
			       "look up in a map: `a . b map { ... }`");
	for (; x->kind == EXPR_BINOP && n < 64; x = x->binop.left)
		chain[n++] = x;
	if (x->kind == EXPR_BINOP)
		return rp_fail(r, &x->loc, "too many operations on a value to set");
	if (!rp_selector(r, x, &src))
		return false;
	if (!rp_ct_context(r, &src, &x->loc))
		return false;
	rp_use_family_why(r, src.family, &x->loc, src.packet_what, src.packet_why);
	if (!rp_dependencies(r, &src, &x->loc))
		return false;
	v = (struct value){
		.type = src.type, .bits = src.bits,
		.payload = src.field.base == IR_BASE_NETWORK || src.field.base == IR_BASE_TRANSPORT ||
			   ct_big_endian(&src.field),
	};
	if (v.payload) {
		/* nft loads the bytes the field touches; a field that does
		 * not end on a byte boundary is shifted (so in host order) */
		unsigned span = 8 * src.field.len - src.field.shift;

		nbytes = (span + 7) / 8;
		v.big_endian = nbytes > 1 && nbytes * 8 == span;
	}
	while (n)
		if (!operation(r, chain[--n], &v, s))
			return false;
	if (v.payload && is_plain_integer(v.type) && v.bits != 32) {
		snprintf(msg, sizeof(msg), "datatype mismatch: expected %s, expression has type "
			 "%s with length %u", target->type->desc, v.type->desc, v.bits);
		fe_error2(r->e->d, &st->set.value->loc, &st->loc, "%s", msg);
		return r->ok = false;
	}
	if (!is_plain_integer(v.type) && strcmp(v.type->name, target->type->name)) {
		snprintf(msg, sizeof(msg), "datatype mismatch: expected %s, expression has type "
			 "%s", target->type->desc, v.type->desc);
		fe_error2(r->e->d, &st->set.value->loc, &st->loc, "%s", msg);
		return r->ok = false;
	}
	if (src.field.len > 4)
		return rp_fail(r, &x->loc, "setting a value from a field that spans more than 4 "
			       "bytes is not supported by cgnft yet");
	s->set_meta.src = IR_VALUE_FIELD;
	s->set_meta.field = src.field;
	s->set_meta.bswap = v.big_endian ? nbytes : 0;
	return true;
}

bool rp_set_stmt(struct rp *r, const struct stmt *st)
{
	const struct expr *t = st->set.target, *v = st->set.value;
	struct ir_stmt s = { .kind = IR_STMT_SET_META };
	struct ev_sel target;
	struct ir_val val;

	if (t->kind == EXPR_SELECTOR && t->sel.kind == SEL_SYSCTL &&
	    t->sel.nwords == 2 && !strcmp(t->sel.words[1], "value"))
		return sysctl_value(r, t, v);
	if (!(t->kind == EXPR_SYMBOL || (t->kind == EXPR_SELECTOR && t->sel.kind == SEL_META)))
		return rp_fail(r, &t->loc, "only meta mark and meta priority can be set in a cgroup "
			       "table (packet headers cannot be changed by cgroup_skb programs)");
	if (!ev_selector(r->e, t, &target))
		return r->ok = false;
	if (target.field.key != IR_META_MARK && target.field.key != IR_META_PRIORITY)
		return rp_fail(r, &t->loc, "only meta mark and meta priority can be set in a "
			       "cgroup table");
	rp_use_family(r, EV_PACKET, &t->loc);
	s.set_meta.key = target.field.key;
	if (v->kind == EXPR_MAP) {
		if (!map_value(r, st, &target, &s))
			return false;
	} else if (v->kind == EXPR_SELECTOR || (v->kind == EXPR_BINOP &&
		   !is_constant_operation(v)) || v->kind == EXPR_CONCAT || is_meta_word(v)) {
		if (!field_value(r, st, &target, &s))
			return false;
	} else {
		if (!ev_const(r->e, v, target.type, target.bits, &val))
			return r->ok = false;
		if (v->kind == EXPR_BINOP) {	/* nft lists the folded value */
			char buf[64];

			dt_print(target.type, val, buf, sizeof(buf));
			ev_set_canon(v, xstrdup(buf));
		}
		s.set_meta.value = (uint32_t)val.lo;
	}
	rp_add(r, &s);
	return true;
}
