#!/bin/bash
# The Debian package: `dpkg-buildpackage -us -uc -b` (scripts/build-deb.sh)
# builds a .deb with the right contents and dependencies.  In CI (CI=true,
# a throwaway machine), or with CGNFT_TEST_DEB_INSTALL=1, the package is
# really installed with dpkg, used (a rule file checked in the kernel from
# /etc/cgnft, man, the unit known to systemd's tools) and purged.
# Elsewhere the package is unpacked into a scratch directory and its
# binary run from there, so a developer's /usr is not touched.
. "$TOP_SRCDIR/tests/lib.sh"
for tool in dpkg-buildpackage dh; do
	command -v "$tool" >/dev/null || {
		not_ok "$tool is installed (scripts/install-deps.sh)"; done_testing; exit 0; }
done
unset MAKEFLAGS MAKELEVEL MFLAGS
if ! debs=$("$TOP_SRCDIR/scripts/build-deb.sh" "$TMPD/out" 2>"$TMPD/build.err"); then
	not_ok "dpkg-buildpackage -us -uc -b"; diag <"$TMPD/build.err"; done_testing; exit 0
fi
deb=$(grep -v dbgsym <<<"$debs")
check "dpkg-buildpackage -us -uc -b builds cgnft_*.deb" test -f "$deb"

files=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for f in ./usr/sbin/cgnft ./usr/share/man/man8/cgnft.8.gz ./usr/share/man/man5/cgnft-rules.5.gz \
	./lib/systemd/system/cgnft.service ./usr/share/bash-completion/completions/cgnft \
	./usr/share/doc/cgnft/copyright ./usr/share/doc/cgnft/README \
	./usr/share/doc/cgnft/examples/web.nft ./etc/cgnft/; do
	check "the package ships $f" grep -qxF -- "$f" <<<"$files"
done
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libbpf1 libnftnl11 libmnl0 libc6; do
	check "Depends names $lib (shlibs)" grep -q "\b$lib\b" <<<"$depends"
done
# the unit (enabled at boot by the postinst, never started or stopped on
# install: its ExecStop flushes every table)
dpkg-deb -e "$deb" "$TMPD/control"
check "postinst enables the unit without starting it" \
	bash -c 'grep -q "deb-systemd-helper.*enable" "$1" && ! grep -q "deb-systemd-invoke.*start" "$1"' \
	_ "$TMPD/control/postinst"

if [ "${CI:-}" = true ] || [ "${CGNFT_TEST_DEB_INSTALL:-}" = 1 ]; then
	if dpkg -s cgnft >/dev/null 2>&1; then
		skip "install test: a cgnft package is installed here already"
		done_testing; exit 0
	fi
	if ! dpkg -i "$deb" >"$TMPD/dpkg.log" 2>&1; then
		not_ok "dpkg -i"; diag <"$TMPD/dpkg.log"; dpkg --purge cgnft >/dev/null 2>&1
		done_testing; exit 0
	fi
	check "dpkg -i installs it (state: install ok installed)" \
		test "$(dpkg-query -W -f='${Status}' cgnft)" = "install ok installed"
	cp /usr/share/doc/cgnft/examples/web.nft /etc/cgnft/web.nft
	check "/usr/sbin/cgnft checks /etc/cgnft/web.nft in the kernel" \
		/usr/sbin/cgnft check /etc/cgnft/web.nft
	check "man cgnft and man 5 cgnft-rules find the pages" \
		bash -c 'man -w cgnft >/dev/null && man -w 5 cgnft-rules >/dev/null'
	check "the unit is enabled for boot (sysinit.target wants it)" \
		test -L /etc/systemd/system/sysinit.target.wants/cgnft.service
	rm -f /etc/cgnft/web.nft
	dpkg --purge cgnft >"$TMPD/purge.log" 2>&1
	left=$(ls -d /usr/sbin/cgnft /lib/systemd/system/cgnft.service \
		/etc/systemd/system/sysinit.target.wants/cgnft.service /etc/cgnft 2>/dev/null)
	if [ -z "$left" ]; then
		ok "dpkg --purge removes the binary, the unit, its enablement and /etc/cgnft"
	else
		not_ok "dpkg --purge removes the binary, the unit, its enablement and /etc/cgnft"
		{ echo "left: $left"; cat "$TMPD/purge.log"; } | diag
	fi
else
	dpkg-deb -x "$deb" "$TMPD/x"
	check "the unpacked binary runs" "$TMPD/x/usr/sbin/cgnft" --version
	check "the unpacked binary checks the packaged example in the kernel" \
		"$TMPD/x/usr/sbin/cgnft" check "$TMPD/x/usr/share/doc/cgnft/examples/web.nft"
	skip "dpkg -i / --purge: runs in CI or with CGNFT_TEST_DEB_INSTALL=1 (changes /usr)"
fi
done_testing
