#!/bin/bash
# The new front end's grammar (grammar/parser.y, issue 13), beside the
# current one until it replaces it: every rule file the project ships or
# tests with parses, the tree of a file of nft's expression forms is as
# expected, and syntax errors come out in nft's format.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TOP_SRCDIR" || exit 1

for f in examples/*.nft tests/verdict/*.nft tests/verdict/traced/*.nft; do
	if "$CGNFT" compile "$f" --emit tree > /dev/null 2> "$TMPD/err"; then
		ok "$f parses"
	else
		not_ok "$f parses"; head -5 "$TMPD/err" | diag
	fi
done

if "$CGNFT" compile tests/frontend/tree/forms.nft --emit tree > "$TMPD/forms.tree" 2>&1 &&
   diff -u tests/frontend/tree/forms.tree "$TMPD/forms.tree" > "$TMPD/diff"; then
	ok "expression forms: the expected tree"
else
	not_ok "expression forms: the expected tree"; head -40 "$TMPD/diff" | diag
fi

# counter_args as nft's: packets or bytes alone, in any order, the last wins
printf 'table cgroup t {\n\tchain c {\n\t\tcounter packets 3\n\t\tcounter bytes 5 packets 7 bytes 9 accept\n\t}\n}\n' > "$TMPD/ctr.nft"
out=$("$CGNFT" compile "$TMPD/ctr.nft" --emit tree 2>&1)
if grep -qF '3: (counter 3 0)' <<<"$out" && grep -qF '4: (counter 7 9) (accept)' <<<"$out"; then
	ok "counter packets N / bytes N alone and in any order"
else
	not_ok "counter packets N / bytes N alone and in any order"; echo "$out" | diag
fi

# nft's words that are also cgnft keywords: igmp group (a field), a bare
# cgroup (meta cgroup), a comment that is one word
printf 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress priority 0;\n\t\tigmp group 0x7b406154 drop\n\t\tcgroup 5 drop comment single\n\t}\n}\n' > "$TMPD/kw.nft"
out=$("$CGNFT" compile "$TMPD/kw.nft" --emit ir 2>&1)
if grep -qxF '    match th[4:4] == 0x7b406154' <<<"$out" && grep -qxF '    match meta cgroup == 0x5' <<<"$out"; then
	ok "igmp group, a bare cgroup, comment WORD"
else
	not_ok "igmp group, a bare cgroup, comment WORD"; echo "$out" | diag
fi

printf 'table cgroup t {\n\tchain c {\n\t\ttcp dport == == 22 drop\n\t\tudp dport 53 drop\n\t}\n}\n' > "$TMPD/bad.nft"
out=$("$CGNFT" compile "$TMPD/bad.nft" --emit tree 2>&1)
rc=$?
want="$TMPD/bad.nft:3:16-17: Error: syntax error, unexpected ==
		tcp dport == == 22 drop
		             ^^"
if [ $rc -eq 1 ] && [ "$out" = "$want" ]; then
	ok "a syntax error in nft's format, exit 1"
else
	not_ok "a syntax error in nft's format (exit $rc)"; echo "$out" | diag
fi
done_testing
