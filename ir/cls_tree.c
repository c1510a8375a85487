// SPDX-License-Identifier: GPL-2.0
/*
 * The classification pass, the multi-field part: a HiCuts-style decision
 * tree (Gupta and McKeown, "Packet Classification using Hierarchical
 * Intelligent Cuttings", Hot Interconnects 1999) over the fields of rules
 * that match prefixes and ranges in several fields at once.  Each node
 * cuts one field of its region into 2^k equal parts (aligned, so a child is
 * (v >> shift) & mask); the field and k are chosen to make the largest
 * child smallest, within a space budget.  A leaf keeps the boxes that
 * reach its region in rule order, up to the first one covering the whole
 * region: nothing after it can be the first match there.  See
 * ir/classify.h for the layout the program walks.
 *
 * More than IR_TREE_LEAF rules can hold one point (large sets: a dense
 * cluster of nested prefixes and wildcards); no cut separates them.  A
 * tree built with a spill list keeps the first IR_TREE_LEAF of such a
 * leaf and gives the others' rules up: they leave the tree's rule list
 * (and its later leaves) and go to another tree.  A spilled rule that
 * stays in earlier leaves is harmless: boxes are exact, and the best over
 * all trees is the earliest rule that holds the packet either way.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

#define BINTH 4			/* lists this short become leaves */
#define MAX_CUT_BITS 12		/* at most 4096 children per node */
#define SPFAC 8			/* children's list lengths <= SPFAC * n */
#define MAX_NODES (1u << 23)
/* Replication bound: a tree with more nodes than this per box fails, and
 * its rules go to smaller trees (a few wide-open rules among many small
 * ones otherwise make millions of nodes). */
#define NODES_PER_BOX 64
#define NODES_SLACK 8192
#define MAX_CANDS (1u << 22)

struct builder {
	struct ir_cls_tree *t;
	const struct ir_cls_tbox *boxes;
	bool failed;
	uint8_t *spilled;	/* by rule index - first; NULL: no spilling */
	uint32_t first;
	size_t node_cap, max_nodes;
	/* candidate lists by their boxes (hash of the box indices), so that
	 * leaves with the same list share it */
	size_t *list_of;	/* slot -> list + 1, or 0 */
	size_t list_slots;
	uint32_t *list_cand;	/* per list: its start in t->cands */
	uint32_t **lists;
	size_t *list_len, nlists;
	int64_t diff[(1 << MAX_CUT_BITS) + 1];	/* cut_cost's scratch */
};

struct region {
	uint64_t lo[IR_TREE_MAX_DIMS];
	int fb[IR_TREE_MAX_DIMS];	/* free bits: hi = lo + 2^fb - 1 */
};

static uint64_t region_hi(const struct region *r, int d)
{
	return r->lo[d] + ((r->fb[d] >= 64 ? ~0ull : (1ull << r->fb[d])) - 1);
}

static bool covers(const struct ir_cls_tree *t, const struct ir_cls_tbox *b,
		   const struct region *r)
{
	for (int d = 0; d < t->ndims; d++)
		if (b->lo[d] > r->lo[d] || b->hi[d] < region_hi(r, d))
			return false;
	return true;
}

/* n consecutive nodes (a node's children lie together: child c of a node
 * is nodes[base + c], no pointer to follow); their index. */
static uint32_t new_nodes(struct builder *b, size_t n)
{
	struct ir_cls_tree *t = b->t;
	size_t at = t->nnodes;

	if (at + n > b->max_nodes) {
		b->failed = true;
		return 0;
	}
	if (at + n > b->node_cap) {
		while (at + n > b->node_cap)
			b->node_cap = b->node_cap ? 2 * b->node_cap : 1024;
		t->nodes = xrealloc(t->nodes, b->node_cap * sizeof(*t->nodes));
	}
	memset(t->nodes + at, 0, n * sizeof(*t->nodes));
	t->nnodes += n;
	return (uint32_t)at;
}

static uint64_t list_hash(const uint32_t *l, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull ^ n;

	for (size_t i = 0; i < n; i++)
		h = (h ^ l[i]) * 0x100000001b3ull;
	return h;
}

/* The start in t->cands of list l[0..n) (box indices): shared by every
 * leaf whose list is the same. */
static uint32_t cand_list(struct builder *b, const uint32_t *l, size_t n)
{
	struct ir_cls_tree *t = b->t;
	size_t s, start = t->ncands;

	if (b->list_slots) {
		for (s = list_hash(l, n) & (b->list_slots - 1); b->list_of[s];
		     s = (s + 1) & (b->list_slots - 1)) {
			size_t k = b->list_of[s] - 1;

			if (b->list_len[k] == n &&
			    !memcmp(b->lists[k], l, n * sizeof(*l)))
				return b->list_cand[k];
		}
	}
	if (t->ncands + n + 1 > MAX_CANDS) {
		b->failed = true;
		return 0;
	}
	for (size_t i = 0; i <= n; i++) {
		struct ir_cls_tbox end = { .rule = IR_TREE_END };

		t->cands = xgrow(t->cands, t->ncands, sizeof(*t->cands));
		t->cands[t->ncands++] = i < n ? b->boxes[l[i]] : end;
	}
	if ((int)n > t->leaf_max)
		t->leaf_max = (int)n;
	/* remember it; grow the table at half full */
	if (2 * (b->nlists + 1) > b->list_slots) {
		size_t ns = b->list_slots ? 2 * b->list_slots : 1024;
		size_t *nt = xzalloc(ns * sizeof(*nt));

		for (size_t i = 0; i < b->list_slots; i++) {
			size_t k;

			if (!b->list_of[i])
				continue;
			k = b->list_of[i] - 1;
			for (s = list_hash(b->lists[k], b->list_len[k]) & (ns - 1);
			     nt[s]; s = (s + 1) & (ns - 1))
				;
			nt[s] = b->list_of[i];
		}
		free(b->list_of);
		b->list_of = nt;
		b->list_slots = ns;
	}
	{
		size_t k = b->nlists++;

		b->lists = xgrow(b->lists, k, sizeof(*b->lists));
		b->list_len = xgrow(b->list_len, k, sizeof(*b->list_len));
		b->list_cand = xgrow(b->list_cand, k, sizeof(*b->list_cand));
		b->lists[k] = xmalloc((n ? n : 1) * sizeof(*l));
		memcpy(b->lists[k], l, n * sizeof(*l));
		b->list_len[k] = n;
		b->list_cand[k] = (uint32_t)start;
		for (s = list_hash(l, n) & (b->list_slots - 1); b->list_of[s];
		     s = (s + 1) & (b->list_slots - 1))
			;
		b->list_of[s] = k + 1;
	}
	return (uint32_t)start;
}

/* Node `at` becomes a leaf for list l[0..n): mask 0 and base = itself, so
 * the walk stays there. */
static void make_leaf(struct builder *b, uint32_t at, const uint32_t *l, size_t n)
{
	uint32_t cand = cand_list(b, l, n);

	b->t->nodes[at] = (struct ir_cls_tnode){ .base = at, .cand = cand };
	b->t->nleaves++;
}

/* Child index range [*c0, *c1] of box x for a cut of dim d into 2^k. */
static void child_span(const struct ir_cls_tbox *x, const struct region *r,
		       int d, int k, uint64_t *c0, uint64_t *c1)
{
	uint64_t lo = x->lo[d] > r->lo[d] ? x->lo[d] : r->lo[d];
	uint64_t hi = x->hi[d] < region_hi(r, d) ? x->hi[d] : region_hi(r, d);
	int sh = r->fb[d] - k;

	*c0 = (lo - r->lo[d]) >> sh;
	*c1 = (hi - r->lo[d]) >> sh;
}

/* The cut of dim d into 2^k: the largest child's list and the sum. */
static void cut_cost(const struct builder *b, const uint32_t *l, size_t n,
		     const struct region *r, int d, int k, size_t *maxc,
		     size_t *sum, int64_t *diff)
{
	size_t nc = (size_t)1 << k;
	int64_t run = 0;

	memset(diff, 0, (nc + 1) * sizeof(*diff));
	*sum = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t c0, c1;

		child_span(&b->boxes[l[i]], r, d, k, &c0, &c1);
		diff[c0]++;
		diff[c1 + 1]--;
		*sum += c1 - c0 + 1;
	}
	*maxc = 0;
	for (size_t c = 0; c < nc; c++) {
		run += diff[c];
		if ((size_t)run > *maxc)
			*maxc = (size_t)run;
	}
}

/* Node `at`: a leaf or a cut of region r holding boxes in[0..nin). */
static void build(struct builder *b, uint32_t at, const struct region *r,
		  const uint32_t *in, size_t nin, int depth)
{
	struct ir_cls_tree *t = b->t;
	uint32_t *l = xmalloc((nin ? nin : 1) * sizeof(*l));
	int64_t *diff = b->diff;
	size_t n = 0, best_max = SIZE_MAX, best_sum = SIZE_MAX;
	int best_d = -1, best_k = 0;
	uint32_t base, **kids;
	size_t *nkids, nc;

	for (size_t i = 0; i < nin; i++) {
		if (b->spilled && b->spilled[b->boxes[in[i]].rule - b->first])
			continue;
		l[n++] = in[i];
		if (covers(t, &b->boxes[in[i]], r))
			break;
	}
	if (n <= BINTH || b->failed) {
		make_leaf(b, at, l, n);
		free(l);
		return;
	}
	for (int d = 0; d < t->ndims; d++) {
		int kmax = r->fb[d] < MAX_CUT_BITS ? r->fb[d] : MAX_CUT_BITS;
		size_t prev_max = 0, prev_sum = 0;
		int prev_k = 0;

		for (int k = 1; k <= kmax; k++) {
			size_t maxc, sum;

			cut_cost(b, l, n, r, d, k, &maxc, &sum, diff);
			if (prev_k && sum + ((size_t)1 << k) > SPFAC * n)
				break;
			prev_max = maxc, prev_sum = sum, prev_k = k;
			if (maxc <= BINTH)
				break;
		}
		if (prev_k && (prev_max < best_max ||
			       (prev_max == best_max && prev_sum < best_sum))) {
			best_max = prev_max, best_sum = prev_sum;
			best_d = d, best_k = prev_k;
		}
	}
	/* no cut that makes progress, or no depth left: a leaf, if short */
	if (best_d < 0 || depth >= IR_TREE_MAX_DEPTH ||
	    (best_max >= n && n <= IR_TREE_LEAF)) {
		/* no cut left: a leaf, if its list is short enough */
		if (n > IR_TREE_LEAF && b->spilled) {
			for (size_t i = IR_TREE_LEAF; i < n; i++)
				b->spilled[b->boxes[l[i]].rule - b->first] = 1;
			n = IR_TREE_LEAF;
		} else if (n > IR_TREE_LEAF) {
			b->failed = true;
		}
		make_leaf(b, at, l, n);
		free(l);
		return;
	}
	nc = (size_t)1 << best_k;
	kids = xzalloc(nc * sizeof(*kids));
	nkids = xzalloc(nc * sizeof(*nkids));
	for (size_t i = 0; i < n; i++) {
		uint64_t c0, c1;

		child_span(&b->boxes[l[i]], r, best_d, best_k, &c0, &c1);
		for (uint64_t c = c0; c <= c1; c++) {
			kids[c] = xgrow(kids[c], nkids[c], sizeof(**kids));
			kids[c][nkids[c]++] = l[i];
		}
	}
	free(l);
	base = new_nodes(b, nc);
	if (!b->failed)
		b->t->nodes[at] = (struct ir_cls_tnode){
			.dim = (uint16_t)best_d,
			.shift = (uint16_t)(r->fb[best_d] - best_k),
			.mask = (uint32_t)(nc - 1), .base = base,
		};
	if (depth + 1 > t->depth)
		t->depth = depth + 1;
	for (size_t c = 0; c < nc; c++) {
		struct region cr = *r;

		cr.fb[best_d] -= best_k;
		cr.lo[best_d] += (uint64_t)c << cr.fb[best_d];
		if (!b->failed)
			build(b, base + (uint32_t)c, &cr, kids[c], nkids[c], depth + 1);
		free(kids[c]);
	}
	free(kids);
	free(nkids);
}

static void builder_free(struct builder *b)
{
	for (size_t k = 0; k < b->nlists; k++)
		free(b->lists[k]);
	free(b->lists);
	free(b->list_len);
	free(b->list_cand);
	free(b->list_of);
}

void ir_cls_tree_free(struct ir_cls_tree *t)
{
	free(t->guards);
	free(t->idx);
	free(t->nodes);
	free(t->cands);
	memset(t, 0, sizeof(*t));
}

static int dim_of(const struct ir_cls_tree *t, const struct ir_field *f)
{
	for (int d = 0; d < t->ndims; d++)
		if (!cls_field_cmp(&t->fields[d], f))
			return d;
	return -1;
}

bool cls_tree_field_ok(const struct ir_field *f)
{
	return f->len <= 4 && cls_field_max(f) < (1ull << 62);
}

/* The boxes of rule r (index idx): the product of its conds' ranges, every
 * other dim whole. */
static void add_boxes(const struct ir_cls_tree *t, const struct cls_rule *r,
		      uint32_t idx, struct ir_cls_tbox **boxes, size_t *nboxes)
{
	size_t pick[CLS_MAX_CONDS] = { 0 };
	int dims[CLS_MAX_CONDS], nsel = 0;

	for (int c = 0; c < r->nconds; c++) {
		dims[c] = dim_of(t, &r->conds[c].field);
		nsel++;
	}
	for (;;) {
		struct ir_cls_tbox x = { .rule = idx };
		int k;

		for (int d = 0; d < t->ndims; d++)
			x.hi[d] = (1ull << t->bits[d]) - 1;
		for (int c = 0; c < r->nconds; c++) {
			if (dims[c] < 0)
				continue;	/* a guard */
			x.lo[dims[c]] = r->conds[c].lo[pick[c]].lo;
			x.hi[dims[c]] = r->conds[c].hi[pick[c]].lo;
		}
		*boxes = xgrow(*boxes, *nboxes, sizeof(**boxes));
		(*boxes)[(*nboxes)++] = x;
		for (k = 0; k < nsel; k++) {
			if (++pick[k] < r->conds[k].n)
				break;
			pick[k] = 0;
		}
		if (k == nsel)
			return;
	}
}

/* Drop the spilled rules from t's rule list and append them to sp; false
 * (sp unchanged) when no rule would be left. */
static bool take_spilled(struct ir_cls_tree *t, const uint8_t *spilled,
			 uint32_t first, struct cls_spill *sp)
{
	size_t kept = 0;

	for (size_t i = 0; i < t->nrules; i++)
		kept += !spilled[t->idx[i] - first];
	if (!kept)
		return false;
	kept = 0;
	for (size_t i = 0; i < t->nrules; i++) {
		if (!spilled[t->idx[i] - first]) {
			t->idx[kept++] = t->idx[i];
			continue;
		}
		sp->idx = xgrow(sp->idx, sp->n, sizeof(*sp->idx));
		sp->idx[sp->n++] = t->idx[i];
	}
	t->nspilled = t->nrules - kept;
	t->nrules = kept;
	t->first = t->idx[0];
	return true;
}

bool cls_build_tree(struct ir_cls_tree *t, const struct cls_rule *rules,
		    const uint32_t *idx, size_t n, struct cls_spill *sp)
{
	struct ir_cls_tbox *boxes = NULL;
	size_t nboxes = 0;
	struct builder *bp, b;
	struct region root = { 0 };
	uint32_t *all;

	memset(t, 0, sizeof(*t));
	t->nrules = n;
	t->first = idx[0];
	t->idx = xmalloc(n * sizeof(*t->idx));
	memcpy(t->idx, idx, n * sizeof(*t->idx));
	/* guards: a field every rule matches with the same one value */
	for (int c = 0; c < rules[idx[0]].nconds; c++) {
		const struct cls_cond *c0 = &rules[idx[0]].conds[c];
		bool same = c0->n == 1 && c0->lo[0].lo == c0->hi[0].lo;

		for (size_t i = 1; i < n && same; i++) {
			const struct cls_rule *r = &rules[idx[i]];
			bool found = false;

			for (int j = 0; j < r->nconds; j++)
				if (!cls_field_cmp(&r->conds[j].field, &c0->field))
					found = r->conds[j].n == 1 &&
						r->conds[j].lo[0].lo == c0->lo[0].lo &&
						r->conds[j].hi[0].lo == c0->lo[0].lo;
			same = found;
		}
		if (same) {
			t->guards = xrealloc(t->guards, (t->nguards + 1) * sizeof(*t->guards));
			t->guards[t->nguards].field = c0->field;
			t->guards[t->nguards++].value = c0->lo[0].lo;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct cls_rule *r = &rules[idx[i]];

		for (int c = 0; c < r->nconds; c++) {
			const struct ir_field *f = &r->conds[c].field;
			bool guard = false;

			for (size_t g = 0; g < t->nguards; g++)
				guard = guard || !cls_field_cmp(&t->guards[g].field, f);
			if (guard || dim_of(t, f) >= 0)
				continue;
			if (t->ndims == IR_TREE_MAX_DIMS || !cls_tree_field_ok(f))
				return false;
			t->fields[t->ndims] = *f;
			t->bits[t->ndims++] = cls_bit_width(cls_field_max(f) + 1);
		}
	}
	if (!t->ndims)
		return false;
	for (size_t i = 0; i < n; i++)
		add_boxes(t, &rules[idx[i]], idx[i], &boxes, &nboxes);
	bp = xzalloc(sizeof(*bp));	/* after the early returns: nothing to free */
	all = xmalloc(nboxes * sizeof(*all));
	for (size_t i = 0; i < nboxes; i++)
		all[i] = (uint32_t)i;
	for (int d = 0; d < t->ndims; d++)
		root.fb[d] = t->bits[d];
	bp->t = t;
	bp->boxes = boxes;
	if (sp) {
		bp->first = idx[0];
		bp->spilled = xzalloc(idx[n - 1] - idx[0] + 1);
	}
	bp->max_nodes = NODES_PER_BOX * nboxes + NODES_SLACK;
	if (bp->max_nodes > MAX_NODES)
		bp->max_nodes = MAX_NODES;
	new_nodes(bp, 1);	/* the root: node 0 */
	build(bp, 0, &root, all, nboxes, 0);
	free(all);
	builder_free(bp);
	b = *bp;
	free(bp);
	free(boxes);
	if (!b.failed && sp && !take_spilled(t, b.spilled, b.first, sp))
		b.failed = true;
	free(b.spilled);
	if (b.failed)
		return false;
	/* the program reads IR_TREE_LEAF boxes past any list start */
	for (int i = 0; i < IR_TREE_LEAF; i++) {
		t->cands = xgrow(t->cands, t->ncands, sizeof(*t->cands));
		t->cands[t->ncands++] = (struct ir_cls_tbox){ .rule = IR_TREE_END };
	}
	return true;
}
