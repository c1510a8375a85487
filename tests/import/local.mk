# tests/import: owned by the import work; adds to check_PROGRAMS / TESTS
TESTS += tests/import/roundtrip.sh
EXTRA_DIST += tests/import/roundtrip.sh $(wildcard $(srcdir)/tests/import/cases/*)
TESTS += tests/import/errors.sh
EXTRA_DIST += tests/import/errors.sh
TESTS += tests/import/file.sh
EXTRA_DIST += tests/import/file.sh
# test_set_checks: the importer's own refusals of sets no kernel dumps
# (import fuzzer findings), on dumps built with libnftnl; no kernel needed.
check_PROGRAMS += tests/import/test_set_checks
tests_import_test_set_checks_SOURCES = tests/import/test_set_checks.c
tests_import_test_set_checks_LDADD = $(CGNFT_LIBS)
TESTS += tests/import/test_set_checks
