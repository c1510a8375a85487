#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sysctl policies by shape and size (issue 21): per policy, the program's
# instructions and verified instructions (bench/progstat), and the cost of
# one read() and one write() of a knob from a process in the cgroup
# (bench/sysctlbench), next to the same costs with an empty sysctl program
# (no rules) measured in the same run: ratios = cost / empty.
# The access is the worst case for the rules in order: net/ipv4/tcp_fin_timeout
# written with its own value (60), which no generated rule matches; the
# policy ends in `accept`.
# Usage: bench/sysctl.sh BUILD_DIR  (SB_SIZES="10 100 1000 2000 10000",
#        SB_SHAPES="exact range ronly glob sglob mglob set neq", SB_N=200000)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
cgnft=$build/cgnft
sizes=${SB_SIZES:-"10 100 1000 2000 10000"}
shapes=${SB_SHAPES:-"exact range ronly glob sglob mglob set neq"}
n=${SB_N:-200000}
work=$(mktemp -d /tmp/cgnft-sysctlbench.XXXXXX)
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
cg=cgnft-sysctlbench
mkdir -p "$CGM/$cg"
trap '"$cgnft" delete table sb >/dev/null 2>&1; rmdir "$CGM/$cg"; rm -rf "$work"' EXIT

rule() {	# rule SHAPE I
	case $1 in
	exact) echo "sysctl write sysctl name \"net/gen/knob$2\" accept" ;;
	range) echo "sysctl write sysctl name \"net/gen/knob$2\" sysctl value $2-$(($2 + 5)) drop" ;;
	ronly) echo "sysctl write sysctl value $((1000 + 3 * $2))-$((1001 + 3 * $2)) drop" ;;
	glob) echo "sysctl write sysctl name \"net/gen$2/*_timeout\" drop" ;;
	# suffix only: no fixed start
	sglob) echo "sysctl write sysctl name \"*/knob$2_mtu\" drop" ;;
	# mixed: prefix only, suffix only, both, a `*` in the middle
	mglob) case $(($2 % 4)) in
		0) echo "sysctl write sysctl name \"net/gen$2/*\" drop" ;;
		1) echo "sysctl write sysctl name \"*/knob$2_mtu\" drop" ;;
		2) echo "sysctl write sysctl name \"net/gen$2/*_timeout\" drop" ;;
		3) echo "sysctl write sysctl name \"net/*/fwd$2\" drop" ;;
		esac ;;
	# a set of two names per rule (one table rule per element)
	set) echo "sysctl write sysctl name { \"net/gen/knob$2\", \"net/gen/alt$2\" } accept" ;;
	# every name but one, and a range: every rule a candidate of the access
	neq) echo "sysctl write sysctl name != \"net/gen/knob$2\" sysctl value $((1000 + 3 * $2))-$((1001 + 3 * $2)) drop" ;;
	esac
}

policy() {	# policy SHAPE SIZE > file
	printf 'table cgroup sb {\n\tcgroup "%s"\n\tchain c {\n\t\ttype filter hook sysctl priority 0; policy accept;\n' "$cg"
	for ((i = 0; i < $2; i++)); do printf '\t\t%s\n' "$(rule "$1" $i)"; done
	printf '\t}\n}\n'
}

measure() {	# measure FILE -> "insns verified read_ns write_ns" or FAIL
	local f=$1 insns verified r w
	"$cgnft" compile "$f" -o "$work/p.o" 2>>"$work/err" || { echo FAIL; return; }
	read -r _ _ insns _ verified < <("$build/bench/progstat" "$work/p.o" 2>>"$work/err") || { echo FAIL; return; }
	"$cgnft" apply "$f" 2>>"$work/err" || { echo FAIL; return; }
	read -r _ r _ w < <(unshare -n bash -c "echo \$\$ > '$CGM/$cg/cgroup.procs'; exec '$build/bench/sysctlbench' net/ipv4/tcp_fin_timeout $n")
	echo "$insns $verified $r $w"
}

policy exact 0 > "$work/empty.nft"
read -r _ _ base_r base_w < <(measure "$work/empty.nft")
"$cgnft" delete table sb >/dev/null 2>&1
read -r none_r none_w < <(unshare -n bash -c "echo \$\$ > '$CGM/$cg/cgroup.procs'; exec '$build/bench/sysctlbench' net/ipv4/tcp_fin_timeout $n" | awk '{ print $2, $4 }')
echo "no program: read ${none_r} ns, write ${none_w} ns; empty sysctl program: read ${base_r} ns, write ${base_w} ns"
printf '%-6s %6s %8s %9s %8s %6s %8s %6s\n' shape rules insns verified read_ns ratio write_ns ratio
for shape in $shapes; do
	for size in $sizes; do
		[ "$shape" != exact ] && [ "$size" -gt 2000 ] && continue
		policy "$shape" "$size" > "$work/p.nft"
		set -- $(measure "$work/p.nft")
		if [ "$1" = FAIL ]; then
			printf '%-6s %6s FAIL (%s)\n' "$shape" "$size" "$(tail -1 "$work/err")"
			continue
		fi
		printf '%-6s %6s %8s %9s %8s %6.2f %8s %6.2f\n' "$shape" "$size" "$1" "$2" \
			"$3" "$(echo "$3 / $base_r" | bc -l)" "$4" "$(echo "$4 / $base_w" | bc -l)"
	done
done
