// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/fault.h"

bool rt_fault(const char *step)
{
	static unsigned seen;
	const char *spec = getenv("CGNFT_FAULT"), *colon;
	size_t len = strlen(step);
	unsigned nth = 1;

	if (!spec || strncmp(spec, step, len) || (spec[len] && spec[len] != ':'))
		return false;
	colon = spec + len;
	if (*colon == ':')
		nth = strtoul(colon + 1, NULL, 10);
	if (++seen != nth)
		return false;
	errno = EIO;
	return true;
}
