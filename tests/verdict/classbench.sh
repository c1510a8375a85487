#!/bin/bash
# Decision trees (ir/cls_tree.c) on ClassBench-like rule sets
# (bench/gen_classbench.py): for each shape and seed, the same packets
# through the classified program and the in-order one (-O0), both traced,
# in the kernel (BPF_PROG_TEST_RUN): every verdict and every deciding rule
# must agree.  Packets: points inside random rules, the corners of rules'
# boxes (each end and one past it in every field), random headers, and a
# few with no transport header or as non-first fragments.  Rule sets
# with barriers (a rule the classifier cannot move) check that runs split
# around them.  Then larger sets must compile and load (the verifier
# accepts them) with trees taking the rules.
. "$TOP_SRCDIR/tests/lib.sh"
GEN=$TOP_SRCDIR/bench/gen_classbench.py
SIZE=${CLASSBENCH_SIZE:-700}

descs() {
	awk '{ p = $3; w = "ip saddr " $1 " ip daddr " $2
	       if (p == "tcp" || p == "udp") w = w " " p " sport " $4 " " p " dport " $5
	       else w = w " ip protocol " p
	       print w }' "$1"
	echo "ip saddr 10.0.0.1 ip daddr 10.0.0.2 ip frag-off 185"
	echo "ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp dport 80 ip frag-off 185"
	echo "ip6 saddr 2001:db8::1 tcp dport 80"
}

for shape in acl fw ipc; do
	for seed in 1 2; do
		extra=; [ "$seed" = 2 ] && extra=--barriers
		f=$TMPD/$shape$seed
		python3 "$GEN" "$shape" "$SIZE" "$f" "$seed" $extra --packets 1200 ||
			{ not_ok "$shape seed $seed: generator"; continue; }
		args=()
		while IFS= read -r p; do args+=(--packet "$p"); done < <(descs "$f.pkts")
		trees=$("$CGNFT" compile "$f.cgnft.nft" --emit ir | grep -c '^    tree ')
		fast=$("$CGNFT" test "$f.cgnft.nft" --hook egress "${args[@]}" 2>&1)
		rc1=$?
		slow=$("$CGNFT" test -O0 "$f.cgnft.nft" --hook egress "${args[@]}" 2>&1)
		rc2=$?
		n=$(grep -c 'bench_egress: ' <<<"$slow")
		drops=$(grep -c 'bench_egress: drop' <<<"$slow")
		if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$trees" -gt 0 ] &&
		   [ "$n" -eq "$(( ${#args[@]} / 2 ))" ] && [ "$drops" -gt 0 ] &&
		   [ "$drops" -lt "$n" ] && [ "$fast" = "$slow" ]; then
			ok "$shape seed $seed $extra: $trees tree(s), $n packets ($drops dropped), same verdicts and deciding rules"
		else
			not_ok "$shape seed $seed: classified and in-order programs disagree (trees $trees, rc $rc1/$rc2, $n packets, $drops drops)"
			diff <(echo "$slow") <(echo "$fast") | head -20 | diag
		fi
	done
done

# Wide rules (large in every field but one) among the small ones: they
# merge into no category's tree cheaply, so trees replicate them (the
# node budget in ir/cls_tree.c bounds it, and a tree that exceeds it is
# split).  Packets on each side of the wide rules' edges.
wide=("ip saddr 16.0.0.0/4 tcp dport 1000-60000 drop"
      "ip daddr 128.0.0.0/2 udp sport 53 accept"
      "meta l4proto tcp tcp sport 1024-65535 tcp dport 0-1023 drop"
      "ip saddr 64.0.0.0/3 ip daddr 0.0.0.0/1 drop")
edges=("ip saddr 15.255.255.255 ip daddr 10.0.0.2 tcp sport 5 tcp dport 1000"
       "ip saddr 16.0.0.0 ip daddr 10.0.0.2 tcp sport 5 tcp dport 999"
       "ip saddr 16.0.0.0 ip daddr 10.0.0.2 tcp sport 5 tcp dport 1000"
       "ip saddr 31.255.255.255 ip daddr 10.0.0.2 tcp sport 5 tcp dport 60000"
       "ip saddr 32.0.0.0 ip daddr 10.0.0.2 tcp sport 5 tcp dport 60000"
       "ip saddr 31.255.255.255 ip daddr 10.0.0.2 tcp sport 5 tcp dport 60001"
       "ip saddr 10.0.0.1 ip daddr 127.255.255.255 udp sport 53 udp dport 9"
       "ip saddr 10.0.0.1 ip daddr 128.0.0.0 udp sport 53 udp dport 9"
       "ip saddr 10.0.0.1 ip daddr 191.255.255.255 udp sport 53 udp dport 9"
       "ip saddr 10.0.0.1 ip daddr 192.0.0.0 udp sport 53 udp dport 9"
       "ip saddr 10.0.0.1 ip daddr 128.0.0.0 udp sport 54 udp dport 9"
       "ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 1023 tcp dport 1023"
       "ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 1024 tcp dport 1023"
       "ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 65535 tcp dport 0"
       "ip saddr 10.0.0.1 ip daddr 10.0.0.2 tcp sport 1024 tcp dport 1024"
       "ip saddr 63.255.255.255 ip daddr 127.255.255.255 ip protocol 47"
       "ip saddr 64.0.0.0 ip daddr 127.255.255.255 ip protocol 47"
       "ip saddr 95.255.255.255 ip daddr 0.0.0.0 ip protocol 47"
       "ip saddr 96.0.0.0 ip daddr 0.0.0.0 ip protocol 47"
       "ip saddr 64.0.0.0 ip daddr 128.0.0.0 ip protocol 47")
for shape in acl fw; do
	f=$TMPD/wide$shape
	python3 "$GEN" "$shape" "$SIZE" "$f" 3 --packets 400 ||
		{ not_ok "$shape wide: generator"; continue; }
	printf '%s\n' "${wide[@]}" > "$TMPD/wide.txt"
	awk -v wf="$TMPD/wide.txt" '
		BEGIN { while ((getline l < wf) > 0) wr[++n] = l }
		/^\t\t(ip|meta|tcp|udp)/ && ++i % 50 == 25 { print "\t\t" wr[int(i / 50) % n + 1] }
		{ print }' "$f.cgnft.nft" > "$f.w.nft"
	args=()
	while IFS= read -r p; do args+=(--packet "$p"); done < <(descs "$f.pkts"; printf '%s\n' "${edges[@]}")
	trees=$("$CGNFT" compile "$f.w.nft" --emit ir | grep -c '^    tree ')
	nwide=$(grep -c -e '16.0.0.0/4' -e '128.0.0.0/2' -e 'tcp dport 0-1023 drop' -e '0.0.0.0/1' "$f.w.nft")
	fast=$("$CGNFT" test "$f.w.nft" --hook egress "${args[@]}" 2>&1)
	rc1=$?
	slow=$("$CGNFT" test -O0 "$f.w.nft" --hook egress "${args[@]}" 2>&1)
	rc2=$?
	n=$(grep -c 'bench_egress: ' <<<"$slow")
	if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$trees" -gt 0 ] && [ "$nwide" -ge 8 ] &&
	   [ "$n" -eq "$(( ${#args[@]} / 2 ))" ] && [ "$fast" = "$slow" ]; then
		ok "$shape with $nwide wide rules: $trees tree(s), $n packets, same verdicts and deciding rules"
	else
		not_ok "$shape wide: classified and in-order programs disagree (trees $trees, wide $nwide, rc $rc1/$rc2, $n packets)"
		diff <(echo "$slow") <(echo "$fast") | head -20 | diag
	fi
done

# Dense rules: 60 rules that all hold one point, each with its own edges in
# every field.  No cut separates more than IR_TREE_LEAF of them near that
# point, so trees give rules up to further trees (ir/cls_tree.c); packets
# at the point and on the rules' edges must still find the first match.
python3 - "$TMPD/dense" <<'PY' || not_ok "dense: generator"
import random, sys
rnd = random.Random(7)
P = (0x0a010203, 0x0a090807, 5000, 80)
def ip(a):
    return "%d.%d.%d.%d" % (a >> 24, a >> 16 & 255, a >> 8 & 255, a & 255)
rules, edges = [], [[P[0]], [P[1]], [P[2]], [P[3]]]
for i in range(60):
    if i == 30:
        # one transport field each (enough of them for a tree): a header
        # cut after sport still matches them (tree fields load in pairs)
        for k in range(5):
            rules.append("ip saddr 10.0.0.0/%d tcp sport %d-%d counter drop"
                         % (8 + k, 4000 + k, 6000 - k))
            rules.append("ip daddr 10.9.0.0/%d tcp dport %d-%d counter drop"
                         % (16 - k, 80 - k, 80 + k))
    sl, dl = rnd.randint(8, 30), rnd.randint(8, 30)
    s0 = P[0] & (0xffffffff << (32 - sl)) & 0xffffffff
    d0 = P[1] & (0xffffffff << (32 - dl)) & 0xffffffff
    sp = (rnd.randint(0, 5000), rnd.randint(5000, 65534))
    dp = (rnd.randint(0, 80), rnd.randint(80, 65534))
    rules.append("ip saddr %s/%d ip daddr %s/%d tcp sport %d-%d tcp dport %d-%d counter %s"
                 % (ip(s0), sl, ip(d0), dl, sp[0], sp[1], dp[0], dp[1],
                    rnd.choice(["accept", "drop"])))
    edges[0] += [s0 - 1, s0 + (1 << (32 - sl)), s0 + (1 << (32 - sl)) - 1]
    edges[1] += [d0 - 1, d0 + (1 << (32 - dl)), d0 + (1 << (32 - dl)) - 1]
    edges[2] += [sp[0] - 1, sp[0], sp[1], sp[1] + 1]
    edges[3] += [dp[0] - 1, dp[0], dp[1], dp[1] + 1]
with open(sys.argv[1] + ".nft", "w") as f:
    f.write('table cgroup bench {\n\tcgroup "cgnft-bench"\n\tchain out {\n'
            "\t\ttype filter hook egress priority 0; policy accept;\n")
    for r in rules:
        f.write("\t\t" + r + "\n")
    f.write("\t}\n}\n")
with open(sys.argv[1] + ".pkts", "w") as f:
    for k in range(300):
        v = [P[d] if k == 0 or rnd.random() < 0.5 else
             min(max(rnd.choice(edges[d]), 0), (1 << 32) - 1 if d < 2 else 65535)
             for d in range(4)]
        f.write("ip saddr %s ip daddr %s tcp sport %d tcp dport %d\n"
                % (ip(v[0]), ip(v[1]), v[2], v[3]))
PY
f=$TMPD/dense
args=()
while IFS= read -r p; do args+=(--packet "$p"); done < "$f.pkts"
# the point's headers with 2, 3 and 4 bytes of TCP header (sport only,
# sport and half of dport, both)
v4=4500001600000000400600000a0102030a090807
args+=(--hex "${v4}1388" --hex "${v4/4500001600/4500001700}138800"
       --hex "${v4/4500001600/4500001800}13880050")
ir=$("$CGNFT" compile "$f.nft" --emit ir)
trees=$(grep -c '^    tree ' <<<"$ir")
given=$(grep -c 'rules given up' <<<"$ir")
fast=$("$CGNFT" test "$f.nft" --hook egress "${args[@]}" 2>&1)
rc1=$?
slow=$("$CGNFT" test -O0 "$f.nft" --hook egress "${args[@]}" 2>&1)
rc2=$?
n=$(grep -c 'bench_egress: ' <<<"$slow")
if [ $rc1 -eq 0 ] && [ $rc2 -eq 0 ] && [ "$trees" -ge 2 ] && [ "$given" -ge 1 ] &&
   [ "$n" -eq 303 ] && [ "$fast" = "$slow" ]; then
	ok "dense rules: $trees tree(s), $given giving rules up, $n packets, same verdicts and deciding rules"
else
	not_ok "dense rules: trees $trees (giving up $given), rc $rc1/$rc2, $n packets, or the programs disagree"
	diff <(echo "$slow") <(echo "$fast") | head -20 | diag
fi

# Large sets: they compile, the trees take the rules, the kernel loads them.
# CGNFT_TEST_SCALE=D (.ci/run's sanitizer build: 10) divides the sizes:
# the same generator, trees and loads at a tenth (the plain build proves
# the full sizes load)
D=${CGNFT_TEST_SCALE:-1}
for n in ${CLASSBENCH_LOAD_SIZES:-$((10000 / D)) $((100000 / D))}; do
	f=$TMPD/big$n
	python3 "$GEN" fw "$n" "$f" 1 --packets 4
	ir=$("$CGNFT" compile "$f.cgnft.nft" --emit ir)
	inl=$(sed -n 's/.* tree(s), \([0-9]*\) inline$/\1/p' <<<"$ir" | head -1)
	check "fw $n rules: trees hold the rules (inline ${inl:-?})" \
		test -n "$inl" -a "${inl:-1}" -lt $((n / 10))
	args=()
	while IFS= read -r p; do args+=(--packet "$p"); done < <(descs "$f.pkts")
	check "fw $n rules: the program loads and runs" \
		bash -c "'$CGNFT' test --no-trace '$f.cgnft.nft' --hook egress $(printf "%q " "${args[@]}") | grep -q 'bench_egress: '"
done
done_testing
