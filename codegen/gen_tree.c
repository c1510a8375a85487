// SPDX-License-Identifier: GPL-2.0
/*
 * A decision tree of a classified run (ir/classify.h, ir/cls_tree.c) in
 * .rodata and its walk in code: the packet's value of every dim on the
 * stack (max + 1 when the field is absent), then at most `depth` levels
 * of node -> child (children lie together: no pointer), up to a leaf, then
 * the leaf's candidate boxes in order, up to the tree's longest list.  The code has the same size and the verifier
 * the same work whatever the number of rules: the tree is data.
 */
#include <string.h>

#include "codegen/cls_lookup.h"
#include "codegen/codegen.h"

#define S_TV	(-392)		/* 8 u64 slots: the dims' values */
#define NODE_SIZE 8
#define NODE_SHIFT 3	/* log2(NODE_SIZE) */
/* Values, masks, bases and boxes are all scaled by NODE_SIZE: a cut
 * ((v << 3) >> shift) & (mask << 3) is the child's byte offset at once
 * (bit p + 3 of (v << 3) >> shift is bit p + shift of v), one shift less
 * a level; comparing scaled values with scaled bounds orders the same. */

static size_t cand_size(const struct ir_cls_tree *t)
{
	return 16 + 16 * (size_t)t->ndims;
}

struct tree_at {
	size_t nodes, cands;
};

/* Nodes (u8 byte offset of the dim's value slot, u8 shift, u16 mask << 3,
 * u32 base << 3: the byte offset of child 0; a leaf has mask 0 and in place
 * of base the byte offset of its list) and candidates (struct
 * cls_cand_rec's first four words, then lo << 3, hi << 3 per dim; the end
 * of a list has rule1 0). */
static void put_tree(struct cg_object *obj, const struct ir_chain *c,
		     const struct ir_cls_run *run, const struct ir_cls_tree *t,
		     const uint32_t *trace, struct tree_at *at)
{
	size_t rec = cand_size(t);

	at->nodes = cg_rodata_reserve(obj, t->nnodes * NODE_SIZE);
	cg_rodata_table(obj, at->nodes, t->nnodes * NODE_SIZE, NODE_SIZE, CG_RO_U64,
			NULL, "decision tree of the rules of lines %d-%d: %zu nodes (u8 value"
			" slot, u8 shift, u16 mask, u32 child 0 or a leaf's list)",
			c->rules[run->first].origin.line,
			c->rules[run->first + run->count - 1].origin.line, t->nnodes);
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct ir_cls_tnode *n = &t->nodes[i];
		uint8_t *p = obj->rodata + at->nodes + i * NODE_SIZE;
		uint32_t cand = (uint32_t)(n->cand * rec);

		uint16_t mask = (uint16_t)(n->mask << NODE_SHIFT);
		uint32_t base = n->base << NODE_SHIFT;

		p[0] = (uint8_t)(8 * t->slot[n->dim]);
		p[1] = (uint8_t)n->shift;
		memcpy(p + 2, &mask, 2);
		memcpy(p + 4, mask ? &base : &cand, 4);
	}
	at->cands = cg_rodata_reserve(obj, t->ncands * rec);
	cg_rodata_table(obj, at->cands, t->ncands * rec, rec, CG_RO_U64, NULL,
			"its leaves' candidate lists: %zu boxes of %zu bytes, a zero box"
			" ends a list", t->ncands, rec);
	for (size_t i = 0; i < t->ncands; i++) {
		const struct ir_cls_tbox *b = &t->cands[i];
		uint8_t *p = obj->rodata + at->cands + i * rec;
		struct ir_cls_rule_action a;
		struct cls_cand_rec r = { 0 };

		if (b->rule == IR_TREE_END)
			continue;	/* all zero: the end of a list */
		a = ir_cls_rule_action(&c->rules[b->rule]);
		r.rule1 = b->rule + 1;
		r.counter1 = a.counter + 1;
		r.trace = trace[b->rule - run->first];
		r.verdict = a.action;
		memcpy(p, &r, 16);
		cg_rodata_note(obj, at->cands + i * rec, &c->rules[b->rule].origin);
		for (int d = 0; d < t->ndims; d++) {
			uint64_t lo = b->lo[d] << NODE_SHIFT, hi = b->hi[d] << NODE_SHIFT;

			memcpy(p + 16 + 16 * d, &lo, 8);
			memcpy(p + 24 + 16 * d, &hi, 8);
		}
	}
}

/* Field f's value at S_TV slot d, scaled (max + 1 when absent). */
static void load_value(struct hk_emit *e, const struct ir_field *f, int bits, int d)
{
	int absent = hk_label(e), next = hk_label(e);

	e->ops->load(e, f, absent);
	hk_alu_imm(e, BPF_LSH, BPF_REG_0, NODE_SHIFT);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_TV + 8 * d);
	hk_ja(e, next);
	hk_place(e, absent);
	hk_ld_imm64(e, BPF_REG_0, ((1ull << bits) - 1) << NODE_SHIFT);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_TV + 8 * d);
	hk_place(e, next);
}

/* A packet field read as loaded: no shift, mask or xor. */
static bool plain(const struct ir_field *f)
{
	return (f->base == IR_BASE_NETWORK || f->base == IR_BASE_TRANSPORT) &&
	       (f->len == 2 || f->len == 4) && !f->shift && !f->lshift &&
	       !f->xor && (f->mask & ((1ull << (8 * f->len)) - 1)) ==
			  (1ull << (8 * f->len)) - 1;
}

/* Field b starts where field a ends (saddr, daddr; sport, dport). */
static bool adjacent(const struct ir_field *a, const struct ir_field *b)
{
	return plain(a) && plain(b) && a->base == b->base && a->len == b->len &&
	       a->offset + a->len == b->offset;
}

/* Fields a (slot da) and b (slot db), adjacent: one load of both, one
 * bounds test and one header walk instead of two.  When the pair is not
 * all in the packet (a truncated header), each is loaded alone, so a field
 * that is there is still seen. */
static void load_pair(struct hk_emit *e, const struct ir_field *f, const int *bits,
		      int da, int db)
{
	struct ir_field both = f[da];
	int apart = hk_label(e), next = hk_label(e);
	int w = 8 * f[da].len;

	both.len = (uint8_t)(2 * f[da].len);
	both.mask = ~0ull;
	e->ops->load(e, &both, apart);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_0);
	hk_alu_imm(e, BPF_RSH, BPF_REG_1, w);
	hk_alu_imm(e, BPF_LSH, BPF_REG_1, NODE_SHIFT);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, S_TV + 8 * da);
	hk_alu_imm(e, BPF_LSH, BPF_REG_0, 64 - w);
	hk_alu_imm(e, BPF_RSH, BPF_REG_0, 64 - w - NODE_SHIFT);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_TV + 8 * db);
	hk_ja(e, next);
	hk_place(e, apart);
	load_value(e, &f[da], bits[da], da);
	load_value(e, &f[db], bits[db], db);
	hk_place(e, next);
}

/* The values of fields f[0..n) at S_TV, scaled (max + 1 for an absent
 * field); unused slots zero, so the walk may read any of the 8. */
static void load_values(struct hk_emit *e, const struct ir_field *f,
			const int *bits, int n)
{
	bool done[IR_TREE_MAX_DIMS] = { false };

	for (int d = 0; d < IR_TREE_MAX_DIMS; d++) {
		if (d >= n) {
			hk_st(e, BPF_DW, BPF_REG_10, S_TV + 8 * d, 0);
			continue;
		}
		if (done[d])
			continue;
		for (int k = d + 1; k < n && !done[d]; k++) {
			if (done[k])
				continue;
			if (adjacent(&f[d], &f[k]))
				load_pair(e, f, bits, d, k);
			else if (adjacent(&f[k], &f[d]))
				load_pair(e, f, bits, k, d);
			else
				continue;
			done[d] = done[k] = true;
		}
		if (!done[d])
			load_value(e, &f[d], bits[d], d);
	}
}

void cls_gen_tree_values(struct hk_emit *e, const struct ir_cls_run *run)
{
	if (run->ntdims)
		load_values(e, run->tfields, run->tbits, run->ntdims);
}

/* r7 = the packet's leaf node: per level two dependent loads (the node,
 * then its dim's value).  A leaf (mask 0) ends the walk: most leaves are
 * well above the deepest one, and levels are most of a tree's cost; after
 * `depth` levels the node is a leaf whatever the path.  The root is known
 * here: its cut is immediates, and the first load is the value's alone. */
static void walk(struct hk_emit *e, const struct ir_cls_tree *t,
		 const struct tree_at *at, int done)
{
	const struct ir_cls_tnode *root = &t->nodes[0];
	int leaf = hk_label(e), level = 0;

	hk_ld_rodata(e, BPF_REG_8, at->nodes);
	if (root->mask && t->depth > 0) {
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_TV + 8 * t->slot[root->dim]);
		if (root->shift)
			hk_alu_imm(e, BPF_RSH, BPF_REG_2, root->shift);
		hk_alu_imm(e, BPF_AND, BPF_REG_2, (int32_t)(root->mask << NODE_SHIFT));
		/* root->base + root->mask < nnodes: no bounds test needed */
		hk_ld_rodata(e, BPF_REG_7, at->nodes + ((size_t)root->base << NODE_SHIFT));
		hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_2);
		level = 1;
	} else {
		hk_mov_reg(e, BPF_REG_7, BPF_REG_8);
	}
	for (; level < t->depth; level++) {
		hk_ldx(e, BPF_H, BPF_REG_3, BPF_REG_7, 2);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_3, 0, leaf);
		hk_ldx(e, BPF_B, BPF_REG_1, BPF_REG_7, 0);
		hk_alu_imm(e, BPF_AND, BPF_REG_1, 8 * (IR_TREE_MAX_DIMS - 1));
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_10);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, S_TV);
		hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_7, 1);
		hk_alu_reg(e, BPF_RSH, BPF_REG_2, BPF_REG_4);
		hk_alu_reg(e, BPF_AND, BPF_REG_2, BPF_REG_3);
		hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_7, 4);
		hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_3);
		/* bounds for the verifier: the tree holds no larger offset */
		hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_2,
			   (int32_t)((t->nnodes - 1) << NODE_SHIFT), done);
		hk_mov_reg(e, BPF_REG_7, BPF_REG_8);
		hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_2);
	}
	hk_place(e, leaf);
}

/* order[0..ndims): the dims by how many boxes narrow them, most first,
 * so that a box the packet misses is left after fewer compares. */
static void scan_order(const struct ir_cls_tree *t, int *order)
{
	size_t narrow[IR_TREE_MAX_DIMS] = { 0 };

	for (size_t i = 0; i < t->ncands; i++) {
		const struct ir_cls_tbox *b = &t->cands[i];

		if (b->rule == IR_TREE_END)
			continue;
		for (int d = 0; d < t->ndims; d++)
			narrow[d] += b->lo[d] || b->hi[d] != (1ull << t->bits[d]) - 1;
	}
	for (int d = 0; d < t->ndims; d++) {
		int k = d;

		for (; k > 0 && narrow[order[k - 1]] < narrow[d]; k--)
			order[k] = order[k - 1];
		order[k] = d;
	}
}

/* The leaf's boxes in order: the first holding the packet becomes the
 * best, unless the best so far comes earlier (then so does every later
 * box of the list). */
static void scan(struct hk_emit *e, const struct ir_cls_tree *t,
		 const struct tree_at *at, int done)
{
	size_t rec = cand_size(t);
	int order[IR_TREE_MAX_DIMS];

	scan_order(t, order);

	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_7, 4);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_2,
		   (int32_t)((t->ncands - t->leaf_max) * rec), done);
	hk_ld_rodata(e, BPF_REG_7, at->cands);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_2);
	for (int k = 0; k < t->leaf_max; k++) {
		int16_t off = (int16_t)(k * rec);
		int next = hk_label(e);

		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_7, off);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, done);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_RULE);
		hk_jmp_reg(e, BPF_JGE, BPF_REG_1, BPF_REG_2, done);
		for (int i = 0; i < t->ndims; i++) {
			int d = order[i];

			hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_TV + 8 * t->slot[d]);
			hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_7, off + 16 + 16 * d);
			hk_jmp_reg(e, BPF_JLT, BPF_REG_2, BPF_REG_3, next);
			hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_7, off + 24 + 16 * d);
			hk_jmp_reg(e, BPF_JGT, BPF_REG_2, BPF_REG_3, next);
		}
		cls_take_candidate(e, off);
		hk_ja(e, done);
		hk_place(e, next);
	}
}

static bool same_guard(const struct ir_cls_guard *a, const struct ir_cls_guard *b)
{
	return a->value == b->value && !memcmp(&a->field, &b->field, sizeof(a->field));
}

/* Guard g is in every tree of the run. */
static bool guard_common(const struct ir_cls_run *run, const struct ir_cls_guard *g)
{
	for (size_t i = 0; i < run->ntrees; i++) {
		const struct ir_cls_tree *t = &run->trees[i];
		bool found = false;

		for (size_t k = 0; k < t->nguards && !found; k++)
			found = same_guard(&t->guards[k], g);
		if (!found)
			return false;
	}
	return true;
}

void cls_gen_tree_guards(struct hk_emit *e, const struct ir_cls_run *run, int skip)
{
	const struct ir_cls_tree *t0 = &run->trees[0];

	for (size_t i = 0; i < t0->nguards; i++) {
		if (!guard_common(run, &t0->guards[i]))
			continue;
		e->ops->load(e, &t0->guards[i].field, skip);
		hk_jmp_u64(e, BPF_JNE, BPF_REG_0, t0->guards[i].value, skip);
	}
}

void cls_gen_tree(struct hk_emit *e, const struct ir_chain *c,
		  const struct ir_cls_run *run, const struct ir_cls_tree *t,
		  const uint32_t *trace)
{
	int done = hk_label(e);
	struct tree_at at;

	put_tree(e->obj, c, run, t, trace, &at);
	/* nothing here comes before the best so far */
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_RULE);
	hk_jmp_imm(e, BPF_JMP, BPF_JLE, BPF_REG_1, (int32_t)t->first + 1, done);
	for (size_t i = 0; i < t->nguards; i++) {
		if (guard_common(run, &t->guards[i]))
			continue;	/* cls_gen_tree_guards tested it */
		e->ops->load(e, &t->guards[i].field, done);
		hk_jmp_u64(e, BPF_JNE, BPF_REG_0, t->guards[i].value, done);
	}
	if (!run->ntdims)
		load_values(e, t->fields, t->bits, t->ndims);
	walk(e, t, &at, done);
	scan(e, t, &at, done);
	hk_place(e, done);
}
