// SPDX-License-Identifier: GPL-2.0
/*
 * A classified run of rules (ir/classify.h) as code: per group, guards,
 * the packet's key built on the stack, a branch-free binary search over the
 * group's table in .rodata (or one perfect-hash slot, for groups of single
 * keys), and its candidates; the lowest rule index over
 * all groups, then the run's inline rules while they come earlier; then
 * that rule's counter, trace and verdict.
 *
 * The search has no branches on purpose: the position it computes is a
 * value the verifier cannot know, so it checks the search once, whatever
 * the table size, instead of once per path through a tree of compares.
 */
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "codegen/hook_gen.h"
#include "ir/classify.h"
#include "ir/xalloc.h"

/* Stack slots, below those of hook_skb.c (down to -168). */
#define S_KEY	(-208)	/* IR_CLS_MAX_WORDS key words */
#define S_RES	(-176)	/* the residual field's value */
#define S_RULE	(-216)	/* best so far: chain index + 1, or NONE */
#define S_CTR	(-224)	/* its counter index + 1, or 0 */
#define S_TRACE	(-232)	/* its trace id, or 0 */
#define S_VERD	(-240)	/* its enum ir_cls_action */

#define NONE	0x7fffffff

/* A candidate in .rodata: the same fields as the best-so-far slots. */
struct cand_rec {
	uint32_t rule1, counter1, trace, verdict;
	uint64_t res_lo, res_hi;	/* groups with a residual only */
};

static size_t cand_size(const struct ir_cls_group *g)
{
	return g->has_residual ? 32 : 16;
}

static size_t rec_size(const struct ir_cls_group *g)
{
	return g->nwords * 8 + g->ncands * cand_size(g);
}

static void put(uint8_t *p, const void *v, size_t n)
{
	memcpy(p, v, n);
}

/* One table record: the entry's first key and its candidates.  Set tables
 * (no chain) store 1 + `trace` of the candidate element (or 1 without
 * `trace`): nonzero for a covered key. */
static void put_record(uint8_t *p, const struct ir_cls_group *g,
		       const struct ir_cls_entry *en, const uint32_t *trace,
		       const struct ir_chain *c, size_t first)
{
	put(p, en->lo, g->nwords * 8);
	if (!c) {
		uint32_t v;

		if (en->ncands) {
			v = 1 + (trace ? trace[en->cands[0].rule] : 0);
			put(p + g->nwords * 8, &v, 4);
		}
		return;
	}
	for (int k = 0; k < en->ncands; k++) {
		const struct ir_cls_cand *cd = &en->cands[k];
		struct ir_cls_rule_action a = ir_cls_rule_action(&c->rules[cd->rule]);
		struct cand_rec r = {
			.rule1 = cd->rule + 1,
			.counter1 = a.counter + 1,
			.trace = trace[cd->rule - first],
			.verdict = a.action,
			.res_lo = cd->res_lo, .res_hi = cd->res_hi,
		};

		put(p + g->nwords * 8 + k * cand_size(g), &r, cand_size(g));
	}
}

/* The group's search table: entries padded by repeating the last one, to
 * a power of two (or to the index's padded size).  Returns its offset in
 * .rodata and the padded count; with an index, also the offset of the
 * buckets' first entries (u32 byte offsets into the table). */
static size_t put_table(struct cg_object *obj, const struct ir_cls_group *g,
			const uint32_t *trace, const struct ir_chain *c,
			size_t first, size_t *pad, size_t *index_at)
{
	size_t rec = rec_size(g), at;

	*pad = 1;
	while (*pad < g->nentries)
		*pad *= 2;
	if (g->index)
		*pad = g->index->padded;
	at = cg_rodata_reserve(obj, *pad * rec);
	for (size_t i = 0; i < *pad; i++)
		put_record(obj->rodata + at + i * rec, g,
			   &g->entries[i < g->nentries ? i : g->nentries - 1],
			   trace, c, first);
	if (!g->index)
		return at;
	*index_at = cg_rodata_reserve(obj, g->index->nbuckets * 4);
	for (size_t b = 0; b < g->index->nbuckets; b++) {
		uint32_t off = (uint32_t)(g->index->start[b] * rec);

		put(obj->rodata + *index_at + 4 * b, &off, 4);
	}
	return at;
}

/* The group's hash slots (empty ones all zero: no candidate), then the
 * buckets' displacements.  Returns the slots' offset in .rodata. */
static size_t put_hash(struct cg_object *obj, const struct ir_cls_group *g,
		       const uint32_t *trace, const struct ir_chain *c,
		       size_t first, size_t *disp_at)
{
	const struct ir_cls_hash *hs = g->hash;
	size_t rec = rec_size(g), nb = (size_t)1 << hs->bucket_bits, at;

	at = cg_rodata_reserve(obj, hs->nslots * rec);
	for (size_t s = 0; s < hs->nslots; s++)
		if (hs->slot_entry[s] != UINT32_MAX)
			put_record(obj->rodata + at + s * rec, g,
				   &g->entries[hs->slot_entry[s]], trace, c,
				   first);
	*disp_at = cg_rodata_reserve(obj, nb * 4);
	for (size_t b = 0; b < nb; b++)
		put(obj->rodata + *disp_at + 4 * b, &hs->disp[b], 4);
	return at;
}

static bool word_is_full(const struct ir_cls_group *g, int w)
{
	for (size_t i = 0; i < g->ndims; i++)
		if (g->dims[i].bits == 128 &&
		    (g->dims[i].word == w || g->dims[i].word + 1 == w))
			return true;
	return false;
}

/* r0 = (entry at r7) <= key, lexicographic over the words that matter
 * (g->cmp_words).  Clobbers r1-r5. */
static void entry_le_key(struct hk_emit *e, const struct ir_cls_group *g)
{
	for (int w = g->cmp_words - 1; w >= 0; w--) {
		bool full = word_is_full(g, w);

		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_7, 8 * w);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_KEY + 8 * w);
		if (w == g->cmp_words - 1) {
			/* le = !(key < entry) */
			if (full)
				hk_lt64(e, BPF_REG_2, BPF_REG_1);
			else
				hk_lt63(e, BPF_REG_2, BPF_REG_1);
			hk_alu_imm(e, BPF_XOR, BPF_REG_3, 1);
			hk_mov_reg(e, BPF_REG_0, BPF_REG_3);
			continue;
		}
		/* le = entry < key | (entry == key & le) */
		hk_mov_reg(e, BPF_REG_4, BPF_REG_1);
		hk_alu_reg(e, BPF_XOR, BPF_REG_4, BPF_REG_2);
		hk_mov_reg(e, BPF_REG_5, BPF_REG_4);
		hk_alu_imm(e, BPF_NEG, BPF_REG_5, 0);
		hk_alu_reg(e, BPF_OR, BPF_REG_4, BPF_REG_5);
		hk_alu_imm(e, BPF_RSH, BPF_REG_4, 63);
		hk_alu_imm(e, BPF_XOR, BPF_REG_4, 1);		/* eq */
		hk_alu_reg(e, BPF_AND, BPF_REG_0, BPF_REG_4);
		if (full)
			hk_lt64(e, BPF_REG_1, BPF_REG_2);
		else
			hk_lt63(e, BPF_REG_1, BPF_REG_2);
		hk_alu_reg(e, BPF_OR, BPF_REG_0, BPF_REG_3);
	}
}

/* Build the key on the stack; jump to `skip` when a field is absent. */
static void build_key(struct hk_emit *e, const struct ir_cls_group *g, int skip)
{
	for (size_t i = 0; i < g->ndims; i++) {
		const struct ir_cls_dim *d = &g->dims[i];
		int16_t at = S_KEY + 8 * d->word;

		if (d->bits == 128) {
			e->ops->load_wide(e, &d->field, at, skip);
			continue;
		}
		e->ops->load(e, &d->field, skip);
		if (i == 0 || g->dims[i - 1].word != d->word) {
			hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at);
			continue;
		}
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, at);
		hk_alu_imm(e, BPF_LSH, BPF_REG_1, d->bits);
		hk_alu_reg(e, BPF_OR, BPF_REG_1, BPF_REG_0);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, at);
	}
}

/* Copy candidate fields at r7 + off into the best-so-far slots. */
static void take_candidate(struct hk_emit *e, int16_t off)
{
	static const int16_t slot[] = { S_RULE, S_CTR, S_TRACE, S_VERD };

	for (int i = 0; i < 4; i++) {
		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_7, off + 4 * i);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, slot[i]);
	}
}

/* The group's direct table: the record of every key value 0..2^bits-1,
 * copied from the entry that holds it.  Returns its offset in .rodata. */
static size_t put_direct(struct cg_object *obj, const struct ir_cls_group *g,
			 const uint32_t *trace, const struct ir_chain *c,
			 size_t first, size_t *nkeys)
{
	size_t rec = rec_size(g), at, e = 0;

	*nkeys = (size_t)1 << (g->dims[0].shift + g->dims[0].bits);
	at = cg_rodata_reserve(obj, *nkeys * rec);
	for (size_t v = 0; v < *nkeys; v++) {
		while (e + 1 < g->nentries && g->entries[e + 1].lo[0] <= v)
			e++;
		put_record(obj->rodata + at + v * rec, g, &g->entries[e], trace,
			   c, first);
	}
	return at;
}

/* dst = .rodata + at. */
static void rodata_ptr(struct hk_emit *e, int dst, size_t at)
{
	hk_ld_map(e, dst, CG_MAP_RODATA);
	if (!e->dead)
		e->out->insns[e->out->ninsns - 2].imm = (int32_t)at;
}

/* r9 = the byte offset of the key's bucket's first entry (ir_cls_index):
 * b = (w0 - base) >> shift, clamped to the buckets.  The bound on r9 is
 * for the verifier; the table holds no larger offset. */
static void gen_bucket(struct hk_emit *e, const struct ir_cls_group *g,
		       size_t index_at, int done)
{
	const struct ir_cls_index *ix = g->index;
	int low = hk_label(e), high = hk_label(e), have = hk_label(e);
	uint32_t top = 0;

	for (size_t b = 0; b < ix->nbuckets; b++)
		if (ix->start[b] > top)
			top = ix->start[b];
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_KEY);
	hk_ld_imm64(e, BPF_REG_2, ix->base);
	hk_jmp_reg(e, BPF_JLT, BPF_REG_1, BPF_REG_2, low);
	hk_alu_reg(e, BPF_SUB, BPF_REG_1, BPF_REG_2);
	if (ix->shift)
		hk_alu_imm(e, BPF_RSH, BPF_REG_1, ix->shift);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_1, (int32_t)(ix->nbuckets - 1), high);
	hk_ja(e, have);
	hk_place(e, low);
	hk_mov_imm(e, BPF_REG_1, 0);
	hk_ja(e, have);
	hk_place(e, high);
	hk_mov_imm(e, BPF_REG_1, (int32_t)(ix->nbuckets - 1));
	hk_place(e, have);
	hk_alu_imm(e, BPF_LSH, BPF_REG_1, 2);
	rodata_ptr(e, BPF_REG_7, index_at);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_1);
	hk_ldx(e, BPF_W, BPF_REG_9, BPF_REG_7, 0);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_9, (int32_t)(top * rec_size(g)), done);
}

/* r7 = the last table entry at or below the key: a branch-free binary
 * search over `pad` records, or over 2^steps from the key's bucket. */
static void gen_search(struct hk_emit *e, const struct ir_cls_group *g,
		       size_t at, size_t pad, size_t index_at, int done)
{
	size_t rec = rec_size(g);
	size_t first_step = pad / 2;

	if (g->index) {
		gen_bucket(e, g, index_at, done);
		first_step = ((size_t)1 << g->index->steps) / 2;
	} else {
		hk_mov_imm(e, BPF_REG_9, 0);
	}
	rodata_ptr(e, BPF_REG_8, at);
	for (size_t step = first_step; step; step /= 2) {
		hk_mov_reg(e, BPF_REG_7, BPF_REG_8);
		hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_9);
		hk_alu_imm(e, BPF_ADD, BPF_REG_7, (int32_t)(step * rec));
		entry_le_key(e, g);
		hk_alu_imm(e, BPF_MUL, BPF_REG_0, (int32_t)(step * rec));
		hk_alu_reg(e, BPF_ADD, BPF_REG_9, BPF_REG_0);
	}
	hk_mov_reg(e, BPF_REG_7, BPF_REG_8);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_9);
}

/* r7 = the record of the key in a direct table.  The bound is for the
 * verifier: no key is larger. */
static void gen_direct(struct hk_emit *e, const struct ir_cls_group *g,
		       size_t at, size_t nkeys, int done)
{
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_KEY);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_1, (int32_t)(nkeys - 1), done);
	hk_alu_imm(e, BPF_MUL, BPF_REG_1, (int32_t)rec_size(g));
	rodata_ptr(e, BPF_REG_7, at);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_1);
}

/* r7 = the key's hash slot (ir_cls_hash_key, then the displacement), or
 * to `miss` when that slot holds another key. */
static void gen_hash(struct hk_emit *e, const struct ir_cls_group *g,
		     size_t at, size_t disp_at, int miss)
{
	const struct ir_cls_hash *hs = g->hash;

	for (int w = 0; w < g->nwords; w++) {
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_KEY + 8 * w);
		if (w)
			hk_alu_reg(e, BPF_XOR, BPF_REG_1, BPF_REG_2);
		else
			hk_mov_reg(e, BPF_REG_1, BPF_REG_2);
		hk_ld_imm64(e, BPF_REG_3, hs->mult);
		hk_alu_reg(e, BPF_MUL, BPF_REG_1, BPF_REG_3);
		hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
		hk_alu_imm(e, BPF_RSH, BPF_REG_2, 32);
		hk_alu_reg(e, BPF_XOR, BPF_REG_1, BPF_REG_2);
	}
	rodata_ptr(e, BPF_REG_7, disp_at);
	if (hs->bucket_bits) {
		hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
		hk_alu_imm(e, BPF_RSH, BPF_REG_2, 64 - hs->bucket_bits);
		hk_alu_imm(e, BPF_LSH, BPF_REG_2, 2);
		hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_2);
	}
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_7, 0);
	hk_alu_reg(e, BPF_XOR, BPF_REG_1, BPF_REG_2);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, (int32_t)(hs->nslots - 1));
	hk_alu_imm(e, BPF_MUL, BPF_REG_1, (int32_t)rec_size(g));
	rodata_ptr(e, BPF_REG_7, at);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_1);
	for (int w = 0; w < g->nwords; w++) {
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_7, 8 * w);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_KEY + 8 * w);
		hk_jmp_reg(e, BPF_JNE, BPF_REG_1, BPF_REG_2, miss);
	}
}

/* The candidates of the record at r7, in order: the first whose residual
 * fits becomes the best when it is earlier than the best so far. */
static void gen_cands(struct hk_emit *e, const struct ir_cls_group *g,
		      int done)
{
	for (int k = 0; k < g->ncands; k++) {
		int16_t off = g->nwords * 8 + k * cand_size(g);
		int next = hk_label(e);

		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_7, off);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, done);
		if (g->has_residual) {
			hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_RES);
			hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_7, off + 16);
			hk_jmp_reg(e, BPF_JLT, BPF_REG_2, BPF_REG_3, next);
			hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_7, off + 24);
			hk_jmp_reg(e, BPF_JGT, BPF_REG_2, BPF_REG_3, next);
		}
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_RULE);
		hk_jmp_reg(e, BPF_JGE, BPF_REG_1, BPF_REG_2, done);
		take_candidate(e, off);
		hk_ja(e, done);
		hk_place(e, next);
	}
}

static void gen_group(struct hk_emit *e, const struct ir_chain *c,
		      const struct ir_cls_run *run, const struct ir_cls_group *g,
		      const uint32_t *trace)
{
	int done = hk_label(e);
	size_t pad = 0, disp_at = 0, index_at = 0, at;

	if (g->direct)
		at = put_direct(e->obj, g, trace, c, run->first, &pad);
	else if (g->hash)
		at = put_hash(e->obj, g, trace, c, run->first, &disp_at);
	else
		at = put_table(e->obj, g, trace, c, run->first, &pad, &index_at);
	for (size_t i = 0; i < g->nguards; i++) {
		e->ops->load(e, &g->guards[i].field, done);
		hk_jmp_u64(e, BPF_JNE, BPF_REG_0, g->guards[i].value, done);
	}
	build_key(e, g, done);
	if (g->has_residual) {
		e->ops->load(e, &g->residual, done);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_RES);
	}
	if (g->direct)
		gen_direct(e, g, at, pad, done);
	else if (g->hash)
		gen_hash(e, g, at, disp_at, done);
	else
		gen_search(e, g, at, pad, index_at, done);
	gen_cands(e, g, done);
	hk_place(e, done);
}

static void set_best(struct hk_emit *e, uint32_t rule1,
		     struct ir_cls_rule_action a, uint32_t trace)
{
	hk_st(e, BPF_DW, BPF_REG_10, S_RULE, (int32_t)rule1);
	hk_st(e, BPF_DW, BPF_REG_10, S_CTR, a.counter + 1);
	hk_st(e, BPF_DW, BPF_REG_10, S_TRACE, (int32_t)trace);
	hk_st(e, BPF_DW, BPF_REG_10, S_VERD, a.action);
}

/* Inline rules, in order, while they come before the best found. */
static void gen_inline(struct hk_emit *e, const struct ir_chain *c,
		       const struct ir_cls_run *run, const uint32_t *trace)
{
	int done = hk_label(e);

	for (size_t i = 0; i < run->ninline; i++) {
		uint32_t idx = run->inline_rules[i];
		const struct ir_rule *r = &c->rules[idx];
		struct ir_cls_rule_action a = ir_cls_rule_action(r);
		size_t nmatch = r->nstmts - 1 - (a.counter >= 0);
		int fail = hk_label(e);

		e->origin = &r->origin;
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_RULE);
		hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_1, idx + 1, done);
		for (size_t s = 0; s < nmatch; s++)
			hk_gen_match(e, &r->stmts[s], fail);
		set_best(e, idx + 1, a, trace[idx - run->first]);
		hk_ja(e, done);
		hk_place(e, fail);
	}
	hk_place(e, done);
}

/* Dynamic counter and trace updates for the best rule. */
static void gen_effects(struct hk_emit *e)
{
	int skip = hk_label(e);

	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_CTR);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, skip);
	hk_alu_imm(e, BPF_SUB, BPF_REG_1, 1);
	hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_1, HK_MAP_KEY);
	hk_map_lookup(e, CG_MAP_COUNTERS, skip);
	hk_count(e);
	hk_place(e, skip);
	if (!e->obj->has_trace)
		return;
	skip = hk_label(e);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_TRACE);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, skip);
	hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, 0);
	hk_map_lookup(e, CG_MAP_TRACE, skip);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_TRACE);
	hk_stx(e, BPF_W, BPF_REG_0, BPF_REG_1, 0);
	hk_place(e, skip);
}

/* A readable origin for the run's glue code in --emit asm. */
static const struct ir_origin *run_origin(struct hk_emit *e,
					  const struct ir_chain *c,
					  const struct ir_cls_run *run)
{
	const struct ir_origin *o = &c->rules[run->first].origin;
	struct ir_origin *mine = xzalloc(sizeof(*mine));
	size_t nrules = 0;

	for (size_t i = 0; i < run->ngroups; i++)
		nrules += run->groups[i].nrules;
	mine->file = xstrdup(o->file);
	mine->line = o->line;
	mine->text = xasprintf("classifier for rules %d-%d: %zu rule(s) in %zu table(s), %zu inline",
			       o->line, c->rules[run->first + run->count - 1].origin.line,
			       nrules, run->ngroups, run->ninline);
	cg_object_own_origin(e->obj, mine);
	return mine;
}

void hk_gen_cls_run(struct hk_emit *e, const struct ir_chain *c,
		    const struct ir_cls_run *run, const struct hk_cls_exits *x)
{
	uint32_t *trace = xzalloc(run->count * sizeof(*trace));
	const struct ir_origin *glue = run_origin(e, c, run);

	for (size_t i = 0; i < run->count; i++) {
		struct ir_cls_rule_action a =
			ir_cls_rule_action(&c->rules[run->first + i]);

		if (a.action != IR_CLS_RETURN)
			trace[i] = hk_trace_id(e, &c->rules[run->first + i].origin);
	}
	e->origin = glue;
	set_best(e, NONE, (struct ir_cls_rule_action){ .counter = -1 }, 0);
	for (size_t i = 0; i < run->ngroups; i++)
		gen_group(e, c, run, &run->groups[i], trace);
	gen_inline(e, c, run, trace);
	e->origin = glue;
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_RULE);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NONE, x->none);
	gen_effects(e);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_VERD);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IR_CLS_DROP, x->drop);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IR_CLS_RETURN, x->ret);
	hk_ja(e, x->accept);
	free(trace);
}

/* Key, table and search for ir_cls_set_table(); r0 = the record's value
 * (0: no element).  `value`: per element, stored + 1 (NULL: 1). */
static bool set_table_value(struct hk_emit *e, const struct ir_stmt *s,
			    const uint32_t *value, int fail)
{
	const struct ir_set *set = &e->unit->sets[s->lookup.set];
	struct ir_cls_group *g = ir_cls_set_table(set, s->lookup.fields,
						  s->lookup.nfields);
	size_t pad = 0, disp_at = 0, index_at = 0, at;
	int miss, found;

	if (!g)
		return false;
	miss = hk_label(e);
	found = hk_label(e);
	if (g->direct)
		at = put_direct(e->obj, g, value, NULL, 0, &pad);
	else if (g->hash)
		at = put_hash(e->obj, g, value, NULL, 0, &disp_at);
	else
		at = put_table(e->obj, g, value, NULL, 0, &pad, &index_at);
	/* an absent field fails the rule, negated or not (NFT_BREAK) */
	build_key(e, g, fail);
	if (g->direct)
		gen_direct(e, g, at, pad, miss);
	else if (g->hash)
		gen_hash(e, g, at, disp_at, miss);
	else
		gen_search(e, g, at, pad, index_at, miss);
	hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_7, g->nwords * 8);
	hk_ja(e, found);
	hk_place(e, miss);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, found);
	ir_cls_group_free(g);
	free(g);
	return true;
}

bool hk_gen_set_table(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	int miss = s->lookup.neg ? hk_label(e) : fail;

	if (!set_table_value(e, s, NULL, fail))
		return false;
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, miss);
	if (s->lookup.neg) {
		hk_ja(e, fail);
		hk_place(e, miss);
	}
	return true;
}

bool hk_gen_vmap_table(struct hk_emit *e, const struct ir_stmt *s,
		       const uint32_t *elem_class, int fail)
{
	return set_table_value(e, s, elem_class, fail);
}
