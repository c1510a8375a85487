# tests/realworld: public nftables files, imported with cgnft import --file
TESTS += tests/realworld/corpus.sh
EXTRA_DIST += tests/realworld/corpus.sh tests/realworld/measure.py \
	tests/realworld/expected tests/realworld/users tests/realworld/SOURCES \
	tests/realworld/RESULTS.md $(wildcard $(srcdir)/tests/realworld/files/*.nft)
