#!/bin/bash
# Issue 16: a failure at any step of an apply leaves the previous policy
# whole.  CGNFT_FAULT=STEP[:N] (runtime/fault.h) makes the Nth occurrence
# of a step fail as the kernel or file system would.  Version A filters one
# cgroup; version B changes it and adds a second cgroup, so an apply of B
# updates links and creates links.  After each injected failure: exit 1,
# A's verdicts on real traffic in both cgroups, A listed, the same pins and
# the same state files as before.
. "$TOP_SRCDIR/tests/lib.sh"
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
T=$(mktemp -d)
CG="cgnft-faults-$$"
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
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7901 counter drop
	}
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport 7950 drop
	}
}
EOF
cat > "$T/B.nft" <<EOF
table cgroup f {
	cgroup "$CG/one"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7902 counter drop
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
# the verdicts that tell A from B: one's 7901 and 7902, two's 7903
verdicts() { echo "$(send one 7901) $(send one 7902) $(send two 7903)"; }
# everything apply keeps: pins (names and program ids) and state files
snapshot() {
	local d
	d=$(find /sys/fs/bpf -maxdepth 1 -name cgnft -type d)
	# tables/<table>/<hook> included (runtime/pins.h)
	[ -n "$d" ] && find "$d" -mindepth 1 | sort | while read -r f; do
		echo "${f#"$d"/} $(bpftool prog show pinned "$f" 2>/dev/null | head -n1 | cut -d: -f1)"
	done
	find /run/cgnft -type f ! -name lock -exec sha256sum {} + 2>/dev/null | sort
	bpftool cgroup show "$CGM/$CG/one" 2>/dev/null | sed 's/ *$//'
	bpftool cgroup show "$CGM/$CG/two" 2>/dev/null | sed 's/ *$//'
}

"$CGNFT" apply "$T/A.nft" || { not_ok "version A applies"; done_testing; exit 0; }
want_a="EPERM ok ok"
check "A: one drops 7901, two is not filtered" test "$(verdicts)" = "$want_a"
list_a=$("$CGNFT" list ruleset | sed 's/counter packets [0-9]* bytes [0-9]*/counter/')
snap_a=$(snapshot)

for fault in ${FAULTS:-load bpffs cgroup cgroup:2 attach attach:2 attach:3 pin state state:2}; do
	CGNFT_FAULT=$fault "$CGNFT" apply "$T/B.nft" >"$T/out" 2>&1
	rc=$?
	v=$(verdicts)
	l=$("$CGNFT" list ruleset | sed 's/counter packets [0-9]* bytes [0-9]*/counter/')
	s=$(snapshot)
	if [ "$rc" = 1 ] && [ "$v" = "$want_a" ] && [ "$l" = "$list_a" ] && [ "$s" = "$snap_a" ]; then
		ok "fault at $fault: exit 1, A's verdicts, listing, pins and state unchanged"
	else
		not_ok "fault at $fault: exit $rc, verdicts '$v' (want '$want_a')"
		diag < "$T/out"
		diff <(echo "$snap_a") <(echo "$s") | diag
		diff <(echo "$list_a") <(echo "$l") | diag
		# start again from A for the next step
		"$CGNFT" apply "$T/A.nft" >/dev/null 2>&1
		snap_a=$(snapshot)
	fi
done
"$CGNFT" apply "$T/B.nft"
check "without a fault B applies: one drops 7902, two drops 7903" test "$(verdicts)" = "ok EPERM EPERM"
done_testing
