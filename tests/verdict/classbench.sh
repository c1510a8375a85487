#!/bin/bash
# Decision trees (ir/cls_tree.c) on ClassBench-like rule sets
# (bench/gen_classbench.py): for each shape and seed, the same packets
# through the classified program and the in-order one (-O0), both traced,
# in the kernel (BPF_PROG_TEST_RUN): every verdict and every deciding rule
# must agree.  Packets: points inside random rules, the corners of rules'
# boxes (each end and one past it in every field), random headers, and a
# few with no transport header or as non-first fragments.  Rule sets
# with barriers (a rule the classifier cannot move) check that runs split
# around them.  Then larger sets must compile and load (the verifier
# accepts them) with trees taking the rules.
. "$TOP_SRCDIR/tests/lib.sh"
GEN=$TOP_SRCDIR/bench/gen_classbench.py
SIZE=${CLASSBENCH_SIZE:-700}

descs() {
	awk '{ p = $3; w = "ip saddr " $1 " ip daddr " $2
	       if (p == "tcp" || p == "udp") w = w " " p " sport " $4 " " p " dport " $5
	       else w = w " ip protocol " p
	       print w }' "$1"
	echo "ip saddr 10.0.0.1 ip daddr 10.0.0.2 ip frag-off 185"
	echo "ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp dport 80 ip frag-off 185"
	echo "ip6 saddr 2001:db8::1 tcp dport 80"
}

for shape in acl fw ipc; do
	for seed in 1 2; do
		extra=; [ "$seed" = 2 ] && extra=--barriers
		f=$TMPD/$shape$seed
		python3 "$GEN" "$shape" "$SIZE" "$f" "$seed" $extra --packets 1200 ||
			{ not_ok "$shape seed $seed: generator"; continue; }
		args=()
		while IFS= read -r p; do args+=(--packet "$p"); done < <(descs "$f.pkts")
		trees=$("$CGNFT" compile "$f.cgnft.nft" --emit ir | grep -c '^    tree ')
		fast=$("$CGNFT" test "$f.cgnft.nft" --hook egress "${args[@]}" 2>&1)
		rc1=$?
		slow=$("$CGNFT" test -O0 "$f.cgnft.nft" --hook egress "${args[@]}" 2>&1)
		rc2=$?
		n=$(grep -c 'bench_egress: ' <<<"$slow")
		drops=$(grep -c 'bench_egress: drop' <<<"$slow")
		if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$trees" -gt 0 ] &&
		   [ "$n" -eq "$(( ${#args[@]} / 2 ))" ] && [ "$drops" -gt 0 ] &&
		   [ "$drops" -lt "$n" ] && [ "$fast" = "$slow" ]; then
			ok "$shape seed $seed $extra: $trees tree(s), $n packets ($drops dropped), same verdicts and deciding rules"
		else
			not_ok "$shape seed $seed: classified and in-order programs disagree (trees $trees, rc $rc1/$rc2, $n packets, $drops drops)"
			diff <(echo "$slow") <(echo "$fast") | head -20 | diag
		fi
	done
done

# Large sets: they compile, the trees take the rules, the kernel loads them.
for n in ${CLASSBENCH_LOAD_SIZES:-10000 100000}; do
	f=$TMPD/big$n
	python3 "$GEN" fw "$n" "$f" 1 --packets 4
	ir=$("$CGNFT" compile "$f.cgnft.nft" --emit ir)
	inl=$(sed -n 's/.* tree(s), \([0-9]*\) inline$/\1/p' <<<"$ir" | head -1)
	check "fw $n rules: trees hold the rules (inline ${inl:-?})" \
		test -n "$inl" -a "${inl:-1}" -lt $((n / 10))
	args=()
	while IFS= read -r p; do args+=(--packet "$p"); done < <(descs "$f.pkts")
	check "fw $n rules: the program loads and runs" \
		bash -c "'$CGNFT' test --no-trace '$f.cgnft.nft' --hook egress $(printf "%q " "${args[@]}") | grep -q 'bench_egress: '"
done
done_testing
