// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ir/xalloc.h"

/* CGNFT_FAULT=alloc:N makes the Nth allocation through this file fail, as
 * malloc would (tests/runtime/alloc_faults.sh); alloc:0 fails none and
 * prints the number made at exit, so a test can spread N over a run.  The
 * other CGNFT_FAULT steps are runtime/fault.c's. */
static unsigned long fail_at, count;

static void print_count(void)
{
	fprintf(stderr, "cgnft: %lu allocations\n", count);
}

static bool injected(void)
{
	static bool parsed;

	if (!parsed) {
		const char *spec = getenv("CGNFT_FAULT");

		parsed = true;
		if (spec && !strncmp(spec, "alloc", 5) && (!spec[5] || spec[5] == ':')) {
			fail_at = spec[5] ? strtoul(spec + 6, NULL, 10) : 1;
			if (!fail_at)
				atexit(print_count);
		}
	}
	return ++count == fail_at;
}

/* Out of memory is not a user error, but it is an orderly exit 1 with the
 * reason, not a crash: _exit, so no half-written buffered output reaches
 * stdout and no exit handler runs on half-built state.  An apply cut here
 * leaves what a SIGKILL at that point would (tests/runtime/kill.sh). */
void xalloc_fail(void)
{
	static const char msg[] = "cgnft: out of memory\n";

	/* a failed write leaves nothing to report it with */
	ssize_t r = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)r;
	_exit(1);
}

static void *checked(void *p)
{
	if (!p)
		xalloc_fail();
	return p;
}

void *xmalloc(size_t size)
{
	return checked(injected() ? NULL : malloc(size ? size : 1));
}

void *xzalloc(size_t size)
{
	return checked(injected() ? NULL : calloc(1, size ? size : 1));
}

void *xrealloc(void *ptr, size_t size)
{
	return checked(injected() ? NULL : realloc(ptr, size ? size : 1));
}

void *xgrow(void *ptr, size_t n, size_t elem_size)
{
	if (n & (n - 1))
		return ptr;	/* below the capacity: the next power of two */
	return xrealloc(ptr, (n ? 2 * n : 1) * elem_size);
}

char *xstrdup(const char *s)
{
	return checked(injected() ? NULL : strdup(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (injected())
		xalloc_fail();
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? checked(NULL) : s;
}

char *xstrndup(const char *s, size_t n)
{
	return checked(injected() ? NULL : strndup(s, n));
}
