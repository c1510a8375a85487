/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading packet bytes in cgroup_skb programs: straight from skb->data
 * when they are in the linear area, else with bpf_skb_load_bytes(); and
 * the IPv6 extension header walks built on that (codegen/skb_ipv6.c).
 * r6 holds the context; every function here clobbers r0-r5 only (but
 * skb_ipv6_l4_walk, the prologue's).
 */
#ifndef CGNFT_CODEGEN_SKB_BYTES_H
#define CGNFT_CODEGEN_SKB_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codegen/hook_gen.h"

#define SKB_S_BUF	(-64)	/* 16 bytes of load buffer (40 in the prologue) */
#define IN_R2		(-1)	/* an offset held in r2 instead of a constant */
/* skb->cb[4]: the state of a header walk between its steps (see
 * codegen/skb_ipv6.c) */
#define SKB_CB_WALK	((int16_t)(offsetof(struct __sk_buff, cb) + 16))

extern const int skb_ld_size[9];	/* BPF_B, BPF_H, BPF_W, BPF_DW by bytes */

/* r3 = skb->data + off, or to `slow` when the `len` bytes there are not
 * in the linear area. */
void skb_pkt_ptr(struct hk_emit *e, int off, int len, int slow);
/* bpf_skb_load_bytes(skb, off, r10 + to, len); to `fail` when it fails. */
void skb_helper_load(struct hk_emit *e, int off, int16_t to, int len, int fail);
/* r3 = the address of `len` bytes at packet offset `off` (linear area, or
 * a copy at r10 + to); to `fail` when they lie past the end. */
void skb_bytes_at(struct hk_emit *e, int off, int16_t to, int len, int fail);
/* dst = the big-endian number of `len` bytes at base + at. */
void skb_ldx_be(struct hk_emit *e, int dst, int base, int16_t at, int len);

/* Kernel structs (codegen/skb_kernel.c); clobber r0-r5. */
/* meta iifname/oifname at r10 + at: two u64, first byte most significant;
 * the empty name on the other hook or without a device (never fails). */
void skb_load_ifname(struct hk_emit *e, const struct ir_field *f, int16_t at,
		     int fail);
/* r0 = meta iiftype/oiftype or iifgroup/oifgroup; to `fail` without the
 * device (or on the other hook). */
void skb_load_dev_number(struct hk_emit *e, const struct ir_field *f, int fail);
/* meta iifkind/oifkind at r10 + at, as skb_load_ifname; to `fail` without
 * the device or without its rtnl_link_ops. */
void skb_load_ifkind(struct hk_emit *e, const struct ir_field *f, int16_t at,
		     int fail);
/* r0 = 1 when the device's index (0: none, or the other hook) is
 * field.ifname's (resolved at load), else 0. */
void skb_load_ifindex_is(struct hk_emit *e, const struct ir_field *f, int fail);
/* r0 = meta skgid (gid) or skuid; to `fail` without a full socket, its
 * socket or file. */
void skb_load_sock_owner(struct hk_emit *e, bool gid, int fail);
/* r0 = meta cgroup (the net_cls class id); to `fail` without a full socket. */
void skb_load_classid(struct hk_emit *e, int fail);

/* nft_set_pktinfo_ipv6()'s walk: to `found` with r7 = l4proto, r8 = the
 * transport offset, r9 = the fragment offset; to `bad` (unspec) when it
 * fails.  Uses r7-r9 only on the way out. */
void skb_ipv6_l4_walk(struct hk_emit *e, int found, int bad);

/* r2 = the offset of the IPv6 extension header of `type` that
 * ipv6_find_hdr() finds for nft's exthdr expression; to `none` when it
 * finds none. */
void skb_exthdr_find(struct hk_emit *e, unsigned type, int none);

/* r2 = the packet offset of the first tcp option of `kind`, as
 * nft_exthdr_tcp_eval finds it, given r2 = the TCP header's offset; to
 * `none` when there is none, when it does not lie within the TCP header,
 * or when it is shorter than `need` bytes (the field's end). */
void skb_tcpopt_find(struct hk_emit *e, unsigned kind, unsigned need, int none);

/* r2 = the packet offset of the first sctp chunk of `type`, given r2 = the
 * SCTP header's offset; to `none` when there is none or, `need` > 0,
 * when the chunk is shorter than `need` bytes or not all in the packet. */
void skb_sctpchunk_find(struct hk_emit *e, unsigned type, unsigned need, int none);

#endif
