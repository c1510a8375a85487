#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-packet cost of interface matches, against baselines of the same run:
# the empty program (pktbench's floor) and the same two rules without the
# interface match.  BPF_PROG_TEST_RUN runs the packets on lo, so `iifname
# "lo"` and `iifname != "eth*"` match (a name loaded through the kernel's
# sk_buff with a kfunc and CO-RE loads; pktbench loads the object with
# libbpf alone, so `iif`, whose index cgnft's loader fills in, is left out).
# Usage: bench/iface.sh BUILD_DIR   (run under the test lock)
set -u
build=${1:-.}
repeat=${BENCH_REPEAT:-1000000}
tmp=$(mktemp -d /tmp/cgnft-bench-if.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

variant() {	# NAME MATCH
	cat > "$tmp/$1.nft" <<NFT
table cgroup b {
	cgroup "/"
	chain in {
		type filter hook ingress priority 0;
		$2 tcp dport 1 drop
		$2 tcp dport 2 drop
	}
}
NFT
	"$build/cgnft" compile -o "$tmp/$1.o" "$tmp/$1.nft" || exit 1
	"$build/bench/pktbench" "$tmp/$1.o" b_ingress "$repeat" > "$tmp/$1.out"
}
variant plain ""
variant ifname 'iifname "lo"'
variant wild 'iifname != "eth*"'
get() { awk -v k="$2" '$1 == k { print $2 }' "$tmp/$1.out"; }
floor=$(get plain floor)
base=$(get plain first)
printf '%-22s %10s %10s %14s %12s\n' variant "first ns" "nomatch ns" "first-floor" "vs plain"
for v in plain ifname wild; do
	f=$(get $v first) n=$(get $v nomatch)
	awk -v v="$v" -v f="$f" -v n="$n" -v fl="$floor" -v b="$base" 'BEGIN {
		printf "%-22s %10.1f %10.1f %14.1f %11.2fx\n", v, f, n, f - fl, (f - fl) / (b - fl) }'
done
echo "floor (empty program): $floor ns; verified_insns: plain $(get plain verified_insns)," \
	"ifname $(get ifname verified_insns), wild $(get wild verified_insns)"
