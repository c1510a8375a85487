# Sourced by tests/fuzz/*.sh: one input through `cgnft compile`.
# compile_one FILE WANT (0, 1 or any): true when cgnft exited with WANT
# (any: 0 or 1), printed nothing on stdout on error, gave nft-format errors
# on exit 1, and no sanitizer report; else false with the reason in $why.
# $rc is the exit status, $TMPD/err stderr.
compile_one() {
	local f=$1 want=$2
	rm -f "$TMPD/x.o"
	timeout 60 "$CGNFT" compile "$f" -o "$TMPD/x.o" --emit asm >"$TMPD/out" 2>"$TMPD/err"
	rc=$?
	why=""
	if grep -q "Sanitizer\|runtime error:" "$TMPD/err"; then
		why="sanitizer report (exit $rc)"
	elif [ "$rc" = 124 ]; then
		why="timeout (60 s)"
	elif [ "$rc" -gt 1 ]; then
		why="exit $rc"
	elif [ "$want" != any ] && [ "$rc" != "$want" ]; then
		why="exit $rc, expected $want"
	elif [ "$rc" = 1 ] && [ -s "$TMPD/out" ]; then
		why="exit 1 with output on stdout"
	elif [ "$rc" = 1 ] && ! grep -q "Error: " "$TMPD/err"; then
		why="exit 1 without an error message"
	elif [ "$rc" = 1 ] && grep "Error: " "$TMPD/err" | grep -qv "^\(.*:[0-9]*:[0-9]*-[0-9]*: \)\?Error: "; then
		why="an error not in nft's format"
	elif [ "$rc" = 0 ] && [ ! -s "$TMPD/x.o" ]; then
		why="exit 0 without an object file"
	fi
	[ -z "$why" ]
}

# the first lines of stderr, as TAP comments
show_err() { head -n 30 "$TMPD/err" | cut -c1-200 | diag; }
