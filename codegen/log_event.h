/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The log ring's events: what a log statement's code (codegen/gen_log.c)
 * writes and `cgnft monitor` (cli/cmd_monitor.c) reads.  One ring per
 * object, map CG_LOG_MAP, pinned as CG_LOG_PIN in the pin directory and
 * taken over by each new object (runtime/log_ring.c), so a monitor keeps
 * reading across applies.  An event names its statement by site (an
 * ir_unit.logs index) and the sites' generation (a hash of them all, see
 * cg_log_generation): the runtime writes the sites of the applied unit to
 * CG_LOG_SITES_FILE, so that the monitor can tell a site of the rules it
 * knows from one of an earlier apply.
 */
#ifndef CGNFT_LOG_EVENT_H
#define CGNFT_LOG_EVENT_H

#include <stdint.h>

#include "ir/ir.h"

#define CG_LOG_MAP "cgnft_log"
#define CG_LOG_PIN "log"
/* Events suppressed (the bucket was empty or the ring full): a
 * PERCPU_ARRAY of one u64, pinned and handed on like the ring. */
#define CG_LOG_DROPS_MAP "cgnft_log_drop"
#define CG_LOG_DROPS_PIN "log_drops"
#define CG_LOG_RING_BYTES (4u << 20)	/* ~22,000 events: the whole burst */
#define CG_LOG_BYTES 128		/* the packet's first bytes, at most */

struct cgnft_log_event {
	uint32_t gen;		/* cg_log_generation() of the object */
	uint32_t site;		/* ir_unit.logs index */
	uint64_t time_ns;	/* bpf_ktime_get_ns() (CLOCK_MONOTONIC) */
	uint64_t cgroup_id;	/* the socket's cgroup (v2 inode number) */
	uint32_t hook;		/* enum ir_hook */
	uint32_t uid;		/* the socket's owner; overflowuid when none */
	uint32_t len;		/* skb->len: from the network header */
	uint32_t ifindex;	/* skb->ifindex */
	uint32_t protocol;	/* skb->protocol, network order */
	uint32_t mark;		/* skb->mark */
	uint32_t caplen;	/* bytes of data[] that hold the packet */
	uint32_t pad;
	uint8_t data[CG_LOG_BYTES];	/* from the network header */
};

/* A hash of the unit's log sites (FNV-1a over their descriptions). */
uint32_t cg_log_generation(const struct ir_unit *u);

#endif
