/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rule evaluation's own state and helpers, shared by eval_rule.c (rules,
 * matches, verdicts), eval_lhs.c (left sides), eval_xfer.c (nft's transfer
 * of an operation onto constants), eval_lookup.c (sets and maps looked up)
 * and eval_setstmt.c (`meta mark set ...`).
 */
#ifndef CGNFT_FRONTEND_EVAL_RULE_H
#define CGNFT_FRONTEND_EVAL_RULE_H

#include "frontend/evaluate.h"

struct rp {
	struct evctx *e;
	struct ev_chain *c;
	struct ir_rule *rule;
	int nfproto;		/* established by a dependency or match; 0: none */
	const char *nf_by;
	int l4proto;		/* -1: none */
	const char *l4_by;
	int icmp_ctx;		/* the icmp type the rule is about (nft's th_dep):
				 * set by `icmp type X` or an implicit
				 * dependency; -1: none */
	/* nft's protocol context at the transport header (proto_ctx): each
	 * protocol a dependency or an == match of meta l4proto, ip protocol
	 * or ip6 nexthdr named, in order ("unknown" for an l4proto nft has no
	 * header for); a header field conflicts with the first other one */
	const char *l4ctx[16];
	int nl4ctx;
	bool verdict_seen, comment_seen;
	bool ok;
	const struct stmt *st;	/* the match being evaluated (its listing) */
	/* `sysctl name { "a", "b" }`: the rule is repeated per string */
	char **alts;
	size_t nalts, alt_stmt;
};

/*
 * The left side: one selector, maybe combined with constants by & | ^ <<
 * >>, or a concatenation of selectors.  nft folds & | ^ into one bitwise
 * expression, (x & mask) ^ xor (netlink_gen_bitwise); the field carries
 * every operation.  The last operation (`top`) is also kept apart, as
 * `rest` is the field without it: nft moves a last ^, << or >> onto the
 * constants of some comparisons (binop_transfer), which is not always the
 * same comparison (see eval_xfer.c).
 */
struct lhs {
	struct ev_sel sel[IR_MAX_CONCAT];
	struct fe_loc loc[IR_MAX_CONCAT];
	struct fe_loc all;		/* the whole left side */
	int n;
	bool masked;			/* any binary operation */
	bool has_top;
	enum binop top;
	uint64_t top_v;			/* its constant or shift amount */
	struct ir_field rest;		/* sel[0].field without the top operation */
	struct fe_loc top_loc;
};

bool rp_fail(struct rp *r, const struct fe_loc *loc, const char *msg);
/* eval_listing.c: the match r->st as nft lists it, once evaluated: `&
 * prefix == v` as v/len; flags `& m == v` as `v / m`; a cross-day hour
 * range (x as written; op as written) as the other one. */
void rp_list_prefix(struct rp *r, const struct lhs *l, const struct expr *x, uint64_t v);
void rp_list_flags(struct rp *r, const struct lhs *l, enum relop op, const struct expr *x,
		   uint64_t v);
void rp_list_hour_swapped(struct rp *r, const struct expr *x, enum relop op);
void rp_list_op(struct rp *r, enum relop op);
/* eval_reject.c: reject, refused or run as drop (fe_options.reject_as_drop). */
bool rp_reject(struct rp *r, const struct stmt *st);
void rp_add(struct rp *r, const struct ir_stmt *s);
void rp_use_family(struct rp *r, enum ev_family f, const struct fe_loc *loc);
/* The same, for a statement that names itself in the error of a chain
 * of another hook (ev_sel.packet_what and packet_why; NULL: generic). */
void rp_use_family_why(struct rp *r, enum ev_family f, const struct fe_loc *loc,
		       const char *what, const char *why);
/* The implicit protocol dependencies of reading s, added to the rule. */
/* Types a ct tuple key (ct original saddr, proto-dst) from the rule's
 * protocols, as nft does; false after reporting. */
bool rp_ct_context(struct rp *r, struct ev_sel *s, const struct fe_loc *loc);
bool rp_dependencies(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc);

/* eval_lhs.c: a left side, a selector (maybe with binary operations) or a
 * concatenation, with its dependencies. */
bool rp_lhs(struct rp *r, const struct expr *x, struct lhs *l);
bool rp_is_integer(const struct datatype *t);
/* eval_hash.c: a selector in a rule: jhash/numgen (with their key's
 * dependencies), or ev_selector's. */
bool rp_selector(struct rp *r, const struct expr *x, struct ev_sel *s);
/* f's transform followed by `op v` (& | ^), as nft folds it. */
void rp_apply_bool(struct ir_field *f, enum binop op, uint64_t v);
/* One spelling per transform: no mask when it keeps every bit. */
void rp_canon(struct ir_field *f);

/* eval_xfer.c: what nft makes of a comparison whose left side ends in ^,
 * << or >>, by the kind of its right side. */
enum rhs_kind {
	RK_VALUE,		/* == != or implicit, one value */
	RK_REL,			/* < > <= >=, a range */
	RK_PREFIX,
	RK_VSET,		/* an anonymous set or map of single values */
	RK_ISET,		/* an anonymous set with ranges or prefixes */
	RK_NAMED,
};

enum xfer { XF_NONE, XF_XOR, XF_SHL, XF_SHR };

struct plan {
	enum xfer xf;
	unsigned s;		/* XF_SHL, XF_SHR: the shift */
	uint64_t v;		/* XF_XOR */
	struct ir_field field;	/* what the IR compares */
};

/* The field to compare and the change of the constants; `map`: the right
 * side is a verdict or value map (nft's messages and checks differ). */
bool rp_plan(struct rp *r, const struct lhs *l, enum rhs_kind rk,
	     const struct fe_loc *rloc, bool map, struct plan *p);
/* A constant as the plan changes it (false after reporting "Comparison is
 * always false", as nft does). */
bool rp_xfer_val(struct rp *r, const struct plan *p, struct ir_val *v,
		 const struct fe_loc *loc);
/* A prefix nft 1.0.6 mangles when the field has a bitwise operation. */
bool rp_prefix_mangled(const struct lhs *l, unsigned plen);
/* A key looked up in `set` (k->set, read by rp_set): the elements of an
 * anonymous set or map as nft's transfer changes them, and k's field. */
bool rp_xfer_key(struct rp *r, const struct lhs *l, const struct expr *set,
		 bool named, bool map, struct ir_lookup *k);

/* eval_lookup.c: the key's fields into k (not the set). */
bool rp_key(struct rp *r, const struct lhs *l, struct ir_lookup *k);
/* The IR set a key is looked up in: a named set or map, checked against
 * the key (and the map kind: data is NULL for a set lookup, else dt_verdict
 * or the values' type), or an anonymous one read here.  *named: the named
 * one, or NULL.  -1 after reporting. */
int rp_set(struct rp *r, const struct lhs *l, const struct expr *set,
	   const struct datatype *data, struct ev_set **named);
/* `key @set`, `key { ... }`, `key vmap { ... }`: the statement added. */
bool rp_lookup(struct rp *r, const struct lhs *l, enum relop op,
	       const struct fe_loc *oloc, const struct expr *set, bool vmap);

/* nft's name of a key's type: "IPv4 address", "concatenation of (...)". */
void rp_key_desc(char *buf, size_t len, const struct datatype *const *types, int n);

/* eval_log.c: log [options]. */
bool rp_log(struct rp *r, const struct stmt *st);

/* eval_dynset.c: add|update|delete @set { ... }, meter. */
bool rp_dynset(struct rp *r, const struct stmt *st);

/* `meta mark set ...`, `meta priority set ...`, `sysctl value set ...`. */
bool rp_set_stmt(struct rp *r, const struct stmt *st);

#endif
