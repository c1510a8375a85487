# tests/runtime: apply/list/delete/flush with real traffic in test cgroups.
TESTS += tests/runtime/apply.sh
EXTRA_DIST += tests/runtime/apply.sh
# apply.sh flushes the whole ruleset: never run it next to another test that
# applies tables (automake orders tests through their .log files).
tests/runtime/apply.log: tests/hooks/apply_hooks.log
TESTS += tests/runtime/reject.sh
EXTRA_DIST += tests/runtime/reject.sh
tests/runtime/reject.log: tests/runtime/apply.log
TESTS += tests/runtime/kill.sh
EXTRA_DIST += tests/runtime/kill.sh
tests/runtime/kill.log: tests/soak/soak.log
TESTS += tests/runtime/faults.sh
EXTRA_DIST += tests/runtime/faults.sh
tests/runtime/faults.log: tests/runtime/kill.log
TESTS += tests/runtime/iface.sh
EXTRA_DIST += tests/runtime/iface.sh
# apply.sh, kill.sh and faults.sh flush the ruleset: after them
tests/runtime/iface.log: tests/runtime/reject.log tests/runtime/kill.log tests/runtime/faults.log
