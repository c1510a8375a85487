#!/bin/bash
# Traced verdict tests through `cgnft test`: each tests/verdict/traced/*.nft
# file carries lines
#   # test HOOK VERDICT[@LINE|@policy]: PACKET DESCRIPTION
# VERDICT is accept or drop; @LINE names the rule that must have decided,
# @policy a base chain's policy.  Each packet runs through the traced
# program and through the untraced one `apply` attaches: one TAP line each.
. "$TOP_SRCDIR/tests/lib.sh"

for f in "$TOP_SRCDIR"/tests/verdict/traced/*.nft; do
	name=${f##*/}
	while IFS= read -r line; do
		spec=${line#\# test }
		head=${spec%%:*}
		desc=${spec#*: }
		read -r hook want <<<"$head"
		verdict=${want%%@*}
		by=; [ "$want" != "$verdict" ] && by=${want#*@}
		out=$("$CGNFT" test "$f" --hook "$hook" --packet "$desc" 2>&1)
		rc=$?
		got=${out#*: }
		good=1
		[ $rc -eq 0 ] && [ "$(wc -l <<<"$out")" -eq 1 ] || good=
		[ "${got%% *}" = "$verdict" ] || good=
		case $by in
		'') ;;
		policy) [[ $got == *"(policy of chain"* ]] || good= ;;
		*) [[ $got == *" by rule $f:$by: "* ]] || good= ;;
		esac
		if [ -n "$good" ]; then
			ok "$name: $hook $want: $desc"
		else
			not_ok "$name: $hook $want: $desc"
			echo "$out" | diag
		fi
		out=$("$CGNFT" test "$f" --no-trace --hook "$hook" --packet "$desc" 2>&1)
		if [ $? -eq 0 ] && [ "${out#*: }" = "$verdict" ]; then
			ok "$name: untraced $hook $verdict: $desc"
		else
			not_ok "$name: untraced $hook $verdict: $desc"
			echo "$out" | diag
		fi
	done < <(grep '^# test ' "$f")
done
done_testing
