// SPDX-License-Identifier: GPL-2.0
/* Counters, limits and quotas moved to their map slots (ir/ir_place.h). */
#include <stdlib.h>
#include <string.h>

#include "ir/ir_place.h"
#include "ir/xalloc.h"

size_t ir_state_count(const struct ir_unit *u, enum ir_state_kind kind)
{
	return kind == IR_STATE_COUNTERS ? u->ncounters :
	       kind == IR_STATE_LIMITS ? u->nlimits : u->nquotas;
}

const char *ir_state_key(const struct ir_unit *u, enum ir_state_kind kind, size_t i)
{
	return kind == IR_STATE_COUNTERS ? u->counters[i].rule_key :
	       kind == IR_STATE_LIMITS ? u->limits[i].key : u->quotas[i].key;
}

/* Entries of `size` bytes from `*arr` (n of them) into a new array of
 * `capacity`, entry i at slot_of[i]. */
static void spread(void **arr, size_t *n, size_t size, const uint32_t *slot_of,
		   size_t capacity)
{
	char *to = xzalloc((capacity ? capacity : 1) * size);

	for (size_t i = 0; i < *n; i++)
		memcpy(to + (size_t)slot_of[i] * size, (char *)*arr + i * size, size);
	free(*arr);
	*arr = to;
	*n = capacity;
}

void ir_place_state(struct ir_unit *u, enum ir_state_kind kind, const uint32_t *slot_of,
		    size_t capacity)
{
	enum ir_stmt_kind sk = kind == IR_STATE_COUNTERS ? IR_STMT_COUNTER :
			       kind == IR_STATE_LIMITS ? IR_STMT_LIMIT : IR_STMT_QUOTA;

	for (size_t c = 0; c < u->nchains; c++)
		for (size_t r = 0; r < u->chains[c].nrules; r++)
			for (size_t s = 0; s < u->chains[c].rules[r].nstmts; s++) {
				struct ir_stmt *st = &u->chains[c].rules[r].stmts[s];

				/* log statements share the log bucket */
				if (st->kind == IR_STMT_LOG && kind == IR_STATE_LIMITS)
					st->log.limit = slot_of[st->log.limit];
				if (st->kind != sk)
					continue;
				if (sk == IR_STMT_COUNTER)
					st->counter.index = slot_of[st->counter.index];
				else
					st->state.index = slot_of[st->state.index];
			}
	if (kind == IR_STATE_COUNTERS)
		spread((void **)&u->counters, &u->ncounters, sizeof(*u->counters), slot_of,
		       capacity);
	else if (kind == IR_STATE_LIMITS)
		spread((void **)&u->limits, &u->nlimits, sizeof(*u->limits), slot_of, capacity);
	else
		spread((void **)&u->quotas, &u->nquotas, sizeof(*u->quotas), slot_of, capacity);
}
