// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_skb fields that live in the kernel's own structs (kernel_types.h):
 * the device's name and index, the socket owner's group.  The program
 * casts its context to the kernel's struct sk_buff with the
 * bpf_cast_to_kern_ctx kfunc and follows pointers with CO-RE loads, which
 * the kernel turns into faulting-safe reads (a NULL pointer reads as 0).
 *
 * Which device: the kernel runs cgroup ingress programs from the socket
 * receive path (sk_filter), where skb->dev is the device the packet came
 * in on (lo for local traffic), and egress programs from ip_finish_output /
 * ip6_finish_output, where skb->dev is the device it goes out on.  nft's
 * iif/iifname at input and oif/oifname at output read the same devices;
 * on the other hook nft has no such device and reads the name as empty
 * and the index as 0 (nft_meta_store_ifname/ifindex), and so here:
 * `iifname != "eth0"` matches every packet at output.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "codegen/host_values.h"
#include "codegen/skb_bytes.h"

/* r1 = the kernel's skb->dev (a BTF pointer); to `none` when there is no
 * device, or when the hook has no such device. */
static void kern_dev(struct hk_emit *e, bool input, int none)
{
	if (input != (e->prog->hook == IR_HOOK_INGRESS)) {
		hk_ja(e, none);
		return;
	}
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_kcall(e, CG_KFUNC_CAST_TO_KERN_CTX);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_0, CG_KF_SKB_DEV);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, none);
}

/* Clear the bytes of `reg` (8 name bytes, first byte lowest) from its
 * first NUL on, as nft's strncpy of the name does: a renamed device keeps
 * old bytes after the NUL.  The lowest 0x80 bit of
 * (x - 0x01..01) & ~x & 0x80..80 marks the first zero byte exactly (false
 * marks only appear above a real one).  To `nul` when there is a NUL. */
static void clear_after_nul(struct hk_emit *e, int reg, int nul)
{
	int none = hk_label(e);

	hk_ld_imm64(e, BPF_REG_4, 0x0101010101010101ull);
	hk_mov_reg(e, BPF_REG_5, reg);
	hk_alu_reg(e, BPF_SUB, BPF_REG_5, BPF_REG_4);
	hk_mov_reg(e, BPF_REG_4, reg);
	hk_alu_imm(e, BPF_XOR, BPF_REG_4, -1);
	hk_alu_reg(e, BPF_AND, BPF_REG_5, BPF_REG_4);
	hk_ld_imm64(e, BPF_REG_4, 0x8080808080808080ull);
	hk_alu_reg(e, BPF_AND, BPF_REG_5, BPF_REG_4);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_5, 0, none);
	hk_mov_reg(e, BPF_REG_4, BPF_REG_5);
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU64 | BPF_NEG, .dst_reg = BPF_REG_4 });
	hk_alu_reg(e, BPF_AND, BPF_REG_5, BPF_REG_4);	/* the lowest mark */
	hk_alu_imm(e, BPF_RSH, BPF_REG_5, 7);
	hk_alu_imm(e, BPF_SUB, BPF_REG_5, 1);		/* bytes below it */
	hk_alu_reg(e, BPF_AND, reg, BPF_REG_5);
	hk_ja(e, nul);
	hk_place(e, none);
}

void skb_load_ifname(struct hk_emit *e, const struct ir_field *f, int16_t at,
		     int fail)
{
	int done = hk_label(e), second = hk_label(e), none = hk_label(e);

	(void)fail;	/* no device reads as the empty name: never fails */
	kern_dev(e, f->key == IR_META_IIFNAME, none);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_2, BPF_REG_1, CG_KF_DEV_NAME_0);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_3, BPF_REG_1, CG_KF_DEV_NAME_8);
	clear_after_nul(e, BPF_REG_2, second);
	clear_after_nul(e, BPF_REG_3, done);
	hk_ja(e, done);
	hk_place(e, none);
	hk_mov_imm(e, BPF_REG_2, 0);
	hk_place(e, second);
	hk_mov_imm(e, BPF_REG_3, 0);		/* the name ended in the first half */
	hk_place(e, done);
	/* first byte most significant, as the front end's values */
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
				      .dst_reg = BPF_REG_2, .imm = 64 });
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
				      .dst_reg = BPF_REG_3, .imm = 64 });
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_2, at);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_3, at + 8);
}

/*
 * nft's meta iiftype/oiftype and iifgroup/oifgroup (nft_meta_store_iftype,
 * nft_meta_store_ifgroup): no device, no match; from the same device as
 * iifname/oifname.
 */
void skb_load_dev_number(struct hk_emit *e, const struct ir_field *f, int fail)
{
	bool type = f->key == IR_META_IIFTYPE || f->key == IR_META_OIFTYPE;
	bool input = f->key == IR_META_IIFTYPE || f->key == IR_META_IIFGROUP;

	kern_dev(e, input, fail);
	if (type)
		hk_ldx_kernel(e, BPF_H, BPF_REG_0, BPF_REG_1, CG_KF_DEV_TYPE);
	else
		hk_ldx_kernel(e, BPF_W, BPF_REG_0, BPF_REG_1, CG_KF_DEV_GROUP);
}

/*
 * nft's meta iifkind/oifkind (nft_meta_get_eval_kind): the name of the
 * device's link type, dev->rtnl_link_ops->kind ("veth", "bridge"),
 * truncated and NUL-padded to 16 bytes (strscpy_pad); no match without a
 * device or without link ops (lo, physical NICs).  `kind` points into the
 * driver's data, a char array the verifier does not type, so it is copied
 * with bpf_probe_read_kernel_str (which stops at the NUL) into zeroed
 * bytes.
 */
void skb_load_ifkind(struct hk_emit *e, const struct ir_field *f, int16_t at,
		     int fail)
{
	kern_dev(e, f->key == IR_META_IIFKIND, fail);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_1, CG_KF_DEV_LINK_OPS);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_3, BPF_REG_1, CG_KF_LINK_OPS_KIND);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_3, 0, fail);
	hk_st(e, BPF_DW, BPF_REG_10, at, 0);
	hk_st(e, BPF_DW, BPF_REG_10, at + 8, 0);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, at);
	hk_mov_imm(e, BPF_REG_2, 16);
	hk_call(e, BPF_FUNC_probe_read_kernel_str);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, 0, fail);
	/* first byte most significant, as the front end's values */
	for (int half = 0; half < 16; half += 8) {
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, at + half);
		hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
					      .dst_reg = BPF_REG_2, .imm = 64 });
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_2, at + half);
	}
}

/* The host value name of an interface: CG_HOST_IFINDEX + hex of its name. */
static void ifindex_slot_name(const char *ifname, char *buf, size_t len)
{
	size_t n = strnlen(ifname, 16), at = strlen(CG_HOST_IFINDEX);

	snprintf(buf, len, "%s", CG_HOST_IFINDEX);
	for (size_t i = 0; i < n && at + 2 < len; i++, at += 2)
		snprintf(buf + at, len - at, "%02x", (unsigned char)ifname[i]);
}

void skb_load_ifindex_is(struct hk_emit *e, const struct ir_field *f, int fail)
{
	bool input = f->key == IR_META_IIF;
	char slot[64];
	int differ = hk_label(e);

	(void)fail;	/* no device reads as index 0: never fails */
	ifindex_slot_name(f->ifname, slot, sizeof(slot));
	/* __sk_buff.ifindex is skb->dev->ifindex (0 without a device) */
	if (input == (e->prog->hook == IR_HOOK_INGRESS))
		hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_6, offsetof(struct __sk_buff, ifindex));
	else
		hk_mov_imm(e, BPF_REG_2, 0);
	hk_ld_host(e, BPF_REG_1, cg_host_slot(e->obj, slot, 4));
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_1, 0);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_jmp_reg(e, BPF_JNE, BPF_REG_2, BPF_REG_1, differ);
	hk_mov_imm(e, BPF_REG_0, 1);
	hk_place(e, differ);
}

/*
 * nft's meta skuid/skgid (nft_meta_get_eval_skugid): the fsuid/fsgid of the
 * credentials the socket's file was opened with, sk->sk_socket->file->f_cred;
 * no match without a full socket (bpf_sk_fullsock), a struct socket or a
 * file.  (bpf_get_socket_uid() reads sk->sk_uid instead, which a socket
 * keeps after close, and gives overflowuid for request and time-wait
 * sockets.)
 */
/* r1 = the kernel's struct sock of the packet's socket; to `fail` unless
 * it is a full socket (nft: skb_to_full_sk() and sk_fullsock()). */
static void kern_full_sock(struct hk_emit *e, int fail)
{
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_6, offsetof(struct __sk_buff, sk));
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_call(e, BPF_FUNC_sk_fullsock);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_kcall(e, CG_KFUNC_CAST_TO_KERN_CTX);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_0, CG_KF_SKB_SK);
	/* the verifier's view: an RCU pointer that may be NULL */
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
}

void skb_load_sock_owner(struct hk_emit *e, bool gid, int fail)
{
	kern_full_sock(e, fail);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_1, CG_KF_SOCK_SOCKET);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_1, CG_KF_SOCKET_FILE);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_1, CG_KF_FILE_CRED);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_ldx_kernel(e, BPF_W, BPF_REG_0, BPF_REG_1,
		      gid ? CG_KF_CRED_FSGID : CG_KF_CRED_FSUID);
}

/* nft's meta cgroup (nft_meta_get_eval_cgroup): the net_cls class id of a
 * full socket, sock_cgroup_classid(&sk->sk_cgrp_data). */
void skb_load_classid(struct hk_emit *e, int fail)
{
	kern_full_sock(e, fail);
	hk_ldx_kernel(e, BPF_W, BPF_REG_0, BPF_REG_1, CG_KF_SOCK_CLASSID);
}
