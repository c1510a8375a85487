// SPDX-License-Identifier: GPL-2.0
/* nft-style error messages with the source line and a caret line. */
#include <stdarg.h>
#include <string.h>

#include "frontend/diag.h"

void fe_error(struct fe_diag *d, const struct fe_loc *loc, const char *fmt, ...)
{
	va_list ap;

	d->nerrors++;
	if (loc && loc->file)
		fprintf(d->out, "%s:%d:%d-%d: ", loc->file, loc->line,
			loc->first_col, loc->last_col);
	fputs("Error: ", d->out);
	va_start(ap, fmt);
	vfprintf(d->out, fmt, ap);
	va_end(ap);
	fputc('\n', d->out);
	if (!loc || !loc->line_text)
		return;
	fprintf(d->out, "%s\n", loc->line_text);
	/* keep tabs so the carets line up under the words */
	for (int i = 1; i < loc->first_col; i++)
		fputc(loc->line_text[i - 1] == '\t' ? '\t' : ' ', d->out);
	for (int i = loc->first_col; i <= loc->last_col; i++)
		fputc('^', d->out);
	fputc('\n', d->out);
}

struct fe_loc fe_loc_span(const struct fe_loc *a, const struct fe_loc *b)
{
	struct fe_loc l = *a;

	if (b->line == a->line && b->file == a->file && b->last_col > a->last_col)
		l.last_col = b->last_col;
	return l;
}
