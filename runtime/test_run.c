// SPDX-License-Identifier: GPL-2.0
/* BPF_PROG_TEST_RUN for cgroup_skb programs. */
#include <bpf/bpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runtime/test_run.h"

/* The hardware address of device `ifindex` into mac[0..5], if it has one. */
static void device_mac(uint32_t ifindex, uint8_t *mac)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	if (if_indextoname(ifindex, ifr.ifr_name) && !ioctl(fd, SIOCGIFHWADDR, &ifr))
		memcpy(mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
	close(fd);
}

int test_run_skb(int prog_fd, int trace_fd, const struct test_run_pkt *pkt,
		 struct test_run_result *res)
{
	/* The kernel wants data_in to start with an Ethernet header; it takes
	 * skb->protocol from it and shows the program the IP packet. */
	size_t len = ETH_HLEN + pkt->len;
	uint8_t *frame = calloc(1, len);
	struct __sk_buff ctx = { .mark = pkt->mark, .priority = pkt->priority,
				 .ifindex = pkt->ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = len,
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = 1);
	uint32_t key = 0, zero = 0;
	int err;

	memset(res, 0, sizeof(*res));
	if (!frame)
		return -ENOMEM;
	/* to the device's address (the loopback device's is
	 * 00:00:00:00:00:00), so that eth_type_trans() gives the pkt_type of
	 * local traffic, PACKET_HOST (meta pkttype); from a locally
	 * administered one */
	if (pkt->ifindex > 1)
		device_mac(pkt->ifindex, frame);
	frame[6] = 0x02;
	frame[11] = 1;
	frame[12] = pkt->ipv6 ? ETH_P_IPV6 >> 8 : ETH_P_IP >> 8;
	frame[13] = pkt->ipv6 ? ETH_P_IPV6 & 0xff : ETH_P_IP & 0xff;
	memcpy(frame + ETH_HLEN, pkt->ip, pkt->len);
	if (trace_fd >= 0 && bpf_map_update_elem(trace_fd, &key, &zero, BPF_ANY)) {
		err = -errno;
		goto out;
	}
	err = bpf_prog_test_run_opts(prog_fd, &opts);
	if (err) {
		err = -errno;
		goto out;
	}
	res->retval = opts.retval;
	res->pass = opts.retval & 1;
	if (trace_fd >= 0 && bpf_map_lookup_elem(trace_fd, &key, &res->trace))
		err = -errno;
out:
	free(frame);
	return err;
}
