// SPDX-License-Identifier: GPL-2.0
/* cgnft add element / delete element [cgroup] TABLE SET { ELEMENT[, ...] } */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "ir/xalloc.h"
#include "runtime/runtime.h"

#define ELEMENT_USAGE \
	"Usage: cgnft %s element [cgroup] TABLE SET { ELEMENT[, ...] }\n\n" \
	"%s the elements of set SET of applied table TABLE, as nft does.\n" \
	"A static set's table is re-applied (all or nothing); a dynamic set's\n" \
	"live elements change at once (doc/RUNTIME.md).\n"

/* The words as nft joins them (`{ a, b }` quoted or not), for its
 * error carets. */
int cli_element(bool del, int argc, char **argv)
{
	char *line = NULL;
	size_t len = 0;
	FILE *f;
	int ret;

	if (argc < 2 || strcmp(argv[1], "element")) {
		fprintf(stderr, "Usage: cgnft %s element [cgroup] TABLE SET { ELEMENT[, ...] }\n",
			del ? "delete" : "add");
		return EXIT_USAGE;
	}
	if (argc == 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
		printf(ELEMENT_USAGE, del ? "delete" : "add", del ? "Remove" : "Add");
		return 0;
	}
	f = open_memstream(&line, &len);
	for (int i = 0; i < argc; i++)
		fprintf(f, "%s%s", i ? " " : "", argv[i]);
	fclose(f);
	ret = rt_element(del, line, stderr);
	free(line);
	return ret;
}

int cmd_add(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf(ELEMENT_USAGE, "add", "Add");
		return 0;
	}
	return cli_element(false, argc, argv);
}
