#!/bin/bash
# Interface keys in the front end: nft's 16-byte string values (a wildcard
# is a range), nft's errors, iif/oif left to the loader, and the object
# unchanged by the host (no interface is looked up at compile time).
. "$TOP_SRCDIR/tests/lib.sh"
cd "$TMPD" || exit 1

cat > ok.nft <<'EOF'
table cgroup t {
	cgroup "x"
	chain c {
		type filter hook ingress priority 0; policy accept;
		iifname "lo" accept
		meta iifname != "eth*" drop
		iifname { "lo", "veth*" } counter
		iif "nosuchif0" drop
		oif != 3 drop
		meta skgid 100 meta skuid 0 meta cgroup 7 accept
	}
}
EOF
ir=$("$CGNFT" compile --emit ir ok.nft)
check "compiles" test $? = 0
check "a name: NUL-padded, first byte most significant" \
	grep -q 'match meta iifname == 0x6c6f0000000000000000000000000000$' <<<"$ir"
check "a wildcard: every name with that prefix, != keeps it" \
	grep -q 'match meta iifname not in 0x65746800000000000000000000000000-0x657468ffffffffffffffffffffffffff$' <<<"$ir"
check "a set mixes names and wildcards" \
	grep -q '0x76657468000000000000000000000000-0x76657468ffffffffffffffffffffffff' <<<"$ir"
check "iif by name: left to the loader, even when it does not exist here" \
	grep -q 'match meta iif_is("nosuchif0") == 0x1$' <<<"$ir"
check "oif by number, !=" grep -q 'match meta oif_is("3") != 0x1$' <<<"$ir"
check "skgid, skuid, cgroup" grep -q 'match meta cgroup == 0x7$' <<<"$ir"
asm=$("$CGNFT" compile --emit asm ok.nft)
check "asm: the name through the kernel's sk_buff" \
	grep -q 'call bpf_cast_to_kern_ctx ; kfunc' <<<"$asm"
check "asm: relocated loads of the device name" \
	grep -q '= \*(u64 \*)(r1 +net_device.name\[8\]) ; core +8$' <<<"$asm"
check "asm: iif compares with a host value named by the interface" \
	grep -q 'map\[.rodata.host\] + 0 ll ; ifindex_6e6f7375636869663' <<<"$asm"
"$CGNFT" compile -o a.o ok.nft && "$CGNFT" compile -o b.o ok.nft
check "the object is the same twice" cmp -s a.o b.o

err() {	# err NAME RULE EXPECTED-MESSAGE-LINE
	printf 'table cgroup t {\n\tcgroup "x"\n\tchain c {\n\t\ttype filter hook egress priority 0;\n\t\t%s\n\t}\n}\n' "$2" > e.nft
	out=$("$CGNFT" compile --emit ir e.nft 2>&1)
	if [ $? = 1 ] && grep -qxF "$3" <<<"$out"; then ok "$1"; else not_ok "$1"; echo "$out" | diag; fi
}
err "all-wildcard: nft's error" 'iifname "*" accept' 'e.nft:5:11-13: Error: All-wildcard strings are not supported'
err "16 characters: nft's error" 'oifname "abcdefghijklmnop" accept' \
	'e.nft:5:11-28: Error: String exceeds maximum length of 16'
# nftables' tests/py/any/meta.t: `meta iifname "";fail`
err "an empty name: nft's error" 'iifname "" accept' 'e.nft:5:11-12: Error: Empty string is not allowed'
err "an empty name in a set: nft's error" 'oifname != { "lo", "" } drop' \
	'e.nft:5:22-23: Error: Empty string is not allowed'
err "a set of interfaces by index: refused with the way out" 'iif { "lo", "eth0" } accept' \
	'e.nft:5:7-22: Error: a set of interfaces by index is not supported by cgnft yet: cgnft resolves interfaces when it loads the program; use iifname/oifname { ... } or one rule per interface'
err "a concatenation with iif: refused" 'iif . tcp dport { "lo" . 22 } accept' \
	'e.nft:5:3-5: Error: a set of interfaces by index is not supported by cgnft yet: cgnft resolves interfaces when it loads the program; use iifname/oifname { ... } or one rule per interface'
err "a name no device can have (dev_valid_name): nft's error now" 'oif ::1 accept' \
	'e.nft:5:7-9: Error: Interface does not exist'
err "a name with a space: the same" 'meta iif "a b" accept' \
	'e.nft:5:12-16: Error: Interface does not exist'
err "iif compares with == or != only" 'iif > 3 accept' \
	'e.nft:5:7-7: Error: an interface can only be compared with == or != (cgnft resolves it when it loads the program)'
done_testing
