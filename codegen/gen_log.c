// SPDX-License-Identifier: GPL-2.0
/*
 * The log statement in packet hooks: when the shared log bucket has a
 * token, an event (codegen/log_event.h) is reserved in the log ring,
 * filled from the skb and submitted.  A full ring or an empty bucket
 * drops the event, never the packet, and counts it in CG_LOG_DROPS_MAP
 * (so that the monitor can say how many were suppressed); the rule always
 * goes on.
 */
#include <linux/bpf.h>
#include <stddef.h>

#include "codegen/codegen.h"
#include "codegen/hook_gen.h"
#include "codegen/log_event.h"

#define EV(field) ((int16_t)offsetof(struct cgnft_log_event, field))

static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
	const unsigned char *c = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ c[i]) * 16777619u;
	return h;
}

static uint32_t fnv_str(uint32_t h, const char *s)
{
	return fnv(h, s ? s : "", (s ? __builtin_strlen(s) : 0) + 1);
}

uint32_t cg_log_generation(const struct ir_unit *u)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < u->nlogs; i++) {
		const struct ir_log *l = &u->logs[i];

		h = fnv_str(h, l->table);
		h = fnv_str(h, l->chain);
		h = fnv_str(h, l->file);
		h = fnv(h, &l->line, sizeof(l->line));
		h = fnv_str(h, l->prefix);
		h = fnv(h, &l->level, sizeof(l->level));
	}
	return h;
}

/* A u32 field of the skb into the event at r7. */
static void copy_ctx(struct hk_emit *e, int16_t ctx_off, int16_t ev_off)
{
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_6, ctx_off);
	hk_stx(e, BPF_W, BPF_REG_7, BPF_REG_1, ev_off);
}

void hk_gen_log(struct hk_emit *e, const struct ir_stmt *s)
{
	const struct ir_log *l = &e->unit->logs[s->log.site];
	uint32_t cap = l->has_snaplen && l->snaplen && l->snaplen < CG_LOG_BYTES ?
		       l->snaplen : CG_LOG_BYTES;
	int skip = hk_label(e), capped = hk_label(e), submit = hk_label(e);
	int drop = hk_label(e);

	hk_gen_limit(e, s->log.limit, drop);
	hk_ld_map(e, BPF_REG_1, CG_MAP_LOG);
	hk_mov_imm(e, BPF_REG_2, sizeof(struct cgnft_log_event));
	hk_mov_imm(e, BPF_REG_3, 0);
	hk_call(e, BPF_FUNC_ringbuf_reserve);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, drop);	/* ring full */
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	hk_st(e, BPF_W, BPF_REG_7, EV(gen), (int32_t)cg_log_generation(e->unit));
	hk_st(e, BPF_W, BPF_REG_7, EV(site), s->log.site);
	hk_st(e, BPF_W, BPF_REG_7, EV(hook), e->prog->hook);
	hk_st(e, BPF_W, BPF_REG_7, EV(pad), 0);
	copy_ctx(e, offsetof(struct __sk_buff, len), EV(len));
	copy_ctx(e, offsetof(struct __sk_buff, ifindex), EV(ifindex));
	copy_ctx(e, offsetof(struct __sk_buff, protocol), EV(protocol));
	copy_ctx(e, offsetof(struct __sk_buff, mark), EV(mark));
	hk_call(e, BPF_FUNC_ktime_get_ns);
	hk_stx(e, BPF_DW, BPF_REG_7, BPF_REG_0, EV(time_ns));
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_call(e, BPF_FUNC_skb_cgroup_id);
	hk_stx(e, BPF_DW, BPF_REG_7, BPF_REG_0, EV(cgroup_id));
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_call(e, BPF_FUNC_get_socket_uid);
	hk_stx(e, BPF_W, BPF_REG_7, BPF_REG_0, EV(uid));
	/* the first min(len, cap) bytes: a bounded, non-zero length for
	 * bpf_skb_load_bytes(), which fails past the packet's end */
	hk_ldx(e, BPF_W, BPF_REG_4, BPF_REG_6, offsetof(struct __sk_buff, len));
	hk_jmp_imm(e, BPF_JMP, BPF_JLE, BPF_REG_4, (int32_t)cap, capped);
	hk_mov_imm(e, BPF_REG_4, (int32_t)cap);
	hk_place(e, capped);
	hk_stx(e, BPF_W, BPF_REG_7, BPF_REG_4, EV(caplen));
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_4, 0, submit);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_mov_imm(e, BPF_REG_2, 0);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_7);
	hk_alu_imm(e, BPF_ADD, BPF_REG_3, EV(data));
	hk_call(e, BPF_FUNC_skb_load_bytes);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, submit);
	hk_st(e, BPF_W, BPF_REG_7, EV(caplen), 0);
	hk_place(e, submit);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_7);
	hk_mov_imm(e, BPF_REG_2, 0);
	hk_call(e, BPF_FUNC_ringbuf_submit);
	hk_ja(e, skip);
	/* suppressed: counted on this CPU (atomically: a softirq may
	 * interrupt a task's packet here) */
	hk_place(e, drop);
	hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, 0);
	hk_map_lookup(e, CG_MAP_LOG_DROPS, skip);
	hk_mov_imm(e, BPF_REG_1, 1);
	hk_insn(e, (struct bpf_insn){ .code = BPF_STX | BPF_ATOMIC | BPF_DW,
				      .dst_reg = BPF_REG_0, .src_reg = BPF_REG_1,
				      .imm = BPF_ADD });
	hk_place(e, skip);
}
