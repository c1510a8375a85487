/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The classification pass: long runs of simple rules become a handful of
 * table searches instead of one compare chain per rule.
 *
 * A rule is "simple" when it is a conjunction of matches on plain fields
 * (equal, a range, a prefix, or a set of those), then maybe a counter, then
 * accept, drop or return.  Consecutive simple rules (at least
 * IR_CLS_MIN_RULES of them) form a run.  Inside a run, rules that match the
 * same fields form a group (tuple space search): fields whose value is the
 * same in every rule of the group are tested once ("guards"); the other
 * fields are packed, in a fixed order, into a key of up to four 64-bit
 * words, exact fields first and the one field holding ranges last, so every
 * rule covers one interval of keys (or a few, for sets).  Cutting the key
 * space at every interval end gives elementary intervals; each one stores
 * the rules that cover it, lowest index first (first match wins), cut after
 * the first rule that needs nothing more.  A second non-exact field (the
 * "residual", a port range next to an address prefix, say) is checked per
 * stored rule, at most IR_CLS_MAX_CANDS of them.
 *
 * At run time each group is a binary search for the packet's key (started
 * in the key's bucket of a first-level index, when the group has one), or,
 * when every rule of the group matches single keys, one slot of a perfect
 * hash (ir/cls_hash.c); the lowest rule index over all groups decides,
 * exactly as the rules in order would.  Groups whose fields fail to load (no transport header, non-first
 * fragment, wrong family) cannot match, as each of their rules could not.
 */
#ifndef CGNFT_IR_CLASSIFY_H
#define CGNFT_IR_CLASSIFY_H

#include "ir/ir.h"

#define IR_CLS_MIN_RULES 16	/* shorter runs stay inline compares */
#define IR_CLS_MAX_WORDS 4
#define IR_CLS_MAX_CANDS 4
#define IR_CLS_MAX_BOXES 256	/* per rule: product of its set sizes */
#define IR_CLS_MIN_GROUP 4	/* smaller groups: their rules go inline */
#define IR_CLS_DIRECT_BITS 8
#define IR_CLS_MAX_GROUPS 8	/* shape groups per run; other rules: trees */
#define IR_CLS_MAX_TREES 24

/* A key field: `bits` wide, at bit `shift` of key word `word`; a 16-byte
 * field takes two whole words (word, word + 1). */
struct ir_cls_dim {
	struct ir_field field;
	int word, shift, bits;
};

struct ir_cls_guard {
	struct ir_field field;
	uint64_t value;
};

enum ir_cls_action {
	IR_CLS_DROP,
	IR_CLS_ACCEPT,
	IR_CLS_RETURN,
};

struct ir_cls_cand {
	uint32_t rule;		/* index in the chain */
	uint64_t res_lo, res_hi;	/* residual field range */
};

/* Keys from `lo` up to the next entry's `lo` (the last: to the top). */
struct ir_cls_entry {
	uint64_t lo[IR_CLS_MAX_WORDS];
	int ncands;
	struct ir_cls_cand cands[IR_CLS_MAX_CANDS];
};

/*
 * A perfect hash of a group whose rules match single keys only
 * (ir/cls_hash.c): slot = ir_cls_hash_slot(h, disp[h >> (64 - bucket_bits)],
 * nslots) with h = ir_cls_hash_key(mult, key).  bucket_bits 0: one bucket.
 */
struct ir_cls_hash {
	uint64_t mult;
	int bucket_bits;
	uint32_t *disp;		/* per bucket */
	size_t nslots;		/* a power of two */
	uint32_t *slot_entry;	/* index into entries, or UINT32_MAX */
};

/*
 * A first-level index over a searched group's table (ir/cls_index.c): key
 * word 0 picks a bucket, b = (w0 - base) >> shift, clamped to
 * [0, nbuckets - 1]; the answer for any key of bucket b lies in entries
 * start[b] .. start[b] + 2^steps - 1, so the binary search starts there
 * and takes `steps` steps instead of log2(nentries).  The table is padded
 * with copies of its last entry to `padded` entries.
 */
struct ir_cls_index {
	uint64_t base;
	int shift;
	size_t nbuckets;
	uint32_t *start;
	int steps;
	size_t padded;
};

struct ir_cls_group {
	struct ir_cls_guard *guards;
	size_t nguards;
	struct ir_cls_dim *dims;	/* key order */
	size_t ndims;
	int nwords;
	/* Words a search compares: past them every entry's first key is 0,
	 * and (e, 0...) <= key exactly when e <= the key's first words (a
	 * table of /48 prefixes compares the high word of an address only). */
	int cmp_words;
	bool has_residual;
	struct ir_field residual;
	int ncands;		/* candidate slots per entry (1 without residual) */
	bool set_values;	/* a set or vmap table: candidates carry a value */
	struct ir_cls_entry *entries;	/* sorted by lo; entries[0].lo = 0 */
	size_t nentries;
	/* Keys of at most IR_CLS_DIRECT_BITS bits (protocols, dscp, icmp
	 * types): a table with a record per key value, indexed by the key. */
	bool direct;
	struct ir_cls_hash *hash;	/* or NULL: binary search */
	struct ir_cls_index *index;	/* or NULL: search from the start */
	size_t nrules;
};

/*
 * A decision tree over several fields (ir/cls_tree.c), for runs whose rules
 * match prefixes and ranges in many fields at once (ClassBench-like ACLs):
 * the rules no shape group took.  Each field ("dim") of the tree has a
 * domain of `bits` bits: its values 0..max, and max + 1 for a packet where
 * the field is absent (a rule that matches the field never matches then; a
 * rule that does not match it covers the whole domain).  Node n cuts the
 * value of dim nodes[n].dim: child = nodes[base + ((v >> shift) & mask)]
 * (a node's children lie together, no pointer to follow); leaves have mask
 * 0, and a walk from node 0 meets one within `depth` levels.  A leaf's
 * candidates are cands[cand...], boxes in rule order ended by a box with
 * rule IR_TREE_END; the first box holding the packet is the tree's answer
 * (a list stops after a box that covers the leaf's whole region; leaves
 * with the same list share it).
 */
#define IR_TREE_MAX_DIMS 8
#define IR_TREE_LEAF 8		/* longest candidate list of a leaf */
#define IR_TREE_MAX_DEPTH 12
#define IR_TREE_END UINT32_MAX

struct ir_cls_tbox {
	uint32_t rule;		/* index in the chain, or IR_TREE_END */
	uint64_t lo[IR_TREE_MAX_DIMS], hi[IR_TREE_MAX_DIMS];
};

struct ir_cls_tnode {
	uint16_t dim, shift;
	uint32_t mask, base, cand;
};

struct ir_cls_tree {
	struct ir_cls_guard *guards;
	size_t nguards;
	struct ir_field fields[IR_TREE_MAX_DIMS];
	int bits[IR_TREE_MAX_DIMS];
	int ndims;
	int slot[IR_TREE_MAX_DIMS];	/* dim -> the run's value slot */
	struct ir_cls_tnode *nodes;
	size_t nnodes;
	struct ir_cls_tbox *cands;	/* padded with IR_TREE_LEAF ends */
	size_t ncands;
	int depth;			/* levels to walk (the deepest leaf) */
	int leaf_max;			/* longest candidate list */
	size_t nrules, nleaves;
	size_t nspilled;		/* rules it gave up to other trees */
	uint32_t first;			/* its earliest rule */
	uint32_t *idx;			/* its rules (nrules, ascending) */
};

void ir_cls_tree_free(struct ir_cls_tree *t);

/*
 * Rules of the run that fit no table (a field that is not a plain key, `!=`,
 * a concatenation, a group too small to pay for a search) are "inline": they
 * are compared as usual, in order, after the searches, and only while their
 * index is below the best rule the searches found.
 */
struct ir_cls_run {
	size_t first, count;	/* rules [first, first + count) of the chain */
	struct ir_cls_group *groups;
	size_t ngroups;
	struct ir_cls_tree *trees;
	size_t ntrees;
	/* The fields of all trees, loaded once for all of them (ntdims 0:
	 * more than IR_TREE_MAX_DIMS, each tree loads its own). */
	struct ir_field tfields[IR_TREE_MAX_DIMS];
	int tbits[IR_TREE_MAX_DIMS];
	int ntdims;
	uint32_t *inline_rules;	/* chain indices, ascending */
	size_t ninline;
};

/* What a rule of a run does when it decides. */
struct ir_cls_rule_action {
	enum ir_cls_action action;
	int counter;		/* index into ir_unit.counters, or -1 */
};

/* Classify every chain of the unit (idempotent).  `min_rules` 0 means
 * IR_CLS_MIN_RULES; a huge value turns the pass off. */
void ir_classify(struct ir_unit *unit, size_t min_rules);
void ir_cls_runs_free(struct ir_chain *chain);

/* The action of a rule inside a run. */
struct ir_cls_rule_action ir_cls_rule_action(const struct ir_rule *rule);

/* The hash of a key (words most significant first), as the program
 * computes it: per word h = (h ^ word) * mult; h ^= h >> 32. */
uint64_t ir_cls_hash_key(uint64_t mult, const uint64_t *key, int words);
/* (low 32 bits of h ^ disp) * nslots >> 32: a slot below nslots. */
size_t ir_cls_hash_slot(uint64_t h, uint32_t disp, size_t nslots);
void ir_cls_hash_free(struct ir_cls_hash *hash);
void ir_cls_index_free(struct ir_cls_index *index);

/*
 * A large set looked up by IPv6 addresses or a concatenation, or a large
 * verdict map, as one classifier table (ir/cls_set.c): every element a box
 * of keys, looked up like a group; the candidates of a key are the
 * elements covering it, first first (their index as the "rule").  The key
 * holds the exact fields, then one field with ranges; a second field with
 * ranges (8 bytes at most) is the residual, checked per candidate.  NULL
 * with ranges in three fields, a key too wide, or more than
 * IR_CLS_MAX_CANDS elements on one key: then the elements are compared in
 * turn.  Free with ir_cls_group_free(), then free().
 */
struct ir_cls_group *ir_cls_set_table(const struct ir_set *set,
				      const struct ir_field *fields, int nfields);
void ir_cls_group_free(struct ir_cls_group *g);

/* Debug/--emit ir output of a chain's runs. */
void ir_cls_print(const struct ir_chain *chain, FILE *out);

#endif
