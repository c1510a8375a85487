# tests/runtime: apply/list/delete/flush with real traffic in test cgroups.
TESTS += tests/runtime/apply.sh
EXTRA_DIST += tests/runtime/apply.sh
# apply.sh flushes the whole ruleset: never run it next to another test that
# applies tables (automake orders tests through their .log files).
tests/runtime/apply.log: tests/hooks/sysctl_diff.log
TESTS += tests/runtime/reject.sh
EXTRA_DIST += tests/runtime/reject.sh
tests/runtime/reject.log: tests/runtime/apply.log
TESTS += tests/runtime/kill.sh
EXTRA_DIST += tests/runtime/kill.sh
tests/runtime/kill.log: tests/soak/soak.log
TESTS += tests/runtime/faults.sh
EXTRA_DIST += tests/runtime/faults.sh
tests/runtime/faults.log: tests/runtime/kill.log
TESTS += tests/runtime/alloc_faults.sh
EXTRA_DIST += tests/runtime/alloc_faults.sh
# it flushes the ruleset: in the chain of faults.sh
tests/runtime/alloc_faults.log: tests/runtime/faults.log
TESTS += tests/runtime/stateful.sh
EXTRA_DIST += tests/runtime/stateful.sh
# stateful.sh applies tables with live counters: after every test that
# flushes the ruleset or compares `cgnft list` before and after (reject,
# hostile, soak, kill, faults: a chain)
tests/runtime/stateful.log: tests/ct/egress.log
TESTS += tests/runtime/iface.sh
EXTRA_DIST += tests/runtime/iface.sh
# it applies tables with counters: after every test that flushes the
# ruleset or applies tables (the chain ends with stateful.sh)
tests/runtime/iface.log: tests/runtime/stateful.log
TESTS += tests/runtime/counters.sh
EXTRA_DIST += tests/runtime/counters.sh
# it applies tables with counters: after every test that flushes the
# ruleset or compares listings (the chain that ends with iface.sh)
tests/runtime/counters.log: tests/runtime/iface.log
TESTS += tests/runtime/dynset.sh
EXTRA_DIST += tests/runtime/dynset.sh
# it applies a table with live sets: after the chain of tests that flush
# the ruleset or apply tables (which ends with iface.sh)
tests/runtime/dynset.log: tests/runtime/counters.log
TESTS += tests/runtime/ifkeys.sh
EXTRA_DIST += tests/runtime/ifkeys.sh
# it applies tables with counters: after dynset.sh (the same chain)
tests/runtime/ifkeys.log: tests/runtime/dynset.log
TESTS += tests/runtime/list_set.sh
EXTRA_DIST += tests/runtime/list_set.sh
# it applies tables with live sets: in the same chain, after ifkeys.sh
tests/runtime/list_set.log: tests/runtime/ifkeys.log
TESTS += tests/runtime/log.sh
EXTRA_DIST += tests/runtime/log.sh
# it applies and deletes a table that logs: after the chain of tests that
# flush the ruleset or apply tables (which ends with ifkeys.sh)
tests/runtime/log.log: tests/runtime/ifkeys.log
TESTS += tests/runtime/listing.sh
EXTRA_DIST += tests/runtime/listing.sh tests/runtime/listing-corpus.txt \
	tests/runtime/listing-corpus-rewritten.txt
# it applies a table with counters: after the chain that ends with ifkeys.sh
tests/runtime/listing.log: tests/runtime/log.log
TESTS += tests/runtime/pins.sh
EXTRA_DIST += tests/runtime/pins.sh
# it applies and flushes tables: after ifkeys.sh (the same chain)
tests/runtime/pins.log: tests/runtime/listing.log
TESTS += tests/runtime/sockstate.sh
EXTRA_DIST += tests/runtime/sockstate.sh
# it applies tables with counters: after ifkeys.sh (the same chain)
tests/runtime/sockstate.log: tests/runtime/pins.log
TESTS += tests/runtime/cgroup_paths.sh
EXTRA_DIST += tests/runtime/cgroup_paths.sh
# it applies and deletes its own table: after sockstate.sh (the same chain)
tests/runtime/cgroup_paths.log: tests/runtime/sockstate.log
TESTS += tests/runtime/jhash.sh
EXTRA_DIST += tests/runtime/jhash.sh
# it applies and deletes its own table: after cgroup_paths.sh (the same chain)
tests/runtime/jhash.log: tests/runtime/cgroup_paths.log
TESTS += tests/runtime/sockkeys.sh
EXTRA_DIST += tests/runtime/sockkeys.sh
# it applies and deletes its own table: after jhash.sh (the same chain)
tests/runtime/sockkeys.log: tests/runtime/jhash.log
TESTS += tests/runtime/rtclassid.sh
EXTRA_DIST += tests/runtime/rtclassid.sh
# it applies and deletes its own table: after sockkeys.sh (the same chain)
tests/runtime/rtclassid.log: tests/runtime/sockkeys.log
TESTS += tests/runtime/sockmark.sh
EXTRA_DIST += tests/runtime/sockmark.sh
# it applies and deletes its own table: after rtclassid.sh (the same chain)
tests/runtime/sockmark.log: tests/runtime/rtclassid.log
TESTS += tests/runtime/elements.sh
EXTRA_DIST += tests/runtime/elements.sh
# it applies, edits and deletes its own table: after sockmark.sh (the same
# chain)
tests/runtime/elements.log: tests/runtime/sockmark.log
TESTS += tests/runtime/permissions.sh
EXTRA_DIST += tests/runtime/permissions.sh
# its table must not meet a flush: at the end of the chain
tests/runtime/permissions.log: tests/runtime/elements.log
