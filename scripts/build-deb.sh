#!/bin/sh
# Build the Debian package from this checkout (tracked files and new ones
# that are not ignored, as they are on disk) in a scratch copy, and print
# the path of the .deb.  usage: scripts/build-deb.sh [OUTDIR]
# Needs debhelper and dpkg-dev (scripts/install-deps.sh installs them).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top}
work=$(mktemp -d /tmp/cgnft-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/cgnft"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$top" && git ls-files -co --exclude-standard -z |
		xargs -0 tar cf - --no-recursion) | tar xf - -C "$work/cgnft"
else	# an unpacked release tarball (make distcheck): all of it is source
	(cd "$top" && tar cf - .) | tar xf - -C "$work/cgnft"
	chmod -R u+w "$work/cgnft"
fi
(cd "$work/cgnft" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
	tail -40 "$work/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed" >&2
	exit 1
}
mkdir -p "$out"
for f in "$work"/*.deb; do
	cp "$f" "$out/"
	echo "$out/${f##*/}"
done
