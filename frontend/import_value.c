// SPDX-License-Identifier: GPL-2.0
/*
 * Numbers back to the words cgnft reads: addresses, symbolic names where
 * nft's listing uses them, prefixes and ranges.  Ranges always use numbers
 * (symbolic names may contain '-', which would read as a range).
 */
#include <arpa/inet.h>
#include <string.h>

#include "frontend/import.h"

struct ir_val imp_bytes_val(const void *data, size_t len, bool big_endian)
{
	const uint8_t *p = data;
	struct ir_val v = { 0, 0 };

	for (size_t i = 0; i < len && i < 16; i++) {
		uint8_t b = big_endian ? p[i] : p[len - 1 - i];

		v.hi = v.hi << 8 | v.lo >> 56;
		v.lo = v.lo << 8 | b;
	}
	return v;
}

int imp_val_cmp(struct ir_val a, struct ir_val b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

struct ir_val imp_val_ones(int bits)
{
	struct ir_val v = { 0, 0 };

	if (bits >= 128)
		return (struct ir_val){ ~0ull, ~0ull };
	if (bits >= 64) {
		v.lo = ~0ull;
		v.hi = bits == 64 ? 0 : (1ull << (bits - 64)) - 1;
	} else if (bits > 0) {
		v.lo = (1ull << bits) - 1;
	}
	return v;
}

static struct ir_val v_and(struct ir_val a, struct ir_val b)
{
	return (struct ir_val){ a.hi & b.hi, a.lo & b.lo };
}

static struct ir_val v_or(struct ir_val a, struct ir_val b)
{
	return (struct ir_val){ a.hi | b.hi, a.lo | b.lo };
}

static struct ir_val v_inc(struct ir_val a)
{
	a.lo++;
	if (!a.lo)
		a.hi++;
	return a;
}

static bool v_is_zero(struct ir_val a)
{
	return !a.hi && !a.lo;
}

static void fmt_addr(FILE *out, enum fe_type t, struct ir_val v)
{
	char buf[INET6_ADDRSTRLEN];

	if (t == FE_T_IPV4) {
		struct in_addr a = { htonl((uint32_t)v.lo) };

		inet_ntop(AF_INET, &a, buf, sizeof(buf));
	} else {
		struct in6_addr a;

		for (int i = 0; i < 8; i++) {
			a.s6_addr[i] = v.hi >> (56 - 8 * i);
			a.s6_addr[8 + i] = v.lo >> (56 - 8 * i);
		}
		inet_ntop(AF_INET6, &a, buf, sizeof(buf));
	}
	fputs(buf, out);
}

void imp_fmt_value(FILE *out, enum fe_type t, int bits, struct ir_val v, bool sym)
{
	const char *name;

	(void)bits;
	if (t == FE_T_IPV4 || t == FE_T_IPV6) {
		fmt_addr(out, t, v);
		return;
	}
	if (t == FE_T_TCP_FLAGS && sym && v.lo) {
		/* nft lists flags as a list: syn | ack */
		const char *sep = "";
		uint64_t rest = v.lo;

		for (int b = 0; b < 8; b++) {
			if (!(v.lo & (1u << b)))
				continue;
			name = fe_type_symbol(t, 1u << b);
			if (!name)
				continue;
			fprintf(out, "%s%s", sep, name);
			sep = " | ";
			rest &= ~(1ull << b);
		}
		if (rest)
			fprintf(out, "%s0x%llx", sep, (unsigned long long)rest);
		return;
	}
	name = sym ? fe_type_symbol(t, v.lo) : NULL;
	if (name && !v.hi)
		fputs(name, out);
	else if (t == FE_T_MARK)
		fprintf(out, "0x%08llx", (unsigned long long)v.lo);
	else if (v.hi)
		fprintf(out, "0x%llx%016llx", (unsigned long long)v.hi,
			(unsigned long long)v.lo);
	else
		fprintf(out, "%llu", (unsigned long long)v.lo);
}

/* The prefix length when lo..hi is exactly one prefix of a width, else -1. */
static int prefix_len(int bits, struct ir_val lo, struct ir_val hi)
{
	for (int host = 0; host <= bits; host++) {
		struct ir_val m = imp_val_ones(host);

		if (v_is_zero(v_and(lo, m)) &&
		    !imp_val_cmp(v_or(lo, m), hi))
			return bits - host;
	}
	return -1;
}

bool imp_range_is_one_item(enum fe_type t, int bits, struct ir_val lo,
			   struct ir_val hi)
{
	return t != FE_T_IPV6 || prefix_len(bits, lo, hi) >= 0;
}

static void fmt_one(FILE *out, enum fe_type t, int bits, struct ir_val lo,
		    struct ir_val hi)
{
	int plen;

	if (!imp_val_cmp(lo, hi)) {
		imp_fmt_value(out, t, bits, lo, true);
		return;
	}
	plen = prefix_len(bits, lo, hi);
	if ((t == FE_T_IPV4 || t == FE_T_IPV6) && plen >= 0) {
		fmt_addr(out, t, lo);
		fprintf(out, "/%d", plen);
		return;
	}
	imp_fmt_value(out, t, bits, lo, false);
	fputc('-', out);
	imp_fmt_value(out, t, bits, hi, false);
}

void imp_fmt_range(FILE *out, enum fe_type t, int bits, struct ir_val lo,
		   struct ir_val hi)
{
	bool first = true;

	if (t != FE_T_IPV6) {
		fmt_one(out, t, bits, lo, hi);
		return;
	}
	/* cgnft reads no IPv6 ranges: cover lo..hi with aligned prefixes */
	for (;;) {
		int host = 0;
		struct ir_val end;

		while (host < bits) {
			struct ir_val m = imp_val_ones(host + 1);

			if (!v_is_zero(v_and(lo, m)))
				break;
			if (imp_val_cmp(v_or(lo, m), hi) > 0)
				break;
			host++;
		}
		end = v_or(lo, imp_val_ones(host));
		if (!first)
			fputs(", ", out);
		first = false;
		fmt_one(out, t, bits, lo, end);
		if (!imp_val_cmp(end, hi) || !imp_val_cmp(end, imp_val_ones(bits)))
			break;
		lo = v_inc(end);
	}
}

