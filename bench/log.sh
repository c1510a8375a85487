#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-packet cost of a log statement (BPF_PROG_TEST_RUN, bench/pktbench),
# against the empty program (pktbench's floor) and the same rules without
# it, measured in one run.  pktbench's "nomatch" packet (TCP to
# 192.0.2.3:3) passes the two drop rules in front, then:
#   log-not-reached  a log rule whose match fails (ip daddr 192.0.2.9 log):
#                    what logging costs the packets it does not log;
#   log-reached      a log every packet reaches: after the burst (10,000
#                    events at once, 10,000 a second) the shared bucket
#                    refuses, so with the default 10^6 repeats almost every
#                    run takes the bucket's lock and test and writes no
#                    event: the cost of a flood.  With BENCH_REPEAT=500
#                    (5 rounds x 4 packets that reach the log x 500 =
#                    10,000: the burst) every run writes its event: the
#                    cost of a logged packet;
#   counter          a counter, for scale.
# Usage: bench/log.sh BUILD_DIR   (BENCH_REPEAT=1000000)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/stmt_cost.sh"

variants=(
	"none|"
	"log-not-reached|ip daddr 192.0.2.9 log prefix \"x: \""
	"log-reached|log prefix \"x: \""
	"counter|counter"
)
stmt_cost "${1:-$top}" "${variants[@]}"
