// SPDX-License-Identifier: GPL-2.0
/*
 * Verdict tests, end to end: each tests/verdict/NAME.nft file is compiled by
 * the real pipeline (front end, codegen, ELF, libbpf load: the verifier
 * judges it) and crafted packets run through its programs with
 * BPF_PROG_TEST_RUN.  Expectations are comments in the file:
 *
 *   # expect PROG pass|drop: v4|v6 PROTO [key=value]...
 *
 * keys: saddr daddr sport dport flags (tcp, hex) type code (icmp) opts
 * (IPv4 option bytes) frag (IPv4 frag_off field / IPv6 fragment offset
 * field, hex) ext (IPv6 headers: hbh,dst,rt,frag) l4len (bytes of
 * transport header present) mark ttl badlen (IPv4 total length too big).
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "runtime/load.h"
#include "tests/tap.h"

struct pkt {
	uint8_t b[512];
	size_t len;
	uint32_t mark;
};

static void put16(uint8_t *p, unsigned v) { p[0] = v >> 8; p[1] = v; }

static const char *opt(char **kv, int n, const char *key, const char *def)
{
	size_t kl = strlen(key);

	for (int i = 0; i < n; i++)
		if (!strncmp(kv[i], key, kl) && kv[i][kl] == '=')
			return kv[i] + kl + 1;
	return def;
}

static int proto_num(const char *p)
{
	if (!strcmp(p, "tcp")) return 6;
	if (!strcmp(p, "udp")) return 17;
	if (!strcmp(p, "icmp")) return 1;
	if (!strcmp(p, "icmpv6")) return 58;
	return atoi(p);
}

/* Transport header: tcp 20 bytes, udp 8, icmp 8, others 8 of zeros. */
static int l4_header(uint8_t *h, int proto, char **kv, int n)
{
	int len = proto == 6 ? 20 : 8;

	memset(h, 0, len);
	if (proto == 6 || proto == 17) {
		put16(h, strtoul(opt(kv, n, "sport", "1000"), NULL, 0));
		put16(h + 2, strtoul(opt(kv, n, "dport", "80"), NULL, 0));
	}
	if (proto == 6) {
		h[12] = 0x50;
		h[13] = strtoul(opt(kv, n, "flags", "0x02"), NULL, 16);
	}
	if (proto == 17)
		put16(h + 4, 8);
	if (proto == 1 || proto == 58) {
		h[0] = strtoul(opt(kv, n, "type", proto == 1 ? "8" : "128"), NULL, 0);
		h[1] = strtoul(opt(kv, n, "code", "0"), NULL, 0);
	}
	return len;
}

static bool build(struct pkt *p, char **kv, int n)
{
	bool v6 = !strcmp(kv[0], "v6");
	int proto = proto_num(kv[1]);
	uint8_t *ip = p->b + 14, l4[64];
	int l4len = l4_header(l4, proto, kv + 2, n - 2);
	int want = atoi(opt(kv + 2, n - 2, "l4len", "-1"));
	int hl;

	memset(p, 0, sizeof(*p));
	p->mark = strtoul(opt(kv + 2, n - 2, "mark", "0"), NULL, 0);
	if (want >= 0)
		l4len = want;
	if (!v6) {
		int opts = atoi(opt(kv + 2, n - 2, "opts", "0"));

		put16(p->b + 12, ETH_P_IP);
		hl = 20 + opts;
		ip[0] = 0x40 | hl / 4;
		put16(ip + 2, hl + l4len + (opt(kv + 2, n - 2, "badlen", NULL) ? 100 : 0));
		put16(ip + 6, strtoul(opt(kv + 2, n - 2, "frag", "0"), NULL, 16));
		ip[8] = atoi(opt(kv + 2, n - 2, "ttl", "64"));
		ip[9] = proto;
		if (inet_pton(AF_INET, opt(kv + 2, n - 2, "saddr", "10.0.0.1"), ip + 12) != 1 ||
		    inet_pton(AF_INET, opt(kv + 2, n - 2, "daddr", "10.0.0.2"), ip + 16) != 1)
			return false;
		memset(ip + 20, 1, opts);
	} else {
		const char *ext = opt(kv + 2, n - 2, "ext", "");
		uint8_t *prev = ip + 6;
		char *copy = strdup(ext), *tok, *save;

		put16(p->b + 12, ETH_P_IPV6);
		ip[0] = 0x60;
		ip[7] = atoi(opt(kv + 2, n - 2, "ttl", "64"));
		if (inet_pton(AF_INET6, opt(kv + 2, n - 2, "saddr", "2001:db8::1"), ip + 8) != 1 ||
		    inet_pton(AF_INET6, opt(kv + 2, n - 2, "daddr", "2001:db8::2"), ip + 24) != 1)
			return false;
		hl = 40;
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			int t = !strcmp(tok, "hbh") ? 0 : !strcmp(tok, "dst") ? 60 :
				!strcmp(tok, "rt") ? 43 : 44;

			*prev = t;
			prev = ip + hl;
			memset(ip + hl, 0, 8);
			if (t == 44)
				put16(ip + hl + 2, strtoul(opt(kv + 2, n - 2, "frag", "0"), NULL, 16));
			hl += 8;
		}
		free(copy);
		*prev = proto;
		put16(ip + 4, hl - 40 + l4len);
	}
	memcpy(ip + hl, l4, l4len);
	p->len = 14 + hl + l4len;
	return true;
}

static int run(int fd, struct pkt *p)
{
	struct __sk_buff ctx = { .mark = p->mark };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p->b, .data_size_in = p->len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx));

	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	return o.retval;
}

static void run_file(const char *path)
{
	struct ir_unit *unit = fe_build_file(path, NULL, stdout);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct cg_object *cg;
	struct bpf_object *obj;
	struct load_error le;
	void *elf;
	size_t len;
	char line[512];
	FILE *f;
	int lineno = 0;

	if (!tap_ok(unit != NULL, "%s compiles", base))
		return;
	cg = cg_generate(unit);
	cg_write_elf(cg, &elf, &len);
	obj = load_object(elf, len, "verdict", &le);
	if (!tap_ok(obj != NULL, "%s loads (verifier accepts)", base)) {
		tap_diag("%s at insn %ld: %s", le.prog, le.insn, le.reason);
		goto out;
	}
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *kv[32], *prog, *verdict, *tok, *save, *colon, desc[256];
		struct bpf_program *bp;
		struct pkt p;
		int n = 0, got, want;

		lineno++;
		if (strncmp(line, "# expect ", 9))
			continue;
		line[strcspn(line, "\n")] = '\0';
		colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		snprintf(desc, sizeof(desc), "%s", colon + 1);
		prog = strtok_r(line + 9, " ", &save);
		verdict = strtok_r(NULL, " ", &save);
		for (tok = strtok_r(colon + 1, " ", &save); tok && n < 32;
		     tok = strtok_r(NULL, " ", &save))
			kv[n++] = tok;
		bp = prog ? bpf_object__find_program_by_name(obj, prog) : NULL;
		if (!bp || n < 2 || !verdict || !build(&p, kv, n)) {
			tap_ok(0, "%s:%d: bad expectation line", base, lineno);
			continue;
		}
		want = !strcmp(verdict, "pass");
		got = run(bpf_program__fd(bp), &p);
		tap_ok(got == want, "%s:%d: %s %s:%s", base, lineno, prog,
		       verdict, desc);
	}
	if (f)
		fclose(f);
	bpf_object__close(obj);
out:
	free(elf);
	cg_object_free(cg);
	ir_unit_free(unit);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		run_file(argv[i]);
	return tap_done();
}
