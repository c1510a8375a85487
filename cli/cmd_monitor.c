// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft monitor [-j] [--count N] [--drain]: the events of log statements,
 * live, as `nft monitor` prints nft's.  The ring is the one pinned in the
 * pin directory; an apply normally hands it on to the new programs, and
 * when one made a new ring (or the first apply that logs comes after the
 * monitor started) the monitor moves to it.  Every consumer of the ring
 * takes the events it reads: run one monitor at a time.  Events the
 * programs suppressed (the shared bucket empty, or the ring full) since
 * the monitor started are reported as they grow, as the kernel reports
 * "callbacks suppressed".
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/monitor.h"
#include "ir/xalloc.h"
#include "runtime/bpffs.h"

#define POLL_MS 200	/* how often to look for a new ring */
#define STOP (-ECANCELED)

struct mon {
	struct monitor_sites *sites;
	bool json;
	long count;		/* events to print; 0: no end */
	long seen;
	int64_t mono_to_wall;	/* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	struct ring_buffer *rb;
	int fd;
	uint32_t id;
	int drops_fd;		/* CG_LOG_DROPS_PIN of the same apply, or -1 */
	uint64_t drops_seen;	/* its count when last reported */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int on_event(void *ctx, void *data, size_t len)
{
	struct mon *m = ctx;

	if (len < sizeof(struct cgnft_log_event))
		return 0;
	monitor_print(m->sites, data, m->json,
		      ((const struct cgnft_log_event *)data)->time_ns + m->mono_to_wall, stdout);
	fflush(stdout);
	if (m->count && ++m->seen >= m->count)
		return STOP;
	return 0;
}

/* A pinned map's fd and id, or -1. */
static int open_pin(const char *name, uint32_t *id)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);
	const char *dir = bpffs_pin_dir_existing();
	char *pin;
	int fd;

	if (!dir)
		return -1;
	pin = xasprintf("%s/%s", dir, name);
	fd = bpf_obj_get(pin);
	free(pin);
	if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len)) {
		close(fd);
		return -1;
	}
	*id = info.id;
	return fd;
}

static void close_ring(struct mon *m)
{
	ring_buffer__free(m->rb);
	m->rb = NULL;
	if (m->fd >= 0)
		close(m->fd);
	m->fd = -1;
	if (m->drops_fd >= 0)
		close(m->drops_fd);
	m->drops_fd = -1;
}

/* The suppressed events counted on all CPUs (0 when unknown). */
static uint64_t drops(const struct mon *m)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t *v, sum = 0;
	uint32_t key = 0;

	if (m->drops_fd < 0 || ncpu <= 0)
		return 0;
	v = xzalloc(ncpu * sizeof(*v));
	if (!bpf_map_lookup_elem(m->drops_fd, &key, v))
		for (int i = 0; i < ncpu; i++)
			sum += v[i];
	free(v);
	return sum;
}

/* Report the events suppressed since the last report. */
static void report_drops(struct mon *m)
{
	uint64_t now = drops(m);

	if (now <= m->drops_seen)
		return;
	if (m->json)
		printf("{\"suppressed\":%llu}\n", (unsigned long long)(now - m->drops_seen));
	else
		printf("cgnft: %llu log events suppressed (rate limit or full ring)\n",
		       (unsigned long long)(now - m->drops_seen));
	fflush(stdout);
	m->drops_seen = now;
}

/* Follow the pin: a ring other than ours (or the first one) is opened. */
static void follow(struct mon *m)
{
	uint32_t id = 0, drops_id;
	int fd = open_pin(CG_LOG_PIN, &id);

	if (fd < 0 || (m->rb && id == m->id)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	/* what is left in the old ring first */
	if (m->rb) {
		ring_buffer__consume(m->rb);
		report_drops(m);
	}
	close_ring(m);
	m->rb = ring_buffer__new(fd, on_event, m, NULL);
	if (!m->rb) {
		close(fd);
		return;
	}
	m->fd = fd;
	m->id = id;
	/* counted from now on */
	m->drops_fd = open_pin(CG_LOG_DROPS_PIN, &drops_id);
	m->drops_seen = drops(m);
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: cgnft monitor [-j] [--count N] [--drain]\n"
		"\n"
		"Print the events of log statements as they come, one line each:\n"
		"the packet's headers as the kernel's nf_log words them, then the\n"
		"rule's table, chain and file:line and the socket's cgroup.\n"
		"  -j, --json     one JSON object per event\n"
		"  --count N      exit after N events\n"
		"  --drain        print the events waiting in the ring, then exit\n");
}

int cmd_monitor(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'n' },
		{ "drain", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct mon m = { .fd = -1, .drops_fd = -1 };
	bool drain = false;
	char *end;
	int c, err = 0;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			m.json = true;
			break;
		case 'n':
			m.count = strtol(optarg, &end, 10);
			if (*end || m.count <= 0) {
				fprintf(stderr, "cgnft monitor: --count wants a positive number\n");
				return EXIT_USAGE;
			}
			break;
		case 'd':
			drain = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	libbpf_set_print(NULL);
	m.mono_to_wall = clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
	m.sites = monitor_sites_new();
	follow(&m);
	if (drain) {
		if (!m.rb) {
			fprintf(stderr, "Error: no log ring: no applied table has a log statement\n");
			monitor_sites_free(m.sites);
			return EXIT_USER;
		}
		err = ring_buffer__consume(m.rb);
	} else {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		while (!stop) {
			err = m.rb ? ring_buffer__poll(m.rb, POLL_MS) : (usleep(POLL_MS * 1000), 0);
			if (err == STOP || (err < 0 && err != -EINTR))
				break;
			report_drops(&m);
			follow(&m);
		}
		/* stopped by a signal: what the ring still holds, and the
		 * count, so that nothing logged so far goes unsaid */
		if (stop && m.rb) {
			err = ring_buffer__consume(m.rb);
			report_drops(&m);
		}
	}
	close_ring(&m);
	monitor_sites_free(m.sites);
	if (err < 0 && err != STOP && err != -EINTR) {
		fprintf(stderr, "Error: cannot read the log ring: %s\n", strerror(-err));
		return EXIT_USER;
	}
	return 0;
}
