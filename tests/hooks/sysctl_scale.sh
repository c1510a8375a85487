#!/bin/bash
# sysctl policies at any size (issue 21): generated policies of 10,000 exact
# names, 2,000 globs (by prefix and by suffix), 2,000 `!=` names, 2,000
# name-plus-range and 2,000 range-only rules
# compile, load and attach to a test cgroup, and decide a sample of real
# /proc/sys writes as their rules in order do (each in a fresh network
# namespace, so nothing written outlives the access).
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGM" ] || { skip "cgroup2 is not mounted"; done_testing; exit 0; }
CG="cgnft-sysctl-scale-$$"
mkdir -p "$CGM/$CG"
trap '"$CGNFT" delete table scale >/dev/null 2>&1; rmdir "$CGM/$CG"; rm -rf "$TMPD"' EXIT

# policy NAME N RULE-TEMPLATE(awk, i) SPECIAL-RULES...: N generated rules,
# the special rules at fixed places (i = 1/4, 1/2, last), then
# `sysctl write drop`.
policy() {
	local name=$1 n=$2 tmpl=$3
	shift 3
	{
		printf 'table cgroup scale {\n\tcgroup "%s"\n\tchain c {\n\t\ttype filter hook sysctl priority 0; policy accept;\n' "$CG"
		awk -v n="$n" -v a="$1" -v b="$2" -v c="$3" "BEGIN {
			for (i = 0; i < n; i++) {
				if (i == int(n / 4)) print \"\t\t\" a
				if (i == int(n / 2)) print \"\t\t\" b
				printf \"\t\t\"; $tmpl
			}
			print \"\t\t\" c
		}"
		printf '\t\tsysctl write drop\n\t}\n}\n'
	} > "$TMPD/$name.nft"
}

# write KNOB VALUE -> ok | EPERM, from the cgroup, in a fresh netns
write() {
	unshare -n bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs'
		{ echo '$2' > /proc/sys/$1; } 2>/dev/null && echo ok || echo EPERM"
}

load() {	# load NAME DESCRIPTION
	local rules verified=
	rules=$(grep -c '^		sysctl' "$TMPD/$1.nft")
	if ! "$CGNFT" apply "$TMPD/$1.nft" 2>"$TMPD/$1.err"; then
		not_ok "$2 ($rules rules): compiles, loads and attaches"
		diag < "$TMPD/$1.err"
		return 1
	fi
	ok "$2 ($rules rules): compiles, loads and attaches"
	bpftool prog show name scale_sysctl 2>/dev/null | grep -o 'xlated [0-9]*B\|verified_insns [0-9]*' | diag
	# one table search: the verifier's work does not grow with the rules
	# (in order, 2,000 globs took 162,782 verified instructions)
	"$CGNFT" compile "$TMPD/$1.nft" -o "$TMPD/$1.o" 2>/dev/null &&
		verified=$("$TOP_BUILDDIR/bench/progstat" "$TMPD/$1.o" 2>/dev/null | awk '{ print $5 }')
	check "$2: one table search, verified in under 5,000 instructions (${verified:-?})" \
		test "${verified:-999999}" -lt 5000
}

F=net/ipv4/tcp_fin_timeout K=net/ipv4/tcp_keepalive_time S=net/ipv4/tcp_syn_retries

policy exact 10000 'printf "sysctl write sysctl name \"net/gen/knob%d\" accept\n", i' \
	"sysctl write sysctl name \"$F\" drop" \
	"sysctl write sysctl base name \"tcp_keepalive_time\" accept" \
	"sysctl write sysctl name \"$F\" accept"
if load exact "exact names"; then
	check "exact: rule n/4 drops writes to $F" test "$(write $F 30)" = EPERM
	check "exact: rule n/2 (base name) accepts writes to $K" test "$(write $K 100)" = ok
	check "exact: no rule names $S: the final drop" test "$(write $S 3)" = EPERM
fi

# every 5th generated glob is on the base name
policy glob 2000 'if (i % 5) printf "sysctl write sysctl name \"net/gen%d/*_timeout\" accept\n", i; else printf "sysctl write sysctl base name \"knob%d_*\" accept\n", i' \
	"sysctl write sysctl name \"net/*/tcp_fin_*\" accept" \
	"sysctl write sysctl base name \"tcp_keepalive_?ime\" drop" \
	"sysctl write sysctl name \"net/ipv4/tcp_syn*\" accept"
if load glob "globs"; then
	check "globs: net/*/tcp_fin_* accepts $F" test "$(write $F 30)" = ok
	check "globs: base name tcp_keepalive_?ime drops $K" test "$(write $K 100)" = EPERM
	check "globs: tcp_syn* accepts $S" test "$(write $S 3)" = ok
	check "globs: no glob matches tcp_retries2: the final drop" test "$(write net/ipv4/tcp_retries2 9)" = EPERM
fi

# globs with a fixed end and no fixed start (grouped by their suffix key),
# every 5th on the base name, every 7th with a `*` in the middle
policy sglob 2000 'if (i % 5 == 0) printf "sysctl write sysctl base name \"*_y%d\" accept\n", i; else if (i % 7 == 0) printf "sysctl write sysctl name \"net/*/fwd%d\" accept\n", i; else printf "sysctl write sysctl name \"*/knob%d_mtu\" accept\n", i' \
	"sysctl write sysctl name \"*/tcp_fin_timeout\" drop" \
	"sysctl write sysctl base name \"*_time\" accept" \
	"sysctl write sysctl name \"net/*/tcp_syn_retries\" accept"
if load sglob "suffix globs"; then
	check "suffix globs: */tcp_fin_timeout drops $F" test "$(write $F 30)" = EPERM
	check "suffix globs: base name *_time accepts $K" test "$(write $K 100)" = ok
	check "suffix globs: net/*/tcp_syn_retries accepts $S" test "$(write $S 3)" = ok
	check "suffix globs: no glob matches tcp_retries2: the final drop" test "$(write net/ipv4/tcp_retries2 9)" = EPERM
fi

# `!=` names and sets of names: every generated rule excludes one name
policy neq 2000 'printf "sysctl write sysctl name != \"net/gen/knob%d\" sysctl value %d-%d drop\n", i, 1000 + 3 * i, 1001 + 3 * i' \
	"sysctl write sysctl name != { \"$F\", \"$K\" } sysctl value 7 drop" \
	"sysctl write sysctl name { \"$F\", \"$K\" } sysctl value 5-9 accept" \
	"sysctl write sysctl base name != \"tcp_syn_retries\" accept"
if load neq "!= and sets of names"; then
	check "!=: $F is excluded from rule n/4, 7 is accepted by the set at n/2" test "$(write $F 7)" = ok
	check "!=: $S is not excluded: 7 is dropped (rule n/4)" test "$(write $S 7)" = EPERM
	check "!=: the set at n/2 accepts $K 8" test "$(write $K 8)" = ok
	check "!=: 1003 on $F is dropped (generated rule 1)" test "$(write $F 1003)" = EPERM
	check "!=: base name != tcp_syn_retries does not hold for $S: the final drop" test "$(write $S 3)" = EPERM
	check "!=: it holds for tcp_retries2: accepted" test "$(write net/ipv4/tcp_retries2 9)" = ok
fi

policy range 2000 'printf "sysctl write sysctl name \"net/gen/knob%d\" sysctl value %d-%d accept\n", i, i, i + 5' \
	"sysctl write sysctl name \"$F\" sysctl value 10-20 accept" \
	"sysctl write sysctl name \"$F\" sysctl value 21-40 drop" \
	"sysctl write sysctl base name \"tcp_fin_timeout\" sysctl value 0x20-100 accept"
if load range "name plus range"; then
	check "name+range: 15 in 10-20 is accepted" test "$(write $F 15)" = ok
	check "name+range: 0x10 (16) in 10-20 is accepted" test "$(write $F 0x10)" = ok
	check "name+range: 30 in 21-40 is dropped (before 0x20-100)" test "$(write $F 30)" = EPERM
	check "name+range: 50 in 0x20-100 is accepted" test "$(write $F 50)" = ok
	check "name+range: 200 matches no range: the final drop" test "$(write $F 200)" = EPERM
	check "name+range: other knobs: the final drop" test "$(write $K 15)" = EPERM
fi

policy ronly 2000 'printf "sysctl write sysctl value %d-%d accept\n", 1000 + 3 * i, 1001 + 3 * i' \
	"sysctl write sysctl value 7 drop" \
	"sysctl write sysctl value 5-9 accept" \
	"sysctl write sysctl value 0-1 accept"
if load ronly "range only"; then
	check "range-only: 7 is dropped (rule n/4 before n/2)" test "$(write $F 7)" = EPERM
	check "range-only: 8 is accepted (rule n/2)" test "$(write $F 8)" = ok
	check "range-only: 1003 is accepted (generated rule 1)" test "$(write $F 1003)" = ok
	check "range-only: 1005 is in no range: the final drop" test "$(write $F 1005)" = EPERM
	check "range-only: 0 (the last rule) is accepted" test "$(write $F 0)" = ok
fi
"$CGNFT" delete table scale >/dev/null 2>&1
done_testing
