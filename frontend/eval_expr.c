// SPDX-License-Identifier: GPL-2.0
/*
 * Evaluation of expressions: a selector's words become the IR field it
 * reads, its datatype and its protocol dependencies (as nft's
 * expr_evaluate_payload/meta and payload_gen_dependency); value words
 * become constants of the selector's type (datatype.c); ranges, prefixes
 * and flag lists become intervals; sets become IR sets.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/evaluate.h"
#include "frontend/proto.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"

/* An error at loc; false, for `return ev_refuse(...)`. */
bool ev_refuse(struct evctx *e, const struct fe_loc *loc, const char *fmt, ...)
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

/* The icmp type a field belongs to, as nft's icmp_dep (payload.c): its
 * read adds `icmp type == T` to the rule.  0: any type (type, code,
 * checksum), or the echo types (id, sequence: proto_field.echo_dep). */
static int icmp_field_type(const char *proto, const char *name)
{
	static const struct { const char *proto, *name; int type; } deps[] = {
		{ "icmp", "gateway", 5 },		/* redirect */
		{ "icmp", "mtu", 3 },			/* destination-unreachable */
		{ "icmpv6", "mtu", 2 },			/* packet-too-big */
		{ "icmpv6", "param-problem", 4 },	/* parameter-problem */
		{ "icmpv6", "max-delay", 130 },		/* mld-listener-query */
	};

	for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
		if (!strcmp(deps[i].proto, proto) && !strcmp(deps[i].name, name))
			return deps[i].type;
	return 0;
}

static bool payload(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	const char *proto = x->sel.words[0], *name = x->sel.words[1];
	const struct proto_field *f;

	if (!strcmp(proto, "ether") || !strcmp(proto, "vlan") || !strcmp(proto, "arp"))
		return ev_refuse(e, &x->loc, "%s is not available in a cgroup table: cgroup_skb "
			      "sees packets from the IP header, without a link layer", proto);
	if (!strcmp(proto, "gre"))
		return ev_refuse(e, &x->loc, "gre headers are not supported by cgnft yet");
	f = proto_field_find(proto, name);
	if (!f)
		return ev_refuse(e, &x->loc, "unknown %s field \"%s\" (%s has %s)", proto, name,
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
	s->icmp_type_dep = icmp_field_type(proto, name);
	s->icmp_type = (!strcmp(proto, "icmp") || !strcmp(proto, "icmpv6")) &&
		       !strcmp(name, "type");
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
		return ev_refuse(e, &x->loc, "@ll is not available in a cgroup table: cgroup_skb sees "
			      "packets from the IP header, without a link layer");
	if (strcmp(base, "nh") && strcmp(base, "th"))
		return ev_refuse(e, &x->loc, "unknown raw payload base \"%s\" (@nh or @th; @ll and "
			      "@ih are not available in a cgroup table)", base);
	if (!number(x->sel.words[1], &off) || !number(x->sel.words[2], &len) ||
	    off > 0xffff * 8)
		return ev_refuse(e, &x->loc, "expected @BASE,OFFSET,LENGTH with numbers in bits");
	if (len == 0 || len > 64 || (off % 8 + len > 64))
		return ev_refuse(e, &x->loc, "raw payload of %lu bits at bit %lu: cgnft reads at "
			      "most 64 bits within one 8-byte word", len, off);
	s->field = proto_ir_field(!strcmp(base, "nh") ? IR_BASE_NETWORK : IR_BASE_TRANSPORT,
				  off, len);
	s->type = dt_integer(len);
	s->bits = len;
	s->dep_l4proto = -1;
	s->proto = "raw payload";
	return true;
}

/* `exthdr frag` (found or not) and `frag frag-off` (a field of the first
 * such header), as nft's exthdr expression in an inet table: both depend
 * on meta nfproto ipv6. */
static bool exthdr(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	static const struct { const char *name; unsigned type; } found[] = {
		{ "hbh", 0 }, { "frag", 44 }, { "rt", 43 }, { "dst", 60 }, { "mh", 135 },
	};
	const char *hdr = x->sel.words[0], *name = x->sel.words[1];
	const struct exthdr_field *f;
	unsigned long index = 1;

	/* `rt` is also nft's routing expression; rt classid is meta rtclassid */
	if (!strcmp(hdr, "rt") && !strcmp(name, "classid")) {
		s->field = (struct ir_field){ .base = IR_BASE_META, .key = IR_META_RTCLASSID,
					      .len = 4, .mask = ~0ull };
		s->type = &dt_realm;
		s->bits = 32;
		s->dep_l4proto = -1;
		s->proto = "rt";
		return true;
	}
	if (!strcmp(hdr, "rt") && (!strcmp(name, "nexthop") || !strcmp(name, "mtu") ||
				   !strcmp(name, "ipsec")))
		return ev_refuse(e, &x->loc, "rt %s is not supported by cgnft yet: routing "
			      "expressions read the packet's route (skb_dst), a kernel structure "
			      "cgnft does not read yet", name);

	s->dep_nfproto = 10;
	s->proto = "ip6";
	if (!strcmp(hdr, "exthdr")) {
		for (size_t i = 0; i < sizeof(found) / sizeof(found[0]); i++)
			if (!strcmp(name, found[i].name)) {
				s->field = (struct ir_field){ .base = IR_BASE_EXTHDR_FOUND,
					.key = found[i].type, .len = 1, .mask = ~0ull };
				s->type = &dt_boolean;
				s->bits = 8;
				return true;
			}
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s, expecting hbh or frag or "
			      "rt or dst or mh", name);
	}
	f = exthdr_field_find(hdr, name);
	if (!f)
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s, expecting %s", name,
			      exthdr_field_names(hdr));
	if (f->stride && x->sel.nwords < 3)
		return ev_refuse(e, &x->loc, "syntax error, expecting '[': %s %s[N]", hdr, name);
	if (!f->stride && x->sel.nwords > 2)
		return ev_refuse(e, &x->loc, "%s %s has no index", hdr, name);
	/* nft 1.0.6 fails on, or crashes with, higher indexes */
	if (f->stride && (!number(x->sel.words[2], &index) || index < 1 || index > 2))
		return ev_refuse(e, &x->loc, "%s %s[%s]: the index must be 1 or 2, as in nft", hdr,
			      name, x->sel.words[2]);
	s->field = proto_ir_field(IR_BASE_EXTHDR, f->bit_off + (index - 1) * f->stride,
				  f->bit_len);
	s->field.key = (uint16_t)f->type;
	s->type = !strcmp(f->type_name, "integer") ? dt_integer(f->bit_len) :
		  dt_by_name(f->type_name);
	s->bits = f->bit_len;
	return s->type != NULL;
}

/* `tcp option maxseg size`, `tcp option sack-perm` (found or not), `tcp
 * option 34`, `tcp option @2,16,16`, as nft's tcp option expression: no
 * dependency (nft adds none; the load itself needs a TCP header). */
static bool tcpopt(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	const char *opt = x->sel.words[1];
	unsigned long kind, off, len;
	unsigned k;

	s->proto = "tcp option";
	if (!strcmp(x->sel.words[0], "@")) {
		if (!number(x->sel.words[1], &kind) || kind > 255)
			return ev_refuse(e, &x->loc, "value too large");
		if (!number(x->sel.words[2], &off) || !number(x->sel.words[3], &len) ||
		    off > 255 * 8 || len == 0)
			return ev_refuse(e, &x->loc, "expected tcp option @KIND,OFFSET,LENGTH with "
				      "the offset and length in bits");
		if (len > 64 || off % 8 + len > 64)
			return ev_refuse(e, &x->loc, "tcp option of %lu bits at bit %lu: cgnft "
				      "reads at most 64 bits within one 8-byte word", len, off);
		s->field = proto_ir_field(IR_BASE_TCPOPT, (unsigned)off, (unsigned)len);
		s->field.key = (uint16_t)kind;
		s->type = dt_integer((unsigned)len);
		s->bits = (unsigned)len;
		return true;
	}
	if (number(opt, &kind)) {
		if (kind > 255)
			return ev_refuse(e, &x->loc, "value too large");
		k = (unsigned)kind;
	} else if (!tcpopt_kind(opt, &k)) {
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s", opt);
	}
	if (x->sel.nwords < 3) {
		s->field = (struct ir_field){ .base = IR_BASE_TCPOPT_FOUND, .key = (uint16_t)k,
					      .len = 1, .mask = ~0ull };
		s->type = &dt_boolean;
		s->bits = 8;
		return true;
	}
	const struct exthdr_field *f = tcpopt_field_find(opt, x->sel.words[2]);

	if (!f)
		return ev_refuse(e, &x->loc, "tcp option %s has no field \"%s\"%s%s", opt,
			      x->sel.words[2], *tcpopt_field_names(opt) ? ": expecting " : "",
			      tcpopt_field_names(opt));
	s->field = proto_ir_field(IR_BASE_TCPOPT, f->bit_off, f->bit_len);
	s->field.key = (uint16_t)f->type;
	s->type = dt_integer(f->bit_len);
	s->bits = f->bit_len;
	return true;
}

/* `sctp chunk init init-tag`, `sctp chunk data` (found or not), as nft's
 * sctp chunk expression: no dependency (the load needs an SCTP header). */
static bool sctpchunk(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	const char *chunk = x->sel.words[1];
	const struct exthdr_field *f;
	unsigned type;

	s->proto = "sctp chunk";
	if (!sctp_chunk_type(chunk, &type))
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s", chunk);
	if (x->sel.nwords < 3) {
		s->field = (struct ir_field){ .base = IR_BASE_SCTPCHUNK_FOUND,
					      .key = (uint16_t)type, .len = 1, .mask = ~0ull };
		s->type = &dt_boolean;
		s->bits = 8;
		return true;
	}
	f = sctp_field_find(chunk, x->sel.words[2]);
	if (!f)
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s, expecting %s",
			      x->sel.words[2], sctp_field_names(chunk));
	s->field = proto_ir_field(IR_BASE_SCTPCHUNK, f->bit_off, f->bit_len);
	s->field.key = (uint16_t)f->type;
	s->type = dt_integer(f->bit_len);
	s->bits = f->bit_len;
	return true;
}

static void set_canon(const struct expr *x, char *text);

static bool meta(struct evctx *e, const struct expr *x, const char *name, bool bare,
		 struct ev_sel *s)
{
	const struct meta_key *k = meta_key_find(name);

	if (!k || (bare && !k->bare)) {
		if (bare && k)
			return ev_refuse(e, &x->loc, "syntax error, unexpected %s: write `meta %s`",
				      name, name);
		if (bare)
			return ev_refuse(e, &x->loc, "syntax error, unexpected %s", name);
		return ev_refuse(e, &x->loc, "unknown meta key \"%s\": the keys a cgroup table "
			      "reads are %s", name, meta_key_names());
	}
	if (k->ir_key < 0)
		return ev_refuse(e, &x->loc, "%s", k->why);
	/* nft lists the interface keys without `meta` (meta_key_is_unqualified),
	 * every other key with it, however it was written */
	set_canon(x, !strcmp(name, "iif") || !strcmp(name, "oif") || !strcmp(name, "iifname") ||
		  !strcmp(name, "oifname") || !strcmp(name, "iifgroup") ||
		  !strcmp(name, "oifgroup") ? xstrdup(name) : xasprintf("meta %s", name));
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
			return ev_refuse(e, &x->loc, "expected `socket cgroupv2 level N` with N "
				      "from 0 to 255");
		s->field = (struct ir_field){ .base = IR_BASE_META,
			.key = IR_META_CGROUP_ANCESTOR, .len = 8, .mask = ~0ull,
			.level = x->sel.level };
		s->type = &dt_cgroupsv2;
		s->bits = 64;
		s->is_string = true;
		return true;
	}
	if (!strcmp(key, "state")) {	/* cgnft's: the socket's own state */
		s->field = (struct ir_field){ .base = IR_BASE_META,
			.key = IR_META_SOCK_STATE, .len = 1, .mask = ~0ull };
		s->type = &dt_sock_state;
		s->bits = 8;
		s->packet_what = "socket state";
		s->packet_why = "it is the state of the socket that sends or receives a "
				"packet, and this hook has no packet";
		return true;
	}
	if (!strcmp(key, "mark") || !strcmp(key, "wildcard")) {	/* nft_socket.c */
		bool mark = key[0] == 'm';

		s->field = (struct ir_field){ .base = IR_BASE_META, .len = mark ? 4 : 1,
			.key = mark ? IR_META_SOCK_MARK : IR_META_SOCK_WILDCARD, .mask = ~0ull };
		s->type = mark ? &dt_mark : &dt_integer_type;
		s->bits = mark ? 32 : 1;
		s->packet_what = mark ? "socket mark" : "socket wildcard";
		s->packet_why = "it is a key of the socket that sends or receives a packet, and "
				"this hook has no packet";
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
	return ev_refuse(e, &x->loc, "socket %s is not supported by cgnft yet (socket family, "
		      "type and protocol in sock_create chains; socket cgroupv2 level N, mark, "
		      "wildcard and state in packet chains)", key);
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
	return ev_refuse(e, &x->loc, "unknown sysctl match: expected read, write, name, base "
		      "name, value or current value");
}

bool ev_selector(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	memset(s, 0, sizeof(*s));
	s->dep_l4proto = -1;
	if (x->kind == EXPR_SYMBOL)	/* a bare meta key: mark, skuid, ... */
		return meta(e, x, x->text, true, s);
	if (x->kind != EXPR_SELECTOR)
		return ev_refuse(e, &x->loc, "expected a selector (a header field, meta key, ...)");
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
		return ev_ct(e, x, s);
	case SEL_EXTHDR:
		return exthdr(e, x, s);
	case SEL_TCPOPT:
		return tcpopt(e, x, s);
	case SEL_SCTPCHUNK:
		return sctpchunk(e, x, s);
	case SEL_IPOPT:
		return ev_refuse(e, &x->loc, "ip option matches are not available in a cgroup "
			      "table: nft finds an option only after the kernel validates the whole "
			      "option list (__ip_options_compile), and that result depends on the "
			      "sending task's CAP_NET_RAW and on route lookups (timestamp options), "
			      "which a cgroup program cannot make");
	case SEL_HASH:	/* in rules: rp_selector */
		return ev_refuse(e, &x->loc, "%s is not supported here by cgnft yet", x->sel.words[0]);
	case SEL_OTHER:
		if (!strcmp(x->sel.words[0], "fib"))
			return ev_refuse(e, &x->loc, "fib is not available in a cgroup table: cgroup "
				      "programs have no routing lookup");
		if (!strcmp(x->sel.words[0], "osf"))
			return ev_refuse(e, &x->loc, "osf is not available in a cgroup table");
		if (!strcmp(x->sel.words[0], "ipsec"))
			return ev_refuse(e, &x->loc, "ipsec is not supported by cgnft yet: the "
				      "IPsec state is in the kernel's struct sk_buff, which cgnft "
				      "does not read yet");
		return ev_refuse(e, &x->loc, "%s is not supported by cgnft yet", x->sel.words[0]);
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

/* x's text as nft lists it from now on: the canonical form of what it
 * evaluated to (the listing and counter keys are made after evaluation). */
void ev_set_canon(const struct expr *x, char *text)
{
	set_canon(x, text);
}

static void set_canon(const struct expr *x, char *text)
{
	struct expr *w = (struct expr *)x;	/* evaluation's annotation */

	free(w->canon);
	w->canon = text;
}

static void canon_value(const struct expr *x, const struct datatype *type, struct ir_val v)
{
	char buf[256];

	dt_print(type, v, buf, sizeof(buf));
	set_canon(x, xstrdup(buf));
}

/* A variable's use lists as its value, as nft expands it. */
static void canon_variable(const struct expr *x, const struct expr *value);

void ev_canon_as(const struct expr *x, const struct expr *value)
{
	canon_variable(x, value);
}

static void canon_variable(const struct expr *x, const struct expr *value)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	ev_expr_text(value, m);
	fclose(m);
	set_canon(x, buf);
}

bool ev_value(struct evctx *e, const struct expr *x, const struct datatype *type,
	      unsigned bits, struct ir_val *out)
{
	char err[256];
	bool ok;

	switch (x->kind) {
	case EXPR_VALUE:
		*out = x->value;
		canon_value(x, type, *out);
		return true;
	case EXPR_VARIABLE: {
		const struct expr *v = ev_variable(e, x);

		if (!v)
			return false;
		if (e->define_depth >= 16)
			return ev_refuse(e, &x->loc, "defines nest too deeply (a define refers "
				      "to itself?)");
		e->define_depth++;
		ok = ev_value(e, v, type, bits, out);
		e->define_depth--;
		if (ok)
			canon_value(x, type, *out);
		return ok;
	}
	case EXPR_SYMBOL:
	case EXPR_STRING:
		if (dt_parse_ex(type, x->text, bits, x->kind == EXPR_STRING ? DT_PARSE_QUOTED : 0,
				out, err, sizeof(err))) {
			canon_value(x, type, *out);
			return true;
		}
		return ev_refuse(e, &x->loc, "%s", err);
	default:
		return ev_refuse(e, &x->loc, "expected a value of type %s", type->name);
	}
}

static uint64_t low_bits(unsigned bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

bool ev_shift_amount(struct evctx *e, const struct expr *x, enum binop op,
		     unsigned bits, unsigned *out)
{
	struct ir_val v;

	if (!ev_const(e, x, dt_integer(32), 32, &v))
		return false;
	if (v.lo >= bits)
		return ev_refuse(e, &x->loc, "%s shift of %" PRIu64 " bits is undefined for type "
			      "of %u bits width", op == BINOP_LSHIFT ? "Left" : "Right", v.lo, bits);
	*out = (unsigned)v.lo;
	return true;
}

bool ev_const(struct evctx *e, const struct expr *x, const struct datatype *type,
	      unsigned bits, struct ir_val *out)
{
	struct ir_val a, b;

	if (x->kind == EXPR_VARIABLE) {
		const struct expr *v = ev_variable(e, x);
		bool ok;

		if (!v)
			return false;
		if (e->define_depth >= 16)
			return ev_refuse(e, &x->loc, "defines nest too deeply (a define refers "
				      "to itself?)");
		e->define_depth++;
		ok = ev_const(e, v, type, bits, out);
		e->define_depth--;
		return ok;
	}
	if (x->kind != EXPR_BINOP)
		return ev_value(e, x, type, bits, out);
	if (x->binop.op == BINOP_LSHIFT || x->binop.op == BINOP_RSHIFT)
		return ev_refuse(e, &x->loc, "a shift of constants is not supported (nft 1.0.6 "
			      "aborts on it): shift the selector, `(a & b) >> n`");
	if (!ev_const(e, x->binop.left, type, bits, &a))
		return false;
	memset(out, 0, sizeof(*out));
	if (!ev_const(e, x->binop.right, type, bits, &b))
		return false;
	out->lo = x->binop.op == BINOP_AND ? a.lo & b.lo :
		  x->binop.op == BINOP_OR ? a.lo | b.lo : a.lo ^ b.lo;
	out->lo &= low_bits(bits);	/* nft keeps the constant in the type's width */
	return true;
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

/*
 * An interface name as nft's 16-byte string (expr_evaluate_string): the
 * bytes first byte most significant, NUL-padded; "eth*" (a trailing
 * unescaped *) is the prefix, all names that start with "eth": the range
 * from "eth" padded with zeros to "eth" padded with 0xff.
 */
static bool ifname_interval(struct evctx *e, const struct expr *x,
			    struct ir_val *lo, struct ir_val *hi)
{
	char name[17] = "";
	const char *t = x->text;
	size_t n = strlen(t), plen = 16;
	bool wild = n && t[n - 1] == '*';

	if (wild && n >= 2 && t[n - 2] == '\\') {
		wild = false;	/* "eth\*": a literal star */
		if (n - 1 < sizeof(name)) {
			memcpy(name, t, n - 2);
			name[n - 2] = '*';
			name[n - 1] = '\0';
		}
		n--;
	} else if (n < sizeof(name)) {
		memcpy(name, t, n + 1);
	}
	if (!n)
		return ev_refuse(e, &x->loc, "Empty string is not allowed");
	if (n >= 16)
		return ev_refuse(e, &x->loc, "String exceeds maximum length of 16");
	if (wild && n == 1)
		return ev_refuse(e, &x->loc, "All-wildcard strings are not supported");
	if (wild)
		plen = n - 1;
	memset(lo, 0, sizeof(*lo));
	memset(hi, 0, sizeof(*hi));
	for (size_t i = 0; i < 16; i++) {
		uint64_t *l = i < 8 ? &lo->hi : &lo->lo, *h = i < 8 ? &hi->hi : &hi->lo;
		unsigned sh = 8 * (7 - i % 8);
		uint8_t c = i < plen && i < strlen(name) ? (uint8_t)name[i] : 0;

		*l |= (uint64_t)c << sh;
		*h |= (uint64_t)(i < plen ? c : 0xff) << sh;
	}
	return true;
}

bool ev_interval(struct evctx *e, const struct expr *x, const struct datatype *type,
		 unsigned bits, struct ir_val *lo, struct ir_val *hi)
{
	unsigned long len;

	if (type == &dt_ifname && (x->kind == EXPR_STRING || x->kind == EXPR_SYMBOL))
		return ifname_interval(e, x, lo, hi);

	switch (x->kind) {
	case EXPR_RANGE:
		if (!ev_value(e, x->range.lo, type, bits, lo) ||
		    !ev_value(e, x->range.hi, type, bits, hi))
			return false;
		if (cmp_val(*lo, *hi) > 0)
			return ev_refuse(e, &x->loc, "Range has zero or negative size");
		return true;
	case EXPR_MASKED:	/* a prefix: addr/len */
		if (type->kind == DT_BITMASK)
			return ev_refuse(e, &x->loc, "a flag mask (flags / mask) is a match of its own, "
				      "not an element");
		if (x->range.hi->kind != EXPR_SYMBOL || !number(x->range.hi->text, &len))
			return ev_refuse(e, &x->range.hi->loc, "expected a prefix length");
		if (len > bits)
			return ev_refuse(e, &x->range.hi->loc, "Prefix length %lu is invalid for "
				      "type of %u bits width", len, bits);
		/* nft 1.0.6 writes the prefix's mask in bits / 8 bytes, none
		 * for a narrower field, and aborts (netlink_gen_raw_data,
		 * setelem_expr_to_range); within a concatenation it does not */
		if (bits < 8 && !e->concat_part)
			return ev_refuse(e, &x->loc, "a prefix of a %u-bit field is not supported: "
				      "nft 1.0.6 aborts on it (use a range)", bits);
		if (!ev_value(e, x->range.lo, type, bits, lo))
			return false;
		prefix_range(*lo, bits, (unsigned)len, lo, hi);
		/* nft lists the network (host bits cleared), a whole-width
		 * prefix as the address alone */
		canon_value(x, type, *lo);
		if (len < bits) {
			char *t = xasprintf("%s/%lu", x->canon, len);

			set_canon(x, t);
		}
		return true;
	case EXPR_VARIABLE: {
		const struct expr *v = ev_variable(e, x);
		bool ok;

		if (!v)
			return false;
		if (e->define_depth >= 16)
			return ev_refuse(e, &x->loc, "defines nest too deeply (a define refers "
				      "to itself?)");
		e->define_depth++;
		ok = ev_interval(e, v, type, bits, lo, hi);
		e->define_depth--;
		if (ok)
			canon_variable(x, v);
		return ok;
	}
	case EXPR_BINOP:
	case EXPR_LIST: {	/* flags: a | b, a, b */
		struct ir_val a, b;
		const struct expr *l = x->kind == EXPR_BINOP ? x->binop.left : NULL;

		if (type->kind != DT_BITMASK)
			return ev_refuse(e, &x->loc, "Basetype of type %s is not bitmask", type->desc);
		if (x->kind == EXPR_BINOP && x->binop.op != BINOP_OR)
			return ev_refuse(e, &x->loc, "only | combines values");
		memset(lo, 0, sizeof(*lo));
		for (size_t i = 0; x->kind == EXPR_LIST ? i < x->list.n : i < 2; i++) {
			const struct expr *p = x->kind == EXPR_LIST ? x->list.v[i] :
					       i ? x->binop.right : l;

			if (!ev_interval(e, p, type, bits, &a, &b))
				return false;
			lo->lo |= a.lo;
			lo->hi |= a.hi;	/* ct label: 128 bits */
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

/* ---- socket cgroupv2 paths ---- */

bool ev_cgroup_path(struct evctx *e, const struct expr *x, struct ir_val *out)
{
	uint64_t id;
	int err;

	if (x->kind != EXPR_STRING)
		return ev_refuse(e, &x->loc, "expected the cgroup path as a quoted string");
	err = cgroup2_id(x->text, &id);
	if (err)
		return ev_refuse(e, &x->loc, "cgroupv2 path fails: %s", strerror(-err));
	out->hi = 0;
	out->lo = id;
	return true;
}
