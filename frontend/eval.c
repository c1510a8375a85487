// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of tables, sets and chains, and the grouping of base chains
 * into one program per (cgroup, hook).
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval.h"
#include "frontend/fields.h"
#include "ir/xalloc.h"

#define MAX_JUMP_DEPTH 16
#define MAX_DEFINE_DEPTH 16

bool ev_verdict(struct ev *e, struct ev_chain *c, const struct ev_toks *t,
		size_t *pos, struct ir_verdict *v);

/* ---- defines ---- */

static const struct fe_define *find_define(struct ev *e, const char *name)
{
	/* the last definition wins, as a redefinition in nft would */
	for (size_t i = e->file->ndefines; i-- > 0;)
		if (!strcmp(e->file->defines[i].name.text, name))
			return &e->file->defines[i];
	return NULL;
}

static bool expand(struct ev *e, const struct fe_tok *v, size_t n,
		   struct ev_toks *out, int depth)
{
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		const struct fe_define *def;

		if (strcmp(v[i].text, "$") || v[i].kind != FE_TOK_PUNCT) {
			out->v = xgrow(out->v, out->n, sizeof(*out->v));
			out->v[out->n++] = v[i];
			continue;
		}
		if (i + 1 >= n || v[i + 1].kind != FE_TOK_WORD) {
			fe_error(e->d, &v[i].loc, "expected a variable name after '$'");
			return false;
		}
		def = find_define(e, v[i + 1].text);
		if (!def) {
			struct fe_loc l = fe_loc_span(&v[i].loc, &v[i + 1].loc);

			fe_error(e->d, &l, "unknown identifier '%s'", v[i + 1].text);
			ok = false;
		} else if (depth >= MAX_DEFINE_DEPTH) {
			fe_error(e->d, &v[i].loc, "defines nest too deeply (a define refers to itself?)");
			return false;
		} else if (!expand(e, def->value.toks, def->value.ntoks, out, depth + 1)) {
			return false;
		}
		i++;
	}
	return ok;
}

bool ev_expand(struct ev *e, const struct fe_line *line, struct ev_toks *out)
{
	out->v = NULL;
	out->n = 0;
	for (size_t i = 0; i < line->ntoks; i++)
		if (line->toks[i].kind == FE_TOK_PUNCT && !strcmp(line->toks[i].text, "$"))
			return expand(e, line->toks, line->ntoks, out, 0);
	/* no variables: one copy (most lines) */
	out->v = xmalloc((line->ntoks ? line->ntoks : 1) * sizeof(*out->v));
	memcpy(out->v, line->toks, line->ntoks * sizeof(*out->v));
	out->n = line->ntoks;
	return true;
}

void ev_toks_free(struct ev_toks *t)
{
	free(t->v);	/* the tokens themselves belong to the tree */
	t->v = NULL;
	t->n = 0;
}

/* ---- text ---- */

char *ev_join(const struct fe_tok *toks, size_t n)
{
	size_t len = 1;
	char *s, *p;

	for (size_t i = 0; i < n; i++)
		len += strlen(toks[i].text) + 3;
	p = s = xmalloc(len);
	for (size_t i = 0; i < n; i++) {
		const char *t = toks[i].text;
		bool tight_before = toks[i].kind == FE_TOK_PUNCT &&
				    (!strcmp(t, ",") || !strcmp(t, ")"));
		bool tight_after = i > 0 && toks[i - 1].kind == FE_TOK_PUNCT &&
				   (!strcmp(toks[i - 1].text, "@") ||
				    !strcmp(toks[i - 1].text, "(") ||
				    !strcmp(toks[i - 1].text, "$"));

		bool quote = toks[i].kind == FE_TOK_STRING;
		size_t tl = strlen(t);

		if (i && !tight_before && !tight_after)
			*p++ = ' ';
		/* memcpy, not sprintf: this runs for every rule, twice */
		if (quote)
			*p++ = '"';
		memcpy(p, t, tl);
		p += tl;
		if (quote)
			*p++ = '"';
	}
	*p = '\0';
	return s;
}

/* ---- lookups ---- */

struct ev_set *ev_find_set(struct ev *e, const char *name)
{
	int i = strset_get(&e->t->set_names, name);

	return i < 0 ? NULL : &e->t->sets[i];
}

struct ev_chain *ev_find_chain(struct ev *e, const char *name)
{
	int i = strset_get(&e->t->chain_names, name);

	return i < 0 ? NULL : &e->t->chains[i];
}

/* ---- set elements ---- */

static bool tok_is(const struct ev_toks *t, size_t i, const char *s)
{
	return i < t->n && t->v[i].kind != FE_TOK_STRING && !strcmp(t->v[i].text, s);
}

bool ev_elements(struct ev *e, const struct ev_toks *t, size_t *pos,
		 const enum fe_type *types, const int *bits, int nfields,
		 bool vmap, struct ev_chain *c, struct ir_set *set)
{
	struct fe_loc open = t->v[*pos].loc;
	bool ok = true;

	(*pos)++;	/* '{' */
	while (*pos < t->n && !tok_is(t, *pos, "}")) {
		struct ir_set_elem el = { 0 };

		for (int f = 0; f < nfields; f++) {
			const struct fe_tok *w = &t->v[*pos];

			if (w->kind != FE_TOK_WORD) {
				fe_error(e->d, &w->loc, "expected a set element");
				return false;
			}
			if (!fe_parse_value(e->d, &w->loc, w->text, types[f], bits[f],
					    &el.lo[f], &el.hi[f]))
				ok = false;
			(*pos)++;
			if (tok_is(t, *pos, "-") && *pos + 1 < t->n &&
			    t->v[*pos + 1].kind == FE_TOK_WORD) {
				struct ir_val l2;

				if (!fe_parse_value(e->d, &t->v[*pos + 1].loc,
						    t->v[*pos + 1].text, types[f],
						    bits[f], &l2, &el.hi[f]))
					ok = false;
				*pos += 2;
			}
			if (f + 1 < nfields) {
				if (!tok_is(t, *pos, ".")) {
					fe_error(e->d, &t->v[*pos < t->n ? *pos : t->n - 1].loc,
						 "expected '.': the set's key has %d fields", nfields);
					return false;
				}
				(*pos)++;
			}
		}
		if (vmap) {
			if (!tok_is(t, *pos, ":")) {
				fe_error(e->d, &t->v[*pos < t->n ? *pos : t->n - 1].loc,
					 "expected ':' and a verdict (`key : verdict`)");
				return false;
			}
			(*pos)++;
			if (!ev_verdict(e, c, t, pos, &el.verdict))
				return false;
		}
		set->elems = xgrow(set->elems, set->nelems, sizeof(el));
		set->elems[set->nelems++] = el;
		if (tok_is(t, *pos, ","))
			(*pos)++;
		else if (!tok_is(t, *pos, "}")) {
			fe_error(e->d, &t->v[*pos < t->n ? *pos : t->n - 1].loc,
				 "expected ',' or '}' in the set");
			return false;
		}
	}
	if (*pos >= t->n) {
		fe_error(e->d, &open, "unterminated set: missing '}'");
		return false;
	}
	(*pos)++;	/* '}' */
	if (!set->nelems) {
		fe_error(e->d, &open, "empty set");
		return false;
	}
	return ok;
}

/* ---- named sets ---- */

static bool set_type(const char *name, enum fe_type *t, int *bits)
{
	static const struct { const char *n; enum fe_type t; int bits; } m[] = {
		{ "ipv4_addr", FE_T_IPV4, 32 }, { "ipv6_addr", FE_T_IPV6, 128 },
		{ "inet_service", FE_T_SERVICE, 16 }, { "inet_proto", FE_T_PROTO, 8 },
		{ "mark", FE_T_MARK, 32 }, { "icmp_type", FE_T_ICMP_TYPE, 8 },
		{ "icmpv6_type", FE_T_ICMPV6_TYPE, 8 },
	};

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (!strcmp(m[i].n, name)) {
			*t = m[i].t;
			*bits = m[i].bits;
			return true;
		}
	return false;
}

static void eval_set(struct ev *e, const struct fe_block *b, struct ev_set *s)
{
	struct ir_set set = { .name = xstrdup(b->head[0].text) };
	int bits[IR_MAX_CONCAT];
	const struct fe_line *elements = NULL;

	s->name = b->head[0].text;
	s->loc = b->head[0].loc;
	for (size_t i = 0; i < b->nlines; i++) {
		const struct fe_line *l = &b->lines[i];
		const char *kw = l->toks[0].text;

		if (!strcmp(kw, "type")) {
			s->nfields = 0;
			for (size_t j = 1; j < l->ntoks; j += 2) {
				if (s->nfields == IR_MAX_CONCAT ||
				    !set_type(l->toks[j].text, &s->types[s->nfields],
					      &bits[s->nfields])) {
					fe_error(e->d, &l->toks[j].loc,
						 "unknown or unsupported set type \"%s\" (ipv4_addr, "
						 "ipv6_addr, inet_service, inet_proto, mark)",
						 l->toks[j].text);
					s->nfields = -1;
					break;
				}
				set.field_len[s->nfields] = bits[s->nfields] > 64 ? 16 :
							    bits[s->nfields] / 8;
				s->nfields++;
				if (j + 1 < l->ntoks && strcmp(l->toks[j + 1].text, ".")) {
					fe_error(e->d, &l->toks[j + 1].loc,
						 "expected '.' between concatenated types");
					s->nfields = -1;
					break;
				}
			}
		} else if (!strcmp(kw, "flags")) {
			for (size_t j = 1; j < l->ntoks; j++) {
				const char *f = l->toks[j].text;

				if (!strcmp(f, "interval"))
					s->interval = true;
				else if (strcmp(f, ",") && strcmp(f, "constant"))
					fe_error(e->d, &l->toks[j].loc,
						 "unsupported set flag \"%s\" (interval, constant)", f);
			}
		} else if (!strcmp(kw, "elements")) {
			elements = l;
		} else if (!strcmp(kw, "comment") || !strcmp(kw, "policy") ||
			   !strcmp(kw, "size")) {
			/* accepted and ignored, as they do not change matching */
		} else {
			fe_error(e->d, &l->toks[0].loc, "unknown set statement \"%s\"", kw);
		}
	}
	if (s->nfields == 0) {
		fe_error(e->d, &b->loc, "set %s has no type: add `type ipv4_addr` or similar",
			 s->name);
		s->nfields = -1;
	}
	set.nfields = s->nfields;
	if (elements && s->nfields > 0) {
		struct ev_toks t;
		size_t pos = 1;

		if (ev_expand(e, elements, &t)) {
			if (pos < t.n && !strcmp(t.v[pos].text, "="))
				pos++;
			if (pos >= t.n || strcmp(t.v[pos].text, "{"))
				fe_error(e->d, &elements->toks[0].loc,
					 "expected `elements = { ... }`");
			else
				ev_elements(e, &t, &pos, s->types, bits, s->nfields,
					    false, NULL, &set);
			/* nft: prefixes and ranges need the interval flag */
			for (size_t i = 0; i < set.nelems && !s->interval; i++)
				for (int f = 0; f < s->nfields; f++)
					if (memcmp(&set.elems[i].lo[f], &set.elems[i].hi[f],
						   sizeof(struct ir_val))) {
						fe_error(e->d, &elements->toks[0].loc,
							 "set %s has ranges or prefixes: it needs `flags interval`",
							 s->name);
						i = set.nelems;
						break;
					}
		}
		ev_toks_free(&t);
	}
	s->index = ir_unit_add_set(e->u, &set);
}

/* ---- chains ---- */

/* A line with defines expanded and `counter packets N bytes M` as plain
 * `counter`: the canonical text of a rule, which `list` prints (with live
 * values) and which identifies a counter across re-applies. */
static char *canon_text(struct ev *e, const struct fe_line *l)
{
	struct ev_toks t;
	char *text;

	if (!ev_expand(e, l, &t)) {
		ev_toks_free(&t);
		return NULL;
	}
	for (size_t i = 0; i < t.n; i++)
		if (!strcmp(t.v[i].text, "counter") && i + 4 < t.n &&
		    !strcmp(t.v[i + 1].text, "packets") && !strcmp(t.v[i + 3].text, "bytes")) {
			memmove(&t.v[i + 1], &t.v[i + 5], (t.n - i - 5) * sizeof(t.v[0]));
			t.n -= 4;
		}
	text = ev_join(t.v, t.n);
	ev_toks_free(&t);
	return text;
}

static bool parse_priority(struct ev *e, const struct ev_toks *t, size_t *pos,
			   int *prio)
{
	static const struct { const char *n; int v; } named[] = {
		{ "raw", -300 }, { "mangle", -150 }, { "dstnat", -100 },
		{ "filter", 0 }, { "security", 50 }, { "srcnat", 100 },
	};
	long sign = 1, base = 0, off = 0;
	bool have = false;
	uint64_t v;

	if (*pos < t->n && !strcmp(t->v[*pos].text, "-")) {
		sign = -1;
		(*pos)++;
	}
	if (*pos >= t->n) {
		fe_error(e->d, &t->v[t->n - 1].loc, "expected a priority");
		return false;
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcmp(t->v[*pos].text, named[i].n)) {
			base = named[i].v;
			have = true;
		}
	if (!have && fe_parse_u64(t->v[*pos].text, &v) && v <= 0x7fffffff) {
		base = v;
		have = true;
	}
	if (!have) {
		fe_error(e->d, &t->v[*pos].loc, "unknown chain priority \"%s\"",
			 t->v[*pos].text);
		return false;
	}
	(*pos)++;
	/* `filter + 10`, `filter - 5` */
	if (*pos + 1 < t->n && (!strcmp(t->v[*pos].text, "+") || !strcmp(t->v[*pos].text, "-")) &&
	    fe_parse_u64(t->v[*pos + 1].text, &v)) {
		off = t->v[*pos].text[0] == '-' ? -(long)v : (long)v;
		*pos += 2;
	}
	*prio = sign * base + off;
	return true;
}

static bool parse_hook(struct ev *e, const struct fe_tok *w, enum ir_hook *hook)
{
	static const char *const names[IR_HOOK_MAX] = {
		[IR_HOOK_INGRESS] = "ingress", [IR_HOOK_EGRESS] = "egress",
		[IR_HOOK_SYSCTL] = "sysctl", [IR_HOOK_SOCK_CREATE] = "sock_create",
	};

	for (int h = 0; h < IR_HOOK_MAX; h++)
		if (!strcmp(w->text, names[h])) {
			*hook = h;
			return true;
		}
	if (!strcmp(w->text, "input") || !strcmp(w->text, "prerouting"))
		fe_error(e->d, &w->loc, "unknown hook \"%s\" in a cgroup table: use `hook ingress` "
			 "(packets received by the cgroup's sockets)", w->text);
	else if (!strcmp(w->text, "output") || !strcmp(w->text, "postrouting"))
		fe_error(e->d, &w->loc, "unknown hook \"%s\" in a cgroup table: use `hook egress` "
			 "(packets sent by the cgroup's sockets)", w->text);
	else
		fe_error(e->d, &w->loc, "unknown hook \"%s\": a cgroup table has ingress, egress, "
			 "sysctl and sock_create", w->text);
	return false;
}

/* `type filter hook H priority P` and `policy P` lines. */
static bool chain_spec(struct ev *e, const struct ev_toks *t, struct ir_chain *ch,
		       struct ev_chain *c, bool *have_type, bool *have_policy)
{
	size_t pos = 0;

	while (pos < t->n) {
		const struct fe_tok *w = &t->v[pos];

		if (!strcmp(w->text, "type")) {
			if (pos + 4 >= t->n || strcmp(t->v[pos + 2].text, "hook")) {
				fe_error(e->d, &w->loc, "expected `type filter hook HOOK priority N`");
				return false;
			}
			if (strcmp(t->v[pos + 1].text, "filter")) {
				fe_error(e->d, &t->v[pos + 1].loc, "chain type \"%s\" is not available in a "
					 "cgroup table: only `type filter`", t->v[pos + 1].text);
				return false;
			}
			if (!parse_hook(e, &t->v[pos + 3], &ch->hook))
				return false;
			pos += 4;
			if (pos >= t->n || strcmp(t->v[pos].text, "priority")) {
				fe_error(e->d, &t->v[pos - 1].loc, "expected `priority N` after the hook");
				return false;
			}
			pos++;
			if (!parse_priority(e, t, &pos, &ch->priority))
				return false;
			ch->base = c->base = true;
			c->hook = ch->hook;
			*have_type = true;
		} else if (!strcmp(w->text, "policy")) {
			if (pos + 1 >= t->n || (strcmp(t->v[pos + 1].text, "accept") &&
						strcmp(t->v[pos + 1].text, "drop"))) {
				fe_error(e->d, &w->loc, "expected `policy accept` or `policy drop`");
				return false;
			}
			ch->policy = t->v[pos + 1].text[0] == 'a' ? IR_VERDICT_ACCEPT :
								    IR_VERDICT_DROP;
			*have_policy = true;
			pos += 2;
		} else {
			fe_error(e->d, &w->loc, "unexpected \"%s\" in the chain declaration", w->text);
			return false;
		}
	}
	return true;
}

static bool is_spec_line(const struct fe_line *l)
{
	return l->ntoks && (!strcmp(l->toks[0].text, "type") ||
			    !strcmp(l->toks[0].text, "policy"));
}

/* First pass: declarations, so rules can jump forward. */
static void declare_chain(struct ev *e, const struct fe_block *b, struct ev_chain *c)
{
	struct ir_chain ch = { .table = xstrdup(e->t->name),
			       .name = xstrdup(b->head[0].text),
			       .policy = IR_VERDICT_ACCEPT };
	bool have_type = false, have_policy = false;
	struct fe_loc policy_loc = b->loc;

	c->name = b->head[0].text;
	c->block = b;
	for (size_t i = 0; i < b->nlines && is_spec_line(&b->lines[i]); i++) {
		struct ev_toks t;

		if (!strcmp(b->lines[i].toks[0].text, "policy"))
			policy_loc = b->lines[i].toks[0].loc;
		if (ev_expand(e, &b->lines[i], &t))
			chain_spec(e, &t, &ch, c, &have_type, &have_policy);
		ev_toks_free(&t);
	}
	if (have_policy && !have_type)
		fe_error(e->d, &policy_loc, "policy is only allowed on base chains "
			 "(add `type filter hook ... priority ...;`)");
	c->index = ir_unit_add_chain(e->u, &ch);
}

static char *counter_key(struct ev *e, const struct ev_chain *c, const char *text,
			 int dup)
{
	return dup ? xasprintf("%s/%s/%s#%d", e->t->name, c->name, text, dup) :
		     xasprintf("%s/%s/%s", e->t->name, c->name, text);
}

/* `sysctl name { "a", "b" } accept`: the same rule once per string.  The
 * strings are exact and distinct, so at most one copy gets past the match;
 * statements before it would run once per copy, so only matches may. */
static void add_alternatives(struct ev *e, struct ev_chain *c,
			     const struct fe_line *l, const struct ir_rule *rule,
			     char **alts, size_t nalts, size_t alt_stmt)
{
	for (size_t k = 0; k < alt_stmt && nalts; k++)
		if (rule->stmts[k].kind == IR_STMT_COUNTER ||
		    rule->stmts[k].kind == IR_STMT_SET_SYSCTL_VALUE ||
		    rule->stmts[k].kind == IR_STMT_SET_META) {
			fe_error(e->d, &l->toks[0].loc, "a counter or set statement cannot "
				 "come before a set of strings: move it after the match");
			nalts = 1;
		}
	for (size_t a = 1; a < nalts; a++) {
		struct ir_rule copy = { 0 };

		for (size_t k = 0; k < rule->nstmts; k++) {
			struct ir_stmt s = rule->stmts[k];

			if (s.kind == IR_STMT_STR_MATCH)
				s.str.str = xstrdup(k == alt_stmt ? alts[a] : s.str.str);
			if (s.kind == IR_STMT_SET_SYSCTL_VALUE)
				s.set_sysctl.str = xstrdup(s.set_sysctl.str);
			ir_rule_add_stmt(&copy, &s);
		}
		copy.origin.file = xstrdup(rule->origin.file);
		copy.origin.line = rule->origin.line;
		copy.origin.text = xstrdup(rule->origin.text);
		ir_chain_add_rule(&e->u->chains[c->index], &copy);
	}
	for (size_t a = 0; a < nalts; a++)
		free(alts[a]);
	free(alts);
}

static void eval_chain_rules(struct ev *e, struct ev_chain *c)
{
	const struct fe_block *b = c->block;
	size_t i = 0;

	while (i < b->nlines && is_spec_line(&b->lines[i]))
		i++;
	for (; i < b->nlines; i++) {
		const struct fe_line *l = &b->lines[i];
		struct ir_rule rule = { 0 };
		struct ev_toks t;
		size_t first_ctr = e->u->ncounters;

		if (is_spec_line(l)) {
			fe_error(e->d, &l->toks[0].loc, "the chain declaration (type, policy) "
				 "must come before the rules");
			continue;
		}
		char **alts = NULL;
		size_t nalts = 0, alt_stmt = 0;

		if (!ev_expand(e, l, &t) ||
		    !ev_rule(e, c, &t, &rule, &alts, &nalts, &alt_stmt)) {
			/* the statements built before the error (and their
			 * strings); its counters and sets stay in the unit */
			ir_rule_free(&rule);
			ev_toks_free(&t);
			for (size_t k = 0; k < nalts; k++)
				free(alts[k]);
			free(alts);
			continue;
		}
		rule.origin.file = xstrdup(l->toks[0].loc.file);
		rule.origin.line = l->toks[0].loc.line;
		rule.origin.text = ev_join(l->toks, l->ntoks);
		/* only counters need it, for their keys */
		char *canon = e->u->ncounters > first_ctr ? canon_text(e, l) : NULL;

		for (size_t k = first_ctr; k < e->u->ncounters; k++) {
			int dup = 0;
			char *key = counter_key(e, c, canon, dup);

			/* identical rules in one chain get distinct keys */
			while (!strset_add(&e->counter_keys, key)) {
				free(key);
				key = counter_key(e, c, canon, ++dup);
			}
			e->u->counters[k].rule_key = key;
		}
		free(canon);
		ir_chain_add_rule(&e->u->chains[c->index], &rule);
		add_alternatives(e, c, l, &rule, alts, nalts, alt_stmt);
		ev_toks_free(&t);
	}
}

/*
 * nft forbids loops and limits the depth of jumps: one depth-first walk
 * over the chain graph, each chain finished once.  height[c] is the
 * number of jumps on the longest path down from c (-1: not finished); a
 * chain on the current path is ON_PATH.  Recursion stops at the depth
 * limit, so it is bounded whatever the graph.
 */
#define ON_PATH (-2)

static bool jump_walk(struct ev *e, int chain, int depth, int *height)
{
	struct ev_chain *c = &e->t->chains[chain];
	int h = 0;

	height[chain] = ON_PATH;
	for (size_t j = 0; j < c->njumps; j++) {
		int t = c->jumps[j].target;

		if (height[t] == ON_PATH) {
			fe_error(e->d, &c->jumps[j].loc,
				 "Could not process rule: Too many levels of symbolic links "
				 "(chain '%s' jumps back to '%s': jump loops are not allowed)",
				 c->name, e->t->chains[t].name);
			return false;
		}
		if (depth + 1 >= MAX_JUMP_DEPTH ||
		    (height[t] >= 0 && depth + 1 + height[t] >= MAX_JUMP_DEPTH)) {
			fe_error(e->d, &c->jumps[j].loc, "jumps nest more than %d chains deep",
				 MAX_JUMP_DEPTH);
			return false;
		}
		if (height[t] < 0 && !jump_walk(e, t, depth + 1, height))
			return false;
		if (height[t] + 1 > h)
			h = height[t] + 1;
	}
	height[chain] = h;
	return true;
}

/* Statements must suit the hook of every base chain that reaches them:
 * each chain is checked once per kind of hook (seen[chain * 3 + want]). */
static void check_families(struct ev *e, int base, enum ev_family want,
			   const char *hook, bool *seen)
{
	static const char *const what[] = { "packet matches", "sysctl matches",
					    "socket matches" };
	int *stack = xmalloc((e->t->nchains + 1) * sizeof(*stack));
	size_t n = 0;

	if (!seen[base * 3 + want]) {
		seen[base * 3 + want] = true;
		stack[n++] = base;
	}
	while (n) {
		struct ev_chain *c = &e->t->chains[stack[--n]];

		for (int f = 0; f < 3; f++)
			if (f != (int)want && c->uses_family[f]) {
				fe_error(e->d, &c->family_loc[f], "%s are not available in a chain for "
					 "hook %s%s", what[f], hook,
					 f == EV_PACKET ? ": there is no packet in this hook" :
					 ": use them in a chain of the matching hook");
				c->uses_family[f] = false;	/* report once */
			}
		for (size_t j = 0; j < c->njumps; j++) {
			int t = c->jumps[j].target;

			if (!seen[t * 3 + want]) {
				seen[t * 3 + want] = true;
				stack[n++] = t;
			}
		}
	}
	free(stack);
}

/* ---- canonical text ---- */

static void canon_line(struct ev *e, FILE *out, const struct fe_line *l,
		       const char *indent)
{
	char *text = canon_text(e, l);

	if (text)
		fprintf(out, "%s%s\n", indent, text);
	free(text);
}

/* The table as `cgnft list` prints it and `cgnft apply` reads it back. */
static char *canonical_table(struct ev *e, const struct fe_block *b,
			     const struct ir_table *it)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	fprintf(out, "table cgroup %s {\n", it->name);
	for (size_t i = 0; i < it->ncgroups; i++)
		fprintf(out, "\tcgroup \"%s\"\n", it->cgroups[i]);
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct fe_block *c = &b->blocks[i];

		if (!c->nhead)
			continue;
		fprintf(out, "\t%s %s {\n", c->kind == FE_BLOCK_SET ? "set" : "chain",
			c->head[0].text);
		for (size_t k = 0; k < c->nlines; k++)
			canon_line(e, out, &c->lines[k], "\t\t");
		fprintf(out, "\t}\n");
	}
	fprintf(out, "}\n");
	fclose(out);
	return buf;
}

/* ---- tables ---- */

struct cgroup_ref {
	char *path;		/* normalized */
	const struct fe_tok *tok;
};

static char *normalize_cgroup(const char *p)
{
	char *s;
	size_t n;

	while (p[0] == '.' && p[1] == '/')
		p += 2;
	s = xstrdup(p);
	n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

static void eval_table(struct ev *e, const struct fe_block *b, struct ev_table *t)
{
	struct ir_table it = { 0 };

	t->name = b->nhead > 1 ? b->head[1].text : "?";
	e->t = t;
	it.name = xstrdup(t->name);
	for (size_t i = 0; i < b->nlines; i++) {
		const struct fe_line *l = &b->lines[i];

		if (!strcmp(l->toks[0].text, "cgroup") && l->ntoks == 2 &&
		    l->toks[1].kind == FE_TOK_STRING) {
			it.cgroups = xrealloc(it.cgroups, (it.ncgroups + 1) * sizeof(char *));
			it.cgroup_locs = xrealloc(it.cgroup_locs,
						  (it.ncgroups + 1) * sizeof(*it.cgroup_locs));
			it.cgroups[it.ncgroups] = normalize_cgroup(l->toks[1].text);
			it.cgroup_locs[it.ncgroups] = (struct ir_loc){
				.file = xstrdup(l->toks[1].loc.file),
				.line = l->toks[1].loc.line,
				.col_first = l->toks[1].loc.first_col,
				.col_last = l->toks[1].loc.last_col,
			};
			for (size_t k = 0; k < it.ncgroups; k++)
				if (!strcmp(it.cgroups[k], it.cgroups[it.ncgroups]))
					fe_error(e->d, &l->toks[1].loc, "cgroup \"%s\" is listed twice",
						 l->toks[1].text);
			it.ncgroups++;
		} else if (!strcmp(l->toks[0].text, "cgroup")) {
			fe_error(e->d, &l->toks[0].loc, "expected `cgroup \"PATH\"`");
		} else {
			fe_error(e->d, &l->toks[0].loc, "unexpected \"%s\" in a table: a table holds "
				 "`cgroup \"PATH\"` lines, sets and chains", l->toks[0].text);
		}
	}
	if (!it.ncgroups)
		fe_error(e->d, &b->loc, "table %s names no cgroup: add `cgroup \"PATH\"`", t->name);

	for (size_t i = 0; i < b->nblocks; i++) {
		const struct fe_block *s = &b->blocks[i];

		if (s->kind != FE_BLOCK_SET || !s->nhead)
			continue;
		if (ev_find_set(e, s->head[0].text)) {
			fe_error(e->d, &s->head[0].loc, "set '%s' already exists in table %s",
				 s->head[0].text, t->name);
			continue;
		}
		t->sets = xgrow(t->sets, t->nsets, sizeof(*t->sets));
		memset(&t->sets[t->nsets], 0, sizeof(t->sets[0]));
		strset_put(&t->set_names, s->head[0].text, (int)t->nsets);
		eval_set(e, s, &t->sets[t->nsets++]);
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct fe_block *c = &b->blocks[i];

		if (c->kind != FE_BLOCK_CHAIN || !c->nhead)
			continue;
		if (ev_find_chain(e, c->head[0].text)) {
			fe_error(e->d, &c->head[0].loc, "chain '%s' already exists in table %s",
				 c->head[0].text, t->name);
			continue;
		}
		t->chains = xgrow(t->chains, t->nchains, sizeof(*t->chains));
		memset(&t->chains[t->nchains], 0, sizeof(t->chains[0]));
		strset_put(&t->chain_names, c->head[0].text, (int)t->nchains);
		declare_chain(e, c, &t->chains[t->nchains++]);
	}
	for (size_t i = 0; i < t->nchains; i++)
		eval_chain_rules(e, &t->chains[i]);
	int *height = xmalloc((t->nchains + 1) * sizeof(*height));
	bool *seen = xzalloc((t->nchains + 1) * 3);

	for (size_t i = 0; i < t->nchains; i++)
		height[i] = -1;
	for (size_t i = 0; i < t->nchains; i++)
		if (t->chains[i].base && !jump_walk(e, i, 0, height))
			break;
	for (size_t i = 0; i < t->nchains; i++) {
		enum ir_hook h = t->chains[i].hook;

		if (t->chains[i].base)
			check_families(e, i, h == IR_HOOK_SYSCTL ? EV_SYSCTL :
				       h == IR_HOOK_SOCK_CREATE ? EV_SOCK : EV_PACKET,
				       ir_hook_name(h), seen);
	}
	free(height);
	free(seen);
	/* the text is only needed for a valid table (and would repeat errors) */
	if (!e->d->nerrors)
		it.source = canonical_table(e, b, &it);
	ir_unit_add_table(e->u, &it);
}

/* ---- programs ---- */

struct prog_entry {
	const char *cgroup;
	enum ir_hook hook;
	int priority, order, chain, table, cgroup_index;
};

static int entry_cmp(const void *a, const void *b)
{
	const struct prog_entry *x = a, *y = b;

	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->order - y->order;
}

static void build_progs(struct ev *e, struct ev_table *tables, size_t ntables)
{
	struct prog_entry *ents = NULL;
	size_t n = 0;
	int order = 0;

	for (size_t ti = 0; ti < ntables; ti++) {
		const struct ir_table *it = &e->u->tables[ti];

		for (size_t ci = 0; ci < tables[ti].nchains; ci++) {
			const struct ev_chain *c = &tables[ti].chains[ci];

			if (!c->base)
				continue;
			for (size_t g = 0; g < it->ncgroups; g++) {
				ents = xrealloc(ents, (n + 1) * sizeof(*ents));
				ents[n++] = (struct prog_entry){
					.cgroup = it->cgroups[g], .hook = c->hook,
					.priority = e->u->chains[c->index].priority,
					.order = order++, .chain = c->index, .table = ti,
					.cgroup_index = g,
				};
			}
		}
	}
	/* programs in the order their (cgroup, hook) first appears */
	for (size_t i = 0; i < n; i++) {
		struct prog_entry *mine = NULL;
		struct ir_prog p = { .hook = ents[i].hook };
		size_t m = 0;
		bool seen = false;

		for (size_t j = 0; j < i; j++)
			if (ents[j].hook == ents[i].hook && !strcmp(ents[j].cgroup, ents[i].cgroup))
				seen = true;
		if (seen)
			continue;
		for (size_t j = i; j < n; j++)
			if (ents[j].hook == ents[i].hook && !strcmp(ents[j].cgroup, ents[i].cgroup)) {
				mine = xrealloc(mine, (m + 1) * sizeof(*mine));
				mine[m++] = ents[j];
			}
		qsort(mine, m, sizeof(*mine), entry_cmp);
		p.cgroup = xstrdup(ents[i].cgroup);
		p.base_chains = xmalloc(m * sizeof(int));
		for (size_t j = 0; j < m; j++) {
			const char *tn = e->u->tables[mine[j].table].name;
			bool dup = false;

			p.base_chains[j] = mine[j].chain;
			for (size_t k = 0; k < p.ntables; k++)
				dup |= !strcmp(p.tables[k], tn);
			if (!dup) {
				p.tables = xrealloc(p.tables, (p.ntables + 1) * sizeof(char *));
				p.tables[p.ntables++] = xstrdup(tn);
			}
		}
		p.nbase_chains = m;
		/* sorted table list; the name says who contributes */
		for (size_t a = 0; a < p.ntables; a++)
			for (size_t b = a + 1; b < p.ntables; b++)
				if (strcmp(p.tables[a], p.tables[b]) > 0) {
					char *tmp = p.tables[a];

					p.tables[a] = p.tables[b];
					p.tables[b] = tmp;
				}
		if (p.ntables == 1 && e->u->tables[mine[0].table].ncgroups == 1) {
			p.name = xasprintf("%s_%s", p.tables[0], ir_hook_name(p.hook));
		} else if (p.ntables == 1) {
			p.name = xasprintf("%s_%d_%s", p.tables[0], mine[0].cgroup_index,
					   ir_hook_name(p.hook));
		} else {
			char *joined = xstrdup(p.tables[0]);

			for (size_t k = 1; k < p.ntables; k++) {
				char *next = xasprintf("%s_%s", joined, p.tables[k]);

				free(joined);
				joined = next;
			}
			p.name = xasprintf("%s_%s", joined, ir_hook_name(p.hook));
			free(joined);
		}
		/* the same tables on two cgroups: keep names unique */
		for (size_t k = 0, dup = 1; k < e->u->nprogs; k++)
			if (!strcmp(e->u->progs[k].name, p.name)) {
				char *next = xasprintf("%s_%zu", p.name, dup++);

				free(p.name);
				p.name = next;
				k = (size_t)-1;
			}
		ir_unit_add_prog(e->u, &p);
		free(mine);
	}
	free(ents);
}

static void free_tables(struct ev_table *tables, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < tables[i].nchains; c++)
			free(tables[i].chains[c].jumps);
		free(tables[i].chains);
		free(tables[i].sets);
		strset_free(&tables[i].set_names);
		strset_free(&tables[i].chain_names);
	}
	free(tables);
}

struct ir_unit *fe_eval(const struct fe_file *file, struct fe_diag *d)
{
	struct ev e = { .d = d, .file = file, .u = ir_unit_new() };
	struct ev_table *tables = xzalloc((file->ntables + 1) * sizeof(*tables));
	size_t n = 0;

	for (size_t i = 0; i < file->ntables; i++) {
		const struct fe_block *b = &file->tables[i];

		if (b->nhead != 2)
			continue;	/* already reported by the parser */
		if (strcmp(b->head[0].text, "cgroup")) {
			fe_error(d, &b->head[0].loc, "table family \"%s\" is not available: cgnft tables "
				 "are `table cgroup NAME`", b->head[0].text);
			continue;
		}
		for (size_t k = 0; k < n; k++)
			if (!strcmp(tables[k].name, b->head[1].text)) {
				fe_error(d, &b->head[1].loc, "table '%s' already exists",
					 b->head[1].text);
				goto next;
			}
		eval_table(&e, b, &tables[n++]);
next:;
	}
	if (!d->nerrors)
		build_progs(&e, tables, n);
	free_tables(tables, n);
	strset_free(&e.counter_keys);
	return e.u;
}
