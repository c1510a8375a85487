// SPDX-License-Identifier: GPL-2.0
/* The shadow structs and kfuncs of kernel_types.h. */
#include <stdio.h>

#include "codegen/kernel_types.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct cg_kmember sk_buff_m[] = {
	{ "dev", CG_KM_PTR, 8, NULL },
	{ "sk", CG_KM_PTR, 8, NULL },
	{ "_nfct", CG_KM_INT, 8, NULL },
	{ "skb_iif", CG_KM_INT, 4, NULL },
	{ "_skb_refdst", CG_KM_INT, 8, NULL },
};
static const struct cg_kmember dst_entry_m[] = {
	{ "tclassid", CG_KM_INT, 4, NULL },
};
static const struct cg_kmember net_device_m[] = {
	{ "name", CG_KM_CHARS, 16, NULL },
	{ "ifindex", CG_KM_INT, 4, NULL },
	{ "type", CG_KM_INT, 2, NULL },
	{ "group", CG_KM_INT, 4, NULL },
	{ "rtnl_link_ops", CG_KM_PTR, 8, NULL },
};
static const struct cg_kmember rtnl_link_ops_m[] = {
	{ "kind", CG_KM_PTR, 8, NULL },
};
static const struct cg_kmember nf_conn_m[] = {
	{ "status", CG_KM_INT, 8, NULL },
	{ "mark", CG_KM_INT, 4, NULL },
};
static const struct cg_kmember sock_m[] = {
	{ "sk_socket", CG_KM_PTR, 8, NULL },
	{ "sk_cgrp_data", CG_KM_INNER, 4, "classid" },
};
static const struct cg_kmember socket_m[] = {
	{ "file", CG_KM_PTR, 8, NULL },
};
static const struct cg_kmember file_m[] = {
	{ "f_cred", CG_KM_PTR, 8, NULL },
};
static const struct cg_kmember cred_m[] = {
	{ "fsuid", CG_KM_INNER, 4, "val" },
	{ "fsgid", CG_KM_INNER, 4, "val" },
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
	[CG_KS_DST_ENTRY] = { "dst_entry", dst_entry_m, N(dst_entry_m) },
};

static const struct cg_kfield_desc kfields[CG_KF__COUNT] = {
	[CG_KF_SKB_DEV] = { CG_KS_SK_BUFF, 0, -1, "sk_buff.dev" },
	[CG_KF_SKB_SK] = { CG_KS_SK_BUFF, 1, -1, "sk_buff.sk" },
	[CG_KF_SKB_NFCT] = { CG_KS_SK_BUFF, 2, -1, "sk_buff._nfct" },
	[CG_KF_SKB_IIF] = { CG_KS_SK_BUFF, 3, -1, "sk_buff.skb_iif" },
	[CG_KF_DEV_NAME_0] = { CG_KS_NET_DEVICE, 0, 0, "net_device.name[0]" },
	[CG_KF_DEV_NAME_8] = { CG_KS_NET_DEVICE, 0, 8, "net_device.name[8]" },
	[CG_KF_DEV_IFINDEX] = { CG_KS_NET_DEVICE, 1, -1, "net_device.ifindex" },
	[CG_KF_CT_STATUS] = { CG_KS_NF_CONN, 0, -1, "nf_conn.status" },
	[CG_KF_CT_MARK] = { CG_KS_NF_CONN, 1, -1, "nf_conn.mark" },
	[CG_KF_SOCK_SOCKET] = { CG_KS_SOCK, 0, -1, "sock.sk_socket" },
	[CG_KF_SOCKET_FILE] = { CG_KS_SOCKET, 0, -1, "socket.file" },
	[CG_KF_FILE_CRED] = { CG_KS_FILE, 0, -1, "file.f_cred" },
	[CG_KF_CRED_FSUID] = { CG_KS_CRED, 0, -1, "cred.fsuid.val" },
	[CG_KF_CRED_FSGID] = { CG_KS_CRED, 1, -1, "cred.fsgid.val" },
	[CG_KF_SOCK_CLASSID] = { CG_KS_SOCK, 1, -1, "sock.sk_cgrp_data.classid" },
	[CG_KF_DEV_TYPE] = { CG_KS_NET_DEVICE, 2, -1, "net_device.type" },
	[CG_KF_DEV_GROUP] = { CG_KS_NET_DEVICE, 3, -1, "net_device.group" },
	[CG_KF_DEV_LINK_OPS] = { CG_KS_NET_DEVICE, 4, -1, "net_device.rtnl_link_ops" },
	[CG_KF_LINK_OPS_KIND] = { CG_KS_RTNL_LINK_OPS, 0, -1, "rtnl_link_ops.kind" },
	[CG_KF_SKB_REFDST] = { CG_KS_SK_BUFF, 4, -1, "sk_buff._skb_refdst" },
	[CG_KF_DST_TCLASSID] = { CG_KS_DST_ENTRY, 0, -1, "dst_entry.tclassid" },
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
	return m->kind == CG_KM_CHARS ? 1 : m->size;
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
		off += d->members[i].size;
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

	return (int)cg_kmember_offset(d->type, d->member) + (d->elem > 0 ? d->elem : 0);
}

void cg_kfield_access(enum cg_kfield f, char *buf, size_t len)
{
	const struct cg_kfield_desc *d = &kfields[f];
	const struct cg_kmember *m = &kstructs[d->type].members[d->member];

	if (m->kind == CG_KM_CHARS)
		snprintf(buf, len, "0:%u:%d", d->member, d->elem);
	else if (m->kind == CG_KM_INNER)
		snprintf(buf, len, "0:%u:0", d->member);
	else
		snprintf(buf, len, "0:%u", d->member);
}
