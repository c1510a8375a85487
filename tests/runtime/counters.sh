#!/bin/bash
# Counters are attributed to their rules and continue exactly (issues 15,
# 16): two tables with distinct rules, real UDP traffic to distinct ports
# from a process in a test cgroup; every rule's counter must equal what
# was sent to it, after applies of other tables, re-applies that insert,
# remove and reorder rules, a table's delete, a map that must grow and a
# failed apply, and restarts (a flush and an apply, of the rule file or of
# a saved listing).  Every cgnft run is a new process: the state comes from
# /run/cgnft and the pins only.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
CG="cgnft-counters-$$"
mkdir -p "$CGM/$CG"
cleanup() {
	"$CGNFT" delete table ctra >/dev/null 2>&1
	"$CGNFT" delete table ctrb >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

# send PORT:N ...: N datagrams of 100 bytes to each PORT, from the cgroup
send() {
	bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs' && exec python3 - $*" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for arg in sys.argv[1:]:
    port, n = map(int, arg.split(":"))
    for i in range(n):
        s.sendto(b"x" * 72, ("127.0.0.1", port))
EOF
}
# table NAME RULE...: a table of one egress chain in the test cgroup
table() {
	local name=$1 r
	shift
	{
		echo "table cgroup $name {"
		echo "	cgroup \"$CG\""
		echo "	chain out {"
		echo "		type filter hook egress priority 0; policy accept;"
		for r in "$@"; do echo "		$r"; done
		echo "	}"
		echo "}"
	} >"$TMPD/$name.nft"
}
# expect "what" PORT=PACKETS ...: each port's counter in `cgnft list ruleset`
expect() {
	local what=$1 l bad="" pair port want got
	shift
	l=$("$CGNFT" list ruleset)
	for pair in "$@"; do
		port=${pair%=*} want=${pair#*=}
		got=$(sed -n "s/.*udp dport $port .*counter packets \([0-9]*\) bytes \([0-9]*\).*/\1 \2/p" <<<"$l")
		[ "$got" = "$want $((want * 100))" ] || bad+=" $port: '$got' (want $want packets)"
	done
	if [ -z "$bad" ]; then ok "$what"; else not_ok "$what"; echo "$bad" | diag; echo "$l" | diag; fi
}
bpffs=$(awk '$9 == "bpf" { print $5; exit }' /proc/self/mountinfo)
map_id() { bpftool map show pinned "${bpffs:-/sys/fs/bpf}/cgnft/$1" 2>/dev/null | sed -n '1s/:.*//p'; }

table ctrb "udp dport 7501 counter" "udp dport 7502 counter"
table ctra "udp dport 7503 counter" "udp dport 7504 counter"
check "table ctrb applies" "$CGNFT" apply "$TMPD/ctrb.nft"
check "table ctra applies (sorted before ctrb, applied after it)" "$CGNFT" apply "$TMPD/ctra.nft"
send 7501:3 7502:5 7503:7 7504:11
expect "two tables: each rule's counter counts its own port's packets" \
	7501=3 7502=5 7503=7 7504=11
l=$("$CGNFT" list table ctrb)
check "list table ctrb alone shows its own counters" \
	bash -c 'grep -qF "udp dport 7501 counter packets 3 bytes 300" <<<"$1" && grep -qF "udp dport 7502 counter packets 5 bytes 500" <<<"$1"' _ "$l"
l=$("$CGNFT" list ruleset -j 2>/dev/null || "$CGNFT" -j list ruleset 2>/dev/null)
check "the JSON listing shows the same values" grep -qF 'udp dport 7504 counter packets 11 bytes 1100' <<<"$l"

id=$(map_id counters)
# ctrb again: a rule inserted before, one removed, the rest reordered
table ctrb "udp dport 7500 counter" "udp dport 7505 counter" "udp dport 7501 counter"
check "re-apply ctrb with a rule inserted before, one removed, reordered" "$CGNFT" apply "$TMPD/ctrb.nft"
check "the programs count into the same pinned counters map (nothing copied)" \
	test -n "$id" -a "$id" = "$(map_id counters)"
send 7500:2 7501:1 7502:4 7503:1 7505:6
expect "kept rules continue exactly, new rules start at 0, the other table is untouched" \
	7500=2 7501=4 7503=8 7504=11 7505=6
table ctrb "udp dport 7502 counter" "udp dport 7505 counter" "udp dport 7501 counter"
check "re-apply ctrb with the removed rule back" "$CGNFT" apply "$TMPD/ctrb.nft"
send 7502:1
expect "a removed rule that comes back is a new rule: it starts at 0" \
	7502=1 7501=4 7505=6

check "delete table ctra" "$CGNFT" delete table ctra
send 7501:1 7503:5
expect "after a delete of the other table, ctrb's counters continue" 7501=5 7502=1 7505=6
check "apply ctra again" "$CGNFT" apply "$TMPD/ctra.nft"
send 7503:2
expect "a deleted and re-applied table starts at 0" 7503=2 7504=0 7501=5

# more counters than the map has slots: a bigger map, values copied once
rules=("udp dport 7501 counter" "udp dport 7502 counter" "udp dport 7505 counter")
for ((i = 0; i < 40; i++)); do rules+=("udp dport $((7600 + i)) counter"); done
table ctrb "${rules[@]}"
id=$(map_id counters)
check "re-apply ctrb with 43 counters" "$CGNFT" apply "$TMPD/ctrb.nft"
check "... in a bigger map (the first had 16 slots)" test "$id" != "$(map_id counters)"
send 7501:1 7602:3 7639:2 7504:1
expect "a grown map keeps every value at its slot" \
	7501=6 7502=1 7505=6 7602=3 7639=2 7503=2 7504=1 7600=0
id=$(map_id counters)

# a failed apply (fault injection) leaves the counters as they were
table ctrb "udp dport 7700 counter" "udp dport 7501 counter"
keys=$(cat /run/cgnft/counters.keys)
for fault in load attach state; do
	CGNFT_FAULT=$fault "$CGNFT" apply "$TMPD/ctrb.nft" >/dev/null 2>&1
	check "fault at $fault: the apply fails" test $? = 1
done
check "... the same map and the same slots" \
	test "$id" = "$(map_id counters)" -a "$keys" = "$(cat /run/cgnft/counters.keys)"
send 7501:1 7602:1
expect "... and every counter continues" 7501=7 7602=4 7639=2 7503=2

# a crash right after the swap (CGNFT_FAULT=crash exits there, before
# pins and keys are final): the slots in use stay named, and the next
# apply continues the counters the crashed one's program counted
table ctrb "udp dport 7701 counter" "udp dport 7501 counter"
CGNFT_FAULT=crash "$CGNFT" apply "$TMPD/ctrb.nft" >/dev/null 2>&1
check "fault at crash: the apply dies after the swap" test $? = 9
send 7701:2 7501:1
check "the next apply repairs the state" "$CGNFT" apply "$TMPD/ctrb.nft"
send 7701:1
expect "... and the crashed apply's new rule kept what it counted" 7701=3 7501=8 7503=2

# limits and quotas keep their map too
table ctrb "udp dport 7501 counter" "udp dport 7510 quota 300 bytes counter" \
	"udp dport 7511 limit rate 1/hour burst 2 packets counter"
check "apply a quota and a limit" "$CGNFT" apply "$TMPD/ctrb.nft"
send 7510:4 7511:4
qid=$(map_id quotas) lid=$(map_id limits)
table ctrb "udp dport 7512 quota 5000 bytes" "udp dport 7501 counter" \
	"udp dport 7510 quota 300 bytes counter" "udp dport 7511 limit rate 1/hour burst 2 packets counter"
check "re-apply with another quota before them" "$CGNFT" apply "$TMPD/ctrb.nft"
check "the quotas and limits maps are the same maps" \
	test -n "$qid" -a "$qid" = "$(map_id quotas)" -a -n "$lid" -a "$lid" = "$(map_id limits)"
send 7510:2 7511:2 7512:1
expect "the quota's bytes used and the limit's bucket continue: nothing more passed" \
	7510=3 7511=2 7501=8
check "the new quota counts its own bytes" grep -qF "udp dport 7512 quota 5000 bytes used 100 bytes" \
	<<<"$("$CGNFT" list table ctrb)"

# a restart as cgnft.service does one (ExecStop flushes the ruleset,
# ExecStart applies the rule files): the rules start from the values their
# file gives, as nft's do after `systemctl restart nftables`; a listing
# saved before (`cgnft list > FILE`, as `nft list ruleset > FILE`) gives
# them back
"$CGNFT" list table ctrb > "$TMPD/saved.nft"
check "restart: flush ruleset, then apply the rule file" \
	bash -c "'$CGNFT' flush ruleset && '$CGNFT' apply '$TMPD/ctrb.nft'"
send 7501:1
expect "... the counters start from the file's values (0)" 7501=1 7510=0
"$CGNFT" flush ruleset
check "restart: flush ruleset, then apply the saved listing" "$CGNFT" apply "$TMPD/saved.nft"
send 7501:2
expect "... the counters continue from the listed values" 7501=10 7510=3 7511=2
check "... and so does the quota's use" grep -qF "udp dport 7510 quota 300 bytes used 300 bytes" \
	<<<"$("$CGNFT" list table ctrb)"
done_testing
