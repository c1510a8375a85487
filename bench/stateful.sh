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
build=${1:-$top}
cgnft=$build/cgnft
pktbench=$build/bench/pktbench
repeat=${BENCH_REPEAT:-1000000}
tmp=$(mktemp -d /tmp/cgnft-bench-state.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

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
printf "%-22s %10s %10s %10s %10s\n" statement "ns/packet" "floor ns" "/floor" "added ns"
base=""
for v in "${variants[@]}"; do
	name=${v%%|*}
	stmt=${v#*|}
	printf 'table cgroup bench {\n\tcgroup "bench"\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;\n\t\tip daddr 192.0.2.1 drop\n\t\tip daddr 192.0.2.2 drop\n\t\t%s\n\t}\n}\n' \
		"$stmt" >"$tmp/$name.nft"
	if ! "$cgnft" compile "$tmp/$name.nft" -o "$tmp/$name.o" 2>"$tmp/err" ||
	   ! "$pktbench" "$tmp/$name.o" bench_egress "$repeat" >"$tmp/out" 2>>"$tmp/err"; then
		printf "%-22s FAIL: %s\n" "$name" "$(head -1 "$tmp/err")"
		continue
	fi
	ns=$(awk '$1 == "nomatch" { print $2 }' "$tmp/out")
	floor=$(awk '$1 == "floor" { print $2 }' "$tmp/out")
	[ -z "$base" ] && base=$ns
	printf "%-22s %10.1f %10.1f %9.2fx %10.1f\n" "$name" "$ns" "$floor" \
		"$(echo "$ns / $floor" | bc -l)" "$(echo "$ns - $base" | bc -l)"
done
