#!/bin/bash
# The runtime against the real kernel: apply, list, delete, flush on test
# cgroups, with real UDP/TCP traffic from processes inside them.  Egress
# denial shows as EPERM; ingress denial as a connection that never comes.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
ROOT="cgnft-test-$$"
mkdir -p "$CGM/$ROOT/parent/child" "$CGM/$ROOT/parent/sibling" "$CGM/$ROOT/other"
cleanup() {
	"$CGNFT" flush ruleset >/dev/null 2>&1
	for d in child sibling; do rmdir "$CGM/$ROOT/parent/$d" 2>/dev/null; done
	rmdir "$CGM/$ROOT/parent" "$CGM/$ROOT/other" "$CGM/$ROOT" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

"$CGNFT" flush ruleset >/dev/null 2>&1

# udp_send CGROUP PORT [ADDR]: send one datagram from a process inside CGROUP;
# prints "ok" or the error.
udp_send() {
	bash -c "echo \$\$ > '$CGM/$ROOT/$1/cgroup.procs' && { echo x > /dev/udp/${3:-127.0.0.1}/$2; } 2>&1 && echo ok" 2>&1 | tail -1
}
tcp_connect() {	# from outside any test cgroup
	timeout 2 bash -c "echo x > /dev/tcp/$1/$2" 2>/dev/null && echo ok || echo fail
}

cat > "$TMPD/a.nft" <<EOF
table cgroup ta {
	cgroup "$ROOT/other"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport { 7000, 7001 } counter drop
		ip6 daddr ::1 udp dport 7002 drop
	}
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport 7100 drop
	}
}
EOF
check "apply a file" "$CGNFT" apply "$TMPD/a.nft"
check "egress drop: udp to 7000 fails with EPERM" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"
check "egress: udp to 7003 passes" test "$(udp_send other 7003)" = ok
check "egress drop over IPv6: udp to [::1]:7002 fails with EPERM" grep -q "Operation not permitted" <<<"$(udp_send other 7002 ::1)"
check "egress: udp to 127.0.0.1:7002 passes (rule is IPv6 only)" test "$(udp_send other 7002)" = ok
check "a process outside the cgroup is not filtered" test "$(bash -c 'echo x > /dev/udp/127.0.0.1/7000' 2>&1 && echo ok)" = ok

# ingress: a listener inside the cgroup never sees the connection
(echo $BASHPID > "$CGM/$ROOT/other/cgroup.procs"; exec timeout 5 nc -l 127.0.0.1 7100 >/dev/null 2>&1) &
lpid=$!
(echo $BASHPID > "$CGM/$ROOT/other/cgroup.procs"; exec timeout 5 nc -l 127.0.0.1 7101 >/dev/null 2>&1) &
lpid2=$!
sleep 0.5
check "ingress drop: tcp connect to a listener in the cgroup on 7100 fails" test "$(tcp_connect 127.0.0.1 7100)" = fail
check "ingress: tcp connect to 7101 succeeds" test "$(tcp_connect 127.0.0.1 7101)" = ok
kill $lpid $lpid2 2>/dev/null; wait $lpid $lpid2 2>/dev/null

"$CGNFT" list > "$TMPD/list1"
check "list shows live counters" grep -q "udp dport { 7000, 7001 } counter packets 1 bytes" "$TMPD/list1"
check "list shows a status line per cgroup and hook" grep -q "^# cgroup $ROOT/other hook egress: tables ta hash [0-9a-f]* prog id [0-9]* tag [0-9a-f]*" "$TMPD/list1"
check "list -j is JSON" bash -c "'$CGNFT' list -j | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [o[\"table\"][\"name\"] for o in d[\"nftables\"] if \"table\" in o][0] == \"ta\"'"
tag1=$(grep -o 'hook egress.*tag [0-9a-f]*' "$TMPD/list1")
check "the listed text applies again" "$CGNFT" apply "$TMPD/list1"
tag2=$("$CGNFT" list | grep -o 'hook egress.*tag [0-9a-f]*')
check "re-applying the listed text gives the identical program (same tag)" test "${tag1##*tag }" = "${tag2##*tag }"
check "counters survive re-apply" grep -q "counter packets 1 bytes" <<<"$("$CGNFT" list)"

# hierarchy: a parent's drop holds against a child's accept
cat > "$TMPD/h.nft" <<EOF
table cgroup parent {
	cgroup "$ROOT/parent"
	chain out { type filter hook egress priority 0; policy accept; udp dport 7200 drop; }
}
table cgroup child {
	cgroup "$ROOT/parent/child"
	chain out { type filter hook egress priority 0; policy accept; udp dport 7200 accept; udp dport 7201 drop; }
}
EOF
check "apply parent and child tables" "$CGNFT" apply "$TMPD/h.nft"
check "hierarchy: the child's accept cannot loosen the parent's drop" grep -q "Operation not permitted" <<<"$(udp_send parent/child 7200)"
check "hierarchy: the child's own drop holds" grep -q "Operation not permitted" <<<"$(udp_send parent/child 7201)"
check "hierarchy: a sibling is unaffected by the child's rules" test "$(udp_send parent/sibling 7201)" = ok
check "hierarchy: a sibling gets the parent's drop" grep -q "Operation not permitted" <<<"$(udp_send parent/sibling 7200)"
check "tables are owned separately: table ta still applies" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"

# veth between network namespaces, ICMP, `list cgroup`, concurrent applies
NS="cgnft-ns-$$"; VC="vc$$"; VP="vp$$"
ip netns add "$NS" && ip link add "$VC" type veth peer name "$VP" && ip link set "$VP" netns "$NS" &&
	ip addr add 10.231.0.1/24 dev "$VC" && ip link set "$VC" up &&
	ip -n "$NS" addr add 10.231.0.2/24 dev "$VP" && ip -n "$NS" link set "$VP" up &&
	ip -n "$NS" link set lo up
trap 'ip netns del "$NS" 2>/dev/null; ip link del "$VC" 2>/dev/null; cleanup' EXIT
cat > "$TMPD/v.nft" <<EOF
table cgroup tv {
	cgroup "$ROOT/other"
	chain out {
		type filter hook egress priority 5; policy accept;
		ip daddr 10.231.0.2 udp dport 7400 drop
		icmp type echo-request drop
	}
	chain in {
		type filter hook ingress priority 5; policy accept;
		ip saddr 10.231.0.2 tcp dport 7401 drop
	}
}
EOF
check "apply a second table on the same cgroup" "$CGNFT" apply "$TMPD/v.nft"
check "veth: udp to the other namespace on 7400 fails with EPERM" grep -q "Operation not permitted" <<<"$(udp_send other 7400 10.231.0.2)"
check "veth: udp to the other namespace on 7405 passes" test "$(udp_send other 7405 10.231.0.2)" = ok
check "icmp: ping over the veth from the cgroup fails" bash -c "echo \$\$ > '$CGM/$ROOT/other/cgroup.procs'; ! ping -c1 -W1 10.231.0.2 >/dev/null 2>&1"
check "icmp: ping over the veth from outside the cgroup works" bash -c "ping -c1 -W2 10.231.0.2 >/dev/null"
check "icmpv6: ping6 ::1 from the cgroup works (only icmp echo-request is dropped)" bash -c "echo \$\$ > '$CGM/$ROOT/other/cgroup.procs'; ping -6 -c1 -W2 ::1 >/dev/null 2>&1"
(echo $BASHPID > "$CGM/$ROOT/other/cgroup.procs"; exec timeout 6 nc -l 10.231.0.1 7401 >/dev/null 2>&1) & l1=$!
(echo $BASHPID > "$CGM/$ROOT/other/cgroup.procs"; exec timeout 6 nc -l 10.231.0.1 7402 >/dev/null 2>&1) & l2=$!
sleep 0.5
check "veth ingress: tcp from the namespace to 7401 never connects" test "$(ip netns exec "$NS" timeout 2 bash -c 'echo x > /dev/tcp/10.231.0.1/7401' 2>/dev/null && echo ok || echo fail)" = fail
check "veth ingress: tcp from the namespace to 7402 connects" test "$(ip netns exec "$NS" timeout 2 bash -c 'echo x > /dev/tcp/10.231.0.1/7402' 2>/dev/null && echo ok || echo fail)" = ok
kill $l1 $l2 2>/dev/null; wait $l1 $l2 2>/dev/null
check "both tables' base chains run in one program per hook" grep -q "hook egress: tables ta,tv " <<<"$("$CGNFT" list)"
check "list cgroup PATH shows the tables on that cgroup" test "$("$CGNFT" list cgroup "$ROOT/other/" | grep -c '^table cgroup')" = 2
check "list cgroup PATH leaves out other cgroups' tables" test -z "$("$CGNFT" list cgroup "$ROOT/other" | grep 'table cgroup parent')"
sed "s/table cgroup tv/table cgroup tw/" "$TMPD/v.nft" > "$TMPD/w.nft"
sed "s/table cgroup tv/table cgroup tx/" "$TMPD/v.nft" > "$TMPD/x.nft"
"$CGNFT" apply "$TMPD/w.nft" & c1=$!
"$CGNFT" apply "$TMPD/x.nft" & c2=$!
wait $c1; r1=$?; wait $c2; r2=$?
check "two concurrent applies both succeed" test "$r1$r2" = 00
check "after concurrent applies both tables are listed" test "$("$CGNFT" list | grep -c '^table cgroup t[wx]')" = 2
check "delete the extra tables" bash -c "'$CGNFT' delete table tv && '$CGNFT' delete table tw && '$CGNFT' delete table tx"
check "after delete, udp over the veth on 7400 passes" test "$(udp_send other 7400 10.231.0.2)" = ok

# a program the verifier rejects (more branches on one path than the
# verifier follows: it keeps one per in-order rule, at most 8192) fails the
# apply and changes nothing.  The rules set a mark, so the classifier
# cannot reorder them: they stay 9000 rules in order.
{
	printf 'table cgroup ta {\n\tcgroup "%s/other"\n\tchain out {\n\t\ttype filter hook egress priority 0; policy accept;\n' "$ROOT"
	for i in $(seq 1 9000); do printf '\t\tip daddr 10.1.%d.%d tcp dport %d meta mark set 7\n' $((i / 250)) $((i % 250)) "$i"; done
	printf '\t}\n}\n'
} > "$TMPD/huge.nft"
before=$("$CGNFT" list)
"$CGNFT" apply "$TMPD/huge.nft" 2>"$TMPD/err"
check "a verifier rejection fails the apply (exit 1)" test $? = 1
check "the error names the verifier and the program" grep -q "verifier rejected program ta_egress" "$TMPD/err"
check "after a verifier rejection the state is unchanged" test "$before" = "$("$CGNFT" list)"
check "after a verifier rejection the old policy still holds" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"

# a table that moves to another cgroup leaves the old one
sed "s|$ROOT/other|$ROOT/parent/sibling|" "$TMPD/a.nft" | sed 's/table cgroup ta/table cgroup mv/' > "$TMPD/mv1.nft"
sed "s|$ROOT/parent/sibling|$ROOT/parent/child|" "$TMPD/mv1.nft" > "$TMPD/mv2.nft"
"$CGNFT" apply "$TMPD/mv1.nft"
check "table mv filters parent/sibling" grep -q "Operation not permitted" <<<"$(udp_send parent/sibling 7001)"
check "apply table mv moved to parent/child" "$CGNFT" apply "$TMPD/mv2.nft"
check "after the move, parent/child is filtered" grep -q "Operation not permitted" <<<"$(udp_send parent/child 7001)"
check "after the move, parent/sibling is detached" test "$(udp_send parent/sibling 7001)" = ok
"$CGNFT" delete table mv

# a rule file over the 256 MiB limit is refused, with the limit named,
# before anything is read or changed (a sparse file: no disk used)
truncate -s 257M "$TMPD/huge-sparse.nft"
before=$("$CGNFT" list)
"$CGNFT" apply "$TMPD/huge-sparse.nft" 2>"$TMPD/err"
check "apply of a file over the limit fails (exit 1)" test $? = 1
check "the error names the 256 MiB limit: $(head -n1 "$TMPD/err")" grep -q "256 MiB limit" "$TMPD/err"
check "after that refusal the state is unchanged" test "$before" = "$("$CGNFT" list)"
rm -f "$TMPD/huge-sparse.nft"

# all or nothing
cat > "$TMPD/bad.nft" <<EOF
table cgroup ta {
	cgroup "$ROOT/other"
	chain out { type filter hook egress priority 0; policy accept; }
}
table cgroup tb {
	cgroup "$ROOT/does-not-exist"
	chain out { type filter hook egress priority 0; policy drop; }
}
EOF
before=$("$CGNFT" list)
"$CGNFT" apply "$TMPD/bad.nft" 2>"$TMPD/err"
check "a missing cgroup fails the apply (exit 1)" test $? = 1
check "the error points at the cgroup line" grep -q "bad.nft:6:.*Error: cgroup \"$ROOT/does-not-exist\" cannot be used" "$TMPD/err"
check "after a failed apply the listed state is unchanged" test "$before" = "$("$CGNFT" list)"
check "after a failed apply the old policy still holds" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"

cat > "$TMPD/two.nft" <<EOF
table cgroup ta {
	cgroup "$ROOT/other"
	chain out { type filter hook egress priority 0; policy accept; }
}
EOF
CGNFT_FAULT=attach "$CGNFT" apply "$TMPD/two.nft" 2>/dev/null
check "an attach failure fails the apply" test $? = 1
check "after an attach failure the old policy still holds" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"
setpriv --bounding-set=-bpf,-net_admin,-sys_admin,-perfmon "$CGNFT" apply "$TMPD/two.nft" 2>"$TMPD/err"
check "without CAP_BPF/CAP_NET_ADMIN/CAP_SYS_ADMIN the apply fails" test $? = 1
check "the privilege error names the missing CAP_BPF" grep -q "missing: CAP_BPF" "$TMPD/err"
check "after a privilege failure the old policy still holds" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"
# check loads too, and says what is missing as apply does
setpriv --inh-caps=-all --bounding-set=-all "$CGNFT" check "$TMPD/two.nft" 2>"$TMPD/err"
check "without capabilities check fails (exit 1)" test $? = 1
check "check's privilege error names the missing CAP_BPF (not just EPERM): $(head -n1 "$TMPD/err")" grep -q "loading needs CAP_BPF.*missing: CAP_BPF" "$TMPD/err"
setpriv --bounding-set=-net_admin,-sys_admin "$CGNFT" check "$TOP_SRCDIR/examples/tenant.nft" 2>"$TMPD/err"
check "check of sysctl and sock_create programs without CAP_NET_ADMIN fails" test $? = 1
check "and names the missing CAP_NET_ADMIN: $(head -n1 "$TMPD/err")" grep -q "missing: CAP_NET_ADMIN" "$TMPD/err"
# CAP_PERFMON: direct packet reads and table lookups add computed offsets
# to pointers, which the verifier allows only with it (doc/RUNTIME.md)
cat > "$TMPD/perfmon.nft" <<EOF
table cgroup ta {
	cgroup "$ROOT/other"
	chain out { type filter hook egress priority 0; policy accept; udp dport 7001 drop; }
}
EOF
setpriv --bounding-set=-sys_admin,-perfmon "$CGNFT" apply "$TMPD/perfmon.nft" 2>"$TMPD/err"
check "with CAP_BPF and CAP_NET_ADMIN but without CAP_PERFMON the apply fails" test $? = 1
check "the error names CAP_PERFMON" grep -q "CAP_PERFMON" "$TMPD/err"
check "after that failure the old policy still holds" grep -q "Operation not permitted" <<<"$(udp_send other 7000)"
setpriv --bounding-set=-sys_admin,-perfmon "$CGNFT" check "$TMPD/perfmon.nft" 2>"$TMPD/err"
check "without CAP_PERFMON check fails too, and names it" grep -q "missing: CAP_PERFMON" "$TMPD/err"
setpriv --bounding-set=-sys_admin "$CGNFT" apply "$TMPD/perfmon.nft" 2>"$TMPD/err"
check "CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN (no CAP_SYS_ADMIN) are enough" test $? = 0
check "and the new policy is in force: 7001 dropped" grep -q "Operation not permitted" <<<"$(udp_send other 7001)"
check "and 7000 passes" bash -c "! grep -q 'Operation not permitted' <<<'$(udp_send other 7000)'"

# atomic swaps under traffic: two rule sets that both drop 7300 and both
# pass 7301; a window without a filter would let 7300 through
cat > "$TMPD/s1.nft" <<EOF
table cgroup ta {
	cgroup "$ROOT/other"
	chain out { type filter hook egress priority 0; policy accept; udp dport 7300 drop; udp dport 7302 drop; }
}
EOF
sed 's/7302/7303/' "$TMPD/s1.nft" > "$TMPD/s2.nft"
"$CGNFT" apply "$TMPD/s1.nft"
bash -c "echo \$\$ > '$CGM/$ROOT/other/cgroup.procs'; end=\$((SECONDS + 60)); while [ ! -e '$TMPD/stop' ] && [ \$SECONDS -lt \$end ]; do
	{ echo x > /dev/udp/127.0.0.1/7300; } 2>/dev/null && echo LEAK
	{ echo x > /dev/udp/127.0.0.1/7301; } 2>/dev/null || echo LOST
	echo sent; done" > "$TMPD/traffic" &
tpid=$!
fails=0
for i in $(seq 1 100); do
	"$CGNFT" apply "$TMPD/s1.nft" || fails=$((fails + 1))
	"$CGNFT" apply "$TMPD/s2.nft" || fails=$((fails + 1))
done
touch "$TMPD/stop"; wait $tpid
check "200 swaps under traffic all succeed" test $fails = 0
check "traffic ran during the swaps ($(grep -c sent "$TMPD/traffic") rounds)" test "$(grep -c sent "$TMPD/traffic")" -gt 10
check "no packet to 7300 escaped during the swaps (never an instant without a filter)" test "$(grep -c LEAK "$TMPD/traffic")" = 0
check "no packet to 7301 was dropped during the swaps" test "$(grep -c LOST "$TMPD/traffic")" = 0

# apply reads FILE once: the bytes compiled are the bytes stored.  A pipe
# or stdin can be read only once, so a second read would see no table and
# the replaced one would clash with the stored one ("already exists").
cat > "$TMPD/p.nft" <<EOF
table cgroup tp {
	cgroup "$ROOT/other"
	chain out { type filter hook egress priority 0; policy accept; udp dport 7600 drop; }
}
EOF
check "apply table tp from a file" "$CGNFT" apply "$TMPD/p.nft"
check "apply from a pipe replaces the applied table tp" "$CGNFT" apply <(sed 's/7600/7601/' "$TMPD/p.nft")
"$CGNFT" list table tp > "$TMPD/listp"
check "after apply from a pipe, list shows the piped rule" grep -q "udp dport 7601 drop" "$TMPD/listp"
check "after apply from a pipe, list no longer shows the replaced rule" bash -c "! grep -q 7600 '$TMPD/listp'"
check "after apply from a pipe, udp to 7601 fails with EPERM" grep -q "Operation not permitted" <<<"$(udp_send other 7601)"
check "after apply from a pipe, udp to 7600 passes" test "$(udp_send other 7600)" = ok
check "apply - reads stdin and replaces table tp" bash -c "sed 's/7600/7602/' '$TMPD/p.nft' | '$CGNFT' apply -"
"$CGNFT" list table tp > "$TMPD/listp"
check "after apply -, list shows the rule read from stdin" grep -q "udp dport 7602 drop" "$TMPD/listp"
check "after apply -, list no longer shows the replaced rule" bash -c "! grep -q 7601 '$TMPD/listp'"
check "after apply -, udp to 7602 fails with EPERM" grep -q "Operation not permitted" <<<"$(udp_send other 7602)"
check "after apply -, udp to 7601 passes" test "$(udp_send other 7601)" = ok
"$CGNFT" apply <(sed "s|$ROOT/other|$ROOT/nosuch|; s/7600/7603/" "$TMPD/p.nft") 2>"$TMPD/err"
check "an error in piped text is reported with the pipe's name and line" grep -q "^/dev/fd/[0-9]*:2:.*Error: cgroup \"$ROOT/nosuch\" cannot be used" "$TMPD/err"
check "after that error, table tp is unchanged" grep -q "Operation not permitted" <<<"$(udp_send other 7602)"
check "delete table tp" "$CGNFT" delete table tp

# delete and flush leave nothing behind
check "delete table parent" "$CGNFT" delete table parent
check "after delete, the parent's drop is gone" test "$(udp_send parent/sibling 7200)" = ok
check "other tables stay after delete" grep -q "Operation not permitted" <<<"$(udp_send other 7300)"
"$CGNFT" delete table nosuch 2>/dev/null
check "deleting a table that is not applied is an error" test $? = 1

# A rule file's own commands act on what was applied before, as in nft:
# flush ruleset, destroy table (there or not), delete table (must be there).
cmdfile() {	# cmdfile NAME PORT [COMMAND LINES...]
	local name=$1 port=$2; shift 2
	{ printf '%s\n' "$@"
	  printf 'table cgroup %s {\n\tcgroup "%s"\n\tchain out {\n' "$name" "$ROOT/other"
	  printf '\t\ttype filter hook egress priority 0; policy accept;\n'
	  printf '\t\tudp dport %s drop\n\t}\n}\n' "$port"; } > "$TMPD/$name.nft"
}
cmdfile c1 7700
check "commands: apply a first table" "$CGNFT" apply "$TMPD/c1.nft"
cmdfile c2 7701 "flush ruleset"
check "commands: a file that starts with flush ruleset applies" "$CGNFT" apply "$TMPD/c2.nft"
check "commands: after its flush ruleset, the first table is gone" test "$(udp_send other 7700)" = ok
check "commands: and the tables applied before it too" test "$(udp_send other 7300)" = ok
check "commands: the file's own table holds" grep -q "Operation not permitted" <<<"$(udp_send other 7701)"
check "commands: list shows only the file's table" test "$("$CGNFT" list | grep -c '^table ')" = 1
cmdfile c3 7702 "destroy table cgroup c2" "destroy table cgroup nosuch"
check "commands: destroy table, also of a table that is not there" "$CGNFT" apply "$TMPD/c3.nft"
check "commands: the destroyed table is gone" test "$(udp_send other 7701)" = ok
check "commands: the new table holds" grep -q "Operation not permitted" <<<"$(udp_send other 7702)"
cmdfile c4 7703 "delete table cgroup nosuch"
"$CGNFT" apply "$TMPD/c4.nft" 2>"$TMPD/err"
check "commands: delete table of a table that is not applied fails the apply" test $? = 1
check "commands: with nft's message and the place" grep -q "c4.nft:1:1-.*Error: Could not process rule: No such file or directory: table 'nosuch' is not applied" "$TMPD/err"
check "commands: and nothing changed" test "$(udp_send other 7703)" = ok
check "commands: the table before it still holds" grep -q "Operation not permitted" <<<"$(udp_send other 7702)"
# the kernel objects of what is applied now, to check they all go away
prog_ids=$("$CGNFT" list | grep -o 'prog id [0-9]*' | awk '{print $3}')
BPFFS=$(awk '$9 == "bpf" { print $5; exit }' /proc/self/mountinfo)
map_ids=$(bpftool map show pinned "$BPFFS/cgnft/counters" | awk -F: 'NR == 1 {print $1}')
link_ids=$(for p in $prog_ids; do bpftool link show | awk -v p="$p" '$2 == "cgroup" && $4 == p {sub(":", "", $1); print $1}'; done)
check "flush ruleset" "$CGNFT" flush ruleset
check "after flush, nothing is filtered" test "$(udp_send other 7300)" = ok
gone=yes
for p in $prog_ids; do bpftool prog show id "$p" >/dev/null 2>&1 && gone=no; done
for m in $map_ids; do bpftool map show id "$m" >/dev/null 2>&1 && gone=no; done
for l in $link_ids; do bpftool link show id "$l" >/dev/null 2>&1 && gone=no; done
check "after flush, the programs ($(echo $prog_ids)), maps ($(echo $map_ids)) and links ($(echo $link_ids)) are gone from the kernel" test "$gone" = yes -a -n "$prog_ids" -a -n "$map_ids" -a -n "$link_ids"
check "after flush, no cgnft pins remain in bpffs" test -z "$(ls "$(awk '$9 == "bpf" { print $5; exit }' /proc/self/mountinfo)/cgnft" 2>/dev/null)"
check "after flush, list is empty" test -z "$("$CGNFT" list)"
check "after flush, the cgnft directory is gone from bpffs" test ! -e "$BPFFS/cgnft"

# a refused apply changes nothing, not even an empty pin directory
setpriv --inh-caps=-all --bounding-set=-all "$CGNFT" apply "$TMPD/two.nft" 2>/dev/null
check "an apply refused for privileges creates no cgnft directory in bpffs" test $? = 1 -a ! -e "$BPFFS/cgnft"
rmdir "$BPFFS/cgnft" 2>/dev/null	# (left by a failure above: test on its own)
"$CGNFT" apply "$TMPD/bad.nft" 2>/dev/null
check "an apply refused for a missing cgroup creates no cgnft directory in bpffs" test $? = 1 -a ! -e "$BPFFS/cgnft"
check "flush with nothing applied succeeds" "$CGNFT" flush ruleset
check "and creates no cgnft directory in bpffs" test ! -e "$BPFFS/cgnft"

# list is read-only: with nothing ever applied (no /run/cgnft) it prints an
# empty ruleset and creates nothing, in bpffs or in /run.  The state
# directory is moved aside meanwhile and put back.
STATE=/run/cgnft
if [ -d "$STATE" ] && mv "$STATE" "$STATE.test-$$"; then
	trap 'ip netns del "$NS" 2>/dev/null; ip link del "$VC" 2>/dev/null; rm -rf "$STATE"; mv "$STATE.test-$$" "$STATE"; cleanup' EXIT
fi
"$CGNFT" list > "$TMPD/out" 2>"$TMPD/err"
check "list with nothing applied exits 0" test $? = 0
check "list with nothing applied prints an empty ruleset" test ! -s "$TMPD/out" -a ! -s "$TMPD/err"
check "list -j with nothing applied prints empty JSON (metainfo only)" bash -c "'$CGNFT' list -j | python3 -c 'import json,sys; d=json.load(sys.stdin); assert [list(o) for o in d[\"nftables\"]] == [[\"metainfo\"]]'"
check "list cgroup PATH with nothing applied exits 0" "$CGNFT" list cgroup "$ROOT/other"
"$CGNFT" list table ta 2>/dev/null
check "list table NAME with nothing applied: not applied (exit 1)" test $? = 1
check "list created no cgnft directory in bpffs" test ! -e "$BPFFS/cgnft"
check "list created no $STATE" test ! -e "$STATE"
if [ -d "$STATE.test-$$" ]; then
	rm -rf "$STATE"
	mv "$STATE.test-$$" "$STATE"
	trap 'ip netns del "$NS" 2>/dev/null; ip link del "$VC" 2>/dev/null; cleanup' EXIT
fi
check "$STATE is back" test -d "$STATE/tables"
done_testing
