# tests/import: owned by the import work; adds to check_PROGRAMS / TESTS
TESTS += tests/import/roundtrip.sh
EXTRA_DIST += tests/import/roundtrip.sh $(wildcard $(srcdir)/tests/import/cases/*)
TESTS += tests/import/errors.sh
EXTRA_DIST += tests/import/errors.sh
TESTS += tests/import/file.sh
EXTRA_DIST += tests/import/file.sh
