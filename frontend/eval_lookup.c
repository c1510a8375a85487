// SPDX-License-Identifier: GPL-2.0
/*
 * Keys looked up in sets and maps: a named set or map checked against the
 * key and the statement as nft checks them (its messages, with the key's
 * location too), or an anonymous one read here; then nft's transfer of
 * the key's last operation onto the elements (eval_xfer.c).
 */
#include <string.h>

#include "frontend/eval_rule.h"
#include "ir/xalloc.h"

/* nft's name of a key's type: "IPv4 address", "concatenation of (IPv4
 * address, internet network service)". */
void rp_key_desc(char *buf, size_t len, const struct datatype *const *types, int n)
{
	size_t at = 0;

	if (n == 1) {
		snprintf(buf, len, "%s", types[0]->desc);
		return;
	}
	at += snprintf(buf, len, "concatenation of (");
	for (int i = 0; i < n && at < len; i++)
		at += snprintf(buf + at, len - at, "%s%s", i ? ", " : "", types[i]->desc);
	if (at < len)
		snprintf(buf + at, len - at, ")");
}

static bool same_type(const struct datatype *a, const struct datatype *b)
{
	return a == b || !strcmp(a->name, b->name);
}

/* A named set or map, as nft checks it against the key and the statement. */
static int named_set(struct rp *r, const struct lhs *l, const struct expr *set,
		     const struct datatype *const *types, const struct datatype *data,
		     struct ev_set **named)
{
	struct ev_set *ns = ev_lookup_set(r->e, set->text);
	char want[256], have[256], msg[600];
	bool match;

	if (!ns) {
		snprintf(msg, sizeof(msg), "Could not process rule: Set '%s' does not exist",
			 set->text);
		return rp_fail(r, &set->loc, msg), -1;
	}
	if (ns->nfields < 0)
		return r->ok = false, -1;
	if (ns->dynamic)	/* a hash map of packet keys */
		rp_use_family(r, EV_PACKET, &set->loc);
	if (data && !ns->is_map)
		return rp_fail(r, &set->loc, "Expression is not a map"), -1;
	match = ns->nfields == l->n;
	for (int i = 0; i < l->n && match; i++)
		match = same_type(ns->types[i], types[i]);
	if (!match) {
		rp_key_desc(want, sizeof(want), ns->types, ns->nfields);
		rp_key_desc(have, sizeof(have), types, l->n);
		if (data)
			fe_error2(r->e->d, &set->loc, &l->all, "datatype mismatch, map expects "
				  "%s, mapping expression has type %s", want, have);
		else
			fe_error2(r->e->d, &set->loc, &l->all, "datatype mismatch, expected %s, "
				  "expression has type %s", have, want);
		return r->ok = false, -1;
	}
	/* its elements' jumps are this chain's: loops, hooks */
	for (size_t k = 0; data == &dt_verdict && k < ns->njumps; k++) {
		r->c->jumps = xgrow(r->c->jumps, r->c->njumps, sizeof(*r->c->jumps));
		r->c->jumps[r->c->njumps].target = ns->jumps[k];
		r->c->jumps[r->c->njumps++].loc = set->loc;
	}
	*named = ns;
	return ns->index;
}

int rp_set(struct rp *r, const struct lhs *l, const struct expr *set,
	   const struct datatype *data, struct ev_set **named)
{
	const struct datatype *types[IR_MAX_CONCAT];
	unsigned bits[IR_MAX_CONCAT];
	struct ev_setspec sp = { .types = types, .bits = bits, .nfields = l->n,
				 .data = data, .data_bits = data ? data->bits : 0,
				 .c = r->c };
	int index;

	*named = NULL;
	for (int i = 0; i < l->n; i++) {
		types[i] = l->sel[i].type;
		bits[i] = l->sel[i].bits;
	}
	if (set->kind == EXPR_SET_REF)
		return named_set(r, l, set, types, data, named);
	index = ev_set_elements(r->e, set, &sp);
	if (index < 0)
		r->ok = false;
	return index;
}

bool rp_key(struct rp *r, const struct lhs *l, struct ir_lookup *k)
{
	for (int i = 0; i < l->n; i++) {
		if (l->sel[i].field.base == IR_BASE_META &&
		    (l->sel[i].field.key == IR_META_IIF || l->sel[i].field.key == IR_META_OIF))
			return rp_fail(r, &l->loc[i], "a set of interfaces by index is not "
				       "supported by cgnft yet: cgnft resolves interfaces when it "
				       "loads the program; use iifname/oifname { ... } or one rule "
				       "per interface");
		if (l->sel[i].is_string && !(l->sel[i].field.base == IR_BASE_SYSCTL &&
		    (l->sel[i].field.key == IR_SYSCTL_NEW_VALUE ||
		     l->sel[i].field.key == IR_SYSCTL_CUR_VALUE)))
			return rp_fail(r, &l->loc[i], "this selector cannot be looked up in a set");
		k->fields[i] = l->sel[i].field;
		k->fields[i].numeric_string = l->sel[i].is_string;
	}
	k->nfields = l->n;
	return true;
}

/* `icmp type { a, b }`: as in nft, the rule's icmp type context is the
 * last element written, when it is a single type (eval_rule.h icmp_ctx). */
static void icmp_type_context(struct rp *r, const struct lhs *l, enum relop op,
			      const struct expr *set, bool vmap)
{
	const struct expr *last;
	struct ir_val v;

	if (vmap || op == REL_NE || l->n != 1 || l->masked || !l->sel[0].icmp_type ||
	    set->kind != EXPR_SET || !set->list.n)
		return;
	last = set->list.v[set->list.n - 1];
	if ((last->kind == EXPR_SYMBOL || last->kind == EXPR_VALUE) &&
	    ev_value(r->e, last, l->sel[0].type, 8, &v))
		r->icmp_ctx = (int)v.lo;
}

bool rp_lookup(struct rp *r, const struct lhs *l, enum relop op,
	       const struct fe_loc *oloc, const struct expr *set, bool vmap)
{
	struct ir_stmt s = { .kind = vmap ? IR_STMT_VMAP : IR_STMT_LOOKUP };
	struct ev_set *named;

	if (op != REL_IMPLICIT && op != REL_EQ && op != REL_NE)
		return rp_fail(r, oloc, "only == and != can be used with a set");
	if (!rp_key(r, l, &s.lookup))
		return false;
	s.lookup.neg = op == REL_NE;
	s.lookup.set = rp_set(r, l, set, vmap ? &dt_verdict : NULL, &named);
	if (s.lookup.set < 0)
		return false;
	if (vmap && named && named->data != &dt_verdict) {
		char msg[256];

		snprintf(msg, sizeof(msg), "datatype mismatch: expected %s, expression has "
			 "type %s", dt_verdict.desc, named->data->desc);
		return rp_fail(r, oloc, msg);
	}
	if (!rp_xfer_key(r, l, set, named != NULL, vmap, &s.lookup))
		return false;
	rp_add(r, &s);
	icmp_type_context(r, l, op, set, vmap);
	return true;
}

