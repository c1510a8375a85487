/* SPDX-License-Identifier: GPL-2.0 */
/* A set of strings (open addressing), for uniqueness checks and name
 * lookups that must stay linear in the number of rules; each string can
 * carry an int (an index, say). */
#ifndef CGNFT_IR_STRSET_H
#define CGNFT_IR_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset {
	char **slot;
	int *value;
	size_t cap, n;
};

bool strset_has(const struct strset *s, const char *str);
/* Adds a copy; false when it was already there. */
bool strset_add(struct strset *s, const char *str);
/* Adds a copy carrying `value`; false (nothing changes) when it was there. */
bool strset_put(struct strset *s, const char *str, int value);
/* The value carried by `str`, or -1 when it is not in the set. */
int strset_get(const struct strset *s, const char *str);
void strset_free(struct strset *s);

#endif
