# tests/frontend: owned by the frontend work; adds to check_PROGRAMS / TESTS
