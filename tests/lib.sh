# Shared helpers for shell tests: TAP output and a few assertions.
# Sourced by tests/*/*.sh; $CGNFT, $TOP_SRCDIR, $TOP_BUILDDIR come from make.
: "${CGNFT:=$(pwd)/cgnft}"
: "${TOP_SRCDIR:=.}"
tap_n=0
ok()     { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); echo "not ok $tap_n - $*"; }
skip()   { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $*"; }
diag()   { sed 's/^/# /'; }
# check "description" command...: ok when the command succeeds.
check()  { local d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
done_testing() { echo "1..$tap_n"; }
# A scratch directory removed at exit.
TMPD=$(mktemp -d /tmp/cgnft-test.XXXXXX)
trap 'rm -rf "$TMPD"' EXIT
