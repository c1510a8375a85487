#!/bin/sh
# Install everything cgnft needs to build and test, from Debian packages.
set -e
PKGS="build-essential autoconf automake libtool pkg-config flex bison
clang llvm libbpf-dev libelf-dev zlib1g-dev libnftnl-dev libmnl-dev
nftables bpftool iproute2 iputils-ping netcat-openbsd gnuplot-nox
python3 util-linux"
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
