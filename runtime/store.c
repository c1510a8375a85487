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

#include "ir/xalloc.h"
#include "runtime/runtime.h"
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

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!f)
		return NULL;
	do {
		buf = xrealloc(buf, cap += 65536);
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	fclose(f);
	return buf;
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
		t[n].text = read_file(path);
		t[n].path = path;
		if (t[n].text)
			n++;
		else
			free(path);
	}
	if (d)
		closedir(d);
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

static int write_atomic(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "we");
	int err = 0;

	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	if (fputs(text, f) == EOF)
		err = -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int store_write_table(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s.nft", TABLES_DIR, name);
	int err = write_atomic(path, text);

	free(path);
	return err;
}

void store_remove_table(const char *name)
{
	char *path = xasprintf("%s/%s.nft", TABLES_DIR, name);

	unlink(path);
	free(path);
}

int store_write_keys(const char *text)
{
	return write_atomic(CGNFT_STATE_DIR "/counters.keys", text);
}

char *store_read_keys(void)
{
	return read_file(CGNFT_STATE_DIR "/counters.keys");
}
