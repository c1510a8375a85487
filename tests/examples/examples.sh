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

# Golden listings: a change in the generated code shows up as a diff here,
# as it would in a user's CI.  Regenerate with
#   (cd $TOP_SRCDIR && cgnft compile examples/X.nft --emit asm > tests/examples/golden/X.asm)
for g in "$TOP_SRCDIR"/tests/examples/golden/*.asm; do
	name=$(basename "$g" .asm)
	if (cd "$TOP_SRCDIR" && "$CGNFT" compile "examples/$name.nft" --emit asm) > "$TMPD/$name.asm" 2>&1 &&
	   diff -u "$g" "$TMPD/$name.asm" > "$TMPD/diff"; then
		ok "examples/$name.nft: --emit asm matches the golden listing"
	else
		not_ok "examples/$name.nft: --emit asm matches the golden listing"; head -40 "$TMPD/diff" | diag
	fi
done
done_testing
