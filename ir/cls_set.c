// SPDX-License-Identifier: GPL-2.0
/*
 * Large sets keyed by IPv6 addresses or concatenations become classifier
 * tables (one group, every element a box of keys), so that a lookup costs
 * a hash slot or a short search instead of one compare per element, and
 * the verifier accepts sets of a million elements.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

static bool elem_is_point(const struct ir_set_elem *el, int f)
{
	return el->lo[f].hi == el->hi[f].hi && el->lo[f].lo == el->hi[f].lo;
}

struct ir_cls_group *ir_cls_set_table(const struct ir_set *set,
				      const struct ir_field *fields, int nfields)
{
	struct ir_cls_group *g = xzalloc(sizeof(*g));
	struct cls_box *boxes;
	int order[IR_MAX_CONCAT], n = 0, ranged = -1;

	/* the one field that has ranges (prefixes, intervals) goes last */
	for (int f = 0; f < nfields; f++)
		for (size_t i = 0; i < set->nelems; i++)
			if (!elem_is_point(&set->elems[i], f)) {
				if (ranged >= 0 && ranged != f)
					goto fail;
				ranged = f;
				break;
			}
	for (int f = 0; f < nfields; f++)
		if (f != ranged)
			order[n++] = f;
	if (ranged >= 0)
		order[n++] = ranged;
	g->ndims = (size_t)nfields;
	g->dims = xzalloc(g->ndims * sizeof(*g->dims));
	for (int i = 0; i < nfields; i++)
		g->dims[i].field = fields[order[i]];
	if (!cls_layout_key(g))
		goto fail;
	boxes = xzalloc(set->nelems * sizeof(*boxes));
	for (size_t i = 0; i < set->nelems; i++) {
		for (int d = 0; d < nfields; d++) {
			cls_put_dim(boxes[i].lo, &g->dims[d], set->elems[i].lo[order[d]]);
			cls_put_dim(boxes[i].hi, &g->dims[d], set->elems[i].hi[order[d]]);
		}
		boxes[i].res_hi = ~0ull;
		boxes[i].rule = (uint32_t)i;
	}
	/* box i is "rule" i: where elements overlap, the first one is the
	 * candidate, as in the element-by-element compares */
	if (!cls_build_entries(g, boxes, set->nelems, 0)) {
		free(boxes);
		goto fail;
	}
	free(boxes);
	g->nrules = 1;
	cls_choose_lookup(g);
	return g;
fail:
	ir_cls_group_free(g);
	free(g);
	return NULL;
}
