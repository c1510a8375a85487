// SPDX-License-Identifier: GPL-2.0
/*
 * nft's checks of a set's or map's elements, as nft 1.0.6 and the kernel
 * make them when the set is created, so that cgnft refuses what nft
 * refuses, with its messages, and keeps what it keeps:
 *
 * - one field with intervals (an anonymous set with a range or prefix, a
 *   named one with `flags interval`): nft sorts the elements by their low
 *   end (equal ones in reverse order of writing) and refuses two that
 *   overlap, "conflicting intervals specified" (not for anonymous sets or
 *   `auto-merge` ones, which it merges); the kernel's rbtree then refuses
 *   an interval added twice with another verdict or value, "File exists";
 * - one field of single values: the kernel's hash refuses a key added
 *   twice with another verdict or value;
 * - a concatenation: the kernel's pipapo refuses an element whose first
 *   or last key lies in an element added before it, unless it is the same
 *   element (then as above).  Other overlaps are allowed; a lookup finds
 *   the element added first, as the IR's first match does.
 *
 * Duplicates the kernel takes as no-ops are dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/evaluate.h"
#include "ir/xalloc.h"

#define FILE_EXISTS "Could not process rule: File exists"

static int cmp_val(struct ir_val a, struct ir_val b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return a.lo < b.lo ? -1 : a.lo > b.lo;
}

static bool same_box(const struct ir_set *s, size_t a, size_t b)
{
	for (int f = 0; f < s->nfields; f++)
		if (cmp_val(s->elems[a].lo[f], s->elems[b].lo[f]) ||
		    cmp_val(s->elems[a].hi[f], s->elems[b].hi[f]))
			return false;
	return true;
}

static bool same_data(const struct ir_set *s, size_t a, size_t b)
{
	const struct ir_set_elem *x = &s->elems[a], *y = &s->elems[b];

	if (s->is_map)
		return x->data == y->data;
	if (!s->is_vmap)
		return true;
	return x->verdict.kind == y->verdict.kind &&
	       ((x->verdict.kind != IR_VERDICT_JUMP && x->verdict.kind != IR_VERDICT_GOTO) ||
		x->verdict.chain == y->verdict.chain);
}

static void drop(struct ir_set *s, const bool *gone)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nelems; i++)
		if (!gone[i])
			s->elems[n++] = s->elems[i];
	s->nelems = n;
}

/* ---- one field ---- */

static const struct ir_set *sort_set;
static bool sort_newest_first;

/* By low end; equal ones in order of writing, or reversed. */
static int cmp_lo(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = cmp_val(sort_set->elems[i].lo[0], sort_set->elems[j].lo[0]);

	if (c)
		return c;
	if (sort_newest_first)
		return i < j ? 1 : -1;
	return i < j ? -1 : i > j;
}

static size_t *sorted(const struct ir_set *s, bool newest_first)
{
	size_t *ord = xmalloc((s->nelems + 1) * sizeof(*ord));

	for (size_t i = 0; i < s->nelems; i++)
		ord[i] = i;
	sort_set = s;
	sort_newest_first = newest_first;
	qsort(ord, s->nelems, sizeof(*ord), cmp_lo);
	return ord;
}

/* nft's setelem_overlap(), on the sorted elements: neighbours that
 * overlap without being equal. */
static bool no_overlap(struct evctx *e, const struct ir_set *s, const size_t *ord,
		       const struct ev_elem *info)
{
	for (size_t k = 1; k < s->nelems; k++) {
		size_t prev = ord[k - 1], i = ord[k];

		if (same_box(s, prev, i))
			continue;
		if (cmp_val(s->elems[i].lo[0], s->elems[prev].hi[0]) <= 0) {
			fe_error2(e->d, &info[i].loc, &info[prev].loc,
				  "conflicting intervals specified");
			return false;
		}
	}
	return true;
}

static const size_t *sort_pos;
static int sort_field;

static int cmp_ir_val(const void *a, const void *b)
{
	return cmp_val(*(const struct ir_val *)a, *(const struct ir_val *)b);
}

static int cmp_lo_field(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	return cmp_val(sort_set->elems[i].lo[sort_field], sort_set->elems[j].lo[sort_field]);
}

/* By box, then by when the kernel adds it. */
static int cmp_box(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;

	for (int f = 0; f < sort_set->nfields; f++) {
		int c = cmp_val(sort_set->elems[i].lo[f], sort_set->elems[j].lo[f]);

		if (!c)
			c = cmp_val(sort_set->elems[i].hi[f], sort_set->elems[j].hi[f]);
		if (c)
			return c;
	}
	return sort_pos[i] < sort_pos[j] ? -1 : sort_pos[i] > sort_pos[j];
}

/*
 * The kernel adding element i as the pos[i]-th: the same key (or
 * interval) again is a no-op with the same verdict or value, and refused
 * with another; the first refusal it meets is reported.
 */
static bool no_clash(struct evctx *e, const struct ir_set *s, const size_t *pos,
		     const struct ev_elem *info, bool *gone)
{
	size_t *ord = xmalloc((s->nelems + 1) * sizeof(*ord)), bad = SIZE_MAX;

	for (size_t i = 0; i < s->nelems; i++)
		ord[i] = i;
	sort_set = s;
	sort_pos = pos;
	qsort(ord, s->nelems, sizeof(*ord), cmp_box);
	for (size_t k = 1, first = 0; k < s->nelems; k++) {
		size_t i = ord[k];

		if (!same_box(s, ord[first], i))
			first = k;
		else if (same_data(s, ord[first], i))
			gone[i] = true;
		else if (bad == SIZE_MAX || pos[i] < pos[bad])
			bad = i;
	}
	free(ord);
	if (bad == SIZE_MAX)
		return true;
	fe_error(e->d, &info[bad].loc, FILE_EXISTS);
	return false;
}

static bool one_field(struct evctx *e, const struct ev_setspec *sp, struct ir_set *s,
		      const struct ev_elem *info, bool *gone)
{
	size_t *pos = xmalloc((s->nelems + 1) * sizeof(*pos)), *ord = NULL;
	bool interval = sp->name ? sp->interval : false, ok = true;

	for (size_t i = 0; i < s->nelems && !sp->name; i++)
		interval |= info[i].ranged;
	for (size_t i = 0; i < s->nelems; i++)
		pos[i] = i;
	if (interval) {
		/* maps are never merged; sets are, when anonymous or
		 * auto-merge */
		bool merged = !sp->data && (!sp->name || sp->automerge);

		ord = sorted(s, true);
		ok = merged || no_overlap(e, s, ord, info);
		for (size_t k = 0; k < s->nelems; k++)
			pos[ord[k]] = k;
	}
	ok = ok && no_clash(e, s, pos, info, gone);
	free(ord);
	free(pos);
	return ok;
}

/* ---- concatenations ---- */

/*
 * Which elements hold a point: the elements sorted by their low end in
 * one field (the one with the most distinct low ends), and a segment tree
 * of the largest high end below each node, so that a query visits only
 * elements whose interval in that field holds the point's value.
 */
struct holders {
	const struct ir_set *s;
	int f;
	size_t *ord, n, size;
	struct ir_val *max_hi;	/* tree nodes 1..2 * size - 1 */
};

static size_t distinct_lo(const struct ir_set *s, int f)
{
	struct ir_val *v = xmalloc((s->nelems + 1) * sizeof(*v));
	size_t n = 0;

	for (size_t i = 0; i < s->nelems; i++)
		v[i] = s->elems[i].lo[f];
	sort_set = s;
	qsort(v, s->nelems, sizeof(*v), cmp_ir_val);
	for (size_t i = 0; i < s->nelems; i++)
		n += !i || cmp_val(v[i - 1], v[i]);
	free(v);
	return n;
}

static void holders_init(struct holders *h, const struct ir_set *s)
{
	size_t best = 0;

	memset(h, 0, sizeof(*h));
	h->s = s;
	h->n = s->nelems;
	for (int f = 0; f < s->nfields; f++) {
		size_t d = distinct_lo(s, f);

		if (d > best) {
			best = d;
			h->f = f;
		}
	}
	h->ord = xmalloc((h->n + 1) * sizeof(*h->ord));
	for (size_t i = 0; i < h->n; i++)
		h->ord[i] = i;
	sort_set = s;
	sort_field = h->f;
	qsort(h->ord, h->n, sizeof(*h->ord), cmp_lo_field);
	h->size = 1;
	while (h->size < h->n)
		h->size *= 2;
	h->max_hi = xzalloc(2 * h->size * sizeof(*h->max_hi));
	for (size_t k = 0; k < h->n; k++)
		h->max_hi[h->size + k] = s->elems[h->ord[k]].hi[h->f];
	for (size_t k = h->size - 1; k >= 1; k--)
		h->max_hi[k] = cmp_val(h->max_hi[2 * k], h->max_hi[2 * k + 1]) >= 0 ?
			       h->max_hi[2 * k] : h->max_hi[2 * k + 1];
}

static bool holds(const struct ir_set *s, size_t i, const struct ir_val *pt)
{
	for (int f = 0; f < s->nfields; f++)
		if (cmp_val(pt[f], s->elems[i].lo[f]) < 0 ||
		    cmp_val(pt[f], s->elems[i].hi[f]) > 0)
			return false;
	return true;
}

/* The smallest i in `in` that holds pt, among the first `below` in ord
 * (those whose low end is at or below pt's), under tree node `node`. */
static void find(const struct holders *h, size_t node, size_t lo, size_t hi,
		 size_t below, const struct ir_val *pt, const bool *in, size_t *best)
{
	if (lo >= below || lo >= h->n || cmp_val(h->max_hi[node], pt[h->f]) < 0)
		return;
	if (node >= h->size) {
		size_t i = h->ord[lo];

		if (in[i] && i < *best && holds(h->s, i, pt))
			*best = i;
		return;
	}
	find(h, 2 * node, lo, (lo + hi) / 2, below, pt, in, best);
	find(h, 2 * node + 1, (lo + hi) / 2, hi, below, pt, in, best);
}

static size_t holder(const struct holders *h, const struct ir_val *pt, const bool *in)
{
	size_t a = 0, b = h->n, best = SIZE_MAX;

	/* below = the number of elements whose low end is <= pt[f] */
	while (a < b) {
		size_t m = (a + b) / 2;

		if (cmp_val(h->s->elems[h->ord[m]].lo[h->f], pt[h->f]) <= 0)
			a = m + 1;
		else
			b = m;
	}
	find(h, 1, 0, h->size, a, pt, in, &best);
	return best;
}

/* nft_pipapo_insert(), element by element in order of writing. */
static bool concat(struct evctx *e, struct ir_set *s, const struct ev_elem *info,
		   bool *gone)
{
	bool *in = xzalloc(s->nelems + 1), ok = true;
	struct holders h;

	holders_init(&h, s);
	for (size_t i = 0; i < s->nelems && ok; i++) {
		size_t d = holder(&h, s->elems[i].lo, in);

		if (d != SIZE_MAX && same_box(s, d, i) && same_data(s, d, i))
			gone[i] = true;
		else if (d != SIZE_MAX || holder(&h, s->elems[i].hi, in) != SIZE_MAX)
			ok = false;
		else
			in[i] = true;
		if (!ok)
			fe_error(e->d, &info[i].loc, FILE_EXISTS);
	}
	free(h.ord);
	free(h.max_hi);
	free(in);
	return ok;
}

bool ev_check_elems(struct evctx *e, const struct ev_setspec *sp, struct ir_set *s,
		    struct ev_elem *info)
{
	bool *gone = xzalloc(s->nelems + 1), ok;

	if (s->nfields > 1)
		ok = concat(e, s, info, gone);
	else
		ok = one_field(e, sp, s, info, gone);
	if (ok)
		drop(s, gone);
	free(gone);
	return ok;
}
