// SPDX-License-Identifier: GPL-2.0
/*
 * Reading sources: split into lines (kept for diagnostics), run the
 * scanner and parser, splice includes, then hand the tree to evaluation.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/eval.h"
#include "frontend/parse.h"

/* frontend/evaluate.h, whose names clash with eval.h's until the new front
 * end replaces the old one */
struct ir_unit *fe_evaluate(const struct tree *tree, struct fe_diag *d);
#include "frontend/frontend.h"
#include "frontend/lexctx.h"
#include "frontend/parse_build.h"
#include "ir/fileio.h"
#include "ir/xalloc.h"

typedef void *yyscan_t;
struct yy_buffer_state;
int cg_yylex_init_extra(struct fe_lexctx *extra, yyscan_t *scanner);
int cg_yylex_destroy(yyscan_t scanner);
struct yy_buffer_state *cg_yy_scan_string(const char *s, yyscan_t scanner);
int cg_yyparse(void *scanner, struct fe_lexctx *ctx);

#define MAX_INCLUDE_DEPTH 16

/* Everything diagnostics point into lives until the build ends. */
struct session {
	struct fe_diag diag;
	struct fe_file file;
	const struct fe_options *opts;
	char **keep;		/* file names and source lines */
	size_t nkeep;
	int depth;
	size_t bytes;		/* source text so far, all files: at most
				 * FILEIO_MAX_BYTES */
};

static char *keep(struct session *s, char *p)
{
	s->keep = xgrow(s->keep, s->nkeep, sizeof(char *));
	s->keep[s->nkeep++] = p;
	return p;
}

static void parse_source(struct session *s, const char *name, const char *text);

/* Open an include without blocking (a FIFO would wait for a writer). */
static int open_include(const char *path)
{
	return open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" :
	       S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" :
	       S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* The text of the file `path` names in an include of file `from`: found
 * next to it or in an -I directory, a regular file, within what is left
 * of the size limit.  NULL after reporting at loc; *name is its path. */
static char *read_include(struct session *s, const char *from, const char *path,
			  const struct fe_loc *loc, char **name)
{
	char *copy = xstrdup(from), *dir = dirname(copy), *full = NULL, *text;
	size_t left = FILEIO_MAX_BYTES - s->bytes, len;
	struct stat st;
	FILE *f;
	int fd = -1;

	if (path[0] == '/') {
		full = xstrdup(path);
		fd = open_include(full);
	} else {
		full = xasprintf("%s/%s", dir, path);
		fd = open_include(full);
		for (size_t i = 0; fd < 0 && s->opts && s->opts->include_dirs &&
				   s->opts->include_dirs[i]; i++) {
			free(full);
			full = xasprintf("%s/%s", s->opts->include_dirs[i], path);
			fd = open_include(full);
		}
	}
	free(copy);
	if (fd < 0) {
		fe_error(&s->diag, loc, "Could not process rule: cannot open include file \"%s\": %s",
			 path, strerror(errno));
		free(full);
		return NULL;
	}
	/* only regular files: a directory, FIFO or device (/dev/zero) is no
	 * rule file, and some never end */
	errno = 0;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		fe_error(&s->diag, loc, "Could not process rule: cannot read include file \"%s\": %s",
			 path, errno ? strerror(errno) : file_kind(st.st_mode));
		close(fd);
		free(full);
		return NULL;
	}
	f = fdopen(fd, "r");
	if (!f) {
		fe_error(&s->diag, loc, "Could not process rule: cannot read include file \"%s\": %s",
			 path, strerror(errno));
		close(fd);
		free(full);
		return NULL;
	}
	text = read_stream_max(f, left, &len);
	if (!text) {
		if (errno == EFBIG)
			fe_error(&s->diag, loc, "Could not process rule: include file \"%s\" is too large: the limit "
				 "is " FILEIO_MAX_TEXT " for a rule file with all it includes",
				 path);
		else
			fe_error(&s->diag, loc, "Could not process rule: cannot read include file \"%s\": %s",
				 path, strerror(errno));
		fclose(f);
		free(full);
		return NULL;
	}
	fclose(f);
	s->bytes += len;
	*name = keep(s, full);
	return keep(s, text);
}

static void do_include(struct fe_lexctx *c, const char *path,
		       const struct fe_loc *loc)
{
	struct session *s = c->owner;
	char *name, *text;

	if (s->depth >= MAX_INCLUDE_DEPTH) {
		fe_error(&s->diag, loc, "include nesting too deep (more than %d levels): "
			 "does the file include itself?", MAX_INCLUDE_DEPTH);
		return;
	}
	text = read_include(s, c->file, path, loc, &name);
	if (!text)
		return;
	s->depth++;
	parse_source(s, name, text);
	s->depth--;
}

/* The new front end's include (grammar/scanner.l reads the text in place). */
static bool new_include(void *owner, const char *from, const char *path,
			const struct fe_loc *loc, const char **name, const char **text)
{
	char *n = NULL;

	*text = read_include(owner, from, path, loc, &n);
	*name = n;
	return *text != NULL;
}


static void parse_source(struct session *s, const char *name, const char *text)
{
	struct fe_lexctx c = {
		.file = name, .diag = &s->diag, .out = &s->file,
		.include = do_include, .owner = s, .line = 1, .col = 1,
		.stmt_start = 1,
	};
	char *copy = keep(s, xstrdup(text)), *p = copy;
	yyscan_t scanner;

	/* the source lines, for the caret display */
	for (;;) {
		char *nl = strchr(p, '\n');

		c.lines = xgrow(c.lines, c.nlines, sizeof(char *));
		c.lines[c.nlines++] = p;
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	keep(s, (char *)c.lines);
	fe_build_start(&c);
	cg_yylex_init_extra(&c, &scanner);
	cg_yy_scan_string(text, scanner);
	cg_yyparse(scanner, &c);
	cg_yylex_destroy(scanner);
	fe_build_finish(&c);
}

static void file_free(struct fe_file *f)
{
	for (size_t i = 0; i < f->ntables; i++)
		fe_block_free(&f->tables[i]);
	free(f->tables);
	for (size_t i = 0; i < f->ndefines; i++) {
		free(f->defines[i].name.text);
		fe_line_free(&f->defines[i].value);
	}
	free(f->defines);
}

/* Issue 13's front end (grammar/parser.y, frontend/evaluate.c), chosen
 * with CGNFT_FRONTEND=new while it is built beside this one. */
static struct ir_unit *build_new(struct session *s, const struct fe_source *srcs,
				 size_t nsrcs)
{
	struct tree tree = { 0 };
	struct nft_scan scan = { .diag = &s->diag, .out = &tree, .include = new_include,
				 .owner = s };
	struct ir_unit *unit;

	for (size_t i = 0; i < nsrcs; i++)
		nft_parse(&scan, keep(s, xstrdup(srcs[i].name)), srcs[i].text);
	unit = fe_evaluate(&tree, &s->diag);
	tree_free(&tree);
	nft_parse_release(&scan);
	return unit;
}

struct ir_unit *fe_build(const struct fe_source *srcs, size_t nsrcs,
			 const struct fe_options *opts, FILE *err)
{
	struct session s = { .diag = { .out = err }, .opts = opts };
	struct ir_unit *unit = NULL;

	/* what includes may add: the limit less the given sources */
	for (size_t i = 0; i < nsrcs; i++) {
		size_t n = strlen(srcs[i].text);

		s.bytes = n > FILEIO_MAX_BYTES - s.bytes ? FILEIO_MAX_BYTES : s.bytes + n;
	}
	if (getenv("CGNFT_FRONTEND") && !strcmp(getenv("CGNFT_FRONTEND"), "new")) {
		unit = build_new(&s, srcs, nsrcs);
	} else {
		for (size_t i = 0; i < nsrcs; i++)
			parse_source(&s, keep(&s, xstrdup(srcs[i].name)), srcs[i].text);
		/* evaluate even after syntax errors: report everything in one run */
		unit = fe_eval(&s.file, &s.diag);
	}
	if (s.diag.nerrors && unit) {
		ir_unit_free(unit);
		unit = NULL;
	}
	file_free(&s.file);
	for (size_t i = 0; i < s.nkeep; i++)
		free(s.keep[i]);
	free(s.keep);
	return unit;
}

struct ir_unit *fe_build_file(const char *path, const struct fe_options *opts,
			      FILE *err)
{
	struct fe_source src = { .name = path };
	struct ir_unit *unit;
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	char *text;

	if (!f) {
		fprintf(err, "Error: Could not process rule: %s: %s\n", path,
			strerror(errno));
		return NULL;
	}
	/* stdin or a pipe too (asked for by name), but never more than the
	 * limit: /dev/zero ends here */
	text = read_stream(f);
	if (!text) {
		if (errno == EFBIG)
			fprintf(err, "Error: Could not process rule: %s: larger than "
				"the " FILEIO_MAX_TEXT " limit for rule files\n", path);
		else
			fprintf(err, "Error: Could not process rule: %s: %s\n", path,
				strerror(errno));
	}
	if (f != stdin)
		fclose(f);
	if (!text)
		return NULL;
	src.text = text;
	unit = fe_build(&src, 1, opts, err);
	free(text);
	return unit;
}
