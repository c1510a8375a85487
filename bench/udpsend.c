// SPDX-License-Identifier: GPL-2.0
/*
 * UDP send rate: `udpsend [-c CGROUP_DIR] [-n NETNS_FILE] ADDR PORT SECONDS
 * SIZE` joins the cgroup and the network namespace (in that order, both
 * before the socket exists, so the socket belongs to both), connects a UDP
 * socket to ADDR:PORT, sends SIZE-byte datagrams for SECONDS of wall time
 * and prints "pps N" (datagrams the kernel accepted per second) and
 * "failed N" (sends that returned an error).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* setns */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int join_cgroup(const char *dir)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "%d\n", getpid());
	return fclose(f);
}

static int join_netns(const char *file)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -1;
	r = setns(fd, CLONE_NEWNET);
	close(fd);
	return r;
}

int main(int argc, char **argv)
{
	const char *cg = NULL, *netns = NULL;
	struct sockaddr_in to = { .sin_family = AF_INET };
	static char buf[65536];
	double secs, t0, t;
	unsigned long sent = 0, failed = 0;
	size_t size;
	int c, fd;

	while ((c = getopt(argc, argv, "c:n:")) != -1) {
		if (c == 'c')
			cg = optarg;
		else if (c == 'n')
			netns = optarg;
		else
			return 2;
	}
	if (argc - optind != 4 || inet_pton(AF_INET, argv[optind], &to.sin_addr) != 1) {
		fprintf(stderr, "usage: udpsend [-c CGROUP_DIR] [-n NETNS_FILE] ADDR PORT SECONDS SIZE\n");
		return 2;
	}
	to.sin_port = htons(atoi(argv[optind + 1]));
	secs = atof(argv[optind + 2]);
	size = atoi(argv[optind + 3]);
	if (size > sizeof(buf))
		size = sizeof(buf);
	if (cg && join_cgroup(cg)) {
		fprintf(stderr, "udpsend: cgroup %s: %s\n", cg, strerror(errno));
		return 1;
	}
	if (netns && join_netns(netns)) {
		fprintf(stderr, "udpsend: netns %s: %s\n", netns, strerror(errno));
		return 1;
	}
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof(to))) {
		fprintf(stderr, "udpsend: socket/connect: %s\n", strerror(errno));
		return 1;
	}
	t0 = now();
	do {
		if (send(fd, buf, size, 0) == (ssize_t)size) {
			sent++;
		} else if (errno == EPERM || errno == ECONNREFUSED || errno == ENOBUFS) {
			/*
			 * Not sent: EPERM is a cgroup program's drop; the
			 * peer has no listener, so its (rate-limited) ICMP
			 * port unreachable comes back as ECONNREFUSED; ENOBUFS
			 * is a full queue.
			 */
			failed++;
		} else {
			fprintf(stderr, "udpsend: send: %s\n", strerror(errno));
			return 1;
		}
		t = now();
	} while (t - t0 < secs);
	printf("pps %.0f\nfailed %lu\n", sent / (t - t0), failed);
	return 0;
}
