noinst_LIBRARIES += libcgnft_rt.a
libcgnft_rt_a_SOURCES = runtime/cgroup2.h runtime/cgroup2.c
libcgnft_rt_a_SOURCES += runtime/load.h runtime/load.c
