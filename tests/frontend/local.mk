# tests/frontend: diagnostics (exact text and locations), IR shape, and
# robustness on hostile input (deep nesting, endless or huge files).
TESTS += tests/frontend/diagnostics.sh
EXTRA_DIST += tests/frontend/diagnostics.sh
TESTS += tests/frontend/robustness.sh
EXTRA_DIST += tests/frontend/robustness.sh
