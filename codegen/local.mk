noinst_LIBRARIES += libcgnft_cg.a
libcgnft_cg_a_SOURCES = codegen/codegen.h codegen/stub.c
