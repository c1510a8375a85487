# tests/ct: ct matches, judged against nft on real connections.
TESTS += tests/ct/frontend.sh tests/ct/ingress.sh tests/ct/egress.sh tests/ct/keys.sh
EXTRA_DIST += tests/ct/frontend.sh tests/ct/ingress.sh tests/ct/egress.sh tests/ct/keys.sh tests/ct/traffic.py
# they apply tables: after the chain of tests that apply, flush and kill
tests/ct/ingress.log: tests/runtime/alloc_faults.log
tests/ct/egress.log: tests/ct/ingress.log
