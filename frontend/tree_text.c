// SPDX-License-Identifier: GPL-2.0
/*
 * The tree back to nft text: what `cgnft list` shows of a rule and what
 * keys its counters across re-applies.  Words are printed as written
 * (variables expanded by their names' text is left to evaluation), one
 * space between tokens, counters without their values.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_log.h"
#include "frontend/eval_state.h"
#include "frontend/evaluate.h"
#include "ir/xalloc.h"

static void time_text(const char *w, FILE *out);

static const char *const relops[] = { "", "== ", "!= ", "< ", "> ", "<= ", ">= ", "! " };
static const char *const binops[] = { "&", "|", "^", "<<", ">>" };
static const char *const verdicts[] = {
	[IR_VERDICT_ACCEPT] = "accept", [IR_VERDICT_DROP] = "drop",
	[IR_VERDICT_CONTINUE] = "continue", [IR_VERDICT_RETURN] = "return",
	[IR_VERDICT_JUMP] = "jump", [IR_VERDICT_GOTO] = "goto",
};

static void list(const struct expr *x, const char *sep, FILE *out)
{
	for (size_t i = 0; i < x->list.n; i++) {
		if (i)
			fputs(sep, out);
		ev_expr_text(x->list.v[i], out);
	}
}

static int by_sortkey(const void *a, const void *b)
{
	const struct expr *x = *(const struct expr *const *)a, *y = *(const struct expr *const *)b;

	return strcmp(x->sortkey, y->sortkey);
}

/* A set's elements as nft lists them: sorted by key once evaluation gave
 * each its key (stable: equal keys keep their order). */
static void set_elements(const struct expr *x, FILE *out)
{
	const struct expr **v = xmalloc((x->list.n + 1) * sizeof(*v));
	bool keyed = true;

	for (size_t i = 0; i < x->list.n; i++) {
		v[i] = x->list.v[i];
		keyed &= v[i]->sortkey != NULL;
	}
	if (keyed)
		for (size_t i = 1; i < x->list.n; i++)	/* insertion sort: stable */
			for (size_t k = i; k > 0 && by_sortkey(&v[k - 1], &v[k]) > 0; k--) {
				const struct expr *t = v[k];

				v[k] = v[k - 1];
				v[k - 1] = t;
			}
	for (size_t i = 0; i < x->list.n; i++) {
		fputs(i ? ", " : "", out);
		ev_expr_text(v[i], out);
	}
	free(v);
}

void ev_expr_text(const struct expr *x, FILE *out)
{
	if (x->canon)	/* evaluated: as nft lists the value */
		fputs(x->canon, out);
	else switch (x->kind) {
	case EXPR_SYMBOL: fputs(x->text, out); break;
	case EXPR_STRING: fprintf(out, "\"%s\"", x->text); break;
	case EXPR_VARIABLE: fprintf(out, "$%s", x->text); break;
	case EXPR_SET_REF: fprintf(out, "@%s", x->text); break;
	case EXPR_VALUE: fprintf(out, "%llu", (unsigned long long)x->value.lo); break;
	case EXPR_PREFIX:
		ev_expr_text(x->prefix.base, out);
		fprintf(out, "/%u", x->prefix.len);
		break;
	case EXPR_RANGE:
		ev_expr_text(x->range.lo, out);
		fputc('-', out);
		ev_expr_text(x->range.hi, out);
		break;
	case EXPR_MASKED:
		ev_expr_text(x->range.lo, out);
		fputs(x->range.hi->kind == EXPR_SYMBOL ? "/" : " / ", out);
		ev_expr_text(x->range.hi, out);
		break;
	case EXPR_SELECTOR:
		if (x->sel.kind == SEL_TCPOPT && !strcmp(x->sel.words[0], "@")) {
			fprintf(out, "tcp option @%s,%s,%s", x->sel.words[1], x->sel.words[2],
				x->sel.words[3]);
			break;
		}
		if (x->sel.kind == SEL_RAW) {
			fprintf(out, "@%s,%s,%s", x->sel.words[0], x->sel.words[1], x->sel.words[2]);
			break;
		}
		if (x->sel.kind == SEL_HASH) {	/* as nft's hash_expr_print, numgen_expr_print */
			fputs(x->sel.words[0], out);
			if (x->sel.nwords > 1)
				fprintf(out, " %s", x->sel.words[1]);
			if (x->sel.hkey) {
				fputc(' ', out);
				ev_expr_text(x->sel.hkey, out);
			}
			fprintf(out, " mod %u", x->sel.raw_base);
			if (x->sel.level == 1)
				fprintf(out, " seed 0x%x", x->sel.raw_len);
			if (x->sel.raw_offset)
				fprintf(out, " offset %u", x->sel.raw_offset);
			break;
		}
		for (int i = 0; i < x->sel.nwords; i++) {
			if (i == 2 && x->sel.kind == SEL_EXTHDR) {	/* srh sid[N] */
				fprintf(out, "[%s]", x->sel.words[i]);
				continue;
			}
			if (i)
				fputc(' ', out);
			/* `tcp option X` and `ip option X` lost the word `option` */
			if (i == 1 && (x->sel.kind == SEL_TCPOPT || x->sel.kind == SEL_IPOPT))
				fputs("option ", out);
			if (i == 1 && x->sel.kind == SEL_SCTPCHUNK)
				fputs("chunk ", out);
			fputs(x->sel.words[i], out);
		}
		if (x->sel.kind == SEL_SOCKET && x->sel.level >= 0)
			fprintf(out, " level %d", x->sel.level);
		break;
	case EXPR_BINOP: {
		bool paren = x->binop.right->kind == EXPR_BINOP;

		ev_expr_text(x->binop.left, out);
		fprintf(out, " %s %s", binops[x->binop.op], paren ? "(" : "");
		ev_expr_text(x->binop.right, out);
		fputs(paren ? ")" : "", out);
		break;
	}
	case EXPR_CONCAT: list(x, " . ", out); break;
	case EXPR_LIST: list(x, ",", out); break;
	case EXPR_SET:
		fputs("{ ", out);
		set_elements(x, out);
		fputs(" }", out);
		break;
	case EXPR_MAPPING:
		ev_expr_text(x->mapping.key, out);
		fputs(" : ", out);
		ev_expr_text(x->mapping.value, out);
		break;
	case EXPR_MAP:
		ev_expr_text(x->map.key, out);
		fputs(x->map.vmap ? " vmap " : " map ", out);
		ev_expr_text(x->map.set, out);
		break;
	case EXPR_VERDICT:
		fputs(verdicts[x->verdict.kind], out);
		if (x->verdict.chain)
			fprintf(out, " %s", x->verdict.chain);
		break;
	}
	/* an element's options, as nft lists them (expires is state) */
	if (x->elem && x->elem->counter)
		fprintf(out, " counter packets %s bytes %s",
			x->elem->packets ? x->elem->packets : "0",
			x->elem->bytes ? x->elem->bytes : "0");
	if (x->elem && x->elem->timeout) {
		fputs(" timeout ", out);
		time_text(x->elem->timeout, out);
	}
}

/* As nft lists it: `reject with icmp host-unreachable`, a code by its
 * name, no `type`. */
static void reject_text(const struct stmt *s, FILE *out)
{
	const char *p = s->reject.proto, *name = NULL;
	const struct datatype *dt = NULL;
	struct ir_val v;
	char err[64];

	fputs("reject", out);
	if (!p)
		return;
	if (!strcmp(p, "icmp"))
		dt = &dt_icmp_code;
	else if (!strcmp(p, "icmpv6"))
		dt = &dt_icmpv6_code;
	else if (!strcmp(p, "icmpx"))
		dt = &dt_icmpx_code;
	if (dt && dt_parse(dt, s->reject.code, &v, err, sizeof(err)))
		name = dt_symbol_name(dt, v.lo);
	fprintf(out, " with %s %s", p, name ? name : s->reject.code);
}

static void time_text(const char *w, FILE *out)
{
	uint64_t ms;

	if (ev_time_ms(w, &ms))
		ev_time_text(ms, out);
	else
		fputs(w, out);
}

/* `add @s { ip saddr timeout 1m counter }`, `meter m size 65535 { ... }`
 * (nft's older `set update KEY @s` lists as `update @s { KEY }`) */
static void dynset_text(const struct stmt *s, FILE *out)
{
	static const char *const ops[] = { "add", "update", "delete" };

	if (s->dynset.meter)
		fprintf(out, "meter %s size %s { ", s->dynset.set,
			s->dynset.size ? s->dynset.size : "65535");
	else
		fprintf(out, "%s @%s { ", ops[s->dynset.op], s->dynset.set);
	ev_expr_text(s->dynset.key, out);
	if (s->dynset.timeout) {
		fputs(" timeout ", out);
		time_text(s->dynset.timeout, out);
	}
	if (s->dynset.counter)
		fputs(" counter", out);
	if (s->dynset.limit) {
		fputc(' ', out);
		ev_state_text(s->dynset.limit, false, out);
	}
	fputs(" }", out);
}

static void stmt_text(const struct stmt *s, bool marks, FILE *out)
{
	switch (s->kind) {
	case STMT_MATCH:
		/* sysctl read / write print as the single word */
		if (s->match.left->kind == EXPR_SELECTOR && s->match.left->sel.kind == SEL_SYSCTL &&
		    s->match.left->sel.nwords == 2 &&
		    (!strcmp(s->match.left->sel.words[1], "read") ||
		     !strcmp(s->match.left->sel.words[1], "write"))) {
			fprintf(out, "sysctl %s", s->match.left->sel.words[1]);
			break;
		}
		ev_expr_text(s->match.left, out);
		fprintf(out, " %s", relops[s->match.relisted ? s->match.list_op : s->match.op]);
		ev_expr_text(s->match.right, out);
		break;
	case STMT_VMAP:
		ev_expr_text(s->vmap, out);
		break;
	case STMT_VERDICT:
		fputs(verdicts[s->verdict.kind], out);
		if (s->verdict.chain)
			fprintf(out, " %s", s->verdict.chain);
		break;
	case STMT_COUNTER:
		if (s->ref)
			fprintf(out, "counter name \"%s\"", s->ref);
		else
			fputs(marks ? "counter " EV_MARK_COUNTER : "counter", out);
		break;
	case STMT_LIMIT:
		if (s->ref)
			fprintf(out, "limit name \"%s\"", s->ref);
		else
			ev_state_text(s, false, out);
		break;
	case STMT_QUOTA:
		if (s->ref) {
			fprintf(out, "quota name \"%s\"", s->ref);
			break;
		}
		ev_state_text(s, false, out);
		fputs(marks ? EV_MARK_QUOTA : "", out);
		break;
	case STMT_SET:
		ev_expr_text(s->set.target, out);
		fputs(" set ", out);
		ev_expr_text(s->set.value, out);
		break;
	case STMT_COMMENT:
		fprintf(out, "comment \"%s\"", s->comment);
		break;
	case STMT_OTHER:
		fputs(s->other.keyword, out);
		break;
	case STMT_REJECT:
		reject_text(s, out);
		break;
	case STMT_LOG:
		ev_log_text(s, out);
		break;
	case STMT_DYNSET:
		dynset_text(s, out);
		break;
	}
}

/* Statements in order, comments last, as nft lists them (and as it
 * requires them). */
void ev_rule_text_to(const struct rule *r, bool marks, FILE *out)
{
	const char *sep = "";

	for (int comments = 0; comments < 2; comments++)
		for (size_t i = 0; i < r->nstmts; i++) {
			if ((r->stmts[i].kind == STMT_COMMENT) != comments ||
			    r->stmts[i].implied)
				continue;
			fputs(sep, out);
			stmt_text(&r->stmts[i], marks, out);
			sep = " ";
		}
}

/* One memory stream for every rule's text, rewound each time: a stream
 * per rule (an 8 KiB buffer each) was most of the front end's time at
 * 100k rules. */
char *ev_rule_text_marked(const struct rule *r, bool marks)
{
	static FILE *out;
	static char *buf;
	static size_t len;

	if (!out)
		out = open_memstream(&buf, &len);
	else
		rewind(out);
	if (!out)
		xalloc_fail();
	ev_rule_text_to(r, marks, out);
	fflush(out);
	/* a rewound stream keeps the longer text's tail: cut at the position */
	return xstrndup(buf, (size_t)ftello(out));
}

char *ev_rule_text(const struct rule *r)
{
	return ev_rule_text_marked(r, false);
}
