#!/bin/bash
# Dynamic sets (issue 19): sets added to, updated and deleted from by
# rules, meters, timeouts and per-element counters, with real UDP traffic
# from a process in a test cgroup; the same rules and packets under nft
# (in a network namespace) give the same verdicts and the same element
# counters.  The only timeout that must pass is polled for with a bound
# (no assertion depends on how fast the machine runs).
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
ROOT="cgnft-dynset-$$"
mkdir -p "$CGM/$ROOT"
cleanup() {
	"$CGNFT" delete table dy >/dev/null 2>&1
	rmdir "$CGM/$ROOT" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
HAVE_NFT=0
unshare --net nft list ruleset >/dev/null 2>&1 && HAVE_NFT=1

SETS='	set seen {
		type ipv4_addr . inet_service
		flags dynamic,timeout
		counter
		timeout 1h
	}
	set blk {
		type ipv4_addr
		flags dynamic
	}
	set ports {
		type inet_service
		size 2
		flags dynamic
	}
	set cnt {
		type inet_service
		counter
		elements = { 7420 counter packets 10 bytes 100, 7421 }
	}
	set short {
		type inet_service
		flags timeout
		timeout 2s
	}'
RULES='udp dport 7400-7401 update @seen { ip daddr . udp dport }
udp dport 7410 ip daddr @blk drop
udp dport 7410 add @blk { ip daddr }
udp dport 7411 delete @blk { ip daddr }
udp dport 7403 meter m1 { udp dport limit rate over 1/hour burst 2 packets } drop
udp dport 7404-7406 add @ports { udp dport } udp dport != @ports drop
udp dport @cnt accept
udp dport 7430 udp dport @short drop
udp dport 7430 add @short { udp dport }'
body() { sed 's/^/\t\t/' <<<"$RULES"; }
cat >"$TMPD/dy.nft" <<EOF
table cgroup dy {
	cgroup "$ROOT"
$SETS
	chain out {
		type filter hook egress priority 0; policy accept;
$(body)
	}
}
EOF
sed -e 's/^table cgroup dy {/table inet dy {/' -e "/cgroup \"$ROOT\"/d" \
    -e 's/hook egress/hook output/' "$TMPD/dy.nft" >"$TMPD/nft.nft"

check "the rule set compiles and loads" "$CGNFT" check "$TMPD/dy.nft"
asm=$("$CGNFT" compile --emit asm "$TMPD/dy.nft")
check "--emit asm: hash map lookups and updates, the boot clock for timeouts" \
	bash -c 'grep -q "call bpf_map_update_elem" <<<"$1" && grep -q "call bpf_map_delete_elem" <<<"$1" && grep -q "call bpf_ktime_get_boot_ns" <<<"$1" && grep -q "map\[dynset_0\]" <<<"$1"' _ "$asm"
check "--emit asm is deterministic" test "$asm" = "$("$CGNFT" compile --emit asm "$TMPD/dy.nft")"
check "apply" "$CGNFT" apply "$TMPD/dy.nft"

SENDER='import errno, socket, sys
port, n, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ok = 0
for i in range(n):
    try:
        s.sendto(b"x" * size, ("127.0.0.1", port))
        ok += 1
    except OSError as e:
        if e.errno != errno.EPERM:
            raise
print(ok)'
# send PORT N: N datagrams of 472 bytes (500 with headers) from a process
# in the cgroup; prints how many were not refused
send() {
	bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && exec python3 -c '$SENDER' $1 $2 472"
}
traffic() {	# traffic SENDER: port=passed lines, in this order
	echo "7400=$($1 7400 3)"; echo "7401=$($1 7401 5)"
	echo "7410a=$($1 7410 3)"; echo "7411=$($1 7411 1)"; echo "7410b=$($1 7410 3)"
	echo "7403=$($1 7403 6)"
	for p in 7404 7405 7406; do echo "$p=$($1 $p 2)"; done
	echo "7420=$($1 7420 4)"; echo "7421=$($1 7421 2)"
	echo "7430=$($1 7430 3)"
}
got=$(traffic send)
listing=$("$CGNFT" list table dy)
expect() { grep -qxF "$1" <<<"$got"; }
check "add then match: the first packet adds its address, the next are dropped (1 of 3)" expect 7410a=1
check "delete: the address is removed, one packet passes again (1 of 3)" expect 7410b=1
check "meter with limit over 1/hour burst 2 per key: 2 of 6 pass" expect 7403=2
# the set is full: the add fails and the rule stops before its drop
check "a set of size 2: a third key is not added, its rule stops (all pass)" \
	bash -c 'grep -qx 7404=2 <<<"$1" && grep -qx 7405=2 <<<"$1" && grep -qx 7406=2 <<<"$1"' _ "$got"
check "  ... and the set holds the first two keys only" \
	grep -qF "elements = { 7404, 7405 }" <<<"$listing"
check "a set with a timeout: the key is added and matched (1 of 3 pass)" expect 7430=1
check "per-element counters equal the packets sent (3 and 5 of 500 bytes)" \
	bash -c 'grep -qF "127.0.0.1 . 7400 counter packets 3 bytes 1500 expires " <<<"$1" && grep -qF "127.0.0.1 . 7401 counter packets 5 bytes 2500 expires " <<<"$1"' _ "$listing"
check "initial elements keep their counters and count lookups (10 + 4, 0 + 2)" \
	grep -qF "elements = { 7420 counter packets 14 bytes 2100, 7421 counter packets 2 bytes 1000 }" <<<"$listing"
check "listed as nft lists the set: size, flags, counter, timeout" \
	grep -qzF $'\t\ttype ipv4_addr . inet_service\n\t\tflags dynamic,timeout\n\t\tcounter\n\t\ttimeout 1h\n' <<<"$listing"
check "a meter is listed with its size, as nft does" \
	grep -qF "meter m1 size 65535 { udp dport limit rate over 1/hour burst 2 packets } drop" <<<"$listing"

if [ $HAVE_NFT = 1 ]; then
	nft_got=$(unshare --net bash -c "ip link set lo up && nft -f '$TMPD/nft.nft' &&
		  SENDER='$SENDER'; $(declare -f traffic); nsend() { python3 -c \"\$SENDER\" \$1 \$2 472; };
		  traffic nsend; nft list table inet dy" 2>&1)
	check "nft passes the same packets as cgnft, rule by rule" \
		test "$got" = "$(grep '^74[0-9a-z]*=' <<<"$nft_got")"
	[ "$got" = "$(grep '^74[0-9a-z]*=' <<<"$nft_got")" ] || { echo "cgnft:"; echo "$got"; echo "nft:"; echo "$nft_got"; } | diag
	# nft folds long element lists: one element per line here
	norm() { tr -s '\n\t' '  ' | sed -e 's/ expires [0-9hms]*//g' -e 's/, /\n/g' -e 's/[{}]/\n/g' |
		 sed -e 's/^ *//' -e 's/ *$//' | grep -E '^(127|74|meter|size|flags|counter|timeout)'; }
	check "nft lists the same sets, elements and counters" \
		grep -qxF "127.0.0.1 . 7401 counter packets 5 bytes 2500" <(norm <<<"$listing")
	check "  ... all of them" \
		test "$(norm <<<"$listing")" = "$(grep -v '^74[0-9a-z]*=' <<<"$nft_got" | norm)"
	[ "$(norm <<<"$listing")" = "$(grep -v '^74[0-9a-z]*=' <<<"$nft_got" | norm)" ] ||
		diff <(norm <<<"$listing") <(grep -v '^74[0-9a-z]*=' <<<"$nft_got" | norm) | diag
else
	skip "nft is not usable here: verdicts not compared with nft"
fi

# ---- state across re-apply ----
check "re-apply the same file" "$CGNFT" apply "$TMPD/dy.nft"
listing=$("$CGNFT" list table dy)
check "the elements and their counters are kept" \
	grep -qF "127.0.0.1 . 7401 counter packets 5 bytes 2500 expires " <<<"$listing"
check "a meter's buckets are kept: none of 2 more passes" test "$(send 7403 2)" = 0

# ---- a timeout that expires: polled, at most 30 s ----
passed=0
for i in $(seq 1 60); do
	if [ "$(send 7430 1)" = 1 ]; then passed=1; break; fi
	sleep 0.5
done
check "the element of timeout 2s expires: a packet passes again" test $passed = 1
check "delete the table" "$CGNFT" delete table dy
done_testing
