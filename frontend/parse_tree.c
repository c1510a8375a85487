// SPDX-License-Identifier: GPL-2.0
/* Building the syntax tree from grammar/parser.y's actions. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/diag.h"
#include "frontend/parse_tree.h"
#include "ir/xalloc.h"

/* ---- blocks ---- */

static struct block *current(struct nft_scan *s)
{
	return s->nopen ? s->open[s->nopen - 1] : NULL;
}

static struct block *open_block(struct nft_scan *s, enum block_kind kind,
				char *name, const struct fe_loc *nloc,
				const struct fe_loc *kw)
{
	struct block *b = xzalloc(sizeof(*b));

	b->kind = kind;
	b->loc = *kw;
	b->name = name;
	b->name_loc = *nloc;
	/* The grammar nests tables > chains and sets.  A block whose `}`
	 * a syntax error swallowed is still open here: drop it. */
	while (s->nopen > (kind == BLOCK_TABLE ? 0 : 1)) {
		block_free(s->open[--s->nopen]);
		free(s->open[s->nopen]);
	}
	if (kind != BLOCK_TABLE && !s->nopen) {
		block_free(b);	/* its table is gone: an error was reported */
		free(b);
		b = xzalloc(sizeof(*b));
		b->kind = BLOCK_TABLE;
		b->name = xstrdup("");
		b->loc = *kw;
		s->open[s->nopen++] = b;	/* a stand-in, dropped at close */
		b = xzalloc(sizeof(*b));
		b->kind = kind;
		b->loc = *kw;
	}
	s->open[s->nopen++] = b;
	return b;
}

void pt_open_table(struct nft_scan *s, char *family, const struct fe_loc *floc,
		   char *name, const struct fe_loc *nloc, const struct fe_loc *kw)
{
	struct block *b = open_block(s, BLOCK_TABLE, name, nloc, kw);

	b->family = family;
	b->family_loc = *floc;
}

void pt_declare_table(struct nft_scan *s, char *family, const struct fe_loc *floc,
		      char *name, const struct fe_loc *nloc, const struct fe_loc *kw)
{
	pt_open_table(s, family, floc, name, nloc, kw);
	current(s)->declared_only = true;
	pt_close(s);
}

/* A command at the top of a file: `flush ruleset`, `delete table F N`,
 * `destroy table F N` (the words checked here: the grammar sees words). */
void pt_command(struct nft_scan *s, char *verb, char *what, char *family,
		const struct fe_loc *floc, char *name, const struct fe_loc *loc)
{
	struct command c = { .family = family, .name = name, .loc = *loc, .at = s->out->ntables,
			     .src_first = s->src_first };

	if (floc)
		c.family_loc = *floc;
	if (!strcmp(verb, "flush") && what && !strcmp(what, "ruleset") && !name)
		c.kind = CMD_FLUSH_RULESET;
	else if (!strcmp(verb, "delete") && !what && name)
		c.kind = CMD_DELETE_TABLE;
	else if (!strcmp(verb, "destroy") && !what && name)
		c.kind = CMD_DESTROY_TABLE;
	else {
		fe_error(s->diag, loc, "cgnft reads the commands `flush ruleset`, `delete table "
			 "cgroup NAME` and `destroy table cgroup NAME` in a rule file; this is "
			 "not one of them");
		free(family);
		free(name);
		goto out;
	}
	s->out->commands = xgrow(s->out->commands, s->out->ncommands, sizeof(c));
	s->out->commands[s->out->ncommands++] = c;
out:
	free(verb);
	free(what);
}

void pt_open(struct nft_scan *s, enum block_kind kind, char *name,
	     const struct fe_loc *nloc, const struct fe_loc *kw)
{
	open_block(s, kind, name, nloc, kw);
}

void pt_close(struct nft_scan *s)
{
	struct block *b, *parent;

	if (!s->nopen)
		return;		/* its opening was lost to a syntax error */
	b = s->open[--s->nopen];
	parent = current(s);

	if (parent) {
		parent->blocks = xgrow(parent->blocks, parent->nblocks, sizeof(*b));
		parent->blocks[parent->nblocks++] = *b;
	} else {
		s->out->tables = xgrow(s->out->tables, s->out->ntables, sizeof(*b));
		s->out->tables[s->out->ntables++] = *b;
	}
	free(b);
}

void pt_cgroup(struct nft_scan *s, char *path, const struct fe_loc *loc)
{
	struct block *t = current(s);

	if (!t) {
		free(path);
		return;
	}
	t->cgroups = xgrow(t->cgroups, t->ncgroups, sizeof(char *));
	t->cgroup_locs = xgrow(t->cgroup_locs, t->ncgroups, sizeof(*loc));
	t->cgroups[t->ncgroups] = path;
	t->cgroup_locs[t->ncgroups++] = *loc;
}

void pt_define(struct nft_scan *s, char *name, const struct fe_loc *loc,
	       struct expr *value)
{
	struct tree *t = s->out;

	t->defines = xgrow(t->defines, t->ndefines, sizeof(*t->defines));
	t->defines[t->ndefines++] = (struct define){ .name = name, .loc = *loc,
						     .value = value };
}

static struct decl *add_decl(struct nft_scan *s, enum decl_kind kind,
			     const struct fe_loc *kw)
{
	/* after a syntax error lost the block: kept aside, freed at the end */
	struct block *b = current(s) ? current(s) : &s->junk;
	struct decl *d;

	b->decls = xgrow(b->decls, b->ndecls, sizeof(*d));
	d = &b->decls[b->ndecls++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	d->loc = *kw;
	return d;
}

void pt_hook(struct nft_scan *s, char *type, const struct fe_loc *tloc,
	     char *hook, const struct fe_loc *hloc, char *prio_name,
	     const struct fe_loc *ploc, char *prio_num, long sign_or_offset,
	     const struct fe_loc *kw)
{
	struct decl *d = add_decl(s, DECL_HOOK, kw);

	d->words[0] = type;
	d->word_locs[0] = *tloc;
	d->words[1] = hook;
	d->word_locs[1] = *hloc;
	d->words[2] = prio_name;
	d->word_locs[2] = *ploc;
	if (prio_num) {
		errno = 0;
		d->priority = sign_or_offset * strtol(prio_num, NULL, 0);
		if (errno)
			d->words[3] = xstrdup("range");	/* evaluation reports it */
		free(prio_num);
	} else {
		d->priority = sign_or_offset;
	}
}

void pt_policy(struct nft_scan *s, char *policy, const struct fe_loc *loc,
	       const struct fe_loc *kw)
{
	struct decl *d = add_decl(s, DECL_POLICY, kw);

	d->words[0] = policy;
	d->word_locs[0] = *loc;
}

/* A rule's statement array holds 4 at first, then doubles: most rules
 * have 3-6 statements (336 bytes each), and growing 1, 2, 4 cost a tenth
 * of the time at 100k rules.  pt_rule trims it. */
static size_t stmts_room(size_t n)
{
	size_t room = 4;

	while (room < n)
		room *= 2;
	return room;
}

void pt_rule(struct nft_scan *s, struct rule *r)
{
	struct block *b = current(s);

	if (!b) {
		rule_free(r);
		free(r);
		return;
	}
	/* the rule is complete: give back the room it did not use */
	if (r->nstmts != stmts_room(r->nstmts))
		r->stmts = xrealloc(r->stmts, r->nstmts * sizeof(*r->stmts));
	b->rules = xgrow(b->rules, b->nrules, sizeof(*r));
	b->rules[b->nrules++] = *r;
	free(r);
}

void pt_set_word(struct nft_scan *s, const char *word, const struct fe_loc *loc)
{
	s->words = xgrow(s->words, s->nwords, sizeof(char *));
	s->word_locs = xgrow(s->word_locs, s->nwords, sizeof(*loc));
	s->words[s->nwords] = xstrdup(word);
	s->word_locs[s->nwords++] = *loc;
}

static struct decl *words_to_decl(struct nft_scan *s, enum decl_kind kind,
				  const struct fe_loc *kw)
{
	struct decl *d = add_decl(s, kind, kw);

	d->names = s->words;
	d->name_locs = s->word_locs;
	d->nnames = s->nwords;
	s->words = NULL;
	s->word_locs = NULL;
	s->nwords = 0;
	return d;
}

void pt_set_type_end(struct nft_scan *s, const struct fe_loc *kw)
{
	words_to_decl(s, DECL_SET_TYPE, kw);
}

void pt_set_flags_end(struct nft_scan *s, const struct fe_loc *kw)
{
	words_to_decl(s, DECL_SET_FLAGS, kw);
}

void pt_set_elements(struct nft_scan *s, struct expr *set, const struct fe_loc *kw)
{
	add_decl(s, DECL_SET_ELEMENTS, kw)->expr = set;
}

void pt_set_other(struct nft_scan *s, const char *word, const struct fe_loc *kw)
{
	/* its words: `timeout 1m`, `size 100` */
	words_to_decl(s, DECL_SET_OTHER, kw)->words[0] = xstrdup(word);
}

/* ---- rules and statements ---- */

struct rule *pt_rule_new(struct stmt *st)
{
	struct rule *r = xzalloc(sizeof(*r));

	r->loc = st->loc;
	return pt_rule_add(r, st);
}

struct rule *pt_rule_add(struct rule *r, struct stmt *st)
{
	if (r->nstmts == 0 || (r->nstmts >= 4 && r->nstmts == stmts_room(r->nstmts)))
		r->stmts = xrealloc(r->stmts, (r->nstmts ? 2 * r->nstmts : 4) * sizeof(*st));
	r->stmts[r->nstmts++] = *st;
	r->end = st->loc;
	free(st);
	return r;
}

static struct stmt *stmt_new(enum stmt_kind kind, const struct fe_loc *loc)
{
	struct stmt *s = xzalloc(sizeof(*s));

	s->kind = kind;
	s->loc = *loc;
	return s;
}

struct stmt *pt_verdict(enum ir_verdict_kind kind, char *chain,
			const struct fe_loc *cloc, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_VERDICT, loc);

	s->verdict.kind = kind;
	s->verdict.chain = chain;
	if (cloc)
		s->verdict.chain_loc = *cloc;
	return s;
}

struct stmt *pt_counter(bool values, char *packets, char *bytes,
			const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_COUNTER, loc);

	s->counter.has_values = values;
	if (values) {
		/* more than 64 bits: nft's scanner has no number for it */
		errno = 0;
		s->counter.packets = strtoull(packets, NULL, 0);
		s->counter.bytes = strtoull(bytes, NULL, 0);
		s->counter.too_large = errno == ERANGE;
	}
	free(packets);
	free(bytes);
	return s;
}

struct stmt *pt_counter_set(struct stmt *s, bool packets, char *num)
{
	errno = 0;
	*(packets ? &s->counter.packets : &s->counter.bytes) = strtoull(num, NULL, 0);
	s->counter.too_large |= errno == ERANGE;
	free(num);
	return s;
}

struct stmt *pt_comment(char *text, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_COMMENT, loc);

	s->comment = text;
	return s;
}

struct stmt *pt_match(struct expr *left, enum relop op, const struct fe_loc *oloc,
		      struct expr *right, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_MATCH, loc);

	s->match.op = op;
	s->match.op_loc = op == REL_IMPLICIT ? right->loc : *oloc;
	s->match.left = left;
	s->match.right = right;
	return s;
}

struct stmt *pt_vmap(struct expr *key, struct expr *set, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_VMAP, loc);

	s->vmap = pt_map(key, set, loc);
	s->vmap->map.vmap = true;
	return s;
}

struct stmt *pt_set_stmt(struct expr *target, struct expr *value,
			 const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_SET, loc);

	s->set.target = target;
	s->set.value = value;
	return s;
}

/* `sysctl read` / `sysctl write`: a match on the access kind. */
struct stmt *pt_sysctl_access(const char *which, const struct fe_loc *loc)
{
	struct expr *sel = pt_sel(SEL_SYSCTL, xstrdup("sysctl"), xstrdup(which), NULL, loc);
	struct expr *v = expr_new(EXPR_VALUE, loc);

	v->value.lo = !strcmp(which, "write");
	return pt_match(sel, REL_IMPLICIT, loc, v, loc);
}

struct stmt *pt_reject(char *proto, const struct fe_loc *ploc, char *code,
		       const struct fe_loc *cloc, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_REJECT, loc);

	s->reject.proto = proto;
	s->reject.code = code;
	if (proto) {
		s->reject.proto_loc = *ploc;
		s->reject.code_loc = *cloc;
	}
	return s;
}

struct stmt *pt_log(void)
{
	return stmt_new(STMT_LOG, &(struct fe_loc){ 0 });
}

struct stmt *pt_log_word(struct stmt *s, enum log_opt opt, char *word, const struct fe_loc *loc)
{
	free(s->log.opt[opt]);
	s->log.opt[opt] = word;
	s->log.opt_loc[opt] = *loc;
	return s;
}

struct stmt *pt_log_flag(struct stmt *s, const char *proto, char *word, const struct fe_loc *loc)
{
	s->log.flags = xrealloc(s->log.flags, (s->log.nflags + 1) * sizeof(*s->log.flags));
	s->log.flags[s->log.nflags++] = (struct log_flag){ proto ? xstrdup(proto) : NULL,
							   word, *loc };
	return s;
}

struct stmt *pt_log_bad(struct stmt *s, char *word, const struct fe_loc *loc)
{
	if (s->log.bad) {	/* the first one is reported */
		free(word);
		return s;
	}
	s->log.bad = word;
	s->log.bad_loc = *loc;
	return s;
}

struct stmt *pt_other(char *keyword, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_OTHER, loc);

	s->other.keyword = keyword;
	return s;
}

/* ---- expressions ---- */

struct expr *pt_sel(enum sel_kind kind, char *w0, char *w1, char *w2,
		    const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_SELECTOR, loc);
	char *w[3] = { w0, w1, w2 };

	e->sel.kind = kind;
	e->sel.level = -1;
	for (int i = 0; i < 3; i++)
		if (w[i])
			e->sel.words[e->sel.nwords++] = w[i];
	return e;
}

/* nft's NUM is a u64 that the hash and numgen expressions keep as u32 */
static unsigned u32_of(const char *num)
{
	return (unsigned)strtoull(num, NULL, 0);
}

bool pt_hash(struct fe_diag *d, struct expr *h, char *kind, char *mode, struct expr *key,
	     char *mod, const struct fe_loc *modloc, char *num, const struct fe_loc *loc)
{
	bool ok = true;
	struct fe_loc seed_loc = h->loc;	/* pt_hash_opt's: the word seed */

	h->loc = *loc;
	h->sel.words[h->sel.nwords++] = kind;
	if (mode)
		h->sel.words[h->sel.nwords++] = mode;
	h->sel.hkey = key;
	h->sel.raw_base = u32_of(num);
	if (strcmp(mod, "mod")) {
		fe_error(d, modloc, "syntax error, unexpected %s, expecting mod", mod);
		ok = false;
	} else if (mode && strcmp(mode, "inc") && strcmp(mode, "random")) {
		fe_error(d, loc, "syntax error, unexpected %s, expecting inc or random", mode);
		ok = false;
	} else if (h->sel.level == 1 && strcmp(kind, "jhash")) {
		fe_error(d, &seed_loc, "syntax error, unexpected seed");
		ok = false;
	}
	free(mod);
	free(num);
	h->sel.exists = false;
	if (!ok || h->sel.level == -2)
		h->sel.level = -2;	/* reported: evaluation fails quietly */
	return ok;
}

bool pt_hash_opt(struct fe_diag *d, struct expr *h, char *word, const struct fe_loc *wloc,
		 char *num)
{
	/* level: 1 after a seed; raw_len the seed; an offset ends the list */
	bool seed = !strcmp(word, "seed"), ok = true;

	if ((!seed && strcmp(word, "offset")) || h->sel.exists || (seed && h->sel.level == 1)) {
		if (h->sel.level != -2)
			fe_error(d, wloc, "syntax error, unexpected %s", word);
		h->sel.level = -2;
		ok = false;
	} else if (seed) {
		h->sel.level = h->sel.level == -2 ? -2 : 1;
		h->loc = *wloc;
		h->sel.raw_len = u32_of(num);
	} else {
		h->sel.exists = true;	/* `offset` seen */
		h->sel.raw_offset = u32_of(num);
	}
	free(word);
	free(num);
	return ok;
}

struct expr *pt_sel_level(char *w0, char *w1, char *level,
			  const struct fe_loc *lloc, const struct fe_loc *loc)
{
	struct expr *e = pt_sel(SEL_SOCKET, w0, w1, NULL, loc);

	/* socket cgroupv2 level N: the evaluator checks the range */
	e->sel.level = strtol(level, NULL, 0) > 255 ? 256 : (int)strtol(level, NULL, 0);
	(void)lloc;
	free(level);
	return e;
}

struct expr *pt_raw(char *base, const struct fe_loc *bloc, char *off,
		    const struct fe_loc *oloc, char *len, const struct fe_loc *lloc,
		    const struct fe_loc *loc)
{
	struct expr *e = pt_sel(SEL_RAW, base, off, len, loc);

	(void)bloc;
	(void)oloc;
	(void)lloc;
	return e;
}

/* `tcp option @KIND,OFFSET,LENGTH`: a raw tcp option; words "@", kind,
 * offset and length in bits. */
struct expr *pt_tcpopt_raw(char *kind, char *off, char *len, const struct fe_loc *loc)
{
	struct expr *e = pt_sel(SEL_TCPOPT, xstrdup("@"), kind, off, loc);

	e->sel.words[e->sel.nwords++] = len;
	return e;
}

struct expr *pt_binop(enum binop op, struct expr *l, struct expr *r,
		      const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_BINOP, loc);

	e->binop.op = op;
	e->binop.left = l;
	e->binop.right = r;
	return e;
}

struct expr *pt_concat(struct expr *l, struct expr *r, const struct fe_loc *loc)
{
	if (l->kind != EXPR_CONCAT)
		l = expr_list_add(expr_new(EXPR_CONCAT, &l->loc), l);
	l->loc = *loc;
	return expr_list_add(l, r);
}

struct expr *pt_list(struct expr *list, struct expr *a, struct expr *b,
		     const struct fe_loc *loc)
{
	if (!list)
		list = expr_list_add(expr_new(EXPR_LIST, loc), a);
	list->loc = *loc;
	return expr_list_add(list, b);
}

/* `a | b` among values: a list too (flags are ORed), as `a, b` is. */
struct expr *pt_or(struct expr *l, struct expr *r, const struct fe_loc *loc)
{
	return pt_binop(BINOP_OR, l, r, loc);
}

struct expr *pt_range(struct expr *lo, struct expr *hi, const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_RANGE, loc);

	e->range.lo = lo;
	e->range.hi = hi;
	return e;
}

struct expr *pt_prefix(struct expr *base, char *len, const struct fe_loc *lloc,
		       const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_PREFIX, loc);
	unsigned long n = strtoul(len, NULL, 0);

	(void)lloc;
	e->prefix.base = base;
	e->prefix.len = n > 1024 ? 1025 : (unsigned)n;	/* checked later */
	free(len);
	return e;
}

struct expr *pt_mask(struct expr *value, struct expr *mask, const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_MASKED, loc);

	e->range.lo = value;
	e->range.hi = mask;
	return e;
}

struct expr *pt_negative(char *num, const struct fe_loc *loc)
{
	char *text = xasprintf("-%s", num);

	free(num);
	return expr_symbol(EXPR_SYMBOL, text, loc);
}

struct expr *pt_mapping(struct expr *key, struct expr *value, const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_MAPPING, loc);

	e->mapping.key = key;
	e->mapping.value = value;
	return e;
}

struct expr *pt_eopt(struct expr *opts, char *word, char *a, char *b,
		     const struct fe_loc *loc)
{
	struct elem_opts *o;

	if (!opts)
		opts = expr_new(EXPR_SET, loc);
	if (!opts->elem)
		opts->elem = xzalloc(sizeof(*opts->elem));
	o = opts->elem;
	if (word && !strcmp(word, "counter")) {
		o->counter = true;
		o->counter_loc = *loc;
		free(o->packets);
		free(o->bytes);
		o->packets = a;
		o->bytes = b;
		a = b = NULL;
	} else if (word && !strcmp(word, "expires")) {
		free(o->expires);
		o->expires = a;
		a = NULL;
	} else if (word) {
		/* timeout, or a word evaluation refuses (kept as the timeout's
		 * location with no value) */
		free(o->timeout);
		o->timeout = strcmp(word, "timeout") ? NULL : a;
		if (strcmp(word, "timeout"))
			o->expires = o->expires ? o->expires : xstrdup("");
		o->timeout_loc = *loc;
		if (!strcmp(word, "timeout"))
			a = NULL;
	}
	free(word);
	free(a);
	free(b);
	return opts;
}

struct expr *pt_elem_opts(struct expr *key, struct expr *opts)
{
	elem_opts_free(key->elem);
	key->elem = opts->elem;
	if (!key->elem)
		key->elem = xzalloc(sizeof(*key->elem));
	opts->elem = NULL;
	expr_free(opts);
	return key;
}

struct expr *pt_map(struct expr *key, struct expr *set, const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_MAP, loc);

	e->map.key = key;
	e->map.set = set;
	return e;
}

struct expr *pt_verdict_expr(enum ir_verdict_kind kind, char *chain,
			     const struct fe_loc *cloc, const struct fe_loc *loc)
{
	struct expr *e = expr_new(EXPR_VERDICT, loc);

	e->verdict.kind = kind;
	e->verdict.chain = chain;
	if (cloc)
		e->verdict.chain_loc = *cloc;
	return e;
}

/* ---- stateful statements and named objects ---- */

struct stmt *pt_state(enum stmt_kind kind, bool over, char *num, char *unit, char *per,
		      const struct fe_loc *qloc, const struct fe_loc *uloc,
		      const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(kind, loc);

	s->state.over = over;
	s->state.amount = (struct quantity){ .num = num, .unit = unit, .per = per,
					     .loc = *qloc, .unit_loc = *uloc };
	return s;
}

/* `burst N unit` after a limit, `used N unit` after a quota; a second
 * one replaces the first (nft's grammar has room for one). */
struct stmt *pt_state_extra(struct stmt *s, char *num, char *unit,
			    const struct fe_loc *kwloc, const struct fe_loc *qloc,
			    const struct fe_loc *uloc, const struct fe_loc *loc)
{
	free(s->state.extra.num);
	free(s->state.extra.unit);
	s->state.extra = (struct quantity){ .num = num, .unit = unit, .loc = *qloc,
					    .unit_loc = *uloc, .kw_loc = *kwloc };
	s->loc.last_col = loc->last_col;
	return s;
}

struct stmt *pt_state_ref(enum stmt_kind kind, char *name, const struct fe_loc *nloc,
			  const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(kind, loc);

	s->ref = name;
	s->ref_loc = *nloc;
	return s;
}

void pt_object(struct nft_scan *s, char *name, const struct fe_loc *nloc,
	       struct stmt *spec, const struct fe_loc *loc)
{
	struct block *t = current(s);

	if (!t || t->kind != BLOCK_TABLE) {
		free(name);
		stmt_free(spec);
		return;
	}
	t->objs = xgrow(t->objs, t->nobjs, sizeof(*t->objs));
	t->objs[t->nobjs++] = (struct tobject){ .name = name, .name_loc = *nloc,
						 .loc = *loc, .spec = spec };
}

/* ---- sets updated from rules ---- */

struct stmt *pt_dynset_elem(struct expr *key, const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_DYNSET, loc);

	s->dynset.key = key;
	return s;
}

struct stmt *pt_dynset_opt(struct stmt *s, char *word, const struct fe_loc *wloc,
			   char *value, const struct fe_loc *vloc)
{
	if (!strcmp(word, "timeout") && !s->dynset.timeout) {
		s->dynset.timeout = value;
		s->dynset.timeout_loc = *vloc;
		free(word);
		return s;
	}
	/* anything else (a second timeout too): refused at the word */
	if (!s->dynset.bad_opt) {
		s->dynset.bad_opt = word;
		s->dynset.bad_loc = *wloc;
		word = NULL;
	}
	free(word);
	free(value);
	return s;
}

struct stmt *pt_dynset_limit(struct stmt *s, struct stmt *limit, const struct fe_loc *kw)
{
	limit->loc.first_col = kw->first_col;
	stmt_free(s->dynset.limit);
	s->dynset.limit = limit;
	return s;
}

struct stmt *pt_dynset(long op, struct expr *set, struct stmt *elem, const struct fe_loc *loc)
{
	elem->dynset.op = (enum dynset_op)op;
	elem->dynset.set = set->text;
	elem->dynset.set_loc = set->loc;
	set->text = NULL;
	expr_free(set);
	elem->loc = *loc;
	return elem;
}

struct stmt *pt_meter(char *name, const struct fe_loc *nloc, char *sizekw, char *size,
		      const struct fe_loc *sloc, struct stmt *elem, const struct fe_loc *loc)
{
	elem->dynset.size = size;
	elem->dynset.size_loc = sloc ? *sloc : *nloc;
	/* `meter NAME WORD N {`: only `size` is a meter's option */
	if (sizekw && strcmp(sizekw, "size") && !elem->dynset.bad_opt) {
		elem->dynset.bad_opt = sizekw;
		elem->dynset.bad_loc = *sloc;
		sizekw = NULL;
	}
	free(sizekw);
	elem->dynset.op = DYNSET_UPDATE;
	elem->dynset.meter = true;
	elem->dynset.set = name;
	elem->dynset.set_loc = *nloc;
	elem->loc = *loc;
	return elem;
}

struct stmt *pt_dynset_legacy(long op, struct expr *set, struct expr *key,
			      const struct fe_loc *loc)
{
	struct stmt *s = stmt_new(STMT_DYNSET, loc);

	s->dynset.op = (enum dynset_op)op;
	s->dynset.key = key;
	s->dynset.set = set->text;
	s->dynset.set_loc = set->loc;
	set->text = NULL;
	expr_free(set);
	return s;
}
