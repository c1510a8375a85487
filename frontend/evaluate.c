// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of tables, sets and chains from the syntax tree, the checks
 * of the chain graph (loops, depth, statement families per hook), and the
 * grouping of base chains into one program per (cgroup, hook).
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_state.h"
#include "frontend/evaluate.h"
#include "ir/xalloc.h"

#define MAX_JUMP_DEPTH 16

/* ---- sets ---- */

static void eval_set(struct evctx *e, const struct block *table, const struct block *b,
		     struct ev_set *s)
{
	const struct decl *elements = NULL;
	char err[256];

	s->name = b->name;
	s->is_map = b->kind == BLOCK_MAP;
	for (size_t i = 0; i < b->ndecls; i++) {
		const struct decl *d = &b->decls[i];

		switch (d->kind) {
		case DECL_SET_TYPE:
			s->nfields = 0;
			for (size_t k = 0; k < d->nnames; k++) {
				const char *n = d->names[k];
				bool data = k > 0 && !strcmp(d->names[k - 1], ":");
				const struct datatype *t;

				if (!strcmp(n, ":"))
					continue;
				t = dt_declared_type(n, s->is_map ? "map" : "set", data,
						     err, sizeof(err));
				if (!t) {
					fe_error(e->d, &d->name_locs[k], "%s", err);
					s->nfields = -1;
					break;
				}
				if (data) {
					s->data = t;
					continue;
				}
				if (s->nfields == IR_MAX_CONCAT) {
					fe_error(e->d, &d->name_locs[k], "too many concatenated "
						 "types (at most %d)", IR_MAX_CONCAT);
					s->nfields = -1;
					break;
				}
				s->types[s->nfields] = t;
				s->bits[s->nfields++] = t->bits;
			}
			break;
		case DECL_SET_FLAGS:
			for (size_t k = 0; k < d->nnames; k++) {
				if (!strcmp(d->names[k], "interval"))
					s->interval = true;
				else if (strcmp(d->names[k], "constant") &&
					 strcmp(d->names[k], "dynamic") &&
					 strcmp(d->names[k], "timeout"))
					fe_error(e->d, &d->name_locs[k], "set flag \"%s\" is not "
						 "supported by cgnft yet (interval, constant, "
						 "dynamic, timeout)", d->names[k]);
			}
			break;
		case DECL_SET_ELEMENTS:
			elements = d;
			break;
		case DECL_SET_OTHER:
			if (!strcmp(d->words[0], "auto-merge"))
				s->automerge = true;
			if (!strcmp(d->words[0], "typeof"))
				fe_error(e->d, &d->loc, "typeof in a set declaration is not "
					 "supported by cgnft yet: write `type`");
			else if (strcmp(d->words[0], "size") && strcmp(d->words[0], "policy") &&
				 strcmp(d->words[0], "comment") && strcmp(d->words[0], "auto-merge") &&
				 strcmp(d->words[0], "counter") && strcmp(d->words[0], "timeout") &&
				 strcmp(d->words[0], "gc-interval"))
				fe_error(e->d, &d->loc, "%s in a set declaration is not supported "
					 "by cgnft yet", d->words[0]);
			break;
		default:
			break;
		}
	}
	if (s->nfields == 0) {
		fe_error(e->d, &b->loc, "set %s has no type: add `type ipv4_addr` or similar",
			 s->name);
		s->nfields = -1;
	}
	/* values of up to 32 bits: marks and classids for `meta mark set
	 * ... map @m`; other maps are for statements cgnft does not have */
	if (s->is_map && s->nfields > 0 && s->data != &dt_verdict &&
	    (!s->data->bits || s->data->bits > 32 || s->data->kind == DT_STRING)) {
		fe_error(e->d, &b->loc, "map %s: maps to %s are not supported by cgnft yet "
			 "(verdict, mark, classid and other values of up to 32 bits)",
			 s->name, s->data->name);
		s->nfields = -1;
	}
	if (s->nfields > 0 && !ev_set_options(e, table, b, s))
		s->nfields = -1;
	if (s->nfields < 0) {
		s->index = -1;
		return;
	}
	if (elements) {
		struct ev_chain jumps = { 0 };
		struct ev_setspec sp = {
			.name = s->name, .types = s->types, .bits = s->bits,
			.nfields = s->nfields, .data = s->data,
			.data_bits = s->data ? s->data->bits : 0,
			.interval = s->interval, .automerge = s->automerge, .c = &jumps,
			.dynamic = s->dynamic, .counter = s->counter,
			.has_timeout = s->has_timeout,
		};

		s->index = ev_set_elements(e, elements->expr, &sp);
		if (s->index < 0)
			s->nfields = -1;
		/* kept for the chains that look the map up (loops, hooks) */
		s->jumps = xmalloc((jumps.njumps + 1) * sizeof(*s->jumps));
		for (size_t k = 0; k < jumps.njumps; k++)
			s->jumps[s->njumps++] = jumps.jumps[k].target;
		free(jumps.jumps);
	} else {
		struct ir_set set = { .name = xstrdup(s->name), .nfields = s->nfields,
				      .is_vmap = s->data == &dt_verdict,
				      .is_map = s->data && s->data != &dt_verdict };

		for (int f = 0; f < s->nfields; f++)
			set.field_len[f] = s->bits[f] > 64 ? 16 : (s->bits[f] + 7) / 8;
		s->index = ir_unit_add_set(e->u, &set);
	}
	if (s->index >= 0 && s->dynamic)
		ev_set_make_dynamic(e, s);
}

/* ---- chains ---- */

static long named_priority(const char *name, bool *ok)
{
	static const struct { const char *n; int v; } named[] = {
		{ "raw", -300 }, { "mangle", -150 }, { "dstnat", -100 },
		{ "filter", 0 }, { "security", 50 }, { "srcnat", 100 },
	};

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcmp(name, named[i].n)) {
			*ok = true;
			return named[i].v;
		}
	*ok = false;
	return 0;
}

static bool parse_hook(struct evctx *e, const char *w, const struct fe_loc *loc,
		       enum ir_hook *hook)
{
	static const char *const names[IR_HOOK_MAX] = {
		[IR_HOOK_INGRESS] = "ingress", [IR_HOOK_EGRESS] = "egress",
		[IR_HOOK_SYSCTL] = "sysctl", [IR_HOOK_SOCK_CREATE] = "sock_create",
	};

	for (int h = 0; h < IR_HOOK_MAX; h++)
		if (!strcmp(w, names[h])) {
			*hook = h;
			return true;
		}
	if (!strcmp(w, "input") || !strcmp(w, "prerouting"))
		fe_error(e->d, loc, "unknown hook \"%s\" in a cgroup table: use `hook ingress` "
			 "(packets received by the cgroup's sockets)", w);
	else if (!strcmp(w, "output") || !strcmp(w, "postrouting"))
		fe_error(e->d, loc, "unknown hook \"%s\" in a cgroup table: use `hook egress` "
			 "(packets sent by the cgroup's sockets)", w);
	else
		fe_error(e->d, loc, "unknown hook \"%s\": a cgroup table has ingress, egress, "
			 "sysctl and sock_create", w);
	return false;
}

/* First pass: declarations, so that rules can jump forward. */
static void declare_chain(struct evctx *e, const struct block *b, struct ev_chain *c)
{
	struct ir_chain ch = { .table = xstrdup(e->t->name), .name = xstrdup(b->name),
			       .policy = IR_VERDICT_ACCEPT };
	const struct decl *policy = NULL;
	bool hook_given = false;	/* even a wrong one: no second error for policy */

	c->name = b->name;
	c->block = b;
	for (size_t i = 0; i < b->ndecls; i++) {
		const struct decl *d = &b->decls[i];
		bool ok = true;

		if (d->kind == DECL_POLICY) {
			policy = d;
			if (strcmp(d->words[0], "accept") && strcmp(d->words[0], "drop"))
				fe_error(e->d, &d->word_locs[0], "expected `policy accept` or "
					 "`policy drop`");
			else
				ch.policy = d->words[0][0] == 'a' ? IR_VERDICT_ACCEPT :
								    IR_VERDICT_DROP;
			continue;
		}
		if (d->kind != DECL_HOOK)
			continue;
		hook_given = true;
		if (strcmp(d->words[0], "filter")) {
			fe_error(e->d, &d->word_locs[0], "chain type \"%s\" is not available in a "
				 "cgroup table: only `type filter`", d->words[0]);
			continue;
		}
		if (!parse_hook(e, d->words[1], &d->word_locs[1], &ch.hook))
			continue;
		ch.priority = d->priority;
		if (d->words[2]) {
			ch.priority += named_priority(d->words[2], &ok);
			if (!ok)
				fe_error(e->d, &d->word_locs[2], "unknown chain priority \"%s\"",
					 d->words[2]);
		} else if (d->words[3] || d->priority < -0x80000000L || d->priority > 0x7fffffffL) {
			fe_error(e->d, &d->word_locs[2], "chain priority out of range");
		}
		ch.base = c->base = true;
		c->hook = ch.hook;
	}
	if (policy && !c->base && !hook_given)
		fe_error(e->d, &policy->loc, "policy is only allowed on base chains "
			 "(add `type filter hook ... priority ...;`)");
	c->index = ir_unit_add_chain(e->u, &ch);
}

static char *counter_key(struct evctx *e, const struct ev_chain *c, const char *text,
			 int dup)
{
	return dup ? xasprintf("%s/%s/%s#%d", e->t->name, c->name, text, dup) :
		     xasprintf("%s/%s/%s", e->t->name, c->name, text);
}

/* An anonymous limit's or quota's key: its rule's, made distinct. */
static char *state_key(struct evctx *e, const struct ev_chain *c, const char *what,
		       const char *text)
{
	char *key = NULL;

	for (int dup = 0; !key || !strset_add(&e->counter_keys, key); dup++) {
		free(key);
		key = dup ? xasprintf("%s/%s/%s %s#%d", e->t->name, c->name, what, text, dup) :
			    xasprintf("%s/%s/%s %s", e->t->name, c->name, what, text);
	}
	return key;
}

/* `sysctl name { "a", "b" } accept`: the same rule once per string.  The
 * strings are exact and distinct, so at most one copy gets past the match;
 * statements before it would run once per copy, so only matches may. */
static void add_alternatives(struct evctx *e, struct ev_chain *c, const struct rule *rl,
			     const struct ir_rule *rule, char **alts, size_t nalts,
			     size_t alt_stmt)
{
	for (size_t k = 0; k < alt_stmt && nalts; k++)
		if (rule->stmts[k].kind == IR_STMT_COUNTER ||
		    rule->stmts[k].kind == IR_STMT_LIMIT ||
		    rule->stmts[k].kind == IR_STMT_QUOTA ||
		    rule->stmts[k].kind == IR_STMT_SET_SYSCTL_VALUE ||
		    rule->stmts[k].kind == IR_STMT_SET_META) {
			fe_error(e->d, &rl->loc, "a counter or set statement cannot come before "
				 "a set of strings: move it after the match");
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

/* A rule evaluated by ev_rule_alts, before its text is written (its
 * values' canonical forms are set by the evaluation). */
struct ev_pending {
	struct ir_rule rule;
	size_t first_ctr, first_lim, first_quota, first_log;
	size_t nalts, alt_stmt;
	char **alts;
	bool ok;
};

static void eval_rule_start(struct evctx *e, struct ev_chain *c, const struct rule *rl,
			    struct ev_pending *p)
{
	*p = (struct ev_pending){
		.first_ctr = e->u->ncounters, .first_lim = e->u->nlimits,
		.first_quota = e->u->nquotas, .first_log = e->u->nlogs,
	};
	p->ok = ev_rule_alts(e, c, rl, &p->rule, &p->alts, &p->nalts, &p->alt_stmt);
	if (!p->ok) {
		ir_rule_free(&p->rule);
		for (size_t k = 0; k < p->nalts; k++)
			free(p->alts[k]);
		free(p->alts);
	}
}

/* One evaluated rule (not a lone comment) into the IR; text: its canonical
 * text, which becomes the rule's origin. */
static void eval_rule(struct evctx *e, struct ev_chain *c, const struct rule *rl,
		      struct ev_pending *p, char *text)
{
	struct ir_rule rule = p->rule;
	size_t first_ctr = p->first_ctr, nalts = p->nalts, alt_stmt = p->alt_stmt;
	size_t first_lim = p->first_lim, first_quota = p->first_quota;
	size_t first_log = p->first_log;
	char **alts = p->alts;

	if (!p->ok) {
		free(text);
		return;
	}
	rule.origin.file = xstrdup(rl->loc.file);
	rule.origin.line = rl->loc.line;
	rule.origin.text = text;
	for (size_t k = first_ctr; k < e->u->ncounters; k++) {
		int dup = 0;
		char *key = counter_key(e, c, text, dup);

		/* identical rules in one chain get distinct keys */
		while (!strset_add(&e->counter_keys, key)) {
			free(key);
			key = counter_key(e, c, text, ++dup);
		}
		e->u->counters[k].rule_key = key;
	}
	for (size_t k = first_lim; k < e->u->nlimits; k++)
		if (!e->u->limits[k].key)	/* the log bucket has its own */
			e->u->limits[k].key = state_key(e, c, "limit", text);
	for (size_t k = first_log; k < e->u->nlogs; k++) {
		e->u->logs[k].file = xstrdup(rl->loc.file);
		e->u->logs[k].line = rl->loc.line;
	}
	for (size_t k = first_quota; k < e->u->nquotas; k++)
		e->u->quotas[k].key = state_key(e, c, "quota", text);
	ir_chain_add_rule(&e->u->chains[c->index], &rule);
	add_alternatives(e, c, rl, &rule, alts, nalts, alt_stmt);
}

/* Whether the listing's text of the rule differs (tree_text.c: only an
 * anonymous counter or quota carries a marker). */
static bool rule_has_marks(const struct rule *rl)
{
	for (size_t k = 0; k < rl->nstmts; k++)
		if ((rl->stmts[k].kind == STMT_COUNTER || rl->stmts[k].kind == STMT_QUOTA) &&
		    !rl->stmts[k].ref)
			return true;
	return false;
}

static void eval_chain_rules(struct evctx *e, struct ev_chain *c)
{
	const struct block *b = c->block;
	size_t nsrc = 0, nlst = 0;
	FILE *src = open_memstream(&c->rules_source, &nsrc);
	FILE *lst = open_memstream(&c->rules_listing, &nlst);

	if (!src || !lst)
		abort();	/* out of memory, as in xalloc */
	for (size_t i = 0; i < b->nrules; i++) {
		/* build() frees the tree right after evaluation: a rule's
		 * statements can go as soon as its text and IR are made
		 * (the JSON listing reads them later) */
		struct rule *rl = (struct rule *)&b->rules[i];
		bool lone_comment = rl->nstmts == 1 && rl->stmts[0].kind == STMT_COMMENT;
		struct ev_pending p = { 0 };
		off_t at;
		char *text;

		/* evaluated before its text is written: evaluation sets the
		 * canonical form of its values (nft's listing) */
		if (!lone_comment)
			eval_rule_start(e, c, rl, &p);
		if (p.ok)
			ev_list_dependencies(rl);

		/* the text once, into the chain's lines; the rule's copy
		 * comes from there */
		fputs("\t\t", src);
		at = ftello(src);
		ev_rule_text_to(rl, false, src);
		fflush(src);
		text = xstrndup(c->rules_source + at, (size_t)(ftello(src) - at));
		fputc('\n', src);
		fputs("\t\t", lst);
		if (rule_has_marks(rl))
			ev_rule_text_to(rl, true, lst);
		else
			fputs(text, lst);
		fputc('\n', lst);
		/* a lone comment line is the chain's comment */
		if (lone_comment)
			free(text);
		else
			eval_rule(e, c, rl, &p, text);
		if (!e->json)
			rule_free(rl);
	}
	fclose(src);
	fclose(lst);
}

/*
 * nft forbids loops and limits the depth of jumps: one depth-first walk
 * over the chain graph, each chain finished once.  height[c] is the number
 * of jumps on the longest path down from c (-1: not finished; ON_PATH: on
 * the current path).  Recursion stops at the depth limit.
 */
#define ON_PATH (-2)

static bool jump_walk(struct evctx *e, int chain, int depth, int *height)
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
static void check_families(struct evctx *e, int base, enum ev_family want,
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
			if (f != (int)want && c->uses_family[f] && c->family_what[f]) {
				fe_error(e->d, &c->family_loc[f], "%s is not available in a chain "
					 "for hook %s: %s; use it in a chain for hook ingress "
					 "or egress", c->family_what[f], hook, c->family_why[f]);
				c->uses_family[f] = false;
			} else if (f != (int)want && c->uses_family[f]) {
				fe_error(e->d, &c->family_loc[f], "%s are not available in a chain "
					 "for hook %s%s", what[f], hook,
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

/* Every chain base reaches (itself included), each once per seen[]. */
static void walk_reached(struct evctx *e, int base, bool *seen,
			 void (*fn)(struct evctx *, const struct ev_chain *, enum ir_hook),
			 enum ir_hook hook)
{
	int *stack = xmalloc((e->t->nchains + 1) * sizeof(*stack));
	size_t n = 0;

	if (!seen[base]) {
		seen[base] = true;
		stack[n++] = base;
	}
	while (n) {
		const struct ev_chain *c = &e->t->chains[stack[--n]];

		fn(e, c, hook);
		for (size_t j = 0; j < c->njumps; j++) {
			int t = c->jumps[j].target;

			if (!seen[t]) {
				seen[t] = true;
				stack[n++] = t;
			}
		}
	}
	free(stack);
}

/* ct on ingress (doc/HOOKS.md): the conntrack entry is gone when a
 * received packet reaches the program, so only ct state is read, from the
 * socket, and that differs from nft's in cases the warning names.  (Egress
 * reads the entry as nft does: nothing to check.) */
static void check_ct_ingress(struct evctx *e, const struct ev_chain *c, enum ir_hook hook)
{
	(void)hook;
	for (size_t i = 0; i < c->nct_uses; i++)
		if (c->ct_uses[i].key == IR_CT_STATE)
			fe_warning(e->d, &c->ct_uses[i].loc, "ct state on ingress is read "
				   "from the receiving socket, not from conntrack: it is "
				   "never related, invalid or untracked, and has no value "
				   "for unconnected UDP and raw sockets (doc/HOOKS.md)");
		else
			fe_error(e->d, &c->ct_uses[i].loc, "ct %s is not available in "
				 "a chain for hook ingress: the kernel drops a received "
				 "packet's conntrack entry before the cgroup program runs "
				 "(ct state is read from the socket there); use it in a "
				 "chain for hook egress", ir_ct_key_name(c->ct_uses[i].key));
}

static void check_reject(struct evctx *e, const struct ev_chain *c, enum ir_hook hook)
{
	for (size_t i = 0; i < c->nreject_uses; i++)
		ev_check_reject(e, &c->reject_uses[i].loc, c->reject_uses[i].may_tcp, hook);
}

/* ---- tables ---- */

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

/* A path under the cgroup2 mount: not empty, no `..` component (it would
 * leave the hierarchy), no control characters. */
static bool cgroup_path_ok(const char *p)
{
	if (!*p)
		return false;
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return false;
	for (const char *c = p; (c = strstr(c, "..")); c++)
		if ((c == p || c[-1] == '/') && (c[2] == '\0' || c[2] == '/'))
			return false;
	return true;
}

/* ---- named counters, quotas and limits ---- */

const struct ev_obj *ev_lookup_obj(struct evctx *e, enum stmt_kind kind, const char *name)
{
	for (size_t i = 0; i < e->t->nobjs; i++)
		if (e->t->objs[i].kind == kind && !strcmp(e->t->objs[i].name, name))
			return &e->t->objs[i];
	return NULL;
}

/* An object's state carries over by table and name (a counter keeps its
 * values and a quota its bytes used, as `nft -f` keeps them when it
 * re-adds an object); a limit whose parameters change starts a new
 * bucket (doc/LANGUAGE.md). */
static void eval_object(struct evctx *e, const struct tobject *o)
{
	const struct stmt *st = o->spec;
	static const char *const kinds[] = { [STMT_COUNTER] = "counter",
					     [STMT_LIMIT] = "limit", [STMT_QUOTA] = "quota" };
	struct ev_obj obj = { .name = o->name, .kind = st->kind, .index = -1 };

	if (ev_lookup_obj(e, st->kind, o->name)) {
		fe_error(e->d, &o->name_loc, "Could not process rule: File exists "
			 "(%s %s is declared twice in table %s)", kinds[st->kind], o->name,
			 e->t->name);
		return;
	}
	if (st->kind == STMT_COUNTER) {
		struct ir_counter c = { .table = xstrdup(e->t->name),
					.rule_key = xasprintf("%s/@counter/%s", e->t->name, o->name),
					.name = xstrdup(o->name),
					.packets = st->counter.packets, .bytes = st->counter.bytes };

		if (st->counter.too_large) {
			fe_error(e->d, &st->loc, "counter packets and bytes are 64-bit numbers: "
				 "18446744073709551615 at most");
			free(c.table);
			free(c.rule_key);
			free(c.name);
			return;
		}
		obj.index = ir_unit_add_counter(e->u, &c);
	} else if (st->kind == STMT_LIMIT) {
		struct ir_limit l;
		char *text = NULL;
		size_t len = 0;
		FILE *out;

		if (!ev_limit_spec(e->d, st, &o->name_loc, &l))
			return;
		out = open_memstream(&text, &len);
		ev_state_text(st, true, out);
		fclose(out);
		l.table = xstrdup(e->t->name);
		l.name = xstrdup(o->name);
		l.key = xasprintf("%s/@limit/%s/%s", e->t->name, o->name, text);
		free(text);
		obj.index = ir_unit_add_limit(e->u, &l);
	} else {
		struct ir_quota q;

		if (!ev_quota_spec(e->d, st, &o->name_loc, &q))
			return;
		q.table = xstrdup(e->t->name);
		q.name = xstrdup(o->name);
		q.key = xasprintf("%s/@quota/%s", e->t->name, o->name);
		obj.index = ir_unit_add_quota(e->u, &q);
	}
	e->t->objs = xgrow(e->t->objs, e->t->nobjs, sizeof(obj));
	e->t->objs[e->t->nobjs++] = obj;
}

/* The table as `cgnft list` prints it and `cgnft apply` reads back. */
static void canonical_object(const struct tobject *o, bool marks, FILE *out)
{
	const struct stmt *st = o->spec;

	if (st->kind == STMT_COUNTER) {
		fprintf(out, "\tcounter %s {\n\t\t", o->name);
		if (marks)
			fputs(EV_MARK_COUNTER, out);
		else
			fprintf(out, "packets %llu bytes %llu", st->counter.packets,
				st->counter.bytes);
		fputs("\n\t}\n", out);
		return;
	}
	fprintf(out, "\t%s %s {\n\t\t", st->kind == STMT_LIMIT ? "limit" : "quota", o->name);
	ev_state_text(st, true, out);
	fputs(marks && st->kind == STMT_QUOTA ? EV_MARK_QUOTA : "", out);
	fputs("\n\t}\n", out);
}

/* A set's declaration as nft lists it: type, size, flags, counter,
 * auto-merge, timeout, gc-interval, elements (an auto-merge set's merged,
 * frontend/eval_merge.c; a dynamic set's, with marks: the live ones,
 * runtime/list.c). */
static void canonical_set(struct evctx *e, const struct block *c, bool marks, FILE *out)
{
	const struct ev_set *s = ev_lookup_set(e, c->name);
	const struct decl *elements = NULL, *gc = NULL;
	static const char *const flag_order[] = { "constant", "interval", "dynamic", "timeout" };
	bool flags[4] = { false }, any = false;

	for (size_t k = 0; k < c->ndecls; k++) {
		const struct decl *d = &c->decls[k];

		if (d->kind == DECL_SET_TYPE) {
			fputs("\t\ttype", out);
			for (size_t n = 0; n < d->nnames; n++)
				fprintf(out, "%s%s", n == 0 ? " " : !strcmp(d->names[n], ":") ||
					(n && !strcmp(d->names[n - 1], ":")) ? " " : " . ",
					d->names[n]);
			fputc('\n', out);
		} else if (d->kind == DECL_SET_FLAGS) {
			for (size_t n = 0; n < d->nnames; n++)
				for (int f = 0; f < 4; f++)
					flags[f] |= !strcmp(d->names[n], flag_order[f]);
		} else if (d->kind == DECL_SET_ELEMENTS) {
			elements = d;
		} else if (d->kind == DECL_SET_OTHER && !strcmp(d->words[0], "gc-interval") &&
			   d->nnames == 1) {
			gc = d;
		}
	}
	if (s && s->size)
		fprintf(out, "\t\tsize %u\n", s->size);
	if (s && s->dynamic) {
		flags[2] |= s->updated;
		flags[3] |= s->has_timeout;
	}
	for (int f = 0; f < 4; f++) {
		if (!flags[f])
			continue;
		fprintf(out, "%s%s", any ? "," : "\t\tflags ", flag_order[f]);
		any = true;
	}
	if (any)
		fputc('\n', out);
	if (s && s->counter)
		fputs("\t\tcounter\n", out);
	if (s && s->automerge)	/* after counter, as nft lists it */
		fputs("\t\tauto-merge\n", out);
	if (s && s->timeout_ms) {
		fputs("\t\ttimeout ", out);
		ev_time_text(s->timeout_ms, out);
		fputc('\n', out);
	}
	if (gc)
		fprintf(out, "\t\tgc-interval %s\n", gc->names[0]);
	if (s && s->dynamic && marks) {
		fprintf(out, EV_MARK_ELEMENTS "%d;", e->u->sets[s->index].map);
		return;
	}
	if (elements) {
		/* an auto-merge set's elements are merged already
		 * (eval_merge.c), and list as such */
		fputs("\t\telements = ", out);
		ev_expr_text(elements->expr, out);
		fputc('\n', out);
	}
}

/* A base chain's line as nft lists it: `type filter hook input priority
 * filter; policy accept;` (nft's default policy when none is given). */
static void canonical_hook(const struct block *c, FILE *out)
{
	const struct decl *hook = NULL, *policy = NULL;

	for (size_t k = 0; k < c->ndecls; k++) {
		if (c->decls[k].kind == DECL_HOOK)
			hook = &c->decls[k];
		else if (c->decls[k].kind == DECL_POLICY)
			policy = &c->decls[k];
	}
	if (!hook) {
		if (policy)	/* refused by evaluation; kept as written */
			fprintf(out, "\t\tpolicy %s;\n", policy->words[0]);
		return;
	}
	fprintf(out, "\t\ttype %s hook %s priority ", hook->words[0], hook->words[1]);
	/* nft names a filter chain's priority near 0: filter, filter + 5 */
	if (!hook->words[2] && !strcmp(hook->words[0], "filter") && !hook->priority)
		fputs("filter", out);
	else if (!hook->words[2] && !strcmp(hook->words[0], "filter") &&
		 hook->priority >= -10 && hook->priority <= 10)
		fprintf(out, "filter %c %ld", hook->priority < 0 ? '-' : '+',
			hook->priority < 0 ? -hook->priority : hook->priority);
	else if (!hook->words[2])
		fprintf(out, "%ld", hook->priority);
	else if (hook->priority)
		fprintf(out, "%s %c %ld", hook->words[2], hook->priority < 0 ? '-' : '+',
			hook->priority < 0 ? -hook->priority : hook->priority);
	else
		fputs(hook->words[2], out);
	fprintf(out, "; policy %s;\n", policy ? policy->words[0] : "accept");
}

/* nft's order: named objects, then sets and maps, then chains, a blank
 * line between any two. */
static char *canonical_table(struct evctx *e, const struct block *b, const struct ir_table *it,
			     bool marks)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	const char *delim = "";

	fprintf(out, "table cgroup %s {\n", it->name);
	for (size_t i = 0; i < it->ncgroups; i++)
		fprintf(out, "\tcgroup \"%s\"\n", it->cgroups[i]);
	for (size_t i = 0; i < b->nobjs; i++, delim = "\n") {
		fputs(delim, out);
		canonical_object(&b->objs[i], marks, out);
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct block *c = &b->blocks[i];

		if (c->kind != BLOCK_SET && c->kind != BLOCK_MAP)
			continue;
		fprintf(out, "%s\t%s %s {\n", delim, c->kind == BLOCK_SET ? "set" : "map",
			c->name);
		canonical_set(e, c, marks, out);
		fputs("\t}\n", out);
		delim = "\n";
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct block *c = &b->blocks[i];
		const struct ev_chain *ec;

		if (c->kind == BLOCK_SET || c->kind == BLOCK_MAP)
			continue;
		ec = ev_lookup_chain(e, c->name);	/* names are distinct: no errors */
		fprintf(out, "%s\tchain %s {\n", delim, c->name);
		canonical_hook(c, out);
		fputs(marks ? ec->rules_listing : ec->rules_source, out);
		fputs("\t}\n", out);
		delim = "\n";
	}
	fputs("}\n", out);
	fclose(out);
	return buf;
}

static void eval_table(struct evctx *e, const struct block *b, struct ev_table *t)
{
	struct ir_table it = { 0 };

	t->name = b->name;
	e->t = t;
	it.name = xstrdup(t->name);
	for (size_t i = 0; i < b->ncgroups; i++) {
		it.cgroups = xgrow(it.cgroups, it.ncgroups, sizeof(char *));
		it.cgroup_locs = xgrow(it.cgroup_locs, it.ncgroups, sizeof(*it.cgroup_locs));
		it.cgroups[it.ncgroups] = normalize_cgroup(b->cgroups[i]);
		it.cgroup_locs[it.ncgroups] = (struct ir_loc){
			.file = xstrdup(b->cgroup_locs[i].file), .line = b->cgroup_locs[i].line,
			.col_first = b->cgroup_locs[i].first_col,
			.col_last = b->cgroup_locs[i].last_col,
		};
		if (!cgroup_path_ok(it.cgroups[it.ncgroups]))
			fe_error(e->d, &b->cgroup_locs[i], "cgroup \"%s\" is not a cgroup path: it "
				 "is empty, or has a \"..\" component or a control character "
				 "(paths are relative to the cgroup2 mount)", b->cgroups[i]);
		for (size_t k = 0; k < it.ncgroups; k++)
			if (!strcmp(it.cgroups[k], it.cgroups[it.ncgroups]))
				fe_error(e->d, &b->cgroup_locs[i], "cgroup \"%s\" is listed twice",
					 b->cgroups[i]);
		it.ncgroups++;
	}
	if (!it.ncgroups)
		fe_error(e->d, &b->loc, "table %s names no cgroup: add `cgroup \"PATH\"`", t->name);
	for (size_t i = 0; i < b->nobjs; i++)
		eval_object(e, &b->objs[i]);
	/* chains first: map elements may jump to them */
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct block *c = &b->blocks[i];

		if (c->kind != BLOCK_CHAIN)
			continue;
		if (ev_lookup_chain(e, c->name)) {
			fe_error(e->d, &c->name_loc, "chain '%s' already exists in table %s",
				 c->name, t->name);
			continue;
		}
		t->chains = xgrow(t->chains, t->nchains, sizeof(*t->chains));
		memset(&t->chains[t->nchains], 0, sizeof(t->chains[0]));
		strset_put(&t->chain_names, c->name, (int)t->nchains);
		declare_chain(e, c, &t->chains[t->nchains++]);
	}
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct block *s = &b->blocks[i];

		if (s->kind != BLOCK_SET && s->kind != BLOCK_MAP)
			continue;
		if (ev_lookup_set(e, s->name)) {
			fe_error(e->d, &s->name_loc, "set '%s' already exists in table %s",
				 s->name, t->name);
			continue;
		}
		t->sets = xgrow(t->sets, t->nsets, sizeof(*t->sets));
		memset(&t->sets[t->nsets], 0, sizeof(t->sets[0]));
		strset_put(&t->set_names, s->name, (int)t->nsets);
		eval_set(e, b, s, &t->sets[t->nsets++]);
	}
	for (size_t i = 0; i < t->nchains; i++)
		eval_chain_rules(e, &t->chains[i]);

	int *height = xmalloc((t->nchains + 1) * sizeof(*height));
	bool *seen = xzalloc((t->nchains + 1) * 3);

	for (size_t i = 0; i < t->nchains; i++)
		height[i] = -1;
	for (size_t i = 0; i < t->nchains; i++)
		if (t->chains[i].base && !jump_walk(e, (int)i, 0, height))
			break;
	for (size_t i = 0; i < t->nchains; i++) {
		enum ir_hook h = t->chains[i].hook;

		if (t->chains[i].base)
			check_families(e, (int)i, h == IR_HOOK_SYSCTL ? EV_SYSCTL :
				       h == IR_HOOK_SOCK_CREATE ? EV_SOCK : EV_PACKET,
				       ir_hook_name(h), seen);
	}
	memset(seen, 0, t->nchains + 1);
	for (size_t i = 0; i < t->nchains; i++)
		if (t->chains[i].base && t->chains[i].hook == IR_HOOK_INGRESS)
			walk_reached(e, (int)i, seen, check_ct_ingress, IR_HOOK_INGRESS);
	/* reject: per hook, each chain once per hook that reaches it */
	for (int h = 0; h < 2; h++) {
		enum ir_hook hook = h ? IR_HOOK_EGRESS : IR_HOOK_INGRESS;

		memset(seen, 0, t->nchains + 1);
		for (size_t i = 0; i < t->nchains; i++)
			if (t->chains[i].base && t->chains[i].hook == hook)
				walk_reached(e, (int)i, seen, check_reject, hook);
	}
	free(height);
	free(seen);
	/* the text is only needed for a valid table (and would repeat errors) */
	if (!e->d->nerrors) {
		it.source = canonical_table(e, b, &it, false);
		it.listing = canonical_table(e, b, &it, true);
		if (e->json)
			it.json = ev_table_json(e, b, &it);
	}
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

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One program per (cgroup, hook), in the order they first appear; its
 * base chains in priority order, ties in declaration order. */
static void build_progs(struct evctx *e, struct ev_table *tables, size_t ntables)
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
				ents = xgrow(ents, n, sizeof(*ents));
				ents[n++] = (struct prog_entry){
					.cgroup = it->cgroups[g], .hook = c->hook,
					.priority = e->u->chains[c->index].priority,
					.order = order++, .chain = c->index, .table = (int)ti,
					.cgroup_index = (int)g,
				};
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct prog_entry *mine = NULL;
		struct ir_prog p = { .hook = ents[i].hook };
		size_t m = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = ents[j].hook == ents[i].hook && !strcmp(ents[j].cgroup, ents[i].cgroup);
		if (seen)
			continue;
		for (size_t j = i; j < n; j++)
			if (ents[j].hook == ents[i].hook && !strcmp(ents[j].cgroup, ents[i].cgroup)) {
				mine = xgrow(mine, m, sizeof(*mine));
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
				p.tables = xgrow(p.tables, p.ntables, sizeof(char *));
				p.tables[p.ntables++] = xstrdup(tn);
			}
		}
		p.nbase_chains = m;
		qsort(p.tables, p.ntables, sizeof(char *), str_cmp);
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
		for (size_t c = 0; c < tables[i].nchains; c++) {
			free(tables[i].chains[c].jumps);
			free(tables[i].chains[c].ct_uses);
			free(tables[i].chains[c].reject_uses);
			free(tables[i].chains[c].rules_source);
			free(tables[i].chains[c].rules_listing);
		}
		for (size_t k = 0; k < tables[i].nsets; k++)
			free(tables[i].sets[k].jumps);
		free(tables[i].chains);
		free(tables[i].sets);
		free(tables[i].objs);
		strset_free(&tables[i].set_names);
		strset_free(&tables[i].chain_names);
	}
	free(tables);
}

/* Commands act in file order: on the tables of their own file defined
 * before them (marked in `gone`), and on what was applied before (kept in
 * the unit for `cgnft apply`). */
static void eval_commands(struct evctx *e, bool *gone)
{
	const struct tree *t = e->tree;

	for (size_t i = 0; i < t->ncommands; i++) {
		const struct command *c = &t->commands[i];
		struct ir_command ic = { .kind = (enum ir_command_kind)c->kind };
		bool here = false;

		if (c->kind != CMD_FLUSH_RULESET && strcmp(c->family, "cgroup")) {
			fe_error(e->d, &c->family_loc, "table family \"%s\" is not available: cgnft "
				 "tables are `table cgroup NAME`", c->family);
			continue;
		}
		for (size_t k = c->src_first; k < c->at; k++)
			if (!gone[k] && (c->kind == CMD_FLUSH_RULESET ||
					 !strcmp(t->tables[k].name, c->name))) {
				gone[k] = true;
				here = true;
			}
		/* also what was applied before: `destroy`, and `delete` of a
		 * table this file defined, need not find it there */
		if (here && c->kind == CMD_DELETE_TABLE)
			ic.kind = IR_CMD_DESTROY_TABLE;
		ic.table = c->name ? xstrdup(c->name) : NULL;
		ic.loc = (struct ir_loc){ .file = xstrdup(c->loc.file), .line = c->loc.line,
					  .col_first = c->loc.first_col,
					  .col_last = c->loc.last_col };
		e->u->commands = xgrow(e->u->commands, e->u->ncommands, sizeof(ic));
		e->u->commands[e->u->ncommands++] = ic;
	}
}

/* nft: a symbol is defined once (cgnft has one scope for all). */
static void check_defines(const struct tree *tree, struct fe_diag *d)
{
	struct strset seen = { 0 };

	for (size_t i = 0; i < tree->ndefines; i++)
		if (!strset_add(&seen, tree->defines[i].name))
			fe_error(d, &tree->defines[i].loc, "redefinition of symbol '%s'",
				 tree->defines[i].name);
	strset_free(&seen);
}

struct ir_unit *fe_evaluate(const struct tree *tree, struct fe_diag *d,
			    bool reject_as_drop, bool json)
{
	struct evctx e = { .d = d, .tree = tree, .u = ir_unit_new(),
			   .reject_as_drop = reject_as_drop, .json = json };
	struct ev_table *tables = xzalloc((tree->ntables + 1) * sizeof(*tables));
	bool *gone = xzalloc(tree->ntables + 1);
	size_t n = 0;

	eval_commands(&e, gone);
	check_defines(tree, d);
	for (size_t i = 0; i < tree->ntables; i++) {
		const struct block *b = &tree->tables[i];

		if (gone[i])
			continue;
		if (!b->family) {
			fe_error(d, &b->loc, "table %s has no family: cgnft tables are "
				 "`table cgroup NAME`", b->name);
			continue;
		}
		if (strcmp(b->family, "cgroup")) {
			fe_error(d, &b->family_loc, "table family \"%s\" is not available: cgnft "
				 "tables are `table cgroup NAME`", b->family);
			continue;
		}
		/* a declaration only: nft creates the table if it is missing;
		 * cgnft's tables hold nothing until a block fills them */
		if (b->declared_only)
			continue;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(tables[k].name, b->name)) {
				fe_error(d, &b->name_loc, "table '%s' already exists", b->name);
				goto next;
			}
		eval_table(&e, b, &tables[n++]);
next:;
	}
	if (!d->nerrors)
		build_progs(&e, tables, n);
	free(gone);
	free_tables(tables, n);
	strset_free(&e.counter_keys);
	free(e.scratch);
	for (size_t i = 0; i < e.nown_types; i++)
		free(e.own_types[i]);
	free(e.own_types);
	return e.u;
}
