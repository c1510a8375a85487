// SPDX-License-Identifier: GPL-2.0
/*
 * limit and quota statements: nft_limit_eval() and nft_overquota() as
 * eBPF, on state in the "limits" and "quotas" maps (one entry each,
 * shared by all CPUs and by every rule that names the same object).
 *
 * limit: the bucket is updated under its bpf_spin_lock.  The time is read
 * before the lock (no helper may run while it is held), so another CPU
 * may have stored a later one: the clock then does not move backwards and
 * no tokens are added.  A bucket never used (last == 0) is full, as nft's
 * is when the rule is added.
 * quota: one atomic fetch-and-add of skb->len; the rule stops when the
 * bytes used pass the quota (6.18's nft_overquota(): used > quota), or,
 * with `over`, while they do not.
 */
#include <linux/bpf.h>

#include "codegen/codegen.h"
#include "codegen/hook_gen.h"

#define OFF_TOKENS 8
#define OFF_LAST 16

static const struct ir_field skb_len = { .base = IR_BASE_META, .key = IR_META_LEN,
					 .len = 4, .mask = ~0ull };

/* r0 = &map[index]; to `absent` when the lookup fails (it cannot: the
 * array has an entry per index). */
static void state_lookup(struct hk_emit *e, enum cg_map map, int index, int absent)
{
	hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, index);
	hk_map_lookup(e, map, absent);
}

/* r9 = the packet's cost in ns (clobbers r0-r5). */
static void limit_cost(struct hk_emit *e, const struct ir_limit *l, int fail)
{
	if (l->bytes) {
		/* cost = nsecs * len / rate, in 64 bits as the kernel's */
		e->ops->load(e, &skb_len, fail);
		hk_mov_reg(e, BPF_REG_9, BPF_REG_0);
		hk_ld_imm64(e, BPF_REG_1, l->nsecs);
		hk_alu_reg(e, BPF_MUL, BPF_REG_9, BPF_REG_1);
		hk_ld_imm64(e, BPF_REG_1, l->rate);
		hk_alu_reg(e, BPF_DIV, BPF_REG_9, BPF_REG_1);
	} else {
		hk_ld_imm64(e, BPF_REG_9, l->cost);
	}
}

/* The bucket at r8 (its lock; tokens and last follow as in struct
 * cgnft_limit), r7 = now, r9 = cost: nft_limit_eval(). */
static void bucket(struct hk_emit *e, const struct ir_limit *l, int fail)
{
	int have_last = hk_label(e), cap = hk_label(e), take = hk_label(e);
	int store = hk_label(e);

	hk_mov_reg(e, BPF_REG_1, BPF_REG_8);
	hk_call(e, BPF_FUNC_spin_lock);
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_8, OFF_TOKENS);
	hk_ldx(e, BPF_DW, BPF_REG_3, BPF_REG_8, OFF_LAST);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_3, 0, have_last);
	hk_ld_imm64(e, BPF_REG_2, l->tokens_max);	/* never used: full */
	hk_mov_reg(e, BPF_REG_3, BPF_REG_7);
	hk_ja(e, take);
	hk_place(e, have_last);
	hk_jmp_reg(e, BPF_JLE, BPF_REG_7, BPF_REG_3, cap);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_7);	/* tokens += now - last */
	hk_alu_reg(e, BPF_SUB, BPF_REG_2, BPF_REG_3);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_7);
	hk_place(e, cap);
	hk_ld_imm64(e, BPF_REG_1, l->tokens_max);
	hk_jmp_reg(e, BPF_JLE, BPF_REG_2, BPF_REG_1, take);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
	hk_place(e, take);
	hk_stx(e, BPF_DW, BPF_REG_8, BPF_REG_3, OFF_LAST);
	/* delta = tokens - cost, signed as in nft_limit_eval() */
	hk_mov_reg(e, BPF_REG_4, BPF_REG_2);
	hk_alu_reg(e, BPF_SUB, BPF_REG_4, BPF_REG_9);
	hk_mov_imm(e, BPF_REG_9, 0);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_4, 0, store);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_4);
	hk_mov_imm(e, BPF_REG_9, 1);
	hk_place(e, store);
	hk_stx(e, BPF_DW, BPF_REG_8, BPF_REG_2, OFF_TOKENS);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_8);
	hk_call(e, BPF_FUNC_spin_unlock);
	/* r9: 1 within the rate; the rule goes on within it (over it: `over`) */
	hk_jmp_imm(e, BPF_JMP, l->invert ? BPF_JNE : BPF_JEQ, BPF_REG_9, 0, fail);
}

void hk_gen_limit(struct hk_emit *e, int index, int fail)
{
	const struct ir_limit *l = &e->unit->limits[index];

	limit_cost(e, l, fail);
	hk_call(e, BPF_FUNC_ktime_get_ns);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	state_lookup(e, CG_MAP_LIMITS, index, fail);
	hk_mov_reg(e, BPF_REG_8, BPF_REG_0);
	bucket(e, l, fail);
}

void hk_gen_limit_at(struct hk_emit *e, const struct ir_limit *l, int fail)
{
	limit_cost(e, l, fail);
	hk_call(e, BPF_FUNC_ktime_get_ns);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	bucket(e, l, fail);
}

void hk_gen_quota(struct hk_emit *e, int index, int fail)
{
	const struct ir_quota *q = &e->unit->quotas[index];

	e->ops->load(e, &skb_len, fail);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	state_lookup(e, CG_MAP_QUOTAS, index, fail);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_7);
	hk_insn(e, (struct bpf_insn){ .code = BPF_STX | BPF_ATOMIC | BPF_DW,
				      .dst_reg = BPF_REG_0, .src_reg = BPF_REG_1,
				      .imm = BPF_ADD | BPF_FETCH });
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);	/* used, with this packet */
	hk_jmp_u64(e, q->invert ? BPF_JLE : BPF_JGT, BPF_REG_1, q->bytes, fail);
}
