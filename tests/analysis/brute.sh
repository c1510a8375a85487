#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `cgnft check` warnings and `cgnft diff` regions against brute force: random
# small rule sets, every packet of a small universe run through the real
# kernel with `cgnft test` (tests/analysis/brute.py).  ANALYSIS_SEEDS sets
# the size.  Nothing is attached.
. "$TOP_SRCDIR/tests/lib.sh"

command -v python3 >/dev/null || { skip "python3 is not installed"; done_testing; exit 0; }
"$CGNFT" test "$TOP_SRCDIR/tests/analysis/probe.nft" --packet 'tcp dport 22' >/dev/null 2>&1 ||
	{ skip "cannot run BPF_PROG_TEST_RUN here"; done_testing; exit 0; }
command -v unshare >/dev/null && command -v ip >/dev/null ||
	{ skip "unshare and ip are needed (a network namespace with devices va, vb)"; done_testing; exit 0; }
# CGNFT_TEST_SCALE=D (.ci/run's sanitized build: 10) runs 60 / D seeds, at
# least 12: each seed runs cgnft about ten times, which under ASan costs a
# third of a second a process; the sanitizers need the code paths (every
# seed takes the same ones: check, diff, test), the 60 seeds' coverage of
# rule shapes is the plain build's to prove (.ci/run runs it there too).
D=${CGNFT_TEST_SCALE:-1}
seeds=$((60 / D)); [ "$seeds" -lt 12 ] && seeds=12
# a network namespace of our own: its devices lo, va and vb are the ones
# the packets name (BPF_PROG_TEST_RUN's skb->dev) and the rules resolve
unshare -n sh -c 'ip link set lo up && ip link add va type veth peer name vb &&
	exec python3 "$0" --cgnft "$1" --work "$2" --seeds "$3"' \
	"$TOP_SRCDIR/tests/analysis/brute.py" "$CGNFT" "$TMPD" "${ANALYSIS_SEEDS:-1-$seeds}"
