// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of expressions: a selector's words become the IR field it
 * reads, its datatype and its protocol dependencies (as nft's
 * expr_evaluate_payload/meta and payload_gen_dependency); value words
 * become constants of the selector's type (datatype.c); ranges, prefixes
 * and flag lists become intervals; sets become IR sets.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/evaluate.h"
#include "frontend/proto.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"

static bool refuse(struct evctx *e, const struct fe_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool refuse(struct evctx *e, const struct fe_loc *loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fe_error(e->d, loc, "%s", msg);
	return false;
}

/* ---- selectors ---- */

static void parse_deps(const char *deps, struct ev_sel *s)
{
	const char *nf = strstr(deps, "nfproto="), *l4 = strstr(deps, "l4proto=");

	s->dep_nfproto = nf ? atoi(nf + 8) : 0;
	s->dep_l4proto = l4 ? atoi(l4 + 8) : -1;
}

static bool payload(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	const char *proto = x->sel.words[0], *name = x->sel.words[1];
	const struct proto_field *f;

	if (!strcmp(proto, "ether") || !strcmp(proto, "vlan") || !strcmp(proto, "arp"))
		return refuse(e, &x->loc, "%s is not available in a cgroup table: cgroup_skb "
			      "sees packets from the IP header, without a link layer", proto);
	if (!strcmp(proto, "gre"))
		return refuse(e, &x->loc, "gre headers are not supported by cgnft yet");
	f = proto_field_find(proto, name);
	if (!f)
		return refuse(e, &x->loc, "unknown %s field \"%s\" (%s has %s)", proto, name,
			      proto, proto_field_names(proto));
	s->field = proto_ir_field(f->base == BASE_NH ? IR_BASE_NETWORK : IR_BASE_TRANSPORT,
				  f->bit_off, f->bit_len);
	if (!strcmp(f->type, "integer"))
		s->type = dt_integer(f->bit_len);
	else if (!strcmp(f->type, "bitmask"))
		s->type = &dt_bitmask;
	else
		s->type = dt_by_name(f->type);
	s->bits = f->bit_len;
	parse_deps(f->deps, s);
	s->echo_dep = f->echo_dep;
	s->proto = proto;
	return s->type != NULL;
}

static bool number(const char *text, unsigned long *v)
{
	char *end;

	errno = 0;
	*v = strtoul(text, &end, 0);
	return !errno && *text && !*end;
}

/* @base,offset,length: nft's raw payload. */
static bool raw(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	const char *base = x->sel.words[0];
	unsigned long off, len;

	if (!strcmp(base, "ll"))
		return refuse(e, &x->loc, "@ll is not available in a cgroup table: cgroup_skb sees "
			      "packets from the IP header, without a link layer");
	if (strcmp(base, "nh") && strcmp(base, "th"))
		return refuse(e, &x->loc, "unknown raw payload base \"%s\" (@nh or @th; @ll and "
			      "@ih are not available in a cgroup table)", base);
	if (!number(x->sel.words[1], &off) || !number(x->sel.words[2], &len) ||
	    off > 0xffff * 8)
		return refuse(e, &x->loc, "expected @BASE,OFFSET,LENGTH with numbers in bits");
	if (len == 0 || len > 64 || (off % 8 + len > 64))
		return refuse(e, &x->loc, "raw payload of %lu bits at bit %lu: cgnft reads at "
			      "most 64 bits within one 8-byte word", len, off);
	s->field = proto_ir_field(!strcmp(base, "nh") ? IR_BASE_NETWORK : IR_BASE_TRANSPORT,
				  off, len);
	s->type = dt_integer(len);
	s->bits = len;
	s->dep_l4proto = -1;
	s->proto = "raw payload";
	return true;
}

static bool meta(struct evctx *e, const struct expr *x, const char *name, bool bare,
		 struct ev_sel *s)
{
	const struct meta_key *k = meta_key_find(name);

	if (!k || (bare && !k->bare)) {
		if (bare && k)
			return refuse(e, &x->loc, "syntax error, unexpected %s: write `meta %s`",
				      name, name);
		return refuse(e, &x->loc, bare ? "syntax error, unexpected %s" :
			      "unknown meta key \"%s\"", name);
	}
	if (k->ir_key < 0)
		return refuse(e, &x->loc, "%s", k->why);
	s->field = (struct ir_field){ .base = IR_BASE_META, .key = k->ir_key,
				      .len = k->bits / 8, .mask = ~0ull };
	s->type = k->type == &dt_integer_type ? dt_integer(k->bits) : k->type;
	s->bits = k->bits;
	s->dep_l4proto = -1;
	s->proto = "meta";
	return true;
}

static bool sock(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	static const struct { const char *n; enum ir_sock key; const struct datatype *t; } keys[] = {
		{ "family", IR_SOCK_FAMILY, &dt_sock_family },
		{ "type", IR_SOCK_TYPE, &dt_sock_type },
		{ "protocol", IR_SOCK_PROTOCOL, &dt_inet_proto },
	};
	const char *key = x->sel.words[1];

	s->dep_l4proto = -1;
	s->proto = "socket";
	if (!strcmp(key, "cgroupv2")) {
		if (x->sel.level < 0 || x->sel.level > 255)
			return refuse(e, &x->loc, "expected `socket cgroupv2 level N` with N "
				      "from 0 to 255");
		s->field = (struct ir_field){ .base = IR_BASE_META,
			.key = IR_META_CGROUP_ANCESTOR, .len = 8, .mask = ~0ull,
			.level = x->sel.level };
		s->type = &dt_cgroupsv2;
		s->bits = 64;
		s->is_string = true;
		return true;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].n)) {
			s->field = (struct ir_field){ .base = IR_BASE_SOCK, .key = keys[i].key,
						      .len = 4, .mask = ~0ull };
			s->type = keys[i].t;
			s->bits = keys[i].t == &dt_inet_proto ? 8 : 32;
			s->family = EV_SOCK;
			return true;
		}
	return refuse(e, &x->loc, "socket %s is not available in a cgroup table (socket "
		      "family, type and protocol in sock_create chains; socket cgroupv2 "
		      "level N in packet chains)", key);
}

static bool sysctl(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	const char *a = x->sel.words[1], *b = x->sel.nwords > 2 ? x->sel.words[2] : "";

	s->field = (struct ir_field){ .base = IR_BASE_SYSCTL, .len = 8, .mask = ~0ull };
	s->family = EV_SYSCTL;
	s->dep_l4proto = -1;
	s->proto = "sysctl";
	s->type = dt_integer(64);
	s->bits = 64;
	if (!strcmp(a, "read") || !strcmp(a, "write")) {
		s->field.key = IR_SYSCTL_WRITE;
		s->field.len = 1;
		return true;
	}
	if (!strcmp(a, "name") || (!strcmp(a, "base") && !strcmp(b, "name"))) {
		s->field.key = a[0] == 'n' ? IR_SYSCTL_NAME : IR_SYSCTL_BASE_NAME;
		s->is_string = true;
		s->type = &dt_string;
		return true;
	}
	if (!strcmp(a, "value") || (!strcmp(a, "current") && !strcmp(b, "value"))) {
		s->field.key = a[0] == 'v' ? IR_SYSCTL_NEW_VALUE : IR_SYSCTL_CUR_VALUE;
		s->is_string = true;	/* or numeric: decided by the value */
		return true;
	}
	return refuse(e, &x->loc, "unknown sysctl match: expected read, write, name, base "
		      "name, value or current value");
}

bool ev_selector(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	memset(s, 0, sizeof(*s));
	s->dep_l4proto = -1;
	if (x->kind == EXPR_SYMBOL)	/* a bare meta key: mark, skuid, ... */
		return meta(e, x, x->text, true, s);
	if (x->kind != EXPR_SELECTOR)
		return refuse(e, &x->loc, "expected a selector (a header field, meta key, ...)");
	switch (x->sel.kind) {
	case SEL_PAYLOAD:
		return payload(e, x, s);
	case SEL_RAW:
		return raw(e, x, s);
	case SEL_META:
		return meta(e, x, x->sel.words[1], false, s);
	case SEL_SOCKET:
		return sock(e, x, s);
	case SEL_SYSCTL:
		return sysctl(e, x, s);
	case SEL_CT:
		return refuse(e, &x->loc, "ct is not available in a cgroup table yet: conntrack "
			      "state comes with issue 19");
	case SEL_EXTHDR:
		return refuse(e, &x->loc, "IPv6 extension header matches are not supported by "
			      "cgnft yet");
	case SEL_TCPOPT:
		return refuse(e, &x->loc, "tcp option matches are not supported by cgnft yet");
	case SEL_IPOPT:
		return refuse(e, &x->loc, "ip option matches are not supported by cgnft yet");
	case SEL_OTHER:
		if (!strcmp(x->sel.words[0], "fib"))
			return refuse(e, &x->loc, "fib is not available in a cgroup table: cgroup "
				      "programs have no routing lookup");
		if (!strcmp(x->sel.words[0], "osf"))
			return refuse(e, &x->loc, "osf is not available in a cgroup table");
		if (!strcmp(x->sel.words[0], "ipsec"))
			return refuse(e, &x->loc, "ipsec is not available in a cgroup table: "
				      "cgroup programs cannot see IPsec state");
		return refuse(e, &x->loc, "%s is not supported by cgnft yet", x->sel.words[0]);
	}
	return false;
}

/* ---- values ---- */

const struct expr *ev_variable(struct evctx *e, const struct expr *x)
{
	for (size_t i = e->tree->ndefines; i-- > 0;)
		if (!strcmp(e->tree->defines[i].name, x->text))
			return e->tree->defines[i].value;
	fe_error(e->d, &x->loc, "unknown identifier '%s'", x->text);
	return NULL;
}

bool ev_value(struct evctx *e, const struct expr *x, const struct datatype *type,
	      unsigned bits, struct ir_val *out)
{
	char err[256];
	bool ok;

	switch (x->kind) {
	case EXPR_VALUE:
		*out = x->value;
		return true;
	case EXPR_VARIABLE: {
		const struct expr *v = ev_variable(e, x);

		if (!v)
			return false;
		if (e->define_depth >= 16)
			return refuse(e, &x->loc, "defines nest too deeply (a define refers "
				      "to itself?)");
		e->define_depth++;
		ok = ev_value(e, v, type, bits, out);
		e->define_depth--;
		return ok;
	}
	case EXPR_SYMBOL:
	case EXPR_STRING:
		if (dt_parse_ex(type, x->text, bits, x->kind == EXPR_STRING ? DT_PARSE_QUOTED : 0,
				out, err, sizeof(err)))
			return true;
		return refuse(e, &x->loc, "%s", err);
	default:
		return refuse(e, &x->loc, "expected a value of type %s", type->name);
	}
}

static int cmp_val(struct ir_val a, struct ir_val b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return a.lo < b.lo ? -1 : a.lo > b.lo;
}

/* lo..hi of `addr/len` for a `bits`-wide value: host bits cleared and set. */
static void prefix_range(struct ir_val v, unsigned bits, unsigned len,
			 struct ir_val *lo, struct ir_val *hi)
{
	unsigned host = bits - len;

	*lo = v;
	*hi = v;
	for (unsigned i = 0; i < host; i++) {
		uint64_t *w = i < 64 ? &lo->lo : &lo->hi, *h = i < 64 ? &hi->lo : &hi->hi;
		uint64_t bit = 1ull << (i % 64);

		*w &= ~bit;
		*h |= bit;
	}
}

bool ev_interval(struct evctx *e, const struct expr *x, const struct datatype *type,
		 unsigned bits, struct ir_val *lo, struct ir_val *hi)
{
	unsigned long len;

	switch (x->kind) {
	case EXPR_RANGE:
		if (!ev_value(e, x->range.lo, type, bits, lo) ||
		    !ev_value(e, x->range.hi, type, bits, hi))
			return false;
		if (cmp_val(*lo, *hi) > 0)
			return refuse(e, &x->loc, "Range has zero or negative size");
		return true;
	case EXPR_MASKED:	/* a prefix: addr/len */
		if (type->kind == DT_BITMASK)
			return refuse(e, &x->loc, "a flag mask (flags / mask) is a match of its own, "
				      "not an element");
		if (x->range.hi->kind != EXPR_SYMBOL || !number(x->range.hi->text, &len))
			return refuse(e, &x->range.hi->loc, "expected a prefix length");
		if (len > bits)
			return refuse(e, &x->range.hi->loc, "Prefix length %lu is invalid for "
				      "type of %u bits width", len, bits);
		if (!ev_value(e, x->range.lo, type, bits, lo))
			return false;
		prefix_range(*lo, bits, (unsigned)len, lo, hi);
		return true;
	case EXPR_VARIABLE: {
		const struct expr *v = ev_variable(e, x);
		bool ok;

		if (!v)
			return false;
		if (e->define_depth >= 16)
			return refuse(e, &x->loc, "defines nest too deeply (a define refers "
				      "to itself?)");
		e->define_depth++;
		ok = ev_interval(e, v, type, bits, lo, hi);
		e->define_depth--;
		return ok;
	}
	case EXPR_BINOP:
	case EXPR_LIST: {	/* flags: a | b, a, b */
		struct ir_val a, b;
		const struct expr *l = x->kind == EXPR_BINOP ? x->binop.left : NULL;

		if (type->kind != DT_BITMASK)
			return refuse(e, &x->loc, "Basetype of type %s is not bitmask", type->desc);
		if (x->kind == EXPR_BINOP && x->binop.op != BINOP_OR)
			return refuse(e, &x->loc, "only | combines values");
		memset(lo, 0, sizeof(*lo));
		for (size_t i = 0; x->kind == EXPR_LIST ? i < x->list.n : i < 2; i++) {
			const struct expr *p = x->kind == EXPR_LIST ? x->list.v[i] :
					       i ? x->binop.right : l;

			if (!ev_interval(e, p, type, bits, &a, &b))
				return false;
			lo->lo |= a.lo;
		}
		*hi = *lo;
		return true;
	}
	default:
		if (!ev_value(e, x, type, bits, lo))
			return false;
		*hi = *lo;
		return true;
	}
}

bool ev_const(struct evctx *e, const struct expr *x, const struct datatype *type,
	      unsigned bits, struct ir_val *out)
{
	struct ir_val a, b;

	if (x->kind != EXPR_BINOP || (type->kind == DT_BITMASK && x->binop.op == BINOP_OR))
		return ev_interval(e, x, type, bits, out, out);
	if (x->binop.op == BINOP_LSHIFT || x->binop.op == BINOP_RSHIFT)
		return refuse(e, &x->loc, "a shift of constants is not supported (nft 1.0.6 "
			      "aborts on it): shift the selector, `(a & b) >> n`");
	if (!ev_const(e, x->binop.left, type, bits, &a) ||
	    !ev_const(e, x->binop.right, type, bits, &b))
		return false;
	switch (x->binop.op) {
	case BINOP_AND: out->hi = a.hi & b.hi; out->lo = a.lo & b.lo; break;
	case BINOP_OR: out->hi = a.hi | b.hi; out->lo = a.lo | b.lo; break;
	default: out->hi = a.hi ^ b.hi; out->lo = a.lo ^ b.lo; break;
	}
	return true;
}

/* ---- socket cgroupv2 paths ---- */

bool ev_cgroup_path(struct evctx *e, const struct expr *x, struct ir_val *out)
{
	uint64_t id;
	int err;

	if (x->kind != EXPR_STRING)
		return refuse(e, &x->loc, "expected the cgroup path as a quoted string");
	err = cgroup2_id(x->text, &id);
	if (err)
		return refuse(e, &x->loc, "cgroupv2 path fails: %s", strerror(-err));
	out->hi = 0;
	out->lo = id;
	return true;
}
