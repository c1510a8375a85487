#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-packet cost of `ct state` on ingress (read from the receiving socket)
# and on egress (the conntrack entry, through bpf_cast_to_kern_ctx and a
# CO-RE load of skb->_nfct), against an empty chain and a one-port-match
# chain of the same hook in the same run; and of `socket state` (the
# socket's own state, struct bpf_sock.state after bpf_sk_fullsock).
# Real loopback traffic in a private network namespace (bench/ct_traffic.py:
# UDP and TCP round trips, every packet received by a socket of the
# benchmark cgroup); the kernel's own BPF run-time statistics
# (kernel.bpf_stats_enabled: run_time_ns / run_cnt per program) give ns per
# program run, which includes the statistics' own overhead (the same for
# every program).  Usage: bench/ct.sh BUILD_DIR [ROUND_TRIPS]
# Prints one line per program and the ratios against the empty program.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top}
n=${2:-20000}
cgnft=$build/cgnft
if [ -z "${CT_BENCH_NETNS:-}" ]; then
	exec unshare --net env CT_BENCH_NETNS=1 bash "$0" "$@"
fi
ip link set lo up
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
tmp=$(mktemp -d /tmp/cgnft-ctbench.XXXXXX)
old_stats=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() {
	for k in empty port ct sock; do
		"$cgnft" delete table "cb$k" >/dev/null 2>&1
		rmdir "$CGM/cgnft-ctbench-$k" 2>/dev/null
	done
	sysctl -qw kernel.bpf_stats_enabled="$old_stats"
	rm -rf "$tmp"
}
trap cleanup EXIT
declare -A body=(
	[empty]=""
	[port]="udp dport 7999 drop"
	[ct]="ct state invalid drop
ct state established,related accept"
	[sock]="socket state time-wait drop
socket state { syn-sent, established } accept"
)
for k in empty port ct sock; do
	mkdir -p "$CGM/cgnft-ctbench-$k"
	printf 'table cgroup cb%s {\n\tcgroup "cgnft-ctbench-%s"\n\tchain in {\n\t\ttype filter hook ingress priority 0; policy accept;\n%s\n\t}\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;\n%s\n\t}\n}\n' \
		"$k" "$k" "${body[$k]}" "${body[$k]}" >"$tmp/$k.nft"
	"$cgnft" apply "$tmp/$k.nft" 2>"$tmp/apply.err" || { echo "FAIL: apply $k"; grep -v Warning "$tmp/apply.err" | head -5; exit 1; }
done
sysctl -qw kernel.bpf_stats_enabled=1
declare -A ns
for k in empty port ct sock; do
	python3 "$top/bench/ct_traffic.py" "$CGM/cgnft-ctbench-$k/cgroup.procs" "$n"
done
for h in ingress egress; do
	for k in empty port ct sock; do
		id=$(bpftool prog show name "cb${k}_$h" -j | python3 -c \
			'import json,sys; p=json.load(sys.stdin); p=p[0] if isinstance(p,list) else p; print(p["id"], p.get("run_time_ns",0), p.get("run_cnt",0), p.get("xlated_prog_insns", p.get("bytes_xlated",0)//8))')
		set -- $id
		ns[$k]=$(awk -v t="$2" -v c="$3" 'BEGIN { printf "%.1f", c ? t / c : 0 }')
		printf '%-7s %-6s runs %8d  ns/run %6s  insns %d\n' "$h" "$k" "$3" "${ns[$k]}" "$4"
	done
	for k in port ct sock; do
		awk -v a="${ns[$k]}" -v b="${ns[empty]}" -v k="$k" -v h="$h" \
			'BEGIN { printf "%-7s %s / empty: %.2f (%+.1f ns per packet)\n", h, k, a / b, a - b }'
	done
done
