// SPDX-License-Identifier: GPL-2.0
/*
 * log: nft's options checked as nft 1.0.6 and the kernel check them (the
 * parser's words, stmt_evaluate_log(), nft_log_init()'s prefix length),
 * with nft's messages at nft's columns, then the event's site for the
 * ring.  A cgroup program has no kernel log and no nflog: every log
 * statement sends its event to the one log ring, and level, group,
 * snaplen, queue-threshold and flags are kept as data for `cgnft
 * monitor` (snaplen also bounds the bytes of the packet the event
 * carries).  Like nft's, the statement never stops the rule.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/eval_log.h"
#include "frontend/eval_rule.h"
#include "ir/xalloc.h"

/* NF_LOG_PREFIXLEN, with its terminating zero */
#define LOG_PREFIX_MAX 127

static const char *const levels[] = {
	[IR_LOG_EMERG] = "emerg", [IR_LOG_ALERT] = "alert", [IR_LOG_CRIT] = "crit",
	[IR_LOG_ERR] = "err", [IR_LOG_WARN] = "warn", [IR_LOG_NOTICE] = "notice",
	[IR_LOG_INFO] = "info", [IR_LOG_DEBUG] = "debug", [IR_LOG_AUDIT] = "audit",
};

const char *ev_log_level_name(int level)
{
	return level >= 0 && level <= IR_LOG_AUDIT ? levels[level] : "warn";
}

static bool fail(struct fe_diag *d, const struct fe_loc *loc, const char *msg)
{
	fe_error(d, loc, "%s", msg);
	return false;
}

/* A number as nft's scanner reads it: 64 bits at most. */
static bool number(struct fe_diag *d, const char *s, const struct fe_loc *loc, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || *end)
		return fail(d, loc, "syntax error, unexpected string, expecting number");
	return true;
}

static bool flag(struct fe_diag *d, const struct log_flag *f, const char **tcp_ok,
		 uint32_t *flags)
{
	const char *w = f->word;

	if (!f->proto) {
		*tcp_ok = NULL;
		if (!strcmp(w, "all"))
			*flags |= IR_LOG_ALL;
		else if (!strcmp(w, "skuid"))
			*flags |= IR_LOG_UID;
		else if (!strcmp(w, "ether"))
			*flags |= IR_LOG_MACDECODE;
		else
			return fail(d, &f->loc, "syntax error, unexpected string");
		return true;
	}
	if (!strcmp(f->proto, "ip")) {
		*tcp_ok = NULL;
		if (strcmp(w, "options"))
			return fail(d, &f->loc, "syntax error, unexpected string, expecting options");
		*flags |= IR_LOG_IPOPT;
		return true;
	}
	if (!strcmp(f->proto, ",") && !*tcp_ok)
		return fail(d, &f->loc, "syntax error, unexpected comma, expecting newline or "
			    "semicolon");
	*tcp_ok = "tcp";
	if (!strcmp(w, "sequence"))
		*flags |= IR_LOG_TCPSEQ;
	else if (!strcmp(w, "options"))
		*flags |= IR_LOG_TCPOPT;
	else
		return fail(d, &f->loc, "syntax error, unexpected string, expecting seq or options");
	return true;
}

bool ev_log_spec(struct fe_diag *d, const struct stmt *st, struct ir_log *out)
{
	const char *const *o = (const char *const *)st->log.opt;
	const char *tcp_ok = NULL;
	bool group;
	uint64_t v;

	memset(out, 0, sizeof(*out));
	out->level = IR_LOG_WARN;
	if (st->log.bad)
		return fail(d, &st->log.bad_loc, "syntax error, unexpected number, expecting "
			    "string or quoted string or string with a trailing asterisk");
	if (o[LOG_OPT_LEVEL]) {
		out->level = -1;
		for (int i = 0; i <= IR_LOG_AUDIT; i++)
			if (!strcmp(o[LOG_OPT_LEVEL], levels[i]))
				out->level = i;
		if (out->level < 0)
			return fail(d, &st->log.opt_loc[LOG_OPT_LEVEL], "invalid log level");
	}
	for (size_t i = 0; i < st->log.nflags; i++)
		if (!flag(d, &st->log.flags[i], &tcp_ok, &out->flags))
			return false;
	/* nft keeps group and queue-threshold in 16 bits, snaplen in 32 */
	if (o[LOG_OPT_GROUP]) {
		if (!number(d, o[LOG_OPT_GROUP], &st->log.opt_loc[LOG_OPT_GROUP], &v))
			return false;
		out->group = (uint16_t)v;
	}
	if (o[LOG_OPT_SNAPLEN]) {
		if (!number(d, o[LOG_OPT_SNAPLEN], &st->log.opt_loc[LOG_OPT_SNAPLEN], &v))
			return false;
		out->snaplen = (uint32_t)v;
	}
	if (o[LOG_OPT_QTHRESHOLD]) {
		if (!number(d, o[LOG_OPT_QTHRESHOLD], &st->log.opt_loc[LOG_OPT_QTHRESHOLD], &v))
			return false;
		out->qthreshold = (uint16_t)v;
	}
	group = o[LOG_OPT_GROUP] || o[LOG_OPT_SNAPLEN] || o[LOG_OPT_QTHRESHOLD];
	if (group && o[LOG_OPT_LEVEL])
		return fail(d, &st->loc, "level and group are mutually exclusive");
	if (group && out->flags)
		return fail(d, &st->loc, "flags and group are mutually exclusive");
	if (out->level == IR_LOG_AUDIT && (group || o[LOG_OPT_PREFIX] || out->flags))
		return fail(d, &st->loc, "log level audit doesn't support any further options");
	if (o[LOG_OPT_PREFIX] && strlen(o[LOG_OPT_PREFIX]) > LOG_PREFIX_MAX)
		return fail(d, &st->loc, "Could not process rule: Numerical result out of range");
	/* what nft sends: without a group, snaplen and queue-threshold are
	 * dropped (nft's netlink_gen_log), so they are not listed either */
	out->has_group = o[LOG_OPT_GROUP] != NULL;
	if (!out->has_group) {
		out->group = 0;
		out->snaplen = 0;
		out->qthreshold = 0;
	}
	out->has_snaplen = out->has_group && o[LOG_OPT_SNAPLEN];
	if (o[LOG_OPT_PREFIX])
		out->prefix = xstrdup(o[LOG_OPT_PREFIX]);
	return true;
}

void ev_log_text(const struct stmt *st, FILE *out)
{
	struct fe_diag quiet = { 0 };
	struct ir_log l;

	quiet.quiet = true;
	fputs("log", out);
	if (!ev_log_spec(&quiet, st, &l))
		return;
	/* nft's log_stmt_print() order */
	if (l.prefix)
		fprintf(out, " prefix \"%s\"", l.prefix);
	if (l.has_group)
		fprintf(out, " group %u", l.group);
	if (l.has_snaplen)
		fprintf(out, " snaplen %u", l.snaplen);
	if (l.qthreshold)
		fprintf(out, " queue-threshold %u", l.qthreshold);
	if (l.level != IR_LOG_WARN)
		fprintf(out, " level %s", levels[l.level]);
	ev_log_flags_text(l.flags, out);
	free(l.prefix);
}

void ev_log_flags_text(uint32_t flags, FILE *out)
{
	if ((flags & IR_LOG_ALL) == IR_LOG_ALL) {
		fputs(" flags all", out);
		return;
	}
	if (flags & (IR_LOG_TCPSEQ | IR_LOG_TCPOPT))
		fprintf(out, " flags tcp%s%s%s", flags & IR_LOG_TCPSEQ ? " sequence" : "",
			(flags & IR_LOG_TCPSEQ) && (flags & IR_LOG_TCPOPT) ? "," : "",
			flags & IR_LOG_TCPOPT ? (flags & IR_LOG_TCPSEQ ? "options" : " options") :
			"");
	if (flags & IR_LOG_IPOPT)
		fputs(" flags ip options", out);
	if (flags & IR_LOG_UID)
		fputs(" flags skuid", out);
	if (flags & IR_LOG_MACDECODE)
		fputs(" flags ether", out);
}

/* The bucket every log statement of the unit shares: LOG_RATE events a
 * second, LOG_BURST at once, so that a flood cannot flood the host. */
static int log_bucket(struct rp *r)
{
	struct ir_limit l = { .rate = LOG_RATE, .unit = 1, .burst = LOG_BURST,
			      .nsecs = 1000000000ull };

	if (r->e->u->log_limit)
		return r->e->u->log_limit - 1;
	l.cost = l.nsecs / l.rate;
	l.tokens_max = l.cost * l.burst;
	l.table = xstrdup(r->e->t->name);
	l.key = xstrdup("@log");
	r->e->u->log_limit = ir_unit_add_limit(r->e->u, &l) + 1;
	return r->e->u->log_limit - 1;
}

bool rp_log(struct rp *r, const struct stmt *st)
{
	struct ir_stmt s = { .kind = IR_STMT_LOG };
	struct ir_log l;

	rp_use_family(r, EV_PACKET, &st->loc);
	if (!ev_log_spec(r->e->d, st, &l))
		return r->ok = false;
	l.table = xstrdup(r->e->t->name);
	l.chain = xstrdup(r->c->name);
	s.log.site = ir_unit_add_log(r->e->u, &l);
	s.log.limit = log_bucket(r);
	rp_add(r, &s);
	return true;
}
