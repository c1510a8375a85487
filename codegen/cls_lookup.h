/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classifier tables in code (codegen/cls_lookup.c): shared by classified
 * runs (gen_classify.c) and large sets and vmaps (gen_settable.c).
 */
#ifndef CGNFT_CODEGEN_CLS_LOOKUP_H
#define CGNFT_CODEGEN_CLS_LOOKUP_H

#include "codegen/hook_gen.h"
#include "ir/classify.h"

/* Stack slot of the key words, below those of hook_skb.c (to -168). */
#define S_KEY	(-208)	/* IR_CLS_MAX_WORDS key words */
#define S_RES	(-176)	/* the residual field's value */
/* A run's best rule so far (gen_classify.c). */
#define S_RULE	(-216)	/* best so far: chain index + 1, or NONE */
#define S_CTR	(-224)	/* its counter index + 1, or 0 */
#define S_TRACE	(-232)	/* its trace id, or 0 */
#define S_VERD	(-240)	/* its enum ir_cls_action */

/* A candidate in .rodata: the same fields as a run's best-so-far slots. */
struct cls_cand_rec {
	uint32_t rule1, counter1, trace, verdict;
	uint64_t res_lo, res_hi;	/* groups with a residual only */
};

/* A candidate of a set or vmap table (g->set_values): 1 + the element's
 * value (nonzero: a member). */
struct cls_set_rec {
	uint32_t value1, pad;
	uint64_t res_lo, res_hi;	/* tables with a residual only */
};


/* Bytes of one candidate (the residual range only when the group has one)
 * and of one record: the key words, then the candidates. */
size_t cls_cand_size(const struct ir_cls_group *g);
size_t cls_rec_size(const struct ir_cls_group *g);

/* Where a group's tables went in .rodata. */
struct cls_tables {
	size_t at;		/* the records */
	size_t nrec;		/* records searched or indexed */
	size_t disp_at;		/* hash: the buckets' displacements */
	size_t index_at;	/* search: the first-level index, if any */
};

/*
 * Write the group's records: of chain c's rules (trace: their trace ids,
 * by rule - first), or, with c NULL, of set elements (1 + trace[element],
 * or 1 without trace).  `user`: the rule the tables are for (NULL: a
 * run's, whose records name their own rules), for the listing.
 */
void cls_put_tables(struct cg_object *obj, const struct ir_cls_group *g,
		    const uint32_t *trace, const struct ir_chain *c,
		    size_t first, const struct ir_origin *user,
		    struct cls_tables *t);
/* The packet's key at S_KEY, and its residual field's value at S_RES; to
 * `skip` when a field is absent. */
void cls_build_key(struct hk_emit *e, const struct ir_cls_group *g, int skip);
/* To `outside` unless the packet's residual value lies in the range of the
 * candidate at r7 + off (nothing when the group has no residual).
 * Clobbers r2, r3. */
void cls_residual_check(struct hk_emit *e, const struct ir_cls_group *g,
			int16_t off, int outside);
/* r7 = the key's record; to `miss` when the key has none (hash) */
void cls_find(struct hk_emit *e, const struct ir_cls_group *g,
	      const struct cls_tables *t, int miss);

/* Copy the candidate record at r7 + off into the best-so-far slots. */
void cls_take_candidate(struct hk_emit *e, int16_t off);
/* Load the fields of a run's trees once, before the first tree. */
void cls_gen_tree_values(struct hk_emit *e, const struct ir_cls_run *run);
/* The guards every tree of the run has, tested once: to `skip` (past all
 * the trees) when one fails. */
void cls_gen_tree_guards(struct hk_emit *e, const struct ir_cls_run *run, int skip);
/* A run's decision tree (gen_tree.c): the lowest rule of the tree that
 * holds the packet becomes the best when it is earlier. */
void cls_gen_tree(struct hk_emit *e, const struct ir_chain *c,
		  const struct ir_cls_run *run, const struct ir_cls_tree *t,
		  const uint32_t *trace);

#endif
