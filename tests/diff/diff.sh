#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The differential suite: random rule sets and packets, each packet judged
# by kernel nftables, by cgnft's program attached to a cgroup, and by the
# same program under BPF_PROG_TEST_RUN; all three must agree.  Also runs
# the regression cases in tests/diff/regress.  DIFF_SEEDS and DIFF_PACKETS
# choose the size (make diff-long runs more seeds).
. "$TOP_SRCDIR/tests/lib.sh"

CGM=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
why=""
[ -n "$CGM" ] || why="cgroup2 is not mounted"
command -v nft >/dev/null || why="nft is not installed"
command -v python3 >/dev/null || why="python3 is not installed"
unshare --net true 2>/dev/null || why="cannot create a network namespace"
if [ -n "$why" ]; then
	skip "$why"; done_testing; exit 0
fi

REL="cgnft-diff-$$"
mkdir "$CGM/$REL"
cleanup() {
	rmdir "$CGM/$REL" 2>/dev/null
	rm -rf "$TMPD"
}
trap cleanup EXIT

# unshare: a private network namespace, gone when the driver exits.
unshare --net -- python3 "$TOP_SRCDIR/tests/diff/difftest.py" \
	--cgnft "$CGNFT" --diffsend "$TOP_BUILDDIR/tests/diff/diffsend" \
	--cgroup "$CGM/$REL" --cgroup-rel "$REL" --work "$TMPD" \
	--seeds "${DIFF_SEEDS:-1-40}" --packets "${DIFF_PACKETS:-120}" \
	--regress "$TOP_SRCDIR/tests/diff/regress" ${DIFF_SAVE:+--save "$DIFF_SAVE"}
