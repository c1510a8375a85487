// SPDX-License-Identifier: GPL-2.0
/*
 * The generator shared by the sysctl and sock_create hooks: instruction
 * buffer with labels, and the walk over base chains, rules and verdicts.
 *
 * A chain that one place jumps to is inlined there: its code is emitted at
 * the call site with its "end of chain" wired to the caller's continuation.
 * A chain that several places jump to is emitted once (hook_jumps.c).
 */
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "codegen/hook_gen.h"
#include "ir/classify.h"
#include "ir/prog_name.h"
#include "ir/xalloc.h"

#define HK_MAX_DEPTH 32		/* front end allows 16; more is a bug */

void hk_bug(const char *what)
{
	fprintf(stderr, "cgnft: BUG: hook codegen: %s\n", what);
	abort();
}

int hk_label(struct hk_emit *e)
{
	e->label_at = xgrow(e->label_at, (size_t)e->nlabels, sizeof(int));
	e->label_refs = xgrow(e->label_refs, (size_t)e->nlabels, sizeof(int));
	e->label_entry = xgrow(e->label_entry, (size_t)e->nlabels, sizeof(int));
	e->label_fail = xgrow(e->label_fail, (size_t)e->nlabels, sizeof(bool));
	e->label_at[e->nlabels] = -1;
	e->label_refs[e->nlabels] = 0;
	e->label_entry[e->nlabels] = 0;
	e->label_fail[e->nlabels] = false;
	return e->nlabels++;
}

int hk_label_fail(struct hk_emit *e)
{
	int label = hk_label(e);

	e->label_fail[label] = true;
	return label;
}

/* Jumps go forward (the dispatch of shared chains, which jumps back, counts
 * its jumps in advance), so when a label is placed every jump to it has been
 * counted: code after an exit or `ja` is live again only if jumped to. */
void hk_place(struct hk_emit *e, int label)
{
	e->label_at[label] = e->out->ninsns;
	if (e->label_refs[label])
		e->dead = false;
}

/* The verifier rejects unreachable instructions, so they are not emitted. */
void hk_insn(struct hk_emit *e, struct bpf_insn insn)
{
	struct cg_prog *p = e->out;

	if (e->dead)
		return;
	if (p->ninsns == e->cap) {
		e->cap = e->cap ? 2 * e->cap : 256;
		p->insns = xrealloc(p->insns, e->cap * sizeof(*p->insns));
		p->origin = xrealloc(p->origin, e->cap * sizeof(*p->origin));
		p->label = xrealloc(p->label, e->cap * sizeof(*p->label));
	}
	p->insns[p->ninsns] = insn;
	p->origin[p->ninsns] = e->origin;
	p->label[p->ninsns] = NULL;
	p->ninsns++;
	if (insn.code == (BPF_JMP | BPF_EXIT) || insn.code == (BPF_JMP | BPF_JA))
		e->dead = true;
}

static struct bpf_insn insn(int code, int dst, int src, int16_t off,
			    int32_t imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst, .src_reg = src,
				  .off = off, .imm = imm };
}

void hk_alu_imm(struct hk_emit *e, int op, int dst, int32_t imm)
{
	hk_insn(e, insn(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm));
}

void hk_alu_reg(struct hk_emit *e, int op, int dst, int src)
{
	hk_insn(e, insn(BPF_ALU64 | op | BPF_X, dst, src, 0, 0));
}

void hk_mov_imm(struct hk_emit *e, int dst, int32_t imm)
{
	hk_alu_imm(e, BPF_MOV, dst, imm);
}

void hk_mov_reg(struct hk_emit *e, int dst, int src)
{
	hk_alu_reg(e, BPF_MOV, dst, src);
}

void hk_ld_imm64(struct hk_emit *e, int dst, uint64_t imm)
{
	hk_insn(e, insn(BPF_LD | BPF_DW | BPF_IMM, dst, 0, 0, (uint32_t)imm));
	hk_insn(e, insn(0, 0, 0, 0, (uint32_t)(imm >> 32)));
}

/* reg op= v, through r1 when v does not fit a sign-extended immediate. */
static void alu_u64(struct hk_emit *e, int op, int reg, uint64_t v)
{
	if (v <= INT32_MAX) {
		hk_alu_imm(e, op, reg, (int32_t)v);
	} else {
		hk_ld_imm64(e, BPF_REG_1, v);
		hk_alu_reg(e, op, reg, BPF_REG_1);
	}
}

void hk_field_xform(struct hk_emit *e, int reg, const struct ir_field *f)
{
	uint64_t full = f->len >= 8 ? ~0ull : (1ull << (f->len * 8)) - 1;

	if (f->shift)
		hk_alu_imm(e, BPF_RSH, reg, f->shift);
	if ((f->mask & full) != full)
		alu_u64(e, BPF_AND, reg, f->mask);
	if (f->lshift)
		hk_alu_imm(e, BPF_LSH, reg, f->lshift);
	if (f->xor)
		alu_u64(e, BPF_XOR, reg, f->xor);
}

void hk_ld_map(struct hk_emit *e, int dst, enum cg_map map)
{
	struct cg_prog *p = e->out;

	if (e->dead)
		return;
	p->relocs = xrealloc(p->relocs, (p->nrelocs + 1) * sizeof(*p->relocs));
	/* no stray padding bytes: output must be byte-for-byte repeatable */
	memset(&p->relocs[p->nrelocs], 0, sizeof(*p->relocs));
	p->relocs[p->nrelocs].insn = p->ninsns;
	p->relocs[p->nrelocs].map = map;
	p->nrelocs++;
	hk_ld_imm64(e, dst, 0);
}

void hk_ld_host(struct hk_emit *e, int dst, size_t at)
{
	for (size_t i = 0; i < e->obj->nhost; i++)
		if (e->obj->host[i].off == at && !e->obj->host[i].origin)
			e->obj->host[i].origin = e->origin;
	hk_ld_map(e, dst, CG_MAP_HOST);
	if (!e->dead)
		e->out->insns[e->out->ninsns - 2].imm = (int32_t)at;
}

void hk_kcall(struct hk_emit *e, enum cg_kfunc fn)
{
	struct cg_prog *p = e->out;

	if (e->dead)
		return;
	p->kcalls = xrealloc(p->kcalls, (p->nkcalls + 1) * sizeof(*p->kcalls));
	memset(&p->kcalls[p->nkcalls], 0, sizeof(*p->kcalls));
	p->kcalls[p->nkcalls].insn = p->ninsns;
	p->kcalls[p->nkcalls].fn = fn;
	p->nkcalls++;
	hk_insn(e, insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, -1));
}

void hk_ldx_kernel(struct hk_emit *e, int size, int dst, int src,
		   enum cg_kfield f)
{
	struct cg_prog *p = e->out;

	if (e->dead)
		return;
	p->cores = xrealloc(p->cores, (p->ncores + 1) * sizeof(*p->cores));
	memset(&p->cores[p->ncores], 0, sizeof(*p->cores));
	p->cores[p->ncores].insn = p->ninsns;
	p->cores[p->ncores].field = f;
	p->ncores++;
	hk_ldx(e, size, dst, src, (int16_t)cg_kfield_local_offset(f));
}

void hk_ld_rodata(struct hk_emit *e, int dst, size_t at)
{
	hk_ld_map(e, dst, CG_MAP_RODATA);
	if (!e->dead)
		e->out->insns[e->out->ninsns - 2].imm = (int32_t)at;
}

void hk_ldx(struct hk_emit *e, int size, int dst, int src, int16_t off)
{
	hk_insn(e, insn(BPF_LDX | BPF_MEM | size, dst, src, off, 0));
}

void hk_stx(struct hk_emit *e, int size, int dst, int src, int16_t off)
{
	hk_insn(e, insn(BPF_STX | BPF_MEM | size, dst, src, off, 0));
}

void hk_st(struct hk_emit *e, int size, int dst, int16_t off, int32_t imm)
{
	hk_insn(e, insn(BPF_ST | BPF_MEM | size, dst, 0, off, imm));
}

void hk_call(struct hk_emit *e, int helper)
{
	hk_insn(e, insn(BPF_JMP | BPF_CALL, 0, 0, 0, helper));
}

void hk_exit_imm(struct hk_emit *e, int32_t ret)
{
	hk_mov_imm(e, BPF_REG_0, ret);
	hk_insn(e, insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
}

static void add_fix(struct hk_emit *e, int label)
{
	if (e->dead)
		return;
	e->label_refs[label]++;
	e->fix = xgrow(e->fix, e->nfix, sizeof(*e->fix));
	e->fix[e->nfix].insn = e->out->ninsns;
	e->fix[e->nfix].label = label;
	e->nfix++;
}

/* A conditional jump that reaches any distance: to a `gotol` next to it. */
static void long_jump(struct hk_emit *e, struct bpf_insn cond, int label)
{
	int near = hk_label(e), skip = hk_label(e);

	add_fix(e, near);
	hk_insn(e, cond);
	hk_ja(e, skip);
	hk_place(e, near);
	hk_ja(e, label);
	hk_place(e, skip);
}

static int inverse_op(int op)
{
	switch (op) {
	case BPF_JEQ: return BPF_JNE;
	case BPF_JNE: return BPF_JEQ;
	case BPF_JGT: return BPF_JLE;
	case BPF_JLE: return BPF_JGT;
	case BPF_JGE: return BPF_JLT;
	case BPF_JLT: return BPF_JGE;
	case BPF_JSGT: return BPF_JSLE;
	case BPF_JSLE: return BPF_JSGT;
	case BPF_JSGE: return BPF_JSLT;
	case BPF_JSLT: return BPF_JSGE;
	default: return -1;	/* BPF_JSET */
	}
}

/*
 * A conditional jump.  To a label made by hk_label_fail (a rule's end),
 * it is written `if !cond goto +1; goto label`: the verifier follows the
 * fall-through first, so it walks every rule's failure into the next rule
 * first and keeps one pending branch per rule, not one per test (it stops
 * at 8192 pending branches: "The sequence of 8193 jumps is too complex").
 * The `goto` also reaches any distance.
 */
static void cond_jump(struct hk_emit *e, struct bpf_insn cond, int label)
{
	int inv = inverse_op(BPF_OP(cond.code));

	if (e->label_fail[label] && inv >= 0) {
		int skip = hk_label(e);

		cond.code = (cond.code & ~0xf0) | inv;
		add_fix(e, skip);
		hk_insn(e, cond);
		hk_ja(e, label);
		hk_place(e, skip);
		return;
	}
	if (e->long_jumps) {
		long_jump(e, cond, label);
		return;
	}
	add_fix(e, label);
	hk_insn(e, cond);
}

void hk_jmp_imm(struct hk_emit *e, int cls, int op, int reg, int32_t imm,
		int label)
{
	if (op == BPF_JA) {
		add_fix(e, label);
		hk_insn(e, insn(cls | op | BPF_K, reg, 0, 0, imm));
		return;
	}
	cond_jump(e, insn(cls | op | BPF_K, reg, 0, 0, imm), label);
}

void hk_jmp_reg(struct hk_emit *e, int op, int dst, int src, int label)
{
	cond_jump(e, insn(BPF_JMP | op | BPF_X, dst, src, 0, 0), label);
}

void hk_ja(struct hk_emit *e, int label)
{
	hk_jmp_imm(e, BPF_JMP, BPF_JA, 0, 0, label);
}

#ifndef BPF_JCOND
#define BPF_JCOND 0xe0		/* Linux 6.9 UAPI, newer than Debian 12's headers */
#define BPF_MAY_GOTO 0
#endif

void hk_may_goto(struct hk_emit *e, int label)
{
	add_fix(e, label);
	hk_insn(e, insn(BPF_JMP | BPF_JCOND, 0, BPF_MAY_GOTO, 0, 0));
}

/* if reg <op> v goto label, unsigned 64-bit; constants that do not fit a
 * sign-extended imm32 go through r1. */
void hk_jmp_u64(struct hk_emit *e, int op, int reg, uint64_t v, int label)
{
	if (v <= INT32_MAX) {
		hk_jmp_imm(e, BPF_JMP, op, reg, (int32_t)v, label);
		return;
	}
	hk_ld_imm64(e, BPF_REG_1, v);
	hk_jmp_reg(e, op, reg, BPF_REG_1, label);
}

void hk_test_op(struct hk_emit *e, int reg, enum ir_op op,
		struct ir_val value, struct ir_val value_hi, int fail)
{
	uint64_t v = value.lo, hi = value_hi.lo;
	int ok;

	switch (op) {
	case IR_OP_EQ: hk_jmp_u64(e, BPF_JNE, reg, v, fail); break;
	case IR_OP_NE: hk_jmp_u64(e, BPF_JEQ, reg, v, fail); break;
	case IR_OP_LT: hk_jmp_u64(e, BPF_JGE, reg, v, fail); break;
	case IR_OP_GT: hk_jmp_u64(e, BPF_JLE, reg, v, fail); break;
	case IR_OP_LE: hk_jmp_u64(e, BPF_JGT, reg, v, fail); break;
	case IR_OP_GE: hk_jmp_u64(e, BPF_JLT, reg, v, fail); break;
	case IR_OP_RANGE:
		hk_jmp_u64(e, BPF_JLT, reg, v, fail);
		hk_jmp_u64(e, BPF_JGT, reg, hi, fail);
		break;
	case IR_OP_NRANGE:
		ok = hk_label(e);
		hk_jmp_u64(e, BPF_JLT, reg, v, ok);
		hk_jmp_u64(e, BPF_JLE, reg, hi, fail);
		hk_place(e, ok);
		break;
	}
}

void hk_jmp_in_range(struct hk_emit *e, int reg, uint64_t lo, uint64_t hi,
		     int hit)
{
	int next;

	if (lo == hi) {
		hk_jmp_u64(e, BPF_JEQ, reg, lo, hit);
		return;
	}
	next = hk_label(e);
	hk_jmp_u64(e, BPF_JLT, reg, lo, next);
	hk_jmp_u64(e, BPF_JLE, reg, hi, hit);
	hk_place(e, next);
}

void hk_test_set(struct hk_emit *e, int reg, const struct ir_set *set,
		 bool neg, int fail)
{
	int hit = neg ? fail : hk_label(e);

	if (set->nfields != 1)
		hk_bug("concatenated set in a sysctl/sock_create rule");
	for (size_t i = 0; i < set->nelems; i++)
		hk_jmp_in_range(e, reg, set->elems[i].lo[0].lo,
				set->elems[i].hi[0].lo, hit);
	if (!neg) {
		hk_ja(e, fail);
		hk_place(e, hit);
	}
}

/* Where chain code continues: accept ends the base chain; the end of a
 * called chain (or `return`) goes to `ret`, or applies the base chain's
 * policy when ret < 0.  In a shared chain's code, `ret` returns through
 * the slot of level ret_level. */
struct walk {
	int accept;
	int ret;
	int ret_level;		/* >= 0: `ret` returns through this slot */
	int base;		/* the base chain (index in ir_unit.chains) */
	int policy_label;	/* base chains: where their policy is applied */
	enum ir_verdict_kind policy;
	int depth;
};

static void gen_chain(struct hk_emit *e, int chain, const struct walk *w);
static void gen_match(struct hk_emit *e, const struct ir_stmt *s, int fail);

/* Traced programs: cgnft_trace[0] = id, the last store wins. */
static void gen_trace(struct hk_emit *e, uint32_t id)
{
	int skip;

	if (!e->obj->has_trace)
		return;
	skip = hk_label(e);
	hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, 0);
	hk_map_lookup(e, CG_MAP_TRACE, skip);
	hk_st(e, BPF_W, BPF_REG_0, 0, (int32_t)id);
	hk_place(e, skip);
}

/* A new trace id for a verdict site of rule `o`. */
uint32_t hk_trace_id(struct hk_emit *e, const struct ir_origin *o)
{
	struct cg_object *obj = e->obj;

	if (!obj->has_trace)
		return 0;
	obj->trace_origin = xrealloc(obj->trace_origin, (obj->ntrace + 1) *
				     sizeof(*obj->trace_origin));
	obj->trace_origin[obj->ntrace++] = o;
	return obj->ntrace;
}

static uint32_t rule_trace_id(struct hk_emit *e)
{
	return hk_trace_id(e, e->origin);
}

static void gen_policy(struct hk_emit *e, const struct walk *w)
{
	gen_trace(e, CG_TRACE_POLICY_BASE | w->base);
	if (w->policy == IR_VERDICT_DROP)
		hk_exit_imm(e, 0);
	else
		hk_ja(e, w->accept);
}

/* Jump or goto to a shared chain: say where it returns to. */
static void gen_shared_jump(struct hk_emit *e, const struct ir_verdict *v,
			   const struct walk *w, int rule_end)
{
	/* unreachable: no return site, or the code after it would be
	 * emitted as if the dispatch could reach it */
	if (e->dead)
		return;
	if (v->kind == IR_VERDICT_JUMP)
		hk_jump_shared(e, v->chain, hk_entry(e, rule_end), -1);
	else if (w->ret_level >= 0)
		hk_jump_shared(e, v->chain, 0, w->ret_level);
	else
		hk_jump_shared(e, v->chain, hk_entry(e, w->ret >= 0 ? w->ret :
						     w->policy_label), -1);
}

static void gen_verdict(struct hk_emit *e, const struct ir_verdict *v,
			const struct walk *w, int rule_end)
{
	struct walk sub = *w;

	switch (v->kind) {
	case IR_VERDICT_NONE:
	case IR_VERDICT_CONTINUE:
		break;
	case IR_VERDICT_ACCEPT:
		gen_trace(e, rule_trace_id(e));
		hk_ja(e, w->accept);
		break;
	case IR_VERDICT_DROP:
		gen_trace(e, rule_trace_id(e));
		hk_exit_imm(e, 0);
		break;
	case IR_VERDICT_RETURN:
		if (w->ret >= 0)
			hk_ja(e, w->ret);
		else
			gen_policy(e, w);
		break;
	case IR_VERDICT_JUMP:
	case IR_VERDICT_GOTO:
		if (e->jumps.any && e->jumps.shared[v->chain]) {
			gen_shared_jump(e, v, w, rule_end);
			break;
		}
		if (v->kind == IR_VERDICT_JUMP) {
			sub.ret = rule_end;
			sub.ret_level = -1;
		}
		sub.depth++;
		if (sub.depth > HK_MAX_DEPTH)
			hk_bug("chain nesting too deep");
		gen_chain(e, v->chain, &sub);
		break;
	}
}

void hk_map_lookup(struct hk_emit *e, enum cg_map map, int absent)
{
	hk_ld_map(e, BPF_REG_1, map);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_2, HK_MAP_KEY);
	hk_call(e, BPF_FUNC_map_lookup_elem);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, absent);
}

void hk_count(struct hk_emit *e)
{
	if (e->ops->count) {
		e->ops->count(e);
		return;
	}
	/* per-CPU value: a plain add is safe */
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_0, 0);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, 1);
	hk_stx(e, BPF_DW, BPF_REG_0, BPF_REG_1, 0);
}

static void gen_counter(struct hk_emit *e, int index)
{
	int skip = hk_label(e);

	hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, index);
	hk_map_lookup(e, CG_MAP_COUNTERS, skip);
	hk_count(e);
	hk_place(e, skip);
}

/* A vmap element's verdict; `continue` goes on with the rule's next
 * statement (`after`), as in nft_do_chain. */
static void gen_vmap_verdict(struct hk_emit *e, const struct ir_verdict *v,
			     const struct walk *w, int rule_end, int after)
{
	gen_verdict(e, v, w, rule_end);
	hk_ja(e, v->kind == IR_VERDICT_CONTINUE ? after : rule_end);
}

/*
 * A vmap keyed by a wide field or a concatenation, or a large one in a
 * packet hook: the key's element class (a table lookup, or compares), then
 * each distinct verdict is emitted once (a jumped-to chain is inlined once
 * per class, not per element).
 */
static void gen_vmap_classes(struct hk_emit *e, const struct ir_stmt *s,
			     const struct walk *w, int rule_end, int after)
{
	const struct ir_set *set = &e->unit->sets[s->lookup.set];
	uint32_t *cls;
	size_t *rep, nv;
	int *at;

	hk_map_classes(set, &cls, &rep, &nv);
	hk_map_class(e, &s->lookup, cls, rule_end);
	at = xmalloc((nv + 1) * sizeof(*at));
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	for (size_t k = 0; k < nv; k++) {
		at[k] = hk_label(e);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_7, (int32_t)k + 1, at[k]);
	}
	hk_ja(e, rule_end);	/* no element: the rule stops here */
	for (size_t k = 0; k < nv; k++) {
		hk_place(e, at[k]);
		gen_vmap_verdict(e, &set->elems[rep[k]].verdict, w, rule_end, after);
	}
	free(at);
	free(cls);
	free(rep);
}

static void gen_vmap(struct hk_emit *e, const struct ir_stmt *s,
		     const struct walk *w, int rule_end)
{
	const struct ir_set *set = &e->unit->sets[s->lookup.set];
	bool packet = e->prog->hook == IR_HOOK_INGRESS ||
		      e->prog->hook == IR_HOOK_EGRESS;
	int after = hk_label(e);

	if (s->lookup.nfields != 1 || s->lookup.fields[0].len > 8 ||
	    (packet && set->nelems > HK_INLINE_SET_MAX)) {
		gen_vmap_classes(e, s, w, rule_end, after);
		hk_place(e, after);
		return;
	}
	/* a few elements of one narrow field: a compare and a verdict each */
	e->ops->load(e, &s->lookup.fields[0], rule_end);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	for (size_t i = 0; i < set->nelems; i++) {
		int hit = hk_label(e), next = hk_label(e);

		hk_jmp_in_range(e, BPF_REG_7, set->elems[i].lo[0].lo,
				set->elems[i].hi[0].lo, hit);
		hk_ja(e, next);
		hk_place(e, hit);
		gen_vmap_verdict(e, &set->elems[i].verdict, w, rule_end, after);
		hk_place(e, next);
	}
	hk_ja(e, rule_end);	/* no element: the rule stops here */
	hk_place(e, after);
}

static void gen_rule(struct hk_emit *e, const struct ir_rule *r,
		     const struct walk *w)
{
	int end = hk_label_fail(e);

	for (size_t i = 0; i < r->nstmts; i++) {
		const struct ir_stmt *s = &r->stmts[i];

		/* origin per statement: a jump inlines another chain's rules */
		e->origin = &r->origin;
		if (e->ops->stmt && e->ops->stmt(e, s, end))
			continue;
		switch (s->kind) {
		case IR_STMT_MATCH:
		case IR_STMT_LOOKUP:
			gen_match(e, s, end);
			break;
		case IR_STMT_VMAP:
			gen_vmap(e, s, w, end);
			break;
		case IR_STMT_COUNTER:
			gen_counter(e, s->counter.index);
			break;
		case IR_STMT_LIMIT:
			hk_gen_limit(e, s->state.index, end);
			break;
		case IR_STMT_QUOTA:
			hk_gen_quota(e, s->state.index, end);
			break;
		case IR_STMT_VERDICT:
			gen_verdict(e, &s->verdict, w, end);
			break;
		default:
			hk_bug("statement not valid in this hook");
		}
	}
	hk_place(e, end);
}

/* A match statement: jump to `fail` when it does not match. */
void hk_gen_match(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	if (!e->ops->stmt || !e->ops->stmt(e, s, fail))
		gen_match(e, s, fail);
}

static void gen_match(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	switch (s->kind) {
	case IR_STMT_MATCH:
		e->ops->load(e, &s->match.field, fail);
		hk_test_op(e, BPF_REG_0, s->match.op, s->match.value,
			   s->match.value_hi, fail);
		break;
	case IR_STMT_LOOKUP:
		if (s->lookup.nfields != 1)
			hk_bug("concatenation in a sysctl/sock_create rule");
		e->ops->load(e, &s->lookup.fields[0], fail);
		hk_test_set(e, BPF_REG_0, &e->unit->sets[s->lookup.set],
			    s->lookup.neg, fail);
		break;
	default:
		hk_bug("not a match statement");
	}
}

/* A classified run (or, with run == NULL, the hook's own run of the n
 * rules from `first`): its exits become this walk's verdicts. */
static void gen_cls(struct hk_emit *e, const struct ir_chain *c,
		    const struct ir_cls_run *run, size_t first, size_t n,
		    const struct walk *w)
{
	struct hk_cls_exits x = {
		.accept = hk_label(e), .drop = hk_label(e),
		.ret = hk_label(e), .none = hk_label(e),
	};

	if (run)
		hk_gen_cls_run(e, c, run, &x);
	else
		e->ops->run_gen(e, c, first, n, &x);
	hk_place(e, x.accept);
	hk_ja(e, w->accept);
	hk_place(e, x.drop);
	hk_exit_imm(e, 0);
	hk_place(e, x.ret);
	if (w->ret >= 0)
		hk_ja(e, w->ret);
	else
		gen_policy(e, w);
	hk_place(e, x.none);
}

static void gen_chain(struct hk_emit *e, int chain, const struct walk *w)
{
	const struct ir_chain *c = &e->unit->chains[chain];

	size_t run = 0;

	for (size_t i = 0; i < c->nrules; i++) {
		size_t n;

		if (run < c->ncls && c->cls[run].first == i) {
			gen_cls(e, c, &c->cls[run], 0, 0, w);
			i += c->cls[run++].count - 1;
			continue;
		}
		if (e->ops->run_len && (n = e->ops->run_len(e, c, i))) {
			gen_cls(e, c, NULL, i, n, w);
			i += n - 1;
			continue;
		}
		gen_rule(e, &c->rules[i], w);
	}
	e->origin = NULL;
	if (w->ret >= 0) {
		hk_ja(e, w->ret);
	} else {
		if (chain == w->base)	/* a goto'd chain's end is not it */
			hk_place(e, w->policy_label);
		gen_policy(e, w);
	}
}

/* A shared chain's code, once: entered and left through the dispatch. */
static void gen_shared_chain(struct hk_emit *e, int chain)
{
	const struct hk_jumps *j = &e->jumps;
	struct walk w = {
		.accept = j->accept, .ret = j->ret[chain],
		.ret_level = j->level[chain], .base = -1, .policy_label = -1,
	};

	hk_place(e, j->entry[chain]);
	gen_chain(e, chain, &w);
	hk_place(e, j->ret[chain]);
	hk_return_via(e, j->level[chain]);
}

/*
 * The kernel grows the program when it rewrites context accesses and
 * helper calls, and refuses a jump that no longer fits 16 bits ("cannot be
 * patched"): keep half of the range in reserve.
 */
#define SHORT_JUMP_MAX (INT16_MAX / 2)

/* False when a conditional jump is out of its (reserved) 16-bit range. */
static bool resolve_labels(struct hk_emit *e)
{
	struct cg_prog *p = e->out;

	for (size_t i = 0; i < e->nfix; i++) {
		size_t at = e->fix[i].insn;
		int target = e->label_at[e->fix[i].label];

		long delta = target - (long)at - 1;

		if (target < 0)
			hk_bug("jump to an unplaced label");
		if (delta <= SHORT_JUMP_MAX && delta >= -SHORT_JUMP_MAX) {
			p->insns[at].off = delta;
		} else if (p->insns[at].code == (BPF_JMP | BPF_JA)) {
			/* farther: `gotol`, the 32-bit form */
			p->insns[at].code = BPF_JMP32 | BPF_JA;
			p->insns[at].imm = delta;
		} else {
			return false;
		}
		if (!p->label[target])
			p->label[target] = xasprintf("L%d", target);
	}
	return true;
}

enum emit_result {
	EMIT_OK,
	EMIT_FAR,		/* a conditional jump is out of its range */
	EMIT_UNENTERED,		/* shared chains that no live code enters */
};

static enum emit_result emit_prog(struct cg_object *obj, const struct ir_prog *prog,
				  const struct hk_ops *ops, void *hook,
				  struct cg_prog *out, bool long_jumps, bool no_shared)
{
	const struct ir_unit *unit = obj->unit;
	struct hk_emit e = {
		.obj = obj, .unit = unit, .prog = prog, .ops = ops, .out = out,
		.hook = hook, .long_jumps = long_jumps,
	};
	enum emit_result r = EMIT_OK;

	memset(out, 0, sizeof(*out));
	out->name = xstrdup(prog->name);
	ir_prog_kname(prog, out->kname);
	out->section = xstrdup(ops->section);
	out->hook = prog->hook;
	if (!no_shared)
		hk_jumps_plan(&e);
	hk_mov_reg(&e, BPF_REG_6, BPF_REG_1);
	if (ops->prologue)
		ops->prologue(&e);
	for (size_t i = 0; i < prog->nbase_chains; i++) {
		int chain = prog->base_chains[i];
		struct walk w = {
			.accept = hk_label(&e),
			.ret = -1,
			.ret_level = -1,
			.base = chain,
			.policy_label = hk_label(&e),
			.policy = unit->chains[chain].policy,
		};

		/* shared code's accept continues after this base chain */
		if (e.jumps.any && !e.dead)
			hk_st(&e, BPF_W, BPF_REG_10, hk_slot(&e, 0),
			      hk_entry(&e, w.accept));
		gen_chain(&e, chain, &w);
		hk_place(&e, w.accept);
	}
	e.origin = NULL;
	hk_exit_imm(&e, 1);	/* after the last base chain: allow */
	/* only dead code jumps to shared chains: the dispatch and the code it
	 * alone reaches (return sites, accept continuations) would be
	 * unreachable, which the verifier refuses.  The jump plan skips rules
	 * after one that always ends its chain, but code after `jump x` is
	 * dead too when x always ends: generate again with every chain
	 * inlined */
	if (e.jumps.any && !e.label_refs[e.jumps.loop])
		r = EMIT_UNENTERED;
	for (size_t c = 0; !r && e.jumps.any && c < unit->nchains; c++)
		if (e.jumps.shared[c])
			gen_shared_chain(&e, (int)c);
	e.origin = NULL;
	if (!r && e.jumps.any)
		hk_jumps_loop(&e);
	if (!r && !resolve_labels(&e))
		r = EMIT_FAR;
	if (!r)
		cg_peephole(out);
	hk_jumps_free(&e);
	free(e.label_at);
	free(e.label_refs);
	free(e.label_entry);
	free(e.label_fail);
	free(e.fix);
	return r;
}

/* Short jumps and shared chains first; when some conditional jump is too
 * far, or no live code enters the shared chains, forget that attempt (its
 * instructions, .rodata tables, trace ids, origins) and generate again
 * with long jumps, or with every chain inlined. */
void hk_generate(struct cg_object *obj, const struct ir_prog *prog,
		 const struct hk_ops *ops, void *hook, struct cg_prog *out)
{
	size_t rodata_len = obj->rodata_len, ntrace = obj->ntrace;
	size_t nown = obj->nown, nhost = obj->nhost;
	bool long_jumps = false, no_shared = false;

	for (;;) {
		enum emit_result r = emit_prog(obj, prog, ops, hook, out, long_jumps,
					       no_shared);

		if (r == EMIT_OK)
			return;
		if (r == EMIT_FAR && long_jumps)
			hk_bug("conditional jump out of range with long jumps");
		if (r == EMIT_UNENTERED && no_shared)
			hk_bug("an unentered dispatch with every chain inlined");
		cg_prog_free(out);
		cg_rodata_drop(obj, rodata_len);
		obj->ntrace = ntrace;
		cg_object_drop_origins(obj, nown);
		cg_host_drop(obj, nhost);
		if (r == EMIT_FAR)
			long_jumps = true;
		else
			no_shared = true;
	}
}

/* r3 = 1 if x < y (unsigned), else 0, for x, y below 2^63. */
void hk_lt63(struct hk_emit *e, int x, int y)
{
	hk_mov_reg(e, BPF_REG_3, x);
	hk_alu_reg(e, BPF_SUB, BPF_REG_3, y);
	hk_alu_imm(e, BPF_RSH, BPF_REG_3, 63);
}

/* r3 = x < y for any 64-bit x, y: the borrow of x - y, computed as
 * ((~x & y) | (~(x ^ y) & (x - y))) >> 63.  Clobbers r4, r5. */
void hk_lt64(struct hk_emit *e, int x, int y)
{
	hk_mov_reg(e, BPF_REG_3, x);
	hk_alu_imm(e, BPF_XOR, BPF_REG_3, -1);
	hk_alu_reg(e, BPF_AND, BPF_REG_3, y);
	hk_mov_reg(e, BPF_REG_4, x);
	hk_alu_reg(e, BPF_XOR, BPF_REG_4, y);
	hk_alu_imm(e, BPF_XOR, BPF_REG_4, -1);
	hk_mov_reg(e, BPF_REG_5, x);
	hk_alu_reg(e, BPF_SUB, BPF_REG_5, y);
	hk_alu_reg(e, BPF_AND, BPF_REG_4, BPF_REG_5);
	hk_alu_reg(e, BPF_OR, BPF_REG_3, BPF_REG_4);
	hk_alu_imm(e, BPF_RSH, BPF_REG_3, 63);
}
