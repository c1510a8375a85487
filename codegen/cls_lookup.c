// SPDX-License-Identifier: GPL-2.0
/*
 * Classifier tables (ir/classify.h) in .rodata and their lookups in code,
 * for classified runs (gen_classify.c) and for large sets and vmaps
 * (gen_settable.c): the key built on the stack, then a direct index, one
 * perfect-hash slot, or a branch-free binary search (from the key's bucket
 * of a first-level index, when there is one).
 *
 * The search has no branches on purpose: the position it computes is a
 * value the verifier cannot know, so it checks the search once, whatever
 * the table size, instead of once per path through a tree of compares.
 */
#include <string.h>

#include "codegen/cls_lookup.h"
#include "codegen/codegen.h"

/* Where a candidate's residual range starts (struct cls_set_rec or
 * struct cls_cand_rec). */
#define CLS_RES_OFF(g) ((g)->set_values ? 8 : 16)

size_t cls_cand_size(const struct ir_cls_group *g)
{
	if (g->set_values)
		return g->has_residual ? 24 : 8;
	return g->has_residual ? 32 : 16;
}

size_t cls_rec_size(const struct ir_cls_group *g)
{
	return g->nwords * 8 + g->ncands * cls_cand_size(g);
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
		for (int k = 0; k < en->ncands; k++) {
			const struct ir_cls_cand *cd = &en->cands[k];
			struct cls_set_rec r = {
				.value1 = 1 + (trace ? trace[cd->rule] : 0),
				.res_lo = cd->res_lo, .res_hi = cd->res_hi,
			};

			put(p + g->nwords * 8 + k * cls_cand_size(g), &r,
			    cls_cand_size(g));
		}
		return;
	}
	for (int k = 0; k < en->ncands; k++) {
		const struct ir_cls_cand *cd = &en->cands[k];
		struct ir_cls_rule_action a = ir_cls_rule_action(&c->rules[cd->rule]);
		struct cls_cand_rec r = {
			.rule1 = cd->rule + 1,
			.counter1 = a.counter + 1,
			.trace = trace[cd->rule - first],
			.verdict = a.action,
			.res_lo = cd->res_lo, .res_hi = cd->res_hi,
		};

		put(p + g->nwords * 8 + k * cls_cand_size(g), &r, cls_cand_size(g));
	}
}

/* The listing's notes for the record at `at`: the rules of its
 * candidates, or for a set table the rule that looks the set up. */
static void note_record(struct cg_object *obj, size_t at,
			const struct ir_cls_entry *en, const struct ir_chain *c,
			const struct ir_origin *user)
{
	(void)user;	/* a set table's entries: the table names the rule */
	if (!c)
		return;
	for (int k = 0; k < en->ncands; k++)
		cg_rodata_note(obj, at, &c->rules[en->cands[k].rule].origin);
}

static const char *group_kind(const struct ir_cls_group *g)
{
	if (g->set_values)
		return "set table";
	return "classifier table";
}

/* The group's search table: entries padded by repeating the last one, to
 * a power of two (or to the index's padded size).  Returns its offset in
 * .rodata and the padded count; with an index, also the offset of the
 * buckets' first entries (u32 byte offsets into the table). */
static size_t put_table(struct cg_object *obj, const struct ir_cls_group *g,
			const uint32_t *trace, const struct ir_chain *c,
			size_t first, const struct ir_origin *user, size_t *pad,
			size_t *index_at)
{
	size_t rec = cls_rec_size(g), at;

	*pad = 1;
	while (*pad < g->nentries)
		*pad *= 2;
	if (g->index)
		*pad = g->index->padded;
	at = cg_rodata_reserve(obj, *pad * rec);
	cg_rodata_table(obj, at, *pad * rec, rec, CG_RO_U64, user,
			"%s, searched: %zu records of %zu bytes (%d key words, %d candidates),"
			" the last repeated to %zu", group_kind(g), g->nentries, rec,
			g->nwords, g->ncands, *pad);
	for (size_t i = 0; i < *pad; i++) {
		const struct ir_cls_entry *en =
			&g->entries[i < g->nentries ? i : g->nentries - 1];

		put_record(obj->rodata + at + i * rec, g, en, trace, c, first);
		note_record(obj, at + i * rec, en, c, user);
	}
	if (!g->index)
		return at;
	*index_at = cg_rodata_reserve(obj, g->index->nbuckets * 4);
	cg_rodata_table(obj, *index_at, g->index->nbuckets * 4, 32, CG_RO_U32, user,
			"its first-level index: %zu buckets, u32 byte offsets of their first records",
			g->index->nbuckets);
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
		       size_t first, const struct ir_origin *user, size_t *disp_at)
{
	const struct ir_cls_hash *hs = g->hash;
	size_t rec = cls_rec_size(g), nb = (size_t)1 << hs->bucket_bits, at;

	at = cg_rodata_reserve(obj, hs->nslots * rec);
	cg_rodata_table(obj, at, hs->nslots * rec, rec, CG_RO_HASHED, user,
			"%s, hashed: %zu slots of %zu bytes (%d key words, %d candidates),"
			" empty ones zero", group_kind(g), hs->nslots, rec, g->nwords,
			g->ncands);
	for (size_t s = 0; s < hs->nslots; s++) {
		const struct ir_cls_entry *en;

		if (hs->slot_entry[s] == UINT32_MAX)
			continue;
		en = &g->entries[hs->slot_entry[s]];
		put_record(obj->rodata + at + s * rec, g, en, trace, c, first);
		note_record(obj, at + s * rec, en, c, user);
	}
	*disp_at = cg_rodata_reserve(obj, nb * 4);
	cg_rodata_table(obj, *disp_at, nb * 4, 32, CG_RO_U32, user,
			"its hash buckets' displacements: %zu u32", nb);
	for (size_t b = 0; b < nb; b++)
		put(obj->rodata + *disp_at + 4 * b, &hs->disp[b], 4);
	return at;
}

/* The group's direct table: the record of every key value 0..2^bits-1,
 * copied from the entry that holds it.  Returns its offset in .rodata. */
static size_t put_direct(struct cg_object *obj, const struct ir_cls_group *g,
			 const uint32_t *trace, const struct ir_chain *c,
			 size_t first, const struct ir_origin *user, size_t *nkeys)
{
	size_t rec = cls_rec_size(g), at, e = 0;

	*nkeys = (size_t)1 << (g->dims[0].shift + g->dims[0].bits);
	at = cg_rodata_reserve(obj, *nkeys * rec);
	cg_rodata_table(obj, at, *nkeys * rec, rec, CG_RO_U64, user,
			"%s, direct: a record of %zu bytes (%d key words, %d candidates)"
			" for each of the %zu key values", group_kind(g), rec, g->nwords,
			g->ncands, *nkeys);
	for (size_t v = 0; v < *nkeys; v++) {
		while (e + 1 < g->nentries && g->entries[e + 1].lo[0] <= v)
			e++;
		put_record(obj->rodata + at + v * rec, g, &g->entries[e], trace,
			   c, first);
		note_record(obj, at + v * rec, &g->entries[e], c, user);
	}
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
void cls_build_key(struct hk_emit *e, const struct ir_cls_group *g, int skip)
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
	if (g->has_residual) {
		e->ops->load(e, &g->residual, skip);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_RES);
	}
}

void cls_residual_check(struct hk_emit *e, const struct ir_cls_group *g,
			int16_t off, int outside)
{
	if (!g->has_residual)
		return;
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_RES);
	hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_7, off + CLS_RES_OFF(g));
	hk_jmp_reg(e, BPF_JLT, BPF_REG_2, BPF_REG_3, outside);
	hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_7, off + CLS_RES_OFF(g) + 8);
	hk_jmp_reg(e, BPF_JGT, BPF_REG_2, BPF_REG_3, outside);
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
	hk_ld_rodata(e, BPF_REG_7, index_at);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_1);
	hk_ldx(e, BPF_W, BPF_REG_9, BPF_REG_7, 0);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_9, (int32_t)(top * cls_rec_size(g)), done);
}

/* r7 = the last table entry at or below the key: a branch-free binary
 * search over `pad` records, or over 2^steps from the key's bucket. */
static void gen_search(struct hk_emit *e, const struct ir_cls_group *g,
		       size_t at, size_t pad, size_t index_at, int done)
{
	size_t rec = cls_rec_size(g);
	size_t first_step = pad / 2;

	if (g->index) {
		gen_bucket(e, g, index_at, done);
		first_step = ((size_t)1 << g->index->steps) / 2;
	} else {
		hk_mov_imm(e, BPF_REG_9, 0);
	}
	hk_ld_rodata(e, BPF_REG_8, at);
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
	hk_alu_imm(e, BPF_MUL, BPF_REG_1, (int32_t)cls_rec_size(g));
	hk_ld_rodata(e, BPF_REG_7, at);
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
	hk_ld_rodata(e, BPF_REG_7, disp_at);
	if (hs->bucket_bits) {
		hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
		hk_alu_imm(e, BPF_RSH, BPF_REG_2, 64 - hs->bucket_bits);
		hk_alu_imm(e, BPF_LSH, BPF_REG_2, 2);
		hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_2);
	}
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_7, 0);
	hk_alu_reg(e, BPF_XOR, BPF_REG_1, BPF_REG_2);
	/* ir_cls_hash_slot: low 32 bits, times nslots, high 32 bits */
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X,
				      .dst_reg = BPF_REG_1, .src_reg = BPF_REG_1 });
	hk_alu_imm(e, BPF_MUL, BPF_REG_1, (int32_t)hs->nslots);
	hk_alu_imm(e, BPF_RSH, BPF_REG_1, 32);
	hk_alu_imm(e, BPF_MUL, BPF_REG_1, (int32_t)cls_rec_size(g));
	hk_ld_rodata(e, BPF_REG_7, at);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_1);
	for (int w = 0; w < g->nwords; w++) {
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_7, 8 * w);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_KEY + 8 * w);
		hk_jmp_reg(e, BPF_JNE, BPF_REG_1, BPF_REG_2, miss);
	}
}

void cls_put_tables(struct cg_object *obj, const struct ir_cls_group *g,
		    const uint32_t *trace, const struct ir_chain *c,
		    size_t first, const struct ir_origin *user,
		    struct cls_tables *t)
{
	memset(t, 0, sizeof(*t));
	if (g->direct)
		t->at = put_direct(obj, g, trace, c, first, user, &t->nrec);
	else if (g->hash)
		t->at = put_hash(obj, g, trace, c, first, user, &t->disp_at);
	else
		t->at = put_table(obj, g, trace, c, first, user, &t->nrec,
				  &t->index_at);
}

void cls_find(struct hk_emit *e, const struct ir_cls_group *g,
	      const struct cls_tables *t, int miss)
{
	if (g->direct)
		gen_direct(e, g, t->at, t->nrec, miss);
	else if (g->hash)
		gen_hash(e, g, t->at, t->disp_at, miss);
	else
		gen_search(e, g, t->at, t->nrec, t->index_at, miss);
}
