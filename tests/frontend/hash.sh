#!/bin/bash
# jhash, symhash and numgen (issue 13) against nft 1.0.6 itself: for
# every case, `cgnft compile` gives nft's message at nft's columns (or, for a
# valid one, nothing), and a valid statement is listed as nft lists it
# (the rule text in `--emit asm` is the canonical text `cgnft list` and
# the importer print).  nft runs in a scratch network namespace.
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

if ! command -v nft >/dev/null || ! command -v ip >/dev/null; then
	skip "nft or ip not installed"; done_testing; exit 0
fi
NS=cgnft-hashfe-$$
ip netns add "$NS" || { not_ok "create netns $NS"; done_testing; exit 0; }
trap 'ip netns del "$NS" 2>/dev/null; rm -rf "$TMPD"' EXIT

# The same statement in an nft table and a cgroup table, on line 4 at the
# same column, so that both tools' messages must agree byte for byte
# once the file name is the same.
files() {
	printf 'table inet t {\n chain c {\n  type filter hook output priority 0;\n  %s\n }\n}\n' "$1" >nft/x.nft
	printf 'table cgroup t { cgroup "x"\n chain c {\n  type filter hook egress priority 0;\n  %s\n }\n}\n' "$1" >cg/x.nft
}
mkdir -p nft cg

# error STMT: nft refuses it; cgnft must say the same thing, same place
error() {
	local want got
	files "$1"
	want=$(cd nft && ip netns exec "$NS" nft -c -f x.nft 2>&1)
	got=$(cd cg && "$CGNFT" compile x.nft --emit ir 2>&1 >/dev/null)
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		ok "refused as nft refuses it: $1"
	else
		not_ok "refused as nft refuses it: $1"
		diff <(echo "$want") <(echo "$got") | diag
	fi
}

# valid STMT: nft takes it, cgnft too; the canonical text is nft's listing
valid() {
	local want got
	files "$1"
	ip netns exec "$NS" nft flush ruleset
	if ! (cd nft && ip netns exec "$NS" nft -f x.nft 2>&1); then
		not_ok "nft takes: $1"; return
	fi
	want=$(ip netns exec "$NS" nft list chain inet t c | sed -n '4s/^[[:space:]]*//p')
	got=$(cd cg && "$CGNFT" compile x.nft --emit asm 2>&1 | sed -n 's/^; x.nft:4: //p' | head -1)
	if [ "$got" = "$want" ]; then
		ok "listed as nft lists it: $1 -> $want"
	else
		not_ok "listed as nft lists it: $1"
		diff <(echo "$want") <(echo "$got") | diag
	fi
}

valid 'jhash ip saddr mod 2 seed 0xdeadbeef offset 100 100 accept'
valid 'jhash ip saddr . tcp dport mod 7 seed 1 { 3, 4 } drop'
valid 'jhash ip saddr mod 0x10 15'
valid 'meta mark set jhash ip6 saddr . meta l4proto mod 10'
valid 'meta mark set jhash ip saddr mod 2 offset 3'
valid 'numgen random mod 4 offset 1 < 3 drop'
valid 'numgen inc mod 2 vmap { 0 : accept, 1 : drop }'
valid 'meta mark set numgen inc mod 2'
valid 'numgen inc mod 300 & 0xff == 3'
valid 'jhash ip saddr mod 2 seed 0x100000000 1'

error 'jhash ip saddr mod 2 == 2'
error 'jhash ip saddr mod 2 offset 10 == 12'
error 'numgen inc mod 2 { 0, 5 }'
error 'numgen inc mod 2 < 5'
error 'numgen inc mod 0 == 0'
error 'jhash ip saddr mod 0 == 0'
error 'numgen random mod 4294967296 == 0'
error 'numgen inc mod 2 offset 4294967295 == 1'
error 'symhash mod 2 seed 1 == 1'

# what cgnft cannot do says why (nft takes these)
refused() {
	files "$1"
	out=$(cd cg && "$CGNFT" compile x.nft --emit ir 2>&1 >/dev/null)
	if [ $? -ne 0 ] && grep -q "$2" <<<"$out"; then
		ok "refused with the reason: $1"
	else
		not_ok "refused with the reason: $1"; echo "$out" | diag
	fi
}
refused 'symhash mod 2 == 1' 'symhash is not available in a cgroup table: .*no BPF helper'
refused 'jhash ip saddr . ip daddr . ip6 saddr mod 3 == 1' 'conflicting protocols specified: ip vs. ip6'
refused 'jhash iifname mod 3 == 1' 'this field in a jhash key is not supported'
refused 'jhash ip dscp mod 3 == 1' 'this field in a jhash key is not supported'
refused 'jhash ip saddr << 1 mod 3 == 1' 'a shifted jhash key is not supported'
done_testing
