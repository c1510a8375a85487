// SPDX-License-Identifier: GPL-2.0
/*
 * The tree as nft's JSON (doc/JSON.md): a rule's "expr" array, one object
 * per statement, in the shapes of `nft -j list ruleset` (payload, meta,
 * match, counter, accept, jump, ...).  A new statement kind is one case
 * in stmt_json(); cgnft's own (sysctl) get names of the same style.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_state.h"
#include "frontend/evaluate.h"
#include "ir/json.h"
#include "ir/xalloc.h"

static const char *const relop_names[] = { "==", "==", "!=", "<", ">", "<=", ">=", "!" };
static const char *const binop_names[] = { "&", "|", "^", "<<", ">>" };
static const char *const verdict_names[] = {
	[IR_VERDICT_ACCEPT] = "accept", [IR_VERDICT_DROP] = "drop",
	[IR_VERDICT_CONTINUE] = "continue", [IR_VERDICT_RETURN] = "return",
	[IR_VERDICT_JUMP] = "jump", [IR_VERDICT_GOTO] = "goto",
};

/* A word as nft's JSON has it: a number when it is one, else a string. */
static void word_json(struct json *j, const char *key, const char *w)
{
	char *end;
	unsigned long long v;

	if (*w >= '0' && *w <= '9') {
		v = strtoull(w, &end, 0);
		if (!*end && (w[0] != '0' || !w[1])) {
			json_u64(j, key, v);
			return;
		}
	}
	json_str(j, key, w);
}

/* The text of x (ev_expr_text) as a JSON string. */
static void text_json(struct json *j, const char *key, const struct expr *x)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	ev_expr_text(x, m);
	fclose(m);
	json_str(j, key, buf);
	free(buf);
}

/* "accept": null, or "jump": {"target": "x"} */
static void verdict_members(struct json *j, enum ir_verdict_kind k, const char *chain)
{
	if (!chain) {
		json_str(j, verdict_names[k], NULL);
		return;
	}
	json_obj(j, verdict_names[k]);
	json_str(j, "target", chain);
	json_end_obj(j);
}

static void verdict_json(struct json *j, const char *key, enum ir_verdict_kind k,
			 const char *chain)
{
	json_obj(j, key);
	verdict_members(j, k, chain);
	json_end_obj(j);
}

static void selector_json(struct json *j, const char *key, const struct expr *x)
{
	const char *const *w = (const char *const *)x->sel.words;

	json_obj(j, key);
	/* a raw port or th port the listing names (eval_listing.c) */
	if ((x->sel.kind == SEL_PAYLOAD || x->sel.kind == SEL_RAW) && x->canon &&
	    strchr(x->canon, ' ')) {
		const char *sp = strchr(x->canon, ' ');
		char *proto = xstrndup(x->canon, (size_t)(sp - x->canon));

		json_obj(j, "payload");
		json_str(j, "protocol", proto);
		json_str(j, "field", sp + 1);
		json_end_obj(j);
		json_end_obj(j);
		free(proto);
		return;
	}
	switch (x->sel.kind) {
	case SEL_PAYLOAD:
		json_obj(j, "payload");
		json_str(j, "protocol", w[0]);
		json_str(j, "field", x->sel.nwords > 1 ? w[1] : NULL);
		json_end_obj(j);
		break;
	case SEL_RAW:	/* @base,offset,length: the words as written */
		json_obj(j, "payload");
		json_str(j, "base", w[0]);
		json_u64(j, "offset", strtoull(w[1], NULL, 0));
		json_u64(j, "len", strtoull(w[2], NULL, 0));
		json_end_obj(j);
		break;
	case SEL_META:
		json_obj(j, "meta");
		json_str(j, "key", x->sel.nwords > 1 ? w[1] : w[0]);
		json_end_obj(j);
		break;
	case SEL_CT:
		json_obj(j, "ct");
		json_str(j, "key", w[x->sel.nwords - 1]);
		if (x->sel.nwords > 2)
			json_str(j, "dir", w[1]);
		json_end_obj(j);
		break;
	case SEL_SOCKET:
		json_obj(j, "socket");
		json_str(j, "key", x->sel.nwords > 1 ? w[1] : NULL);
		if (x->sel.level >= 0)
			json_int(j, "level", x->sel.level);
		json_end_obj(j);
		break;
	case SEL_SYSCTL:
		json_obj(j, "sysctl");
		json_str(j, "key", x->sel.nwords > 1 ? w[1] : NULL);
		if (x->sel.nwords > 2)
			json_str(j, "field", w[2]);
		json_end_obj(j);
		break;
	case SEL_TCPOPT:
	case SEL_IPOPT:
	case SEL_SCTPCHUNK:
	case SEL_EXTHDR:
		json_obj(j, x->sel.kind == SEL_TCPOPT ? "tcp option" :
			 x->sel.kind == SEL_IPOPT ? "ip option" :
			 x->sel.kind == SEL_SCTPCHUNK ? "sctp chunk" : "exthdr");
		json_str(j, "name", x->sel.nwords > 1 ? w[1] : w[0]);
		if (x->sel.nwords > 2)
			json_str(j, "field", w[2]);
		json_end_obj(j);
		break;
	case SEL_HASH:	/* nft's json: numgen, jhash and symhash objects */
		json_obj(j, w[0]);
		if (x->sel.nwords > 1)
			json_str(j, "mode", w[1]);
		json_u64(j, "mod", x->sel.raw_base);
		if (x->sel.level == 1)
			json_u64(j, "seed", x->sel.raw_len);
		if (x->sel.raw_offset)
			json_u64(j, "offset", x->sel.raw_offset);
		if (x->sel.hkey)
			ev_expr_json(j, "expr", x->sel.hkey);
		json_end_obj(j);
		break;
	case SEL_OTHER:
		text_json(j, "expr", x);
		break;
	}
	json_end_obj(j);
}

static int by_sortkey(const void *a, const void *b)
{
	const struct expr *x = *(const struct expr *const *)a, *y = *(const struct expr *const *)b;

	return strcmp(x->sortkey, y->sortkey);
}

/* a set's elements sorted as nft lists them (tree_text.c) */
static void list_json(struct json *j, const char *key, const char *name,
		      const struct expr *x)
{
	const struct expr **v = xmalloc((x->list.n + 1) * sizeof(*v));
	bool keyed = x->kind == EXPR_SET;

	for (size_t i = 0; i < x->list.n; i++) {
		v[i] = x->list.v[i];
		keyed &= v[i]->sortkey != NULL;
	}
	if (keyed)	/* stable: equal keys keep their order */
		for (size_t i = 1; i < x->list.n; i++)
			for (size_t k = i; k > 0 && by_sortkey(&v[k - 1], &v[k]) > 0; k--) {
				const struct expr *t = v[k];

				v[k] = v[k - 1];
				v[k - 1] = t;
			}
	json_obj(j, key);
	json_arr(j, name);
	for (size_t i = 0; i < x->list.n; i++)
		ev_expr_json(j, NULL, v[i]);
	json_end_arr(j);
	json_end_obj(j);
	free(v);
}

/* constants joined by | (flags): nft -j's array of them */
static bool or_of_constants(const struct expr *x)
{
	if (x->kind == EXPR_BINOP)
		return x->binop.op == BINOP_OR && or_of_constants(x->binop.left) &&
		       or_of_constants(x->binop.right);
	return x->kind == EXPR_SYMBOL || x->kind == EXPR_VALUE;
}

static void or_items(struct json *j, const struct expr *x)
{
	if (x->kind == EXPR_BINOP) {
		or_items(j, x->binop.left);
		or_items(j, x->binop.right);
	} else {
		ev_expr_json(j, NULL, x);
	}
}

static bool is_number(const char *w, unsigned long long *v)
{
	char *end;

	if (!(*w >= '0' && *w <= '9'))
		return false;
	*v = strtoull(w, &end, 0);
	return !*end && (w[0] != '0' || !w[1] || w[1] == 'x');
}

/* One value of a listing's text (a canonical form, tree_text.c) as nft
 * -j has it: a number, a string, a prefix, a range, flags, a set. */
static void canon_json(struct json *j, const char *key, const char *t)
{
	size_t n = strlen(t);
	unsigned long long v;
	const char *p;
	char *w;

	if (n >= 4 && t[0] == '{' && t[n - 1] == '}') {	/* { a, b } */
		char *body = xstrndup(t + 2, n - 4), *save = NULL;

		json_obj(j, key);
		json_arr(j, "set");
		for (char *e = strtok_r(body, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
			while (*e == ' ')
				e++;
			canon_json(j, NULL, e);
		}
		json_end_arr(j);
		json_end_obj(j);
		free(body);
		return;
	}
	if (strstr(t, " . ")) {		/* a . b */
		char *body = xstrdup(t), *e = body, *dot;

		json_obj(j, key);
		json_arr(j, "concat");
		while ((dot = strstr(e, " . "))) {
			*dot = 0;
			canon_json(j, NULL, e);
			e = dot + 3;
		}
		canon_json(j, NULL, e);
		json_end_arr(j);
		json_end_obj(j);
		free(body);
		return;
	}
	if (t[0] == '"' && (p = strstr(t, "\"-\"")) && t[n - 1] == '"') {	/* "a"-"b" */
		w = xstrndup(t, (size_t)(p - t) + 1);
		json_obj(j, key);
		json_arr(j, "range");
		canon_json(j, NULL, w);
		canon_json(j, NULL, p + 2);
		json_end_arr(j);
		json_end_obj(j);
		free(w);
		return;
	}
	if (n >= 2 && t[0] == '"' && t[n - 1] == '"') {
		w = xstrndup(t + 1, n - 2);
		json_str(j, key, w);
		free(w);
		return;
	}
	if ((p = strrchr(t, '/')) && !strchr(t, ' ') && is_number(p + 1, &v)) {	/* a/len */
		w = xstrndup(t, (size_t)(p - t));
		json_obj(j, key);
		json_obj(j, "prefix");
		canon_json(j, "addr", w);
		json_u64(j, "len", v);
		json_end_obj(j);
		json_end_obj(j);
		free(w);
		return;
	}
	/* a-b of numbers or addresses (not a name like echo-request) */
	if (((t[0] >= '0' && t[0] <= '9') || t[0] == ':') && (p = strchr(t, '-'))) {
		w = xstrndup(t, (size_t)(p - t));
		json_obj(j, key);
		json_arr(j, "range");
		canon_json(j, NULL, w);
		canon_json(j, NULL, p + 1);
		json_end_arr(j);
		json_end_obj(j);
		free(w);
		return;
	}
	if (strchr(t, ',') && !strchr(t, ' ')) {	/* flags: syn,ack */
		char *body = xstrdup(t), *save = NULL;

		json_arr(j, key);
		for (char *e = strtok_r(body, ",", &save); e; e = strtok_r(NULL, ",", &save))
			json_str(j, NULL, e);
		json_end_arr(j);
		free(body);
		return;
	}
	if (is_number(t, &v)) {
		json_u64(j, key, v);
		return;
	}
	json_str(j, key, t);
}

/* nft -j's form of a flag mask's right side `syn / syn,ack`: the value */
static void flag_value_json(struct json *j, const char *key, const char *t)
{
	const char *p = strstr(t, " / ");
	char *w = p ? xstrndup(t, (size_t)(p - t)) : xstrdup(t);

	canon_json(j, key, w);
	free(w);
}

void ev_expr_json(struct json *j, const char *key, const struct expr *x)
{
	/* an evaluated value: as nft lists it */
	if (x->canon && x->kind != EXPR_SELECTOR && x->kind != EXPR_BINOP &&
	    x->kind != EXPR_MAP && x->kind != EXPR_MAPPING && x->kind != EXPR_CONCAT &&
	    x->kind != EXPR_RANGE && x->kind != EXPR_VERDICT) {
		canon_json(j, key, x->canon);
		return;
	}
	switch (x->kind) {
	case EXPR_SYMBOL:
		word_json(j, key, x->text);
		break;
	case EXPR_STRING:
		json_str(j, key, x->text);
		break;
	case EXPR_VARIABLE:
	case EXPR_SET_REF:
		text_json(j, key, x);
		break;
	case EXPR_VALUE:
		if (x->value.hi)
			text_json(j, key, x);
		else
			json_u64(j, key, x->value.lo);
		break;
	case EXPR_PREFIX:
		json_obj(j, key);
		json_obj(j, "prefix");
		ev_expr_json(j, "addr", x->prefix.base);
		json_u64(j, "len", x->prefix.len);
		json_end_obj(j);
		json_end_obj(j);
		break;
	case EXPR_RANGE:
		json_obj(j, key);
		json_arr(j, "range");
		ev_expr_json(j, NULL, x->range.lo);
		ev_expr_json(j, NULL, x->range.hi);
		json_end_arr(j);
		json_end_obj(j);
		break;
	case EXPR_MASKED:
		json_obj(j, key);
		json_arr(j, "&");
		ev_expr_json(j, NULL, x->range.lo);
		ev_expr_json(j, NULL, x->range.hi);
		json_end_arr(j);
		json_end_obj(j);
		break;
	case EXPR_SELECTOR:
		selector_json(j, key, x);
		break;
	case EXPR_BINOP:
		if (x->canon && or_of_constants(x)) {	/* a value: syn,ack or 0x12 */
			canon_json(j, key, x->canon);
			break;
		}
		if (or_of_constants(x)) {	/* flags: syn|ack */
			json_arr(j, key);
			or_items(j, x);
			json_end_arr(j);
			break;
		}
		json_obj(j, key);
		json_arr(j, binop_names[x->binop.op]);
		ev_expr_json(j, NULL, x->binop.left);
		ev_expr_json(j, NULL, x->binop.right);
		json_end_arr(j);
		json_end_obj(j);
		break;
	case EXPR_CONCAT:
		list_json(j, key, "concat", x);
		break;
	case EXPR_LIST:		/* flags: syn,ack */
		json_arr(j, key);
		for (size_t i = 0; i < x->list.n; i++)
			ev_expr_json(j, NULL, x->list.v[i]);
		json_end_arr(j);
		break;
	case EXPR_SET:
		list_json(j, key, "set", x);
		break;
	case EXPR_MAPPING:
		json_arr(j, key);
		ev_expr_json(j, NULL, x->mapping.key);
		ev_expr_json(j, NULL, x->mapping.value);
		json_end_arr(j);
		break;
	case EXPR_MAP:
		json_obj(j, key);
		json_obj(j, x->map.vmap ? "vmap" : "map");
		ev_expr_json(j, "key", x->map.key);
		ev_expr_json(j, "data", x->map.set);
		json_end_obj(j);
		json_end_obj(j);
		break;
	case EXPR_VERDICT:
		verdict_json(j, key, x->verdict.kind, x->verdict.chain);
		break;
	}
}

/*
 * nft -j's limit and quota members, from the text as listed (ev_state_text
 * normalizes units): `rate [over] N[ UNIT]/PER [burst M UNIT]`, `[over] N
 * UNIT [used M UNIT]`.
 */
static void state_json(struct json *j, const struct stmt *s)
{
	char *buf = NULL, *save = NULL, *w[12];
	size_t len = 0, n = 0, i = 0;
	FILE *m = open_memstream(&buf, &len);
	bool limit = s->kind == STMT_LIMIT, over = false;

	ev_state_text(s, false, m);
	fclose(m);
	for (char *t = strtok_r(buf, " ", &save); t && n < 12; t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	if (i < n && (!strcmp(w[i], "limit") || !strcmp(w[i], "quota")))
		i++;
	if (limit && i < n && !strcmp(w[i], "rate"))
		i++;
	if (i < n && !strcmp(w[i], "over")) {
		over = true;
		i++;
	}
	if (limit && i < n) {
		char *slash = strchr(w[i], '/');
		const char *unit = NULL;
		bool bytes;

		if (!slash && i + 1 < n) {	/* N UNIT/PER */
			unit = w[++i];
			slash = strchr(w[i], '/');
			if (slash)
				*slash = 0;
		} else if (slash) {
			*slash = 0;
		}
		bytes = unit != NULL;
		json_u64(j, "rate", strtoull(w[unit ? i - 1 : i], NULL, 10));
		i++;
		if (i + 2 < n + 1 && i < n && !strcmp(w[i], "burst") && i + 1 < n)
			json_u64(j, "burst", strtoull(w[i + 1], NULL, 10));
		else
			json_u64(j, "burst", bytes ? 0 : 5);
		json_str(j, "per", slash ? slash + 1 : "second");
		if (over)
			json_bool(j, "inv", true);
		if (bytes) {
			json_str(j, "rate_unit", unit);
			json_str(j, "burst_unit", i + 2 < n && !strcmp(w[i], "burst") ? w[i + 2] :
				 "bytes");
		}
	} else if (!limit && i + 1 < n) {
		json_u64(j, "val", strtoull(w[i], NULL, 10));
		json_str(j, "val_unit", w[i + 1]);
		if (over)
			json_bool(j, "inv", true);
	}
	free(buf);
}

/* nft -j's {"log": {...}}: the options as written (evaluated before). */
static void log_json(struct json *j, const struct stmt *s)
{
	static const char *const keys[LOG_OPTS] = { "prefix", "level", "group",
		"snaplen", "queue-threshold" };

	bool any = s->log.nflags > 0;

	for (int o = 0; o < LOG_OPTS; o++)
		any |= s->log.opt[o] && (o != LOG_OPT_LEVEL || strcmp(s->log.opt[o], "warn"));
	if (!any) {	/* nft -j: "log": null */
		json_str(j, "log", NULL);
		return;
	}
	json_obj(j, "log");
	for (int o = 0; o < LOG_OPTS; o++) {
		const char *v = s->log.opt[o];

		if (!v || (o == LOG_OPT_LEVEL && !strcmp(v, "warn")))	/* the default */
			continue;
		if (o == LOG_OPT_PREFIX || o == LOG_OPT_LEVEL)
			json_str(j, keys[o], v);
		else
			json_u64(j, keys[o], strtoull(v, NULL, 0));
	}
	if (s->log.nflags) {
		const char *proto = NULL;	/* "tcp sequence,options": both tcp */

		json_arr(j, "flags");
		for (size_t i = 0; i < s->log.nflags; i++) {
			const struct log_flag *f = &s->log.flags[i];
			char *w;

			if (f->proto && strcmp(f->proto, ","))
				proto = f->proto;
			else if (!f->proto)
				proto = NULL;
			if (!f->word)
				continue;
			w = proto ? xasprintf("%s %s", proto, f->word) : xstrdup(f->word);
			json_str(j, NULL, w);
			free(w);
		}
		json_end_arr(j);
	}
	json_end_obj(j);
}

static void stmt_json(struct json *j, const struct stmt *s, bool marks)
{
	json_obj(j, NULL);
	switch (s->kind) {
	case STMT_MATCH: {
		const struct expr *l = s->match.left, *r = s->match.right;
		enum relop op = s->match.relisted ? s->match.list_op : s->match.op;
		/* `syn / syn,ack`: nft -j keeps the & and the op written */
		bool masked = r->canon && strstr(r->canon, " / ");

		json_obj(j, "match");
		if (masked)
			op = s->match.op;
		if (r->kind == EXPR_MASKED && s->match.flags)
			op = op == REL_NE ? REL_NE : REL_EQ;	/* v / m: & m == v */
		json_str(j, "op", op == REL_IMPLICIT && s->match.flags && !masked &&
			 r->kind != EXPR_SET && r->kind != EXPR_SET_REF ? "in" : relop_names[op]);
		if (l->kind == EXPR_BINOP && l->canon && !masked)
			l = l->binop.left;	/* listed as a prefix, `! m`, `m` */
		if (l->kind == EXPR_SYMBOL) {	/* a bare meta key: iif, oifname */
			json_obj(j, "left");
			json_obj(j, "meta");
			json_str(j, "key", l->text);
			json_end_obj(j);
			json_end_obj(j);
		} else if (masked) {	/* the mask as listed: sorted */
			json_obj(j, "left");
			json_arr(j, "&");
			ev_expr_json(j, NULL, l->binop.left);
			canon_json(j, NULL, strstr(r->canon, " / ") + 3);
			json_end_arr(j);
			json_end_obj(j);
		} else if (r->kind == EXPR_MASKED && s->match.flags) {
			json_obj(j, "left");
			json_arr(j, "&");
			ev_expr_json(j, NULL, l);
			ev_expr_json(j, NULL, r->range.hi);
			json_end_arr(j);
			json_end_obj(j);
		} else {
			ev_expr_json(j, "left", l);
		}
		if (masked)
			flag_value_json(j, "right", r->canon);
		else if (r->kind == EXPR_MASKED && s->match.flags)
			ev_expr_json(j, "right", r->range.lo);
		else
			ev_expr_json(j, "right", r);
		json_end_obj(j);
		break;
	}
	case STMT_VMAP:
		json_obj(j, "vmap");
		ev_expr_json(j, "key", s->vmap->map.key);
		ev_expr_json(j, "data", s->vmap->map.set);
		json_end_obj(j);
		break;
	case STMT_VERDICT:
		verdict_members(j, s->verdict.kind, s->verdict.chain);
		break;
	case STMT_COUNTER:
		if (s->ref) {
			json_str(j, "counter", s->ref);
			break;
		}
		json_obj(j, "counter");
		if (marks)
			json_raw(j, NULL, EV_MARK_JCOUNTER);	/* live values */
		else {
			json_u64(j, "packets", s->counter.packets);
			json_u64(j, "bytes", s->counter.bytes);
		}
		json_end_obj(j);
		break;
	case STMT_LIMIT:
		if (s->ref) {
			json_str(j, "limit", s->ref);
			break;
		}
		json_obj(j, "limit");
		state_json(j, s);
		json_end_obj(j);
		break;
	case STMT_QUOTA:
		if (s->ref) {
			json_str(j, "quota", s->ref);
			break;
		}
		json_obj(j, "quota");
		state_json(j, s);
		if (marks)
			json_raw(j, NULL, EV_MARK_JQUOTA);
		json_end_obj(j);
		break;
	case STMT_SET:
		json_obj(j, "mangle");
		ev_expr_json(j, "key", s->set.target);
		ev_expr_json(j, "value", s->set.value);
		json_end_obj(j);
		break;
	case STMT_COMMENT:
		json_str(j, "comment", s->comment);
		break;
	case STMT_LOG:
		log_json(j, s);
		break;
	case STMT_REJECT:
		json_obj(j, "reject");
		if (s->reject.proto) {
			json_str(j, "type", s->reject.proto);
			json_str(j, "expr", s->reject.code);
		}
		json_end_obj(j);
		break;
	case STMT_DYNSET: {
		static const char *const ops[] = { "add", "update", "delete" };

		json_obj(j, s->dynset.meter ? "meter" : "set");
		json_str(j, s->dynset.meter ? "name" : "op",
			 s->dynset.meter ? s->dynset.set : ops[s->dynset.op]);
		ev_expr_json(j, "elem", s->dynset.key);
		if (!s->dynset.meter) {
			char *ref = xasprintf("@%s", s->dynset.set);

			json_str(j, "set", ref);
			free(ref);
		}
		if (s->dynset.timeout)
			json_str(j, "timeout", s->dynset.timeout);
		if (s->dynset.counter)
			json_bool(j, "counter", true);
		json_end_obj(j);
		break;
	}
	case STMT_OTHER:
		json_str(j, s->other.keyword, NULL);
		break;
	}
	json_end_obj(j);
}

void ev_rule_json(struct json *j, const struct rule *r, bool marks)
{
	json_arr(j, "expr");
	for (size_t i = 0; i < r->nstmts; i++)
		if (r->stmts[i].kind != STMT_COMMENT && !r->stmts[i].implied)
			stmt_json(j, &r->stmts[i], marks);
	json_end_arr(j);
	for (size_t i = 0; i < r->nstmts; i++)
		if (r->stmts[i].kind == STMT_COMMENT)
			json_str(j, "comment", r->stmts[i].comment);
}
