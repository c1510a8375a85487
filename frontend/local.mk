noinst_LIBRARIES += libcgnft_fe.a
libcgnft_fe_a_SOURCES = frontend/frontend.h frontend/stub.c
