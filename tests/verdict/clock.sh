#!/bin/bash
# meta time, day and hour read the clock when the packet passes: rules are
# written around the time the test runs (nothing near a boundary), run in
# the kernel through `cgnft test`, and checked against the truth; the TAI
# offset that BPF's clock carries is taken out; hours written in a local
# time zone become the same UTC seconds as in nft.
. "$TOP_SRCDIR/tests/lib.sh"

# Rules are written in UTC; nft's meta day counts days in the kernel's
# time zone (sys_tz, normally UTC too).
export TZ=UTC
now=$(date +%s)
west=$(python3 -c '
import ctypes
class TZ(ctypes.Structure):
    _fields_ = [("west", ctypes.c_int), ("dst", ctypes.c_int)]
tv, tz = (ctypes.c_long * 2)(), TZ()
ctypes.CDLL(None).gettimeofday(tv, ctypes.byref(tz))
print(tz.west)')
kernel_now=$(( now - west * 60 ))
day=$(( (4 + kernel_now / 86400) % 7 ))	# 0 = Sunday, as nft_meta_weekday
names=(Sunday Monday Tuesday Wednesday Thursday Friday Saturday)
name=${names[$day]}
other=$(( (day + 3) % 7 ))

# The test needs 20 minutes of quiet on both sides of now, so that no hour
# or day changes under it.
for m in $(( now / 60 % 1440 )) $(( kernel_now / 60 % 1440 )); do
	if [ "$m" -lt 20 ] || [ "$m" -gt 1420 ]; then
		skip "clock rules: within 20 minutes of midnight, run again later"
		done_testing
		exit 0
	fi
done

hm() { date -d "@$(( now + $1 * 60 ))" +%H:%M; }
ymd() { date -d "@$(( now + $1 ))" '+%Y-%m-%d %H:%M:%S'; }

rules=$TMPD/clock.nft
cat >"$rules" <<EOF
table cgroup c {
	cgroup "/"
	chain out {
		type filter hook egress priority 0; policy accept;
		tcp dport 1 meta time < "$(ymd -3600)" drop
		tcp dport 2 meta time > "$(ymd -3600)" drop
		tcp dport 3 meta time "$(ymd -3600)"-"$(ymd 3600)" drop
		tcp dport 4 meta time != "$(ymd -3600)"-"$(ymd 3600)" drop
		tcp dport 5 meta day $name drop
		tcp dport 6 meta day != $day drop
		tcp dport 7 meta day { $other, $day } drop
		tcp dport 8 meta day $other drop
		tcp dport 9 meta hour "$(hm -15)"-"$(hm 15)" drop
		tcp dport 10 meta hour != "$(hm -15)"-"$(hm 15)" drop
		tcp dport 11 meta hour "$(hm 15)"-"$(hm -15)" drop
		tcp dport 12 meta hour != "$(hm 15)"-"$(hm -15)" drop
		tcp dport 13 meta hour < "$(hm 15)" meta hour > "$(hm -15)" drop
		tcp dport 14 meta hour { "$(hm -15)"-"$(hm -5)", "$(hm 5)"-"$(hm 15)" } drop
	}
}
EOF
# dport -> expected verdict: the rule that decides and what it says
expect="1:accept 2:drop 3:drop 4:accept 5:drop 6:accept 7:drop 8:accept
	9:drop 10:accept 11:accept 12:drop 13:drop 14:accept"
# 11 and 12 are nft's cross-day ranges: from a quarter past now round
# midnight to a quarter before now.

run() { "$CGNFT" test "$rules" --hook egress --packet "tcp dport $1" 2>&1; }
for e in $expect; do
	port=${e%%:*} want=${e#*:}
	out=$(run "$port")
	if grep -q "^c_egress: $want" <<<"$out"; then
		ok "meta clock rule $port: $want"
	else
		not_ok "meta clock rule $port: want $want"
		{ sed -n "$((port + 4))p" "$rules"; echo "$out"; } | diag
	fi
done

# The TAI offset (adjtimex ADJ_TAI) moves CLOCK_TAI, the only wall clock a
# program can read, away from CLOCK_REALTIME; the loader takes it out.
# With a 10000 s offset a program that ignored it would see the future.
tai_set() { python3 - "$1" <<'EOF'
import ctypes, sys
class Timex(ctypes.Structure):
    _fields_ = [("modes", ctypes.c_uint), ("offset", ctypes.c_long),
                ("freq", ctypes.c_long), ("maxerror", ctypes.c_long),
                ("esterror", ctypes.c_long), ("status", ctypes.c_int),
                ("constant", ctypes.c_long), ("precision", ctypes.c_long),
                ("tolerance", ctypes.c_long), ("sec", ctypes.c_long),
                ("usec", ctypes.c_long), ("tick", ctypes.c_long),
                ("ppsfreq", ctypes.c_long), ("jitter", ctypes.c_long),
                ("shift", ctypes.c_int), ("stabil", ctypes.c_long),
                ("jitcnt", ctypes.c_long), ("calcnt", ctypes.c_long),
                ("errcnt", ctypes.c_long), ("stbcnt", ctypes.c_long),
                ("tai", ctypes.c_int), ("pad", ctypes.c_int * 11)]
libc = ctypes.CDLL(None, use_errno=True)
t = Timex()
if sys.argv[1] != "get":
    t.modes = 0x0080	# ADJ_TAI
    t.constant = int(sys.argv[1])
if libc.adjtimex(ctypes.byref(t)) < 0:
    sys.exit(1)
print(t.tai)
EOF
}
old_tai=$(tai_set get)
if [ -z "$old_tai" ] || ! tai_set 10000 >/dev/null; then
	skip "TAI offset: adjtimex(ADJ_TAI) refused here"
else
	trap 'tai_set "$old_tai" >/dev/null; rm -rf "$TMPD"' EXIT
	cat >"$TMPD/tai.nft" <<EOF
table cgroup c {
	cgroup "/"
	chain out {
		type filter hook egress priority 0; policy accept;
		meta time > "$(ymd 3000)" drop
		meta time > "$(ymd -3000)" meta time < "$(ymd 3000)" counter accept
	}
}
EOF
	out=$("$CGNFT" test "$TMPD/tai.nft" --hook egress --packet 'tcp dport 1' 2>&1)
	tai_set "$old_tai" >/dev/null
	if grep -q "^c_egress: accept by rule $TMPD/tai.nft:6" <<<"$out"; then
		ok "a TAI offset of 10000 s does not move meta time"
	else
		not_ok "a TAI offset of 10000 s does not move meta time"
		echo "$out" | diag
	fi
fi

# Hours are local times converted to UTC when the rule is compiled, as nft
# does when it reads the rule: the same seconds in the IR as nft sends.
for tz in UTC Asia/Kolkata America/New_York Pacific/Chatham; do
	printf 'table inet t {\n chain c {\n  type filter hook output priority 0;\n  meta hour "17:30" drop\n }\n}\n' >"$TMPD/nft.nft"
	want=$(TZ=$tz nft --debug=netlink -c -f "$TMPD/nft.nft" 2>&1 |
		sed -n 's/.*cmp eq reg 1 0x\([0-9a-f]*\).*/\1/p')
	printf 'table cgroup t {\n cgroup "/"\n chain c {\n  type filter hook egress priority 0; policy accept;\n  meta hour "17:30" drop\n }\n}\n' >"$TMPD/cg.nft"
	got=$(TZ=$tz "$CGNFT" compile "$TMPD/cg.nft" --emit ir 2>&1 |
		sed -n 's/.*match meta hour == 0x\([0-9a-f]*\).*/\1/p')
	if [ -n "$want" ] && [ "$((16#$want))" = "$((16#${got:-x}))" ]; then
		ok "meta hour \"17:30\" in $tz is $((16#$want)) s after midnight UTC, as nft"
	else
		not_ok "meta hour \"17:30\" in $tz: nft $want, cgnft $got"
	fi
done
done_testing
