#!/bin/bash
# Issue 16: an allocation that fails anywhere in an apply.  CGNFT_FAULT=alloc:N
# (ir/xalloc.c) makes the Nth allocation fail; alloc:0 counts them.  The
# apply of version B over A is cut at 30 points spread over all its
# allocations, from parsing to the state files.  Each must end in exit 1
# with "cgnft: out of memory" (never a crash), and leave either A whole
# (verdicts on real traffic in both cgroups, listing, pins, state files) or,
# past the commit point, a state the next apply repairs, as after a SIGKILL
# (tests/runtime/kill.sh).  A cut leaves A whole at every point before
# the first one that does not (the commit point is one point, not a range).
. "$TOP_SRCDIR/tests/lib.sh"
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
T=$(mktemp -d)
CG="cgnft-allocf-$$"
mkdir -p "$CGM/$CG/one" "$CGM/$CG/two"
cleanup() {
	"$CGNFT" flush ruleset >/dev/null 2>&1
	rmdir "$CGM/$CG/one" "$CGM/$CG/two" "$CGM/$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
"$CGNFT" flush ruleset >/dev/null 2>&1

cat > "$T/A.nft" <<EOF
table cgroup f {
	cgroup "$CG/one"
	set ports { type inet_service; elements = { 7901, 7911 } }
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport @ports counter drop
	}
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport 7950 drop
	}
}
table cgroup g {
	cgroup "$CG/two"
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport 7952 drop
	}
}
EOF
# B changes f and replaces g's ingress chain by an egress one: an apply
# updates links, creates one and removes one
cat > "$T/B.nft" <<EOF
table cgroup f {
	cgroup "$CG/one"
	set ports { type inet_service; elements = { 7902, 7912 } }
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport @ports counter drop
	}
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport 7951 drop
	}
}
table cgroup g {
	cgroup "$CG/two"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7903 drop
	}
}
EOF

send() {	# send CGROUP PORT: ok or EPERM
	bash -c "echo \$\$ > '$CGM/$CG/$1/cgroup.procs'; echo x > /dev/udp/127.0.0.1/$2" 2>/dev/null &&
		echo ok || echo EPERM
}
verdicts() { echo "$(send one 7901) $(send one 7902) $(send two 7903)"; }
# (program ids: in snapshot)
listing() {
	"$CGNFT" list ruleset 2>&1 |
		sed 's/counter packets [0-9]* bytes [0-9]*/counter/; s/prog id [0-9]*/prog id/; s/program ids: [0-9]*/program ids:/'
}
snapshot() {	# pins (names and program ids), state files, attachments
	local d
	d=$(find /sys/fs/bpf -maxdepth 1 -name cgnft -type d)
	[ -n "$d" ] && find "$d" -mindepth 1 | sort | while read -r f; do
		echo "${f#"$d"/} $(bpftool prog show pinned "$f" 2>/dev/null | head -n1 | cut -d: -f1)"
	done
	find /run/cgnft -type f ! -name lock -exec sha256sum {} + 2>/dev/null | sort
	bpftool cgroup show "$CGM/$CG/one" 2>/dev/null | sed 's/ *$//'
	bpftool cgroup show "$CGM/$CG/two" 2>/dev/null | sed 's/ *$//'
}
# what a repair must restore: the same, but new programs have new ids
shape() { snapshot | sed 's/^[0-9a-f]\{64\} *//; s/ [0-9]*$//; s/^ *[0-9][0-9]* //'; }
want_a="EPERM ok ok"

"$CGNFT" apply "$T/A.nft" || { not_ok "version A applies"; done_testing; exit 0; }
check "A: one drops 7901, two is not filtered" test "$(verdicts)" = "$want_a"
list_a=$(listing)
snap_a=$(snapshot)

# how many allocations an apply of B makes (then back to A)
CGNFT_FAULT=alloc:0 "$CGNFT" apply "$T/B.nft" 2>"$T/count"
total=$(sed -n 's/^cgnft: \([0-9]*\) allocations$/\1/p' "$T/count")
check "B applies with allocations counted ($total)" test "${total:-0}" -gt 30
"$CGNFT" apply "$T/A.nft"
snap_a=$(snapshot)
shape_a=$(shape)
check "A again after B: A's verdicts and listing" test "$(verdicts) $(listing)" = "$want_a $list_a"
[ "${total:-0}" -gt 30 ] || { done_testing; exit 0; }

points=30 crashed=0 whole=0 repaired=0 unrepaired=0 first_cut=0 late_whole=0 outcomes=""
for ((i = 0; i < points; i++)); do
	# 1, ..., total: both ends and 28 points between
	n=$((1 + i * (total - 1) / (points - 1)))
	CGNFT_FAULT=alloc:$n "$CGNFT" apply "$T/B.nft" >"$T/out" 2>&1
	rc=$?
	if [ "$rc" != 1 ] || ! grep -qx "cgnft: out of memory" "$T/out"; then
		crashed=$((crashed + 1))
		echo "alloc:$n: exit $rc" | diag; diag < "$T/out"
	fi
	if [ "$(verdicts)" = "$want_a" ] && [ "$(listing)" = "$list_a" ] &&
	   [ "$(snapshot)" = "$snap_a" ]; then
		whole=$((whole + 1)); outcomes+=" $n:A"
		[ "$first_cut" != 0 ] && late_whole=$((late_whole + 1))
		continue
	fi
	[ "$first_cut" = 0 ] && first_cut=$n
	outcomes+=" $n:$(verdicts | tr ' ' /)"
	# past the commit point: the next apply of A repairs everything
	"$CGNFT" apply "$T/A.nft" >"$T/out" 2>&1
	if [ "$(verdicts)" = "$want_a" ] && [ "$(listing)" = "$list_a" ] &&
	   [ "$(shape)" = "$shape_a" ]; then
		repaired=$((repaired + 1))
		snap_a=$(snapshot)
	else
		unrepaired=$((unrepaired + 1))
		echo "after alloc:$n the next apply of A did not repair: $(verdicts)" | diag
		diag < "$T/out"; diff <(echo "$shape_a") <(shape) | diag
		"$CGNFT" flush ruleset >/dev/null 2>&1
		"$CGNFT" apply "$T/A.nft" >/dev/null 2>&1
		snap_a=$(snapshot)
	fi
done
echo "allocation N: what a cut there left (A: A whole; else the verdicts 7901/7902/7903):$outcomes" | diag
check "$points allocation failures over $total allocations: each exits 1 with 'out of memory', none crashes" \
	test "$crashed" = 0
check "A stays whole at every cut before the first that changes it ($whole whole, first change at ${first_cut})" \
	test "$late_whole" = 0 -a "$whole" -gt 0
check "every cut past that point is repaired by the next apply ($repaired)" test "$unrepaired" = 0
"$CGNFT" apply "$T/B.nft"
check "without a fault B applies: one drops 7902, two drops 7903" test "$(verdicts)" = "ok EPERM EPERM"
done_testing
