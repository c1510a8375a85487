// SPDX-License-Identifier: GPL-2.0
/*
 * The dump: tables, chains, rules, sets and set elements of one table, read
 * between two NFT_MSG_GETGEN replies.  When the generation moved, something
 * changed during the dump and we start over, as nft's cache code does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/gen.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/import.h"
#include "ir/xalloc.h"

#define DUMP_TRIES 5
#define RECV_BUF (1 << 16)

struct nl {
	struct mnl_socket *sock;
	uint32_t portid, seq;
	char *buf;
};

typedef int (*parse_cb)(const struct nlmsghdr *nlh, void *data);

/* Send the request in nl->buf and feed every reply to cb.  0 or -errno. */
static int nl_talk(struct nl *nl, struct nlmsghdr *nlh, parse_cb cb, void *data)
{
	int ret;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ret = mnl_socket_recvfrom(nl->sock, nl->buf, RECV_BUF);
		if (ret < 0)
			return -errno;
		ret = mnl_cb_run(nl->buf, ret, nlh->nlmsg_seq, nl->portid, cb, data);
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static struct nlmsghdr *nl_req(struct nl *nl, uint16_t type, uint16_t family,
			       uint16_t flags)
{
	return nftnl_nlmsg_build_hdr(nl->buf, type, family, flags, ++nl->seq);
}

static int gen_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nftnl_gen *g = nftnl_gen_alloc();

	if (!g)
		return MNL_CB_ERROR;
	if (nftnl_gen_nlmsg_parse(nlh, g) == 0)
		*(uint32_t *)data = nftnl_gen_get_u32(g, NFTNL_GEN_ID);
	nftnl_gen_free(g);
	return MNL_CB_OK;
}

static int get_gen(struct nl *nl, uint32_t *gen)
{
	return nl_talk(nl, nl_req(nl, NFT_MSG_GETGEN, AF_UNSPEC, NLM_F_ACK),
		       gen_cb, gen);
}

struct collect {
	const char *table;
	bool found;			/* tables: the table exists */
	struct nftnl_chain_list *chains;
	struct nftnl_rule_list *rules;
	struct nftnl_set_list *sets;
	struct nftnl_set *elems_of;
};

/* A name attribute a message may lack (the kernel's never do). */
static bool is_table(const char *name, const struct collect *c)
{
	return name && !strcmp(name, c->table);
}

static int table_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct nftnl_table *t = nftnl_table_alloc();

	if (!t)
		return MNL_CB_ERROR;
	if (nftnl_table_nlmsg_parse(nlh, t) == 0 &&
	    is_table(nftnl_table_get_str(t, NFTNL_TABLE_NAME), c))
		c->found = true;
	nftnl_table_free(t);
	return MNL_CB_OK;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct nftnl_chain *ch = nftnl_chain_alloc();

	if (!ch)
		return MNL_CB_ERROR;
	if (nftnl_chain_nlmsg_parse(nlh, ch) < 0 ||
	    !is_table(nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE), c)) {
		nftnl_chain_free(ch);
		return MNL_CB_OK;
	}
	nftnl_chain_list_add_tail(ch, c->chains);
	return MNL_CB_OK;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (!r)
		return MNL_CB_ERROR;
	if (nftnl_rule_nlmsg_parse(nlh, r) < 0 ||
	    !is_table(nftnl_rule_get_str(r, NFTNL_RULE_TABLE), c)) {
		nftnl_rule_free(r);
		return MNL_CB_OK;
	}
	nftnl_rule_list_add_tail(r, c->rules);
	return MNL_CB_OK;
}

static int set_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;
	struct nftnl_set *s = nftnl_set_alloc();

	if (!s)
		return MNL_CB_ERROR;
	if (nftnl_set_nlmsg_parse(nlh, s) < 0 ||
	    !is_table(nftnl_set_get_str(s, NFTNL_SET_TABLE), c)) {
		nftnl_set_free(s);
		return MNL_CB_OK;
	}
	nftnl_set_list_add_tail(s, c->sets);
	return MNL_CB_OK;
}

static int elem_cb(const struct nlmsghdr *nlh, void *data)
{
	struct collect *c = data;

	nftnl_set_elems_nlmsg_parse(nlh, c->elems_of);
	return MNL_CB_OK;
}

static int dump_elems(struct nl *nl, int family, struct collect *c)
{
	struct nftnl_set_list_iter *it = nftnl_set_list_iter_create(c->sets);
	struct nftnl_set *s;
	int err = 0;

	if (!it)
		return -ENOMEM;
	while (!err && (s = nftnl_set_list_iter_next(it))) {
		struct nlmsghdr *nlh = nl_req(nl, NFT_MSG_GETSETELEM, family,
					      NLM_F_DUMP);

		nftnl_set_elems_nlmsg_build_payload(nlh, s);
		c->elems_of = s;
		err = nl_talk(nl, nlh, elem_cb, c);
	}
	nftnl_set_list_iter_destroy(it);
	return err;
}

static void collect_free(struct collect *c)
{
	if (c->chains)
		nftnl_chain_list_free(c->chains);
	if (c->rules)
		nftnl_rule_list_free(c->rules);
	if (c->sets)
		nftnl_set_list_free(c->sets);
	memset(c, 0, sizeof(*c));
}

/* One attempt: 0, -errno, or -ENOENT when the table is missing. */
static int dump_once(struct nl *nl, int family, struct collect *c)
{
	int err;

	c->chains = nftnl_chain_list_alloc();
	c->rules = nftnl_rule_list_alloc();
	c->sets = nftnl_set_list_alloc();
	if (!c->chains || !c->rules || !c->sets)
		return -ENOMEM;
	err = nl_talk(nl, nl_req(nl, NFT_MSG_GETTABLE, family, NLM_F_DUMP),
		      table_cb, c);
	if (!err && !c->found)
		return -ENOENT;
	if (!err)
		err = nl_talk(nl, nl_req(nl, NFT_MSG_GETCHAIN, family, NLM_F_DUMP),
			      chain_cb, c);
	if (!err)
		err = nl_talk(nl, nl_req(nl, NFT_MSG_GETRULE, family, NLM_F_DUMP),
			      rule_cb, c);
	if (!err)
		err = nl_talk(nl, nl_req(nl, NFT_MSG_GETSET, family, NLM_F_DUMP),
			      set_cb, c);
	if (!err)
		err = dump_elems(nl, family, c);
	return err;
}

bool imp_dump(struct imp_dump *d, int family, const char *table,
	      char *err, size_t errlen)
{
	struct nl nl = { 0 };
	struct collect c = { 0 };
	uint32_t gen_before = 0, gen_after = 0;
	int ret = 0, tries;

	memset(d, 0, sizeof(*d));
	nl.buf = malloc(RECV_BUF);
	nl.sock = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl.buf || !nl.sock || mnl_socket_bind(nl.sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "cannot open a netfilter netlink socket: %s",
			 strerror(errno));
		goto fail;
	}
	nl.portid = mnl_socket_get_portid(nl.sock);
	nl.seq = time(NULL);
	for (tries = 0; tries < DUMP_TRIES; tries++) {
		collect_free(&c);
		c.table = table;
		ret = get_gen(&nl, &gen_before);
		if (!ret)
			ret = dump_once(&nl, family, &c);
		if (!ret)
			ret = get_gen(&nl, &gen_after);
		if (ret == -ENOENT && !c.found)
			break;		/* decided below, after the generation check */
		if (ret || gen_before == gen_after)
			break;
	}
	if (ret == -ENOENT && !c.found) {
		snprintf(err, errlen, "table %s %s does not exist",
			 imp_family_name(family), table);
		goto fail;
	}
	if (ret == -EPERM || ret == -EACCES) {
		snprintf(err, errlen, "cannot read the nftables ruleset: %s "
			 "(needs CAP_NET_ADMIN in this network namespace)", strerror(-ret));
		goto fail;
	}
	if (ret) {
		snprintf(err, errlen, "cannot read the nftables ruleset: %s",
			 strerror(-ret));
		goto fail;
	}
	if (gen_before != gen_after) {
		snprintf(err, errlen, "the ruleset changed during each of %d dumps; "
			 "try again when it is not being modified", DUMP_TRIES);
		goto fail;
	}
	d->family = family;
	d->table = table;
	d->chains = c.chains;
	d->rules = c.rules;
	d->sets = c.sets;
	mnl_socket_close(nl.sock);
	free(nl.buf);
	return true;
fail:
	collect_free(&c);
	if (nl.sock)
		mnl_socket_close(nl.sock);
	free(nl.buf);
	return false;
}

void imp_dump_free(struct imp_dump *d)
{
	if (d->chains)
		nftnl_chain_list_free(d->chains);
	if (d->rules)
		nftnl_rule_list_free(d->rules);
	if (d->sets)
		nftnl_set_list_free(d->sets);
	memset(d, 0, sizeof(*d));
}

const char *imp_family_name(int family)
{
	switch (family) {
	case NFPROTO_INET:
		return "inet";
	case NFPROTO_IPV4:
		return "ip";
	case NFPROTO_IPV6:
		return "ip6";
	default:
		return "?";
	}
}

int imp_family_from_name(const char *name)
{
	if (!strcmp(name, "inet"))
		return NFPROTO_INET;
	if (!strcmp(name, "ip"))
		return NFPROTO_IPV4;
	if (!strcmp(name, "ip6"))
		return NFPROTO_IPV6;
	return 0;
}

struct table_names {
	struct imp_table_name *v;
	size_t n;
};

static int all_tables_cb(const struct nlmsghdr *nlh, void *data)
{
	struct table_names *tn = data;
	struct nftnl_table *t = nftnl_table_alloc();

	if (!t)
		return MNL_CB_ERROR;
	if (nftnl_table_nlmsg_parse(nlh, t) == 0) {
		tn->v = xrealloc(tn->v, (tn->n + 1) * sizeof(*tn->v));
		tn->v[tn->n].family = nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY);
		tn->v[tn->n].name = xstrdup(nftnl_table_get_str(t, NFTNL_TABLE_NAME));
		tn->n++;
	}
	nftnl_table_free(t);
	return MNL_CB_OK;
}

bool imp_list_tables(struct imp_table_name **out, size_t *n, char *err,
		     size_t errlen)
{
	struct nl nl = { 0 };
	struct table_names tn = { 0 };
	int ret;

	nl.buf = malloc(RECV_BUF);
	nl.sock = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl.buf || !nl.sock || mnl_socket_bind(nl.sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		snprintf(err, errlen, "cannot open a netfilter netlink socket: %s",
			 strerror(errno));
		ret = -1;
	} else {
		nl.portid = mnl_socket_get_portid(nl.sock);
		nl.seq = time(NULL);
		ret = nl_talk(&nl, nl_req(&nl, NFT_MSG_GETTABLE, NFPROTO_UNSPEC,
					 NLM_F_DUMP), all_tables_cb, &tn);
		if (ret)
			snprintf(err, errlen, "cannot list the nftables tables: %s",
				 strerror(-ret));
	}
	if (nl.sock)
		mnl_socket_close(nl.sock);
	free(nl.buf);
	*out = tn.v;
	*n = tn.n;
	return ret == 0;
}
