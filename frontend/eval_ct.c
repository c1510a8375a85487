// SPDX-License-Identifier: GPL-2.0
/*
 * ct KEY and ct original|reply [ip|ip6] KEY (nft's ct_expr): what each key
 * reads, with nft's datatype and width (nftables src/ct.c ct_templates), and
 * the keys a cgroup program cannot read, refused with the reason.  Which
 * hook may read which key is checked per chain (evaluate.c: only ct state
 * has a source on ingress).
 *
 * The tuple's keys take their type from the rule's protocol context, as in
 * nft's expr_evaluate_ct()/ct_expr_update_type(): `ct original saddr` needs
 * an IPv4 or IPv6 context (`meta nfproto`, `ip saddr`, `ct l3proto`),
 * `proto-src`/`proto-dst` a transport one; rp_ct_context() settles them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "frontend/eval_rule.h"

enum ct_dir_use { CT_NODIR, CT_ANYDIR, CT_NEEDDIR };

struct ct_key {
	const char *name;
	enum ir_ct key;
	const struct datatype *type;	/* NULL: dt_integer(bits) */
	unsigned bits;
	enum ct_dir_use dir;
};

static const struct ct_key keys[] = {
	{ "state", IR_CT_STATE, &dt_ct_state, 32, CT_NODIR },
	{ "direction", IR_CT_DIRECTION, &dt_ct_dir, 8, CT_NODIR },
	{ "status", IR_CT_STATUS, &dt_ct_status, 32, CT_NODIR },
	{ "mark", IR_CT_MARK, &dt_mark, 32, CT_NODIR },
	{ "expiration", IR_CT_EXPIRATION, &dt_time, 32, CT_NODIR },
	{ "label", IR_CT_LABEL, &dt_ct_label, 128, CT_NODIR },
	/* nft_ct_get_init() ignores a direction for these two */
	{ "l3proto", IR_CT_L3PROTO, &dt_nf_proto, 8, CT_ANYDIR },
	{ "protocol", IR_CT_PROTOCOL, &dt_inet_proto, 8, CT_ANYDIR },
	{ "zone", IR_CT_ZONE, NULL, 16, CT_ANYDIR },
	{ "bytes", IR_CT_BYTES, NULL, 64, CT_ANYDIR },
	{ "packets", IR_CT_PACKETS, NULL, 64, CT_ANYDIR },
	{ "avgpkt", IR_CT_AVGPKT, NULL, 64, CT_ANYDIR },
	/* the kernel refuses these without a direction (nft_ct_get_init) */
	{ "saddr", IR_CT_SADDR, &dt_ipv4_addr, 32, CT_NEEDDIR },
	{ "daddr", IR_CT_DADDR, &dt_ipv4_addr, 32, CT_NEEDDIR },
	{ "proto-src", IR_CT_PROTO_SRC, &dt_inet_service, 16, CT_NEEDDIR },
	{ "proto-dst", IR_CT_PROTO_DST, &dt_inet_service, 16, CT_NEEDDIR },
};

/* Keys nft has that a cgroup program cannot read, or that cgnft does not
 * read yet: the reason. */
static bool refuse_key(struct evctx *e, const struct expr *x, const char *key)
{
	if (!strcmp(key, "id"))
		return ev_refuse(e, &x->loc, "ct id is not available in a cgroup table: it is "
			      "nf_ct_get_id(), a siphash of the entry's address keyed by a "
			      "random secret of the kernel, which a BPF program cannot read");
	if (!strcmp(key, "count"))
		return ev_refuse(e, &x->loc, "ct count is not available in a cgroup table: "
			      "nft_connlimit keeps its own list of connections and prunes it "
			      "with conntrack lookups (nf_conntrack_find_get), which a cgroup "
			      "program cannot make");
	if (!strcmp(key, "secmark"))	/* nft 1.0.6's own message */
		return ev_refuse(e, &x->loc, "Cannot be used with right hand side constant value");
	if (!strcmp(key, "event"))
		return ev_refuse(e, &x->loc, "ct event can only be set (ct event set ...): "
			      "the kernel has no ct event to load (Operation not supported)");
	if (!strcmp(key, "helper"))
		return ev_refuse(e, &x->loc, "ct %s is not supported by cgnft yet (it is in "
			      "a conntrack extension: cgnft reads the accounting one, for "
			      "ct bytes, packets and avgpkt, and the labels)", key);
	return ev_refuse(e, &x->loc, "syntax error, unexpected %s", key);
}

bool ev_ct(struct evctx *e, const struct expr *x, struct ev_sel *s)
{
	/* words: ct KEY | ct DIR KEY | ct DIR ip|ip6 KEY */
	int n = x->sel.nwords;
	const char *dir = n > 2 ? x->sel.words[1] : NULL;
	const char *proto = n > 3 ? x->sel.words[2] : NULL;
	const char *key = x->sel.words[n - 1];
	const struct ct_key *k = NULL;

	s->dep_l4proto = -1;
	s->proto = "ct";
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].name))
			k = &keys[i];
	if (!k)
		return refuse_key(e, x, key);
	if (dir && k->dir == CT_NODIR)
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s", key);
	if (proto && strcmp(proto, "ip") && strcmp(proto, "ip6"))
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s", proto);
	if (proto && k->key != IR_CT_SADDR && k->key != IR_CT_DADDR)
		return ev_refuse(e, &x->loc, "syntax error, unexpected %s", key);
	if (!dir && k->dir == CT_NEEDDIR)
		return ev_refuse(e, &x->loc, "ct %s needs a direction: ct original %s or ct "
			      "reply %s (the kernel refuses it without one)", key, key, key);
	s->field = (struct ir_field){ .base = IR_BASE_CT, .key = k->key,
		.len = k->bits / 8, .mask = ~0ull,
		.offset = !dir ? 0 : !strcmp(dir, "original") ? 1 : 2 };
	s->type = k->type ? k->type : dt_integer(k->bits);
	s->bits = k->bits;
	if (proto && !strcmp(proto, "ip6")) {
		s->field.len = 16;
		s->type = &dt_ipv6_addr;
		s->bits = 128;
	}
	/* typed by the rule's context, or checked against it (rp_ct_context) */
	s->ct_context = proto ? CT_CTX_FAMILY : k->dir == CT_NEEDDIR ? CT_CTX_TYPE : 0;
	return true;
}

bool rp_ct_context(struct rp *r, struct ev_sel *s, const struct fe_loc *loc)
{
	bool addr = s->field.key == IR_CT_SADDR || s->field.key == IR_CT_DADDR;
	const char *l4;

	int how = s->ct_context;

	s->ct_context = 0;
	if (how == CT_CTX_FAMILY) {	/* ct DIR ip|ip6 ADDR: nft's check_error */
		if (!r->nfproto || r->nfproto == (s->field.len == 16 ? 10 : 2))
			return true;
		return rp_fail(r, loc, s->field.len == 16 ?
			       "conflicting protocols specified: ip vs. ip6" :
			       "conflicting protocols specified: ip6 vs. ip");
	}
	if (how != CT_CTX_TYPE)
		return true;
	if (addr) {
		if (r->nfproto != 2 && r->nfproto != 10)
			return rp_fail(r, loc, s->field.key == IR_CT_SADDR ?
				       "cannot determine ip protocol version, use \"ip saddr\" "
				       "or \"ip6 saddr\" instead" :
				       "cannot determine ip protocol version, use \"ip daddr\" "
				       "or \"ip6 daddr\" instead");
		if (r->nfproto == 10) {
			s->field.len = 16;
			s->type = &dt_ipv6_addr;
			s->bits = 128;
		}
		return true;
	}
	/* nft types proto-src/proto-dst only after a transport protocol it
	 * has a header for; otherwise no value parses */
	l4 = r->nl4ctx ? r->l4ctx[r->nl4ctx - 1] : NULL;
	if (!l4 || !strcmp(l4, "unknown"))
		return rp_fail(r, loc, "Can't parse symbolic invalid expressions: ct proto-src "
			       "and proto-dst take their type from the transport protocol, "
			       "which the rule does not give before (meta l4proto tcp, or a "
			       "tcp or udp header match)");
	return true;
}
