/* SPDX-License-Identifier: GPL-2.0 */
/* Tree building actions called by the bison grammar. */
#ifndef CGNFT_FRONTEND_PARSE_BUILD_H
#define CGNFT_FRONTEND_PARSE_BUILD_H

#include "frontend/lexctx.h"

void fe_build_pending(struct fe_lexctx *c, struct fe_tok tok);
void fe_build_line(struct fe_lexctx *c);
void fe_build_discard(struct fe_lexctx *c);
void fe_build_define(struct fe_lexctx *c, const struct fe_tok *name);
void fe_build_include(struct fe_lexctx *c, const char *path,
		      const struct fe_loc *loc);
void fe_build_open(struct fe_lexctx *c, enum fe_block_kind kind,
		   struct fe_line *names, const struct fe_loc *loc);
void fe_build_close(struct fe_lexctx *c);
/* Before parsing: the stack holds the file level (depth 0). */
void fe_build_start(struct fe_lexctx *c);
/* Open one more block. */
void fe_build_push(struct fe_lexctx *c, struct fe_block *b);
/* Free every block still open (a syntax error left them) and the stack. */
void fe_build_finish(struct fe_lexctx *c);

#endif
