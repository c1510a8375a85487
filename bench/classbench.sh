#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# ClassBench-like rule sets (bench/gen_classbench.py: acl, fw, ipc shapes)
# at several sizes; every figure next to a baseline of the same run:
#   compile: `cgnft compile` vs `nft -c -f` on the same rules, and the
#            compiler's peak memory (max RSS);
#   apply:   `cgnft apply` (compile + load + verify + attach) vs `nft -f`
#            (in a network namespace of its own);
#   packet:  mean, p99 and worst-packet ns over the set's packet trace
#            (bench/tracebench, BPF_PROG_TEST_RUN) vs the empty program;
#   program: instructions, verified instructions, verification time.
# A failed step prints FAIL (first error line in errors.log), an nft step
# over $BENCH_NFT_TIMEOUT s prints TIMEOUT.  Output: the table and
# classbench.csv in bench/out.
# Usage: bench/classbench.sh BUILD_DIR  (CB_SHAPES="acl fw ipc",
#        CB_SIZES="1000 10000 100000", CB_PACKETS=1000, CB_REPEAT=20000)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
cgnft=$build/cgnft
tb=$build/bench/tracebench
out=${BENCH_OUT:-$build/bench/out}
shapes=${CB_SHAPES:-"acl fw ipc"}
sizes=${CB_SIZES:-"1000 10000 100000"}
npk=${CB_PACKETS:-1000}
repeat=${CB_REPEAT:-20000}
tmo=${BENCH_NFT_TIMEOUT:-120}
mkdir -p "$out"
: > "$out/errors.log"
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
cg=$CGM/cgnft-bench
mkdir -p "$cg"
ns=cgnft-cb-$$
cleanup() {
	"$cgnft" delete table bench >/dev/null 2>&1
	ip netns del "$ns" 2>/dev/null
	rmdir "$cg" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$ns" || { echo "classbench: netns setup failed" >&2; exit 1; }

now() { date +%s.%N; }
num() { [[ $1 =~ ^-?[0-9.]+$ ]]; }
log() { echo "$1: $(grep -v '^libbpf:' "$2" | grep -m1 .)" >> "$out/errors.log"; }
# best WHAT CMD...: best wall seconds of 3 runs (1 if over 5 s), or FAIL/TIMEOUT
best() {
	local what=$1 b="" t0 t1 d rc
	shift
	for _ in 1 2 3; do
		t0=$(now)
		"$@" >/dev/null 2>"$out/err"
		rc=$?
		t1=$(now)
		if [ $rc -eq 124 ]; then
			echo "$what: timeout after ${tmo}s" >> "$out/errors.log"
			echo TIMEOUT
			return 1
		elif [ $rc -ne 0 ]; then
			log "$what" "$out/err"
			echo FAIL
			return 1
		fi
		d=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
		[ "$(echo "$d > 5" | bc -l)" = 1 ] && break
	done
	printf "%.4f\n" "$b"
}
r() { num "$1" && num "$2" && printf "%.2f\n" "$(echo "$1 / $2" | bc -l)" || echo -; }
nft_n() { timeout "$tmo" ip netns exec "$ns" nft "$@"; }
fresh_nft() { nft_n flush ruleset && nft_n -f "$1"; }

fields="shape,rules,cgnft_compile_s,nft_check_s,compile_ratio,compile_maxrss_kb,cgnft_apply_s,nft_apply_s,apply_ratio,insns,verified_insns,verify_ms,floor_ns,mean_ns,p99_ns,worst_ns,mean_x,worst_x,object_kb"
echo "$fields" > "$out/classbench.csv"
hdr="%5s %7s | %8s %8s %5s %8s | %8s %8s %5s | %7s %8s %7s | %5s %6s %6s %6s %6s %6s | %8s\n"
printf "$hdr" shape rules compile nft-c ratio maxrssKB apply nft-f ratio insns verified verifyms \
	floor mean p99 worst mean-x worst-x objKB
for shape in $shapes; do
for n in $sizes; do
	f=$out/cb-$shape-$n
	python3 "$top/bench/gen_classbench.py" "$shape" "$n" "$f" --packets "$npk"
	"$cgnft" delete table bench >/dev/null 2>&1
	c=$(best "$shape $n cgnft compile" "$cgnft" compile "$f.cgnft.nft" -o "$f.o")
	/usr/bin/time -o "$out/rss" -f "%M" "$cgnft" compile "$f.cgnft.nft" -o "$f.o" >/dev/null 2>&1
	rss=$(tail -1 "$out/rss" 2>/dev/null)
	nc=$(best "$shape $n nft -c" nft_n -c -f "$f.nft")
	if [ "$nc" = TIMEOUT ]; then na=TIMEOUT; else na=$(best "$shape $n nft -f" fresh_nft "$f.nft"); fi
	nft_n flush ruleset
	a=$(best "$shape $n cgnft apply" "$cgnft" apply "$f.cgnft.nft")
	"$cgnft" delete table bench >/dev/null 2>&1
	insns=- verified=- vms=- fl=FAIL mean=FAIL p99=FAIL worst=FAIL okb=-
	if num "$c"; then
		okb=$(( $(stat -c %s "$f.o") / 1024 ))
		if "$tb" "$f.o" bench_egress "$repeat" "$f.pkts" > "$out/pkt" 2>"$out/err"; then
			read -r fl mean p99 worst verified insns vus < <(awk '{ v[$1] = $2 } END {
				print v["floor"], v["mean"], v["p99"], v["worst"],
				      v["verified_insns"], v["insns"], v["verify_us"] }' "$out/pkt")
			vms=$(echo "scale=1; $vus / 1000" | bc -l)
		else
			log "$shape $n tracebench" "$out/err"
		fi
	fi
	printf "$hdr" "$shape" "$n" "$c" "$nc" "$(r "$c" "$nc")" "$rss" "$a" "$na" "$(r "$a" "$na")" \
		"$insns" "$verified" "$vms" "$fl" "$mean" "$p99" "$worst" "$(r "$mean" "$fl")" "$(r "$worst" "$fl")" "$okb"
	echo "$shape,$n,$c,$nc,$(r "$c" "$nc"),$rss,$a,$na,$(r "$a" "$na"),$insns,$verified,$vms,$fl,$mean,$p99,$worst,$(r "$mean" "$fl"),$(r "$worst" "$fl"),$okb" >> "$out/classbench.csv"
done
done
rm -f "$out/err" "$out/pkt" "$out/rss"
echo "csv: $out/classbench.csv   errors: $out/errors.log"
