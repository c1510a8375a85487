// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of rules: each statement checked against the hook and its
 * neighbours and lowered to IR statements.  A selector's protocol
 * dependencies come first, once per rule, as nft's
 * payload_gen_dependency inserts them for the inet family (`tcp dport 22`
 * is `meta l4proto tcp` then the port; `icmp id 1` also needs an echo
 * type); a conflicting one is an error.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_rule.h"
#include "frontend/eval_state.h"
#include "frontend/proto.h"
#include "ir/xalloc.h"

bool rp_fail(struct rp *r, const struct fe_loc *loc, const char *msg)
{
	fe_error(r->e->d, loc, "%s", msg);
	r->ok = false;
	return false;
}

void rp_add(struct rp *r, const struct ir_stmt *s)
{
	struct evctx *e = r->e;

	if (r->rule->nstmts == e->scratch_cap) {
		e->scratch_cap = e->scratch_cap ? 2 * e->scratch_cap : 16;
		e->scratch = xrealloc(e->scratch, e->scratch_cap * sizeof(*s));
	}
	e->scratch[r->rule->nstmts++] = *s;
}

void rp_use_family(struct rp *r, enum ev_family f, const struct fe_loc *loc)
{
	rp_use_family_why(r, f, loc, NULL, NULL);
}

void rp_use_family_why(struct rp *r, enum ev_family f, const struct fe_loc *loc,
		       const char *what, const char *why)
{
	if (!r->c->uses_family[f]) {
		r->c->uses_family[f] = true;
		r->c->family_loc[f] = *loc;
		r->c->family_what[f] = what;
		r->c->family_why[f] = why;
	}
}

static void add_match(struct rp *r, struct ir_field f, uint64_t v)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };

	s.match.field = f;
	s.match.op = IR_OP_EQ;
	s.match.value.lo = v;
	rp_add(r, &s);
}

static void add_meta_eq(struct rp *r, enum ir_meta key, uint64_t v)
{
	add_match(r, (struct ir_field){ .base = IR_BASE_META, .key = key, .len = 1,
					.mask = ~0ull }, v);
}

static const char *nf_name(int nf)
{
	return nf == 2 ? "ip" : nf == 10 ? "ip6" : "meta nfproto";
}

static bool icmp_dependency(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc);

/* The transport headers nft 1.0.6 knows above ip, ip6 and meta l4proto
 * (proto.c's links of proto_ip, proto_ip6, proto_inet_service). */
static const char *l4_header(uint64_t proto)
{
	switch (proto) {
	case 1: return "icmp";
	case 2: return "igmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 33: return "dccp";
	case 50: return "esp";
	case 51: return "ah";
	case 58: return "icmpv6";
	case 108: return "comp";
	case 132: return "sctp";
	case 136: return "udplite";
	default: return NULL;
	}
}

static void l4ctx_add(struct rp *r, const char *name)
{
	for (int i = 0; i < r->nl4ctx; i++)
		if (!strcmp(r->l4ctx[i], name))
			return;
	if (r->nl4ctx < (int)(sizeof(r->l4ctx) / sizeof(r->l4ctx[0])))
		r->l4ctx[r->nl4ctx++] = name;
}

/* A transport header field against the context (nft's
 * proto_ctx_find_conflict): the first other protocol is a conflict; after
 * ah or comp, a header nft links above them makes nft abort
 * (conflict_resolution_gen_dependency). */
static bool l4ctx_check(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc)
{
	char msg[128];

	if (s->field.base != IR_BASE_TRANSPORT || s->dep_l4proto < 0 ||
	    !l4_header((uint64_t)s->dep_l4proto))
		return true;
	for (int i = 0; i < r->nl4ctx; i++) {
		const char *c = r->l4ctx[i];

		if (!strcmp(c, s->proto))
			continue;
		if ((!strcmp(c, "ah") || !strcmp(c, "comp")) && strcmp(s->proto, "icmp") &&
		    strcmp(s->proto, "icmpv6") && strcmp(s->proto, "igmp"))
			return rp_fail(r, loc, "a header after ah or comp is not supported: "
				       "nft 1.0.6 aborts on it");
		snprintf(msg, sizeof(msg), "conflicting protocols specified: %s vs. %s", c,
			 s->proto);
		return rp_fail(r, loc, msg);
	}
	return true;
}

/* An == match of a protocol field sets nft's context (relational_expr_
 * pctx_update): meta l4proto to its header or "unknown", ip protocol and
 * ip6 nexthdr to a header nft knows; each value of a set in turn. */
static bool l4ctx_update(struct rp *r, const struct lhs *l, enum relop op, const struct expr *x)
{
	const struct ev_sel *s = &l->sel[0];
	bool meta = s->field.base == IR_BASE_META && s->field.key == IR_META_L4PROTO;
	size_t n = x->kind == EXPR_SET ? x->list.n : 1;

	if (l->n != 1 || l->masked || (op != REL_IMPLICIT && op != REL_EQ))
		return true;
	if (!meta && !(s->field.base == IR_BASE_NETWORK && s->proto &&
		       (!strcmp(s->proto, "ip") || !strcmp(s->proto, "ip6")) &&
		       s->type == dt_by_name("inet_proto")))
		return true;
	for (size_t i = 0; i < n; i++) {
		const struct expr *v = x->kind == EXPR_SET ? x->list.v[i] : x;
		const char *h;
		struct ir_val val;

		while (v && v->kind == EXPR_VARIABLE)
			v = ev_variable(r->e, v);
		if (!v || v->kind == EXPR_RANGE || v->kind == EXPR_MASKED ||
		    v->kind == EXPR_SET || v->kind == EXPR_SET_REF || v->kind == EXPR_MAPPING)
			continue;
		if (!ev_value(r->e, v, s->type, 8, &val))
			return r->ok = false;
		h = l4_header(val.lo);
		if (h || meta)
			l4ctx_add(r, h ? h : "unknown");
	}
	return true;
}

/* The implicit dependencies of a read, or an error when the rule already
 * settled another protocol (nft: "conflicting protocols specified"). */
bool rp_dependencies(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc)
{
	char msg[256];

	if (s->field.base == IR_BASE_CT) {	/* what it means depends on the hook */
		r->c->ct_uses = xgrow(r->c->ct_uses, r->c->nct_uses, sizeof(*r->c->ct_uses));
		r->c->ct_uses[r->c->nct_uses].key = (enum ir_ct)s->field.key;
		r->c->ct_uses[r->c->nct_uses++].loc = *loc;
	}
	/* a transport header's family is a soft dependency: nft adds `meta
	 * nfproto ipv4` for icmp only when the rule has no family yet, and
	 * takes `ip6 saddr ::1 icmp type 8` as it is */
	if (s->dep_nfproto && r->nfproto && r->nfproto != s->dep_nfproto &&
	    (s->field.base == IR_BASE_EXTHDR || s->field.base == IR_BASE_EXTHDR_FOUND)) {
		snprintf(msg, sizeof(msg), "cannot use exthdr with %s", nf_name(r->nfproto));
		return rp_fail(r, loc, msg);
	}
	if (s->dep_nfproto && r->nfproto && r->nfproto != s->dep_nfproto &&
	    s->field.base == IR_BASE_NETWORK) {
		snprintf(msg, sizeof(msg), "conflicting protocols specified: %s vs. %s",
			 r->nf_by ? r->nf_by : nf_name(r->nfproto), s->proto);
		return rp_fail(r, loc, msg);
	}
	if (!l4ctx_check(r, s, loc))
		return false;
	if (s->dep_l4proto >= 0 && r->l4proto >= 0 && r->l4proto != s->dep_l4proto) {
		snprintf(msg, sizeof(msg), "conflicting protocols specified: %s vs. %s",
			 r->l4_by ? r->l4_by : "meta l4proto", s->proto);
		return rp_fail(r, loc, msg);
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
		if (l4_header((uint64_t)s->dep_l4proto))
			l4ctx_add(r, l4_header((uint64_t)s->dep_l4proto));
	}
	return icmp_dependency(r, s, loc);
}

/* A field of one icmp type (nft's payload_gen_special_dependency): the
 * rule's icmp type context must be that type, or it gets `icmp type ==
 * T` (echo fields: `icmp type { echo-reply, echo-request }`). */
static bool icmp_dependency(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc)
{
	bool v6 = s->dep_l4proto == 58;
	int need = s->echo_dep ? (v6 ? 128 : 8) : s->icmp_type_dep;
	char msg[96];

	if (need <= 0)
		return true;
	if (r->icmp_ctx >= 0) {
		if (r->icmp_ctx == need || (s->echo_dep && r->icmp_ctx == (v6 ? 129 : 0)))
			return true;
		snprintf(msg, sizeof(msg), "incompatible icmp match: rule has %d, need %d",
			 r->icmp_ctx, need);
		return rp_fail(r, loc, msg);
	}
	r->icmp_ctx = need;
	if (!s->echo_dep) {
		add_match(r, proto_ir_field(IR_BASE_TRANSPORT, 0, 8), need);
		return true;
	}
	{
		/* icmp type { echo-reply, echo-request } (icmpv6: 129, 128) */
		struct ir_set set = { .anonymous = true, .nfields = 1, .field_len = { 1 } };
		struct ir_stmt st = { .kind = IR_STMT_LOOKUP };

		set.elems = xzalloc(2 * sizeof(*set.elems));
		set.elems[0].lo[0].lo = set.elems[0].hi[0].lo = v6 ? 128 : 0;
		set.elems[1].lo[0].lo = set.elems[1].hi[0].lo = v6 ? 129 : 8;
		set.nelems = 2;
		set.name = xasprintf("__set%d", r->e->nanon++);
		st.lookup.nfields = 1;
		st.lookup.fields[0] = proto_ir_field(IR_BASE_TRANSPORT, 0, 8);
		st.lookup.set = ir_unit_add_set(r->e->u, &set);
		rp_add(r, &st);
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
		return rp_fail(r, oloc, "strings can only be compared with == or !=");
	s.str.field = sel->field;
	s.str.neg = op == REL_NE;
	if (x->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(r->e, x);

		return v ? string_match(r, sel, op, oloc, v) : (r->ok = false);
	}
	if (x->kind == EXPR_STRING) {
		if (strlen(x->text) > 64 || !x->text[0])
			return rp_fail(r, &x->loc, "a sysctl string must have 1 to 64 characters");
		s.str.op = has_glob(x->text) ? IR_STR_GLOB : IR_STR_EQ;
		s.str.str = xstrdup(x->text);
		rp_add(r, &s);
		return true;
	}
	if (x->kind != EXPR_SET)
		return rp_fail(r, &x->loc, "a sysctl name is a quoted string");
	if (!s.str.neg && r->alts)
		return rp_fail(r, &x->loc, "only one set of strings per rule");
	for (size_t i = 0; i < x->list.n; i++) {
		const struct expr *w = x->list.v[i];

		if (w->kind != EXPR_STRING || strlen(w->text) > 64 || !w->text[0])
			return rp_fail(r, &w->loc, "expected a quoted string of 1 to 64 "
				       "characters");
		if (has_glob(w->text) && !s.str.neg)
			return rp_fail(r, &w->loc, "globs are not allowed in a set of strings; "
				       "write one rule per glob");
		if (s.str.neg) {
			s.str.op = has_glob(w->text) ? IR_STR_GLOB : IR_STR_EQ;
			s.str.str = xstrdup(w->text);
			rp_add(r, &s);
		} else {
			r->alts = xgrow(r->alts, r->nalts, sizeof(char *));
			r->alts[r->nalts++] = xstrdup(w->text);
		}
	}
	if (!s.str.neg) {
		s.str.op = IR_STR_EQ;
		s.str.str = xstrdup(r->alts[0]);
		r->alt_stmt = r->rule->nstmts;
		rp_add(r, &s);
	}
	return true;
}

/* The comparison's kind, for rp_plan(). */
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
	rp_add(r, &s);
}

/* Flags: `syn` (any of), `== syn|ack` (exactly), `syn / syn,ack` (masked). */
static bool flag_match(struct rp *r, const struct lhs *l, enum relop op,
		       const struct expr *x)
{
	const struct ev_sel *sel = &l->sel[0];
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	struct ir_val v, m;
	struct plan p;

	if (!rp_plan(r, l, rhs_kind(op, x, false), &x->loc, false, &p))
		return false;
	s.match.field = p.field;
	/* 128 bits of flags (ct label): the masks of the IR take 64 */
	if (p.field.len > 8 && (x->kind == EXPR_MASKED || x->kind == EXPR_RANGE))
		return rp_fail(r, &x->loc, "a range or mask of ct labels is not supported by "
			       "cgnft yet (labels, or == and != a set of labels, are)");
	if (x->kind == EXPR_MASKED) {
		if (!ev_interval(r->e, x->range.lo, sel->type, sel->bits, &v, &v) ||
		    !ev_interval(r->e, x->range.hi, sel->type, sel->bits, &m, &m))
			return r->ok = false;
		rp_apply_bool(&s.match.field, BINOP_AND, m.lo);
		s.match.op = op == REL_NE ? IR_OP_NE : IR_OP_EQ;
		s.match.value = v;
	} else if (x->kind == EXPR_RANGE) {
		/* `tcp flags 2-18`: a range of the byte's values, as nft */
		if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
			return rp_fail(r, &x->loc, "a range or prefix can only be compared "
				       "with == or !=");
		if (!ev_interval(r->e, x, sel->type, sel->bits, &v, &m) ||
		    !rp_xfer_val(r, &p, &v, &x->range.lo->loc) ||
		    !rp_xfer_val(r, &p, &m, &x->range.hi->loc))
			return r->ok = false;
		s.match.op = op == REL_NE ? IR_OP_NRANGE : IR_OP_RANGE;
		s.match.value = v;
		s.match.value_hi = m;
	} else {
		if (!ev_interval(r->e, x, sel->type, sel->bits, &v, &v) ||
		    !rp_xfer_val(r, &p, &v, &x->loc))
			return r->ok = false;
		if ((op == REL_IMPLICIT || op == REL_NEG) && !l->masked && p.field.len > 8) {
			/* any of 128 flags (ct label): the 64 that hold them */
			if (v.hi && v.lo)
				return rp_fail(r, &x->loc, "ct labels below and above 63 "
					       "in one match are not supported by cgnft yet "
					       "(write a rule for each)");
			s.match.field.len = 8;
			s.match.field.offset = v.hi ? IR_CT_LABEL_HIGH : IR_CT_LABEL_LOW;
			s.match.field.mask = v.hi ? v.hi : v.lo;
			s.match.op = op == REL_NEG ? IR_OP_EQ : IR_OP_NE;
			s.match.value.lo = 0;
		} else if ((op == REL_IMPLICIT || op == REL_NEG) && !l->masked) {
			/* any of the flags; `!`: none of them */
			s.match.field.mask &= v.lo;
			s.match.op = op == REL_NEG ? IR_OP_EQ : IR_OP_NE;
			s.match.value.lo = 0;
		} else {
			s.match.op = ir_op(op);
			s.match.value = v;
			if (l->masked)
				rp_list_flags(r, l, op, x, v.lo);
		}
		/* flags as nft lists them, in the type's order (`ack|syn`
		 * is `syn,ack`) */
		if (!l->masked && v.lo && (x->kind == EXPR_LIST || x->kind == EXPR_BINOP)) {
			char b[256];

			dt_print(sel->type, v, b, sizeof(b));
			ev_set_canon(x, xstrdup(b));
		}
		/* nft lists `== syn | ack` as a number: == or != with several
		 * flags */
		if ((op == REL_EQ || op == REL_NE) && !l->masked && p.field.len <= 8 &&
		    __builtin_popcountll(v.lo) > 1)
			ev_set_canon(x, xasprintf("0x%0*llx", (int)(sel->bits + 3) / 4,
						  (unsigned long long)v.lo));
	}
	rp_add(r, &s);
	return true;
}

/* A prefix's length, for rp_prefix_mangled(); 0 when not a number. */
static unsigned prefix_len(const struct expr *x)
{
	return x->range.hi->kind == EXPR_SYMBOL ? (unsigned)strtoul(x->range.hi->text, NULL, 0) : 0;
}

/* `meta hour` alone, as nft's lhs_is_meta_hour(). */
static bool is_meta_hour(const struct lhs *l)
{
	return l->n == 1 && !l->masked && l->sel[0].field.base == IR_BASE_META &&
	       l->sel[0].field.key == IR_META_HOUR;
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
		return rp_fail(r, &x->loc, "Basetype of this type is not bitmask: list values in "
			       "a set, { a, b }");
	if (is_meta_hour(l) && x->kind == EXPR_RANGE) {
		if (!ev_value(r->e, x->range.lo, l->sel[0].type, 32, &lo) ||
		    !ev_value(r->e, x->range.hi, l->sel[0].type, 32, &hi))
			return r->ok = false;
		if (lo.lo > hi.lo) {
			/* nft's cross-day hour range (evaluate.c): "23:00"-
			 * "02:00" is compiled as != "02:00"-"23:00", both
			 * bounds outside it; != swaps back to == the same way */
			struct ir_val t = lo;

			lo = hi;
			hi = t;
			rp_list_hour_swapped(r, x, op);
			op = op == REL_NE ? REL_EQ : REL_NE;
		}
	} else if (!ev_interval(r->e, x, l->sel[0].type, l->sel[0].bits, &lo, &hi)) {
		return r->ok = false;
	}
	range = memcmp(&lo, &hi, sizeof(lo));
	if (range && op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
		return rp_fail(r, &x->loc, "a range or prefix can only be compared with == or !=");
	if (x->kind == EXPR_MASKED && rp_prefix_mangled(l, prefix_len(x)))
		return rp_fail(r, &x->loc, "a prefix of whole bytes compared with a header field "
			       "combined by & | ^ is not supported by cgnft: nft 1.0.6 shifts the "
			       "mask along with its shortened compare (use a range)");
	if (!rp_plan(r, l, rhs_kind(op, x, range), &x->loc, false, &p) ||
	    !rp_xfer_val(r, &p, &lo, x->kind == EXPR_RANGE ? &x->range.lo->loc : &x->loc) ||
	    !rp_xfer_val(r, &p, &hi, x->kind == EXPR_RANGE ? &x->range.hi->loc : &x->loc))
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
		/* `icmp type X` sets the rule's icmp type (nft's th_dep) */
		if (s.match.op == IR_OP_EQ && l->n == 1 && !l->masked && l->sel[0].icmp_type)
			r->icmp_ctx = (int)lo.lo;
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
	/* nft's ct l3proto sets the network protocol (ct_expr_pctx_update) */
	if (s.match.op == IR_OP_EQ && s.match.field.base == IR_BASE_CT && !l->masked &&
	    s.match.field.key == IR_CT_L3PROTO && !r->nfproto && (lo.lo == 2 || lo.lo == 10)) {
		r->nfproto = lo.lo;
		r->nf_by = "ct l3proto";
	}
	if (l->masked && !range)
		rp_list_prefix(r, l, x, lo.lo);
	rp_add(r, &s);
	return true;
}

/*
 * A name the kernel would give a device (dev_valid_name()): one that no host
 * can have is refused now, with nft's message, not left to the loader.
 */
static bool dev_name_valid(const char *name)
{
	if (!name[0] || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (const char *c = name; *c; c++)
		if (*c == '/' || *c == ':' || isspace((unsigned char)*c))
			return false;
	return true;
}

/*
 * `iif "eth0"`, `oif != 3`: nft resolves the name to an index when it adds
 * the rule (ifindex_type_parse: the interface, else a decimal number);
 * cgnft when it loads the program (the object must not depend on the host
 * that compiles it), so the IR tests "is the device this interface", a
 * 1-byte field that the loader's value completes (IR_META_IIF).
 */
static bool iface_match(struct rp *r, const struct ev_sel *sel, enum relop op,
			const struct fe_loc *oloc, const struct expr *x)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	const struct expr *written = x;

	while (x && x->kind == EXPR_VARIABLE)
		x = ev_variable(r->e, x);
	if (!x)
		return r->ok = false;
	if (x->kind == EXPR_SET || x->kind == EXPR_SET_REF)
		return rp_fail(r, &x->loc, "a set of interfaces by index is not supported by "
			       "cgnft yet: cgnft resolves interfaces when it loads the program; "
			       "use iifname/oifname { ... } or one rule per interface");
	if (x->kind != EXPR_STRING && x->kind != EXPR_SYMBOL && x->kind != EXPR_VALUE)
		return rp_fail(r, &x->loc, "expected an interface name or index");
	if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
		return rp_fail(r, oloc, "an interface can only be compared with == or != "
			       "(cgnft resolves it when it loads the program)");
	s.match.field = sel->field;
	s.match.field.len = 1;
	if (x->kind == EXPR_VALUE)
		snprintf(s.match.field.ifname, sizeof(s.match.field.ifname), "%llu",
			 (unsigned long long)x->value.lo);
	else if (!dev_name_valid(x->text) || strlen(x->text) >= sizeof(s.match.field.ifname))
		return rp_fail(r, &x->loc, "Interface does not exist");
	else
		memcpy(s.match.field.ifname, x->text, strlen(x->text));
	s.match.op = op == REL_NE ? IR_OP_NE : IR_OP_EQ;
	s.match.value.lo = 1;
	rp_add(r, &s);
	/* nft lists the interface's name quoted (an index as a number) */
	if (x->kind == EXPR_VALUE)
		ev_set_canon(written, xasprintf("%llu", (unsigned long long)x->value.lo));
	else if (x->kind == EXPR_SYMBOL && strspn(x->text, "0123456789") == strlen(x->text))
		ev_set_canon(written, xstrdup(x->text));
	else
		ev_set_canon(written, xasprintf("\"%s\"", x->text));
	return true;
}

/* The expression a chain of $variables stands for (NULL after reporting). */
static const struct expr *resolve(struct rp *r, const struct expr *x)
{
	for (int depth = 0; x && x->kind == EXPR_VARIABLE; depth++) {
		if (depth == 16) {
			rp_fail(r, &x->loc, "defines nest too deeply (a define refers to itself?)");
			return NULL;
		}
		x = ev_variable(r->e, x);
	}
	if (!x)
		r->ok = false;
	return x;
}

/*
 * `ah nexthdr tcp`, `comp nexthdr { 6, 7 }`: nft 1.0.6 takes an == match of
 * a protocol field as the protocol of the next header, and for ah and comp
 * (which have no fixed length) aborts when the value is one of the
 * protocols its proto.c links above them (payload_expr_pctx_update).  A
 * range, a prefix, != and a field with & | ^ do not do this.
 */
static const uint8_t ipsec_next[] = { 50, 51, 108, 17, 136, 6, 33, 132 };

static bool nexthdr_ok(struct rp *r, const struct lhs *l, enum relop op, const struct expr *x)
{
	const struct ev_sel *s = &l->sel[0];
	size_t n = x->kind == EXPR_SET ? x->list.n : 1;

	if (l->n != 1 || l->masked || (op != REL_IMPLICIT && op != REL_EQ) || !s->proto ||
	    (strcmp(s->proto, "ah") && strcmp(s->proto, "comp")) ||
	    s->type != dt_by_name("inet_proto"))
		return true;
	for (size_t i = 0; i < n; i++) {
		const struct expr *v = x->kind == EXPR_SET ? x->list.v[i] : x;
		struct ir_val val;

		while (v && v->kind == EXPR_VARIABLE)
			v = ev_variable(r->e, v);
		if (!v || v->kind == EXPR_RANGE || v->kind == EXPR_MASKED ||
		    v->kind == EXPR_SET || v->kind == EXPR_SET_REF || v->kind == EXPR_MAPPING)
			continue;	/* left to the ordinary checks */
		if (!ev_value(r->e, v, s->type, 8, &val))
			return r->ok = false;
		if (val.lo <= 0xff && memchr(ipsec_next, (int)val.lo, sizeof(ipsec_next)))
			return rp_fail(r, &v->loc, "this match of ah or comp nexthdr is not "
				       "supported: nft 1.0.6 aborts on it (write != or a range, "
				       "`6-6`)");
	}
	return true;
}

static bool match_one(struct rp *r, const struct stmt *st, struct lhs *lp,
		      const struct expr **xp);

/* `! flags` (nft's OP_NEG): none of the flags of a bitmask field, with
 * nft's messages for the rest. */
static bool neg_ok(struct rp *r, const struct lhs *l, const struct expr *x,
		   const struct fe_loc *stmt_loc)
{
	if (l->masked)
		return rp_fail(r, &l->all, "cannot combine negation with binary expression");
	if (l->n != 1 || l->sel[0].type->kind != DT_BITMASK || x->kind == EXPR_SET ||
	    x->kind == EXPR_SET_REF || x->kind == EXPR_RANGE || x->kind == EXPR_PREFIX)
		return rp_fail(r, &l->all, "negation can only be used with singleton bitmask values");
	if (x->kind == EXPR_MASKED)
		return rp_fail(r, stmt_loc, "either == or != is allowed");
	return true;
}

static bool match_eval(struct rp *r, const struct stmt *st)
{
	const struct expr *x = NULL;
	struct lhs l;

	if (!match_one(r, st, &l, &x))
		return false;
	return !x || l4ctx_update(r, &l, st->match.op, x);
}

static bool match_one(struct rp *r, const struct stmt *st, struct lhs *lp,
		      const struct expr **xp)
{
	const struct expr *x = st->match.right;
	enum relop op = st->match.op;
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	struct lhs l;

	r->st = st;
	if (!rp_lhs(r, st->match.left, &l))
		return false;
	if (l.n == 1 && l.sel[0].type->kind == DT_BITMASK)
		((struct stmt *)st)->match.flags = true;	/* for nft -j */
	/* nft lists == only after an operation or before a flag value */
	if (op == REL_EQ && !l.masked &&
	    (l.n != 1 || l.sel[0].type->kind != DT_BITMASK || x->kind == EXPR_SET_REF ||
	     (x->kind == EXPR_SET && x->list.n != 1)))
		rp_list_op(r, REL_IMPLICIT);
	if (l.n == 1 && l.sel[0].field.base == IR_BASE_META && !l.masked &&
	    (l.sel[0].field.key == IR_META_IIF || l.sel[0].field.key == IR_META_OIF))
		return iface_match(r, &l.sel[0], op, &st->match.op_loc, x);
	if (x->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(r->e, x);

		if (!v)
			return r->ok = false;
		if (v->kind == EXPR_SET)
			x = v;
	}
	if (!nexthdr_ok(r, &l, op, x))
		return false;
	*lp = l;
	*xp = x;
	/* nft takes a set of one element as the element (a value, a range or
	 * a prefix), which matters where it moves an operation onto it */
	if (x->kind == EXPR_SET && x->list.n == 1 && l.n == 1 && l.has_top &&
	    x->list.v[0]->kind != EXPR_MAPPING && !x->list.v[0]->elem) {
		x = resolve(r, x->list.v[0]);
		if (!x)
			return false;
	}
	if (op == REL_NEG && x->kind == EXPR_SET && x->list.n == 1 &&
	    x->list.v[0]->kind != EXPR_MAPPING && !x->list.v[0]->elem) {
		x = resolve(r, x->list.v[0]);	/* `! { syn }` */
		if (!x)
			return false;
	}
	if (op == REL_NEG && !neg_ok(r, &l, x, &st->loc))
		return false;
	if (x->kind == EXPR_SET || x->kind == EXPR_SET_REF) {
		if (l.n == 1 && l.sel[0].is_string && x->kind == EXPR_SET &&
		    x->list.n && x->list.v[0]->kind == EXPR_STRING)
			return string_match(r, &l.sel[0], op, &st->match.op_loc, x);
		return rp_lookup(r, &l, op, &st->match.op_loc, x, false);
	}
	if (l.n > 1)
		return rp_fail(r, &x->loc, "a concatenation is matched against a set: "
			       "`a . b { x . y, ... }`");
	if (l.sel[0].field.key == IR_META_CGROUP_ANCESTOR && l.sel[0].field.base == IR_BASE_META) {
		if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
			return rp_fail(r, &st->match.op_loc, "a cgroup can only be compared with "
				       "== or !=");
		if (!ev_cgroup_path(r->e, x, &s.match.value))
			return r->ok = false;
		s.match.field = l.sel[0].field;
		s.match.op = ir_op(op);
		rp_add(r, &s);
		return true;
	}
	if (l.sel[0].is_string) {
		if (x->kind == EXPR_STRING || (x->kind == EXPR_VARIABLE))
			return string_match(r, &l.sel[0], op, &st->match.op_loc, x);
		if (l.sel[0].field.key == IR_SYSCTL_NAME || l.sel[0].field.key == IR_SYSCTL_BASE_NAME)
			return rp_fail(r, &x->loc, "a sysctl name is a quoted string");
		l.sel[0].field.numeric_string = true;	/* a sysctl value as a number */
	}
	if (l.has_top && x->kind == EXPR_VARIABLE) {
		x = resolve(r, x);	/* a prefix or range behind a $variable */
		if (!x)
			return false;
	}
	return value_match(r, &l, op, x);
}

/* A match; a $variable on its right that evaluation left as written (a
 * set's) lists as its value, as nft expands it. */
static bool match(struct rp *r, const struct stmt *st)
{
	const struct expr *x = st->match.right;
	bool ok = match_eval(r, st);

	if (ok && x->kind == EXPR_VARIABLE && !x->canon) {
		const struct expr *v = x;

		for (int depth = 0; v && v->kind == EXPR_VARIABLE && depth < 16; depth++)
			v = ev_variable(r->e, v);
		if (v && v->kind != EXPR_VARIABLE)
			ev_canon_as(x, v);
	}
	return ok;
}

/* limit, quota, `counter name X`: anonymous ones get their state here,
 * named ones share their object's. */
static bool rp_state(struct rp *r, const struct stmt *st)
{
	struct ir_stmt s = { .kind = st->kind == STMT_COUNTER ? IR_STMT_COUNTER :
				     st->kind == STMT_LIMIT ? IR_STMT_LIMIT : IR_STMT_QUOTA };
	int index;

	/* bytes are a packet's: a quota or a byte rate needs one */
	if (st->kind == STMT_QUOTA || (st->kind == STMT_LIMIT && !st->ref &&
					 st->state.amount.unit))
		rp_use_family(r, EV_PACKET, &st->loc);
	if (st->ref) {
		const struct ev_obj *o = ev_lookup_obj(r->e, st->kind, st->ref);

		if (!o)
			return rp_fail(r, &st->ref_loc, "Could not process rule: No such file or "
				       "directory");
		index = o->index;
		if (st->kind == STMT_LIMIT && r->e->u->limits[index].bytes)
			rp_use_family(r, EV_PACKET, &st->loc);
	} else if (st->kind == STMT_LIMIT) {
		struct ir_limit l;

		if (!ev_limit_spec(r->e->d, st, &st->loc, &l))
			return r->ok = false;
		l.table = xstrdup(r->e->t->name);
		index = ir_unit_add_limit(r->e->u, &l);
	} else {
		struct ir_quota q;

		if (!ev_quota_spec(r->e->d, st, &st->loc, &q))
			return r->ok = false;
		q.table = xstrdup(r->e->t->name);
		index = ir_unit_add_quota(r->e->u, &q);
	}
	if (s.kind == IR_STMT_COUNTER)
		s.counter.index = index;
	else
		s.state.index = index;
	rp_add(r, &s);
	return true;
}

/* Why a statement nft has cannot run in a cgroup table (yet). */
static const char *why_not(const char *kw)
{
	static const struct { const char *kw, *why; } reasons[] = {
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
		return rp_fail(r, &st->loc, "syntax error, unexpected statement after the comment: "
			       "a rule's comment comes last");
	if (r->verdict_seen && st->kind != STMT_COMMENT)
		return rp_fail(r, &st->loc, "Statement after terminal statement has no effect");
	/* nft's `continue` is no terminal: it leaves NFT_CONTINUE, what every
	 * expression leaves, so the statements after it run; it stays only
	 * last, where it means what no verdict means */
	if (st->kind != STMT_COMMENT && r->rule->nstmts &&
	    r->e->scratch[r->rule->nstmts - 1].kind == IR_STMT_VERDICT &&
	    r->e->scratch[r->rule->nstmts - 1].verdict.kind == IR_VERDICT_CONTINUE)
		r->rule->nstmts--;
	switch (st->kind) {
	case STMT_MATCH:
		return match(r, st);
	case STMT_VMAP: {
		struct lhs l;

		/* not terminal for nft: a `continue` element goes on with the
		 * rule's next statement */
		if (!rp_lhs(r, st->vmap->map.key, &l))
			return false;
		return rp_lookup(r, &l, REL_IMPLICIT, &st->loc, st->vmap->map.set, true);
	}
	case STMT_VERDICT:
		s.kind = IR_STMT_VERDICT;
		s.verdict.kind = st->verdict.kind;
		if ((s.verdict.kind == IR_VERDICT_JUMP || s.verdict.kind == IR_VERDICT_GOTO) &&
		    !ev_jump(r->e, r->c, st->verdict.chain, &st->verdict.chain_loc, &s.verdict))
			return r->ok = false;
		r->verdict_seen = s.verdict.kind != IR_VERDICT_CONTINUE;
		rp_add(r, &s);
		return true;
	case STMT_LIMIT:
	case STMT_QUOTA:
		return rp_state(r, st);
	case STMT_COUNTER: {
		if (st->ref)
			return rp_state(r, st);
		if (st->counter.too_large)
			return rp_fail(r, &st->loc, "counter packets and bytes are 64-bit "
				       "numbers: 18446744073709551615 at most");
		struct ir_counter ctr = { .table = xstrdup(r->e->t->name),
					  .packets = st->counter.packets,
					  .bytes = st->counter.bytes };

		s.kind = IR_STMT_COUNTER;
		s.counter.index = ir_unit_add_counter(r->e->u, &ctr);
		rp_add(r, &s);
		return true;
	}
	case STMT_SET:
		return rp_set_stmt(r, st);
	case STMT_COMMENT:
		r->comment_seen = true;
		if (strlen(st->comment) > 128)
			return rp_fail(r, &st->loc, "comment too long, 128 characters maximum "
				       "allowed");
		return true;
	case STMT_REJECT:
		return rp_reject(r, st);
	case STMT_DYNSET:
		return rp_dynset(r, st);
	case STMT_LOG:
		return rp_log(r, st);
	case STMT_OTHER:
		snprintf(msg, sizeof(msg), "%s", why_not(st->other.keyword));
		return rp_fail(r, &st->loc, msg);
	}
	return false;
}

bool ev_rule_alts(struct evctx *e, struct ev_chain *c, const struct rule *rl,
		  struct ir_rule *rule, char ***alts, size_t *nalts, size_t *alt_stmt)
{
	struct rp r = { .e = e, .c = c, .rule = rule, .l4proto = -1, .icmp_ctx = -1,
			.ok = true };

	for (size_t i = 0; i < rl->nstmts && r.ok; i++)
		statement(&r, &rl->stmts[i]);
	/* a failed rule too: ir_rule_free frees its strings */
	rule->stmts = xmalloc((rule->nstmts ? rule->nstmts : 1) * sizeof(*rule->stmts));
	if (rule->nstmts)	/* scratch is NULL until a statement is added */
		memcpy(rule->stmts, e->scratch, rule->nstmts * sizeof(*rule->stmts));
	*alts = r.alts;
	*nalts = r.nalts;
	*alt_stmt = r.alt_stmt;
	return r.ok;
}

