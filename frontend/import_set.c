// SPDX-License-Identifier: GPL-2.0
/*
 * Set elements back to text.  Interval sets come in two encodings: pairs of
 * a start element and an end element (flag INTERVAL_END, one past the
 * range) for single keys, and KEY..KEY_END (inclusive) for concatenations.
 * Elements are sorted so the same set always prints the same bytes (hash
 * sets dump in a per-boot order).
 */
#include <stdlib.h>
#include <string.h>

#include <libnftnl/set.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/import.h"

struct elem {
	struct ir_val lo[IR_MAX_CONCAT], hi[IR_MAX_CONCAT];
	bool end;		/* rbtree interval end marker */
	bool has_verdict;
	int verdict;
	const char *chain;
};

struct elems {
	struct elem *v;
	size_t n;
	int nparts;
};

const char *imp_set_type_name(enum fe_type t)
{
	switch (t) {
	case FE_T_IPV4: return "ipv4_addr";
	case FE_T_IPV6: return "ipv6_addr";
	case FE_T_SERVICE: return "inet_service";
	case FE_T_PROTO: return "inet_proto";
	case FE_T_MARK: return "mark";
	case FE_T_ICMP_TYPE: return "icmp_type";
	case FE_T_ICMPV6_TYPE: return "icmpv6_type";
	default: return NULL;
	}
}

static int part_len(int bits)
{
	return bits > 64 ? 16 : (bits + 7) / 8;
}

static int elem_cmp(const void *a, const void *b)
{
	const struct elem *x = a, *y = b;
	int n = IR_MAX_CONCAT, r;

	for (int i = 0; i < n; i++) {
		r = imp_val_cmp(x->lo[i], y->lo[i]);
		if (r)
			return r;
	}
	/* an interval end sorts before a start at the same key */
	return (int)y->end - (int)x->end;
}

static struct ir_val v_dec(struct ir_val v)
{
	if (!v.lo)
		v.hi--;
	v.lo--;
	return v;
}

static bool read_elems(struct imp_ctx *c, struct nftnl_set *s,
		       const struct imp_key *k, struct elems *out)
{
	const char *name = nftnl_set_get_str(s, NFTNL_SET_NAME);
	uint32_t key_len = nftnl_set_get_u32(s, NFTNL_SET_KEY_LEN);
	struct nftnl_set_elems_iter *it;
	struct nftnl_set_elem *e;
	int off[IR_MAX_CONCAT], total = 0;

	for (int i = 0; i < k->n; i++) {
		off[i] = total;
		total += k->n > 1 ? (part_len(k->bits[i]) + 3) / 4 * 4 : part_len(k->bits[i]);
	}
	if ((uint32_t)total != key_len)
		return imp_fail(c, "set %s has %u-byte keys, but is looked up with a "
				"%d-byte key", name, key_len, total);
	it = nftnl_set_elems_iter_create(s);
	if (!it)
		return imp_fail(c, "out of memory");
	memset(out, 0, sizeof(*out));
	out->nparts = k->n;
	while ((e = nftnl_set_elems_iter_next(it))) {
		struct elem el = { 0 };
		uint32_t len = 0, end_len = 0;
		const uint8_t *key = nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY, &len);
		const uint8_t *kend = nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_KEY_END) ?
			nftnl_set_elem_get(e, NFTNL_SET_ELEM_KEY_END, &end_len) : NULL;

		if (!key || len != key_len || (kend && end_len != key_len)) {
			nftnl_set_elems_iter_destroy(it);
			return imp_fail(c, "set %s has an element of unexpected size", name);
		}
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_FLAGS))
			el.end = nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_FLAGS) &
				 NFT_SET_ELEM_INTERVAL_END;
		for (int i = 0; i < k->n; i++) {
			int pl = part_len(k->bits[i]);

			el.lo[i] = imp_bytes_val(key + off[i], pl, k->be[i]);
			el.hi[i] = kend ? imp_bytes_val(kend + off[i], pl, k->be[i]) : el.lo[i];
		}
		if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_VERDICT)) {
			el.has_verdict = true;
			el.verdict = (int)nftnl_set_elem_get_u32(e, NFTNL_SET_ELEM_VERDICT);
			if (nftnl_set_elem_is_set(e, NFTNL_SET_ELEM_CHAIN))
				el.chain = nftnl_set_elem_get_str(e, NFTNL_SET_ELEM_CHAIN);
		}
		out->v = realloc(out->v, (out->n + 1) * sizeof(*out->v));
		if (!out->v) {
			nftnl_set_elems_iter_destroy(it);
			return imp_fail(c, "out of memory");
		}
		out->v[out->n++] = el;
	}
	nftnl_set_elems_iter_destroy(it);
	return true;
}

/* Two elements (sorted, after interval pairing) with one key: a set or
 * map the kernel would never hold; in a map they may even disagree. */
static bool same_key(const struct elem *x, const struct elem *y)
{
	for (int i = 0; i < IR_MAX_CONCAT; i++)
		if (imp_val_cmp(x->lo[i], y->lo[i]) || imp_val_cmp(x->hi[i], y->hi[i]))
			return false;
	return x->end == y->end;
}

/* Start/end element pairs -> one element per range (nft's segtree.c). */
static void pair_intervals(struct elems *es, const struct imp_key *k)
{
	size_t w = 0;

	if (es->n)	/* never qsort(NULL) */
		qsort(es->v, es->n, sizeof(*es->v), elem_cmp);
	for (size_t i = 0; i < es->n; i++) {
		struct elem el = es->v[i];

		if (el.end)
			continue;	/* closes the previous range (or nothing) */
		/* nft writes no end element when the next range starts right
		 * after this one: the next element, end or start, bounds it */
		if (i + 1 < es->n)
			el.hi[0] = v_dec(es->v[i + 1].lo[0]);
		else
			el.hi[0] = imp_val_ones(k->bits[0]);	/* open to the top */
		es->v[w++] = el;
	}
	es->n = w;
}

bool imp_set_elements(struct imp_ctx *c, struct nftnl_set *s,
		      const struct imp_key *k, FILE *out)
{
	const char *name = nftnl_set_get_str(s, NFTNL_SET_NAME);
	uint32_t flags = nftnl_set_is_set(s, NFTNL_SET_FLAGS) ?
			 nftnl_set_get_u32(s, NFTNL_SET_FLAGS) : 0;
	bool interval = flags & NFT_SET_INTERVAL;
	struct elems es;
	bool ok = true;

	if (!read_elems(c, s, k, &es))
		return false;
	if (interval && k->n == 1)
		pair_intervals(&es, k);
	else if (es.n)
		qsort(es.v, es.n, sizeof(*es.v), elem_cmp);	/* never qsort(NULL) */
	if (!es.n)
		ok = imp_fail(c, "set %s is empty; cgnft has no empty sets", name);
	for (size_t i = 1; ok && i < es.n; i++)
		if (same_key(&es.v[i - 1], &es.v[i]))
			ok = imp_fail(c, "set %s holds the same key twice; the kernel "
				      "never dumps that, and cgnft refuses it", name);
	for (size_t i = 0; ok && i < es.n; i++) {
		const struct elem *el = &es.v[i];

		if (i)
			fputs(", ", out);
		for (int p = 0; p < k->n; p++) {
			if (p)
				fputs(" . ", out);
			if (!k->special && (k->n > 1 || (flags & NFT_SET_MAP)) &&
			    !imp_range_is_one_item(k->types[p], k->bits[p],
							       el->lo[p], el->hi[p])) {
				ok = imp_fail(c, "set %s has an IPv6 range that is not a "
					      "prefix inside a concatenation or map", name);
				break;
			}
			if (k->special) {
				/* ct keys and interfaces: values, name wildcards */
				if (!imp_fmt_special_range(out, k->special, el->lo[p],
							   el->hi[p])) {
					ok = imp_fail(c, "set %s: an element of %s cannot "
						      "be written in cgnft", name,
						      imp_special_name(k->special,
								       k->out_dir));
					break;
				}
				continue;
			}
			imp_fmt_range(out, k->types[p], k->bits[p], el->lo[p], el->hi[p]);
		}
		if (ok && (flags & NFT_SET_MAP)) {
			if (!el->has_verdict) {
				ok = imp_fail(c, "map %s has an element without a verdict", name);
				break;
			}
			fputs(" : ", out);
			ok = imp_verdict(c, el->verdict, el->chain, out);
		}
	}
	free(es.v);
	return ok;
}
