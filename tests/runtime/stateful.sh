#!/bin/bash
# limit, quota and named counters, quotas and limits (issues 17, 19):
# nft's diagnostics (nft itself is the oracle), nft's listing, and real
# UDP traffic from a process in a test cgroup, counted by cgnft and, for
# the same rules and packets, by nft in a network namespace.
#
# Counts are exact where the kernel's arithmetic makes them so: a bucket
# of burst B packets at 1/hour passes B packets of a quick burst (one
# more would need an hour); a quota of 1000 bytes passes two 500-byte
# packets (6.18: used > quota stops the rule).  No assertion depends on
# how fast our code or the machine runs.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
ROOT="cgnft-stateful-$$"
mkdir -p "$CGM/$ROOT"
cleanup() {
	"$CGNFT" delete table st >/dev/null 2>&1
	"$CGNFT" delete table sk >/dev/null 2>&1
	rmdir "$CGM/$ROOT" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
HAVE_NFT=0
unshare --net nft list ruleset >/dev/null 2>&1 && HAVE_NFT=1

# ---- diagnostics: nft's, word for word, at nft's columns ----
diag_same() {	# diag_same RULE: nft -c and cgnft check print the same
	printf 'table inet t {\n chain o {\n  type filter hook output priority 0;\n  %s\n }\n}\n' "$1" >"$TMPD/n.nft"
	printf 'table cgroup t {\n chain o {\n  type filter hook egress priority 0;\n  %s\n }\ncgroup "x"\n}\n' "$1" >"$TMPD/c.nft"
	local a b
	a=$(unshare --net nft -c -f "$TMPD/n.nft" 2>&1 | sed "s#$TMPD/n.nft#F#")
	b=$("$CGNFT" check "$TMPD/c.nft" 2>&1 | sed "s#$TMPD/c.nft#F#")
	if [ -n "$a" ] && [ "$a" == "$b" ]; then
		ok "nft's diagnostic: $1"
	else
		not_ok "nft's diagnostic: $1"; { echo "nft:"; echo "$a"; echo "cgnft:"; echo "$b"; } | diag
	fi
}
if [ $HAVE_NFT = 1 ]; then
	for r in 'limit rate 0/second' 'limit rate 10/second burst 0 packets' \
		 'limit rate 0 bytes/second' 'limit rate 18446744073709551615/second' \
		 'limit rate 10/second burst 10 bytes' 'limit rate 10 mbytes/second burst 10 packets' \
		 'limit rate 1/ms' 'limit rate 10 gbytes/second' 'limit rate 10 foo/second' \
		 'limit rate 10 kbytes/second burst 5 foo' 'limit rate 10/second burst 5 foo' \
		 'quota 2048 bytes used 5000 bytes' 'quota 18446744073709551615 bytes' \
		 'quota 10 gbytes' 'quota 10 packets' 'quota 10 bytes used 5 foo' \
		 'counter name x' 'quota name x' 'limit name "x"'; do
		diag_same "$r"
	done
else
	skip "nft is not usable here: diagnostics not compared"
fi

obj_diag() {	# obj_diag NAME OBJECT-LINE EXPECTED
	printf 'table cgroup t {\n\tcgroup "x"\n\t%s\n\tchain c {\n\t\ttype filter hook egress priority 0;\n\t}\n}\n' "$2" >"$TMPD/o.nft"
	local out
	out=$("$CGNFT" check "$TMPD/o.nft" 2>&1)
	if [ $? = 1 ] && grep -qF "$3" <<<"$out"; then ok "$1"; else not_ok "$1"; echo "$out" | diag; fi
}
obj_diag "a named limit of rate 0: at its name, as nft" "limit l { rate 0/second }" \
	"o.nft:3:8-8: Error: Could not process rule: Invalid argument"
obj_diag "a named quota used past its bytes: at its name, as nft" \
	"quota q { 10 bytes used 20 bytes }" "o.nft:3:8-8: Error: Could not process rule: Invalid argument"

printf 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook sock_create priority 0;\n\t\tquota 10 bytes\n\t}\n}\n' >"$TMPD/sq.nft"
out=$("$CGNFT" check "$TMPD/sq.nft" 2>&1)
check "a quota in a sock_create chain is refused: it counts a packet's bytes" \
	grep -qF "packet matches are not available in a chain for hook sock_create" <<<"$out"

# ---- the listing: nft's text ----
RULES='udp dport 7300 limit rate 1/hour burst 3 packets counter
udp dport 7301 limit rate over 1/hour burst 3 packets drop
udp dport 7302 quota 1000 bytes counter
udp dport 7303 quota over 1000 bytes drop
udp dport 7304 counter name c1
udp dport 7305 counter name "c1"
udp dport 7306 limit name l1 counter
udp dport 7307 quota name q1 counter
udp dport 7308 limit rate 2 kbytes/second burst 1 kbytes counter
udp dport 7309 limit rate over 100 kbytes/second counter
udp dport 7310 limit rate 10/second burst 5 packets quota 1024 kbytes counter
udp dport 7311 limit rate over 7/week drop'
OBJS='	counter c1 { }
	quota q1 { 1000 bytes }
	limit l1 { rate 1/hour burst 2 packets }'
body() { sed 's/^/\t\t/' <<<"$RULES"; }
cat >"$TMPD/st.nft" <<EOF
table cgroup st {
	cgroup "$ROOT"
$OBJS
	chain out {
		type filter hook egress priority 0; policy accept;
$(body)
	}
}
EOF
cat >"$TMPD/nft.nft" <<EOF
table inet st {
$OBJS
	chain out {
		type filter hook output priority 0; policy accept;
$(body)
	}
}
EOF
check "the rule set compiles" "$CGNFT" check "$TMPD/st.nft"
asm=$("$CGNFT" compile --emit asm "$TMPD/st.nft")
check "--emit asm: the bucket under its spin lock, the quota by an atomic add" \
	bash -c 'grep -q "call bpf_spin_lock" <<<"$1" && grep -q "call bpf_ktime_get_ns" <<<"$1" && grep -q "atomic_fetch_add((u64 \*)" <<<"$1"' _ "$asm"
check "--emit asm is deterministic" test "$asm" = "$("$CGNFT" compile --emit asm "$TMPD/st.nft")"
ir=$("$CGNFT" compile --emit ir "$TMPD/st.nft")
check "--emit ir: nft's bucket (burst 3 at 1/hour: 3 hours of tokens, 1 hour a packet)" \
	grep -qF "(packets rate 1 per 3600s burst 3: tokens_max 10800000000000 ns cost 3600000000000 ns)" <<<"$ir"
check "--emit ir: the rules of a named counter share it" \
	test "$(grep -c '^    counter #0$' <<<"$ir")" = 2

check "apply" "$CGNFT" apply "$TMPD/st.nft"

# send PORT N [SIZE]: N datagrams of SIZE payload bytes (IPv4 length SIZE +
# 28) from a process in the cgroup; prints how many were not refused
send() {
	bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && exec python3 - $1 $2 ${3:-472}" <<'EOF'
import errno, socket, sys
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
print(ok)
EOF
}
# the packets of the test, in order; the same for nft below
traffic() {	# traffic SENDER: prints port=passed lines
	for p in 7300 7301 7302 7303 7304 7306 7307 7311; do echo "$p=$($1 $p 6)"; done
	echo "7305=$($1 7305 3)"
	echo "7308=$($1 7308 6 972)"	# 1000 bytes each: a 3 kbytes bucket
}
got=$(traffic send)
listing=$("$CGNFT" list table st)
expect() { grep -qxF "$1" <<<"$got"; }
check "limit 1/hour burst 3: 3 of a quick burst of 6 pass" expect 7300=6
check "  ... and its counter saw exactly 3" grep -qF "udp dport 7300 limit rate 1/hour burst 3 packets counter packets 3 bytes 1500" <<<"$listing"
check "limit rate over 1/hour burst 3 drop: 3 pass, 3 refused" expect 7301=3
check "quota 1000 bytes: two 500-byte packets, then no more" \
	grep -qF "udp dport 7302 quota 1000 bytes used 1000 bytes counter packets 2 bytes 1000" <<<"$listing"
check "quota over 1000 bytes drop: 2 pass, 4 refused" expect 7303=2
check "a named counter shared by two rules counts both (6 + 3)" \
	grep -qzF "counter c1 {"$'\n\t\t'"packets 9 bytes 4500" <<<"$listing"
check "a named limit (burst 2 at 1/hour) passes 2" \
	grep -qF "udp dport 7306 limit name \"l1\" counter packets 2 bytes 1000" <<<"$listing"
check "a named quota of 1000 bytes passes 2 and lists its bytes used" \
	bash -c 'grep -qF "udp dport 7307 quota name \"q1\" counter packets 2 bytes 1000" <<<"$1" && grep -qzF "quota q1 {"$'"'"'\n\t\t'"'"'"1000 bytes used 1000 bytes" <<<"$1"' _ "$listing"
check "a byte limit of 2 kbytes/second burst 1 kbytes: a 3 kbytes bucket passes 3 packets of 1000 bytes" \
	grep -qF "udp dport 7308 limit rate 2 kbytes/second burst 1 kbytes counter packets 3 bytes 3000" <<<"$listing"
check "limit over 7/week drop: the default burst (5) passes 5" expect 7311=5
for l in "limit rate over 100 kbytes/second counter" "limit rate 10/second quota 1 mbytes counter"; do
	check "listed as nft lists it: $l" grep -qF "$l" <<<"$listing"
done

if [ $HAVE_NFT = 1 ]; then
	# the same rules and packets under nft: the counts must agree
	nft_got=$(unshare --net bash -c "ip link set lo up && nft -f '$TMPD/nft.nft' &&
		  $(declare -f traffic); nsend() { python3 - \$1 \$2 \${3:-472} <<'EOF'
import errno, socket, sys
port, n, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
ok = 0
for i in range(n):
    try:
        s.sendto(b'x' * size, ('127.0.0.1', port))
        ok += 1
    except OSError as e:
        if e.errno != errno.EPERM:
            raise
print(ok)
EOF
}; traffic nsend; nft list table inet st" 2>&1)
	check "nft passes the same packets as cgnft, rule by rule" \
		test "$got" = "$(grep '^73[0-9][0-9]=' <<<"$nft_got")"
	[ "$got" = "$(grep '^73[0-9][0-9]=' <<<"$nft_got")" ] || { echo "cgnft:"; echo "$got"; echo "nft:"; echo "$nft_got"; } | diag
	norm() { grep -E '^\s+(udp dport|packets|[0-9]+ bytes|rate)' | sed 's/^\s*//'; }
	check "nft lists the same rules, objects and values" \
		test "$(norm <<<"$listing")" = "$(norm <<<"$nft_got")"
	[ "$(norm <<<"$listing")" = "$(norm <<<"$nft_got")" ] || diff <(norm <<<"$listing") <(norm <<<"$nft_got") | diag
else
	skip "nft is not usable here: counts not compared with nft"
fi

# ---- state across re-apply ----
check "re-apply the same file" "$CGNFT" apply "$TMPD/st.nft"
send 7300 2 >/dev/null; send 7302 2 >/dev/null; send 7306 2 >/dev/null
listing=$("$CGNFT" list table st)
check "the bucket is kept: limit 1/hour burst 3 lets none of 2 more through" \
	grep -qF "udp dport 7300 limit rate 1/hour burst 3 packets counter packets 3 bytes 1500" <<<"$listing"
check "the quota's bytes used are kept: none of 2 more passes" \
	grep -qF "udp dport 7302 quota 1000 bytes used 1000 bytes counter packets 2 bytes 1000" <<<"$listing"
check "the named limit's bucket is kept" \
	grep -qF "udp dport 7306 limit name \"l1\" counter packets 2 bytes 1000" <<<"$listing"
check "named counters are kept (9 packets)" grep -qzF "counter c1 {"$'\n\t\t'"packets 9 bytes 4500" <<<"$listing"
check "limit over ... drop keeps its bucket: nothing passes" test "$(send 7301 2)" = 0

# a changed object: as `nft -f` does with an object that exists, a quota
# takes its new bytes and keeps its bytes used, a counter keeps its
# values; a limit whose rate or burst changes starts a new, full bucket
sed -e 's/quota q1 { 1000 bytes }/quota q1 { 4000 bytes }/' \
    -e 's/limit l1 { rate 1\/hour burst 2 packets }/limit l1 { rate 1\/hour burst 4 packets }/' \
    -e 's/counter c1 { }/counter c1 { packets 100 bytes 100 }/' \
    -e 's/udp dport 7302 quota 1000 bytes counter/udp dport 7302 quota 1500 bytes counter/' \
    "$TMPD/st.nft" >"$TMPD/st2.nft"
check "apply the changed objects" "$CGNFT" apply "$TMPD/st2.nft"
send 7306 6 >/dev/null; send 7307 3 >/dev/null; send 7302 4 >/dev/null
listing=$("$CGNFT" list table st)
check "a changed named limit starts a full bucket: burst 4 passes 4 (2 + 4 counted)" \
	grep -qF "udp dport 7306 limit name \"l1\" counter packets 6 bytes 3000" <<<"$listing"
# nft adds every packet to the bytes used, also past the quota: 6 x 500
check "a named quota raised to 4000 bytes keeps its 3000 bytes used: 2 of 3 pass (2 + 2)" \
	grep -qF "udp dport 7307 quota name \"q1\" counter packets 4 bytes 2000" <<<"$listing"
check "a changed quota in a rule is a new rule: its bytes start at 0 (3 of 4 x 500 bytes)" \
	grep -qF "udp dport 7302 quota 1500 bytes used 1500 bytes counter packets 3 bytes 1500" <<<"$listing"
check "a named counter keeps its values when its initial values change" \
	grep -qzF "counter c1 {"$'\n\t\t'"packets 9 bytes 4500" <<<"$listing"
check "delete the table" "$CGNFT" delete table st

# ---- sock_create and sysctl: a limit on socket creations and on reads ----
cat >"$TMPD/sk.nft" <<EOF
table cgroup sk {
	cgroup "$ROOT"
	chain socks {
		type filter hook sock_create priority 0; policy accept;
		socket type dgram limit rate over 1/hour burst 2 packets drop
	}
	chain sys {
		type filter hook sysctl priority 0; policy accept;
		sysctl name "kernel/domainname" limit rate over 1/hour burst 2 packets drop
	}
}
EOF
check "a limit in a sock_create chain applies" "$CGNFT" apply "$TMPD/sk.nft"
socks=$(bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && exec python3 -c '
import socket
n = 0
for i in range(5):
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM); n += 1
    except OSError:
        pass
print(n)'")
check "limit over 1/hour burst 2 on socket creations: 2 of 5 UDP sockets are created" test "$socks" = 2
reads=$(bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && n=0 &&
	for i in 1 2 3 4 5; do dd if=/proc/sys/kernel/domainname bs=100 count=1 status=none >/dev/null 2>&1 && n=\$((n + 1)); done; echo \$n")
check "limit over 1/hour burst 2 on sysctl reads: 2 of 5 reads (one read() each) of kernel/domainname succeed" test "$reads" = 2
check "delete it" "$CGNFT" delete table sk
done_testing
