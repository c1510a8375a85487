noinst_LIBRARIES += libcgnft_ir.a
libcgnft_ir_a_SOURCES = ir/ir.h ir/ir.c ir/ir_print.c ir/fileio.h ir/fileio.c ir/xalloc.h ir/xalloc.c \
	ir/classify.h ir/cls_internal.h ir/classify.c ir/cls_rule.c ir/cls_table.c ir/cls_hash.c ir/cls_index.c ir/cls_set.c ir/cls_tree.c \
	ir/strset.h ir/strset.c ir/ir_place.h ir/ir_place.c ir/json.h ir/json.c \
	ir/prog_name.h ir/prog_name.c \
	ir/region.h ir/region.c
