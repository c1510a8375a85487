/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syntax tree the parser builds.  Structure (tables, sets, chains,
 * lines) comes from the bison grammar; a line keeps its tokens, and the
 * statement parser (frontend/stmt_*.c) gives them their nft meaning, so
 * every diagnostic can point at the exact words.
 */
#ifndef CGNFT_FRONTEND_AST_H
#define CGNFT_FRONTEND_AST_H

#include <stddef.h>

struct fe_loc {
	const char *file;	/* owned by the source list */
	int line, first_col, last_col;
	const char *line_text;	/* the whole source line, for the caret display */
};

enum fe_tok_kind {
	FE_TOK_WORD,		/* identifiers, numbers, addresses, ranges */
	FE_TOK_STRING,		/* "quoted", without the quotes */
	FE_TOK_PUNCT,		/* one of { } ( ) , : . / = ! < > & | @ $ - + *  or ==, !=, <=, >= */
};

struct fe_tok {
	enum fe_tok_kind kind;
	char *text;
	struct fe_loc loc;
};

struct fe_line {
	struct fe_tok *toks;
	size_t ntoks;
};

enum fe_block_kind { FE_BLOCK_TABLE, FE_BLOCK_CHAIN, FE_BLOCK_SET };

struct fe_block {
	enum fe_block_kind kind;
	struct fe_tok head[3];	/* table: family name; chain/set: name */
	int nhead;
	struct fe_loc loc;	/* the keyword */
	struct fe_line *lines;	/* statements inside */
	size_t nlines;
	struct fe_block *blocks;	/* tables: their chains and sets */
	size_t nblocks;
	int misplaced;		/* parsed for its errors, then dropped */
};

void fe_block_free(struct fe_block *b);

struct fe_define {
	struct fe_tok name;
	struct fe_line value;
};

/* A parsed file (includes already spliced in). */
struct fe_file {
	struct fe_block *tables;
	size_t ntables;
	struct fe_define *defines;
	size_t ndefines;
};

void fe_line_add(struct fe_line *l, const struct fe_tok *t);
void fe_line_free(struct fe_line *l);

#endif
