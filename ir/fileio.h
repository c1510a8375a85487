/* SPDX-License-Identifier: GPL-2.0 */
/* Whole-file reads and atomic writes, shared by the CLI, front end and runtime. */
#ifndef CGNFT_FILEIO_H
#define CGNFT_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Rule files, state files: no input is read past this (doc/LANGUAGE.md). */
#define FILEIO_MAX_BYTES ((size_t)256 << 20)
#define FILEIO_MAX_TEXT "256 MiB"

/* The rest of `f` as text: NUL-terminated, malloc'ed, a NUL byte inside
 * read as 0x01; *len (may be NULL) is its length.  NULL with errno set on a read error, or EFBIG when there are
 * more than `max` bytes (then no more than max + 1 bytes are read). */
char *read_stream_max(FILE *f, size_t max, size_t *len);
/* read_stream_max(f, FILEIO_MAX_BYTES, NULL) */
char *read_stream(FILE *f);
/* The file at `path` ("-": stdin), at most FILEIO_MAX_BYTES, or NULL with
 * errno set (EFBIG: larger). */
char *read_path(const char *path);
/* As root, a rule file that another user can change lets that user choose
 * root's firewall: when fileio_owner_check is set (cli/main.c: euid 0 and
 * no --no-owner-check), read_path and the front end refuse a file not owned
 * by root, writable by a group other than root's or by everyone, or in a
 * directory another user can change (sticky /tmp is fine), as sshd's
 * StrictModes does.  0, or -EPERM with the reason from fileio_strerror. */
extern bool fileio_owner_check;
int fileio_check_owner(int fd, const char *path);
/* strerror(err); for EPERM from fileio_check_owner its reason, for EFBIG
 * the size limit */
const char *fileio_strerror(int err);

/* Write via a temporary file and rename(): readers see the old or the new
 * contents, never a part.  0 or -errno. */
int write_file_atomic(const char *path, const void *buf, size_t len);
/* The same, the file created with MODE (before the umask): 0600 for state
 * that only root may read. */
int write_file_atomic_mode(const char *path, const void *buf, size_t len,
			   mode_t mode);

#endif
