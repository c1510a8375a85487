# tests/hostile: malformed and hostile rule files (issue 16).
TESTS += tests/hostile/hostile.sh
EXTRA_DIST += tests/hostile/hostile.sh tests/hostile/hostile_gen.py tests/hostile/hostile_run.py
# its `cgnft apply` sample must not run beside apply.sh's flush
tests/hostile/hostile.log: tests/runtime/reject.log
