# tests/realworld: public nftables files, imported with cgnft import --file
TESTS += tests/realworld/corpus.sh tests/realworld/verdicts.sh
EXTRA_DIST += tests/realworld/corpus.sh tests/realworld/verdicts.sh tests/realworld/tocases.py tests/realworld/measure.py \
	tests/realworld/expected tests/realworld/users tests/realworld/SOURCES \
	tests/realworld/RESULTS.md $(wildcard $(srcdir)/tests/realworld/files/*.nft)
