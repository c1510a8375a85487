/* SPDX-License-Identifier: GPL-2.0 */
/* Where something is in the source: for nft-format diagnostics. */
#ifndef CGNFT_FRONTEND_LOC_H
#define CGNFT_FRONTEND_LOC_H

struct fe_loc {
	const char *file;	/* owned by the reader of the sources */
	int line, first_col, last_col;
	const char *line_text;	/* the whole source line, for the caret display */
};

#endif
