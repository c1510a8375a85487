// SPDX-License-Identifier: GPL-2.0
/* Placeholder until its owner lands it. */
#include <stdio.h>
#include "cli/commands.h"
int cmd_apply(int argc, char **argv)
{
	fprintf(stderr, "cgnft: %s: not implemented yet\n", argv[0]);
	return EXIT_USAGE;
}
