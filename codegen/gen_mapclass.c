// SPDX-License-Identifier: GPL-2.0
/*
 * The element of a verdict or value map that holds a key, as a class:
 * elements with the same verdict or value share one, so that what follows
 * (a verdict, a chain jumped to, a mark) is emitted once per class, not
 * once per element.
 */
#include <stdlib.h>

#include "codegen/hook_gen.h"
#include "ir/xalloc.h"

static bool same_value(const struct ir_set *set, const struct ir_set_elem *a,
		       const struct ir_set_elem *b)
{
	if (set->is_map)
		return a->data == b->data;
	return a->verdict.kind == b->verdict.kind &&
	       ((a->verdict.kind != IR_VERDICT_JUMP &&
		 a->verdict.kind != IR_VERDICT_GOTO) ||
		a->verdict.chain == b->verdict.chain);
}

void hk_map_classes(const struct ir_set *set, uint32_t **elem_class,
		    size_t **rep, size_t *nclass)
{
	uint32_t *cls = xmalloc((set->nelems + 1) * sizeof(*cls));
	size_t *first = xmalloc((set->nelems + 1) * sizeof(*first));
	size_t n = 0;

	/* quadratic in the classes, which are few: verdicts, or marks */
	for (size_t i = 0; i < set->nelems; i++) {
		size_t k = 0;

		while (k < n && !same_value(set, &set->elems[first[k]], &set->elems[i]))
			k++;
		if (k == n)
			first[n++] = i;
		cls[i] = (uint32_t)k;
	}
	*elem_class = cls;
	*rep = first;
	*nclass = n;
}

/* One field of up to 8 bytes: its value in r7, compared with each
 * element's range in turn. */
static void narrow_class(struct hk_emit *e, const struct ir_lookup *l,
			 const uint32_t *cls, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	int done = hk_label(e);

	e->ops->load(e, &l->fields[0], fail);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	for (size_t i = 0; i < set->nelems; i++) {
		int hit = hk_label(e), next = hk_label(e);

		hk_jmp_in_range(e, BPF_REG_7, set->elems[i].lo[0].lo,
				set->elems[i].hi[0].lo, hit);
		hk_ja(e, next);
		hk_place(e, hit);
		hk_mov_imm(e, BPF_REG_0, (int32_t)cls[i] + 1);
		hk_ja(e, done);
		hk_place(e, next);
	}
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, done);
}

void hk_map_class(struct hk_emit *e, const struct ir_lookup *l,
		  const uint32_t *elem_class, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	bool packet = e->prog->hook == IR_HOOK_INGRESS ||
		      e->prog->hook == IR_HOOK_EGRESS;
	bool wide = l->nfields != 1 || l->fields[0].len > 8;

	if (packet && set->nelems > HK_INLINE_SET_MAX &&
	    hk_gen_map_table(e, l, elem_class, fail))
		return;
	if (!wide) {
		narrow_class(e, l, elem_class, fail);
		return;
	}
	if (!e->ops->map_class_wide)
		hk_bug("wide map key in a hook without packets");
	e->ops->map_class_wide(e, l, elem_class, fail);
}
