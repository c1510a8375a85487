/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run one packet through a loaded cgroup_skb program with
 * BPF_PROG_TEST_RUN, and read which rule decided from a traced program's
 * "cgnft_trace" map.
 */
#ifndef CGNFT_RUNTIME_TEST_RUN_H
#define CGNFT_RUNTIME_TEST_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct test_run_pkt {
	const uint8_t *ip;	/* the IP packet: test_run adds the Ethernet header */
	size_t len;
	bool ipv6;
	uint32_t mark, priority;	/* the skb's fields */
	uint32_t ifindex;	/* the skb's device; 0: the loopback device */
};

struct test_run_result {
	bool pass;		/* the program let the packet through */
	uint32_t retval;	/* the raw return value */
	uint32_t trace;		/* cgnft_trace[0], 0 without a trace map */
};

/* `trace_fd` is the program's cgnft_trace map, or -1.  0 or -errno. */
int test_run_skb(int prog_fd, int trace_fd, const struct test_run_pkt *pkt,
		 struct test_run_result *res);

#endif
