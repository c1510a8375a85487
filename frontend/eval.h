/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Evaluation: the parsed tree -> IR.  Names, types, byte order, implicit
 * protocol dependencies, sets, defines, jumps, programs.  Every error is
 * reported (all of them, in one run); the IR is only valid without errors.
 */
#ifndef CGNFT_FRONTEND_EVAL_H
#define CGNFT_FRONTEND_EVAL_H

#include "frontend/ast.h"
#include "frontend/diag.h"
#include "frontend/types.h"
#include "ir/ir.h"
#include "ir/strset.h"

struct ir_unit *fe_eval(const struct fe_file *file, struct fe_diag *d);

/* ---- shared between the evaluation files ---- */

struct ev_set {
	const char *name;
	int index;		/* in ir_unit.sets */
	enum fe_type types[IR_MAX_CONCAT];
	int nfields;
	bool interval;
	struct fe_loc loc;
};

struct ev_chain {
	const char *name;
	int index;		/* in ir_unit.chains */
	const struct fe_block *block;
	bool base;
	enum ir_hook hook;
	/* which statement families the rules use, for the hook check:
	 * packet matches in a sysctl chain (or the reverse) are errors */
	struct fe_loc family_loc[3];
	bool uses_family[3];
	/* jumps out of this chain, for the loop check */
	struct { int target; struct fe_loc loc; } *jumps;
	size_t njumps;
};

struct ev_table {
	const char *name;
	struct ev_set *sets;
	size_t nsets;
	struct ev_chain *chains;
	size_t nchains;
	struct strset set_names, chain_names;	/* name -> index */
};

struct ev {
	struct fe_diag *d;
	const struct fe_file *file;
	struct ir_unit *u;
	struct ev_table *t;	/* the table being evaluated */
	int nanon;		/* anonymous sets so far */
	struct strset counter_keys;	/* rule_key of every counter so far */
};

/* A statement line with $defines expanded. */
struct ev_toks {
	struct fe_tok *v;
	size_t n;
};

bool ev_expand(struct ev *e, const struct fe_line *line, struct ev_toks *out);
void ev_toks_free(struct ev_toks *t);

enum ev_family { EV_PACKET, EV_SYSCTL, EV_SOCK };

/* Parse the rule `toks` of chain `c` into `rule`; false on error.  A
 * positive match against a set of strings (`sysctl name { "a", "b" }`)
 * cannot be one IR statement: the rule is then repeated once per string,
 * with statement `*alt_stmt` taking each of `alts` in turn. */
bool ev_rule(struct ev *e, struct ev_chain *c, const struct ev_toks *toks,
	     struct ir_rule *rule, char ***alts, size_t *nalts, size_t *alt_stmt);

/* Set elements `{ ... }` starting at toks[*pos] (the '{'), for a set of
 * the given field types; vmap: `key : verdict` elements. */
bool ev_elements(struct ev *e, const struct ev_toks *toks, size_t *pos,
		 const enum fe_type *types, const int *bits, int nfields,
		 bool vmap, struct ev_chain *c, struct ir_set *set);

struct ev_set *ev_find_set(struct ev *e, const char *name);
struct ev_chain *ev_find_chain(struct ev *e, const char *name);

/* The rule text, tokens joined the way nft prints them. */
char *ev_join(const struct fe_tok *toks, size_t n);

#endif
