/* SPDX-License-Identifier: GPL-2.0 */
/* `cgnft monitor`: printing the log ring's events (cli/monitor_event.c). */
#ifndef CGNFT_CLI_MONITOR_H
#define CGNFT_CLI_MONITOR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "codegen/log_event.h"

struct monitor_sites;

struct monitor_sites *monitor_sites_new(void);
void monitor_sites_free(struct monitor_sites *m);
/* One event, as a line of text (nf_log's words) or a JSON object. */
void monitor_print(struct monitor_sites *m, const struct cgnft_log_event *ev, bool json,
		   uint64_t wall_ns, FILE *out);

#endif
