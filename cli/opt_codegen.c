// SPDX-License-Identifier: GPL-2.0
/* -O0, --classify-min N and --helper-loads: how compile, check and test
 * classify rules and read packets. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "ir/classify.h"

size_t cli_classify_min;	/* 0: the default (IR_CLS_MIN_RULES) */
bool cli_helper_loads;
bool cli_reject_as_drop;

int cli_classify_opt(int c, const char *arg)
{
	char *end;
	unsigned long n;

	if (c == 'O') {
		if (arg[0] != '0' && arg[0] != '1') {
			fprintf(stderr, "cgnft: -O takes 0 (rules in order, no classifier) or 1\n");
			return -1;
		}
		cli_classify_min = arg[0] == '0' ? (size_t)-1 : 0;
		return 1;
	}
	if (c == CLI_OPT_HELPER_LOADS) {
		cli_helper_loads = true;
		return 1;
	}
	if (c == CLI_OPT_REJECT_AS_DROP) {
		cli_reject_as_drop = true;
		return 1;
	}
	if (c != CLI_OPT_CLASSIFY_MIN)
		return 0;
	n = strtoul(arg, &end, 10);
	if (*end || !n) {
		fprintf(stderr, "cgnft: --classify-min takes a number of rules >= 1\n");
		return -1;
	}
	cli_classify_min = n;
	return 1;
}

void cli_classify(struct ir_unit *unit)
{
	ir_classify(unit, cli_classify_min);
}
