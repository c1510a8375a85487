# tests/examples: every shipped example compiles deterministically and
# passes the kernel verifier.
TESTS += tests/examples/examples.sh
EXTRA_DIST += tests/examples/examples.sh $(wildcard $(srcdir)/tests/examples/golden/*.asm)
