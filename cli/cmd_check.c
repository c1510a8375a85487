// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft check FILE (also `cgnft -c -f FILE`): compile and load every
 * program into the kernel without attaching it, so the verifier judges it.
 * Silent on success, like `nft -c`; with -j it prints the rule set and
 * the result as JSON (doc/JSON.md).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/check_warnings.h"
#include "cli/commands.h"
#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "ir/json.h"
#include "runtime/runtime.h"
#include "runtime/host_values.h"
#include "runtime/load.h"

static void check_usage(FILE *out)
{
	fprintf(out, "Usage: cgnft check [-j] [--werror] FILE\n"
		"\nCompile FILE and load every program into the kernel without attaching\n"
		"it: the kernel verifier judges each one.  Prints nothing on success but\n"
		"warnings about rules that can never match (shadowed by earlier rules, or\n"
		"contradictory) and rules that change nothing (doc/ANALYSIS.md); warnings\n"
		"leave the exit status 0.\n"
		"  -j, --json           print the rule set and the result as JSON\n"
		"                       (errors still go to stderr as text)\n"
		"  --werror             exit 1 when there is a warning\n"
		CLI_CLASSIFY_USAGE);
}

/* {"check": {...}}: the result, and on success the programs checked. */
static void check_json(const char *file, const struct ir_unit *u,
		       const struct cg_object *cg, bool ok)
{
	struct json j;

	json_nftables_begin(&j, stdout);
	if (u)
		rt_json_tables(u, &j);
	json_obj(&j, NULL);
	json_obj(&j, "check");
	json_str(&j, "file", file);
	json_str(&j, "result", ok ? "ok" : "error");
	json_arr(&j, "programs");
	for (size_t i = 0; ok && cg && i < cg->nprogs; i++) {
		json_obj(&j, NULL);
		json_str(&j, "name", cg->progs[i].name);
		json_str(&j, "hook", ir_hook_name(cg->progs[i].hook));
		json_str(&j, "cgroup", u->progs[i].cgroup);
		json_u64(&j, "instructions", cg->progs[i].ninsns);
		json_end_obj(&j);
	}
	json_end_arr(&j);
	json_end_obj(&j);
	json_end_obj(&j);
	json_nftables_end(&j);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' }, { "json", no_argument, NULL, 'j' },
		{ "werror", no_argument, NULL, 'W' }, CLI_CLASSIFY_LONGOPT, { 0 }
	};
	bool json = cli_json;
	struct ir_unit *unit;
	struct cg_object *cg;
	struct bpf_object *obj;
	struct load_error le;
	void *elf = NULL;
	size_t len;
	int c, ret = EXIT_USER, nwarnings;
	bool werror = false;

	optind = 1;
	while ((c = getopt_long(argc, argv, "O:hj", longopts, NULL)) != -1) {
		int k = cli_classify_opt(c, optarg);

		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		if (c == 'j') {
			json = true;
			continue;
		}
		if (c == 'h') {
			check_usage(stdout);
			return 0;
		}
		if (c == 'W') {
			werror = true;
			continue;
		}
		check_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind != argc - 1) {
		check_usage(stderr);
		return EXIT_USAGE;
	}
	unit = fe_build_file(argv[optind], &(struct fe_options){
				     .reject_as_drop = cli_reject_as_drop, .json = json }, stderr);
	if (!unit) {
		if (json)
			check_json(argv[optind], NULL, NULL, false);
		return EXIT_USER;
	}
	nwarnings = check_warnings(unit, stderr);
	cli_classify(unit);
	cg = cg_generate_opts(unit, &(struct cg_options){
				      .helper_loads = cli_helper_loads });
	if (cg_write_elf(cg, &elf, &len)) {
		fprintf(stderr, "Error: cannot build the ELF object\n");
		goto out;
	}
	obj = load_object(elf, len, "cgnft_check", &le);
	if (obj) {
		bpf_object__close(obj);
		ret = werror && nwarnings ? EXIT_USER : 0;
		goto out;
	}
	if (host_error_print(&le, cg, stderr)) {
		;
	} else if (le.prog[0]) {
		const struct ir_origin *o = le.insn >= 0 ?
			cg_origin_at(cg, le.prog, le.insn) : NULL;

		if (o)
			fprintf(stderr, "%s:%d: Error: the kernel verifier rejected program %s "
				"at instruction %ld: %s\n%s\n", o->file, o->line, cg_prog_name(cg, le.prog),
				le.insn, le.reason, o->text);
		else
			fprintf(stderr, "%s: Error: the kernel verifier rejected program %s%s: %s\n",
				argv[optind], cg_prog_name(cg, le.prog), le.insn >= 0 ? " in its prologue" : "",
				le.reason);
	} else {
		fprintf(stderr, "%s: Error: the kernel refused the object: %s\n",
			argv[optind], le.reason);
	}
out:
	if (json)
		check_json(argv[optind], unit, cg, ret == 0);
	free(elf);
	cg_object_free(cg);
	ir_unit_free(unit);
	return ret;
}
