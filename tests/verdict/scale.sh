#!/bin/bash
# Size limits the issue sets: the kernel must accept a program of 100,000
# rules and a set of 1,000,000 elements, and both must still judge packets
# exactly (the deciding rule, members and their non-member neighbours).
# Loaded and run in the kernel by `cgnft test` (BPF_PROG_TEST_RUN).
. "$TOP_SRCDIR/tests/lib.sh"
# CGNFT_TEST_SCALE=D (the sanitizer build in .ci/run: D=10) divides the
# sizes by D.  The limits themselves are the plain build's to prove; under
# ASan and UBSan the same kinds of rules and sets go through the same
# compiler, loader and test-run code at a tenth of the size (the rule file
# keeps every rule kind and its first/middle/last checks; the in-order and
# compared-in-turn cases, which pass fixed limits such as 16-bit jumps,
# keep their full size), in seconds instead of half an hour.
D=${CGNFT_TEST_SCALE:-1}

# 100k rules: the benchmark's generator (bench/gen_rules.py).  Rule i sits
# on line i + 5; the packets below hit rules 0, 99999, 50001 (k = 1:
# `ip saddr A.B.C.0/24 udp dport { i+1, i+2 }`), 50002 (k = 2, IPv6
# prefix and port range), `meta l4proto 104` (rules 4, 104, ... 99904: the
# first wins), and none.
# With D, N = 100000 / D rules: N / 2 stays a multiple of 5, so rules
# N/2 + 1 and N/2 + 2 are the same kinds as 50001 and 50002.
N=$((100000 / D)) M=$((100000 / D / 2))
python3 "$TOP_SRCDIR/bench/gen_rules.py" "$N" "$TMPD/r"
f=$TMPD/r.cgnft.nft
rule_line() { sed -n "$(($1 + 5))p" "$f" | sed 's/^\t*//'; }
saddr=$(rule_line $((M + 1)) | awk '{ print $3 }' | sed 's#0/24#7#')
out=$("$CGNFT" test "$f" --hook egress \
	--packet 'ip daddr 192.0.2.1 tcp dport 1' \
	--packet 'ip daddr 192.0.2.2 tcp dport 2' \
	--packet "ip saddr $saddr udp dport $(((M + 1) % 60000 + 2))" \
	--packet "ip6 daddr 2001:db8:$(printf %x $(((M + 2) & 0xffff)))::1 tcp dport 1500" \
	--packet 'ip daddr 192.0.2.9 meta l4proto 104' \
	--packet 'ip daddr 192.0.2.9 tcp dport 9' 2>&1)
rc=$?
want="packet 1:
bench_egress: drop by rule $f:5: $(rule_line 0)
packet 2:
bench_egress: drop by rule $f:$((N + 4)): $(rule_line $((N - 1)))
packet 3:
bench_egress: drop by rule $f:$((M + 6)): $(rule_line $((M + 1)))
packet 4:
bench_egress: drop by rule $f:$((M + 7)): $(rule_line $((M + 2)))
packet 5:
bench_egress: drop by rule $f:9: $(rule_line 4)
packet 6:
bench_egress: accept (policy of chain bench/out)"
if [ $rc -eq 0 ] && [ "$out" = "$want" ]; then
	ok "$N rules: loaded, and first, last, middle (UDP, IPv6), first of 1000 equal rules and no-match packets decided by the right rule"
else
	not_ok "$N rules (rc $rc)"
	diff <(echo "$want") <(echo "$out") | head -20 | diag
fi

# Large sets: 1M IPv4 addresses (a sorted table), 1M IPv6 addresses and
# 100k address . port pairs, one in four a port range, and 100k /28 .
# port-range pairs (classifier tables: a perfect hash, indexed searches,
# the second range checked per candidate); a vmap of 20k ports (a table, then
# one verdict per class: accept, drop, jump, goto); maps of 100k IPv6
# address . port elements to verdicts and of 100k address . port elements
# to as many marks; a vmap whose elements are compared in turn (ranges in
# three fields); 1500 rules that are compiled in order (more instructions
# than 16-bit jumps reach).  The
# expected verdicts come from the generator (tests/verdict/scale_gen.py).
big_case() {
	local kind=$1 n=$2 what=$3 args=() want= i=0 expect desc out rc prog
	# scaled down (D above): the name says the size that ran
	if [ "$D" != 1 ] && [ "$n" -ge 20000 ]; then
		what="$what, scaled to $((n / D)) (CGNFT_TEST_SCALE=$D)"
		n=$((n / D))
	fi
	python3 "$TOP_SRCDIR/tests/verdict/scale_gen.py" "$kind" "$n" "$TMPD/$kind"
	while IFS=$'\t' read -r expect desc; do
		i=$((i + 1))
		args+=(--packet "$desc")
		want+="packet $i:"$'\n'"scale_egress: ${expect//FILE/$TMPD/$kind.nft}"$'\n'
	done < "$TMPD/$kind.pkts"
	out=$("$CGNFT" test "$TMPD/$kind.nft" --hook egress "${args[@]}" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ "$out" = "${want%$'\n'}" ] && [ "$i" -gt 20 ]; then
		ok "$what: loaded, $i packets judged right"
	else
		not_ok "$what (rc $rc)"
		diff <(echo "${want%$'\n'}") <(echo "$out") | head -20 | cut -c1-300 | diag
	fi
}
big_case v4 1000000 "1,000,000 IPv4 addresses"
big_case v6 1000000 "1,000,000 IPv6 addresses"
big_case concat 100000 "100,000 address . port elements"
big_case concat2 100000 "100,000 prefix . port-range elements"
big_case vmap 20000 "vmap of 20,000 ports"
big_case vmapcat 100000 "vmap of 100,000 IPv6 address . port elements"
big_case markmap 100000 "map of 100,000 address . port elements to 100,000 marks"
big_case vmap3 5000 "vmap of 5000 elements with ranges in three fields, compared in turn"
big_case inorder 1500 "1500 rules in order"
done_testing
