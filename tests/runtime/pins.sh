#!/bin/bash
# Program names and the pin path contract (doc/RUNTIME.md, Pins), against
# the real kernel and bpftool:
# - two tables with long, similar names give programs that `bpftool prog
#   show` tells apart, with kernel names of at most 15 characters;
# - <bpffs>/cgnft/tables/<table>/<hook> is the program attached to the
#   table's cgroup (bpftool cgroup show), follows a re-apply, and goes with
#   delete and flush;
# - what systemd does with IPIngressFilterPath=/IPEgressFilterPath=: attach
#   the pinned program to another cgroup (`bpftool cgroup attach ...
#   pinned PATH multi`), and it filters that cgroup's traffic as the rules
#   say, until detached.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ] || ! command -v bpftool >/dev/null || ! command -v python3 >/dev/null; then
	skip "needs cgroup2, bpftool and python3"; done_testing; exit 0
fi
BPFFS=$(awk '$9 == "bpf" { print $5; exit }' /proc/self/mountinfo)
CG=cgnft-pins-$$
ONE=pinstest_frontend_production_one TWO=pinstest_frontend_production_two
mkdir -p "$CGM/$CG/one" "$CGM/$CG/two" "$CGM/$CG/unit"
cleanup() {
	for h in ingress egress; do
		for id in $(bpftool -j cgroup show "$CGM/$CG/unit" 2>/dev/null |
			    python3 -c 'import json,sys; [print(p["id"]) for p in json.load(sys.stdin)]' 2>/dev/null); do
			bpftool cgroup detach "$CGM/$CG/unit" "$h" id "$id" 2>/dev/null
		done
	done
	"$CGNFT" delete table $ONE >/dev/null 2>&1
	"$CGNFT" delete table $TWO >/dev/null 2>&1
	for d in one two unit; do rmdir "$CGM/$CG/$d" 2>/dev/null; done
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

# table NAME CGROUP DROPPED-TCP-PORT DROPPED-UDP-PORT
table() {
	cat <<EOF
table cgroup $1 {
	cgroup "$CG/$2"
	chain in {
		type filter hook ingress priority 0; policy accept;
		tcp dport $3 drop
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport $4 drop
	}
}
EOF
}
table $ONE one 7641 7651 > "$TMPD/one.nft"
table $TWO two 7643 7653 > "$TMPD/two.nft"
table $ONE one 7642 7652 > "$TMPD/one-b.nft"

# the program id pinned at PATH, or nothing
pinned_id() { bpftool -j prog show pinned "$1" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' 2>/dev/null; }
# the id of the program attached to cgroup DIR at HOOK (cgroup_inet_HOOK)
attached_id() {
	bpftool -j cgroup show "$1" 2>/dev/null | python3 -c '
import json, sys
text = sys.stdin.read()	# nothing at all when nothing is attached
ids = [p["id"] for p in (json.loads(text) if text.strip() else [])
       if p["attach_type"] == "cgroup_inet_" + sys.argv[1]]
print(" ".join(map(str, ids)))' "$2"
}
# the name bpftool shows for program ID
prog_name() { bpftool -j prog show id "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])'; }
# the kernel's own name of program ID (bpf_prog_info.name: bpftool shows
# the BTF func name in its place when this one is cut at 15)
kernel_name() {
	python3 - "$1" <<'EOF'
import ctypes, os, sys
libbpf = ctypes.CDLL("libbpf.so.1", use_errno=True)
fd = libbpf.bpf_prog_get_fd_by_id(int(sys.argv[1]))
info = ctypes.create_string_buffer(256)	# struct bpf_prog_info; name at offset 64
n = ctypes.c_uint32(256)
assert libbpf.bpf_obj_get_info_by_fd(fd, info, ctypes.byref(n)) == 0
print(info.raw[64:80].split(b"\0")[0].decode())
EOF
}

check "apply two tables with long, similar names" "$CGNFT" apply "$TMPD/one.nft"
"$CGNFT" apply "$TMPD/two.nft" || not_ok "the second table applies"
D=$BPFFS/cgnft/tables

# the stable paths: each is the program attached to its table's cgroup
for t in "$ONE one" "$TWO two"; do
	set -- $t
	for h in ingress egress; do
		pin=$(pinned_id "$D/$1/$h") att=$(attached_id "$CGM/$CG/$2" $h)
		check "$D/$1/$h is the program attached to $2 at $h ($pin = $att)" \
			test -n "$pin" -a "$pin" = "$att"
	done
done

# cgnft list names the paths: in the status line and in -j
l=$("$CGNFT" list table $ONE)
check "list: the status line of $ONE's ingress names its pin $D/$ONE/ingress" \
	grep -qE "^# cgroup $CG/one hook ingress: .*; pinned at $D/$ONE/ingress\$" <<<"$l"
check "-j list: cgroup_program has pins [...] for each hook" python3 -c "
import json, sys
d = json.loads(sys.argv[1])['nftables']
p = {o['cgroup_program']['hook']: o['cgroup_program']['pins'] for o in d if 'cgroup_program' in o
     and o['cgroup_program']['cgroup'] == '$CG/two'}
assert p == {'ingress': ['$D/$TWO/ingress'], 'egress': ['$D/$TWO/egress']}, p" "$("$CGNFT" -j list ruleset)"

# names: distinct in bpftool, the full ones; the kernel's within 15
ids="$(pinned_id "$D/$ONE/ingress") $(pinned_id "$D/$ONE/egress") $(pinned_id "$D/$TWO/ingress") $(pinned_id "$D/$TWO/egress")"
names=$(for id in $ids; do prog_name "$id"; done)
knames=$(for id in $ids; do kernel_name "$id"; done)
echo "bpftool names:" $names "/ kernel names:" $knames | diag
check "bpftool prog show: four distinct names for the four programs" \
	test "$(sort -u <<<"$names" | wc -l)" = 4
check "bpftool prog show names them <table>_<hook>" test "$names" = \
	"$(printf '%s\n' ${ONE}_ingress ${ONE}_egress ${TWO}_ingress ${TWO}_egress)"
check "kernel names: four distinct, each 15 characters of [A-Za-z0-9_]" \
	test "$(sort -u <<<"$knames" | grep -cxE '[A-Za-z0-9_]{15}')" = 4
check "kernel names begin with the table's name and hook letter" \
	test "$(grep -cE '^pinstest_[ie][0-9a-f]{5}$' <<<"$knames")" = 4
check "bpftool prog dump xlated heads the program with its full name" \
	grep -q "^int ${ONE}_ingress(" <<<"$(bpftool prog dump xlated pinned "$D/$ONE/ingress")"
"$CGNFT" apply "$TMPD/two.nft"
knames2=$(for t in $ONE $TWO; do for h in ingress egress; do kernel_name "$(pinned_id "$D/$t/$h")"; done; done)
check "re-applying gives the same kernel names (no churn)" test "$knames" = "$knames2"

# the path contract, as systemd uses it: attach the pinned programs to
# another cgroup, with BPF_F_ALLOW_MULTI
UNIT=$CGM/$CG/unit
udp_send() {	# udp_send PORT: from a process in the unit cgroup; ok or EPERM
	bash -c "echo \$\$ > '$UNIT/cgroup.procs'; echo x > /dev/udp/127.0.0.1/$1" 2>/dev/null &&
		echo ok || echo EPERM
}
tcp_to_unit() {	# tcp_to_unit PORT: connect from here to a listener in the unit cgroup
	(echo $BASHPID > "$UNIT/cgroup.procs"; exec timeout 5 nc -l 127.0.0.1 "$1" >/dev/null 2>&1) &
	local l=$! i
	for ((i = 0; i < 100; i++)); do	# until it listens
		ss -Hltn "sport = :$1" | grep -q . && break
		sleep 0.05
	done
	timeout 2 bash -c "echo x > /dev/tcp/127.0.0.1/$1" 2>/dev/null && echo ok || echo fail
	kill $l 2>/dev/null
	wait $l 2>/dev/null
}
check "before: the unit cgroup is not filtered (udp 7651, tcp 7641 pass)" \
	test "$(udp_send 7651) $(tcp_to_unit 7641)" = "ok ok"
bpftool cgroup attach "$UNIT" ingress pinned "$D/$ONE/ingress" multi &&
	bpftool cgroup attach "$UNIT" egress pinned "$D/$ONE/egress" multi
check "bpftool cgroup attach CG ingress|egress pinned PATH multi (as systemd)" test $? = 0
old_in=$(pinned_id "$D/$ONE/ingress")
check "the unit cgroup runs the pinned programs" \
	test "$(attached_id "$UNIT" ingress) $(attached_id "$UNIT" egress)" = "$old_in $(pinned_id "$D/$ONE/egress")"
check "egress: udp 7651 from the unit is dropped (EPERM), 7652 passes" \
	test "$(udp_send 7651) $(udp_send 7652)" = "EPERM ok"
check "ingress: tcp to a listener in the unit on 7641 is dropped, 7642 connects" \
	test "$(tcp_to_unit 7641) $(tcp_to_unit 7642)" = "fail ok"

# re-apply with changed rules: the path names the new program, attached to
# the table's cgroup; what was attached from the old path stays as it was
"$CGNFT" apply "$TMPD/one-b.nft" || not_ok "re-apply with changed rules"
new_in=$(pinned_id "$D/$ONE/ingress")
check "after a re-apply, $D/$ONE/ingress is a new program ($old_in -> $new_in)" \
	test -n "$new_in" -a "$new_in" != "$old_in"
check "and it is the program attached to the table's cgroup" \
	test "$new_in" = "$(attached_id "$CGM/$CG/one" ingress)"
check "and so does $D/$ONE/egress" test "$(pinned_id "$D/$ONE/egress")" = "$(attached_id "$CGM/$CG/one" egress)"
check "the unit keeps the program it attached ($old_in), with the old rules" \
	test "$(attached_id "$UNIT" ingress) $(udp_send 7651) $(udp_send 7652)" = "$old_in EPERM ok"
bpftool cgroup detach "$UNIT" ingress id "$old_in" &&
	bpftool cgroup detach "$UNIT" egress id "$(attached_id "$UNIT" egress)"
check "detached: the unit cgroup is not filtered any more" \
	test "$(attached_id "$UNIT" ingress)|$(attached_id "$UNIT" egress)|$(udp_send 7651)" = "||ok"
check "the old program is gone from the kernel once nothing holds it" \
	test -z "$(bpftool prog show id "$old_in" 2>/dev/null)"

# delete and flush take the paths away
"$CGNFT" delete table $TWO
check "delete table: its pins are gone, the other's stay" \
	test ! -e "$D/$TWO" -a -n "$(pinned_id "$D/$ONE/ingress")"
check "no temporary or stale pins are left in tables/" \
	test "$(cd "$D" && find . -mindepth 1 | sort | tr '\n' ' ')" = "./$ONE ./$ONE/egress ./$ONE/ingress "
"$CGNFT" flush ruleset
check "flush ruleset: tables/ is gone, and the cgnft directory with it" test ! -e "$D" -a ! -e "$BPFFS/cgnft"

# a table on two cgroups: one path per cgroup (-1 for the second)
cat > "$TMPD/both.nft" <<EOF
table cgroup $ONE {
	cgroup "$CG/one"
	cgroup "$CG/two"
	chain in { type filter hook ingress priority 0; policy accept; tcp dport 7641 drop; }
}
EOF
"$CGNFT" apply "$TMPD/both.nft"
check "a table on two cgroups: ingress and ingress-1 are the programs attached to each" \
	test -n "$(pinned_id "$D/$ONE/ingress")" -a \
	"$(pinned_id "$D/$ONE/ingress") $(pinned_id "$D/$ONE/ingress-1")" = \
	"$(attached_id "$CGM/$CG/one" ingress) $(attached_id "$CGM/$CG/two" ingress)"
"$CGNFT" delete table $ONE
check "and both go with the table" test ! -e "$BPFFS/cgnft"

# nft names may hold '-' and '.': the kernel takes neither in a BTF name
# and bpffs no '.' in a file name
cat > "$TMPD/dots.nft" <<EOF
table cgroup pins-test.v2 {
	cgroup "$CG/one"
	chain out { type filter hook egress priority 0; policy accept; udp dport 7651 drop; }
}
EOF
check "a table named pins-test.v2 applies" "$CGNFT" apply "$TMPD/dots.nft"
id=$(pinned_id "$D/pins-test\x2ev2/egress")
check "its pin is tables/pins-test\\x2ev2/egress, the attached program" \
	test -n "$id" -a "$id" = "$(attached_id "$CGM/$CG/one" egress)"
check "bpftool shows pins_test_v2_egress, the kernel pins_tes_e + hash" \
	test "$(prog_name "$id") $(kernel_name "$id" | cut -c1-10)" = "pins_test_v2_egress pins_tes_e"
"$CGNFT" delete table pins-test.v2
check "and it goes with the table" test ! -e "$BPFFS/cgnft"
done_testing
