#!/bin/bash
# cgnft list set TABLE SET against nft list set (issue 19): the same set
# declarations, rules and UDP traffic under cgnft (a process in a test
# cgroup) and under nft (an output chain in a private network namespace);
# the two listings of each set agree line for line (nft's table family word
# and its folding of long element lists aside; expiries, which depend on
# when each ran, are compared as present).  Also auto-merge: nft's merged
# elements imported by `cgnft import`, applied, and listed as nft lists them.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
if ! unshare --net nft list ruleset >/dev/null 2>&1; then
	skip "nft is not usable here: nothing to compare with"; done_testing; exit 0
fi
ROOT="cgnft-listset-$$"
NS=cgnft-listset-$$
mkdir -p "$CGM/$ROOT"
cleanup() {
	"$CGNFT" delete table ls >/dev/null 2>&1
	"$CGNFT" delete table am >/dev/null 2>&1
	ip netns del "$NS" 2>/dev/null
	rmdir "$CGM/$ROOT" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

cat >"$TMPD/ls.nft" <<EOF
table cgroup ls {
	cgroup "$ROOT"
	set seen {
		type ipv4_addr . inet_service
		flags dynamic,timeout
		counter
		timeout 1h
	}
	set cnt {
		type inet_service
		counter
		elements = { 7520 counter packets 10 bytes 100, 7521 }
	}
	set am {
		type inet_service
		flags interval
		auto-merge
		elements = { 7530-7535, 7533-7539, 7540, 7600 }
	}
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7500-7502 update @seen { ip daddr . udp dport timeout 10m }
		udp dport @cnt accept
		udp dport @am drop
	}
}
EOF
sed -e 's/^table cgroup ls {/table inet ls {/' -e "/cgroup \"$ROOT\"/d" \
    -e 's/hook egress/hook output/' "$TMPD/ls.nft" >"$TMPD/nft.nft"
check "apply" "$CGNFT" apply "$TMPD/ls.nft"

SENDER='import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for port, n in zip(sys.argv[1::2], sys.argv[2::2]):
    for i in range(int(n)):
        try:
            s.sendto(b"x" * 72, ("127.0.0.1", int(port)))
        except OSError:
            pass'
PKTS="7500 2 7501 3 7520 4 7521 1 7534 1"
bash -c "echo \$\$ > '$CGM/$ROOT/cgroup.procs' && exec python3 -c '$SENDER' $PKTS"
nft_out=$(unshare --net bash -c "ip link set lo up && nft -f '$TMPD/nft.nft' &&
	  python3 -c '$SENDER' $PKTS && for s in seen cnt am; do nft list set inet ls \$s; done" 2>&1)

# nft's listing into cgnft's form: the family word, folded element lists
# joined, expiries (when each ran) reduced to their presence
norm() {
	python3 -c '
import re, sys
t = sys.stdin.read()
t = re.sub(r",\n\t+ *", ", ", t)
t = re.sub(r"^table (inet|cgroup) ", "table T ", t, flags=re.M)
t = re.sub(r" expires [0-9dhms]+", " expires X", t)
sys.stdout.write(t)'
}
for s in seen cnt am; do
	got=$("$CGNFT" list set ls $s 2>&1)
	want=$(awk -v s="$s" '/^table /{p=0} $0 == "\tset " s " {" {p=1} p || /^table /{print}' <<<"$nft_out" |
	       awk '/^table /{h=$0; next} {if (h) {print h; h=""} print} /^\t}$/{print "}"; exit}')
	if [ "$(norm <<<"$got")" = "$(norm <<<"$want")" ] && [ -n "$got" ]; then
		ok "cgnft list set ls $s is nft's list set"
	else
		not_ok "cgnft list set ls $s is nft's list set"
		diff <(norm <<<"$want") <(norm <<<"$got") | diag
	fi
done
check "  ... the dynamic set's elements carry their counters and an expiry" \
	grep -qF "127.0.0.1 . 7501 counter packets 3 bytes 300 timeout 10m expires " <<<"$("$CGNFT" list set ls seen)"
check "  ... and the auto-merge set is merged as nft merges it" \
	grep -qF "elements = { 7530-7540, 7600 }" <<<"$("$CGNFT" list set ls am)"
check "list set cgroup TABLE SET: the family word as nft writes it" \
	test "$("$CGNFT" list set cgroup ls cnt)" = "$("$CGNFT" list set ls cnt)"
out=$("$CGNFT" list set ls nosuch 2>&1); rc=$?
check "an unknown set: exit 1 and the reason" \
	bash -c '[ $1 = 1 ] && grep -qxF "Error: No such file or directory: no set '"'nosuch'"' in table '"'ls'"'" <<<"$2"' _ "$rc" "$out"
out=$("$CGNFT" list set nosuch cnt 2>&1); rc=$?
check "an unknown table: exit 1 and the reason" \
	bash -c '[ $1 = 1 ] && grep -qF "table '"'nosuch'"' is not applied" <<<"$2"' _ "$rc" "$out"

# ---- auto-merge through import: nft merges, cgnft keeps and lists it ----
ip netns add "$NS"
cat >"$TMPD/am-nft.nft" <<'EOF'
table inet am {
	set s {
		type ipv4_addr
		flags interval
		auto-merge
		elements = { 10.0.0.1-10.0.0.5, 10.0.0.6-10.0.0.9, 10.0.1.0-10.0.1.255, 10.0.2.7, 10.0.2.8 }
	}
	chain o {
		type filter hook output priority 0; policy accept;
		ip daddr @s drop
	}
}
EOF
ip netns exec "$NS" nft -f "$TMPD/am-nft.nft"
check "import carries an auto-merge set" \
	ip netns exec "$NS" "$CGNFT" import inet am o --cgroup "$ROOT" -o "$TMPD/am.nft"
check "  ... with its auto-merge flag" grep -qx $'\t\tauto-merge' "$TMPD/am.nft"
check "  ... and it applies" "$CGNFT" apply "$TMPD/am.nft"
want=$(ip netns exec "$NS" nft list set inet am s)
got=$("$CGNFT" list set am s)
check "cgnft list set of the imported set is nft's list set" test "$(norm <<<"$got")" = "$(norm <<<"$want")"
[ "$(norm <<<"$got")" = "$(norm <<<"$want")" ] || diff <(norm <<<"$want") <(norm <<<"$got") | diag
# the listing applies again and lists the same (a round trip)
"$CGNFT" list table am | grep -v '^#' >"$TMPD/am2.nft"
check "the listing applies again" "$CGNFT" apply "$TMPD/am2.nft"
check "  ... and lists the same set" test "$("$CGNFT" list set am s)" = "$got"
check "delete the tables" bash -c "'$CGNFT' delete table ls && '$CGNFT' delete table am"
done_testing
