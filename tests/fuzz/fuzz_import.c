// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the importer on any rule set the kernel could send.
 *
 *   bytes -> a table built with libnftnl's setters (chains, sets with
 *   elements, rules of any expressions with any attributes, comments)
 *   -> imp_emit for each chain -> fe_build of the emitted text
 *
 * The objects are built, not parsed from netlink bytes: libnftnl's parser
 * trusts the kernel (it exits or crashes on malformed attributes), while
 * what we must survive is every well-formed rule, including those other
 * tools (iptables-nft, firewalld) write and nft never prints.  The oracle:
 * imp_emit gives an error or text that the front end accepts; emitted text
 * the front end refuses is an importer bug, reported by abort().
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/frontend.h"
#include "frontend/import.h"
#include "ir/ir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, read front to back; zeros once it runs out. */
struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t u32(struct in *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v = v << 8 | u8(in);
	return v;
}

/* A value from a list of meaningful ones, or (1 in 8) any value. */
static uint32_t pick(struct in *in, const uint32_t *list, size_t n)
{
	uint8_t b = u8(in);

	return b % 8 == 7 ? u32(in) : list[b % n];
}
#define PICK(in, list) pick(in, list, sizeof(list) / sizeof(list[0]))

static void bytes(struct in *in, uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = u8(in);
}

static const uint32_t regs[] = { NFT_REG_VERDICT, NFT_REG_1, NFT_REG_2, NFT_REG32_00,
				 NFT_REG32_01, NFT_REG32_02, NFT_REG32_04, NFT_REG32_15 };
static const uint32_t lens[] = { 1, 2, 4, 6, 8, 16, 3, 0 };
static const char *const chain_names[] = { "c", "r0", "r1", "nosuch" };
/* The kernel refuses jump loops, so a dump has none: a chain jumps only to
 * chains after it in chain_names (set elements only to r1 or nosuch, and
 * r1 has no verdict maps). */
static int jump_floor;

static void set_reg(struct nftnl_expr *e, uint16_t attr, struct in *in)
{
	nftnl_expr_set_u32(e, attr, PICK(in, regs));
}

static void set_data(struct nftnl_expr *e, uint16_t attr, struct in *in)
{
	uint8_t buf[16];
	uint32_t len = PICK(in, lens) % 17;

	bytes(in, buf, len);
	nftnl_expr_set(e, attr, buf, len ? len : 1);
}

static struct nftnl_expr *payload(struct in *in)
{
	static const uint32_t bases[] = { NFT_PAYLOAD_NETWORK_HEADER, NFT_PAYLOAD_TRANSPORT_HEADER,
					  NFT_PAYLOAD_LL_HEADER, NFT_PAYLOAD_INNER_HEADER };
	static const uint32_t offs[] = { 0, 2, 8, 9, 12, 16, 24, 6 };
	struct nftnl_expr *e = nftnl_expr_alloc("payload");

	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, PICK(in, bases));
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, PICK(in, offs));
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, PICK(in, lens));
	set_reg(e, NFTNL_EXPR_PAYLOAD_DREG, in);
	return e;
}

static struct nftnl_expr *meta(struct in *in)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, u8(in) % 40);
	set_reg(e, u8(in) % 8 ? NFTNL_EXPR_META_DREG : NFTNL_EXPR_META_SREG, in);
	return e;
}

static struct nftnl_expr *cmp(struct in *in)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	set_reg(e, NFTNL_EXPR_CMP_SREG, in);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, u8(in) % 7);
	set_data(e, NFTNL_EXPR_CMP_DATA, in);
	return e;
}

static struct nftnl_expr *bitwise(struct in *in)
{
	struct nftnl_expr *e = nftnl_expr_alloc("bitwise");

	set_reg(e, NFTNL_EXPR_BITWISE_SREG, in);
	set_reg(e, NFTNL_EXPR_BITWISE_DREG, in);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_OP, u8(in) % 4);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, PICK(in, lens));
	set_data(e, NFTNL_EXPR_BITWISE_MASK, in);
	set_data(e, NFTNL_EXPR_BITWISE_XOR, in);
	return e;
}

static struct nftnl_expr *byteorder(struct in *in)
{
	struct nftnl_expr *e = nftnl_expr_alloc("byteorder");

	set_reg(e, NFTNL_EXPR_BYTEORDER_SREG, in);
	set_reg(e, NFTNL_EXPR_BYTEORDER_DREG, in);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_OP, u8(in) % 3);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_LEN, PICK(in, lens));
	nftnl_expr_set_u32(e, NFTNL_EXPR_BYTEORDER_SIZE, PICK(in, lens));
	return e;
}

static struct nftnl_expr *range(struct in *in)
{
	struct nftnl_expr *e = nftnl_expr_alloc("range");

	set_reg(e, NFTNL_EXPR_RANGE_SREG, in);
	nftnl_expr_set_u32(e, NFTNL_EXPR_RANGE_OP, u8(in) % 3);
	set_data(e, NFTNL_EXPR_RANGE_FROM_DATA, in);
	set_data(e, NFTNL_EXPR_RANGE_TO_DATA, in);
	return e;
}

static struct nftnl_expr *lookup(struct in *in)
{
	static const char *const sets[] = { "s0", "s1", "__set0", "none" };
	struct nftnl_expr *e = nftnl_expr_alloc("lookup");

	nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, sets[u8(in) % 4]);
	set_reg(e, NFTNL_EXPR_LOOKUP_SREG, in);
	if (u8(in) % 2 && jump_floor < 3)
		set_reg(e, NFTNL_EXPR_LOOKUP_DREG, in);
	nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, u8(in) % 3);
	return e;
}

static struct nftnl_expr *immediate(struct in *in)
{
	static const uint32_t verdicts[] = { NF_ACCEPT, NF_DROP, (uint32_t)NFT_CONTINUE,
					     (uint32_t)NFT_JUMP, (uint32_t)NFT_GOTO,
					     (uint32_t)NFT_RETURN, (uint32_t)NFT_BREAK, NF_QUEUE };
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");
	uint32_t v = PICK(in, verdicts);

	if (u8(in) % 4) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, v);
		if (v == (uint32_t)NFT_JUMP || v == (uint32_t)NFT_GOTO)
			nftnl_expr_set_str(e, NFTNL_EXPR_IMM_CHAIN,
					   chain_names[jump_floor + u8(in) % (4 - jump_floor)]);
	} else {
		set_reg(e, NFTNL_EXPR_IMM_DREG, in);
		set_data(e, NFTNL_EXPR_IMM_DATA, in);
	}
	return e;
}

static struct nftnl_expr *other(struct in *in)
{
	static const char *const names[] = { "counter", "ct", "socket", "limit", "log",
					     "exthdr", "reject", "objref" };
	const char *name = names[u8(in) % 8];
	struct nftnl_expr *e = nftnl_expr_alloc(name);

	if (!strcmp(name, "counter")) {
		nftnl_expr_set_u64(e, NFTNL_EXPR_CTR_PACKETS, u32(in));
		nftnl_expr_set_u64(e, NFTNL_EXPR_CTR_BYTES, u32(in));
	} else if (!strcmp(name, "ct")) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, u8(in) % 32);
		set_reg(e, NFTNL_EXPR_CT_DREG, in);
	} else if (!strcmp(name, "socket")) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_SOCKET_KEY, u8(in) % 6);
		nftnl_expr_set_u32(e, NFTNL_EXPR_SOCKET_LEVEL, u8(in) % 4);
		set_reg(e, NFTNL_EXPR_SOCKET_DREG, in);
	}
	return e;
}

static struct nftnl_expr *(*const makers[])(struct in *) = {
	payload, meta, cmp, cmp, bitwise, byteorder, range, lookup, immediate, other,
};

/* A comment as nft stores it, sometimes with hostile bytes. */
static void comment(struct nftnl_rule *r, struct in *in)
{
	struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(256);
	char text[32];
	uint8_t len = u8(in) % sizeof(text);

	if (!ud)
		return;
	bytes(in, (uint8_t *)text, len);
	text[len] = '\0';
	nftnl_udata_put_strz(ud, 0 /* NFTNL_UDATA_RULE_COMMENT */, text);
	nftnl_rule_set_data(r, NFTNL_RULE_USERDATA, nftnl_udata_buf_data(ud),
			    nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
}

static void add_rules(struct imp_dump *d, int chain, struct in *in, uint64_t *handle)
{
	jump_floor = chain + 1;
	for (int n = u8(in) % 6; n > 0; n--) {
		struct nftnl_rule *r = nftnl_rule_alloc();

		nftnl_rule_set_str(r, NFTNL_RULE_TABLE, "t");
		nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain_names[chain]);
		nftnl_rule_set_u64(r, NFTNL_RULE_HANDLE, ++*handle);
		for (int m = u8(in) % 7; m > 0; m--)
			nftnl_rule_add_expr(r, makers[u8(in) % 10](in));
		if (u8(in) % 4 == 0)
			comment(r, in);
		nftnl_rule_list_add_tail(r, d->rules);
	}
}

static void add_chain(struct imp_dump *d, const char *name, bool base, struct in *in)
{
	static const uint32_t hooks[] = { NF_INET_LOCAL_OUT, NF_INET_LOCAL_IN,
					  NF_INET_FORWARD, NF_INET_PRE_ROUTING };
	struct nftnl_chain *c = nftnl_chain_alloc();

	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, "t");
	if (base) {
		nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, u8(in) % 8 ? "filter" : "nat");
		nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, PICK(in, hooks));
		nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, (int8_t)u8(in));
		nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, u8(in) % 2);
	}
	nftnl_chain_list_add_tail(c, d->chains);
}

static void add_set(struct imp_dump *d, const char *name, struct in *in)
{
	/* ipv4_addr, ipv6_addr, inet_service, inet_proto, mark, ipv4 . service */
	static const uint32_t types[] = { 7, 8, 13, 12, 19, 7 << 6 | 13, 5, 1 };
	static const uint32_t flags[] = { 0, NFT_SET_INTERVAL, NFT_SET_MAP,
					  NFT_SET_ANONYMOUS | NFT_SET_CONSTANT,
					  NFT_SET_INTERVAL | NFT_SET_MAP, NFT_SET_CONCAT };
	struct nftnl_set *s = nftnl_set_alloc();
	uint32_t key_len = PICK(in, lens) % 17, f = PICK(in, flags);

	nftnl_set_set_str(s, NFTNL_SET_NAME, name);
	nftnl_set_set_str(s, NFTNL_SET_TABLE, "t");
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, PICK(in, types));
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, key_len ? key_len : 4);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, f);
	if (f & NFT_SET_MAP)
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, u8(in) % 2 ? NFT_DATA_VERDICT : 7);
	for (int n = u8(in) % 6; n > 0; n--) {
		struct nftnl_set_elem *e = nftnl_set_elem_alloc();
		uint8_t key[16];

		bytes(in, key, sizeof(key));
		nftnl_set_elem_set(e, NFTNL_SET_ELEM_KEY, key, key_len ? key_len : 4);
		if (u8(in) % 4 == 0)
			nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_FLAGS, NFT_SET_ELEM_INTERVAL_END);
		if (f & NFT_SET_MAP) {
			nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_VERDICT, u8(in) % 2);
			if (u8(in) % 4 == 0) {
				nftnl_set_elem_set_u32(e, NFTNL_SET_ELEM_VERDICT, (uint32_t)NFT_JUMP);
				nftnl_set_elem_set_str(e, NFTNL_SET_ELEM_CHAIN,
						       chain_names[2 + u8(in) % 2]);
			}
		}
		nftnl_set_elem_add(s, e);
	}
	nftnl_set_list_add_tail(s, d->sets);
}

/* The emitted file must compile; its diagnostics go to stderr on failure. */
static void check_compiles(const char *text, FILE *devnull)
{
	struct fe_source src = { .name = "import.nft", .text = (char *)text };
	struct ir_unit *unit = fe_build(&src, 1, NULL, devnull);

	if (!unit) {
		fprintf(stderr, "imported text does not compile:\n%s\n", text);
		fe_build(&src, 1, NULL, stderr);
		abort();
	}
	ir_unit_free(unit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { NFPROTO_INET, NFPROTO_IPV4, NFPROTO_IPV6 };
	static FILE *devnull;
	struct in in = { data, size };
	struct imp_dump d = { .table = "t" };
	char err[IMP_ERR_LEN];
	uint64_t handle = 0;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	d.family = families[u8(&in) % 3];
	d.chains = nftnl_chain_list_alloc();
	d.rules = nftnl_rule_list_alloc();
	d.sets = nftnl_set_list_alloc();
	add_chain(&d, "c", true, &in);
	add_chain(&d, "r0", false, &in);
	add_chain(&d, "r1", false, &in);
	for (int i = u8(&in) % 3; i > 0; i--)
		add_set(&d, i == 2 ? "s1" : u8(&in) % 2 ? "s0" : "__set0", &in);
	for (int i = 0; i < 3; i++)
		add_rules(&d, i, &in, &handle);
	for (int i = 0; i < 2; i++) {
		char *text = imp_emit(&d, chain_names[i], "fuzz.slice", err, sizeof(err));

		if (text)
			check_compiles(text, devnull);
		free(text);
	}
	imp_dump_free(&d);
	return 0;
}
