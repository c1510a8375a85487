// SPDX-License-Identifier: GPL-2.0
/*
 * Walks over the IPv6 extension header chain in cgroup_skb programs.
 *
 * A walk is a loop: the kernel walks any number of headers (6.18 has no
 * cap; only the packet's length ends a chain), and so must we.  Between
 * steps the walk's state lives in skb->cb[4], packed as next header | offset
 * << 8, and each step reads it back: the verifier knows nothing of cb's
 * contents, so every step starts from the same state and the loop body is
 * checked about twice instead of once per possible header.  One may_goto
 * per step bounds the loop for the verifier (and at run time: 8 million
 * steps, far more than a packet can hold).
 */
#include <stddef.h>

#include "codegen/skb_bytes.h"

#define CB_WALK SKB_CB_WALK

#define NEXTHDR_HOP	0
#define NEXTHDR_ROUTING	43
#define NEXTHDR_FRAGMENT 44
#define NEXTHDR_AUTH	51
#define NEXTHDR_DEST	60

/* r1 = next header, r2 = its offset, from the walk's state. */
static void walk_state(struct hk_emit *e)
{
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_6, CB_WALK);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_1);
	hk_alu_imm(e, BPF_RSH, BPF_REG_2, 8);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, 0xff);
}

/* state = r1 | r2 << 8; keeps r1, r2.  r2 stays below 2^24: it is at most
 * 2048 past the last offset read, which is within the packet. */
static void walk_save(struct hk_emit *e)
{
	hk_mov_reg(e, BPF_REG_3, BPF_REG_2);
	hk_alu_imm(e, BPF_LSH, BPF_REG_3, 8);
	hk_alu_reg(e, BPF_OR, BPF_REG_3, BPF_REG_1);
	hk_stx(e, BPF_W, BPF_REG_6, BPF_REG_3, CB_WALK);
}

static bool is_exthdr_type(unsigned type)
{
	return type == NEXTHDR_HOP || type == NEXTHDR_ROUTING ||
	       type == NEXTHDR_FRAGMENT || type == NEXTHDR_AUTH ||
	       type == NEXTHDR_DEST;
}

/*
 * One extension header at r2, of type r1: read its next header (r4) and
 * length (r5) the way ipv6_find_hdr() does: a routing header must have 4
 * readable bytes, a fragment header its fragment offset.  To `none` on a
 * short packet; to `nonfirst` on a non-first fragment, with the fragment
 * offset in r5.
 */
static void step_lengths(struct hk_emit *e, int none, int nonfirst, int advance)
{
	int rt = hk_label(e), frag = hk_label(e), ah = hk_label(e);

	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NEXTHDR_ROUTING, rt);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NEXTHDR_FRAGMENT, frag);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NEXTHDR_AUTH, ah);
	/* hop-by-hop, destination options: ipv6_optlen() */
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 2, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 0);
	hk_ldx(e, BPF_B, BPF_REG_5, BPF_REG_3, 1);
	hk_alu_imm(e, BPF_ADD, BPF_REG_5, 1);
	hk_alu_imm(e, BPF_LSH, BPF_REG_5, 3);
	hk_ja(e, advance);

	hk_place(e, rt);
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 4, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 0);
	hk_ldx(e, BPF_B, BPF_REG_5, BPF_REG_3, 1);
	hk_alu_imm(e, BPF_ADD, BPF_REG_5, 1);
	hk_alu_imm(e, BPF_LSH, BPF_REG_5, 3);
	hk_ja(e, advance);

	hk_place(e, ah);
	/* ipv6_authlen(): (hdrlen + 2) << 2 */
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 2, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 0);
	hk_ldx(e, BPF_B, BPF_REG_5, BPF_REG_3, 1);
	hk_alu_imm(e, BPF_ADD, BPF_REG_5, 2);
	hk_alu_imm(e, BPF_LSH, BPF_REG_5, 2);
	hk_ja(e, advance);

	hk_place(e, frag);
	skb_bytes_at(e, IN_R2, SKB_S_BUF, 4, none);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_3, 0);
	skb_ldx_be(e, BPF_REG_5, BPF_REG_3, 2, 2);
	hk_alu_imm(e, BPF_AND, BPF_REG_5, 0xfff8);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_5, 0, nonfirst);
	hk_mov_imm(e, BPF_REG_5, 8);
	hk_place(e, advance);
	/* on to the next header: 6.18 does not check that this one lies
	 * whole in the packet (the next read does, if there is one) */
	walk_state(e);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_5);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
	walk_save(e);
}

/* To `yes` when r1 is an extension header for ipv6_ext_hdr(). */
static void if_exthdr(struct hk_emit *e, int yes)
{
	static const int ext[] = { NEXTHDR_HOP, NEXTHDR_ROUTING, NEXTHDR_FRAGMENT,
				   NEXTHDR_AUTH, NEXTHDR_DEST };

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++)
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, ext[i], yes);
}

/* The walk starts at the IPv6 header's next header, offset 40. */
static void walk_start(struct hk_emit *e, int none)
{
	skb_bytes_at(e, 6, SKB_S_BUF, 1, none);		/* ipv6hdr.nexthdr */
	hk_ldx(e, BPF_B, BPF_REG_1, BPF_REG_3, 0);
	hk_mov_imm(e, BPF_REG_2, 40);
	walk_save(e);
}

/*
 * ipv6_find_hdr(skb, &thoff, -1, &fragoff, IP6_FH_F_AUTH), as
 * nft_set_pktinfo_ipv6() calls it: to `found` with r7 = the transport
 * protocol (the first header that is not an extension header, or AH),
 * r8 = its offset and r9 = the fragment offset; to `bad` when the walk
 * fails (a short packet, a non-first fragment followed by another
 * extension header) or the offset is beyond 16 bits, where nft makes the
 * packet unspec.  (An offset of exactly 0xffff, after 65495 bytes of
 * extension headers, is taken as unspec too: see NO_TRANSPORT.)
 */
void skb_ipv6_l4_walk(struct hk_emit *e, int found, int bad)
{
	int loop = hk_label(e), ext = hk_label(e), nonfirst = hk_label(e);
	int advance = hk_label(e), end = hk_label(e);

	walk_start(e, bad);
	/* most packets have no extension header: no loop for them */
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NEXTHDR_AUTH, end);
	if_exthdr(e, loop);
	hk_ja(e, end);

	hk_place(e, loop);
	hk_may_goto(e, bad);
	walk_state(e);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NEXTHDR_AUTH, end);
	if_exthdr(e, ext);
	hk_ja(e, end);
	hk_place(e, ext);
	step_lengths(e, bad, nonfirst, advance);
	hk_ja(e, loop);

	/* a non-first fragment: its next header is the protocol, unless it
	 * is another extension header; no transport header to read */
	hk_place(e, nonfirst);
	hk_mov_reg(e, BPF_REG_9, BPF_REG_5);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
	if_exthdr(e, bad);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_1);
	hk_mov_imm(e, BPF_REG_8, 0);
	hk_ja(e, found);

	hk_place(e, end);
	hk_jmp_imm(e, BPF_JMP, BPF_JGE, BPF_REG_2, 0xffff, bad);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_1);
	hk_mov_reg(e, BPF_REG_8, BPF_REG_2);
	hk_mov_imm(e, BPF_REG_9, 0);
	hk_ja(e, found);
}

/*
 * ipv6_find_hdr(skb, &offset, type, NULL, NULL), as nft_exthdr_ipv6_eval
 * calls it: walk hop-by-hop, routing, fragment, AH and destination options
 * headers (AH does not end this walk) until one of `type`; a non-first
 * fragment ends the walk.  A target that is not an extension header (mh)
 * is found only where the walk ends, and without reading it: even past the
 * end of the packet (its field loads then fail).
 */
void skb_exthdr_find(struct hk_emit *e, unsigned type, int none)
{
	int loop = hk_label(e), ext = hk_label(e), advance = hk_label(e);
	int target = hk_label(e);

	walk_start(e, none);
	hk_place(e, loop);
	hk_may_goto(e, none);
	walk_state(e);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, (int32_t)type, target);
	if_exthdr(e, ext);
	hk_ja(e, none);		/* a transport header, or "no next header" */
	hk_place(e, ext);
	/* a non-first fragment ends the walk: what follows is not here */
	step_lengths(e, none, none, advance);
	hk_ja(e, loop);

	hk_place(e, target);
	if (is_exthdr_type(type)) {
		/* found: its first bytes must still be readable */
		int need = type == NEXTHDR_ROUTING || type == NEXTHDR_FRAGMENT ? 4 : 2;

		skb_bytes_at(e, IN_R2, SKB_S_BUF, need, none);
		walk_state(e);
	}
}
