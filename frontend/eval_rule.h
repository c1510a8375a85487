/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rule evaluation's own state and helpers, shared by eval_rule.c (rules,
 * matches, lookups, verdicts) and eval_setstmt.c (`meta mark set ...`).
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
	bool echo_done;
	bool verdict_seen, comment_seen;
	bool ok;
	/* `sysctl name { "a", "b" }`: the rule is repeated per string */
	char **alts;
	size_t nalts, alt_stmt;
};

/* The left side: one selector, maybe masked or shifted, or a
 * concatenation of selectors. */
struct lhs {
	struct ev_sel sel[IR_MAX_CONCAT];
	struct fe_loc loc[IR_MAX_CONCAT];
	struct fe_loc all;	/* the whole left side */
	int n;
	bool masked;
};

bool rp_fail(struct rp *r, const struct fe_loc *loc, const char *msg);
void rp_add(struct rp *r, const struct ir_stmt *s);
void rp_use_family(struct rp *r, enum ev_family f, const struct fe_loc *loc);
/* The implicit protocol dependencies of reading s, added to the rule. */
bool rp_dependencies(struct rp *r, const struct ev_sel *s, const struct fe_loc *loc);
/* A left side: a selector (maybe masked or shifted) or a concatenation,
 * with its dependencies. */
bool rp_lhs(struct rp *r, const struct expr *x, struct lhs *l);
/* The key's fields into k (not the set). */
bool rp_key(struct rp *r, const struct lhs *l, struct ir_lookup *k);
/* The IR set a key is looked up in: a named set or map, checked against
 * the key (and the map kind: data is NULL for a set lookup, else dt_verdict
 * or the values' type), or an anonymous one read here.  *named: the named
 * one, or NULL.  -1 after reporting. */
int rp_set(struct rp *r, const struct lhs *l, const struct expr *set,
	   const struct datatype *data, struct ev_set **named);

/* `meta mark set ...`, `meta priority set ...`, `sysctl value set ...`. */
bool rp_set_stmt(struct rp *r, const struct stmt *st);

#endif
