// SPDX-License-Identifier: GPL-2.0
/*
 * The classification pass, step 5: a first-level index for groups that are
 * searched (ranges, prefixes).  Word 0 of the key, minus the lowest first
 * word of any entry, shifted right so that about 2 * nentries buckets
 * cover the entries' span, picks a bucket; each bucket stores the entry
 * where the answer for its lowest key lies, and the search then only has
 * to cover the widest bucket: log2 of its entry count instead of log2 of
 * the table's.  Skewed tables (every entry in one bucket) gain nothing and
 * keep the plain search.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

#define INDEX_MIN_ENTRIES 32
#define INDEX_MAX_BITS 16

static int log2_ceil(size_t v)
{
	int s = 0;

	while (((size_t)1 << s) < v)
		s++;
	return s;
}

/* entry.lo <= (m0, 0, 0, ...): the lowest key whose word 0 is m0 */
static bool le_word0_min(const struct ir_cls_group *g,
			 const struct ir_cls_entry *en, uint64_t m0)
{
	if (en->lo[0] != m0)
		return en->lo[0] < m0;
	for (int w = 1; w < g->nwords; w++)
		if (en->lo[w])
			return false;
	return true;
}

void cls_build_index(struct ir_cls_group *g)
{
	size_t n = g->nentries, nb, lo_i = 0, hi_i = 0, span = 1, top = 0;
	uint64_t base, width;
	struct ir_cls_index *ix;
	int bits, shift;

	if (n < INDEX_MIN_ENTRIES)
		return;
	/* entries[0].lo is 0 (the bottom of the key space): skip it */
	base = g->entries[1].lo[0];
	width = g->entries[n - 1].lo[0] - base;
	bits = log2_ceil(n) + 1;
	if (bits > INDEX_MAX_BITS)
		bits = INDEX_MAX_BITS;
	shift = cls_bit_width(width) - bits;
	if (shift < 0)
		shift = 0;
	nb = (size_t)(width >> shift) + 1;
	ix = xzalloc(sizeof(*ix));
	ix->base = base;
	ix->shift = shift;
	ix->nbuckets = nb;
	ix->start = xmalloc(nb * sizeof(*ix->start));
	for (size_t b = 0; b < nb; b++) {
		/* bucket 0 also holds the keys below base, the last one those
		 * above its end */
		if (b > 0) {
			uint64_t m0 = base + ((uint64_t)b << shift);

			while (lo_i + 1 < n && le_word0_min(g, &g->entries[lo_i + 1], m0))
				lo_i++;
		}
		if (b + 1 == nb) {
			hi_i = n - 1;
		} else {
			uint64_t last = base + ((uint64_t)(b + 1) << shift) - 1;

			while (hi_i + 1 < n && g->entries[hi_i + 1].lo[0] <= last)
				hi_i++;
		}
		ix->start[b] = (uint32_t)lo_i;
		if (hi_i - lo_i + 1 > span)
			span = hi_i - lo_i + 1;
		if (lo_i > top)
			top = lo_i;
	}
	ix->steps = log2_ceil(span);
	/* the bucket arithmetic costs about two search steps */
	if (ix->steps + 2 >= log2_ceil(n)) {
		ir_cls_index_free(ix);
		return;
	}
	ix->padded = top + ((size_t)1 << ix->steps);
	if (ix->padded < n)
		ix->padded = n;
	g->index = ix;
}

void ir_cls_index_free(struct ir_cls_index *ix)
{
	if (!ix)
		return;
	free(ix->start);
	free(ix);
}
