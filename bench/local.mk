# bench: `make bench` (not part of make check; needs root)
noinst_PROGRAMS += bench/pktbench bench/udpsend
bench_pktbench_SOURCES = bench/pktbench.c
bench_pktbench_LDADD = $(SYS_LIBS)
bench_udpsend_SOURCES = bench/udpsend.c
EXTRA_DIST += bench/run.sh bench/gen_rules.py bench/plot.gp
bench: cgnft bench/pktbench bench/udpsend
	$(SHELL) $(srcdir)/bench/run.sh $(abs_top_builddir)
.PHONY: bench
