// SPDX-License-Identifier: GPL-2.0
/*
 * Large sets keyed by IPv6 addresses or concatenations, and large maps, as
 * one classifier table each (ir_cls_set_table): a lookup costs a direct
 * index, a hash slot or a short search, not one compare per element.
 */
#include <stdlib.h>

#include "codegen/cls_lookup.h"
#include "ir/xalloc.h"

/* Key, table and search for ir_cls_set_table(); r0 = the record's value
 * (0: no element).  `value`: per element, stored + 1 (NULL: 1). */
static bool set_table_value(struct hk_emit *e, const struct ir_lookup *l,
			    const uint32_t *value, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	struct ir_cls_group *g = ir_cls_set_table(set, l->fields, l->nfields);
	struct cls_tables t;
	int miss, found;

	if (!g)
		return false;
	miss = hk_label(e);
	found = hk_label(e);
	cls_put_tables(e->obj, g, value, NULL, 0, e->origin, &t);
	/* an absent field fails the rule, negated or not (NFT_BREAK) */
	cls_build_key(e, g, fail);
	cls_find(e, g, &t, miss);
	/* the first candidate whose residual range holds the packet's */
	for (int k = 0; k < g->ncands; k++) {
		int16_t off = (int16_t)(g->nwords * 8 + k * cls_cand_size(g));
		int next = hk_label(e);

		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_7, off);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, miss);
		cls_residual_check(e, g, off, next);
		hk_ja(e, found);
		hk_place(e, next);
	}
	hk_place(e, miss);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, found);
	ir_cls_group_free(g);
	free(g);
	return true;
}

bool hk_gen_set_table(struct hk_emit *e, const struct ir_lookup *l, int fail)
{
	int miss = l->neg ? hk_label(e) : fail;

	if (!set_table_value(e, l, NULL, fail))
		return false;
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, miss);
	if (l->neg) {
		hk_ja(e, fail);
		hk_place(e, miss);
	}
	return true;
}

bool hk_gen_map_table(struct hk_emit *e, const struct ir_lookup *l,
		      const uint32_t *elem_class, int fail)
{
	return set_table_value(e, l, elem_class, fail);
}
