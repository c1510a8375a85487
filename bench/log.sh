#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-packet cost of a log statement (BPF_PROG_TEST_RUN, bench/pktbench),
# against the empty program (pktbench's floor) and the same rules without
# it, measured in one run.  pktbench's "nomatch" packet (TCP to
# 192.0.2.3:3) passes the two drop rules in front, then:
#   log-not-reached  a log rule whose match fails (ip daddr 192.0.2.9 log):
#                    what logging costs the packets it does not log;
#   log-limited      a log every packet reaches: after the burst (10,000
#                    events at once, 10,000 a second) the shared bucket
#                    refuses, so almost every run takes the bucket's lock
#                    and test and no event: the cost of a flood;
#   counter          a counter, for scale.
# Usage: bench/log.sh BUILD_DIR   (BENCH_REPEAT=1000000)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
cgnft=$build/cgnft
pktbench=$build/bench/pktbench
repeat=${BENCH_REPEAT:-1000000}
tmp=$(mktemp -d /tmp/cgnft-bench-log.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

variants=(
	"none|"
	"log-not-reached|ip daddr 192.0.2.9 log prefix \"x: \""
	"log-limited|log prefix \"x: \""
	"counter|counter"
)
printf "%-18s %10s %10s %10s %10s\n" statement "ns/packet" "floor ns" "/floor" "added ns"
base=""
for v in "${variants[@]}"; do
	name=${v%%|*}
	stmt=${v#*|}
	printf 'table cgroup bench {\n\tcgroup "bench"\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;\n\t\tip daddr 192.0.2.1 drop\n\t\tip daddr 192.0.2.2 drop\n\t\t%s\n\t}\n}\n' \
		"$stmt" >"$tmp/$name.nft"
	if ! "$cgnft" compile "$tmp/$name.nft" -o "$tmp/$name.o" 2>"$tmp/err" ||
	   ! "$pktbench" "$tmp/$name.o" bench_egress "$repeat" >"$tmp/out" 2>>"$tmp/err"; then
		printf "%-18s FAIL: %s\n" "$name" "$(head -1 "$tmp/err")"
		continue
	fi
	ns=$(awk '$1 == "nomatch" { print $2 }' "$tmp/out")
	floor=$(awk '$1 == "floor" { print $2 }' "$tmp/out")
	[ -z "$base" ] && base=$ns
	printf "%-18s %10.1f %10.1f %9.2fx %10.1f\n" "$name" "$ns" "$floor" \
		"$(echo "$ns / $floor" | bc -l)" "$(echo "$ns - $base" | bc -l)"
done
