// SPDX-License-Identifier: GPL-2.0
/*
 * The classification pass, step 2: runs, groups and their key layout (see
 * ir/classify.h for the scheme).  Step 1 (what a rule matches) is in
 * cls_rule.c, step 3 (the searchable intervals) in cls_table.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

int cls_bit_width(uint64_t max)
{
	int n = 1;

	while (n < 64 && (max >> n))
		n++;
	return n;
}

static bool same_shape(const struct cls_rule *a, const struct cls_rule *b)
{
	if (a->nconds != b->nconds)
		return false;
	for (int i = 0; i < a->nconds; i++)
		if (cls_field_cmp(&a->conds[i].field, &b->conds[i].field))
			return false;
	return true;
}

static bool cond_exact(const struct cls_cond *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->lo[i].lo != c->hi[i].lo || c->lo[i].hi != c->hi[i].hi)
			return false;
	return true;
}

/* Place value v of dim d into key words. */
void cls_put_dim(uint64_t *w, const struct ir_cls_dim *d, struct ir_val v)
{
	if (d->bits == 128) {
		w[d->word] = v.hi;
		w[d->word + 1] = v.lo;
	} else {
		w[d->word] |= v.lo << d->shift;
	}
}

/* Pack key dims into words: narrow fields share a word up to 63 bits (so a
 * word compares with one subtraction), 16-byte fields take two words. */
bool cls_layout_key(struct ir_cls_group *g)
{
	int word = 0, used = 0;

	for (size_t i = 0; i < g->ndims; i++) {
		struct ir_cls_dim *d = &g->dims[i];

		if (d->field.len == 16) {
			word += used ? 1 : 0;
			d->word = word;
			d->bits = 128;
			word += 2;
			used = 0;
			continue;
		}
		d->bits = cls_bit_width(cls_field_max(&d->field));
		if (used + d->bits > 63) {
			word++;
			used = 0;
		}
		d->word = word;
		used += d->bits;
	}
	g->nwords = word + (used ? 1 : 0);
	if (g->nwords > IR_CLS_MAX_WORDS || !g->nwords)
		return false;
	/* later fields of a word take its lower bits */
	for (size_t i = g->ndims; i-- > 0;) {
		struct ir_cls_dim *d = &g->dims[i];
		int shift = 0;

		if (d->bits == 128)
			continue;
		for (size_t j = i + 1; j < g->ndims; j++)
			if (g->dims[j].word == d->word)
				shift += g->dims[j].bits;
		d->shift = shift;
	}
	return true;
}

/* Every key interval of rule `r` (index `idx`): the product of its dims'
 * ranges and its residual ranges. */
static void add_boxes(const struct ir_cls_group *g, const struct cls_rule *r,
		      const int *dim_cond, int res_cond, uint32_t idx,
		      struct cls_box **boxes, size_t *nboxes)
{
	size_t pick[CLS_MAX_CONDS] = { 0 };
	int nsel = (int)g->ndims + (res_cond >= 0);
	int sel[CLS_MAX_CONDS + 1];

	for (size_t i = 0; i < g->ndims; i++)
		sel[i] = dim_cond[i];
	if (res_cond >= 0)
		sel[g->ndims] = res_cond;
	for (;;) {
		struct cls_box b = { .rule = idx, .res_hi = ~0ull };
		int k;

		for (size_t i = 0; i < g->ndims; i++) {
			const struct cls_cond *c = &r->conds[sel[i]];

			cls_put_dim(b.lo, &g->dims[i], c->lo[pick[i]]);
			cls_put_dim(b.hi, &g->dims[i], c->hi[pick[i]]);
		}
		if (res_cond >= 0) {
			b.res_lo = r->conds[res_cond].lo[pick[g->ndims]].lo;
			b.res_hi = r->conds[res_cond].hi[pick[g->ndims]].lo;
		}
		*boxes = xgrow(*boxes, *nboxes, sizeof(**boxes));
		(*boxes)[(*nboxes)++] = b;
		for (k = 0; k < nsel; k++) {
			if (++pick[k] < r->conds[sel[k]].n)
				break;
			pick[k] = 0;
		}
		if (k == nsel)
			return;
	}
}

/* Build group `g` from rules idx[0..n) (same shape); false when the group
 * cannot be a table (more than two fields with ranges, a key too wide, an
 * interval needing too many candidates). */
static bool build_group(struct ir_cls_group *g, struct cls_rule *rules,
			const uint32_t *idx, size_t n)
{
	const struct cls_rule *r0 = &rules[idx[0]];
	int nonexact[CLS_MAX_CONDS], nne = 0, range = -1, res = -1;
	int dim_cond[CLS_MAX_CONDS];
	bool guard[CLS_MAX_CONDS];
	struct cls_box *boxes = NULL;
	size_t nboxes = 0;
	bool ok;

	memset(g, 0, sizeof(*g));
	g->nrules = n;
	for (int c = 0; c < r0->nconds; c++) {
		bool exact = true, same = r0->conds[c].field.len <= 8;

		for (size_t i = 0; i < n; i++) {
			const struct cls_cond *cc = &rules[idx[i]].conds[c];

			exact = exact && cond_exact(cc);
			same = same && cc->n == 1 &&
			       cc->lo[0].lo == r0->conds[c].lo[0].lo;
		}
		guard[c] = exact && same;
		if (!exact)
			nonexact[nne++] = c;
	}
	if (nne > 2)
		return false;
	if (nne >= 1)
		range = nonexact[0];
	if (nne == 2) {
		/* the wider field is the key's last part, the other the residual */
		int a = nonexact[0], b = nonexact[1];

		range = r0->conds[b].field.len > r0->conds[a].field.len ? b : a;
		res = range == a ? b : a;
		if (r0->conds[res].field.len > 8)
			return false;
		g->has_residual = true;
		g->residual = r0->conds[res].field;
	}
	/* keep at least one key field */
	ok = false;
	for (int c = 0; c < r0->nconds; c++)
		ok = ok || (!guard[c] && c != res);
	if (!ok)
		guard[r0->nconds - 1] = false;
	for (int c = 0; c < r0->nconds; c++) {
		if (guard[c]) {
			g->guards = xrealloc(g->guards, (g->nguards + 1) *
					     sizeof(*g->guards));
			g->guards[g->nguards].field = r0->conds[c].field;
			g->guards[g->nguards++].value = r0->conds[c].lo[0].lo;
		} else if (c != range && c != res) {
			dim_cond[g->ndims++] = c;
		}
	}
	if (range >= 0)
		dim_cond[g->ndims++] = range;
	g->dims = xzalloc(g->ndims * sizeof(*g->dims));
	for (size_t i = 0; i < g->ndims; i++)
		g->dims[i].field = r0->conds[dim_cond[i]].field;
	if (!cls_layout_key(g))
		return false;
	for (size_t i = 0; i < n; i++)
		add_boxes(g, &rules[idx[i]], dim_cond, res, idx[i], &boxes,
			  &nboxes);
	ok = cls_build_entries(g, boxes, nboxes,
			       res >= 0 ? cls_field_max(&g->residual) : 0);
	if (ok)
		cls_choose_lookup(g);
	free(boxes);
	return ok;
}

void ir_cls_group_free(struct ir_cls_group *g)
{
	free(g->guards);
	free(g->dims);
	free(g->entries);
	ir_cls_hash_free(g->hash);
	ir_cls_index_free(g->index);
}

static void add_inline(struct ir_cls_run *run, uint32_t idx)
{
	run->inline_rules = xrealloc(run->inline_rules, (run->ninline + 1) *
				     sizeof(*run->inline_rules));
	run->inline_rules[run->ninline++] = idx;
}

/* Rules a tree could take instead of going inline. */
struct pool {
	uint32_t *idx;
	size_t n;
};

static bool tree_able(const struct cls_rule *r)
{
	for (int c = 0; c < r->nconds; c++)
		if (!cls_tree_field_ok(&r->conds[c].field))
			return false;
	return r->keyed;
}

static void to_pool_or_inline(struct ir_cls_run *run, struct pool *pool,
			      const struct cls_rule *rules, uint32_t idx)
{
	if (pool && tree_able(&rules[idx])) {
		pool->idx = xgrow(pool->idx, pool->n, sizeof(*pool->idx));
		pool->idx[pool->n++] = idx;
	} else {
		add_inline(run, idx);
	}
}

/* Rules idx[0..n) of one shape become a table; when they cannot (too
 * many overlapping rules with residual ranges, say), each half is tried
 * on its own, down to groups too small to pay, which go to the trees'
 * pool (or inline). */
static void add_group(struct ir_cls_run *run, struct cls_rule *rules,
		      const uint32_t *idx, size_t n, struct pool *pool)
{
	struct ir_cls_group g;

	if (n < IR_CLS_MIN_GROUP) {
		for (size_t k = 0; k < n; k++)
			to_pool_or_inline(run, pool, rules, idx[k]);
		return;
	}
	if (run->ngroups >= IR_CLS_MAX_GROUPS && pool) {
		for (size_t k = 0; k < n; k++)
			to_pool_or_inline(run, pool, rules, idx[k]);
		return;
	}
	if (build_group(&g, rules, idx, n)) {
		run->groups = xrealloc(run->groups, (run->ngroups + 1) *
				       sizeof(*run->groups));
		run->groups[run->ngroups++] = g;
		return;
	}
	ir_cls_group_free(&g);
	add_group(run, rules, idx, n / 2, pool);
	add_group(run, rules, idx + n / 2, n - n / 2, pool);
}

/* Trees of rules idx[0..n) (ascending): one if it fits, else a tree per
 * half, down to IR_CLS_MIN_GROUP rules, which go inline; rules a tree
 * gives up go to sp. */
static void add_trees(struct ir_cls_run *run, const struct cls_rule *rules,
		      const uint32_t *idx, size_t n, struct cls_spill *sp)
{
	struct ir_cls_tree t;

	if (n < IR_CLS_MIN_GROUP || run->ntrees >= IR_CLS_MAX_TREES) {
		for (size_t k = 0; k < n; k++)
			add_inline(run, idx[k]);
		return;
	}
	if (cls_build_tree(&t, rules, idx, n, sp)) {
		run->trees = xrealloc(run->trees, (run->ntrees + 1) *
				      sizeof(*run->trees));
		run->trees[run->ntrees++] = t;
		return;
	}
	ir_cls_tree_free(&t);
	add_trees(run, rules, idx, n / 2, sp);
	add_trees(run, rules, idx + n / 2, n - n / 2, sp);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* A cond is "small" when it holds less than half of its field's values:
 * rules small in the same fields make a tree without much replication
 * (EffiCuts' separable trees: Vamanan, Voskuilen, Vijaykumar, SIGCOMM
 * 2010).  The signature: the small conds' indices into the fields. */
static bool cond_small(const struct cls_cond *c)
{
	uint64_t max = cls_field_max(&c->field), span = 0;

	for (size_t i = 0; i < c->n; i++)
		span += c->hi[i].lo - c->lo[i].lo + 1;
	return span <= max / 2;
}

/* Bit i: rule r's cond i is small (cond_small, worked out once per rule:
 * grouping compares each rule with every category). */
static uint8_t small_mask(const struct cls_rule *r)
{
	uint8_t m = 0;

	for (int i = 0; i < r->nconds; i++)
		if (cond_small(&r->conds[i]))
			m |= (uint8_t)(1u << i);
	return m;
}

/* a and b are small in the same fields (ma, mb: their small_mask). */
static bool same_small(const struct cls_rule *a, uint8_t ma, const struct cls_rule *b,
		       uint8_t mb)
{
	if (__builtin_popcount(ma) != __builtin_popcount(mb))
		return false;
	while (ma) {
		int i = __builtin_ctz(ma), j = __builtin_ctz(mb);

		if (cls_field_cmp(&a->conds[i].field, &b->conds[j].field))
			return false;
		ma &= (uint8_t)(ma - 1);
		mb &= (uint8_t)(mb - 1);
	}
	return true;
}

struct shape {
	uint32_t *idx;
	size_t n;
};

static int shape_cmp(const void *a, const void *b)
{
	const struct shape *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return (x->idx[0] > y->idx[0]) - (x->idx[0] < y->idx[0]);
}

/* Trees for categories cats[0..n) together: one tree if it fits, else the
 * categories in two halves (by rule count), and a single category that
 * does not fit in halves by rule order. */
static void add_cat_trees(struct ir_cls_run *run, const struct cls_rule *rules,
			  struct shape *cats, size_t n, struct cls_spill *sp)
{
	size_t total = 0, half = 0, k = 0;
	uint32_t *idx;

	for (size_t i = 0; i < n; i++)
		total += cats[i].n;
	if (n == 1 || total < IR_CLS_MIN_GROUP ||
	    run->ntrees + 1 >= IR_CLS_MAX_TREES) {
		idx = xmalloc((total ? total : 1) * sizeof(*idx));
		for (size_t i = 0, at = 0; i < n; i++, at += cats[i - 1].n)
			memcpy(idx + at, cats[i].idx, cats[i].n * sizeof(*idx));
		qsort(idx, total, sizeof(*idx), cmp_u32);
		add_trees(run, rules, idx, total, sp);
		free(idx);
		return;
	}
	idx = xmalloc(total * sizeof(*idx));
	for (size_t i = 0, at = 0; i < n; i++, at += cats[i - 1].n)
		memcpy(idx + at, cats[i].idx, cats[i].n * sizeof(*idx));
	qsort(idx, total, sizeof(*idx), cmp_u32);
	{
		struct ir_cls_tree t;

		if (cls_build_tree(&t, rules, idx, total, sp)) {
			run->trees = xrealloc(run->trees, (run->ntrees + 1) *
					      sizeof(*run->trees));
			run->trees[run->ntrees++] = t;
			free(idx);
			return;
		}
		ir_cls_tree_free(&t);
	}
	free(idx);
	while (k + 1 < n && 2 * (half + cats[k].n) <= total)
		half += cats[k++].n;
	if (!k)
		k = 1;
	add_cat_trees(run, rules, cats, k, sp);
	add_cat_trees(run, rules, cats + k, n - k, sp);
}

/* Rule a is small in some field, and every field it is small in b is
 * small in too. */
static bool small_subset(const struct cls_rule *a, const struct cls_rule *b)
{
	int nsmall = 0;

	for (int i = 0; i < a->nconds; i++) {
		bool found = false;

		if (!cond_small(&a->conds[i]))
			continue;
		for (int j = 0; j < b->nconds && !found; j++)
			found = cond_small(&b->conds[j]) &&
				!cls_field_cmp(&a->conds[i].field, &b->conds[j].field);
		if (!found)
			return false;
		nsmall++;
	}
	return nsmall > 0;
}

/* A category whose small fields include all of a larger category's goes
 * into that one's tree: its rules are small there too, so they add little
 * replication (the tree's node budget, ir/cls_tree.c, bounds what they
 * add), and every tree costs a walk per packet (EffiCuts merges
 * categories for the same reason).  Measured on ClassBench-like sets:
 * 12 -> 8 trees at 100k acl rules, mean 56 -> 44-50 ns. */
static void merge_categories(const struct cls_rule *rules, struct shape *cats,
			     size_t *ncats, size_t *nlarge)
{
	for (size_t i = *ncats; i-- > 0;) {
		size_t best = SIZE_MAX;

		for (size_t t = 0; t < *nlarge; t++)
			if (t != i && cats[t].n >= cats[i].n &&
			    small_subset(&rules[cats[t].idx[0]], &rules[cats[i].idx[0]]) &&
			    (best == SIZE_MAX || cats[t].n > cats[best].n))
				best = t;
		if (best == SIZE_MAX)
			continue;
		cats[best].idx = xrealloc(cats[best].idx, (cats[best].n + cats[i].n) *
					  sizeof(*cats[best].idx));
		memcpy(cats[best].idx + cats[best].n, cats[i].idx,
		       cats[i].n * sizeof(*cats[i].idx));
		cats[best].n += cats[i].n;
		free(cats[i].idx);
		memmove(&cats[i], &cats[i + 1], (*ncats - i - 1) * sizeof(*cats));
		(*ncats)--;
		if (i < *nlarge)
			(*nlarge)--;
	}
}

/* Pool rules idx[0..n) (ascending) by the fields they are small in; the
 * large categories a tree each, the others together as far as they fit. */
static void add_categories(struct ir_cls_run *run, const struct cls_rule *rules,
			   const uint32_t *idx, size_t n, struct cls_spill *sp)
{
	struct shape *cats = NULL;
	bool *done = xzalloc(n * sizeof(*done));
	uint8_t *small = xmalloc(n ? n : 1);
	size_t ncats = 0, k;

	for (size_t i = 0; i < n; i++)
		small[i] = small_mask(&rules[idx[i]]);
	for (size_t i = 0; i < n; i++) {
		struct shape c = { NULL, 0 };

		if (done[i])
			continue;
		c.idx = xmalloc((n - i) * sizeof(uint32_t));
		for (size_t j = i; j < n; j++)
			if (!done[j] && same_small(&rules[idx[i]], small[i], &rules[idx[j]],
						   small[j])) {
				c.idx[c.n++] = idx[j];
				done[j] = true;
			}
		cats = xgrow(cats, ncats, sizeof(*cats));
		cats[ncats++] = c;
	}
	free(small);
	qsort(cats, ncats, sizeof(*cats), shape_cmp);
	for (k = 0; k < ncats && k < IR_CLS_MAX_TREES / 2 &&
		    cats[k].n >= n / 32 && cats[k].n >= IR_CLS_MIN_GROUP; k++)
		;
	merge_categories(rules, cats, &ncats, &k);
	for (size_t i = 0; i < k; i++)
		add_cat_trees(run, rules, &cats[i], 1, sp);
	if (k < ncats)
		add_cat_trees(run, rules, cats + k, ncats - k, sp);
	for (size_t i = 0; i < ncats; i++)
		free(cats[i].idx);
	free(cats);
	free(done);
}

/* The dims of tree a are all tree b's. */
static bool dims_within(const struct ir_cls_tree *a, const struct ir_cls_tree *b)
{
	for (int d = 0; d < a->ndims; d++) {
		bool found = false;

		for (int k = 0; k < b->ndims && !found; k++)
			found = !cls_field_cmp(&a->fields[d], &b->fields[k]);
		if (!found)
			return false;
	}
	return true;
}

/* Tree m of the rules of trees a and b, when it fits and is at most one
 * level deeper than the deeper of the two. */
static bool merge_two(struct ir_cls_tree *m, const struct cls_rule *rules,
		      const struct ir_cls_tree *a, const struct ir_cls_tree *b)
{
	size_t n = a->nrules + b->nrules, i = 0, j = 0, k = 0;
	uint32_t *idx = xmalloc(n * sizeof(*idx));
	int deeper = a->depth > b->depth ? a->depth : b->depth;
	bool ok;

	while (i < a->nrules || j < b->nrules)
		idx[k++] = j == b->nrules || (i < a->nrules && a->idx[i] < b->idx[j]) ?
			a->idx[i++] : b->idx[j++];
	ok = cls_build_tree(m, rules, idx, n, NULL) && m->depth <= deeper + 1;
	if (!ok)
		ir_cls_tree_free(m);
	free(idx);
	return ok;
}

/* Fewer trees: every tree costs each packet a walk, so the smallest trees
 * go into another whose fields they use (the smallest such first: the
 * cheapest to build again), when the merged tree fits the node budget and
 * is not much deeper.  A few tries per tree bound the compile time. */
#define MERGE_TRIES 3
static void merge_small_trees(struct ir_cls_run *run, const struct cls_rule *rules)
{
	bool done[IR_CLS_MAX_TREES] = { false };

	for (;;) {
		size_t s = SIZE_MAX, tries = 0;
		bool tried[IR_CLS_MAX_TREES] = { false };

		for (size_t i = 0; i < run->ntrees; i++)
			if (!done[i] && (s == SIZE_MAX || run->trees[i].nrules < run->trees[s].nrules))
				s = i;
		if (s == SIZE_MAX)
			break;
		done[s] = true;
		while (tries++ < MERGE_TRIES) {
			size_t t = SIZE_MAX;
			struct ir_cls_tree m;

			for (size_t i = 0; i < run->ntrees; i++)
				if (i != s && !tried[i] &&
				    dims_within(&run->trees[s], &run->trees[i]) &&
				    (t == SIZE_MAX || run->trees[i].nrules < run->trees[t].nrules))
					t = i;
			if (t == SIZE_MAX)
				break;
			tried[t] = true;
			if (!merge_two(&m, rules, &run->trees[s], &run->trees[t]))
				continue;
			ir_cls_tree_free(&run->trees[t]);
			run->trees[t] = m;
			done[t] = false;
			ir_cls_tree_free(&run->trees[s]);
			memmove(&run->trees[s], &run->trees[s + 1],
				(run->ntrees - s - 1) * sizeof(*run->trees));
			memmove(&done[s], &done[s + 1], (run->ntrees - s - 1) * sizeof(*done));
			run->ntrees--;
			break;
		}
	}
}

static int tree_cmp(const void *a, const void *b)
{
	const struct ir_cls_tree *x = a, *y = b;

	return (x->first > y->first) - (x->first < y->first);
}

/* One value slot per field of the run's trees, so the program loads each
 * field once; when they are too many, each tree uses slots 0.. for its
 * own dims. */
static void share_tree_fields(struct ir_cls_run *run)
{
	int n = 0;

	for (size_t i = 0; i < run->ntrees; i++) {
		struct ir_cls_tree *t = &run->trees[i];

		for (int d = 0; d < t->ndims; d++) {
			int s = 0;

			while (s < n && cls_field_cmp(&run->tfields[s], &t->fields[d]))
				s++;
			if (s == n) {
				if (n == IR_TREE_MAX_DIMS)
					goto own;
				run->tfields[n] = t->fields[d];
				run->tbits[n++] = t->bits[d];
			}
			t->slot[d] = s;
		}
	}
	run->ntdims = n;
	return;
own:
	run->ntdims = 0;
	for (size_t i = 0; i < run->ntrees; i++)
		for (int d = 0; d < IR_TREE_MAX_DIMS; d++)
			run->trees[i].slot[d] = d;
}

/* When there are trees anyway, the searched groups' rules join them: a
 * tree walk costs about a search, and one walk for both is cheaper.
 * Hashed and direct groups (one slot per packet) stay. */
static void pool_searched_groups(struct ir_cls_run *run,
				 const struct cls_rule *rules, struct pool *pool)
{
	size_t kept = 0;

	for (size_t i = 0; i < run->ngroups; i++) {
		struct ir_cls_group *g = &run->groups[i];
		uint32_t *ids;
		size_t n = 0;

		if (g->hash || g->direct) {
			run->groups[kept++] = *g;
			continue;
		}
		/* the group's rules: every candidate of its entries, once */
		ids = NULL;
		for (size_t e = 0; e < g->nentries; e++)
			for (int k = 0; k < g->entries[e].ncands; k++) {
				ids = xgrow(ids, n, sizeof(*ids));
				ids[n++] = g->entries[e].cands[k].rule;
			}
		if (n) {
			size_t u = 1;

			qsort(ids, n, sizeof(*ids), cmp_u32);
			for (size_t j = 1; j < n; j++)
				if (ids[j] != ids[u - 1])
					ids[u++] = ids[j];
			n = u;
		}
		for (size_t j = 0; j < n && n == g->nrules; j++)
			if (!tree_able(&rules[ids[j]]))
				n = 0;
		if (n != g->nrules) {
			/* some rule is in no entry (shadowed), or a tree cannot
			 * take it (a 16-byte field): keep the group */
			free(ids);
			run->groups[kept++] = *g;
			continue;
		}
		for (size_t j = 0; j < n; j++)
			to_pool_or_inline(run, pool, rules, ids[j]);
		free(ids);
		ir_cls_group_free(g);
	}
	run->ngroups = kept;
}

/* Rules the trees gave up (too many holding one point) make trees of their
 * own, which may give up rules again: round after round, while each round
 * places some; what is left goes inline. */
#define SPILL_ROUNDS 8
static void add_spilled(struct ir_cls_run *run, const struct cls_rule *rules,
			struct cls_spill *sp)
{
	for (int round = 0; sp->n; round++) {
		struct cls_spill next = { 0 };
		size_t before = sp->n;

		qsort(sp->idx, sp->n, sizeof(*sp->idx), cmp_u32);
		if (round == SPILL_ROUNDS) {
			for (size_t k = 0; k < sp->n; k++)
				add_inline(run, sp->idx[k]);
			break;
		}
		add_trees(run, rules, sp->idx, sp->n, &next);
		free(sp->idx);
		*sp = next;
		if (sp->n >= before)
			round = SPILL_ROUNDS - 1;	/* no progress: inline next */
	}
	free(sp->idx);
	sp->idx = NULL;
	sp->n = 0;
}

/* Rules [first, end) are all pure: group the keyed ones by shape, the
 * IR_CLS_MAX_GROUPS largest shapes first; rules no group takes go to
 * decision trees when they can, else inline. */
static bool build_run(struct ir_cls_run *run, struct cls_rule *rules,
		      size_t first, size_t end)
{
	bool *done = xzalloc(end * sizeof(*done));
	struct shape *shapes = NULL;
	size_t nshapes = 0;
	struct pool pool = { 0 };
	struct cls_spill spill = { 0 };

	memset(run, 0, sizeof(*run));
	run->first = first;
	run->count = end - first;
	for (size_t i = first; i < end; i++) {
		struct shape sh = { NULL, 0 };

		if (done[i])
			continue;
		if (!rules[i].keyed) {
			add_inline(run, i);
			continue;
		}
		sh.idx = xmalloc((end - i) * sizeof(uint32_t));
		for (size_t j = i; j < end; j++)
			if (!done[j] && rules[j].keyed &&
			    same_shape(&rules[i], &rules[j])) {
				sh.idx[sh.n++] = j;
				done[j] = true;
			}
		shapes = xgrow(shapes, nshapes, sizeof(*shapes));
		shapes[nshapes++] = sh;
	}
	if (nshapes)
		qsort(shapes, nshapes, sizeof(*shapes), shape_cmp);
	for (size_t s = 0; s < nshapes; s++) {
		if (s < IR_CLS_MAX_GROUPS)
			add_group(run, rules, shapes[s].idx, shapes[s].n, &pool);
		else
			for (size_t k = 0; k < shapes[s].n; k++)
				to_pool_or_inline(run, &pool, rules, shapes[s].idx[k]);
		free(shapes[s].idx);
	}
	free(shapes);
	if (pool.n)
		pool_searched_groups(run, rules, &pool);
	if (pool.n) {
		qsort(pool.idx, pool.n, sizeof(uint32_t), cmp_u32);
		add_categories(run, rules, pool.idx, pool.n, &spill);
		add_spilled(run, rules, &spill);
		merge_small_trees(run, rules);
	}
	free(pool.idx);
	free(done);
	/* earliest first: a tree is skipped when the best so far is earlier
	 * (qsort of NULL is undefined even for 0 items) */
	if (run->ntrees)
		qsort(run->trees, run->ntrees, sizeof(*run->trees), tree_cmp);
	share_tree_fields(run);
	if (run->ninline)
		qsort(run->inline_rules, run->ninline, sizeof(uint32_t), cmp_u32);
	if (run->ngroups || run->ntrees)
		return true;
	free(run->inline_rules);
	return false;
}

static void classify_chain(const struct ir_unit *unit, struct ir_chain *c,
			   size_t min_rules)
{
	/* cls_rule_analyze sets each one up */
	struct cls_rule *rules = xmalloc((c->nrules ? c->nrules : 1) * sizeof(*rules));

	for (size_t i = 0; i < c->nrules; i++)
		cls_rule_analyze(unit, &c->rules[i], &rules[i]);
	for (size_t i = 0; i < c->nrules;) {
		size_t j = i;
		struct ir_cls_run run;

		while (j < c->nrules && rules[j].pure)
			j++;
		if (j - i >= min_rules && build_run(&run, rules, i, j)) {
			c->cls = xrealloc(c->cls, (c->ncls + 1) * sizeof(*c->cls));
			c->cls[c->ncls++] = run;
		}
		i = j > i ? j : i + 1;
	}
	for (size_t i = 0; i < c->nrules; i++)
		cls_rule_free(&rules[i]);
	free(rules);
}

void ir_classify(struct ir_unit *unit, size_t min_rules)
{
	if (unit->classified)
		return;
	unit->classified = true;
	if (!min_rules)
		min_rules = IR_CLS_MIN_RULES;
	unit->cls_min_rules = min_rules;
	for (size_t i = 0; i < unit->nchains; i++) {
		struct ir_chain *c = &unit->chains[i];

		/* only packet chains: the key loads are cgroup_skb's */
		if (c->nrules && c->base && (c->hook == IR_HOOK_SYSCTL ||
					     c->hook == IR_HOOK_SOCK_CREATE))
			continue;
		classify_chain(unit, c, min_rules);
	}
}

void ir_cls_runs_free(struct ir_chain *chain)
{
	for (size_t i = 0; i < chain->ncls; i++) {
		for (size_t j = 0; j < chain->cls[i].ngroups; j++)
			ir_cls_group_free(&chain->cls[i].groups[j]);
		free(chain->cls[i].groups);
		for (size_t j = 0; j < chain->cls[i].ntrees; j++)
			ir_cls_tree_free(&chain->cls[i].trees[j]);
		free(chain->cls[i].trees);
		free(chain->cls[i].inline_rules);
	}
	free(chain->cls);
	chain->cls = NULL;
	chain->ncls = 0;
}

void ir_cls_print(const struct ir_chain *c, FILE *out)
{
	for (size_t i = 0; i < c->ncls; i++) {
		const struct ir_cls_run *run = &c->cls[i];

		fprintf(out, "  classify rules %zu-%zu: %zu group(s), %zu tree(s), %zu inline\n",
			run->first, run->first + run->count - 1, run->ngroups,
			run->ntrees, run->ninline);
		for (size_t j = 0; j < run->ntrees; j++) {
			const struct ir_cls_tree *t = &run->trees[j];

			fprintf(out, "    tree %zu: %zu rules, %zu nodes, %zu leaves, depth %d, leaf list <= %d",
				j, t->nrules, t->nnodes, t->nleaves, t->depth,
				t->leaf_max);
			if (t->nspilled)
				fprintf(out, ", %zu rules given up", t->nspilled);
			for (size_t k = 0; k < t->nguards; k++) {
				fputs(k ? ", " : "; if ", out);
				ir_field_print(&t->guards[k].field, out);
				fprintf(out, " == 0x%" PRIx64, t->guards[k].value);
			}
			fputs("; cuts", out);
			for (int k = 0; k < t->ndims; k++) {
				fputs(k ? " . " : " ", out);
				ir_field_print(&t->fields[k], out);
			}
			fputc('\n', out);
		}
		for (size_t j = 0; j < run->ngroups; j++) {
			const struct ir_cls_group *g = &run->groups[j];

			fprintf(out, "    group %zu: %zu rules, %zu entries, %d word(s)",
				j, g->nrules, g->nentries, g->nwords);
			for (size_t k = 0; k < g->nguards; k++) {
				fputs(k ? ", " : "; if ", out);
				ir_field_print(&g->guards[k].field, out);
				fprintf(out, " == 0x%" PRIx64, g->guards[k].value);
			}
			fputs("; key", out);
			for (size_t k = 0; k < g->ndims; k++) {
				fputs(k ? " . " : " ", out);
				ir_field_print(&g->dims[k].field, out);
			}
			if (g->has_residual) {
				fputs("; residual ", out);
				ir_field_print(&g->residual, out);
			}
			if (g->direct)
				fprintf(out, "; direct %d slots",
					1 << (g->dims[0].shift + g->dims[0].bits));
			if (!g->hash && !g->direct && g->cmp_words < g->nwords)
				fprintf(out, "; compare %d word(s)", g->cmp_words);
			if (g->hash)
				fprintf(out, "; hash %zu slots, %d bucket bits, mult 0x%016" PRIx64,
					g->hash->nslots, g->hash->bucket_bits,
					g->hash->mult);
			if (g->index)
				fprintf(out, "; index %zu buckets of word 0 >> %d from 0x%" PRIx64 ", %d steps",
					g->index->nbuckets, g->index->shift,
					g->index->base, g->index->steps);
			fputc('\n', out);
		}
		if (run->ninline) {
			fputs("    inline rules", out);
			for (size_t k = 0; k < run->ninline; k++)
				fprintf(out, " %" PRIu32, run->inline_rules[k]);
			fputc('\n', out);
		}
	}
}
