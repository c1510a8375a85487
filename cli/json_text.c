// SPDX-License-Identifier: GPL-2.0
/* Rule text made by a command (import) printed as nft's JSON instead. */
#include <stdio.h>

#include "cli/commands.h"
#include "frontend/frontend.h"
#include "ir/ir.h"
#include "ir/json.h"
#include "runtime/runtime.h"

int cli_print_json_text(const char *name, const char *text)
{
	struct fe_source src = { .name = name, .text = text };
	struct ir_unit *u = fe_build(&src, 1, &(struct fe_options){
					     .reject_as_drop = true, .json = true }, stderr);
	struct json j;

	if (!u)
		return EXIT_USER;
	json_nftables_begin(&j, stdout);
	rt_json_tables(u, &j);
	json_nftables_end(&j);
	ir_unit_free(u);
	return fflush(stdout) ? EXIT_USER : 0;
}
