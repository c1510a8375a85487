/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What grammar/parser.y's actions call to build the tree
 * (frontend/parse_tree.c): open and close blocks, add rules and
 * declarations, make statements and expressions.  Strings passed in are
 * taken over.
 */
#ifndef CGNFT_FRONTEND_PARSE_TREE_H
#define CGNFT_FRONTEND_PARSE_TREE_H

#include "frontend/parse.h"
#include "frontend/tree.h"

/* blocks and declarations */
/* `table [FAMILY] NAME` with no block: declared, nothing in it. */
void pt_declare_table(struct nft_scan *s, char *family, const struct fe_loc *floc,
		      char *name, const struct fe_loc *nloc, const struct fe_loc *kw);
void pt_open_table(struct nft_scan *s, char *family, const struct fe_loc *floc,
		   char *name, const struct fe_loc *nloc, const struct fe_loc *kw);
void pt_open(struct nft_scan *s, enum block_kind kind, char *name,
	     const struct fe_loc *nloc, const struct fe_loc *kw);
void pt_close(struct nft_scan *s);
void pt_cgroup(struct nft_scan *s, char *path, const struct fe_loc *loc);
void pt_define(struct nft_scan *s, char *name, const struct fe_loc *loc,
	       struct expr *value);
void pt_hook(struct nft_scan *s, char *type, const struct fe_loc *tloc,
	     char *hook, const struct fe_loc *hloc, char *prio_name,
	     const struct fe_loc *ploc, char *prio_num, long sign_or_offset,
	     const struct fe_loc *kw);
void pt_policy(struct nft_scan *s, char *policy, const struct fe_loc *loc,
	       const struct fe_loc *kw);
void pt_rule(struct nft_scan *s, struct rule *r);
void pt_set_word(struct nft_scan *s, const char *word, const struct fe_loc *loc);
void pt_set_type_end(struct nft_scan *s, const struct fe_loc *kw);
void pt_set_flags_end(struct nft_scan *s, const struct fe_loc *kw);
void pt_set_elements(struct nft_scan *s, struct expr *set, const struct fe_loc *kw);
void pt_set_other(struct nft_scan *s, const char *word, const struct fe_loc *kw);

/* rules and statements */
struct rule *pt_rule_new(struct stmt *st);
struct rule *pt_rule_add(struct rule *r, struct stmt *st);
struct stmt *pt_verdict(enum ir_verdict_kind kind, char *chain,
			const struct fe_loc *cloc, const struct fe_loc *loc);
struct stmt *pt_counter(bool values, char *packets, char *bytes,
			const struct fe_loc *loc);
/* counter_args: `packets N` or `bytes N` after the first. */
struct stmt *pt_counter_set(struct stmt *s, bool packets, char *num);
struct stmt *pt_comment(char *text, const struct fe_loc *loc);
struct stmt *pt_match(struct expr *left, enum relop op, const struct fe_loc *oloc,
		      struct expr *right, const struct fe_loc *loc);
struct stmt *pt_vmap(struct expr *key, struct expr *set, const struct fe_loc *loc);
struct stmt *pt_set_stmt(struct expr *target, struct expr *value,
			 const struct fe_loc *loc);
struct stmt *pt_sysctl_access(const char *which, const struct fe_loc *loc);
struct stmt *pt_other(char *keyword, const struct fe_loc *loc);
/* log: options appended to the statement (the last of each kind wins,
 * as in nft) */
struct stmt *pt_log(void);
struct stmt *pt_log_word(struct stmt *s, enum log_opt opt, char *word, const struct fe_loc *loc);
struct stmt *pt_log_flag(struct stmt *s, const char *proto, char *word, const struct fe_loc *loc);
/* a number where nft's grammar wants a string (`level 3`, `prefix 12`) */
struct stmt *pt_log_bad(struct stmt *s, char *word, const struct fe_loc *loc);
/* reject [with proto [type] code]; proto NULL: plain reject. */
struct stmt *pt_reject(char *proto, const struct fe_loc *ploc, char *code,
		       const struct fe_loc *cloc, const struct fe_loc *loc);

/* limit and quota: the rate or bytes, then maybe burst or used; `limit
 * name X`, `quota name X`, `counter name X`; a table's named object */
struct stmt *pt_state(enum stmt_kind kind, bool over, char *num, char *unit, char *per,
		      const struct fe_loc *qloc, const struct fe_loc *uloc,
		      const struct fe_loc *loc);
struct stmt *pt_state_extra(struct stmt *s, char *num, char *unit,
			    const struct fe_loc *kwloc, const struct fe_loc *qloc,
			    const struct fe_loc *uloc, const struct fe_loc *loc);
struct stmt *pt_state_ref(enum stmt_kind kind, char *name, const struct fe_loc *nloc,
			  const struct fe_loc *loc);
void pt_object(struct nft_scan *s, char *name, const struct fe_loc *nloc,
	       struct stmt *spec, const struct fe_loc *loc);

/* add|update|delete @set { key [timeout T] [counter] [limit ...] },
 * meter NAME [size N] { ... }, and nft's older `set add|update KEY @set` */
struct stmt *pt_dynset(long op, struct expr *set, struct stmt *elem, const struct fe_loc *loc);
struct stmt *pt_meter(char *name, const struct fe_loc *nloc, char *sizekw, char *size,
		      const struct fe_loc *sloc, struct stmt *elem, const struct fe_loc *loc);
struct stmt *pt_dynset_legacy(long op, struct expr *set, struct expr *key,
			      const struct fe_loc *loc);
struct stmt *pt_dynset_elem(struct expr *key, const struct fe_loc *loc);
/* `timeout 1m` (word, value); word "ct" with no value: `ct count` */
struct stmt *pt_dynset_opt(struct stmt *s, char *word, const struct fe_loc *wloc,
			   char *value, const struct fe_loc *vloc);
struct stmt *pt_dynset_limit(struct stmt *s, struct stmt *limit, const struct fe_loc *kw);
/* An element option onto the scratch expression `opts` (NULL: a new one);
 * word NULL: a comment.  pt_elem_opts moves them onto the key. */
struct expr *pt_eopt(struct expr *opts, char *word, char *a, char *b,
		     const struct fe_loc *loc);
struct expr *pt_elem_opts(struct expr *key, struct expr *opts);

/* expressions */
struct expr *pt_sel(enum sel_kind kind, char *w0, char *w1, char *w2,
		    const struct fe_loc *loc);
/* nft's hash and numgen expressions into h, the SEL_HASH that hash_opts
 * made: `numgen MODE mod N`, `jhash KEY mod N`, `symhash mod N`.  Takes
 * the strings and key; false after reporting a syntax error. */
struct fe_diag;
bool pt_hash(struct fe_diag *d, struct expr *h, char *kind, char *mode, struct expr *key,
	     char *mod, const struct fe_loc *modloc, char *num, const struct fe_loc *loc);
/* `seed N` or `offset N` after it (takes word and num). */
bool pt_hash_opt(struct fe_diag *d, struct expr *h, char *word, const struct fe_loc *wloc,
		 char *num);
struct expr *pt_sel_level(char *w0, char *w1, char *level,
			  const struct fe_loc *lloc, const struct fe_loc *loc);
struct expr *pt_raw(char *base, const struct fe_loc *bloc, char *off,
		    const struct fe_loc *oloc, char *len, const struct fe_loc *lloc,
		    const struct fe_loc *loc);
void pt_command(struct nft_scan *s, char *verb, char *what, char *family,
		const struct fe_loc *floc, char *name, const struct fe_loc *loc);
struct expr *pt_tcpopt_raw(char *kind, char *off, char *len, const struct fe_loc *loc);
struct expr *pt_binop(enum binop op, struct expr *l, struct expr *r,
		      const struct fe_loc *loc);
struct expr *pt_concat(struct expr *l, struct expr *r, const struct fe_loc *loc);
struct expr *pt_list(struct expr *list, struct expr *a, struct expr *b,
		     const struct fe_loc *loc);
struct expr *pt_or(struct expr *l, struct expr *r, const struct fe_loc *loc);
struct expr *pt_range(struct expr *lo, struct expr *hi, const struct fe_loc *loc);
struct expr *pt_prefix(struct expr *base, char *len, const struct fe_loc *lloc,
		       const struct fe_loc *loc);
struct expr *pt_mask(struct expr *value, struct expr *mask, const struct fe_loc *loc);
struct expr *pt_negative(char *num, const struct fe_loc *loc);
struct expr *pt_mapping(struct expr *key, struct expr *value, const struct fe_loc *loc);
struct expr *pt_map(struct expr *key, struct expr *set, const struct fe_loc *loc);
struct expr *pt_verdict_expr(enum ir_verdict_kind kind, char *chain,
			     const struct fe_loc *cloc, const struct fe_loc *loc);

#endif
