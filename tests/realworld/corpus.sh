#!/bin/bash
# cgnft import --file carries every file of the real-world corpus
# (tests/realworld/files, sources in SOURCES): nft loads it, the report names
# every refused rule by file:line with the rule's own source line, nothing is
# written without --skip-unsupported when a rule is refused, the output with
# it loads in the kernel (cgnft check), and no file carries fewer rules than
# the floor in tests/realworld/expected.
. "$TOP_SRCDIR/tests/lib.sh"

if ! command -v nft >/dev/null || ! command -v unshare >/dev/null; then
	skip "nft or unshare not installed"; done_testing; exit 0
fi
RW=$TOP_SRCDIR/tests/realworld
FILES=$RW/files

# nft resolves `skuid NAME` at load: the corpus users go into a private copy
# of /etc/passwd, bind-mounted in a mount namespace of the test's own.
cp /etc/passwd "$TMPD/passwd" && grep -v '^#' "$RW/users" >>"$TMPD/passwd"
run() {
	unshare -m --propagation private sh -c 'mount --bind "$0" /etc/passwd && exec "$@"' \
		"$TMPD/passwd" "$@"
}

total=0 total_floor=0 nfiles=0 text_floor=
while read -r name rules floor left; do
	case $name in ''|'#'*) continue ;; @text) text_floor=$rules; continue ;; esac
	nfiles=$((nfiles + 1))
	total_floor=$((total_floor + floor))
	out=$TMPD/$name.cgnft err=$TMPD/$name.err
	# with --skip-unsupported: exit 0 and the report's counts
	(cd "$FILES" && run "$CGNFT" import --file "$name" --cgroup realworld.slice \
		--skip-unsupported -o "$out") 2>"$err"
	rc=$?
	sum=$(sed -n 's/^cgnft: import: .*: \([0-9]*\) rules carried, \([0-9]*\) not carried, \([0-9]*\) chains or tables left out$/\1 \2 \3/p' "$err")
	read -r carried refused gotleft <<<"$sum"
	if [ $rc -ne 0 ] || [ -z "$sum" ]; then
		not_ok "$name: imported with --skip-unsupported (rc=$rc)"; diag <"$err"; continue
	fi
	total=$((total + carried))
	check "$name: nft accepts $rules rules in its input/output chains (report: $((carried + refused)))" \
		[ $((carried + refused)) -eq "$rules" ]
	check "$name: carries $carried rules, floor $floor" [ "$carried" -ge "$floor" ]
	check "$name: $left chains or tables left out (report: $gotleft)" [ "$gotleft" -eq "$left" ]
	# each refused rule: FILE:LINE and, below it, that very line of the file
	bad=$(awk -v f="$name" -v src="$FILES/$name" '
		BEGIN { while ((getline l < src) > 0) { n++; gsub(/^[ \t]+|[ \t\r]+$/, "", l); line[n] = l } }
		want { t = $0; sub(/^\t/, "", t); if (t != line[want]) print "line " want ": " t; want = 0; next }
		/rule not carried/ {
			if (index($0, f ":") != 1) { print "no line: " $0; next }
			split($0, p, ":"); want = p[2] + 0
		}' "$err")
	nrep=$(grep -c "rule not carried" "$err")
	if [ -z "$bad" ] && [ "$nrep" -eq "$refused" ]; then
		ok "$name: every refused rule reported at its line ($refused)"
	else
		not_ok "$name: refused rules reported at their lines"; echo "$bad" | diag
	fi
	check "$name: each refused rule is a comment in the output" \
		[ "$(grep -c "^		# $name:[0-9]*: not carried: " "$out")" -eq "$refused" ]
	if "$CGNFT" check "$out" 2>"$TMPD/check.err"; then
		ok "$name: the output loads (cgnft check)"
	else
		not_ok "$name: the output loads (cgnft check)"; diag <"$TMPD/check.err"
	fi
	# without --skip-unsupported: all or nothing
	rm -f "$TMPD/strict.cgnft"
	(cd "$FILES" && run "$CGNFT" import --file "$name" --cgroup realworld.slice \
		-o "$TMPD/strict.cgnft") 2>/dev/null
	rc=$?
	if [ "$refused" -gt 0 ]; then
		check "$name: without --skip-unsupported: exit 1, nothing written" \
			test $rc -eq 1 -a ! -e "$TMPD/strict.cgnft"
	else
		check "$name: without --skip-unsupported: exit 0, the same text" \
			cmp -s "$out" "$TMPD/strict.cgnft"
	fi
done <"$RW/expected"

check "the corpus has at least 25 files ($nfiles)" [ "$nfiles" -ge 25 ]
# the files' own text through the front end (measure.py's "as text" column)
text=$(python3 "$RW/measure.py" --cgnft "$CGNFT" | awk '$1 == "total" { print $7 }')
check "as text, ${text:-no} rules compile, floor $text_floor" test "${text:-0}" -ge "$text_floor"
check "the corpus carries $total rules, floor $total_floor" [ "$total" -ge "$total_floor" ]
done_testing
