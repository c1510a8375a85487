/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syntax tree of the nft language, as grammar/parser.y builds it:
 * blocks (tables, chains, sets), rules, statements and expressions, each
 * with its source location.  Values stay text (symbols) until evaluation
 * gives them a type from the other side of the comparison, as in nft.
 */
#ifndef CGNFT_FRONTEND_TREE_H
#define CGNFT_FRONTEND_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "frontend/loc.h"
#include "ir/ir.h"

struct datatype;

enum expr_kind {
	EXPR_SYMBOL,		/* a word: number, address, name; typed later */
	EXPR_STRING,		/* "quoted" */
	EXPR_VARIABLE,		/* $name */
	EXPR_VALUE,		/* a typed constant (after evaluation) */
	EXPR_PREFIX,		/* a / len */
	EXPR_RANGE,		/* a - b */
	EXPR_MASKED,		/* value / mask (flags): range.lo / range.hi */
	EXPR_SELECTOR,		/* ip saddr, meta mark, tcp option maxseg size,
				 * @th,16,16, ct state, sysctl name, ... */
	EXPR_BINOP,		/* & | ^ << >> */
	EXPR_CONCAT,		/* a . b */
	EXPR_LIST,		/* a, b (flags) or a | b outside braces */
	EXPR_SET,		/* { elements } */
	EXPR_SET_REF,		/* @name */
	EXPR_MAPPING,		/* key : value, in a map's elements */
	EXPR_MAP,		/* key map|vmap set */
	EXPR_VERDICT,		/* accept, jump x, ... as a map value */
};

enum binop { BINOP_AND, BINOP_OR, BINOP_XOR, BINOP_LSHIFT, BINOP_RSHIFT };

enum relop {
	REL_IMPLICIT,		/* no operator written: ==, or "any of" for flags */
	REL_EQ, REL_NE, REL_LT, REL_GT, REL_LE, REL_GE,
	REL_NEG,		/* `tcp flags ! syn,ack`: none of the flags */
};

/* What a selector names: the words as written, resolved by evaluation. */
enum sel_kind {
	SEL_PAYLOAD,		/* proto field: ip saddr, tcp dport, th sport */
	SEL_RAW,		/* @base,offset,length */
	SEL_EXTHDR,		/* hbh|rt|frag|dst|mh|srh field, or exists */
	SEL_TCPOPT,		/* tcp option NAME [field] */
	SEL_SCTPCHUNK,		/* sctp chunk NAME [field] */
	SEL_IPOPT,		/* ip option NAME [field] */
	SEL_META,		/* meta KEY, or a bare meta key */
	SEL_SOCKET,		/* socket KEY [level N] */
	SEL_CT,			/* ct [dir] KEY */
	SEL_SYSCTL,		/* cgnft: sysctl name|base name|value|current value */
	SEL_HASH,		/* jhash KEY, symhash, numgen inc|random: words
				 * "jhash"|"symhash"|"numgen" [, mode]; mod,
				 * offset and seed in raw_base, raw_offset and
				 * raw_len (seed written: level 1); jhash's key
				 * in hkey */
	SEL_OTHER,		/* fib, rt, osf, ipsec, ether, ...:
				 * parsed to be refused with a reason */
};

/* Element options: `timeout 10m`, `expires 9m`, `counter [packets N
 * bytes M]` (words kept for evaluation); all NULL: only a comment. */
struct elem_opts {
	char *timeout, *expires;
	struct fe_loc timeout_loc, counter_loc;
	bool counter;
	char *packets, *bytes;
};

struct expr {
	enum expr_kind kind;
	struct fe_loc loc;
	/* A set element with options (timeout, ...; NULL: none), on the
	 * key.  Apart: every expression had room for them (~100 bytes, 70 MB
	 * at 100k rules). */
	struct elem_opts *elem;
	/* Set by evaluation. */
	const struct datatype *dtype;
	unsigned bits;
	char *canon;		/* a value's text as nft lists it (dt_print;
				 * a variable: its value's), printed in its
				 * place by the listing; NULL: as written */
	char *sortkey;		/* a set element's key as hex, nft lists a set
				 * sorted by it */
	union {
		char *text;			/* SYMBOL, STRING, VARIABLE, SET_REF */
		struct ir_val value;		/* VALUE */
		struct {			/* PREFIX */
			struct expr *base;
			unsigned len;
		} prefix;
		struct {			/* RANGE */
			struct expr *lo, *hi;
		} range;
		struct {			/* SELECTOR */
			enum sel_kind kind;
			union {
				char *words[4];	/* e.g. "ip","saddr" / "tcp","maxseg","size" */
				struct {	/* SEL_HASH (at most 2 words) */
					char *hwords_[3];
					struct expr *hkey;
				};
			};
			int nwords;
			unsigned raw_base, raw_offset, raw_len;	/* SEL_RAW; base:
						 * 0 ll, 1 nh, 2 th, 3 ih */
			int level;		/* socket cgroupv2 level, or -1 */
			bool exists;		/* `exists`/`missing` form is the rhs */
		} sel;
		struct {			/* BINOP */
			enum binop op;
			struct expr *left, *right;
		} binop;
		struct {			/* CONCAT, LIST, SET */
			struct expr **v;
			size_t n;
		} list;
		struct {			/* MAPPING */
			struct expr *key, *value;
		} mapping;
		struct {			/* MAP */
			struct expr *key, *set;
			bool vmap;
		} map;
		struct {			/* VERDICT */
			enum ir_verdict_kind kind;
			char *chain;
			struct fe_loc chain_loc;
		} verdict;
	};
};

enum stmt_kind {
	STMT_MATCH,		/* left op right */
	STMT_VMAP,		/* key vmap set: a verdict */
	STMT_VERDICT,
	STMT_COUNTER,		/* counter [packets N bytes M] */
	STMT_SET,		/* meta mark set x, sysctl value set "x" */
	STMT_COMMENT,		/* comment "..." */
	STMT_REJECT,		/* reject [with PROTO [type] CODE] */
	STMT_LIMIT,		/* limit rate [over] N[ unit]/per [burst M unit] */
	STMT_QUOTA,		/* quota [over] N unit [used M unit] */
	STMT_DYNSET,		/* add|update|delete @set { key [opts] }, meter */
	STMT_LOG,		/* log [prefix "..."] [level L] [flags ...] ... */
	STMT_OTHER,		/* nat, queue, ...: to be refused */
};

enum dynset_op { DYNSET_ADD, DYNSET_UPDATE, DYNSET_DELETE };

/* A quantity as written: a number and its unit word (`10 kbytes`, `5
 * packets`; unit NULL: none), or a rate's time unit in `per`. */
struct quantity {
	char *num, *unit, *per;
	struct fe_loc loc;	/* from the number to the last word */
	struct fe_loc unit_loc;	/* the unit word (a rate's: the time unit) */
	struct fe_loc kw_loc;	/* `burst`, `used`: the keyword */
};

/* The options of `log`, as written (evaluation checks them: eval_log.c). */
enum log_opt { LOG_OPT_PREFIX, LOG_OPT_LEVEL, LOG_OPT_GROUP, LOG_OPT_SNAPLEN,
	       LOG_OPT_QTHRESHOLD, LOG_OPTS };

struct log_flag {
	char *proto;		/* "ip", "tcp", "," (after tcp's), NULL */
	char *word;
	struct fe_loc loc;
};

struct stmt {
	enum stmt_kind kind;
	struct fe_loc loc;	/* the whole statement */
	/* COUNTER, LIMIT, QUOTA: `counter name X`, a table's named object
	 * (NULL: an anonymous statement) */
	char *ref;
	struct fe_loc ref_loc;
	/* Set by evaluation for the listing (eval_listing.c): a protocol
	 * match that a later field implies, which nft's listing drops */
	bool implied;
	union {
		struct {		/* MATCH */
			enum relop op;
			struct fe_loc op_loc;
			struct expr *left, *right;
			/* the operator nft lists (`syn / syn,ack` has none,
			 * a cross-day hour range the other one) */
			bool relisted;
			enum relop list_op;
			bool flags;	/* a bitmask field: nft -j's implicit
					 * op is "in" */
		} match;
		struct expr *vmap;	/* VMAP: an EXPR_MAP */
		struct {		/* VERDICT */
			enum ir_verdict_kind kind;
			char *chain;
			struct fe_loc chain_loc;
		} verdict;
		struct {		/* COUNTER */
			bool has_values;
			bool too_large;		/* a value past 2^64 - 1 */
			unsigned long long packets, bytes;
		} counter;
		struct {		/* SET */
			struct expr *target;	/* a selector */
			struct expr *value;
		} set;
		char *comment;		/* COMMENT */
		struct {		/* OTHER */
			char *keyword;
		} other;
		struct {		/* LIMIT, QUOTA */
			bool over;
			struct quantity amount;	/* LIMIT: the rate; QUOTA: bytes */
			struct quantity extra;	/* LIMIT: burst; QUOTA: used
						 * (num NULL: not written) */
		} state;
		struct {		/* DYNSET */
			enum dynset_op op;
			char *set;		/* the set's name, or the meter's */
			struct fe_loc set_loc;
			struct expr *key;
			char *timeout;		/* `timeout 1m` in the braces */
			struct fe_loc timeout_loc;
			bool counter;		/* `counter` in the braces */
			struct stmt *limit;	/* `limit rate ...` in the braces */
			bool meter;		/* `meter NAME [size N] { ... }` */
			char *size;		/* a meter's size (NULL: 65535) */
			struct fe_loc size_loc;
			char *bad_opt;		/* an option cgnft does not know
						 * (`ct count`, a meter's `foo N`) */
			struct fe_loc bad_loc;
		} dynset;
		struct {		/* LOG: the last value of each option */
			char *opt[LOG_OPTS];	/* NULL: not written */
			struct fe_loc opt_loc[LOG_OPTS];
			struct log_flag *flags;
			size_t nflags;
			char *bad;		/* a number where nft wants a string */
			struct fe_loc bad_loc;
		} log;
		struct {		/* REJECT */
			char *proto;	/* icmp, icmpv6, icmpx, tcp; NULL: none */
			char *code;	/* a code name or number, or "reset" */
			struct fe_loc proto_loc, code_loc;
		} reject;
	};
};

struct rule {
	struct stmt *stmts;
	size_t nstmts;
	struct fe_loc loc;	/* the first statement's line */
	struct fe_loc end;	/* its last token */
};

/* A line of a chain or set body that is not a rule. */
enum decl_kind {
	DECL_HOOK,		/* type T hook H [device D] priority P */
	DECL_POLICY,		/* policy accept|drop */
	DECL_SET_TYPE,		/* type a . b */
	DECL_SET_FLAGS,		/* flags a, b */
	DECL_SET_ELEMENTS,	/* elements = { ... } */
	DECL_SET_OTHER,		/* size, policy, timeout, comment, ...: ignored
				 * or refused by evaluation */
	DECL_COMMENT,		/* comment "..." in a chain */
};

struct decl {
	enum decl_kind kind;
	struct fe_loc loc;
	char *words[4];		/* HOOK: type, hook, priority name or NULL;
				 * OTHER: the keyword */
	struct fe_loc word_locs[4];
	long priority;		/* HOOK: the number, or the offset from a
				 * named priority */
	struct expr *expr;	/* ELEMENTS: the set; TYPE: a concat of types */
	char **names;		/* FLAGS / TYPE: the words */
	struct fe_loc *name_locs;
	size_t nnames;
};

enum block_kind { BLOCK_TABLE, BLOCK_CHAIN, BLOCK_SET, BLOCK_MAP };

/* A table's named stateful object: `counter NAME { ... }`, `quota NAME {
 * ... }`, `limit NAME { ... }`; spec is the statement it stands for. */
struct tobject {
	char *name;
	struct fe_loc name_loc, loc;
	struct stmt *spec;
};

struct block {
	enum block_kind kind;
	struct fe_loc loc;	/* the keyword */
	char *family;		/* tables */
	struct fe_loc family_loc;
	char *name;
	struct fe_loc name_loc;
	struct decl *decls;
	size_t ndecls;
	struct rule *rules;
	size_t nrules;
	struct block *blocks;	/* a table's chains and sets */
	size_t nblocks;
	struct tobject *objs;	/* tables: named counters, quotas, limits */
	size_t nobjs;
	bool declared_only;	/* tables: `table cgroup NAME`, no block */
	char **cgroups;		/* tables: `cgroup "PATH"` lines */
	struct fe_loc *cgroup_locs;
	size_t ncgroups;
};

struct define {
	char *name;
	struct fe_loc loc;
	struct expr *value;
};

/* `flush ruleset`, `delete table cgroup NAME`, `destroy table cgroup NAME`
 * at the top of a file, in order with the tables. */
enum command_kind { CMD_FLUSH_RULESET, CMD_DELETE_TABLE, CMD_DESTROY_TABLE };

struct command {
	enum command_kind kind;
	char *family, *name;	/* tables */
	struct fe_loc loc;	/* the whole command */
	struct fe_loc family_loc;
	size_t at;		/* tables of the tree before it */
	size_t src_first;	/* the first table of its source file */
};

struct tree {
	struct block *tables;
	size_t ntables;
	struct command *commands;
	size_t ncommands;
	struct define *defines;
	size_t ndefines;
};

struct expr *expr_new(enum expr_kind kind, const struct fe_loc *loc);
struct expr *expr_symbol(enum expr_kind kind, char *text, const struct fe_loc *loc);
struct expr *expr_list_add(struct expr *list, struct expr *e);
void elem_opts_free(struct elem_opts *o);
void expr_free(struct expr *e);
void stmt_free(struct stmt *s);
void rule_free(struct rule *r);
void block_free(struct block *b);
void tree_free(struct tree *t);

/* `cgnft compile --emit tree`: the tree as the parser built it. */
void tree_print(const struct tree *t, FILE *out);
void expr_print(const struct expr *e, FILE *out);

#endif
