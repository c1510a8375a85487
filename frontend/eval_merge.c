// SPDX-License-Identifier: GPL-2.0
/*
 * nft's merge of a set's intervals (its set_automerge and the kernel's
 * listing): in an anonymous set of one field with a range or prefix, and
 * in a named one with `flags interval` and `auto-merge`, intervals that
 * overlap or touch become one (`{ 1-3, 4-6, 10, 11 }` is `{ 1-6, 10-11 }`,
 * `{ 10.0.0.0/24, 10.0.1.0/24 }` is `{ 10.0.0.0/23 }`).  The program gets
 * the merged elements, as nft's kernel set does, and the listing prints
 * them as nft does: a value, a prefix where the type lists prefixes, else
 * a range.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/evaluate.h"
#include "ir/xalloc.h"

typedef unsigned __int128 u128;

static u128 wide(struct ir_val v)
{
	return (u128)v.hi << 64 | v.lo;
}

static int by_lo(const void *a, const void *b)
{
	u128 x = wide(((const struct ir_set_elem *)a)->lo[0]);
	u128 y = wide(((const struct ir_set_elem *)b)->lo[0]);

	return x < y ? -1 : x > y;
}

/* types nft lists an interval of as a prefix when it is one */
static bool lists_prefixes(const struct datatype *t)
{
	return t == &dt_ipv4_addr || t == &dt_ipv6_addr || t == &dt_mark;
}

static void element_text(const struct datatype *t, unsigned bits, struct ir_val lo,
			 struct ir_val hi, FILE *out)
{
	u128 l = wide(lo), size = wide(hi) - l;	/* size + 1 elements */
	char a[256], b[256];

	dt_print(t, lo, a, sizeof(a));
	if (size == 0) {
		fputs(a, out);
		return;
	}
	if (lists_prefixes(t) && !(size & (size + 1)) && !(l & size)) {
		unsigned n = 0;

		for (u128 s = size; s; s >>= 1)
			n++;
		fprintf(out, "%s/%u", a, bits - n);
		return;
	}
	dt_print(t, hi, b, sizeof(b));
	fprintf(out, "%s-%s", a, b);
}

/* The sorted elements of e, merged when they overlap or touch; returns
 * their count. */
static size_t merge(struct ir_set_elem *e, size_t count)
{
	size_t n = 0;

	qsort(e, count, sizeof(*e), by_lo);
	for (size_t i = 1; i < count; i++) {
		struct ir_set_elem *last = &e[n];
		u128 hi = wide(last->hi[0]);

		if (hi == ~(u128)0 || wide(e[i].lo[0]) <= hi + 1) {
			if (wide(e[i].hi[0]) > hi)
				last->hi[0] = e[i].hi[0];
			continue;
		}
		e[++n] = e[i];
	}
	return n + 1;
}

void ev_merge_intervals(const struct expr *set, const struct ev_setspec *sp, struct ir_set *s,
			const struct ev_elem *info)
{
	bool ranged = false;
	struct ir_set_elem *v;
	size_t n = s->nelems;
	char *buf = NULL;
	size_t len = 0;
	FILE *m;

	/* a set of one element as written lists as the element (nft takes
	 * it so), one that merges into one keeps its braces */
	if (sp->nfields != 1 || sp->data || sp->dynamic || !s->nelems ||
	    (!sp->name && set->list.n == 1))
		return;
	for (size_t i = 0; i < set->list.n; i++)
		if (set->list.v[i]->elem)	/* an element's counter, timeout */
			return;
	for (size_t i = 0; i < s->nelems; i++)
		ranged |= info[i].ranged;
	if (!sp->name && !ranged) {
		/* in the listing's order, so that `{ 80, 22 }` and its
		 * listing `{ 22, 80 }` are one program */
		qsort(s->elems, s->nelems, sizeof(*s->elems), by_lo);
		return;
	}
	if (sp->name ? !sp->interval : !ranged)
		return;		/* not an interval set */
	if (!sp->name || sp->automerge) {
		s->nelems = merge(s->elems, s->nelems);
		v = s->elems;
		n = s->nelems;
	} else {	/* listed sorted, the program's order kept */
		v = xmalloc(n * sizeof(*v));
		memcpy(v, s->elems, n * sizeof(*v));
		qsort(v, n, sizeof(*v), by_lo);
	}
	m = open_memstream(&buf, &len);
	if (!m)
		xalloc_fail();
	fputs("{ ", m);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", m);
		element_text(sp->types[0], sp->bits[0], v[i].lo[0], v[i].hi[0], m);
	}
	fputs(" }", m);
	fclose(m);
	if (v != s->elems)
		free(v);
	ev_set_canon(set, buf);
}
