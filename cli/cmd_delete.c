// SPDX-License-Identifier: GPL-2.0
/* cgnft delete table NAME | delete element ...; cgnft flush ruleset */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/runtime.h"

int cmd_delete(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "element"))
		return cli_element(true, argc, argv);
	if (argc != 3 || strcmp(argv[1], "table")) {
		fprintf(stderr, "Usage: cgnft delete table NAME\n"
			"       cgnft delete element [cgroup] TABLE SET { ELEMENT[, ...] }\n");
		return EXIT_USAGE;
	}
	return rt_delete(argv[2], stderr) ? EXIT_USER : 0;
}

int cmd_flush(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "ruleset"))) {
		fprintf(stderr, "Usage: cgnft flush ruleset\n");
		return EXIT_USAGE;
	}
	return rt_delete(NULL, stderr) ? EXIT_USER : 0;
}
