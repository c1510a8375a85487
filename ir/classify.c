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

/* Rules idx[0..n) of one shape become a table; when they cannot (too
 * many overlapping rules with residual ranges, say), each half is tried
 * on its own, down to groups too small to pay, which go inline. */
static void add_group(struct ir_cls_run *run, struct cls_rule *rules,
		      const uint32_t *idx, size_t n)
{
	struct ir_cls_group g;

	if (n < IR_CLS_MIN_GROUP) {
		for (size_t k = 0; k < n; k++)
			add_inline(run, idx[k]);
		return;
	}
	if (build_group(&g, rules, idx, n)) {
		run->groups = xrealloc(run->groups, (run->ngroups + 1) *
				       sizeof(*run->groups));
		run->groups[run->ngroups++] = g;
		return;
	}
	ir_cls_group_free(&g);
	add_group(run, rules, idx, n / 2);
	add_group(run, rules, idx + n / 2, n - n / 2);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Rules [first, end) are all pure: group the keyed ones by shape. */
static bool build_run(struct ir_cls_run *run, struct cls_rule *rules,
		      size_t first, size_t end)
{
	bool *done = xzalloc(end * sizeof(*done));
	uint32_t *idx = xmalloc((end - first) * sizeof(*idx));

	memset(run, 0, sizeof(*run));
	run->first = first;
	run->count = end - first;
	for (size_t i = first; i < end; i++) {
		size_t n = 0;

		if (done[i])
			continue;
		if (!rules[i].keyed) {
			add_inline(run, i);
			continue;
		}
		for (size_t j = i; j < end; j++)
			if (!done[j] && rules[j].keyed &&
			    same_shape(&rules[i], &rules[j])) {
				idx[n++] = j;
				done[j] = true;
			}
		add_group(run, rules, idx, n);
	}
	free(done);
	free(idx);
	if (run->ninline) /* qsort of NULL is undefined even for 0 items */
		qsort(run->inline_rules, run->ninline, sizeof(uint32_t), cmp_u32);
	if (run->ngroups)
		return true;
	free(run->inline_rules);
	return false;
}

static void classify_chain(const struct ir_unit *unit, struct ir_chain *c,
			   size_t min_rules)
{
	struct cls_rule *rules = xzalloc((c->nrules ? c->nrules : 1) *
					 sizeof(*rules));

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

		fprintf(out, "  classify rules %zu-%zu: %zu group(s), %zu inline\n",
			run->first, run->first + run->count - 1, run->ngroups,
			run->ninline);
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
