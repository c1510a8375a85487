# tests/ct: ct matches, judged against nft on real connections.
TESTS += tests/ct/frontend.sh tests/ct/ingress.sh tests/ct/egress.sh
EXTRA_DIST += tests/ct/frontend.sh tests/ct/ingress.sh tests/ct/egress.sh tests/ct/traffic.py
# it applies tables: after the tests that flush the ruleset
tests/ct/ingress.log: tests/runtime/reject.log
tests/ct/egress.log: tests/ct/ingress.log
