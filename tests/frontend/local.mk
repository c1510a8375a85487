# tests/frontend: diagnostics (exact text and locations) and IR shape.
TESTS += tests/frontend/diagnostics.sh
EXTRA_DIST += tests/frontend/diagnostics.sh
