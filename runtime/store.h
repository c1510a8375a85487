/* SPDX-License-Identifier: GPL-2.0 */
/* The applied tables' text and counter keys in /run/cgnft. */
#ifndef CGNFT_RUNTIME_STORE_H
#define CGNFT_RUNTIME_STORE_H

#include <stddef.h>

struct stored_table {
	char *name;
	char *text;
	char *path;
};

/* Take the global lock (flock); returns the fd to close, or -errno. */
int store_lock(void);
/* The same lock, shared, for readers; creates nothing: -ENOENT when there
 * is no lock file (nothing was ever applied). */
int store_lock_shared(void);
size_t store_read_tables(struct stored_table **out);
void store_free_tables(struct stored_table *t, size_t n);
int store_write_table(const char *name, const char *text);
void store_remove_table(const char *name);
/* The keys of the entries of the current map `map` ("counters",
 * "limits", "quotas"), one per line, by index. */
int store_write_keys(const char *map, const char *text);
char *store_read_keys(const char *map);
void store_remove_keys(const char *map);

/* How tables already applied are built again (with a new file, for
 * list): each was checked alone when it was applied, --reject-as-drop
 * included, so reject runs as drop and no warning is repeated. */
struct fe_options;
extern const struct fe_options rt_stored_opts;

/* Re-apply: stored table `table` replaced by `text` (already checked),
 * the others as stored; the caller holds store_lock().  0 or 1
 * (runtime/apply.c). */
#include <stdio.h>
int rt_apply_table_text(struct stored_table *old, size_t nold, const char *table,
			const char *text, FILE *err);

#endif
