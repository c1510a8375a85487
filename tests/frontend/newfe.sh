#!/bin/bash
# Issue 13's front end (CGNFT_FRONTEND=new: grammar/parser.y and
# frontend/evaluate.c) beside the current one until it replaces it: on every
# rule file the project ships or tests with, both give the same IR (the rule
# texts aside, which the new one prints in nft's canonical form).
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TOP_SRCDIR" || exit 1

strip() { grep -v '^  rule \|^counter '; }
for f in examples/*.nft tests/verdict/*.nft tests/verdict/traced/*.nft; do
	"$CGNFT" compile "$f" --emit ir > "$TMPD/old.ir" 2>&1
	CGNFT_FRONTEND=new "$CGNFT" compile "$f" --emit ir > "$TMPD/new.ir" 2>&1
	if diff <(strip < "$TMPD/old.ir") <(strip < "$TMPD/new.ir") > "$TMPD/diff"; then
		ok "$f: the same IR from both front ends"
	else
		not_ok "$f: the same IR from both front ends"; head -20 "$TMPD/diff" | diag
	fi
done
done_testing
