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
	case SEL_OTHER:
		text_json(j, "expr", x);
		break;
	}
	json_end_obj(j);
}

static void list_json(struct json *j, const char *key, const char *name,
		      const struct expr *x)
{
	json_obj(j, key);
	json_arr(j, name);
	for (size_t i = 0; i < x->list.n; i++)
		ev_expr_json(j, NULL, x->list.v[i]);
	json_end_arr(j);
	json_end_obj(j);
}

void ev_expr_json(struct json *j, const char *key, const struct expr *x)
{
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
	case EXPR_LIST:
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

/* "key": "TEXT" of a limit or quota (ev_state_text), for what JSON has
 * no field of its own for. */
static void state_text_json(struct json *j, const char *key, const struct stmt *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	ev_state_text(s, true, m);
	fclose(m);
	json_str(j, key, buf);
	free(buf);
}

/* nft -j's {"log": {...}}: the options as written (evaluated before). */
static void log_json(struct json *j, const struct stmt *s)
{
	static const char *const keys[LOG_OPTS] = { "prefix", "level", "group",
		"snaplen", "queue-threshold" };

	json_obj(j, "log");
	for (int o = 0; o < LOG_OPTS; o++) {
		const char *v = s->log.opt[o];

		if (!v)
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
	case STMT_MATCH:
		json_obj(j, "match");
		json_str(j, "op", relop_names[s->match.relisted ? s->match.list_op :
					      s->match.op]);
		ev_expr_json(j, "left", s->match.left);
		ev_expr_json(j, "right", s->match.right);
		json_end_obj(j);
		break;
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
		state_text_json(j, "text", s);
		json_bool(j, "inv", s->state.over);
		json_end_obj(j);
		break;
	case STMT_QUOTA:
		if (s->ref) {
			json_str(j, "quota", s->ref);
			break;
		}
		json_obj(j, "quota");
		state_text_json(j, "text", s);
		json_bool(j, "inv", s->state.over);
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
