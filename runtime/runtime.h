/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runtime: what is applied lives in the kernel (bpf_links attached to
 * cgroups, pinned in bpffs) and, next to it, the canonical text of every
 * applied table (in /run/cgnft, so both vanish together at reboot).
 *
 * Pin layout under <bpffs>/cgnft/ (doc/RUNTIME.md):
 *   link_<cgroup id>_<hook>   the bpf_link of one (cgroup, hook)
 *   tables/<table>/<hook>     the current program of a table's hook
 *                             (runtime/pins.h)
 *   counters, limits, quotas  the state maps of the current programs
 *                             (runtime/state.h), and dynamic sets
 */
#ifndef CGNFT_RUNTIME_RUNTIME_H
#define CGNFT_RUNTIME_RUNTIME_H

#include <stdbool.h>
#include <stdio.h>

#define CGNFT_STATE_DIR "/run/cgnft"

#include <linux/bpf.h>

#include "ir/ir.h"

/* The kernel attach type of a hook. */
enum bpf_attach_type rt_attach_type(enum ir_hook hook);

struct rt_options {
	bool create_cgroups;	/* --create: mkdir missing cgroups */
	bool reject_as_drop;	/* --reject-as-drop (fe_options) */
};

/* Apply `path`: replace the tables it names, keep the others; all or
 * nothing.  Errors are printed to `err`.  0 or 1 (user/kernel error). */
int rt_apply(const char *path, const struct rt_options *opts, FILE *err);

/* Remove one table (NULL: all of them) and detach what no longer has rules. */
int rt_delete(const char *table, FILE *err);

/* `add element` / `delete element` (del) command line `cmdline` (the
 * words joined by spaces, for nft's carets): runtime/elements.c.  0, 1
 * (error, nothing changed) or 2 (usage). */
int rt_element(bool del, const char *cmdline, FILE *err);

/* Print the applied tables with live counters and status: all of them, or
 * only `table`, or only those that name `cgroup`. */
struct json;
/* The tables of u (built with fe_options.json) as members of a JSON
 * "nftables" array: the values the file gives, nothing live. */
void rt_json_tables(const struct ir_unit *u, struct json *j);
/* The same as text, as `cgnft list` prints it (compile --emit list). */
void rt_text_tables(const struct ir_unit *u, FILE *out);
int rt_list(const char *table, const char *cgroup, bool json, FILE *out, FILE *err);
/* One set of an applied table, as `nft list set` prints it (text only). */
int rt_list_set(const char *table, const char *set, FILE *out, FILE *err);

#endif
