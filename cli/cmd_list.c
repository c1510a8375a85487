// SPDX-License-Identifier: GPL-2.0
/* cgnft list [ruleset | table NAME | cgroup PATH] [-j] | set [cgroup] TABLE SET */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/runtime.h"

int cmd_list(int argc, char **argv)
{
	const char *table = NULL, *cgroup = NULL;
	bool json = false;
	int i = 1;

	/* nft's `list set [FAMILY] TABLE SET`: the family word is optional */
	if (argc >= 4 && !strcmp(argv[1], "set") && !cli_json) {
		int k = argc == 5 && !strcmp(argv[2], "cgroup") ? 3 : 2;

		if (argc - k == 2)
			return rt_list_set(argv[k], argv[k + 1], stdout, stderr) ? EXIT_USER : 0;
	}

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
		fprintf(stderr, "Usage: cgnft list [ruleset | table NAME | cgroup PATH] [-j]\n"
			"       cgnft list set [cgroup] TABLE SET\n");
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
