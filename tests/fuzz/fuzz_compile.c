// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the whole `cgnft compile` pipeline on one input.
 *
 *   bytes -> fe_build (one source, "fuzz.nft") -> ir_classify
 *         -> cg_generate_opts -> cg_write_elf, cg_print_asm, ir_unit_print
 *
 * as cli/cmd_compile.c runs it, everything written to memory and freed.
 * Diagnostics go to /dev/null.  The options `compile` takes (-O0,
 * --classify-min, --helper-loads) are picked from a hash of the input, so a
 * crash reproduces from its input alone.  Built and run by scripts/fuzz.sh
 * (clang, -fsanitize=fuzzer,address,undefined).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "ir/classify.h"
#include "ir/ir.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *p++) * 16777619u;
	return h;
}

/* Print to memory and throw it away. */
#define TO_MEMORY(call, out)						\
	do {								\
		char *buf_ = NULL;					\
		size_t len_ = 0;					\
		FILE *out = open_memstream(&buf_, &len_);		\
									\
		if (out) {						\
			call;						\
			fclose(out);					\
		}							\
		free(buf_);						\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct fe_source src = { .name = "fuzz.nft", .text = text };
	uint32_t h = fnv1a(data, size);
	struct ir_unit *unit;
	struct cg_object *obj;
	void *elf = NULL;
	size_t elf_len = 0;

	if (!text)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	/* the text as a file holds it: up to the first NUL byte */
	memcpy(text, data, size);
	text[size] = '\0';
	unit = fe_build(&src, 1, NULL, devnull);
	if (unit) {
		/* as cli/opt_codegen.c: -O0, --classify-min 1, the default */
		ir_classify(unit, (h & 3) == 0 ? (size_t)-1 : (h & 3) == 1 ? 1 : 0);
		obj = cg_generate_opts(unit, &(struct cg_options){
					       .helper_loads = h & 4 });
		if (!cg_write_elf(obj, &elf, &elf_len))
			free(elf);
		TO_MEMORY(cg_print_asm(obj, out), out);
		TO_MEMORY(ir_unit_print(unit, out), out);
		cg_object_free(obj);
		ir_unit_free(unit);
	}
	free(text);
	return 0;
}
