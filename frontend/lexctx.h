/* SPDX-License-Identifier: GPL-2.0 */
/* State shared by the scanner and the parser while reading one file. */
#ifndef CGNFT_FRONTEND_LEXCTX_H
#define CGNFT_FRONTEND_LEXCTX_H

#include "frontend/ast.h"
#include "frontend/diag.h"

struct fe_lexctx {
	const char *file;
	char **lines;		/* source lines, for diagnostics */
	int nlines;
	int line, col;
	int stmt_start;
	struct fe_diag *diag;
	struct fe_file *out;
	/* include handling: the parser asks its owner to read the file */
	void (*include)(struct fe_lexctx *c, const char *path,
			const struct fe_loc *loc);
	void *owner;
	/* tree building (frontend/parse_build.c) */
	struct fe_line pending;		/* tokens of the statement being read */
	struct fe_block **stack;	/* open blocks; [0] is the file level */
	int depth;			/* index of the innermost open block */
	int stack_cap;			/* grows with any nesting (misplaced
					 * blocks nest as deep as the input) */
	int braces;			/* '{' not yet closed, counted by the
					 * scanner (FE_MAX_NESTING) */
	int stop;			/* the scanner gave up: no more tokens,
					 * no more syntax errors */
	struct fe_block file_block;	/* top level: tables and stray lines */
};

/* Braces open at once (blocks, and sets in rules).  Real rule files use a
 * handful; past the limit the scanner reports it and stops, well before
 * bison's stack (YYMAXDEPTH) is full. */
#define FE_MAX_NESTING 256

/* Parse `text` as file `name` into c->out; errors go to c->diag. */
void fe_parse_text(struct fe_lexctx *c, const char *text);

#endif
