# tests/hooks: owned by the hooks work; adds to check_PROGRAMS / TESTS
check_PROGRAMS += tests/hooks/test_sock
tests_hooks_test_sock_SOURCES = tests/hooks/test_sock.c tests/hooks/harness.h
tests_hooks_test_sock_LDADD = $(CGNFT_LIBS)
TESTS += tests/hooks/test_sock
check_PROGRAMS += tests/hooks/test_sysctl
tests_hooks_test_sysctl_SOURCES = tests/hooks/test_sysctl.c tests/hooks/harness.h
tests_hooks_test_sysctl_LDADD = $(CGNFT_LIBS)
TESTS += tests/hooks/test_sysctl
check_PROGRAMS += tests/hooks/test_glob
tests_hooks_test_glob_SOURCES = tests/hooks/test_glob.c tests/hooks/harness.h
tests_hooks_test_glob_LDADD = $(CGNFT_LIBS)
TESTS += tests/hooks/test_glob
TESTS += tests/hooks/apply_hooks.sh
EXTRA_DIST += tests/hooks/apply_hooks.sh

TESTS += tests/hooks/sysctl_scale.sh tests/hooks/sysctl_diff.sh
EXTRA_DIST += tests/hooks/sysctl_scale.sh tests/hooks/sysctl_diff.sh tests/hooks/sysctl_model.py
# they apply tables: after apply_hooks, before the runtime chain
tests/hooks/sysctl_scale.log: tests/hooks/apply_hooks.log
tests/hooks/sysctl_diff.log: tests/hooks/sysctl_scale.log
