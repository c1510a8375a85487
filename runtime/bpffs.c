// SPDX-License-Identifier: GPL-2.0
/* Find a bpffs mount in mountinfo; mount one at /sys/fs/bpf if none. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/bpffs.h"

static int find_bpffs(char *out, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	int found = 0;

	while (f && !found && getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - ");
		char fstype[32], mnt[4096];

		if (sep && sscanf(sep + 3, "%31s", fstype) == 1 && !strcmp(fstype, "bpf") &&
		    sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1) {
			snprintf(out, len, "%s", mnt);
			found = 1;
		}
	}
	free(line);
	if (f)
		fclose(f);
	return found;
}

const char *bpffs_pin_dir(void)
{
	static char dir[4200];
	char mnt[4096];

	if (dir[0])
		return dir;
	if (!find_bpffs(mnt, sizeof(mnt))) {
		mkdir("/sys/fs/bpf", 0700);
		if (mount("bpf", "/sys/fs/bpf", "bpf", 0, "mode=0700"))
			return NULL;
		snprintf(mnt, sizeof(mnt), "/sys/fs/bpf");
	}
	snprintf(dir, sizeof(dir), "%s/cgnft", mnt);
	if (mkdir(dir, 0700) && errno != EEXIST) {
		dir[0] = '\0';
		return NULL;
	}
	return dir;
}

const char *bpffs_pin_dir_existing(void)
{
	static char dir[4200];
	char mnt[4096];

	if (!find_bpffs(mnt, sizeof(mnt)))
		return NULL;
	snprintf(dir, sizeof(dir), "%s/cgnft", mnt);
	return access(dir, F_OK) ? NULL : dir;
}
