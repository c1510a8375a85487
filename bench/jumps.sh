#!/bin/bash
# Jump graphs: N regular chains in up to 15 layers, each jumped to (or
# gone to) from FANIN rules of the layer above (bench/gen_jumps.py).  For
# each shape: the rules, the program's instructions, the verifier's
# processed instructions (bench/progstat), cgnft compile time, and nft -f
# of the same rules (an inet table, in a private network namespace), each
# the best of 3 runs.  Usage: bench/jumps.sh BUILD_DIR [N...] (default
# 5 10 20 30 100 300); FANINS="1 2 4 8" by default.  Needs root.
set -u
build=${1:?usage: jumps.sh BUILD_DIR [N...]}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
sizes=${*:-5 10 20 30 100 300}
fanins=${FANINS:-1 2 4 8}
work=$(mktemp -d /tmp/cgnft-jumps.XXXXXX)
trap 'rm -rf "$work"' EXIT

best3() {	# best3 CMD...: the fastest of three runs, in ms
	local best=
	for _ in 1 2 3; do
		local t0 t1 ms
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || { echo fail; return; }
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	done
	echo "$best"
}

printf '%6s %6s %6s %9s %9s %11s %10s %9s %8s\n' chains fanin rules insns verified "verif/rule" compile_ms nft_f_ms ratio
for n in $sizes; do
	for f in $fanins; do
		python3 "$top/bench/gen_jumps.py" "$n" "$f" > "$work/j.nft"
		python3 "$top/bench/gen_jumps.py" "$n" "$f" --nft > "$work/j.nft.nft"
		rules=$(grep -c -E 'drop|accept|counter|jump|goto' "$work/j.nft")
		if ! "$build/cgnft" compile "$work/j.nft" -o "$work/j.o" 2>"$work/err"; then
			echo "$n $f: compile failed: $(head -1 "$work/err")"; continue
		fi
		read -r _ _ insns _ verified < <("$build/bench/progstat" "$work/j.o" 2>/dev/null) ||
			{ insns=?; verified="load-failed"; }
		cms=$(best3 "$build/cgnft" compile "$work/j.nft" -o "$work/j2.o")
		nms=$(best3 unshare --net nft -f "$work/j.nft.nft")
		ratio=$(awk -v a="$cms" -v b="$nms" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
		per=$(awk -v v="$verified" -v r="$rules" 'BEGIN { if (v + 0 > 0) printf "%.0f", v / r; else print "-" }')
		printf '%6s %6s %6s %9s %9s %11s %10s %9s %8s\n' "$n" "$f" "$rules" "$insns" "$verified" "$per" "$cms" "$nms" "$ratio"
	done
done
