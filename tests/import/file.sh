#!/bin/bash
# cgnft import --file: nft loads the file in a private network namespace;
# command-style files (add/insert rule), multi-line rules, `;`-separated
# rules, an ip and an ip6 table of one name, tables of other families,
# chains no carried rule reaches, includes (rules then named by handle),
# files nft refuses, usage errors, and all-or-nothing output.
. "$TOP_SRCDIR/tests/lib.sh"

if ! command -v nft >/dev/null || ! unshare -n true 2>/dev/null; then
	skip "nft missing or no network namespaces"; done_testing; exit 0
fi
cd "$TMPD" || exit 1

cat >cmds.nft <<'NFT'
#!/usr/sbin/nft -f
define web = { 80, 443 }
flush ruleset
add table inet fw
add chain inet fw in { type filter hook input priority 0; policy drop; }
add rule inet fw in tcp dport $web accept
add rule inet fw in ct zone 1 accept
insert rule inet fw in udp dport 53 accept
add chain inet fw my-sub
add rule inet fw in jump my-sub
add rule inet fw my-sub tcp dport {
	22,
	2222
} accept
add chain inet fw only-fwd
table ip fw {
	chain out { type filter hook output priority 0; udp dport 9 drop; tcp dport 7 drop
		meta l4proto icmp accept
	}
	chain forw { type filter hook forward priority 0; jump only-forw4; }
	chain only-forw4 { accept; }
}
table ip6 fw {
	chain out { type filter hook output priority 0; policy drop; }
}
table netdev nd {
	chain ing { type filter hook ingress device lo priority 0; }
}
NFT
cat >want.err <<'TXT'
cmds.nft: Warning: netdev nd: table left out: the netdev family has no cgroup hook
cmds.nft:7: Warning: inet fw in: rule not carried: ct zone is not available in a cgroup hook (a cgroup table reads ct state, direction, status and mark only: doc/HOOKS.md)
	add rule inet fw in ct zone 1 accept
cmds.nft:15: Warning: inet fw only-fwd: chain left out: no carried rule jumps to it
cmds.nft:20: Warning: ip fw forw: chain left out: hook forward has no cgroup equivalent (only input -> ingress, output -> egress)
cmds.nft:21: Warning: ip fw only-forw4: chain left out: no carried rule jumps to it
cgnft: import: cmds.nft: 7 rules carried, 1 not carried, 4 chains or tables left out
TXT
"$CGNFT" import --file cmds.nft --cgroup app.slice --skip-unsupported -o out.cgnft 2>err
check "--skip-unsupported: exit 0" test $? = 0
if diff -u want.err err >diff.out; then
	ok "the report, every line in order"
else
	not_ok "the report, every line in order"; diag <diff.out
fi
check "the inserted rule is first, with its line" \
	test "$(grep -A1 'hook ingress' out.cgnft | tail -1)" = '		udp dport domain accept # cmds.nft:8'
check "a rule over three lines: its first line" grep -qF 'tcp dport { ssh, 2222 } accept # cmds.nft:11' out.cgnft
check "rules after ';' on one line: that line" test "$(grep -c '# cmds.nft:17$' out.cgnft)" = 2
check "the refused rule is a comment with the reason and its text" \
	grep -qxF '		# cmds.nft:7: not carried: ct zone is not available in a cgroup hook (a cgroup table reads ct state, direction, status and mark only: doc/HOOKS.md)' out.cgnft
check "inet, ip and ip6 tables of one name: fw, fw_ip, fw_ip6" \
	test "$(grep -c '^table cgroup fw\(_ip\|_ip6\)\? {' out.cgnft)" = 3
check "hyphenated chain names are carried" grep -q '^	chain my-sub {' out.cgnft
check "the output compiles" "$CGNFT" compile out.cgnft -o /dev/null

# without --skip-unsupported: the same report as errors, exit 1, and an
# existing output file left as it was
echo keep >out2.cgnft
"$CGNFT" import --file cmds.nft --cgroup app.slice -o out2.cgnft 2>err
rc=$?
check "a refused rule: exit 1" test $rc = 1
check "the refused rule is an Error" grep -q '^cmds.nft:7: Error: inet fw in: rule not carried' err
check "left-out chains stay warnings" grep -q '^cmds.nft:20: Warning: ip fw forw' err
check "nothing written: the old file is kept" test "$(cat out2.cgnft)" = keep

# a file with nothing refused: exit 0 without the option, same text; ct
# state, interfaces, limit and quota are carried
cat >clean.nft <<'NFT'
table inet c {
	chain i { type filter hook input priority 0; tcp dport 22 accept; }
	chain o {
		type filter hook output priority 0;
		ct state established,related accept
		oifname "veth*" limit rate over 10/second drop
		quota over 1 mbytes drop
	}
}
NFT
"$CGNFT" import --file clean.nft --cgroup app.slice -o a.cgnft 2>/dev/null &&
	"$CGNFT" import --file clean.nft --cgroup app.slice --skip-unsupported -o b.cgnft 2>/dev/null
check "nothing refused: exit 0 either way, the same bytes" cmp -s a.cgnft b.cgnft
check "ct state is carried" grep -qxF '		ct state established,related accept # clean.nft:5' a.cgnft
check "oifname with a wildcard and limit are carried" \
	grep -qxF '		oifname "veth*" limit rate over 10/second drop # clean.nft:6' a.cgnft
check "quota is carried" grep -qxF '		quota over 1 mbytes drop # clean.nft:7' a.cgnft

# a rule the importer translates but cgnft's front end refuses (ct status
# on ingress, in a regular chain: only the front end knows every hook that
# reaches it): reported with the file's own line, not the translation.  In
# the base input chain the importer refuses it itself.
cat >fe.nft <<'NFT'
table inet f {
	chain i {
		type filter hook input priority 0;
		jump s
		ct status dnat counter accept
	}
	chain s {
		ct status dnat counter accept
		tcp dport 22 accept
	}
}
NFT
"$CGNFT" import --file fe.nft --cgroup x --skip-unsupported -o fe.cgnft 2>err
check "front end refusal: exit 0 with --skip-unsupported" test $? = 0
check "front end refusal: reported at its line" \
	grep -q '^fe.nft:8: Warning: cgnft: rule not carried: cgnft refuses its translation: ct status is not available in a chain for hook ingress' err
check "front end refusal: below it, the file's line" \
	test "$(grep -A1 '^fe.nft:8:' err | tail -1)" = "$(printf '\tct status dnat counter accept')"
check "front end refusal: the comment holds the file's line" \
	grep -qxF "$(printf '\t\t#\tct status dnat counter accept')" fe.cgnft
check "front end refusal: the next rule is carried" grep -qxF '		tcp dport ssh accept # fe.nft:9' fe.cgnft
check "in the base input chain the importer refuses it, at its line" \
	grep -q '^fe.nft:5: Warning: inet f i: rule not carried: ct status is not available at hook ingress' err

# includes: the scanner cannot know the order, so rules are named by handle
echo 'tcp dport 1 accept' >inc.nft
cat >top.nft <<NFT
table inet t {
	chain i {
		type filter hook input priority 0;
		include "$TMPD/inc.nft"
		ct zone 2 accept
	}
}
NFT
"$CGNFT" import --file top.nft --cgroup x --skip-unsupported -o t.cgnft 2>err
check "with include: exit 0" test $? = 0
check "with include: a carried rule names its handle" grep -qE 'tcp dport 1 accept # inet t i handle [0-9]+$' t.cgnft
check "with include: a refused rule names its handle" \
	grep -qE '^top.nft: Warning: inet t i handle [0-9]+: rule not carried: ct zone' err

# a file nft refuses: nft's own messages, exit 1, nothing written
printf 'table inet b {\n\tchain i { type filter hook input priority 0; tcp dport accept; }\n}\n' >bad.nft
"$CGNFT" import --file bad.nft --cgroup x -o bad.cgnft 2>err
rc=$?
check "nft refuses the file: exit 1, nothing written" test $rc = 1 -a ! -e bad.cgnft
check "nft's message first" grep -q '^bad.nft:2:.*Error: syntax error' err
check "then cgnft's" grep -qxF 'cgnft: import: nft could not load bad.nft (see above); nothing written' err

# the host's ruleset is not touched (nft ran in a namespace of its own)
before=$(nft list ruleset | md5sum)
"$CGNFT" import --file cmds.nft --cgroup x --skip-unsupported -o /dev/null 2>/dev/null
check "the host's ruleset is unchanged" test "$(nft list ruleset | md5sum)" = "$before"

# standard input ("-"): the same import, the rules named "-:LINE"
"$CGNFT" import --file - --cgroup app.slice --skip-unsupported -o stdin.cgnft <cmds.nft 2>/dev/null
check "--file -: reads standard input" cmp -s stdin.cgnft <(sed 's/cmds\.nft/-/g' out.cgnft)

# -j: the imported table as nft's JSON, its values carried
printf 'table inet j {\n\tchain output {\n\t\ttype filter hook output priority 0; policy accept;\n\t\ttcp dport 22 counter packets 5 bytes 300 accept\n\t}\n}\n' >j.nft
"$CGNFT" import --file j.nft --cgroup app.slice -j >j.json 2>/dev/null
check "import -j: the table, its egress chain and the rule with its counter" python3 -c "import json
d = json.load(open('j.json'))['nftables']
t = [o['table'] for o in d if 'table' in o][0]
assert t['cgroup'] == ['app.slice'], t
c = [o['chain'] for o in d if 'chain' in o][0]
assert (c['hook'], c['policy']) == ('egress', 'accept'), c
r = [o['rule'] for o in d if 'rule' in o][0]
assert {'counter': {'packets': 5, 'bytes': 300}} in r['expr'] and r['expr'][-1] == {'accept': None}, r"
"$CGNFT" -j import --file j.nft --cgroup app.slice 2>/dev/null | cmp -s - j.json
check "cgnft -j import gives the same" test $? = 0

# usage
"$CGNFT" import --file cmds.nft inet fw in --cgroup x >/dev/null 2>&1
check "--file with FAMILY TABLE CHAIN: exit 2" test $? = 2
"$CGNFT" import inet fw in --cgroup x --skip-unsupported >/dev/null 2>&1
check "--skip-unsupported without --file: exit 2" test $? = 2
"$CGNFT" import --file cmds.nft >/dev/null 2>&1
check "--file without --cgroup: exit 2" test $? = 2
"$CGNFT" import --file nonexistent.nft --cgroup x >/dev/null 2>&1
check "a missing file: exit 1" test $? = 1
done_testing
