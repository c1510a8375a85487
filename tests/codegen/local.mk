# tests/codegen: owned by the codegen work; adds to check_PROGRAMS / TESTS
