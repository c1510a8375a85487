#!/bin/bash
# cgnft add element / delete element (issue 19) on an applied table, with
# real UDP traffic from a process in a test cgroup: a static blocklist
# (re-applied) and a dynamic set (its live map), errors that change
# nothing, re-applies, and the same commands under nft (in a network
# namespace) for the listing and the error messages.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
ROOT="cgnft-elements-$$"
mkdir -p "$CGM/$ROOT"
cleanup() {
	"$CGNFT" delete table el >/dev/null 2>&1
	rmdir "$CGM/$ROOT" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
HAVE_NFT=0
unshare --net nft list ruleset >/dev/null 2>&1 && HAVE_NFT=1

cat >"$TMPD/el.nft" <<EOF
table cgroup el {
	cgroup "$ROOT"
	set blocklist {
		type ipv4_addr
		flags interval
		elements = { 10.9.0.0/16 }
	}
	set live {
		type ipv4_addr
		flags dynamic,timeout
		timeout 1h
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		ip daddr @blocklist drop
		ip daddr @live drop
	}
}
EOF

SENDER='import errno, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    s.sendto(b"x", (sys.argv[1], 9))
    print("pass")
except OSError as e:
    if e.errno != errno.EPERM:
        raise
    print("drop")'
# send ADDR: one datagram from a process in the cgroup: pass or drop
send() {
	bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && exec python3 -c '$SENDER' $1"
}
elements() { "$CGNFT" list table el | grep -A6 "set $1 {" | grep elements; }

check "apply" "$CGNFT" apply "$TMPD/el.nft"
check "127.0.0.2 passes before any add" test "$(send 127.0.0.2)" = pass

# ---- static set: the table is re-applied ----
check "add element to the blocklist" "$CGNFT" add element el blocklist '{ 127.0.0.2 }'
check "  ... blocks the address at once" test "$(send 127.0.0.2)" = drop
check "  ... and no other" test "$(send 127.0.0.3)" = pass
check "list shows the element" \
	test "$(elements blocklist)" = $'\t\telements = { 10.9.0.0/16, 127.0.0.2 }'
check "adding it again (with the family word) is no error, as in nft" \
	"$CGNFT" add element cgroup el blocklist '{ 127.0.0.2 }'
check "  ... and lists it once" \
	test "$(elements blocklist)" = $'\t\telements = { 10.9.0.0/16, 127.0.0.2 }'

before=$("$CGNFT" list table el)
out=$("$CGNFT" add element el blocklist '{ 127.0.0.3, 10.9.1.0/24 }' 2>&1); rc=$?
check "an overlap with an element there fails with exit 1" test $rc = 1
check "  ... with nft's message, the command, carets under the element" \
	test "$out" = "Error: interval overlaps with an existing one
add element el blocklist { 127.0.0.3, 10.9.1.0/24 }
                                      ^^^^^^^^^^^"
check "  ... and changes nothing (listing, program, traffic)" \
	test "$before" = "$("$CGNFT" list table el)"
check "  ... 127.0.0.3 of the same command still passes" test "$(send 127.0.0.3)" = pass
out_overlap=$out
out=$("$CGNFT" add element el blocklist '{ 127.0.0.3, 127.0.0.0/24 }' 2>&1); rc=$?
check "new elements that overlap each other and one there: the overlap with the set first, as nft" \
	test $rc = 1 -a "$out" = "Error: interval overlaps with an existing one
add element el blocklist { 127.0.0.3, 127.0.0.0/24 }
                                      ^^^^^^^^^^^^"
out_first=$out
out=$("$CGNFT" add element el blocklist '{ 10.20.0.1, 10.20.0.0/24 }' 2>&1); rc=$?
check "two new elements that overlap each other only: nft's error, both marked" \
	test $rc = 1 -a "$out" = "Error: conflicting intervals specified
add element el blocklist { 10.20.0.1, 10.20.0.0/24 }
                           ^^^^^^^^^  ~~~~~~~~~~~~"
out_conflict=$out
check "  ... nothing changed" test "$before" = "$("$CGNFT" list table el)"

out=$("$CGNFT" add element el blocklist '{ 127.0.0.300 }' 2>&1); rc=$?
check "a value of the wrong type fails with exit 1 at the element" \
	test $rc = 1 -a "$out" = "Error: Could not resolve hostname: Name or service not known
add element el blocklist { 127.0.0.300 }
                           ^^^^^^^^^^^"
out_type=$out
out=$("$CGNFT" add element el nosuch '{ 127.0.0.4 }' 2>&1); rc=$?
check "an unknown set: nft's error at its name" test $rc = 1 -a "$out" = "Error: No such file or directory
add element el nosuch { 127.0.0.4 }
               ^^^^^^"
check "  ... nothing changed" test "$before" = "$("$CGNFT" list table el)"

check "delete element" "$CGNFT" delete element el blocklist '{ 127.0.0.2 }'
check "  ... unblocks the address at once" test "$(send 127.0.0.2)" = pass
check "  ... and the listing has the file's element only" \
	test "$(elements blocklist)" = $'\t\telements = { 10.9.0.0/16 }'
out=$("$CGNFT" delete element el blocklist '{ 127.0.0.2 }' 2>&1); rc=$?
check "deleting a missing element fails with nft's message" test $rc = 1 -a "$out" = "Error: element does not exist
delete element el blocklist { 127.0.0.2 }
                              ^^^^^^^^^"
out_missing=$out

# ---- dynamic set: its live map ----
check "add element with a timeout to a dynamic set" \
	"$CGNFT" add element el live '{ 127.0.0.5 timeout 10m }'
check "  ... blocks the address at once" test "$(send 127.0.0.5)" = drop
check "  ... list shows it with its timeout and expiry" \
	grep -qE $'^\t\telements = \\{ 127\\.0\\.0\\.5 timeout 10m expires [0-9]' <<<"$(elements live)"
out=$("$CGNFT" delete element el live '{ 127.0.0.6, 127.0.0.5 }' 2>&1); rc=$?
check "deleting a missing element from a dynamic set fails" test $rc = 1 -a "$out" = "Error: Could not process rule: No such file or directory
delete element el live { 127.0.0.6, 127.0.0.5 }
                         ^^^^^^^^^"
check "  ... and deletes none of the command's elements" test "$(send 127.0.0.5)" = drop
check "delete element from the dynamic set" "$CGNFT" delete element el live '{ 127.0.0.5 }'
check "  ... unblocks the address at once" test "$(send 127.0.0.5)" = pass

# ---- re-apply of the original file ----
"$CGNFT" add element el blocklist '{ 127.0.0.2 }'
"$CGNFT" add element el live '{ 127.0.0.5 }'
check "re-apply the original file" "$CGNFT" apply "$TMPD/el.nft"
check "  ... the static set is the file's again: 127.0.0.2 passes" test "$(send 127.0.0.2)" = pass
check "  ... the dynamic set keeps its live element: 127.0.0.5 is dropped" \
	test "$(send 127.0.0.5)" = drop

# ---- the same commands under nft ----
if [ $HAVE_NFT = 1 ]; then
	sed -e 's/^table cgroup el {/table inet el {/' -e "/cgroup \"$ROOT\"/d" \
	    -e 's/hook egress/hook output/' "$TMPD/el.nft" >"$TMPD/nft.nft"
	nft_out=$(unshare --net bash -c "nft -f '$TMPD/nft.nft'
		nft add element inet el blocklist '{ 127.0.0.2 }'
		nft add element inet el blocklist '{ 127.0.0.2 }'
		nft list set inet el blocklist | grep elements
		nft add element inet el blocklist '{ 127.0.0.3, 10.9.1.0/24 }'
		nft add element inet el blocklist '{ 127.0.0.3, 127.0.0.0/24 }'
		nft add element inet el blocklist '{ 10.20.0.1, 10.20.0.0/24 }'
		nft add element inet el blocklist '{ 127.0.0.300 }'
		nft delete element inet el blocklist '{ 127.0.0.2 }'
		nft delete element inet el blocklist '{ 127.0.0.2 }'" 2>&1)
	# nft's command has "inet " before the table: 5 columns more
	shifted() { sed -e 's/^add element el/add element inet el/' \
			-e 's/^delete element el/delete element inet el/' -e 's/^ *\^/     &/'; }
	check "nft lists the blocklist as cgnft did after the add" \
		grep -qxF $'\t\telements = { 10.9.0.0/16, 127.0.0.2 }' <<<"$nft_out"
	for v in out_overlap out_first out_conflict out_type out_missing; do
		want=$(shifted <<<"${!v}")
		check "nft gives the same error, line for line ($v)" \
			eval '[[ "$nft_out" == *"$want"* ]]'
		[[ "$nft_out" == *"$want"* ]] || { echo "cgnft:"; echo "$want"; echo "nft:"; echo "$nft_out"; } | diag
	done
else
	skip "nft is not usable here: listing and errors not compared with nft"
fi

check "delete the table" "$CGNFT" delete table el
done_testing
