// SPDX-License-Identifier: GPL-2.0
/*
 * Regions of the packet space as unions of boxes, and the exact model of a
 * rule's matches (doc/ANALYSIS.md says what is modelled).  A match is
 * modelled only when its field is a whole, untransformed field below and
 * the rule's earlier matches fix the protocol that gives the bytes their
 * meaning (nh[12:4] is the IPv4 source only when the family is ipv4).
 */
#include <stdlib.h>
#include <string.h>

#include "ir/region.h"
#include "ir/xalloc.h"

#define U128_MAX (~(rg_u128)0)

static const rg_u128 dim_max[RG_NDIMS] = {
	[RG_NFPROTO] = 255, [RG_L4PROTO] = 256, [RG_SADDR] = U128_MAX,
	[RG_DADDR] = U128_MAX, [RG_TLEN] = 4, [RG_SPORT] = 65535,
	[RG_DPORT] = 65535, [RG_ICMPTYPE] = 255, [RG_ICMPCODE] = 255,
	[RG_MARK] = 0xffffffffu, [RG_PRIORITY] = 0xffffffffu, [RG_SOCKSTATE] = 253,
	[RG_SKUID] = 0xffffffffu, [RG_SKGID] = 0x100000000ull,
	[RG_HOOK] = 1, [RG_LEN] = 0xffffffffu, [RG_IFACE] = U128_MAX,
	[RG_CTSTATE] = RG_CT_NONE, [RG_CTDIR] = RG_NO_ENTRY_DIR,
	[RG_CTMARK] = RG_NO_ENTRY_MARK,
	[RG_CTSTATUS ... RG_CTSTATUS_HI - 1] = 1, [RG_CTSTATUS_HI] = 0xffff,
};

/* nft's ct state bits in RG_CTSTATE order: the states without an entry
 * first, then those with one, then "no value" (an ingress socket that
 * cannot tell), so each hook's states are one range (rg_universe_hook). */
static const unsigned ct_state_bits[RG_CT_NONE] = { 1, 64, 4, 2, 8 };
#define CT_FIRST_ENTRY 2	/* related, established, new: an entry */
#define CT_FIRST_INGRESS 3	/* established, new, none: from the socket */

unsigned rg_ctstate_value(rg_u128 i)
{
	return i < RG_CT_NONE ? ct_state_bits[i] : 0;
}

/* The socket states a cgroup_skb program can read: it runs only for full
 * sockets, and sk_fullsock() is "not TCP_TIME_WAIT nor TCP_NEW_SYN_RECV". */
#define SOCK_TIME_WAIT 6
#define SOCK_NEW_SYN_RECV 12

/* The dimension numbers the other 254 states without a gap (one box holds
 * them all): 0-5 as they are, 7-11 as 6-10, 13-255 as 11-253. */
unsigned rg_sockstate_value(rg_u128 i)
{
	return (unsigned)(i < 6 ? i : i < 11 ? i + 1 : i + 2);
}

static rg_u128 state_index(rg_u128 v)
{
	return v < SOCK_TIME_WAIT ? v : v < SOCK_NEW_SYN_RECV ? v - 1 : v - 2;
}

/* States lo..hi as a range of the dimension; false when only unseen ones. */
static bool state_range(rg_u128 *lo, rg_u128 *hi)
{
	rg_u128 a = *lo, b = *hi;

	if (a == SOCK_TIME_WAIT || a == SOCK_NEW_SYN_RECV)
		a++;
	if (b == SOCK_TIME_WAIT || b == SOCK_NEW_SYN_RECV)
		b--;
	if (a > b)
		return false;
	*lo = state_index(a);
	*hi = state_index(b);
	return true;
}

/* Protocols whose transport header starts with 16-bit ports, and ICMPs. */
static const unsigned port_protos[] = { 6, 17, 33, 132, 136 };
static const unsigned icmp_protos[] = { 1, 58 };

static bool in_list(unsigned v, const unsigned *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] == v)
			return true;
	return false;
}

#define IN(v, l) in_list(v, l, sizeof(l) / sizeof(l[0]))

bool rg_too_big(const struct rg_set *s)
{
	return s->n > RG_MAX_BOXES;
}

void rg_set_free(struct rg_set *s)
{
	free(s->b);
	s->b = NULL;
	s->n = 0;
}

void rg_set_add(struct rg_set *s, const struct rg_box *b)
{
	s->b = xgrow(s->b, s->n, sizeof(*s->b));
	s->b[s->n++] = *b;
}

void rg_set_copy(struct rg_set *dst, const struct rg_set *src)
{
	dst->b = NULL;
	dst->n = 0;
	for (size_t i = 0; i < src->n; i++)
		rg_set_add(dst, &src->b[i]);
}

void rg_set_union(struct rg_set *s, const struct rg_set *t)
{
	for (size_t i = 0; i < t->n; i++)
		rg_set_add(s, &t->b[i]);
}

static void full_box(struct rg_box *b)
{
	for (int d = 0; d < RG_NDIMS; d++) {
		b->lo[d] = 0;
		b->hi[d] = dim_max[d];
	}
}

static void set_dim(struct rg_box *b, int d, rg_u128 lo, rg_u128 hi)
{
	b->lo[d] = lo;
	b->hi[d] = hi;
}

unsigned rg_tlen_needed(int d)
{
	switch (d) {
	case RG_SPORT: return 2;
	case RG_DPORT: return 4;
	case RG_ICMPTYPE: return 1;
	case RG_ICMPCODE: return 2;
	}
	return 0;
}

/* The packets of protocols lo..hi: a box per number of transport bytes the
 * packet holds (truncated packets and non-first fragments lack some).
 * Bytes 0-1 and 2-3 are th sport and dport (for icmp and icmpv6 bytes 0
 * and 1 are the type and code, 2-3 the checksum, in RG_DPORT); an unknown
 * l4proto has no transport header at all. */
static void add_l4(struct rg_set *s, struct rg_box b, unsigned lo, unsigned hi)
{
	bool icmp = lo == hi && IN(lo, icmp_protos);

	set_dim(&b, RG_L4PROTO, lo, hi);
	set_dim(&b, RG_SPORT, 0, 0);
	set_dim(&b, RG_DPORT, 0, 0);
	set_dim(&b, RG_ICMPTYPE, 0, 0);
	set_dim(&b, RG_ICMPCODE, 0, 0);
	if (lo == 256) {
		set_dim(&b, RG_TLEN, 0, 0);
		rg_set_add(s, &b);
		return;
	}
	for (unsigned t = 0; t <= 4; t++) {
		set_dim(&b, RG_TLEN, t, t);
		for (int d = RG_SPORT; d <= RG_ICMPCODE; d++) {
			bool has = d == RG_DPORT || (d == RG_SPORT) != icmp;

			if (has && t >= rg_tlen_needed(d))
				set_dim(&b, d, 0, d <= RG_DPORT ? 65535 : 255);
		}
		rg_set_add(s, &b);
	}
}

/* IPv6 extension headers the walk steps over (codegen/skb_ipv6.c): never
 * a packet's l4proto. */
static const unsigned ipv6_skipped[] = { 0, 43, 44, 60 };

/* The hook (both, or one), and the length: a packet holds at least its
 * IP header and transport bytes (an unknown l4proto: any length).  ct is
 * one space for both hooks (so that their boxes merge): what a hook
 * cannot have (ingress: no entry, and only established, new or no state;
 * egress: always a state) its matches leave out (ct_state_match(),
 * with_entry()), so they are exact on real packets. */
static void set_hooks(struct rg_set *s, int only)
{
	for (size_t i = 0; i < s->n; i++) {
		struct rg_box *b = &s->b[i];

		if (b->lo[RG_L4PROTO] != 256)
			set_dim(b, RG_LEN, (b->lo[RG_NFPROTO] == 10 ? 40 : 20) + b->lo[RG_TLEN],
				0xffffffffu);
		if (only >= 0)
			set_dim(b, RG_HOOK, only, only);
	}
}

static void universe(struct rg_set *s, int hook);

void rg_universe(struct rg_set *s)
{
	universe(s, -1);
}

void rg_universe_hook(struct rg_set *s, enum ir_hook hook)
{
	universe(s, hook == IR_HOOK_INGRESS || hook == IR_HOOK_EGRESS ? (int)hook : -1);
}

static void universe(struct rg_set *s, int hook)
{
	struct rg_box b;

	s->b = NULL;
	s->n = 0;
	for (int f = 0; f < 2; f++) {
		unsigned run = 0;

		full_box(&b);
		set_dim(&b, RG_NFPROTO, f ? 10 : 2, f ? 10 : 2);
		if (!f) {
			set_dim(&b, RG_SADDR, 0, 0xffffffffu);
			set_dim(&b, RG_DADDR, 0, 0xffffffffu);
		}
		/* one box per protocol with a modelled header, one per run of
		 * the others */
		for (unsigned p = 0; p <= 256; p++) {
			bool skip = p < 256 && f && IN(p, ipv6_skipped);
			bool own = p == 256 || IN(p, port_protos) || IN(p, icmp_protos);

			if (skip || own) {
				if (run < p)
					add_l4(s, b, run, p - 1);
				run = p + 1;
			}
			if (own)
				add_l4(s, b, p, p);
		}
	}
	set_hooks(s, hook);
}

static bool box_disjoint(const struct rg_box *a, const struct rg_box *b)
{
	for (int d = 0; d < RG_NDIMS; d++)
		if (a->hi[d] < b->lo[d] || b->hi[d] < a->lo[d])
			return true;
	return false;
}

/* out += a minus b */
static void box_subtract(struct rg_set *out, struct rg_box a, const struct rg_box *b)
{
	if (box_disjoint(&a, b)) {
		rg_set_add(out, &a);
		return;
	}
	for (int d = 0; d < RG_NDIMS; d++) {
		if (a.lo[d] < b->lo[d]) {
			struct rg_box p = a;

			p.hi[d] = b->lo[d] - 1;
			rg_set_add(out, &p);
			a.lo[d] = b->lo[d];
		}
		if (a.hi[d] > b->hi[d]) {
			struct rg_box p = a;

			p.lo[d] = b->hi[d] + 1;
			rg_set_add(out, &p);
			a.hi[d] = b->hi[d];
		}
	}
}

void rg_set_subtract(struct rg_set *s, const struct rg_set *t)
{
	for (size_t j = 0; j < t->n && s->n; j++) {
		struct rg_set out = { 0 };

		for (size_t i = 0; i < s->n; i++)
			box_subtract(&out, s->b[i], &t->b[j]);
		free(s->b);
		*s = out;
		if (rg_too_big(s))
			return;
	}
}

static bool box_intersect(struct rg_box *r, const struct rg_box *a, const struct rg_box *b)
{
	for (int d = 0; d < RG_NDIMS; d++) {
		r->lo[d] = a->lo[d] > b->lo[d] ? a->lo[d] : b->lo[d];
		r->hi[d] = a->hi[d] < b->hi[d] ? a->hi[d] : b->hi[d];
		if (r->lo[d] > r->hi[d])
			return false;
	}
	return true;
}

void rg_set_intersect(struct rg_set *s, const struct rg_set *t)
{
	struct rg_set out = { 0 };
	struct rg_box r;

	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < t->n; j++)
			if (box_intersect(&r, &s->b[i], &t->b[j]))
				rg_set_add(&out, &r);
	free(s->b);
	*s = out;
}

bool rg_set_intersects(const struct rg_set *s, const struct rg_set *t)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < t->n; j++)
			if (!box_disjoint(&s->b[i], &t->b[j]))
				return true;
	return false;
}

/* a absorbs b when they differ in dimension d only and touch there. */
static bool try_merge(struct rg_box *a, const struct rg_box *b)
{
	int diff = -1;

	for (int d = 0; d < RG_NDIMS; d++) {
		if (a->lo[d] == b->lo[d] && a->hi[d] == b->hi[d])
			continue;
		if (diff >= 0)
			return false;
		diff = d;
	}
	if (diff < 0)
		return true;
	if (diff == RG_TLEN)
		return false;	/* keep fragments apart: clearer text */
	if (a->hi[diff] != U128_MAX && a->hi[diff] + 1 < b->lo[diff])
		return false;
	if (b->hi[diff] != U128_MAX && b->hi[diff] + 1 < a->lo[diff])
		return false;
	if (b->lo[diff] < a->lo[diff])
		a->lo[diff] = b->lo[diff];
	if (b->hi[diff] > a->hi[diff])
		a->hi[diff] = b->hi[diff];
	return true;
}

void rg_set_coalesce(struct rg_set *s)
{
	bool again = s->n <= 4096;

	while (again) {
		again = false;
		for (size_t i = 0; i < s->n; i++)
			for (size_t j = i + 1; j < s->n; j++) {
				if (!try_merge(&s->b[i], &s->b[j]))
					continue;
				s->b[j--] = s->b[--s->n];
				again = true;
			}
	}
}

void rg_ctx_init(struct rg_ctx *ctx, const struct ir_unit *unit)
{
	ctx->unit = unit;
	ctx->hook = -1;
	ctx->mark_set = false;
	ctx->priority_set = false;
	for (size_t c = 0; c < unit->nchains; c++)
		for (size_t r = 0; r < unit->chains[c].nrules; r++) {
			const struct ir_rule *rule = &unit->chains[c].rules[r];

			for (size_t k = 0; k < rule->nstmts; k++)
				if (rule->stmts[k].kind == IR_STMT_SET_META &&
				    rule->stmts[k].set_meta.key == IR_META_MARK)
					ctx->mark_set = true;
				else if (rule->stmts[k].kind == IR_STMT_SET_META &&
					 rule->stmts[k].set_meta.key == IR_META_PRIORITY)
					ctx->priority_set = true;
		}
}

static rg_u128 val(const struct ir_val *v)
{
	return ((rg_u128)v->hi << 64) | v->lo;
}

static rg_u128 field_max(const struct ir_field *f)
{
	return f->len >= 16 ? U128_MAX : ((rg_u128)1 << (8 * f->len)) - 1;
}

static bool untransformed(const struct ir_field *f)
{
	uint64_t w = f->len >= 8 ? ~(uint64_t)0 : ((uint64_t)1 << (8 * f->len)) - 1;

	if (f->len >= 16)
		return true;	/* never transformed (ir.h) */
	return !f->shift && !f->lshift && !f->xor && (f->mask & w) == w;
}

/* Every box of s has dimension d fixed to a value that `ok` accepts. */
static bool all_fixed(const struct rg_set *s, int d, const unsigned *ok, size_t nok)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->b[i].lo[d] != s->b[i].hi[d] ||
		    !in_list((unsigned)s->b[i].lo[d], ok, nok))
			return false;
	return true;
}

static void l4_box(struct rg_box *b, unsigned p);

/* Some packet of s is icmp or icmpv6. */
static bool meets_icmp(const struct rg_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < 2; k++)
			if (s->b[i].lo[RG_L4PROTO] <= icmp_protos[k] &&
			    icmp_protos[k] <= s->b[i].hi[RG_L4PROTO])
				return true;
	return false;
}

/* The dimension the field is in the packets of s, or -1. */
static int field_dim(const struct rg_ctx *ctx, const struct ir_field *f,
		     const struct rg_set *s)
{
	static const unsigned v4[] = { 2 }, v6[] = { 10 };

	if (!ctx->packets || !untransformed(f))
		return -1;
	switch (f->base) {
	case IR_BASE_META:
		if (f->key == IR_META_NFPROTO && f->len == 1)
			return RG_NFPROTO;
		if (f->key == IR_META_L4PROTO && f->len == 1)
			return RG_L4PROTO;
		if (f->key == IR_META_MARK && f->len == 4 && !ctx->mark_set)
			return RG_MARK;
		if (f->key == IR_META_PRIORITY && f->len == 4 && !ctx->priority_set)
			return RG_PRIORITY;
		if (f->key == IR_META_SOCK_STATE && f->len == 1)
			return RG_SOCKSTATE;
		if (f->key == IR_META_SKUID && f->len == 4)
			return RG_SKUID;
		if (f->key == IR_META_SKGID && f->len == 4)
			return RG_SKGID;
		if (f->key == IR_META_LEN && f->len == 4)
			return RG_LEN;
		if ((f->key == IR_META_IIFNAME || f->key == IR_META_OIFNAME) && f->len == 16)
			return RG_IFACE;	/* and the hook: iface_elem() */
		return -1;
	case IR_BASE_CT:
		if (f->key == IR_CT_STATE)
			return RG_CTSTATE;	/* by position: ct_state_elem() */
		if (f->key == IR_CT_DIRECTION)
			return RG_CTDIR;
		if (f->key == IR_CT_MARK && f->len == 4)
			return RG_CTMARK;
		return -1;
	case IR_BASE_NETWORK:
		if (f->len == 4 && all_fixed(s, RG_NFPROTO, v4, 1))
			return f->offset == 12 ? RG_SADDR : f->offset == 16 ? RG_DADDR : -1;
		if (f->len == 16 && all_fixed(s, RG_NFPROTO, v6, 1))
			return f->offset == 8 ? RG_SADDR : f->offset == 24 ? RG_DADDR : -1;
		return -1;
	case IR_BASE_TRANSPORT:
		/* th sport: icmp's bytes 0-1 are its type and code (th_sport) */
		if (f->len == 2 && f->offset == 2)
			return RG_DPORT;
		if (f->len == 2 && f->offset == 0 && !meets_icmp(s))
			return RG_SPORT;
		if (f->len == 1 && all_fixed(s, RG_L4PROTO, icmp_protos, 2))
			return f->offset == 0 ? RG_ICMPTYPE : f->offset == 1 ? RG_ICMPCODE : -1;
		return -1;
	default:
		return -1;
	}
}

struct ivl {
	rg_u128 lo, hi;
};

/* The values in [0, max] for which `x op v` holds, as at most 2 ranges. */
static int op_ranges(enum ir_op op, rg_u128 v, rg_u128 vhi, rg_u128 max, struct ivl out[2])
{
	int n = 0;

	if (v > max)
		v = max;	/* cannot happen after evaluate; keep in range */
	switch (op) {
	case IR_OP_EQ:
		out[n++] = (struct ivl){ v, v };
		break;
	case IR_OP_NE:
		if (v > 0)
			out[n++] = (struct ivl){ 0, v - 1 };
		if (v < max)
			out[n++] = (struct ivl){ v + 1, max };
		break;
	case IR_OP_LT:
		if (v > 0)
			out[n++] = (struct ivl){ 0, v - 1 };
		break;
	case IR_OP_GT:
		if (v < max)
			out[n++] = (struct ivl){ v + 1, max };
		break;
	case IR_OP_LE:
		out[n++] = (struct ivl){ 0, v };
		break;
	case IR_OP_GE:
		out[n++] = (struct ivl){ v, max };
		break;
	case IR_OP_RANGE:
		if (v <= vhi)
			out[n++] = (struct ivl){ v, vhi > max ? max : vhi };
		break;
	case IR_OP_NRANGE:
		if (v > vhi)
			return op_ranges(IR_OP_GE, 0, 0, max, out);
		if (v > 0)
			out[n++] = (struct ivl){ 0, v - 1 };
		if (vhi < max)
			out[n++] = (struct ivl){ vhi + 1, max };
		break;
	}
	return n;
}

static bool op_holds(enum ir_op op, rg_u128 x, rg_u128 v, rg_u128 vhi)
{
	switch (op) {
	case IR_OP_EQ: return x == v;
	case IR_OP_NE: return x != v;
	case IR_OP_LT: return x < v;
	case IR_OP_GT: return x > v;
	case IR_OP_LE: return x <= v;
	case IR_OP_GE: return x >= v;
	case IR_OP_RANGE: return v <= x && x <= vhi;
	case IR_OP_NRANGE: return !(v <= x && x <= vhi);
	}
	return false;
}

/* A set of boxes from ranges of one dimension (a transport field also
 * needs the header). */
static void ranges_set(struct rg_set *t, int d, const struct ivl *r, int n)
{
	struct rg_box b;

	t->b = NULL;
	t->n = 0;
	for (int i = 0; i < n; i++) {
		rg_u128 lo = r[i].lo, hi = r[i].hi;

		if (d == RG_SOCKSTATE && !state_range(&lo, &hi))
			continue;
		full_box(&b);
		set_dim(&b, d, lo, hi);
		if (rg_tlen_needed(d))
			set_dim(&b, RG_TLEN, rg_tlen_needed(d), 4);
		rg_set_add(t, &b);
	}
}

static void intersect_ranges(struct rg_set *s, int d, const struct ivl *r, int n)
{
	struct rg_set t;

	ranges_set(&t, d, r, n);
	rg_set_intersect(s, &t);
	rg_set_free(&t);
}

static void l4_box(struct rg_box *b, unsigned p)
{
	full_box(b);
	set_dim(b, RG_L4PROTO, p, p);
}

static bool th_sport(const struct rg_ctx *ctx, const struct ir_field *f)
{
	return ctx->packets && f->base == IR_BASE_TRANSPORT && f->len == 2 && f->offset == 0 &&
	       untransformed(f);
}

/* The value ranges r of th sport (transport bytes 0-1): in icmp and icmpv6
 * the type (high byte) and code, elsewhere RG_SPORT.  Needs 2 bytes. */
static void th_sport_boxes(struct rg_set *t, const struct ivl *r, int n)
{
	struct rg_box b;

	size_t n0;

	ranges_set(t, RG_SPORT, r, n);
	n0 = t->n;
	for (size_t i = 0; i < n0; i++) {
		/* not icmp: l4proto 0, 2-57, 59-256 */
		struct rg_box x = t->b[i];

		t->b[i].lo[RG_L4PROTO] = 0;
		t->b[i].hi[RG_L4PROTO] = 0;
		x.lo[RG_L4PROTO] = 2;
		x.hi[RG_L4PROTO] = 57;
		rg_set_add(t, &x);
		x.lo[RG_L4PROTO] = 59;
		x.hi[RG_L4PROTO] = 256;
		rg_set_add(t, &x);
	}
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < 2; k++) {
			rg_u128 lo = r[i].lo, hi = r[i].hi;
			unsigned tlo = (unsigned)(lo >> 8), thi = (unsigned)(hi >> 8);

			l4_box(&b, icmp_protos[k]);
			set_dim(&b, RG_TLEN, 2, 4);
			if (tlo == thi) {
				set_dim(&b, RG_ICMPTYPE, tlo, tlo);
				set_dim(&b, RG_ICMPCODE, lo & 255, hi & 255);
				rg_set_add(t, &b);
				continue;
			}
			set_dim(&b, RG_ICMPTYPE, tlo, tlo);
			set_dim(&b, RG_ICMPCODE, lo & 255, 255);
			rg_set_add(t, &b);
			if (tlo + 1 <= thi - 1) {
				set_dim(&b, RG_ICMPTYPE, tlo + 1, thi - 1);
				set_dim(&b, RG_ICMPCODE, 0, 255);
				rg_set_add(t, &b);
			}
			set_dim(&b, RG_ICMPTYPE, thi, thi);
			set_dim(&b, RG_ICMPCODE, 0, hi & 255);
			rg_set_add(t, &b);
		}
}

static void th_sport_intersect(struct rg_set *s, const struct ivl *r, int n)
{
	struct rg_set t;

	th_sport_boxes(&t, r, n);
	rg_set_intersect(s, &t);
	rg_set_free(&t);
}

/* The field's value after its transformation, as the program computes it
 * (hk_field_xform). */
static uint64_t xform(const struct ir_field *f, uint64_t x)
{
	return (((x >> f->shift) & f->mask) << f->lshift) ^ f->xor;
}

/* A range of dimension d, the rest of the space full. */
static void add_range(struct rg_set *t, int d, rg_u128 lo, rg_u128 hi, int hook)
{
	struct rg_box b;

	full_box(&b);
	set_dim(&b, d, lo, hi);
	if (hook >= 0)
		set_dim(&b, RG_HOOK, hook, hook);
	rg_set_add(t, &b);
}

/* The positions 0..n-1 of a small dimension for which holds[] is true,
 * as ranges. */
static void add_positions(struct rg_set *t, int d, const bool *holds, int n)
{
	for (int i = 0; i < n; i++) {
		int j = i;

		if (!holds[i])
			continue;
		while (j + 1 < n && holds[j + 1])
			j++;
		add_range(t, d, i, j, -1);
		i = j;
	}
}

/* Only egress packets with a conntrack entry (a state of one: related,
 * established, new) have a direction, a mark and a status. */
static void with_entry(struct rg_set *t)
{
	for (size_t i = 0; i < t->n; i++) {
		set_dim(&t->b[i], RG_CTSTATE, CT_FIRST_ENTRY, RG_CT_NONE - 1);
		set_dim(&t->b[i], RG_HOOK, IR_HOOK_EGRESS, IR_HOOK_EGRESS);
	}
}

/* The states each hook has: egress always one, ingress established, new
 * or none (from the socket).  t = the packets whose state is one of
 * holds[] (a state, never none). */
static void ct_state_region(struct rg_set *t, const bool *holds)
{
	bool in[RG_CT_NONE];
	size_t n0 = t->n, n1;

	add_positions(t, RG_CTSTATE, holds, RG_CT_NONE);
	for (size_t i = n0; i < t->n; i++)
		set_dim(&t->b[i], RG_HOOK, IR_HOOK_EGRESS, IR_HOOK_EGRESS);
	for (int i = 0; i < RG_CT_NONE; i++)
		in[i] = holds[i] && i >= CT_FIRST_INGRESS;
	n1 = t->n;
	add_positions(t, RG_CTSTATE, in, RG_CT_NONE);
	for (size_t i = n1; i < t->n; i++)
		set_dim(&t->b[i], RG_HOOK, IR_HOOK_INGRESS, IR_HOOK_INGRESS);
}

/* An interface name as RG_IFACE's number. */
static rg_u128 name_value(const char *name)
{
	rg_u128 v = 0;
	size_t n = strnlen(name, 16);

	for (size_t i = 0; i < 16; i++)
		v = (v << 8) | (i < n ? (unsigned char)name[i] : 0);
	return v;
}

/* iif/oif "NAME": the loader's index of NAME; a number is an index no
 * name gives (not modelled). */
static bool iface_is_name(const char *name)
{
	size_t n = strnlen(name, 16);

	for (size_t i = 0; i < n; i++)
		if (name[i] < '0' || name[i] > '9')
			return true;
	return false;
}

/* ct status & m == c (op EQ) or != c (NE), m all ones when there is no
 * mask: bits 0-15 are one dimension each, bits 16-31 one number (a mask
 * must take all or none of them).  Only with an entry: without one the
 * load fails. */
static bool status_match(const struct ir_field *f, enum ir_op op, rg_u128 v, struct rg_set *t)
{
	uint32_t m = (uint32_t)f->mask, c = (uint32_t)v;
	struct rg_box b;

	if (f->shift || f->lshift || f->xor || (op != IR_OP_EQ && op != IR_OP_NE) ||
	    ((m >> 16) != 0 && (m >> 16) != 0xffff))
		return false;
	full_box(&b);
	if (c & ~m) {		/* never equal */
		if (op == IR_OP_NE)
			rg_set_add(t, &b);
		with_entry(t);
		return true;
	}
	/* NE: the first differing bit (or the high half), earlier ones equal */
	for (int j = 0; j <= 16; j++) {
		int d = RG_CTSTATUS + j;
		bool in = j < 16 ? (m >> j) & 1 : (m >> 16) != 0;
		uint32_t want = j < 16 ? (c >> j) & 1 : c >> 16;

		if (!in)
			continue;
		if (op == IR_OP_NE) {
			struct rg_box x = b;

			if (j < 16)
				set_dim(&x, d, !want, !want);
			else if (want > 0)
				set_dim(&x, d, 0, want - 1);
			if (j < 16 || want > 0)
				rg_set_add(t, &x);
			if (j == 16 && want < 0xffff) {
				set_dim(&x, d, want + 1, 0xffff);
				rg_set_add(t, &x);
			}
		}
		set_dim(&b, d, want, want);
	}
	if (op == IR_OP_EQ)
		rg_set_add(t, &b);
	with_entry(t);
	return true;
}

/*
 * Fields the model reads from the hook as well as a dimension, or whose
 * values are a few positions: meta length, interfaces, ct.  t = the
 * packets where `field op v` holds.  False when the field is not one of
 * them (or not modelled).  The device is skb->dev: the input device on
 * ingress, the output device on egress; the other key reads the empty
 * name and index 0 (doc/HOOKS.md).
 */
static bool special_match(const struct rg_ctx *ctx, const struct ir_field *f, enum ir_op op,
			  rg_u128 v, rg_u128 vhi, struct rg_set *t)
{
	struct ivl r[2];
	bool holds[RG_CT_NONE];
	int n, side;

	t->b = NULL;
	t->n = 0;
	if (!ctx->packets)
		return false;
	if (f->base == IR_BASE_META && f->key == IR_META_LEN) {
		if (!untransformed(f) || f->len != 4)
			return false;
		n = op_ranges(op, v, vhi, 0xffffffffu, r);
		for (int i = 0; i < n; i++)
			add_range(t, RG_LEN, r[i].lo, r[i].hi, -1);
		return true;
	}
	if (f->base == IR_BASE_META && (f->key == IR_META_IIFNAME || f->key == IR_META_OIFNAME)) {
		if (f->len != 16)
			return false;
		side = f->key == IR_META_IIFNAME ? IR_HOOK_INGRESS : IR_HOOK_EGRESS;
		n = op_ranges(op, v, vhi, U128_MAX, r);
		for (int i = 0; i < n; i++)
			add_range(t, RG_IFACE, r[i].lo, r[i].hi, side);
		if (op_holds(op, 0, v, vhi))	/* the other hook: the empty name */
			add_range(t, RG_IFACE, 0, U128_MAX, !side);
		return true;
	}
	if (f->base == IR_BASE_META && (f->key == IR_META_IIF || f->key == IR_META_OIF)) {
		rg_u128 name = name_value(f->ifname);

		if (!iface_is_name(f->ifname))
			return false;
		side = f->key == IR_META_IIF ? IR_HOOK_INGRESS : IR_HOOK_EGRESS;
		if (op_holds(op, xform(f, 1), v, vhi))
			add_range(t, RG_IFACE, name, name, side);
		if (op_holds(op, xform(f, 0), v, vhi)) {
			add_range(t, RG_IFACE, 0, U128_MAX, !side);
			if (name > 0)
				add_range(t, RG_IFACE, 0, name - 1, side);
			if (name < U128_MAX)
				add_range(t, RG_IFACE, name + 1, U128_MAX, side);
		}
		return true;
	}
	if (f->base != IR_BASE_CT)
		return false;
	switch (f->key) {
	case IR_CT_STATE:	/* one bit, or no value: no match either way */
		for (int i = 0; i < RG_CT_NONE; i++)
			holds[i] = op_holds(op, xform(f, ct_state_bits[i]), v, vhi);
		ct_state_region(t, holds);
		return true;
	case IR_CT_DIRECTION:	/* no entry: no match */
		for (int i = 0; i < 2; i++)
			holds[i] = op_holds(op, xform(f, (uint64_t)i), v, vhi);
		add_positions(t, RG_CTDIR, holds, 2);
		with_entry(t);
		return true;
	case IR_CT_MARK:
		if (!untransformed(f) || f->len != 4)
			return false;
		n = op_ranges(op, v, vhi, 0xffffffffu, r);
		for (int i = 0; i < n; i++)
			add_range(t, RG_CTMARK, r[i].lo, r[i].hi, -1);
		with_entry(t);
		return true;
	case IR_CT_STATUS:
		return status_match(f, op, v, t);
	default:
		return false;
	}
}

static bool model_match(const struct rg_ctx *ctx, const struct ir_stmt *st, struct rg_set *s)
{
	const struct ir_field *f = &st->match.field;
	struct ivl r[2];
	struct rg_set t;
	int d, n;

	if (special_match(ctx, f, st->match.op, val(&st->match.value), val(&st->match.value_hi), &t)) {
		rg_set_intersect(s, &t);
		rg_set_free(&t);
		return true;
	}
	if (f->base == IR_BASE_CT || (f->base == IR_BASE_META &&
	    (f->key == IR_META_LEN || f->key == IR_META_IIFNAME || f->key == IR_META_OIFNAME ||
	     f->key == IR_META_IIF || f->key == IR_META_OIF)))
		return false;	/* a form special_match() does not model */
	if (ctx->packets && f->base == IR_BASE_META && f->key == IR_META_PROTOCOL &&
	    untransformed(f)) {
		/* the family, by its ethertype */
		n = 0;
		if (op_holds(st->match.op, 0x0800, val(&st->match.value), val(&st->match.value_hi)))
			r[n++] = (struct ivl){ 2, 2 };
		if (op_holds(st->match.op, 0x86dd, val(&st->match.value), val(&st->match.value_hi)))
			r[n++] = (struct ivl){ 10, 10 };
		intersect_ranges(s, RG_NFPROTO, r, n);
		return true;
	}
	d = field_dim(ctx, f, s);
	if (d < 0 && th_sport(ctx, f)) {
		n = op_ranges(st->match.op, val(&st->match.value), val(&st->match.value_hi),
			      65535, r);
		th_sport_intersect(s, r, n);
		return true;
	}
	if (d < 0)
		return false;
	n = op_ranges(st->match.op, val(&st->match.value), val(&st->match.value_hi),
		      field_max(f), r);
	intersect_ranges(s, d, r, n);
	return true;
}

/* The set's elements as boxes of the lookup's dimensions (one per element,
 * in order), and the transport bytes the lookup needs.  False when a field
 * is not modelled in the packets of s. */
/* Element values lo..hi of a field in dimension d, in the box: the
 * positions of ct state (false: not one range), the hook an interface
 * name is seen on (false: the empty name, seen on both). */
static bool elem_dim(const struct ir_field *f, int d, rg_u128 lo, rg_u128 hi, struct rg_box *b)
{
	int first = -1, last = -1, side;

	switch (d) {
	case RG_CTSTATE:
		for (int i = 0; i < RG_CT_NONE; i++) {
			bool in = lo <= ct_state_bits[i] && ct_state_bits[i] <= hi;

			if (in && last >= 0 && last != i - 1)
				return false;
			if (in && first < 0)
				first = i;
			if (in)
				last = i;
		}
		if (first < 0)
			first = 1, last = 0;	/* no state: an empty box */
		set_dim(b, d, first, last);
		return true;
	case RG_CTDIR:
		set_dim(b, d, lo, hi > 1 ? 1 : hi);	/* 2: no entry */
		return true;
	case RG_IFACE:
		if (lo == 0)
			return false;
		side = f->key == IR_META_IIFNAME ? IR_HOOK_INGRESS : IR_HOOK_EGRESS;
		if (b->lo[RG_HOOK] > (rg_u128)side || b->hi[RG_HOOK] < (rg_u128)side)
			set_dim(b, RG_HOOK, 1, 0);	/* the other field's hook */
		else
			set_dim(b, RG_HOOK, side, side);
		set_dim(b, d, lo, hi);
		return true;
	}
	set_dim(b, d, lo, hi);
	return true;
}

static bool lookup_elems(const struct rg_ctx *ctx, const struct ir_lookup *lk,
			 const struct rg_set *s, struct rg_set *elems, unsigned *need,
			 int *dims)
{
	const struct ir_set *set = &ctx->unit->sets[lk->set];

	*need = 0;
	elems->b = NULL;
	elems->n = 0;
	if (set->dynamic || lk->nfields != set->nfields)
		return false;
	for (int i = 0; i < lk->nfields; i++) {
		dims[i] = field_dim(ctx, &lk->fields[i], s);
		if (dims[i] < 0 || dims[i] == RG_NFPROTO || !untransformed(&lk->fields[i]))
			return false;
		if (rg_tlen_needed(dims[i]) > *need)
			*need = rg_tlen_needed(dims[i]);
	}
	for (size_t e = 0; e < set->nelems; e++) {
		struct rg_box b;

		full_box(&b);
		for (int i = 0; i < lk->nfields; i++) {
			rg_u128 lo = val(&set->elems[e].lo[i]), hi = val(&set->elems[e].hi[i]);
			rg_u128 max = field_max(&lk->fields[i]);

			lo = lo > max ? max : lo;
			hi = hi > max ? max : hi;
			if (dims[i] == RG_SOCKSTATE && !state_range(&lo, &hi))
				lo = 1, hi = 0;	/* no state a program sees */
			if (!elem_dim(&lk->fields[i], dims[i], lo, hi, &b)) {
				rg_set_free(elems);
				return false;
			}
		}
		rg_set_add(elems, &b);
	}
	return true;
}

/* Without the transport bytes the load fails: no match, either way. */
static void need_tlen(struct rg_set *s, unsigned need)
{
	struct rg_set h = { 0 };
	struct rg_box hdr;

	if (!need)
		return;
	full_box(&hdr);
	set_dim(&hdr, RG_TLEN, need, 4);
	rg_set_add(&h, &hdr);
	rg_set_intersect(s, &h);
	rg_set_free(&h);
}

/* Fields that may be absent (the load fails: no match, either way) only
 * match where they are present. */
static void need_present(struct rg_set *s, const int *dims, int nfields)
{
	struct rg_set h = { 0 };
	bool all[RG_CT_NONE] = { true, true, true, true, true };
	struct rg_box b;

	full_box(&b);
	rg_set_add(&h, &b);
	for (int i = 0; i < nfields; i++) {
		struct rg_set t = { 0 };

		switch (dims[i]) {
		case RG_SKGID:		/* no file */
			full_box(&b);
			set_dim(&b, RG_SKGID, 0, dim_max[RG_SKGID] - 1);
			rg_set_add(&t, &b);
			break;
		case RG_CTSTATE:	/* a state the hook has */
			ct_state_region(&t, all);
			break;
		case RG_CTDIR:		/* an entry */
		case RG_CTMARK:
			full_box(&b);
			set_dim(&b, dims[i], 0, dim_max[dims[i]] - 1);
			rg_set_add(&t, &b);
			with_entry(&t);
			break;
		default:
			continue;
		}
		rg_set_intersect(&h, &t);
		rg_set_free(&t);
	}
	rg_set_intersect(s, &h);
	rg_set_free(&h);
}

static bool box_empty(const struct rg_box *b)
{
	for (int d = 0; d < RG_NDIMS; d++)
		if (b->lo[d] > b->hi[d])
			return true;
	return false;
}


/* A lookup's elements narrow the region (or cut them out for !=); frees
 * them. */
static void apply_elems(struct rg_set *s, bool neg, struct rg_set *elems)
{
	if (neg)
		rg_set_subtract(s, elems);
	else
		rg_set_intersect(s, elems);
	rg_set_free(elems);
}
static bool model_lookup(const struct rg_ctx *ctx, const struct ir_lookup *lk, struct rg_set *s)
{
	struct rg_set elems;
	int dims[IR_MAX_CONCAT];
	unsigned need;

	if (lk->nfields == 1 && th_sport(ctx, &lk->fields[0]) && field_dim(ctx, &lk->fields[0], s) < 0) {
		/* th sport where icmp's type and code are its bytes */
		const struct ir_set *set = &ctx->unit->sets[lk->set];
		struct ivl r;

		if (set->dynamic || set->nfields != 1)
			return false;
		elems.b = NULL;
		elems.n = 0;
		for (size_t e = 0; e < set->nelems; e++) {
			struct rg_set t;

			r.lo = val(&set->elems[e].lo[0]);
			r.hi = val(&set->elems[e].hi[0]);
			th_sport_boxes(&t, &r, 1);
			rg_set_union(&elems, &t);
			rg_set_free(&t);
		}
		need_tlen(s, 2);
		apply_elems(s, lk->neg, &elems);
		return true;
	}
	if (!lookup_elems(ctx, lk, s, &elems, &need, dims))
		return false;
	for (size_t e = 0; e < elems.n; e++)
		if (box_empty(&elems.b[e]))
			elems.b[e--] = elems.b[--elems.n];
	need_tlen(s, need);
	need_present(s, dims, lk->nfields);
	apply_elems(s, lk->neg, &elems);
	return true;
}

static void add_arm(struct rg_rule *out, enum ir_verdict_kind v, int chain,
		    const struct rg_set *match)
{
	struct rg_arm *a;

	out->arms = xgrow(out->arms, out->narms, sizeof(*out->arms));
	a = &out->arms[out->narms++];
	a->verdict = v;
	a->chain = chain;
	rg_set_copy(&a->match, match);
}

/* A verdict map: an arm per element, the first element that holds a
 * packet giving its verdict (the front end refuses overlaps nft refuses;
 * subtracting the earlier ones keeps the arms disjoint either way). */
static bool model_vmap(const struct rg_ctx *ctx, const struct ir_lookup *lk,
		       struct rg_rule *out)
{
	const struct ir_set *set = &ctx->unit->sets[lk->set];
	struct rg_set elems, taken = { 0 };
	int dims[IR_MAX_CONCAT];
	unsigned need;

	if (!lookup_elems(ctx, lk, &out->match, &elems, &need, dims))
		return false;
	need_tlen(&out->match, need);
	need_present(&out->match, dims, lk->nfields);
	for (size_t e = 0; e < elems.n; e++) {
		struct rg_set arm = { 0 }, one = { 0 };

		if (box_empty(&elems.b[e]))
			continue;
		rg_set_add(&one, &elems.b[e]);
		rg_set_copy(&arm, &out->match);
		rg_set_intersect(&arm, &one);
		rg_set_subtract(&arm, &taken);
		rg_set_union(&taken, &one);
		if (arm.n)
			add_arm(out, set->elems[e].verdict.kind, set->elems[e].verdict.chain, &arm);
		rg_set_free(&arm);
		rg_set_free(&one);
	}
	/* the rule's match: the packets some element holds */
	rg_set_intersect(&out->match, &taken);
	rg_set_free(&elems);
	rg_set_free(&taken);
	return true;
}

static bool only_unseen_states(rg_u128 lo, rg_u128 hi)
{
	for (rg_u128 v = lo; v <= hi; v++)
		if (v != SOCK_TIME_WAIT && v != SOCK_NEW_SYN_RECV)
			return false;
	return true;
}

/* A socket state match that only time-wait or new-syn-recv satisfy. */
static bool unseen_state_match(const struct ir_stmt *st, const struct ir_unit *u)
{
	const struct ir_field *f = st->kind == IR_STMT_MATCH ? &st->match.field :
				   &st->lookup.fields[0];
	struct ivl r[2];
	int n;

	if (f->base != IR_BASE_META || f->key != IR_META_SOCK_STATE || !untransformed(f))
		return false;
	if (st->kind == IR_STMT_LOOKUP) {
		const struct ir_set *set = &u->sets[st->lookup.set];

		if (st->lookup.neg || st->lookup.nfields != 1 || set->dynamic || !set->nelems)
			return false;
		for (size_t e = 0; e < set->nelems; e++)
			if (!only_unseen_states(val(&set->elems[e].lo[0]), val(&set->elems[e].hi[0])))
				return false;
		return true;
	}
	n = op_ranges(st->match.op, val(&st->match.value), val(&st->match.value_hi), 255, r);
	for (int i = 0; i < n; i++)
		if (!only_unseen_states(r[i].lo, r[i].hi))
			return false;
	return n > 0;
}

static void opaque(struct rg_rule *out, const char *why)
{
	if (!out->opaque)
		out->why = why;
	out->opaque = true;
}

void rg_rule_model(const struct rg_ctx *ctx0, const struct ir_rule *rule, bool packets,
		   struct rg_rule *out)
{
	struct rg_ctx c = *ctx0, *ctx = &c;

	c.packets = packets;
	memset(out, 0, sizeof(*out));
	rg_universe_hook(&out->match, (enum ir_hook)ctx->hook);
	for (size_t k = 0; k < rule->nstmts; k++) {
		const struct ir_stmt *st = &rule->stmts[k];

		if ((st->kind == IR_STMT_MATCH || st->kind == IR_STMT_LOOKUP) && packets &&
		    !out->never && unseen_state_match(st, ctx->unit))
			out->never = "this rule can never match: a cgroup_skb program never sees "
				     "a socket in time-wait or new-syn-recv (it runs only for full "
				     "sockets)";
		switch (st->kind) {
		case IR_STMT_MATCH:
			if (!model_match(ctx, st, &out->match))
				opaque(out, "a match on a field that is not modelled");
			break;
		case IR_STMT_LOOKUP:
			if (!model_lookup(ctx, &st->lookup, &out->match))
				opaque(out, "a set lookup that is not modelled");
			break;
		case IR_STMT_STR_MATCH:
			opaque(out, "a string match");
			break;
		case IR_STMT_COUNTER:
		case IR_STMT_SET_SYSCTL_VALUE:
		case IR_STMT_LOG:	/* an event: never changes the verdict */
			out->side_effects = true;
			break;
		case IR_STMT_SET_META:
			out->side_effects = true;
			if (st->set_meta.src != IR_VALUE_CONST)
				opaque(out, "a meta set from a field or map (may stop the rule)");
			break;
		case IR_STMT_VMAP:
			out->vmap = true;
			if (out->opaque || !model_vmap(ctx, &st->lookup, out))
				opaque(out, "a verdict map that is not modelled");
			goto done;	/* a verdict: nothing runs after it */
		case IR_STMT_LIMIT:
			out->side_effects = true;
			opaque(out, "a limit");
			break;
		case IR_STMT_QUOTA:
			out->side_effects = true;
			opaque(out, "a quota");
			break;
		case IR_STMT_DYNSET:
			out->side_effects = true;
			opaque(out, "a dynamic set update");
			break;
		case IR_STMT_VERDICT:
			out->verdict = st->verdict.kind;
			out->chain = st->verdict.chain;
			goto done;	/* nothing runs after a verdict */
		}
		if (rg_too_big(&out->match)) {
			rg_set_free(&out->match);
			rg_universe_hook(&out->match, (enum ir_hook)ctx->hook);
			opaque(out, "too many regions");
		}
	}
done:
	if (out->opaque) {
		for (size_t i = 0; i < out->narms; i++)
			rg_set_free(&out->arms[i].match);
		free(out->arms);
		out->arms = NULL;
		out->narms = 0;
	} else if (!out->vmap && out->verdict != IR_VERDICT_NONE) {
		add_arm(out, out->verdict, out->chain, &out->match);
	}
}

void rg_rule_free(struct rg_rule *r)
{
	rg_set_free(&r->match);
	for (size_t i = 0; i < r->narms; i++)
		rg_set_free(&r->arms[i].match);
	free(r->arms);
	r->arms = NULL;
	r->narms = 0;
}

bool rg_rule_decides(const struct rg_rule *r)
{
	if (r->opaque || r->vmap)
		return false;
	return r->verdict == IR_VERDICT_ACCEPT || r->verdict == IR_VERDICT_DROP ||
	       r->verdict == IR_VERDICT_RETURN || r->verdict == IR_VERDICT_GOTO;
}
