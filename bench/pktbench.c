// SPDX-License-Identifier: GPL-2.0
/*
 * Per-packet cost with BPF_PROG_TEST_RUN: `pktbench OBJ PROG REPEAT` runs
 * three IPv4 TCP packets (first-rule match, last-rule match, no match),
 * and three more that match no rule (UDP/IPv4, TCP/IPv6, TCP/IPv6 after
 * hop-by-hop and destination options headers) through program
 * PROG of OBJ (best of ROUNDS interleaved rounds), and an empty cgroup_skb program (the floor),
 * REPEAT times each, and prints "name ns_per_packet" lines.  The kernel
 * measures the loop itself (bpf_test_run_opts.duration, ns per run).
 * It also prints the verifier's own time for PROG ("verify_us", from the
 * kernel's BPF_LOG_STATS line "verification time N usec") and the wall time
 * of bpf_object__load ("load_us": maps, relocation, verification).
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench_load.h"

static size_t tcp4(unsigned char *b, const unsigned char daddr[4], int dport)
{
	memset(b, 0, 54);
	b[12] = 0x08;
	b[14] = 0x45;
	b[17] = 40;
	b[22] = 64;
	b[23] = 6;
	memcpy(b + 26, "\x0a\x00\x00\x01", 4);
	memcpy(b + 30, daddr, 4);
	b[36] = dport >> 8;
	b[37] = dport & 0xff;
	b[46] = 0x50;
	return 54;
}

/* A UDP/IPv4 packet from 10.0.0.1 and a TCP/IPv6 packet from 2001:db8::1:
 * no rule of bench/gen_rules.py matches them, but they reach the tables
 * that the TCP/IPv4 ones skip (UDP prefixes and port sets, IPv6 prefixes
 * with port ranges), which are searched, not hashed. */
static size_t udp4(unsigned char *b, const unsigned char daddr[4], int dport)
{
	tcp4(b, daddr, dport);
	b[17] = 28;
	b[23] = 17;
	b[38] = 0;
	b[39] = 8;	/* UDP length */
	return 42;
}

static size_t tcp6(unsigned char *b, const unsigned char daddr[4], int dport)
{
	memset(b, 0, 74);
	b[12] = 0x86;
	b[13] = 0xdd;
	b[14] = 0x60;
	b[19] = 20;	/* payload length */
	b[20] = 6;	/* next header */
	b[21] = 64;
	memcpy(b + 22, "\x20\x01\x0d\xb8", 4);
	b[37] = 1;
	memcpy(b + 38, "\x20\x01\x0d\xb8\x12\x34", 6);
	memcpy(b + 50, daddr, 4);
	b[56] = dport >> 8;
	b[57] = dport & 0xff;
	b[66] = 0x50;
	return 74;
}

/* The same TCP/IPv6 packet behind two 8-byte extension headers: the cost
 * of walking them (the prologue's loop) shows against nomatch_v6. */
static size_t tcp6x(unsigned char *b, const unsigned char daddr[4], int dport)
{
	unsigned char tcp[20];

	tcp6(b, daddr, dport);
	memcpy(tcp, b + 54, 20);
	b[19] = 36;			/* payload length */
	b[20] = 0;			/* hop-by-hop */
	memset(b + 54, 0, 16);
	b[54] = 60;			/* then destination options */
	b[56] = 1, b[57] = 4;		/* PadN */
	b[62] = 6;			/* then TCP */
	b[64] = 1, b[65] = 4;
	memcpy(b + 70, tcp, 20);
	return 90;
}

#define ROUNDS 5

typedef size_t (*build_fn)(unsigned char *b, const unsigned char daddr[4], int dport);

static double run_pkt(int fd, build_fn build, const unsigned char daddr[4],
		      int dport, int repeat, int *ret)
{
	unsigned char pkt[96];
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .repeat = repeat);

	o.data_size_in = build(pkt, daddr, dport);
	if (bpf_prog_test_run_opts(fd, &o)) {
		fprintf(stderr, "test_run: %s\n", strerror(errno));
		exit(1);
	}
	*ret = o.retval;
	return o.duration;
}

static double run(int fd, const unsigned char daddr[4], int dport, int repeat, int *ret)
{
	return run_pkt(fd, tcp4, daddr, dport, repeat, ret);
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	static const char *const names[7] = { "floor", "first", "last", "nomatch",
					      "nomatch_udp", "nomatch_v6", "nomatch_v6ext" };
	int repeat, floor_fd, fd, r1, r2, r3, r0, r4, r5, r6;
	double best[7];

	if (argc != 4) {
		fprintf(stderr, "usage: pktbench OBJ PROG REPEAT\n");
		return 2;
	}
	repeat = atoi(argv[3]);
	if (bench_load(argv[1], argv[2], &obj, &floor_fd, &fd))
		return 1;
	/* Best of ROUNDS rounds, the packets interleaved: on a shared machine
	 * noise only ever adds time, and a busy moment hits every figure of
	 * its round rather than one figure of the run. */
	for (int round = 0; round < ROUNDS; round++) {
		const unsigned char *d1 = (const unsigned char *)"\xc0\x00\x02\x01";
		const unsigned char *d2 = (const unsigned char *)"\xc0\x00\x02\x02";
		const unsigned char *d3 = (const unsigned char *)"\xc0\x00\x02\x03";
		double t[7] = {
			run(floor_fd, d1, 1, repeat, &r0),
			run(fd, d1, 1, repeat, &r1),
			run(fd, d2, 2, repeat, &r2),
			run(fd, d3, 3, repeat, &r3),
			run_pkt(fd, udp4, d3, 3, repeat, &r4),
			run_pkt(fd, tcp6, (const unsigned char *)"\x00\x00\x00\x01", 3, repeat, &r5),
			run_pkt(fd, tcp6x, (const unsigned char *)"\x00\x00\x00\x01", 3, repeat, &r6),
		};

		for (int i = 0; i < 7; i++)
			if (!round || t[i] < best[i])
				best[i] = t[i];
	}
	for (int i = 0; i < 7; i++)
		printf("%s %.1f\n", names[i], best[i]);
	{
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);

		if (!bpf_obj_get_info_by_fd(fd, &info, &len))
			printf("verified_insns %u\n", info.verified_insns);
	}
	/* the verdicts prove the packets hit what they claim to */
	printf("verdicts %d %d %d %d %d %d %d\n", r0, r1, r2, r3, r4, r5, r6);
	return !(r0 == 1 && r1 == 0 && r2 == 0 && r3 == 1 && r4 == 1 && r5 == 1 && r6 == 1);
}
