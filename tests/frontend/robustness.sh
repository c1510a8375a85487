#!/bin/bash
# Hostile input (issue 20): nesting of any depth, endless and huge files,
# includes of things that are not rule files.  Each must end in nft-format
# errors and exit status 1: no crash, no abort, no endless read.  (Leaks on
# rejected input are caught by the sanitizer build in .ci/run.)
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

# An unfixed cgnft reads an endless file until malloc fails: bound its
# memory so that costs seconds, not the machine (ASan reserves terabytes of
# address space: no limit there).
grep -q __asan_init "$CGNFT" || ulimit -v 8000000

# the first lines of stderr, as TAP comments
show() { head -n 12 "$TMPD/err" | cut -c1-200 | diag; }

# run NAME FILE: $rc, $out (stdout), $TMPD/err; at most 20 s
run() {
	out=$(timeout 20 "$CGNFT" compile "$1" --emit ir 2>"$TMPD/err")
	rc=$?
}

# every "Error:" line in nft's format, at least one, nothing on stdout
nft_errors() {	# nft_errors FILE
	local f=$1
	[ "$rc" = 1 ] && [ -z "$out" ] && grep -q "Error: " "$TMPD/err" &&
		! grep "Error: " "$TMPD/err" | grep -qv "^$f:[0-9]*:[0-9]*-[0-9]*: Error: "
}

expect() {	# expect NAME FILE [REGEX]: exit 1, nft-format errors, REGEX in stderr
	local name=$1 f=$2 re=$3
	run "$f"
	if nft_errors "$f" && { [ -z "$re" ] || grep -q -- "$re" "$TMPD/err"; }; then
		ok "$name"
	else
		not_ok "$name (exit $rc)"; show
	fi
}

# --- item 1: nesting ---

# the issue's 65 bytes: eight `set a {`, eight `}`
{ for i in 1 2 3 4 5 6 7 8; do printf 'set a {'; done
  printf '}}}}}}}}\n'; } > nest8.nft
expect "eight nested blocks on one line: errors, no crash" nest8.nft \
	'nest8.nft:1:1-3: Error: syntax error, unexpected set'

for n in 7 8 9 16 100 255; do
	python3 -c "
import sys
n = $n
kw = ['table cgroup t', 'chain c', 'set s']
sys.stdout.write(''.join(kw[i % 3] + ' {\n' for i in range(n)) + '}\n' * n)" > "mixed$n.nft"
	expect "$n nested tables, chains and sets, all closed" "mixed$n.nft" \
		'Error: syntax error, unexpected \(set\|table\|chain\)'
done

# a valid table inside nesting the grammar accepts stays a valid table
cat > deep_ok.nft <<'EOF'
table cgroup t {
	cgroup "x"
	chain c {
		type filter hook egress priority 0; policy accept;
		tcp dport { 22, 80 } accept
	}
}
EOF
out=$("$CGNFT" compile deep_ok.nft --emit ir 2>"$TMPD/err"); rc=$?
check "a valid file still compiles" test "$rc" = 0 -a -n "$out"

python3 -c "print('{' * 100000)" > braces.nft
expect "100000 open braces: a clear error at the brace past the limit" braces.nft \
	'^braces.nft:1:257-257: Error: too many levels of nesting: more than 256 open braces$'
# a brace at the top level is itself a syntax error (the first), then
# the scanner stops: nothing follows
! grep -q "memory exhausted" "$TMPD/err" && [ "$(grep -c "syntax error" "$TMPD/err")" -le 1 ]
check "100000 open braces: no follow-up syntax error" test $? = 0

python3 -c "print('set a {\n' * 100000 + '}\n' * 100000)" > blocks.nft
expect "100000 nested blocks, then 100000 closing braces" blocks.nft \
	'^blocks.nft:257:7-7: Error: too many levels of nesting'

python3 -c "print('table cgroup t { x\n' * 300 + 'chain c { y\n' * 300 + '}' * 600)" > blocks2.nft
expect "300 tables and 300 chains with statements, nested" blocks2.nft 'too many levels of nesting'

# blocks kept open by errors (the `}` is eaten by error recovery): each
# error is reported where it is, and the parser's stack never fills
# (a table inside a table is itself an error, recovered at its line)
python3 -c "print('table cgroup t {\ninclude x }\n' * 5000)" > recovery.nft
expect "blocks left open by syntax errors: errors where they are, no crash" recovery.nft \
	"Error: syntax error"
! grep -q "memory exhausted" "$TMPD/err"
check "no bare 'memory exhausted'" test $? = 0

# --- item 4: endless, huge and special files ---

printf 'include "/dev/zero"\n' > zero.nft
start=$SECONDS
expect "include \"/dev/zero\" is refused at the include" zero.nft \
	'^zero.nft:1:9-19: Error: Could not process rule: cannot read include file "/dev/zero": a character device$'
check "include \"/dev/zero\" is refused at once" test $((SECONDS - start)) -le 5

mkdir adir
printf 'include "adir"\n' > dir.nft
expect "include of a directory is refused" dir.nft \
	'^dir.nft:1:9-14: Error: Could not process rule: cannot read include file "adir": a directory$'

mkfifo fifo
printf 'include "fifo"\n' > fifo.nft
expect "include of a FIFO is refused (no wait for a writer)" fifo.nft \
	'^fifo.nft:1:9-14: Error: Could not process rule: cannot read include file "fifo": a FIFO$'

truncate -s 257M big.nft
printf 'include "big.nft"\n' > incbig.nft
expect "include of a file over the limit is refused, naming the limit" incbig.nft \
	'^incbig.nft:1:9-17: Error: Could not process rule: include file "big.nft" is too large: the limit is 256 MiB'

# the limit is for everything one run reads: two includes of 150 MiB (of
# blanks: valid text, so the size is the only error)
head -c 150M /dev/zero | tr '\0' ' ' > half.nft
printf 'include "half.nft"\ninclude "half.nft"\n' > twohalves.nft
expect "includes over the limit in all: the second one is refused" twohalves.nft \
	'^twohalves.nft:2:9-18: Error: Could not process rule: include file "half.nft" is too large'

# the command line file: stdin or a pipe is fine, but capped too
out=$(timeout 20 "$CGNFT" compile big.nft --emit ir 2>"$TMPD/err"); rc=$?
if [ "$rc" = 1 ] && [ -z "$out" ] &&
   grep -qx "Error: Could not process rule: big.nft: larger than the 256 MiB limit for rule files" "$TMPD/err"; then
	ok "a rule file over the limit is refused, naming the limit"
else
	not_ok "a rule file over the limit is refused (exit $rc)"; show
fi

out=$(timeout 20 "$CGNFT" compile /dev/zero --emit ir 2>"$TMPD/err"); rc=$?
if [ "$rc" = 1 ] && [ -z "$out" ] &&
   grep -qx "Error: Could not process rule: /dev/zero: larger than the 256 MiB limit for rule files" "$TMPD/err"; then
	ok "compile /dev/zero stops at the limit"
else
	not_ok "compile /dev/zero stops at the limit (exit $rc)"; show
fi

out=$(head -c 300M /dev/zero | timeout 20 "$CGNFT" compile - --emit ir 2>"$TMPD/err"); rc=$?
if [ "$rc" = 1 ] && grep -q "Error: Could not process rule: -: larger than the 256 MiB limit" "$TMPD/err"; then
	ok "stdin over the limit is refused"
else
	not_ok "stdin over the limit is refused (exit $rc)"; show
fi

out=$("$CGNFT" compile adir --emit ir 2>"$TMPD/err"); rc=$?
if [ "$rc" = 1 ] && grep -qx "Error: Could not process rule: adir: Is a directory" "$TMPD/err"; then
	ok "a directory as the rule file is an error, not an empty rule set"
else
	not_ok "a directory as the rule file (exit $rc)"; show
fi

out=$(timeout 20 "$CGNFT" compile - --emit ir < deep_ok.nft 2>"$TMPD/err"); rc=$?
check "a rule file on stdin still compiles" test "$rc" = 0 -a -n "$out"
out=$(cat deep_ok.nft | timeout 20 "$CGNFT" compile /dev/stdin --emit ir 2>"$TMPD/err"); rc=$?
check "a rule file through a pipe named on the command line still compiles" test "$rc" = 0 -a -n "$out"

mkdir -p inc && cp deep_ok.nft inc/ok.nft
printf 'include "inc/ok.nft"\n' > incok.nft
out=$("$CGNFT" compile incok.nft --emit ir 2>"$TMPD/err"); rc=$?
check "a regular include still works" test "$rc" = 0 -a -n "$out"

done_testing
