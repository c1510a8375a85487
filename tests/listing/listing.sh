#!/bin/bash
# `cgnft compile --emit asm` shows every byte of .rodata (rebuilt from the
# listing, it equals the object's section), annotated with the rules; a
# one-port change in a 50-rule file is a small diff; and the CI recipe of
# doc/LISTING.md (scripts/check-listing.sh in a pre-commit hook) refuses an
# unreviewed bytecode change and accepts a reviewed one.
. "$TOP_SRCDIR/tests/lib.sh"

REBUILD="$TOP_SRCDIR/tests/listing/rebuild_rodata.py"
CHECK="$TOP_SRCDIR/scripts/check-listing.sh"
cd "$TMPD" || exit 1
python3 "$TOP_SRCDIR/bench/gen_rules.py" 50 r50
python3 "$TOP_SRCDIR/bench/gen_classbench.py" acl 300 acl >/dev/null
cat > mix.nft <<'NFT'
table cgroup mix {
	cgroup "cgnft-mix"
	set big {
		type ipv4_addr
		flags interval
		elements = { 10.0.0.1, 10.0.0.3, 10.0.0.5, 10.0.0.7, 10.0.0.9, 10.0.0.11, 10.0.0.13, 10.0.0.15, 10.0.0.17, 10.1.0.0/16 }
	}
	set six {
		type ipv6_addr
		elements = { 2001:db8::1, 2001:db8::2, 2001:db8::3, 2001:db8::4, 2001:db8::5, 2001:db8::6, 2001:db8::7, 2001:db8::8, 2001:db8::9, 2001:db8::a }
	}
	set seen {
		type ipv4_addr
		flags dynamic
		size 1024
		elements = { 192.0.2.7 }
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		ip daddr @big drop
		ip6 daddr @six counter drop
		tcp dport vmap { 1 : drop, 2 : accept, 3 : drop, 4 : accept, 5 : drop, 6 : accept, 7 : drop, 8 : accept, 9 : drop, 10 : accept, 11 : drop }
		meta mark set tcp dport map { 1 : 10, 2 : 20, 3 : 30, 4 : 10 }
		meta hour "09:00"-"17:00" udp dport 53 accept
		ip daddr @seen drop
	}
	chain knobs {
		type filter hook sysctl priority 0; policy accept;
		sysctl write sysctl name "vm/swappiness" sysctl value set "60" accept
	}
}
NFT

# Every byte: .rodata rebuilt from the listing is the object's .rodata.
for f in r50.cgnft.nft acl.cgnft.nft mix.nft "$TOP_SRCDIR"/examples/*.nft; do
	name=$(basename "$f")
	if "$CGNFT" compile "$f" -o obj.o --emit asm > list.s 2> err; then
		check "$name: .rodata rebuilt from the listing equals the object's" \
			python3 "$REBUILD" list.s obj.o
	else
		not_ok "$name compiles"; diag < err
	fi
done
"$CGNFT" compile acl.cgnft.nft -o acl.o --emit asm > acl.s
check "classbench rules: the listing shows decision trees" grep -q '^; +0x[0-9a-f]*: decision tree' acl.s
# the check can fail: one hex digit changed in a table entry
sed '/^; +0x.*candidate lists/{n;s/0x0/0x1/}' acl.s > bad.s
check "a listing that differs from the object by one digit is caught" \
	bash -c "! python3 '$REBUILD' bad.s acl.o >/dev/null"

"$CGNFT" compile mix.nft --emit asm > mix.s
check "set ranges in .rodata, with the rule that looks the set up" \
	grep -q '^; +0x[0-9a-f]*: set big, searched: 10 merged ranges.* ; mix.nft:[0-9]*: ip daddr @big drop$' mix.s
check "a hashed set table: its records and its slots" grep -q '^	slots 0-' mix.s
check "a sysctl value as text" grep -q '^	"60"$' mix.s
check "map values by class" grep -q '^	0x0000000a 0x00000014 0x0000001e$' mix.s
check "load values first" grep -q '^; +0x0000: load values' mix.s
check "a dynamic set's initial element" grep -q '^		{ 0xc0000207 } timeout 0 ms' mix.s
check "the counter of the ip6 rule" grep -q '^		\[0\] packets 0, bytes 0 ; mix mix/out/ip6 daddr @six counter drop$' mix.s

# Deterministic, and a one-port change is a small diff naming the rule.
"$CGNFT" compile r50.cgnft.nft --emit asm > a.s
"$CGNFT" compile r50.cgnft.nft --emit asm > b.s
check "--emit asm is byte-identical across runs" cmp -s a.s b.s
check "a classified 50-rule file: its records name their rules" \
	grep -q '^	0x[0-9a-f ]*0x.* ; r50.cgnft.nft:10: ip daddr 10.24.111.60 tcp dport 1005 drop$' a.s
cp r50.cgnft.nft r50.orig
sed -i 's/tcp dport 1005 drop/tcp dport 1006 drop/' r50.cgnft.nft
"$CGNFT" compile r50.cgnft.nft --emit asm > c.s
n=$(diff a.s c.s | grep -c '^[<>]')
diag <<<"one-port change: $n lines of diff ($(diff a.s c.s | grep -c '^<') removed, $(diff a.s c.s | grep -c '^>') added) in a listing of $(wc -l < a.s) lines"
check "the one-port change shows up in the listing" bash -c "diff a.s c.s | grep -q '^> .*tcp dport 1006 drop'"
check "the one-port change is a small diff (<= 10 lines, was 0 before the tables were listed)" \
	test "$n" -gt 0 -a "$n" -le 10
cp r50.orig r50.cgnft.nft

# The recipe: rules with their reviewed listings in git, the check in a
# pre-commit hook.
mkdir repo && cd repo || exit 1
git init -q . && git config user.email t@example.com && git config user.name t
cp ../r50.cgnft.nft rules.nft
cat > .git/hooks/pre-commit <<HOOK
#!/bin/sh
files=\$(git ls-files '*.nft')
[ -z "\$files" ] || CGNFT='$CGNFT' '$CHECK' \$files
HOOK
chmod +x .git/hooks/pre-commit
check "check-listing.sh fails when the reviewed listing is missing" \
	bash -c "! CGNFT='$CGNFT' '$CHECK' rules.nft 2>/dev/null >/dev/null"
CGNFT="$CGNFT" "$CHECK" --update rules.nft
git add rules.nft rules.asm
check "a commit of rules with their listing passes the hook" git commit -q -m rules
check "check-listing.sh passes on the reviewed state" env CGNFT="$CGNFT" "$CHECK" rules.nft
sed -i 's/tcp dport 1005 drop/tcp dport 1006 drop/' rules.nft
git add rules.nft
if git commit -q -m "port" > out 2> err; then
	not_ok "an unreviewed bytecode change is refused by the hook"
else
	ok "an unreviewed bytecode change is refused by the hook"
fi
check "the refusal shows the changed rule in the diff" grep -q '^+.*tcp dport 1006 drop' out err
check "and says what to do" grep -q 'run with --update and commit' err
CGNFT="$CGNFT" "$CHECK" --update rules.nft
check "the CI variant (regenerate, git diff --exit-code) fails on it too" \
	bash -c '! git diff --exit-code rules.asm >/dev/null'
git add rules.asm
check "the reviewed change (rules and listing together) is committed" git commit -q -m "port, reviewed"
check "the committed listing diff is small" \
	test "$(git diff HEAD~1 -- rules.asm | grep -c '^[-+][^-+]')" -le 10
done_testing
