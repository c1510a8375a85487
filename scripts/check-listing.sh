#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-listing.sh [--update] FILE.nft...
#
# The CI gate of doc/LISTING.md: every FILE.nft has its reviewed listing
# FILE.asm next to it (`cgnft compile --emit asm`, made in FILE's directory
# so that the listing names the file as it is written there).  Exits 1 and
# shows the diff when a listing is missing or differs from what cgnft
# makes now: a bytecode change nobody reviewed.  --update writes the
# listings instead, to be reviewed and committed with the rules.
# $CGNFT names the compiler (default: cgnft on $PATH).
set -u
cgnft=${CGNFT:-cgnft}
update=false
if [ "${1:-}" = --update ] || [ "${1:-}" = -u ]; then
	update=true
	shift
fi
if [ $# -eq 0 ]; then
	echo "usage: check-listing.sh [--update] FILE.nft..." >&2
	exit 2
fi
case $cgnft in
/*) ;;
*/*) cgnft=$(pwd)/$cgnft ;;
esac
tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp"' EXIT
status=0
for f in "$@"; do
	dir=$(dirname "$f")
	base=$(basename "$f" .nft)
	asm=$dir/$base.asm
	if ! (cd "$dir" && "$cgnft" compile "$base.nft" --emit asm) >"$tmp"; then
		echo "check-listing: $f does not compile" >&2
		status=1
		continue
	fi
	if $update; then
		cp "$tmp" "$asm" || status=1
		continue
	fi
	if [ ! -f "$asm" ]; then
		echo "check-listing: $f has no reviewed listing $asm" \
		     "(make it with --update, review it, commit it)" >&2
		status=1
	elif ! cmp -s "$asm" "$tmp"; then
		diff -u --label "$asm (reviewed)" --label "$asm (now)" "$asm" "$tmp"
		echo "check-listing: $f: the bytecode changed and $asm was not" \
		     "updated: review the diff above, then run with --update and commit" >&2
		status=1
	fi
done
exit $status
