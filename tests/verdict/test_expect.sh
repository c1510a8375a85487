#!/bin/bash
# `cgnft test` for CI (issue 15): --expect accept|drop sets the exit
# status, -j prints JSON, and the packet's mark and device (meta iif/oif,
# by index or by the name of an interface that exists) are set in the
# kernel's test run; skuid cannot be, and says why.
. "$TOP_SRCDIR/tests/lib.sh"

cat > "$TMPD/t.nft" <<'EOF'
table cgroup tx {
	cgroup "/"
	chain out {
		type filter hook egress priority 0; policy accept;
		meta mark 0x42 drop
		oif lo udp dport 53 accept
		oifname "vtx0" udp dport 54 accept
		udp dport { 53, 54 } drop
	}
	chain in {
		type filter hook ingress priority 0; policy drop;
		iif lo tcp dport 22 accept
	}
}
EOF
T() { "$CGNFT" test "$TMPD/t.nft" "$@"; }

T --hook egress --packet 'udp dport 53' --expect accept > "$TMPD/out" 2> "$TMPD/err"
check "--expect accept, accepted: exit 0" test $? = 0
check "  and the deciding rule is printed" grep -q 'tx_egress: accept by rule .*t.nft:6: oif "lo" udp dport 53 accept' "$TMPD/out"
T --hook egress --packet 'udp dport 53' --expect drop > "$TMPD/out" 2> "$TMPD/err"
check "--expect drop, accepted: exit 1" test $? = 1
check "  with a message naming the packet, the program and both verdicts" \
	grep -q 'packet 1, tx_egress: accept, expected drop' "$TMPD/err"
T --hook egress --packet 'udp dport 53 meta mark 0x42' --packet 'tcp dport 1 mark 0x42' --expect drop >/dev/null 2>&1
check "meta mark is the skb's: both packets dropped by the mark rule, exit 0" test $? = 0
T --packet 'tcp dport 22' --expect accept > "$TMPD/out" 2>&1
check "--expect holds for every program the packet runs through (egress accepts, ingress accepts by iif lo)" \
	test $? = 0
T --packet 'tcp dport 23' --expect accept > "$TMPD/out" 2>&1
check "one program's drop (ingress policy) fails --expect accept" test $? = 1
T --hook egress --packet 'udp dport 53 meta oif 1' --expect accept >/dev/null 2>&1
check "meta oif 1: the loopback device by index" test $? = 0
T --hook ingress --packet 'tcp dport 22 iifname "lo"' --expect accept >/dev/null 2>&1
check "iifname \"lo\": by name" test $? = 0
T --hook egress --packet 'udp dport 53 oif nosuch9' > /dev/null 2> "$TMPD/err"
check "an interface that does not exist: exit 1, said so" \
	bash -c "test $? = 1 && grep -q \"no interface named 'nosuch9' here\" '$TMPD/err'"
T --hook egress --packet 'udp dport 53 meta skuid 1000' > /dev/null 2> "$TMPD/err"
check "meta skuid cannot be set, and the message says why" \
	bash -c "test $? = 1 && grep -q 'skuid cannot be set: BPF_PROG_TEST_RUN runs the packet with a dummy socket' '$TMPD/err'"
T --packet 'tcp dport 22' --expect maybe > /dev/null 2>&1
check "--expect takes accept or drop only (usage error, 2)" test $? = 2

# another device than lo: a veth pair in a private network namespace
if unshare --net true 2>/dev/null; then
	unshare --net bash -c "ip link add vtx0 type veth peer name vtx1 && ip link set lo up &&
		'$CGNFT' test '$TMPD/t.nft' --hook egress --packet 'udp dport 54 oifname vtx0' --expect accept &&
		'$CGNFT' test '$TMPD/t.nft' --hook egress --packet 'udp dport 53 oifname vtx0' --expect drop &&
		'$CGNFT' test '$TMPD/t.nft' --hook egress --packet \"udp dport 53 oif \$(ip -o link show vtx1 | cut -d: -f1)\" --expect drop &&
		'$CGNFT' test '$TMPD/t.nft' --hook egress --packet 'udp dport 54' --expect drop" > "$TMPD/out" 2>&1
	rc=$?
	check "a veth's name and index reach the program: oifname vtx0 matches, oif lo then does not" test $rc = 0
	[ $rc = 0 ] || diag < "$TMPD/out"
else
	skip "no network namespaces here"
fi

# JSON, as a command option and as nft's global -j
"$CGNFT" -j test "$TMPD/t.nft" --packet 'udp dport 53' --packet 'tcp dport 22 mark 0x42' \
	--expect drop > "$TMPD/j.json" 2> "$TMPD/err"
check "-j with --expect: exit 1 (the first packet is accepted)" test $? = 1
check "-j: the JSON says which packet, program, hook, cgroup, verdict, rule and expectation" \
	python3 -c "import json
d = json.load(open('$TMPD/j.json'))['nftables']
assert list(d[0]) == ['metainfo']
t = [o['test'] for o in d if 'test' in o]
assert len(t) == 4, t
e = [x for x in t if x['packet'] == 1 and x['hook'] == 'egress'][0]
assert e['program'] == 'tx_egress' and e['cgroup'] == '/' and e['verdict'] == 'accept', e
assert e['rule']['line'] == 6 and e['rule']['text'] == 'oif \"lo\" udp dport 53 accept', e
assert e['desc'] == 'udp dport 53' and e['expect'] == 'drop' and e['as_expected'] is False, e
i = [x for x in t if x['packet'] == 1 and x['hook'] == 'ingress'][0]
assert i['verdict'] == 'drop' and i['policy'] == {'table': 'tx', 'chain': 'in'} and i['as_expected'], i
m = [x for x in t if x['packet'] == 2 and x['hook'] == 'egress'][0]
assert m['verdict'] == 'drop' and m['rule']['line'] == 5 and m['as_expected'], m"
check "-j after the command gives the same JSON" \
	bash -c "T() { '$CGNFT' test '$TMPD/t.nft' \"\$@\"; }; T -j --packet 'udp dport 53' --packet 'tcp dport 22 mark 0x42' --expect drop 2>/dev/null | cmp -s - '$TMPD/j.json'"
done_testing
