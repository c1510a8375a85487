# Tests: each area owns a fragment.  Every test prints TAP; automake's TAP
# driver counts each `ok`/`not ok` line, and .ci/run sums them.
TEST_EXTENSIONS = .sh
SH_LOG_DRIVER = $(LOG_DRIVER)
AM_TESTS_ENVIRONMENT = \
	CGNFT='$(abs_top_builddir)/cgnft'; \
	TOP_SRCDIR='$(abs_top_srcdir)'; \
	TOP_BUILDDIR='$(abs_top_builddir)'; \
	export CGNFT TOP_SRCDIR TOP_BUILDDIR;
EXTRA_DIST += tests/tap.h tests/lib.sh

include $(srcdir)/tests/frontend/local.mk
include $(srcdir)/tests/fuzz/local.mk
include $(srcdir)/tests/codegen/local.mk
include $(srcdir)/tests/elf/local.mk
include $(srcdir)/tests/verdict/local.mk
include $(srcdir)/tests/runtime/local.mk
include $(srcdir)/tests/hostile/local.mk
include $(srcdir)/tests/soak/local.mk
include $(srcdir)/tests/import/local.mk
include $(srcdir)/tests/hooks/local.mk
include $(srcdir)/tests/ct/local.mk
include $(srcdir)/tests/examples/local.mk
include $(srcdir)/tests/listing/local.mk
include $(srcdir)/tests/diff/local.mk
include $(srcdir)/tests/lang/local.mk
include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/realworld/local.mk
include $(srcdir)/tests/pkg/local.mk
include $(srcdir)/tests/analysis/local.mk
