/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the classification pass's files; not part of the IR. */
#ifndef CGNFT_IR_CLS_INTERNAL_H
#define CGNFT_IR_CLS_INTERNAL_H

#include "ir/classify.h"

#define CLS_MAX_CONDS 8

/* One field of a rule and the ranges it accepts (one, or a set's). */
struct cls_cond {
	struct ir_field field;
	struct ir_val *lo, *hi;
	size_t n, cap;
};

/* A rule as the pass sees it.  `pure`: matches, maybe a counter, then
 * accept/drop/return; `keyed`: pure and every match is a table key. */
struct cls_rule {
	bool pure, keyed;
	struct cls_cond conds[CLS_MAX_CONDS];	/* sorted by field */
	int nconds;
};

/* One key interval of one rule. */
struct cls_box {
	uint64_t lo[IR_CLS_MAX_WORDS], hi[IR_CLS_MAX_WORDS];
	uint32_t rule;
	uint64_t res_lo, res_hi;
};

/* Key layout of g->dims (word, shift, bits; g->nwords); false when the
 * key needs more than IR_CLS_MAX_WORDS words. */
bool cls_layout_key(struct ir_cls_group *g);
/* Or value v of dim d into key words w. */
void cls_put_dim(uint64_t *w, const struct ir_cls_dim *d, struct ir_val v);
/* k + 1 in place; false when it wraps past the top of the key space. */
bool cls_key_inc(uint64_t *k, int words);
/* Bits needed for values up to max (at least 1). */
int cls_bit_width(uint64_t max);
int cls_field_cmp(const struct ir_field *a, const struct ir_field *b);
uint64_t cls_field_max(const struct ir_field *f);
void cls_rule_analyze(const struct ir_unit *unit, const struct ir_rule *r,
		      struct cls_rule *out);
void cls_rule_free(struct cls_rule *r);

/* Elementary intervals of a group's boxes; false when an interval needs
 * more than IR_CLS_MAX_CANDS candidates. */
bool cls_build_entries(struct ir_cls_group *g, struct cls_box *boxes,
		       size_t nboxes, uint64_t res_max);

/* Pick how a built group is looked up: direct index, perfect hash or
 * (indexed) search. */
void cls_choose_lookup(struct ir_cls_group *g);
/* A perfect hash for groups of single keys (g->hash stays NULL when
 * some rule covers more than one key). */
void cls_build_hash(struct ir_cls_group *g);
/* A first-level index for searched groups, when it saves steps. */
void cls_build_index(struct ir_cls_group *g);

/* Rules a tree gave up (more than IR_TREE_LEAF of them hold some point):
 * they need another tree. */
struct cls_spill {
	uint32_t *idx;
	size_t n;
};

/* Decision trees (cls_tree.c): fields a tree can cut, and a tree of
 * rules idx[0..n) (false when the rules do not fit one).  With sp, rules
 * too dense to separate are appended to sp instead of failing the tree. */
bool cls_tree_field_ok(const struct ir_field *f);
bool cls_build_tree(struct ir_cls_tree *t, const struct cls_rule *rules,
		    const uint32_t *idx, size_t n, struct cls_spill *sp);

#endif
