#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `cgnft check` warnings in nft's format (file:line:col-col: Warning: ...,
# the source line, a caret line), exit 0 (1 with --werror); what they must
# not claim (opaque rules, jumps, marks set by rules); `cgnft diff` output,
# exit status and "may change" for what it does not model.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

rules() {	# rules FILE: a table around the rules on stdin
	{ printf 'table cgroup t {\n\tcgroup "/sys/fs/cgroup/cgnft-analysis-never-attached";\n'
	  printf '\tchain in {\n\t\ttype filter hook ingress priority 0; policy %s;\n' "${POLICY:-accept}"
	  sed 's/^/\t\t/'
	  printf '\t}\n%s}\n' "$EXTRA"; } > "$1"
}

expect_check() {	# expect_check NAME FILE EXPECTED-STDERR
	local rc
	"$CGNFT" check "$2" > out 2> err
	rc=$?
	if [ "$rc" = 0 ] && [ ! -s out ] && diff -u <(printf '%s' "$3") err > d; then
		ok "$1"
	else
		not_ok "$1 (exit $rc)"; diag < d
	fi
}

rules a.nft <<'EOF'
tcp dport 22 tcp dport 23 drop
ip saddr 10.0.0.0/8 tcp dport 22 accept
ip saddr 10.1.0.0/16 tcp dport 22 drop
tcp dport { 22, 80-90 } drop
tcp dport 85 counter drop
ip saddr 10.0.0.0/8 meta l4proto tcp accept
EOF
expect_check "contradictory, shadowed (one and a set), no effect" a.nft \
"a.nft:5:3-32: Warning: this rule can never match: no packet satisfies all its matches
		tcp dport 22 tcp dport 23 drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
a.nft:7:3-40: Warning: this rule can never match: the rule at a.nft:6 already decides every packet it matches
		ip saddr 10.1.0.0/16 tcp dport 22 drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
a.nft:9:3-27: Warning: this rule can never match: the rule at a.nft:8 already decides every packet it matches
		tcp dport 85 counter drop
		^^^^^^^^^^^^^^^^^^^^^^^^^
a.nft:10:3-45: Warning: this rule changes nothing: the packets it matches get accept without it (the chain's policy)
		ip saddr 10.0.0.0/8 meta l4proto tcp accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"
"$CGNFT" check --werror a.nft 2>/dev/null
check "--werror: exit 1 on warnings" test $? = 1
"$CGNFT" -c -f a.nft 2> err
check "-c -f: the same warnings, exit 0" test $? = 0 -a "$(grep -c Warning: err)" = 4

rules b.nft <<'EOF'
tcp dport 22 accept
udp dport 53 accept
meta l4proto { tcp, udp } drop
ip6 saddr 2001:db8::/32 tcp dport 22 drop
EOF
expect_check "shadowed: one earlier rule decides it all, it alone is named" b.nft \
"b.nft:8:3-43: Warning: this rule can never match: the rule at b.nft:5 already decides every packet it matches
		ip6 saddr 2001:db8::/32 tcp dport 22 drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"
rules b3.nft <<'EOF'
tcp dport 22 accept
tcp dport 23 drop
ip saddr 10.0.0.0/8 tcp dport 22-23 accept
EOF
expect_check "shadowed by the union of two rules" b3.nft \
"b3.nft:7:3-44: Warning: this rule can never match: the rules at b3.nft:5, b3.nft:6 already decide every packet it matches
		ip saddr 10.0.0.0/8 tcp dport 22-23 accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"
POLICY=drop rules b2.nft <<'EOF'
tcp dport 0-65535 accept
udp dport 0-65535 accept
ip6 saddr 2001:db8::/32 tcp dport 22 drop
EOF
expect_check "shadowed by one of two rules" b2.nft \
"b2.nft:7:3-43: Warning: this rule can never match: the rule at b2.nft:5 already decides every packet it matches
		ip6 saddr 2001:db8::/32 tcp dport 22 drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"

# non-first fragments have no ports: the l4proto rule is not shadowed
rules c.nft <<'EOF'
tcp dport 0-65535 drop
meta l4proto tcp drop
EOF
expect_check "fragments: a full port range does not cover the protocol" c.nft ""

# opaque rules never shadow: a limit may not match, ip length is not
# modelled; a jump hides what its chain decides (not what it returns)
EXTRA=$'\tchain sub {\n\t\tip saddr 10.0.0.1 accept\n\t\tip saddr 10.0.0.2 return\n\t\ttcp dport 80 drop\n\t}\n' POLICY=drop rules d.nft <<'EOF'
tcp dport 22 limit rate 10/second accept
ip length 60 accept
jump sub
tcp dport 22 accept
ip saddr 10.0.0.1 accept
ip saddr 10.0.0.2 accept
EOF
expect_check "limits and unmodelled fields hide nothing; a jump hides what its chain decides" d.nft \
"d.nft:9:3-26: Warning: this rule can never match: the rule at d.nft:7 already decides every packet it matches
		ip saddr 10.0.0.1 accept
		^^^^^^^^^^^^^^^^^^^^^^^^
"

# a rule sets the mark: the second match sees another mark
rules e.nft <<'EOF'
meta mark 1 drop
meta mark set 1
meta mark 1 drop
EOF
expect_check "mark set by a rule: no claim on mark matches" e.nft ""

# a trailing return in a regular chain, a rule with no verdict
EXTRA=$'\tchain sub {\n\t\tip saddr 10.0.0.1 drop\n\t\ttcp dport 22 return\n\t}\n' rules f.nft <<'EOF'
jump sub
ip saddr 10.0.0.9
EOF
expect_check "no effect: trailing return, no verdict" f.nft \
"f.nft:6:3-19: Warning: this rule changes nothing: it has no verdict and no statement
		ip saddr 10.0.0.9
		^^^^^^^^^^^^^^^^^
f.nft:10:3-21: Warning: this rule changes nothing: the end of the chain returns too
		tcp dport 22 return
		^^^^^^^^^^^^^^^^^^^
"

# diff
rules old.nft <<'EOF'
ip saddr 10.0.0.0/8 tcp dport 22 accept
tcp dport { 22, 80-90 } drop
EOF
rules new.nft <<'EOF'
ip saddr 10.0.0.0/9 tcp dport 22 accept
tcp dport { 22, 80-91 } drop
EOF
"$CGNFT" diff old.nft old.nft > out 2>&1
check "diff: same file, exit 0" test $? = 0
check "diff: says no change" grep -q '^  no change$' out
"$CGNFT" diff old.nft new.nft > out 2>&1
check "diff: a change, exit 1" test $? = 1
if diff -u - out > d <<'EOF'
cgroup /sys/fs/cgroup/cgnft-analysis-never-attached hook ingress:
  accept -> drop: meta nfproto ipv4 ip saddr 10.128.0.0/9 meta l4proto tcp th dport 22
    witness: ip saddr 10.128.0.0 ip daddr 0.0.0.0 tcp sport 0 tcp dport 22 meta mark 0 (old accept, new drop)
  accept -> drop: meta nfproto ipv4 meta l4proto tcp th dport 91
    witness: ip saddr 0.0.0.0 ip daddr 0.0.0.0 tcp sport 0 tcp dport 91 meta mark 0 (old accept, new drop)
  accept -> drop: meta nfproto ipv6 meta l4proto tcp th dport 91
    witness: ip6 saddr :: ip6 daddr :: tcp sport 0 tcp dport 91 meta mark 0 (old accept, new drop)
EOF
then ok "diff: regions and witnesses"; else not_ok "diff: regions and witnesses"; diag < d; fi
"$CGNFT" diff -j old.nft new.nft > out
check "diff -j: JSON with 3 changes" python3 -c '
import json, sys
d = json.load(open("out"))
assert len(d["changes"]) == 3, d
c = d["changes"][0]
assert (c["old"], c["new"], c["hook"]) == ("accept", "drop", "ingress")
assert c["region"]["saddr"] == [str(0x0a800000), str(0x0affffff)]
assert c["witness"].startswith("ip saddr 10.128.0.0")
'
rules lim.nft <<'EOF'
tcp dport 22 limit rate 10/second drop
EOF
"$CGNFT" diff old.nft lim.nft > out 2>&1
check "diff: a limit that decides: may change, exit 1" test $? = 1
check "diff: names the rule and the reason" grep -q 'may change: not modelled: lim.nft:5: a limit' out
"$CGNFT" diff lim.nft lim.nft > out 2>&1
check "diff: not modelled but the same: exit 0" test $? = 0
printf 'table cgroup t {\n\tcgroup "/sys/fs/cgroup/other";\n\tchain in {\n\t\ttype filter hook ingress priority 0; policy accept;\n\t}\n}\n' > none.nft
"$CGNFT" diff none.nft old.nft > out 2>&1
rc=$?
check "diff: a program only in NEW (the old passes all)" test $rc = 1 -a "$(grep -c 'cgroup /sys/fs/cgroup/' out)" = 2
printf 'table cgroup t {\n' > bad.nft
"$CGNFT" diff old.nft bad.nft > out 2>&1
check "diff: bad input, exit 2 with the front end's error" test $? = 2 -a "$(grep -c Error: out)" -ge 1
"$CGNFT" diff old.nft > /dev/null 2>&1
check "diff: one file, usage, exit 2" test $? = 2

# jumps, gotos and verdict maps in diff: the called chains inlined
SUB=$'\tchain sub {\n\t\tip saddr 10.0.0.0/24 return\n\t\tdrop\n\t}\n\tchain sub2 {\n\t\tip saddr 10.0.0.2 reject\n\t}\n'
EXTRA="$SUB" rules j1.nft <<'EOF'
tcp dport vmap { 22 : jump sub, 80 : drop, 443 : goto sub2 }
ip saddr 10.0.0.1 drop
EOF
EXTRA="${SUB/10.0.0.0\/24/10.0.0.0/25}" rules j2.nft <<'EOF'
tcp dport vmap { 22 : jump sub, 80 : drop, 443 : goto sub2 }
ip saddr 10.0.0.1 drop
EOF
"$CGNFT" diff j1.nft j2.nft > out 2>err
check "diff: jumps, gotos, a vmap and reject: exit 1" test $? = 1
if diff -u - out > d <<'EOF'
cgroup /sys/fs/cgroup/cgnft-analysis-never-attached hook ingress:
  accept -> drop: meta nfproto ipv4 ip saddr 10.0.0.128/25 meta l4proto tcp th dport 22
    witness: ip saddr 10.0.0.128 ip daddr 0.0.0.0 tcp sport 0 tcp dport 22 meta mark 0 (old accept, new drop)
EOF
then ok "diff: what a jumped-to chain returns goes on in the caller"; else not_ok "diff: through a jump"; diag < d; fi
check "diff: reject runs as drop, with the front end's warning" grep -q 'Warning: reject runs as drop' err
sed 's/reject/drop/' j1.nft > j3.nft
"$CGNFT" diff j1.nft j3.nft > out 2>&1
check "diff: reject and drop are the same verdict" test $? = 0
EXTRA="${SUB/reject/drop}" rules j4.nft <<'EOF'
tcp dport vmap { 22 : jump sub, 80 : drop, 443 : goto sub2 }
ip saddr 10.0.0.2 tcp dport 443 accept
ip saddr 10.0.0.5 tcp dport 22 accept
ip saddr 10.0.1.5 tcp dport 22 accept
EOF
expect_check "check: a goto and a jump through a vmap hide what their chains decide" j4.nft \
"j4.nft:6:3-40: Warning: this rule can never match: the rule at j4.nft:5 already decides every packet it matches
		ip saddr 10.0.0.2 tcp dport 443 accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
j4.nft:7:3-39: Warning: this rule changes nothing: the packets it matches get accept without it (the chain's policy)
		ip saddr 10.0.0.5 tcp dport 22 accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
j4.nft:8:3-39: Warning: this rule can never match: the rule at j4.nft:5 already decides every packet it matches
		ip saddr 10.0.1.5 tcp dport 22 accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"
# a chain jumped to only for tcp: its udp rule never runs
EXTRA=$'\tchain t {\n\t\tudp dport 53 accept\n\t\ttcp dport 22 accept\n\t}\n' rules j5.nft <<'EOF'
meta l4proto tcp jump t
EOF
expect_check "check: a rule no packet its chain is called with matches" j5.nft \
"j5.nft:8:3-21: Warning: this rule can never match: no packet that its chain is jumped to with satisfies all its matches
		udp dport 53 accept
		^^^^^^^^^^^^^^^^^^^
"

# socket states no cgroup_skb program sees
rules s.nft <<'EOF'
socket state time-wait drop
socket state { time-wait, new-syn-recv } drop
socket state != close socket state { established, time-wait } accept
socket state established drop
EOF
expect_check "check: time-wait and new-syn-recv never seen" s.nft \
"s.nft:5:3-29: Warning: this rule can never match: a cgroup_skb program never sees a socket in time-wait or new-syn-recv (it runs only for full sockets)
		socket state time-wait drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^
s.nft:6:3-47: Warning: this rule can never match: a cgroup_skb program never sees a socket in time-wait or new-syn-recv (it runs only for full sockets)
		socket state { time-wait, new-syn-recv } drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
s.nft:8:3-31: Warning: this rule can never match: the rule at s.nft:7 already decides every packet it matches
		socket state established drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"

# th ports without a protocol: icmp's bytes 2-3 are its checksum
rules th1.nft <<'EOF'
th dport 22 drop
EOF
"$CGNFT" diff -j old.nft th1.nft > out
check "diff: th dport is modelled (no may_change), icmp's checksum included" python3 -c '
import json
d = json.load(open("out"))
assert not any(c.get("may_change") for c in d["changes"]), d
assert any("icmp checksum 22" in c["text"] and c["witness"].endswith("icmp checksum 22 meta mark 0") for c in d["changes"]), d
'

# the device, the length and ct: each hook sees its own device (the other
# key reads the empty name) and its own ct; a tcp port needs 24 bytes
cat > if.nft <<'EOF'
table cgroup t {
	cgroup "/sys/fs/cgroup/cgnft-analysis-never-attached";
	chain in {
		type filter hook ingress priority 0; policy accept;
		iifname "v*" accept
		iifname "veth0" drop
		oifname "eth0" drop
		oifname != "eth0" iifname "lo" drop
		iifname "lo" tcp dport 22 accept
		meta length 100-200 drop
		meta length 150 tcp dport 22 drop
		meta length < 20 tcp dport 22 accept
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		ct state invalid ct direction reply drop
		ct mark 1-10 accept
		ct mark 5 drop
		ct status assured accept
		ct status & 0x24 == 0x24 drop
		iifname "lo" drop
		oif != "lo" ct state new drop
		oifname "lo" ct state != invalid drop
		ct state new drop
	}
}
EOF
expect_check "check: interfaces per hook, wildcards, iif/oif, meta length, ct state/direction/mark/status" if.nft \
"if.nft:6:3-22: Warning: this rule can never match: the rule at if.nft:5 already decides every packet it matches
		iifname \"veth0\" drop
		^^^^^^^^^^^^^^^^^^^^
if.nft:7:3-21: Warning: this rule can never match: no packet that hook ingress sees satisfies all its matches
		oifname \"eth0\" drop
		^^^^^^^^^^^^^^^^^^^
if.nft:9:3-34: Warning: this rule can never match: the rule at if.nft:8 already decides every packet it matches
		iifname \"lo\" tcp dport 22 accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
if.nft:11:3-35: Warning: this rule can never match: the rule at if.nft:10 already decides every packet it matches
		meta length 150 tcp dport 22 drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
if.nft:12:3-38: Warning: this rule can never match: no packet satisfies all its matches
		meta length < 20 tcp dport 22 accept
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
if.nft:16:3-42: Warning: this rule can never match: no packet satisfies all its matches
		ct state invalid ct direction reply drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
if.nft:18:3-16: Warning: this rule can never match: the rule at if.nft:17 already decides every packet it matches
		ct mark 5 drop
		^^^^^^^^^^^^^^
if.nft:20:3-31: Warning: this rule can never match: the rule at if.nft:19 already decides every packet it matches
		ct status & 0x24 == 0x24 drop
		^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
if.nft:21:3-19: Warning: this rule can never match: no packet that hook egress sees satisfies all its matches
		iifname \"lo\" drop
		^^^^^^^^^^^^^^^^^
if.nft:24:3-19: Warning: this rule can never match: the rules at if.nft:17, if.nft:19, if.nft:22 and others already decide every packet it matches
		ct state new drop
		^^^^^^^^^^^^^^^^^
"
rules ifd.nft <<'EOF'
iifname "l*" iifname != "lo" tcp dport 22 drop
meta length > 1000 udp dport 53 drop
EOF
: | rules empty.nft
"$CGNFT" diff -j empty.nft ifd.nft > out
check "diff: a wildcard minus a name, and a length: modelled, the length's witness padded" python3 -c '
import json
d = json.load(open("out"))
assert not any(c.get("may_change") for c in d["changes"]), d
t = [c["text"] for c in d["changes"]]
assert sum("iifname >= \"l\" < \"lo\"" in x for x in t) == 2, t
assert sum("iifname > \"lo\" < \"m\"" in x for x in t) == 2, t
w = [c["witness"] for c in d["changes"] if "meta length 1001-4294967295" in c["text"]]
assert sorted(x.split(" payload ")[1] for x in w) == ["953", "973"], w
assert all(c["region"]["hook"] == ["0", "0"] for c in d["changes"]), d
'

done_testing
