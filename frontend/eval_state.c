// SPDX-License-Identifier: GPL-2.0
/*
 * limit and quota: the numbers nft sends to the kernel, computed from the
 * words as nft's parser reads them (rate units, default burst, 32-bit
 * burst), checked as nft_limit_init() and nft_quota_do_init() check them,
 * with nft's messages; and their text as `nft list` prints it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_state.h"
#include "ir/xalloc.h"

#define NSEC_PER_SEC 1000000000ull
#define PKT_BURST_DEFAULT 5	/* nft's parser and the kernel's default */

static const char *const data_units[] = { "bytes", "kbytes", "mbytes" };

/* bytes, kbytes, mbytes: 1, 1024, 1048576; 0 for any other word */
static uint64_t data_unit(const char *w)
{
	for (int i = 0; i < 3; i++)
		if (w && !strcmp(w, data_units[i]))
			return 1ull << (10 * i);
	return 0;
}

static uint64_t time_unit(const char *w)
{
	static const struct { const char *w; uint64_t secs; } units[] = {
		{ "second", 1 }, { "minute", 60 }, { "hour", 3600 },
		{ "day", 86400 }, { "week", 604800 },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (w && !strcmp(w, units[i].w))
			return units[i].secs;
	return 0;
}

/* A NUM token: decimal or hex; false past 64 bits. */
static bool number(const char *s, uint64_t *out)
{
	errno = 0;
	*out = strtoull(s, NULL, 0);
	return errno != ERANGE;
}

/* nft's get_rate(): the largest unit that divides exactly. */
static const char *rate_unit(uint64_t v, uint64_t *out)
{
	int i = 0;

	while (v && i < 2 && v % 1024 == 0) {
		v /= 1024;
		i++;
	}
	*out = v;
	return data_units[i];
}

static bool fail(struct fe_diag *d, const struct fe_loc *loc, const char *msg)
{
	fe_error(d, loc, "%s", msg);
	return false;
}

/* The word a grammar token prints as in bison's messages. */
static const char *token_name(const char *w)
{
	return !strcmp(w, "bytes") || !strcmp(w, "packets") ? w : "string";
}

/* From the keyword (`burst`, `used`) to the unit. */
static const struct fe_loc *from_kw(const struct quantity *q, struct fe_loc *buf)
{
	*buf = q->kw_loc;
	if (buf->line == q->loc.line)
		buf->last_col = q->loc.last_col;
	return buf;
}

bool ev_limit_spec(struct fe_diag *d, const struct stmt *st, const struct fe_loc *where,
		   struct ir_limit *out)
{
	const struct quantity *r = &st->state.amount, *b = &st->state.extra;
	uint64_t n, burst = 0, sum, tmp;
	struct fe_loc buf;
	char msg[96];

	memset(out, 0, sizeof(*out));
	out->invert = st->state.over;
	out->bytes = r->unit != NULL;
	if (!number(r->num, &n))
		return fail(d, &r->loc, "Value too large for defined data type");
	if (!out->bytes) {
		out->unit = time_unit(r->per);
		if (!out->unit) {
			snprintf(msg, sizeof(msg), "syntax error, unexpected %s", token_name(r->per));
			return fail(d, &r->unit_loc, msg);
		}
		out->rate = n;
		burst = PKT_BURST_DEFAULT;
		if (b->num) {
			if (strcmp(b->unit, "packets")) {
				snprintf(msg, sizeof(msg), "syntax error, unexpected %s, expecting "
					 "packets", token_name(b->unit));
				return fail(d, &b->unit_loc, msg);
			}
			if (!number(b->num, &burst))
				return fail(d, &b->loc, "Value too large for defined data type");
			if (!burst)
				return fail(d, from_kw(b, &buf), "packet limit burst must be > 0");
		}
	} else {
		out->unit = time_unit(r->per);
		if (!data_unit(r->unit) || !out->unit)
			return fail(d, &r->loc, "Wrong rate format");
		out->rate = n * data_unit(r->unit);
		if (b->num) {
			if (!strcmp(b->unit, "packets"))
				return fail(d, &b->unit_loc, "syntax error, unexpected packets, "
					    "expecting string or bytes");
			if (!data_unit(b->unit) || !number(b->num, &burst))
				return fail(d, &b->loc, "Wrong rate format");
			burst *= data_unit(b->unit);
		}
	}
	/* nft keeps the burst in 32 bits; the kernel gives 0 packets 5 */
	out->burst = (uint32_t)burst;
	burst = out->burst;
	if (!out->bytes && !burst)
		burst = PKT_BURST_DEFAULT;
	out->nsecs = out->unit * NSEC_PER_SEC;
	if (!out->rate)
		return fail(d, where, "Could not process rule: Invalid argument");
	if (__builtin_add_overflow(out->rate, burst, &sum))
		return fail(d, where, "Could not process rule: Value too large for defined "
			    "data type");
	if (!out->bytes) {
		out->cost = out->nsecs / out->rate;
		if (__builtin_mul_overflow(out->cost, burst, &out->tokens_max))
			return fail(d, where, "Could not process rule: Value too large for "
				    "defined data type");
	} else {
		if (__builtin_mul_overflow(out->nsecs, sum, &tmp))
			return fail(d, where, "Could not process rule: Value too large for "
				    "defined data type");
		out->tokens_max = tmp / out->rate;
	}
	return true;
}

bool ev_quota_spec(struct fe_diag *d, const struct stmt *st, const struct fe_loc *where,
		   struct ir_quota *out)
{
	const struct quantity *q = &st->state.amount, *u = &st->state.extra;
	uint64_t n;
	struct fe_loc buf;

	memset(out, 0, sizeof(*out));
	out->invert = st->state.over;
	if (!data_unit(q->unit) || !number(q->num, &n))
		return fail(d, &st->loc, "Wrong rate format");
	out->bytes = n * data_unit(q->unit);
	if (u->num) {
		if (!data_unit(u->unit) || !number(u->num, &n))
			return fail(d, from_kw(u, &buf), "Wrong rate format");
		out->used = n * data_unit(u->unit);
	}
	if (out->bytes > INT64_MAX)
		return fail(d, where, "Could not process rule: Value too large for defined "
			    "data type");
	if (out->used > out->bytes)
		return fail(d, where, "Could not process rule: Invalid argument");
	return true;
}

/* The text after `limit ` (rules) or inside the braces (objects). */
static void limit_text(const struct ir_limit *l, FILE *out)
{
	static const struct { uint64_t secs; const char *w; } per[] = {
		{ 1, "second" }, { 60, "minute" }, { 3600, "hour" }, { 86400, "day" },
		{ 604800, "week" },
	};
	const char *unit = "second";
	uint64_t v;

	for (size_t i = 0; i < sizeof(per) / sizeof(per[0]); i++)
		if (per[i].secs == l->unit)
			unit = per[i].w;
	fprintf(out, "rate %s", l->invert ? "over " : "");
	if (!l->bytes) {
		fprintf(out, "%" PRIu64 "/%s", l->rate, unit);
		if (l->burst && l->burst != PKT_BURST_DEFAULT)
			fprintf(out, " burst %u packets", l->burst);
		return;
	}
	const char *u = rate_unit(l->rate, &v);

	fprintf(out, "%" PRIu64 " %s/%s", v, u, unit);
	if (l->burst) {
		u = rate_unit(l->burst, &v);
		fprintf(out, " burst %" PRIu64 " %s", v, u);
	}
}

void ev_bytes_text(uint64_t bytes, FILE *out)
{
	uint64_t v;
	const char *u = rate_unit(bytes, &v);

	fprintf(out, "%" PRIu64 " %s", v, u);
}

void ev_state_text(const struct stmt *st, bool object, FILE *out)
{
	struct fe_diag quiet = { 0 };

	quiet.quiet = true;
	if (st->kind == STMT_LIMIT) {
		struct ir_limit l;

		fputs(object ? "" : "limit ", out);
		if (ev_limit_spec(&quiet, st, &st->loc, &l))
			limit_text(&l, out);
		return;
	}
	struct ir_quota q;

	fputs(object ? "" : "quota ", out);
	if (ev_quota_spec(&quiet, st, &st->loc, &q)) {
		fputs(q.invert ? "over " : "", out);
		ev_bytes_text(q.bytes, out);
	}
}
