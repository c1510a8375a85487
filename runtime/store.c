// SPDX-License-Identifier: GPL-2.0
/*
 * The applied tables' canonical text and counter keys, in /run/cgnft.
 * /run is a tmpfs, so this state disappears at reboot together with the
 * bpffs pins it describes.  Every write is a rename, so a crash leaves the
 * old or the new file, never half of one.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ir/fileio.h"
#include "ir/xalloc.h"
#include "runtime/runtime.h"
#include "frontend/frontend.h"
#include "runtime/store.h"

#define TABLES_DIR CGNFT_STATE_DIR "/tables"

int store_lock(void)
{
	int fd;

	mkdir(CGNFT_STATE_DIR, 0700);
	mkdir(TABLES_DIR, 0700);
	fd = open(CGNFT_STATE_DIR "/lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	/* concurrent cgnft runs wait for each other */
	if (flock(fd, LOCK_EX)) {
		close(fd);
		return -errno;
	}
	return fd;
}

int store_lock_shared(void)
{
	int fd = open(CGNFT_STATE_DIR "/lock", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	/* readers wait for a writer, not for each other */
	if (flock(fd, LOCK_SH)) {
		close(fd);
		return -errno;
	}
	return fd;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stored_table *)a)->name,
		      ((const struct stored_table *)b)->name);
}

size_t store_read_tables(struct stored_table **out)
{
	DIR *d = opendir(TABLES_DIR);
	struct dirent *de;
	struct stored_table *t = NULL;
	size_t n = 0;

	while (d && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char *path;

		if (len < 5 || strcmp(de->d_name + len - 4, ".nft"))
			continue;
		path = xasprintf("%s/%s", TABLES_DIR, de->d_name);
		t = xrealloc(t, (n + 1) * sizeof(*t));
		t[n].name = xstrndup(de->d_name, len - 4);
		t[n].text = read_path(path);
		t[n].path = path;
		if (t[n].text) {
			n++;
		} else {
			free(t[n].name);
			free(path);
		}
	}
	if (d)
		closedir(d);
	if (n)	/* qsort of NULL is undefined even for 0 items */
		qsort(t, n, sizeof(*t), name_cmp);	/* stable order, stable programs */
	*out = t;
	return n;
}

void store_free_tables(struct stored_table *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].name);
		free(t[i].text);
		free(t[i].path);
	}
	free(t);
}

int store_write_table(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s.nft", TABLES_DIR, name);
	int err = write_file_atomic_mode(path, text, strlen(text), 0600);

	free(path);
	return err;
}

void store_remove_table(const char *name)
{
	char *path = xasprintf("%s/%s.nft", TABLES_DIR, name);

	unlink(path);
	free(path);
}

int store_write_keys(const char *map, const char *text)
{
	char *path = xasprintf("%s/%s.keys", CGNFT_STATE_DIR, map);
	int err = write_file_atomic_mode(path, text, strlen(text), 0600);

	free(path);
	return err;
}

char *store_read_keys(const char *map)
{
	char *path = xasprintf("%s/%s.keys", CGNFT_STATE_DIR, map);
	char *text = read_path(path);

	free(path);
	return text;
}

void store_remove_keys(const char *map)
{
	char *path = xasprintf("%s/%s.keys", CGNFT_STATE_DIR, map);

	unlink(path);
	free(path);
}

const struct fe_options rt_stored_opts = { .reject_as_drop = true, .no_warnings = true };
