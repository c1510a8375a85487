/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placing counters, limits and quotas at given map slots: apply keeps the
 * pinned state maps across programs, each entry at a slot that does not
 * change while its key lives (runtime/state.c), so the program must index
 * the map by slot rather than by the order the front end met the entries.
 * compile never calls this: its output stays in rule order.
 */
#ifndef CGNFT_IR_PLACE_H
#define CGNFT_IR_PLACE_H

#include <stddef.h>
#include <stdint.h>

#include "ir/ir.h"

enum ir_state_kind { IR_STATE_COUNTERS, IR_STATE_LIMITS, IR_STATE_QUOTAS, IR_STATE_KINDS };

/* How many entries of `kind` the unit has, and entry i's key. */
size_t ir_state_count(const struct ir_unit *u, enum ir_state_kind kind);
const char *ir_state_key(const struct ir_unit *u, enum ir_state_kind kind, size_t i);

/* Move entry i to slot slot_of[i] (distinct, < capacity) in an array of
 * `capacity` entries (the slots no entry takes are empty: no key, never
 * referenced) and rewrite every statement's index to match.  Before
 * ir_classify, which copies the indexes. */
void ir_place_state(struct ir_unit *u, enum ir_state_kind kind, const uint32_t *slot_of,
		    size_t capacity);

#endif
