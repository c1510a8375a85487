// SPDX-License-Identifier: GPL-2.0
/* cgnft apply FILE [--create] (also `cgnft -f FILE`). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/runtime.h"

int cmd_apply(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "create", no_argument, NULL, 'C' },
		{ "reject-as-drop", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	struct rt_options opts = { 0 };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'C') {
			opts.create_cgroups = true;
			continue;
		}
		if (c == 'R') {
			opts.reject_as_drop = true;
			continue;
		}
		fprintf(c == 'h' ? stdout : stderr,
			"Usage: cgnft apply FILE [--create] [--reject-as-drop]\n\n"
			"Compile FILE, load its programs and attach them to their cgroups,\n"
			"replacing the tables FILE names and keeping all others.  All or nothing.\n"
			"  --create   create cgroups that do not exist\n"
			CLI_REJECT_USAGE);
		return c == 'h' ? 0 : EXIT_USAGE;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "Usage: cgnft apply FILE [--create]\n");
		return EXIT_USAGE;
	}
	return rt_apply(argv[optind], &opts, stderr) ? EXIT_USER : 0;
}
