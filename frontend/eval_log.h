/* SPDX-License-Identifier: GPL-2.0 */
/* The log statement (eval_log.c). */
#ifndef CGNFT_FRONTEND_EVAL_LOG_H
#define CGNFT_FRONTEND_EVAL_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend/diag.h"
#include "frontend/tree.h"
#include "ir/ir.h"

/* The shared bucket of log events: this many a second, and at once. */
#define LOG_RATE 10000
#define LOG_BURST 10000

/* The statement's options checked (errors on d) into out (prefix
 * malloc'ed; table, chain, file and line left empty). */
bool ev_log_spec(struct fe_diag *d, const struct stmt *st, struct ir_log *out);
/* nft's listing of the statement: options in nft's order, defaults left out. */
void ev_log_text(const struct stmt *st, FILE *out);
const char *ev_log_level_name(int level);
/* ` flags ...` of IR_LOG_* flags, as nft lists them ("" for none). */
void ev_log_flags_text(uint32_t flags, FILE *out);

#endif
