/* SPDX-License-Identifier: GPL-2.0 */
/* What the packet benchmarks share: the clock, and loading the empty
 * program (the floor every figure is compared with) and the measured one. */
#ifndef CGNFT_BENCH_LOAD_H
#define CGNFT_BENCH_LOAD_H

struct bpf_object;

double bench_now_us(void);

/* Load the empty cgroup_skb program into *floor_fd and program PROG of the
 * object FILE into *fd; prints load_us and verify_us.  0, or 1 after saying
 * why on stderr. */
int bench_load(const char *file, const char *prog, struct bpf_object **obj,
	       int *floor_fd, int *fd);

#endif
