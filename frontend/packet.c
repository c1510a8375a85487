// SPDX-License-Identifier: GPL-2.0
/*
 * Packet descriptions -> packet bytes.  Two passes: first every word is
 * read and checked (family, protocol, field values), then the packet is
 * laid out with defaults, the user's field values are written over them,
 * and the checksums the user did not set are computed last, so lengths and
 * checksums stay consistent unless a value was given on purpose.
 */
#include <ctype.h>
#include <net/if.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/diag.h"
#include "frontend/fields.h"
#include "frontend/packet.h"
#include "frontend/types.h"

const char PKT_DESC_HELP[] =
"Packet descriptions are nft-like `PROTO FIELD VALUE` words, e.g.\n"
"  'ip saddr 10.0.0.1 tcp dport 22 tcp flags syn,ack'\n"
"Fields: ip, ip6, tcp, udp, icmp, icmpv6, th (sport/dport of any transport)\n"
"with nft's field names and symbolic values; meta mark N and meta\n"
"priority N set the skb fields, meta iif / oif / iifname / oifname\n"
"NAME|INDEX its device (an interface of this host; default: lo); meta\n"
"skuid, skgid and cgroup cannot be set (the kernel's test run gives the\n"
"packet a dummy socket of uid 0); meta l4proto, meta nfproto and\n"
"meta protocol choose the protocol and family (meta length is implied).\n"
"The family is IPv6 when any ip6, icmpv6 or frag word is given, else IPv4.\n"
"The transport protocol comes from meta l4proto, the transport fields, or\n"
"ip protocol / ip6 nexthdr (e.g. `ip protocol gre`), else TCP.\n"
"Defaults: addresses 192.0.2.1 -> 192.0.2.2 (2001:db8::1 -> 2001:db8::2),\n"
"ttl/hoplimit 64, ports 40000 -> 80, tcp flags ack, icmp echo-request.\n"
"Lengths and checksums are computed unless given (`ip length 9999`).\n"
"Corner cases:\n"
"  ip options N          N bytes of IPv4 options (NOPs, a multiple of 4)\n"
"  ip frag-off V         the raw 16-bit field: 0x2000 first fragment,\n"
"                        185 a non-first one\n"
"  ip6 exthdr a,b,...    IPv6 extension headers in order: hbh, dst, rt,\n"
"                        frag, ah\n"
"  frag frag-off N       IPv6 fragment offset (8-byte units); also\n"
"  frag more-fragments 0|1, frag id N (adds a frag header if missing)\n"
"  payload N             N zero bytes after the transport header\n"
"  payload-hex HEX       these bytes after the transport header\n"
"  truncate N            keep only the first N bytes of the IP packet;\n"
"                        lengths still describe the whole packet\n";

#define MAX_TOKS 256
#define MAX_WRITES 64
#define MAX_EXT 8

struct tok {
	char text[128];
	struct fe_loc loc;
};

struct write {
	const struct fe_field *f;
	struct ir_val v;
};

enum ext { EXT_HBH, EXT_DST, EXT_RT, EXT_FRAG, EXT_AH };

static const struct {
	const char *name;
	uint8_t proto;
} ext_names[] = {
	[EXT_HBH] = { "hbh", 0 }, [EXT_DST] = { "dst", 60 },
	[EXT_RT] = { "rt", 43 }, [EXT_FRAG] = { "frag", 44 },
	[EXT_AH] = { "ah", 51 },
};

struct desc {
	struct fe_diag d;
	struct tok toks[MAX_TOKS];
	int ntoks;
	int family;			/* 0 not yet chosen, 4 or 6 */
	const struct tok *family_by;
	int l4;				/* -1 not yet chosen */
	const struct tok *l4_by;
	int raw_proto;			/* ip protocol / ip6 nexthdr given, or -1 */
	struct write net[MAX_WRITES], th[MAX_WRITES];
	int nnet, nth;
	bool ip_csum_set, th_csum_set;
	int ip_options;
	enum ext ext[MAX_EXT];
	int next;
	uint16_t frag_off;
	bool frag_more;
	uint32_t frag_id;
	bool frag_fields;
	long truncate;			/* -1: none */
	uint8_t payload[PKT_MAX];
	size_t payload_len;
	uint32_t mark, priority;
	uint32_t ifindex;		/* meta iif/oif...: the skb's device */
};

/* ---- words ---- */

static bool tokenize(struct desc *ds, const char *name, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *start;
		struct tok *t;
		size_t len;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		len = p - start;
		if (ds->ntoks == MAX_TOKS) {
			fprintf(ds->d.out, "%s: Error: the packet description has more than %d words\n",
				name, MAX_TOKS);
			return false;
		}
		t = &ds->toks[ds->ntoks++];
		t->loc = (struct fe_loc){ .file = name, .line = 1,
					  .first_col = start - text + 1,
					  .last_col = p - text, .line_text = text };
		if (len >= sizeof(t->text)) {
			fe_error(&ds->d, &t->loc, "word too long");
			return false;
		}
		memcpy(t->text, start, len);
		t->text[len] = '\0';
	}
	return true;
}

/* The word after toks[i], or an error pointing just past toks[i]. */
static const struct tok *next_word(struct desc *ds, int i, const char *what)
{
	struct fe_loc loc;

	if (i + 1 < ds->ntoks)
		return &ds->toks[i + 1];
	loc = ds->toks[i].loc;
	loc.first_col = loc.last_col = loc.last_col + 1;
	fe_error(&ds->d, &loc, "%s expected after '%s'", what, ds->toks[i].text);
	return NULL;
}

static bool parse_num(struct desc *ds, const struct tok *t, uint64_t max,
		      uint64_t *v)
{
	if (fe_parse_u64(t->text, v) && *v <= max)
		return true;
	fe_error(&ds->d, &t->loc, "'%s' is not a number from 0 to %llu", t->text,
		 (unsigned long long)max);
	return false;
}

/* A single value of the field's type (no ranges, prefixes or sets). */
static bool parse_single(struct desc *ds, const struct tok *t,
			 const struct fe_field *f, struct ir_val *v)
{
	struct ir_val hi;

	if (f->type == FE_T_TCP_FLAGS) {
		/* syn,ack or syn|ack: the flags OR'ed */
		char buf[sizeof(t->text)], *save, *w;
		uint64_t all = 0;

		strcpy(buf, t->text);
		for (w = strtok_r(buf, ",|", &save); w; w = strtok_r(NULL, ",|", &save)) {
			if (!fe_parse_value(&ds->d, &t->loc, w, f->type, f->bits, v, &hi))
				return false;
			all |= v->lo;
		}
		*v = (struct ir_val){ 0, all };
		return true;
	}
	if (!fe_parse_value(&ds->d, &t->loc, t->text, f->type, f->bits, v, &hi))
		return false;
	if (v->lo != hi.lo || v->hi != hi.hi) {
		fe_error(&ds->d, &t->loc, "a packet field takes one value, not a range or prefix");
		return false;
	}
	return true;
}

/* ---- family and protocol choices, with conflicts reported ---- */

static bool want_family(struct desc *ds, int family, const struct tok *by)
{
	if (ds->family && ds->family != family) {
		fe_error(&ds->d, &by->loc, "'%s' needs IPv%d, but '%s' at column %d chose IPv%d",
			 by->text, family, ds->family_by->text,
			 ds->family_by->loc.first_col, ds->family);
		return false;
	}
	ds->family = family;
	if (!ds->family_by)
		ds->family_by = by;
	return true;
}

static bool want_l4(struct desc *ds, int l4, const struct tok *by)
{
	if (ds->l4 >= 0 && ds->l4 != l4) {
		fe_error(&ds->d, &by->loc, "'%s' needs protocol %d, but '%s' at column %d chose %d",
			 by->text, l4, ds->l4_by->text, ds->l4_by->loc.first_col,
			 ds->l4);
		return false;
	}
	ds->l4 = l4;
	if (!ds->l4_by)
		ds->l4_by = by;
	return true;
}

/* ---- one `PROTO FIELD VALUE` item; returns the words used, 0 on error ---- */

static int parse_exthdrs(struct desc *ds, const struct tok *t)
{
	char buf[sizeof(t->text)], *save, *w;

	strcpy(buf, t->text);
	for (w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t k;

		for (k = 0; k < sizeof(ext_names) / sizeof(ext_names[0]); k++)
			if (!strcmp(w, ext_names[k].name))
				break;
		if (k == sizeof(ext_names) / sizeof(ext_names[0])) {
			fe_error(&ds->d, &t->loc, "unknown extension header '%s' "
				 "(hbh, dst, rt, frag, ah)", w);
			return 0;
		}
		if (ds->next == MAX_EXT) {
			fe_error(&ds->d, &t->loc, "more than %d extension headers", MAX_EXT);
			return 0;
		}
		ds->ext[ds->next++] = k;
	}
	return 3;
}

static int parse_frag(struct desc *ds, int i, const struct tok *field,
		      const struct tok *val)
{
	uint64_t v;

	if (!want_family(ds, 6, &ds->toks[i]))
		return 0;
	ds->frag_fields = true;
	if (!strcmp(field->text, "frag-off")) {
		if (!parse_num(ds, val, 0x1fff, &v))
			return 0;
		ds->frag_off = v;
	} else if (!strcmp(field->text, "more-fragments")) {
		if (!parse_num(ds, val, 1, &v))
			return 0;
		ds->frag_more = v;
	} else if (!strcmp(field->text, "id")) {
		if (!parse_num(ds, val, 0xffffffff, &v))
			return 0;
		ds->frag_id = v;
	} else {
		fe_error(&ds->d, &field->loc, "unknown frag field '%s' "
			 "(frag-off, more-fragments, id)", field->text);
		return 0;
	}
	return 3;
}

static bool is_iface_word(const char *w)
{
	return !strcmp(w, "iif") || !strcmp(w, "oif") ||
	       !strcmp(w, "iifname") || !strcmp(w, "oifname");
}

/* The skb's device (BPF_PROG_TEST_RUN's __sk_buff.ifindex): by number or
 * by the name of an interface of this host's network namespace, now. */
static int parse_iface(struct desc *ds, const struct tok *val, int used)
{
	char name[IF_NAMESIZE + 2], *end;
	unsigned long n = strtoul(val->text, &end, 10);
	size_t len = strlen(val->text);

	if (*val->text && !*end) {
		if (!n || n > UINT32_MAX) {
			fe_error(&ds->d, &val->loc, "interface index %s is out of range", val->text);
			return 0;
		}
		ds->ifindex = (uint32_t)n;
		return used;
	}
	const char *from = val->text;

	if (len >= 2 && val->text[0] == '"' && val->text[len - 1] == '"') {
		from++;
		len -= 2;
	}
	if (len >= IF_NAMESIZE) {
		fe_error(&ds->d, &val->loc, "an interface name has at most %d characters",
			 IF_NAMESIZE - 1);
		return 0;
	}
	memcpy(name, from, len);
	name[len] = '\0';
	ds->ifindex = if_nametoindex(name);
	if (!ds->ifindex) {
		fe_error(&ds->d, &val->loc, "no interface named '%s' here: the test "
			 "packet's device must exist (give its index instead)", name);
		return 0;
	}
	return used;
}

static int parse_meta(struct desc *ds, const struct tok *field,
		      const struct tok *val, int used)
{
	const struct fe_field *f = fe_field_find("meta", field->text);
	struct ir_val v;

	if (is_iface_word(field->text))
		return parse_iface(ds, val, used);
	if (!f) {
		fe_error(&ds->d, &field->loc, "unknown meta key '%s'", field->text);
		return 0;
	}
	if (f->field.key == IR_META_LEN) {
		fe_error(&ds->d, &field->loc, "meta length is the packet's size; "
			 "use payload N or truncate N");
		return 0;
	}
	if (f->field.key == IR_META_SKUID || f->field.key == IR_META_SKGID ||
	    f->field.key == IR_META_CGROUP) {
		fe_error(&ds->d, &field->loc, "%s cannot be set: BPF_PROG_TEST_RUN "
			 "runs the packet with a dummy socket of its own (uid 0, gid 0, "
			 "the root cgroup); only the skb's mark, priority and device "
			 "can be given", field->text);
		return 0;
	}
	if (!parse_single(ds, val, f, &v))
		return 0;
	switch (f->field.key) {
	case IR_META_MARK:
		ds->mark = v.lo;
		return used;
	case IR_META_PRIORITY:
		ds->priority = v.lo;
		return used;
	case IR_META_L4PROTO:
		return want_l4(ds, v.lo, val) ? used : 0;
	case IR_META_NFPROTO:
	case IR_META_PROTOCOL:
		if (v.lo == 2 || v.lo == 0x0800)
			return want_family(ds, 4, val) ? used : 0;
		if (v.lo == 10 || v.lo == 0x86dd)
			return want_family(ds, 6, val) ? used : 0;
		fe_error(&ds->d, &val->loc, "test packets are IPv4 or IPv6");
		return 0;
	}
	return 0;
}

static int parse_field(struct desc *ds, int i, const struct tok *field,
		       const struct tok *val)
{
	const struct tok *proto = &ds->toks[i];
	const struct fe_field *f = fe_field_find(proto->text, field->text);
	struct write *w;

	if (!f) {
		fe_error(&ds->d, &field->loc, "%s has no field '%s'", proto->text,
			 field->text);
		return 0;
	}
	if (f->dep_nfproto && !want_family(ds, f->dep_nfproto == 10 ? 6 : 4, proto))
		return 0;
	if (f->dep_l4proto >= 0 && !want_l4(ds, f->dep_l4proto, proto))
		return 0;
	if (f->field.base == IR_BASE_NETWORK) {
		if (ds->nnet == MAX_WRITES)
			goto too_many;
		w = &ds->net[ds->nnet++];
	} else {
		if (ds->nth == MAX_WRITES)
			goto too_many;
		w = &ds->th[ds->nth++];
	}
	w->f = f;
	if (!parse_single(ds, val, f, &w->v))
		return 0;
	if (!strcmp(f->name, "checksum"))
		*(f->field.base == IR_BASE_NETWORK ? &ds->ip_csum_set : &ds->th_csum_set) = true;
	if (!strcmp(f->name, "protocol") || !strcmp(f->name, "nexthdr"))
		ds->raw_proto = w->v.lo;
	return 3;
too_many:
	fe_error(&ds->d, &proto->loc, "too many fields");
	return 0;
}

static int parse_payload_hex(struct desc *ds, const struct tok *t)
{
	const char *p = t->text;

	if (!strncmp(p, "0x", 2))
		p += 2;
	for (; p[0]; p += 2) {
		unsigned int byte;

		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) ||
		    sscanf(p, "%2x", &byte) != 1) {
			fe_error(&ds->d, &t->loc, "'%s' is not an even number of hex digits",
				 t->text);
			return 0;
		}
		if (ds->payload_len == PKT_MAX)
			goto big;
		ds->payload[ds->payload_len++] = byte;
	}
	return 2;
big:
	fe_error(&ds->d, &t->loc, "payload larger than %d bytes", PKT_MAX);
	return 0;
}

static int parse_item(struct desc *ds, int i)
{
	const struct tok *kw = &ds->toks[i], *field, *val;
	uint64_t v;

	if (!strcmp(kw->text, "truncate") || !strcmp(kw->text, "payload") ||
	    !strcmp(kw->text, "payload-hex")) {
		val = next_word(ds, i, "a value");
		if (!val)
			return 0;
		if (!strcmp(kw->text, "payload-hex"))
			return parse_payload_hex(ds, val);
		if (!parse_num(ds, val, PKT_MAX, &v))
			return 0;
		if (kw->text[0] == 't') {
			ds->truncate = v;
		} else {
			if (ds->payload_len + v > PKT_MAX) {
				fe_error(&ds->d, &val->loc, "payload larger than %d bytes",
					 PKT_MAX);
				return 0;
			}
			memset(ds->payload + ds->payload_len, 0, v);
			ds->payload_len += v;
		}
		return 2;
	}
	/* bare meta keys, as nft allows: mark 7, l4proto udp */
	if (fe_field_bare_meta(kw->text) || is_iface_word(kw->text)) {
		val = next_word(ds, i, "a value");
		return val ? parse_meta(ds, kw, val, 2) : 0;
	}
	if (!fe_field_is_proto(kw->text) && strcmp(kw->text, "frag")) {
		fe_error(&ds->d, &kw->loc, "unknown word '%s': expected ip, ip6, tcp, udp, "
			 "icmp, icmpv6, th, frag, meta, payload, payload-hex or truncate",
			 kw->text);
		return 0;
	}
	field = next_word(ds, i, "a field name");
	if (!field)
		return 0;
	val = next_word(ds, i + 1, "a value");
	if (!val)
		return 0;
	if (!strcmp(kw->text, "meta"))
		return parse_meta(ds, field, val, 3);
	if (!strcmp(kw->text, "frag"))
		return parse_frag(ds, i, field, val);
	if (!strcmp(kw->text, "ip") && !strcmp(field->text, "options")) {
		if (!want_family(ds, 4, kw) || !parse_num(ds, val, 40, &v))
			return 0;
		if (v % 4) {
			fe_error(&ds->d, &val->loc, "IPv4 options come in 4-byte words");
			return 0;
		}
		ds->ip_options = v;
		return 3;
	}
	if (!strcmp(kw->text, "ip6") && !strcmp(field->text, "exthdr"))
		return want_family(ds, 6, kw) ? parse_exthdrs(ds, val) : 0;
	return parse_field(ds, i, field, val);
}

/* ---- bytes ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

/* Write v into the field at `at`, as nft would load it: big-endian `len`
 * bytes, shifted and masked. */
static void write_field(uint8_t *at, const struct ir_field *f, struct ir_val v)
{
	uint64_t cur = 0, m = f->mask << f->shift;

	if (f->len == 16) {
		for (int i = 0; i < 8; i++) {
			at[i] = v.hi >> (56 - 8 * i);
			at[8 + i] = v.lo >> (56 - 8 * i);
		}
		return;
	}
	for (int i = 0; i < f->len; i++)
		cur = cur << 8 | at[i];
	cur = (cur & ~m) | ((v.lo << f->shift) & m);
	for (int i = f->len - 1; i >= 0; i--, cur >>= 8)
		at[i] = cur;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static size_t default_th_len(int l4)
{
	switch (l4) {
	case 6: return 20;
	case 17: case 1: case 58: return 8;
	default: return 0;
	}
}

static void fill_transport(uint8_t *th, int l4)
{
	switch (l4) {
	case 6:
		put16(th, 40000);
		put16(th + 2, 80);
		put32(th + 4, 1);
		th[12] = 5 << 4;
		th[13] = 0x10;		/* ack */
		put16(th + 14, 65535);
		break;
	case 17:
		put16(th, 40000);
		put16(th + 2, 80);
		break;
	case 1:
	case 58:
		th[0] = l4 == 1 ? 8 : 128;	/* echo-request */
		put16(th + 4, 1);
		put16(th + 6, 1);
		break;
	}
}

/* Extension headers: each 8 bytes (AH 16), chained by their first byte. */
static size_t ext_len(enum ext e)
{
	return e == EXT_AH ? 16 : 8;
}

static void fill_ext(const struct desc *ds, uint8_t *at, enum ext e, uint8_t nexthdr)
{
	at[0] = nexthdr;
	switch (e) {
	case EXT_HBH:
	case EXT_DST:
		at[2] = 1;		/* PadN over the remaining 6 bytes */
		at[3] = 4;
		break;
	case EXT_RT:
		break;			/* type 0, no segments left */
	case EXT_FRAG:
		put16(at + 2, ds->frag_off << 3 | ds->frag_more);
		put32(at + 4, ds->frag_id);
		break;
	case EXT_AH:
		at[1] = 16 / 4 - 2;	/* AH counts 4-byte words, minus 2 */
		put32(at + 4, 1);	/* SPI */
		break;
	}
}

static void transport_checksum(struct desc *ds, struct pkt *p, size_t l3len,
			       uint8_t *th, size_t l4len)
{
	int off = ds->l4 == 6 ? 16 : ds->l4 == 17 ? 6 : 2;
	uint32_t sum = 0;

	if ((ds->l4 != 6 && ds->l4 != 17 && ds->l4 != 1 && ds->l4 != 58) ||
	    ds->th_csum_set || (size_t)off + 2 > l4len)
		return;
	put16(th + off, 0);
	if (ds->l4 != 1) {	/* pseudo header: addresses, protocol, length */
		if (p->ipv6)
			sum = csum_add(sum, p->data + 8, 32);
		else
			sum = csum_add(sum, p->data + 12, 8);
		sum += ds->l4 + (l4len & 0xffff) + (l4len >> 16);
	}
	sum = csum_add(sum, th, l4len);
	put16(th + off, csum_fold(sum) ?: (ds->l4 == 17 ? 0xffff : 0));
	(void)l3len;
}

static bool build(struct desc *ds, struct pkt *p)
{
	size_t l3len, thlen, total, off;
	uint8_t *th;

	if (!ds->family)
		ds->family = 4;
	if (ds->frag_fields) {
		int k;

		for (k = 0; k < ds->next && ds->ext[k] != EXT_FRAG; k++)
			;
		if (k == ds->next) {
			if (ds->next == MAX_EXT) {
				fprintf(ds->d.out, "Error: no room for the frag header\n");
				return false;
			}
			ds->ext[ds->next++] = EXT_FRAG;
		}
	}
	if (ds->l4 < 0)
		ds->l4 = ds->raw_proto >= 0 && !ds->next ? ds->raw_proto : 6;
	p->ipv6 = ds->family == 6;
	l3len = p->ipv6 ? 40 : 20 + ds->ip_options;
	for (int k = 0; k < ds->next; k++)
		l3len += ext_len(ds->ext[k]);
	thlen = default_th_len(ds->l4);
	for (int k = 0; k < ds->nth; k++) {
		size_t end = ds->th[k].f->field.offset + ds->th[k].f->field.len;

		if (end > thlen)
			thlen = end;
	}
	total = l3len + thlen + ds->payload_len;
	if (total > PKT_MAX) {
		fprintf(ds->d.out, "Error: the packet would be %zu bytes, more than %d\n",
			total, PKT_MAX);
		return false;
	}
	memset(p->data, 0, sizeof(p->data));
	p->len = total;
	p->mark = ds->mark;
	p->priority = ds->priority;
	p->ifindex = ds->ifindex;

	if (p->ipv6) {
		uint8_t nh = ds->next ? ext_names[ds->ext[0]].proto : ds->l4;

		p->data[0] = 0x60;
		put16(p->data + 4, total - 40);
		p->data[6] = nh;
		p->data[7] = 64;
		p->data[8] = 0x20, p->data[9] = 0x01, p->data[10] = 0x0d, p->data[11] = 0xb8;
		p->data[23] = 1;
		p->data[24] = 0x20, p->data[25] = 0x01, p->data[26] = 0x0d, p->data[27] = 0xb8;
		p->data[39] = 2;
		off = 40;
		for (int k = 0; k < ds->next; k++) {
			nh = k + 1 < ds->next ? ext_names[ds->ext[k + 1]].proto : ds->l4;
			fill_ext(ds, p->data + off, ds->ext[k], nh);
			off += ext_len(ds->ext[k]);
		}
	} else {
		p->data[0] = 0x40 | (l3len / 4);
		put16(p->data + 2, total);
		p->data[8] = 64;
		p->data[9] = ds->l4;
		put32(p->data + 12, 0xc0000201);	/* 192.0.2.1 */
		put32(p->data + 16, 0xc0000202);
		memset(p->data + 20, 1, ds->ip_options);	/* NOP */
	}
	th = p->data + l3len;
	fill_transport(th, ds->l4);
	if (ds->l4 == 17)
		put16(th + 4, thlen + ds->payload_len);
	memcpy(th + thlen, ds->payload, ds->payload_len);

	for (int k = 0; k < ds->nnet; k++)
		write_field(p->data + ds->net[k].f->field.offset, &ds->net[k].f->field,
			    ds->net[k].v);
	for (int k = 0; k < ds->nth; k++)
		write_field(th + ds->th[k].f->field.offset, &ds->th[k].f->field,
			    ds->th[k].v);

	transport_checksum(ds, p, l3len, th, thlen + ds->payload_len);
	if (!p->ipv6 && !ds->ip_csum_set) {
		put16(p->data + 10, 0);
		put16(p->data + 10, csum_fold(csum_add(0, p->data, 20 + ds->ip_options)));
	}
	if (ds->truncate >= 0 && (size_t)ds->truncate < p->len)
		p->len = ds->truncate;
	return true;
}

bool pkt_from_desc(const char *name, const char *text, struct pkt *p, FILE *err)
{
	struct desc *ds = calloc(1, sizeof(*ds));
	bool ok = false;

	if (!ds) {
		fprintf(err, "Error: out of memory\n");
		return false;
	}
	ds->d.out = err;
	ds->l4 = ds->raw_proto = -1;
	ds->truncate = -1;
	if (!tokenize(ds, name, text))
		goto out;
	if (!ds->ntoks) {
		fprintf(err, "%s: Error: empty packet description\n", name);
		goto out;
	}
	for (int i = 0; i < ds->ntoks;) {
		int used = parse_item(ds, i);

		if (!used)
			goto out;
		i += used;
	}
	ok = build(ds, p);
out:
	free(ds);
	return ok;
}

bool pkt_from_hex(const char *name, const char *text, struct pkt *p, FILE *err)
{
	struct fe_diag d = { .out = err };
	int nibbles = 0;

	memset(p, 0, sizeof(*p));
	for (const char *c = text; *c; c++) {
		struct fe_loc loc = { .file = name, .line = 1,
				      .first_col = c - text + 1,
				      .last_col = c - text + 1, .line_text = text };
		int v;

		if (isspace((unsigned char)*c) || *c == ':')
			continue;
		if (!isxdigit((unsigned char)*c)) {
			fe_error(&d, &loc, "'%c' is not a hex digit", *c);
			return false;
		}
		if (nibbles / 2 == PKT_MAX) {
			fe_error(&d, &loc, "packet larger than %d bytes", PKT_MAX);
			return false;
		}
		v = isdigit((unsigned char)*c) ? *c - '0' : tolower(*c) - 'a' + 10;
		p->data[nibbles / 2] |= nibbles % 2 ? v : v << 4;
		nibbles++;
	}
	if (nibbles == 0 || nibbles % 2) {
		fprintf(err, "%s: Error: %s\n", name, nibbles ?
			"an odd number of hex digits" : "empty packet");
		return false;
	}
	p->len = nibbles / 2;
	p->ipv6 = p->data[0] >> 4 == 6;
	return true;
}
