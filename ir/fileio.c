// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ir/fileio.h"
#include "ir/xalloc.h"

char *read_stream_max(FILE *f, size_t max, size_t *lenp)
{
	size_t cap = 4096, len = 0, n;
	char *buf;
	struct stat st;
	int err = 0;

	if (max > SIZE_MAX - 2)
		max = SIZE_MAX - 2;
	/* a regular file says how large it is: refuse it without reading */
	if (!fstat(fileno(f), &st) && S_ISREG(st.st_mode)) {
		off_t pos = ftello(f);

		if (st.st_size - (pos > 0 ? pos : 0) > (off_t)max) {
			errno = EFBIG;
			return NULL;
		}
		if (st.st_size > 0)	/* +1: the end seen in one more read */
			cap = (size_t)st.st_size + 2;
	}
	if (cap > max + 2)
		cap = max + 2;
	buf = xmalloc(cap);
	/* room for max + 1 bytes and the NUL: one byte more than allowed
	 * tells "too large" (an endless stream stops there) */
	for (;;) {
		if (len == cap - 1) {
			if (len > max)
				break;
			cap = cap > (max + 2) / 2 ? max + 2 : 2 * cap;
			buf = xrealloc(buf, cap);
		}
		errno = 0;
		n = fread(buf + len, 1, cap - 1 - len, f);
		if (!n) {
			if (ferror(f))
				err = errno ? errno : EIO;
			break;
		}
		len += n;
	}
	if (!err && len > max)
		err = EFBIG;
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	/* a NUL byte inside would end the text unseen; as 0x01 the scanner
	 * refuses it where it is (nft: "unexpected junk") */
	for (char *p = memchr(buf, '\0', len); p; p = memchr(p, '\0', buf + len - p))
		*p = '\x01';
	return buf;
}

char *read_stream(FILE *f)
{
	return read_stream_max(f, FILEIO_MAX_BYTES, NULL);
}

bool fileio_owner_check;
static char unsafe_why[PATH_MAX + 256];

static bool dir_unsafe(const char *path)
{
	char *copy = xstrdup(path), *dir = dirname(copy);
	struct stat st;
	bool bad = false;

	if (!stat(dir, &st)) {
		if (st.st_uid != 0)
			snprintf(unsafe_why, sizeof(unsafe_why), "its directory %s is owned "
				 "by uid %u, not root", dir, (unsigned)st.st_uid);
		else if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))
			snprintf(unsafe_why, sizeof(unsafe_why), "its directory %s is "
				 "writable by everyone", dir);
		else if ((st.st_mode & S_IWGRP) && st.st_gid != 0 && !(st.st_mode & S_ISVTX))
			snprintf(unsafe_why, sizeof(unsafe_why), "its directory %s is "
				 "writable by group %u", dir, (unsigned)st.st_gid);
		bad = unsafe_why[0];
	}
	free(copy);
	return bad;
}

int fileio_check_owner(int fd, const char *path)
{
	struct stat st;

	unsafe_why[0] = '\0';
	if (!fileio_owner_check || fstat(fd, &st) || !S_ISREG(st.st_mode))
		return 0;
	if (st.st_uid != 0)
		snprintf(unsafe_why, sizeof(unsafe_why), "owned by uid %u, not root",
			 (unsigned)st.st_uid);
	else if (st.st_mode & S_IWOTH)
		snprintf(unsafe_why, sizeof(unsafe_why), "writable by everyone (mode %04o)",
			 (unsigned)(st.st_mode & 07777));
	else if ((st.st_mode & S_IWGRP) && st.st_gid != 0)
		snprintf(unsafe_why, sizeof(unsafe_why), "writable by group %u (mode %04o)",
			 (unsigned)st.st_gid, (unsigned)(st.st_mode & 07777));
	else if (!dir_unsafe(path))
		return 0;
	return -EPERM;
}

const char *fileio_strerror(int err)
{
	static char msg[sizeof(unsafe_why) + 128];

	if ((err == EPERM || err == -EPERM) && unsafe_why[0]) {
		snprintf(msg, sizeof(msg), "%s: as root, cgnft reads only rule files "
			 "that no other user can change (--no-owner-check overrides)",
			 unsafe_why);
		return msg;
	}
	if (err == EFBIG || err == -EFBIG)
		return "larger than the " FILEIO_MAX_TEXT " limit for rule files";
	return strerror(err < 0 ? -err : err);
}

char *read_path(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	char *text;
	int err;

	if (!f)
		return NULL;
	if (f != stdin && fileio_check_owner(fileno(f), path)) {
		fclose(f);
		errno = EPERM;
		return NULL;
	}
	text = read_stream(f);
	err = errno;
	if (f != stdin)
		fclose(f);
	errno = err;
	return text;
}

int write_file_atomic(const char *path, const void *buf, size_t len)
{
	return write_file_atomic_mode(path, buf, len, 0666);
}

int write_file_atomic_mode(const char *path, const void *buf, size_t len,
			   mode_t mode)
{
	struct stat st;
	char *tmp;
	int fd;
	FILE *f;
	int err = 0;

	/* a device or a pipe (-o /dev/null) is written, never replaced: a
	 * rename would put a regular file in its place */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		f = fopen(path, "wbe");
		if (!f)
			return -errno;
		if (fwrite(buf, 1, len, f) != len)
			err = -EIO;
		if (fclose(f) && !err)
			err = -errno;
		return err;
	}
	tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
	/* the mode is the file's from its creation: no moment where a state
	 * file is readable by others */
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (fd >= 0 && !f)
		close(fd);

	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	if (fwrite(buf, 1, len, f) != len)
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
