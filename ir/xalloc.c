// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/xalloc.h"

static void *oom(void)
{
	fputs("cgnft: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	return p ? p : oom();
}

void *xzalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	return p ? p : oom();
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	return p ? p : oom();
}

void *xgrow(void *ptr, size_t n, size_t elem_size)
{
	if (n & (n - 1))
		return ptr;	/* below the capacity: the next power of two */
	return xrealloc(ptr, (n ? 2 * n : 1) * elem_size);
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	return p ? p : oom();
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? oom() : s;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (!p)
		abort();
	return p;
}
