#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# cgnft benchmark: every figure next to a baseline measured in the same run.
#   compile: cgnft compile vs `nft -c -f` on the same rules
#   apply:   cgnft apply (compile+load+verify+attach) vs `nft -f`
#   packet:  ns/packet via BPF_PROG_TEST_RUN vs the empty program (floor)
#   verifier: program size, processed instructions, verification time
#   send:    UDP datagrams/s from a process in the benchmark cgroup and in
#            a sender netns, through a veth into a peer netns: no filter,
#            cgnft's program, the same rules in nftables' output chain;
#            ns/packet added by each = 1/rate - 1/rate(no filter)
# A failed step prints FAIL (first error line in errors.log), an nft step
# over $BENCH_NFT_TIMEOUT seconds prints TIMEOUT; the run goes on.
# Writes results.csv, errors.log and ns_per_packet.png to bench/out.
# Usage: bench/run.sh BUILD_DIR   (BENCH_SIZES="10 1000 10000 100000")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
cgnft=$build/cgnft
pktbench=$build/bench/pktbench
udpsend=$build/bench/udpsend
out=${BENCH_OUT:-$build/bench/out}
sizes=${BENCH_SIZES:-"10 1000 10000 100000"}
repeat=${BENCH_REPEAT:-1000000}
tmo=${BENCH_NFT_TIMEOUT:-120}
secs=${BENCH_SEND_SECONDS:-1}
mkdir -p "$out"
: > "$out/errors.log"
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
cg=$CGM/cgnft-bench
mkdir -p "$cg"
# sender netns (nft timings and the sending process) and peer netns:
# 192.0.2.10 -> 192.0.2.3 over a veth; nothing listens on the peer.
snd=cgnft-bench-s-$$
peer=cgnft-bench-p-$$
cleanup() {
	"$cgnft" delete table bench >/dev/null 2>&1
	ip netns del "$snd" 2>/dev/null
	ip netns del "$peer" 2>/dev/null
	rmdir "$cg" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ip netns add "$snd" && ip netns add "$peer" &&
ip -n "$snd" link add cgb0 type veth peer name cgb1 netns "$peer" &&
ip -n "$snd" addr add 192.0.2.10/32 dev cgb0 &&
ip -n "$peer" addr add 192.0.2.3/32 dev cgb1 &&
ip -n "$snd" link set cgb0 up && ip -n "$peer" link set cgb1 up &&
ip -n "$snd" route add 192.0.2.3/32 dev cgb0 src 192.0.2.10 &&
ip -n "$peer" route add 192.0.2.10/32 dev cgb1 || { echo "bench: netns/veth setup failed" >&2; exit 1; }

now() { date +%s.%N; }
num() { [[ $1 =~ ^-?[0-9.]+$ ]]; }
# log N STEP FILE: first error line of a failed step
log() { echo "$1 rules, $2: $(grep -v '^libbpf:' "$3" | grep -m1 .)" >> "$out/errors.log"; }
# best N STEP CMD...: best wall seconds of 3 runs (1 run if it takes > 5 s);
# prints FAIL or TIMEOUT (exit status 124, from timeout) instead
best() {
	local n=$1 step=$2 b="" t0 t1 d rc
	shift 2
	for _ in 1 2 3; do
		t0=$(now)
		"$@" >/dev/null 2>"$out/err"
		rc=$?
		t1=$(now)
		if [ $rc -eq 124 ]; then
			echo "$n rules, $step: timeout after ${tmo}s" >> "$out/errors.log"
			echo TIMEOUT
			return 1
		elif [ $rc -ne 0 ]; then
			log "$n" "$step" "$out/err"
			echo FAIL
			return 1
		fi
		d=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
		[ "$(echo "$d > 5" | bc -l)" = 1 ] && break
	done
	printf "%.4f\n" "$b"
}
# send N STEP: best of 3 UDP send rates (datagrams/s) from the cgroup+netns,
# pinned to the last CPU (the veth's receive softirq runs there too)
cpu=$(($(nproc) - 1))
send() {
	local n=$1 step=$2 b=0 p
	for _ in 1 2 3; do
		p=$(taskset -c "$cpu" "$udpsend" -c "$cg" -n "/run/netns/$snd" 192.0.2.3 3 "$secs" 64 2>"$out/err" |
			awk '$1 == "pps" { print $2 }')
		if [ -z "$p" ]; then
			log "$n" "$step" "$out/err"
			echo FAIL
			return 1
		fi
		[ "$p" -gt "$b" ] && b=$p
	done
	echo "$b"
}
r() { num "$1" && num "$2" && printf "%.2f\n" "$(echo "$1 / $2" | bc -l)" || echo -; }
# ns added per packet: 1e9/rate - 1e9/rate_none
added() { num "$1" && num "$2" && [ "$1" != 0 ] && printf "%.0f\n" "$(echo "1000000000 / $1 - 1000000000 / $2" | bc -l)" || echo -; }
nft_s() { timeout "$tmo" ip netns exec "$snd" nft "$@"; }
fresh_nft() { nft_s flush ruleset && nft_s -f "$1"; }

fields="rules,cgnft_compile_s,nft_check_s,compile_ratio,cgnft_apply_s,nft_apply_s,apply_ratio,insns,verified_insns,floor_ns,first_ns,last_ns,nomatch_ns,first_x,last_x,nomatch_x,verify_ms,pps_none,pps_cgnft,pps_nft,cgnft_send_ns,nft_send_ns,nomatch_udp_ns,nomatch_v6_ns,nomatch_udp_x,nomatch_v6_x,nomatch_v6ext_ns,nomatch_v6ext_x"
echo "$fields" > "$out/results.csv"
hdr="%7s | %8s %8s %5s | %8s %8s %5s | %7s %8s %8s | %6s %6s %7s %7s | %5s %6s %6s | %7s %7s %7s | %7s %8s | %6s %6s %5s %5s | %6s %5s\n"
printf "$hdr" rules compile nft-c ratio apply nft-f ratio insns verified verify-ms \
	floor first last nomatch first last nomatch pps-none pps-cg pps-nft cg-ns nft-ns \
	udp v6 udp v6 v6ext v6ext
for n in $sizes; do
	f=$out/r$n
	python3 "$top/bench/gen_rules.py" "$n" "$f"
	"$cgnft" delete table bench >/dev/null 2>&1
	nft_s flush ruleset

	# compile, and nft's check of the same rules
	c=$(best "$n" "cgnft compile" "$cgnft" compile "$f.cgnft.nft" -o "$f.o")
	nc=$(best "$n" "nft -c" nft_s -c -f "$f.nft")

	# nft apply; the table stays loaded for the nftables send rate.
	# -f does at least the work of -c, so a -c timeout skips it.
	if [ "$nc" = TIMEOUT ]; then
		na=TIMEOUT pn=TIMEOUT
		echo "$n rules, nft -f and nft send: skipped (nft -c timed out)" >> "$out/errors.log"
	else
		na=$(best "$n" "nft -f" fresh_nft "$f.nft")
		num "$na" && pn=$(send "$n" "send through nft") || pn=FAIL
	fi
	nft_s flush ruleset
	p0=$(send "$n" "send, no filter")

	# cgnft apply; the program stays attached for cgnft's send rate
	a=$(best "$n" "cgnft apply" "$cgnft" apply "$f.cgnft.nft")
	insns=- pc=FAIL
	if num "$a"; then
		id=$("$cgnft" list | grep -o 'prog id [0-9]*' | awk '{ print $3; exit }')
		x=$(bpftool prog show id "$id" 2>/dev/null | grep -o 'xlated [0-9]*B' | tr -dc 0-9)
		[ -n "$x" ] && insns=$((x / 8))
		pc=$(send "$n" "send through cgnft")
		# make check's runtime test flushes everything: say so, not a number
		if ! "$cgnft" list 2>/dev/null | grep -q bench; then
			echo "$n rules, send through cgnft: table bench vanished (make check running?)" >> "$out/errors.log"
			pc=FAIL
		fi
	fi
	"$cgnft" delete table bench >/dev/null 2>&1

	# per packet (test run): the cost is flat in the rule count, so the
	# same repeat count for every size
	fl=FAIL fi=FAIL la=FAIL no=FAIL nu=FAIL n6=FAIL n6x=FAIL verified=- vms=FAIL
	rep=$repeat
	if num "$c"; then
		if "$pktbench" "$f.o" bench_egress "$rep" > "$out/pkt" 2>"$out/err"; then
			read -r fl fi la no nu n6 n6x verified vus < <(awk '{ v[$1] = $2 } END {
				print v["floor"], v["first"], v["last"], v["nomatch"],
				      v["nomatch_udp"], v["nomatch_v6"], v["nomatch_v6ext"],
				      v["verified_insns"], v["verify_us"] }' "$out/pkt")
			vms=$(echo "scale=1; $vus / 1000" | bc -l)
		else
			log "$n" "pktbench" "$out/err"
		fi
	fi

	cs=$(added "$pc" "$p0") ns=$(added "$pn" "$p0")
	printf "$hdr" "$n" "$c" "$nc" "$(r "$c" "$nc")" "$a" "$na" "$(r "$a" "$na")" \
		"$insns" "$verified" "$vms" "$fl" "$fi" "$la" "$no" \
		"$(r "$fi" "$fl")" "$(r "$la" "$fl")" "$(r "$no" "$fl")" "$p0" "$pc" "$pn" "$cs" "$ns" \
		"$nu" "$n6" "$(r "$nu" "$fl")" "$(r "$n6" "$fl")" "$n6x" "$(r "$n6x" "$fl")"
	echo "$n,$c,$nc,$(r "$c" "$nc"),$a,$na,$(r "$a" "$na"),$insns,$verified,$fl,$fi,$la,$no,$(r "$fi" "$fl"),$(r "$la" "$fl"),$(r "$no" "$fl"),$vms,$p0,$pc,$pn,$cs,$ns,$nu,$n6,$(r "$nu" "$fl"),$(r "$n6" "$fl"),$n6x,$(r "$n6x" "$fl")" >> "$out/results.csv"
done
rm -f "$out/err" "$out/pkt"
gnuplot -e "csv='$out/results.csv'; png='$out/ns_per_packet.png'" "$top/bench/plot.gp" 2>/dev/null &&
	echo "plot: $out/ns_per_packet.png"
echo "csv: $out/results.csv   errors: $out/errors.log"
