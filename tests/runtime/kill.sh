#!/bin/bash
# Issue 16: an apply killed (SIGKILL) at any point leaves a state that the
# next `cgnft apply` or `cgnft flush ruleset` fully repairs, and concurrent
# applies are serialised and end in one consistent state.  Checked on a
# real cgroup with real traffic: version A drops UDP port 7801, version B
# drops 7802, both a few thousand rules long so that a kill lands inside
# compile, load, attach or the state writes.
. "$TOP_SRCDIR/tests/lib.sh"
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
T=$(mktemp -d)
CG="cgnft-kill-$$"
mkdir -p "$CGM/$CG"
cleanup() {
	"$CGNFT" flush ruleset >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
"$CGNFT" flush ruleset >/dev/null 2>&1

# version NAME PORT: a long file that drops PORT
version() {
	{
		echo "table cgroup kill {"
		echo "	cgroup \"$CG\""
		echo "	chain out {"
		echo "		type filter hook egress priority 0; policy accept;"
		echo "		udp dport $2 drop"
		for ((i = 0; i < 3000; i++)); do
			echo "		ip daddr 10.$((i / 250)).$((i % 250)).0/24 tcp dport $((1000 + i)) drop"
		done
		echo "	}"
		echo "	chain in {"
		echo "		type filter hook ingress priority 0; policy accept;"
		echo "		tcp dport $((2 * $2)) drop"
		echo "	}"
		echo "}"
	} > "$T/$1.nft"
}
version A 7801
version B 7802

# send PORT: "ok" or "EPERM" for one datagram from inside the cgroup
send() {
	bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs'; echo x > /dev/udp/127.0.0.1/$1" 2>/dev/null &&
		echo ok || echo EPERM
}
# policy: what the kernel runs, as "A", "B", "none" or "mixed"
policy() {
	case "$(send 7801) $(send 7802)" in
	"EPERM ok") echo A ;; "ok EPERM") echo B ;; "ok ok") echo none ;; *) echo mixed ;;
	esac
}
# listed: the version `cgnft list` shows
listed() {
	local l
	l=$("$CGNFT" list ruleset 2>/dev/null)
	if grep -q "udp dport 7801 drop" <<<"$l"; then echo A
	elif grep -q "udp dport 7802 drop" <<<"$l"; then echo B
	else echo none; fi
}
pins() { find /sys/fs/bpf -mindepth 1 -path '*cgnft*' 2>/dev/null | wc -l; }
attached() { bpftool cgroup show "$CGM/$CG" 2>/dev/null | grep -c '^[0-9]'; }

"$CGNFT" apply "$T/A.nft" || { not_ok "version A applies"; done_testing; exit 0; }
check "version A runs and is listed" test "$(policy) $(listed)" = "A A"
pins_a=$(pins)
# how long a whole apply of B takes, to spread the kills over it
start=$(date +%s%N)
"$CGNFT" apply "$T/B.nft"
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
"$CGNFT" apply "$T/A.nft"
echo "a whole apply takes $full_ms ms" | diag

kills=12 repaired=0 states=""
for ((k = 0; k < kills; k++)); do
	"$CGNFT" apply "$T/B.nft" 2>/dev/null &
	pid=$!
	# kill points spread over the whole apply, from the start to the end
	sleep "$(awk -v k="$k" -v n="$kills" -v ms="$full_ms" 'BEGIN { printf "%.3f", k * ms / (n - 1) / 1000 }')"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	states+=" $(policy)/$(listed)"
	# the next apply repairs: A runs, is listed, pins as after A
	"$CGNFT" apply "$T/A.nft" 2>"$T/err"
	if [ "$(policy) $(listed)" = "A A" ] && [ "$(pins)" = "$pins_a" ] &&
	   [ "$(attached)" = 2 ]; then
		repaired=$((repaired + 1))
	else
		echo "after kill $k: $(policy) $(listed) pins $(pins)/$pins_a attached $(attached)" | diag
		diag < "$T/err"
	fi
done
echo "kernel/listed right after each kill:$states" | diag
check "after each of $kills SIGKILLs during an apply, the next apply repairs everything ($repaired)" \
	test "$repaired" = "$kills"

# a kill, then flush: nothing left
"$CGNFT" apply "$T/B.nft" 2>/dev/null &
pid=$!
sleep "$(awk -v ms="$full_ms" 'BEGIN { printf "%.3f", ms / 2000 }')"
kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
"$CGNFT" flush ruleset
check "after a kill, flush ruleset leaves no program attached, no pin, nothing listed" \
	test "$(attached) $(pins) $(listed) $(policy)" = "0 0 none none"

# concurrent applies: serialised by the lock, one consistent end state
consistent=0 rounds=10
for ((r = 0; r < rounds; r++)); do
	"$CGNFT" apply "$T/A.nft" 2>/dev/null & p1=$!
	"$CGNFT" apply "$T/B.nft" 2>/dev/null & p2=$!
	wait "$p1"; s1=$?
	wait "$p2"; s2=$?
	now=$(policy)
	if [ "$s1$s2" = 00 ] && [ "$now" = "$(listed)" ] && [ "$now" != mixed ] &&
	   [ "$now" != none ]; then
		consistent=$((consistent + 1))
	else
		echo "round $r: exits $s1 $s2, kernel $now, listed $(listed)" | diag
	fi
done
check "$rounds rounds of two concurrent applies: both succeed and the kernel runs what is listed ($consistent)" \
	test "$consistent" = "$rounds"
done_testing
