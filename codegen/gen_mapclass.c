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

/* The value an element maps to, as a sortable key. */
static uint64_t value_key(const struct ir_set *set, size_t i)
{
	const struct ir_set_elem *el = &set->elems[i];

	if (set->is_map)
		return el->data;
	if (el->verdict.kind == IR_VERDICT_JUMP || el->verdict.kind == IR_VERDICT_GOTO)
		return ((uint64_t)el->verdict.kind << 32) | (uint32_t)el->verdict.chain;
	return (uint64_t)el->verdict.kind << 32;
}

struct keyed {
	uint64_t key;
	size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Classes numbered in the order their first element comes. */
void hk_map_classes(const struct ir_set *set, uint32_t **elem_class,
		    size_t **rep, size_t *nclass)
{
	size_t n = set->nelems, nc = 0;
	struct keyed *k = xmalloc((n + 1) * sizeof(*k));
	uint32_t *cls = xmalloc((n + 1) * sizeof(*cls));
	size_t *first = xmalloc((n + 1) * sizeof(*first));
	uint32_t *group = xmalloc((n + 1) * sizeof(*group));

	for (size_t i = 0; i < n; i++)
		k[i] = (struct keyed){ value_key(set, i), i };
	qsort(k, n, sizeof(*k), cmp_keyed);
	/* group[i]: the first element with element i's value */
	for (size_t j = 0, g = 0; j < n; j++) {
		if (j && k[j].key != k[j - 1].key)
			g = j;
		group[k[j].i] = (uint32_t)k[g].i;
	}
	for (size_t i = 0; i < n; i++) {
		if (group[i] == i) {
			first[nc] = i;
			cls[i] = (uint32_t)nc++;
		} else {
			cls[i] = cls[group[i]];
		}
	}
	free(k);
	free(group);
	*elem_class = cls;
	*rep = first;
	*nclass = nc;
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
