// SPDX-License-Identifier: GPL-2.0
/*
 * A peephole pass over a finished program (after its labels are resolved):
 *  - jump threading: a jump to an unconditional `goto` goes straight to
 *    that goto's target (chains of them too);
 *  - `goto +0`, and code no jump reaches any more, is deleted;
 *  - a load of the stack slot just stored from the same register is
 *    deleted (from another register: a register move instead),
 *    unless something jumps to the load.
 * The generators stay simple (every rule ends with a jump to its label,
 * every best-so-far is stored then read back); this pass removes what
 * that costs.  Deleting instructions moves the others: jump offsets, map
 * relocations, kfunc calls, CO-RE loads, origins and labels ("L<index>") are rebuilt.
 */
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "codegen/cg_object.h"
#include "codegen/hook_gen.h"
#include "ir/xalloc.h"

#define MAX_HOPS 8
#define SHORT_MAX (INT16_MAX / 2)	/* as resolve_labels: room to grow */

static bool is_ja(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_JA) || in->code == (BPF_JMP32 | BPF_JA);
}

/* Has a relative target: goto, gotol, conditional jumps, may_goto. */
static bool is_jump(const struct bpf_insn *in)
{
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL &&
	       op != BPF_EXIT;
}

static long target_of(const struct bpf_insn *in, size_t at)
{
	return (long)at + 1 + (in->code == (BPF_JMP32 | BPF_JA) ? in->imm : in->off);
}

static bool set_target(struct bpf_insn *in, size_t at, long to)
{
	long d = to - (long)at - 1;

	if (in->code == (BPF_JMP32 | BPF_JA)) {
		in->imm = (int32_t)d;
		return true;
	}
	if (d > SHORT_MAX || d < -SHORT_MAX)
		return false;
	in->off = (int16_t)d;
	return true;
}

static bool is_lddw(const struct bpf_insn *in)
{
	return in->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static void thread_jumps(struct cg_prog *p)
{
	for (size_t i = 0; i < p->ninsns; i += is_lddw(&p->insns[i]) ? 2 : 1) {
		struct bpf_insn *in = &p->insns[i];
		long t;

		if (!is_jump(in))
			continue;
		t = target_of(in, i);
		for (int hop = 0; hop < MAX_HOPS && t >= 0 && (size_t)t < p->ninsns &&
		     is_ja(&p->insns[t]) && target_of(&p->insns[t], t) != t; hop++)
			t = target_of(&p->insns[t], t);
		if (t != target_of(in, i)) {
			struct bpf_insn save = *in;

			if (!set_target(in, i, t))
				*in = save;
		}
	}
}

/* Threaded jumps can leave a `goto` that nothing reaches any more; the
 * verifier refuses unreachable instructions, so they go too. */
static void mark_unreachable(const struct cg_prog *p, bool *drop)
{
	size_t n = p->ninsns, top = 0;
	bool *seen = xzalloc(n + 1);
	size_t *stack = xmalloc((n + 1) * sizeof(*stack));

	stack[top++] = 0;
	while (top) {
		size_t i = stack[--top];

		while (i < n && !seen[i]) {
			const struct bpf_insn *in = &p->insns[i];

			seen[i] = true;
			if (is_lddw(in)) {
				seen[i + 1] = true;
				i += 2;
				continue;
			}
			if (in->code == (BPF_JMP | BPF_EXIT))
				break;
			if (is_jump(in)) {
				long t = target_of(in, i);

				if (is_ja(in)) {
					i = (size_t)t;
					continue;
				}
				if (t >= 0 && (size_t)t < n && !seen[t])
					stack[top++] = (size_t)t;
			}
			i++;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!seen[i])
			drop[i] = true;
	free(seen);
	free(stack);
}

void cg_peephole(struct cg_prog *p)
{
	size_t n = p->ninsns, k = 0;
	bool *target = xzalloc(n + 1), *drop = xzalloc(n + 1);
	size_t *at = xmalloc((n + 1) * sizeof(*at));
	long *old_t = xmalloc((n + 1) * sizeof(*old_t));
	struct bpf_insn *ins = p->insns;

	thread_jumps(p);
	mark_unreachable(p, drop);
	for (size_t i = 0; i < n; i += is_lddw(&ins[i]) ? 2 : 1)
		if (!drop[i] && is_jump(&ins[i])) {
			long t = target_of(&ins[i], i);

			if (t >= 0 && (size_t)t <= n)
				target[t] = true;
		}
	for (size_t i = 0; i < n; i += is_lddw(&ins[i]) ? 2 : 1) {
		struct bpf_insn *in = &ins[i];

		if (drop[i])
			continue;
		if (is_ja(in) && target_of(in, i) == (long)i + 1) {
			drop[i] = true;
			continue;
		}
		/* stx [r10 + off], rS; ldx rD, [r10 + off] (both 8 bytes) */
		if (i && !target[i] && !drop[i - 1] &&
		    in->code == (BPF_LDX | BPF_MEM | BPF_DW) &&
		    in->src_reg == BPF_REG_10 &&
		    ins[i - 1].code == (BPF_STX | BPF_MEM | BPF_DW) &&
		    ins[i - 1].dst_reg == BPF_REG_10 &&
		    ins[i - 1].off == in->off && (i < 2 || !is_lddw(&ins[i - 2]))) {
			if (ins[i - 1].src_reg == in->dst_reg)
				drop[i] = true;
			else
				*in = (struct bpf_insn){
					.code = BPF_ALU64 | BPF_MOV | BPF_X,
					.dst_reg = in->dst_reg,
					.src_reg = ins[i - 1].src_reg,
				};
		}
	}
	/* new positions: a dropped instruction maps to the next kept one */
	for (size_t i = 0; i < n; i++) {
		at[i] = k;
		old_t[i] = -1;
		if (!drop[i])
			k++;
	}
	at[n] = k;
	for (size_t i = 0; i < n; i += is_lddw(&ins[i]) ? 2 : 1)
		if (is_jump(&ins[i]))
			old_t[i] = target_of(&ins[i], i);
	for (size_t i = 0, j = 0; i < n; i++) {
		if (drop[i]) {
			free(p->label[i]);
			continue;
		}
		ins[j] = ins[i];
		p->origin[j] = p->origin[i];
		free(p->label[i]);
		p->label[j] = NULL;
		if (old_t[i] >= 0 && !set_target(&ins[j], j, (long)at[old_t[i]]))
			hk_bug("peephole: a jump grew");
		j++;
	}
	p->label[k] = NULL;
	p->ninsns = k;
	/* an unreachable instruction's relocation goes with it (kept, it
	 * would point past the end or at another instruction: libbpf
	 * refuses the object) */
#define REMAP(arr, cnt) do {						\
		size_t kept_ = 0;					\
		for (size_t r = 0; r < (cnt); r++)			\
			if (!drop[(arr)[r].insn]) {			\
				(arr)[kept_] = (arr)[r];		\
				(arr)[kept_++].insn = at[(arr)[r].insn]; \
			}						\
		(cnt) = kept_;						\
	} while (0)
	REMAP(p->relocs, p->nrelocs);
	REMAP(p->kcalls, p->nkcalls);
	REMAP(p->cores, p->ncores);
#undef REMAP
	for (size_t i = 0; i < k; i += is_lddw(&ins[i]) ? 2 : 1)
		if (is_jump(&ins[i])) {
			long t = target_of(&ins[i], i);

			if (t >= 0 && (size_t)t < k && !p->label[t])
				p->label[t] = xasprintf("L%ld", t);
		}
	free(target);
	free(drop);
	free(at);
	free(old_t);
}
