// SPDX-License-Identifier: GPL-2.0
/*
 * ct in cgroup_skb programs (doc/HOOKS.md, "ct").
 *
 * Egress: the packet's conntrack entry (skb->_nfct), read through the
 * kernel's struct sk_buff and struct nf_conn (kfuncs and CO-RE loads,
 * codegen/kernel_types.h) exactly as nft_ct_get_eval() reads it.
 *
 * Ingress: the kernel has dropped a received packet's conntrack entry
 * before sk_filter() runs the program (nf_reset_ct() on local delivery),
 * so `ct state` is derived from the receiving socket (skb->sk, always set
 * for cgroup_skb) and, at a TCP listener, from the packet's SYN and ACK
 * flags: only where that gives nft's answer; elsewhere the load fails and
 * the match does not hold.
 */
#include <linux/bpf.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>

#include "codegen/cg_object.h"
#include "codegen/host_values.h"
#include "codegen/skb_bytes.h"
#include "codegen/skb_ct.h"

#define CT_INVALID	1	/* NF_CT_STATE_INVALID_BIT */
#define CT_ESTABLISHED	2	/* NF_CT_STATE_BIT(IP_CT_ESTABLISHED) */
#define CT_NEW		8	/* NF_CT_STATE_BIT(IP_CT_NEW) */
#define CT_UNTRACKED	64	/* NF_CT_STATE_UNTRACKED_BIT */
#define NFCT_INFOMASK	7
#define IP_CT_IS_REPLY	3
#define IP_CT_UNTRACKED	7
#define TCP_ESTABLISHED	1	/* include/net/tcp_states.h; a connected UDP socket too */
#define TCP_LISTEN	10
#define TCP_SYN		0x02
#define TCP_ACK		0x10

/* r0 = nft's ct state bit for a received packet, from its socket; to
 * `fail` where the socket cannot tell.  Clobbers r1-r5. */
static void socket_state(struct hk_emit *e, int fail)
{
	int dgram = hk_label(e), udp = hk_label(e), listener = hk_label(e);
	int est = hk_label(e), done = hk_label(e);
	const struct ir_field flags = { .base = IR_BASE_TRANSPORT, .offset = 13, .len = 1,
					.mask = ~0ull };

	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_6, offsetof(struct __sk_buff, sk));
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_call(e, BPF_FUNC_sk_fullsock);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_0, offsetof(struct bpf_sock, protocol));
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_0, offsetof(struct bpf_sock, state));
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_0, offsetof(struct bpf_sock, type));
	/* the type first: a raw socket of protocol 6 or 17 receives copies */
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_3, SOCK_STREAM, dgram);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_1, IPPROTO_TCP, fail);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_2, TCP_LISTEN, listener);
	hk_ja(e, est);	/* SYN-SENT, established, closing: the flow exists */

	/* a listener: a SYN opens a flow, the rest (the handshake's ACK,
	 * with or without syncookies) belongs to one */
	hk_place(e, listener);
	e->ops->load(e, &flags, fail);
	hk_alu_imm(e, BPF_AND, BPF_REG_0, TCP_SYN | TCP_ACK);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, TCP_SYN, est);
	hk_mov_imm(e, BPF_REG_0, CT_NEW);
	hk_ja(e, done);

	hk_place(e, dgram);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_3, SOCK_DGRAM, fail);
	/* ping sockets (unprivileged ICMP echo) receive only echo replies */
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IPPROTO_ICMP, est);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IPPROTO_ICMPV6, est);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IPPROTO_UDP, udp);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_1, IPPROTO_UDPLITE, fail);
	/* UDP: a connected socket receives from its peer only */
	hk_place(e, udp);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_2, TCP_ESTABLISHED, fail);

	hk_place(e, est);
	hk_mov_imm(e, BPF_REG_0, CT_ESTABLISHED);
	hk_place(e, done);
}

/* r1 = the nf_conn pointer of skb->_nfct (0: none), r2 = ctinfo (its low
 * bits, NFCT_INFOMASK).  Clobbers r0-r5. */
static void load_nfct(struct hk_emit *e)
{
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_kcall(e, CG_KFUNC_CAST_TO_KERN_CTX);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_0, CG_KF_SKB_NFCT);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
	hk_alu_imm(e, BPF_AND, BPF_REG_2, NFCT_INFOMASK);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, ~NFCT_INFOMASK);
}

/* r0 = nft's ct state: NF_CT_STATE_BIT(ctinfo) with an entry, else
 * untracked (IP_CT_UNTRACKED) or invalid. */
static void conntrack_state(struct hk_emit *e)
{
	int none = hk_label(e), orig = hk_label(e), done = hk_label(e);

	load_nfct(e);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, none);
	/* 1 << (ctinfo % IP_CT_IS_REPLY + 1); ctinfo is 0..4 with an entry */
	hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_2, IP_CT_IS_REPLY, orig);
	hk_alu_imm(e, BPF_SUB, BPF_REG_2, IP_CT_IS_REPLY);
	hk_place(e, orig);
	hk_mov_imm(e, BPF_REG_0, CT_ESTABLISHED);
	hk_alu_reg(e, BPF_LSH, BPF_REG_0, BPF_REG_2);
	hk_ja(e, done);
	hk_place(e, none);
	hk_mov_imm(e, BPF_REG_0, CT_INVALID);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_2, IP_CT_UNTRACKED, done);
	hk_mov_imm(e, BPF_REG_0, CT_UNTRACKED);
	hk_place(e, done);
}

/* r0 = the entry as a read-only BTF pointer (bpf_rdonly_cast(nf_conn *,
 * the BTF id of struct nf_conn)); to `fail` without one (nft_ct_get_eval:
 * NFT_BREAK).  r2 = ctinfo.  Clobbers r1-r5. */
static void conntrack_entry(struct hk_emit *e, int fail)
{
	load_nfct(e);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_ld_host(e, BPF_REG_2, cg_host_slot(e->obj, CG_HOST_BTF_ID "nf_conn", 4));
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_2, 0);
	hk_kcall(e, CG_KFUNC_RDONLY_CAST);
}

static void bswap(struct hk_emit *e, int reg, int bits)
{
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
				      .dst_reg = reg, .imm = bits });
}

/* the tuple's kernel fields: [reply][dst] */
static const enum cg_kfield addr0[2][2] = {
	{ CG_KF_CT_SRC_ADDR_0, CG_KF_CT_DST_ADDR_0 },
	{ CG_KF_CT_RSRC_ADDR_0, CG_KF_CT_RDST_ADDR_0 },
};
static const enum cg_kfield addr2[2][2] = {
	{ CG_KF_CT_SRC_ADDR_2, CG_KF_CT_DST_ADDR_2 },
	{ CG_KF_CT_RSRC_ADDR_2, CG_KF_CT_RDST_ADDR_2 },
};
static const enum cg_kfield port[2][2] = {
	{ CG_KF_CT_SRC_PORT, CG_KF_CT_DST_PORT },
	{ CG_KF_CT_RSRC_PORT, CG_KF_CT_RDST_PORT },
};

/* To `fail` unless the entry at r0 is of the address's family (nft's
 * src_ip/src_ip6 keys check nf_ct_l3num); r1 = the entry. */
static void check_family(struct hk_emit *e, const struct ir_field *f, int fail)
{
	hk_mov_reg(e, BPF_REG_1, BPF_REG_0);
	hk_ldx_kernel(e, BPF_H, BPF_REG_2, BPF_REG_1, CG_KF_CT_L3NUM);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_2, f->len == 16 ? AF_INET6 : AF_INET, fail);
}

/* r0 = milliseconds until the entry at r0 times out: nf_ct_expires() (its
 * u32 timeout less the low 32 bits of jiffies, as s32, at least 0) times
 * the milliseconds of a jiffy (jiffies_to_msecs, for an HZ that divides
 * 1000: the loader refuses others). */
static void expiration(struct hk_emit *e)
{
	int done = hk_label(e);

	hk_ldx_kernel(e, BPF_W, BPF_REG_1, BPF_REG_0, CG_KF_CT_TIMEOUT);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, SKB_S_BUF);
	hk_call(e, BPF_FUNC_jiffies64);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, SKB_S_BUF);
	hk_alu_reg(e, BPF_SUB, BPF_REG_1, BPF_REG_0);
	hk_alu_imm(e, BPF_LSH, BPF_REG_1, 32);
	hk_alu_imm(e, BPF_ARSH, BPF_REG_1, 32);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLE, BPF_REG_1, 0, done);
	hk_ld_host(e, BPF_REG_2, cg_host_slot(e->obj, CG_HOST_JIFFY_MS, 4));
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_2, 0);
	hk_mov_reg(e, BPF_REG_0, BPF_REG_1);
	hk_alu_reg(e, BPF_MUL, BPF_REG_0, BPF_REG_2);
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_MOV | BPF_X,	/* u32 */
				      .dst_reg = BPF_REG_0, .src_reg = BPF_REG_0 });
	hk_place(e, done);
}

/* r0 = an extension of the entry at r0 (read-only, as struct `type`):
 * nf_ct_ext_find(), i.e. ext->offset[id] bytes into ct->ext, where id is
 * the kernel's value of the enumerator `id`; to `none` without one. */
static void ct_ext(struct hk_emit *e, const char *id, const char *type, int none)
{
	char host[64];

	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_0, CG_KF_CT_EXT);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, none);
	snprintf(host, sizeof(host), "%s%s", CG_HOST_ENUM, id);
	hk_ld_host(e, BPF_REG_2, cg_host_slot(e->obj, host, 4));
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_2, 0);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_2);
	hk_ldx_kernel(e, BPF_B, BPF_REG_3, BPF_REG_1, CG_KF_CT_EXT_OFFSET);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_3, 0, none);
	hk_alu_reg(e, BPF_SUB, BPF_REG_1, BPF_REG_2);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_3);
	snprintf(host, sizeof(host), "%s%s", CG_HOST_BTF_ID, type);
	hk_ld_host(e, BPF_REG_2, cg_host_slot(e->obj, host, 4));
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_2, 0);
	hk_kcall(e, CG_KFUNC_RDONLY_CAST);
}

/* r0 = the labels of the entry at r0, 64 of them (field offset
 * IR_CT_LABEL_LOW or _HIGH); 0 without the labels extension (nft's
 * register is zeroed then). */
static void labels_half(struct hk_emit *e, const struct ir_field *f)
{
	int none = hk_label(e), done = hk_label(e);

	ct_ext(e, "NF_CT_EXT_LABELS", "nf_conn_labels", none);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_0,
		      f->offset == IR_CT_LABEL_HIGH ? CG_KF_LABELS_1 : CG_KF_LABELS_0);
	hk_ja(e, done);
	hk_place(e, none);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, done);
}

/* r0 = packets (bytes) of the direction (or both) of the acct at r1:
 * nft_ct_get_eval_counter().  Clobbers r2. */
static void counter(struct hk_emit *e, const struct ir_field *f, bool bytes)
{
	static const enum cg_kfield c[2][2] = {
		{ CG_KF_ACCT_PKTS_0, CG_KF_ACCT_BYTES_0 },
		{ CG_KF_ACCT_PKTS_1, CG_KF_ACCT_BYTES_1 },
	};

	if (f->offset) {
		hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_1, c[f->offset - 1][bytes]);
		return;
	}
	hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_1, c[0][bytes]);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_2, BPF_REG_1, c[1][bytes]);
	hk_alu_reg(e, BPF_ADD, BPF_REG_0, BPF_REG_2);
}

/* r0 = ct bytes, packets or avgpkt of the entry at r0; 0 without
 * accounting (nft stores 0 then). */
static void accounting(struct hk_emit *e, const struct ir_field *f)
{
	int none = hk_label(e), done = hk_label(e);

	ct_ext(e, "NF_CT_EXT_ACCT", "nf_conn_acct", none);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_0);
	if (f->key == IR_CT_AVGPKT) {	/* bytes / packets, 0 for no packets */
		counter(e, f, false);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, SKB_S_BUF);
		counter(e, f, true);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, SKB_S_BUF);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_2, 0, none);
		hk_alu_reg(e, BPF_DIV, BPF_REG_0, BPF_REG_2);
	} else {
		counter(e, f, f->key == IR_CT_BYTES);
	}
	hk_ja(e, done);
	hk_place(e, none);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, done);
}

/* r0 = a key of the entry other than ct state; to `fail` without one
 * (nft_ct_get_eval: NFT_BREAK). */
static void conntrack_field(struct hk_emit *e, const struct ir_field *f, int fail)
{
	int done = hk_label(e);
	int reply = f->offset == 2, dst = f->key == IR_CT_DADDR || f->key == IR_CT_PROTO_DST;

	if (f->key == IR_CT_DIRECTION) {	/* CTINFO2DIR() */
		load_nfct(e);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
		hk_mov_imm(e, BPF_REG_0, 0);
		hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_2, IP_CT_IS_REPLY, done);
		hk_mov_imm(e, BPF_REG_0, 1);
		hk_place(e, done);
		return;
	}
	conntrack_entry(e, fail);
	switch ((enum ir_ct)f->key) {
	case IR_CT_STATUS:	/* nft's register takes 32 bits */
		hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_0, CG_KF_CT_STATUS);
		hk_alu_imm(e, BPF_LSH, BPF_REG_0, 32);
		hk_alu_imm(e, BPF_RSH, BPF_REG_0, 32);
		break;
	case IR_CT_MARK:
		hk_ldx_kernel(e, BPF_W, BPF_REG_0, BPF_REG_0, CG_KF_CT_MARK);
		break;
	case IR_CT_L3PROTO:	/* nft_reg_store8(nf_ct_l3num()) */
		hk_ldx_kernel(e, BPF_H, BPF_REG_0, BPF_REG_0, CG_KF_CT_L3NUM);
		hk_alu_imm(e, BPF_AND, BPF_REG_0, 0xff);
		break;
	case IR_CT_PROTOCOL:
		hk_ldx_kernel(e, BPF_B, BPF_REG_0, BPF_REG_0, CG_KF_CT_PROTONUM);
		break;
	case IR_CT_SADDR:
	case IR_CT_DADDR:
		check_family(e, f, fail);
		hk_ldx_kernel(e, BPF_W, BPF_REG_0, BPF_REG_1, addr0[reply][dst]);
		bswap(e, BPF_REG_0, 32);
		break;
	case IR_CT_PROTO_SRC:
	case IR_CT_PROTO_DST:
		hk_ldx_kernel(e, BPF_H, BPF_REG_0, BPF_REG_0, port[reply][dst]);
		bswap(e, BPF_REG_0, 16);
		break;
	case IR_CT_ZONE:	/* nf_ct_zone_id(): 0 unless the zone is for dir */
		hk_mov_reg(e, BPF_REG_1, BPF_REG_0);
		hk_ldx_kernel(e, BPF_H, BPF_REG_0, BPF_REG_1, CG_KF_CT_ZONE_ID);
		if (!f->offset)
			break;
		hk_ldx_kernel(e, BPF_B, BPF_REG_2, BPF_REG_1, CG_KF_CT_ZONE_DIR);
		hk_jmp_imm(e, BPF_JMP, BPF_JSET, BPF_REG_2, 1 << (f->offset - 1), done);
		hk_mov_imm(e, BPF_REG_0, 0);
		hk_place(e, done);
		break;
	case IR_CT_EXPIRATION:
		expiration(e);
		break;
	case IR_CT_LABEL:
		labels_half(e, f);
		break;
	case IR_CT_BYTES:
	case IR_CT_PACKETS:
	case IR_CT_AVGPKT:
		accounting(e, f);
		break;
	default:
		hk_bug("ct key");
	}
}

void skb_ct_load_wide(struct hk_emit *e, const struct ir_field *f, int16_t at, int fail)
{
	int reply = f->offset == 2, dst = f->key == IR_CT_DADDR;

	if (f->key == IR_CT_LABEL) {	/* the high 64 labels first */
		int none = hk_label(e), done = hk_label(e);

		conntrack_entry(e, fail);
		ct_ext(e, "NF_CT_EXT_LABELS", "nf_conn_labels", none);
		hk_mov_reg(e, BPF_REG_1, BPF_REG_0);
		hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_1, CG_KF_LABELS_1);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at);
		hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_1, CG_KF_LABELS_0);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at + 8);
		hk_ja(e, done);
		hk_place(e, none);
		hk_mov_imm(e, BPF_REG_0, 0);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at + 8);
		hk_place(e, done);
		return;
	}
	if (f->key != IR_CT_SADDR && f->key != IR_CT_DADDR)
		hk_bug("wide ct key");
	conntrack_entry(e, fail);
	check_family(e, f, fail);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_1, addr0[reply][dst]);
	bswap(e, BPF_REG_0, 64);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_0, BPF_REG_1, addr2[reply][dst]);
	bswap(e, BPF_REG_0, 64);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at + 8);
}

void skb_ct_load(struct hk_emit *e, const struct ir_field *f, int fail)
{
	if (e->prog->hook == IR_HOOK_INGRESS) {
		if (f->key != IR_CT_STATE)
			hk_bug("ct key other than state on ingress");
		socket_state(e, fail);
	} else if (f->key == IR_CT_STATE) {
		conntrack_state(e);
	} else {
		conntrack_field(e, f, fail);
	}
	hk_field_xform(e, BPF_REG_0, f);
}
