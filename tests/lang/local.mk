# tests/lang: accept/reject agreement of cgnft with nft on a corpus of
# single rules generated from the grammar of `man nft` (issue 13).
TESTS += tests/lang/agree.sh
EXTRA_DIST += tests/lang/agree.sh tests/lang/agree.py tests/lang/gen_corpus.py \
	tests/lang/README.md tests/lang/tests_py.py

# make lang-agree: the full measurement, with every disagreeing rule.
LANG_AGREE_ARGS = --count 3000 --details
lang-agree: cgnft
	python3 $(srcdir)/tests/lang/agree.py --cgnft '$(abs_top_builddir)/cgnft' \
		$(LANG_AGREE_ARGS)
.PHONY: lang-agree
