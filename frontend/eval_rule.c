// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of rules: each statement checked against the hook and its
 * neighbours and lowered to IR statements.  A selector's protocol
 * dependencies come first, once per rule, as nft's
 * payload_gen_dependency inserts them for the inet family (`tcp dport 22`
 * is `meta l4proto tcp` then the port; `icmp id 1` also needs an echo
 * type); a conflicting one is an error.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/evaluate.h"
#include "frontend/proto.h"
#include "ir/xalloc.h"

struct rp {
	struct evctx *e;
	struct ev_chain *c;
	struct ir_rule *rule;
	int nfproto;		/* established by a dependency or match; 0: none */
	const char *nf_by;
	int l4proto;		/* -1: none */
	const char *l4_by;
	bool echo_done;
	bool verdict_seen, comment_seen;
	bool ok;
	/* `sysctl name { "a", "b" }`: the rule is repeated per string */
	char **alts;
	size_t nalts, alt_stmt;
};

static bool fail(struct rp *r, const struct fe_loc *loc, const char *msg)
{
	fe_error(r->e->d, loc, "%s", msg);
	r->ok = false;
	return false;
}

static void add(struct rp *r, const struct ir_stmt *s)
{
	ir_rule_add_stmt(r->rule, s);
}

static void use_family(struct rp *r, enum ev_family f, const struct fe_loc *loc)
{
	if (!r->c->uses_family[f]) {
		r->c->uses_family[f] = true;
		r->c->family_loc[f] = *loc;
	}
}

static void add_meta_eq(struct rp *r, enum ir_meta key, uint64_t v)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };

	s.match.field = (struct ir_field){ .base = IR_BASE_META, .key = key,
					   .len = 1, .mask = ~0ull };
	s.match.op = IR_OP_EQ;
	s.match.value.lo = v;
	add(r, &s);
}

static const char *nf_name(int nf)
{
	return nf == 2 ? "ip" : nf == 10 ? "ip6" : "meta nfproto";
}

/* The implicit dependencies of a read, or an error when the rule already
 * settled another protocol (nft: "conflicting protocols specified"). */
static bool dependencies(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc)
{
	char msg[256];

	/* a transport header's family is a soft dependency: nft adds `meta
	 * nfproto ipv4` for icmp only when the rule has no family yet, and
	 * takes `ip6 saddr ::1 icmp type 8` as it is */
	if (s->dep_nfproto && r->nfproto && r->nfproto != s->dep_nfproto &&
	    (s->field.base == IR_BASE_EXTHDR || s->field.base == IR_BASE_EXTHDR_FOUND)) {
		snprintf(msg, sizeof(msg), "cannot use exthdr with %s", nf_name(r->nfproto));
		return fail(r, loc, msg);
	}
	if (s->dep_nfproto && r->nfproto && r->nfproto != s->dep_nfproto &&
	    s->field.base == IR_BASE_NETWORK) {
		snprintf(msg, sizeof(msg), "conflicting protocols specified: %s vs. %s",
			 r->nf_by ? r->nf_by : nf_name(r->nfproto), s->proto);
		return fail(r, loc, msg);
	}
	if (s->dep_l4proto >= 0 && r->l4proto >= 0 && r->l4proto != s->dep_l4proto) {
		snprintf(msg, sizeof(msg), "conflicting protocols specified: %s vs. %s",
			 r->l4_by ? r->l4_by : "meta l4proto", s->proto);
		return fail(r, loc, msg);
	}
	if (s->dep_nfproto && !r->nfproto) {
		add_meta_eq(r, IR_META_NFPROTO, s->dep_nfproto);
		r->nfproto = s->dep_nfproto;
		r->nf_by = s->proto;
	}
	if (s->dep_l4proto >= 0 && r->l4proto < 0) {
		add_meta_eq(r, IR_META_L4PROTO, s->dep_l4proto);
		r->l4proto = s->dep_l4proto;
		r->l4_by = s->proto;
	}
	if (s->echo_dep && !r->echo_done) {
		/* icmp type { echo-reply, echo-request } (icmpv6: 129, 128) */
		struct ir_set set = { .anonymous = true, .nfields = 1, .field_len = { 1 } };
		struct ir_stmt st = { .kind = IR_STMT_LOOKUP };
		bool v6 = s->dep_l4proto == 58;

		set.elems = xzalloc(2 * sizeof(*set.elems));
		set.elems[0].lo[0].lo = set.elems[0].hi[0].lo = v6 ? 128 : 0;
		set.elems[1].lo[0].lo = set.elems[1].hi[0].lo = v6 ? 129 : 8;
		set.nelems = 2;
		set.name = xasprintf("__set%d", r->e->nanon++);
		st.lookup.nfields = 1;
		st.lookup.fields[0] = proto_ir_field(IR_BASE_TRANSPORT, 0, 8);
		st.lookup.set = ir_unit_add_set(r->e->u, &set);
		add(r, &st);
		r->echo_done = true;
	}
	return true;
}

static enum ir_op ir_op(enum relop op)
{
	switch (op) {
	case REL_NE: return IR_OP_NE;
	case REL_LT: return IR_OP_LT;
	case REL_GT: return IR_OP_GT;
	case REL_LE: return IR_OP_LE;
	case REL_GE: return IR_OP_GE;
	default: return IR_OP_EQ;
	}
}

/*
 * The left side: one selector, maybe combined with constants by & | ^ <<
 * >>, or a concatenation of selectors.  nft folds & | ^ into one bitwise
 * expression, (x & mask) ^ xor (netlink_gen_bitwise); the field's `all`
 * carries every operation.  The last operation (`top`) is also kept apart,
 * as `rest` is the field without it: nft moves a last ^, << or >> onto the
 * constants of some comparisons (binop_transfer), which is not always the
 * same comparison (see transfer()).
 */
struct lhs {
	struct ev_sel sel[IR_MAX_CONCAT];
	struct fe_loc loc[IR_MAX_CONCAT];
	int n;
	bool masked;			/* any binary operation */
	bool has_top;
	enum binop top;
	uint64_t top_v;			/* its constant or shift amount */
	struct ir_field rest;		/* sel[0].field without the top operation */
	struct fe_loc top_loc;
};

static bool is_shift(enum binop op)
{
	return op == BINOP_LSHIFT || op == BINOP_RSHIFT;
}

/* Meta keys nft keeps in host byte order: a relational compare converts
 * them to big endian first, and nft then moves nothing to the constants. */
static bool host_order(const struct ir_field *f)
{
	return f->base == IR_BASE_META && f->len == 4;
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

static bool is_integer(const struct datatype *t)
{
	return !strcmp(t->name, "integer");
}

static void apply_bool(struct ir_field *f, enum binop op, uint64_t v)
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

/* One spelling per transform: a mask that keeps every bit the load has
 * is no mask (as the IR prints nothing for it). */
static void canon(struct ir_field *f)
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
		return fail(r, &x->loc, "binary operations on this selector are not supported by "
			    "cgnft yet (only on fields of up to 64 bits)");
	if (l->has_top && is_shift(l->top))
		return fail(r, &x->loc, "an operation after a shift is not supported by cgnft: "
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
			return fail(r, &x->loc, "an operation after a shift is not supported by "
				    "cgnft: nft 1.0.6 compiles it inconsistently; shift last");
		if (is_integer(s->type) && !shift_ok(s))
			return fail(r, &x->loc, "shifts are supported by cgnft on one-byte header "
				    "fields and meta length, cpu and random only: nft 1.0.6 compares "
				    "a wider shifted field in mixed byte order");
		l->top_v = n;
		l->has_top = true;
		return true;
	}
	if (!ev_const(r->e, x->binop.right, s->type, s->bits, &v))
		return r->ok = false;
	l->top_v = v.lo;
	apply_bool(&s->field, op, v.lo);
	return true;
}

static bool lhs_binop(struct rp *r, const struct expr *x, struct lhs *l)
{
	const struct expr *ops[64];
	size_t n = 0;

	for (; x->kind == EXPR_BINOP; x = x->binop.left) {
		if (n == sizeof(ops) / sizeof(ops[0]))
			return fail(r, &x->loc, "too many binary operations");
		ops[n++] = x;
	}
	if (!ev_selector(r->e, x, &l->sel[0]))
		return r->ok = false;
	while (n--)
		if (!lhs_op(r, ops[n], n == 0, l))
			return false;
	return true;
}

static bool lhs(struct rp *r, const struct expr *x, struct lhs *l)
{
	const struct expr *const *parts = x->kind == EXPR_CONCAT ?
		(const struct expr *const *)x->list.v : &x;
	size_t n = x->kind == EXPR_CONCAT ? x->list.n : 1;

	memset(l, 0, sizeof(*l));
	if (n > IR_MAX_CONCAT)
		return fail(r, &x->loc, "too many concatenated fields (at most 4)");
	for (size_t i = 0; i < n; i++) {
		struct lhs one;

		memset(&one, 0, sizeof(one));
		if (!lhs_binop(r, parts[i], &one))
			return false;
		if (n > 1 && one.has_top && is_shift(one.top))
			return fail(r, &parts[i]->loc, "a shifted field in a concatenation is not "
				    "supported by cgnft");
		l->sel[i] = one.sel[0];
		canon(&l->sel[i].field);
		l->loc[i] = parts[i]->loc;
		if (n == 1) {
			l->has_top = one.has_top;
			l->top = one.top;
			l->top_v = one.top_v;
			l->rest = one.rest;
			l->top_loc = one.top_loc;
		}
		l->masked |= one.masked;
		use_family(r, l->sel[i].family, &parts[i]->loc);
		if (!dependencies(r, &l->sel[i], &parts[i]->loc))
			return false;
	}
	l->n = (int)n;
	return true;
}

/*
 * What nft makes of a comparison whose left side ends in ^, << or >>
 * (evaluate.c binop_transfer, netlink_linearize.c): it moves the operation
 * onto the constants when the left side is still that operation at the
 * end of evaluation, i.e. unless a relational compare first converted a
 * host-order value to big endian.  The constants then change (XF_*) and
 * the field loses its top operation.  Moving ^ onto a range or `<` is not
 * the same comparison, nor >> onto a one-byte field (nft compares the
 * field shifted back in two bytes): both are reproduced, as nft runs them.
 */
enum rhs_kind {
	RK_VALUE,		/* == != or implicit, one value */
	RK_REL,			/* < > <= >=, a range */
	RK_PREFIX,
	RK_VSET,		/* an anonymous set or vmap of single values */
	RK_ISET,		/* an anonymous set with ranges or prefixes */
	RK_NAMED,
};

enum xfer { XF_NONE, XF_XOR, XF_SHL, XF_SHR };

struct plan {
	enum xfer xf;
	unsigned s;		/* XF_SHL, XF_SHR: the shift; XF_SHR: also nb */
	uint64_t v;		/* XF_XOR */
	struct ir_field field;	/* what the IR compares */
};

static bool shift_mismatch(struct rp *r, const struct lhs *l, const struct fe_loc *loc,
			   bool vmap)
{
	char msg[256];

	if (vmap)
		snprintf(msg, sizeof(msg), "datatype mismatch, map expects integer, mapping "
			 "expression has type %s", l->sel[0].type->desc);
	else
		snprintf(msg, sizeof(msg), "datatype mismatch, expected %s, expression has "
			 "type integer", l->sel[0].type->desc);
	return fail(r, loc, msg);
}

static bool refuse_shift(struct rp *r, const struct fe_loc *loc, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s compared with a shifted field is not supported by "
		 "cgnft: nft 1.0.6 moves the shift onto it inconsistently", what);
	return fail(r, loc, msg);
}

/* nft's prefix match on a header field of several bytes, when the prefix
 * is whole bytes, shortens the compare and shifts the mask and xor of a
 * bitwise left side along with it: its rule does not mean what it says. */
static bool prefix_mangled(const struct lhs *l, unsigned plen)
{
	const struct ir_field *f = &l->sel[0].field;

	return l->masked && f->base != IR_BASE_META && f->len > 1 && plen % 8 == 0 &&
	       plen < l->sel[0].bits;
}

static bool plan_shift(struct rp *r, const struct lhs *l, enum rhs_kind rk,
		       const struct fe_loc *rloc, bool vmap, struct plan *p)
{
	const struct ev_sel *sel = &l->sel[0];
	bool one = !host_order(&sel->field);
	unsigned s = (unsigned)l->top_v;

	if (!is_integer(sel->type))
		return shift_mismatch(r, l, rloc, vmap);
	if (rk == RK_PREFIX)
		return refuse_shift(r, rloc, "a prefix");
	if (rk == RK_NAMED)
		return refuse_shift(r, rloc, "a named set");
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
			return fail(r, &l->top_loc, "Could not process rule: No data available");
		if (rk == RK_VSET)
			return refuse_shift(r, rloc, "a set of values");
		p->field.shift += s;
		p->field.mask >>= s;
		p->field.xor >>= s;
		return true;
	}
	/* a one-byte field: (x & 0xff << s) against c << s, in two bytes when
	 * the field and the shift exceed one (nft widens the constant) */
	if (rk == RK_VSET && !vmap && sel->bits + s > 8)
		return fail(r, rloc, "Could not process rule: Invalid argument");
	apply_bool(&p->field, BINOP_AND, (0xffull << s) & 0xff);
	if (sel->bits + s > 8) {
		p->field.lshift = 8;
		p->field.xor <<= 8;
	}
	p->xf = XF_SHR;
	return true;
}

static bool plan_field(struct rp *r, const struct lhs *l, enum rhs_kind rk,
		       const struct fe_loc *rloc, bool vmap, struct plan *p)
{
	p->field = l->sel[0].field;
	if (!l->has_top || l->n != 1)
		return true;
	if (is_shift(l->top))
		return plan_shift(r, l, rk, rloc, vmap, p);
	if (l->top != BINOP_XOR || host_order(&p->field))
		return true;
	if (rk == RK_ISET)
		return fail(r, rloc, "a set of ranges compared with a field combined by ^ is "
			    "not supported by cgnft: nft 1.0.6 moves the ^ onto the range ends");
	if (rk == RK_REL) {
		p->xf = XF_XOR;
		p->v = l->top_v;
		p->field = l->rest;
	}
	return true;
}

static bool plan(struct rp *r, const struct lhs *l, enum rhs_kind rk,
		 const struct fe_loc *rloc, bool vmap, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	if (!plan_field(r, l, rk, rloc, vmap, p))
		return false;
	canon(&p->field);
	return true;
}

/* A constant of the comparison, as nft's transfer changes it (false after
 * reporting "Comparison is always false", as nft does). */
static bool xfer_val(struct rp *r, const struct plan *p, struct ir_val *v,
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
			return fail(r, loc, "Comparison is always false");
		v->lo >>= p->s;
		break;
	case XF_SHR:
		v->lo <<= p->s;
		break;
	}
	return true;
}

/* The elements of anonymous set `idx` as nft's transfer changes them
 * (see plan()); `p` gets the field to look up. */
static bool xfer_set(struct rp *r, const struct lhs *l, const struct expr *set, int idx,
		     bool vmap, struct plan *p)
{
	struct ir_set *is = &r->e->u->sets[idx];
	bool ranges = false;

	for (size_t i = 0; i < is->nelems; i++)
		ranges |= memcmp(&is->elems[i].lo[0], &is->elems[i].hi[0], sizeof(struct ir_val));
	if (!plan(r, l, ranges ? RK_ISET : RK_VSET, &set->loc, vmap, p))
		return false;
	for (size_t i = 0; i < is->nelems && p->xf != XF_NONE; i++) {
		const struct expr *x = set->kind == EXPR_SET && i < set->list.n ?
				       set->list.v[i] : set;

		if (x->kind == EXPR_MAPPING)
			x = x->mapping.key;
		if (!xfer_val(r, p, &is->elems[i].lo[0], &x->loc))
			return false;
		is->elems[i].hi[0] = is->elems[i].lo[0];
	}
	return true;
}

/* A lookup in an anonymous or named set. */
static bool lookup(struct rp *r, const struct lhs *l, enum relop op,
		   const struct fe_loc *oloc, const struct expr *set, bool vmap)
{
	const struct datatype *types[IR_MAX_CONCAT];
	unsigned bits[IR_MAX_CONCAT];
	struct ir_stmt s = { .kind = vmap ? IR_STMT_VMAP : IR_STMT_LOOKUP };
	struct plan p;

	if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
		return fail(r, oloc, "only == and != can be used with a set");
	if (vmap && (l->n > 1 || l->sel[0].bits > 64))
		return fail(r, &l->loc[0], "verdict maps keyed by a concatenation or an IPv6 "
			    "address are not supported yet: use a set per verdict");
	for (int i = 0; i < l->n; i++) {
		if (l->sel[i].is_string && !(l->sel[i].field.base == IR_BASE_SYSCTL &&
		    (l->sel[i].field.key == IR_SYSCTL_NEW_VALUE ||
		     l->sel[i].field.key == IR_SYSCTL_CUR_VALUE)))
			return fail(r, &l->loc[i], "this selector cannot be looked up in a set");
		types[i] = l->sel[i].type;
		bits[i] = l->sel[i].bits;
		s.lookup.fields[i] = l->sel[i].field;
		s.lookup.fields[i].numeric_string = l->sel[i].is_string;
	}
	s.lookup.nfields = l->n;
	s.lookup.neg = op == REL_NE;
	if (set->kind == EXPR_SET_REF) {
		struct ev_set *ns = ev_lookup_set(r->e, set->text);
		char msg[256];

		if (!ns) {
			snprintf(msg, sizeof(msg), "Could not process rule: Set '%s' does not exist",
				 set->text);
			return fail(r, &set->loc, msg);
		}
		if (ns->nfields < 0)
			return r->ok = false;
		if (vmap != ns->is_map)
			return fail(r, &set->loc, vmap ? "a verdict map needs a map: this is a set" :
				    "a map is looked up with vmap");
		if (ns->nfields != l->n)
			return fail(r, &set->loc, "datatype mismatch: the set's key has a different "
				    "number of concatenated fields");
		for (int i = 0; i < l->n; i++)
			if (ns->types[i] != types[i] && strcmp(ns->types[i]->name, types[i]->name)) {
				snprintf(msg, sizeof(msg), "datatype mismatch, expected %s, set has "
					 "type %s", types[i]->name, ns->types[i]->name);
				return fail(r, &set->loc, msg);
			}
		s.lookup.set = ns->index;
		if (!plan(r, l, RK_NAMED, &set->loc, vmap, &p))
			return false;
	} else {
		s.lookup.set = ev_set_elements(r->e, set, NULL, types, bits, l->n, vmap, true, r->c);
		if (s.lookup.set < 0 || !xfer_set(r, l, set, s.lookup.set, vmap, &p))
			return r->ok = false;
	}
	if (l->n == 1 && l->masked)
		s.lookup.fields[0] = p.field;
	add(r, &s);
	return true;
}

static bool has_glob(const char *s)
{
	return strchr(s, '*') || strchr(s, '?');
}

/* sysctl strings: "str", != "str", { "a", "b" } (== repeats the rule). */
static bool string_match(struct rp *r, const struct ev_sel *sel, enum relop op,
			 const struct fe_loc *oloc, const struct expr *x)
{
	struct ir_stmt s = { .kind = IR_STMT_STR_MATCH };

	if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
		return fail(r, oloc, "strings can only be compared with == or !=");
	s.str.field = sel->field;
	s.str.neg = op == REL_NE;
	if (x->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(r->e, x);

		return v ? string_match(r, sel, op, oloc, v) : (r->ok = false);
	}
	if (x->kind == EXPR_STRING) {
		if (strlen(x->text) > 64 || !x->text[0])
			return fail(r, &x->loc, "a sysctl string must have 1 to 64 characters");
		s.str.op = has_glob(x->text) ? IR_STR_GLOB : IR_STR_EQ;
		s.str.str = xstrdup(x->text);
		add(r, &s);
		return true;
	}
	if (x->kind != EXPR_SET)
		return fail(r, &x->loc, "a sysctl name is a quoted string");
	if (!s.str.neg && r->alts)
		return fail(r, &x->loc, "only one set of strings per rule");
	for (size_t i = 0; i < x->list.n; i++) {
		const struct expr *w = x->list.v[i];

		if (w->kind != EXPR_STRING || strlen(w->text) > 64 || !w->text[0])
			return fail(r, &w->loc, "expected a quoted string of 1 to 64 characters");
		if (has_glob(w->text) && !s.str.neg)
			return fail(r, &w->loc, "globs are not allowed in a set of strings; write "
				    "one rule per glob");
		if (s.str.neg) {
			s.str.op = has_glob(w->text) ? IR_STR_GLOB : IR_STR_EQ;
			s.str.str = xstrdup(w->text);
			add(r, &s);
		} else {
			r->alts = xgrow(r->alts, r->nalts, sizeof(char *));
			r->alts[r->nalts++] = xstrdup(w->text);
		}
	}
	if (!s.str.neg) {
		s.str.op = IR_STR_EQ;
		s.str.str = xstrdup(r->alts[0]);
		r->alt_stmt = r->rule->nstmts;
		add(r, &s);
	}
	return true;
}

/* The comparison's kind, for plan(). */
static enum rhs_kind rhs_kind(enum relop op, const struct expr *x, bool range)
{
	if (x->kind == EXPR_MASKED)
		return RK_PREFIX;
	if (range || (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE))
		return RK_REL;
	return RK_VALUE;
}

/* A comparison that nft's transfer made constant (a range whose ends
 * crossed): the field is still loaded, as nft's load can fail. */
static void add_const(struct rp *r, const struct ir_field *f, bool always)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };

	s.match.field = *f;
	s.match.field.mask = 0;
	s.match.field.lshift = 0;
	s.match.field.xor = 0;
	s.match.op = IR_OP_EQ;
	s.match.value.lo = !always;
	add(r, &s);
}

/* Flags: `syn` (any of), `== syn|ack` (exactly), `syn / syn,ack` (masked). */
static bool flag_match(struct rp *r, const struct lhs *l, enum relop op,
		       const struct expr *x)
{
	const struct ev_sel *sel = &l->sel[0];
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	struct ir_val v, m;
	struct plan p;

	if (!plan(r, l, rhs_kind(op, x, false), &x->loc, false, &p))
		return false;
	s.match.field = p.field;
	if (x->kind == EXPR_MASKED) {
		if (!ev_interval(r->e, x->range.lo, sel->type, sel->bits, &v, &v) ||
		    !ev_interval(r->e, x->range.hi, sel->type, sel->bits, &m, &m))
			return r->ok = false;
		apply_bool(&s.match.field, BINOP_AND, m.lo);
		s.match.op = op == REL_NE ? IR_OP_NE : IR_OP_EQ;
		s.match.value = v;
	} else {
		if (!ev_interval(r->e, x, sel->type, sel->bits, &v, &v) ||
		    !xfer_val(r, &p, &v, &x->loc))
			return r->ok = false;
		if (op == REL_IMPLICIT && !l->masked) {
			s.match.field.mask &= v.lo;	/* any of the flags */
			s.match.op = IR_OP_NE;
			s.match.value.lo = 0;
		} else {
			s.match.op = ir_op(op);
			s.match.value = v;
		}
	}
	add(r, &s);
	return true;
}

/* A prefix's length, for prefix_mangled(); 0 when not a number. */
static unsigned prefix_len(const struct expr *x)
{
	return x->range.hi->kind == EXPR_SYMBOL ? (unsigned)strtoul(x->range.hi->text, NULL, 0) : 0;
}

/* field op value, range or prefix (not a set). */
static bool value_match(struct rp *r, struct lhs *l, enum relop op, const struct expr *x)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	struct ir_val lo, hi;
	bool range;
	struct plan p;

	if (l->sel[0].type->kind == DT_BITMASK)
		return flag_match(r, l, op, x);
	if (x->kind == EXPR_LIST || (x->kind == EXPR_BINOP && x->binop.op == BINOP_OR))
		return fail(r, &x->loc, "Basetype of this type is not bitmask: list values in "
			    "a set, { a, b }");
	if (!ev_interval(r->e, x, l->sel[0].type, l->sel[0].bits, &lo, &hi))
		return r->ok = false;
	range = memcmp(&lo, &hi, sizeof(lo));
	if (range && op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
		return fail(r, &x->loc, "a range or prefix can only be compared with == or !=");
	if (x->kind == EXPR_MASKED && prefix_mangled(l, prefix_len(x)))
		return fail(r, &x->loc, "a prefix of whole bytes compared with a header field "
			    "combined by & | ^ is not supported by cgnft: nft 1.0.6 shifts the "
			    "mask along with its shortened compare (use a range)");
	if (!plan(r, l, rhs_kind(op, x, range), &x->loc, false, &p) ||
	    !xfer_val(r, &p, &lo, x->kind == EXPR_RANGE ? &x->range.lo->loc : &x->loc) ||
	    !xfer_val(r, &p, &hi, x->kind == EXPR_RANGE ? &x->range.hi->loc : &x->loc))
		return false;
	s.match.field = p.field;
	if (range) {
		if (lo.lo > hi.lo) {	/* nft compares >= lo and <= hi all the same */
			add_const(r, &p.field, op == REL_NE);
			return true;
		}
		s.match.op = op == REL_NE ? IR_OP_NRANGE : IR_OP_RANGE;
		s.match.value = lo;
		s.match.value_hi = hi;
	} else {
		s.match.op = ir_op(op);
		s.match.value = lo;
	}
	/* an explicit protocol match settles the rule's protocols */
	if (s.match.op == IR_OP_EQ && s.match.field.base == IR_BASE_META && !l->masked) {
		if (s.match.field.key == IR_META_NFPROTO && !r->nfproto) {
			r->nfproto = lo.lo;
			r->nf_by = "meta nfproto";
		} else if (s.match.field.key == IR_META_L4PROTO && r->l4proto < 0) {
			r->l4proto = lo.lo;
			r->l4_by = "meta l4proto";
		}
	}
	add(r, &s);
	return true;
}

/* The expression a chain of $variables stands for (NULL after reporting). */
static const struct expr *resolve(struct rp *r, const struct expr *x)
{
	for (int depth = 0; x && x->kind == EXPR_VARIABLE; depth++) {
		if (depth == 16) {
			fail(r, &x->loc, "defines nest too deeply (a define refers to itself?)");
			return NULL;
		}
		x = ev_variable(r->e, x);
	}
	if (!x)
		r->ok = false;
	return x;
}

static bool match(struct rp *r, const struct stmt *st)
{
	const struct expr *x = st->match.right;
	enum relop op = st->match.op;
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	struct lhs l;

	if (!lhs(r, st->match.left, &l))
		return false;
	if (x->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(r->e, x);

		if (!v)
			return r->ok = false;
		if (v->kind == EXPR_SET)
			x = v;
	}
	/* nft takes a set of one element as the element (a value, a range or
	 * a prefix), which matters where it moves an operation onto it */
	if (x->kind == EXPR_SET && x->list.n == 1 && l.n == 1 && l.has_top &&
	    x->list.v[0]->kind != EXPR_MAPPING && !x->list.v[0]->elem_opts) {
		x = resolve(r, x->list.v[0]);
		if (!x)
			return false;
	}
	if (x->kind == EXPR_SET || x->kind == EXPR_SET_REF) {
		if (l.n == 1 && l.sel[0].is_string && x->kind == EXPR_SET &&
		    x->list.n && x->list.v[0]->kind == EXPR_STRING)
			return string_match(r, &l.sel[0], op, &st->match.op_loc, x);
		return lookup(r, &l, op, &st->match.op_loc, x, false);
	}
	if (l.n > 1)
		return fail(r, &x->loc, "a concatenation is matched against a set: "
			    "`a . b { x . y, ... }`");
	if (l.sel[0].field.key == IR_META_CGROUP_ANCESTOR && l.sel[0].field.base == IR_BASE_META) {
		if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
			return fail(r, &st->match.op_loc, "a cgroup can only be compared with == or !=");
		if (!ev_cgroup_path(r->e, x, &s.match.value))
			return r->ok = false;
		s.match.field = l.sel[0].field;
		s.match.op = ir_op(op);
		add(r, &s);
		return true;
	}
	if (l.sel[0].is_string) {
		if (x->kind == EXPR_STRING || (x->kind == EXPR_VARIABLE))
			return string_match(r, &l.sel[0], op, &st->match.op_loc, x);
		if (l.sel[0].field.key == IR_SYSCTL_NAME || l.sel[0].field.key == IR_SYSCTL_BASE_NAME)
			return fail(r, &x->loc, "a sysctl name is a quoted string");
		l.sel[0].field.numeric_string = true;	/* a sysctl value as a number */
	}
	if (l.has_top && x->kind == EXPR_VARIABLE) {
		x = resolve(r, x);	/* a prefix or range behind a $variable */
		if (!x)
			return false;
	}
	return value_match(r, &l, op, x);
}

static bool set_stmt(struct rp *r, const struct stmt *st)
{
	const struct expr *t = st->set.target, *v = st->set.value;
	struct ir_stmt s = { 0 };
	struct ev_sel sel;
	struct ir_val val;

	if (t->kind == EXPR_SELECTOR && t->sel.kind == SEL_SYSCTL &&
	    t->sel.nwords == 2 && !strcmp(t->sel.words[1], "value")) {
		use_family(r, EV_SYSCTL, &t->loc);
		if (v->kind != EXPR_STRING || !v->text[0] || strlen(v->text) > 64)
			return fail(r, &v->loc, "expected `sysctl value set \"VALUE\"` with 1 to "
				    "64 characters");
		s.kind = IR_STMT_SET_SYSCTL_VALUE;
		s.set_sysctl.str = xstrdup(v->text);
		add(r, &s);
		return true;
	}
	if (!(t->kind == EXPR_SYMBOL || (t->kind == EXPR_SELECTOR && t->sel.kind == SEL_META)))
		return fail(r, &t->loc, "only meta mark and meta priority can be set in a cgroup "
			    "table (packet headers cannot be changed by cgroup_skb programs)");
	if (!ev_selector(r->e, t, &sel))
		return r->ok = false;
	if (sel.field.key != IR_META_MARK && sel.field.key != IR_META_PRIORITY)
		return fail(r, &t->loc, "only meta mark and meta priority can be set in a cgroup "
			    "table");
	use_family(r, EV_PACKET, &t->loc);
	if (v->kind == EXPR_SELECTOR || v->kind == EXPR_MAP)
		return fail(r, &v->loc, "setting a value read from the packet is not supported "
			    "by cgnft yet: give a constant");
	if (!ev_value(r->e, v, sel.type, sel.bits, &val))
		return r->ok = false;
	s.kind = IR_STMT_SET_META;
	s.set_meta.key = sel.field.key;
	s.set_meta.value = (uint32_t)val.lo;
	add(r, &s);
	return true;
}

/* Why a statement nft has cannot run in a cgroup table (yet). */
static const char *why_not(const char *kw)
{
	static const struct { const char *kw, *why; } reasons[] = {
		{ "reject", "reject is not available in a cgroup table: a cgroup program can only "
		  "pass or drop (use drop)" },
		{ "log", "log is not available in a cgroup table yet (issue 17 adds it; use counter)" },
		{ "limit", "limit is not available in a cgroup table yet (issue 17 adds it)" },
		{ "quota", "quota is not available in a cgroup table yet (issue 17 adds it)" },
		{ "meter", "meter is not available in a cgroup table yet (dynamic sets come with "
		  "issue 19)" },
		{ "add", "sets updated from the packet path are not available in a cgroup table "
		  "yet (issue 19)" },
		{ "update", "sets updated from the packet path are not available in a cgroup table "
		  "yet (issue 19)" },
		{ "queue", "queue is not available in a cgroup table: cgroup programs cannot queue "
		  "to user space" },
		{ "notrack", "notrack is not available in a cgroup table: a cgroup program cannot "
		  "change the packet's connection tracking state" },
		{ "dup", "dup is not available in a cgroup table: cgroup programs cannot copy packets" },
		{ "fwd", "fwd is not available in a cgroup table: cgroup programs cannot forward" },
		{ "tproxy", "tproxy is not available in a cgroup table" },
		{ "synproxy", "synproxy is not available in a cgroup table" },
		{ "flow", "flowtables are not available in a cgroup table" },
		{ "counter name", "named counters are not supported by cgnft yet (issue 17)" },
	};

	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (!strcmp(reasons[i].kw, kw))
			return reasons[i].why;
	return "NAT is not available in a cgroup table: cgroup programs cannot change "
	       "addresses or ports";
}

static bool statement(struct rp *r, const struct stmt *st)
{
	struct ir_stmt s = { 0 };
	char msg[128];

	if (r->comment_seen)
		return fail(r, &st->loc, "syntax error, unexpected statement after the comment: "
			    "a rule's comment comes last");
	if (r->verdict_seen && st->kind != STMT_COMMENT)
		return fail(r, &st->loc, "Statement after terminal statement has no effect");
	switch (st->kind) {
	case STMT_MATCH:
		return match(r, st);
	case STMT_VMAP: {
		struct lhs l;

		if (!lhs(r, st->vmap->map.key, &l))
			return false;
		r->verdict_seen = true;
		return lookup(r, &l, REL_IMPLICIT, &st->loc, st->vmap->map.set, true);
	}
	case STMT_VERDICT:
		s.kind = IR_STMT_VERDICT;
		s.verdict.kind = st->verdict.kind;
		if ((s.verdict.kind == IR_VERDICT_JUMP || s.verdict.kind == IR_VERDICT_GOTO) &&
		    !ev_jump(r->e, r->c, st->verdict.chain, &st->verdict.chain_loc, &s.verdict))
			return r->ok = false;
		r->verdict_seen = true;
		add(r, &s);
		return true;
	case STMT_COUNTER: {
		struct ir_counter ctr = { .table = xstrdup(r->e->t->name),
					  .packets = st->counter.packets,
					  .bytes = st->counter.bytes };

		s.kind = IR_STMT_COUNTER;
		s.counter.index = ir_unit_add_counter(r->e->u, &ctr);
		add(r, &s);
		return true;
	}
	case STMT_SET:
		return set_stmt(r, st);
	case STMT_COMMENT:
		r->comment_seen = true;
		if (strlen(st->comment) > 128)
			return fail(r, &st->loc, "comment too long, 128 characters maximum allowed");
		return true;
	case STMT_OTHER:
		snprintf(msg, sizeof(msg), "%s", why_not(st->other.keyword));
		return fail(r, &st->loc, msg);
	}
	return false;
}

bool ev_rule_alts(struct evctx *e, struct ev_chain *c, const struct rule *rl,
		  struct ir_rule *rule, char ***alts, size_t *nalts, size_t *alt_stmt)
{
	struct rp r = { .e = e, .c = c, .rule = rule, .l4proto = -1, .ok = true };

	for (size_t i = 0; i < rl->nstmts && r.ok; i++)
		statement(&r, &rl->stmts[i]);
	*alts = r.alts;
	*nalts = r.nalts;
	*alt_stmt = r.alt_stmt;
	return r.ok;
}
