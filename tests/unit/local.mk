# tests/unit: the front end's building blocks, one C TAP program each, and
# oracles that compare them with the installed nft.
check_PROGRAMS += tests/unit/test_datatype
tests_unit_test_datatype_SOURCES = tests/unit/test_datatype.c
tests_unit_test_datatype_LDADD = $(CGNFT_LIBS)
TESTS += tests/unit/test_datatype

# datatype_oracle.sh: `nft describe` and nft's own parsing against
# dt_dump (skips without nft or without the right to create a network
# namespace).
check_PROGRAMS += tests/unit/dt_dump
tests_unit_dt_dump_SOURCES = tests/unit/dt_dump.c
tests_unit_dt_dump_LDADD = $(CGNFT_LIBS)
TESTS += tests/unit/datatype_oracle.sh
EXTRA_DIST += tests/unit/datatype_oracle.sh scripts/gen-datatype-tables.sh
