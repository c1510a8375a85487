/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dynamic sets at run time (runtime/dynset.c): initial elements, carried
 * elements and pins across applies, and their listing.
 */
#ifndef CGNFT_RUNTIME_DYNSET_H
#define CGNFT_RUNTIME_DYNSET_H

#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stdio.h>

#include "ir/ir.h"

/* Write the sets' initial elements (`elements = { ... }`, expiring from
 * now) into a loaded object's maps. */
void rt_dynset_init(const struct ir_unit *u, struct bpf_object *obj);
/* Initial elements, then the live elements of the pinned maps of sets of
 * the same identity (ir_set.key): they replace the initial ones. */
void rt_dynset_carry(const char *dir, const struct ir_unit *u, struct bpf_object *obj);
/* Pin the new maps (none when nothing is attached) and record their keys. */
void rt_dynset_commit(const char *dir, const struct ir_unit *u, struct bpf_object *obj,
		      bool attached);
bool rt_dynset_pin(const char *name);
/* `\t\telements = { ... }\n` of dynamic set map `m` as nft lists it (live
 * elements, sorted by key; nothing when it is empty). */
void rt_dynset_list(const char *dir, const struct ir_unit *u, size_t m, FILE *out);

/* The pinned live map of the applied set with `set`'s identity (its
 * ir_set.key), or -1. */
int rt_dynset_open(const struct ir_set *set);
/* `cgnft add/delete element` on the live map `fd`: set->elems added (an
 * element already there stays as it is) or deleted (each must be there).
 * All or nothing: 0, or -errno with *bad the element that failed. */
int rt_dynset_edit(int fd, const struct ir_set *set, bool del, size_t *bad);

#endif
