// SPDX-License-Identifier: GPL-2.0
/*
 * The dimensions that depend on the hook (meta length, the device, ct) in
 * nft words and in witness packets, for `cgnft diff` (doc/ANALYSIS.md).
 */
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"
#include "frontend/packet.h"

#define U128_MAX (~(rg_u128)0)

/* A device name as text: the bytes before the NUL, others as \xNN. */
static void name_text(rg_u128 v, char *buf)
{
	size_t n = 0;

	for (int i = 15; i >= 0; i--) {
		unsigned c = (unsigned)(v >> (8 * i)) & 255;

		if (!c)
			break;
		n += (size_t)(c >= 0x21 && c < 0x7f && c != '"' && c != '\\' ?
			      sprintf(buf + n, "%c", c) : sprintf(buf + n, "\\x%02x", c));
	}
	buf[n] = 0;
}

/* The value is a real name: nothing after its first NUL. */
static bool name_clean(rg_u128 v)
{
	bool nul = false;

	for (int i = 15; i >= 0; i--) {
		unsigned c = (unsigned)(v >> (8 * i)) & 255;

		if (nul && c)
			return false;
		nul = nul || !c;
	}
	return true;
}

/* lo-hi is every name that starts with a prefix: its length, else -1. */
static int wildcard_len(rg_u128 lo, rg_u128 hi)
{
	for (int k = 1; k < 16; k++) {
		rg_u128 tail = ((rg_u128)1 << (8 * (16 - k))) - 1;

		if (!(lo & tail) && hi == (lo | tail) && ((lo >> (8 * (16 - k))) & 255))
			return k;
	}
	return -1;
}

static void iface_words(const struct rg_box *b, FILE *out)
{
	const char *key = b->lo[RG_HOOK] == IR_HOOK_INGRESS ? "iifname" : "oifname";
	rg_u128 lo = b->lo[RG_IFACE], hi = b->hi[RG_IFACE];
	char a[80], z[80];

	if (lo == 0 && hi == U128_MAX)
		return;
	if (lo == hi) {
		name_text(lo, a);
		fprintf(out, " %s \"%s\"", key, a);
		return;
	}
	if (wildcard_len(lo, hi) > 0) {
		name_text(lo, a);
		fprintf(out, " %s \"%s*\"", key, a);
		return;
	}
	/* a range: by its nearest real names */
	fprintf(out, " %s", key);
	if (lo) {
		name_text(name_clean(lo) ? lo : lo - 1, a);
		fprintf(out, " %s \"%s\"", name_clean(lo) ? ">=" : ">", a);
	}
	if (hi != U128_MAX) {
		name_text(name_clean(hi + 1) ? hi + 1 : hi, z);
		fprintf(out, " %s \"%s\"", name_clean(hi + 1) ? "<" : "<=", z);
	}
}

static void ctstate_words(const struct rg_box *b, FILE *out)
{
	static const char *const names[] = {
		"invalid", "untracked", "related", "established", "new",
	};
	unsigned lo = (unsigned)b->lo[RG_CTSTATE], hi = (unsigned)b->hi[RG_CTSTATE];

	if (b->lo[RG_HOOK] == IR_HOOK_INGRESS && b->hi[RG_HOOK] == IR_HOOK_INGRESS) {
		if (hi < 3) {	/* states ingress never has (doc/ANALYSIS.md) */
			fputs(" (a ct state ingress never has)", out);
			return;
		}
		if (lo < 3)
			lo = 3;
		if (lo == 3 && hi == RG_CT_NONE)
			return;	/* every state it has */
	}
	if (lo == 0 && hi >= RG_CT_NONE - 1)
		return;		/* every state */
	if (lo == RG_CT_NONE) {
		fputs(" (no ct state: the socket cannot tell)", out);
		return;
	}
	fputs(" ct state ", out);
	for (unsigned i = lo; i <= hi && i < RG_CT_NONE; i++)
		fprintf(out, "%s%s", i > lo ? "," : "", names[i]);
	if (hi == RG_CT_NONE)
		fputs(" (or no ct state)", out);
}

/* The status bits the box fixes, as nft's masked compare. */
static void ctstatus_words(const struct rg_box *b, FILE *out)
{
	uint32_t m = 0, c = 0;

	for (int j = 0; j < 16; j++)
		if (b->lo[RG_CTSTATUS + j] == b->hi[RG_CTSTATUS + j]) {
			m |= 1u << j;
			c |= (uint32_t)b->lo[RG_CTSTATUS + j] << j;
		}
	if (b->lo[RG_CTSTATUS_HI] == b->hi[RG_CTSTATUS_HI]) {
		m |= 0xffff0000u;
		c |= (uint32_t)b->lo[RG_CTSTATUS_HI] << 16;
	} else if (b->lo[RG_CTSTATUS_HI] > 0 || b->hi[RG_CTSTATUS_HI] < 0xffff) {
		fprintf(out, " ct status >> 16 %u-%u", (unsigned)b->lo[RG_CTSTATUS_HI],
			(unsigned)b->hi[RG_CTSTATUS_HI]);
	}
	if (m)
		fprintf(out, " ct status & 0x%x == 0x%x", m, c);
}

void an_hook_words(const struct rg_box *b, FILE *out)
{
	bool known = b->lo[RG_L4PROTO] < 256;
	rg_u128 min = known ? (b->lo[RG_NFPROTO] == 10 ? 40 : 20) + b->lo[RG_TLEN] : 0;

	if (b->lo[RG_LEN] > min || b->hi[RG_LEN] < 0xffffffffu) {
		if (b->lo[RG_LEN] == b->hi[RG_LEN])
			fprintf(out, " meta length %u", (unsigned)b->lo[RG_LEN]);
		else
			fprintf(out, " meta length %u-%u", (unsigned)b->lo[RG_LEN],
				(unsigned)b->hi[RG_LEN]);
	}
	iface_words(b, out);
	ctstate_words(b, out);
	if (b->lo[RG_CTDIR] == b->hi[RG_CTDIR] && b->lo[RG_CTDIR] < RG_NO_ENTRY_DIR)
		fprintf(out, " ct direction %s", b->lo[RG_CTDIR] ? "reply" : "original");
	ctstatus_words(b, out);
	if (b->lo[RG_CTMARK] < RG_NO_ENTRY_MARK &&
	    (b->lo[RG_CTMARK] > 0 || b->hi[RG_CTMARK] < 0xffffffffu)) {
		if (b->lo[RG_CTMARK] == b->hi[RG_CTMARK])
			fprintf(out, " ct mark %u", (unsigned)b->lo[RG_CTMARK]);
		else
			fprintf(out, " ct mark %u-%u", (unsigned)b->lo[RG_CTMARK],
				(unsigned)b->hi[RG_CTMARK]);
	}
}

/* A device of this host whose name is in the box's range: the witness
 * must name one that `cgnft test` can find. */
static bool host_device(const struct rg_box *b, char *name)
{
	struct if_nameindex *ifs = if_nameindex(), *best = NULL;
	rg_u128 bestv = 0;

	if (!ifs)
		return false;
	for (struct if_nameindex *i = ifs; i->if_index; i++) {
		rg_u128 v = 0;
		size_t n = strnlen(i->if_name, 16);

		for (size_t k = 0; k < 16; k++)
			v = (v << 8) | (k < n ? (unsigned char)i->if_name[k] : 0);
		if (v < b->lo[RG_IFACE] || v > b->hi[RG_IFACE])
			continue;
		/* lo when it is in the region (every host has it), else the
		 * least name */
		if (best && strcmp(i->if_name, "lo") &&
		    (!strcmp(best->if_name, "lo") || v >= bestv))
			continue;
		best = i;
		bestv = v;
	}
	if (best)
		snprintf(name, IF_NAMESIZE, "%s", best->if_name);
	if_freenameindex(ifs);
	return best != NULL;
}

/* BPF_PROG_TEST_RUN's packet has no conntrack entry (egress: invalid) and
 * a socket no ct state can be derived from (ingress: none). */
static bool test_run_ct(const struct rg_box *b)
{
	rg_u128 st = b->lo[RG_HOOK] == IR_HOOK_INGRESS ? RG_CT_NONE : 0;

	return b->lo[RG_CTSTATE] <= st && st <= b->hi[RG_CTSTATE] &&	/* no entry: */
	       b->hi[RG_CTDIR] == RG_NO_ENTRY_DIR && b->hi[RG_CTMARK] == RG_NO_ENTRY_MARK;
}

bool an_hook_witness(const struct rg_box *b, char *buf, size_t len)
{
	size_t n = strlen(buf);
	char dev[IF_NAMESIZE];
	struct pkt *p;
	FILE *null;
	bool ok;

	if (!test_run_ct(b) || !host_device(b, dev))
		return false;
	if (strcmp(dev, "lo"))	/* lo: the test packet's device unless named */
		n += (size_t)snprintf(buf + n, len - n, " %s %s",
				      b->lo[RG_HOOK] == IR_HOOK_INGRESS ? "iifname" : "oifname",
				      dev);
	if (n >= len)
		return false;
	/* the length: pad with payload up to the region's least */
	p = malloc(sizeof(*p));
	null = fopen("/dev/null", "w");
	ok = p && null && pkt_from_desc("witness", buf, p, null);
	if (ok && p->len < b->lo[RG_LEN]) {
		if (strstr(buf, " truncate ") || b->lo[RG_LEN] > PKT_MAX - 64)
			ok = false;
		else
			n += (size_t)snprintf(buf + n, len - n, " payload %u",
					      (unsigned)(b->lo[RG_LEN] - p->len));
		ok = ok && n < len && pkt_from_desc("witness", buf, p, null);
	}
	ok = ok && b->lo[RG_LEN] <= p->len && p->len <= b->hi[RG_LEN];
	if (null)
		fclose(null);
	free(p);
	return ok;
}
