// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet cost over a packet trace with BPF_PROG_TEST_RUN:
 * `tracebench OBJ PROG REPEAT PKTFILE [MAXPKTS]` loads program PROG of OBJ
 * and runs each packet of PKTFILE (lines "SADDR DADDR PROTO SPORT DPORT",
 * IPv4; PROTO tcp, udp or a number; bench/gen_classbench.py writes them)
 * REPEAT times, best of ROUNDS rounds, and an empty cgroup_skb program (the
 * floor) between every FLOOR_EVERY packets, best of all its runs.  Prints
 *   floor NS, mean NS, worst NS (the slowest packet), p99 NS,
 *   verified_insns N, verify_us N, load_us N, pass N / drop N (verdicts),
 * and with -v each packet's ns and verdict.  The kernel times the loop
 * itself (bpf_test_run_opts.duration, ns per run).
 */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_load.h"

#define ROUNDS 3
#define FLOOR_EVERY 32

struct pkt {
	unsigned char b[64];
	size_t len;
};

static int build(struct pkt *p, const char *line)
{
	char s[64], d[64], proto[16];
	unsigned sp, dp;
	int pr;

	if (sscanf(line, "%63s %63s %15s %u %u", s, d, proto, &sp, &dp) != 5)
		return -1;
	pr = !strcmp(proto, "tcp") ? 6 : !strcmp(proto, "udp") ? 17 : atoi(proto);
	memset(p->b, 0, sizeof(p->b));
	p->b[0] = 0x45;
	p->b[8] = 64;
	p->b[9] = pr;
	if (inet_pton(AF_INET, s, p->b + 12) != 1 || inet_pton(AF_INET, d, p->b + 16) != 1)
		return -1;
	p->b[20] = sp >> 8, p->b[21] = sp;
	p->b[22] = dp >> 8, p->b[23] = dp;
	if (pr == 6) {
		p->b[32] = 0x50;
		p->len = 40;
	} else {
		if (pr == 17)
			p->b[25] = 8;
		p->len = 28;
	}
	p->b[2] = 0, p->b[3] = p->len;
	return 0;
}

/* cgroup_skb test runs take the IP packet behind a 14-byte Ethernet header */
static double run(int fd, const struct pkt *p, int repeat, int *ret)
{
	unsigned char buf[96] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = buf, .repeat = repeat);

	buf[12] = 0x08;
	memcpy(buf + 14, p->b, p->len);
	o.data_size_in = 14 + p->len;
	if (bpf_prog_test_run_opts(fd, &o)) {
		fprintf(stderr, "test_run: %s\n", strerror(errno));
		exit(1);
	}
	*ret = o.retval;
	return o.duration;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	bool verbose = argc > 1 && !strcmp(argv[1], "-v");
	struct bpf_object *obj;
	struct pkt *pkts = NULL;
	double *best, *sorted, floor = 0, sum = 0;
	int *verd, repeat, floor_fd, fd, npass = 0;
	size_t n = 0, cap = 0, maxp;
	char line[256];
	FILE *f;

	if (verbose)
		argv++, argc--;
	if (argc != 5 && argc != 6) {
		fprintf(stderr, "usage: tracebench [-v] OBJ PROG REPEAT PKTFILE [MAXPKTS]\n");
		return 2;
	}
	repeat = atoi(argv[3]);
	maxp = argc == 6 ? strtoul(argv[5], NULL, 10) : (size_t)-1;
	f = fopen(argv[4], "r");
	if (!f) {
		perror(argv[4]);
		return 1;
	}
	while (n < maxp && fgets(line, sizeof(line), f)) {
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			pkts = realloc(pkts, cap * sizeof(*pkts));
		}
		if (build(&pkts[n], line)) {
			fprintf(stderr, "%s: bad line: %s", argv[4], line);
			return 1;
		}
		n++;
	}
	fclose(f);
	if (!n)
		return 1;
	if (bench_load(argv[1], argv[2], &obj, &floor_fd, &fd))
		return 1;
	best = calloc(n, sizeof(*best));
	sorted = calloc(n, sizeof(*sorted));
	verd = calloc(n, sizeof(*verd));
	for (int round = 0; round < ROUNDS; round++)
		for (size_t i = 0; i < n; i++) {
			int r;
			double t;

			if (i % FLOOR_EVERY == 0) {
				t = run(floor_fd, &pkts[i], repeat, &r);
				if (!floor || t < floor)
					floor = t;
			}
			t = run(fd, &pkts[i], repeat, &verd[i]);
			if (!round || t < best[i])
				best[i] = t;
		}
	for (size_t i = 0; i < n; i++) {
		sum += best[i];
		sorted[i] = best[i];
		npass += verd[i] == 1;
		if (verbose)
			printf("pkt %zu %.1f %d\n", i, best[i], verd[i]);
	}
	qsort(sorted, n, sizeof(*sorted), cmp_double);
	printf("packets %zu\nfloor %.1f\nmean %.1f\nworst %.1f\np99 %.1f\n", n,
	       floor, sum / n, sorted[n - 1], sorted[n - 1 - n / 100]);
	{
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);

		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			printf("verified_insns %u\ninsns %u\n", info.verified_insns,
			       info.xlated_prog_len / 8);
	}
	printf("pass %d\ndrop %zu\n", npass, n - npass);
	return 0;
}
