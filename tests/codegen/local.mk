# tests/codegen: generated cgroup_skb programs judged by the real kernel.
check_PROGRAMS += tests/codegen/test_skb
tests_codegen_test_skb_SOURCES = tests/codegen/test_skb.c
tests_codegen_test_skb_LDADD = $(CGNFT_LIBS)
TESTS += tests/codegen/test_skb
check_PROGRAMS += tests/codegen/test_elf
tests_codegen_test_elf_SOURCES = tests/codegen/test_elf.c
tests_codegen_test_elf_LDADD = $(CGNFT_LIBS)
TESTS += tests/codegen/test_elf
check_PROGRAMS += tests/codegen/test_kernel
tests_codegen_test_kernel_SOURCES = tests/codegen/test_kernel.c
tests_codegen_test_kernel_LDADD = $(CGNFT_LIBS)
TESTS += tests/codegen/test_kernel
