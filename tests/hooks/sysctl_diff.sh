#!/bin/bash
# Differential test of sysctl programs: generated policies (operation, full
# or base name, a numeric interval on the new or the current value, counters,
# accept/drop) against their linear first-match model
# (tests/hooks/sysctl_model.py), on real /proc/sys reads and writes from a
# process in the cgroup.  Every access runs in a fresh network namespace of
# its own, so the knobs written are that namespace's and vanish with it.
# Policies of 16 rules or more run as one table search (sysctl_table.c);
# the 12-rule ones run in order.  Mixes: names and values, mostly globs,
# mostly suffix globs, sets and `!=`, values only.
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$CGM" ] || { skip "cgroup2 is not mounted"; done_testing; exit 0; }
command -v unshare >/dev/null || { skip "no unshare"; done_testing; exit 0; }
CG="cgnft-sysctl-diff-$$"
mkdir -p "$CGM/$CG"
trap '"$CGNFT" delete table diff >/dev/null 2>&1; rmdir "$CGM/$CG"; rm -rf "$TMPD"' EXIT
MODEL="$TOP_SRCDIR/tests/hooks/sysctl_model.py"

# what `sysctl current value` sees: each knob in a fresh namespace
unshare -n python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import sysctl_model as m
for k in m.KNOBS:
    print(k + "\t" + open("/proc/sys/" + k).read().rstrip("\n").replace("\t", "\\t"))
' "$TOP_SRCDIR/tests/hooks" > "$TMPD/defaults"
check "the knobs' values in a fresh namespace" test "$(wc -l < "$TMPD/defaults")" -ge 10

# seed:rules[:mix]; glob: mostly globs (grouped by prefix, matched by the
# program when no table decides them); ronly: values only (the interval
# index); sglob: mostly globs with a fixed end (suffix groups); neq: sets
# of names and `!=` names
for spec in 1:12 2:40 3:40 4:200 5:200 6:1000 7:3000 8:12:glob 9:40:glob \
	    10:300:glob 11:2000:glob 12:40:ronly 13:300:ronly 14:2000:ronly \
	    15:40:sglob 16:300:sglob 17:2000:sglob 18:40:neq 19:300:neq 20:2000:neq; do
	IFS=: read -r seed n mix <<< "$spec"
	p="$TMPD/p$seed"
	python3 "$MODEL" gen "$seed" "$n" "$CG" "$p.nft" "$p.cases" "$TMPD/defaults" "${mix:-mixed}"
	loops=$("$CGNFT" compile --emit asm "$p.nft" | grep -c may_goto)
	if [ "$n" -ge 16 ]; then
		check "seed $seed, $n rules: compiled as a table search" test "$loops" -ge 1
		# in order they may be too many to verify: then -O0 says so
		if "$CGNFT" compile -O0 --emit asm "$p.nft" > "$p.o0" 2> "$p.o0err"; then
			check "seed $seed, $n rules: -O0 compiles them in order" \
				test "$(grep -c may_goto "$p.o0")" = 0 -a -s "$p.o0"
		else
			check "seed $seed, $n rules: -O0 refuses them as too many to verify" \
				grep -q "more than the kernel's verifier can check" "$p.o0err"
		fi
	else
		check "seed $seed, $n rules: compiled in order" test "$loops" = 0
	fi
	if ! "$CGNFT" apply "$p.nft" 2>"$p.err"; then
		not_ok "seed $seed, $n rules: apply"
		diag < "$p.err"
		continue
	fi
	bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs'; exec python3 '$MODEL' probe '$p.cases'" > "$p.got" 2>&1
	paste <(cut -f1-4 "$p.cases") "$p.got" | awk -F'\t' '$4 != $5' > "$p.diff"
	total=$(wc -l < "$p.cases")
	eperm=$(grep -c 'EPERM$' "$p.cases")
	if [ -s "$p.diff" ] || [ "$(wc -l < "$p.got")" != "$total" ]; then
		not_ok "seed $seed, $n rules: $total accesses decided as the linear model"
		head -20 "$p.diff" | diag
	else
		ok "seed $seed, $n rules: $total accesses ($eperm denied) decided as the linear model"
	fi
done
# The points doc/HOOKS.md settles, on rules in order: an empty write has no
# value (string != fails too), rule strings have no escapes.
cat > "$TMPD/points.nft" <<EOF
table cgroup diff {
	cgroup "$CG"
	chain c {
		type filter hook sysctl priority 0; policy accept;
		sysctl write sysctl name "net/ipv4/tcp_fin_timeout" sysctl value != "60" drop
		sysctl write sysctl name "net/ipv4/tcp_keepalive_probes" sysctl value "7\n" drop
		sysctl write sysctl name "net/ipv4/tcp_keepalive_probes" sysctl value "8" drop
	}
}
EOF
if check "apply the policy of the settled points" "$CGNFT" apply "$TMPD/points.nft"; then
	printf '%s\tW\t%s\t-\n' net/ipv4/tcp_fin_timeout '' net/ipv4/tcp_fin_timeout 61 \
		net/ipv4/tcp_fin_timeout '60\n' net/ipv4/tcp_keepalive_probes 7 \
		net/ipv4/tcp_keepalive_probes '8\n' > "$TMPD/points.cases"
	got=$(bash -c "echo \$\$ > '$CGM/$CG/cgroup.procs'; exec python3 '$MODEL' probe '$TMPD/points.cases'" | tr '\n' ' ')
	check "empty write: value != \"60\" does not hold; 61 is dropped, 60 not; \"7\\n\" in a rule is literal (7 allowed); \"8\" matches 8 and a newline: $got" \
		test "$got" = "ok EPERM ok ok EPERM "
fi
"$CGNFT" delete table diff >/dev/null 2>&1
done_testing
