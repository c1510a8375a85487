# tests: check_PROGRAMS and TESTS are added by each test owner
