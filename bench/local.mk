# bench: `make bench` (not part of make check; needs root)
noinst_PROGRAMS += bench/pktbench
bench_pktbench_SOURCES = bench/pktbench.c
bench_pktbench_LDADD = $(SYS_LIBS)
EXTRA_DIST += bench/run.sh bench/gen_rules.py
bench: cgnft bench/pktbench
	$(SHELL) $(srcdir)/bench/run.sh $(abs_top_builddir)
.PHONY: bench
