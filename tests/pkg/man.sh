#!/bin/bash
# The manual pages: they render without a warning from man/groff, cgnft(8)
# names every command and every option that `cgnft --help` and each
# `cgnft COMMAND --help` print (so the page cannot fall behind the code),
# and cgnft-rules(5) carries every section of doc/LANGUAGE.md and
# doc/HOOKS.md, which it is generated from.
. "$TOP_SRCDIR/tests/lib.sh"
page8=$TOP_SRCDIR/doc/cgnft.8
page5=$TOP_BUILDDIR/doc/cgnft-rules.5
unset MAKEFLAGS MAKELEVEL MFLAGS
[ -f "$page5" ] || make -C "$TOP_BUILDDIR" doc/cgnft-rules.5 >/dev/null
[ -f "$page5" ] || page5=$TOP_SRCDIR/doc/cgnft-rules.5	# found there by VPATH

for p in "$page8" "$page5"; do
	name=${p##*/}
	# unknown macros and registers, bad fonts, tabs; not line breaking,
	# which narrow table cells at 80 columns cannot always do
	warn=$(groff -t -man -Tutf8 -z -wmac -wfont -wtab -wreg -wel -Wbreak "$p" 2>&1)
	if [ -z "$warn" ]; then ok "$name renders without warnings"
	else not_ok "$name renders without warnings"; echo "$warn" | head | diag; fi
done

text8=$(MANWIDTH=200 man -l "$page8" 2>/dev/null)
missing=""
for cmd in $("$CGNFT" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
	grep -q "^       $cmd\b" <<<"$text8" || missing="$missing $cmd"
done
check "cgnft(8) describes every command of cgnft --help${missing:+ (missing:$missing)}" \
	test -z "$missing"

# every long and short option that a command's --help lists
missing=""
for cmd in compile check apply list delete flush test import monitor; do
	for o in $("$CGNFT" "$cmd" --help 2>&1 | grep -oE '(^|[ [(|,])--?[a-zA-Z0-9][a-zA-Z0-9-]*' |
		sed 's/^[ [(|,]//' | sort -u); do
		grep -qF -- "$o" <<<"$text8" || missing="$missing $cmd:$o"
	done
done
for o in $("$CGNFT" --help | grep -oE '^  (-[a-z], )?--?[a-z-]+' | grep -oE -- '--?[a-z-]+'); do
	grep -qF -- "$o" <<<"$text8" || missing="$missing $o"
done
check "cgnft(8) names every option of every command's --help${missing:+ (missing:$missing)}" \
	test -z "$missing"

text5=$(MANWIDTH=200 man -l "$page5" 2>/dev/null)
missing=""
while read -r h; do
	grep -qiF -- "$h" <<<"$text5" || missing="$missing [$h]"
done < <(sed -n 's/^##* //p' "$TOP_SRCDIR/doc/LANGUAGE.md" "$TOP_SRCDIR/doc/HOOKS.md" | sed 's/`//g; s/\*\*//g')
check "cgnft-rules(5) has every heading of LANGUAGE.md and HOOKS.md${missing:+ (missing:$missing)}" \
	test -z "$missing"
# the text, not only the headings: a table cell and a code block survive
check "cgnft-rules(5) keeps tables and code blocks" \
	grep -q 'saddr daddr protocol ttl' <<<"$text5"
check "cgnft-rules(5) keeps code blocks verbatim" \
	grep -qF 'tcp dport { 80, 443 } counter accept' <<<"$text5"

# bash completion: source the file and ask it, as bash does on <TAB>
comp=$(cd "$TOP_SRCDIR" && pwd)/dist/cgnft.bash-completion
complete_words() {	# complete_words WORD... (the last one is being typed)
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
		_cgnft; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@" | sort | tr '\n' ' '
}
check "completion: commands" test "$(complete_words cgnft co)" = "compile "
check "completion: --emit values" test "$(complete_words cgnft compile x.nft --emit '')" = "asm ir list tree "
check "completion: compile options" \
	grep -q -- '--emit.*--output' <<<"$(complete_words cgnft compile --)"
check "completion: flush ruleset" test "$(complete_words cgnft flush r)" = "ruleset "
check "completion: monitor options" test "$(complete_words cgnft monitor --)" = "--count --drain --json "
mkdir "$TMPD/d" && touch "$TMPD/d/a.nft" "$TMPD/d/b.txt"
check "completion: rule files (.nft) for apply" \
	test "$(cd "$TMPD/d" && complete_words cgnft apply '')" = "a.nft "
done_testing
