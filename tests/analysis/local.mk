# tests/analysis: `cgnft check` warnings and `cgnft diff` (doc/ANALYSIS.md),
# exact against brute force on the real kernel (cgnft test, nothing attached).
TESTS += tests/analysis/warnings.sh tests/analysis/brute.sh
EXTRA_DIST += tests/analysis/warnings.sh tests/analysis/brute.sh tests/analysis/brute.py \
	tests/analysis/probe.nft
