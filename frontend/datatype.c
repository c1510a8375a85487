// SPDX-License-Identifier: GPL-2.0
/*
 * The datatype module's core: lookup by name, the parse pipeline nft's
 * scanner and evaluator imply (number rewriting, typed keywords, symbol
 * table, lookup, integer), integers of any length with nft's range
 * message, the generic printers and `nft describe`'s layout.  The types
 * themselves and their special syntaxes live in datatype_types.c, the
 * generated tables in datatype_tables.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/datatype_impl.h"
#include "ir/xalloc.h"

bool dt_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return false;
}

void dt_bprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* ---- lookup by name ------------------------------------------------- */

/* nft's own registry order (enum datatypes): the first match wins, so
 * "time" is the relative time, as in nft. */
static const struct datatype *const registered[] = {
	&dt_verdict, &dt_nf_proto, &dt_bitmask, &dt_integer_type, &dt_string,
	&dt_lladdr, &dt_ipv4_addr, &dt_ipv6_addr, &dt_ether_addr,
	&dt_ether_type, &dt_arp_op, &dt_inet_proto, &dt_inet_service,
	&dt_icmp_type, &dt_tcp_flag, &dt_dccp_pkttype, &dt_mh_type, &dt_time,
	&dt_mark, &dt_iface_index, &dt_iface_type, &dt_realm, &dt_classid,
	&dt_uid, &dt_gid, &dt_ct_state, &dt_ct_dir, &dt_ct_status,
	&dt_icmpv6_type, &dt_pkt_type, &dt_icmp_code, &dt_icmpv6_code,
	&dt_icmpx_code, &dt_devgroup, &dt_dscp, &dt_ecn, &dt_fib_addrtype,
	&dt_boolean, &dt_ifname, &dt_igmp_type, &dt_date, &dt_day, &dt_hour,
	&dt_cgroupsv2,
};

/* Not found by name in nft 1.0.6 ("unknown datatype ct_label"), or not
 * nft's at all. */
static const struct datatype *const unregistered[] = {
	&dt_ct_event, &dt_ct_label, &dt_sock_family, &dt_sock_type, &dt_sock_state,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct datatype *const *dt_all(size_t *n)
{
	static const struct datatype *all[ARRAY_SIZE(registered) +
					  ARRAY_SIZE(unregistered)];

	if (!all[0]) {
		memcpy(all, registered, sizeof(registered));
		memcpy(all + ARRAY_SIZE(registered), unregistered,
		       sizeof(unregistered));
	}
	*n = ARRAY_SIZE(all);
	return all;
}

const struct datatype *dt_by_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(registered); i++)
		if (!strcmp(registered[i]->name, name))
			return registered[i];
	return NULL;
}

const struct datatype *dt_declared_type(const char *name, const char *what,
					bool data, char *err, size_t errlen)
{
	const struct datatype *dt = dt_by_name(name);

	if (!dt && strcmp(name, "invalid")) {
		dt_fail(err, errlen, "unknown datatype %s", name);
		return NULL;
	}
	/* nft: a type of no fixed size says nothing about the key */
	if (!dt || (dt->bits == 0 && !(data && dt->kind == DT_VERDICT))) {
		dt_fail(err, errlen, "unqualified type %s specified in %s definition. "
			"Try \"typeof expression\" instead of \"type datatype\".",
			name, what);
		return NULL;
	}
	return dt;
}

const struct datatype *dt_integer(unsigned bits)
{
	static struct datatype widths[128];

	if (bits == 0)
		return &dt_integer_type;
	if (bits > 128)
		bits = 128;
	if (!widths[bits - 1].name) {
		widths[bits - 1] = dt_integer_type;
		widths[bits - 1].bits = bits;
	}
	return &widths[bits - 1];
}

/* ---- symbols -------------------------------------------------------- */

static const struct dt_symbol *find_name(const struct dt_symbol *s, size_t n,
					 const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s[i].name, name))
			return &s[i];
	return NULL;
}

bool dt_symbol_value(const struct datatype *dt, const char *name, uint64_t *value)
{
	const struct dt_symbol *s = find_name(dt->sym, dt->nsym, name);

	if (!s)
		s = find_name(dt->alias, dt->nalias, name);
	if (!s)
		return false;
	*value = s->value;
	return true;
}

const char *dt_symbol_name(const struct datatype *dt, uint64_t v)
{
	for (size_t i = 0; i < dt->nsym; i++)
		if (dt->sym[i].value == v)
			return dt->sym[i].name;
	return NULL;
}

/* ---- numbers of any length ------------------------------------------ */

/* A non-negative number in 32-bit limbs, least significant first. */
struct bignum {
	uint32_t *w;
	size_t n;		/* limbs in use (no leading zero limbs) */
	size_t cap;
	bool neg;
};

static void bn_init(struct bignum *b, size_t cap)
{
	b->cap = cap ? cap : 1;
	b->w = xzalloc(b->cap * sizeof(*b->w));
	b->n = 0;
	b->neg = false;
}

static void bn_free(struct bignum *b)
{
	free(b->w);
}

static void bn_mul_add(struct bignum *b, uint32_t mul, uint32_t add)
{
	uint64_t carry = add;

	for (size_t i = 0; i < b->n; i++) {
		uint64_t t = (uint64_t)b->w[i] * mul + carry;

		b->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry) {
		if (b->n == b->cap) {
			b->w = xrealloc(b->w, 2 * b->cap * sizeof(*b->w));
			memset(b->w + b->cap, 0, b->cap * sizeof(*b->w));
			b->cap *= 2;
		}
		b->w[b->n++] = (uint32_t)carry;
	}
}

static uint32_t bn_div_small(struct bignum *b, uint32_t div)
{
	uint64_t rem = 0;

	for (size_t i = b->n; i-- > 0;) {
		uint64_t t = rem << 32 | b->w[i];

		b->w[i] = (uint32_t)(t / div);
		rem = t % div;
	}
	while (b->n && !b->w[b->n - 1])
		b->n--;
	return (uint32_t)rem;
}

/* Decimal text of b (destroys b's value). */
static char *bn_decimal(struct bignum *b)
{
	size_t cap = b->n * 10 + 2, pos = cap - 1;
	char *out = xmalloc(cap + 1), *res;

	out[pos] = '\0';
	do {
		uint32_t chunk = bn_div_small(b, 1000000000u);

		for (int i = 0; i < 9; i++) {
			out[--pos] = '0' + chunk % 10;
			chunk /= 10;
			if (!b->n && !chunk)
				break;
		}
	} while (b->n);
	res = xasprintf("%s%s", b->neg ? "-" : "", out + pos);
	free(out);
	return res;
}

static void bn_from_val(struct bignum *b, struct ir_val v)
{
	bn_init(b, 4);
	b->w[0] = (uint32_t)v.lo;
	b->w[1] = (uint32_t)(v.lo >> 32);
	b->w[2] = (uint32_t)v.hi;
	b->w[3] = (uint32_t)(v.hi >> 32);
	b->n = 4;
	while (b->n && !b->w[b->n - 1])
		b->n--;
}

/* b fits in 128 bits: its value. */
static bool bn_to_val(const struct bignum *b, struct ir_val *v)
{
	uint32_t w[4] = { 0 };

	if (b->n > 4)
		return false;
	memcpy(w, b->w, b->n * sizeof(*w));
	v->lo = (uint64_t)w[1] << 32 | w[0];
	v->hi = (uint64_t)w[3] << 32 | w[2];
	return true;
}

void dt_val_decimal(struct ir_val v, char *buf, size_t len)
{
	struct bignum b;
	char *s;

	bn_from_val(&b, v);
	s = bn_decimal(&b);
	dt_bprintf(buf, len, "%s", s);
	free(s);
	bn_free(&b);
}

static int val_cmp(struct ir_val a, struct ir_val b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	if (a.lo != b.lo)
		return a.lo < b.lo ? -1 : 1;
	return 0;
}

struct ir_val dt_max_value(const struct datatype *dt, unsigned bits)
{
	struct ir_val m = { 0, 0 };

	if (dt->max) {
		m.lo = dt->max;
		return m;
	}
	if (bits == 0 || bits > 128)
		bits = 128;
	if (bits >= 64) {
		m.lo = ~0ull;
		m.hi = bits == 128 ? ~0ull : bits == 64 ? 0 : (1ull << (bits - 64)) - 1;
	} else {
		m.lo = (1ull << bits) - 1;
	}
	return m;
}

/* b against the range; its value in *out. */
static bool bn_check(const struct datatype *dt, struct bignum *b, unsigned bits,
		     struct ir_val *out, char *err, size_t errlen)
{
	struct ir_val max = dt_max_value(dt, bits), v;

	if ((b->n && b->neg) || !bn_to_val(b, &v) || val_cmp(v, max) > 0) {
		char maxs[48], *vs = bn_decimal(b);

		dt_val_decimal(max, maxs, sizeof(maxs));
		dt_fail(err, errlen, "Value %s exceeds valid range 0-%s", vs, maxs);
		free(vs);
		return false;
	}
	*out = v;
	return true;
}

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* GMP's mpz_set_str(, 0), which nft's integer type uses: blanks before and
 * inside are ignored, a '-' may lead, the base follows C's prefixes plus
 * 0b, and "0x" alone is zero. */
static bool bn_parse(const char *s, struct bignum *b)
{
	unsigned base = 10;

	bn_init(b, strlen(s) / 8 + 2);
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') {
		b->neg = true;
		s++;
	}
	if (digit_value((unsigned char)*s) >= 10)
		return false;
	if (*s == '0') {
		base = 8;
		s++;
		if (*s == 'x' || *s == 'X') {
			base = 16;
			s++;
		} else if (*s == 'b' || *s == 'B') {
			base = 2;
			s++;
		}
	}
	for (; *s; s++) {
		int d;

		if (isspace((unsigned char)*s))
			continue;
		d = digit_value((unsigned char)*s);
		if (d >= (int)base)
			return false;
		bn_mul_add(b, base, d);
	}
	return true;
}

bool dt_parse_integer(const struct datatype *dt, const char *text,
		      unsigned bits, struct ir_val *out, char *err,
		      size_t errlen)
{
	struct bignum b;
	bool ok;

	if (!bn_parse(text, &b)) {
		bn_free(&b);
		return dt_fail(err, errlen, "Could not parse %s", dt->desc);
	}
	ok = bn_check(dt, &b, bits, out, err, errlen);
	bn_free(&b);
	return ok;
}

bool dt_check_bytes(const struct datatype *dt, const uint8_t *bytes,
		    size_t n, unsigned bits, struct ir_val *out, char *err,
		    size_t errlen)
{
	struct bignum b;
	bool ok;

	bn_init(&b, n / 4 + 1);
	for (size_t i = 0; i < n; i++)
		bn_mul_add(&b, 256, bytes[i]);
	ok = bn_check(dt, &b, bits, out, err, errlen);
	bn_free(&b);
	return ok;
}

/* ---- the parse pipeline --------------------------------------------- */

/* nft's scanner: a word of decimal digits, or 0x and hex digits, that
 * strtoull(, 0) takes whole and without overflow is a number token, which
 * the grammar hands on in decimal. */
static bool scanner_number(const char *text, char *dec, size_t len)
{
	const char *p = text;
	unsigned long long v;
	char *end;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
		for (p += 2; *p; p++)
			if (!isxdigit((unsigned char)*p))
				return false;
	} else {
		if (!*p)
			return false;
		for (; *p; p++)
			if (!isdigit((unsigned char)*p))
				return false;
	}
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end)
		return false;
	dt_bprintf(dec, len, "%llu", v);
	return true;
}

static const struct {
	const char *word;
	const struct datatype *dt;
	uint64_t value;
} keywords[] = {
	{ "tcp", &dt_inet_proto, 6 },
	{ "udp", &dt_inet_proto, 17 },
	{ "udplite", &dt_inet_proto, 136 },
	{ "esp", &dt_inet_proto, 50 },
	{ "ah", &dt_inet_proto, 51 },
	{ "icmp", &dt_inet_proto, 1 },
	{ "igmp", &dt_inet_proto, 2 },
	{ "icmpv6", &dt_inet_proto, 58 },
	{ "comp", &dt_inet_proto, 108 },
	{ "dccp", &dt_inet_proto, 33 },
	{ "sctp", &dt_inet_proto, 132 },
	{ "redirect", &dt_icmp_type, 5 },
};

const struct datatype *dt_keyword(const char *word, struct ir_val *v)
{
	for (size_t i = 0; i < ARRAY_SIZE(keywords); i++)
		if (!strcmp(keywords[i].word, word)) {
			v->hi = 0;
			v->lo = keywords[i].value;
			return keywords[i].dt;
		}
	return NULL;
}

bool dt_parse_ex(const struct datatype *dt, const char *text, unsigned bits,
		 unsigned flags, struct ir_val *out, char *err, size_t errlen)
{
	const struct datatype *kt;
	struct ir_val v;
	char dec[24];
	uint64_t n;

	if (!bits)
		bits = dt->bits;
	if (dt->kind == DT_STRING || dt->kind == DT_VERDICT)
		return dt_fail(err, errlen, "%s values are not parsed as numbers or symbols",
			       dt->desc);
	if (!(flags & DT_PARSE_QUOTED)) {
		kt = dt_keyword(text, &v);
		if (kt && kt != dt)
			return dt_fail(err, errlen,
				       "datatype mismatch, expected %s, expression has type %s",
				       dt->desc, kt->desc);
		if (kt) {
			*out = v;
			return true;
		}
		if (scanner_number(text, dec, sizeof(dec)))
			text = dec;
	}
	if (dt->ops && dt->ops->parse)
		return dt->ops->parse(dt, text, bits, out, err, errlen);
	if (dt_symbol_value(dt, text, &n) || (dt->lookup && dt->lookup(text, &n))) {
		out->hi = 0;
		out->lo = n;
		return true;
	}
	return dt_parse_integer(dt, text, bits, out, err, errlen);
}

bool dt_parse(const struct datatype *dt, const char *text, struct ir_val *out,
	      char *err, size_t errlen)
{
	return dt_parse_ex(dt, text, 0, 0, out, err, errlen);
}

/* ---- printing ------------------------------------------------------- */

static void print_bitmask(const struct datatype *dt, struct ir_val v,
			  char *buf, size_t len)
{
	size_t pos = 0;

	if (!v.lo && !v.hi) {
		dt_bprintf(buf, len, "0x0");
		return;
	}
	if (!dt->nsym || v.hi) {
		if (v.hi)
			dt_bprintf(buf, len, "0x%llx%016llx",
				   (unsigned long long)v.hi, (unsigned long long)v.lo);
		else
			dt_bprintf(buf, len, "0x%llx", (unsigned long long)v.lo);
		return;
	}
	if (len)
		buf[0] = '\0';
	for (unsigned i = 0; i < 64; i++) {
		uint64_t bit = 1ull << i;
		const char *name;

		if (!(v.lo & bit))
			continue;
		name = dt_symbol_name(dt, bit);
		if (pos < len) {
			if (name)
				dt_bprintf(buf + pos, len - pos, "%s%s", pos ? "," : "", name);
			else
				dt_bprintf(buf + pos, len - pos, "%s0x%llx", pos ? "," : "",
					   (unsigned long long)bit);
			pos += strlen(buf + pos);
		}
	}
}

void dt_print(const struct datatype *dt, struct ir_val v, char *buf, size_t len)
{
	const char *name;

	if (dt->ops && dt->ops->print) {
		dt->ops->print(dt, v, buf, len);
		return;
	}
	switch (dt->kind) {
	case DT_BITMASK:
		print_bitmask(dt, v, buf, len);
		return;
	case DT_STRING: {
		/* bytes, first byte most significant, up to the first NUL */
		char s[17];
		size_t n = 0;

		for (int i = 0; i < 16; i++) {
			uint64_t w = i < 8 ? v.hi : v.lo;
			char c = (char)(w >> (8 * (7 - i % 8)));

			if (!c && n)
				break;
			if (c)
				s[n++] = c;
		}
		s[n] = '\0';
		dt_bprintf(buf, len, "\"%s\"", s);
		return;
	}
	default:
		break;
	}
	name = v.hi ? NULL : dt_symbol_name(dt, v.lo);
	if (name)
		dt_bprintf(buf, len, "%s", name);
	else if (dt->print_hex && !v.hi)
		dt_bprintf(buf, len, "0x%0*llx", (int)(dt->bits + 7) / 8 * 2,
			   (unsigned long long)v.lo);
	else
		dt_val_decimal(v, buf, len);
}

/* ---- nft describe --------------------------------------------------- */

void dt_describe(const struct datatype *dt, unsigned bits, FILE *f)
{
	unsigned bytes = (dt->bits + 7) / 8;

	fprintf(f, "datatype %s (%s)", dt->name, dt->desc);
	if (dt->basetype)
		fprintf(f, " (basetype %s)", dt->basetype);
	if (bits && dt->kind == DT_STRING)	/* a selector's string */
		fprintf(f, ", %u characters\n", bits / 8);
	else
		fprintf(f, ", %u bits\n", bits ? bits : dt->bits);
	if (dt == &dt_inet_proto) {
		/* nft lists getprotobynumber() without a heading */
		for (size_t i = 0; i < dt->nsym; i++)
			fprintf(f, "\t%-30s\t%llu\n", dt->sym[i].name,
				(unsigned long long)dt->sym[i].value);
		return;
	}
	if (!dt->nsym)
		return;
	fprintf(f, "\npre-defined symbolic constants (in %s):\n",
		dt->base == DT_BASE_HEX ? "hexadecimal" : "decimal");
	for (size_t i = 0; i < dt->nsym; i++) {
		uint64_t v = dt->sym[i].value;

		if (dt->net_order && !bits) {
			uint64_t s = 0;

			for (unsigned b = 0; b < bytes; b++, v >>= 8)
				s = s << 8 | (v & 0xff);
			v = s;
		}
		if (dt->base == DT_BASE_HEX)
			fprintf(f, "\t%-30s\t0x%.*llx\n", dt->sym[i].name,
				(int)(2 * bytes), (unsigned long long)v);
		else
			fprintf(f, "\t%-30s\t%20llu\n", dt->sym[i].name,
				(unsigned long long)v);
	}
}

/* ---- iproute2-style files ------------------------------------------- */

static void rtfile_load(struct dt_rtfile *f)
{
	char line[512], name[512];
	size_t cap = 0;
	FILE *fp;

	f->loaded = true;
	fp = fopen(f->path, "r");
	if (!fp)
		return;
	while (fgets(line, sizeof(line), fp)) {
		char *p = line;
		unsigned val;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		if (sscanf(p, "0x%x %511s", &val, name) != 2 &&
		    sscanf(p, "%u %511s", &val, name) != 2)
			break;	/* nft stops at a line it cannot read */
		if (f->n == cap) {
			cap = cap ? 2 * cap : 16;
			f->sym = xrealloc(f->sym, cap * sizeof(*f->sym));
		}
		f->sym[f->n].name = xstrdup(name);
		f->sym[f->n].value = val;
		f->n++;
	}
	fclose(fp);
}

bool dt_rtfile_value(struct dt_rtfile *f, const char *name, uint64_t *value)
{
	const struct dt_symbol *s;

	if (!f->loaded)
		rtfile_load(f);
	s = find_name(f->sym, f->n, name);
	if (s)
		*value = s->value;
	return s != NULL;
}

const char *dt_rtfile_name(struct dt_rtfile *f, uint64_t value)
{
	if (!f->loaded)
		rtfile_load(f);
	for (size_t i = 0; i < f->n; i++)
		if (f->sym[i].value == value)
			return f->sym[i].name;
	return NULL;
}
