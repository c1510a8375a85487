// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft compile FILE [-o OUT.o] [--emit ir|asm|tree|list] [-I DIR]...
 *
 * Everything is produced in memory first; only when the whole pipeline
 * succeeded is anything written, so an error never leaves partial output.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "frontend/parse.h"
#include "ir/fileio.h"
#include "ir/json.h"
#include "runtime/runtime.h"

#define MAX_INCLUDE_DIRS 16

static void compile_usage(FILE *out)
{
	fprintf(out,
		"Usage: cgnft compile FILE [-o OUT.o] [--emit ir|asm|list] [-I DIR]...\n"
		"\n"
		"Compile FILE (\"-\" for stdin) to a relocatable eBPF ELF object.\n"
		"  -o, --output OUT.o   write the object (loadable by libbpf, bpftool)\n"
		"  --emit ir            print the match/verdict IR on stdout\n"
		"  --emit asm           print the annotated instruction listing on stdout\n"
		"  --emit tree          print the syntax tree (grammar/parser.y)\n"
		"  --emit list          print the tables as `cgnft list` would, with the\n"
		"                       file's values (nothing is applied); with cgnft's\n"
		"                       global -j, as `cgnft -j list` prints it\n"
		"  -I, --includepath DIR  search DIR for include files\n"
		CLI_CLASSIFY_USAGE);
}

/* The parser alone: the syntax tree, or the syntax errors (evaluation's
 * errors need --emit ir). */
static int emit_tree(const char *path)
{
	struct fe_diag diag = { .out = stderr };
	struct tree tree = { 0 };
	struct nft_scan s = { .diag = &diag, .out = &tree };
	char *text = read_path(path);
	int ret;

	if (!text) {
		fprintf(stderr, "Error: %s: %s\n", path, fileio_strerror(errno));
		return EXIT_USER;
	}
	nft_parse(&s, path, text);
	if (!diag.nerrors)
		tree_print(&tree, stdout);
	ret = diag.nerrors ? EXIT_USER : fflush(stdout) ? EXIT_USER : 0;
	tree_free(&tree);
	nft_parse_release(&s);
	free(text);
	return ret;
}

int cmd_compile(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "emit", required_argument, NULL, 'e' },
		{ "includepath", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		CLI_CLASSIFY_LONGOPT,
		{ 0 }
	};
	const char *incdirs[MAX_INCLUDE_DIRS + 1] = { 0 };
	const char *out_path = NULL, *emit = NULL;
	struct fe_options opts = { .include_dirs = incdirs };
	struct ir_unit *unit = NULL;
	struct cg_object *obj = NULL;
	void *elf = NULL;
	size_t elf_len = 0, nincdirs = 0;
	int c, ret = EXIT_USER;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:I:O:h", longopts, NULL)) != -1) {
		int k = cli_classify_opt(c, optarg);

		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		switch (c) {
		case 'o':
			out_path = optarg;
			break;
		case 'e':
			if (strcmp(optarg, "ir") && strcmp(optarg, "asm") &&
			    strcmp(optarg, "tree") && strcmp(optarg, "list")) {
				fprintf(stderr, "cgnft compile: --emit takes 'ir', 'asm', 'tree' or "
					"'list', not '%s'\n",
					optarg);
				return EXIT_USAGE;
			}
			emit = optarg;
			break;
		case 'I':
			if (nincdirs == MAX_INCLUDE_DIRS) {
				fprintf(stderr, "cgnft compile: too many -I options\n");
				return EXIT_USAGE;
			}
			incdirs[nincdirs++] = optarg;
			break;
		case 'h':
			compile_usage(stdout);
			return 0;
		default:
			compile_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1 || (!out_path && !emit)) {
		compile_usage(stderr);
		return EXIT_USAGE;
	}

	if (emit && !strcmp(emit, "tree"))
		return emit_tree(argv[optind]);
	opts.reject_as_drop = cli_reject_as_drop;
	/* `-j compile --emit list`: what `cgnft -j list` prints, unapplied */
	opts.json = cli_json && emit && !strcmp(emit, "list") && !out_path;
	unit = fe_build_file(argv[optind], &opts, stderr);
	if (!unit)
		return EXIT_USER;
	cli_classify(unit);
	if (emit && !strcmp(emit, "ir") && !out_path) {
		ir_unit_print(unit, stdout);
		ir_unit_free(unit);
		return fflush(stdout) ? EXIT_USER : 0;
	}
	if (emit && !strcmp(emit, "list") && !out_path) {
		if (opts.json) {
			struct json j;

			json_nftables_begin(&j, stdout);
			rt_json_tables(unit, &j);
			json_nftables_end(&j);
		} else {
			rt_text_tables(unit, stdout);
		}
		ir_unit_free(unit);
		return fflush(stdout) ? EXIT_USER : 0;
	}

	obj = cg_generate_opts(unit, &(struct cg_options){
				       .helper_loads = cli_helper_loads });
	if (!cg_check_fit(obj, stderr))
		goto out;
	if (out_path && cg_write_elf(obj, &elf, &elf_len)) {
		fprintf(stderr, "cgnft compile: cannot build the ELF object\n");
		goto out;
	}
	if (out_path) {
		int err = write_file_atomic(out_path, elf, elf_len);

		if (err) {
			fprintf(stderr, "cgnft compile: %s: %s\n", out_path, strerror(-err));
			goto out;
		}
	}
	if (emit && !strcmp(emit, "ir"))
		ir_unit_print(unit, stdout);
	else if (emit && !strcmp(emit, "list"))
		rt_text_tables(unit, stdout);
	else if (emit)
		cg_print_asm(obj, stdout);
	ret = fflush(stdout) ? EXIT_USER : 0;
out:
	free(elf);
	cg_object_free(obj);
	ir_unit_free(unit);
	return ret;
}
