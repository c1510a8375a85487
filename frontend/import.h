/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cgnft import: read one nftables table over netlink and turn one of its
 * base chains (plus the chains and sets it reaches) into a cgnft table.
 *
 *   import_netlink.c  the consistent dump (generation id checked around it)
 *   import_emit.c     the table text: chains, set declarations, family guard
 *   import_rule.c     one rule: registers back to selectors, statements
 *   import_field.c    payload/meta loads back to cgnft field names
 *   import_value.c    numbers back to text (types, prefixes, ranges)
 *   import_set.c      set elements back to text
 *   import_cgroup.c   cgroup ids back to paths
 *
 * Every function that can fail fills an error message and returns false;
 * nothing is printed here.
 */
#ifndef CGNFT_FRONTEND_IMPORT_H
#define CGNFT_FRONTEND_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend/fields.h"
#include "frontend/types.h"
#include "ir/ir.h"

struct nftnl_chain_list;
struct nftnl_rule_list;
struct nftnl_set_list;
struct nftnl_set;
struct nftnl_rule;

#define IMP_ERR_LEN 1024

/* One table as the kernel had it at one generation. */
struct imp_dump {
	int family;			/* NFPROTO_INET, NFPROTO_IPV4, NFPROTO_IPV6 */
	const char *table;
	struct nftnl_chain_list *chains;	/* this table's chains */
	struct nftnl_rule_list *rules;		/* this table's rules, in order */
	struct nftnl_set_list *sets;		/* this table's sets, with elements */
};

/* Dump `table` of `family`; retries while the generation changes. */
bool imp_dump(struct imp_dump *d, int family, const char *table,
	      char *err, size_t errlen);
void imp_dump_free(struct imp_dump *d);


/* "inet", "ip", "ip6"; family from such a name (0: unknown). */
const char *imp_family_name(int family);
int imp_family_from_name(const char *name);

/* The whole cgnft file for base chain `chain` of the dump, attached to
 * `cgroup`: malloc'ed text, or NULL with `err` filled. */
char *imp_emit(const struct imp_dump *d, const char *chain, const char *cgroup,
	       char *err, size_t errlen);

/* ---- cgnft import --file ---- */

/* Where the rules of one nft chain are in the file, in the order nft added
 * them (import_locate.c); filled from the file text, not from nft. */
struct imp_loc {
	int line;		/* 1-based */
	char *text;		/* the rule's first source line, trimmed */
};

struct imp_chain_locs {
	char *family, *table, *chain;
	int line;		/* where the chain is declared (0: unknown) */
	struct imp_loc *rules;
	size_t n;
	bool unsure;		/* insert at a position, include: order unknown */
	struct imp_chain_locs *next;
};

struct imp_locs {
	struct imp_chain_locs *chains;
	bool includes;		/* the file includes others: lines may be off */
};

/* Scan `text` (file `name`) for tables, chains and rules. */
void imp_locate(struct imp_locs *l, const char *text);
void imp_locs_free(struct imp_locs *l);
const struct imp_chain_locs *imp_locs_chain(const struct imp_locs *l,
					    const char *family, const char *table,
					    const char *chain);
/* The source text of the rule that starts at `line`, or NULL. */
const char *imp_locs_rule_text(const struct imp_locs *l, int line);

/* One note for the report: a rule or a chain left out, and why. */
struct imp_note {
	int line;		/* 0: not known (then `handle` names the rule) */
	uint64_t handle;
	char *where;		/* "inet filter input" */
	char *what;		/* "rule not carried: ct state is ..." */
	char *text;		/* the source line, or NULL */
	bool refused_rule;	/* a rule cut out (the others are chains left out) */
};

struct imp_file_ctx {
	const char *path;		/* as given, for messages */
	const struct imp_locs *locs;
	struct imp_note *notes;
	size_t nnotes;
	size_t carried, refused;	/* rules */
};

void imp_note_add(struct imp_file_ctx *f, int line, uint64_t handle,
		  const char *where, const char *text, bool refused_rule,
		  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The base chains of one table to carry, by name, and the table's name in
 * the cgnft file. */
struct imp_table_job {
	const struct imp_dump *d;
	const char *cg_name;
	const char **bases;
	size_t nbases;
	const char **chains;	/* out: the regular chains written (names in d) */
	size_t nchains;
};

/* Text of one cgnft table (no header comment) for `job`; refused rules are
 * comments, noted in f.  NULL (err filled) only when the table cannot be
 * written at all.  job->chains (malloc'ed) lists the regular chains written. */
char *imp_emit_table(struct imp_table_job *job, const char *cgroup,
		     struct imp_file_ctx *f, char *err, size_t errlen);

/* The whole --file import from the ruleset now loaded in this network
 * namespace; `source` is the file's text (for lines).  Malloc'ed cgnft text
 * that the front end accepts, or NULL with err filled. */
char *imp_file(const char *path, const char *source, const char *cgroup,
	       struct imp_file_ctx *f, char *err, size_t errlen);
void imp_file_ctx_free(struct imp_file_ctx *f);

/* Every table (family, name) of the current network namespace. */
struct imp_table_name {
	int family;
	char *name;
};
bool imp_list_tables(struct imp_table_name **out, size_t *n, char *err,
		     size_t errlen);

/* ---- shared by the translation files ---- */

/* What the translation of one table collects and where errors go. */
struct imp_ctx {
	const struct imp_dump *d;
	const char *chain;		/* chain of the rule being translated */
	uint64_t handle;		/* its handle, for messages */
	const char **chains;		/* regular chains reached, in order */
	size_t nchains;
	struct imp_set_use *sets;	/* named sets used, in order of first use */
	size_t nsets;
	char err[IMP_ERR_LEN];
	char reason[IMP_ERR_LEN / 2];	/* the last failure's message alone */
	/* --file mode: a refused rule becomes a comment and the import goes on */
	struct imp_file_ctx *file;
	/* every chain being emitted runs at hook ingress (an input chain, or
	 * what one input chain reaches in imp_emit): conntrack keys other than
	 * state and reject are refused as the front end does; egress: likewise
	 * for hook egress.  Neither: not known here (a regular chain of
	 * `--file`, maybe reached from both), and the front end decides. */
	bool ingress, egress;
};

/* How a set's key parts are read: type, width, byte order of the register
 * they are compared with (nft converts host-order keys for intervals). */
/* Selectors outside fields.c, written by import_state.c. */
enum imp_special {
	IMP_SP_NONE,
	IMP_SP_CT_STATE, IMP_SP_CT_STATUS, IMP_SP_CT_DIR, IMP_SP_CT_MARK,
	IMP_SP_IFNAME,		/* 16 bytes, NUL-padded */
	IMP_SP_IFINDEX,		/* u32 host order */
};

struct imp_key {
	int n;
	enum imp_special special;	/* n == 1: a selector of import_state.c */
	bool out_dir;			/* oifname/oif rather than iifname/iif */
	enum fe_type types[IR_MAX_CONCAT];
	int bits[IR_MAX_CONCAT];
	bool be[IR_MAX_CONCAT];
};

struct imp_set_use {
	struct nftnl_set *s;
	struct imp_key key;
};

/* Build `text` (named `name` in messages) with cgnft's front end, warnings
 * off; on failure *diag holds its diagnostics (free it).  False: refused. */
bool imp_front_end_build(const char *name, const char *text, char **diag);

/* Fill c->err with "FAMILY TABLE CHAIN handle N: message"; returns false. */
bool imp_fail(struct imp_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Note a jump/goto target (queued for translation once). */
void imp_add_chain(struct imp_ctx *c, const char *name);
/* Note a named set looked up with key `k`; false (error set) when cgnft
 * cannot declare it or `k` does not fit the set's type. */
bool imp_add_set(struct imp_ctx *c, struct nftnl_set *s, const struct imp_key *k);
/* The set's declared key type (nft type ids, 6 bits per concatenated
 * part) agrees with lookup key k where cgnft knows the type id; false with
 * the reason in c->err.  Named, anonymous sets and verdict maps alike. */
bool imp_set_key_type_matches(struct imp_ctx *c, struct nftnl_set *s,
			      const struct imp_key *k);
struct nftnl_set *imp_find_set(const struct imp_ctx *c, const char *name);
/* The field of meta key `name` that cgnft reads, or NULL. */
const struct fe_field *imp_meta_field(const char *name);
/* nft's name of meta key `key`, or NULL. */
const char *imp_meta_name(uint32_t key);
/* A verdict (NF_ACCEPT, NFT_JUMP, ...) as cgnft writes it; jump/goto
 * targets are queued.  False for verdicts cgnft has no word for. */
bool imp_verdict(struct imp_ctx *c, int code, const char *chain, FILE *out);

/* A name cgnft's lexer reads back as one word. */
bool imp_is_word(const char *name);

/* Translate one rule to one line of cgnft (no newline) on `out`. */
bool imp_rule(struct imp_ctx *c, struct nftnl_rule *r, FILE *out);

/* A field selector as the register held it. */
enum imp_sel_how {
	IMP_SEL_EXACT,		/* the whole field */
	IMP_SEL_PREFIX,		/* the top `plen` bits of the field */
	IMP_SEL_MASKED,		/* field & mask */
};

struct imp_sel {
	const struct fe_field *f;
	char name[40];		/* "tcp dport", "meta mark" */
	enum imp_sel_how how;
	int plen;
	struct ir_val mask;	/* MASKED: in field coordinates */
	struct ir_val value;	/* compared value, in field coordinates */
};

/* Where a payload/meta load came from, and the protocol context then. */
struct imp_load {
	bool meta;
	uint32_t key;		/* meta key */
	uint32_t base, offset, len;	/* payload */
	int nfproto;		/* 0, 2 or 10 */
	int l4proto;		/* -1 or the protocol */
};

/* The field `ld` (masked by `mask` when given, `len` bytes, number form)
 * compared with `value`: fills sel.  `mask` NULL: all bits. */
bool imp_field(struct imp_ctx *c, const struct imp_load *ld,
	       const struct ir_val *mask, const struct ir_val *value,
	       struct imp_sel *sel);
/* nft merges `==` matches on adjacent whole-byte fields into one load
 * (`ip6 nexthdr icmpv6 ip6 hoplimit 255` is one 16-bit compare): split
 * such a load compared with v back into its fields.  Returns how many
 * (2 or more) filled `sels`, or 0 when it is not such a load. */
int imp_split_fields(const struct imp_load *ld, struct ir_val v,
		     struct imp_sel *sels, int max);
/* Field width in bits. */
int imp_field_width(const struct fe_field *f);

/* ---- values ---- */
struct ir_val imp_bytes_val(const void *data, size_t len, bool big_endian);
/* One value of type t as cgnft reads it; symbols allowed when `sym`. */
void imp_fmt_value(FILE *out, enum fe_type t, int bits, struct ir_val v, bool sym);
/* lo..hi as one or more set/match items ("a", "a/n", "a-b"), comma-
 * separated.  IPv6 ranges that are not prefixes become several prefixes. */
void imp_fmt_range(FILE *out, enum fe_type t, int bits, struct ir_val lo,
		   struct ir_val hi);
/* Does lo..hi fit in one item (so `!= x` can use it)? */
bool imp_range_is_one_item(enum fe_type t, int bits, struct ir_val lo,
			   struct ir_val hi);
int imp_val_cmp(struct ir_val a, struct ir_val b);
struct ir_val imp_val_ones(int bits);

/* ---- sets ---- */
/* Element list of `s` (without braces) read with key `k`, sorted; for
 * verdict maps each with " : verdict". */
bool imp_set_elements(struct imp_ctx *c, struct nftnl_set *s,
		      const struct imp_key *k, FILE *out);
/* The cgnft set type name of type t, or NULL. */
const char *imp_set_type_name(enum fe_type t);

/* ---- import_state.c: ct, interfaces, limit, quota ---- */
const char *imp_special_name(enum imp_special sp, bool out_dir);
bool imp_special_is_bitmask(enum imp_special sp);
/* One value of sp as nft lists it; false when cgnft cannot write it. */
bool imp_fmt_special(FILE *out, enum imp_special sp, struct ir_val v);
/* ct state/status flags as an operand: `assured` or `(assured|confirmed)`. */
bool imp_fmt_flag_expr(FILE *out, enum imp_special sp, struct ir_val v);
/* lo..hi: one value, or an interface wildcard as nft stores it in a set. */
bool imp_fmt_special_range(FILE *out, enum imp_special sp, struct ir_val lo,
			   struct ir_val hi);
/* `len` name bytes; without a NUL inside: nft's wildcard. */
bool imp_fmt_ifname(FILE *out, const uint8_t *b, size_t len);
struct nftnl_expr;
/* Malloc'ed statement text; NULL with `why` filled when not writable. */
char *imp_limit_text(struct nftnl_expr *e, char *why, size_t whylen);
char *imp_quota_text(struct nftnl_expr *e);

/* ---- import_dynset.c: sets updated from rules ---- */
/* A time in milliseconds as nft writes it: 1h30m, 10s, 500ms. */
void imp_fmt_time(FILE *out, uint64_t ms);
/* Is `e` (a dynset on set `s`) a meter statement? */
bool imp_is_meter(struct nftnl_set *s, struct nftnl_expr *e);
/* `add|update|delete @s { KEY ... }` or `meter ...` with key text `key`:
 * malloc'ed, or NULL with `why` filled. */
char *imp_dynset_text(struct nftnl_expr *e, struct nftnl_set *s, const char *key,
		      char *why, size_t whylen);
/* size, flags, timeout and gc-interval lines of a dynamic set. */
void imp_dynset_decl(struct nftnl_set *s, FILE *out);

/* ---- import_reject.c ---- */
/* --reject-as-drop: reject is carried (the front end runs it as drop);
 * else it is refused on ingress and for TCP on egress. */
extern bool imp_reject_as_drop;
/* nft's reject statement for `e` (nfproto: the rule's family, 0 unknown;
 * l4proto: its transport protocol, -1 unknown);
 * NULL with `why` filled when it is not carried. */
char *imp_reject_text(struct nftnl_expr *e, int nfproto, int l4proto, bool ingress,
		      bool egress, char *why, size_t whylen);

/* ---- cgroups ---- */
/* Path (relative to the cgroup2 mount) of the cgroup with id `id` at
 * depth `level`; malloc'ed, or NULL. */
char *imp_cgroup_path(uint64_t id, int level);

#endif
