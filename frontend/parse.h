/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared by the scanner (grammar/scanner.l) and the parser
 * (grammar/parser.y) while they read one source and the files it
 * includes: where each token is, for diagnostics, and the tree built.
 */
#ifndef CGNFT_FRONTEND_PARSE_H
#define CGNFT_FRONTEND_PARSE_H

#include <stddef.h>

#include "frontend/diag.h"
#include "frontend/tree.h"

/* Reads the file an `include` names (relative to the including file):
 * fills *name and *text (owned by the caller of nft_parse) or reports an
 * error at loc and returns false. */
typedef bool (*nft_include_fn)(void *owner, const char *from, const char *path,
			       const struct fe_loc *loc, const char **name,
			       const char **text);

struct nft_scan_pos {
	const char *file;	/* owned by the caller of nft_parse */
	char **lines;		/* the file's lines, for carets */
	int nlines;
	int line, col;
	void *buffer;		/* the flex buffer of an included file */
	void *stream;
};

struct nft_scan {
	struct fe_diag *diag;
	struct tree *out;
	void *scanner;
	struct nft_scan_pos pos[17];	/* [0] the source, then includes */
	int depth;
	int braces;		/* open now */
	bool stopped;		/* input ended early: no follow-up errors */
	nft_include_fn include;
	void *owner;
	char ***all_lines;	/* every file's lines, freed by nft_parse_release */
	int *all_counts;
	size_t nall;
	/* tree building (frontend/parse_tree.c) */
	struct block *open[2];	/* the table, and a chain or set in it */
	struct block junk;	/* declarations whose block a syntax error lost */
	int nopen;
	char **words;		/* of the set declaration line being read */
	struct fe_loc *word_locs;
	size_t nwords;
	size_t src_first;	/* out->ntables when this source began */
};

/* Parse `text` (the file `name`) into `out`; errors go to `diag`.  The
 * line texts the tree's locations point to live until
 * nft_parse_release(s). */
void nft_parse(struct nft_scan *s, const char *name, const char *text);
void nft_parse_release(struct nft_scan *s);

/* For the scanner and parser. */
int nft_keyword(const char *word);
char *nft_scan_strdup(struct nft_scan *s, const char *text);
char *nft_scan_strndup(struct nft_scan *s, const char *text, size_t n);
void nft_scan_newline(struct nft_scan *s);
void nft_scan_advance(struct nft_scan *s, struct fe_loc *loc, int len);
/* A brace opens (+1) or closes (-1); false past the nesting limit, after
 * reporting it: the scanner then ends the input. */
bool nft_scan_brace(struct nft_scan *s, const struct fe_loc *loc, int delta);
const char *nft_keyword_word(int token);
void nft_scan_include(struct nft_scan *s, const char *path, const struct fe_loc *loc);
/* At the end of an included file: back to the includer (true), or the end
 * of the source (false). */
bool nft_scan_pop(struct nft_scan *s);

#endif
