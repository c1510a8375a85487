noinst_LIBRARIES += libcgnft_rt.a
libcgnft_rt_a_SOURCES = runtime/stub.c
