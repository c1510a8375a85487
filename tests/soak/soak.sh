#!/bin/bash
# Soak (issue 16): SOAK_ROUNDS re-applies (default 150; `make soak` runs
# 1000) of rule files that change every round, while a process in the
# cgroup sends UDP without pause.  Every version drops port P and counts
# it; versions differ in other rules.  A packet judged by no program, or
# while a half-made program ran, would reach P's listener: it must get
# none, while Q (accepted by every version) gets traffic throughout.  At
# the end `flush ruleset` brings the table's programs, the cgroup's
# attachments and bpffs entries back to what they were before.
. "$TOP_SRCDIR/tests/lib.sh"
rounds=${SOAK_ROUNDS:-150}
CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
if [ -z "$CGM" ]; then
	skip "cgroup2 is not mounted: the kernel cannot attach cgroup programs"; done_testing; exit 0
fi
command -v bpftool >/dev/null || { skip "bpftool is not installed"; done_testing; exit 0; }
T=$(mktemp -d)
CG="cgnft-soak-$$"
mkdir -p "$CGM/$CG"
P=7710 Q=7711
cleanup() {
	kill "$sender" "$listener" 2>/dev/null
	wait 2>/dev/null
	"$CGNFT" flush ruleset >/dev/null 2>&1
	rmdir "$CGM/$CG" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
"$CGNFT" flush ruleset >/dev/null 2>&1

# Kernel objects that would outlive a leak: programs of this table (its
# maps live as long as they do, or as a pin), programs attached to the
# cgroup, and bpffs entries.  Other tests' objects come and go meanwhile
# (BPF_PROG_TEST_RUN), so only these are counted.
objects() {
	bpftool prog show | grep -c ' name soak' || true
	bpftool cgroup show "$CGM/$CG" 2>/dev/null | grep -c '^[0-9]' || true
	find /sys/fs/bpf -mindepth 1 2>/dev/null | wc -l
}
before=$(objects)

# version N: P dropped and counted; N changes a port set, a prefix and
# the number of rules, so every round compiles a different program
version() {
	local n=$1 i
	{
		echo "table cgroup soak {"
		echo "	cgroup \"$CG\""
		echo "	chain out {"
		echo "		type filter hook egress priority 0; policy accept;"
		echo "		udp dport $P counter drop"
		echo "		udp dport { $((20000 + n % 97)), $((30000 + n)) } drop"
		echo "		ip daddr 10.$((n % 250)).0.0/16 drop"
		for ((i = 0; i < n % 20; i++)); do
			echo "		tcp dport $((40000 + i)) ip saddr 192.0.2.$i drop"
		done
		echo "	}"
		echo "	chain in {"
		echo "		type filter hook ingress priority 0; policy accept;"
		echo "		tcp dport $((50000 + n % 13)) drop"
		echo "	}"
		echo "}"
	} > "$T/v$n.nft"
}

# the listener (outside the cgroup) counts datagrams per port
python3 - "$P" "$Q" "$T/counts" <<'PY' &
import select, socket, sys, signal
p, q, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks = {}
for port in (p, q):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", port)); socks[s] = port
n = {p: 0, q: 0}
def done(*_):
    open(out, "w").write("%d %d\n" % (n[p], n[q])); sys.exit(0)
signal.signal(signal.SIGTERM, done)
while True:
    for s in select.select(list(socks), [], [], 0.2)[0]:
        s.recv(64); n[socks[s]] += 1
PY
listener=$!
version 0
"$CGNFT" apply "$T/v0.nft" || { not_ok "the first version applies"; done_testing; exit 0; }
sleep 0.3
# the sender joins the cgroup and sends to P and Q in turns until killed;
# it counts the sends the kernel refused (EPERM: dropped on egress)
bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs'; exec python3 - $P $Q '$T/sent'" <<'PY' &
import socket, sys, signal
p, q, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sent = {p: 0, q: 0}; refused = {p: 0, q: 0}
# SIGTERM only asks to stop: a send is always counted, so the counts
# equal what the kernel saw
stop = []
signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
while not stop:
    for port in (p, q):
        try:
            s.sendto(b"x", ("127.0.0.1", port)); sent[port] += 1
        except PermissionError:
            refused[port] += 1
open(out, "w").write("%d %d %d %d\n" % (sent[p], refused[p], sent[q], refused[q]))
PY
sender=$!
sleep 0.3

failed=0
for ((r = 1; r <= rounds; r++)); do
	version "$r"
	if ! "$CGNFT" apply "$T/v$r.nft" 2>"$T/err"; then
		failed=$((failed + 1)); cat "$T/err" | diag
	fi
	rm -f "$T/v$r.nft"
done
check "$rounds re-applies under traffic all succeed ($failed failed)" test "$failed" = 0
sleep 0.3
kill -TERM "$sender"; wait "$sender" 2>/dev/null
sleep 0.3
kill -TERM "$listener"; wait "$listener" 2>/dev/null
read -r sent_p refused_p sent_q refused_q < "$T/sent"
read -r got_p got_q < "$T/counts"
echo "sent to P: $sent_p (refused $refused_p), to Q: $sent_q (refused $refused_q); received P $got_p, Q $got_q" | diag
check "no datagram to the always-dropped port got through ($got_p of $refused_p)" \
	test "$got_p" = 0 -a "$refused_p" -gt 0
check "every send to P was refused by a program ($refused_p of $((sent_p + refused_p)))" \
	test "$sent_p" = 0
check "traffic to Q flowed throughout ($got_q received, $refused_q refused)" \
	test "$got_q" -gt 0 -a "$refused_q" = 0
counter=$("$CGNFT" list table soak | sed -n "s/.*udp dport $P counter packets \([0-9]*\).*/\1/p")
# the programs of every version count into the same pinned map: no
# packet is lost between versions, and none is counted twice
check "the counter of P counted every refused send across the re-applies ($counter = $refused_p)" \
	test -n "$counter" -a "$counter" = "$refused_p"
"$CGNFT" flush ruleset
after=$(objects)
check "kernel objects and bpffs entries are back to the baseline ($(echo $before) -> $(echo $after))" \
	test "$before" = "$after"
done_testing
