// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft import FAMILY TABLE CHAIN --cgroup PATH [-o FILE]
 *
 * Read the live nftables ruleset and write the base chain CHAIN (with the
 * chains and sets it uses) as a cgnft table for cgroup PATH.  Everything is
 * translated in memory first: on any error nothing is written.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "frontend/import.h"
#include "ir/fileio.h"

static void import_usage(FILE *out)
{
	fprintf(out,
		"Usage: cgnft import FAMILY TABLE CHAIN --cgroup PATH [-o FILE] [--reject-as-drop]\n"
		"       cgnft import --file NFTFILE --cgroup PATH [-o FILE] [--skip-unsupported]\n"
		"                    [--reject-as-drop]\n"
		"\n"
		"Read nftables table FAMILY TABLE (inet, ip or ip6) from the kernel and\n"
		"write its base chain CHAIN, the chains it jumps to and the sets it uses\n"
		"as a cgnft table for cgroup PATH (hook output -> egress, input -> ingress).\n"
		"  --cgroup PATH        the cgroup the table applies to (required)\n"
		"  -o, --output FILE    write FILE (atomically) instead of stdout\n"
		"  -j, --json           print the imported table as JSON (doc/JSON.md)\n"
		"                       instead of nft text (-o FILE still gets the text)\n"
		"Rules with no cgroup-hook equivalent (notrack, nat, reject without\n"
		"--reject-as-drop, ...)\n"
		"are errors naming the rule's handle; nothing is written then.\n"
		"\n"
		"--file NFTFILE: load NFTFILE with nft in a private network namespace\n"
		"and import every filter input (-> ingress) and output (-> egress) base\n"
		"chain of it; every other chain is reported as left out, every rule that\n"
		"cannot be carried is reported with its line (doc/IMPORT.md).\n"
		"  --skip-unsupported   write the rest anyway, each refused rule as a\n"
		"                       comment saying why (else: exit 1, nothing written)\n"
		"  --reject-as-drop     carry reject (a cgroup program cannot send the ICMP\n"
		"                       error or TCP reset): the output runs it as drop and\n"
		"                       needs --reject-as-drop to compile or apply\n");
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cgroup", required_argument, NULL, 'c' },
		{ "output", required_argument, NULL, 'o' },
		{ "file", required_argument, NULL, 'f' },
		{ "skip-unsupported", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "reject-as-drop", no_argument, NULL, 'R' },
		{ 0 }
	};
	const char *cgroup = NULL, *out_path = NULL, *file = NULL;
	bool skip = false;
	char err[IMP_ERR_LEN];
	struct imp_dump d;
	char *text;
	int c, family, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:hj", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli_json = true;
			break;
		case 'c':
			cgroup = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 's':
			skip = true;
			break;
		case 'R':
			imp_reject_as_drop = true;
			break;
		case 'h':
			import_usage(stdout);
			return 0;
		default:
			import_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (file && argc == optind && cgroup)
		return cmd_import_file(file, cgroup, out_path, skip);
	if (file || skip) {
		fprintf(stderr, "cgnft import: %s\n", !cgroup ? "--cgroup PATH is required" :
			file ? "--file takes no FAMILY TABLE CHAIN" :
			"--skip-unsupported goes with --file");
		import_usage(stderr);
		return EXIT_USAGE;
	}
	if (argc - optind != 3 || !cgroup) {
		fprintf(stderr, "cgnft import: %s\n", !cgroup ? "--cgroup PATH is required" :
			"expected FAMILY TABLE CHAIN");
		import_usage(stderr);
		return EXIT_USAGE;
	}
	family = imp_family_from_name(argv[optind]);
	if (!family) {
		fprintf(stderr, "cgnft import: family \"%s\" cannot be imported "
			"(inet, ip or ip6; the others have no cgroup hook)\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (!imp_dump(&d, family, argv[optind + 1], err, sizeof(err))) {
		fprintf(stderr, "cgnft: import: %s\n", err);
		return EXIT_USER;
	}
	text = imp_emit(&d, argv[optind + 2], cgroup, err, sizeof(err));
	imp_dump_free(&d);
	if (!text) {
		fprintf(stderr, "cgnft: import: %s\n", err);
		return EXIT_USER;
	}
	if (cli_json && (!out_path || !strcmp(out_path, "-"))) {
		ret = cli_print_json_text("imported", text);
	} else if (!out_path || !strcmp(out_path, "-")) {
		ret = fputs(text, stdout) < 0 || fflush(stdout) ? EXIT_USER : 0;
		if (ret)
			fprintf(stderr, "cgnft: import: cannot write the output\n");
	} else {
		int e = write_file_atomic(out_path, text, strlen(text));

		ret = e ? EXIT_USER : 0;
		if (e)
			fprintf(stderr, "cgnft: import: cannot write %s: %s\n", out_path,
				strerror(-e));
	}
	free(text);
	return ret;
}
