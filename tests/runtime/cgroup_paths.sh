#!/bin/bash
# How a table's `cgroup "PATH"` names a cgroup (doc/LANGUAGE.md), on the
# real kernel: "x", "/x" (as /proc/PID/cgroup and systemd write it) and
# "<cgroup2 mount>/x" are the same cgroup, under the cgroup2 mount; never
# a directory at the filesystem's root.  Two spellings of one cgroup in the
# tables applied together are refused (they would be two programs for one
# link) and change nothing.  Table names are identifiers, as in nft: a
# quoted name ("a/b" would be a path) is a syntax error.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v bpftool >/dev/null; then
	skip "needs cgroup2 and bpftool"; done_testing; exit 0
fi
CG=cgnft-paths-$$
T=pathstest_$$
cleanup() {
	"$CGNFT" delete table $T >/dev/null 2>&1
	"$CGNFT" delete table ${T}_b >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rmdir "/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

# table NAME CGROUP-AS-WRITTEN DROPPED-UDP-PORT
table() {
	cat <<EOF
table cgroup $1 {
	cgroup "$2"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport $3 drop
	}
}
EOF
}
udp_send() {	# from inside the test cgroup: "ok" or the error
	bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs' && { echo x > /dev/udp/127.0.0.1/$1; } 2>&1 && echo ok" 2>&1 | tail -1
}
prog_ids() { bpftool cgroup show "$CGM/$CG" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { print $1 }'; }

table $T "/$CG" 7711 > "$TMPD/abs.nft"
check "apply --create of cgroup \"/$CG\" succeeds" "$CGNFT" apply --create "$TMPD/abs.nft"
check "\"/$CG\" is created under the cgroup2 mount ($CGM/$CG)" test -d "$CGM/$CG"
check "nothing is created at the filesystem root (/$CG)" test ! -e "/$CG"
check "one program is attached to $CGM/$CG" test "$(prog_ids | wc -l)" -eq 1
check "egress udp to 7711 from the cgroup is dropped (EPERM)" \
	grep -q "Operation not permitted" <<<"$(udp_send 7711)"
check "egress udp to 7712 from the cgroup passes" test "$(udp_send 7712)" = ok
before=$(prog_ids)

# the same table, the cgroup written from the mount point: same cgroup
table $T "$CGM/$CG" 7712 > "$TMPD/mnt.nft"
check "re-apply with the cgroup written as $CGM/$CG succeeds" "$CGNFT" apply "$TMPD/mnt.nft"
check "still one program on the cgroup" test "$(prog_ids | wc -l)" -eq 1
check "it is the new rule set: 7712 dropped, 7711 passes" \
	bash -c "grep -q 'Operation not permitted' <<<\"$(udp_send 7712)\" && test \"$(udp_send 7711)\" = ok"
before=$(prog_ids)

# two spellings of one cgroup applied together
{ table $T "$CG" 7713; table ${T}_b "/$CG" 7714; } > "$TMPD/two.nft"
"$CGNFT" apply "$TMPD/two.nft" > "$TMPD/out" 2> "$TMPD/err"
st=$?
check "two spellings of one cgroup: exit 1" test $st -eq 1
check "the error names both spellings at the second one's line: $(head -n1 "$TMPD/err")" \
	grep -q "^$TMPD/two.nft:9:.*Error: cgroup \"/$CG\" is the cgroup \"$CG\" written another way" "$TMPD/err"
check "nothing was changed: same program attached" test "$(prog_ids)" = "$before"
check "and it still drops 7712" grep -q "Operation not permitted" <<<"$(udp_send 7712)"
check "no table ${T}_b was stored" bash -c "! \"$CGNFT\" list table ${T}_b >/dev/null 2>&1"

# quoted table names
printf 'table cgroup "a/b" {\n\tcgroup "%s"\n}\n' "$CG" > "$TMPD/quoted.nft"
"$CGNFT" compile "$TMPD/quoted.nft" -o "$TMPD/q.o" 2> "$TMPD/err"
st=$?
check "a quoted table name is refused with exit 1" test $st -eq 1
check "as nft does: $(head -n1 "$TMPD/err")" \
	grep -q "^$TMPD/quoted.nft:1:14-18: Error: syntax error, unexpected quoted string" "$TMPD/err"
check "and no object was written" test ! -e "$TMPD/q.o"
done_testing
