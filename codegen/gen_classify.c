// SPDX-License-Identifier: GPL-2.0
/*
 * A classified run of rules (ir/classify.h) as code: per group, guards,
 * the packet's key and its table lookup (codegen/cls_lookup.c), and the
 * candidates; the lowest rule index over all groups, then the run's inline
 * rules while they come earlier; then that rule's counter, trace and
 * verdict.
 */
#include <stdlib.h>

#include "codegen/cls_lookup.h"
#include "codegen/codegen.h"
#include "ir/xalloc.h"


#define NONE	0x7fffffff

/* Copy candidate fields at r7 + off into the best-so-far slots. */
void cls_take_candidate(struct hk_emit *e, int16_t off)
{
	static const int16_t slot[] = { S_RULE, S_CTR, S_TRACE, S_VERD };

	for (int i = 0; i < 4; i++) {
		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_7, off + 4 * i);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1, slot[i]);
	}
}

/* The candidates of the record at r7, in order: the first whose residual
 * fits becomes the best when it is earlier than the best so far. */
static void gen_cands(struct hk_emit *e, const struct ir_cls_group *g,
		      int done)
{
	for (int k = 0; k < g->ncands; k++) {
		int16_t off = g->nwords * 8 + k * cls_cand_size(g);
		int next = hk_label(e);

		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_7, off);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, done);
		cls_residual_check(e, g, off, next);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, S_RULE);
		hk_jmp_reg(e, BPF_JGE, BPF_REG_1, BPF_REG_2, done);
		cls_take_candidate(e, off);
		hk_ja(e, done);
		hk_place(e, next);
	}
}

static void gen_group(struct hk_emit *e, const struct ir_chain *c,
		      const struct ir_cls_run *run, const struct ir_cls_group *g,
		      const uint32_t *trace)
{
	int done = hk_label(e);
	struct cls_tables t;

	cls_put_tables(e->obj, g, trace, c, run->first, NULL, &t);
	for (size_t i = 0; i < g->nguards; i++) {
		e->ops->load(e, &g->guards[i].field, done);
		hk_jmp_u64(e, BPF_JNE, BPF_REG_0, g->guards[i].value, done);
	}
	cls_build_key(e, g, done);
	cls_find(e, g, &t, done);
	gen_cands(e, g, done);
	hk_place(e, done);
}

static void set_best(struct hk_emit *e, uint32_t rule1,
		     struct ir_cls_rule_action a, uint32_t trace)
{
	hk_st(e, BPF_DW, BPF_REG_10, S_RULE, (int32_t)rule1);
	hk_st(e, BPF_DW, BPF_REG_10, S_CTR, a.counter + 1);
	hk_st(e, BPF_DW, BPF_REG_10, S_TRACE, (int32_t)trace);
	hk_st(e, BPF_DW, BPF_REG_10, S_VERD, a.action);
}

/* Inline rules, in order, while they come before the best found. */
static void gen_inline(struct hk_emit *e, const struct ir_chain *c,
		       const struct ir_cls_run *run, const uint32_t *trace)
{
	int done = hk_label(e);

	for (size_t i = 0; i < run->ninline; i++) {
		uint32_t idx = run->inline_rules[i];
		const struct ir_rule *r = &c->rules[idx];
		struct ir_cls_rule_action a = ir_cls_rule_action(r);
		size_t nmatch = r->nstmts - 1 - (a.counter >= 0);
		int fail = hk_label(e);

		e->origin = &r->origin;
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_RULE);
		hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_1, idx + 1, done);
		for (size_t s = 0; s < nmatch; s++)
			hk_gen_match(e, &r->stmts[s], fail);
		set_best(e, idx + 1, a, trace[idx - run->first]);
		hk_ja(e, done);
		hk_place(e, fail);
	}
	hk_place(e, done);
}

/* Dynamic counter and trace updates for the best rule. */
static void gen_effects(struct hk_emit *e)
{
	int skip = hk_label(e);

	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_CTR);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, skip);
	hk_alu_imm(e, BPF_SUB, BPF_REG_1, 1);
	hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_1, HK_MAP_KEY);
	hk_map_lookup(e, CG_MAP_COUNTERS, skip);
	hk_count(e);
	hk_place(e, skip);
	if (!e->obj->has_trace)
		return;
	skip = hk_label(e);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_TRACE);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, skip);
	hk_st(e, BPF_W, BPF_REG_10, HK_MAP_KEY, 0);
	hk_map_lookup(e, CG_MAP_TRACE, skip);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_TRACE);
	hk_stx(e, BPF_W, BPF_REG_0, BPF_REG_1, 0);
	hk_place(e, skip);
}

/* A readable origin for the run's glue code in --emit asm. */
static const struct ir_origin *run_origin(struct hk_emit *e,
					  const struct ir_chain *c,
					  const struct ir_cls_run *run)
{
	const struct ir_origin *o = &c->rules[run->first].origin;
	struct ir_origin *mine = xzalloc(sizeof(*mine));
	size_t nrules = 0;

	for (size_t i = 0; i < run->ngroups; i++)
		nrules += run->groups[i].nrules;
	for (size_t i = 0; i < run->ntrees; i++)
		nrules += run->trees[i].nrules;
	mine->file = xstrdup(o->file);
	mine->line = o->line;
	mine->text = xasprintf("classifier for rules %d-%d: %zu rule(s) in %zu table(s) and %zu tree(s), %zu inline",
			       o->line, c->rules[run->first + run->count - 1].origin.line,
			       nrules, run->ngroups, run->ntrees, run->ninline);
	cg_object_own_origin(e->obj, mine);
	return mine;
}

void hk_gen_cls_run(struct hk_emit *e, const struct ir_chain *c,
		    const struct ir_cls_run *run, const struct hk_cls_exits *x)
{
	uint32_t *trace = xzalloc(run->count * sizeof(*trace));
	const struct ir_origin *glue = run_origin(e, c, run);

	for (size_t i = 0; i < run->count; i++) {
		struct ir_cls_rule_action a =
			ir_cls_rule_action(&c->rules[run->first + i]);

		if (a.action != IR_CLS_RETURN)
			trace[i] = hk_trace_id(e, &c->rules[run->first + i].origin);
	}
	e->origin = glue;
	set_best(e, NONE, (struct ir_cls_rule_action){ .counter = -1 }, 0);
	for (size_t i = 0; i < run->ngroups; i++)
		gen_group(e, c, run, &run->groups[i], trace);
	if (run->ntrees) {
		int past_trees = hk_label(e);

		cls_gen_tree_guards(e, run, past_trees);
		cls_gen_tree_values(e, run);
		for (size_t i = 0; i < run->ntrees; i++)
			cls_gen_tree(e, c, run, &run->trees[i], trace);
		hk_place(e, past_trees);
	}
	gen_inline(e, c, run, trace);
	e->origin = glue;
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_RULE);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, NONE, x->none);
	gen_effects(e);
	hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_10, S_VERD);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IR_CLS_DROP, x->drop);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, IR_CLS_RETURN, x->ret);
	hk_ja(e, x->accept);
	free(trace);
}
