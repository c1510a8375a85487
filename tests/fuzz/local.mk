# tests/fuzz: the libFuzzer target over the whole compile pipeline (built
# and run by scripts/fuzz.sh or `make fuzz`, with clang), its seed corpus
# and dictionary, and two tests that need no fuzzer: every corpus and
# regression input through `cgnft compile` (exit 0 or 1, never a crash;
# under --enable-sanitizers also no sanitizer report).
EXTRA_PROGRAMS += tests/fuzz/fuzz_compile
tests_fuzz_fuzz_compile_SOURCES = tests/fuzz/fuzz_compile.c
tests_fuzz_fuzz_compile_LDADD = $(CGNFT_LIBS)
# scripts/fuzz.sh sets FUZZ_LDFLAGS=-fsanitize=fuzzer,address,undefined
tests_fuzz_fuzz_compile_LDFLAGS = $(FUZZ_LDFLAGS)
# the importer's target: any well-formed dump -> translation -> front end
EXTRA_PROGRAMS += tests/fuzz/fuzz_import
tests_fuzz_fuzz_import_SOURCES = tests/fuzz/fuzz_import.c
tests_fuzz_fuzz_import_LDADD = $(CGNFT_LIBS)
tests_fuzz_fuzz_import_LDFLAGS = $(FUZZ_LDFLAGS)
CLEANFILES += tests/fuzz/fuzz_compile tests/fuzz/fuzz_import
TESTS += tests/fuzz/regress.sh tests/fuzz/corpus.sh
EXTRA_DIST += tests/fuzz/regress.sh tests/fuzz/corpus.sh tests/fuzz/compile_one.sh tests/fuzz/nft.dict \
	tests/fuzz/import-corpus \
	tests/fuzz/corpus tests/fuzz/regress
