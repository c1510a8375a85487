# tests/runtime: apply/list/delete/flush with real traffic in test cgroups.
TESTS += tests/runtime/apply.sh
EXTRA_DIST += tests/runtime/apply.sh
# apply.sh flushes the whole ruleset: never run it next to another test that
# applies tables (automake orders tests through their .log files).
tests/runtime/apply.log: tests/hooks/apply_hooks.log
TESTS += tests/runtime/reject.sh
EXTRA_DIST += tests/runtime/reject.sh
tests/runtime/reject.log: tests/runtime/apply.log
TESTS += tests/runtime/stateful.sh
EXTRA_DIST += tests/runtime/stateful.sh
# stateful.sh applies tables with live counters: not next to apply.sh's
# flush, nor next to hostile.sh, which checks that `cgnft list` stays the same
tests/runtime/stateful.log: tests/runtime/reject.log tests/hostile/hostile.log
