# tests/frontend: diagnostics (exact text and locations), IR shape, and
# robustness on hostile input (deep nesting, endless or huge files).
TESTS += tests/frontend/diagnostics.sh
EXTRA_DIST += tests/frontend/diagnostics.sh
TESTS += tests/frontend/robustness.sh
EXTRA_DIST += tests/frontend/robustness.sh
TESTS += tests/frontend/maps.sh
EXTRA_DIST += tests/frontend/maps.sh
TESTS += tests/frontend/tree.sh
EXTRA_DIST += tests/frontend/tree.sh tests/frontend/tree/forms.nft tests/frontend/tree/forms.tree
TESTS += tests/frontend/wholefile.sh
EXTRA_DIST += tests/frontend/wholefile.sh
TESTS += tests/frontend/owner_check.sh
EXTRA_DIST += tests/frontend/owner_check.sh
TESTS += tests/frontend/iface.sh
EXTRA_DIST += tests/frontend/iface.sh
TESTS += tests/frontend/dynset.sh
EXTRA_DIST += tests/frontend/dynset.sh
TESTS += tests/frontend/log.sh
EXTRA_DIST += tests/frontend/log.sh
TESTS += tests/frontend/hash.sh
EXTRA_DIST += tests/frontend/hash.sh
