# tests/runtime: apply/list/delete/flush with real traffic in test cgroups.
TESTS += tests/runtime/apply.sh
EXTRA_DIST += tests/runtime/apply.sh
