#!/bin/bash
# cgnft import, end to end: load nft rule files into a scratch network
# namespace, import them, check the import compiles, matches the committed
# golden text, and gives the same verdicts as a hand-written cgnft twin (and
# the verdicts each case file expects) for a list of packets.
. "$TOP_SRCDIR/tests/lib.sh"
CASES=$TOP_SRCDIR/tests/import/cases

if ! command -v nft >/dev/null || ! command -v ip >/dev/null; then
	skip "nft or ip not installed"; done_testing; exit 0
fi
NS=cgnft-import-$$
ip netns add "$NS" || { not_ok "create netns $NS"; done_testing; exit 0; }
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMPD"' EXIT
in_ns() { ip netns exec "$NS" "$@"; }

# verdicts FILE HOOK PACKET...: one verdict word per packet.
verdicts() {
	local file=$1 hook=$2 args=() p
	shift 2
	for p in "$@"; do args+=(--packet "$p"); done
	"$CGNFT" test "$file" --hook "$hook" --no-trace "${args[@]}" 2>&1 |
		sed -n 's/^[^ ]*_\(egress\|ingress\): \([a-z]*\).*/\2/p'
}

# check_verdicts NAME IMPORTED TWIN: per packet, expected == twin == imported.
check_verdicts() {
	local name=$1 imported=$2 twin=$3 hook want pkt
	local -a hooks wants pkts
	while read -r hook want pkt; do
		case $hook in ''|'#'*) continue ;; esac
		hooks+=("$hook"); wants+=("$want"); pkts+=("$pkt")
	done <"$CASES/$name.packets"
	for h in ingress egress; do
		local -a idx=() sel=() got_i got_t
		for i in "${!pkts[@]}"; do
			[ "${hooks[$i]}" = "$h" ] && idx+=("$i") && sel+=("${pkts[$i]}")
		done
		[ ${#idx[@]} -eq 0 ] && continue
		mapfile -t got_i < <(verdicts "$imported" "$h" "${sel[@]}")
		mapfile -t got_t < <(verdicts "$twin" "$h" "${sel[@]}")
		for k in "${!idx[@]}"; do
			i=${idx[$k]}
			if [ "${got_i[$k]}" = "${wants[$i]}" ] && [ "${got_t[$k]}" = "${wants[$i]}" ]; then
				ok "$name: $h ${pkts[$i]} -> ${wants[$i]}"
			else
				not_ok "$name: $h ${pkts[$i]}: want ${wants[$i]}, imported ${got_i[$k]:-?}, twin ${got_t[$k]:-?}"
			fi
		done
	done
}

# The kernel's own verdicts: egress packets go through a raw socket in the
# namespace while nft holds the case's ruleset (tests/diff/diffsend: drop =
# EPERM from the output hook); they must be the expected ones too.
DIFFSEND=$TOP_BUILDDIR/tests/diff/diffsend
in_ns bash "$TOP_SRCDIR/tests/diff/netns-routes.sh"
check_nft_verdicts() {
	local name=$1 twin=$2 hook want pkt hex fam mark n=0
	: >"$TMPD/pkts"; : >"$TMPD/wants"
	while read -r hook want pkt; do
		case $hook in egress) ;; *) continue ;; esac
		# the raw sender sets only the mark: skb priority is not comparable
		case $pkt in *"meta priority"*) continue ;; esac
		hex=$("$CGNFT" test "$twin" --hook egress --no-trace -v --packet "$pkt" |
			sed -n 's/^  packet ([0-9]* bytes, IPv\([46]\)): \([0-9a-f]*\)$/\1 \2/p')
		mark=$(sed -n 's/.*meta mark \([0-9a-fx]*\).*/\1/p' <<<"$pkt")
		echo "$hex $((${mark:-0}))" >>"$TMPD/pkts"
		echo "$want $pkt" >>"$TMPD/wants"
	done <"$CASES/$name.packets"
	[ -s "$TMPD/pkts" ] || return
	mapfile -t got < <(in_ns "$DIFFSEND" "$TMPD/pkts")
	while read -r want pkt; do
		local v=${got[$n]%% *}
		[ "$v" = pass ] && v=accept
		if [ "${v%%:*}" = err ]; then	# not sendable (link-local, say)
			skip "$name: nftables itself: egress $pkt: ${got[$n]}"
		elif [ "$v" = "$want" ]; then
			ok "$name: nftables itself: egress $pkt -> $want"
		else
			not_ok "$name: nftables itself: egress $pkt: want $want, nft ${got[$n]:-?}"
		fi
		n=$((n + 1))
	done <"$TMPD/wants"
}

for nft_file in "$CASES"/*.nft; do
	name=$(basename "$nft_file" .nft)
	read -r _ _ family table chain < <(grep -m1 '^# import:' "$nft_file")
	out=$TMPD/$name.imported
	in_ns nft flush ruleset
	if ! in_ns nft -f "$nft_file"; then
		not_ok "$name: nft loads the case file"; continue
	fi
	if in_ns "$CGNFT" import "$family" "$table" "$chain" --cgroup import-test \
		-o "$out" 2>"$TMPD/err"; then
		ok "$name: import $family $table $chain"
	else
		not_ok "$name: import $family $table $chain"; diag <"$TMPD/err"; continue
	fi
	check "$name: the import compiles" "$CGNFT" compile "$out" -o "$TMPD/$name.o"
	if [ -f "$CASES/$name.golden" ]; then
		if diff -u "$CASES/$name.golden" "$out" >"$TMPD/diff"; then
			ok "$name: import text is the golden one"
		else
			not_ok "$name: import text is the golden one"; diag <"$TMPD/diff"
		fi
	fi
	# the same ruleset imports to the same bytes
	in_ns "$CGNFT" import "$family" "$table" "$chain" --cgroup import-test >"$TMPD/again"
	check "$name: a second import gives the same bytes" cmp -s "$out" "$TMPD/again"
	check_verdicts "$name" "$out" "$CASES/$name.cgnft"
	check_nft_verdicts "$name" "$CASES/$name.cgnft"
done
done_testing
