/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counters, limits and quotas outlive the programs: each kind lives in one
 * map, pinned in the pin directory and handed to every new program
 * (libbpf's map reuse), so nothing is ever copied between programs and no
 * packet counted while a swap happens is lost.  Every entry keeps its slot
 * while its key (ir_counter.rule_key, ir_limit.key, ir_quota.key) lives;
 * /run/cgnft/MAP.keys names the key of every slot, line by line (an empty
 * line: a free slot).
 */
#ifndef CGNFT_RUNTIME_STATE_H
#define CGNFT_RUNTIME_STATE_H

#include <bpf/libbpf.h>
#include <stdbool.h>

#include "ir/ir.h"
#include "runtime/load.h"

struct rt_state;

/* Before code generation: give every entry of `u` its slot (kept keys
 * their slot, new keys free ones) and place the unit's entries there
 * (ir_place_state).  `dir`: the existing pin directory, or NULL. */
struct rt_state *rt_state_plan(const char *dir, struct ir_unit *u);
/* The pinned maps the new object takes over (for load_object). */
size_t rt_state_reuse(const struct rt_state *s, struct load_reuse *out);
/* After loading, before the swap: new keys' slots get the values the
 * rules give (`counter packets N bytes M`, `quota ... used N`); a map
 * that had to grow gets the old one's values, slot by slot. */
void rt_state_fill(struct rt_state *s, const struct ir_unit *u, struct bpf_object *obj);
/* Just before the swap: the keys of old and new slots in MAP.keys, so a
 * crash during the swap leaves no slot in use unnamed. */
void rt_state_prepare(struct rt_state *s);
/* A failed apply: MAP.keys as it was. */
void rt_state_abort(struct rt_state *s);
/* After a commit: pin the maps (or remove the pins when nothing is
 * attached), zero the slots of keys that are gone, write the keys. */
void rt_state_commit(struct rt_state *s, const char *dir, struct bpf_object *obj,
		     bool attached);
void rt_state_free(struct rt_state *s);
/* Is this pin directory entry one of the state maps? */
bool rt_state_pin(const char *name);

/* For readers (list): the slot of each key, from MAP.keys. */
struct rt_slots {
	char **keys;	/* slot -> key, NULL when free */
	size_t n;
};
void rt_slots_read(const char *map, struct rt_slots *out);
/* The slot of `key`, or -1. */
long rt_slots_find(const struct rt_slots *s, const char *key);
void rt_slots_free(struct rt_slots *s);

#endif
