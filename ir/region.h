/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Regions of the packet space, for `cgnft check` warnings and `cgnft diff`
 * (doc/ANALYSIS.md).  A region is a union of boxes; a box is one closed
 * range per dimension.  A rule's matches on the fields below are modelled
 * exactly; any other condition makes the rule "opaque": it matches an
 * unknown part of its modelled region.
 */
#ifndef CGNFT_IR_REGION_H
#define CGNFT_IR_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "ir/ir.h"

typedef unsigned __int128 rg_u128;

enum rg_dim {
	RG_NFPROTO,	/* 2 or 10 */
	RG_L4PROTO,	/* 0..255; 256: unknown (the IP header did not validate) */
	RG_SADDR,	/* IPv4 0..2^32-1 (family 2), IPv6 (family 10) */
	RG_DADDR,
	RG_TLEN,	/* transport bytes in the packet, at most 4: 0 for
			 * a non-first fragment, 1-3 when truncated */
	RG_SPORT,	/* tcp, udp, udplite, sctp, dccp when its bytes are
			 * there; else 0 */
	RG_DPORT,
	RG_ICMPTYPE,	/* icmp, icmpv6 when its bytes are there; else 0 */
	RG_ICMPCODE,
	RG_MARK,	/* skb->mark (not modelled when a rule sets it) */
	RG_PRIORITY,	/* skb->priority (not modelled when a rule sets it) */
	RG_SOCKSTATE,	/* the socket's sk_state: a full socket's, never
			 * time-wait (6) or new-syn-recv (12), numbered
			 * without them (rg_sockstate_value()) */
	RG_SKUID,	/* the socket's sk_uid */
	RG_SKGID,	/* its file's fsgid; 2^32: no file (the load fails) */
	RG_HOOK,	/* 0 ingress, 1 egress: which device skb->dev is and
			 * where ct comes from */
	RG_LEN,		/* skb->len (meta length), 32 bits */
	RG_IFACE,	/* skb->dev's name, NUL-padded, first byte most
			 * significant: names sort as numbers, so a wildcard
			 * "eth*" is one range; iifname on ingress, oifname
			 * on egress */
	RG_CTSTATE,	/* ct state by position (rg_ctstate_value()):
			 * invalid, untracked, related, established, new,
			 * and 5: none (ingress, a socket that cannot tell) */
	RG_CTDIR,	/* ct direction 0 original, 1 reply; 2: no entry */
	RG_CTMARK,	/* ct mark; 2^32: no entry */
	RG_CTSTATUS,	/* ct status, a bitmask: bits 0-15 (the kernel's
			 * IPS_* flags) one dimension each, 0 or 1 ... */
	RG_CTSTATUS_HI = RG_CTSTATUS + 16,	/* ... and bits 16-31 as a
			 * number; without an entry (RG_CTSTATE) any value */
	RG_NDIMS,
};

struct rg_box {
	rg_u128 lo[RG_NDIMS], hi[RG_NDIMS];
};

struct rg_set {
	struct rg_box *b;
	size_t n;
};

/* The socket state at position i of RG_SOCKSTATE. */
unsigned rg_sockstate_value(rg_u128 i);

/* The ct state bit at position i of RG_CTSTATE (0: none). */
unsigned rg_ctstate_value(rg_u128 i);
#define RG_CT_NONE 5		/* RG_CTSTATE: no value (ingress) */
#define RG_NO_ENTRY_DIR 2	/* RG_CTDIR: no conntrack entry */
#define RG_NO_ENTRY_MARK 0x100000000ull	/* RG_CTMARK: the same */

/* Every packet a cgroup_skb program can see; rg_universe_hook: of one
 * hook (IR_HOOK_INGRESS or IR_HOOK_EGRESS). */
void rg_universe(struct rg_set *s);
void rg_universe_hook(struct rg_set *s, enum ir_hook hook);
void rg_set_free(struct rg_set *s);
void rg_set_copy(struct rg_set *dst, const struct rg_set *src);
void rg_set_add(struct rg_set *s, const struct rg_box *b);
void rg_set_union(struct rg_set *s, const struct rg_set *t);
/* s = s minus t; s = s intersected with t. */
void rg_set_subtract(struct rg_set *s, const struct rg_set *t);
void rg_set_intersect(struct rg_set *s, const struct rg_set *t);
bool rg_set_intersects(const struct rg_set *s, const struct rg_set *t);
/* Merge boxes that differ in one dimension only, where they touch. */
void rg_set_coalesce(struct rg_set *s);

/* What the analysis needs to know of the whole unit. */
struct rg_ctx {
	const struct ir_unit *unit;
	bool mark_set;		/* some rule sets meta mark: mark is not static */
	bool priority_set;	/* the same for meta priority */
	int hook;		/* rules run by one hook's programs only:
				 * IR_HOOK_INGRESS or _EGRESS; -1 either */
	bool packets;		/* (rg_rule_model's own) */
};

void rg_ctx_init(struct rg_ctx *ctx, const struct ir_unit *unit);

/* The transport bytes a packet needs for dimension d to be loaded (0: not
 * a transport dimension). */
unsigned rg_tlen_needed(int d);

/* Where the packets of one verdict go: a plain verdict's rule has one arm
 * (its whole match), a verdict map one per element (the rule's match and
 * the element's key); packets in no arm go on to the next rule. */
struct rg_arm {
	enum ir_verdict_kind verdict;
	int chain;		/* JUMP/GOTO: index into ir_unit.chains */
	struct rg_set match;
};

struct rg_rule {
	struct rg_set match;	/* exact when !opaque, else a superset */
	const char *never;	/* why it can never match, when a match alone
				 * says so (a socket state no program sees) */
	bool opaque;
	const char *why;	/* opaque: the first condition not modelled */
	enum ir_verdict_kind verdict;	/* IR_VERDICT_NONE: none, or a vmap's */
	int chain;		/* JUMP/GOTO: its chain */
	bool vmap;
	bool side_effects;	/* counters, sets, limits, quotas, ... */
	struct rg_arm *arms;	/* !opaque: in order, disjoint */
	size_t narms;
};

/* packets: the rule is in a chain that only cgroup_skb programs run (for
 * other hooks every match is opaque). */
void rg_rule_model(const struct rg_ctx *ctx, const struct ir_rule *rule, bool packets,
		   struct rg_rule *out);
void rg_rule_free(struct rg_rule *r);

/* The rule ends the chain for the packets it matches (accept, drop,
 * return, goto), always: not opaque, no vmap (a vmap's arms say which of
 * its packets end the chain). */
bool rg_rule_decides(const struct rg_rule *r);

/* Give up above this many boxes in one set (the answer would be too slow):
 * callers check rg_too_big() and say so. */
#define RG_MAX_BOXES 50000
bool rg_too_big(const struct rg_set *s);

#endif
