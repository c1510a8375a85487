// SPDX-License-Identifier: GPL-2.0
/*
 * The elements of an `auto-merge` interval set as nft lists them: nft
 * merges overlapping and adjacent intervals when it adds them, so the
 * kernel holds (and `nft list` prints) the union, each interval as a single
 * value, an address prefix (addr/len, for address types only) or lo-hi.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/datatype.h"
#include "frontend/evaluate.h"
#include "ir/xalloc.h"

typedef unsigned __int128 u128;

static u128 wide(struct ir_val v)
{
	return (u128)v.hi << 64 | v.lo;
}

static struct ir_val narrow(u128 x)
{
	return (struct ir_val){ .hi = (uint64_t)(x >> 64), .lo = (uint64_t)x };
}

struct span {
	u128 lo, hi;
};

static int by_lo(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The prefix length of [lo, hi] in a field of `bits`, or -1. */
static int prefix_len(u128 lo, u128 hi, unsigned bits)
{
	u128 size = hi - lo + 1;
	int host = 0;

	if (size == 0 || (size & (size - 1)) || (lo & (size - 1)))
		return -1;
	while (host < (int)bits && ((u128)1 << host) != size)
		host++;
	return (int)bits - host;
}

static void value_text(const struct datatype *dt, u128 x, FILE *out)
{
	char buf[128];

	dt_print(dt, narrow(x), buf, sizeof(buf));
	fputs(buf, out);
}

void ev_merged_elements_text(const struct ir_set *set, const struct datatype *dt,
			     unsigned bits, FILE *out)
{
	struct span *v = xmalloc((set->nelems + 1) * sizeof(*v));
	bool addr = dt == &dt_ipv4_addr || dt == &dt_ipv6_addr;
	size_t n = 0;

	for (size_t i = 0; i < set->nelems; i++)
		v[i] = (struct span){ wide(set->elems[i].lo[0]), wide(set->elems[i].hi[0]) };
	qsort(v, set->nelems, sizeof(*v), by_lo);
	for (size_t i = 0; i < set->nelems; i++) {
		if (n && v[i].lo <= v[n - 1].hi + 1 && v[n - 1].hi + 1 != 0) {
			if (v[i].hi > v[n - 1].hi)
				v[n - 1].hi = v[i].hi;
			continue;
		}
		if (n && v[n - 1].hi + 1 == 0)	/* the last one reaches the top */
			continue;
		v[n++] = v[i];
	}
	fputs("{ ", out);
	for (size_t i = 0; i < n; i++) {
		int plen = prefix_len(v[i].lo, v[i].hi, bits);

		fputs(i ? ", " : "", out);
		value_text(dt, v[i].lo, out);
		if (v[i].lo == v[i].hi)
			continue;
		if (addr && plen >= 0) {
			fprintf(out, "/%d", plen);
		} else {
			fputc('-', out);
			value_text(dt, v[i].hi, out);
		}
	}
	fputs(" }", out);
	free(v);
}
