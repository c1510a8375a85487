// SPDX-License-Identifier: GPL-2.0
/*
 * Finding an sctp chunk in cgroup_skb programs, as nft_exthdr_sctp_eval()
 * does: chunks are walked from the end of the 12-byte common header, each
 * taking its length rounded up to 4 bytes, while the offset is within the
 * packet; a chunk header that is not in the packet, or a length of 0,
 * ends the walk.  The first chunk of the type counts; for a field, the
 * field must lie within the chunk's length and the chunk within the
 * packet.
 *
 * A may_goto loop whose state (the chunk's offset) lives in skb->cb[4], as
 * the other header walks (codegen/skb_ipv6.c).
 */
#include "codegen/skb_bytes.h"

void skb_sctpchunk_find(struct hk_emit *e, unsigned type, unsigned need, int none)
{
	int loop = hk_label(e), found = hk_label(e);

	hk_alu_imm(e, BPF_ADD, BPF_REG_2, 12);		/* sizeof(struct sctphdr) */
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_2, SKB_CB_WALK);

	hk_place(e, loop);
	hk_may_goto(e, none);
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_6, SKB_CB_WALK);
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 4, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 0);	/* type */
	skb_ldx_be(e, BPF_REG_5, BPF_REG_3, 2, 2);	/* length */
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_5, 0, none);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_4, (int32_t)type, found);
	/* offset += SCTP_PAD4(length), while within the packet */
	hk_alu_imm(e, BPF_ADD, BPF_REG_5, 3);
	hk_alu_imm(e, BPF_AND, BPF_REG_5, ~3);
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_6, SKB_CB_WALK);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_5);
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_2, SKB_CB_WALK);
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_6, offsetof(struct __sk_buff, len));
	hk_jmp_reg(e, BPF_JLT, BPF_REG_2, BPF_REG_3, loop);
	hk_ja(e, none);

	hk_place(e, found);
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_6, SKB_CB_WALK);
	if (need) {
		/* offset + len > length, or the chunk past the packet: no match */
		hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_5, (int32_t)need, none);
		hk_mov_reg(e, BPF_REG_1, BPF_REG_2);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_5);
		hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_6, offsetof(struct __sk_buff, len));
		hk_jmp_reg(e, BPF_JGT, BPF_REG_1, BPF_REG_3, none);
	}
}
