# tests/pkg: what `make install` and the Debian package ship, and that it
# works: manual pages, the systemd unit, bash completion, the .deb.
TESTS += tests/pkg/man.sh tests/pkg/install.sh tests/pkg/deb.sh
EXTRA_DIST += tests/pkg/man.sh tests/pkg/install.sh tests/pkg/deb.sh
