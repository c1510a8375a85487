// SPDX-License-Identifier: GPL-2.0
/*
 * Reading sources: the files named (within the size limit), the files
 * they include (regular files only, within what is left of it), then
 * parse (frontend/parse.c) and evaluate (frontend/evaluate.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/evaluate.h"
#include "frontend/frontend.h"
#include "frontend/parse.h"
#include "ir/fileio.h"
#include "ir/xalloc.h"

/* Everything diagnostics point into lives until the build ends. */
struct session {
	struct fe_diag diag;
	const struct fe_options *opts;
	char **keep;		/* file names and texts */
	size_t nkeep;
	size_t bytes;		/* source text so far, all files: at most
				 * FILEIO_MAX_BYTES */
};

static char *keep(struct session *s, char *p)
{
	s->keep = xgrow(s->keep, s->nkeep, sizeof(char *));
	s->keep[s->nkeep++] = p;
	return p;
}

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
	if (fileio_check_owner(fd, full)) {
		fe_error(&s->diag, loc, "Could not process rule: include file \"%s\": %s",
			 path, fileio_strerror(EPERM));
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

/* `include`: grammar/scanner.l reads the text in place. */
static bool new_include(void *owner, const char *from, const char *path,
			const struct fe_loc *loc, const char **name, const char **text)
{
	char *n = NULL;

	*text = read_include(owner, from, path, loc, &n);
	*name = n;
	return *text != NULL;
}


/* Parse every source into one tree (errors reported, parsing goes on), then
 * evaluate it: everything wrong is reported in one run. */
static struct ir_unit *build(struct session *s, const struct fe_source *srcs,
			     size_t nsrcs)
{
	struct tree tree = { 0 };
	struct nft_scan scan = { .diag = &s->diag, .out = &tree, .include = new_include,
				 .owner = s };
	struct ir_unit *unit;

	for (size_t i = 0; i < nsrcs; i++)
		nft_parse(&scan, keep(s, xstrdup(srcs[i].name)), srcs[i].text);
	unit = fe_evaluate(&tree, &s->diag, s->opts && s->opts->reject_as_drop,
			   s->opts && s->opts->json);
	tree_free(&tree);
	nft_parse_release(&scan);
	return unit;
}

struct ir_unit *fe_build(const struct fe_source *srcs, size_t nsrcs,
			 const struct fe_options *opts, FILE *err)
{
	struct session s = { .diag = { .out = err, .no_warnings = opts && opts->no_warnings },
			     .opts = opts };
	struct ir_unit *unit = NULL;

	/* what includes may add: the limit less the given sources */
	for (size_t i = 0; i < nsrcs; i++) {
		size_t n = strlen(srcs[i].text);

		s.bytes = n > FILEIO_MAX_BYTES - s.bytes ? FILEIO_MAX_BYTES : s.bytes + n;
	}
	unit = build(&s, srcs, nsrcs);
	if (s.diag.nerrors && unit) {
		ir_unit_free(unit);
		unit = NULL;
	}
	for (size_t i = 0; i < s.nkeep; i++)
		free(s.keep[i]);
	free(s.keep);
	return unit;
}

struct ir_unit *fe_build_file(const char *path, const struct fe_options *opts,
			      FILE *err)
{
	/* stdin or a pipe too (asked for by name), but never more than the
	 * limit: /dev/zero ends here */
	char *text = read_path(path);
	struct fe_source src = { .name = path, .text = text };
	struct ir_unit *unit;

	if (!text) {
		fprintf(err, "Error: Could not process rule: %s: %s\n", path,
			fileio_strerror(errno));
		return NULL;
	}
	unit = fe_build(&src, 1, opts, err);
	free(text);
	return unit;
}
