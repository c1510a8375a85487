bin_PROGRAMS += cgnft
cgnft_SOURCES = cli/main.c
cgnft_LDADD = $(CGNFT_LIBS)
