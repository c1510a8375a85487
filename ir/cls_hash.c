// SPDX-License-Identifier: GPL-2.0
/*
 * The classification pass, step 4: a group whose rules match single keys
 * only (exact fields, no ranges or prefixes) gets a perfect hash of its
 * keys instead of a binary search: one table slot per packet, whatever the
 * group's size.  Hash and displace: the hash's top bits pick a bucket, the
 * bucket's displacement is XORed into the hash's low 32 bits, which are
 * scaled to the slot count (multiply, shift: any count, not only powers of
 * two); the displacements are chosen at compile time so that no two keys
 * share a slot.  The slot still holds its key: a key that is not in the
 * group lands somewhere and fails the compare.  Slots are 80% used, or 50%
 * when no multiplier manages that.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

#define MAX_SEEDS 16
#define MAX_DISP (1u << 20)	/* displacements tried per bucket */

uint64_t ir_cls_hash_key(uint64_t mult, const uint64_t *key, int words)
{
	uint64_t h = 0;

	for (int w = 0; w < words; w++) {
		h = (h ^ key[w]) * mult;
		h ^= h >> 32;
	}
	return h;
}

/* The entry is exactly one key: the next entry starts at lo + 1. */
static bool entry_is_point(const struct ir_cls_group *g, size_t i)
{
	uint64_t k[IR_CLS_MAX_WORDS];

	if (i + 1 == g->nentries)
		return false;
	memcpy(k, g->entries[i].lo, sizeof(k));
	return cls_key_inc(k, g->nwords) &&
	       !memcmp(k, g->entries[i + 1].lo, g->nwords * 8);
}

/* splitmix64: a fixed sequence of odd multipliers, so output is the same
 * on every run. */
static uint64_t seed_mult(uint64_t s)
{
	uint64_t z = (s + 1) * 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return (z ^ (z >> 31)) | 1;
}

struct hkey {
	uint64_t h;
	uint32_t entry, bucket;
};

/* Larger buckets first (they are the hard ones), then by index. */
static int bucket_cmp(const void *a, const void *b, void *sizes)
{
	const uint32_t *sz = sizes, *x = a, *y = b;

	if (sz[*x] != sz[*y])
		return sz[*x] > sz[*y] ? -1 : 1;
	return (*x > *y) - (*x < *y);
}

static int hkey_cmp(const void *a, const void *b)
{
	const struct hkey *x = a, *y = b;

	if (x->bucket != y->bucket)
		return x->bucket < y->bucket ? -1 : 1;
	return (x->entry > y->entry) - (x->entry < y->entry);
}

size_t ir_cls_hash_slot(uint64_t h, uint32_t disp, size_t nslots)
{
	return (size_t)((((h ^ disp) & 0xffffffffu) * (uint64_t)nslots) >> 32);
}

/* Place every bucket with one multiplier; false when some bucket finds no
 * displacement (two of its keys share the low bits, say). */
static bool try_place(struct ir_cls_hash *hs, struct hkey *keys, size_t n)
{
	size_t nb = (size_t)1 << hs->bucket_bits, ns = hs->nslots;
	uint32_t *size = xzalloc(nb * sizeof(*size));
	uint32_t *start = xzalloc((nb + 1) * sizeof(*start));
	uint32_t *order = xmalloc(nb * sizeof(*order));
	bool ok = true;

	for (size_t i = 0; i < n; i++)
		size[keys[i].bucket]++;
	qsort(keys, n, sizeof(*keys), hkey_cmp);
	for (size_t b = 0; b < nb; b++) {
		start[b + 1] = start[b] + size[b];
		order[b] = (uint32_t)b;
	}
	qsort_r(order, nb, sizeof(*order), bucket_cmp, size);
	for (size_t s = 0; s < hs->nslots; s++)
		hs->slot_entry[s] = UINT32_MAX;
	memset(hs->disp, 0, nb * sizeof(*hs->disp));
	for (size_t o = 0; o < nb && ok && size[order[o]]; o++) {
		uint32_t b = order[o];
		const struct hkey *k = &keys[start[b]];
		size_t d;

		for (d = 0; d < MAX_DISP; d++) {
			/* spread over all 32 bits: the slot is taken from the
			 * high ones, so small values would move keys a little */
			uint32_t dv = (uint32_t)d * 0x9e3779b1u;
			size_t i;

			for (i = 0; i < size[b]; i++) {
				size_t s = ir_cls_hash_slot(k[i].h, dv, ns);

				if (hs->slot_entry[s] != UINT32_MAX)
					break;
				hs->slot_entry[s] = k[i].entry;	/* tentatively */
			}
			if (i == size[b])
				break;
			while (i--)
				hs->slot_entry[ir_cls_hash_slot(k[i].h, dv, ns)] = UINT32_MAX;
		}
		if (d == MAX_DISP)
			ok = false;
		else
			hs->disp[b] = (uint32_t)d * 0x9e3779b1u;
	}
	free(size);
	free(start);
	free(order);
	return ok;
}

void cls_build_hash(struct ir_cls_group *g)
{
	static const int fill_pct[] = { 80, 50 };
	struct ir_cls_hash *hs;
	struct hkey *keys;
	size_t n = 0;
	int bbits = 0;

	for (size_t i = 0; i < g->nentries; i++) {
		if (!g->entries[i].ncands)
			continue;
		if (!entry_is_point(g, i))
			return;
		n++;
	}
	if (n < 4)
		return;
	/* four keys per bucket */
	while (((size_t)4 << bbits) < n)
		bbits++;
	hs = xzalloc(sizeof(*hs));
	hs->bucket_bits = bbits;
	hs->disp = xzalloc(((size_t)1 << bbits) * sizeof(*hs->disp));
	hs->slot_entry = xmalloc((2 * n + 1) * sizeof(*hs->slot_entry));
	keys = xmalloc(n * sizeof(*keys));
	for (uint64_t attempt = 0; attempt < 2 * MAX_SEEDS; attempt++) {
		uint64_t seed = attempt % MAX_SEEDS;
		size_t k = 0;

		hs->nslots = n * 100 / (size_t)fill_pct[attempt / MAX_SEEDS] + 1;
		hs->mult = seed_mult(seed);
		for (size_t i = 0; i < g->nentries; i++) {
			if (!g->entries[i].ncands)
				continue;
			keys[k].h = ir_cls_hash_key(hs->mult, g->entries[i].lo,
						    g->nwords);
			keys[k].bucket = bbits ?
				(uint32_t)(keys[k].h >> (64 - bbits)) : 0;
			keys[k++].entry = (uint32_t)i;
		}
		if (try_place(hs, keys, n)) {
			g->hash = hs;
			free(keys);
			return;
		}
	}
	/* no multiplier worked, even half full: keep the binary search */
	free(keys);
	ir_cls_hash_free(hs);
}

void cls_choose_lookup(struct ir_cls_group *g)
{
	if (g->nwords == 1 && g->ndims &&
	    g->dims[0].shift + g->dims[0].bits <= IR_CLS_DIRECT_BITS) {
		g->direct = true;
		return;
	}
	cls_build_hash(g);
	if (!g->hash)
		cls_build_index(g);
}

void ir_cls_hash_free(struct ir_cls_hash *hs)
{
	if (!hs)
		return;
	free(hs->disp);
	free(hs->slot_entry);
	free(hs);
}
