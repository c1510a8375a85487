// SPDX-License-Identifier: GPL-2.0
/*
 * Dead rules, found on the IR with the region model (ir/region.h), and
 * printed as nft prints a warning: file:line:col-col, the source line and
 * carets under the rule.  Only what is certain is said: an opaque rule
 * never hides the rules after it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"
#include "cli/check_warnings.h"
#include "frontend/diag.h"
#include "ir/region.h"
#include "ir/xalloc.h"

enum dead_kind { LIVE, NEVER_MATCHES, SHADOWED, NO_EFFECT };

struct verdict_note {
	enum dead_kind kind;
	char *why;
};

/* The source line of the rule, for the caret display (NULL: unreadable). */
static char *source_line(const char *file, int line)
{
	FILE *f = fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n = -1;

	if (!f)
		return NULL;
	for (int i = 0; i < line && (n = getline(&buf, &cap, f)) >= 0; i++)
		;
	fclose(f);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = 0;
	return buf;
}

static void warn_rule(struct fe_diag *d, const struct ir_rule *r, const char *msg)
{
	char *text = source_line(r->origin.file, r->origin.line);
	struct fe_loc loc = { .file = r->origin.file, .line = r->origin.line,
			      .line_text = text };
	const char *at = text && r->origin.text ? strstr(text, r->origin.text) : NULL;

	if (at) {
		loc.first_col = (int)(at - text) + 1;
		loc.last_col = loc.first_col + (int)strlen(r->origin.text) - 1;
	} else if (text) {
		loc.first_col = (int)strspn(text, " \t") + 1;
		loc.last_col = (int)strlen(text);
	}
	fe_warning(d, &loc, "%s", msg);
	free(text);
}

/* The earlier deciding rules whose matches meet this one's. */
static char *shadow_reason(const struct rg_rule *m, const struct rg_rule *deciders,
			   const struct ir_rule *rules, const size_t *idx, size_t n)
{
	char *list = NULL;
	int named = 0, more = 0;
	size_t alone = n;

	/* one rule that decides them all is the one to name */
	for (size_t i = 0; i < n && alone == n; i++) {
		struct rg_set left;

		rg_set_copy(&left, &m->match);
		rg_set_subtract(&left, &deciders[i].match);
		if (!left.n)
			alone = i;
		rg_set_free(&left);
	}
	for (size_t i = 0; i < n; i++) {
		char *l;

		if (alone < n && i != alone)
			continue;
		if (!rg_set_intersects(&m->match, &deciders[i].match))
			continue;
		if (named == 3) {
			more++;
			continue;
		}
		l = xasprintf("%s%s%s:%d", list ? list : "", list ? ", " : "",
			      rules[idx[i]].origin.file, rules[idx[i]].origin.line);
		free(list);
		list = l;
		named++;
	}
	{
		bool one = named == 1 && !more;
		char *s = xasprintf("this rule can never match: %s %s%s already decide%s "
				    "every packet it matches", one ? "the rule at" : "the rules at",
				    list ? list : "?", more ? " and others" : "", one ? "s" : "");

		free(list);
		return s;
	}
}

/* A rule that only matches and then does what falling off its chain would
 * do: accept or drop as the base chain's policy, or return. */
static bool same_as_falling_through(const struct ir_chain *c, const struct rg_rule *m)
{
	if (m->side_effects || m->vmap)
		return false;
	if (m->verdict == IR_VERDICT_RETURN)
		return true;
	return c->base && m->verdict == c->policy;
}

static bool decides_nothing(const struct rg_rule *m)
{
	return !m->side_effects && !m->vmap &&
	       (m->verdict == IR_VERDICT_NONE || m->verdict == IR_VERDICT_CONTINUE);
}

/* What the analysis knows of each chain. */
struct chain_info {
	bool other_hook;	/* a sysctl or sock_create program runs it */
	bool called;		/* some rule jumps or goes to it */
	struct rg_set entry;	/* called: (a superset of) the packets it runs */
	struct rg_set final;	/* the packets it ends with accept or drop */
};

/* The packets of rule m whose chain ends for them, whatever comes after:
 * the arms that accept, drop, return or go to a chain, and the packets a
 * jump's chain ends for (what it returns goes on to the next rule). */
static void decided_by(const struct rg_rule *m, const struct chain_info *ci, struct rg_set *out)
{
	out->b = NULL;
	out->n = 0;
	if (m->opaque)
		return;
	for (size_t i = 0; i < m->narms; i++) {
		const struct rg_arm *a = &m->arms[i];
		struct rg_set t;

		switch (a->verdict) {
		case IR_VERDICT_ACCEPT:
		case IR_VERDICT_DROP:
		case IR_VERDICT_RETURN:
		case IR_VERDICT_GOTO:
			rg_set_union(out, &a->match);
			break;
		case IR_VERDICT_JUMP:
			rg_set_copy(&t, &a->match);
			rg_set_intersect(&t, &ci[a->chain].final);
			rg_set_union(out, &t);
			rg_set_free(&t);
			break;
		default:
			break;
		}
	}
	rg_set_coalesce(out);
}

/* In a base chain (its hook's packets only), the rule matches packets of
 * the other hook. */
static bool other_hook_only(const struct rg_ctx *ctx, const struct ir_rule *rule, bool packets)
{
	struct rg_ctx both = *ctx;
	struct rg_rule m;
	bool some;

	if (ctx->hook < 0)
		return false;
	both.hook = -1;
	rg_rule_model(&both, rule, packets, &m);
	some = m.match.n > 0;
	rg_rule_free(&m);
	return some;
}

static int chain_warnings(const struct rg_ctx *ctx, const struct ir_chain *c, bool packets,
			  const struct chain_info *ci, const struct rg_set *entry,
			  struct fe_diag *d)
{
	struct rg_rule *models = xzalloc((c->nrules + 1) * sizeof(*models));
	struct rg_rule *deciders = xzalloc((c->nrules + 1) * sizeof(*deciders));
	size_t *idx = xzalloc((c->nrules + 1) * sizeof(*idx)), ndec = 0;
	struct verdict_note *notes = xzalloc((c->nrules + 1) * sizeof(*notes));
	struct rg_set covered = { 0 };
	bool gave_up = false;
	int n = 0;

	for (size_t r = 0; r < c->nrules; r++) {
		struct rg_rule *m = &models[r];
		struct rg_set left;

		struct rg_set took;

		rg_rule_model(ctx, &c->rules[r], packets, m);
		if (!m->match.n) {
			notes[r].kind = NEVER_MATCHES;
			notes[r].why = m->never ? xstrdup(m->never) :
				other_hook_only(ctx, &c->rules[r], packets) ?
				xasprintf("this rule can never match: no packet that hook %s "
					  "sees satisfies all its matches",
					  ir_hook_name((enum ir_hook)ctx->hook)) :
				xstrdup("this rule can never match: no packet satisfies "
					"all its matches");
			continue;
		}
		if (entry && !rg_set_intersects(&m->match, entry)) {
			notes[r].kind = NEVER_MATCHES;
			notes[r].why = xstrdup("this rule can never match: no packet that its "
					       "chain is jumped to with satisfies all its matches");
			continue;
		}
		if (!gave_up) {
			rg_set_copy(&left, &m->match);
			if (entry)
				rg_set_intersect(&left, entry);
			rg_set_subtract(&left, &covered);
			if (rg_too_big(&left)) {
				gave_up = true;	/* no more claims in this chain */
			} else if (!left.n) {
				notes[r].kind = SHADOWED;
				struct rg_rule in = { .match = m->match };

				if (entry) {
					rg_set_copy(&in.match, &m->match);
					rg_set_intersect(&in.match, entry);
				}
				notes[r].why = shadow_reason(&in, deciders, c->rules, idx, ndec);
				if (entry)
					rg_set_free(&in.match);
			}
			rg_set_free(&left);
		}
		if (gave_up || notes[r].kind != LIVE)
			continue;
		decided_by(m, ci, &took);
		if (!took.n)
			continue;
		memset(&deciders[ndec], 0, sizeof(deciders[ndec]));
		deciders[ndec].match = took;
		idx[ndec++] = r;
		rg_set_union(&covered, &took);
		rg_set_coalesce(&covered);
		gave_up = rg_too_big(&covered);
	}
	/* From the end: rules that do what the end of the chain does, with
	 * only such rules (or rules that decide nothing) after them. */
	for (size_t r = c->nrules; r-- > 0;) {
		struct rg_rule *m = &models[r];

		if (notes[r].kind == NEVER_MATCHES)
			continue;	/* never runs, whatever is removed */
		if (notes[r].kind == SHADOWED) {
			/* runs once the rules that hide it are gone */
			if (decides_nothing(m) || same_as_falling_through(c, m))
				continue;
			break;
		}
		if (decides_nothing(m)) {
			notes[r].kind = NO_EFFECT;
			notes[r].why = xstrdup("this rule changes nothing: it has no verdict and "
					       "no statement");
			continue;
		}
		if (!same_as_falling_through(c, m))
			break;
		notes[r].kind = NO_EFFECT;
		notes[r].why = m->verdict == IR_VERDICT_RETURN && !c->base ?
			xstrdup("this rule changes nothing: the end of the chain returns too") :
			xasprintf("this rule changes nothing: the packets it matches get %s "
				  "without it (the chain's policy)",
				  c->policy == IR_VERDICT_DROP ? "drop" : "accept");
	}
	/* a rule with no verdict in the middle changes nothing either */
	for (size_t r = 0; r < c->nrules; r++)
		if (notes[r].kind == LIVE && decides_nothing(&models[r])) {
			notes[r].kind = NO_EFFECT;
			notes[r].why = xstrdup("this rule changes nothing: it has no verdict and "
					       "no statement");
		}
	for (size_t r = 0; r < c->nrules; r++) {
		if (notes[r].kind != LIVE) {
			warn_rule(d, &c->rules[r], notes[r].why);
			n++;
		}
		free(notes[r].why);
		rg_rule_free(&models[r]);
	}
	for (size_t i = 0; i < ndec; i++)
		rg_rule_free(&deciders[i]);
	rg_set_free(&covered);
	free(models);
	free(deciders);
	free(idx);
	free(notes);
	return n;
}

/* The chains rule r of a chain may jump or go to: its verdict's, or its
 * verdict map's. */
static size_t rule_targets(const struct ir_unit *u, const struct ir_rule *rule, int *out)
{
	size_t n = 0;

	for (size_t k = 0; k < rule->nstmts; k++) {
		const struct ir_stmt *st = &rule->stmts[k];

		if (st->kind == IR_STMT_VERDICT && (st->verdict.kind == IR_VERDICT_JUMP ||
						    st->verdict.kind == IR_VERDICT_GOTO))
			out[n++] = st->verdict.chain;
		if (st->kind == IR_STMT_VMAP) {
			const struct ir_set *set = &u->sets[st->lookup.set];

			for (size_t e = 0; e < set->nelems; e++)
				if (set->elems[e].verdict.kind == IR_VERDICT_JUMP ||
				    set->elems[e].verdict.kind == IR_VERDICT_GOTO)
					out[n++] = set->elems[e].verdict.chain;
		}
	}
	return n;
}

static size_t max_targets(const struct ir_unit *u, const struct ir_rule *rule)
{
	size_t n = 1;

	for (size_t k = 0; k < rule->nstmts; k++)
		if (rule->stmts[k].kind == IR_STMT_VMAP)
			n += u->sets[rule->stmts[k].lookup.set].nelems;
	return n;
}

/* Mark the chains that chain c can reach by jump, goto or verdict map. */
static void reach(const struct ir_unit *u, size_t c, bool *seen)
{
	if (seen[c])
		return;
	seen[c] = true;
	for (size_t r = 0; r < u->chains[c].nrules; r++) {
		const struct ir_rule *rule = &u->chains[c].rules[r];
		int *t = xzalloc(max_targets(u, rule) * sizeof(*t));
		size_t n = rule_targets(u, rule, t);

		for (size_t i = 0; i < n; i++)
			reach(u, (size_t)t[i], seen);
		free(t);
	}
}

/* Callees after their callers: a depth-first post-order, reversed. */
static void post_order(const struct ir_unit *u, size_t c, bool *seen, size_t *order, size_t *n)
{
	if (seen[c])
		return;
	seen[c] = true;
	for (size_t r = 0; r < u->chains[c].nrules; r++) {
		const struct ir_rule *rule = &u->chains[c].rules[r];
		int *t = xzalloc(max_targets(u, rule) * sizeof(*t));
		size_t k = rule_targets(u, rule, t);

		for (size_t i = 0; i < k; i++)
			post_order(u, (size_t)t[i], seen, order, n);
		free(t);
	}
	order[(*n)++] = c;
}

/*
 * The packets each regular chain can be entered with: what its callers'
 * rules that jump or go to it match, of the packets their own chain is
 * entered with (a superset: the rules before a call site are ignored).  A
 * rule that is opaque sends its whole modelled region to every chain it
 * names.
 */
static void chain_entries(const struct rg_ctx *ctx, struct chain_info *ci)
{
	const struct ir_unit *u = ctx->unit;
	bool *seen = xzalloc(u->nchains + 1);
	size_t *order = xzalloc((u->nchains + 1) * sizeof(*order)), n = 0;

	for (size_t c = 0; c < u->nchains; c++)
		post_order(u, c, seen, order, &n);
	for (size_t i = n; i-- > 0;) {
		size_t c = order[i];
		const struct ir_chain *ch = &u->chains[c];

		if (ci[c].other_hook)
			continue;
		if (!ch->base && !ci[c].called)
			rg_universe(&ci[c].entry);	/* never called: no claim */
		for (size_t r = 0; r < ch->nrules; r++) {
			const struct ir_rule *rule = &ch->rules[r];
			int *t = xzalloc(max_targets(u, rule) * sizeof(*t));
			size_t k = rule_targets(u, rule, t);
			struct rg_rule m;

			if (!k) {
				free(t);
				continue;
			}
			rg_rule_model(ctx, rule, true, &m);
			for (size_t j = 0; j < k; j++) {
				struct rg_set in;

				rg_set_copy(&in, &m.match);
				for (size_t a = 0; !m.opaque && a < m.narms; a++)
					if (m.arms[a].chain != t[j] ||
					    (m.arms[a].verdict != IR_VERDICT_JUMP &&
					     m.arms[a].verdict != IR_VERDICT_GOTO))
						rg_set_subtract(&in, &m.arms[a].match);
				rg_set_intersect(&in, &ci[c].entry);
				ci[t[j]].called = true;
				rg_set_union(&ci[t[j]].entry, &in);
				rg_set_coalesce(&ci[t[j]].entry);
				rg_set_free(&in);
			}
			rg_rule_free(&m);
			free(t);
		}
	}
	free(seen);
	free(order);
}

int check_warnings(const struct ir_unit *unit, FILE *out)
{
	struct fe_diag d = { .out = out };
	struct chain_info *ci = xzalloc((unit->nchains + 1) * sizeof(*ci));
	bool *other_hooks = xzalloc(unit->nchains + 1);
	struct rg_ctx ctx;
	int n = 0;

	/* packet fields are modelled only in chains that sysctl and
	 * sock_create programs never run */
	for (size_t c = 0; c < unit->nchains; c++)
		if (unit->chains[c].base && unit->chains[c].hook != IR_HOOK_INGRESS &&
		    unit->chains[c].hook != IR_HOOK_EGRESS)
			reach(unit, c, other_hooks);
	rg_ctx_init(&ctx, unit);
	for (size_t c = 0; c < unit->nchains; c++) {
		ci[c].other_hook = other_hooks[c];
		if (!other_hooks[c])
			an_chain_final(&ctx, c, &ci[c].final);
	}
	/* a base chain sees its hook's packets (the device it has, ct) */
	for (size_t c = 0; c < unit->nchains; c++)
		if (!other_hooks[c] && unit->chains[c].base)
			rg_universe_hook(&ci[c].entry, unit->chains[c].hook);
	chain_entries(&ctx, ci);
	for (size_t c = 0; c < unit->nchains; c++) {
		bool packets = !other_hooks[c];
		const struct rg_set *entry = packets && !unit->chains[c].base &&
					     ci[c].called ? &ci[c].entry : NULL;
		struct rg_ctx cc = ctx;

		if (packets && unit->chains[c].base)	/* its hook's packets */
			cc.hook = unit->chains[c].hook;
		n += chain_warnings(&cc, &unit->chains[c], packets, ci, entry, &d);
	}
	for (size_t c = 0; c < unit->nchains; c++) {
		rg_set_free(&ci[c].entry);
		rg_set_free(&ci[c].final);
	}
	free(ci);
	free(other_hooks);
	return n;
}
