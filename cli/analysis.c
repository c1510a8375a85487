// SPDX-License-Identifier: GPL-2.0
/*
 * Program verdicts as regions, and regions as text, JSON and witness
 * packets, for `cgnft diff` (doc/ANALYSIS.md).
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"

#define U128_MAX (~(rg_u128)0)

/* What a chain does with the packets that enter it. */
struct outcome {
	struct rg_set accept, drop;
	struct rg_set ret;	/* returned to the caller: `return`, the end of
				 * a regular chain, or a goto'd chain's */
	const struct ir_rule *why_rule;
	const char *why;
};

static bool too_big(const struct outcome *o, const struct rg_set *rest)
{
	return rg_too_big(rest) || rg_too_big(&o->accept) || rg_too_big(&o->drop) ||
	       rg_too_big(&o->ret);
}

/*
 * Run `in` (taken) through chain c: in order, each arm of a rule takes the
 * packets it matches that no earlier rule took.  accept and drop end them,
 * return hands them back, continue goes on to the next rule; a jump runs
 * them through its chain (what comes back goes on to the next rule), a goto
 * too (what comes back returns from this chain).  Rules that decide nothing
 * do not change the outcome, whatever they match; a rule that may decide
 * but is opaque stops the model.  The front end refuses jump loops.
 */
static bool run_chain(const struct rg_ctx *ctx, size_t c, struct rg_set *in, struct outcome *o)
{
	const struct ir_chain *ch = &ctx->unit->chains[c];
	struct rg_set rest = *in;

	for (size_t r = 0; r < ch->nrules && rest.n; r++) {
		struct rg_set back = { 0 };
		struct rg_rule m;

		rg_rule_model(ctx, &ch->rules[r], true, &m);
		if (!m.vmap && (m.verdict == IR_VERDICT_NONE || m.verdict == IR_VERDICT_CONTINUE)) {
			rg_rule_free(&m);
			continue;	/* decides nothing, whatever it matches */
		}
		if (m.opaque) {
			o->why_rule = &ch->rules[r];
			o->why = m.why;
			rg_rule_free(&m);
			rg_set_free(&rest);
			return false;
		}
		for (size_t i = 0; i < m.narms && rest.n; i++) {
			const struct rg_arm *arm = &m.arms[i];
			struct rg_set hit;
			bool ok = true;

			rg_set_copy(&hit, &rest);
			rg_set_intersect(&hit, &arm->match);
			rg_set_subtract(&rest, &arm->match);
			switch (arm->verdict) {
			case IR_VERDICT_ACCEPT:
				rg_set_union(&o->accept, &hit);
				break;
			case IR_VERDICT_DROP:
				rg_set_union(&o->drop, &hit);
				break;
			case IR_VERDICT_RETURN:
				rg_set_union(&o->ret, &hit);
				break;
			case IR_VERDICT_JUMP: {
				struct outcome sub = { 0 };

				ok = run_chain(ctx, (size_t)arm->chain, &hit, &sub);
				rg_set_union(&o->accept, &sub.accept);
				rg_set_union(&o->drop, &sub.drop);
				rg_set_union(&back, &sub.ret);
				rg_set_free(&sub.accept);
				rg_set_free(&sub.drop);
				rg_set_free(&sub.ret);
				o->why_rule = sub.why_rule;
				o->why = sub.why;
				hit.b = NULL;
				hit.n = 0;
				break;
			}
			case IR_VERDICT_GOTO:
				ok = run_chain(ctx, (size_t)arm->chain, &hit, o);
				hit.b = NULL;
				hit.n = 0;
				break;
			default:	/* continue, or none */
				rg_set_union(&back, &hit);
				break;
			}
			rg_set_free(&hit);
			if (!ok) {
				rg_rule_free(&m);
				rg_set_free(&rest);
				rg_set_free(&back);
				return false;
			}
		}
		rg_rule_free(&m);
		rg_set_union(&rest, &back);
		rg_set_free(&back);
		rg_set_coalesce(&rest);
		if (too_big(o, &rest)) {
			o->why_rule = &ch->rules[r];
			o->why = "too many regions";
			rg_set_free(&rest);
			return false;
		}
	}
	rg_set_union(&o->ret, &rest);
	rg_set_free(&rest);
	return true;
}

static void outcome_free(struct outcome *o)
{
	rg_set_free(&o->accept);
	rg_set_free(&o->drop);
	rg_set_free(&o->ret);
}

/*
 * Base chains run in order, each taking the packets the previous ones
 * accepted; what a base chain returns (`return`, its end) gets its policy.
 * Dropped packets are done.
 */
bool an_prog_verdicts(const struct rg_ctx *ctx0, const struct ir_prog *prog,
		      struct rg_set *accept, struct rg_set *drop,
		      const struct ir_rule **why_rule, const char **why)
{
	struct rg_ctx c = *ctx0, *ctx = &c;

	c.hook = prog->hook;	/* every chain it runs sees its packets only */
	rg_universe_hook(accept, prog->hook);
	drop->b = NULL;
	drop->n = 0;
	for (size_t i = 0; i < prog->nbase_chains; i++) {
		size_t c = (size_t)prog->base_chains[i];
		struct outcome o = { 0 };

		if (!run_chain(ctx, c, accept, &o)) {
			*why_rule = o.why_rule;
			*why = o.why;
			outcome_free(&o);
			rg_set_free(drop);
			return false;
		}
		if (ctx->unit->chains[c].policy == IR_VERDICT_DROP)
			rg_set_union(&o.drop, &o.ret);
		else
			rg_set_union(&o.accept, &o.ret);
		rg_set_free(&o.ret);
		rg_set_union(drop, &o.drop);
		rg_set_free(&o.drop);
		rg_set_coalesce(&o.accept);
		rg_set_coalesce(drop);
		*accept = o.accept;
		if (rg_too_big(accept) || rg_too_big(drop)) {
			*why_rule = NULL;
			*why = "too many regions";
			rg_set_free(accept);
			rg_set_free(drop);
			return false;
		}
	}
	return true;
}

bool an_chain_final(const struct rg_ctx *ctx, size_t chain, struct rg_set *final)
{
	struct outcome o = { 0 };
	struct rg_set in;

	rg_universe(&in);
	if (!run_chain(ctx, chain, &in, &o)) {
		outcome_free(&o);
		final->b = NULL;
		final->n = 0;
		return false;
	}
	*final = o.accept;
	rg_set_union(final, &o.drop);
	rg_set_free(&o.drop);
	rg_set_free(&o.ret);
	rg_set_coalesce(final);
	return true;
}

static const char *const dim_names[RG_NDIMS] = {
	"nfproto", "l4proto", "saddr", "daddr", "tlen", "sport", "dport",
	"icmptype", "icmpcode", "mark", "priority", "sockstate", "skuid", "skgid",
	"hook", "len", "iface", "ctstate", "ctdir", "ctmark",
	"ctstatus0", "ctstatus1", "ctstatus2", "ctstatus3", "ctstatus4", "ctstatus5",
	"ctstatus6", "ctstatus7", "ctstatus8", "ctstatus9", "ctstatus10", "ctstatus11",
	"ctstatus12", "ctstatus13", "ctstatus14", "ctstatus15", "ctstatus_hi",
};

/* What BPF_PROG_TEST_RUN's socket has (a witness can have nothing else):
 * sk_state close, sk_uid 0, no file (no skgid). */
#define TEST_SOCKSTATE 7
#define TEST_SKUID 0
#define NO_SKGID 0x100000000ull

static void u128_dec(rg_u128 v, char *buf)
{
	char tmp[48];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n)
		*buf++ = tmp[--n];
	*buf = 0;
}

static void addr_text(rg_u128 v, bool v6, char *buf, size_t len)
{
	unsigned char b[16];

	if (!v6) {
		uint32_t a = htonl((uint32_t)v);

		inet_ntop(AF_INET, &a, buf, (socklen_t)len);
		return;
	}
	for (int i = 15; i >= 0; i--) {
		b[i] = (unsigned char)v;
		v >>= 8;
	}
	inet_ntop(AF_INET6, b, buf, (socklen_t)len);
}

/* lo-hi as a prefix when it is one: the prefix length, else -1. */
static int prefix_len(rg_u128 lo, rg_u128 hi, int bits)
{
	for (int p = 0; p <= bits; p++) {
		rg_u128 host = p == 0 ? (bits == 128 ? U128_MAX : ((rg_u128)1 << bits) - 1)
				      : (bits - p == 0 ? 0 : ((rg_u128)1 << (bits - p)) - 1);

		if ((lo & host) == 0 && hi == (lo | host))
			return p;
	}
	return -1;
}

static void addr_words(FILE *out, const char *what, rg_u128 lo, rg_u128 hi, bool v6)
{
	int bits = v6 ? 128 : 32, p = prefix_len(lo, hi, bits);
	char a[64], b[64];

	if (p == 0)
		return;
	addr_text(lo, v6, a, sizeof(a));
	if (p == bits)
		fprintf(out, " %s %s %s", v6 ? "ip6" : "ip", what, a);
	else if (p > 0)
		fprintf(out, " %s %s %s/%d", v6 ? "ip6" : "ip", what, a, p);
	else {
		addr_text(hi, v6, b, sizeof(b));
		fprintf(out, " %s %s %s-%s", v6 ? "ip6" : "ip", what, a, b);
	}
}

static void num_words(FILE *out, const char *what, rg_u128 lo, rg_u128 hi, rg_u128 max)
{
	if (lo == 0 && hi == max)
		return;
	if (lo == hi)
		fprintf(out, " %s %u", what, (unsigned)lo);
	else
		fprintf(out, " %s %u-%u", what, (unsigned)lo, (unsigned)hi);
}

#define IS_PORTS(p) ((p) == 6 || (p) == 17 || (p) == 33 || (p) == 132 || (p) == 136)
#define IS_ICMP(p) ((p) == 1 || (p) == 58)

static const char *l4_name(unsigned p)
{
	switch (p) {
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 33: return "dccp";
	case 58: return "icmpv6";
	case 132: return "sctp";
	case 136: return "udplite";
	}
	return NULL;
}

/* The states a program sees (time-wait and new-syn-recv never) are split
 * in three boxes by the universe: say only what restricts them. */
static void sockstate_words(FILE *out, const struct rg_box *b)
{
	static const char *const names[] = {
		NULL, "established", "syn-sent", "syn-recv", "fin-wait1", "fin-wait2",
		"time-wait", "close", "close-wait", "last-ack", "listen", "closing",
		"new-syn-recv",
	};
	unsigned lo = rg_sockstate_value(b->lo[RG_SOCKSTATE]);
	unsigned hi = rg_sockstate_value(b->hi[RG_SOCKSTATE]);

	if (lo == 0 && hi == 255)
		return;
	if (lo == hi && lo < 13 && names[lo])
		fprintf(out, " socket state %s", names[lo]);
	else if (lo == hi)
		fprintf(out, " socket state %u", lo);
	else
		fprintf(out, " socket state %u-%u", lo, hi);
}

void an_box_text(const struct rg_box *b, FILE *out)
{
	bool v6 = b->lo[RG_NFPROTO] == 10;
	unsigned l4 = (unsigned)b->lo[RG_L4PROTO];
	bool l4fixed = b->lo[RG_L4PROTO] == b->hi[RG_L4PROTO];

	fprintf(out, "meta nfproto %s", v6 ? "ipv6" : "ipv4");
	addr_words(out, "saddr", b->lo[RG_SADDR], b->hi[RG_SADDR], v6);
	addr_words(out, "daddr", b->lo[RG_DADDR], b->hi[RG_DADDR], v6);
	if (l4fixed && l4 == 256)
		fputs(" (l4proto unknown: IP header not validated)", out);
	else if (l4fixed && l4_name(l4))
		fprintf(out, " meta l4proto %s", l4_name(l4));
	else if (!(b->lo[RG_L4PROTO] == 0 && b->hi[RG_L4PROTO] >= 255))
		num_words(out, "meta l4proto", b->lo[RG_L4PROTO],
			  b->hi[RG_L4PROTO] > 255 ? 255 : b->hi[RG_L4PROTO], 255);
	if (b->hi[RG_L4PROTO] == 256 && !l4fixed)
		fputs(" (or l4proto unknown)", out);
	/* boxes have one transport length (never merged across lengths),
	 * except the unknown l4proto's (none) */
	if (l4fixed && IS_ICMP(l4)) {
		unsigned t = (unsigned)b->lo[RG_TLEN];

		if (t >= rg_tlen_needed(RG_ICMPTYPE))
			num_words(out, "type", b->lo[RG_ICMPTYPE], b->hi[RG_ICMPTYPE], 255);
		if (t >= rg_tlen_needed(RG_ICMPCODE))
			num_words(out, "code", b->lo[RG_ICMPCODE], b->hi[RG_ICMPCODE], 255);
		if (t >= rg_tlen_needed(RG_DPORT))
			num_words(out, l4 == 1 ? "icmp checksum" : "icmpv6 checksum",
				  b->lo[RG_DPORT], b->hi[RG_DPORT], 65535);
	} else if (b->lo[RG_L4PROTO] < 256) {
		unsigned t = (unsigned)b->lo[RG_TLEN];

		if (t >= rg_tlen_needed(RG_SPORT))
			num_words(out, "th sport", b->lo[RG_SPORT], b->hi[RG_SPORT], 65535);
		if (t >= rg_tlen_needed(RG_DPORT))
			num_words(out, "th dport", b->lo[RG_DPORT], b->hi[RG_DPORT], 65535);
	}
	if (b->lo[RG_L4PROTO] < 256 && b->lo[RG_TLEN] == b->hi[RG_TLEN]) {
		unsigned t = (unsigned)b->lo[RG_TLEN];
		bool known = l4fixed && (IS_PORTS(l4) || IS_ICMP(l4));
		unsigned full = 4;	/* icmp: type, code, checksum */

		if (t == 0 && known)
			fputs(" non-first fragment (no transport header)", out);
		else if (t == 0)
			fputs(" no transport bytes (a non-first fragment, or none sent)", out);
		else if (t < full)
			fprintf(out, " truncated to %u transport byte%s", t, t == 1 ? "" : "s");
	}
	num_words(out, "meta mark", b->lo[RG_MARK], b->hi[RG_MARK], 0xffffffffu);
	num_words(out, "meta priority", b->lo[RG_PRIORITY], b->hi[RG_PRIORITY], 0xffffffffu);
	sockstate_words(out, b);
	num_words(out, "meta skuid", b->lo[RG_SKUID], b->hi[RG_SKUID], 0xffffffffu);
	if (b->lo[RG_SKGID] == NO_SKGID)
		fputs(" (socket without a file: no skgid)", out);
	else
		num_words(out, "meta skgid", b->lo[RG_SKGID],
			  b->hi[RG_SKGID] > 0xffffffffu ? 0xffffffffu : b->hi[RG_SKGID],
			  b->hi[RG_SKGID] == NO_SKGID ? 0xffffffffu : 0x1ffffffffull);
	if (b->hi[RG_SKGID] == NO_SKGID && b->lo[RG_SKGID] && b->lo[RG_SKGID] < NO_SKGID)
		fputs(" (or no skgid)", out);
	an_hook_words(b, out);
}

void an_box_json(const struct rg_box *b, FILE *out)
{
	char lo[48], hi[48];

	fputc('{', out);
	for (int d = 0; d < RG_NDIMS; d++) {
		bool st = d == RG_SOCKSTATE;	/* the states, not their positions */

		u128_dec(st ? rg_sockstate_value(b->lo[d]) : b->lo[d], lo);
		u128_dec(st ? rg_sockstate_value(b->hi[d]) : b->hi[d], hi);
		fprintf(out, "%s\"%s\":[\"%s\",\"%s\"]", d ? "," : "", dim_names[d], lo, hi);
	}
	fputc('}', out);
}

bool an_box_witness(const struct rg_box *b, char *buf, size_t len)
{
	bool v6 = b->lo[RG_NFPROTO] == 10;
	unsigned l4 = (unsigned)b->lo[RG_L4PROTO];
	unsigned tlen = (unsigned)b->hi[RG_TLEN];	/* the most complete */
	bool ports = IS_PORTS(l4), icmp = IS_ICMP(l4);
	char s[64], d[64];
	size_t n;

	if (l4 > 255)
		return false;
	/* the test socket's own fields */
	if (rg_sockstate_value(b->lo[RG_SOCKSTATE]) > TEST_SOCKSTATE ||
	    rg_sockstate_value(b->hi[RG_SOCKSTATE]) < TEST_SOCKSTATE ||
	    b->lo[RG_SKUID] > TEST_SKUID || b->hi[RG_SKGID] != NO_SKGID)
		return false;
	if ((ports || icmp) && l4 != 6 && l4 != 17 && !(l4 == 1 && !v6) && !(l4 == 58 && v6))
		return false;	/* the packet builder has no such header */
	addr_text(b->lo[RG_SADDR], v6, s, sizeof(s));
	addr_text(b->lo[RG_DADDR], v6, d, sizeof(d));
	n = (size_t)snprintf(buf, len, "%s saddr %s %s daddr %s", v6 ? "ip6" : "ip", s,
			     v6 ? "ip6" : "ip", d);
	if (tlen && ports)
		n += (size_t)snprintf(buf + n, len - n, " %s sport %u %s dport %u",
				      l4_name(l4), (unsigned)b->lo[RG_SPORT], l4_name(l4),
				      (unsigned)b->lo[RG_DPORT]);
	else if (tlen && icmp) {
		n += (size_t)snprintf(buf + n, len - n, " %s type %u %s code %u",
				      l4_name(l4), (unsigned)b->lo[RG_ICMPTYPE], l4_name(l4),
				      (unsigned)b->lo[RG_ICMPCODE]);
		if (tlen >= 4 && !(b->lo[RG_DPORT] == 0 && b->hi[RG_DPORT] == 65535))
			n += (size_t)snprintf(buf + n, len - n, " %s checksum %u", l4_name(l4),
					      (unsigned)b->lo[RG_DPORT]);
	} else {
		/* another protocol: its first transport bytes as payload */
		unsigned char th[4] = { (unsigned char)(b->lo[RG_SPORT] >> 8),
					(unsigned char)b->lo[RG_SPORT],
					(unsigned char)(b->lo[RG_DPORT] >> 8),
					(unsigned char)b->lo[RG_DPORT] };

		n += (size_t)snprintf(buf + n, len - n, " meta l4proto %u", l4);
		if (!ports && !icmp && b->lo[RG_TLEN] == b->hi[RG_TLEN] && b->lo[RG_TLEN]) {
			n += (size_t)snprintf(buf + n, len - n, " payload-hex ");
			for (unsigned i = 0; i < (unsigned)b->lo[RG_TLEN]; i++)
				n += (size_t)snprintf(buf + n, len - n, "%02x", th[i]);
		}
	}
	if (!tlen && (ports || icmp))
		n += (size_t)snprintf(buf + n, len - n, v6 ? " frag frag-off 1" : " ip frag-off 185");
	else if ((ports || icmp) && tlen < 4)
		n += (size_t)snprintf(buf + n, len - n, " truncate %u", (v6 ? 40 : 20) + tlen);
	n += (size_t)snprintf(buf + n, len - n, " meta mark %u", (unsigned)b->lo[RG_MARK]);
	if (b->lo[RG_PRIORITY])
		n += (size_t)snprintf(buf + n, len - n, " meta priority %u",
				      (unsigned)b->lo[RG_PRIORITY]);
	return n < len && an_hook_witness(b, buf, len);
}
