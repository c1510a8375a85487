# The CLI: main.c dispatches; each cmd_*.c file is one subcommand.
sbin_PROGRAMS += cgnft
cgnft_SOURCES = cli/main.c cli/commands.h \
	cli/cmd_compile.c cli/cmd_check.c cli/cmd_apply.c cli/cmd_list.c \
	cli/cmd_delete.c cli/cmd_element.c cli/cmd_test.c cli/cmd_import.c cli/cmd_import_file.c cli/opt_codegen.c \
	cli/heap.c cli/json_text.c cli/cmd_monitor.c cli/monitor.h cli/monitor_event.c \
	cli/analysis.h cli/analysis.c cli/analysis_hookdims.c cli/check_warnings.h cli/check_warnings.c cli/cmd_diff.c
cgnft_LDADD = $(CGNFT_LIBS)
