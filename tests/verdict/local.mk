# tests/verdict: owned by the verdict work; adds to check_PROGRAMS / TESTS
