// SPDX-License-Identifier: GPL-2.0
/*
 * The importer's own refusals for sets the kernel would never dump (found
 * by the import fuzzer, tests/fuzz/import-corpus): a named set looked up
 * with two different keys, an anonymous set or verdict map whose declared
 * key type disagrees with its lookup, a verdict map holding one key twice.
 * The dumps are built with libnftnl's setters, as tests/fuzz/fuzz_import.c
 * does.  Each must fail in imp_emit with the importer's reason, not with
 * the front end's (the last line of defence, "cgnft refuses the
 * translation"), and the good twin of each must import.
 */
#include <stdlib.h>
#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/import.h"
#include "tests/tap.h"

enum { T_IPV4 = 7, T_PROTO = 12, T_SERVICE = 13 };

static struct imp_dump dump_new(void)
{
	struct imp_dump d = { .family = NFPROTO_INET, .table = "t" };
	struct nftnl_chain *c = nftnl_chain_alloc();

	d.chains = nftnl_chain_list_alloc();
	d.rules = nftnl_rule_list_alloc();
	d.sets = nftnl_set_list_alloc();
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, "c");
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, "t");
	nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter");
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, NF_INET_LOCAL_OUT);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, 0);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	nftnl_chain_list_add_tail(c, d.chains);
	return d;
}

/* A set of 2-byte keys; verdicts > -100 make it a verdict map. */
static void add_set(struct imp_dump *d, const char *name, uint32_t type, uint32_t flags,
		    const uint16_t *keys, const int *verdicts, int n)
{
	struct nftnl_set *s = nftnl_set_alloc();

	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, "t");
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, 2);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, flags);
	if (verdicts)
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, NFT_DATA_VERDICT);
	for (int i = 0; i < n; i++) {
		struct nftnl_set_elem *e = nftnl_set_elem_alloc();
		uint16_t be = htons(keys[i]);

		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, &be, 2);
		if (verdicts)
			nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_VERDICT, (uint32_t)verdicts[i]);
		nftnl_set_elem_add(s, e);
	}
	nftnl_set_list_add_tail(s, d->sets);
}

/* One rule: load a 2-byte field into reg 1, look it up in `set`. */
static void add_lookup(struct imp_dump *d, bool meta_protocol, const char *set, bool vmap)
{
	static uint64_t handle;
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_expr *e;

	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, "t");
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, "c");
	nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, ++handle);
	if (meta_protocol) {
		e = nftnl_expr_alloc("meta");
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_PROTOCOL);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	} else {	/* meta l4proto tcp; tcp dport */
		e = nftnl_expr_alloc("meta");
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, NFT_META_L4PROTO);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
		nftnl_rule_add_expr(r, e);
		e = nftnl_expr_alloc("cmp");
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
		nftnl_expr_set_u8(e, NFTNL_EXPR_CMP_DATA, 6);
		nftnl_rule_add_expr(r, e);
		e = nftnl_expr_alloc("payload");
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, NFT_PAYLOAD_TRANSPORT_HEADER);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, 2);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, 2);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	}
	nftnl_rule_add_expr(r, e);
	e = nftnl_expr_alloc("lookup");
	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, NFT_REG_1);
	if (vmap)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, NFT_REG_VERDICT);
	nftnl_rule_add_expr(r, e);
	nftnl_rule_list_add_tail(r, d->rules);
}

/* imp_emit refuses with a message containing `want` (NULL: accepts). */
static void expect(struct imp_dump *d, const char *what, const char *want)
{
	char err[IMP_ERR_LEN] = "";
	char *text = imp_emit(d, "c", "x.slice", err, sizeof(err));

	if (!want)
		tap_ok(text != NULL, "%s: imported", what);
	else
		tap_ok(!text && strstr(err, want) && !strstr(err, "refuses the translation"),
		       "%s: refused by the importer", what);
	if (text && want)
		tap_diag("imported:\n%s", text);
	else if (!text)
		tap_diag("%s", err);
	free(text);
	imp_dump_free(d);
}

int main(void)
{
	static const uint16_t ports[] = { 22, 80 }, dup[] = { 22, 22 };
	static const int verdicts[] = { NF_ACCEPT, NF_DROP };
	struct imp_dump d;

	d = dump_new();
	add_set(&d, "s0", T_SERVICE, 0, ports, NULL, 2);
	add_lookup(&d, false, "s0", false);
	add_lookup(&d, false, "s0", false);
	expect(&d, "named inet_service set, two tcp dport lookups", NULL);

	d = dump_new();
	add_set(&d, "s0", T_SERVICE, 0, ports, NULL, 2);
	add_lookup(&d, false, "s0", false);
	add_lookup(&d, true, "s0", false);
	expect(&d, "named inet_service set looked up with tcp dport, then meta protocol",
	       "set s0 has type inet_service where cgnft needs ether_type");

	d = dump_new();
	add_set(&d, "__set0", T_SERVICE, NFT_SET_ANONYMOUS | NFT_SET_CONSTANT, ports, NULL, 2);
	add_lookup(&d, true, "__set0", false);
	expect(&d, "anonymous inet_service set looked up with meta protocol",
	       "set __set0 has type inet_service where cgnft needs ether_type");

	d = dump_new();
	add_set(&d, "__map0", T_PROTO, NFT_SET_ANONYMOUS | NFT_SET_CONSTANT | NFT_SET_MAP,
		ports, verdicts, 2);
	add_lookup(&d, false, "__map0", true);
	expect(&d, "anonymous inet_proto verdict map looked up with tcp dport",
	       "set __map0 has type inet_proto where cgnft needs inet_service");

	d = dump_new();
	add_set(&d, "__map0", T_SERVICE, NFT_SET_ANONYMOUS | NFT_SET_CONSTANT | NFT_SET_MAP,
		ports, verdicts, 2);
	add_lookup(&d, false, "__map0", true);
	expect(&d, "verdict map tcp dport { 22 : accept, 80 : drop }", NULL);

	d = dump_new();
	add_set(&d, "__map0", T_SERVICE, NFT_SET_ANONYMOUS | NFT_SET_CONSTANT | NFT_SET_MAP,
		dup, verdicts, 2);
	add_lookup(&d, false, "__map0", true);
	expect(&d, "verdict map tcp dport { 22 : accept, 22 : drop }",
	       "set __map0 holds the same key twice");

	d = dump_new();
	add_set(&d, "__set0", T_SERVICE, NFT_SET_ANONYMOUS | NFT_SET_CONSTANT, dup, NULL, 2);
	add_lookup(&d, false, "__set0", false);
	expect(&d, "anonymous set tcp dport { 22, 22 }", "set __set0 holds the same key twice");
	return tap_done();
}
