#!/bin/bash
# Fuzz the whole compile pipeline (tests/fuzz/fuzz_compile.c) with libFuzzer.
#
#   scripts/fuzz.sh [-b BUILDDIR] [-j JOBS] [-k] [-t compile|import] [SECONDS]
#
# -t import fuzzes the importer instead (tests/fuzz/fuzz_import.c: netlink
# replies -> translation -> front end) from tests/fuzz/import-corpus.
#
# Builds the project out of tree in BUILDDIR (default /tmp/cgnft-fuzz-build)
# with clang, the sources with -fsanitize=fuzzer-no-link,address,undefined
# and the target linked with -fsanitize=fuzzer,address,undefined, then runs
# it for SECONDS (default 60) over a copy of tests/fuzz/corpus and
# tests/fuzz/regress with the dictionary tests/fuzz/nft.dict.  JOBS > 1 runs
# that many fuzzing processes in parallel.  Prints the executions reached.
# Crashes, leaks and timeouts are written to BUILDDIR/fuzz-run-TARGET/artifacts/;
# reproduce one with `BUILDDIR/tests/fuzz/fuzz_compile FILE` or
# `BUILDDIR/cgnft compile FILE --emit asm`, fix it, and add the input to
# tests/fuzz/regress/ as NAME.exit0.nft or NAME.exit1.nft.  The grown corpus
# stays in BUILDDIR/fuzz-run-TARGET/corpus (-k: keep it for the next run instead
# of starting again from the seeds).
# Needs clang and libclang-rt-14-dev (scripts/install-deps.sh).  `make fuzz`
# runs it for longer (FUZZ_SECONDS, default 600).
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${TMPDIR:-/tmp}/cgnft-fuzz-build
jobs=1
keep=0
target=compile
while getopts "b:j:kt:h" opt; do
	case $opt in
	b) build=$OPTARG ;;
	j) jobs=$OPTARG ;;
	k) keep=1 ;;
	t) target=$OPTARG ;;
	*) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
secs=${1:-60}
case $target in
compile) seeds=("$top"/tests/fuzz/corpus/* "$top"/tests/fuzz/regress/*)
	 dict=(-dict="$top/tests/fuzz/nft.dict") ;;
import)  seeds=("$top"/tests/fuzz/import-corpus/*); dict=() ;;
*) echo "fuzz.sh: -t compile or -t import" >&2; exit 2 ;;
esac
case $secs in ''|*[!0-9]*) echo "fuzz.sh: SECONDS must be a number" >&2; exit 2 ;; esac

sanflags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-g -O1 -fsanitize=fuzzer-no-link $sanflags"
[ -x "$top/configure" ] || { echo "fuzz.sh: run autoreconf -fi in $top first" >&2; exit 1; }
command -v clang >/dev/null || { echo "fuzz.sh: clang is not installed" >&2; exit 1; }

mkdir -p "$build" || exit 1
cd "$build" || exit 1
# configure once per flags (a changed flag set configures again)
if [ ! -f Makefile ] || [ "$(cat .fuzz-flags 2>/dev/null)" != "$cflags" ]; then
	echo "== configure (clang) in $build"
	CC=clang CFLAGS="$cflags" "$top"/configure --quiet || exit 1
	echo "$cflags" > .fuzz-flags
fi
echo "== build"
{ make -j"$(nproc)" grammar/parser.h &&
  make -j"$(nproc)" cgnft tests/fuzz/fuzz_$target \
	FUZZ_LDFLAGS="-fsanitize=fuzzer,address,undefined"; } >build.log 2>&1 ||
	{ tail -n 30 build.log; echo "fuzz.sh: build failed ($build/build.log)" >&2; exit 1; }

run=$build/fuzz-run-$target
[ "$keep" = 1 ] || rm -rf "$run/corpus"
mkdir -p "$run/corpus" "$run/artifacts" "$run/work" || exit 1
cp "${seeds[@]}" "$run/corpus/"
before=$(ls "$run/artifacts" | wc -l)

echo "== fuzz for $secs s, $jobs job(s), corpus $(ls "$run/corpus" | wc -l) files"
# includes in inputs resolve against the work directory; detect_leaks: a
# leak is a finding like a crash; max_len: rule files are small, and long
# inputs only slow the search
cd "$run/work" || exit 1
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
args=("${dict[@]}" -max_total_time="$secs" -timeout=20
      -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1
      -artifact_prefix="$run/artifacts/")
if [ "$jobs" -gt 1 ]; then
	args+=(-jobs="$jobs" -workers="$jobs")
fi
"$build"/tests/fuzz/fuzz_$target "${args[@]}" "$run/corpus" 2>"$run/fuzz.log"
status=$?
cd "$run" || exit 1

# one run: final stats; -jobs: one log per job (fuzz-N.log)
execs=$(cat "$run/fuzz.log" "$run"/work/fuzz-*.log 2>/dev/null |
	sed -n 's/^stat::number_of_executed_units: *//p' | awk '{n += $1} END {print n + 0}')
new=$(( $(ls "$run/artifacts" | wc -l) - before ))
echo "== $target: $execs executions in $secs s ($jobs job(s)); corpus now $(ls "$run/corpus" | wc -l) files"
if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
	echo "== FOUND: exit status $status, $new new artifact(s) in $run/artifacts:"
	ls -t "$run/artifacts" | head -n "$((new > 0 ? new : 5))" | sed 's/^/   /'
	grep -m1 -A12 "ERROR: \|runtime error\|Timeout\|out-of-memory" "$run/fuzz.log" "$run"/work/fuzz-*.log 2>/dev/null
	exit 1
fi
echo "== nothing found"
