#!/bin/bash
# log and cgnft monitor (issue 17), on the real kernel with real traffic:
# UDP over IPv4 and IPv6 and a TCP connection from processes in a test
# cgroup; the events `cgnft monitor` prints (text and -j) must name the
# table, chain, rule line, prefix and cgroup, and carry the packets'
# addresses and ports.  A flood gets at most the shared bucket's burst and
# rate of events while every packet passes (log never stops a rule); the
# ring survives a re-apply, a running monitor follows it, and deleting the
# last table that logs removes the pin and the sites.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
CG="cgnft-log-$$"
mkdir -p "$CGM/$CG"
MON=
cleanup() {
	[ -n "$MON" ] && kill "$MON" 2>/dev/null
	"$CGNFT" delete table logt >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT
bpffs=$(awk '$9 == "bpf" { print $5; exit }' /proc/self/mountinfo)
PIN=${bpffs:-/sys/fs/bpf}/cgnft/log

# in_cg CMD...: run CMD inside the test cgroup
in_cg() { bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs' && exec \"\$@\"" _ "$@"; }

# traffic: UDP to 127.0.0.1 and ::1 port 7611 (a receiver in the cgroup,
# so ingress sees it too) and one TCP connection to 127.0.0.1:7612
traffic() {
	in_cg python3 - <<'EOF'
import socket
for fam, addr in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    r = socket.socket(fam, socket.SOCK_DGRAM)
    r.bind((addr, 7611))
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.bind((addr, 7610))
    s.sendto(b"hello", (addr, 7611))
    r.recvfrom(100)
l = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", 7612))
l.listen(1)
c = socket.create_connection(("127.0.0.1", 7612))
a, _ = l.accept()
c.close(); a.close(); l.close()
EOF
}

# send_one ADDR: one datagram to ADDR port 7611, from the cgroup
send_one() {
	in_cg python3 -c 'import socket, sys
a = sys.argv[1]
s = socket.socket(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"x", (a, 7611))' "$1"
}

cat >"$TMPD/log.nft" <<EOF
table cgroup logt {
	cgroup "$CG"
	chain out {
		type filter hook egress priority 0; policy accept;
		udp dport 7611 log prefix "out-udp: " level info
		tcp dport 7612 tcp flags syn log prefix "out-syn: " flags skuid flags tcp sequence
		udp dport 7613 log prefix "flood: " counter
	}
	chain in {
		type filter hook ingress priority 0; policy accept;
		udp dport 7611 log prefix "in-udp: "
	}
}
EOF
check "a table with log rules applies" "$CGNFT" apply "$TMPD/log.nft"
check "the ring is pinned" test -e "$PIN"
check "the sites are written" grep -q "out-udp: " /run/cgnft/log.sites
"$CGNFT" monitor --drain >/dev/null

traffic
timeout 30 "$CGNFT" monitor --count 5 >"$TMPD/text" 2>&1
check "monitor --count 5 exits after five events" test "$(wc -l <"$TMPD/text")" = 5
F=$TMPD/log.nft
# has "what" REGEX: one line of the text events matches
has() {
	if grep -qE "$2" "$TMPD/text"; then ok "$1"; else not_ok "$1"; diag <"$TMPD/text"; fi
}
has "egress UDP over IPv4: prefix, addresses, ports, table, chain, rule, cgroup" \
	"^out-udp: IN= OUT=lo SRC=127\.0\.0\.1 DST=127\.0\.0\.1 LEN=33 .*PROTO=UDP SPT=7610 DPT=7611 LEN=13 TABLE=logt CHAIN=out RULE=$F:5 CGROUP=/$CG\$"
has "egress UDP over IPv6" \
	"^out-udp: IN= OUT=lo SRC=::1 DST=::1 LEN=53 .*PROTO=UDP SPT=7610 DPT=7611 LEN=13 TABLE=logt CHAIN=out RULE=$F:5 CGROUP=/$CG\$"
has "ingress UDP over IPv4: IN= names the device" \
	"^in-udp: IN=lo OUT= SRC=127\.0\.0\.1 DST=127\.0\.0\.1 .*PROTO=UDP SPT=7610 DPT=7611 .*TABLE=logt CHAIN=in RULE=$F:11 CGROUP=/$CG\$"
has "ingress UDP over IPv6" \
	"^in-udp: IN=lo OUT= SRC=::1 DST=::1 .*DPT=7611 .*CHAIN=in RULE=$F:11 "
has "the TCP SYN: sequence numbers and the socket's uid (flags tcp sequence, skuid)" \
	"^out-syn: IN= OUT=lo SRC=127\.0\.0\.1 DST=127\.0\.0\.1 .*PROTO=TCP SPT=[0-9]+ DPT=7612 SEQ=[0-9]+ ACK=0 WINDOW=[0-9]+ RES=0x00 SYN URGP=0 UID=0 TABLE=logt CHAIN=out RULE=$F:6 "

"$CGNFT" monitor --drain >/dev/null
traffic
timeout 30 "$CGNFT" monitor -j --count 5 >"$TMPD/json" 2>&1
out=$(python3 - "$TMPD/json" "$F" "/$CG" <<'EOF'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
f, cg = sys.argv[2], sys.argv[3]
want = {
    ("out-udp: ", "ip"): dict(table="logt", chain="out", rule=f + ":5", level="info",
                            hook="egress", saddr="127.0.0.1", daddr="127.0.0.1",
                            l4proto="UDP", sport=7610, dport=7611, cgroup=cg, oif="lo"),
    ("out-udp: ", "ip6"): dict(rule=f + ":5", saddr="::1", daddr="::1", dport=7611, cgroup=cg),
    ("in-udp: ", "ip"): dict(chain="in", rule=f + ":11", hook="ingress", level="warn",
                           iif="lo", dport=7611),
    ("in-udp: ", "ip6"): dict(chain="in", rule=f + ":11", hook="ingress", daddr="::1"),
    ("out-syn: ", "ip"): dict(rule=f + ":6", l4proto="TCP", dport=7612, uid=0, tcp_flags=2),
}
bad = []
for (prefix, fam), fields in want.items():
    m = [e for e in ev if e.get("prefix") == prefix and e.get("family") == fam]
    if len(m) != 1:
        bad.append("%s %s: %d events" % (prefix, fam, len(m)))
        continue
    for k, v in fields.items():
        if m[0].get(k) != v:
            bad.append("%s %s: %s = %r, want %r" % (prefix, fam, k, m[0].get(k), v))
print("\n".join(bad) if bad else "ok")
EOF
)
if [ "$out" = ok ]; then ok "monitor -j: one JSON object per event, with the same facts"
else not_ok "monitor -j: one JSON object per event, with the same facts"; { echo "$out"; cat "$TMPD/json"; } | diag; fi

# A flood: the bucket (10,000 events a second, 10,000 at once, shared by
# every log statement) bounds the events by 10,000 + 10,000 x the seconds
# the flood lasted; every other packet's event is counted as suppressed,
# which a running monitor reports (exactly: events + suppressed = packets),
# and every packet still passes the rule (its counter counts them all).
N=60000
send_flood() {
	in_cg python3 - "$1" <<'EOF'
import socket, sys, time
n = int(sys.argv[1])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
t = time.monotonic()
for i in range(n):
    s.sendto(b"f", ("127.0.0.1", 7613))
print(time.monotonic() - t)
EOF
}
"$CGNFT" monitor --drain >/dev/null
"$CGNFT" monitor -j >"$TMPD/flood" 2>&1 &
MON=$!
# the monitor reads the ring once it prints the event of one packet
send_flood 1 >/dev/null
for i in $(seq 100); do grep -q '"flood: "' "$TMPD/flood" && break; sleep 0.1; done
secs=$(send_flood $N)
kill -TERM "$MON"
wait "$MON"
MON=
events=$(($(grep -c '"prefix":"flood: "' "$TMPD/flood") - 1))	# less the first packet's
suppressed=$(python3 -c '
import json, sys
print(sum(json.loads(l).get("suppressed", 0) for l in open(sys.argv[1])))' "$TMPD/flood")
max=$(python3 -c "import math; print(10000 + math.ceil(10000 * $secs) + 1)")
if [ "$events" -ge 10000 ] && [ "$events" -le "$max" ] && [ "$events" -lt $N ]; then
	ok "a flood of $N packets in ${secs}s gave $events events: the burst, then the rate"
else
	not_ok "a flood of $N packets in ${secs}s gave $events events (want 10000..$max)"
fi
check "the monitor reported the other $suppressed as suppressed: $events + $suppressed = $N" \
	test $((events + suppressed)) = $N
check "every flood packet passed the log and reached the counter" \
	bash -c '"$1" list ruleset | grep -q "udp dport 7613 log prefix \"flood: \" counter packets $2 "' _ "$CGNFT" $((N + 1))

# A re-apply keeps the ring; a monitor started before it follows the new
# sites (the rule moved to another line)
id=$(bpftool map show pinned "$PIN" | sed -n '1s/:.*//p')
timeout 30 "$CGNFT" monitor -j --count 1 >"$TMPD/follow" 2>&1 &
MON=$!
sed -i 's/^\t\tudp dport 7611 log prefix "out-udp: " level info$/\t\tip daddr 127.0.0.2 drop\n&/' "$F"
check "the table applies again, a rule inserted before the log" "$CGNFT" apply "$F"
check "the ring is the same map after the re-apply" \
	test "$(bpftool map show pinned "$PIN" | sed -n '1s/:.*//p')" = "$id"
send_one 127.0.0.1
wait "$MON"
MON=
check "the running monitor printed the event with the rule's new line" \
	grep -qF "\"rule\":\"$F:6\"" "$TMPD/follow"

check "delete of the last table that logs succeeds" "$CGNFT" delete table logt
check "the ring's pin is gone" test ! -e "$PIN"
check "the suppressed count's pin is gone" test ! -e "${PIN}_drops"
check "the sites file is gone" test ! -e /run/cgnft/log.sites
"$CGNFT" monitor --drain >"$TMPD/none" 2>&1
check "monitor --drain without a ring: exit 1, a clear error" \
	bash -c '[ $1 = 1 ] && grep -q "no log ring" "$2"' _ $? "$TMPD/none"

# a monitor started while nothing logs waits for the first ring
timeout 30 "$CGNFT" monitor --count 1 >"$TMPD/first" 2>&1 &
MON=$!
check "the table applies again: a new ring" "$CGNFT" apply "$F"
send_one ::1
wait "$MON"
MON=
check "the waiting monitor printed the event from the new ring" \
	grep -q "^out-udp: IN= OUT=lo SRC=::1 DST=::1 .*RULE=$F:6 " "$TMPD/first"
check "delete again" "$CGNFT" delete table logt
done_testing
