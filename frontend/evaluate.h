/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Evaluation of the syntax tree (issue 13's front end): names, datatypes,
 * symbolic values, implicit protocol dependencies, sets, jumps; every
 * diagnostic.  The result is the IR; lowering a checked statement is
 * mechanical.  Shared by frontend/evaluate.c (tables, chains, sets,
 * programs), eval_expr.c (selectors, values) and eval_rule.c (rules).
 */
#ifndef CGNFT_FRONTEND_EVALUATE_H
#define CGNFT_FRONTEND_EVALUATE_H

#include "frontend/datatype.h"
#include "frontend/diag.h"
#include "frontend/tree.h"
#include "ir/ir.h"
#include "ir/strset.h"

/* json: also build ir_table.json (the JSON listing). */
struct ir_unit *fe_evaluate(const struct tree *tree, struct fe_diag *d,
			    bool reject_as_drop, bool json);

enum ev_family { EV_PACKET, EV_SYSCTL, EV_SOCK };

struct ev_set {
	const char *name;
	int index;			/* in ir_unit.sets */
	const struct datatype *types[IR_MAX_CONCAT];
	unsigned bits[IR_MAX_CONCAT];
	int nfields;			/* -1: its declaration was wrong */
	bool interval, automerge, is_map;
	/* a dynamic set (frontend/eval_dynset.c): a hash map at run time */
	bool dynamic, counter, has_timeout;
	bool updated;			/* some rule adds to it, updates or deletes */
	uint64_t timeout_ms;
	uint32_t size;
	const struct datatype *data;	/* maps: the value type (dt_verdict,
					 * dt_mark, ...) */
	int *jumps;			/* verdict maps: the chains (in
					 * ev_table.chains) elements jump to */
	size_t njumps;
};

struct ev_chain {
	const char *name;
	int index;			/* in ir_unit.chains */
	const struct block *block;
	bool base;
	enum ir_hook hook;
	struct fe_loc family_loc[3];	/* first statement of each family */
	bool uses_family[3];
	const char *family_what[3], *family_why[3];	/* of that statement,
							 * when it names itself */
	struct { int target; struct fe_loc loc; } *jumps;
	size_t njumps;
	struct { enum ir_ct key; struct fe_loc loc; } *ct_uses;	/* checked per hook */
	size_t nct_uses;
	/* its rejects without --reject-as-drop, checked per hook (eval_reject.c):
	 * may_tcp, the rule does not rule TCP out */
	struct { struct fe_loc loc; bool may_tcp; } *reject_uses;
	size_t nreject_uses;
	/* its rules' lines in the canonical text, without and with the
	 * listing's markers, written as the rules are evaluated: the parse
	 * tree's rule is freed then (it was half the peak memory) */
	char *rules_source, *rules_listing;
};

/* A table's named counter, quota or limit. */
struct ev_obj {
	const char *name;
	enum stmt_kind kind;
	int index;			/* in ir_unit.counters/quotas/limits */
};

struct ev_table {
	const char *name;
	struct ev_obj *objs;
	size_t nobjs;
	struct ev_set *sets;
	size_t nsets;
	struct ev_chain *chains;
	size_t nchains;
	struct strset set_names, chain_names;
};

struct evctx {
	struct fe_diag *d;
	const struct tree *tree;
	struct ir_unit *u;
	struct ev_table *t;
	int nanon;
	struct strset counter_keys;
	int define_depth;
	bool reject_as_drop;	/* fe_options.reject_as_drop */
	bool json;		/* fe_options.json */
	/* the rule being evaluated collects its statements here (grown by
	 * doubling, reused by every rule) and gets an exact copy at the end:
	 * growing each rule's own array cost a fifth of the time at 100k */
	struct ir_stmt *scratch;
	size_t scratch_cap;
	bool concat_part;	/* ev_interval reads one field of a concatenation */
	struct datatype **own_types;	/* made for one expression (eval_hash.c) */
	size_t nown_types;
};

/* A selector, resolved: what it reads and of which type, and the protocol
 * dependencies of that read. */
struct ev_sel {
	struct ir_field field;
	const struct datatype *type;
	unsigned bits;
	enum ev_family family;
	int dep_nfproto;		/* 0: none */
	int dep_l4proto;		/* -1: none */
	bool echo_dep;			/* icmp(v6) id/sequence */
	int icmp_type_dep;		/* icmp mtu, gateway, ...: the one icmp(v6)
					 * type whose field it is; 0: none */
	bool icmp_type;			/* it is `icmp type` / `icmpv6 type` */
	bool is_string;			/* sysctl names and values */
	const char *proto;		/* for "conflicting protocols" messages */
	/* a packet match that names itself in the error of a chain without
	 * packets (socket state in sock_create): what it is, and why */
	const char *packet_what, *packet_why;
	enum { CT_CTX_TYPE = 1, CT_CTX_FAMILY } ct_context;
					/* a ct tuple key typed by the rule's
					 * protocols, or of a family to check
					 * against them: rp_ct_context() */
};

bool ev_selector(struct evctx *e, const struct expr *x, struct ev_sel *out);
/* ct KEY, ct DIR [ip|ip6] KEY (eval_ct.c) */
bool ev_ct(struct evctx *e, const struct expr *x, struct ev_sel *s);
/* The table's object of that kind and name, or NULL. */
const struct ev_obj *ev_lookup_obj(struct evctx *e, enum stmt_kind kind, const char *name);

/* A constant of `type` (bits wide) from a value expression: a word, a
 * "string", a $variable; false after reporting. */
bool ev_value(struct evctx *e, const struct expr *x, const struct datatype *type,
	      unsigned bits, struct ir_val *out);
/* A constant operand of a binary operation, folded: `0x10 ^ 3`,
 * `(syn | ack)`, in `type` of `bits` (at most 64) bits; a shift of
 * constants is refused, as nft 1.0.6 aborts on it. */
bool ev_const(struct evctx *e, const struct expr *x, const struct datatype *type,
	      unsigned bits, struct ir_val *out);
/* The amount of a shift of a `bits` wide value (nft's "Left shift of N
 * bits is undefined ..." when it is not below `bits`). */
bool ev_shift_amount(struct evctx *e, const struct expr *x, enum binop op,
		     unsigned bits, unsigned *out);
/* `socket cgroupv2 level N "PATH"`: the cgroup's id, from the live cgroup
 * file system (false after reporting). */
bool ev_cgroup_path(struct evctx *e, const struct expr *x, struct ir_val *out);
/* Closed ranges lo..hi from a value, range `a-b` or prefix `a/n` (and,
 * for flag types, a|b).  False after reporting. */
bool ev_interval(struct evctx *e, const struct expr *x, const struct datatype *type,
		 unsigned bits, struct ir_val *lo, struct ir_val *hi);
/* The expression a $variable stands for (NULL after reporting). */
const struct expr *ev_variable(struct evctx *e, const struct expr *x);

/* What a set's elements are read and checked against. */
struct ev_setspec {
	const char *name;		/* a named set's; NULL: anonymous */
	const struct datatype *const *types;	/* the key's fields */
	const unsigned *bits;
	int nfields;
	const struct datatype *data;	/* maps: dt_verdict or the values'
					 * type; NULL: a set */
	unsigned data_bits;
	bool interval, automerge;	/* named: its flags */
	bool dynamic, counter, has_timeout;	/* element options allowed */
	struct ev_chain *c;		/* jumps of elements are recorded here */
};

/* Set elements of an anonymous set (or a named set's `elements`): read,
 * checked as nft checks them (intervals, overlaps, duplicates: see
 * eval_elems.c) and added to the unit; returns the IR set's index, or -1
 * after reporting. */
int ev_set_elements(struct evctx *e, const struct expr *set, const struct ev_setspec *sp);

struct ev_elem;
/* eval_merge.c: an anonymous or auto-merge set's touching intervals
 * merged, as nft merges them; the set's listing then prints them. */
void ev_merge_intervals(const struct expr *set, const struct ev_setspec *sp, struct ir_set *s,
			const struct ev_elem *info);

/* A set's elements as written, for ev_check_elems(). */
struct ev_elem {
	struct fe_loc loc;		/* the key */
	bool ranged;			/* a range or prefix in some field */
};

/* nft's checks of the elements of a set or map: a concatenation as nft's
 * pipapo backend checks each element added (in order), one field with
 * intervals as nft's overlap check and rbtree backend do, other sets as
 * its hash backend; duplicates nft keeps once are dropped from s.  False
 * after reporting. */
bool ev_check_elems(struct evctx *e, const struct ev_setspec *sp, struct ir_set *s,
		    struct ev_elem *info);

struct ev_set *ev_lookup_set(struct evctx *e, const char *name);

/* eval_dynset.c: a set's `flags dynamic,timeout`, `timeout`, `size`,
 * `gc-interval`, `counter` into s (false after reporting); then, once it is
 * in the unit (s->index), its IR set made dynamic. */
bool ev_set_options(struct evctx *e, const struct block *table, const struct block *b,
		    struct ev_set *s);
void ev_set_make_dynamic(struct evctx *e, const struct ev_set *s);
/* An element's `timeout`, `counter packets N bytes M` into el. */
bool ev_elem_options(struct evctx *e, const struct expr *x, const struct ev_setspec *sp,
		     struct ir_set_elem *el);
/* nft's time words (`1h30m`, `10s`; a number is seconds) and back. */
bool ev_time_ms(const char *text, uint64_t *ms);
void ev_time_text(uint64_t ms, FILE *out);
/* The listing's marker for a dynamic set's live elements (runtime/list.c
 * prints `elements = { ... }` there, in the order of the unit's dynamic
 * sets). */
#define EV_MARK_ELEMENTS "\001e"
struct ev_chain *ev_lookup_chain(struct evctx *e, const char *name);

/* A verdict naming a chain: resolved, recorded as a jump of `c`. */
bool ev_jump(struct evctx *e, struct ev_chain *c, const char *chain,
	     const struct fe_loc *loc, struct ir_verdict *v);

/* A rule of chain c into `rule` (false after reporting).  A positive
 * match against a set of strings (`sysctl name { "a", "b" }`) cannot be
 * one IR statement: the rule is then repeated once per string, statement
 * *alt_stmt taking each of `alts` in turn. */
bool ev_rule_alts(struct evctx *e, struct ev_chain *c, const struct rule *r,
		  struct ir_rule *rule, char ***alts, size_t *nalts, size_t *alt_stmt);

/* The nft text of a rule / an expression, as `list` prints it (counters
 * without their values). */
char *ev_rule_text(const struct rule *r);
/* The same with markers where `cgnft list` puts live values: after each
 * anonymous counter and quota, and in named counters and quotas, in the
 * order of ir_unit.counters and ir_unit.quotas (runtime/list.c). */
#define EV_MARK_COUNTER "\001c"
#define EV_MARK_QUOTA "\001q"
/* In the JSON listing (frontend/eval_json.c), after the text that has the
 * markers above: the same values as JSON members, "packets": N, "bytes":
 * M and "used": N. */
#define EV_MARK_JCOUNTER "\001C"
#define EV_MARK_JQUOTA "\001Q"
struct json;
/* A rule's "expr" array (and "comment"), an expression as nft's JSON
 * (frontend/tree_json.c). */
void ev_rule_json(struct json *j, const struct rule *r, bool marks);
void ev_expr_json(struct json *j, const char *key, const struct expr *x);
/* A table's objects of the JSON listing (frontend/eval_json.c). */
char *ev_table_json(struct evctx *e, const struct block *b, const struct ir_table *it);
char *ev_rule_text_marked(const struct rule *r, bool marks);
void ev_rule_text_to(const struct rule *r, bool marks, FILE *out);
/* eval_listing.c: an evaluated rule's protocol matches that a later field
 * implies marked `implied` (nft's listing drops them), th ports named. */
void ev_list_dependencies(struct rule *rl);
void ev_expr_text(const struct expr *x, FILE *out);
/* Evaluation's annotation of x: the text the listing prints in its place
 * (as nft lists it); text is malloc'ed and taken. */
bool ev_refuse(struct evctx *e, const struct fe_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ev_set_canon(const struct expr *x, char *text);
/* The same with the listing of `value` (what a $variable x stands for). */
void ev_canon_as(const struct expr *x, const struct expr *value);

/* eval_reject.c: a reject (without --reject-as-drop) in a chain that hook
 * reaches: refused, or run as drop with a warning (what the sender sees). */
void ev_check_reject(struct evctx *e, const struct fe_loc *loc, bool may_tcp,
		     enum ir_hook hook);

#endif
