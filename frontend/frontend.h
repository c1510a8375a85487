/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The front end: nft-syntax text -> evaluated AST -> IR.  It owns every
 * user-visible diagnostic.  On any error it prints all of them, nft style
 * (`file:line:col-col: Error: msg`, the source line, a caret line), to `err`
 * and returns NULL.
 */
#ifndef CGNFT_FRONTEND_H
#define CGNFT_FRONTEND_H

#include <stdbool.h>
#include <stdio.h>

#include "ir/ir.h"

struct fe_source {
	const char *name;	/* file name used in diagnostics and origins */
	const char *text;	/* NUL-terminated contents */
};

struct fe_options {
	const char *const *include_dirs;	/* for `include "x"`; NULL-terminated, may be NULL */
	bool reject_as_drop;	/* `reject` runs as drop, with a warning
				 * (--reject-as-drop); else it is refused */
	bool no_warnings;	/* tables checked before, built again */
	bool json;		/* build ir_table.json too (-j listings) */
};

/* Several sources form one rule set (table names must be unique across them). */
struct ir_unit *fe_build(const struct fe_source *srcs, size_t nsrcs,
			 const struct fe_options *opts, FILE *err);

/* Convenience: read `path` ("-" is stdin) and build it. */
struct ir_unit *fe_build_file(const char *path, const struct fe_options *opts,
			      FILE *err);

#endif
