#!/bin/bash
# Every seed of the fuzzer's corpus and every regression input through
# `cgnft compile -o x.o --emit asm`: exit 0, or 1 with nft-format errors.
# Never a signal, a timeout, or (in a --enable-sanitizers build, as .ci/run
# runs it) a sanitizer report: leaks on accepted and rejected input alike.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/fuzz/compile_one.sh"
cd "$TMPD" || exit 1

for f in "$TOP_SRCDIR"/tests/fuzz/corpus/* "$TOP_SRCDIR"/tests/fuzz/regress/*; do
	name=${f#"$TOP_SRCDIR"/tests/fuzz/}
	if compile_one "$f" any; then
		ok "$name: exit $rc"
	else
		not_ok "$name: $why"; show_err
	fi
done
done_testing
