// SPDX-License-Identifier: GPL-2.0
/*
 * Large sets keyed by IPv6 addresses or concatenations, and large verdict
 * maps, become classifier tables (one group, every element a box of keys),
 * so that a lookup costs a direct index, a hash slot or a short search
 * instead of one compare per element, and the verifier accepts sets of a
 * million elements.
 */
#include <stdlib.h>
#include <string.h>

#include "ir/cls_internal.h"
#include "ir/xalloc.h"

static bool elem_is_point(const struct ir_set_elem *el, int f)
{
	return el->lo[f].hi == el->hi[f].hi && el->lo[f].lo == el->hi[f].lo;
}

/*
 * One layout: the exact fields, then `ranged` (or none, -1) last in the
 * key, `res` (or none) as the residual checked per candidate.  NULL when
 * the key is too wide or a key interval needs too many candidates.
 */
static struct ir_cls_group *try_layout(const struct ir_set *set,
				       const struct ir_field *fields,
				       int nfields, int ranged, int res)
{
	struct ir_cls_group *g = xzalloc(sizeof(*g));
	int order[IR_MAX_CONCAT], n = 0;
	struct cls_box *boxes;
	bool ok;

	for (int f = 0; f < nfields; f++)
		if (f != ranged && f != res)
			order[n++] = f;
	if (ranged >= 0)
		order[n++] = ranged;
	g->ndims = (size_t)n;
	g->dims = xzalloc((size_t)n * sizeof(*g->dims));
	for (int i = 0; i < n; i++)
		g->dims[i].field = fields[order[i]];
	if (res >= 0) {
		g->has_residual = true;
		g->residual = fields[res];
	}
	if (!n || !cls_layout_key(g)) {
		ir_cls_group_free(g);
		free(g);
		return NULL;
	}
	boxes = xzalloc(set->nelems * sizeof(*boxes));
	for (size_t i = 0; i < set->nelems; i++) {
		const struct ir_set_elem *el = &set->elems[i];

		for (int d = 0; d < n; d++) {
			cls_put_dim(boxes[i].lo, &g->dims[d], el->lo[order[d]]);
			cls_put_dim(boxes[i].hi, &g->dims[d], el->hi[order[d]]);
		}
		boxes[i].res_lo = res >= 0 ? el->lo[res].lo : 0;
		boxes[i].res_hi = res >= 0 ? el->hi[res].lo : ~0ull;
		boxes[i].rule = (uint32_t)i;
	}
	/* box i is "rule" i: where elements overlap, the first one is the
	 * first candidate, as in the element-by-element compares */
	ok = cls_build_entries(g, boxes, set->nelems,
			       res >= 0 ? cls_field_max(&g->residual) : 0);
	free(boxes);
	if (!ok) {
		ir_cls_group_free(g);
		free(g);
		return NULL;
	}
	g->nrules = 1;
	g->set_values = true;
	cls_choose_lookup(g);
	return g;
}

struct ir_cls_group *ir_cls_set_table(const struct ir_set *set,
				      const struct ir_field *fields, int nfields)
{
	int ranged[IR_MAX_CONCAT], nr = 0;
	struct ir_cls_group *g;

	for (int f = 0; f < nfields; f++)
		for (size_t i = 0; i < set->nelems; i++)
			if (!elem_is_point(&set->elems[i], f)) {
				ranged[nr++] = f;
				break;
			}
	if (nr == 0)
		return try_layout(set, fields, nfields, -1, -1);
	if (nr == 1)
		return try_layout(set, fields, nfields, ranged[0], -1);
	if (nr > 2)
		return NULL;
	/* two fields with ranges: one in the key, the other (8 bytes at
	 * most) checked per candidate; whichever order needs fewer of them */
	g = NULL;
	if (fields[ranged[1]].len <= 8)
		g = try_layout(set, fields, nfields, ranged[0], ranged[1]);
	if (!g && fields[ranged[0]].len <= 8)
		g = try_layout(set, fields, nfields, ranged[1], ranged[0]);
	return g;
}
