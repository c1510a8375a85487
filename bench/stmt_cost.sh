# SPDX-License-Identifier: GPL-2.0
# Sourced by bench/stateful.sh and bench/log.sh: stmt_cost BUILD_DIR
# "NAME|STATEMENT"... compiles, per variant, two drop rules followed by
# STATEMENT in an egress chain, runs it with bench/pktbench (BENCH_REPEAT
# times, 10^6 by default) and prints the "nomatch" packet's ns/packet next
# to the empty program's (the floor) and to the first variant's.
stmt_cost() {
	local build=$1 cgnft pktbench repeat tmp name stmt ns floor base="" v
	shift
	cgnft=$build/cgnft
	pktbench=$build/bench/pktbench
	repeat=${BENCH_REPEAT:-1000000}
	tmp=$(mktemp -d /tmp/cgnft-bench-stmt.XXXXXX)
	printf "%-22s %10s %10s %10s %10s\n" statement "ns/packet" "floor ns" "/floor" "added ns"
	for v in "$@"; do
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
	rm -rf "$tmp"
}
