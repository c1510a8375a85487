// SPDX-License-Identifier: GPL-2.0
/* cgnft list [ruleset | table NAME | cgroup PATH] [-j] */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/runtime.h"

int cmd_list(int argc, char **argv)
{
	const char *table = NULL, *cgroup = NULL;
	bool json = false;
	int i = 1;

	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			json = true;
		else if (!strcmp(argv[i], "ruleset"))
			continue;
		else if (!strcmp(argv[i], "table") && i + 1 < argc)
			table = argv[++i];
		else if (!strcmp(argv[i], "cgroup") && i + 1 < argc)
			cgroup = argv[++i];
		else
			break;
	}
	if (i != argc) {
		fprintf(stderr, "Usage: cgnft list [ruleset | table NAME | cgroup PATH] [-j]\n");
		return EXIT_USAGE;
	}
	if (cgroup) {
		/* the same spelling as in rule files: no "./", no trailing "/" */
		static char norm[4096];
		size_t n;

		while (cgroup[0] == '.' && cgroup[1] == '/')
			cgroup += 2;
		snprintf(norm, sizeof(norm), "%s", cgroup);
		n = strlen(norm);
		while (n > 1 && norm[n - 1] == '/')
			norm[--n] = '\0';
		cgroup = norm;
	}
	return rt_list(table, cgroup, json || cli_json, stdout, stderr) ? EXIT_USER : 0;
}
