/* SPDX-License-Identifier: GPL-2.0 */
/* Whole-file reads and atomic writes, shared by the CLI, front end and runtime. */
#ifndef CGNFT_FILEIO_H
#define CGNFT_FILEIO_H

#include <stddef.h>
#include <stdio.h>

/* The rest of `f`, NUL-terminated, malloc'ed. */
char *read_stream(FILE *f);
/* The file at `path` ("-": stdin), or NULL with errno set. */
char *read_path(const char *path);
/* Write via a temporary file and rename(): readers see the old or the new
 * contents, never a part.  0 or -errno. */
int write_file_atomic(const char *path, const void *buf, size_t len);

#endif
