// SPDX-License-Identifier: GPL-2.0
/* nft-style error messages with the source line and a caret line. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/diag.h"
#include "ir/xalloc.h"

/*
 * The caret line under loc's source line: ^ under loc, ~ under `also`.
 * As nft does, `also` is marked by its columns even when it is on another
 * line, and ^ wins where the two meet.  Tabs are kept so the marks line
 * up under the words.
 */
static void marks(FILE *out, const struct fe_loc *loc, const struct fe_loc *also)
{
	int last = loc->last_col, text_len = (int)strlen(loc->line_text);

	char *line;

	if (also && also->last_col > last)
		last = also->last_col;
	if (last < 0)
		last = 0;
	/* built whole and written once: stderr is unbuffered, and a caret
	 * line under a 100 MB line must not be 100M writes */
	line = xmalloc((size_t)last + 2);
	for (int i = 1; i <= last; i++) {
		char c = ' ';

		if (i >= loc->first_col && i <= loc->last_col)
			c = '^';
		else if (also && i >= also->first_col && i <= also->last_col)
			c = '~';
		else if (i <= text_len && loc->line_text[i - 1] == '\t')
			c = '\t';
		line[i - 1] = c;
	}
	line[last] = '\n';
	fwrite(line, 1, (size_t)last + 1, out);
	free(line);
}

static void vreport(struct fe_diag *d, const char *what, const struct fe_loc *loc,
		    const struct fe_loc *also, const char *fmt, va_list ap)
{
	if (d->quiet)
		return;
	if (loc && loc->file)
		fprintf(d->out, "%s:%d:%d-%d: ", loc->file, loc->line,
			loc->first_col, loc->last_col);
	fputs(what, d->out);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	if (!loc || !loc->line_text)
		return;
	fprintf(d->out, "%s\n", loc->line_text);
	marks(d->out, loc, also);
}

static void verror(struct fe_diag *d, const struct fe_loc *loc,
		   const struct fe_loc *also, const char *fmt, va_list ap)
{
	d->nerrors++;
	vreport(d, "Error: ", loc, also, fmt, ap);
}

void fe_error(struct fe_diag *d, const struct fe_loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(d, loc, NULL, fmt, ap);
	va_end(ap);
}

void fe_warning(struct fe_diag *d, const struct fe_loc *loc, const char *fmt, ...)
{
	va_list ap;

	if (d->no_warnings)
		return;
	va_start(ap, fmt);
	vreport(d, "Warning: ", loc, NULL, fmt, ap);
	va_end(ap);
}

void fe_error2(struct fe_diag *d, const struct fe_loc *loc, const struct fe_loc *also,
	       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(d, loc, also, fmt, ap);
	va_end(ap);
}

struct fe_loc fe_loc_span(const struct fe_loc *a, const struct fe_loc *b)
{
	struct fe_loc l = *a;

	if (b->line == a->line && b->file == a->file && b->last_col > a->last_col)
		l.last_col = b->last_col;
	return l;
}
