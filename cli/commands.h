/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One function per subcommand, each in its own cli/cmd_*.c file.  argv[0] is
 * the subcommand name.  Return: 0 success, 1 user error (bad input, kernel
 * refused), 2 usage error.  Every command prints its own --help.
 */
#ifndef CGNFT_CLI_COMMANDS_H
#define CGNFT_CLI_COMMANDS_H

#include <stdbool.h>

#define EXIT_USER 1
#define EXIT_USAGE 2

/* -j / --json before the command (`cgnft -j list ruleset`, as nft) or
 * after it: JSON output (doc/JSON.md) for list, check, test and import. */
extern bool cli_json;
/* Print rule text `text` (named `name` in origins) as JSON on stdout
 * (cli/json_text.c); 0 or EXIT_USER. */
int cli_print_json_text(const char *name, const char *text);

int cmd_compile(int argc, char **argv);	/* cli/cmd_compile.c */
int cmd_check(int argc, char **argv);	/* cli/cmd_check.c */
void cli_heap_init(void);			/* cli/heap.c */
int cmd_apply(int argc, char **argv);	/* cli/cmd_apply.c */
int cmd_list(int argc, char **argv);	/* cli/cmd_list.c */
int cmd_delete(int argc, char **argv);	/* cli/cmd_delete.c */
int cmd_flush(int argc, char **argv);	/* cli/cmd_delete.c */
int cmd_add(int argc, char **argv);	/* cli/cmd_element.c: add element */
/* add (delete) element: argv[1] is "element" */
int cli_element(bool del, int argc, char **argv);	/* cli/cmd_element.c */
int cmd_test(int argc, char **argv);	/* cli/cmd_test.c */
int cmd_import(int argc, char **argv);	/* cli/cmd_import.c */
int cmd_monitor(int argc, char **argv);	/* cli/cmd_monitor.c */
int cmd_diff(int argc, char **argv);	/* cli/cmd_diff.c */
#include <stdbool.h>
int cmd_import_file(const char *path, const char *cgroup, const char *out_path,
		    bool skip_unsupported);	/* cli/cmd_import_file.c */

/* cli/opt_codegen.c: `-O0` (rules in order, no classifier) and
 * `--classify-min N` (classify runs of N rules or more), for compile, check
 * and test.  cli_classify_opt returns 1 when it took the option, 0 when it
 * is not one of these, -1 on a bad value. */
#include <stddef.h>
struct ir_unit;
#include <stdbool.h>
#define CLI_OPT_CLASSIFY_MIN 0x1000
#define CLI_OPT_HELPER_LOADS 0x1001
#define CLI_OPT_REJECT_AS_DROP 0x1002
#define CLI_CLASSIFY_LONGOPT \
	{ "classify-min", required_argument, NULL, CLI_OPT_CLASSIFY_MIN }, \
	{ "helper-loads", no_argument, NULL, CLI_OPT_HELPER_LOADS }, \
	{ "reject-as-drop", no_argument, NULL, CLI_OPT_REJECT_AS_DROP }
#define CLI_CLASSIFY_USAGE \
	"  -O0                  no classifier: every rule compiled in order\n" \
	"  --classify-min N     classify runs of N or more rules (default 16)\n" \
	"  --helper-loads       read packets only with bpf_skb_load_bytes, not\n" \
	"                       directly (needs no CAP_PERFMON for the reads)\n" \
	CLI_REJECT_USAGE
#define CLI_REJECT_USAGE \
	"  --reject-as-drop     run reject as drop, with a warning (a cgroup\n" \
	"                       program cannot send nft's ICMP error or reset)\n"
int cli_classify_opt(int c, const char *arg);
void cli_classify(struct ir_unit *unit);
extern bool cli_helper_loads;
extern bool cli_reject_as_drop;


#endif
