#!/bin/bash
# The classifier must not change a single verdict, nor the rule that
# decides: for seeded rule sets (tests/verdict/classify_gen.py) run the same
# packets through the classified program and the in-order one (-O0), both
# traced, in the kernel (BPF_PROG_TEST_RUN), and compare the outputs line by
# line.  The in-order one reads packets with the helper only
# (--helper-loads), so the direct reads are checked against it too.  Also
# checks that the classifier really took the rules (--emit ir).
. "$TOP_SRCDIR/tests/lib.sh"
GEN=$TOP_SRCDIR/tests/verdict/classify_gen.py
SEEDS=${CLASSIFY_SEEDS:-$(seq 1 16)}

for seed in $SEEDS; do
	# seeds above 12: about 400 rules over wide value pools (indexed tables)
	mode=; [ "$seed" -gt 12 ] && mode=wide
	python3 "$GEN" "$seed" "$TMPD/s$seed" $mode || { not_ok "seed $seed: generator"; continue; }
	f=$TMPD/s$seed.nft
	args=()
	while IFS= read -r p; do args+=(--packet "$p"); done < "$TMPD/s$seed.pkts"
	groups=$("$CGNFT" compile "$f" --emit ir | grep -c '^    group ')
	fast=$("$CGNFT" test "$f" --hook egress "${args[@]}" 2>&1)
	rc1=$?
	slow=$("$CGNFT" test -O0 --helper-loads "$f" --hook egress "${args[@]}" 2>&1)
	rc2=$?
	n=$(grep -c 'cls_egress: ' <<<"$slow")
	if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$groups" -gt 0 ] &&
	   [ "$n" -eq "$(( ${#args[@]} / 2 ))" ] && [ "$(( ${#args[@]} / 2 ))" -gt 0 ] &&
	   [ "$fast" = "$slow" ]; then
		ok "seed $seed: $groups table(s), $((${#args[@]} / 2)) packets, same verdicts and deciding rules"
	else
		not_ok "seed $seed: classified and in-order programs disagree (groups $groups, rc $rc1/$rc2)"
		diff <(echo "$slow") <(echo "$fast") | head -20 | diag
	fi
done

# The shapes that matter most end up in tables in some seed.
all=$(for seed in $SEEDS; do "$CGNFT" compile "$TMPD/s$seed.nft" --emit ir; done)
check "tables hold IPv6 prefixes with a port-range residual" \
	grep -q 'key nh\[24:16\]; residual th\[2:2\]' <<<"$all"
# (with other multi-field rules in the run, they go to a decision tree)
check "tables or trees hold IPv4 prefixes with port ranges" \
	grep -Eq 'key meta l4proto . nh\[12:4\]; residual th\[0:2\]|tree .*cuts .*nh\[12:4\].*th\[0:2\]' <<<"$all"
check "trees take multi-field rules" grep -q '^    tree ' <<<"$all"
check "tables hold two-field keys packed in one word" \
	grep -q 'key meta l4proto . nh\[16:4\] . th\[2:2\]' <<<"$all"
check "groups of single keys are hashed, in one word" \
	grep -q '1 word(s).*; hash ' <<<"$all"
check "groups of single keys are hashed, over several words" \
	grep -Eq '[234] word\(s\).*; hash ' <<<"$all"
check "keys of 8 bits or less index a direct table" \
	grep -q '; direct [0-9]* slots' <<<"$all"
check "large searched tables get a first-level index" \
	grep -q '; index [0-9]* buckets' <<<"$all"
check "-O0 turns the classifier off" \
	bash -c "! '$CGNFT' compile -O0 '$TMPD/s1.nft' --emit ir | grep -q classify"
check "--helper-loads reads no packet byte directly" \
	bash -c "! '$CGNFT' compile --helper-loads '$TMPD/s1.nft' --emit asm | grep -q 'r6 +76)'"
check "without it, packet bytes are read directly" \
	bash -c "'$CGNFT' compile '$TMPD/s1.nft' --emit asm | grep -q 'r6 +76)'"
done_testing
