# tests/import: owned by the import work; adds to check_PROGRAMS / TESTS
