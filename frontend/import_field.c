// SPDX-License-Identifier: GPL-2.0
/*
 * A register loaded from a header or a meta key, maybe masked, back to the
 * cgnft field it is: the whole field, a prefix of it (nft shortens loads
 * and masks for prefixes), or `field & mask`.  Field names, offsets and
 * widths come from frontend/fields.c; header fields are only named when
 * the rule established the protocol first, as nft's listing does.
 */
#include <linux/netfilter/nf_tables.h>
#include <string.h>

#include "frontend/import.h"

static const char *const ip_names[] = { "version", "hdrlength", "dscp", "ecn",
	"length", "id", "frag-off", "ttl", "protocol", "checksum", "saddr",
	"daddr", NULL };
static const char *const ip6_names[] = { "version", "dscp", "ecn", "flowlabel",
	"length", "nexthdr", "hoplimit", "saddr", "daddr", NULL };
static const char *const tcp_names[] = { "sport", "dport", "sequence", "ackseq",
	"doff", "flags", "window", "checksum", "urgptr", NULL };
static const char *const udp_names[] = { "sport", "dport", "length",
	"checksum", NULL };
static const char *const th_names[] = { "sport", "dport", NULL };
static const char *const icmp_names[] = { "type", "code", "checksum", "id",
	"sequence", NULL };

/* nft's meta key names (enum nft_meta_keys), for fields and messages. */
static const char *const meta_names[] = {
	[NFT_META_LEN] = "length", [NFT_META_PROTOCOL] = "protocol",
	[NFT_META_PRIORITY] = "priority", [NFT_META_MARK] = "mark",
	[NFT_META_IIF] = "iif", [NFT_META_OIF] = "oif",
	[NFT_META_IIFNAME] = "iifname", [NFT_META_OIFNAME] = "oifname",
	[NFT_META_IIFTYPE] = "iiftype", [NFT_META_OIFTYPE] = "oiftype",
	[NFT_META_SKUID] = "skuid", [NFT_META_SKGID] = "skgid",
	[NFT_META_NFTRACE] = "nftrace", [NFT_META_RTCLASSID] = "rtclassid",
	[NFT_META_SECMARK] = "secmark", [NFT_META_NFPROTO] = "nfproto",
	[NFT_META_L4PROTO] = "l4proto", [NFT_META_BRI_IIFNAME] = "ibrname",
	[NFT_META_BRI_OIFNAME] = "obrname", [NFT_META_PKTTYPE] = "pkttype",
	[NFT_META_CPU] = "cpu", [NFT_META_IIFGROUP] = "iifgroup",
	[NFT_META_OIFGROUP] = "oifgroup", [NFT_META_CGROUP] = "cgroup",
	[NFT_META_PRANDOM] = "random", [NFT_META_SECPATH] = "ipsec",
	[NFT_META_IIFKIND] = "iifkind", [NFT_META_OIFKIND] = "oifkind",
	[NFT_META_TIME_NS] = "time", [NFT_META_TIME_DAY] = "day",
	[NFT_META_TIME_HOUR] = "hour", [NFT_META_SDIF] = "sdif",
	[NFT_META_SDIFNAME] = "sdifname",
};

/* Meta keys the front end reads but the shared field table (which test
 * packets use too) does not list. */
static const struct fe_field import_only_meta[] = {
	{ "meta", "pkttype", { .base = IR_BASE_META, .key = IR_META_PKTTYPE, .len = 1,
			       .mask = ~0ull }, FE_T_INTEGER, 8, 0, -1 },
};

const struct fe_field *imp_meta_field(const char *name)
{
	const struct fe_field *f = fe_field_find("meta", name);

	for (size_t i = 0; !f && i < sizeof(import_only_meta) / sizeof(import_only_meta[0]); i++)
		if (!strcmp(import_only_meta[i].name, name))
			f = &import_only_meta[i];
	return f;
}

const char *imp_meta_name(uint32_t key)
{
	if (key < sizeof(meta_names) / sizeof(meta_names[0]) && meta_names[key])
		return meta_names[key];
	return NULL;
}

int imp_field_width(const struct fe_field *f)
{
	return f->bits;
}

static struct ir_val v_shr(struct ir_val v, int n)
{
	if (n <= 0)
		return v;
	if (n >= 128)
		return (struct ir_val){ 0, 0 };
	if (n >= 64)
		return (struct ir_val){ 0, v.hi >> (n - 64) };
	return (struct ir_val){ v.hi >> n, v.lo >> n | v.hi << (64 - n) };
}

static struct ir_val v_shl(struct ir_val v, int n)
{
	if (n <= 0)
		return v;
	if (n >= 128)
		return (struct ir_val){ 0, 0 };
	if (n >= 64)
		return (struct ir_val){ v.lo << (n - 64), 0 };
	return (struct ir_val){ v.hi << n | v.lo >> (64 - n), v.lo << n };
}

static struct ir_val v_shift(struct ir_val v, int right)
{
	return right >= 0 ? v_shr(v, right) : v_shl(v, -right);
}

static bool v_subset(struct ir_val a, struct ir_val b)	/* a ⊆ b */
{
	return !(a.hi & ~b.hi) && !(a.lo & ~b.lo);
}

static bool v_zero(struct ir_val a)
{
	return !a.hi && !a.lo;
}

/* Which header names the context allows, and the selector word. */
static const char *const *header_names(const struct imp_load *ld,
				       const char **proto)
{
	if (ld->base == NFT_PAYLOAD_NETWORK_HEADER) {
		*proto = ld->nfproto == 2 ? "ip" : ld->nfproto == 10 ? "ip6" : NULL;
		return ld->nfproto == 2 ? ip_names : ld->nfproto == 10 ? ip6_names : NULL;
	}
	switch (ld->l4proto) {
	case 6:
		*proto = "tcp";
		return tcp_names;
	case 17:
		*proto = "udp";
		return udp_names;
	case 1:		/* cgnft's icmp implies IPv4: only when the rule said so */
		if (ld->nfproto == 2) {
			*proto = "icmp";
			return icmp_names;
		}
		break;
	case 58:
		if (ld->nfproto == 10) {
			*proto = "icmpv6";
			return icmp_names;
		}
		break;
	}
	*proto = "th";
	return th_names;
}

/* Classify the field bits selected by mask mf (field coordinates). */
static bool classify(struct imp_ctx *c, const struct fe_field *f,
		     struct ir_val mf, struct ir_val vf, struct imp_sel *sel)
{
	int fw = imp_field_width(f);
	struct ir_val full = imp_val_ones(fw);

	sel->f = f;
	sel->value = vf;
	sel->mask = mf;
	if (!imp_val_cmp(mf, full)) {
		sel->how = IMP_SEL_EXACT;
		return true;
	}
	for (int p = 1; p < fw; p++) {
		struct ir_val host = imp_val_ones(fw - p);
		struct ir_val pm = { full.hi & ~host.hi, full.lo & ~host.lo };

		if (!imp_val_cmp(mf, pm)) {
			sel->how = IMP_SEL_PREFIX;
			sel->plen = p;
			return true;
		}
	}
	if (fw > 64)
		return imp_fail(c, "%s with a mask that is not a prefix has no "
				"cgnft equivalent", sel->name);
	sel->how = IMP_SEL_MASKED;
	return true;
}

bool imp_field(struct imp_ctx *c, const struct imp_load *ld,
	       const struct ir_val *mask, const struct ir_val *value,
	       struct imp_sel *sel)
{
	struct ir_val zero = { 0, 0 }, m, v = value ? *value : zero;
	const char *const *names;
	const char *proto = NULL;
	int lw = ld->len * 8;

	memset(sel, 0, sizeof(*sel));
	m = mask ? *mask : imp_val_ones(lw);
	if (!v_subset(v, m))
		return imp_fail(c, "a comparison with bits outside its mask has no "
				"cgnft equivalent");
	if (ld->meta) {
		const char *n = imp_meta_name(ld->key);
		const struct fe_field *f = n ? imp_meta_field(n) : NULL;

		if (!f)
			return imp_fail(c, "meta %s is not available in a cgroup hook",
					n ? n : "(unknown key)");
		snprintf(sel->name, sizeof(sel->name), "meta %s", n);
		if (!v_subset(m, imp_val_ones(f->bits)))
			return imp_fail(c, "meta %s wider than the field has no cgnft "
					"equivalent", n);
		return classify(c, f, m, v, sel);
	}
	if (ld->base == NFT_PAYLOAD_LL_HEADER)
		return imp_fail(c, "link-layer header matches (ether, vlan, arp) are "
				"not available in a cgroup hook");
	if (ld->base != NFT_PAYLOAD_NETWORK_HEADER &&
	    ld->base != NFT_PAYLOAD_TRANSPORT_HEADER)
		return imp_fail(c, "payload base %u (inner headers) is not available "
				"in a cgroup hook", ld->base);
	names = header_names(ld, &proto);
	for (int i = 0; names && names[i]; i++) {
		const struct fe_field *f = fe_field_find(proto, names[i]);
		int fw, fe, le, d;
		struct ir_val window;

		if (!f)
			continue;
		fw = imp_field_width(f);
		fe = f->field.offset * 8 + f->field.len * 8 - f->field.shift;
		le = ld->offset * 8 + lw;
		d = le - fe;		/* field bit j is load bit j + d */
		window = v_shift(imp_val_ones(fw), -d);
		window = (struct ir_val){ window.hi & imp_val_ones(lw).hi,
					  window.lo & imp_val_ones(lw).lo };
		if (v_zero(m) || !v_subset(m, window))
			continue;
		snprintf(sel->name, sizeof(sel->name), "%s %s", proto, names[i]);
		return classify(c, f, v_shift(m, d), v_shift(v, d), sel);
	}
	if (!proto && ld->base == NFT_PAYLOAD_NETWORK_HEADER)
		return imp_fail(c, "raw payload @nh,%u,%u without a `meta nfproto` "
				"match before it has no cgnft equivalent",
				ld->offset * 8, lw);
	return imp_fail(c, "raw payload @%s,%u,%u has no cgnft equivalent",
			ld->base == NFT_PAYLOAD_NETWORK_HEADER ? "nh" : "th",
			ld->offset * 8, lw);
}

int imp_split_fields(const struct imp_load *ld, struct ir_val v,
		     struct imp_sel *sels, int max)
{
	const char *const *names;
	const char *proto = NULL;
	uint32_t cur = ld->offset, end = ld->offset + ld->len;
	int n = 0;

	if (ld->meta || (ld->base != NFT_PAYLOAD_NETWORK_HEADER &&
			 ld->base != NFT_PAYLOAD_TRANSPORT_HEADER) || ld->len > 16)
		return 0;
	names = header_names(ld, &proto);
	if (!names || !proto)
		return 0;
	while (cur < end) {
		const struct fe_field *pick = NULL;
		const char *pname = NULL;

		for (int i = 0; names[i]; i++) {
			const struct fe_field *f = fe_field_find(proto, names[i]);

			if (f && f->field.offset == cur && !f->field.shift &&
			    f->bits == (int)f->field.len * 8 && cur + f->field.len <= end &&
			    (!pick || f->field.len > pick->field.len)) {
				pick = f;
				pname = names[i];
			}
		}
		if (!pick || n == max)
			return 0;
		/* a field that is the whole load is no split */
		if (pick->field.len == ld->len)
			return 0;
		memset(&sels[n], 0, sizeof(sels[n]));
		sels[n].f = pick;
		snprintf(sels[n].name, sizeof(sels[n].name), "%s %s", proto, pname);
		sels[n].how = IMP_SEL_EXACT;
		sels[n].mask = imp_val_ones(pick->bits);
		sels[n].value = v_shr(v, (end - cur - pick->field.len) * 8);
		sels[n].value.hi &= sels[n].mask.hi;
		sels[n].value.lo &= sels[n].mask.lo;
		cur += pick->field.len;
		n++;
	}
	return n;
}
