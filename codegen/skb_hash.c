// SPDX-License-Identifier: GPL-2.0
/*
 * nft's jhash and numgen (IR_BASE_HASH, struct ir_hash) for
 * cgroup_skb: BPF has no jhash helper, so the kernel's jhash()
 * (include/linux/jhash.h) is emitted, unrolled for the constant length,
 * over the fields laid out as nft_jhash_eval() finds them in its
 * registers; then reciprocal_scale() and the offset, as nft_hash.c and
 * nft_numgen.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "codegen/hook_gen.h"
#include "codegen/load_values.h"
#include "codegen/skb_bytes.h"

/* The hashed bytes (at most IR_MAX_CONCAT * 16).  They share gen_tree.c's
 * S_TV slots: the classifier never reads a hash, so the two are never
 * live at once. */
#define S_HASH	(-392)
/* A 16-byte field's two halves, before they are copied to S_HASH; the
 * prologue's IP header slot, unused after it. */
#define S_WIDE	(-104)

#define RA BPF_REG_1
#define RB BPF_REG_2
#define RC BPF_REG_3
#define RT BPF_REG_4
#define RU BPF_REG_5

static void alu32_imm(struct hk_emit *e, int op, int dst, int32_t imm)
{
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | op | BPF_K, .dst_reg = dst, .imm = imm });
}

static void alu32_reg(struct hk_emit *e, int op, int dst, int src)
{
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | op | BPF_X, .dst_reg = dst,
				      .src_reg = src });
}

static void to_be(struct hk_emit *e, int reg, unsigned bytes)
{
	if (bytes > 1)
		hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
					      .dst_reg = reg, .imm = bytes * 8 });
}

/* RT = rol32(x, k) (clobbers RU). */
static void rol32(struct hk_emit *e, int x, int k)
{
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = RT,
				      .src_reg = x });
	alu32_imm(e, BPF_LSH, RT, k);
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = RU,
				      .src_reg = x });
	alu32_imm(e, BPF_RSH, RU, 32 - k);
	alu32_reg(e, BPF_OR, RT, RU);
}

/* x -= y; x ^= rol32(y, k); y += z: one step of __jhash_mix. */
static void mix_step(struct hk_emit *e, int x, int y, int z, int k)
{
	alu32_reg(e, BPF_SUB, x, y);
	rol32(e, y, k);
	alu32_reg(e, BPF_XOR, x, RT);
	alu32_reg(e, BPF_ADD, y, z);
}

static void jhash_mix(struct hk_emit *e)
{
	mix_step(e, RA, RC, RB, 4);
	mix_step(e, RB, RA, RC, 6);
	mix_step(e, RC, RB, RA, 8);
	mix_step(e, RA, RC, RB, 16);
	mix_step(e, RB, RA, RC, 19);
	mix_step(e, RC, RB, RA, 4);
}

/* x ^= y; x -= rol32(y, k): one step of __jhash_final. */
static void final_step(struct hk_emit *e, int x, int y, int k)
{
	alu32_reg(e, BPF_XOR, x, y);
	rol32(e, y, k);
	alu32_reg(e, BPF_SUB, x, RT);
}

static void jhash_final(struct hk_emit *e)
{
	final_step(e, RC, RB, 14);
	final_step(e, RA, RC, 11);
	final_step(e, RB, RA, 25);
	final_step(e, RC, RB, 16);
	final_step(e, RA, RC, 4);
	final_step(e, RB, RA, 14);
	final_step(e, RC, RB, 24);
}

/* Put field i where nft's registers hold it (the rule stops when it is
 * absent, as the payload load's NFT_BREAK does). */
static void store_field(struct hk_emit *e, const struct ir_hash *h, int i, int fail)
{
	const struct ir_field *f = &h->fields[i];
	int16_t at = S_HASH + h->at[i];

	if (f->len == 16) {
		e->ops->load_wide(e, f, S_WIDE, fail);
	} else {
		e->ops->load(e, f, fail);
		if (h->host_order[i] || f->len < 8) {
			if (!h->host_order[i])
				to_be(e, BPF_REG_0, f->len);
			hk_stx(e, skb_ld_size[f->len], BPF_REG_10, BPF_REG_0, at);
			return;
		}
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_WIDE + 8);
		hk_st(e, BPF_DW, BPF_REG_10, S_WIDE, 0);
	}
	/* network order, then copied a word at a time: `at` may be 4 off
	 * an 8-byte boundary, and stack accesses must be aligned */
	for (int half = f->len == 16 ? 0 : 1; half < 2; half++) {
		hk_ldx(e, BPF_DW, BPF_REG_0, BPF_REG_10, S_WIDE + 8 * half);
		to_be(e, BPF_REG_0, 8);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, S_WIDE + 8 * half);
	}
	for (int w = f->len == 16 ? 0 : 2; w < 4; w++) {
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_10, S_WIDE + 4 * w);
		hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_0,
		       at + 4 * (w - (f->len == 16 ? 0 : 2)));
	}
}

/* reg += the tail's bytes k[from..from+n) as jhash's switch adds them:
 * k[from] << 0, k[from+1] << 8, ... */
static void add_tail_bytes(struct hk_emit *e, int reg, unsigned from, unsigned n)
{
	for (unsigned j = 0; j < n; j++) {
		hk_ldx(e, BPF_B, BPF_REG_0, BPF_REG_10, S_HASH + from + j);
		if (j)
			alu32_imm(e, BPF_LSH, BPF_REG_0, 8 * j);
		alu32_reg(e, BPF_ADD, reg, BPF_REG_0);
	}
}

/* r0 = jhash(S_HASH, h->len, seed) (jhash.h). */
static void emit_jhash(struct hk_emit *e, const struct ir_hash *h, unsigned index)
{
	static const int abc[3] = { RA, RB, RC };
	unsigned len = h->len, k = 0;

	if (h->seed_set) {
		hk_mov_imm(e, RA, (int32_t)(0xdeadbeefu + len + h->seed));
	} else {
		/* a seed of its own for each expression, from the loader's
		 * random value */
		hk_ld_rodata(e, RU, 0);
		hk_ldx(e, BPF_DW, RA, RU, CG_LOAD_HASH_SEED);
		hk_ld_imm64(e, RU, 0x9e3779b97f4a7c15ull * (index + 1));
		hk_alu_reg(e, BPF_XOR, RA, RU);
		hk_alu_imm(e, BPF_RSH, RA, 16);
		alu32_imm(e, BPF_ADD, RA, (int32_t)(0xdeadbeefu + len));
	}
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = RB,
				      .src_reg = RA });
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = RC,
				      .src_reg = RA });
	for (; len > 12; len -= 12, k += 12) {
		for (int w = 0; w < 3; w++) {
			hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_10, S_HASH + k + 4 * w);
			alu32_reg(e, BPF_ADD, abc[w], BPF_REG_0);
		}
		jhash_mix(e);
	}
	if (len) {
		for (int w = 0; w < 3 && 4u * w < len; w++) {
			unsigned n = len - 4 * w < 4 ? len - 4 * w : 4;

			add_tail_bytes(e, abc[w], k + 4 * w, n);
		}
		jhash_final(e);
	}
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X, .dst_reg = BPF_REG_0,
				      .src_reg = RC });
}

void skb_hash_load(struct hk_emit *e, const struct ir_field *f, int fail)
{
	const struct ir_hash *h = &e->unit->hashes[f->key];

	if (h->kind == IR_HASH_INC) {
		/* nft_ng_inc_gen's compare-and-swap loop, on a counter that
		 * starts at mod - 1, gives the k-th packet (k - 1) % mod: an
		 * atomic add gives k - 1 */
		hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, f->key);
		hk_map_lookup(e, CG_MAP_NUMGEN, fail);
		hk_mov_imm(e, BPF_REG_1, 1);
		hk_insn(e, (struct bpf_insn){ .code = BPF_STX | BPF_ATOMIC | BPF_DW,
					      .dst_reg = BPF_REG_0, .src_reg = BPF_REG_1,
					      .imm = BPF_ADD | BPF_FETCH });
		hk_mov_reg(e, BPF_REG_0, BPF_REG_1);
		hk_ld_imm64(e, BPF_REG_1, h->mod);
		hk_alu_reg(e, BPF_MOD, BPF_REG_0, BPF_REG_1);
		if (h->offset)
			alu32_imm(e, BPF_ADD, BPF_REG_0, (int32_t)h->offset);
		hk_field_xform(e, BPF_REG_0, f);
		return;
	}
	if (h->kind == IR_HASH_RANDOM) {
		hk_call(e, BPF_FUNC_get_prandom_u32);
	} else {
		/* zeros between the fields, as nft's registers have */
		for (unsigned at = 0; at < ((h->len + 7u) & ~7u); at += 8)
			hk_st(e, BPF_DW, BPF_REG_10, S_HASH + (int16_t)at, 0);
		for (int i = 0; i < h->nfields; i++)
			store_field(e, h, i, fail);
		emit_jhash(e, h, f->key);
	}
	/* reciprocal_scale(): (u64)hash * mod >> 32, then + offset (u32) */
	hk_ld_imm64(e, BPF_REG_1, h->mod);
	hk_alu_reg(e, BPF_MUL, BPF_REG_0, BPF_REG_1);
	hk_alu_imm(e, BPF_RSH, BPF_REG_0, 32);
	if (h->offset)
		alu32_imm(e, BPF_ADD, BPF_REG_0, (int32_t)h->offset);
	hk_field_xform(e, BPF_REG_0, f);
}
