// SPDX-License-Identifier: GPL-2.0
/* cgnft list [ruleset | table NAME] [-j] */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/runtime.h"

int cmd_list(int argc, char **argv)
{
	const char *table = NULL;
	bool json = false;
	int i = 1;

	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "ruleset"))
			continue;
		else if (!strcmp(argv[i], "table") && i + 1 < argc)
			table = argv[++i];
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "Usage: cgnft list [ruleset | table NAME] [-j]\n");
		return EXIT_USAGE;
	}
	return rt_list(table, json, stdout, stderr) ? EXIT_USER : 0;
}
