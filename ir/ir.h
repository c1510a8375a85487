/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The match/verdict IR: the contract between the front ends (the nft-syntax
 * evaluator, the nftables importer) and code generation.
 *
 * The IR is already valid: every name is resolved, every protocol dependency
 * has been made explicit as a match of its own, as nft's evaluate.c does:
 * `tcp dport 22` arrives here as `meta l4proto == 6` followed by
 * `transport[2:2] == 22`.  Codegen never reports user errors.
 *
 * Values are unsigned numbers in host order.  A field is loaded as a
 * big-endian number of `len` bytes (packet fields) or read as a number (meta
 * fields), then shifted right by `shift`, ANDed with `mask`, shifted left by
 * `lshift` and XORed with `xor`: ((load >> shift) & mask) << lshift ^ xor,
 * in 64 bits (nft's bitwise expression, the front end folds `& | ^ << >>`
 * into it).  16-byte fields (IPv6 addresses) are numbers split in two
 * 64-bit halves, never transformed.
 */
#ifndef CGNFT_IR_H
#define CGNFT_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum ir_hook {
	IR_HOOK_INGRESS,	/* cgroup_skb/ingress */
	IR_HOOK_EGRESS,		/* cgroup_skb/egress */
	IR_HOOK_SYSCTL,		/* cgroup/sysctl */
	IR_HOOK_SOCK_CREATE,	/* cgroup/sock_create */
	IR_HOOK_MAX,
};

const char *ir_hook_name(enum ir_hook hook);	/* "ingress", ... */
const char *ir_ct_key_name(unsigned key);	/* enum ir_ct: "state", ... */

enum ir_base {
	IR_BASE_META,		/* a per-packet value, see enum ir_meta */
	IR_BASE_NETWORK,	/* bytes from the start of the IP header */
	IR_BASE_TRANSPORT,	/* bytes from the transport header: the load
				 * fails (rule does not match) when there is no
				 * transport header, on a non-first fragment, or
				 * when the bytes lie past the end of the packet */
	IR_BASE_SOCK,		/* sock_create hook: see enum ir_sock */
	IR_BASE_SYSCTL,		/* sysctl hook: see enum ir_sysctl */
	IR_BASE_EXTHDR,		/* bytes from the start of the first IPv6
				 * extension header of type `key` (0 hbh, 43
				 * rt, 44 frag, 60 dst, 135 mh) that
				 * ipv6_find_hdr() finds; the load fails when
				 * there is none or the bytes lie past the end */
	IR_BASE_EXTHDR_FOUND,	/* 1 byte: 1 when that header is found, else 0
				 * (nft's `exthdr frag exists`) */
	IR_BASE_TCPOPT,		/* bytes from the start of the first tcp option
				 * of kind `key` (nft_exthdr_tcp_eval): the load
				 * fails without a TCP header, on a non-first
				 * fragment, without such an option, or when the
				 * bytes lie beyond the TCP header */
	IR_BASE_TCPOPT_FOUND,	/* 1 byte: 1 when that option is found, else 0
				 * (also on packets that are not TCP) */
	IR_BASE_SCTPCHUNK,	/* bytes from the start of the first sctp chunk
				 * of type `key` (nft_exthdr_sctp_eval) */
	IR_BASE_SCTPCHUNK_FOUND,/* 1 byte: 1 when that chunk is found, else 0 */
	IR_BASE_CT,		/* connection tracking, see enum ir_ct; what it
				 * reads depends on the hook (doc/HOOKS.md):
				 * egress the packet's conntrack entry, ingress
				 * (state only) the receiving socket */
	IR_BASE_HASH,		/* 4 bytes: nft's jhash or numgen, the
				 * unit's hashes[key] (struct ir_hash); fails
				 * when a hashed field is absent */
};

enum ir_ct {
	IR_CT_STATE,		/* 4 bytes: nft's ct state bits (invalid 1,
				 * established 2, related 4, new 8, untracked
				 * 64); ingress: fails where the socket cannot
				 * tell */
	IR_CT_DIRECTION,	/* 1 byte: 0 original, 1 reply; fails without
				 * an entry */
	IR_CT_STATUS,		/* 4 bytes: nf_conn.status; fails without one */
	IR_CT_MARK,		/* 4 bytes: nf_conn.mark; fails without one */
	/* The others of nft_ct_get_eval(), egress only, each failing without
	 * an entry.  `offset` holds the direction: 0 none, 1 original, 2
	 * reply (nft's priv->dir; required for the tuple's keys). */
	IR_CT_L3PROTO,		/* 1 byte: the entry's nfproto */
	IR_CT_PROTOCOL,		/* 1 byte: its layer 4 protocol */
	IR_CT_SADDR,		/* 4 bytes (IPv4) or 16 (IPv6): the tuple's
				 * source; fails when the entry is of the
				 * other family */
	IR_CT_DADDR,		/* same, destination */
	IR_CT_PROTO_SRC,	/* 2 bytes: the tuple's source port (id) */
	IR_CT_PROTO_DST,	/* 2 bytes: destination port */
	IR_CT_ZONE,		/* 2 bytes: the zone id (of a direction: 0
				 * unless the zone is for that direction) */
	IR_CT_EXPIRATION,	/* 4 bytes: milliseconds until it times out */
	IR_CT_BYTES,		/* 8 bytes: accounting (nf_conn_acct), of a
				 * direction or both; 0 without accounting */
	IR_CT_PACKETS,		/* 8 bytes: same, packets */
	IR_CT_AVGPKT,		/* 8 bytes: bytes / packets (0 without any) */
	IR_CT_LABEL,		/* 16 bytes: the labels extension's bits (bit N
				 * of the 128-bit number: label N); 0 without;
				 * 8 bytes, offset IR_CT_LABEL_LOW or _HIGH:
				 * labels 0-63 or 64-127 */
	IR_CT_MAX,
};

#define IR_CT_LABEL_LOW 1
#define IR_CT_LABEL_HIGH 2

enum ir_meta {
	IR_META_NFPROTO,	/* 1 byte: NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10) */
	IR_META_L4PROTO,	/* 1 byte: protocol after IPv6 ext headers;
				 * absent (load fails) when the IP header does
				 * not validate, as in nft_set_pktinfo_* */
	IR_META_PROTOCOL,	/* 2 bytes: ethertype (0x0800, 0x86dd) */
	IR_META_LEN,		/* 4 bytes: skb->len */
	IR_META_MARK,		/* 4 bytes: skb->mark */
	IR_META_PRIORITY,	/* 4 bytes: skb->priority */
	IR_META_SKUID,		/* 4 bytes: socket owner uid (sk_uid); fails
				 * without socket */
	IR_META_SKGID,		/* 4 bytes: the fsgid of the socket's file, as nft
				 * (sk->sk_socket->file->f_cred); fails without
				 * a full socket, its socket or its file */
	IR_META_CGROUP_ANCESTOR,/* 8 bytes: id of the socket's cgroup ancestor
				 * at level `field.level`; fails without socket */
	IR_META_PKTTYPE,	/* 1 byte: skb->pkt_type, PACKET_LOOPBACK read as
				 * nft does (multicast, or broadcast for IPv4
				 * to a non-multicast address) */
	IR_META_CPU,		/* 4 bytes: the CPU running the program */
	IR_META_RANDOM,		/* 4 bytes: a fresh pseudo-random number per read */
	IR_META_TIME,		/* 8 bytes: wall-clock (CLOCK_REALTIME) ns since
				 * the epoch, as nft's ktime_get_real_ns() */
	IR_META_DAY,		/* 1 byte: day of week, 0 = Sunday, in the
				 * kernel's time zone (sys_tz), as nft */
	IR_META_HOUR,		/* 4 bytes: seconds since midnight UTC */
	IR_META_IIFNAME,	/* 16 bytes: the input device's name (ingress:
				 * skb->dev), NUL-padded, first byte most
				 * significant; empty on egress and without a
				 * device, as nft */
	IR_META_OIFNAME,	/* 16 bytes: the output device's (egress) */
	IR_META_IIF,		/* 1 byte: 1 when the input device (ingress) is
				 * field.ifname, an interface the loader
				 * resolves to its index, else 0; the index is
				 * 0 on egress and without a device, as nft */
	IR_META_OIF,		/* 1 byte: the same for the output device */
	IR_META_CGROUP,		/* 4 bytes: the socket's net_cls class id (nft's
				 * meta cgroup); fails without a full socket */
	IR_META_IIFTYPE,	/* 2 bytes: the input device's type (dev->type,
				 * ARPHRD_*); fails on egress and without a
				 * device, as nft */
	IR_META_OIFTYPE,	/* 2 bytes: the output device's (egress) */
	IR_META_IIFGROUP,	/* 4 bytes: the input device's group; fails
				 * on egress and without a device, as nft */
	IR_META_OIFGROUP,	/* 4 bytes: the output device's (egress) */
	IR_META_IIFKIND,	/* 16 bytes: the input device's
				 * rtnl_link_ops->kind ("veth"), as iifname;
				 * fails on egress, without a device or
				 * without link ops (lo), as nft */
	IR_META_OIFKIND,	/* 16 bytes: the output device's (egress) */
	IR_META_SOCK_STATE,	/* 1 byte: the state of the packet's socket
				 * (struct bpf_sock.state: TCP_ESTABLISHED 1
				 * .. TCP_NEW_SYN_RECV 12, the same numbers
				 * for UDP, ping and raw sockets); fails
				 * without a socket */
	IR_META_SOCK_MARK,	/* 4 bytes: the packet's socket's sk_mark (nft's
				 * socket mark); fails without a full socket */
	IR_META_SOCK_WILDCARD,	/* 1 byte: 1 when that socket is bound to the
				 * any address (0.0.0.0 for an IPv4 packet, ::
				 * for IPv6), as nft's socket wildcard; fails
				 * without a full socket */
	IR_META_RTCLASSID,	/* 4 bytes: the packet's route's tclassid (nft's
				 * meta rtclassid, rt classid); fails without a
				 * route */
	IR_META_MAX,
};

enum ir_sock {
	IR_SOCK_FAMILY,		/* AF_INET, AF_INET6, ... */
	IR_SOCK_TYPE,		/* SOCK_STREAM, ... */
	IR_SOCK_PROTOCOL,	/* IPPROTO_* as given to socket() */
};

enum ir_sysctl {
	IR_SYSCTL_WRITE,	/* number: 1 on write, 0 on read */
	IR_SYSCTL_NAME,		/* string: full name "net/ipv4/ip_forward" */
	IR_SYSCTL_BASE_NAME,	/* string: "ip_forward" */
	IR_SYSCTL_CUR_VALUE,	/* string or number: current value */
	IR_SYSCTL_NEW_VALUE,	/* string or number: value being written */
};

struct ir_field {
	enum ir_base base;
	uint16_t key;		/* enum ir_meta / ir_sock / ir_sysctl, or
				 * EXTHDR*: the header type */
	uint16_t offset;	/* NETWORK/TRANSPORT/EXTHDR: byte offset */
	uint8_t len;		/* bytes: 1, 2, 4, 8 or 16 */
	uint8_t shift;		/* right shift after the load */
	uint64_t mask;		/* AND after the shift (all ones: none) */
	uint8_t lshift;		/* left shift after the AND */
	uint64_t xor;		/* XOR last (0: none) */
	uint8_t level;		/* IR_META_CGROUP_ANCESTOR only */
	char ifname[16];	/* IR_META_IIF/OIF: the interface's name (or
				 * decimal index), as written; NUL-padded */
	bool numeric_string;	/* SYSCTL values: parse as a number (strtoul);
				 * the match fails when it does not parse */
};

/*
 * nft's hash and numgen expressions (nft_hash.c, nft_numgen.c), as
 * values of 32 bits:
 * jhash: jhash(data, len, seed) scaled to mod (reciprocal_scale: the
 * high 32 bits of hash * mod) plus offset; data is the fields laid out
 * as nft's registers hold them: each at `at[i]` (4-byte aligned), a
 * packet field (and meta protocol) as its bytes in network order, a
 * meta integer as a host-order number of its width, zeros up to the
 * next 4 bytes; len is the one field's width, or, for a
 * concatenation, the sum of the padded widths.  Without a seed the
 * loader draws one (the kernel's get_random_bytes at rule insertion).
 * random: reciprocal_scale(a pseudo-random u32, mod) + offset.
 * inc: the expression's counter, shared by CPUs, goes 0, 1, .. mod - 1,
 * 0, ..., plus offset (nft_ng_inc_gen, from nft_ng_inc_init's mod - 1).
 */
enum ir_hash_kind { IR_HASH_JHASH, IR_HASH_RANDOM, IR_HASH_INC };

struct ir_hash {
	enum ir_hash_kind kind;
	struct ir_field fields[4];
	bool host_order[4];	/* the field is a host-order number */
	uint8_t at[4];
	int nfields;
	uint8_t len;		/* bytes hashed */
	uint32_t mod, offset, seed;
	bool seed_set;
};

/* A number of up to 128 bits.  Fields of 8 bytes or less use only `lo`. */
struct ir_val {
	uint64_t hi, lo;
};

enum ir_op {
	IR_OP_EQ,
	IR_OP_NE,
	IR_OP_LT,
	IR_OP_GT,
	IR_OP_LE,
	IR_OP_GE,
	IR_OP_RANGE,		/* lo <= x <= hi */
	IR_OP_NRANGE,		/* not (lo <= x <= hi) */
};

enum ir_verdict_kind {
	IR_VERDICT_NONE,	/* no verdict: fall through to the next rule */
	IR_VERDICT_ACCEPT,
	IR_VERDICT_DROP,
	IR_VERDICT_CONTINUE,
	IR_VERDICT_RETURN,
	IR_VERDICT_JUMP,
	IR_VERDICT_GOTO,
};

struct ir_verdict {
	enum ir_verdict_kind kind;
	int chain;		/* JUMP/GOTO: index into ir_unit.chains */
};

/*
 * A set: elements are tuples of per-field closed ranges (an exact value has
 * lo == hi, a prefix is the range it covers).  One field for a plain set,
 * several for a concatenation.  Sets are already normalised: for each
 * element, no field range is empty.  Elements may overlap; the first
 * matching element of a map gives its value (the front end refuses the
 * overlaps nft refuses; those nft accepts, in concatenations, resolve to
 * the element added first, as in nft's pipapo sets).
 */
#define IR_MAX_CONCAT 4

struct ir_set_elem {
	struct ir_val lo[IR_MAX_CONCAT];
	struct ir_val hi[IR_MAX_CONCAT];
	struct ir_verdict verdict;	/* verdict maps only */
	uint32_t data;			/* value maps only */
	/* dynamic sets: the element's own timeout (0: the set's) and its
	 * counter's initial values */
	uint64_t timeout_ms;
	uint64_t packets, bytes;
};

struct ir_set {
	char *name;		/* "admins", or "__set3" for anonymous ones */
	bool anonymous;
	bool is_vmap;		/* a verdict map: elems[].verdict */
	bool is_map;		/* a value map: elems[].data (marks, classids) */
	int nfields;		/* 1 = plain, >1 = concatenation */
	uint8_t field_len[IR_MAX_CONCAT];	/* bytes of each key part */
	struct ir_set_elem *elems;
	size_t nelems;
	/* A dynamic set (flags dynamic or timeout, per-element counters, or
	 * updated from rules): a BPF hash map "dynset_<map>" of at most
	 * `size` elements, keyed as ir_dynset_key_layout() says, values
	 * struct cgnft_elem; elems are its initial elements, written at load
	 * (codegen/gen_dynset.c, runtime/dynset.c). */
	bool dynamic;
	bool counter;		/* every element has a counter */
	bool has_timeout;	/* flags timeout: elements may expire */
	uint64_t timeout_ms;	/* the elements' default timeout (0: none) */
	uint32_t size;
	int map;		/* ordinal among the unit's dynamic sets */
	char *table;
	char *key;		/* identity across re-apply: table/@set/NAME
				 * and the key's layout */
	char *type_names[IR_MAX_CONCAT];	/* the front end's datatypes,
						 * for listing */
};

/* A dynamic set's hash key: each field a host-order number of 4 bytes
 * (fields of up to 4), 8, or 16 (high half first), at an offset aligned to
 * min(8, its size); the whole a multiple of 8.  Returns the key's size. */
unsigned ir_dynset_key_layout(const struct ir_set *s, unsigned off[IR_MAX_CONCAT],
			      unsigned width[IR_MAX_CONCAT]);

/* String comparison, sysctl hook only. */
enum ir_str_op {
	IR_STR_EQ,		/* exact */
	IR_STR_PREFIX,		/* "net/ipv4/" */
	IR_STR_GLOB,		/* "net/ipv4/<star>": fnmatch-like, '*' and '?' only */
};

enum ir_stmt_kind {
	IR_STMT_MATCH,		/* field op value */
	IR_STMT_LOOKUP,		/* fields (concatenated) in set; neg: not in */
	IR_STMT_STR_MATCH,	/* sysctl string field vs string */
	IR_STMT_COUNTER,
	IR_STMT_SET_META,	/* meta mark/priority set a value: a constant, a
				 * field's, or a value map's (no element: the
				 * rule stops here) */
	IR_STMT_SET_SYSCTL_VALUE,	/* sysctl value set "..." */
	IR_STMT_VMAP,		/* fields in set -> that element's verdict;
				 * no element: the rule stops here */
	IR_STMT_VERDICT,
	IR_STMT_LIMIT,		/* nft's token bucket: the rule stops when the
				 * packet is over the rate (under it: `over`) */
	IR_STMT_QUOTA,		/* adds the packet's length to the bytes used;
				 * the rule stops when they pass the quota
				 * (do not: `over`) */
	IR_STMT_DYNSET,		/* add/update/delete the key in a dynamic set,
				 * as nft_dynset_eval(): see ir_dynset */
	IR_STMT_LOG,		/* an event to the log ring (see ir_log); never
				 * stops the rule */
};


/* Fields (concatenated) looked up in ir_unit.sets[set]. */
struct ir_lookup {
	struct ir_field fields[IR_MAX_CONCAT];
	int nfields;
	int set;
	bool neg;		/* LOOKUP: not in the set */
};

/*
 * A limit, as nft_limit.c computes it from what nft sends: a bucket of
 * tokens in nanoseconds, tokens_max full; a packet costs `cost` (packet
 * limits) or nsecs * skb->len / rate (byte limits).  The state (tokens,
 * last time) lives in the "limits" map, index = this one's; zero state
 * means a full bucket.
 */
struct ir_limit {
	char *table;
	char *key;		/* identity across re-apply (see ir_counter) */
	char *name;		/* a named object's; NULL: anonymous */
	bool bytes;		/* a byte rate */
	bool invert;		/* `over` */
	uint64_t rate;		/* packets or bytes per unit */
	uint64_t unit;		/* seconds: 1, 60, 3600, 86400, 604800 */
	uint32_t burst;		/* as nft sent it (0: none given) */
	uint64_t nsecs;		/* unit * 1e9 */
	uint64_t tokens_max;
	uint64_t cost;		/* packet limits */
};

enum ir_dynset_op { IR_DYNSET_ADD, IR_DYNSET_UPDATE, IR_DYNSET_DELETE };

/*
 * add: the key's element, made when absent (the rule stops when the set is
 * full); update: the same, and its expiry set to now + timeout; delete:
 * removed (the rule goes on).  Then, for add and update, the element's
 * counter counts the packet and its limit (the statement's) runs: over the
 * rate the rule stops (under it with `over`).
 */
struct ir_dynset {
	struct ir_lookup key;	/* fields, and the set */
	enum ir_dynset_op op;
	uint64_t timeout_ms;	/* 0: the set's */
	bool counter;		/* the statement's `counter` */
	bool has_limit;
	struct ir_limit limit;	/* its numbers (table, key, name NULL: the
				 * bucket lives in the element) */
};

/* Where SET_META takes its value from. */
enum ir_value_src {
	IR_VALUE_CONST,		/* value */
	IR_VALUE_FIELD,		/* field, then ops, then maybe a byte swap */
	IR_VALUE_MAP,		/* map: the data of the element the key is in */
};

/* An operation on a 32-bit value; shifts are less than 32. */
enum ir_value_op_kind { IR_VOP_AND, IR_VOP_OR, IR_VOP_XOR, IR_VOP_LSHIFT,
			IR_VOP_RSHIFT };

struct ir_value_op {
	enum ir_value_op_kind op;
	uint32_t arg;
};

#define IR_MAX_VALUE_OPS 8

struct ir_stmt {
	enum ir_stmt_kind kind;
	union {
		struct {		/* MATCH */
			struct ir_field field;
			enum ir_op op;
			struct ir_val value;	/* EQ..GE; RANGE: lo */
			struct ir_val value_hi;	/* RANGE/NRANGE: hi */
		} match;
		struct ir_lookup lookup;	/* LOOKUP, VMAP */
		struct ir_dynset dynset;	/* DYNSET */
		struct {		/* STR_MATCH */
			struct ir_field field;
			enum ir_str_op op;
			bool neg;
			char *str;
		} str;
		struct {		/* COUNTER */
			int index;	/* into ir_unit.counters */
		} counter;
		struct {		/* LIMIT, QUOTA */
			int index;	/* into ir_unit.limits / quotas */
		} state;
		struct {		/* SET_META */
			enum ir_meta key;	/* MARK or PRIORITY */
			enum ir_value_src src;
			uint32_t value;		/* CONST */
			/* FIELD: a field of up to 4 bytes, loaded as a
			 * number (the rule stops when it is absent), the
			 * ops applied in order on 32 bits; bswap 2, 3 or
			 * 4: then that many low bytes reversed (nft leaves
			 * a big-endian field that was not shifted as it
			 * lies in the packet, and the mark takes those
			 * bytes as a little-endian number) */
			struct ir_field field;
			struct ir_value_op ops[IR_MAX_VALUE_OPS];
			int nops;
			uint8_t bswap;
			struct ir_lookup map;	/* MAP: a value map */
		} set_meta;
		struct {		/* SET_SYSCTL_VALUE */
			char *str;
		} set_sysctl;
		struct ir_verdict verdict;	/* VERDICT */
		struct {		/* LOG */
			int site;	/* into ir_unit.logs */
			int limit;	/* the bucket all log statements share,
					 * into ir_unit.limits */
		} log;
	};
};

/* Where a rule came from: for --emit asm, `check` and `test` traces. */
struct ir_origin {
	char *file;
	int line;
	char *text;		/* the rule as written (one line) */
};

struct ir_rule {
	struct ir_stmt *stmts;
	size_t nstmts;
	struct ir_origin origin;
};

struct ir_cls_run;

struct ir_chain {
	char *table;
	char *name;
	bool base;
	enum ir_hook hook;	/* base chains only */
	int priority;		/* base chains only */
	enum ir_verdict_kind policy;	/* base chains: ACCEPT or DROP */
	struct ir_rule *rules;
	size_t nrules;
	struct ir_cls_run *cls;	/* runs found by ir_classify (ir/classify.h) */
	size_t ncls;
};

struct ir_counter {
	char *table;
	char *rule_key;		/* stable identity of the rule (chain + text),
				 * used to carry counters across re-apply; a
				 * named counter's: table/@counter/NAME */
	char *name;		/* a named counter's; NULL: anonymous */
	uint64_t packets, bytes;	/* initial values (`counter packets N bytes M`) */
};


/* A quota: bytes used in the "quotas" map (shared by CPUs, atomic adds). */
struct ir_quota {
	char *table;
	char *key;
	char *name;		/* a named object's; NULL: anonymous */
	bool invert;		/* `over` */
	uint64_t bytes;
	uint64_t used;		/* initial value (`used N`) */
};

/* nft's log levels (syslog's, and audit) and flags (NF_LOG_*). */
enum { IR_LOG_EMERG, IR_LOG_ALERT, IR_LOG_CRIT, IR_LOG_ERR, IR_LOG_WARN, IR_LOG_NOTICE,
       IR_LOG_INFO, IR_LOG_DEBUG, IR_LOG_AUDIT };
#define IR_LOG_TCPSEQ	0x01
#define IR_LOG_TCPOPT	0x02
#define IR_LOG_IPOPT	0x04
#define IR_LOG_UID	0x08
#define IR_LOG_MACDECODE 0x20
#define IR_LOG_ALL	0x2f

/*
 * A log statement's site: what an event of it says besides the packet
 * (the runtime writes these to a file that `cgnft monitor` reads).  The
 * options are nft's, kept as data: the event goes to the log ring.
 */
struct ir_log {
	char *table, *chain;
	char *file;
	int line;
	char *prefix;		/* NULL: none */
	int level;		/* IR_LOG_*: default IR_LOG_WARN */
	uint32_t flags;		/* IR_LOG_TCPSEQ ... */
	bool has_group;		/* group, snaplen, queue-threshold: nflog's */
	uint16_t group;
	bool has_snaplen;
	uint32_t snaplen;
	uint16_t qthreshold;
};

/*
 * One program per (cgroup, hook).  Its base chains run in priority order
 * (ties: declaration order); accept ends one base chain and the next one
 * runs, drop ends the program.  After the last base chain the packet passes.
 */
struct ir_prog {
	char *name;		/* ELF symbol / kernel name: "<table>_<hook>" */
	enum ir_hook hook;
	char *cgroup;		/* as written; runtime resolves it */
	int *base_chains;	/* indices into ir_unit.chains, in run order */
	size_t nbase_chains;
	char **tables;		/* tables that contribute, sorted */
	size_t ntables;
};

/* A source range, for diagnostics raised after the front end (runtime). */
struct ir_loc {
	char *file;
	int line, col_first, col_last;
};

struct ir_table {
	char *name;
	char **cgroups;
	size_t ncgroups;
	struct ir_loc *cgroup_locs;	/* where each `cgroup "..."` was written */
	char *source;		/* canonical nft text of the table (stored) */
	char *listing;		/* the same with markers for live values
				 * (EV_MARK_* in frontend/evaluate.h) */
	char *json;		/* its objects in nft's JSON, with markers;
				 * only with fe_options.json, else NULL */
};

/* What a rule file asks of the tables applied before it (`cgnft apply`):
 * `flush ruleset` removes them all, `delete table cgroup NAME` removes one
 * that must exist, `destroy table cgroup NAME` one that may.  On the
 * tables of the same file defined before them the front end has already
 * acted (a `delete` of such a table comes here as a `destroy`). */
enum ir_command_kind { IR_CMD_FLUSH_RULESET, IR_CMD_DELETE_TABLE, IR_CMD_DESTROY_TABLE };

struct ir_command {
	enum ir_command_kind kind;
	char *table;		/* DELETE, DESTROY */
	struct ir_loc loc;
};

struct ir_unit {
	struct ir_command *commands;	/* in file order */
	size_t ncommands;
	struct ir_chain *chains;
	size_t nchains;
	struct ir_set *sets;
	size_t nsets;
	size_t ndynsets;	/* sets with `dynamic` */
	struct ir_counter *counters;
	size_t ncounters;
	struct ir_limit *limits;
	size_t nlimits;
	struct ir_quota *quotas;
	size_t nquotas;
	struct ir_log *logs;	/* log statements' sites, by IR_STMT_LOG site */
	size_t nlogs;
	int log_limit;		/* front end: 1 + the limits index of the log
				 * bucket (0: none yet) */
	struct ir_prog *progs;
	size_t nprogs;
	struct ir_table *tables;
	size_t ntables;
	struct ir_hash *hashes;	/* IR_BASE_HASH fields' key */
	size_t nhashes;
	bool classified;	/* ir_classify ran */
	size_t cls_min_rules;	/* its min_rules (SIZE_MAX: -O0, rules in order) */
};

struct ir_unit *ir_unit_new(void);
void ir_unit_free(struct ir_unit *unit);

/* Append helpers: return the index of the new element. */
int ir_unit_add_chain(struct ir_unit *unit, const struct ir_chain *chain);
int ir_unit_add_set(struct ir_unit *unit, const struct ir_set *set);
int ir_unit_add_counter(struct ir_unit *unit, const struct ir_counter *ctr);
int ir_unit_add_limit(struct ir_unit *unit, const struct ir_limit *lim);
int ir_unit_add_quota(struct ir_unit *unit, const struct ir_quota *q);
int ir_unit_add_log(struct ir_unit *unit, const struct ir_log *log);
int ir_unit_add_prog(struct ir_unit *unit, const struct ir_prog *prog);
int ir_unit_add_table(struct ir_unit *unit, const struct ir_table *table);
int ir_unit_add_hash(struct ir_unit *unit, const struct ir_hash *hash);
void ir_rule_add_stmt(struct ir_rule *rule, const struct ir_stmt *stmt);
/* Free what `rule` owns (statements, their strings, origin), not `rule`
 * itself, and empty it: for a rule built and then given up. */
void ir_rule_free(struct ir_rule *rule);
void ir_chain_add_rule(struct ir_chain *chain, const struct ir_rule *rule);

/* `cgnft compile --emit ir`: a stable, line-oriented dump. */
void ir_unit_print(const struct ir_unit *unit, FILE *out);
void ir_field_print(const struct ir_field *f, FILE *out);

#endif
