#!/bin/bash
# cgnft test: packet descriptions, verdicts with the deciding rule, and
# nft-style diagnostics for bad packet descriptions.  Runs in the kernel.
. "$TOP_SRCDIR/tests/lib.sh"
WEB=$TOP_SRCDIR/examples/web.nft

# expect_line "desc" "expected output line" cgnft-test-args...
expect_line() {
	local d=$1 want=$2 out
	shift 2
	out=$("$CGNFT" test "$WEB" "$@" 2>&1)
	if [ $? -eq 0 ] && grep -qxF -- "$want" <<<"$out"; then
		ok "$d"
	else
		not_ok "$d"; echo "$out" | diag
	fi
}

expect_line "udp to a foreign DNS server: dropped by its rule" \
	"web_egress: drop by rule $WEB:25: udp dport 53 ip daddr != { 192.0.2.53, 198.51.100.53 } drop" \
	--hook egress --packet 'ip daddr 8.8.8.8 udp dport domain'
expect_line "udp to our DNS server: policy accept" \
	"web_egress: accept (policy of chain web/out)" \
	--hook egress --packet 'ip daddr 192.0.2.53 udp dport 53'
expect_line "vmap drop names the vmap rule" \
	"web_egress: drop by rule $WEB:26: tcp dport vmap { 25 : drop, 587 : accept }" \
	--hook egress --packet 'tcp dport 25'
expect_line "ingress ssh from an admin" \
	"web_ingress: accept by rule $WEB:17: ip saddr @admins tcp dport 22 accept" \
	--hook ingress --packet 'ip saddr 10.1.2.3 tcp dport ssh tcp flags syn'
expect_line "ingress ssh from elsewhere: policy drop" \
	"web_ingress: drop (policy of chain web/in)" \
	--hook ingress --packet 'ip saddr 11.1.2.3 tcp dport ssh tcp flags syn'
expect_line "icmpv6 accepted in the jumped-to chain" \
	"web_ingress: accept by rule $WEB:30: ip6 nexthdr ipv6-icmp accept" \
	--hook ingress --packet 'icmpv6 type echo-request'
expect_line "non-first IPv4 fragment is not tcp dport 80" \
	"web_ingress: drop (policy of chain web/in)" \
	--hook ingress --packet 'tcp dport 80 ip frag-off 185'
expect_line "first IPv4 fragment with options still matches" \
	"web_ingress: accept by rule $WEB:16: tcp dport { 80, 443 } counter accept" \
	--hook ingress --packet 'tcp dport 80 ip frag-off 0x2000 ip options 8'
expect_line "truncated tcp header does not match" \
	"web_ingress: drop (policy of chain web/in)" \
	--hook ingress --packet 'tcp dport 80 truncate 22'
expect_line "the same packet as hex" \
	"web_egress: drop by rule $WEB:24: ip daddr 169.254.169.254 counter drop" \
	--hook egress --hex '4500002800000000400664d2c0000201a9fea9fe9c40005000000001000000005010fffffd440000'

# Generated packets: lengths and checksums are right (checked independently
# with a Python checksum when this was written).
out=$("$CGNFT" test "$WEB" --hook egress -v --packet 'ip saddr 10.0.0.1 tcp dport 22 tcp flags syn')
check "-v prints the IPv4/TCP packet with correct checksums" \
	grep -qF '45000028000000004006aecd0a000001c00002029c40001600000001000000005002ffff47880000' <<<"$out"

# expect_error "desc" "expected first line" cgnft-test-args...
expect_error() {
	local d=$1 want=$2 out rc
	shift 2
	out=$("$CGNFT" test "$WEB" "$@" 2>&1)
	rc=$?
	if [ $rc -eq 1 ] && [ "$(head -n1 <<<"$out")" = "$want" ]; then
		ok "$d"
	else
		not_ok "$d (exit $rc)"; echo "$out" | diag
	fi
}
expect_error "conflicting families point at the word" \
	"--packet:1:19-21: Error: 'ip6' needs IPv6, but 'ip' at column 1 chose IPv4" \
	--packet 'ip saddr 10.0.0.1 ip6 daddr ::1'
expect_error "missing value" "--packet:1:10-10: Error: a value expected after 'dport'" \
	--packet 'tcp dport'
expect_error "ranges are not packet values" \
	"--packet:1:11-13: Error: a packet field takes one value, not a range or prefix" \
	--packet 'tcp dport 1-5'
expect_error "bad hex" "--hex:1:5-5: Error: 'z' is not a hex digit" --hex '4500zz'
expect_error "conflicting transport protocols" \
	"--packet:1:13-15: Error: 'udp' needs protocol 17, but 'tcp' at column 1 chose 6" \
	--packet 'tcp dport 1 udp sport 2'
# A traced program with code no packet reaches that loads the trace map
# (base chain c0 drops everything; c1 jumps twice to the empty r0): the
# unreachable loads' relocations went with them, or libbpf refused the
# object ("Unknown error 4001", found by tests/analysis/brute.sh seed 26).
cat > "$TMPD/unreach.nft" <<'EOF2'
table cgroup t {
	cgroup "x"
	chain c0 {
		type filter hook ingress priority 0; policy accept;
		drop
	}
	chain c1 {
		type filter hook ingress priority 1; policy drop;
		tcp dport vmap { 22 : jump r0, 80 : drop }
		meta protocol ip6 jump r0
	}
	chain r0 {
	}
}
EOF2
out=$("$CGNFT" test "$TMPD/unreach.nft" --hook ingress --packet 'tcp dport 22' 2>&1)
check "traced program with unreachable trace code loads and decides: $(tail -n1 <<<"$out")" \
	grep -qxF "t_ingress: drop by rule $TMPD/unreach.nft:5: drop" <<<"$out"
done_testing
