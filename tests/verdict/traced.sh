#!/bin/bash
# Traced verdict tests through `cgnft test`: each tests/verdict/traced/*.nft
# file carries lines
#   # test HOOK VERDICT[@LINE|@policy]: PACKET DESCRIPTION
# VERDICT is accept or drop; @LINE names the rule that must have decided,
# @policy a base chain's policy.  Each packet runs through the traced
# program and through the untraced one `apply` attaches: one TAP line each.
. "$TOP_SRCDIR/tests/lib.sh"

# The packets of one file and hook go to one `cgnft test` run each way
# (traced, untraced): one compile and load per file and hook, not per
# packet (498 runs became about 60; the sanitized suite waited minutes).
# With more than one packet, `cgnft test` heads each packet's lines with
# "packet N:".
declare -A res
run_batch() {	# run_batch KEY FILE HOOK [--no-trace] -- PACKET...: res[KEY,i]
	local key=$1 f=$2 hook=$3 args=() out rc i=0 line
	shift 3
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	shift
	local n=$#
	for p in "$@"; do args+=(--packet "$p"); done
	out=$("$CGNFT" test "$f" "${args[@]}" --hook "$hook" 2>&1)
	rc=$?
	for i in $(seq 1 "$n"); do res[$key,$i]=; done
	if [ $rc -ne 0 ]; then	# every packet of the run fails, with the message
		for i in $(seq 1 "$n"); do res[$key,$i]="(exit $rc) $out"; done
		return
	fi
	if [ "$n" -eq 1 ]; then res[$key,1]=$out; return; fi
	i=0
	while IFS= read -r line; do
		if [[ $line =~ ^packet\ ([0-9]+):$ ]]; then
			i=${BASH_REMATCH[1]}
		else
			res[$key,$i]+=${res[$key,$i]:+$'\n'}$line
		fi
	done <<<"$out"
}

for f in "$TOP_SRCDIR"/tests/verdict/traced/*.nft; do
	name=${f##*/}
	lines=() hooks=() idx=()
	declare -A pk=() cnt=()
	while IFS= read -r line; do
		spec=${line#\# test }
		read -r hook want <<<"${spec%%:*}"
		lines+=("$line")
		cnt[$hook]=$(( ${cnt[$hook]:-0} + 1 ))
		idx+=("${cnt[$hook]}")
		[ "${cnt[$hook]}" = 1 ] && hooks+=("$hook")
		pk[$hook,${cnt[$hook]}]=${spec#*: }
	done < <(grep '^# test ' "$f")
	for hook in "${hooks[@]}"; do
		pkts=()
		for i in $(seq 1 "${cnt[$hook]}"); do pkts+=("${pk[$hook,$i]}"); done
		run_batch "t,$hook" "$f" "$hook" -- "${pkts[@]}"
		run_batch "u,$hook" "$f" "$hook" --no-trace -- "${pkts[@]}"
	done
	for j in "${!lines[@]}"; do
		spec=${lines[$j]#\# test }
		head=${spec%%:*}
		desc=${spec#*: }
		read -r hook want <<<"$head"
		verdict=${want%%@*}
		by=; [ "$want" != "$verdict" ] && by=${want#*@}
		out=${res[t,$hook,${idx[$j]}]}
		got=${out#*: }
		good=1
		[ -n "$out" ] && [ "$(wc -l <<<"$out")" -eq 1 ] || good=
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
		out=${res[u,$hook,${idx[$j]}]}
		if [ -n "$out" ] && [ "$(wc -l <<<"$out")" -eq 1 ] && [ "${out#*: }" = "$verdict" ]; then
			ok "$name: untraced $hook $verdict: $desc"
		else
			not_ok "$name: untraced $hook $verdict: $desc"
			echo "$out" | diag
		fi
	done
	unset pk cnt
done
done_testing
