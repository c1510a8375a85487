// SPDX-License-Identifier: GPL-2.0
/*
 * A table as the objects of `nft -j list ruleset` (doc/JSON.md): table,
 * named objects, sets and maps, chains, rules, each a member of the
 * "nftables" array, with markers where runtime/list.c puts live values
 * (EV_MARK_* of frontend/evaluate.h).  Built only when asked
 * (fe_options.json): `cgnft list -j`, `check -j`, `import -j`.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_state.h"
#include "frontend/evaluate.h"
#include "ir/json.h"
#include "ir/xalloc.h"

/* A JSON string of text that may hold markers: they pass as they are
 * (what replaces them needs no escaping). */
static void quote_marked(struct json *j, const char *key, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	json_quote(m, s);
	fclose(m);
	/* json_quote wrote \001 as \u0001: put the byte back */
	for (char *p = buf; (p = strstr(p, "\\u0001")); p++) {
		*p = '\001';
		memmove(p + 1, p + 6, strlen(p + 6) + 1);
	}
	json_raw(j, key, buf);
	free(buf);
}

static void head(struct json *j, const char *kind, const char *table, const char *name)
{
	json_obj(j, NULL);
	json_obj(j, kind);
	json_str(j, "family", "cgroup");
	if (table)
		json_str(j, "table", table);
	json_str(j, "name", name);
}

static void tail(struct json *j)
{
	json_end_obj(j);
	json_end_obj(j);
}

static void object_json(struct json *j, const char *table, const struct tobject *o)
{
	const struct stmt *st = o->spec;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	head(j, st->kind == STMT_COUNTER ? "counter" : st->kind == STMT_LIMIT ?
	     "limit" : "quota", table, o->name);
	if (st->kind == STMT_COUNTER) {
		quote_marked(j, "text", EV_MARK_COUNTER);
		json_raw(j, NULL, EV_MARK_JCOUNTER);
		tail(j);
		return;
	}
	m = open_memstream(&buf, &len);
	ev_state_text(st, true, m);
	if (st->kind == STMT_QUOTA)
		fputs(EV_MARK_QUOTA, m);
	fclose(m);
	quote_marked(j, "text", buf);
	free(buf);
	json_bool(j, "inv", st->state.over);
	if (st->kind == STMT_QUOTA)
		json_raw(j, NULL, EV_MARK_JQUOTA);
	tail(j);
}

static void set_json(struct json *j, struct evctx *e, const char *table,
		     const struct block *c)
{
	const struct ev_set *s = ev_lookup_set(e, c->name);

	head(j, c->kind == BLOCK_MAP ? "map" : "set", table, c->name);
	for (size_t k = 0; k < c->ndecls; k++) {
		const struct decl *d = &c->decls[k];

		if (d->kind == DECL_SET_TYPE) {
			json_arr(j, "type");
			for (size_t n = 0; n < d->nnames; n++)
				if (strcmp(d->names[n], ".") && strcmp(d->names[n], ":"))
					json_str(j, NULL, d->names[n]);
			json_end_arr(j);
		} else if (d->kind == DECL_SET_FLAGS) {
			json_arr(j, "flags");
			for (size_t n = 0; n < d->nnames; n++)
				json_str(j, NULL, d->names[n]);
			json_end_arr(j);
		} else if (d->kind == DECL_SET_ELEMENTS && !(s && s->dynamic)) {
			json_arr(j, "elem");
			for (size_t n = 0; d->expr && n < d->expr->list.n; n++)
				ev_expr_json(j, NULL, d->expr->list.v[n]);
			json_end_arr(j);
		}
	}
	if (s && s->size)
		json_u64(j, "size", s->size);
	if (s && s->dynamic) {
		/* the live elements, as text (runtime/list.c) */
		char *mark = xasprintf(EV_MARK_ELEMENTS "%d;", e->u->sets[s->index].map);

		json_raw(j, "elements", mark);
		free(mark);
	}
	tail(j);
}

static void chain_json(struct json *j, struct evctx *e, const char *table,
		       const struct block *c, int handle)
{
	const struct ev_chain *ch = ev_lookup_chain(e, c->name);
	const struct ir_chain *ic = ch && ch->index >= 0 &&
		(size_t)ch->index < e->u->nchains ? &e->u->chains[ch->index] : NULL;

	head(j, "chain", table, c->name);
	json_int(j, "handle", handle);
	if (ic && ic->base) {
		for (size_t k = 0; k < c->ndecls; k++)
			if (c->decls[k].kind == DECL_HOOK)
				json_str(j, "type", c->decls[k].words[0]);
		json_str(j, "hook", ir_hook_name(ic->hook));
		json_int(j, "prio", ic->priority);
		json_str(j, "policy", ic->policy == IR_VERDICT_DROP ? "drop" : "accept");
	}
	tail(j);
}

static void rule_json(struct json *j, const char *table, const char *chain,
		      const struct rule *r, int handle)
{
	char *text = ev_rule_text_marked(r, true);

	json_obj(j, NULL);
	json_obj(j, "rule");
	json_str(j, "family", "cgroup");
	json_str(j, "table", table);
	json_str(j, "chain", chain);
	json_int(j, "handle", handle);
	json_str(j, "file", r->loc.file);
	json_int(j, "line", r->loc.line);
	quote_marked(j, "text", text);
	free(text);
	ev_rule_json(j, r, true);
	tail(j);
}

char *ev_table_json(struct evctx *e, const struct block *b, const struct ir_table *it)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct json j;
	int handle = 0;

	json_init(&j, out);
	j.first[0] = false;	/* members of the caller's "nftables" array */
	head(&j, "table", NULL, it->name);
	json_int(&j, "handle", 0);
	json_arr(&j, "cgroup");
	for (size_t i = 0; i < it->ncgroups; i++)
		json_str(&j, NULL, it->cgroups[i]);
	json_end_arr(&j);
	tail(&j);
	/* the order of the text listing: its markers come in that order */
	for (size_t i = 0; i < b->nobjs; i++)
		object_json(&j, it->name, &b->objs[i]);
	for (size_t i = 0; i < b->nblocks; i++)
		if (b->blocks[i].kind == BLOCK_SET || b->blocks[i].kind == BLOCK_MAP)
			set_json(&j, e, it->name, &b->blocks[i]);
	for (size_t i = 0; i < b->nblocks; i++) {
		const struct block *c = &b->blocks[i];

		if (c->kind == BLOCK_SET || c->kind == BLOCK_MAP)
			continue;
		chain_json(&j, e, it->name, c, ++handle);
		for (size_t k = 0; k < c->nrules; k++)
			rule_json(&j, it->name, c->name, &c->rules[k], ++handle);
	}
	fclose(out);
	return buf;
}
