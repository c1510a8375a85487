#!/bin/bash
# `cgnft list` prints nft's canonical form, and JSON like `nft -j` (issue
# 15): what list prints is accepted again by `cgnft check` and compiles to
# the same program; its plain-nft part (table inet for table cgroup, no
# cgroup line, output/input for egress/ingress) is accepted by `nft -c -f`
# and nft lists it back line for line.  `cgnft -j list ruleset` is JSON
# with the hook, the cgroup and counters as numbers after real traffic
# from a process in the test cgroup.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
CG="cgnft-listing-$$"
mkdir -p "$CGM/$CG"
cleanup() {
	"$CGNFT" delete table lst >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

# send PORT:N ...: N datagrams of 100 bytes (IPv4) to each PORT, from the cgroup
send() {
	bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs' && exec python3 - $*" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for arg in sys.argv[1:]:
    port, n = map(int, arg.split(":"))
    for i in range(n):
        try:
            s.sendto(b"x" * 72, ("127.0.0.1", port))
        except OSError:
            pass
PY
}

# written in a form nft would not list: policy on its own line, a numeric
# priority, sets after the chains, no blank lines
cat > "$TMPD/lst.nft" <<EOF
table cgroup lst {
	cgroup "$CG"
	counter hits {
		packets 0 bytes 0
	}
	chain out {
		type filter hook egress priority 0
		policy accept
		ip daddr 127.0.0.1 udp dport 7801 counter accept comment "the first"
		udp dport @ports counter name "hits" drop
		tcp dport vmap { 22 : accept, 23 : drop }
		ip daddr . udp dport { 127.0.0.2 . 7803, 127.0.0.3 . 7804 } counter drop
		udp dport 7806 jump sub
		udp dport 7807 quota 1000 bytes counter drop
	}
	set ports {
		type inet_service
		elements = { 7802, 7805 }
	}
	chain sub {
		limit rate 10/second counter drop
		return
	}
	chain in {
		type filter hook ingress priority -5;
		udp dport 7809 counter drop
	}
}
EOF
check "the table applies" "$CGNFT" apply "$TMPD/lst.nft"
send 7801:3 7802:2 7805:1 7806:4 7807:5
"$CGNFT" list table lst > "$TMPD/list.nft"
diag < "$TMPD/list.nft"
check "the base chain's line as nft prints it" \
	grep -qxF $'\t\ttype filter hook egress priority filter; policy accept;' "$TMPD/list.nft"
check "a negative priority near filter as nft names it, the default policy spelled out" \
	grep -qxF $'\t\ttype filter hook ingress priority filter - 5; policy accept;' "$TMPD/list.nft"
check "no policy on a line of its own" bash -c "! grep -qE '^\s*policy' '$TMPD/list.nft'"
check "the comment comes last, after the live counter" \
	grep -qxF $'\t\tip daddr 127.0.0.1 udp dport 7801 counter packets 3 bytes 300 accept comment "the first"' "$TMPD/list.nft"
check "objects, then sets, then chains, a blank line between them" \
	test "$(grep -E '^	(counter|set|chain) |^$' "$TMPD/list.nft" | tr '\n' '|')" = \
	"	counter hits {||	set ports {||	chain out {||	chain sub {||	chain in {|"
check "the named counter counted the set's ports" \
	grep -qzF $'counter hits {\n\t\tpackets 3 bytes 300' "$TMPD/list.nft"

# back to cgnft: accepted, and the same program
check "cgnft check accepts what cgnft list printed" "$CGNFT" check "$TMPD/list.nft"
strip() { "$CGNFT" compile "$1" --emit asm | grep -v '^;' | sed 's/ ; .*//'; }
# the live values are in the text (counters, a quota's use): the loader
# would start from them; compared with them zero, the same program
sed 's/counter packets [0-9]* bytes [0-9]*/counter/; s/ used [0-9]* bytes//; s/^\t\tpackets [0-9]* bytes [0-9]*$/\t\tpackets 0 bytes 0/' \
	"$TMPD/list.nft" > "$TMPD/list0.nft"
strip "$TMPD/lst.nft" > "$TMPD/a.s"
strip "$TMPD/list0.nft" > "$TMPD/b.s"
check "and it compiles to the same instructions and data" cmp -s "$TMPD/a.s" "$TMPD/b.s"
"$CGNFT" compile "$TMPD/lst.nft" -o "$TMPD/a.o" && "$CGNFT" compile "$TMPD/list0.nft" -o "$TMPD/b.o"
check "the objects are the same bytes" cmp -s "$TMPD/a.o" "$TMPD/b.o"

# to nft: the plain-nft part
sed -e 's/^table cgroup /table inet /' -e '/^\tcgroup "/d' -e 's/hook egress/hook output/' \
	-e 's/hook ingress/hook input/' -e '/^#/d' "$TMPD/list.nft" > "$TMPD/nft.nft"
if unshare --net nft list ruleset >/dev/null 2>&1; then
	if unshare --net nft -c -f "$TMPD/nft.nft" 2> "$TMPD/err"; then
		ok "nft -c -f accepts the listing (table inet, no cgroup line)"
	else
		not_ok "nft -c -f accepts the listing (table inet, no cgroup line)"; diag < "$TMPD/err"
	fi
	unshare --net bash -c "nft -f '$TMPD/nft.nft' && nft list ruleset" > "$TMPD/back.nft" 2>&1
	# the values too: nft starts the counters and the quota from them
	if diff -u "$TMPD/nft.nft" "$TMPD/back.nft" > "$TMPD/d"; then
		ok "nft lists it back exactly as cgnft listed it"
	else
		not_ok "nft lists it back exactly as cgnft listed it"; diag < "$TMPD/d"
	fi
else
	skip "nft is not usable here"; skip "nft is not usable here"
fi

# every datatype as nft lists it: the rules of listing-corpus.txt in one
# chain (and a few behind defines), compiled by cgnft (--emit list prints
# what list prints, nothing applied) and loaded into nft in a scratch
# network namespace: each rule line of cgnft's listing is nft's line
{
	printf 'define ports = { 80, 22 }\ndefine net = 10.0.0.0/8\ndefine m = 0x10\n'
	printf 'table cgroup corpus {\n\tcgroup "x"\n\tchain c {\n'
	printf '\t\ttype filter hook egress priority 0; policy accept;\n'
	grep -v '^#' "$TOP_SRCDIR/tests/runtime/listing-corpus.txt" | sed 's/^/\t\t/'
	printf '\t\ttcp dport $ports accept\n\t\tip daddr $net meta mark $m accept\n'
	printf '\t\tip daddr { 192.168.0.1, $net } accept\n\t}\n}\n'
} > "$TMPD/corpus.nft"
ncorpus=$(($(grep -c $'^\t\t' "$TMPD/corpus.nft") - 1))	# less the type line
if "$CGNFT" compile "$TMPD/corpus.nft" --emit list > "$TMPD/corpus.list" 2> "$TMPD/err"; then
	ok "the corpus compiles ($ncorpus rules)"
else
	not_ok "the corpus compiles"; diag < "$TMPD/err"
fi
check "the listing has a line per rule, and no \$variable" \
	test "$(grep -c $'^\t\t' "$TMPD/corpus.list")" = $((ncorpus + 1)) -a \
	"$(grep -c '\$' "$TMPD/corpus.list")" = 0
check "defines expanded, sets sorted, marks as nft prints them" grep -qzF \
	$'\t\ttcp dport { 22, 80 } accept\n\t\tip daddr 10.0.0.0/8 meta mark 0x00000010 accept\n\t\tip daddr { 10.0.0.0/8, 192.168.0.1 } accept\n' \
	"$TMPD/corpus.list"
# back to cgnft: the same program (rule-text annotations aside)
strip "$TMPD/corpus.nft" > "$TMPD/a.s"
"$CGNFT" compile "$TMPD/corpus.list" --emit asm | grep -v '^;' | sed 's/ ; .*//' > "$TMPD/b.s"
check "the corpus's listing compiles to the same instructions and data" cmp -s "$TMPD/a.s" "$TMPD/b.s"
if unshare --net nft list ruleset >/dev/null 2>&1; then
	sed -e 's/^table cgroup /table inet /' -e '/^\tcgroup "/d' -e 's/hook egress/hook output/' \
		"$TMPD/corpus.nft" > "$TMPD/corpus-nft.nft"
	unshare --net bash -c "nft -f '$TMPD/corpus-nft.nft' && nft list ruleset" \
		> "$TMPD/corpus-nft.list" 2>&1
	grep $'^\t\t' "$TMPD/corpus.list" | grep -v '^		type ' > "$TMPD/mine"
	grep $'^\t\t' "$TMPD/corpus-nft.list" | grep -v '^		type ' > "$TMPD/nfts"
	if diff -u "$TMPD/nfts" "$TMPD/mine" > "$TMPD/d"; then
		ok "each of the corpus's $ncorpus rules is listed as nft lists it"
	else
		not_ok "each of the corpus's rules is listed as nft lists it"; diag < "$TMPD/d"
	fi
	# -j: each rule's expressions as nft -j has them (a quota's "used",
	# the live bytes, is always there in cgnft's)
	unshare --net bash -c "nft -f '$TMPD/corpus-nft.nft' && nft -j list ruleset" \
		> "$TMPD/corpus-nft.json" 2>&1
	"$CGNFT" -j compile "$TMPD/corpus.nft" --emit list > "$TMPD/corpus.json"
	if python3 - "$TMPD/corpus.json" "$TMPD/corpus-nft.json" > "$TMPD/d" 2>&1 <<'PY'
import json, sys
rules = lambda f: [o['rule'] for o in json.load(open(f))['nftables'] if 'rule' in o]
mine, nfts = rules(sys.argv[1]), rules(sys.argv[2])
assert len(mine) == len(nfts), (len(mine), len(nfts))
bad = 0
for a, b in zip(mine, nfts):
    for e in a['expr']:
        if 'quota' in e and e['quota'].get('used') == 0:
            del e['quota']['used']
    if a['expr'] != b['expr']:
        bad += 1
        print(a['text'], json.dumps(a['expr']), json.dumps(b['expr']))
sys.exit(bad != 0)
PY
	then
		ok "cgnft -j lists each of the corpus's rules' expressions as nft -j does"
	else
		not_ok "cgnft -j lists each of the corpus's rules' expressions as nft -j does"
		diag < "$TMPD/d"
	fi
else
	skip "nft is not usable here"; skip "nft is not usable here"
fi

# the rules nft lists in a form cgnft compiles otherwise: listed as nft
# lists them, and cgnft lists its own listing back unchanged
{
	printf 'table cgroup rewritten {\n\tcgroup "x"\n\tchain c {\n'
	printf '\t\ttype filter hook egress priority 0; policy accept;\n'
	grep -v '^#' "$TOP_SRCDIR/tests/runtime/listing-corpus-rewritten.txt" | sed 's/^/\t\t/'
	printf '\t}\n}\n'
} > "$TMPD/rw.nft"
nrw=$(($(grep -c $'^\t\t' "$TMPD/rw.nft") - 1))
"$CGNFT" compile "$TMPD/rw.nft" --emit list > "$TMPD/rw.list" 2> "$TMPD/err"
"$CGNFT" compile "$TMPD/rw.list" --emit list 2>> "$TMPD/err" | grep -v '^#' > "$TMPD/rw2.list"
if grep -v '^#' "$TMPD/rw.list" | cmp -s - "$TMPD/rw2.list"; then
	ok "cgnft lists its listing of the $nrw rewritten rules back unchanged"
else
	not_ok "cgnft lists its listing of the rewritten rules back unchanged"; diag < "$TMPD/err"
fi
if unshare --net nft list ruleset >/dev/null 2>&1; then
	sed -e 's/^table cgroup /table inet /' -e '/^\tcgroup "/d' -e 's/hook egress/hook output/' \
		"$TMPD/rw.nft" > "$TMPD/rw-nft.nft"
	unshare --net bash -c "nft -f '$TMPD/rw-nft.nft' && nft list ruleset" > "$TMPD/rw-nft.list" 2>&1
	grep $'^\t\t' "$TMPD/rw.list" | grep -v '^		type ' > "$TMPD/mine"
	grep $'^\t\t' "$TMPD/rw-nft.list" | grep -v '^		type ' > "$TMPD/nfts"
	if test -s "$TMPD/mine" && diff -u "$TMPD/nfts" "$TMPD/mine" > "$TMPD/d"; then
		ok "each of the $nrw rewritten rules is listed as nft lists it"
	else
		not_ok "each of the rewritten rules is listed as nft lists it"; diag < "$TMPD/d"
	fi
else
	skip "nft is not usable here"
fi

# JSON, nft's global -j
"$CGNFT" -j list ruleset > "$TMPD/j.json"
check "cgnft -j list ruleset is JSON" bash -c "python3 -m json.tool '$TMPD/j.json' >/dev/null"
check "cgnft list ruleset -j prints the same" bash -c "'$CGNFT' list ruleset -j | cmp -s - '$TMPD/j.json'"
JQ() { python3 -c "import json,sys
d = json.load(open('$TMPD/j.json'))['nftables']
objs = lambda k: [o[k] for o in d if k in o]
$1" ; }
check "metainfo first, then the table with its cgroup" JQ "
assert list(d[0]) == ['metainfo']
t = [x for x in objs('table') if x['name'] == 'lst'][0]
assert t['family'] == 'cgroup' and t['cgroup'] == ['$CG'], t"
check "chains with their hook, priority and policy" JQ "
c = {x['name']: x for x in objs('chain') if x['table'] == 'lst'}
assert (c['out']['hook'], c['out']['prio'], c['out']['policy']) == ('egress', 0, 'accept'), c
assert (c['in']['hook'], c['in']['prio']) == ('ingress', -5), c
assert 'hook' not in c['sub']"
check "rules: the counters after the traffic, as numbers" JQ "
r = [x for x in objs('rule') if x['table'] == 'lst']
ctr = lambda x: [e['counter'] for e in x['expr'] if 'counter' in e][0]
by = {x['text'].split(' counter')[0]: x for x in r}
assert ctr(by['ip daddr 127.0.0.1 udp dport 7801']) == {'packets': 3, 'bytes': 300}, by
assert ctr(by['limit rate 10/second']) == {'packets': 4, 'bytes': 400}
assert ctr(by['udp dport 7807 quota 1000 bytes used 500 bytes']) == {'packets': 5, 'bytes': 500}"
check "the quota's bytes used, the named counter's values" JQ "
q = [e['quota'] for x in objs('rule') for e in x['expr'] if 'quota' in e][0]
assert q['used'] == 500 and q.get('inv', False) is False and q['val'] == 1000, q
n = [x for x in objs('counter') if x['name'] == 'hits'][0]
assert (n['packets'], n['bytes']) == (3, 300), n"
check "rules: handle, file and line, a match as nft writes it, the comment" JQ "
r = [x for x in objs('rule') if x['chain'] == 'out'][0]
assert isinstance(r['handle'], int) and r['file'].endswith('lst.nft') and r['line'] > 0, r
assert r['expr'][0] == {'match': {'op': '==', 'left': {'payload': {'protocol': 'ip', 'field': 'daddr'}}, 'right': '127.0.0.1'}}, r
assert r['expr'][1]['match']['right'] == 7801 and r['expr'][-1] == {'accept': None}, r
assert r['comment'] == 'the first'"
check "a set with its elements; a vmap; a jump" JQ "
s = [x for x in objs('set') if x['name'] == 'ports'][0]
assert s['type'] == ['inet_service'] and s['elem'] == [7802, 7805], s
e = [e for x in objs('rule') for e in x['expr']]
assert {'vmap': {'key': {'payload': {'protocol': 'tcp', 'field': 'dport'}}, 'data': {'set': [[22, {'accept': None}], [23, {'drop': None}]]}}} in e
assert {'jump': {'target': 'sub'}} in e"
check "the programs per cgroup and hook, with their kernel ids" JQ "
p = {x['hook']: x for x in objs('cgroup_program') if x['cgroup'] == '$CG'}
assert set(p) == {'egress', 'ingress'} and p['egress']['tables'] == ['lst'], p
assert p['egress']['id'] > 0 and p['egress']['id'] in p['egress']['effective'], p"
check "the JSON rule text agrees with the text listing" \
	grep -qF '"text": "udp dport 7807 quota 1000 bytes used 500 bytes counter packets 5 bytes 500 drop"' "$TMPD/j.json"

# check -j: the file's rule set and the result
"$CGNFT" check -j "$TMPD/lst.nft" > "$TMPD/c.json"
check "check -j: ok, the programs checked, the rules with the file's lines" python3 -c "import json
d = json.load(open('$TMPD/c.json'))['nftables']
c = [o['check'] for o in d if 'check' in o][0]
assert c['result'] == 'ok' and sorted(p['hook'] for p in c['programs']) == ['egress', 'ingress'], c
assert all(p['instructions'] > 0 for p in c['programs'])
r = [o['rule'] for o in d if 'rule' in o]
assert r[0]['file'] == '$TMPD/lst.nft' and r[0]['line'] == 9, r[0]"
echo 'table cgroup bad { cgroup "x"; chain c { type filter hook egress priority 0; udp dport 99999 drop; } }' > "$TMPD/bad.nft"
"$CGNFT" -j check "$TMPD/bad.nft" > "$TMPD/c.json" 2> "$TMPD/err"
rc=$?
check "check -j on an error: exit 1, result error, the message on stderr as text" \
	bash -c "test $rc = 1 && grep -q 'Error:' '$TMPD/err' && python3 -c \"import json; d = json.load(open('$TMPD/c.json'))['nftables']; assert [o['check']['result'] for o in d if 'check' in o] == ['error']\""
done_testing
