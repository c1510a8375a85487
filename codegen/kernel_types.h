/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What generated programs read from the kernel's own structs, and the
 * kfuncs that give them the pointers (cgroup_skb: bpf_cast_to_kern_ctx
 * turns the __sk_buff context into the kernel's struct sk_buff).
 *
 * The object never carries the running kernel's layout: every load of a
 * kernel struct field is a CO-RE field relocation (BPF_CORE_FIELD_BYTE_OFFSET)
 * against a small local "shadow" struct of the same name, and every kfunc
 * call an extern that libbpf resolves against the kernel's BTF at load
 * time, as clang emits them for `preserve_access_index` structs and
 * `extern ... __ksym` functions.  The shadow layout (offsets in `--emit
 * asm`) depends on this table alone, so the object stays deterministic.
 *
 * To read another field: add a member to its struct in kernel_types.c and
 * a CG_KF_* row naming it.
 */
#ifndef CGNFT_KERNEL_TYPES_H
#define CGNFT_KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>

enum cg_kfunc {
	CG_KFUNC_CAST_TO_KERN_CTX,	/* void *bpf_cast_to_kern_ctx(void *ctx) */
	CG_KFUNC_RDONLY_CAST,		/* void *bpf_rdonly_cast(const void *, u32 btf_id) */
	CG_KFUNC__COUNT
};

enum cg_kstruct {
	CG_KS_SK_BUFF,
	CG_KS_NET_DEVICE,
	CG_KS_NF_CONN,
	CG_KS_SOCK,
	CG_KS_SOCKET,
	CG_KS_FILE,
	CG_KS_CRED,
	CG_KS_RTNL_LINK_OPS,
	/* conntrack: what nft_ct_get_eval() reads besides status and mark */
	CG_KS_CT_ZONE,		/* struct nf_conntrack_zone */
	CG_KS_CT_TUPLE_HASH,	/* struct nf_conntrack_tuple_hash */
	CG_KS_CT_TUPLE,		/* struct nf_conntrack_tuple */
	CG_KS_CT_MAN,		/* struct nf_conntrack_man (tuple.src) */
	CG_KS_CT_TUPLE_DST,	/* tuple.dst (anonymous in the kernel) */
	CG_KS_CT_ADDR,		/* union nf_inet_addr: ip6[4] (ip is ip6[0]) */
	CG_KS_CT_PROTO,		/* the unions of ports (their `all`) */
	CG_KS_CT_EXT,		/* struct nf_ct_ext */
	CG_KS_CT_ACCT,		/* struct nf_conn_acct */
	CG_KS_CT_COUNTER,	/* struct nf_conn_counter */
	CG_KS_CT_LABELS,	/* struct nf_conn_labels */
	CG_KS_DST_ENTRY,	/* struct dst_entry (a packet's route) */
	CG_KS__COUNT
};

/* One readable field: a member (or an element of an array member, or the
 * `val` of a kuid_t/kgid_t member) of a kernel struct. */
enum cg_kfield {
	CG_KF_SKB_DEV,		/* struct net_device *sk_buff::dev */
	CG_KF_SKB_SK,		/* struct sock *sk_buff::sk */
	CG_KF_SKB_NFCT,		/* unsigned long sk_buff::_nfct: nf_conn * | ctinfo */
	CG_KF_SKB_IIF,		/* int sk_buff::skb_iif */
	CG_KF_DEV_NAME_0,	/* net_device::name[0..7] (one u64 load) */
	CG_KF_DEV_NAME_8,	/* net_device::name[8..15] */
	CG_KF_DEV_IFINDEX,	/* int net_device::ifindex */
	CG_KF_CT_STATUS,	/* unsigned long nf_conn::status */
	CG_KF_CT_MARK,		/* u32 nf_conn::mark */
	CG_KF_SOCK_SOCKET,	/* struct socket *sock::sk_socket */
	CG_KF_SOCKET_FILE,	/* struct file *socket::file */
	CG_KF_FILE_CRED,	/* const struct cred *file::f_cred */
	CG_KF_CRED_FSUID,	/* kuid_t cred::fsuid (.val) */
	CG_KF_CRED_FSGID,	/* kgid_t cred::fsgid (.val) */
	CG_KF_SOCK_CLASSID,	/* sock::sk_cgrp_data.classid (net_cls) */
	CG_KF_DEV_TYPE,		/* unsigned short net_device::type (ARPHRD_*) */
	CG_KF_DEV_GROUP,	/* int net_device::group */
	CG_KF_DEV_LINK_OPS,	/* const struct rtnl_link_ops *net_device::rtnl_link_ops */
	CG_KF_LINK_OPS_KIND,	/* const char *rtnl_link_ops::kind */
	CG_KF_CT_TIMEOUT,	/* u32 nf_conn::timeout (jiffies) */
	CG_KF_CT_SECMARK,	/* u32 nf_conn::secmark */
	CG_KF_CT_EXT,		/* struct nf_ct_ext *nf_conn::ext */
	CG_KF_CT_ZONE_ID,	/* nf_conn::zone.id */
	CG_KF_CT_ZONE_DIR,	/* nf_conn::zone.dir (1 << dir: the zone is for it) */
	CG_KF_CT_L3NUM,		/* tuplehash[0].tuple.src.l3num */
	CG_KF_CT_PROTONUM,	/* tuplehash[0].tuple.dst.protonum */
	/* tuplehash[dir].tuple.{src,dst}: the address (its first and third
	 * u32: one u64 load each half) and the port */
	CG_KF_CT_SRC_ADDR_0, CG_KF_CT_SRC_ADDR_2, CG_KF_CT_SRC_PORT,
	CG_KF_CT_DST_ADDR_0, CG_KF_CT_DST_ADDR_2, CG_KF_CT_DST_PORT,
	CG_KF_CT_RSRC_ADDR_0, CG_KF_CT_RSRC_ADDR_2, CG_KF_CT_RSRC_PORT,
	CG_KF_CT_RDST_ADDR_0, CG_KF_CT_RDST_ADDR_2, CG_KF_CT_RDST_PORT,
	CG_KF_CT_EXT_OFFSET,	/* u8 nf_ct_ext::offset[0] (+ the ext id) */
	CG_KF_ACCT_PKTS_0, CG_KF_ACCT_BYTES_0,	/* nf_conn_acct::counter[dir] */
	CG_KF_ACCT_PKTS_1, CG_KF_ACCT_BYTES_1,
	CG_KF_LABELS_0, CG_KF_LABELS_1,		/* nf_conn_labels::bits[0], [1] */
	CG_KF_SKB_REFDST,	/* unsigned long sk_buff::_skb_refdst: dst_entry * | noref */
	CG_KF_DST_TCLASSID,	/* u32 dst_entry::tclassid (the route's realms) */
	CG_KF__COUNT
};

enum cg_kmember_kind {
	CG_KM_INT,		/* unsigned integer of `size` bytes */
	CG_KM_PTR,		/* a pointer (pointee left void: CO-RE only
				 * checks that the kernel's is a pointer too) */
	CG_KM_CHARS,		/* char[size] */
	CG_KM_INNER,		/* an embedded struct of which one integer of
				 * `size` bytes is read: struct { u32 <inner>; }
				 * (kuid_t's val, sock_cgroup_data's classid,
				 * atomic64_t's counter) */
	CG_KM_STRUCT,		/* an embedded struct or union: the shadow
				 * struct `sub` (an array of `count` of them
				 * when count > 0) */
};

struct cg_kmember {
	const char *name;
	enum cg_kmember_kind kind;
	unsigned size;		/* bytes */
	const char *inner;	/* CG_KM_INNER: the member read */
	int sub;		/* CG_KM_STRUCT: its enum cg_kstruct */
	unsigned count;		/* INT and STRUCT: an array of count (0: none) */
};

/* One step of a path into nested structs: a member, and the element of
 * it when it is an array (-1: none). */
struct cg_kstep {
	unsigned char member;
	signed char index;
};

struct cg_kstruct_desc {
	const char *name;	/* the kernel's struct name */
	const struct cg_kmember *members;
	unsigned nmembers;
};

struct cg_kfield_desc {
	enum cg_kstruct type;
	unsigned member;	/* index into the struct's members */
	int elem;		/* CG_KM_CHARS: the first byte read; else -1 */
	const char *text;	/* "sk_buff.dev": for --emit asm */
	/* a field of nested structs: the steps from `type` (npath > 0;
	 * member and elem are then unused) */
	struct cg_kstep path[5];
	unsigned npath;
};

const struct cg_kstruct_desc *cg_kstruct(enum cg_kstruct s);
const struct cg_kfield_desc *cg_kfield(enum cg_kfield f);
const char *cg_kfunc_name(enum cg_kfunc fn);
/* Byte offset of a member in the local shadow struct, and its size. */
unsigned cg_kmember_offset(enum cg_kstruct s, unsigned member);
unsigned cg_kstruct_size(enum cg_kstruct s);
/* The offset a load of the field carries before libbpf relocates it. */
int cg_kfield_local_offset(enum cg_kfield f);
/* CO-RE access string ("0:2", "0:4:8", "0:1:0", "0:5:1:0:1:0:2"), into buf. */
void cg_kfield_access(enum cg_kfield f, char *buf, size_t len);

#endif
