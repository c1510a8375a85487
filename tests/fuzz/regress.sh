#!/bin/bash
# Inputs that once crashed, leaked, aborted or hung cgnft (issue 20 and
# what scripts/fuzz.sh found), through `cgnft compile -o x.o --emit asm`.
# The expected exit status is in the name: NAME.exit0.nft compiles,
# NAME.exit1.nft is refused with nft-format errors.  Never a signal, a
# timeout, or (in a --enable-sanitizers build) a sanitizer report.
. "$TOP_SRCDIR/tests/lib.sh"
. "$TOP_SRCDIR/tests/fuzz/compile_one.sh"
cd "$TMPD" || exit 1

for f in "$TOP_SRCDIR"/tests/fuzz/regress/*; do
	name=${f##*/}
	case $name in
	*.exit0.*) want=0 ;;
	*.exit1.*) want=1 ;;
	*) not_ok "$name: the name gives no exit status (NAME.exit0.nft, NAME.exit1.nft)"; continue ;;
	esac
	if compile_one "$f" "$want"; then
		ok "$name: exit $want"
	else
		not_ok "$name: $why"; show_err
	fi
done
done_testing
