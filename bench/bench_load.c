// SPDX-License-Identifier: GPL-2.0
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_load.h"

double bench_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int bench_load(const char *file, const char *prog, struct bpf_object **obj,
	       int *floor_fd, int *fd)
{
	struct bpf_insn empty[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, lo, .expected_attach_type = BPF_CGROUP_INET_EGRESS);
	static char vlog[1 << 16];
	struct bpf_program *p;
	const char *vt;
	double t0;

	*floor_fd = bpf_prog_load(BPF_PROG_TYPE_CGROUP_SKB, "empty", "GPL", empty, 2, &lo);
	*obj = bpf_object__open_file(file, NULL);
	p = *obj ? bpf_object__find_program_by_name(*obj, prog) : NULL;
	if (*floor_fd < 0 || !p) {
		fprintf(stderr, "cannot open %s (program %s)\n", file, prog);
		return 1;
	}
	/* statistics only (level 4): a short log that holds the verify time */
	bpf_program__set_log_level(p, 4);
	bpf_program__set_log_buf(p, vlog, sizeof(vlog));
	t0 = bench_now_us();
	if (bpf_object__load(*obj)) {
		fprintf(stderr, "cannot load %s: %s\n", file, vlog);
		return 1;
	}
	printf("load_us %.0f\n", bench_now_us() - t0);
	vt = strstr(vlog, "verification time ");
	if (vt)
		printf("verify_us %ld\n", strtol(vt + 18, NULL, 10));
	*fd = bpf_program__fd(p);
	return 0;
}
