// SPDX-License-Identifier: GPL-2.0
/* Find the cgroup2 mount in mountinfo and resolve paths against it. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "runtime/cgroup2.h"

/* mountinfo escapes spaces and friends as \ooo; undo it in place. */
static void unescape_octal(char *s)
{
	char *d = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 4;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

const char *cgroup2_mount(void)
{
	static char mount[4096];
	static int done;
	char *line = NULL;
	size_t cap = 0;
	FILE *f;

	if (done)
		return mount[0] ? mount : NULL;
	done = 1;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return NULL;
	/* "36 35 0:30 / /sys/fs/cgroup/unified rw,... shared:9 - cgroup2 cgroup2 rw" */
	while (getline(&line, &cap, f) > 0) {
		char *sep = strstr(line, " - ");
		char fstype[64], mnt[4096];

		if (!sep || sscanf(sep + 3, "%63s", fstype) != 1 ||
		    strcmp(fstype, "cgroup2"))
			continue;
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		unescape_octal(mnt);
		snprintf(mount, sizeof(mount), "%s", mnt);
		break;
	}
	free(line);
	fclose(f);
	return mount[0] ? mount : NULL;
}

/* Is PATH the mount point MNT itself or a path below it? */
static bool under_mount(const char *path, const char *mnt)
{
	size_t n = strlen(mnt);

	return !strncmp(path, mnt, n) && (path[n] == '\0' || path[n] == '/');
}

int cgroup2_resolve(const char *path, char *out, size_t outlen)
{
	const char *mnt = cgroup2_mount();
	int n;

	if (!mnt)
		return -ENOENT;
	if (path[0] == '/' && under_mount(path, mnt)) {
		n = snprintf(out, outlen, "%s", path);
	} else if (path[0] == '/') {
		/* "/system.slice/x.service", as /proc/PID/cgroup and systemd
		 * write it: relative to the hierarchy's root, not to "/" */
		n = snprintf(out, outlen, "%s%s", mnt, path);
	} else {
		while (path[0] == '.' && path[1] == '/')
			path += 2;
		n = snprintf(out, outlen, "%s/%s", mnt, path);
	}
	if (n < 0 || (size_t)n >= outlen)
		return -ENAMETOOLONG;
	/* "a/b/" and "a/b" are the same cgroup: drop trailing slashes. */
	while (n > 1 && out[n - 1] == '/')
		out[--n] = '\0';
	return 0;
}

int cgroup2_id(const char *path, uint64_t *id)
{
	char abs[4096];
	struct stat st;
	int err = cgroup2_resolve(path, abs, sizeof(abs));

	if (err)
		return err;
	if (stat(abs, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	*id = st.st_ino;
	return 0;
}
