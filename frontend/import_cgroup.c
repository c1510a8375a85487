// SPDX-License-Identifier: GPL-2.0
/*
 * `socket cgroupv2 level N` compares with a cgroup id (the directory's
 * inode number); cgnft files name the cgroup by path, so find the
 * directory at depth N below the cgroup2 mount with that inode.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frontend/import.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"

/* Search directory fd (path `rel` below the mount) `depth` levels down. */
static char *search(int fd, const char *rel, uint64_t id, int depth)
{
	DIR *dir = fdopendir(fd);
	struct dirent *de;
	char *found = NULL;

	if (!dir) {
		close(fd);
		return NULL;
	}
	while (!found && (de = readdir(dir))) {
		struct stat st;
		char *sub;
		int subfd;

		if (de->d_type != DT_DIR || !strcmp(de->d_name, ".") ||
		    !strcmp(de->d_name, ".."))
			continue;
		if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;
		sub = *rel ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (depth == 1) {
			if (st.st_ino == id)
				found = sub;
			else
				free(sub);
			continue;
		}
		subfd = openat(dirfd(dir), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (subfd >= 0)
			found = search(subfd, sub, id, depth - 1);
		free(sub);
	}
	closedir(dir);
	return found;
}

char *imp_cgroup_path(uint64_t id, int level)
{
	const char *mnt = cgroup2_mount();
	struct stat st;
	int fd;

	if (!mnt)
		return NULL;
	if (level == 0)
		return stat(mnt, &st) == 0 && st.st_ino == id ? xstrdup(mnt) : NULL;
	fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	return search(fd, "", id, level);
}
