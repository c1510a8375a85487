// SPDX-License-Identifier: GPL-2.0
/*
 * Running the scanner and parser over a source: token positions (file,
 * line, column, the line's text for carets) and `include`, which reads
 * the named file in place of the directive, as nft does.  Reading files
 * (size limits, regular files only) is the caller's include function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/parse.h"
#include "ir/xalloc.h"

typedef void *yyscan_t;
struct yy_buffer_state;
int nft_yylex_init_extra(struct nft_scan *extra, yyscan_t *scanner);
int nft_yylex_destroy(yyscan_t scanner);
struct yy_buffer_state *nft_yy_create_buffer(FILE *f, int size, yyscan_t scanner);
void nft_yypush_buffer_state(struct yy_buffer_state *b, yyscan_t scanner);
void nft_yypop_buffer_state(yyscan_t scanner);
int nft_yyparse(void *scanner, struct nft_scan *s);

#define MAX_INCLUDE_DEPTH 16

char *nft_scan_strdup(struct nft_scan *s, const char *text)
{
	(void)s;
	return xstrdup(text);
}

char *nft_scan_strndup(struct nft_scan *s, const char *text, size_t n)
{
	(void)s;
	return xstrndup(text, n);
}

/* The lines of `text`, kept for the caret display of diagnostics. */
static char **split_lines(struct nft_scan *s, const char *text, int *n)
{
	char **lines = NULL;
	const char *p = text;

	*n = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		lines = xgrow(lines, (size_t)*n, sizeof(char *));
		lines[(*n)++] = xstrndup(p, len);
		p += len + (nl != NULL);
	}
	s->all_lines = xgrow(s->all_lines, s->nall, sizeof(char **));
	s->all_counts = xgrow(s->all_counts, s->nall, sizeof(int));
	s->all_counts[s->nall] = *n;
	s->all_lines[s->nall++] = lines;
	return lines;
}

static bool push(struct nft_scan *s, const char *name, const char *text)
{
	struct nft_scan_pos *p = &s->pos[s->depth];
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	if (!f)
		return false;
	memset(p, 0, sizeof(*p));
	p->file = name;
	p->lines = split_lines(s, text, &p->nlines);
	p->line = p->col = 1;
	p->stream = f;
	/* the whole text in one buffer: see YY_READ_BUF_SIZE in scanner.l */
	p->buffer = nft_yy_create_buffer(f, (int)strlen(text) + 2, s->scanner);
	nft_yypush_buffer_state(p->buffer, s->scanner);
	return true;
}

void nft_scan_advance(struct nft_scan *s, struct fe_loc *loc, int len)
{
	struct nft_scan_pos *p = &s->pos[s->depth];

	loc->file = p->file;
	loc->line = p->line;
	loc->first_col = p->col;
	loc->last_col = p->col + len - 1;
	loc->line_text = p->line <= p->nlines ? p->lines[p->line - 1] : "";
	p->col += len;
}

/* Nesting deeper than this is no rule file (nft's own grammar nests
 * three levels); it would only fill the parser's stack. */
#define MAX_BRACES 256

bool nft_scan_brace(struct nft_scan *s, const struct fe_loc *loc, int delta)
{
	s->braces += delta;
	if (s->braces <= MAX_BRACES)
		return true;
	fe_error(s->diag, loc, "too many levels of nesting: more than %d open braces",
		 MAX_BRACES);
	s->stopped = true;
	return false;
}

void nft_scan_newline(struct nft_scan *s)
{
	s->pos[s->depth].line++;
	s->pos[s->depth].col = 1;
}

void nft_scan_include(struct nft_scan *s, const char *path, const struct fe_loc *loc)
{
	const char *name, *text;

	if (s->depth + 1 > MAX_INCLUDE_DEPTH) {
		fe_error(s->diag, loc, "include nesting too deep (more than %d levels): "
			 "does the file include itself?", MAX_INCLUDE_DEPTH);
		return;
	}
	if (!s->include || !s->include(s->owner, s->pos[s->depth].file, path, loc,
				       &name, &text))
		return;
	s->depth++;
	if (!push(s, name, text)) {
		s->depth--;
		fe_error(s->diag, loc, "cannot read included file \"%s\"", path);
	}
}

bool nft_scan_pop(struct nft_scan *s)
{
	struct nft_scan_pos *p = &s->pos[s->depth];

	nft_yypop_buffer_state(s->scanner);
	fclose(p->stream);
	p->stream = NULL;
	if (s->depth == 0)
		return false;
	s->depth--;
	return true;
}

void nft_parse(struct nft_scan *s, const char *name, const char *text)
{
	yyscan_t scanner;

	nft_yylex_init_extra(s, &scanner);
	s->scanner = scanner;
	s->depth = 0;
	s->src_first = s->out->ntables;
	if (!push(s, name, text)) {
		fprintf(stderr, "cgnft: cannot scan %s\n", name);
		abort();
	}
	nft_yyparse(scanner, s);
	/* a syntax error may leave files open */
	while (s->pos[s->depth].stream && nft_scan_pop(s))
		;
	nft_yylex_destroy(scanner);
	s->scanner = NULL;
	/* blocks left open by a syntax error */
	while (s->nopen)
		block_free(s->open[--s->nopen]), free(s->open[s->nopen]);
	block_free(&s->junk);
	memset(&s->junk, 0, sizeof(s->junk));
	for (size_t i = 0; i < s->nwords; i++)
		free(s->words[i]);
	free(s->words);
	free(s->word_locs);
	s->words = NULL;
	s->word_locs = NULL;
	s->nwords = 0;
}

void nft_parse_release(struct nft_scan *s)
{
	for (size_t i = 0; i < s->nall; i++) {
		for (int k = 0; k < s->all_counts[i]; k++)
			free(s->all_lines[i][k]);
		free(s->all_lines[i]);
	}
	free(s->all_lines);
	free(s->all_counts);
	s->all_counts = NULL;
	s->all_lines = NULL;
	s->nall = 0;
}
