/* SPDX-License-Identifier: GPL-2.0 */
/* A set of strings (open addressing), for uniqueness checks that must stay
 * linear in the number of rules. */
#ifndef CGNFT_IR_STRSET_H
#define CGNFT_IR_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct strset {
	char **slot;
	size_t cap, n;
};

bool strset_has(const struct strset *s, const char *str);
/* Adds a copy; false when it was already there. */
bool strset_add(struct strset *s, const char *str);
void strset_free(struct strset *s);

#endif
