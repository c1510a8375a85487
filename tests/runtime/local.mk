# tests/runtime: owned by the runtime work; adds to check_PROGRAMS / TESTS
