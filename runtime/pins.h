/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pins of the pin directory (<bpffs>/cgnft, runtime/bpffs.h) that
 * name programs and links:
 *   link_<cgroup id>_<hook>      the bpf_link of one (cgroup, hook): its
 *                                pin keeps the program attached (internal)
 *   tables/<table>/<hook>        the program that runs the table's <hook>
 *                                chains on its first cgroup, the one
 *                                attached there now (the stable path for
 *                                systemd's IP{Ingress,Egress}FilterPath=)
 *   tables/<table>/<hook>-<k>    the same on the table's cgroup number k
 *                                (from 0, as ir_table.cgroups; k >= 1)
 * bpffs refuses names with a '.', so a table name is escaped: '.', '/'
 * and '\' as "\x2e", "\x2f" and "\x5c".
 */
#ifndef CGNFT_RUNTIME_PINS_H
#define CGNFT_RUNTIME_PINS_H

#include <stddef.h>

#include "ir/ir.h"

#define PINS_TABLES_DIR "tables"

/* The link pin of (cgroup id, hook).  Malloc'ed. */
char *pins_link_path(const char *dir, unsigned long long cgroup_id, enum ir_hook hook);

/* The pin of table `table`'s program for `hook` on its cgroup number
 * `index`.  Malloc'ed. */
char *pins_table_path(const char *dir, const char *table, enum ir_hook hook, size_t index);

/* The tables/ pins of program `p` of unit `u`: one per table that
 * contributes to it.  Returns how many; *out malloc'ed (pins_free). */
size_t pins_of_prog(const char *dir, const struct ir_unit *u, const struct ir_prog *p,
		    char ***out);
void pins_free(char **paths, size_t n);

/* Pin `prog_fd` at `path` so that the path names the old program or the
 * new one at any moment (a pin beside it, renamed over it); the table's
 * directory is made if needed.  0 or -errno. */
int pins_replace(int prog_fd, const char *path);

/* Remove every tables/ pin not in keep[0..n), and directories left empty
 * (tables/ itself too). */
void pins_prune_tables(const char *dir, char **keep, size_t n);

/* The program a link runs now: a new fd, or -1. */
int pins_link_prog_fd(int link_fd);

#endif
