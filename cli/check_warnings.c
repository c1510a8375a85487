// SPDX-License-Identifier: GPL-2.0
/*
 * Dead rules, found on the IR with the region model (ir/region.h), and
 * printed as nft prints a warning: file:line:col-col, the source line and
 * carets under the rule.  Only what is certain is said: an opaque rule
 * never hides the rules after it.
 */
#include <stdlib.h>
#include <string.h>

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

	for (size_t i = 0; i < n; i++) {
		char *l;

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

static int chain_warnings(const struct rg_ctx *ctx, const struct ir_chain *c, bool packets,
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

		rg_rule_model(ctx, &c->rules[r], packets, m);
		if (!m->match.n) {
			notes[r].kind = NEVER_MATCHES;
			notes[r].why = xstrdup("this rule can never match: no packet satisfies "
					       "all its matches");
			continue;
		}
		if (!gave_up) {
			rg_set_copy(&left, &m->match);
			rg_set_subtract(&left, &covered);
			if (rg_too_big(&left)) {
				gave_up = true;	/* no more claims in this chain */
			} else if (!left.n) {
				notes[r].kind = SHADOWED;
				notes[r].why = shadow_reason(m, deciders, c->rules, idx, ndec);
			}
			rg_set_free(&left);
		}
		if (!gave_up && rg_rule_decides(m) && notes[r].kind == LIVE) {
			deciders[ndec] = *m;
			rg_set_copy(&deciders[ndec].match, &m->match);
			idx[ndec++] = r;
			rg_set_union(&covered, &m->match);
			rg_set_coalesce(&covered);
			gave_up = rg_too_big(&covered);
		}
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

/* Mark the chains that chain c can reach by jump, goto or verdict map. */
static void reach(const struct ir_unit *u, size_t c, bool *seen)
{
	if (seen[c])
		return;
	seen[c] = true;
	for (size_t r = 0; r < u->chains[c].nrules; r++)
		for (size_t k = 0; k < u->chains[c].rules[r].nstmts; k++) {
			const struct ir_stmt *st = &u->chains[c].rules[r].stmts[k];

			if (st->kind == IR_STMT_VERDICT && (st->verdict.kind == IR_VERDICT_JUMP ||
							    st->verdict.kind == IR_VERDICT_GOTO))
				reach(u, (size_t)st->verdict.chain, seen);
			if (st->kind == IR_STMT_VMAP) {
				const struct ir_set *set = &u->sets[st->lookup.set];

				for (size_t e = 0; e < set->nelems; e++)
					if (set->elems[e].verdict.kind == IR_VERDICT_JUMP ||
					    set->elems[e].verdict.kind == IR_VERDICT_GOTO)
						reach(u, (size_t)set->elems[e].verdict.chain, seen);
			}
		}
}

int check_warnings(const struct ir_unit *unit, FILE *out)
{
	struct fe_diag d = { .out = out };
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
	for (size_t c = 0; c < unit->nchains; c++)
		n += chain_warnings(&ctx, &unit->chains[c], !other_hooks[c], &d);
	free(other_hooks);
	return n;
}
