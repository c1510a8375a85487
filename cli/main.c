// SPDX-License-Identifier: GPL-2.0
/* cgnft entry point: global options, then dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "ir/fileio.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

bool cli_json;

static const struct command commands[] = {
	{ "compile", cmd_compile, "compile FILE [-o OUT.o | --emit asm|ir]" },
	{ "check",   cmd_check,   "check FILE: compile and load into the kernel, no attach" },
	{ "apply",   cmd_apply,   "apply FILE: compile, load, attach, pin (atomic)" },
	{ "list",    cmd_list,    "list [ruleset | table NAME | cgroup PATH] [-j] | set TABLE SET" },
	{ "add",     cmd_add,     "add element [cgroup] TABLE SET { ELEMENT, ... }" },
	{ "delete",  cmd_delete,  "delete table NAME | element [cgroup] TABLE SET { ... }" },
	{ "flush",   cmd_flush,   "flush ruleset" },
	{ "test",    cmd_test,    "test FILE --packet 'ip saddr 10.0.0.1 tcp dport 22' | --hex HEX" },
	{ "monitor", cmd_monitor, "monitor [-j] [--count N] [--drain]: log statements' events" },
	{ "diff",    cmd_diff,    "diff [-j] OLD NEW: the packets whose verdict changes" },
	{ "import",  cmd_import,  "import FAMILY TABLE CHAIN --cgroup PATH | --file NFTFILE --cgroup PATH" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: cgnft [-c] -f FILE\n"
		"       cgnft COMMAND [ARGS]\n"
		"\n"
		"Compile nftables-style rules, per cgroup, to eBPF for the cgroup hooks.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out,
		"\n"
		"Options:\n"
		"  -j, --json    (before COMMAND) JSON output, as nft -j: list, check,\n"
		"                test, import\n"
		"  -f FILE       apply FILE (nft -f)\n"
		"  -c -f FILE    check FILE only (nft -c -f)\n"
		"  --no-owner-check  (first) as root, read rule files that other users\n"
		"                can change (refused otherwise)\n"
		"  -h, --help    this text; COMMAND --help for a command\n"
		"  -v, --version print the version\n"
		"\n"
		"Exit status: 0 success, 1 error in the input or refused by the kernel,\n"
		"2 usage error.\n");
}

/* nft's short forms: `-f FILE` applies, `-c -f FILE` only checks. */
static int run_short_form(int argc, char **argv)
{
	int check = 0;
	const char *file = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--check")) {
			check = 1;
		} else if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "--file")) &&
			   i + 1 < argc && !file) {
			file = argv[++i];
		} else {
			fprintf(stderr, "cgnft: unexpected argument '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!file) {
		usage(stderr);
		return EXIT_USAGE;
	}
	char *sub[] = { check ? "check" : "apply", (char *)file, NULL };
	return check ? cmd_check(2, sub) : cmd_apply(2, sub);
}

int main(int argc, char **argv)
{
	cli_heap_init();
	fileio_owner_check = geteuid() == 0;
	if (argc >= 2 && !strcmp(argv[1], "--no-owner-check")) {
		fileio_owner_check = false;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version") ||
	    !strcmp(argv[1], "version")) {
		printf("cgnft %s\n", PACKAGE_VERSION);
		return 0;
	}
	/* nft's global -j: `cgnft -j list ruleset` */
	while (argc >= 3 && (!strcmp(argv[1], "-j") || !strcmp(argv[1], "--json"))) {
		cli_json = true;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	if (argv[1][0] == '-')
		return run_short_form(argc, argv);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "cgnft: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
