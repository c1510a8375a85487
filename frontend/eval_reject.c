// SPDX-License-Identifier: GPL-2.0
/*
 * reject: a cgroup program can pass or drop a packet, never answer it, so
 * nft's reject (an ICMP error or a TCP reset sent to the packet's source)
 * cannot be carried out.  What a sender sees, measured on 6.18 (a local
 * socket, nft's output chain against a cgroup egress drop):
 *   - UDP: send() fails with EPERM at once under both; under nft a
 *     port-unreachable then fails a connected socket's next recv() with
 *     ECONNREFUSED (a host-unreachable is a soft error: nothing follows);
 *     under a cgroup drop nothing follows (tests/runtime/reject.sh);
 *   - TCP: connect() fails at once with ECONNREFUSED under nft; under a
 *     cgroup drop the SYN is retransmitted until connect() times out;
 *   - on ingress the remote peer gets no answer at all.
 * So, without --reject-as-drop (checked per hook that reaches the chain,
 * ev_check_reject): on egress a reject whose rule rules TCP out runs as
 * drop with a warning (the sender sees what it sees under nft, at once);
 * one that may meet TCP, and every one on ingress, is refused.  With the
 * option each reject runs as drop, named in a warning.  Its
 * operands are checked, and its implicit dependencies added, as nft's
 * evaluate.c does: `with icmp` matches IPv4 only, `with icmpv6` IPv6 only,
 * `with tcp reset` TCP only; icmpx and a plain reject any packet.
 */
#include <stdio.h>
#include <string.h>

#include "frontend/datatype.h"
#include "frontend/eval_rule.h"
#include "ir/xalloc.h"

static bool reject_code(struct rp *r, const struct stmt *st, const struct datatype *dt,
			const char *what)
{
	struct ir_val v;
	char err[128], msg[160];

	if (dt_parse(dt, st->reject.code, &v, err, sizeof(err)))
		return true;
	snprintf(msg, sizeof(msg), "Could not parse %s code", what);
	return rp_fail(r, &st->reject.code_loc, msg);
}

/* The dependency of `with icmp`/`with icmpv6`: nft adds `meta nfproto`
 * unless the rule is of that family already, and refuses the other. */
static bool reject_family(struct rp *r, const struct stmt *st, int nf)
{
	struct ev_sel dep = { .dep_nfproto = nf, .dep_l4proto = -1,
			      .proto = nf == 2 ? "ip" : "ip6" };
	/* nft 1.0.6 words it "ip vs ip6" both ways round */
	if (r->nfproto && r->nfproto != nf)
		return rp_fail(r, &st->reject.code_loc, "conflicting protocols specified: "
			       "ip vs ip6");
	return rp_dependencies(r, &dep, &st->reject.proto_loc);
}

static bool reject_with(struct rp *r, const struct stmt *st)
{
	const char *p = st->reject.proto;

	if (!strcmp(p, "icmp"))
		return reject_code(r, st, &dt_icmp_code, "icmp") && reject_family(r, st, 2);
	if (!strcmp(p, "icmpv6"))
		return reject_code(r, st, &dt_icmpv6_code, "icmpv6") && reject_family(r, st, 10);
	if (!strcmp(p, "icmpx"))
		return reject_code(r, st, &dt_icmpx_code, "icmpx");
	if (!strcmp(p, "tcp")) {
		struct ev_sel dep = { .dep_l4proto = 6, .proto = "tcp" };

		if (strcmp(st->reject.code, "reset"))
			return rp_fail(r, &st->reject.code_loc, "syntax error, expecting reset");
		if (r->l4proto >= 0 && r->l4proto != 6)
			return rp_fail(r, &st->reject.code_loc, "you cannot use tcp reset with "
				       "this protocol");
		return rp_dependencies(r, &dep, &st->reject.proto_loc);
	}
	return rp_fail(r, &st->reject.proto_loc, "syntax error, expecting icmp, icmpv6, "
		       "icmpx or tcp");
}

/* Whether the rule can match a TCP packet: no transport protocol settled
 * (by a dependency, or an == match of meta l4proto, ip protocol or ip6
 * nexthdr: nft's protocol context), or TCP. */
static bool may_meet_tcp(const struct rp *r)
{
	if (r->l4proto >= 0)
		return r->l4proto == 6;
	for (int i = 0; i < r->nl4ctx; i++)
		if (!strcmp(r->l4ctx[i], "tcp"))
			return true;
	return r->nl4ctx == 0;
}

bool rp_reject(struct rp *r, const struct stmt *st)
{
	struct ir_stmt s = { .kind = IR_STMT_VERDICT, .verdict.kind = IR_VERDICT_DROP };
	bool tcp_reset = st->reject.proto && !strcmp(st->reject.proto, "tcp");

	rp_use_family(r, EV_PACKET, &st->loc);
	if (st->reject.proto && !reject_with(r, st))
		return false;
	if (r->e->reject_as_drop) {
		fe_warning(r->e->d, &st->loc, "reject runs as drop (--reject-as-drop): no ICMP "
			   "error or TCP reset is sent; a local TCP connect() times out instead of "
			   "failing with ECONNREFUSED");
	} else {	/* decided per hook once the chain's hooks are known */
		r->c->reject_uses = xgrow(r->c->reject_uses, r->c->nreject_uses,
					  sizeof(*r->c->reject_uses));
		r->c->reject_uses[r->c->nreject_uses].loc = st->loc;
		r->c->reject_uses[r->c->nreject_uses++].may_tcp = tcp_reset || may_meet_tcp(r);
	}
	r->verdict_seen = true;
	rp_add(r, &s);
	return true;
}

void ev_check_reject(struct evctx *e, const struct fe_loc *loc, bool may_tcp, enum ir_hook hook)
{
	if (hook == IR_HOOK_INGRESS)
		fe_error(e->d, loc, "reject cannot be carried out at hook ingress: a cgroup "
			 "program can only pass or drop, so the peer would get no ICMP error "
			 "or TCP reset, only silence (write drop, or compile with "
			 "--reject-as-drop to run reject as drop)");
	else if (may_tcp)
		fe_error(e->d, loc, "reject cannot be carried out for TCP at hook egress: a "
			 "cgroup program can only pass or drop, so a local connect() would "
			 "time out instead of failing with ECONNREFUSED (match a protocol "
			 "other than TCP, write drop, or compile with --reject-as-drop to "
			 "run reject as drop)");
	else
		fe_warning(e->d, loc, "reject at hook egress runs as drop: the sending "
			   "process's send() fails with EPERM at once, as under nft, but no "
			   "ICMP error follows (a connected socket's next call does not fail "
			   "with ECONNREFUSED)");
}
