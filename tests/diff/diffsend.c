// SPDX-License-Identifier: GPL-2.0
/*
 * diffsend: the kernel side of the differential suite (tests/diff).
 *
 *   diffsend PKTFILE
 *	send every packet through a raw socket (IP header included); whatever
 *	netfilter has loaded in this network namespace judges it.
 *   diffsend PKTFILE OBJ PROG CGROUPDIR
 *	load OBJ with libbpf (and the host's values, as cgnft's loader
 *	writes them: runtime/host_values.c), run every packet through PROG with
 *	BPF_PROG_TEST_RUN (on the device the kernel routes it out of, as
 *	the other two runs see it), then attach PROG to CGROUPDIR's egress (a bpf_link,
 *	so it goes away with this process), move into CGROUPDIR and send
 *	every packet as above.
 *   diffsend PKTFILE OBJ PROG
 *	only the BPF_PROG_TEST_RUN verdicts.
 *
 * PKTFILE holds one packet a line: `4|6 HEX MARK`.  The output has one line
 * a packet: `SEND [TESTRUN]`, SEND being pass, drop (sendto said EPERM) or
 * err:ERRNO, TESTRUN pass or drop.
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/host_values.h"
#include "runtime/test_run.h"

#define MAX_PKT 2048

struct packet {
	int family;		/* 4 or 6 */
	unsigned char data[MAX_PKT];
	size_t len;
	unsigned int mark;
};

static int parse_line(const char *line, struct packet *p)
{
	char hex[2 * MAX_PKT + 1];

	if (sscanf(line, "%d %4096s %u", &p->family, hex, &p->mark) != 3 ||
	    (p->family != 4 && p->family != 6) || strlen(hex) % 2)
		return -1;
	p->len = strlen(hex) / 2;
	for (size_t i = 0; i < p->len; i++) {
		unsigned int b;

		if (sscanf(hex + 2 * i, "%2x", &b) != 1)
			return -1;
		p->data[i] = b;
	}
	return 0;
}

static struct packet *read_packets(const char *file, int *n)
{
	FILE *f = fopen(file, "r");
	struct packet *pkts = NULL;
	char line[2 * MAX_PKT + 64];

	*n = 0;
	if (!f) {
		perror(file);
		return NULL;
	}
	while (fgets(line, sizeof(line), f)) {
		pkts = realloc(pkts, (*n + 1) * sizeof(*pkts));
		if (!pkts || parse_line(line, &pkts[*n])) {
			fprintf(stderr, "diffsend: %s: bad line %d\n", file, *n + 1);
			exit(2);
		}
		(*n)++;
	}
	fclose(f);
	return pkts;
}

/* The kernel routes a header-included packet by the sendto address, so
 * that is the header's destination. */
static int send_one(int fd4, int fd6, const struct packet *p)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in a4 = { .sin_family = AF_INET };
	int fd = p->family == 4 ? fd4 : fd6;
	ssize_t r;

	if (setsockopt(fd, SOL_SOCKET, SO_MARK, &p->mark, sizeof(p->mark)))
		return errno;
	if (p->family == 4) {
		if (p->len >= 20)
			memcpy(&a4.sin_addr, p->data + 16, 4);
		r = sendto(fd, p->data, p->len, 0, (struct sockaddr *)&a4, sizeof(a4));
	} else {
		if (p->len >= 40)
			memcpy(&a6.sin6_addr, p->data + 24, 16);
		r = sendto(fd, p->data, p->len, 0, (struct sockaddr *)&a6, sizeof(a6));
	}
	return r < 0 ? errno : 0;
}

/* The device the kernel routes a packet to `dst` out of (RTM_GETROUTE,
 * as `ip route get`), 0 when there is no route: the test run then gives
 * the program the device that nft and the attached program see. */
static unsigned route_oif(int family, const uint8_t *dst)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	unsigned oif = 0;
	int len;

	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		goto out;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = 1;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = family == 4 ? AF_INET : AF_INET6;
	rtm->rtm_dst_len = family == 4 ? 32 : 128;
	mnl_attr_put(nlh, RTA_DST, family == 4 ? 4 : 16, dst);
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		goto out;
	len = mnl_socket_recvfrom(nl, buf, sizeof(buf));
	nlh = (struct nlmsghdr *)buf;
	if (len <= 0 || !mnl_nlmsg_ok(nlh, len) || nlh->nlmsg_type != RTM_NEWROUTE)
		goto out;
	{
		struct nlattr *a;

		mnl_attr_for_each(a, nlh, sizeof(struct rtmsg))
			if (mnl_attr_get_type(a) == RTA_OIF)
				oif = mnl_attr_get_u32(a);
	}
out:
	if (nl)
		mnl_socket_close(nl);
	return oif;
}

static void print_send(int err)
{
	if (!err)
		fputs("pass", stdout);
	else if (err == EPERM)
		fputs("drop", stdout);
	else
		printf("err:%d", err);
}

static int open_sockets(int *fd4, int *fd6)
{
	int one = 1;

	*fd4 = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	*fd6 = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW);
	if (*fd4 < 0 || *fd6 < 0) {
		perror("diffsend: raw socket");
		return -1;
	}
	/* Broadcast destinations are fair game too. */
	setsockopt(*fd4, SOL_SOCKET, SO_BROADCAST, &one, sizeof(one));
	return 0;
}

static int join_cgroup(const char *dir)
{
	char path[4096], pid[32];
	int fd, len, ok;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(pid, sizeof(pid), "%d\n", getpid());
	ok = write(fd, pid, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog = NULL;
	struct bpf_object *obj = NULL;
	struct bpf_link *link = NULL;
	struct packet *pkts;
	bool *run_pass = NULL;
	int n, fd4, fd6, cgfd;

	if (argc < 2 || argc == 3 || argc > 5) {
		fprintf(stderr, "usage: diffsend PKTFILE [OBJ PROG [CGROUPDIR]]\n");
		return 2;
	}
	pkts = read_packets(argv[1], &n);
	if (!pkts && n)
		return 2;
	if (argc >= 4) {
		char why[256] = "", var[64] = "";

		obj = bpf_object__open_file(argv[2], NULL);
		/* the host's values (interface indexes, kernel BTF ids) as
		 * cgnft's loader writes them: left at zero, `iif "lo"` would
		 * compare with index 0 and match every packet at egress */
		if (obj && fill_host_values(obj, why, sizeof(why), var, sizeof(var))) {
			fprintf(stderr, "diffsend: %s: %s: %s\n", argv[2], var, why);
			return 2;
		}
		if (!obj || bpf_object__load(obj)) {
			fprintf(stderr, "diffsend: cannot load %s\n", argv[2]);
			return 2;
		}
		prog = bpf_object__find_program_by_name(obj, argv[3]);
		if (!prog) {
			fprintf(stderr, "diffsend: no program %s in %s\n", argv[3], argv[2]);
			return 2;
		}
		run_pass = calloc(n + 1, sizeof(*run_pass));
		for (int i = 0; i < n; i++) {
			const struct packet *p = &pkts[i];
			size_t at = p->family == 4 ? 16 : 24;
			struct test_run_pkt tp = { .ip = p->data, .len = p->len,
						   .ipv6 = p->family == 6, .mark = p->mark,
						   .ifindex = p->len >= at + (p->family == 4 ? 4 : 16) ?
						   route_oif(p->family, p->data + at) : 0 };
			struct test_run_result r;
			int err = test_run_skb(bpf_program__fd(prog), -1, &tp, &r);

			if (err) {
				fprintf(stderr, "diffsend: test run of packet %d: %s\n", i + 1,
					strerror(-err));
				return 2;
			}
			run_pass[i] = r.pass;
		}
	}
	if (argc == 4) {
		for (int i = 0; i < n; i++)
			puts(run_pass[i] ? "pass" : "drop");
		bpf_object__close(obj);
		free(run_pass);
		free(pkts);
		return 0;
	}
	if (argc == 5) {
		cgfd = open(argv[4], O_RDONLY | O_DIRECTORY);
		link = cgfd < 0 ? NULL : bpf_program__attach_cgroup(prog, cgfd);
		if (!link || join_cgroup(argv[4])) {
			fprintf(stderr, "diffsend: cannot attach to or join %s\n", argv[4]);
			return 2;
		}
	}
	/* Sockets belong to the cgroup of the process that creates them. */
	if (open_sockets(&fd4, &fd6))
		return 2;
	for (int i = 0; i < n; i++) {
		print_send(send_one(fd4, fd6, &pkts[i]));
		if (run_pass)
			printf(" %s", run_pass[i] ? "pass" : "drop");
		putchar('\n');
	}
	bpf_link__destroy(link);
	bpf_object__close(obj);
	free(run_pass);
	free(pkts);
	return 0;
}
