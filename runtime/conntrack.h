/* SPDX-License-Identifier: GPL-2.0 */
/* Connection tracking for ct on egress (runtime/conntrack.c). */
#ifndef CGNFT_RUNTIME_CONNTRACK_H
#define CGNFT_RUNTIME_CONNTRACK_H

#include <stdbool.h>
#include <stdio.h>

#include "ir/ir.h"

/* Some chain that an egress program runs reads ct. */
bool rt_needs_conntrack(const struct ir_unit *u);
/* Make sure conntrack runs in this network namespace (the nft table
 * inet cgnft_conntrack); -1 after printing why it could not. */
int rt_conntrack_ensure(FILE *err);

#endif
