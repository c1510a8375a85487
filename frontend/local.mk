noinst_LIBRARIES += libcgnft_fe.a
libcgnft_fe_a_SOURCES = frontend/frontend.h frontend/source.c
# parsing: grammar/ and the syntax tree
libcgnft_fe_a_SOURCES += grammar/parser.y grammar/scanner.l grammar/keywords.c
libcgnft_fe_a_SOURCES += frontend/loc.h frontend/tree.h frontend/tree.c frontend/tree_text.c \
	frontend/tree_json.c frontend/eval_json.c
libcgnft_fe_a_SOURCES += frontend/parse.h frontend/parse.c
libcgnft_fe_a_SOURCES += frontend/parse_tree.h frontend/parse_tree.c
libcgnft_fe_a_SOURCES += frontend/diag.h frontend/diag.c
# evaluation: datatypes, header fields, tables, rules
libcgnft_fe_a_SOURCES += frontend/datatype.h frontend/datatype_impl.h frontend/datatype_tables.h frontend/datatype.c frontend/datatype_types.c
libcgnft_fe_a_SOURCES += frontend/proto.h frontend/proto.c frontend/proto_tables.h
libcgnft_fe_a_SOURCES += frontend/evaluate.h frontend/evaluate.c frontend/eval_expr.c frontend/eval_ct.c
libcgnft_fe_a_SOURCES += frontend/eval_rule.h frontend/eval_rule.c frontend/eval_listing.c frontend/eval_reject.c frontend/eval_lhs.c frontend/eval_xfer.c frontend/eval_hash.c
libcgnft_fe_a_SOURCES += frontend/eval_lookup.c frontend/eval_setstmt.c
libcgnft_fe_a_SOURCES += frontend/eval_state.h frontend/eval_state.c frontend/eval_log.h frontend/eval_log.c
libcgnft_fe_a_SOURCES += frontend/eval_set.c frontend/eval_elems.c frontend/eval_merge.c frontend/eval_dynset.c
# test packets (cgnft test) and the nftables importer
libcgnft_fe_a_SOURCES += frontend/types.h frontend/types.c frontend/fields.h frontend/fields.c
libcgnft_fe_a_SOURCES += frontend/packet.h frontend/packet.c
libcgnft_fe_a_SOURCES += frontend/import.h frontend/import_netlink.c frontend/import_emit.c frontend/import_rule.c frontend/import_field.c frontend/import_value.c frontend/import_set.c frontend/import_cgroup.c frontend/import_state.c frontend/import_locate.c frontend/import_file.c frontend/import_reject.c frontend/import_dynset.c
