#!/bin/bash
# `make install` ships the binary, both manual pages, the systemd unit (with
# the installed paths filled in), bash completion, the documentation and the
# examples; the installed binary runs; `make uninstall` removes it all.
. "$TOP_SRCDIR/tests/lib.sh"
dest=$TMPD/root
# a sub-make of our own: not the jobserver of the `make check` running us
unset MAKEFLAGS MAKELEVEL MFLAGS
if ! make -C "$TOP_BUILDDIR" install DESTDIR="$dest" >"$TMPD/install.log" 2>&1; then
	not_ok "make install"; tail -20 "$TMPD/install.log" | diag; done_testing; exit 0
fi
ok "make install DESTDIR=..."
eval "$(make -C "$TOP_BUILDDIR" -s --no-print-directory -f - print-dirs <<'MK'
include Makefile
print-dirs:
	@echo sbindir='$(sbindir)' mandir='$(mandir)' docdir='$(docdir)' \
	datadir='$(datadir)' unitdir='$(systemdsystemunitdir)' sysconfdir='$(sysconfdir)'
MK
)"
for f in "$sbindir/cgnft" "$mandir/man8/cgnft.8" "$mandir/man5/cgnft-rules.5" \
	"$unitdir/cgnft.service" "$datadir/bash-completion/completions/cgnft" \
	"$docdir/README" "$docdir/LANGUAGE.md" "$docdir/examples/web.nft"; do
	check "installed: $f" test -s "$dest$f"
done
check "the installed binary runs" \
	grep -q '^cgnft ' <<<"$("$dest$sbindir/cgnft" --version)"
check "the installed binary checks an installed example in the kernel" \
	"$dest$sbindir/cgnft" check "$dest$docdir/examples/web.nft"

unit=$dest$unitdir/cgnft.service
check "the unit has no unfilled @...@" bash -c '! grep -q "@[a-z]*@" "$1"' _ "$unit"
check "the unit runs the installed binary" \
	grep -q "^ExecStart=.* $sbindir/cgnft apply --create" "$unit"
check "the unit reads rules from $sysconfdir/cgnft" \
	grep -q "^ConditionDirectoryNotEmpty=$sysconfdir/cgnft$" "$unit"
check "the unit's documentation exists" \
	test -f "$dest$(sed -n 's/^Documentation=.*file:\([^ ]*\).*/\1/p' "$unit")"
# systemd's own check of the unit, inside the installed tree (with
# the shell the unit runs; the unit is verified as a copy in /etc/systemd/system,
# since systemd finds units only in its own directories (a test prefix is not)
mkdir -p "$dest/bin" "$dest/etc/systemd/system" && cp "$(readlink -f /bin/sh)" "$dest/bin/sh"
cp "$unit" "$dest/etc/systemd/system/cgnft.service"
if out=$(systemd-analyze verify --man=no --root="$dest" /etc/systemd/system/cgnft.service 2>&1); then
	ok "systemd-analyze verify accepts the unit"
else
	not_ok "systemd-analyze verify accepts the unit"; echo "$out" | diag
fi
check "man finds both pages in the installed tree" \
	test -n "$(MANPATH=$dest$mandir man -w cgnft 2>/dev/null)" -a \
	     -n "$(MANPATH=$dest$mandir man -w 5 cgnft-rules 2>/dev/null)"

rm -r "$dest/bin" "$dest/etc/systemd"
make -C "$TOP_BUILDDIR" uninstall DESTDIR="$dest" >/dev/null 2>&1
left=$(find "$dest" -type f | sed "s|^$dest||")
check "make uninstall removes every file${left:+ (left: $left)}" test -z "$left"
done_testing
