/* SPDX-License-Identifier: GPL-2.0 */
/*
 * limit and quota statements and objects (frontend/eval_state.c): their
 * kernel parameters, checked with nft's messages, and their nft text.
 */
#ifndef CGNFT_FRONTEND_EVAL_STATE_H
#define CGNFT_FRONTEND_EVAL_STATE_H

#include <stdio.h>

#include "frontend/diag.h"
#include "frontend/tree.h"
#include "ir/ir.h"

/* A limit's or quota's numbers (key, table, name left empty); false after
 * reporting.  `where` is where the kernel's refusal is reported: the
 * statement, or a named object's name, as nft does. */
bool ev_limit_spec(struct fe_diag *d, const struct stmt *st, const struct fe_loc *where,
		   struct ir_limit *out);
bool ev_quota_spec(struct fe_diag *d, const struct stmt *st, const struct fe_loc *where,
		   struct ir_quota *out);
/* As nft lists it: `limit rate 10/second`, `quota over 1 mbytes` (used
 * left out: it is state); an object's without the keyword. */
void ev_state_text(const struct stmt *st, bool object, FILE *out);
/* `N unit` with the largest unit that divides exactly, as nft. */
void ev_bytes_text(uint64_t bytes, FILE *out);

#endif
