#!/bin/sh
# Install everything cgnft needs to build and test, from Debian packages.
# libasan8/libubsan1: --enable-sanitizers with gcc (.ci/run);
# libclang-rt-14-dev: libFuzzer and the sanitizers with clang (scripts/fuzz.sh).
# debhelper, dpkg-dev: the .deb (scripts/build-deb.sh); man-db, groff-base,
# systemd: the manual pages and the unit are checked (tests/pkg).
set -e
PKGS="build-essential autoconf automake libtool pkg-config flex bison
clang llvm libbpf-dev libelf-dev zlib1g-dev libnftnl-dev libmnl-dev
nftables bpftool iproute2 iputils-ping netcat-openbsd gnuplot-nox
python3 util-linux
libasan8 libubsan1 libclang-rt-14-dev
debhelper dpkg-dev man-db groff-base systemd"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends $missing
fi
