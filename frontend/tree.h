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
	SEL_OTHER,		/* fib, rt, numgen, hash, osf, ipsec, ether, ...:
				 * parsed to be refused with a reason */
};

struct expr {
	enum expr_kind kind;
	struct fe_loc loc;
	bool elem_opts;		/* a set element with options (timeout, ...) */
	/* Set by evaluation. */
	const struct datatype *dtype;
	unsigned bits;
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
			char *words[4];		/* e.g. "ip","saddr" / "tcp","maxseg","size" */
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
	STMT_OTHER,		/* log, limit, nat, ...: to be refused */
};

struct stmt {
	enum stmt_kind kind;
	struct fe_loc loc;	/* the whole statement */
	union {
		struct {		/* MATCH */
			enum relop op;
			struct fe_loc op_loc;
			struct expr *left, *right;
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
void expr_free(struct expr *e);
void stmt_free(struct stmt *s);
void rule_free(struct rule *r);
void block_free(struct block *b);
void tree_free(struct tree *t);

/* `cgnft compile --emit tree`: the tree as the parser built it. */
void tree_print(const struct tree *t, FILE *out);
void expr_print(const struct expr *e, FILE *out);

#endif
