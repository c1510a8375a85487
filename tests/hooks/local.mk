# tests/hooks: owned by the hooks work; adds to check_PROGRAMS / TESTS
