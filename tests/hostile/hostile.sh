#!/bin/bash
# Hostile and malformed input (issue 16): the corpus tests/hostile/
# hostile_gen.py writes (truncated examples, garbage, NUL bytes, invalid
# UTF-8, 1 MB lines, 10k-character names, 1M-element sets, deep nesting,
# include and jump loops, unknown names, out-of-range numbers, wrong types,
# duplicates, a directory, unreadable paths) through `cgnft compile`, each
# refused in nft's format at the right line with exit 1 and no output; every
# 20th also through `cgnft apply`, which must change nothing.
. "$TOP_SRCDIR/tests/lib.sh"
python3 "$TOP_SRCDIR/tests/hostile/hostile_gen.py" "$TMPD/corpus" "$TOP_SRCDIR"/examples/*.nft ||
	{ not_ok "the corpus generator failed"; done_testing; exit 0; }
python3 "$TOP_SRCDIR/tests/hostile/hostile_run.py" "$CGNFT" "$TMPD/corpus" 20
