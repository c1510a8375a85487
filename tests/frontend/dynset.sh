#!/bin/bash
# Dynamic sets in the front end (issue 19): nft's diagnostics word for word
# (nft -c is the oracle), what makes a set dynamic, meters, the older `set
# update KEY @s` form, and unquoted interface wildcards in defines.
. "$TOP_SRCDIR/tests/lib.sh"

HAVE_NFT=0
unshare --net nft list ruleset >/dev/null 2>&1 && HAVE_NFT=1

same() {	# same DESC SETS RULE: nft -c and cgnft print the same error
	printf 'table inet t {\n%s\n chain o {\n  type filter hook output priority 0;\n  %s\n }\n}\n' "$2" "$3" >"$TMPD/n.nft"
	printf 'table cgroup t {\n%s\n chain o {\n  type filter hook egress priority 0;\n  %s\n }\ncgroup "x"\n}\n' "$2" "$3" >"$TMPD/c.nft"
	local a b
	a=$(unshare --net nft -c -f "$TMPD/n.nft" 2>&1 | sed "s#$TMPD/n.nft#F#")
	b=$("$CGNFT" compile "$TMPD/c.nft" -o /dev/null 2>&1 | sed "s#$TMPD/c.nft#F#")
	if [ -n "$a" ] && [ "$a" == "$b" ]; then
		ok "nft's diagnostic: $1"
	else
		not_ok "nft's diagnostic: $1"; { echo "nft:"; echo "$a"; echo "cgnft:"; echo "$b"; } | diag
	fi
}
S4=' set s4 { type ipv4_addr; flags dynamic; }'
if [ $HAVE_NFT = 1 ]; then
	same "a key of another type" "$S4" 'add @s4 { tcp dport }'
	same "a concatenated key for a plain set" "$S4" 'add @s4 { ip saddr . tcp dport }'
	same "an unknown set" "$S4" 'update @nope { ip saddr }'
	same "a timeout for a set without timeouts" "$S4" 'update @s4 { ip saddr timeout 1m }'
	same "delete with a timeout" "$S4" 'delete @s4 { ip saddr timeout 1m }'
	same "an element counter in a set without counter" \
	     ' set c { type ipv4_addr; elements = { 1.1.1.1 counter }; }' 'ip saddr @c accept'
	same "an element timeout in a set without timeouts" \
	     ' set c { type ipv4_addr; size 4; elements = { 1.1.1.1 timeout 1m }; }' 'ip saddr @c accept'
else
	skip "nft is not usable here: diagnostics not compared"
fi

cat >"$TMPD/ok.nft" <<'EOF'
define ifs = ens*
table cgroup t {
	cgroup "x"
	set plain { type ipv4_addr; }
	set touched { type ipv4_addr; }
	set timed { type ipv4_addr; timeout 5m; size 100; }
	chain c {
		type filter hook ingress priority 0;
		iifname $ifs accept
		ip saddr @plain drop
		set update ip saddr @touched
		tcp dport 80 meter m1 { ip saddr limit rate over 10/second } drop
		add @timed { ip saddr } drop
	}
}
EOF
out=$("$CGNFT" compile --emit ir "$TMPD/ok.nft" 2>&1)
check "a set no rule changes stays constant" bash -c '! grep -A1 "^set plain" <<<"$1" | grep -q dynamic' _ "$out"
check "a set a rule updates becomes dynamic, 65535 elements" \
	bash -c 'grep -A1 "^set touched" <<<"$1" | grep -q "dynamic: map dynset_0, size 65535"' _ "$out"
check "the older \`set update KEY @s\` is an update" grep -qF "dynset update nh[12:4] @touched" <<<"$out"
check "a meter makes its set (size 65535) and updates it with a limit per key" \
	bash -c 'grep -A1 "^set m1" <<<"$1" | grep -q "size 65535" && grep -q "dynset update nh\[12:4\] @m1 limit over" <<<"$1"' _ "$out"
check "an unquoted wildcard in a define matches the prefix" \
	grep -qF "match meta iifname in 0x656e7300000000000000000000000000-0x656e73ffffffffffffffffffffffffff" <<<"$out"
sed 's/add @timed { ip saddr }/add @timed { ip saddr . tcp dport }/' "$TMPD/ok.nft" >"$TMPD/bad.nft"
out=$("$CGNFT" compile "$TMPD/bad.nft" -o /dev/null 2>&1)
check "a key of the wrong type is refused for the timed set" \
	grep -qF "datatype mismatch: expected IPv4 address, expression has type concatenation of (IPv4 address, internet network service)" <<<"$out"

printf 'table cgroup t {\n\tcgroup "x"\n\tset s { type ipv4_addr; flags dynamic; }\n\tchain c {\n\t\ttype filter hook sock_create priority 0;\n\t\tadd @s { ip saddr }\n\t}\n}\n' >"$TMPD/sk.nft"
out=$("$CGNFT" compile "$TMPD/sk.nft" -o /dev/null 2>&1)
check "a dynamic set is refused in a sock_create chain" grep -qF "Error:" <<<"$out"
printf 'table cgroup t {\n\tcgroup "x"\n\tset s { type ipv4_addr; flags dynamic; }\n\tchain c {\n\t\ttype filter hook egress priority 0;\n\t\tadd @s { ip saddr ct count over 2 }\n\t}\n}\n' >"$TMPD/ct.nft"
out=$("$CGNFT" compile "$TMPD/ct.nft" -o /dev/null 2>&1)
check "ct count in a dynamic set is refused with a reason" \
	grep -qF "ct count is not available in a cgroup table" <<<"$out"
done_testing
