// SPDX-License-Identifier: GPL-2.0
/*
 * Building the tree while bison parses: a stack of open blocks (file,
 * table, chain/set); statements go to the innermost one.  Blocks in the
 * wrong place (a chain outside a table, a table in a table) are reported
 * here, at their keyword.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/parse_build.h"
#include "ir/xalloc.h"

#define GROW(arr, n) ((arr) = xgrow((arr), (n), sizeof(*(arr))))

void fe_line_add(struct fe_line *l, const struct fe_tok *t)
{
	GROW(l->toks, l->ntoks);
	l->toks[l->ntoks++] = *t;
}

void fe_line_free(struct fe_line *l)
{
	for (size_t i = 0; i < l->ntoks; i++)
		free(l->toks[i].text);
	free(l->toks);
	l->toks = NULL;
	l->ntoks = 0;
}

static struct fe_block *current(struct fe_lexctx *c)
{
	return c->stack[c->depth];
}

void fe_build_start(struct fe_lexctx *c)
{
	c->stack_cap = 8;
	c->stack = xmalloc(c->stack_cap * sizeof(*c->stack));
	c->stack[0] = &c->file_block;
	c->depth = 0;
}

/* The stack grows with the input: misplaced blocks nest without limit
 * (bison's own stack limit ends the parse first). */
void fe_build_push(struct fe_lexctx *c, struct fe_block *b)
{
	if (c->depth + 1 >= c->stack_cap) {
		c->stack_cap = c->stack_cap ? 2 * c->stack_cap : 8;
		c->stack = xrealloc(c->stack, c->stack_cap * sizeof(*c->stack));
	}
	c->stack[++c->depth] = b;
}

void fe_build_pending(struct fe_lexctx *c, struct fe_tok tok)
{
	fe_line_add(&c->pending, &tok);
}

void fe_build_discard(struct fe_lexctx *c)
{
	fe_line_free(&c->pending);
}

void fe_build_line(struct fe_lexctx *c)
{
	struct fe_block *b = current(c);

	if (!c->pending.ntoks)
		return;
	if (c->depth == 0) {
		fe_error(c->diag, &c->pending.toks[0].loc,
			 "statement outside a table: rules belong in a chain "
			 "of a `table cgroup NAME { ... }`");
		fe_line_free(&c->pending);
		return;
	}
	GROW(b->lines, b->nlines);
	b->lines[b->nlines++] = c->pending;
	memset(&c->pending, 0, sizeof(c->pending));
}

void fe_build_define(struct fe_lexctx *c, const struct fe_tok *name)
{
	struct fe_file *f = c->out;

	GROW(f->defines, f->ndefines);
	f->defines[f->ndefines].name = *name;
	f->defines[f->ndefines].value = c->pending;
	f->ndefines++;
	memset(&c->pending, 0, sizeof(c->pending));
}

void fe_build_include(struct fe_lexctx *c, const char *path,
		      const struct fe_loc *loc)
{
	if (c->depth != 0) {
		fe_error(c->diag, loc, "include is only allowed at the top level");
		return;
	}
	c->include(c, path, loc);
}

static const char *const kind_names[] = {
	[FE_BLOCK_TABLE] = "table", [FE_BLOCK_CHAIN] = "chain",
	[FE_BLOCK_SET] = "set",
};

void fe_build_open(struct fe_lexctx *c, enum fe_block_kind kind,
		   struct fe_line *names, const struct fe_loc *loc)
{
	struct fe_block *b = xzalloc(sizeof(*b));
	bool ok = kind == FE_BLOCK_TABLE ? c->depth == 0 : c->depth == 1;
	size_t want = kind == FE_BLOCK_TABLE ? 2 : 1;

	b->kind = kind;
	b->loc = *loc;
	if (!ok)
		fe_error(c->diag, loc, "a %s cannot be declared here%s",
			 kind_names[kind], kind == FE_BLOCK_TABLE ?
			 ": tables are top-level blocks" :
			 ": chains and sets belong directly in a table");
	else if (names->ntoks != want)
		fe_error(c->diag, &names->toks[names->ntoks - 1].loc,
			 kind == FE_BLOCK_TABLE ?
			 "expected `table cgroup NAME {`" :
			 "expected `%s NAME {`", kind_names[kind]);
	for (size_t i = 0; i < names->ntoks && i < 3; i++)
		b->head[b->nhead++] = names->toks[i];
	for (size_t i = 3; i < names->ntoks; i++)
		free(names->toks[i].text);
	free(names->toks);
	names->toks = NULL;	/* taken: the grammar's destructor sees none */
	names->ntoks = 0;
	/* a misplaced block is still parsed (for more errors), then dropped */
	b->misplaced = !ok;
	fe_build_push(c, b);
}

void fe_block_free(struct fe_block *b)
{
	for (size_t i = 0; i < b->nlines; i++)
		fe_line_free(&b->lines[i]);
	free(b->lines);
	for (int i = 0; i < b->nhead; i++)
		free(b->head[i].text);
	for (size_t i = 0; i < b->nblocks; i++)
		fe_block_free(&b->blocks[i]);
	free(b->blocks);
}

void fe_build_close(struct fe_lexctx *c)
{
	struct fe_block *b, *parent;
	bool drop;

	/* the grammar closes only what it opened; never pop the file level */
	if (c->depth <= 0)
		return;
	b = current(c);
	drop = b->misplaced;
	c->depth--;
	parent = current(c);
	if (drop) {
		fe_block_free(b);
	} else if (c->depth == 0) {
		GROW(c->out->tables, c->out->ntables);
		c->out->tables[c->out->ntables++] = *b;
	} else {
		GROW(parent->blocks, parent->nblocks);
		parent->blocks[parent->nblocks++] = *b;
	}
	free(b);
}

void fe_build_finish(struct fe_lexctx *c)
{
	fe_line_free(&c->pending);
	/* a block left open by a syntax error: drop what was read */
	while (c->depth > 0) {
		struct fe_block *b = c->stack[c->depth--];

		fe_block_free(b);
		free(b);
	}
	free(c->stack);
	c->stack = NULL;
	c->stack_cap = 0;
}
