#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Accept/reject agreement of cgnft with nft (issue 13): a corpus of single
# rules generated from the grammar of `man nft` (tests/lang/gen_corpus.py,
# fixed seed) is checked by `nft -c` and by `cgnft compile`
# (tests/lang/agree.py); the summary is printed as TAP diagnostics.
#   1: the measurement ran (its description carries the numbers); not ok
#      if a tool could not be run or cgnft crashed on a rule, or if
#      LANG_MIN_AGREEMENT is set and the agreement is below it;
#   2: no rule that nft rejects is accepted by cgnft (a rule naming an
#      iif/oif interface is judged by `cgnft check`, as cgnft looks the
#      interface up when it loads).
# LANG_SEED and LANG_COUNT choose the corpus (default 1 and 1500).
. "$TOP_SRCDIR/tests/lib.sh"

why=""
command -v python3 >/dev/null || why="python3 is not installed"
command -v nft >/dev/null || why="nft is not installed"
command -v unshare >/dev/null || why="unshare is not installed"
[ -z "$why" ] && { unshare --net true 2>/dev/null || why="cannot create a network namespace (unshare --net)"; }
[ -x "$CGNFT" ] || why="no cgnft binary at $CGNFT"
if [ -n "$why" ]; then
	skip "$why"; skip "$why"; done_testing; exit 0
fi

seed=${LANG_SEED:-1}
count=${LANG_COUNT:-1500}
python3 "$TOP_SRCDIR/tests/lang/agree.py" --cgnft "$CGNFT" \
	--seed "$seed" --count "$count" --summary-line "$TMPD/summary" \
	${LANG_MIN_AGREEMENT:+--min-agreement "$LANG_MIN_AGREEMENT"} \
	>"$TMPD/report" 2>&1
st=$?
diag <"$TMPD/report"

if [ ! -s "$TMPD/summary" ]; then
	not_ok "agreement with nft: agree.py failed (exit status $st)"
	not_ok "nft-rejected rules accepted by cgnft: not measured"
	done_testing; exit 0
fi
line=$(head -n 1 "$TMPD/summary")
bugs=$(sed -n 's/^bugs //p' "$TMPD/summary")
crashes=$(sed -n 's/^crashes //p' "$TMPD/summary")
desc="accept/reject agreement with nft on $count rules of man nft (seed $seed): $line"
if [ "$st" -ne 0 ]; then
	not_ok "$desc (below LANG_MIN_AGREEMENT=${LANG_MIN_AGREEMENT:-})"
elif [ "${crashes:-0}" -ne 0 ]; then
	not_ok "$desc (cgnft crashed or timed out on $crashes rules)"
else
	ok "$desc"
fi
if [ "${bugs:-1}" -eq 0 ]; then
	ok "cgnft accepts no rule that nft rejects"
else
	not_ok "cgnft accepts $bugs rules that nft rejects (the bug class above)"
fi
done_testing
