#!/bin/bash
# cgnft benchmark: every figure next to a baseline measured in the same run.
#   compile: cgnft compile vs `nft -c -f` on the same rules (fresh netns)
#   apply:   cgnft apply (compile+load+verify+attach) vs `nft -f` (fresh netns)
#   packet:  ns/packet via BPF_PROG_TEST_RUN vs the empty program (floor)
#   verifier: processed instructions, program size
# Writes bench/out/results.csv and bench/out/ns_per_packet.png.
# Usage: bench/run.sh BUILD_DIR   (sizes: BENCH_SIZES="10 100 1000")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
cgnft=$build/cgnft
pktbench=$build/bench/pktbench
out=${BENCH_OUT:-$build/bench/out}
sizes=${BENCH_SIZES:-"10 100 1000 2000"}
repeat=${BENCH_REPEAT:-1000000}
mkdir -p "$out"
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
mkdir -p "$CGM/cgnft-bench"
ns=cgnft-bench-$$
ip netns add "$ns"
trap '"$cgnft" delete table bench >/dev/null 2>&1; rmdir "$CGM/cgnft-bench"; ip netns del "$ns"' EXIT

now() { date +%s.%N; }
# best of 3 wall-clock seconds of a command
best() { local b=999999 t0 t1; for _ in 1 2 3; do t0=$(now); "$@" >/dev/null 2>&1 || return 1; t1=$(now); b=$(echo "$t1 - $t0 < $b" | bc -l | grep -q 1 && echo "$t1 - $t0" | bc -l || echo $b); done; echo "$b"; }

echo "rules,cgnft_compile_s,nft_check_s,compile_ratio,cgnft_apply_s,nft_apply_s,apply_ratio,insns,verified_insns,floor_ns,first_ns,last_ns,nomatch_ns,first_x,last_x,nomatch_x" > "$out/results.csv"
printf "%7s | %9s %9s %7s | %9s %9s %7s | %7s %9s | %6s %6s %6s %6s | %6s %6s %6s\n" \
	rules compile nft-c ratio apply nft-f ratio insns verified floor first last nomatch first last nomatch
for n in $sizes; do
	python3 "$top/bench/gen_rules.py" "$n" "$out/r$n"
	c=$(best "$cgnft" compile "$out/r$n.cgnft.nft" -o "$out/r$n.o")
	nc=$(best ip netns exec "$ns" nft -c -f "$out/r$n.nft")
	"$cgnft" delete table bench >/dev/null 2>&1
	a=$(best "$cgnft" apply "$out/r$n.cgnft.nft") || a=FAIL
	ip netns exec "$ns" nft flush ruleset
	na=$(best bash -c "ip netns exec $ns nft flush ruleset; ip netns exec $ns nft -f $out/r$n.nft")
	id=$("$cgnft" list | grep -o 'prog id [0-9]*' | awk '{print $3}')
	info=$(bpftool prog show id "$id" 2>/dev/null)
	insns=$(( $(echo "$info" | grep -o 'xlated [0-9]*B' | tr -dc 0-9) / 8 ))
	read -r fl fi la no verified < <("$pktbench" "$out/r$n.o" bench_egress "$repeat" | awk '{v[$1]=$2} END {print v["floor"], v["first"], v["last"], v["nomatch"], v["verified_insns"]}')
	r() { echo "scale=2; $1 / $2" | bc -l; }
	printf "%7s | %8.4fs %8.4fs %7s | %8.4fs %8.4fs %7s | %7s %9s | %6s %6s %6s %6s | %6s %6s %6s\n" \
		"$n" "$c" "$nc" "$(r "$c" "$nc")" "${a/FAIL/0}" "$na" "$(r "${a/FAIL/0}" "$na")" "$insns" "$verified" \
		"$fl" "$fi" "$la" "$no" "$(r "$fi" "$fl")" "$(r "$la" "$fl")" "$(r "$no" "$fl")"
	echo "$n,$c,$nc,$(r "$c" "$nc"),$a,$na,$(r "${a/FAIL/0}" "$na"),$insns,$verified,$fl,$fi,$la,$no,$(r "$fi" "$fl"),$(r "$la" "$fl"),$(r "$no" "$fl")" >> "$out/results.csv"
done
gnuplot <<EOF 2>/dev/null && echo "plot: $out/ns_per_packet.png"
set terminal png size 800,500
set output "$out/ns_per_packet.png"
set datafile separator ","
set logscale x
set xlabel "rules"
set ylabel "ns per packet (BPF_PROG_TEST_RUN)"
set key top left
plot "$out/results.csv" every ::1 using 1:10 with linespoints title "empty program (floor)", \
     "" every ::1 using 1:12 with linespoints title "cgnft, last-rule match", \
     "" every ::1 using 1:13 with linespoints title "cgnft, no match", \
     "" every ::1 using 1:11 with linespoints title "cgnft, first-rule match"
EOF
echo "csv: $out/results.csv"
