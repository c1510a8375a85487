// SPDX-License-Identifier: GPL-2.0
/* The syntax tree: making, freeing and printing (`--emit tree`). */
#include <stdlib.h>
#include <string.h>

#include "frontend/tree.h"
#include "ir/xalloc.h"

struct expr *expr_new(enum expr_kind kind, const struct fe_loc *loc)
{
	struct expr *e = xzalloc(sizeof(*e));

	e->kind = kind;
	e->loc = *loc;
	return e;
}

struct expr *expr_symbol(enum expr_kind kind, char *text, const struct fe_loc *loc)
{
	struct expr *e = expr_new(kind, loc);

	e->text = text;
	return e;
}

struct expr *expr_list_add(struct expr *list, struct expr *e)
{
	list->list.v = xgrow(list->list.v, list->list.n, sizeof(*list->list.v));
	list->list.v[list->list.n++] = e;
	return list;
}

void elem_opts_free(struct elem_opts *o)
{
	if (!o)
		return;
	free(o->timeout);
	free(o->expires);
	free(o->packets);
	free(o->bytes);
	free(o);
}

void expr_free(struct expr *e)
{
	if (!e)
		return;
	elem_opts_free(e->elem);
	free(e->canon);
	free(e->sortkey);
	switch (e->kind) {
	case EXPR_SYMBOL:
	case EXPR_STRING:
	case EXPR_VARIABLE:
	case EXPR_SET_REF:
		free(e->text);
		break;
	case EXPR_VALUE:
		break;
	case EXPR_PREFIX:
		expr_free(e->prefix.base);
		break;
	case EXPR_RANGE:
	case EXPR_MASKED:
		expr_free(e->range.lo);
		expr_free(e->range.hi);
		break;
	case EXPR_SELECTOR:
		for (int i = 0; i < e->sel.nwords; i++)
			free(e->sel.words[i]);
		if (e->sel.kind == SEL_HASH)
			expr_free(e->sel.hkey);
		break;
	case EXPR_BINOP:
		expr_free(e->binop.left);
		expr_free(e->binop.right);
		break;
	case EXPR_CONCAT:
	case EXPR_LIST:
	case EXPR_SET:
		for (size_t i = 0; i < e->list.n; i++)
			expr_free(e->list.v[i]);
		free(e->list.v);
		break;
	case EXPR_MAPPING:
		expr_free(e->mapping.key);
		expr_free(e->mapping.value);
		break;
	case EXPR_MAP:
		expr_free(e->map.key);
		expr_free(e->map.set);
		break;
	case EXPR_VERDICT:
		free(e->verdict.chain);
		break;
	}
	free(e);
}

void stmt_free(struct stmt *s)
{
	if (!s)
		return;
	free(s->ref);
	switch (s->kind) {
	case STMT_MATCH:
		expr_free(s->match.left);
		expr_free(s->match.right);
		break;
	case STMT_VMAP:
		expr_free(s->vmap);
		break;
	case STMT_VERDICT:
		free(s->verdict.chain);
		break;
	case STMT_SET:
		expr_free(s->set.target);
		expr_free(s->set.value);
		break;
	case STMT_COMMENT:
		free(s->comment);
		break;
	case STMT_OTHER:
		free(s->other.keyword);
		break;
	case STMT_DYNSET:
		free(s->dynset.set);
		expr_free(s->dynset.key);
		free(s->dynset.timeout);
		free(s->dynset.size);
		free(s->dynset.bad_opt);
		stmt_free(s->dynset.limit);
		break;
	case STMT_LOG:
		for (int i = 0; i < LOG_OPTS; i++)
			free(s->log.opt[i]);
		for (size_t i = 0; i < s->log.nflags; i++) {
			free(s->log.flags[i].proto);
			free(s->log.flags[i].word);
		}
		free(s->log.flags);
		free(s->log.bad);
		break;
	case STMT_REJECT:
		free(s->reject.proto);
		free(s->reject.code);
		break;
	case STMT_COUNTER:
		break;
	case STMT_LIMIT:
	case STMT_QUOTA:
		for (int i = 0; i < 2; i++) {
			struct quantity *q = i ? &s->state.extra : &s->state.amount;

			free(q->num);
			free(q->unit);
			free(q->per);
		}
		break;
	}
	free(s);
}

static void stmt_clear(struct stmt *s)
{
	struct stmt *copy = xmalloc(sizeof(*copy));

	*copy = *s;
	stmt_free(copy);
}

void rule_free(struct rule *r)
{
	for (size_t i = 0; i < r->nstmts; i++)
		stmt_clear(&r->stmts[i]);
	free(r->stmts);
	r->stmts = NULL;
	r->nstmts = 0;
}

static void decl_free(struct decl *d)
{
	for (int i = 0; i < 4; i++)
		free(d->words[i]);
	for (size_t i = 0; i < d->nnames; i++)
		free(d->names[i]);
	free(d->names);
	free(d->name_locs);
	expr_free(d->expr);
}

void block_free(struct block *b)
{
	free(b->family);
	free(b->name);
	for (size_t i = 0; i < b->ndecls; i++)
		decl_free(&b->decls[i]);
	free(b->decls);
	for (size_t i = 0; i < b->nrules; i++)
		rule_free(&b->rules[i]);
	free(b->rules);
	for (size_t i = 0; i < b->nblocks; i++)
		block_free(&b->blocks[i]);
	free(b->blocks);
	for (size_t i = 0; i < b->nobjs; i++) {
		free(b->objs[i].name);
		stmt_free(b->objs[i].spec);
	}
	free(b->objs);
	for (size_t i = 0; i < b->ncgroups; i++)
		free(b->cgroups[i]);
	free(b->cgroups);
	free(b->cgroup_locs);
}

void tree_free(struct tree *t)
{
	for (size_t i = 0; i < t->ntables; i++)
		block_free(&t->tables[i]);
	free(t->tables);
	for (size_t i = 0; i < t->ndefines; i++) {
		free(t->defines[i].name);
		expr_free(t->defines[i].value);
	}
	free(t->defines);
	for (size_t i = 0; i < t->ncommands; i++) {
		free(t->commands[i].family);
		free(t->commands[i].name);
	}
	free(t->commands);
	memset(t, 0, sizeof(*t));
}

/* ---- printing ---- */

static const char *const binop_names[] = { "&", "|", "^", "<<", ">>" };
static const char *const relop_names[] = { "implicit", "==", "!=", "<", ">", "<=", ">=", "!" };
static const char *const verdict_names[] = {
	[IR_VERDICT_ACCEPT] = "accept", [IR_VERDICT_DROP] = "drop",
	[IR_VERDICT_CONTINUE] = "continue", [IR_VERDICT_RETURN] = "return",
	[IR_VERDICT_JUMP] = "jump", [IR_VERDICT_GOTO] = "goto",
};
static const char *const sel_names[] = {
	[SEL_PAYLOAD] = "payload", [SEL_RAW] = "raw", [SEL_EXTHDR] = "exthdr",
	[SEL_TCPOPT] = "tcpopt", [SEL_SCTPCHUNK] = "sctpchunk", [SEL_IPOPT] = "ipopt",
	[SEL_META] = "meta",
	[SEL_SOCKET] = "socket", [SEL_CT] = "ct", [SEL_SYSCTL] = "sysctl",
	[SEL_HASH] = "hash", [SEL_OTHER] = "other",
};

static void print_list(const struct expr *e, FILE *out)
{
	for (size_t i = 0; i < e->list.n; i++) {
		fputc(' ', out);
		expr_print(e->list.v[i], out);
	}
}

void expr_print(const struct expr *e, FILE *out)
{
	switch (e->kind) {
	case EXPR_SYMBOL: fprintf(out, "%s", e->text); break;
	case EXPR_STRING: fprintf(out, "\"%s\"", e->text); break;
	case EXPR_VARIABLE: fprintf(out, "$%s", e->text); break;
	case EXPR_SET_REF: fprintf(out, "@%s", e->text); break;
	case EXPR_VALUE:
		if (e->value.hi)
			fprintf(out, "(value 0x%llx%016llx)", (unsigned long long)e->value.hi,
				(unsigned long long)e->value.lo);
		else
			fprintf(out, "(value 0x%llx)", (unsigned long long)e->value.lo);
		break;
	case EXPR_PREFIX:
		fputs("(prefix ", out);
		expr_print(e->prefix.base, out);
		fprintf(out, " %u)", e->prefix.len);
		break;
	case EXPR_RANGE:
	case EXPR_MASKED:
		fputs(e->kind == EXPR_RANGE ? "(range " : "(masked ", out);
		expr_print(e->range.lo, out);
		fputc(' ', out);
		expr_print(e->range.hi, out);
		fputc(')', out);
		break;
	case EXPR_SELECTOR:
		fprintf(out, "(%s", sel_names[e->sel.kind]);
		for (int i = 0; i < e->sel.nwords; i++)
			fprintf(out, " %s", e->sel.words[i]);
		if (e->sel.kind == SEL_RAW)
			fprintf(out, " %u %u %u", e->sel.raw_base, e->sel.raw_offset,
				e->sel.raw_len);
		if (e->sel.level >= 0 && e->sel.kind == SEL_SOCKET)
			fprintf(out, " level %d", e->sel.level);
		if (e->sel.kind == SEL_HASH) {
			if (e->sel.hkey) {
				fputc(' ', out);
				expr_print(e->sel.hkey, out);
			}
			fprintf(out, " mod %u offset %u", e->sel.raw_base, e->sel.raw_offset);
			if (e->sel.level == 1)
				fprintf(out, " seed %u", e->sel.raw_len);
		}
		fputc(')', out);
		break;
	case EXPR_BINOP:
		fprintf(out, "(%s ", binop_names[e->binop.op]);
		expr_print(e->binop.left, out);
		fputc(' ', out);
		expr_print(e->binop.right, out);
		fputc(')', out);
		break;
	case EXPR_CONCAT:
	case EXPR_LIST:
	case EXPR_SET:
		fputs(e->kind == EXPR_CONCAT ? "(concat" : e->kind == EXPR_LIST ?
		      "(list" : "(set", out);
		print_list(e, out);
		fputc(')', out);
		break;
	case EXPR_MAPPING:
		fputs("(: ", out);
		expr_print(e->mapping.key, out);
		fputc(' ', out);
		expr_print(e->mapping.value, out);
		fputc(')', out);
		break;
	case EXPR_MAP:
		fprintf(out, "(%s ", e->map.vmap ? "vmap" : "map");
		expr_print(e->map.key, out);
		fputc(' ', out);
		expr_print(e->map.set, out);
		fputc(')', out);
		break;
	case EXPR_VERDICT:
		fprintf(out, "%s%s%s", verdict_names[e->verdict.kind],
			e->verdict.chain ? " " : "", e->verdict.chain ? e->verdict.chain : "");
		break;
	}
	if (e->elem)
		fputs("+opts", out);
}

static void stmt_print(const struct stmt *s, FILE *out)
{
	switch (s->kind) {
	case STMT_MATCH:
		fprintf(out, "(match %s ", relop_names[s->match.op]);
		expr_print(s->match.left, out);
		fputc(' ', out);
		expr_print(s->match.right, out);
		fputc(')', out);
		break;
	case STMT_VMAP:
		expr_print(s->vmap, out);
		break;
	case STMT_VERDICT:
		fprintf(out, "(%s%s%s)", verdict_names[s->verdict.kind],
			s->verdict.chain ? " " : "", s->verdict.chain ? s->verdict.chain : "");
		break;
	case STMT_LIMIT:
	case STMT_QUOTA:
		fprintf(out, "(%s%s", s->kind == STMT_LIMIT ? "limit" : "quota",
			s->state.over ? " over" : "");
		if (s->ref)
			fprintf(out, " name %s", s->ref);
		for (int i = 0; i < 2 && !s->ref; i++) {
			const struct quantity *q = i ? &s->state.extra : &s->state.amount;

			if (q->num)
				fprintf(out, " %s%s%s%s%s", q->num, q->unit ? " " : "",
					q->unit ? q->unit : "", q->per ? "/" : "", q->per ? q->per : "");
		}
		fputc(')', out);
		break;
	case STMT_COUNTER:
		if (s->ref)
			fprintf(out, "(counter name %s)", s->ref);
		else if (s->counter.has_values)
			fprintf(out, "(counter %llu %llu)", s->counter.packets, s->counter.bytes);
		else
			fputs("(counter)", out);
		break;
	case STMT_SET:
		fputs("(set ", out);
		expr_print(s->set.target, out);
		fputc(' ', out);
		expr_print(s->set.value, out);
		fputc(')', out);
		break;
	case STMT_COMMENT:
		fprintf(out, "(comment \"%s\")", s->comment);
		break;
	case STMT_OTHER:
		fprintf(out, "(other %s)", s->other.keyword);
		break;
	case STMT_DYNSET:
		fprintf(out, "(%s%s @%s ", s->dynset.meter ? "meter " : "",
			(const char *[]){ "add", "update", "delete" }[s->dynset.op], s->dynset.set);
		expr_print(s->dynset.key, out);
		if (s->dynset.timeout)
			fprintf(out, " timeout %s", s->dynset.timeout);
		if (s->dynset.counter)
			fputs(" counter", out);
		if (s->dynset.limit)
			fputs(" limit", out);
		fputc(')', out);
		break;
	case STMT_LOG:
		fputs("(log", out);
		for (int i = 0; i < LOG_OPTS; i++)
			if (s->log.opt[i])
				fprintf(out, " %s %s", (const char *[]){ "prefix", "level", "group",
					"snaplen", "queue-threshold" }[i], s->log.opt[i]);
		for (size_t i = 0; i < s->log.nflags; i++)
			fprintf(out, " flag %s%s%s", s->log.flags[i].proto ? s->log.flags[i].proto : "",
				s->log.flags[i].proto ? " " : "", s->log.flags[i].word);
		fputc(')', out);
		break;
	case STMT_REJECT:
		if (s->reject.proto)
			fprintf(out, "(reject %s %s)", s->reject.proto, s->reject.code);
		else
			fputs("(reject)", out);
		break;
	}
}

static void block_print(const struct block *b, FILE *out, const char *indent)
{
	static const char *const kinds[] = { "table", "chain", "set", "map" };

	if (b->declared_only) {
		fprintf(out, "%stable %s%s%s\n", indent, b->family ? b->family : "",
			b->family ? " " : "", b->name);
		return;
	}

	fprintf(out, "%s%s%s%s %s {\n", indent, kinds[b->kind], b->family ? " " : "",
		b->family ? b->family : "", b->name);
	for (size_t i = 0; i < b->ncgroups; i++)
		fprintf(out, "%s\tcgroup \"%s\"\n", indent, b->cgroups[i]);
	for (size_t i = 0; i < b->nobjs; i++) {
		fprintf(out, "%s\tobject %s ", indent, b->objs[i].name);
		stmt_print(b->objs[i].spec, out);
		fputc('\n', out);
	}
	for (size_t i = 0; i < b->ndecls; i++) {
		const struct decl *d = &b->decls[i];

		fprintf(out, "%s\t(decl %d", indent, d->kind);
		for (int k = 0; k < 4; k++)
			if (d->words[k])
				fprintf(out, " %s", d->words[k]);
		for (size_t k = 0; k < d->nnames; k++)
			fprintf(out, " %s", d->names[k]);
		if (d->kind == DECL_HOOK)
			fprintf(out, " %ld", d->priority);
		if (d->expr) {
			fputc(' ', out);
			expr_print(d->expr, out);
		}
		fputs(")\n", out);
	}
	for (size_t i = 0; i < b->nrules; i++) {
		fprintf(out, "%s\t%d:", indent, b->rules[i].loc.line);
		for (size_t k = 0; k < b->rules[i].nstmts; k++) {
			fputc(' ', out);
			stmt_print(&b->rules[i].stmts[k], out);
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < b->nblocks; i++)
		block_print(&b->blocks[i], out, "\t");
	fprintf(out, "%s}\n", indent);
}

void tree_print(const struct tree *t, FILE *out)
{
	for (size_t i = 0; i < t->ndefines; i++) {
		fprintf(out, "define %s = ", t->defines[i].name);
		expr_print(t->defines[i].value, out);
		fputc('\n', out);
	}
	for (size_t i = 0, c = 0; i <= t->ntables; i++) {
		for (; c < t->ncommands && t->commands[c].at == i; c++) {
			const struct command *k = &t->commands[c];

			if (k->kind == CMD_FLUSH_RULESET)
				fputs("flush ruleset\n", out);
			else
				fprintf(out, "%s table %s %s\n", k->kind == CMD_DELETE_TABLE ?
					"delete" : "destroy", k->family ? k->family : "-", k->name);
		}
		if (i < t->ntables)
			block_print(&t->tables[i], out, "");
	}
}
