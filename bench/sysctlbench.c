// SPDX-License-Identifier: GPL-2.0
/*
 * `sysctlbench KNOB N`: the cost of one read() and one write() of
 * /proc/sys/KNOB, each repeated N times (the write stores the value read
 * first, so the knob keeps its value): prints
 *   read_ns R write_ns W
 * Run it inside the cgroup under test (bench/sysctl.sh).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(int argc, char **argv)
{
	char path[256], val[128];
	long n;
	ssize_t len;
	double t0, t1, t2;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: sysctlbench KNOB N\n");
		return 2;
	}
	n = atol(argv[2]);
	snprintf(path, sizeof(path), "/proc/sys/%s", argv[1]);
	fd = open(path, O_RDWR);
	if (fd < 0 || (len = pread(fd, val, sizeof(val), 0)) <= 0) {
		perror(path);
		return 1;
	}
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (pread(fd, val, sizeof(val), 0) != len) {
			perror("read");
			return 1;
		}
	t1 = now_ns();
	for (long i = 0; i < n; i++)
		if (pwrite(fd, val, len, 0) != len) {
			perror("write");
			return 1;
		}
	t2 = now_ns();
	printf("read_ns %.0f write_ns %.0f\n", (t1 - t0) / n, (t2 - t1) / n);
	return 0;
}
