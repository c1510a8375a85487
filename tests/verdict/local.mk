# tests/verdict: rule files with expected verdicts, judged by the kernel.
check_PROGRAMS += tests/verdict/run_verdicts
tests_verdict_run_verdicts_SOURCES = tests/verdict/run_verdicts.c
tests_verdict_run_verdicts_LDADD = $(CGNFT_LIBS)
TESTS += tests/verdict/verdicts.sh
EXTRA_DIST += tests/verdict/verdicts.sh $(wildcard $(srcdir)/tests/verdict/*.nft)
TESTS += tests/verdict/cmd_test.sh
EXTRA_DIST += tests/verdict/cmd_test.sh
TESTS += tests/verdict/traced.sh
EXTRA_DIST += tests/verdict/traced.sh $(wildcard $(srcdir)/tests/verdict/traced/*.nft)
TESTS += tests/verdict/classify.sh
EXTRA_DIST += tests/verdict/classify.sh tests/verdict/classify_gen.py
TESTS += tests/verdict/scale.sh
EXTRA_DIST += tests/verdict/scale.sh tests/verdict/scale_gen.py
TESTS += tests/verdict/jumps.sh
EXTRA_DIST += tests/verdict/jumps.sh
TESTS += tests/verdict/clock.sh
EXTRA_DIST += tests/verdict/clock.sh
