/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The log ring across applies: the pinned ring (CG_LOG_PIN) is handed to
 * every new object that logs, so a running `cgnft monitor` keeps reading
 * the same ring, and the sites of the applied unit are written to
 * CG_LOG_SITES_FILE.  When no table logs any more, both go.
 */
#ifndef CGNFT_RUNTIME_LOG_RING_H
#define CGNFT_RUNTIME_LOG_RING_H

#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stdio.h>

#include "ir/ir.h"
#include "runtime/load.h"
#include "runtime/runtime.h"

#define CG_LOG_SITES_FILE CGNFT_STATE_DIR "/log.sites"

/* The ring and the count of suppressed events. */
enum { RT_LOG_RING, RT_LOG_DROPS, RT_LOG_MAPS };

struct rt_log {
	int old_fd[RT_LOG_MAPS];	/* the pinned maps, or -1 */
};

/* Before loading: the pinned maps, if `u` logs and they are ones this
 * build can take over; adds their load_reuse to out (returns how many). */
size_t rt_log_plan(struct rt_log *l, const char *dir, const struct ir_unit *u,
		   struct load_reuse *out);
/* After a commit: pin the ring and write the sites, or remove both when
 * nothing logs (or nothing is attached). */
void rt_log_commit(struct rt_log *l, const char *dir, struct bpf_object *obj,
		   const struct ir_unit *u, bool attached);
void rt_log_free(struct rt_log *l);

/* The sites file's text for `u` (malloc'ed): the generation, then one
 * line per site: site table chain file line level flags group prefix
 * (tab-separated, the prefix last). */
char *rt_log_sites_text(const struct ir_unit *u);

#endif
