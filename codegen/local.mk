noinst_LIBRARIES += libcgnft_cg.a
libcgnft_cg_a_SOURCES = codegen/codegen.h codegen/stub.c
libcgnft_cg_a_SOURCES += codegen/hook_gen.h
libcgnft_cg_a_SOURCES += codegen/hook_emit.c
libcgnft_cg_a_SOURCES += codegen/hook_sysctl.c
libcgnft_cg_a_SOURCES += codegen/hook_sock.c
