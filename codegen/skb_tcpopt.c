// SPDX-License-Identifier: GPL-2.0
/*
 * Finding a tcp option in cgroup_skb programs, as nft_exthdr_tcp_eval()
 * does: the whole TCP header (doff * 4 bytes, at least 20) must be in the
 * packet; the options are walked from byte 20 while at least two bytes
 * are left, an option of kind 0 (eol) or 1 (nop), or of length 0, taking
 * one byte (eol does not end the walk); the first option of the kind is
 * the one: it must lie within the header, and the field within it.
 *
 * Like the IPv6 walks (codegen/skb_ipv6.c) it is a may_goto loop whose
 * state lives in skb->cb[4]: the TCP header's offset (16 bits), the
 * option's offset in the header (9 bits: at most 59 + 255) and doff (4
 * bits).
 */
#include "codegen/skb_bytes.h"

#define ST_I_SHIFT	16
#define ST_DOFF_SHIFT	28

/* r2 = thoff, r3 = i, r4 = header length, from the state. */
static void opt_state(struct hk_emit *e)
{
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_6, SKB_CB_WALK);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
	hk_alu_imm(e, BPF_AND, BPF_REG_2, 0xffff);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_1);
	hk_alu_imm(e, BPF_RSH, BPF_REG_3, ST_I_SHIFT);
	hk_alu_imm(e, BPF_AND, BPF_REG_3, 0x1ff);
	hk_mov_reg(e, BPF_REG_4, BPF_REG_1);
	hk_alu_imm(e, BPF_RSH, BPF_REG_4, ST_DOFF_SHIFT);
	hk_alu_imm(e, BPF_LSH, BPF_REG_4, 2);
}

void skb_tcpopt_find(struct hk_emit *e, unsigned kind, unsigned need, int none)
{
	int loop = hk_label(e), found = hk_label(e), one = hk_label(e);
	int step = hk_label(e);

	/* the fixed header, then doff: all of it must be in the packet */
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_2, SKB_CB_WALK);
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 20, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 12);
	hk_alu_imm(e, BPF_RSH, BPF_REG_4, 4);		/* doff */
	hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_4, 5, none);
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_6, SKB_CB_WALK);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
	hk_alu_imm(e, BPF_LSH, BPF_REG_1, 2);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_2);
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_6, offsetof(struct __sk_buff, len));
	hk_jmp_reg(e, BPF_JGT, BPF_REG_1, BPF_REG_3, none);
	/* state: thoff | 20 << 16 | doff << 28 */
	hk_alu_imm(e, BPF_LSH, BPF_REG_4, ST_DOFF_SHIFT);
	hk_alu_reg(e, BPF_OR, BPF_REG_2, BPF_REG_4);
	hk_alu_imm(e, BPF_OR, BPF_REG_2, 20 << ST_I_SHIFT);
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_2, SKB_CB_WALK);

	hk_place(e, loop);
	hk_may_goto(e, none);
	opt_state(e);
	/* i < hlen - 1: a kind and a length byte left */
	hk_mov_reg(e, BPF_REG_5, BPF_REG_3);
	hk_alu_imm(e, BPF_ADD, BPF_REG_5, 1);
	hk_jmp_reg(e, BPF_JGE, BPF_REG_5, BPF_REG_4, none);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_3);
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 2, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 0);
	hk_ldx(e, BPF_B, BPF_REG_5, BPF_REG_3, 1);
	/* optlen(): 1 for eol, nop and a zero length */
	hk_jmp_imm(e, BPF_JMP, BPF_JLE, BPF_REG_4, 1, one);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_5, 0, step);
	hk_place(e, one);
	hk_mov_imm(e, BPF_REG_5, 1);
	hk_place(e, step);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_4, (int32_t)kind, found);
	/* i += the option's length */
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_6, SKB_CB_WALK);
	hk_alu_imm(e, BPF_LSH, BPF_REG_5, ST_I_SHIFT);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_5);
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_1, SKB_CB_WALK);
	hk_ja(e, loop);

	/* found: the option lies within the header, the field within the
	 * option (i + optl > tcphdr_len || offset + len > optl: no match) */
	hk_place(e, found);
	hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_5, (int32_t)need, none);
	opt_state(e);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_3);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_5);
	hk_jmp_reg(e, BPF_JGT, BPF_REG_1, BPF_REG_4, none);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_3);
}
