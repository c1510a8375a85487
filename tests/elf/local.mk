# tests/elf: owned by the elf work; adds to check_PROGRAMS / TESTS
