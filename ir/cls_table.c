// SPDX-License-Identifier: GPL-2.0
/*
 * The classification pass, step 3: cut a group's key space at every rule
 * interval's ends and record, per elementary interval, the rules covering
 * it in rule order (a sweep over the sorted boundaries).  A lookup then
 * only has to find the last interval starting at or below the key.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

static int key_cmp(const uint64_t *a, const uint64_t *b, int words)
{
	for (int i = 0; i < words; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* qsort_r comparators; `w` points at the key width in words. */
static int point_cmp(const void *a, const void *b, void *w)
{
	return key_cmp(a, b, *(int *)w);
}

static int box_cmp(const void *a, const void *b, void *w)
{
	const struct cls_box *x = a, *y = b;
	int c = key_cmp(x->lo, y->lo, *(int *)w);

	if (c)
		return c;
	return (x->rule > y->rule) - (x->rule < y->rule);
}

bool cls_key_inc(uint64_t *k, int words)
{
	for (int i = words; i-- > 0;)
		if (++k[i])
			return true;
	return false;
}

struct point { uint64_t k[IR_CLS_MAX_WORDS]; };

static bool same_cands(const struct ir_cls_entry *a, const struct ir_cls_entry *b)
{
	if (a->ncands != b->ncands)
		return false;
	for (int i = 0; i < a->ncands; i++)
		if (a->cands[i].rule != b->cands[i].rule ||
		    a->cands[i].res_lo != b->cands[i].res_lo ||
		    a->cands[i].res_hi != b->cands[i].res_hi)
			return false;
	return true;
}

bool cls_build_entries(struct ir_cls_group *g, struct cls_box *boxes,
		       size_t nboxes, uint64_t res_max)
{
	struct point *pts = xzalloc((2 * nboxes + 1) * sizeof(*pts));
	size_t npts = 1, nuniq = 0, next = 0, nactive = 0, cap = 0;
	size_t *active = xmalloc((nboxes + 1) * sizeof(*active));
	bool ok = true;

	int w = g->nwords;

	qsort_r(boxes, nboxes, sizeof(*boxes), box_cmp, &w);
	for (size_t i = 0; i < nboxes; i++) {
		memcpy(pts[npts++].k, boxes[i].lo, sizeof(pts[0].k));
		memcpy(pts[npts].k, boxes[i].hi, sizeof(pts[0].k));
		if (cls_key_inc(pts[npts].k, w))
			npts++;
	}
	qsort_r(pts, npts, sizeof(*pts), point_cmp, &w);
	for (size_t i = 0; i < npts; i++)
		if (!nuniq || key_cmp(pts[i].k, pts[nuniq - 1].k, w))
			pts[nuniq++] = pts[i];
	g->ncands = 1;
	for (size_t p = 0; p < nuniq && ok; p++) {
		struct ir_cls_entry e = { 0 };
		size_t keep = 0;

		/* drop intervals that ended, add those that start here */
		for (size_t a = 0; a < nactive; a++)
			if (key_cmp(boxes[active[a]].hi, pts[p].k, w) >= 0)
				active[keep++] = active[a];
		nactive = keep;
		for (; next < nboxes && !key_cmp(boxes[next].lo, pts[p].k, w); next++) {
			size_t at = nactive;

			while (at && boxes[active[at - 1]].rule > boxes[next].rule) {
				active[at] = active[at - 1];
				at--;
			}
			active[at] = next;
			nactive++;
		}
		memcpy(e.lo, pts[p].k, sizeof(e.lo));
		for (size_t a = 0; a < nactive; a++) {
			const struct cls_box *b = &boxes[active[a]];
			bool full = !g->has_residual ||
				    (b->res_lo == 0 && b->res_hi >= res_max);

			if (e.ncands == IR_CLS_MAX_CANDS) {
				ok = false;
				break;
			}
			e.cands[e.ncands].rule = b->rule;
			e.cands[e.ncands].res_lo = b->res_lo;
			e.cands[e.ncands].res_hi = b->res_hi;
			e.ncands++;
			if (full)
				break;
		}
		if (e.ncands > g->ncands)
			g->ncands = e.ncands;
		if (g->nentries && same_cands(&g->entries[g->nentries - 1], &e))
			continue;
		if (g->nentries == cap) {
			cap = 2 * cap + 16;
			g->entries = xrealloc(g->entries, cap * sizeof(*g->entries));
		}
		g->entries[g->nentries++] = e;
	}
	g->cmp_words = 1;
	for (size_t i = 0; i < g->nentries; i++)
		for (int k = g->nwords - 1; k >= g->cmp_words; k--)
			if (g->entries[i].lo[k]) {
				g->cmp_words = k + 1;
				break;
			}
	free(pts);
	free(active);
	return ok;
}
