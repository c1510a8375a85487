// SPDX-License-Identifier: GPL-2.0
/*
 * Sets and maps: names of sets and chains, jumps, and the elements of a
 * set or map read into an IR set (keys, verdicts, values), then checked as
 * nft checks them (eval_elems.c).
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/evaluate.h"
#include "ir/xalloc.h"

struct ev_set *ev_lookup_set(struct evctx *e, const char *name)
{
	int i = strset_get(&e->t->set_names, name);

	return i < 0 ? NULL : &e->t->sets[i];
}

struct ev_chain *ev_lookup_chain(struct evctx *e, const char *name)
{
	int i = strset_get(&e->t->chain_names, name);

	return i < 0 ? NULL : &e->t->chains[i];
}

bool ev_jump(struct evctx *e, struct ev_chain *c, const char *chain,
	     const struct fe_loc *loc, struct ir_verdict *v)
{
	struct ev_chain *target = ev_lookup_chain(e, chain);

	if (!target) {
		fe_error(e->d, loc, "Could not process rule: Chain '%s' does not exist", chain);
		return false;
	}
	if (target->base) {
		fe_error(e->d, loc, "Could not process rule: cannot jump to base chain '%s'",
			 chain);
		return false;
	}
	v->chain = target->index;
	if (c) {
		c->jumps = xgrow(c->jumps, c->njumps, sizeof(*c->jumps));
		c->jumps[c->njumps].target = (int)(target - e->t->chains);
		c->jumps[c->njumps++].loc = *loc;
	}
	return true;
}

static bool elem_verdict(struct evctx *e, const struct expr *x, struct ev_chain *c,
			 struct ir_verdict *v)
{
	if (x->kind != EXPR_VERDICT) {
		fe_error(e->d, &x->loc, "expected a verdict (accept, drop, jump CHAIN, ...)");
		return false;
	}
	v->kind = x->verdict.kind;
	if (v->kind == IR_VERDICT_JUMP || v->kind == IR_VERDICT_GOTO)
		return ev_jump(e, c, x->verdict.chain, &x->verdict.chain_loc, v);
	return true;
}

/* The key's fields into el; parts[f]: what field f was written as (a
 * $variable resolved). */
static bool elem_key(struct evctx *e, const struct expr *k, const struct ev_setspec *sp,
		     struct ir_set_elem *el, const struct expr **parts)
{
	if (k->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(e, k);

		if (!v || !elem_key(e, v, sp, el, parts))
			return false;
		ev_canon_as(k, v);	/* as nft lists it: the value */
		return true;
	}
	if (sp->nfields > 1 && (k->kind != EXPR_CONCAT || k->list.n != (size_t)sp->nfields)) {
		fe_error(e->d, &k->loc, "expected %d values joined by '.': the key has %d "
			 "fields", sp->nfields, sp->nfields);
		return false;
	}
	for (int f = 0; f < sp->nfields; f++) {
		bool ok;

		parts[f] = sp->nfields > 1 ? k->list.v[f] : k;
		e->concat_part = sp->nfields > 1;
		ok = ev_interval(e, parts[f], sp->types[f], sp->bits[f], &el->lo[f], &el->hi[f]);
		e->concat_part = false;
		if (!ok)
			return false;
		for (int depth = 0; parts[f]->kind == EXPR_VARIABLE && depth < 16; depth++)
			parts[f] = ev_variable(e, parts[f]);
	}
	return true;
}

/* nft's name for a key part written as an interval, NULL for a value. */
static const char *interval_word(const struct expr *x)
{
	if (x->kind == EXPR_RANGE)
		return "range";
	if (x->kind == EXPR_MASKED)
		return "prefix";
	return NULL;
}

/* The element's place in the listing: nft lists a set's elements sorted
 * by key (for an interval, by its start), fields in order. */
static void set_sortkey(const struct expr *x, const struct ev_setspec *sp,
			const struct ir_set_elem *el)
{
	struct expr *w = (struct expr *)x;	/* evaluation's annotation */
	char *k = xzalloc((size_t)sp->nfields * 32 + 1);

	for (int f = 0; f < sp->nfields; f++) {
		uint64_t hi = el->lo[f].hi, lo = el->lo[f].lo;

		/* nft keeps a string as a host-order (little-endian) number:
		 * its last byte weighs most */
		if (sp->types[f]->kind == DT_STRING) {
			uint64_t h = __builtin_bswap64(lo);

			lo = __builtin_bswap64(hi);
			hi = h;
		}
		sprintf(k + 32 * f, "%016llx%016llx", (unsigned long long)hi,
			(unsigned long long)lo);
	}
	free(w->sortkey);
	w->sortkey = k;
}

/* One element: its key, and its verdict or value. */
static bool element(struct evctx *e, const struct expr *x, const struct ev_setspec *sp,
		    struct ir_set_elem *el, struct ev_elem *info, bool *said_interval)
{
	const struct expr *key = sp->data ? x->mapping.key : x;
	const struct expr *parts[IR_MAX_CONCAT];
	struct ir_val v;

	if (x->kind != EXPR_MAPPING && x->elem && !ev_elem_options(e, x, sp, el))
		return false;
	if (!!sp->data != (x->kind == EXPR_MAPPING)) {
		fe_error(e->d, &x->loc, sp->data == &dt_verdict ? "expected `key : verdict`" :
			 sp->data ? "expected `key : value`" :
			 "a set element has no value: `key : value` is for maps");
		return false;
	}
	if (!elem_key(e, key, sp, el, parts))
		return false;
	set_sortkey(x, sp, el);
	info->loc = key->loc;
	for (int f = 0; f < sp->nfields; f++) {
		const char *word = interval_word(parts[f]);

		if (!word)
			continue;
		info->ranged = true;
		if (sp->name && !sp->interval && !*said_interval) {
			fe_error(e->d, &parts[f]->loc, "You must add 'flags interval' to your %s "
				 "declaration if you want to add %s elements",
				 sp->data ? "map" : "set", word);
			*said_interval = true;
			return false;
		}
	}
	if (!sp->data)
		return true;
	if (sp->data == &dt_verdict)
		return elem_verdict(e, x->mapping.value, sp->c, &el->verdict);
	if (!ev_value(e, x->mapping.value, sp->data, sp->data_bits, &v))
		return false;
	el->data = (uint32_t)v.lo;
	return true;
}

int ev_set_elements(struct evctx *e, const struct expr *set, const struct ev_setspec *sp)
{
	struct ir_set s = { .nfields = sp->nfields, .is_vmap = sp->data == &dt_verdict,
			    .is_map = sp->data && sp->data != &dt_verdict };
	struct ev_elem *info;
	bool ok = true, said_interval = false;

	if (set->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(e, set);

		return v ? ev_set_elements(e, v, sp) : -1;
	}
	if (set->kind != EXPR_SET) {
		fe_error(e->d, &set->loc, "expected a set: { ... }");
		return -1;
	}
	for (int f = 0; f < sp->nfields; f++)
		s.field_len[f] = sp->bits[f] > 64 ? 16 : (sp->bits[f] + 7) / 8;
	info = xzalloc((set->list.n + 1) * sizeof(*info));
	s.elems = xzalloc((set->list.n + 1) * sizeof(*s.elems));
	for (size_t i = 0; i < set->list.n; i++) {
		if (!element(e, set->list.v[i], sp, &s.elems[s.nelems], &info[s.nelems],
			     &said_interval)) {
			ok = false;
			continue;
		}
		s.nelems++;
	}
	if (ok && !sp->name && !s.nelems) {
		fe_error(e->d, &set->loc, "empty set");
		ok = false;
	}
	if (ok)
		ok = ev_check_elems(e, sp, &s, info);
	if (ok)
		ev_merge_intervals(set, sp, &s, info);
	free(info);
	if (!ok) {
		free(s.elems);
		return -1;
	}
	if (sp->name) {
		s.name = xstrdup(sp->name);
	} else {
		s.anonymous = true;
		s.name = xasprintf("__set%d", e->nanon++);
	}
	return ir_unit_add_set(e->u, &s);
}
