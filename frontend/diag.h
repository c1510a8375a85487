/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics in nft's format:
 *   file:line:first-last: Error: message
 *   <the source line>
 *   <spaces>^^^^
 * All errors of a run are collected and printed together.
 */
#ifndef CGNFT_FRONTEND_DIAG_H
#define CGNFT_FRONTEND_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "frontend/loc.h"

struct fe_diag {
	FILE *out;
	int nerrors;
	bool no_warnings;
	bool quiet;		/* count, print nothing (text of checked input) */
};

void fe_error(struct fe_diag *d, const struct fe_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The same with a second location marked ~~~ (nft's binary errors: the
 * operand that does not fit, and what it does not fit). */
void fe_error2(struct fe_diag *d, const struct fe_loc *loc, const struct fe_loc *also,
	       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same as a warning: printed in nft's format, not counted as an error. */
void fe_warning(struct fe_diag *d, const struct fe_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A location spanning from a to b (same line; else just a). */
struct fe_loc fe_loc_span(const struct fe_loc *a, const struct fe_loc *b);

#endif
