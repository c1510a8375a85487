#!/bin/bash
# cgnft import refuses what a cgroup hook cannot do, naming the rule, exits 1
# and writes nothing; dump errors (missing table or chain) are clear too.
# Also `socket cgroupv2` ids back to paths, which needs the host's /sys.
. "$TOP_SRCDIR/tests/lib.sh"

if ! command -v nft >/dev/null || ! command -v ip >/dev/null; then
	skip "nft or ip not installed"; done_testing; exit 0
fi
NS=cgnft-imperr-$$
ip netns add "$NS" || { not_ok "create netns $NS"; done_testing; exit 0; }
CG=
cleanup() {
	ip netns del "$NS" 2>/dev/null
	[ -n "$CG" ] && rmdir "$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
in_ns() { ip netns exec "$NS" "$@"; }

cat >"$TMPD/bad.nft" <<'NFT'
table inet e {
	chain xct { type filter hook output priority 0; tcp dport 22 accept; ct state established accept; ct zone 3 accept; }
	chain xoif { type filter hook output priority 0; oifname "eth0" accept; oifgroup 1 accept; }
	chain xcts { type filter hook output priority 0; ct mark set 1 accept; }
	chain xifs { type filter hook output priority 0; oifname @ifs accept; }
	set ifs { type ifname; elements = { "lo" } }
	chain xrej { type filter hook output priority 0; tcp dport 23 reject; }
	chain xrejin { type filter hook input priority 0; udp dport 23 reject; }
	chain xrejudp { type filter hook output priority 0; udp dport 23 reject; }
	set seen { type ipv4_addr; flags dynamic,timeout; timeout 5m; size 1024; gc-interval 1h; }
	set bad { type ipv4_addr; timeout 1m; }
	chain xdyn { type filter hook input priority 0; ip saddr @seen update @seen { ip saddr }; tcp dport 22 add @seen { ip saddr timeout 10s }; set update ip saddr @bad; tcp dport 80 meter m1 { ip saddr limit rate over 10/second } drop; ip saddr @bad counter drop; udp dport 53 delete @seen { ip saddr }; }
	chain xrejs { type filter hook output priority 0; tcp dport 23 reject; tcp dport 24 reject with tcp reset; ip daddr 192.0.2.1 reject with icmp type host-unreachable; meta nfproto ipv6 reject with icmpv6 type admin-prohibited; udp dport 25 reject with icmpx type no-route; }
	chain xlog { type filter hook output priority 0; log prefix "x" accept; log group 3 snaplen 64 queue-threshold 2; tcp dport 22 log level debug flags tcp sequence,options flags skuid; log level audit; log flags all; }
	chain xnat { type nat hook output priority 0; tcp dport 80 dnat ip to 192.0.2.1; }
	chain xfwd { type filter hook forward priority 0; accept; }
	chain xset { type filter hook output priority 0; ip daddr set 192.0.2.1; }
	chain xeth { type filter hook input priority 0; ether saddr 00:11:22:33:44:55 drop; }
	chain xdeep { type filter hook output priority 0; tcp dport 1 accept; jump xsub; }
	chain xsub { udp dport 2 accept; ct mark 1 drop; ct l3proto ipv4 drop; }
	chain xreg { accept; }
	chain xctin { type filter hook input priority 0; ct state established accept; ct direction original drop; }
}
NFT
if ! in_ns nft -f "$TMPD/bad.nft"; then
	not_ok "nft loads the error cases"; done_testing; exit 0
fi

# expect_error "desc" CHAIN "message": exit 1, that stderr, no file.
expect_error() {
	local d=$1 chain=$2 want=$3 out=$TMPD/out.nft err rc
	rm -f "$out"
	err=$(in_ns "$CGNFT" import inet e "$chain" --cgroup x -o "$out" 2>&1)
	rc=$?
	if [ $rc -eq 1 ] && [ "$err" = "$want" ] && [ ! -e "$out" ]; then
		ok "$d"
	else
		not_ok "$d"; echo "rc=$rc file=$([ -e "$out" ] && echo written)" | diag
		echo "$err" | diag
	fi
}
h() { in_ns nft -a list chain inet e "$1" | sed -n "s/.*$2.* # handle \([0-9]*\)$/\1/p"; }

# ct state, ct mark, oifname are carried (tests/import/cases/inet_state.nft);
# the other ct keys and interface keys are not
expect_error "ct zone is refused, naming the rule" xct \
	"cgnft: import: inet e xct handle $(h xct 'ct zone'): ct zone is not available in a cgroup hook (a cgroup table reads ct state, direction, status and mark only: doc/HOOKS.md)"
expect_error "oifgroup is refused" xoif \
	"cgnft: import: inet e xoif handle $(h xoif oifgroup): meta oifgroup is not available in a cgroup hook (a cgroup table takes iif, oif, iifname and oifname)"
expect_error "ct mark set is refused" xcts \
	"cgnft: import: inet e xcts handle $(h xcts 'ct mark set'): ct mark set is not available in a cgroup hook"
expect_error "a named set of interface names is refused" xifs \
	"cgnft: import: inet e xifs handle $(h xifs 'oifname @ifs'): named sets of oifname are not imported by cgnft yet (write the elements inline)"
expect_error "reject of TCP in an output chain is refused" xrej \
	"cgnft: import: inet e xrej handle $(h xrej reject): reject of TCP is not available at hook egress (a cgroup program can only pass or drop, so a local connect() would time out instead of failing with ECONNREFUSED; import with --reject-as-drop to run it as drop)"
expect_error "reject in an input chain is refused" xrejin \
	"cgnft: import: inet e xrejin handle $(h xrejin reject): reject is not available at hook ingress (a cgroup program can only pass or drop, so the peer would get no ICMP error or TCP reset, only silence; import with --reject-as-drop to run it as drop)"
# a UDP reject in an output chain is carried without the option: on egress
# the sender's send() fails with EPERM at once, as under nft (a warning says so)
err=$(in_ns "$CGNFT" import inet e xrejudp --cgroup x -o "$TMPD/rejudp.nft" 2>&1); rc=$?
chk=$("$CGNFT" check "$TMPD/rejudp.nft" 2>&1); crc=$?
if [ $rc = 0 ] && grep -q "^[[:space:]]*udp dport telnet reject$" "$TMPD/rejudp.nft" && [ $crc = 0 ] &&
   grep -qF "Warning: reject at hook egress runs as drop" <<<"$chk"; then
	ok "a UDP reject in an output chain is carried without --reject-as-drop, and checks with a warning"
else
	not_ok "a UDP reject in an output chain is carried without --reject-as-drop, and checks with a warning"
	{ echo "rc=$rc $err"; cat "$TMPD/rejudp.nft"; echo "$chk"; } | diag
fi
# --reject-as-drop carries reject as nft lists it; the result compiles with
# --reject-as-drop only (each reject then runs as drop, with a warning)
err=$(in_ns "$CGNFT" import inet e xrejs --cgroup x --reject-as-drop -o "$TMPD/rej.nft" 2>&1)
want='tcp dport telnet reject
tcp dport 24 reject with tcp reset
ip daddr 192.0.2.1 reject with icmp host-unreachable
meta nfproto ipv6 reject with icmpv6 admin-prohibited
udp dport smtp reject with icmpx no-route'
got=$(grep -v '^[[:space:]]*#' "$TMPD/rej.nft" 2>/dev/null | grep -w reject | sed 's/^[[:space:]]*//')
if [ "$got" = "$want" ] && chk=$("$CGNFT" check --reject-as-drop "$TMPD/rej.nft" 2>&1); then
	ok "reject is imported with --reject-as-drop as nft lists it, and compiles with it"
else
	not_ok "reject is imported with --reject-as-drop as nft lists it, and compiles with it"
	{ echo "$err"; echo "$chk"; echo "$got"; } | diag
fi
chk=$("$CGNFT" check "$TMPD/rej.nft" 2>&1)
check "the import's reject is refused without --reject-as-drop" \
	test $? -eq 1 -a -n "$(echo "$chk" | grep 'reject cannot be carried out')"
# sets updated from rules, meters and their declarations, as nft lists them
err=$(in_ns "$CGNFT" import inet e xdyn --cgroup x -o "$TMPD/dyn.nft" 2>&1)
want='set seen {
type ipv4_addr
size 1024
flags dynamic,timeout
timeout 5m
gc-interval 1h
}
set bad {
type ipv4_addr
size 65535
flags dynamic,timeout
timeout 1m
}
ip saddr @seen update @seen { ip saddr }
tcp dport ssh add @seen { ip saddr timeout 10s }
update @bad { ip saddr }
tcp dport http meter m1 size 65535 { ip saddr limit rate over 10/second } drop
ip saddr @bad counter packets 0 bytes 0 drop
udp dport domain delete @seen { ip saddr }'
got=$(sed 's/^[[:space:]]*//' "$TMPD/dyn.nft" 2>/dev/null | awk '/^set /{p=1} /^chain xdyn/{p=2; next} p==1{print} p==1&&/^}$/{p=0} p==2&&/^}$/{p=0} p==2&&!/^type filter/{print}' | grep -v '^$' | grep -v '^}$')
want_set=$(printf '%s\n' "$want" | grep -v '^}$')
if [ "$got" = "$want_set" ] && chk=$("$CGNFT" check "$TMPD/dyn.nft" 2>&1); then
	ok "dynamic sets, set updates and meters are imported as nft lists them, and compile"
else
	not_ok "dynamic sets, set updates and meters are imported as nft lists them, and compile"
	{ echo "$err"; echo "$chk"; echo "$got"; } | diag
fi
# log is carried (issue 17), with its options as nft lists them
err=$(in_ns "$CGNFT" import inet e xlog --cgroup x -o "$TMPD/log.nft" 2>&1)
want='log prefix "x" accept
log group 3 snaplen 64 queue-threshold 2
tcp dport ssh log level debug flags tcp sequence,options flags skuid
log level audit
log flags all'
got=$(grep -v '^[[:space:]]*#' "$TMPD/log.nft" 2>/dev/null | grep -w log | sed 's/^[[:space:]]*//')
if [ "$got" = "$want" ] && chk=$("$CGNFT" check "$TMPD/log.nft" 2>&1); then
	ok "log is imported with nft's options, and the import compiles"
else
	not_ok "log is imported with nft's options, and the import compiles"
	{ echo "$err"; echo "$chk"; echo "$got"; } | diag
fi
expect_error "a nat chain is refused" xnat \
	"cgnft: import: inet e xnat: a chain of type nat has no cgroup equivalent (only type filter)"
expect_error "a forward hook is refused" xfwd \
	"cgnft: import: inet e xfwd: hook forward has no cgroup equivalent (only input -> ingress and output -> egress)"
expect_error "payload mangling is refused" xset \
	"cgnft: import: inet e xset handle $(h xset 'ip daddr set'): payload mangling (header field set) is not available in a cgroup hook"
expect_error "link-layer matches are refused" xeth \
	"cgnft: import: inet e xeth handle $(h xeth 'ether saddr'): link-layer matches (meta iiftype, ether, vlan, arp) are not available in a cgroup hook"
expect_error "a refused rule in a jumped-to chain names that chain" xdeep \
	"cgnft: import: inet e xsub handle $(h xsub 'ct l3proto'): ct l3proto is not available in a cgroup hook (a cgroup table reads ct state, direction, status and mark only: doc/HOOKS.md)"
expect_error "ct direction on an input chain is refused (found by the import fuzzer)" xctin \
	"cgnft: import: inet e xctin handle $(h xctin 'ct direction'): ct direction is not available at hook ingress: the kernel drops a received packet's conntrack entry before the cgroup program runs (only ct state is carried there)"
expect_error "a regular chain cannot be imported on its own" xreg \
	"cgnft: import: inet e xreg: not a base chain (it has no hook): name the base chain to import"
expect_error "a missing chain" nope "cgnft: import: chain inet e nope does not exist"

rm -f "$TMPD/out.nft"
err=$(in_ns "$CGNFT" import inet nope out --cgroup x -o "$TMPD/out.nft" 2>&1)
rc=$?
check "a missing table: exit 1, nothing written" test $rc -eq 1 -a ! -e "$TMPD/out.nft"
check "a missing table: the message says so" \
	test "$err" = "cgnft: import: table inet nope does not exist"
err=$(in_ns "$CGNFT" import ip e xct --cgroup x 2>&1)
check "the same table name in another family is another table" \
	test "$err" = "cgnft: import: table ip e does not exist"

# An existing output file is left alone on error (atomic write).
echo keep >"$TMPD/keep.nft"
in_ns "$CGNFT" import inet e xct --cgroup x -o "$TMPD/keep.nft" 2>/dev/null
check "an error leaves an existing -o file untouched" grep -qx keep "$TMPD/keep.nft"

in_ns "$CGNFT" import bridge e xct --cgroup x 2>/dev/null
check "an unknown family is a usage error (exit 2)" test $? -eq 2
in_ns "$CGNFT" import inet e xct 2>/dev/null
check "--cgroup is required (exit 2)" test $? -eq 2

# socket cgroupv2: nft resolves paths below /sys/fs/cgroup, ip netns exec
# remounts /sys, so this part enters only the network namespace.
MNT=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
case $MNT in
/sys/fs/cgroup|/sys/fs/cgroup/*) ;;
*) MNT= ;;
esac
if [ -z "$MNT" ] || ! command -v nsenter >/dev/null; then
	skip "socket cgroupv2: cgroup2 is not mounted below /sys/fs/cgroup"
else
	CG=$MNT/cgnft-import-$$
	mkdir "$CG"
	rel=${MNT#/sys/fs/cgroup}
	rel=${rel#/}${rel:+/}cgnft-import-$$
	net() { nsenter --net=/run/netns/"$NS" "$@"; }
	cat >"$TMPD/cg.nft" <<NFT
table inet c {
	chain out {
		type filter hook output priority 0; policy accept;
		socket cgroupv2 level 1 "$rel" tcp dport 22 drop
	}
}
NFT
	if net nft -f "$TMPD/cg.nft"; then
		net "$CGNFT" import inet c out --cgroup x -o "$TMPD/cg.out" 2>"$TMPD/err"
		check "socket cgroupv2: the id becomes the path below the mount" \
			grep -qxF "		socket cgroupv2 level 1 \"cgnft-import-$$\" tcp dport ssh drop" \
			"$TMPD/cg.out"
		check "socket cgroupv2: the import compiles" \
			"$CGNFT" compile "$TMPD/cg.out" -o "$TMPD/cg.o"
		rmdir "$CG" && CG=
		err=$(net "$CGNFT" import inet c out --cgroup x 2>&1)
		check "socket cgroupv2: a removed cgroup is an error" \
			grep -q "is not a cgroup at that level" <<<"$err"
	else
		not_ok "socket cgroupv2: nft loads the rule"
	fi
fi
done_testing
