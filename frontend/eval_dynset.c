// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic sets: the declaration's `flags dynamic,timeout`, `timeout`,
 * `size`, `gc-interval` and `counter`; element options (`timeout 10m`,
 * `counter packets N bytes M`); and the statements that change a set from
 * the packet path: `add|update|delete @set { key [timeout T] [counter]
 * [limit rate ...] }`, nft's older `set add|update key @set`, and `meter
 * NAME [size N] { key ... }`, checked as nft and the kernel's
 * nft_dynset_init() check them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_rule.h"
#include "frontend/eval_state.h"
#include "ir/xalloc.h"

#define DYNSET_DEFAULT_SIZE 65535	/* nft's size for sets it makes dynamic */

/* nft's time format: `1h30m`, `10s`, `500ms`, `2d`; a plain number is
 * seconds.  False when it is not one. */
bool ev_time_ms(const char *text, uint64_t *ms)
{
	static const struct { const char *u; uint64_t ms; } units[] = {
		{ "ms", 1 }, { "d", 86400000 }, { "h", 3600000 }, { "m", 60000 },
		{ "s", 1000 },
	};
	const char *p = text;
	uint64_t total = 0;

	if (!*p)
		return false;
	while (*p) {
		char *end;
		uint64_t n, scale = 0;

		if (*p < '0' || *p > '9')
			return false;
		errno = 0;
		n = strtoull(p, &end, 10);
		if (errno)
			return false;
		if (!*end && p == text) {
			*ms = n * 1000;		/* seconds */
			return n <= UINT64_MAX / 1000;
		}
		for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strncmp(end, units[i].u, strlen(units[i].u))) {
				scale = units[i].ms;
				end += strlen(units[i].u);
				break;
			}
		if (!scale || __builtin_mul_overflow(n, scale, &n) ||
		    __builtin_add_overflow(total, n, &total))
			return false;
		p = end;
	}
	*ms = total;
	return true;
}

/* nft's spelling of a time: `1h30m`, `10s`, `500ms`. */
void ev_time_text(uint64_t ms, FILE *out)
{
	static const struct { const char *u; uint64_t ms; } units[] = {
		{ "d", 86400000 }, { "h", 3600000 }, { "m", 60000 }, { "s", 1000 },
		{ "ms", 1 },
	};

	if (!ms) {
		fputs("0s", out);
		return;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (ms >= units[i].ms) {
			fprintf(out, "%llu%s", (unsigned long long)(ms / units[i].ms), units[i].u);
			ms %= units[i].ms;
		}
}

/* Whether some rule of the table changes set `name` (nft then makes the
 * set dynamic, 65535 elements unless it has a size). */
static bool changed_by_rules(const struct block *table, const char *name)
{
	for (size_t i = 0; i < table->nblocks; i++) {
		const struct block *c = &table->blocks[i];

		for (size_t r = 0; c->kind == BLOCK_CHAIN && r < c->nrules; r++)
			for (size_t k = 0; k < c->rules[r].nstmts; k++) {
				const struct stmt *st = &c->rules[r].stmts[k];

				if (st->kind == STMT_DYNSET && !st->dynset.meter &&
				    !strcmp(st->dynset.set, name))
					return true;
			}
	}
	return false;
}

static bool parse_u32(const char *w, uint32_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(w, &end, 0);
	if (errno || *end || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

bool ev_set_options(struct evctx *e, const struct block *table, const struct block *b,
		    struct ev_set *s)
{
	bool ok = true, flag_dynamic = false;

	for (size_t i = 0; i < b->ndecls; i++) {
		const struct decl *d = &b->decls[i];

		if (d->kind == DECL_SET_FLAGS) {
			for (size_t k = 0; k < d->nnames; k++) {
				if (!strcmp(d->names[k], "dynamic"))
					flag_dynamic = true;
				else if (!strcmp(d->names[k], "timeout"))
					s->has_timeout = true;
			}
			continue;
		}
		if (d->kind != DECL_SET_OTHER)
			continue;
		const char *w = d->words[0];
		const struct fe_loc *vloc = d->nnames ? &d->name_locs[0] : &d->loc;

		if (!strcmp(w, "counter")) {
			s->counter = true;
		} else if (!strcmp(w, "timeout") || !strcmp(w, "gc-interval")) {
			uint64_t ms;

			if (d->nnames != 1 || !ev_time_ms(d->names[0], &ms)) {
				fe_error(e->d, vloc, "Wrong time format");
				ok = false;
				continue;
			}
			/* gc-interval: how often nft's kernel sweeps expired
			 * elements; cgnft checks expiry at each lookup and
			 * reuses expired entries, so it has no sweep */
			if (w[0] == 't') {
				s->timeout_ms = ms;
				s->has_timeout = true;
			}
		} else if (!strcmp(w, "size")) {
			if (d->nnames != 1 || !parse_u32(d->names[0], &s->size)) {
				fe_error(e->d, vloc, "a set's size is a number up to 4294967295");
				ok = false;
			}
		}
	}
	if (!s->dynamic && (flag_dynamic || s->has_timeout || s->counter ||
			    changed_by_rules(table, s->name)) &&
	    e->u->ndynsets >= 256) {
		fe_error(e->d, &b->loc, "set %s: more than 256 sets with timeouts, counters or "
			 "updated from rules", s->name);
		return false;
	}
	s->updated = changed_by_rules(table, s->name);
	s->dynamic = flag_dynamic || s->has_timeout || s->counter || s->updated;
	if (s->dynamic && !s->size && (flag_dynamic || s->updated))
		s->size = DYNSET_DEFAULT_SIZE;
	if (s->dynamic && s->is_map) {
		fe_error(e->d, &b->loc, "map %s: maps with timeouts, counters or updated from "
			 "rules are not supported by cgnft yet (sets are)", s->name);
		return false;
	}
	if (s->dynamic && s->interval) {
		fe_error(e->d, &b->loc, "set %s: an interval set cannot have timeouts, "
			 "counters or be updated from rules in cgnft (a hash map holds exact "
			 "keys)", s->name);
		return false;
	}
	return ok;
}

/* The set's identity across re-apply, with its key's layout: a set whose
 * type changed starts empty. */
static char *set_key(const char *table, const struct ir_set *set)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	fprintf(out, "%s/@set/%s/", table, set->name);
	for (int f = 0; f < set->nfields; f++)
		fprintf(out, "%s%u", f ? "." : "", set->field_len[f]);
	fclose(out);
	return buf;
}

void ev_set_make_dynamic(struct evctx *e, const struct ev_set *s)
{
	struct ir_set *set = &e->u->sets[s->index];

	for (int f = 0; f < s->nfields; f++)
		set->type_names[f] = xstrdup(s->types[f]->name);
	set->dynamic = true;
	set->counter = s->counter;
	set->has_timeout = s->has_timeout;
	set->timeout_ms = s->timeout_ms;
	/* nft's default for a set it was not told to make dynamic: no bound;
	 * a BPF hash map needs one */
	set->size = s->size ? s->size : DYNSET_DEFAULT_SIZE;
	if (set->size < set->nelems)
		set->size = (uint32_t)set->nelems;
	set->map = (int)e->u->ndynsets++;
	set->table = xstrdup(e->t->name);
	set->key = set_key(e->t->name, set);
}

bool ev_elem_options(struct evctx *e, const struct expr *x, const struct ev_setspec *sp,
		     struct ir_set_elem *el)
{
	if (!x->elem->counter && !x->elem->timeout && !x->elem->expires)
		return true;		/* a comment */
	if (x->elem->counter && !sp->counter) {
		fe_error(e->d, &x->elem->counter_loc, "missing statement in set declaration");
		return false;
	}
	if (!sp->dynamic) {
		fe_error(e->d, &x->loc, "Could not process rule: Invalid argument");
		return false;
	}
	if (x->elem->timeout) {
		if (!sp->has_timeout) {
			fe_error(e->d, &x->loc, "Could not process rule: Invalid argument");
			return false;
		}
		if (!ev_time_ms(x->elem->timeout, &el->timeout_ms)) {
			fe_error(e->d, &x->elem->timeout_loc, "Wrong time format");
			return false;
		}
	} else if (x->elem->expires && !*x->elem->expires) {
		fe_error(e->d, &x->elem->timeout_loc, "syntax error, unexpected string");
		return false;
	}
	if (x->elem->packets) {
		errno = 0;
		el->packets = strtoull(x->elem->packets, NULL, 0);
		el->bytes = strtoull(x->elem->bytes, NULL, 0);
		if (errno) {
			fe_error(e->d, &x->loc, "counter packets and bytes are 64-bit numbers: "
				 "18446744073709551615 at most");
			return false;
		}
	}
	return true;
}

/* A meter's set: made on first use, shared by the meters of the same name
 * in the table, as nft's `meter` makes (or reuses) a set of that name. */
static int meter_set(struct rp *r, const struct stmt *st, const struct lhs *l, bool *made)
{
	struct evctx *e = r->e;
	struct ev_set *ns = ev_lookup_set(e, st->dynset.set);
	struct ev_set s = { .name = st->dynset.set, .nfields = l->n, .dynamic = true };
	struct ir_set set = { .name = xstrdup(st->dynset.set), .nfields = l->n };

	*made = false;
	if (ns)
		return -2;		/* rp_set checks it */
	if (st->dynset.size && !parse_u32(st->dynset.size, &s.size))
		return rp_fail(r, &st->dynset.size_loc, "a meter's size is a number up to "
			       "4294967295"), free(set.name), -1;
	if (!s.size)		/* none, or 0: nft's default */
		s.size = DYNSET_DEFAULT_SIZE;
	s.has_timeout = st->dynset.timeout != NULL;
	for (int f = 0; f < l->n; f++) {
		s.types[f] = l->sel[f].type;
		s.bits[f] = l->sel[f].bits;
		set.field_len[f] = l->sel[f].bits > 64 ? 16 : (l->sel[f].bits + 7) / 8;
	}
	s.index = ir_unit_add_set(e->u, &set);
	e->t->sets = xgrow(e->t->sets, e->t->nsets, sizeof(*e->t->sets));
	e->t->sets[e->t->nsets] = s;
	strset_put(&e->t->set_names, s.name, (int)e->t->nsets);
	ev_set_make_dynamic(e, &e->t->sets[e->t->nsets++]);
	*made = true;
	return s.index;
}

static bool key_matches(const struct ev_set *ns, const struct lhs *l)
{
	if (ns->nfields != l->n)
		return false;
	for (int i = 0; i < l->n; i++)
		if (ns->types[i] != l->sel[i].type && strcmp(ns->types[i]->name, l->sel[i].type->name))
			return false;
	return true;
}

bool rp_dynset(struct rp *r, const struct stmt *st)
{
	struct ir_stmt s = { .kind = IR_STMT_DYNSET };
	struct expr ref = { .kind = EXPR_SET_REF, .loc = st->dynset.set_loc,
			    .text = st->dynset.set };
	struct ev_set *ns = NULL;
	struct lhs l;
	bool made = false;
	int index = -2;

	if (st->dynset.bad_opt)
		return rp_fail(r, &st->dynset.bad_loc, !strcmp(st->dynset.bad_opt, "ct") ?
			       "ct count is not available in a cgroup table: a cgroup program "
			       "cannot count the connections of a key" :
			       "syntax error, unexpected string");
	rp_use_family(r, EV_PACKET, &st->loc);
	if (!rp_lhs(r, st->dynset.key, &l))
		return false;
	if (st->dynset.meter)
		index = meter_set(r, st, &l, &made);
	if (index == -1)
		return false;
	if (!made && !st->dynset.meter) {
		/* nft_dynset's own words: the set first, then the key's type */
		ns = ev_lookup_set(r->e, st->dynset.set);
		if (!ns)
			return rp_fail(r, &st->dynset.set_loc, "No such file or directory");
		if (ns->nfields > 0 && !key_matches(ns, &l)) {
			const struct datatype *types[IR_MAX_CONCAT];
			char want[256], have[256];

			for (int i = 0; i < l.n; i++)
				types[i] = l.sel[i].type;
			rp_key_desc(want, sizeof(want), ns->types, ns->nfields);
			rp_key_desc(have, sizeof(have), types, l.n);
			fe_error2(r->e->d, &l.all, &st->loc, "datatype mismatch: expected %s, "
				  "expression has type %s", want, have);
			return r->ok = false;
		}
	}
	if (!made) {
		index = rp_set(r, &l, &ref, NULL, &ns);
		if (index < 0)
			return false;
		if (!ns || !ns->dynamic)
			return rp_fail(r, &st->loc, "Could not process rule: Operation not "
				       "supported");
	}
	if (!rp_key(r, &l, &s.dynset.key))
		return false;
	s.dynset.key.set = index;
	s.dynset.op = st->dynset.op == DYNSET_ADD ? IR_DYNSET_ADD :
		      st->dynset.op == DYNSET_UPDATE ? IR_DYNSET_UPDATE : IR_DYNSET_DELETE;
	if (st->dynset.timeout) {
		if (!ev_time_ms(st->dynset.timeout, &s.dynset.timeout_ms))
			return rp_fail(r, &st->dynset.timeout_loc, "Wrong time format");
		if (!r->e->u->sets[index].has_timeout)
			return rp_fail(r, &st->loc, "Could not process rule: Operation not "
				       "supported");
	}
	if (st->dynset.op == DYNSET_DELETE && (st->dynset.timeout || st->dynset.counter ||
					       st->dynset.limit))
		return rp_fail(r, &st->loc, "Could not process rule: Invalid argument");
	s.dynset.counter = st->dynset.counter;
	if (st->dynset.limit) {
		if (!ev_limit_spec(r->e->d, st->dynset.limit, &st->loc, &s.dynset.limit))
			return r->ok = false;
		s.dynset.has_limit = true;
	}
	rp_add(r, &s);
	return true;
}
