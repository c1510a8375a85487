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
	'nest8.nft:1:1-3: Error: a set cannot be declared here'

for n in 7 8 9 16 100 255; do
	python3 -c "
import sys
n = $n
kw = ['table cgroup t', 'chain c', 'set s']
sys.stdout.write(''.join(kw[i % 3] + ' {\n' for i in range(n)) + '}\n' * n)" > "mixed$n.nft"
	expect "$n nested tables, chains and sets, all closed" "mixed$n.nft" 'cannot be declared here'
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
! grep -q "memory exhausted\|syntax error" "$TMPD/err"
check "100000 open braces: no follow-up syntax error" test $? = 0

python3 -c "print('set a {\n' * 100000 + '}\n' * 100000)" > blocks.nft
expect "100000 nested blocks, then 100000 closing braces" blocks.nft \
	'^blocks.nft:257:7-7: Error: too many levels of nesting'

python3 -c "print('table cgroup t { x\n' * 300 + 'chain c { y\n' * 300 + '}' * 600)" > blocks2.nft
expect "300 tables and 300 chains with statements, nested" blocks2.nft 'too many levels of nesting'

# blocks kept open by errors (the `}` is eaten by error recovery), which
# the brace count does not see: bison's stack fills, said clearly
python3 -c "print('table cgroup t {\ninclude x }\n' * 5000)" > recovery.nft
expect "blocks left open by syntax errors fill the parser's stack: a clear error" recovery.nft \
	"Error: too many levels of nesting: the parser's stack is full"
! grep -q "memory exhausted" "$TMPD/err"
check "no bare 'memory exhausted'" test $? = 0

done_testing
