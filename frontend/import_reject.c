// SPDX-License-Identifier: GPL-2.0
/*
 * nft's reject expression back to its statement, as nft lists it.  A
 * cgroup program can only pass or drop (frontend/eval_reject.c has what a
 * sender sees instead of the ICMP error or TCP reset).  Without
 * --reject-as-drop a reject in an input chain is refused here (on ingress
 * the peer gets nothing), and so is one in an output chain that may meet
 * TCP (connect() would time out); one whose rule rules TCP out is written
 * out, and the front end runs it as drop with a warning.  In a chain
 * whose hook is not known here (a regular chain of `--file`), the text is
 * written and the front end, which knows every hook reaching it, decides.  With the option the
 * statement is written as nft wrote it and the front end (with the same
 * option) runs it as drop; the output then needs --reject-as-drop.
 */
#include <stdio.h>
#include <string.h>

#include <libnftnl/expr.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/datatype.h"
#include "frontend/import.h"
#include "ir/xalloc.h"

bool imp_reject_as_drop;

char *imp_reject_text(struct nftnl_expr *e, int nfproto, int l4proto, bool ingress,
		      bool egress, char *why, size_t whylen)
{
	uint32_t type = nftnl_expr_get_u32(e, NFTNL_EXPR_REJECT_TYPE);
	uint8_t code = nftnl_expr_get_u8(e, NFTNL_EXPR_REJECT_CODE);
	const struct datatype *dt;
	const char *proto;
	int dflt;
	char name[64];

	if (!imp_reject_as_drop && ingress) {
		snprintf(why, whylen, "reject is not available at hook ingress (a cgroup "
			 "program can only pass or drop, so the peer would get no ICMP error "
			 "or TCP reset, only silence; import with --reject-as-drop to run it "
			 "as drop)");
		return NULL;
	}
	if (!imp_reject_as_drop && egress &&
	    (type == NFT_REJECT_TCP_RST || l4proto < 0 || l4proto == 6)) {
		snprintf(why, whylen, "reject of TCP is not available at hook egress (a cgroup "
			 "program can only pass or drop, so a local connect() would time out "
			 "instead of failing with ECONNREFUSED; import with --reject-as-drop "
			 "to run it as drop)");
		return NULL;
	}
	switch (type) {
	case NFT_REJECT_TCP_RST:
		return xasprintf("reject with tcp reset");
	case NFT_REJECT_ICMPX_UNREACH:
		dt = &dt_icmpx_code, proto = "icmpx", dflt = NFT_REJECT_ICMPX_PORT_UNREACH;
		break;
	case NFT_REJECT_ICMP_UNREACH:
		/* the family comes from the table or the rule's nfproto match */
		if (nfproto == 2) {
			dt = &dt_icmp_code, proto = "icmp", dflt = 3;
		} else if (nfproto == 10) {
			dt = &dt_icmpv6_code, proto = "icmpv6", dflt = 4;
		} else {
			snprintf(why, whylen, "reject with an ICMP code of no known family");
			return NULL;
		}
		break;
	default:
		snprintf(why, whylen, "reject of type %u has no cgnft equivalent", type);
		return NULL;
	}
	if (code == dflt)
		return xasprintf("reject");
	dt_print(dt, (struct ir_val){ .lo = code }, name, sizeof(name));
	return xasprintf("reject with %s %s", proto, name);
}
