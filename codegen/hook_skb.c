// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_skb/ingress and cgroup_skb/egress (BPF_PROG_TYPE_CGROUP_SKB).
 *
 * The program sees the packet from the IP header on.  A prologue parses it
 * once, the way nft_set_pktinfo_ipv4/ipv6 and ipv6_find_hdr() do: nfproto,
 * l4proto (or absent), transport offset and fragment offset, kept in
 * skb->cb (see fill_slot).  Field loads then read the bytes from the linear area, or else
 * with bpf_skb_load_bytes(), which copies like skb_copy_bits() in
 * nft_payload_eval: it sees non-linear data too, and fails when the bytes
 * lie past the end of the packet, so a truncated header fails that one load
 * and only that rule stops matching (NFT_BREAK).
 */
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/hook_gen.h"
#include "codegen/load_values.h"
#include "codegen/skb_bytes.h"
#include "codegen/skb_ct.h"
#include "codegen/skb_hash.h"

/* Stack slots (offsets from r10).  -8 is HK_MAP_KEY. */
#define S_NFPROTO	(-16)	/* 0: not IP, 2: IPv4, 10: IPv6 */
#define S_L4PROTO	(-24)	/* 0..255, or L4_ABSENT */
#define S_THOFF		(-32)	/* transport header offset */
#define S_FRAGOFF	(-40)	/* nonzero on non-first fragments */
#define S_BUF		SKB_S_BUF
#define S_HDR		(-104)	/* prologue: the fixed IP header (40 bytes) */
#define S_KEY		(-168)	/* lookup keys: IR_MAX_CONCAT * 16 bytes */
/* -176 .. -240: the classifier (cls_lookup.h, gen_classify.c) */
#define S_JUMPS		(-320)	/* HK_JUMP_AREA bytes for shared chains */

#define L4_ABSENT	256
#define NO_TRANSPORT	0xffff	/* S_THOFF: see transport_offset() */

#define NFPROTO_IPV4	2
#define NFPROTO_IPV6	10

static void skb_bug(const char *what) __attribute__((noreturn));
static void skb_bug(const char *what)
{
	fprintf(stderr, "cgnft: BUG: cgroup_skb codegen: %s\n", what);
	abort();
}

/*
 * The prologue's results live in skb->cb[0..3] (cgroup_skb programs may
 * write cb; the kernel saves, zeroes and restores it around each run).
 * The verifier knows nothing of cb's contents, so every path out of the
 * prologue (not IP, IPv4, IPv6 with or without extension headers, fragments)
 * reaches the rules in one state instead of twenty, and each rule is
 * verified about once instead of once per kind of packet.
 */
static const int16_t prologue_slot[] = { S_NFPROTO, S_L4PROTO, S_THOFF };

static int16_t cb_of(int16_t slot)
{
	for (int k = 0; k < 3; k++)
		if (prologue_slot[k] == slot)
			return (int16_t)(offsetof(struct __sk_buff, cb) + 4 * k);
	skb_bug("not a prologue slot");
}

/*
 * dst = a prologue result, bounded to 16 bits (all of them fit) so that
 * it can be added to a packet pointer; a fresh scalar each time, so that
 * comparing it narrows nothing that later rules see.
 */
static void fill_slot(struct hk_emit *e, int dst, int16_t slot)
{
	hk_ldx(e, BPF_W, dst, BPF_REG_6, cb_of(slot));
	hk_alu_imm(e, BPF_AND, dst, 0xffff);
}

/* Set l4proto absent and the transport offset 0 (nft_set_pktinfo_unspec). */
static void set_unspec(struct hk_emit *e)
{
	hk_st(e, BPF_DW, BPF_REG_10, S_L4PROTO, L4_ABSENT);
	hk_st(e, BPF_DW, BPF_REG_10, S_THOFF, 0);
	hk_st(e, BPF_DW, BPF_REG_10, S_FRAGOFF, 0);
}

/*
 * nft_set_pktinfo_ipv4(), as nft's inet input and output hooks use it: no
 * validation (that is the netdev/ingress _validate variant): the protocol
 * byte, the header length from ihl, whatever the version nibble and total
 * length say.  Only a packet too short for the fixed header is unspec.
 */
static void parse_ipv4(struct hk_emit *e, int done)
{
	int bad = hk_label(e);

	hk_st(e, BPF_DW, BPF_REG_10, S_NFPROTO, NFPROTO_IPV4);
	skb_bytes_at(e, 0, S_HDR, 20, bad);
	hk_ldx(e, BPF_B, BPF_REG_7, BPF_REG_3, 0);
	hk_alu_imm(e, BPF_AND, BPF_REG_7, 0x0f);
	hk_alu_imm(e, BPF_LSH, BPF_REG_7, 2);		/* thoff = ihl * 4 */
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_7, S_THOFF);
	hk_ldx(e, BPF_B, BPF_REG_1, BPF_REG_3, 9);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, S_L4PROTO);
	skb_ldx_be(e, BPF_REG_1, BPF_REG_3, 6, 2);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, 0x1fff);	/* IP_OFFSET */
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, S_FRAGOFF);
	hk_ja(e, done);
	hk_place(e, bad);
	set_unspec(e);
	hk_ja(e, done);
}

/*
 * nft_set_pktinfo_ipv6(), as nft's inet input and output hooks use it: no
 * version or payload length check, then ipv6_find_hdr(skb, &thoff, -1,
 * &fragoff, IP6_FH_F_AUTH) (codegen/skb_ipv6.c).  As in the kernel, AH ends
 * the walk (l4proto ah, the transport offset at AH), and a non-first
 * fragment yields the fragment header's next header when that is not
 * another extension header, and makes the packet unspec when it is.
 */
static void parse_ipv6(struct hk_emit *e, int done)
{
	int bad = hk_label(e), found = hk_label(e);

	hk_st(e, BPF_DW, BPF_REG_10, S_NFPROTO, NFPROTO_IPV6);
	skb_bytes_at(e, 0, S_HDR, 40, bad);
	skb_ipv6_l4_walk(e, found, bad);
	hk_place(e, found);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_7, S_L4PROTO);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_8, S_THOFF);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_9, S_FRAGOFF);
	hk_ja(e, done);
	hk_place(e, bad);
	set_unspec(e);
	hk_ja(e, done);
}

/* S_THOFF = NO_TRANSPORT when there is no transport header to read: no
 * l4proto, or a non-first fragment.  A transport load then tests one
 * value instead of two. */
static void transport_offset(struct hk_emit *e)
{
	int none = hk_label(e), done = hk_label(e);

	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_L4PROTO);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, L4_ABSENT, none);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_FRAGOFF);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, done);
	hk_place(e, none);
	hk_st(e, BPF_DW, BPF_REG_10, S_THOFF, NO_TRANSPORT);
	hk_place(e, done);
}

static void skb_prologue(struct hk_emit *e)
{
	int v4 = hk_label(e), v6 = hk_label(e), done = hk_label(e);

	/* skb->protocol is the ethertype in network byte order */
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_6,
	       offsetof(struct __sk_buff, protocol));
	hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
				      .dst_reg = BPF_REG_1, .imm = 16 });
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, ETH_P_IP, v4);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, ETH_P_IPV6, v6);
	hk_st(e, BPF_DW, BPF_REG_10, S_NFPROTO, 0);
	set_unspec(e);
	hk_ja(e, done);
	hk_place(e, v4);
	parse_ipv4(e, done);
	hk_place(e, v6);
	parse_ipv6(e, done);
	hk_place(e, done);
	transport_offset(e);
	for (int k = 0; k < 3; k++) {
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, prologue_slot[k]);
		hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_1, cb_of(prologue_slot[k]));
	}
}

/* r2 = the packet offset of tcp option `kind` (skb_tcpopt_find), which
 * needs a TCP header: l4proto tcp and not a non-first fragment. */
static void tcpopt_find(struct hk_emit *e, unsigned kind, unsigned need, int none)
{
	fill_slot(e, BPF_REG_0, S_L4PROTO);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, 6, none);
	fill_slot(e, BPF_REG_2, S_THOFF);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_2, NO_TRANSPORT, none);
	skb_tcpopt_find(e, kind, need, none);
}

/* r2 = the packet offset of sctp chunk `type`: l4proto sctp, and not a
 * non-first fragment (a kernel that predates nft's fragment check reads
 * chunks there too; cgnft follows the transport rule, see LANGUAGE.md). */
static void sctpchunk_find(struct hk_emit *e, unsigned type, unsigned need, int none)
{
	fill_slot(e, BPF_REG_0, S_L4PROTO);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, 132, none);
	fill_slot(e, BPF_REG_2, S_THOFF);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_2, NO_TRANSPORT, none);
	skb_sctpchunk_find(e, type, need, none);
}

/* The packet offset of a NETWORK/TRANSPORT/EXTHDR/TCPOPT/SCTPCHUNK field: a network
 * field's is a constant (returned), the others go to r2 (IN_R2); jumps to
 * `fail` when a transport header is absent or on a non-first fragment, or
 * when the extension header is not found. */
static int field_offset(struct hk_emit *e, const struct ir_field *f, int fail)
{
	if (f->base == IR_BASE_NETWORK)
		return f->offset;
	if (f->base == IR_BASE_EXTHDR) {
		skb_exthdr_find(e, f->key, fail);
		if (f->offset)
			hk_alu_imm(e, BPF_ADD, BPF_REG_2, f->offset);
		return IN_R2;
	}
	if (f->base == IR_BASE_SCTPCHUNK) {
		sctpchunk_find(e, f->key, f->offset + f->len, fail);
		if (f->offset)
			hk_alu_imm(e, BPF_ADD, BPF_REG_2, f->offset);
		return IN_R2;
	}
	if (f->base == IR_BASE_TCPOPT) {
		tcpopt_find(e, f->key, f->offset + f->len, fail);
		if (f->offset)
			hk_alu_imm(e, BPF_ADD, BPF_REG_2, f->offset);
		return IN_R2;
	}
	fill_slot(e, BPF_REG_2, S_THOFF);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_2, NO_TRANSPORT, fail);
	if (f->offset)
		hk_alu_imm(e, BPF_ADD, BPF_REG_2, f->offset);
	return IN_R2;
}

static void skb_load(struct hk_emit *e, const struct ir_field *f, int fail);

/* nft_meta_get_eval: a looped-back packet (PACKET_LOOPBACK, multicast
 * sent to ourselves) reads as multicast, or for IPv4 as broadcast unless
 * the destination is a multicast address; without a family it fails. */
static void load_pkttype(struct hk_emit *e, int fail)
{
	static const struct ir_field daddr0 = { .base = IR_BASE_NETWORK,
		.offset = 16, .len = 1, .mask = ~0ull };
	int done = hk_label(e), v4 = hk_label(e), mc = hk_label(e);

	hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6, offsetof(struct __sk_buff, pkt_type));
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, PACKET_LOOPBACK, done);
	fill_slot(e, BPF_REG_0, S_NFPROTO);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, NFPROTO_IPV4, v4);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, NFPROTO_IPV6, fail);
	hk_ja(e, mc);
	hk_place(e, v4);
	skb_load(e, &daddr0, fail);
	hk_alu_imm(e, BPF_AND, BPF_REG_0, 0xf0);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0xe0, mc);
	hk_mov_imm(e, BPF_REG_0, PACKET_BROADCAST);
	hk_ja(e, done);
	hk_place(e, mc);
	hk_mov_imm(e, BPF_REG_0, PACKET_MULTICAST);
	hk_place(e, done);
}

/* r0 = nft's clock readings (nft_meta.c): ktime_get_real_ns(), the day
 * of week in the kernel's time zone, the seconds since midnight UTC.  BPF
 * reads CLOCK_TAI; the loader puts the TAI offset and the time zone in
 * .rodata (codegen/load_values.h).  Clobbers r1-r5. */
static void load_clock(struct hk_emit *e, enum ir_meta key)
{
	hk_call(e, BPF_FUNC_ktime_get_tai_ns);
	hk_ld_rodata(e, BPF_REG_1, 0);
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, CG_LOAD_TAI_OFFSET);
	hk_alu_reg(e, BPF_SUB, BPF_REG_0, BPF_REG_2);
	if (key == IR_META_TIME)
		return;
	hk_alu_imm(e, BPF_DIV, BPF_REG_0, 1000000000);
	if (key == IR_META_HOUR) {
		hk_alu_imm(e, BPF_MOD, BPF_REG_0, 86400);
		return;
	}
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, CG_LOAD_TZ_WEST);
	hk_alu_reg(e, BPF_SUB, BPF_REG_0, BPF_REG_2);
	hk_alu_imm(e, BPF_DIV, BPF_REG_0, 86400);
	hk_alu_imm(e, BPF_ADD, BPF_REG_0, 4);	/* 1 Jan 1970 was a Thursday */
	hk_alu_imm(e, BPF_MOD, BPF_REG_0, 7);
}

/* r0 = the state of the packet's socket (doc/HOOKS.md, "socket state"):
 * skc_state, in the part every socket has (struct sock_common), so no
 * bpf_sk_fullsock() call; the kernel runs cgroup_skb programs for full
 * sockets only (a request socket's packets as its listener's), so this
 * is a full socket's state.  Without a socket the load fails, and the
 * packet matches no state, as nft's socket keys. */
static void load_sock_state(struct hk_emit *e, int fail)
{
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_6, offsetof(struct __sk_buff, sk));
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_1, offsetof(struct bpf_sock, state));
}

/* r0 = nft's socket mark or socket wildcard (nft_socket_eval): both need
 * a full socket (bpf_sk_fullsock), as nft's sk_fullsock() test; wildcard
 * reads the bound address of the packet's family (nft_socket_wildcard):
 * skc_rcv_saddr for IPv4 (a dual-stack socket's IPv4 part too), the IPv6
 * one for IPv6. */
static void load_sock_key(struct hk_emit *e, enum ir_meta key, int fail)
{
	int v6 = hk_label(e), done = hk_label(e);

	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_6, offsetof(struct __sk_buff, sk));
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	hk_call(e, BPF_FUNC_sk_fullsock);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
	if (key == IR_META_SOCK_MARK) {
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_0, offsetof(struct bpf_sock, mark));
		return;
	}
	hk_mov_reg(e, BPF_REG_3, BPF_REG_0);
	fill_slot(e, BPF_REG_2, S_NFPROTO);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_2, NFPROTO_IPV6, v6);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_2, NFPROTO_IPV4, fail);
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_3, offsetof(struct bpf_sock, src_ip4));
	hk_ja(e, done);
	hk_place(e, v6);
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_3, offsetof(struct bpf_sock, src_ip6[0]));
	for (int i = 1; i < 4; i++) {
		hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_3, offsetof(struct bpf_sock, src_ip6[i]));
		hk_alu_reg(e, BPF_OR, BPF_REG_1, BPF_REG_2);
	}
	hk_place(e, done);
	/* r0 = (r1 == 0) */
	hk_mov_imm(e, BPF_REG_0, 1);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, done = hk_label(e));
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, done);
}

/* r0 = the tclassid of the packet's route (nft_meta's rtclassid,
 * nft_rt's classid): skb_dst(), the kernel's skb->_skb_refdst without its
 * SKB_DST_NOREF bit; to `fail` without a route (NFT_BREAK). */
static void load_rtclassid(struct hk_emit *e, int fail)
{
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_kcall(e, CG_KFUNC_CAST_TO_KERN_CTX);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_0, CG_KF_SKB_REFDST);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, ~1);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, fail);
	/* a read-only BTF pointer to it: bpf_rdonly_cast(r1, id) */
	hk_ld_host(e, BPF_REG_2, cg_host_slot(e->obj, CG_HOST_BTF_ID "dst_entry", 4));
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_2, 0);
	hk_kcall(e, CG_KFUNC_RDONLY_CAST);
	hk_ldx_kernel(e, BPF_W, BPF_REG_0, BPF_REG_0, CG_KF_DST_TCLASSID);
}

/* nfproto and l4proto are absent (the load fails) on packets that have
 * none; `fail` < 0: no need to test it (an == compare with another value
 * fails on the absent marker anyway).  Fewer branches per rule keep long
 * in-order rule lists within the verifier's limit on pending branches. */
static void load_meta(struct hk_emit *e, const struct ir_field *f, int fail)
{
	switch (f->key) {
	case IR_META_NFPROTO:
		fill_slot(e, BPF_REG_0, S_NFPROTO);
		if (fail >= 0)
			hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
		break;
	case IR_META_L4PROTO:
		fill_slot(e, BPF_REG_0, S_L4PROTO);
		if (fail >= 0)
			hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, L4_ABSENT, fail);
		break;
	case IR_META_PROTOCOL:
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6,
		       offsetof(struct __sk_buff, protocol));
		hk_insn(e, (struct bpf_insn){
			.code = BPF_ALU | BPF_END | BPF_TO_BE,
			.dst_reg = BPF_REG_0, .imm = 16 });
		break;
	case IR_META_LEN:
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6,
		       offsetof(struct __sk_buff, len));
		break;
	case IR_META_MARK:
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6,
		       offsetof(struct __sk_buff, mark));
		break;
	case IR_META_PRIORITY:
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6,
		       offsetof(struct __sk_buff, priority));
		break;
	case IR_META_SKUID:
		/* bpf_get_socket_uid(): the socket's sk_uid, which is the
		 * fsuid nft reads for every socket a process opened; kept
		 * (not the f_cred walk of skgid) because BPF_PROG_TEST_RUN's
		 * socket has no file, and `cgnft test` must agree with the
		 * attached program (tests/realworld/verdicts.sh) */
		hk_ldx(e, BPF_DW, BPF_REG_0, BPF_REG_6,
		       offsetof(struct __sk_buff, sk));
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
		hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
		hk_call(e, BPF_FUNC_get_socket_uid);
		break;
	case IR_META_SKGID:
		skb_load_sock_owner(e, true, fail);
		break;
	case IR_META_PKTTYPE:
		load_pkttype(e, fail);
		break;
	case IR_META_CGROUP:
		skb_load_classid(e, fail);
		break;
	case IR_META_SOCK_STATE:
		load_sock_state(e, fail);
		break;
	case IR_META_RTCLASSID:
		load_rtclassid(e, fail);
		break;
	case IR_META_SOCK_MARK:
	case IR_META_SOCK_WILDCARD:
		load_sock_key(e, (enum ir_meta)f->key, fail);
		break;
	case IR_META_IIF:
	case IR_META_OIF:
		skb_load_ifindex_is(e, f, fail);
		break;
	case IR_META_IIFTYPE:
	case IR_META_OIFTYPE:
	case IR_META_IIFGROUP:
	case IR_META_OIFGROUP:
		skb_load_dev_number(e, f, fail);
		break;
	case IR_META_CPU:
		hk_call(e, BPF_FUNC_get_smp_processor_id);
		break;
	case IR_META_RANDOM:
		hk_call(e, BPF_FUNC_get_prandom_u32);
		break;
	case IR_META_TIME:
	case IR_META_DAY:
	case IR_META_HOUR:
		load_clock(e, f->key);
		break;
	case IR_META_CGROUP_ANCESTOR:
		hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
		hk_mov_imm(e, BPF_REG_2, f->level);
		hk_call(e, BPF_FUNC_skb_ancestor_cgroup_id);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
		break;
	default:
		skb_bug("meta key");
	}
	hk_field_xform(e, BPF_REG_0, f);
}

/* r0 = 1 when the extension header or tcp option is in the packet, else
 * 0: nft's `exthdr frag exists` and `tcp option maxseg exists` never fail. */
static void load_found(struct hk_emit *e, const struct ir_field *f)
{
	int none = hk_label(e), done = hk_label(e);

	if (f->base == IR_BASE_EXTHDR_FOUND)
		skb_exthdr_find(e, f->key, none);
	else if (f->base == IR_BASE_SCTPCHUNK_FOUND)
		sctpchunk_find(e, f->key, 0, none);
	else
		tcpopt_find(e, f->key, 1, none);
	hk_mov_imm(e, BPF_REG_0, 1);
	hk_ja(e, done);
	hk_place(e, none);
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, done);
	hk_field_xform(e, BPF_REG_0, f);
}

/* r0 = the field's value (fields of up to 8 bytes); `fail` when absent. */
static void skb_load(struct hk_emit *e, const struct ir_field *f, int fail)
{
	int slow, done, off;

	if (f->base == IR_BASE_META) {
		load_meta(e, f, fail);
		return;
	}
	if (f->base == IR_BASE_CT) {
		skb_ct_load(e, f, fail);
		return;
	}
	if (f->base == IR_BASE_HASH) {
		skb_hash_load(e, f, fail);
		return;
	}
	if (f->base == IR_BASE_EXTHDR_FOUND || f->base == IR_BASE_TCPOPT_FOUND ||
	    f->base == IR_BASE_SCTPCHUNK_FOUND) {
		load_found(e, f);
		return;
	}
	if (f->base != IR_BASE_NETWORK && f->base != IR_BASE_TRANSPORT &&
	    f->base != IR_BASE_EXTHDR && f->base != IR_BASE_TCPOPT &&
	    f->base != IR_BASE_SCTPCHUNK)
		skb_bug("field base");
	if (f->len != 1 && f->len != 2 && f->len != 4 && f->len != 8)
		skb_bug("field width");
	slow = hk_label(e);
	done = hk_label(e);
	off = field_offset(e, f, fail);
	/* straight into r0 on the fast path */
	if (!e->obj->helper_loads) {
		skb_pkt_ptr(e, off, f->len, slow);
		hk_ldx(e, skb_ld_size[f->len], BPF_REG_0, BPF_REG_3, 0);
		hk_ja(e, done);
	}
	hk_place(e, slow);
	skb_helper_load(e, off, S_BUF, f->len, fail);
	hk_ldx(e, skb_ld_size[f->len], BPF_REG_0, BPF_REG_10, S_BUF);
	hk_place(e, done);
	if (f->len > 1)
		hk_insn(e, (struct bpf_insn){
			.code = BPF_ALU | BPF_END | BPF_TO_BE,
			.dst_reg = BPF_REG_0, .imm = f->len * 8 });
	hk_field_xform(e, BPF_REG_0, f);
}

static void skb_load_wide(struct hk_emit *e, const struct ir_field *f,
			  int16_t at, int fail);

/* Store the field at S_KEY + 16 * slot as two u64: high and low half.
 * Fields of up to 8 bytes have a zero high half. */
static void load_key(struct hk_emit *e, const struct ir_field *f, int slot,
		     int fail)
{
	int16_t at = S_KEY + 16 * slot;

	if (f->len <= 8) {
		skb_load(e, f, fail);
		hk_st(e, BPF_DW, BPF_REG_10, at, 0);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, at + 8);
		return;
	}
	skb_load_wide(e, f, at, fail);
}

/* A 16-byte field at r10 + at, high half first. */
static void skb_load_wide(struct hk_emit *e, const struct ir_field *f,
			  int16_t at, int fail)
{
	int off;

	if (f->base == IR_BASE_META && (f->key == IR_META_IIFKIND ||
					 f->key == IR_META_OIFKIND)) {
		skb_load_ifkind(e, f, at, fail);
		return;
	}
	if (f->base == IR_BASE_META) {
		skb_load_ifname(e, f, at, fail);
		return;
	}
	if (f->base == IR_BASE_CT) {
		skb_ct_load_wide(e, f, at, fail);
		return;
	}
	off = field_offset(e, f, fail);

	skb_bytes_at(e, off, S_BUF, 16, fail);
	skb_ldx_be(e, BPF_REG_1, BPF_REG_3, 0, 8);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, at);
	skb_ldx_be(e, BPF_REG_1, BPF_REG_3, 8, 8);
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, at + 8);
}

/* Compare the 128-bit key in r8:r9 with v: to `lt` when less, to `gt` when
 * greater, fall through when equal. */
static void cmp128(struct hk_emit *e, struct ir_val v, int lt, int gt)
{
	hk_jmp_u64(e, BPF_JLT, BPF_REG_8, v.hi, lt);
	hk_jmp_u64(e, BPF_JGT, BPF_REG_8, v.hi, gt);
	hk_jmp_u64(e, BPF_JLT, BPF_REG_9, v.lo, lt);
	hk_jmp_u64(e, BPF_JGT, BPF_REG_9, v.lo, gt);
}

/* Jump to `miss` unless lo <= r8:r9 <= hi. */
static void test_range128(struct hk_emit *e, struct ir_val lo, struct ir_val hi,
			  int miss)
{
	int above = hk_label(e), inside = hk_label(e);

	cmp128(e, lo, miss, above);
	hk_place(e, above);
	cmp128(e, hi, inside, miss);
	hk_place(e, inside);
}

/* MATCH on a 16-byte field: every operator, compared as a 128-bit number. */
static void match_wide(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	struct ir_val v = s->match.value, hi = s->match.value_hi;
	int ok = hk_label(e);

	load_key(e, &s->match.field, 0, fail);
	hk_ldx(e, BPF_DW, BPF_REG_8, BPF_REG_10, S_KEY);
	hk_ldx(e, BPF_DW, BPF_REG_9, BPF_REG_10, S_KEY + 8);
	switch (s->match.op) {
	case IR_OP_EQ: cmp128(e, v, fail, fail); break;
	case IR_OP_NE: cmp128(e, v, ok, ok); hk_ja(e, fail); break;
	case IR_OP_LT: cmp128(e, v, ok, fail); hk_ja(e, fail); break;
	case IR_OP_GT: cmp128(e, v, fail, ok); hk_ja(e, fail); break;
	case IR_OP_LE: cmp128(e, v, ok, fail); break;
	case IR_OP_GE: cmp128(e, v, fail, ok); break;
	case IR_OP_RANGE: test_range128(e, v, hi, fail); break;
	case IR_OP_NRANGE:
		test_range128(e, v, hi, ok);	/* outside: ok */
		hk_ja(e, fail);
		break;
	}
	hk_place(e, ok);
}

/*
 * Lookups with a 16-byte field or several fields: load every key part
 * once into S_KEY, then test the elements in order.  Each element is a box
 * of per-field ranges.
 */
static void load_keys(struct hk_emit *e, const struct ir_lookup *l, int fail)
{
	for (int i = 0; i < l->nfields; i++)
		load_key(e, &l->fields[i], i, fail);
}

/*
 * To `next` unless the key at S_KEY lies in the element's box.  The key's
 * words are re-read for each element and XORed with 0: a fresh scalar
 * that shares no id with its stack slot, so what one element's compares
 * teach the verifier does not narrow the slot for the next ones, and the
 * states reaching each element stay alike (prunable) whatever the path.
 */
static void test_elem(struct hk_emit *e, const struct ir_lookup *l,
		      const struct ir_set_elem *el, int next)
{
	for (int i = 0; i < l->nfields; i++) {
		hk_ldx(e, BPF_DW, BPF_REG_9, BPF_REG_10, S_KEY + 16 * i + 8);
		hk_alu_imm(e, BPF_XOR, BPF_REG_9, 0);
		if (l->fields[i].len <= 8 && el->lo[i].lo == el->hi[i].lo) {
			hk_jmp_u64(e, BPF_JNE, BPF_REG_9, el->lo[i].lo, next);
			continue;
		}
		if (l->fields[i].len <= 8) {
			hk_jmp_u64(e, BPF_JLT, BPF_REG_9, el->lo[i].lo, next);
			hk_jmp_u64(e, BPF_JGT, BPF_REG_9, el->hi[i].lo, next);
			continue;
		}
		hk_ldx(e, BPF_DW, BPF_REG_8, BPF_REG_10, S_KEY + 16 * i);
		hk_alu_imm(e, BPF_XOR, BPF_REG_8, 0);
		test_range128(e, el->lo[i], el->hi[i], next);
	}
}

static void lookup_wide(struct hk_emit *e, const struct ir_lookup *l, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	int hit = l->neg ? fail : hk_label(e);

	load_keys(e, l, fail);
	for (size_t n = 0; n < set->nelems; n++) {
		int next = hk_label_fail(e);

		test_elem(e, l, &set->elems[n], next);
		hk_ja(e, hit);
		hk_place(e, next);
	}
	if (!l->neg) {
		hk_ja(e, fail);
		hk_place(e, hit);
	}
}

/* ops->map_class_wide: the first element holding the key, as a class. */
static void map_class_wide(struct hk_emit *e, const struct ir_lookup *l,
			   const uint32_t *cls, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	int done = hk_label(e);

	load_keys(e, l, fail);
	for (size_t n = 0; n < set->nelems; n++) {
		int next = hk_label_fail(e);

		test_elem(e, l, &set->elems[n], next);
		hk_mov_imm(e, BPF_REG_0, (int32_t)cls[n] + 1);
		hk_ja(e, done);
		hk_place(e, next);
	}
	hk_mov_imm(e, BPF_REG_0, 0);
	hk_place(e, done);
}

/* The counter value at r0 (this CPU's slot): packets += 1, bytes +=
 * skb->len. */
static void skb_count(struct hk_emit *e)
{
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_0, 0);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, 1);
	hk_stx(e, BPF_DW, BPF_REG_0, BPF_REG_1, 0);
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_6, offsetof(struct __sk_buff, len));
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_0, 8);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_2);
	hk_stx(e, BPF_DW, BPF_REG_0, BPF_REG_1, 8);
}

static bool is_wide(const struct ir_stmt *s)
{
	if (s->kind == IR_STMT_MATCH)
		return s->match.field.len > 8;
	if (s->kind != IR_STMT_LOOKUP && s->kind != IR_STMT_VMAP)
		return false;
	if (s->lookup.nfields != 1)
		return true;
	return s->lookup.fields[0].len > 8;
}

/* `meta nfproto X` / `meta l4proto X` (every protocol dependency is one):
 * the absent marker never equals X, so no separate test for it. */
static bool match_protocol(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	const struct ir_field *f = &s->match.field;
	uint64_t absent = f->key == IR_META_NFPROTO ? 0 : L4_ABSENT;

	if (f->base != IR_BASE_META || s->match.op != IR_OP_EQ ||
	    (f->key != IR_META_NFPROTO && f->key != IR_META_L4PROTO) ||
	    f->shift || (f->mask & 0xffff) != 0xffff || f->lshift || f->xor ||
	    s->match.value.lo == absent)
		return false;
	load_meta(e, f, -1);
	hk_test_op(e, BPF_REG_0, s->match.op, s->match.value, s->match.value_hi, fail);
	return true;
}

/* r0 = the value of the value map's element that holds the key; to
 * `fail` when none does (the rule stops, the mark stays). */
static void map_value(struct hk_emit *e, const struct ir_lookup *l, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	uint32_t *cls;
	size_t *rep, n, at;

	hk_map_classes(set, &cls, &rep, &n);
	hk_map_class(e, l, cls, fail);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
	if (n == 1) {
		hk_mov_imm(e, BPF_REG_0, (int32_t)set->elems[rep[0]].data);
	} else {
		/* the class's value from a table in .rodata; the bound is
		 * for the verifier, no class is larger */
		at = cg_rodata_reserve(e->obj, n * 4);
		cg_rodata_table(e->obj, at, n * 4, 32, CG_RO_U32, e->origin,
				"map %s: the u32 value of each of its %zu classes",
				set->name, n);
		for (size_t k = 0; k < n; k++)
			memcpy(e->obj->rodata + at + 4 * k, &set->elems[rep[k]].data, 4);
		hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_0, (int32_t)n, fail);
		hk_alu_imm(e, BPF_SUB, BPF_REG_0, 1);
		hk_alu_imm(e, BPF_LSH, BPF_REG_0, 2);
		hk_ld_rodata(e, BPF_REG_1, at);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_0);
		hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_1, 0);
	}
	free(cls);
	free(rep);
}

/* r0 = a field's value, then operations on 32 bits (nft's bitwise). */
static void field_value(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	static const int alu[] = { [IR_VOP_AND] = BPF_AND, [IR_VOP_OR] = BPF_OR,
				   [IR_VOP_XOR] = BPF_XOR, [IR_VOP_LSHIFT] = BPF_LSH,
				   [IR_VOP_RSHIFT] = BPF_RSH };

	skb_load(e, &s->set_meta.field, fail);
	for (int i = 0; i < s->set_meta.nops; i++)
		hk_insn(e, (struct bpf_insn){
			.code = BPF_ALU | alu[s->set_meta.ops[i].op] | BPF_K,
			.dst_reg = BPF_REG_0, .imm = (int32_t)s->set_meta.ops[i].arg });
	/* the target is little-endian: to_be reverses the bytes; three of
	 * them are the top three of four, reversed */
	if (s->set_meta.bswap)
		hk_insn(e, (struct bpf_insn){ .code = BPF_ALU | BPF_END | BPF_TO_BE,
					      .dst_reg = BPF_REG_0,
					      .imm = s->set_meta.bswap == 2 ? 16 : 32 });
	if (s->set_meta.bswap == 3)
		hk_alu_imm(e, BPF_RSH, BPF_REG_0, 8);
}

/* skb->mark or skb->priority = a constant, a field's value or a map's. */
static void set_meta(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	switch (s->set_meta.src) {
	case IR_VALUE_CONST:
		hk_mov_imm(e, BPF_REG_0, (int32_t)s->set_meta.value);
		break;
	case IR_VALUE_FIELD:
		field_value(e, s, fail);
		break;
	case IR_VALUE_MAP:
		map_value(e, &s->set_meta.map, fail);
		break;
	}
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_0,
	       s->set_meta.key == IR_META_MARK ?
	       offsetof(struct __sk_buff, mark) :
	       offsetof(struct __sk_buff, priority));
}

static bool skb_stmt(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	switch (s->kind) {
	case IR_STMT_MATCH:
		if (match_protocol(e, s, fail))
			return true;
		if (!is_wide(s))
			return false;
		match_wide(e, s, fail);
		return true;
	case IR_STMT_DYNSET:
		hk_gen_dynset(e, &s->dynset, fail);
		return true;
	case IR_STMT_LOOKUP:
		if (e->unit->sets[s->lookup.set].dynamic) {
			hk_gen_dynset_lookup(e, &s->lookup, fail);
			return true;
		}
		if (!is_wide(s) &&
		    hk_set_is_large(&e->unit->sets[s->lookup.set])) {
			skb_load(e, &s->lookup.fields[0], fail);
			hk_test_set_bsearch(e, BPF_REG_0,
					    &e->unit->sets[s->lookup.set],
					    s->lookup.neg, fail);
			return true;
		}
		if (!is_wide(s))
			return false;
		if (e->unit->sets[s->lookup.set].nelems <= HK_INLINE_SET_MAX ||
		    !hk_gen_set_table(e, &s->lookup, fail))
			lookup_wide(e, &s->lookup, fail);
		return true;
	case IR_STMT_SET_META:
		set_meta(e, s, fail);
		return true;
	case IR_STMT_LOG:
		hk_gen_log(e, s);
		return true;
	default:
		return false;	/* VMAP too: hook_emit.c's walker */
	}
}

static const struct hk_ops skb_ingress_ops = {
	.section = "cgroup_skb/ingress",
	.prologue = skb_prologue,
	.stmt = skb_stmt,
	.load = skb_load,
	.load_wide = skb_load_wide,
	.map_class_wide = map_class_wide,
	.count = skb_count,
	.jump_area = S_JUMPS,
};

static const struct hk_ops skb_egress_ops = {
	.section = "cgroup_skb/egress",
	.prologue = skb_prologue,
	.stmt = skb_stmt,
	.load = skb_load,
	.load_wide = skb_load_wide,
	.map_class_wide = map_class_wide,
	.count = skb_count,
	.jump_area = S_JUMPS,
};

void cg_hook_skb_generate(struct cg_object *obj, const struct ir_prog *prog,
			  struct cg_prog *out)
{
	hk_generate(obj, prog, prog->hook == IR_HOOK_INGRESS ?
		    &skb_ingress_ops : &skb_egress_ops, NULL, out);
}
