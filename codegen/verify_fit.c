// SPDX-License-Identifier: GPL-2.0
/*
 * Will the verifier take it?  `cgnft compile` is offline, so it cannot ask
 * the kernel; it checks the two limits that long in-order code reaches:
 *  - pending branches: the verifier walks the fall-through of every
 *    conditional jump first and keeps the other side on a stack of at
 *    most 8192 states ("The sequence of 8193 jumps is too complex").  The
 *    estimate replays that walk without values (each instruction once, as
 *    if every later state were pruned) and takes the deepest stack;
 *  - processed instructions (1M): a program of more than VF_MAX_INSNS
 *    instructions is refused (long in-order programs are processed about
 *    2.6 times over, see doc/BENCHMARKS.md).
 * Classified programs keep their tables in .rodata and stay small at any
 * rule count; these limits catch what the classifier could not take.
 */
#include <stdlib.h>

#include "codegen/codegen.h"
#include "codegen/cg_object.h"

#define VF_MAX_PENDING 7800	/* of the kernel's 8192, with a margin */
#define VF_MAX_INSNS 350000

static bool is_cond(const struct bpf_insn *in)
{
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_JA &&
	       op != BPF_CALL && op != BPF_EXIT;
}

/* The deepest stack of pending branches of a fall-through-first walk. */
static size_t pending_depth(const struct cg_prog *p)
{
	size_t n = p->ninsns, top = 0, deepest = 0;
	bool *seen = calloc(n + 1, 1);
	size_t *stack = malloc((n + 1) * sizeof(*stack));
	size_t pc = 0;

	if (!seen || !stack) {
		free(seen);
		free(stack);
		return SIZE_MAX;
	}
	for (;;) {
		while (pc < n && !seen[pc]) {
			const struct bpf_insn *in = &p->insns[pc];
			int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

			seen[pc] = true;
			if (in->code == (BPF_LD | BPF_IMM | BPF_DW)) {
				pc += 2;
			} else if (is_cond(in)) {
				size_t to = pc + 1 + (cls == BPF_JMP32 && op == BPF_JA ?
						      in->imm : in->off);

				if (to < n && !seen[to]) {
					stack[top++] = to;
					if (top > deepest)
						deepest = top;
				}
				pc++;
			} else if ((cls == BPF_JMP || cls == BPF_JMP32) && op == BPF_JA) {
				pc += 1 + (cls == BPF_JMP32 ? in->imm : in->off);
			} else if (cls == BPF_JMP && op == BPF_EXIT) {
				break;
			} else {
				pc++;
			}
		}
		if (!top)
			break;
		pc = stack[--top];
	}
	free(seen);
	free(stack);
	return deepest;
}

bool cg_check_fit(const struct cg_object *obj, FILE *err)
{
	bool ok = true;

	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct cg_prog *p = &obj->progs[i];
		size_t depth = pending_depth(p);


		if (p->ninsns > VF_MAX_INSNS) {
			fprintf(err, "Error: program %s: %zu instructions, more than the kernel's verifier can check (about %d); rules the classifier cannot take (see doc/DESIGN.md) are compiled in order: split the chain or make its rules classifiable\n",
				p->name, p->ninsns, VF_MAX_INSNS);
			ok = false;
		} else if (depth > VF_MAX_PENDING) {
			fprintf(err, "Error: program %s: %zu branches pending on one path, more than the kernel's verifier allows (8192: \"The sequence of 8193 jumps is too complex\"); rules the classifier cannot take (see doc/DESIGN.md) are compiled in order: split the chain or make its rules classifiable\n",
				p->name, depth);
			ok = false;
		}
	}
	return ok;
}
