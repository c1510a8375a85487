#!/bin/bash
# Issue 16: as root, cgnft refuses rule files (and includes) that another
# user can change: not owned by root, writable by a non-root group or by
# everyone, or in a directory another user can change.  Each case: exit 1,
# a message naming the reason (the include's at the include's location),
# no output file, and --no-owner-check lets the same file through.
. "$TOP_SRCDIR/tests/lib.sh"
if [ "$(id -u)" != 0 ]; then
	skip "the owner check applies to root only; run as root"; done_testing; exit 0
fi
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
good=$TOP_SRCDIR/examples/web.nft

# refused NAME WANT CMD...: exit 1, stderr has WANT, no output object
refused() {
	local name=$1 want=$2 out
	shift 2
	rm -f "$T/out.o"
	out=$("$@" 2>&1 >/dev/null); local rc=$?
	if [ $rc = 1 ] && grep -qF -- "$want" <<<"$out" && [ ! -e "$T/out.o" ]; then
		ok "$name"
	else
		not_ok "$name (exit $rc)"; echo "$out" | diag
	fi
}
accepted() {
	local name=$1
	shift
	rm -f "$T/out.o"
	if "$@" >/dev/null 2>&1 && [ -s "$T/out.o" ]; then ok "$name"; else not_ok "$name"; fi
}

new_dir() { rm -rf "$T/d"; mkdir -m 755 "$T/d"; cp "$good" "$T/d/r.nft"; chmod 644 "$T/d/r.nft"; }

new_dir
accepted "a root-owned 0644 file in a root directory compiles" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
chmod 666 "$T/d/r.nft"
refused "a file writable by everyone is refused" "writable by everyone (mode 0666)" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
accepted "--no-owner-check reads it" \
	"$CGNFT" --no-owner-check compile "$T/d/r.nft" -o "$T/out.o"
chmod 664 "$T/d/r.nft"; chgrp 100 "$T/d/r.nft"
refused "a file writable by a non-root group is refused" "writable by group 100" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
chgrp 0 "$T/d/r.nft"
accepted "writable by root's group is fine" "$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
chmod 644 "$T/d/r.nft"; chown 65534 "$T/d/r.nft"
refused "a file owned by another user is refused" "owned by uid 65534, not root" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
new_dir; chown 65534 "$T/d"
refused "a file in a directory another user owns is refused" "its directory $T/d is owned by uid 65534" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
new_dir; chmod 777 "$T/d"
refused "a file in a world-writable directory is refused" "its directory $T/d is writable by everyone" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"
chmod 1777 "$T/d"
accepted "a sticky world-writable directory (as /tmp) is fine" \
	"$CGNFT" compile "$T/d/r.nft" -o "$T/out.o"

# an include is checked too, and the error points at the include
new_dir
printf 'include "inc.nft"\n' > "$T/d/main.nft"
grep -v '^define' "$good" >> "$T/d/main.nft"
grep '^define' "$good" > "$T/d/inc.nft"
accepted "an include owned by root compiles" "$CGNFT" compile "$T/d/main.nft" -o "$T/out.o"
chmod 666 "$T/d/inc.nft"
refused "an include writable by everyone is refused at the include" \
	"main.nft:1:9-17: Error: Could not process rule: include file \"inc.nft\": writable by everyone" \
	"$CGNFT" compile "$T/d/main.nft" -o "$T/out.o"
accepted "--no-owner-check reads the include" \
	"$CGNFT" --no-owner-check compile "$T/d/main.nft" -o "$T/out.o"

# every command that reads rule files as root checks them
chmod 666 "$T/d/r.nft"
for cmd in check apply; do
	refused "cgnft $cmd refuses the file too" "writable by everyone" "$CGNFT" "$cmd" "$T/d/r.nft"
done
refused "cgnft -c -f refuses the file too" "writable by everyone" "$CGNFT" -c -f "$T/d/r.nft"
refused "cgnft test refuses the file too" "writable by everyone" \
	"$CGNFT" test "$T/d/r.nft" --packet 'tcp dport 22'

# not root: no check (the user can change the file anyway)
chmod 755 "$T"; new_dir; chown -R 65534 "$T/d"
if out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$CGNFT" compile "$T/d/r.nft" --emit ir 2>&1); then
	ok "a non-root user compiles its own file"
else
	not_ok "a non-root user compiles its own file"; echo "$out" | diag
fi
done_testing
