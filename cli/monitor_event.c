// SPDX-License-Identifier: GPL-2.0
/*
 * One log event as `cgnft monitor` prints it: the packet's headers in the
 * words of the kernel's nf_log (`IN= OUT= SRC= DST= LEN= ... PROTO=TCP
 * SPT= DPT= ...`), then what cgnft knows besides: the rule's table, chain
 * and file:line, and the socket's cgroup; or the same as one JSON object.
 * The site comes from the sites file the last apply wrote (re-read when
 * an event names a generation it does not hold); a cgroup id becomes a
 * path by finding the directory of that inode under the cgroup2 mount.
 */
#include <arpa/inet.h>
#include <ftw.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/monitor.h"
#include "frontend/eval_log.h"
#include "ir/fileio.h"
#include "ir/json.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"
#include "runtime/log_ring.h"

struct site {
	char *table, *chain, *file, *prefix;
	int line, level, group;
	unsigned flags;
};

struct cg_path {
	uint64_t id;
	char *path;
};

struct monitor_sites {
	uint32_t gen;
	bool have;
	struct site *v;
	size_t n;
	struct cg_path *cg;
	size_t ncg;
};

static void sites_clear(struct monitor_sites *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->v[i].table);
		free(m->v[i].chain);
		free(m->v[i].file);
		free(m->v[i].prefix);
	}
	free(m->v);
	m->v = NULL;
	m->n = 0;
	m->have = false;
}

/* The sites file of the last apply (runtime/log_ring.h). */
static void sites_read(struct monitor_sites *m)
{
	char *text = read_path(CG_LOG_SITES_FILE), *line, *nl;

	sites_clear(m);
	if (!text || sscanf(text, "gen %" SCNx32, &m->gen) != 1) {
		free(text);
		return;
	}
	m->have = true;
	for (line = strchr(text, '\n'); line && *++line; line = nl) {
		char *f[9];
		int k = 0;

		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		for (char *p = line; k < 9; k++) {
			f[k] = p;
			p = k < 8 ? strchr(p, '\t') : NULL;
			if (!p)
				break;
			*p++ = 0;
		}
		if (k < 8)
			break;
		m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
		m->v[m->n++] = (struct site){ xstrdup(f[1]), xstrdup(f[2]), xstrdup(f[3]),
					      xstrdup(f[8]), atoi(f[4]), atoi(f[5]), atoi(f[7]),
					      (unsigned)atoi(f[6]) };
		if (!nl)
			break;
	}
	free(text);
}

struct monitor_sites *monitor_sites_new(void)
{
	struct monitor_sites *m = xzalloc(sizeof(*m));

	sites_read(m);
	return m;
}

void monitor_sites_free(struct monitor_sites *m)
{
	sites_clear(m);
	for (size_t i = 0; i < m->ncg; i++)
		free(m->cg[i].path);
	free(m->cg);
	free(m);
}

static const struct site *site_of(struct monitor_sites *m, const struct cgnft_log_event *ev)
{
	if (!m->have || m->gen != ev->gen)
		sites_read(m);	/* an apply since: its sites */
	if (!m->have || m->gen != ev->gen || ev->site >= m->n)
		return NULL;
	return &m->v[ev->site];
}

static uint64_t want_ino;
static char *found_path;

static int find_ino(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D && st->st_ino == want_ino) {
		found_path = xstrdup(path);
		return 1;
	}
	return 0;
}

/* "/a/b" under the cgroup2 mount, or NULL. */
static const char *cgroup_path(struct monitor_sites *m, uint64_t id)
{
	const char *mnt = cgroup2_mount();
	char *rel = NULL;

	for (size_t i = 0; i < m->ncg; i++)
		if (m->cg[i].id == id)
			return m->cg[i].path;
	if (!mnt)
		return NULL;
	want_ino = id;
	found_path = NULL;
	nftw(mnt, find_ino, 32, FTW_PHYS | FTW_MOUNT);
	if (found_path) {
		const char *p = found_path + strlen(mnt);

		rel = xstrdup(*p ? p : "/");
		free(found_path);
	}
	/* not found: the cgroup is gone (ids are not reused), remembered as
	 * such so that a flood from it does not walk the tree each time */
	m->cg = xrealloc(m->cg, (m->ncg + 1) * sizeof(*m->cg));
	m->cg[m->ncg++] = (struct cg_path){ id, rel };
	return rel;
}

/* The packet's headers, decoded as far as the captured bytes go. */
struct pkt {
	int family;		/* 4, 6, 0: unknown */
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	unsigned len, tos, ttl, id, frag, flowlbl;
	bool df, mf, ce;
	int proto;		/* -1: unknown */
	bool l4;		/* the transport header is in the capture */
	unsigned sport, dport, ulen, type, code, echo_id, echo_seq, window, urgp, res;
	uint32_t seq, ack;
	uint8_t tcp_flags;
};

static unsigned be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void decode_l4(struct pkt *k, const uint8_t *d, unsigned off, unsigned cap)
{
	if (k->proto == IPPROTO_TCP && off + 20 <= cap) {
		k->sport = be16(d + off);
		k->dport = be16(d + off + 2);
		k->seq = be32(d + off + 4);
		k->ack = be32(d + off + 8);
		k->res = d[off + 12] & 0x0f;
		k->tcp_flags = d[off + 13];
		k->window = be16(d + off + 14);
		k->urgp = be16(d + off + 18);
		k->l4 = true;
	} else if ((k->proto == IPPROTO_UDP || k->proto == IPPROTO_UDPLITE) && off + 8 <= cap) {
		k->sport = be16(d + off);
		k->dport = be16(d + off + 2);
		k->ulen = be16(d + off + 4);
		k->l4 = true;
	} else if ((k->proto == IPPROTO_ICMP || k->proto == IPPROTO_ICMPV6) && off + 8 <= cap) {
		k->type = d[off];
		k->code = d[off + 1];
		k->echo_id = be16(d + off + 4);
		k->echo_seq = be16(d + off + 6);
		k->l4 = true;
	} else if (k->proto == IPPROTO_SCTP && off + 4 <= cap) {
		k->sport = be16(d + off);
		k->dport = be16(d + off + 2);
		k->l4 = true;
	}
}

static void decode(const struct cgnft_log_event *ev, struct pkt *k)
{
	const uint8_t *d = ev->data;
	unsigned cap = ev->caplen < CG_LOG_BYTES ? ev->caplen : CG_LOG_BYTES;
	unsigned proto = ntohs((uint16_t)ev->protocol);

	memset(k, 0, sizeof(*k));
	k->proto = -1;
	if (proto == 0x0800 && cap >= 20 && d[0] >> 4 == 4) {
		unsigned ihl = (d[0] & 15) * 4, frag = be16(d + 6);

		k->family = 4;
		inet_ntop(AF_INET, d + 12, k->src, sizeof(k->src));
		inet_ntop(AF_INET, d + 16, k->dst, sizeof(k->dst));
		k->tos = d[1];
		k->len = be16(d + 2);
		k->id = be16(d + 4);
		k->ce = frag & 0x8000;
		k->df = frag & 0x4000;
		k->mf = frag & 0x2000;
		k->frag = frag & 0x1fff;
		k->ttl = d[8];
		k->proto = d[9];
		if (!k->frag)
			decode_l4(k, d, ihl, cap);
	} else if (proto == 0x86dd && cap >= 40 && d[0] >> 4 == 6) {
		unsigned off = 40, nh = d[6];

		k->family = 6;
		inet_ntop(AF_INET6, d + 8, k->src, sizeof(k->src));
		inet_ntop(AF_INET6, d + 24, k->dst, sizeof(k->dst));
		k->tos = (d[0] & 15) << 4 | d[1] >> 4;
		k->flowlbl = (d[1] & 15) << 16 | be16(d + 2);
		k->len = be16(d + 4) + 40;
		k->ttl = d[7];
		/* hop-by-hop, routing, destination options, fragment */
		while ((nh == 0 || nh == 43 || nh == 60 || nh == 44) && off + 8 <= cap) {
			unsigned next = d[off];

			if (nh == 44) {
				k->frag = be16(d + off + 2) >> 3;
				off += 8;
			} else {
				off += (d[off + 1] + 1) * 8;
			}
			nh = next;
		}
		k->proto = (int)nh;
		if (!k->frag)
			decode_l4(k, d, off, cap);
	}
}

static const char *proto_name(int p)
{
	switch (p) {
	case IPPROTO_TCP: return "TCP";
	case IPPROTO_UDP: return "UDP";
	case IPPROTO_UDPLITE: return "UDPLITE";
	case IPPROTO_ICMP: return "ICMP";
	case IPPROTO_ICMPV6: return "ICMPv6";
	case IPPROTO_SCTP: return "SCTP";
	default: return NULL;
	}
}

static void ifname(uint32_t ifindex, char *buf)
{
	if (!ifindex || !if_indextoname(ifindex, buf))
		snprintf(buf, IF_NAMESIZE, ifindex ? "if%u" : "", ifindex);
}

static void print_text(const struct cgnft_log_event *ev, const struct site *s,
		       const char *cg, const struct pkt *k, FILE *out)
{
	static const char *const tcpf[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE",
					    "CWR" };
	char dev[IF_NAMESIZE + 8];
	unsigned flags = s ? s->flags : 0;

	ifname(ev->ifindex, dev);
	fprintf(out, "%sIN=%s OUT=%s ", s ? s->prefix : "",
		ev->hook == IR_HOOK_INGRESS ? dev : "", ev->hook == IR_HOOK_EGRESS ? dev : "");
	if (k->family == 4)
		fprintf(out, "SRC=%s DST=%s LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u ID=%u %s%s%s",
			k->src, k->dst, k->len, k->tos & 0x1e, k->tos & 0xe0, k->ttl, k->id,
			k->ce ? "CE " : "", k->df ? "DF " : "", k->mf ? "MF " : "");
	else if (k->family == 6)
		fprintf(out, "SRC=%s DST=%s LEN=%u TC=%u HOPLIMIT=%u FLOWLBL=%u ", k->src, k->dst,
			k->len, k->tos, k->ttl, k->flowlbl);
	else
		fprintf(out, "LEN=%u PROTOCOL=0x%04x ", ev->len, ntohs((uint16_t)ev->protocol));
	if (k->frag)
		fprintf(out, "FRAG:%u ", k->frag);
	if (k->proto >= 0) {
		if (proto_name(k->proto))
			fprintf(out, "PROTO=%s ", proto_name(k->proto));
		else
			fprintf(out, "PROTO=%d ", k->proto);
	}
	if (k->l4 && k->proto == IPPROTO_TCP) {
		fprintf(out, "SPT=%u DPT=%u ", k->sport, k->dport);
		if (flags & IR_LOG_TCPSEQ)
			fprintf(out, "SEQ=%u ACK=%u ", k->seq, k->ack);
		fprintf(out, "WINDOW=%u RES=0x%02x ", k->window, k->res);
		for (int b = 7; b >= 0; b--)
			if (k->tcp_flags & (1 << b))
				fprintf(out, "%s ", tcpf[b]);
		fprintf(out, "URGP=%u ", k->urgp);
	} else if (k->l4 && (k->proto == IPPROTO_UDP || k->proto == IPPROTO_UDPLITE)) {
		fprintf(out, "SPT=%u DPT=%u LEN=%u ", k->sport, k->dport, k->ulen);
	} else if (k->l4 && k->proto == IPPROTO_SCTP) {
		fprintf(out, "SPT=%u DPT=%u ", k->sport, k->dport);
	} else if (k->l4) {
		fprintf(out, "TYPE=%u CODE=%u ", k->type, k->code);
		if ((k->proto == IPPROTO_ICMP && (k->type == 0 || k->type == 8)) ||
		    (k->proto == IPPROTO_ICMPV6 && (k->type == 128 || k->type == 129)))
			fprintf(out, "ID=%u SEQ=%u ", k->echo_id, k->echo_seq);
	}
	if (flags & IR_LOG_UID)
		fprintf(out, "UID=%u ", ev->uid);
	if (ev->mark)
		fprintf(out, "MARK=0x%x ", ev->mark);
	if (s)
		fprintf(out, "TABLE=%s CHAIN=%s RULE=%s:%d ", s->table, s->chain, s->file, s->line);
	else
		fprintf(out, "SITE=%u ", ev->site);
	if (cg)
		fprintf(out, "CGROUP=%s\n", cg);
	else
		fprintf(out, "CGROUP=%" PRIu64 "\n", ev->cgroup_id);
}

static void json_field(FILE *out, const char *key, const char *s)
{
	fprintf(out, ",\"%s\":", key);
	json_quote(out, s);
}

static void print_json(const struct cgnft_log_event *ev, const struct site *s,
		       const char *cg, const struct pkt *k, uint64_t wall_ns, FILE *out)
{
	char dev[IF_NAMESIZE + 8], rule[4200];

	fprintf(out, "{\"time_ns\":%" PRIu64, wall_ns);
	if (s) {
		json_field(out, "table", s->table);
		json_field(out, "chain", s->chain);
		snprintf(rule, sizeof(rule), "%s:%d", s->file, s->line);
		json_field(out, "rule", rule);
		json_field(out, "prefix", s->prefix);
		json_field(out, "level", ev_log_level_name(s->level));
		if (s->group >= 0)
			fprintf(out, ",\"group\":%d", s->group);
	} else {
		fprintf(out, ",\"site\":%u", ev->site);
	}
	json_field(out, "hook", ir_hook_name((enum ir_hook)ev->hook));
	if (cg)
		json_field(out, "cgroup", cg);
	fprintf(out, ",\"cgroup_id\":%" PRIu64 ",\"uid\":%u,\"len\":%u,\"mark\":%u", ev->cgroup_id,
		ev->uid, ev->len, ev->mark);
	ifname(ev->ifindex, dev);
	json_field(out, ev->hook == IR_HOOK_INGRESS ? "iif" : "oif", dev);
	if (k->family) {
		json_field(out, "family", k->family == 4 ? "ip" : "ip6");
		json_field(out, "saddr", k->src);
		json_field(out, "daddr", k->dst);
		fprintf(out, ",\"%s\":%u", k->family == 4 ? "ttl" : "hoplimit", k->ttl);
	}
	if (k->proto >= 0) {
		char p[16];

		snprintf(p, sizeof(p), "%d", k->proto);
		json_field(out, "l4proto", proto_name(k->proto) ? proto_name(k->proto) : p);
	}
	if (k->l4 && (k->proto == IPPROTO_ICMP || k->proto == IPPROTO_ICMPV6))
		fprintf(out, ",\"type\":%u,\"code\":%u", k->type, k->code);
	else if (k->l4)
		fprintf(out, ",\"sport\":%u,\"dport\":%u", k->sport, k->dport);
	if (k->l4 && k->proto == IPPROTO_TCP)
		fprintf(out, ",\"tcp_flags\":%u,\"seq\":%u,\"ack\":%u", k->tcp_flags, k->seq, k->ack);
	fputs("}\n", out);
}

void monitor_print(struct monitor_sites *m, const struct cgnft_log_event *ev, bool json,
		   uint64_t wall_ns, FILE *out)
{
	const struct site *s = site_of(m, ev);
	const char *cg = cgroup_path(m, ev->cgroup_id);
	struct pkt k;

	decode(ev, &k);
	if (json)
		print_json(ev, s, cg, &k, wall_ns, out);
	else
		print_text(ev, s, cg, &k, out);
}
