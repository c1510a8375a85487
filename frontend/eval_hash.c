// SPDX-License-Identifier: GPL-2.0
/*
 * nft's hash and numgen expressions (`jhash KEY mod N [seed S] [offset
 * O]`, `symhash mod N [offset O]`, `numgen inc|random mod N [offset O]`)
 * as IR_BASE_HASH fields: what nft's evaluate.c and the kernel's
 * nft_hash.c / nft_numgen.c accept, the key's protocol dependencies,
 * and the key's layout in nft's registers (struct ir_hash).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/datatype.h"
#include "frontend/eval_rule.h"
#include "ir/xalloc.h"

/* Meta keys whose register nft fills with a host-order number
 * (nft_meta_get_eval's plain stores); meta protocol is skb->protocol,
 * network order like the packet's fields. */
static bool meta_host_order(unsigned key)
{
	switch (key) {
	case IR_META_NFPROTO: case IR_META_L4PROTO: case IR_META_PKTTYPE:
	case IR_META_LEN: case IR_META_MARK: case IR_META_PRIORITY:
	case IR_META_SKUID: case IR_META_SKGID: case IR_META_CPU:
	case IR_META_CGROUP: case IR_META_DAY: case IR_META_HOUR:
		return true;
	default:
		return false;
	}
}

static bool packet_bytes(const struct ir_field *f)
{
	switch (f->base) {
	case IR_BASE_NETWORK: case IR_BASE_TRANSPORT: case IR_BASE_EXTHDR:
	case IR_BASE_TCPOPT: case IR_BASE_SCTPCHUNK:
		return true;
	case IR_BASE_META:
		return f->key == IR_META_PROTOCOL;
	default:
		return false;
	}
}

/* The key's fields laid out as nft's registers hold them. */
static bool key_layout(struct rp *r, const struct expr *key, struct ir_hash *h)
{
	struct lhs l;
	unsigned at = 0;

	if (!rp_lhs(r, key, &l))
		return false;
	if (l.has_top && (l.top == BINOP_LSHIFT || l.top == BINOP_RSHIFT))
		return rp_fail(r, &l.top_loc, "a shifted jhash key is not supported by cgnft yet");
	for (int i = 0; i < l.n; i++) {
		const struct ir_field *f = &l.sel[i].field;
		bool host = f->base == IR_BASE_META && meta_host_order(f->key);
		bool plain = !f->shift && !f->lshift;

		if (f->len == 16)
			plain &= f->mask == ~0ull && !f->xor;
		if (!(host || packet_bytes(f)) || !plain || l.sel[i].is_string ||
		    (host && f->len > 4))
			return rp_fail(r, &l.loc[i], "this field in a jhash key is not supported by "
				       "cgnft yet (header fields of whole bytes and the meta "
				       "integers are)");
		h->fields[i] = *f;
		h->host_order[i] = host;
		h->at[i] = (uint8_t)at;
		at += (f->len + 3u) & ~3u;
	}
	h->nfields = l.n;
	/* netlink_gen_hash: the key's length; a concatenation's is padded */
	h->len = (uint8_t)(l.n == 1 ? h->fields[0].len : at);
	return true;
}

/* An integer type whose values stop at the expression's largest one, for
 * nft's "Value 2 exceeds valid range 0-1". */
static const struct datatype *range_type(struct evctx *e, uint64_t max)
{
	struct datatype *t = xzalloc(sizeof(*t));

	*t = dt_integer_type;
	t->max = max;
	e->own_types = xgrow(e->own_types, e->nown_types, sizeof(*e->own_types));
	e->own_types[e->nown_types++] = t;
	return t;
}

bool rp_hash(struct rp *r, const struct expr *x, struct ev_sel *s)
{
	const char *kind = x->sel.words[0];
	struct ir_hash h = { .mod = x->sel.raw_base, .offset = x->sel.raw_offset };

	memset(s, 0, sizeof(*s));
	s->dep_l4proto = -1;
	if (x->sel.level == -2)		/* a syntax error, reported */
		return r->ok = false;
	if (!strcmp(kind, "symhash"))
		return rp_fail(r, &x->loc, "symhash is not available in a cgroup table: the "
			       "kernel's symmetric flow hash (__skb_get_hash_symmetric) is keyed "
			       "by a secret drawn at boot, which no BPF helper exposes");
	/* nft_jhash_init, nft_ng_init: what the kernel refuses */
	if (h.mod < 1)
		return rp_fail(r, &x->loc, "Could not process rule: Numerical result out of range");
	if (h.offset + h.mod - 1 < h.offset)
		return rp_fail(r, &x->loc, "Could not process rule: Value too large for defined "
			       "data type");
	if (!strcmp(kind, "jhash")) {
		h.kind = IR_HASH_JHASH;
		h.seed = x->sel.raw_len;
		h.seed_set = x->sel.level == 1;
		if (!key_layout(r, x->sel.hkey, &h))
			return false;
	} else {
		h.kind = strcmp(x->sel.words[1], "inc") ? IR_HASH_RANDOM : IR_HASH_INC;
	}
	s->field = (struct ir_field){ .base = IR_BASE_HASH, .len = 4, .mask = ~0ull,
				      .key = (uint16_t)ir_unit_add_hash(r->e->u, &h) };
	s->type = range_type(r->e, (uint64_t)h.mod + h.offset - 1);
	s->bits = 32;
	s->family = EV_PACKET;
	s->proto = kind;
	return true;
}

bool rp_selector(struct rp *r, const struct expr *x, struct ev_sel *s)
{
	if (x->kind == EXPR_SELECTOR && x->sel.kind == SEL_HASH)
		return rp_hash(r, x, s);
	return ev_selector(r->e, x, s) || (r->ok = false);
}
