// SPDX-License-Identifier: GPL-2.0
/* The shadow structs and kfuncs of kernel_types.h. */
#include <stdio.h>

#include "codegen/kernel_types.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct cg_kmember sk_buff_m[] = {
	{ .name = "dev", .kind = CG_KM_PTR, .size = 8 },
	{ .name = "sk", .kind = CG_KM_PTR, .size = 8 },
	{ .name = "_nfct", .kind = CG_KM_INT, .size = 8 },
	{ .name = "skb_iif", .kind = CG_KM_INT, .size = 4 },
	{ .name = "_skb_refdst", .kind = CG_KM_INT, .size = 8 },
};
static const struct cg_kmember dst_entry_m[] = {
	{ .name = "tclassid", .kind = CG_KM_INT, .size = 4 },
};
static const struct cg_kmember net_device_m[] = {
	{ .name = "name", .kind = CG_KM_CHARS, .size = 16 },
	{ .name = "ifindex", .kind = CG_KM_INT, .size = 4 },
	{ .name = "type", .kind = CG_KM_INT, .size = 2 },
	{ .name = "group", .kind = CG_KM_INT, .size = 4 },
	{ .name = "rtnl_link_ops", .kind = CG_KM_PTR, .size = 8 },
};
static const struct cg_kmember rtnl_link_ops_m[] = {
	{ .name = "kind", .kind = CG_KM_PTR, .size = 8 },
};
/* status and mark first: their shadow offsets stay as they were */
static const struct cg_kmember nf_conn_m[] = {
	{ .name = "status", .kind = CG_KM_INT, .size = 8 },
	{ .name = "mark", .kind = CG_KM_INT, .size = 4 },
	{ .name = "timeout", .kind = CG_KM_INT, .size = 4 },
	{ .name = "secmark", .kind = CG_KM_INT, .size = 4 },
	{ .name = "ext", .kind = CG_KM_PTR, .size = 8 },
	{ .name = "zone", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_ZONE },
	{ .name = "tuplehash", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_TUPLE_HASH, .count = 2 },
};
static const struct cg_kmember ct_zone_m[] = {
	{ .name = "id", .kind = CG_KM_INT, .size = 2 },
	{ .name = "dir", .kind = CG_KM_INT, .size = 1 },
};
static const struct cg_kmember ct_tuple_hash_m[] = {
	{ .name = "tuple", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_TUPLE },
};
static const struct cg_kmember ct_tuple_m[] = {
	{ .name = "src", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_MAN },
	{ .name = "dst", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_TUPLE_DST },
};
static const struct cg_kmember ct_man_m[] = {
	{ .name = "u3", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_ADDR },
	{ .name = "u", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_PROTO },
	{ .name = "l3num", .kind = CG_KM_INT, .size = 2 },
};
static const struct cg_kmember ct_tuple_dst_m[] = {
	{ .name = "u3", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_ADDR },
	{ .name = "u", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_PROTO },
	{ .name = "protonum", .kind = CG_KM_INT, .size = 1 },
};
static const struct cg_kmember ct_addr_m[] = {
	{ .name = "ip6", .kind = CG_KM_INT, .size = 4, .count = 4 },
};
static const struct cg_kmember ct_proto_m[] = {
	{ .name = "all", .kind = CG_KM_INT, .size = 2 },
};
static const struct cg_kmember ct_ext_m[] = {
	{ .name = "offset", .kind = CG_KM_INT, .size = 1, .count = 1 },
};
static const struct cg_kmember ct_acct_m[] = {
	{ .name = "counter", .kind = CG_KM_STRUCT, .sub = CG_KS_CT_COUNTER, .count = 2 },
};
static const struct cg_kmember ct_counter_m[] = {
	{ .name = "packets", .kind = CG_KM_INNER, .size = 8, .inner = "counter" },
	{ .name = "bytes", .kind = CG_KM_INNER, .size = 8, .inner = "counter" },
};
static const struct cg_kmember ct_labels_m[] = {
	{ .name = "bits", .kind = CG_KM_INT, .size = 8, .count = 2 },
};
static const struct cg_kmember sock_m[] = {
	{ .name = "sk_socket", .kind = CG_KM_PTR, .size = 8 },
	{ .name = "sk_cgrp_data", .kind = CG_KM_INNER, .size = 4, .inner = "classid" },
};
static const struct cg_kmember socket_m[] = {
	{ .name = "file", .kind = CG_KM_PTR, .size = 8 },
};
static const struct cg_kmember file_m[] = {
	{ .name = "f_cred", .kind = CG_KM_PTR, .size = 8 },
};
static const struct cg_kmember cred_m[] = {
	{ .name = "fsuid", .kind = CG_KM_INNER, .size = 4, .inner = "val" },
	{ .name = "fsgid", .kind = CG_KM_INNER, .size = 4, .inner = "val" },
};

static const struct cg_kstruct_desc kstructs[CG_KS__COUNT] = {
	[CG_KS_SK_BUFF] = { "sk_buff", sk_buff_m, N(sk_buff_m) },
	[CG_KS_NET_DEVICE] = { "net_device", net_device_m, N(net_device_m) },
	[CG_KS_NF_CONN] = { "nf_conn", nf_conn_m, N(nf_conn_m) },
	[CG_KS_SOCK] = { "sock", sock_m, N(sock_m) },
	[CG_KS_SOCKET] = { "socket", socket_m, N(socket_m) },
	[CG_KS_FILE] = { "file", file_m, N(file_m) },
	[CG_KS_CRED] = { "cred", cred_m, N(cred_m) },
	[CG_KS_RTNL_LINK_OPS] = { "rtnl_link_ops", rtnl_link_ops_m, N(rtnl_link_ops_m) },
	[CG_KS_CT_ZONE] = { "nf_conntrack_zone", ct_zone_m, N(ct_zone_m) },
	[CG_KS_CT_TUPLE_HASH] = { "nf_conntrack_tuple_hash", ct_tuple_hash_m,
				  N(ct_tuple_hash_m) },
	[CG_KS_CT_TUPLE] = { "nf_conntrack_tuple", ct_tuple_m, N(ct_tuple_m) },
	[CG_KS_CT_MAN] = { "nf_conntrack_man", ct_man_m, N(ct_man_m) },
	/* nested types match by member name and kind, not by type name */
	[CG_KS_CT_TUPLE_DST] = { "cgnft_tuple_dst", ct_tuple_dst_m, N(ct_tuple_dst_m) },
	[CG_KS_CT_ADDR] = { "nf_inet_addr", ct_addr_m, N(ct_addr_m) },
	[CG_KS_CT_PROTO] = { "cgnft_tuple_port", ct_proto_m, N(ct_proto_m) },
	[CG_KS_CT_EXT] = { "nf_ct_ext", ct_ext_m, N(ct_ext_m) },
	[CG_KS_CT_ACCT] = { "nf_conn_acct", ct_acct_m, N(ct_acct_m) },
	[CG_KS_CT_COUNTER] = { "nf_conn_counter", ct_counter_m, N(ct_counter_m) },
	[CG_KS_CT_LABELS] = { "nf_conn_labels", ct_labels_m, N(ct_labels_m) },
	[CG_KS_DST_ENTRY] = { "dst_entry", dst_entry_m, N(dst_entry_m) },
};

#define P(...) .path = { __VA_ARGS__ }, .npath = sizeof((struct cg_kstep[]){ __VA_ARGS__ }) / \
	sizeof(struct cg_kstep)
/* tuplehash[d].tuple.src or .dst (s 0 or 1), then the rest */
#define TUPLE(d, s, ...) P({ 6, d }, { 0, -1 }, { s, -1 }, __VA_ARGS__)

static const struct cg_kfield_desc kfields[CG_KF__COUNT] = {
	[CG_KF_SKB_DEV] = { .type = CG_KS_SK_BUFF, .member = 0, .elem = -1, .text = "sk_buff.dev" },
	[CG_KF_SKB_SK] = { .type = CG_KS_SK_BUFF, .member = 1, .elem = -1, .text = "sk_buff.sk" },
	[CG_KF_SKB_NFCT] = { .type = CG_KS_SK_BUFF, .member = 2, .elem = -1,
			.text = "sk_buff._nfct" },
	[CG_KF_SKB_IIF] = { .type = CG_KS_SK_BUFF, .member = 3, .elem = -1,
			.text = "sk_buff.skb_iif" },
	[CG_KF_DEV_NAME_0] = { .type = CG_KS_NET_DEVICE, .member = 0, .elem = 0,
			.text = "net_device.name[0]" },
	[CG_KF_DEV_NAME_8] = { .type = CG_KS_NET_DEVICE, .member = 0, .elem = 8,
			.text = "net_device.name[8]" },
	[CG_KF_DEV_IFINDEX] = { .type = CG_KS_NET_DEVICE, .member = 1, .elem = -1,
			.text = "net_device.ifindex" },
	[CG_KF_CT_STATUS] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.status" },
	[CG_KF_CT_MARK] = { .type = CG_KS_NF_CONN, .member = 1, .elem = -1,
			.text = "nf_conn.mark" },
	[CG_KF_SOCK_SOCKET] = { .type = CG_KS_SOCK, .member = 0, .elem = -1,
			.text = "sock.sk_socket" },
	[CG_KF_SOCKET_FILE] = { .type = CG_KS_SOCKET, .member = 0, .elem = -1,
			.text = "socket.file" },
	[CG_KF_FILE_CRED] = { .type = CG_KS_FILE, .member = 0, .elem = -1, .text = "file.f_cred" },
	[CG_KF_CRED_FSUID] = { .type = CG_KS_CRED, .member = 0, .elem = -1,
			.text = "cred.fsuid.val" },
	[CG_KF_CRED_FSGID] = { .type = CG_KS_CRED, .member = 1, .elem = -1,
			.text = "cred.fsgid.val" },
	[CG_KF_SOCK_CLASSID] = { .type = CG_KS_SOCK, .member = 1, .elem = -1,
			.text = "sock.sk_cgrp_data.classid" },
	[CG_KF_DEV_TYPE] = { .type = CG_KS_NET_DEVICE, .member = 2, .elem = -1,
			.text = "net_device.type" },
	[CG_KF_DEV_GROUP] = { .type = CG_KS_NET_DEVICE, .member = 3, .elem = -1,
			.text = "net_device.group" },
	[CG_KF_DEV_LINK_OPS] = { .type = CG_KS_NET_DEVICE, .member = 4, .elem = -1,
			.text = "net_device.rtnl_link_ops" },
	[CG_KF_LINK_OPS_KIND] = { .type = CG_KS_RTNL_LINK_OPS, .member = 0, .elem = -1,
			.text = "rtnl_link_ops.kind" },
	[CG_KF_CT_TIMEOUT] = { .type = CG_KS_NF_CONN, .member = 2, .elem = -1,
			.text = "nf_conn.timeout" },
	[CG_KF_CT_SECMARK] = { .type = CG_KS_NF_CONN, .member = 3, .elem = -1,
			.text = "nf_conn.secmark" },
	[CG_KF_CT_EXT] = { .type = CG_KS_NF_CONN, .member = 4, .elem = -1, .text = "nf_conn.ext" },
	[CG_KF_CT_ZONE_ID] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.zone.id",
			       P({ 5, -1 }, { 0, -1 }) },
	[CG_KF_CT_ZONE_DIR] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.zone.dir",
				  P({ 5, -1 }, { 1, -1 }) },
	[CG_KF_CT_L3NUM] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.tuplehash[0].tuple.src.l3num",
			     TUPLE(0, 0, { 2, -1 }) },
	[CG_KF_CT_PROTONUM] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				.text = "nf_conn.tuplehash[0].tuple.dst.protonum",
				TUPLE(0, 1, { 2, -1 }) },
	[CG_KF_CT_SRC_ADDR_0] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				  .text = "nf_conn.tuplehash[0].tuple.src.u3.ip6[0]",
				  TUPLE(0, 0, { 0, -1 }, { 0, 0 }) },
	[CG_KF_CT_SRC_ADDR_2] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				  .text = "nf_conn.tuplehash[0].tuple.src.u3.ip6[2]",
				  TUPLE(0, 0, { 0, -1 }, { 0, 2 }) },
	[CG_KF_CT_SRC_PORT] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.tuplehash[0].tuple.src.u.all",
				TUPLE(0, 0, { 1, -1 }, { 0, -1 }) },
	[CG_KF_CT_DST_ADDR_0] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				  .text = "nf_conn.tuplehash[0].tuple.dst.u3.ip6[0]",
				  TUPLE(0, 1, { 0, -1 }, { 0, 0 }) },
	[CG_KF_CT_DST_ADDR_2] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				  .text = "nf_conn.tuplehash[0].tuple.dst.u3.ip6[2]",
				  TUPLE(0, 1, { 0, -1 }, { 0, 2 }) },
	[CG_KF_CT_DST_PORT] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.tuplehash[0].tuple.dst.u.all",
				TUPLE(0, 1, { 1, -1 }, { 0, -1 }) },
	[CG_KF_CT_RSRC_ADDR_0] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				   .text = "nf_conn.tuplehash[1].tuple.src.u3.ip6[0]",
				   TUPLE(1, 0, { 0, -1 }, { 0, 0 }) },
	[CG_KF_CT_RSRC_ADDR_2] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				   .text = "nf_conn.tuplehash[1].tuple.src.u3.ip6[2]",
				   TUPLE(1, 0, { 0, -1 }, { 0, 2 }) },
	[CG_KF_CT_RSRC_PORT] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.tuplehash[1].tuple.src.u.all",
				 TUPLE(1, 0, { 1, -1 }, { 0, -1 }) },
	[CG_KF_CT_RDST_ADDR_0] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				   .text = "nf_conn.tuplehash[1].tuple.dst.u3.ip6[0]",
				   TUPLE(1, 1, { 0, -1 }, { 0, 0 }) },
	[CG_KF_CT_RDST_ADDR_2] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
				   .text = "nf_conn.tuplehash[1].tuple.dst.u3.ip6[2]",
				   TUPLE(1, 1, { 0, -1 }, { 0, 2 }) },
	[CG_KF_CT_RDST_PORT] = { .type = CG_KS_NF_CONN, .member = 0, .elem = -1,
			.text = "nf_conn.tuplehash[1].tuple.dst.u.all",
				 TUPLE(1, 1, { 1, -1 }, { 0, -1 }) },
	[CG_KF_CT_EXT_OFFSET] = { .type = CG_KS_CT_EXT, .member = 0, .elem = -1,
			.text = "nf_ct_ext.offset[0]", P({ 0, 0 }) },
	[CG_KF_ACCT_PKTS_0] = { .type = CG_KS_CT_ACCT, .member = 0, .elem = -1,
			.text = "nf_conn_acct.counter[0].packets",
				P({ 0, 0 }, { 0, -1 }) },
	[CG_KF_ACCT_BYTES_0] = { .type = CG_KS_CT_ACCT, .member = 0, .elem = -1,
			.text = "nf_conn_acct.counter[0].bytes",
				 P({ 0, 0 }, { 1, -1 }) },
	[CG_KF_ACCT_PKTS_1] = { .type = CG_KS_CT_ACCT, .member = 0, .elem = -1,
			.text = "nf_conn_acct.counter[1].packets",
				P({ 0, 1 }, { 0, -1 }) },
	[CG_KF_ACCT_BYTES_1] = { .type = CG_KS_CT_ACCT, .member = 0, .elem = -1,
			.text = "nf_conn_acct.counter[1].bytes",
				 P({ 0, 1 }, { 1, -1 }) },
	[CG_KF_LABELS_0] = { .type = CG_KS_CT_LABELS, .member = 0, .elem = -1,
			.text = "nf_conn_labels.bits[0]", P({ 0, 0 }) },
	[CG_KF_LABELS_1] = { .type = CG_KS_CT_LABELS, .member = 0, .elem = -1,
			.text = "nf_conn_labels.bits[1]", P({ 0, 1 }) },
	[CG_KF_SKB_REFDST] = { .type = CG_KS_SK_BUFF, .member = 4, .elem = -1,
			.text = "sk_buff._skb_refdst" },
	[CG_KF_DST_TCLASSID] = { .type = CG_KS_DST_ENTRY, .member = 0, .elem = -1,
			.text = "dst_entry.tclassid" },
};

static const char *const kfunc_names[CG_KFUNC__COUNT] = {
	[CG_KFUNC_CAST_TO_KERN_CTX] = "bpf_cast_to_kern_ctx",
	[CG_KFUNC_RDONLY_CAST] = "bpf_rdonly_cast",
};

const struct cg_kstruct_desc *cg_kstruct(enum cg_kstruct s)
{
	return &kstructs[s];
}

const struct cg_kfield_desc *cg_kfield(enum cg_kfield f)
{
	return &kfields[f];
}

const char *cg_kfunc_name(enum cg_kfunc fn)
{
	return kfunc_names[fn];
}

static unsigned member_align(const struct cg_kmember *m)
{
	if (m->kind == CG_KM_STRUCT)
		return 8;	/* shadow structs are padded to 8 bytes */
	return m->kind == CG_KM_CHARS ? 1 : m->size;
}

/* One element's bytes (the whole member's when it is no array). */
static unsigned member_elem_size(const struct cg_kmember *m)
{
	return m->kind == CG_KM_STRUCT ? cg_kstruct_size((enum cg_kstruct)m->sub) : m->size;
}

static unsigned member_size(const struct cg_kmember *m)
{
	return member_elem_size(m) * (m->count ? m->count : 1);
}

/* Members in table order, each naturally aligned: a layout of our own,
 * which libbpf maps onto the kernel's by member name. */
unsigned cg_kmember_offset(enum cg_kstruct s, unsigned member)
{
	const struct cg_kstruct_desc *d = &kstructs[s];
	unsigned off = 0;

	for (unsigned i = 0; i < d->nmembers; i++) {
		unsigned a = member_align(&d->members[i]);

		off = (off + a - 1) / a * a;
		if (i == member)
			return off;
		off += member_size(&d->members[i]);
	}
	return off;
}

unsigned cg_kstruct_size(enum cg_kstruct s)
{
	unsigned end = cg_kmember_offset(s, kstructs[s].nmembers);

	return (end + 7) / 8 * 8;
}

int cg_kfield_local_offset(enum cg_kfield f)
{
	const struct cg_kfield_desc *d = &kfields[f];
	enum cg_kstruct s = d->type;
	unsigned off = 0;

	if (!d->npath)
		return (int)cg_kmember_offset(d->type, d->member) + (d->elem > 0 ? d->elem : 0);
	for (unsigned i = 0; i < d->npath; i++) {
		const struct cg_kmember *m = &kstructs[s].members[d->path[i].member];

		off += cg_kmember_offset(s, d->path[i].member);
		if (d->path[i].index >= 0)
			off += (unsigned)d->path[i].index * member_elem_size(m);
		if (m->kind == CG_KM_STRUCT)
			s = (enum cg_kstruct)m->sub;
	}
	return (int)off;
}

void cg_kfield_access(enum cg_kfield f, char *buf, size_t len)
{
	const struct cg_kfield_desc *d = &kfields[f];
	const struct cg_kmember *m = &kstructs[d->type].members[d->member];
	enum cg_kstruct s = d->type;
	size_t n;

	if (d->npath) {
		n = (size_t)snprintf(buf, len, "0");
		for (unsigned i = 0; i < d->npath && n < len; i++) {
			m = &kstructs[s].members[d->path[i].member];
			n += (size_t)snprintf(buf + n, len - n, ":%u", d->path[i].member);
			if (d->path[i].index >= 0 && n < len)
				n += (size_t)snprintf(buf + n, len - n, ":%d", d->path[i].index);
			if (m->kind == CG_KM_STRUCT)
				s = (enum cg_kstruct)m->sub;
		}
		if (m->kind == CG_KM_INNER && n < len)
			snprintf(buf + n, len - n, ":0");
		return;
	}
	if (m->kind == CG_KM_CHARS)
		snprintf(buf, len, "0:%u:%d", d->member, d->elem);
	else if (m->kind == CG_KM_INNER)
		snprintf(buf, len, "0:%u:0", d->member);
	else
		snprintf(buf, len, "0:%u", d->member);
}
