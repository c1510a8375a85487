#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-packet cost of limit and quota (BPF_PROG_TEST_RUN, bench/pktbench),
# measured in one run against the empty program (pktbench's floor) and
# against the same rules without the statement.  The packet that goes
# through the statement is pktbench's "nomatch" one (TCP to 192.0.2.3:3),
# which the two drop rules in front let pass; every statement lets it
# through (rates and quotas far above what a run sends), so each run takes
# the statement's full path: lookup, lock or atomic add, and its test.
# Usage: bench/stateful.sh BUILD_DIR   (BENCH_REPEAT=1000000)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/stmt_cost.sh"

variants=(
	"none|"
	"counter|counter"
	"limit-packets|limit rate 4000000000/second"
	"limit-over|limit rate over 4000000000/second drop"
	"limit-bytes|limit rate 4000 mbytes/second"
	"quota|quota 8000000 mbytes"
	"quota-over|quota over 8000000 mbytes drop"
	"limit+quota+counter|limit rate 4000000000/second quota 8000000 mbytes counter"
)
stmt_cost "${1:-$top}" "${variants[@]}"
