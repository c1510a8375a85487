# tests/soak: re-applies under continuous traffic (issue 16).  make check
# runs 150 rounds; `make soak` runs 1000 (SOAK_ROUNDS to change it).
TESTS += tests/soak/soak.sh
EXTRA_DIST += tests/soak/soak.sh
# it flushes the ruleset: after the other tests that apply tables
tests/soak/soak.log: tests/hostile/hostile.log
soak: cgnft
	SOAK_ROUNDS=$${SOAK_ROUNDS:-1000} $(MAKE) check TESTS=tests/soak/soak.sh
.PHONY: soak
