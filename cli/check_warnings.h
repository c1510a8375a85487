/* SPDX-License-Identifier: GPL-2.0 */
/* `cgnft check` warnings: rules that can never match, rules that change
 * nothing (doc/ANALYSIS.md).  Returns how many it printed to `out`. */
#ifndef CGNFT_CLI_CHECK_WARNINGS_H
#define CGNFT_CLI_CHECK_WARNINGS_H

#include <stdio.h>

struct ir_unit;

int check_warnings(const struct ir_unit *unit, FILE *out);

#endif
