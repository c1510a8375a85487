noinst_LIBRARIES += libcgnft_cg.a
libcgnft_cg_a_SOURCES = codegen/codegen.h codegen/cg_object.h
libcgnft_cg_a_SOURCES += codegen/object.c codegen/rodata_note.c
libcgnft_cg_a_SOURCES += codegen/asm_print.c codegen/asm_data.c codegen/verify_fit.c codegen/peephole.c
libcgnft_cg_a_SOURCES += codegen/hook_skb.c codegen/skb_bytes.h codegen/skb_bytes.c \
	codegen/skb_ipv6.c codegen/skb_tcpopt.c codegen/skb_sctp.c codegen/skb_kernel.c \
	codegen/skb_ct.h codegen/skb_ct.c \
	codegen/skb_hash.h codegen/skb_hash.c
libcgnft_cg_a_SOURCES += codegen/gen_bsearch.c
libcgnft_cg_a_SOURCES += codegen/gen_classify.c codegen/cls_lookup.h \
	codegen/cls_lookup.c codegen/gen_tree.c codegen/gen_settable.c codegen/gen_mapclass.c
libcgnft_cg_a_SOURCES += codegen/hook_gen.h
libcgnft_cg_a_SOURCES += codegen/hook_emit.c codegen/gen_state.c codegen/gen_dynset.c \
	codegen/gen_log.c codegen/log_event.h codegen/hook_jumps.c
libcgnft_cg_a_SOURCES += codegen/hook_sysctl.c codegen/sysctl_table.c codegen/sysctl_glob.c codegen/sysctl_gen.h
libcgnft_cg_a_SOURCES += codegen/hook_sock.c
libcgnft_cg_a_SOURCES += codegen/elf_btf.h codegen/load_values.h codegen/host_values.h
libcgnft_cg_a_SOURCES += codegen/kernel_types.h codegen/kernel_types.c
libcgnft_cg_a_SOURCES += codegen/elf_write.c
libcgnft_cg_a_SOURCES += codegen/btf_write.c
