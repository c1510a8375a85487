# bench: `make bench` (not part of make check; needs root)
noinst_PROGRAMS += bench/pktbench bench/udpsend bench/progstat bench/tracebench bench/sysctlbench
bench_sysctlbench_SOURCES = bench/sysctlbench.c
bench_pktbench_SOURCES = bench/pktbench.c bench/bench_load.h bench/bench_load.c
bench_pktbench_LDADD = $(SYS_LIBS)
bench_udpsend_SOURCES = bench/udpsend.c
bench_tracebench_SOURCES = bench/tracebench.c bench/bench_load.h bench/bench_load.c
bench_tracebench_LDADD = $(SYS_LIBS)
bench_progstat_SOURCES = bench/progstat.c
bench_progstat_LDADD = $(SYS_LIBS)
EXTRA_DIST += bench/stateful.sh bench/run.sh bench/gen_rules.py bench/plot.gp bench/jumps.sh bench/gen_jumps.py \
	bench/ct.sh bench/ct_traffic.py bench/iface.sh bench/log.sh bench/stmt_cost.sh bench/classbench.sh bench/gen_classbench.py \
	bench/sysctl.sh
bench: cgnft bench/pktbench bench/udpsend
	$(SHELL) $(srcdir)/bench/run.sh $(abs_top_builddir)
.PHONY: bench
bench-jumps: cgnft bench/progstat
	$(SHELL) $(srcdir)/bench/jumps.sh $(abs_top_builddir)
.PHONY: bench-jumps
bench-classbench: cgnft bench/tracebench
	$(SHELL) $(srcdir)/bench/classbench.sh $(abs_top_builddir)
.PHONY: bench-classbench
bench-ct: cgnft
	$(SHELL) $(srcdir)/bench/ct.sh $(abs_top_builddir)
.PHONY: bench-ct
bench-stateful: cgnft bench/pktbench
	$(SHELL) $(srcdir)/bench/stateful.sh $(abs_top_builddir)
.PHONY: bench-stateful
bench-log: cgnft bench/pktbench
	$(SHELL) $(srcdir)/bench/log.sh $(abs_top_builddir)
.PHONY: bench-log
bench-sysctl: cgnft bench/progstat bench/sysctlbench
	$(SHELL) $(srcdir)/bench/sysctl.sh $(abs_top_builddir)
.PHONY: bench-sysctl
