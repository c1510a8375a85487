/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of counters, limits and quotas across applies: the maps are
 * pinned in the pin directory, each entry named by a key (ir_counter.
 * rule_key, ir_limit.key, ir_quota.key) listed in /run/cgnft/MAP.keys.
 */
#ifndef CGNFT_RUNTIME_STATE_H
#define CGNFT_RUNTIME_STATE_H

#include <bpf/libbpf.h>
#include <stdbool.h>

#include "ir/ir.h"

/* Give the new object's maps their state before attaching: the initial
 * values written in the rules (`counter packets N bytes M`, `quota ...
 * used N`), then, for every key the pinned maps already hold, its
 * live value. */
void rt_state_carry(const char *dir, const struct ir_unit *u, struct bpf_object *obj);
/* After a commit: pin the new maps (or remove the pins when nothing is
 * attached) and write their keys. */
void rt_state_commit(const char *dir, const struct ir_unit *u, struct bpf_object *obj,
		     bool attached);
/* Is this pin directory entry one of the state maps? */
bool rt_state_pin(const char *name);

#endif
