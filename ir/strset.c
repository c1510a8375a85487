// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ir/strset.h"
#include "ir/xalloc.h"

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return (size_t)h;
}

static size_t find(const struct strset *s, const char *str)
{
	size_t i = hash(str) & (s->cap - 1);

	while (s->slot[i] && strcmp(s->slot[i], str))
		i = (i + 1) & (s->cap - 1);
	return i;
}

bool strset_has(const struct strset *s, const char *str)
{
	return s->cap && s->slot[find(s, str)];
}

bool strset_put(struct strset *s, const char *str, int value)
{
	if (2 * (s->n + 1) > s->cap) {
		struct strset big = { .cap = s->cap ? 2 * s->cap : 64 };

		big.slot = xzalloc(big.cap * sizeof(*big.slot));
		big.value = xzalloc(big.cap * sizeof(*big.value));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i]) {
				size_t k = find(&big, s->slot[i]);

				big.slot[k] = s->slot[i];
				big.value[k] = s->value[i];
			}
		free(s->slot);
		free(s->value);
		big.n = s->n;
		*s = big;
	}
	size_t i = find(s, str);

	if (s->slot[i])
		return false;
	s->slot[i] = xstrdup(str);
	s->value[i] = value;
	s->n++;
	return true;
}

bool strset_add(struct strset *s, const char *str)
{
	return strset_put(s, str, 0);
}

int strset_get(const struct strset *s, const char *str)
{
	size_t i;

	if (!s->cap)
		return -1;
	i = find(s, str);
	return s->slot[i] ? s->value[i] : -1;
}

void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	free(s->value);
	memset(s, 0, sizeof(*s));
}
