// SPDX-License-Identifier: GPL-2.0
/* Reading packet bytes in cgroup_skb programs (see skb_bytes.h). */
#include <stddef.h>

#include "codegen/hook_gen.h"
#include "codegen/skb_bytes.h"

/*
 * Packet bytes are read directly from skb->data when they lie in the
 * linear area, where headers nearly always are: a helper call costs more
 * than the rest of a rule.  Otherwise bpf_skb_load_bytes() copies them
 * (non-linear data), and fails past the end of the packet.
 *
 * An offset is a constant (`off` >= 0: network header fields, the IP
 * header itself) or, with `off` = IN_R2, in r2 (after the transport offset
 * or an extension header walk).
 *
 * pkt_ptr: r3 = skb->data + offset, or to `slow` when the `len` bytes there
 * are not in the linear area.  r2 is kept for the helper; the bound on it
 * lets the verifier add it to a packet pointer.
 */
void skb_pkt_ptr(struct hk_emit *e, int off, int len, int slow)
{
	if (off == IN_R2)
		hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_2, 0xff00, slow);
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_6, offsetof(struct __sk_buff, data));
	hk_ldx(e, BPF_W, BPF_REG_4, BPF_REG_6,
	       offsetof(struct __sk_buff, data_end));
	if (off == IN_R2)
		hk_alu_reg(e, BPF_ADD, BPF_REG_3, BPF_REG_2);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_3);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, (off == IN_R2 ? 0 : off) + len);
	hk_jmp_reg(e, BPF_JGT, BPF_REG_1, BPF_REG_4, slow);
	if (off > 0)
		hk_alu_imm(e, BPF_ADD, BPF_REG_3, off);
}

/* bpf_skb_load_bytes(skb, offset, r10 + to, len), to `fail` when it
 * fails. */
void skb_helper_load(struct hk_emit *e, int off, int16_t to, int len, int fail)
{
	if (off != IN_R2)
		hk_mov_imm(e, BPF_REG_2, off);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_3, to);
	hk_mov_imm(e, BPF_REG_4, len);
	hk_call(e, BPF_FUNC_skb_load_bytes);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, 0, fail);
}

const int skb_ld_size[9] = { [1] = BPF_B, [2] = BPF_H, [4] = BPF_W, [8] = BPF_DW };

/*
 * r3 = the address of `len` bytes at packet offset `off`: in the linear area,
 * or else a copy at r10 + to; to `fail` when they are not in the packet.
 * Clobbers r0-r5.  The fast path copies nothing to the stack: a scalar
 * spilled there on one path and written by the helper on the other makes
 * the verifier's precision tracking fail (6.18: "verifier bug: stack slot").
 */
void skb_bytes_at(struct hk_emit *e, int off, int16_t to, int len, int fail)
{
	int slow = hk_label(e), done = hk_label(e);

	if (!e->obj->helper_loads) {
		skb_pkt_ptr(e, off, len, slow);
		hk_ja(e, done);
	}
	hk_place(e, slow);
	skb_helper_load(e, off, to, len, fail);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_3, to);
	hk_place(e, done);
}

/* dst = big-endian number of `len` bytes at base + at. */
void skb_ldx_be(struct hk_emit *e, int dst, int base, int16_t at, int len)
{
	hk_ldx(e, skb_ld_size[len], dst, base, at);
	if (len > 1)
		hk_insn(e, (struct bpf_insn){
			.code = BPF_ALU | BPF_END | BPF_TO_BE,
			.dst_reg = dst, .imm = len * 8 });
}

