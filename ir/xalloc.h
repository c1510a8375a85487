/* SPDX-License-Identifier: GPL-2.0 */
/* Allocation that cannot fail: out of memory is not a user error. */
#ifndef CGNFT_XALLOC_H
#define CGNFT_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xzalloc(size_t size);
void *xrealloc(void *ptr, size_t size);
/* Room for element n of an array that grows one element at a time and
 * only through xgrow: the size doubles at powers of two, so appending n
 * elements copies O(n) bytes, not O(n^2) (a set of 1M elements). */
void *xgrow(void *ptr, size_t n, size_t elem_size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "cgnft: out of memory" on stderr and exit 1, for allocations made
 * elsewhere (open_memstream, vasprintf) too. */
void xalloc_fail(void) __attribute__((noreturn));

#endif
