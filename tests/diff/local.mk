# tests/diff: the differential suite, kernel nftables against cgnft.
check_PROGRAMS += tests/diff/diffsend
tests_diff_diffsend_SOURCES = tests/diff/diffsend.c
tests_diff_diffsend_LDADD = $(CGNFT_LIBS)
TESTS += tests/diff/diff.sh
EXTRA_DIST += tests/diff/diff.sh tests/diff/difftest.py tests/diff/gen.py tests/diff/netns-routes.sh \
	tests/diff/pkt.py $(wildcard $(srcdir)/tests/diff/regress/*.case)
# It attaches to a cgroup of its own, but keep it apart from the tests that
# flush or apply the global ruleset.
tests/diff/diff.log: tests/runtime/apply.log

# make diff-long: many more seeds than make check runs.
DIFF_LONG_SEEDS = 1-400
diff-long: cgnft tests/diff/diffsend
	CGNFT='$(abs_top_builddir)/cgnft' TOP_SRCDIR='$(abs_top_srcdir)' \
	TOP_BUILDDIR='$(abs_top_builddir)' DIFF_SEEDS='$(DIFF_LONG_SEEDS)' \
	$(SHELL) $(srcdir)/tests/diff/diff.sh
.PHONY: diff-long
