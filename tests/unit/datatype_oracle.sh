#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The installed nft is the oracle for frontend/datatype*: for every
# datatype and every selector of `man nft`, `nft describe` must print what
# dt_dump prints for cgnft's datatype (name, description, width, symbol
# table); and for a list of words, nft's verdict on `SELECTOR WORD` (its
# error message, or the value `nft list` prints back) must be dt_parse's
# and dt_print's.  A newer nft that renames, adds or drops a symbol, or
# changes a message, fails here.  Skips without nft; the parse half also
# needs to create a network namespace (root).
set -u

# One network namespace for all of nft's rules (one each is slow).
if [ "${1:-}" != --in-netns ] && unshare --net true 2>/dev/null; then
	exec unshare --net bash "$0" --in-netns
fi

BUILD=${TOP_BUILDDIR:-.}
DT="$BUILD/tests/unit/dt_dump"
n=0
fail=0

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	fail=$((fail + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/# /'
	done
}

skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

if ! command -v nft >/dev/null 2>&1; then
	echo "1..0 # SKIP nft is not installed"
	exit 0
fi
if [ ! -x "$DT" ]; then
	echo "1..0 # SKIP $DT not built"
	exit 0
fi
echo "# $(nft --version)"

# ---- nft describe DATATYPE --------------------------------------------
# Every datatype nft finds by name (set declarations), except day and hour
# which nft's grammar takes for meta keys (they come with the selectors).
for t in nf_proto bitmask integer string ipv4_addr ipv6_addr ether_addr \
	ether_type arp_op inet_proto inet_service icmp_type tcp_flag \
	dccp_pkttype mh_type iface_index iface_type realm classid uid gid \
	ct_state ct_dir ct_status icmpv6_type pkt_type icmp_code icmpv6_code \
	icmpx_code devgroup dscp fib_addrtype boolean ifname igmp_type \
	cgroupsv2 verdict; do
	want=$(nft describe "$t" 2>&1)
	got=$("$DT" describe "$t" 2>&1)
	if [ "$want" = "$got" ]; then
		ok "nft describe $t"
	else
		not_ok "nft describe $t" "nft:" "$want" "cgnft:" "$got"
	fi
done

# ---- nft describe SELECTOR --------------------------------------------
# The selectors of man nft's PAYLOAD, EXTENSION HEADER, META, SOCKET and
# CONNTRACK sections (and fib, rt, ipsec): the datatype nft names must be
# cgnft's, table and all.
while read -r sel; do
	[ -n "$sel" ] || continue
	# shellcheck disable=SC2086
	if ! want=$(nft describe $sel 2>/dev/null); then
		skip "nft describe $sel: not in this nft"
		continue
	fi
	first=${want%%$'\n'*}
	# strings are measured in characters
	if ! [[ $first =~ ^[a-z]+\ expression,\ (datatype\ ([^ ]+)\ .*,\ ([0-9]+)\ (bits|characters))$ ]] ||
	   [ "${BASH_REMATCH[2]}" = invalid ]; then
		skip "nft describe $sel: no datatype of its own ($first)"
		continue
	fi
	name=${BASH_REMATCH[2]}
	bits=${BASH_REMATCH[3]}
	[ "${BASH_REMATCH[4]}" = bits ] || bits=$((bits * 8))
	want=${BASH_REMATCH[1]}${want:${#first}}
	got=$("$DT" describe "$name" "$bits" 2>&1)
	if [ "$want" = "$got" ]; then
		ok "nft describe $sel ($name)"
	else
		not_ok "nft describe $sel ($name, $bits bits)" "nft:" "$want" "cgnft:" "$got"
	fi
done <<'EOF'
meta length
meta nfproto
meta l4proto
meta protocol
meta priority
meta mark
meta iif
meta iifname
meta iiftype
meta oif
meta oifname
meta oiftype
meta skuid
meta skgid
meta nftrace
meta rtclassid
meta ibrname
meta obrname
meta pkttype
meta cpu
meta iifgroup
meta oifgroup
meta cgroup
meta random
meta ipsec
meta iifkind
meta oifkind
meta time
meta hour
meta day
meta secpath
meta ibrpvid
meta ibrvproto
meta sdif
meta sdifname
socket transparent
socket mark
socket wildcard
rt classid
rt mtu
rt ipsec
ipsec in reqid
ipsec in spi
ether daddr
ether saddr
ether type
vlan id
vlan dei
vlan pcp
vlan type
arp htype
arp ptype
arp hlen
arp plen
arp operation
arp saddr ether
arp saddr ip
ip version
ip hdrlength
ip dscp
ip ecn
ip length
ip id
ip frag-off
ip ttl
ip protocol
ip checksum
ip saddr
ip daddr
icmp type
icmp code
icmp checksum
icmp id
icmp sequence
icmp gateway
icmp mtu
igmp type
igmp mrt
igmp checksum
igmp group
ip6 version
ip6 dscp
ip6 ecn
ip6 flowlabel
ip6 length
ip6 nexthdr
ip6 hoplimit
ip6 saddr
ip6 daddr
icmpv6 type
icmpv6 code
icmpv6 checksum
icmpv6 id
icmpv6 sequence
icmpv6 max-delay
tcp sport
tcp dport
tcp sequence
tcp ackseq
tcp doff
tcp reserved
tcp flags
tcp window
tcp checksum
tcp urgptr
udp sport
udp dport
udp length
udp checksum
udplite sport
udplite dport
udplite checksum
sctp sport
sctp dport
sctp vtag
sctp checksum
sctp chunk data type
sctp chunk data tsn
dccp sport
dccp dport
dccp type
ah nexthdr
ah hdrlength
ah reserved
ah spi
ah sequence
esp spi
esp sequence
comp nexthdr
comp flags
comp cpi
th sport
th dport
hbh nexthdr
hbh hdrlength
frag nexthdr
frag frag-off
frag more-fragments
frag id
rt nexthdr
rt hdrlength
rt type
rt seg-left
dst nexthdr
dst hdrlength
mh nexthdr
mh hdrlength
mh checksum
mh type
srh flags
srh tag
srh sid[1]
exthdr hbh
tcp option maxseg size
tcp option window count
tcp option timestamp tsval
tcp option sack left
ip option rr type
ip option ra value
ct state
ct direction
ct status
ct mark
ct expiration
ct helper
ct label
ct l3proto
ct original ip saddr
ct original ip6 saddr
ct protocol
ct original protocol
ct packets
ct bytes
ct avgpkt
ct zone
ct id
ct event
ct secmark
fib daddr type
fib daddr oif
fib daddr oifname
EOF

# ---- nft's verdict on words -------------------------------------------
if [ "${1:-}" != --in-netns ]; then
	skip "parsing: cannot create a network namespace (needs root)"
	echo "1..$n"
	exit 0
fi
TMPD=$(mktemp -d)
trap 'rm -rf "$TMPD"' EXIT

# nft's verdicts on many rules at once: rule i (`SELECTOR WORD`) goes in
# chain c<i>; nft -c reports every rule's error by its line, the others are
# loaded and listed.  In: "$TMPD/rules", one rule a line.  Out:
# "$TMPD/nft.<i>" = "ERR <message>" or "OK <value as nft lists it>".
# nft's verdicts on many rules at once: case i (`SELECTOR WORD`) is the
# rule of chain c<i>, on line 3i; nft -c reports every rule's error by its
# line (10 at most: again until none fails), the others are loaded and
# listed.  In: "$TMPD/cases".  Out: "$TMPD/nft", line i "ERR <message>" or
# "OK <value as nft lists it: what follows the selector's last word>".
nft_verdicts() {
	local found=1
	: >"$TMPD/errors"
	while [ "$found" = 1 ]; do
		awk -F'|' -v errs="$TMPD/errors" '
			BEGIN { while ((getline l < errs) > 0) bad[l + 0] = 1
				print "table inet t {" }
			{ printf "\tchain c%d {\n%s\n\t}\n", NR, (NR in bad) ? "" : $1 " " $2 }
			END { print "}" }' "$TMPD/cases" >"$TMPD/all.nft"
		nft -c -f "$TMPD/all.nft" 2>&1 |
			sed -n 's/^[^:]*:\([0-9]*\):[0-9-]*: Error: /\1 /p' >"$TMPD/new"
		[ -s "$TMPD/new" ] || found=0
		awk '{ n = int($1 / 3); if (!(n in seen)) print n, substr($0, index($0, " ") + 1); seen[n] = 1 }' \
			"$TMPD/new" >>"$TMPD/errors"
	done
	nft flush ruleset
	if ! nft -f "$TMPD/all.nft"; then
		echo "# nft could not load the valid rules"
		return
	fi
	nft list table inet t >"$TMPD/list"
	awk -F'|' -v errs="$TMPD/errors" -v list="$TMPD/list" '
		BEGIN {
			while ((getline l < errs) > 0) {
				n = l + 0
				if (!(n in msg))
					msg[n] = substr(l, index(l, " ") + 1)
			}
			while ((getline l < list) > 0) {
				split(l, w, " ")
				if (w[1] == "chain") { c = substr(w[2], 2) + 0; continue }
				if (c && l ~ /[^ \t]/) { rule[c] = l; c = 0 }
			}
		}
		{
			if (NR in msg) { print "ERR " msg[NR]; next }
			k = split($1, s, " ")
			v = rule[NR]
			sub(/^[ \t]*/, "", v)
			p = index(v, s[k] " ")
			while (p) { v = substr(v, p + length(s[k]) + 1); p = index(v, s[k] " ") }
			print "OK " v
		}' "$TMPD/cases" >"$TMPD/nft"
}

# cgnft's verdicts, in "$TMPD/cgnft": the datatype and width nft describe
# names, dt_parse ("quoted" words quoted), dt_print.
cgnft_verdicts() {
	local sel word first q
	declare -A type_of
	while IFS='|' read -r sel word; do
		if [ -z "${type_of[$sel]:-}" ]; then
			# shellcheck disable=SC2086
			first=$(nft describe $sel 2>/dev/null | head -n 1)
			type_of[$sel]=$(printf '%s\n' "$first" |
				sed -n 's/.*datatype \([^ ]*\) (.*, \([0-9]*\) bits$/\1 \2/p')
		fi
		q=-
		case $word in
		\"*\") q=q word=${word:1:${#word}-2} ;;
		esac
		printf '%s %s %s\n' "${type_of[$sel]}" "$q" "$word"
	done <"$TMPD/cases" | "$DT" batch >"$TMPD/cgnft"
}

# Compare the cases of "$TMPD/cases" ("SELECTOR|WORD" lines) under $label.
run_cases() {
	local label=$1 sel word want got
	nft_verdicts
	cgnft_verdicts
	while IFS='|' read -r sel word && IFS= read -r want <&3 && IFS= read -r got <&4; do
		if [ "$want" = "$got" ]; then
			ok "$label$sel $word: $want"
		else
			not_ok "$label$sel $word" "nft:   $want" "cgnft: $got"
		fi
	done <"$TMPD/cases" 3<"$TMPD/nft" 4<"$TMPD/cgnft"
}

# Words: as written in the rule; "quoted" ones go to dt_parse quoted.
while IFS='|' read -r sel words; do
	[ -n "$sel" ] || continue
	eval "set -- $words"
	for word in "$@"; do
		printf '%s|%s\n' "$sel" "$word"
	done
done >"$TMPD/cases" <<'EOF'
tcp dport|22 ssh 70000 foo 022 09 08 0x16 0X16 0999999 www http-alt domain bootps 65535 0x10000 99999999999999999999999 nbp '"HTTP"' '""' '"-1"' '"+22"' '" 22"' '"-08"' '"0x"'
udp sport|ssh 0
th dport|70000 echo
ip ttl|256 foo 09 022 0x1f 0X1F 18446744073709551616 99999999999999999999999 '"1 2"' '"0b11"' '"0b102"' '"x1"' '" 0x 1f"' '"077"' '"078"' '""' '"-"' tcp
meta l4proto|tcp udp udplite esp ah icmp igmp icmpv6 comp dccp sctp gre ipv6-icmp IPv6-ICMP IPSEC-ESP mptcp hopopt 0 256 0x100 foo 09 redirect vlan '"icmpv6"' '"+6"' '" 6"' '"0x"' '"-1"'
ip protocol|icmpv6 ospf 41
ip saddr|1.2.3.4 010.0.0.1 2130706433 0x7f000001 0 010 ::1 1.2.3.256 4294967296 '"1.2.3.4 "' '" 1.2.3.4"'
ip6 saddr|::1 ::ffff:1.2.3.4 1.2.3.4 :: 2001:db8:: 2001:0db8:0000:0000:0000:0000:0000:0001 ABCD::EF 1:0:0:1:0:0:0:1 1:2:3:4:5:6:7:8 ::0.0.0.1 ::1.2.3.4 5 0x1
icmp type|echo-request echo-reply redirect 200 256 foo 09 010
icmp code|frag-needed admin-prohibited foo 256 200
icmpv6 type|mld-listener-reduction nd-redirect foo 200 redirect
icmpv6 code|reject-route no-route foo 200
tcp flags|syn ecn cwr 0x12 0x100 foo 0 0x0 '"syn"'
ct state|new established invalid untracked 0x41 0xa 0x100 foo 0x100000000 0 reply
ct status|dying snat dnat seen-reply 0x1ff 0x400 foo label 0
ct direction|original reply 2 256 foo
ct mark|10 foo 0xffffffff 0x100000000
ct expiration|10s 1h2m 100 foo 50d 1000000000 12345678 1500ms 2s1ms 1ms 5m 0 0s
ct label|5 127 128 0x5 0 foo 09 '"-1"' '" 5"'
ct l3proto|ipv4 ipv6 2 foo
ct zone|5 0x10 70000
ct id|5 0x10 foo
ct original protocol|tcp 6
meta mark|10 0 foo 0xffffffff 0x100000000 09 ether
meta nfproto|ipv4 ipv6 7 foo ip ip6
meta protocol|ip ip6 arp vlan 8021q 8021ad 0x0800 0x1234 0x12 18 0x10000 foo
meta pkttype|host unicast broadcast multicast other 0 5 256 foo
meta skuid|root www-data 0 1000 4294967295 4294967296 99999999999999999999 foo 0x10 010 09 '"-1"' '"+5"' '" 5"' '"5x"'
meta skgid|root 0x10 010 09 foo 4294967296 5000
meta iif|lo 1 0x1 99 foo 2147483648 09 '"-1"' '" 1"' '"1x"'
meta iiftype|ether ppp loopback 1 0x1234 5 foo
meta rtclassid|cosmos 5 0 0x10 foo 4294967296 09
meta priority|root none 1:2 10 foo 0x10 abc:1 1:ffff 1:0 0:1 0xffffffff 0xffff0000 0x10001
meta iifgroup|default 5 0 0x10 foo 09
meta day|Sunday Saturday 0 3 6 7 010 0x1 256 sunday Sun foo '"Monday"'
meta hour|'"10:00"' 10 9 86399 86400 100000 010 0x10 4294967296 '"10:30:15"' '"10:30:15:1"' '"24:00"' '"23:59:59"' '"00:00"' '"9:5"' '"10:60"' '"10:00-12:00"' foo 1h 90m 25h '"1h30m"' '"5ms"' '"0h5"' '"5s"'
meta time|'"2020-01-01"' '"2020-01-01 10:00"' '"2020-01-01 10:00:00"' '"2020-01-01T10:00:00"' '"2020-01-01 10"' '"2020-01-01 10:3x"' '"2020-02-30"' '"2020-13-01"' '"99999-01-01"' 0 0x10 1577836800 99999999999999 foo
meta length|0x10 foo 5000000000
meta cpu|1 foo
meta cgroup|5 foo
meta nftrace|2
ip dscp|ef cs0 df be lephb af41 va 0 3 0x3f 63 64 70 foo ecn
ip6 dscp|cs1 46
ip ecn|not-ect ect1 ect0 ce 2 4 foo
ip6 flowlabel|1048575 1048576
dccp type|request reset syncack ack 12 15 16 foo
mh type|home-test binding-update 200 foo
igmp type|leave-group membership-query 5 foo
fib daddr type|local unicast prohibit 20 foo
vlan id|16 4095 4096
ip version|4 16
comp flags|0x3 0x100 foo
meta ipsec|foo true
EOF

run_cases ""

# meta hour and meta time depend on the local time zone, in nft as in cgnft
printf '%s\n' 'meta hour|"10:00"' 'meta hour|3600' 'meta hour|"02:00"' 'meta hour|"23:30:01"' \
	'meta hour|86000' 'meta time|"2020-01-01 10:00:00"' 'meta time|1577836800' \
	'meta time|"2021-06-01"' >"$TMPD/cases"
for tz in Asia/Kolkata America/New_York; do
	if [ -e "/usr/share/zoneinfo/$tz" ]; then
		TZ=$tz run_cases "TZ=$tz "
	else
		skip "TZ=$tz: no zoneinfo"
	fi
done

echo "1..$n"
