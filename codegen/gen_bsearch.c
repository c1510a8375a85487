// SPDX-License-Identifier: GPL-2.0
/*
 * Large one-field sets: the ranges, merged and sorted, go to .rodata as
 * {lo, hi} u64 pairs, padded to a power of two with copies of the last
 * range, and an unrolled binary search finds the last range whose lo is
 * <= x.  log2(n) steps instead of n compares.  The steps have no branches:
 * the verifier then sees one path whatever the set's size (with a branch
 * per step it would walk every path: 2^20 of them for 1M elements).
 * Merging is only right for membership (LOOKUP), not for vmaps, whose
 * elements carry verdicts.
 */
#include <stdlib.h>
#include <string.h>

#include "codegen/hook_gen.h"
#include "ir/xalloc.h"

struct range { uint64_t lo, hi; };

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->hi > y->hi) - (x->hi < y->hi);
}

/* Sorted, disjoint, non-adjacent ranges; returns their count. */
static size_t merge_ranges(const struct ir_set *set, struct range *r)
{
	size_t n = 0;

	for (size_t i = 0; i < set->nelems; i++) {
		r[i].lo = set->elems[i].lo[0].lo;
		r[i].hi = set->elems[i].hi[0].lo;
	}
	qsort(r, set->nelems, sizeof(*r), cmp_range);
	for (size_t i = 0; i < set->nelems; i++) {
		if (n && (r[n - 1].hi == UINT64_MAX || r[i].lo <= r[n - 1].hi + 1)) {
			if (r[i].hi > r[n - 1].hi)
				r[n - 1].hi = r[i].hi;
			continue;
		}
		r[n++] = r[i];
	}
	return n;
}

/* Append the table to .rodata; returns its offset. */
static size_t put_rodata(struct hk_emit *e, const struct ir_set *set,
			 const struct range *r, size_t n, size_t pad)
{
	struct cg_object *obj = e->obj;
	size_t at = cg_rodata_reserve(obj, pad * sizeof(*r));

	cg_rodata_table(obj, at, pad * sizeof(*r), sizeof(*r), CG_RO_U64, e->origin,
			"set %s, searched: %zu merged ranges {lo, hi}, the last repeated to %zu",
			set->name, n, pad);

	for (size_t i = 0; i < pad; i++)
		memcpy(obj->rodata + at + i * sizeof(*r), &r[i < n ? i : n - 1],
		       sizeof(*r));
	return at;
}

bool hk_set_is_large(const struct ir_set *set)
{
	return set->nfields == 1 && !set->is_vmap &&
	       set->nelems > HK_INLINE_SET_MAX;
}

void hk_test_set_bsearch(struct hk_emit *e, int reg, const struct ir_set *set,
			 bool neg, int fail)
{
	struct range *r = xmalloc(set->nelems * sizeof(*r));
	size_t n = merge_ranges(set, r), pad = 1, at;
	int miss = neg ? hk_label(e) : fail;
	/* 8-byte keys may have the top bit set: full unsigned compare */
	bool wide = set->field_len[0] >= 8;

	while (pad < n)
		pad *= 2;
	at = put_rodata(e, set, r, n, pad);
	free(r);
	hk_mov_reg(e, BPF_REG_7, reg);
	hk_ld_rodata(e, BPF_REG_8, at);
	hk_mov_imm(e, BPF_REG_9, 0);	/* byte offset of the candidate */
	for (size_t step = pad / 2; step; step /= 2) {
		/* r9 += (lo <= x) * step: !(x < lo) */
		hk_mov_reg(e, BPF_REG_1, BPF_REG_8);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_9);
		hk_alu_imm(e, BPF_ADD, BPF_REG_1, step * sizeof(*r));
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, 0);
		if (wide)
			hk_lt64(e, BPF_REG_7, BPF_REG_2);
		else
			hk_lt63(e, BPF_REG_7, BPF_REG_2);
		hk_alu_imm(e, BPF_XOR, BPF_REG_3, 1);
		hk_alu_imm(e, BPF_MUL, BPF_REG_3, step * sizeof(*r));
		hk_alu_reg(e, BPF_ADD, BPF_REG_9, BPF_REG_3);
	}
	hk_mov_reg(e, BPF_REG_1, BPF_REG_8);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_9);
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, 0);
	hk_jmp_reg(e, BPF_JGT, BPF_REG_2, BPF_REG_7, miss);
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, 8);
	hk_jmp_reg(e, BPF_JLT, BPF_REG_2, BPF_REG_7, miss);
	if (neg) {
		hk_ja(e, fail);
		hk_place(e, miss);
	}
}
