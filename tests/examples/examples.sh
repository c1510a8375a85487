#!/bin/bash
# Every shipped example compiles, compiles to the same bytes twice, and
# passes `cgnft check` (the kernel verifier accepts every program).
. "$TOP_SRCDIR/tests/lib.sh"

for f in "$TOP_SRCDIR"/examples/*.nft; do
	name=$(basename "$f")
	if "$CGNFT" compile "$f" -o "$TMPD/a.o" 2>"$TMPD/err" &&
	   "$CGNFT" compile "$f" -o "$TMPD/b.o" 2>>"$TMPD/err"; then
		ok "$name compiles"
		check "$name: two compiles give identical objects" cmp -s "$TMPD/a.o" "$TMPD/b.o"
	else
		not_ok "$name compiles"; diag < "$TMPD/err"
		continue
	fi
	"$CGNFT" compile "$f" --emit asm > "$TMPD/a.s" 2>&1
	"$CGNFT" compile "$f" --emit asm > "$TMPD/b.s" 2>&1
	check "$name: --emit asm is deterministic" cmp -s "$TMPD/a.s" "$TMPD/b.s"
	if "$CGNFT" check "$f" 2>"$TMPD/err"; then
		ok "$name passes cgnft check"
	else
		not_ok "$name passes cgnft check"; diag < "$TMPD/err"
	fi
done
done_testing
