// SPDX-License-Identifier: GPL-2.0
/*
 * Chains that several places jump to, compiled once.
 *
 * A chain reached from one place only is inlined there (its code appears
 * once either way).  A chain reached from two or more places is "shared":
 * its code is emitted once, after the base chains, and entered through a
 * dispatch loop at the end of the program:
 *
 *   jump S:   slot[level(S)] = id of the return site; r0 = id of S; goto loop
 *   end of S: r0 = slot[level(S)]; goto loop
 *   loop:     may_goto stop; r0 selects the entry (a binary search)
 *   stop:     drop
 *
 * Two shared chains active at once have different levels (a chain's level
 * is above that of every chain that reaches it, and jumps cannot loop), so
 * one u32 slot per level holds the return site; nft's 16 jump levels need
 * 16 slots.  Slot 0 holds where `accept` continues: after the running base
 * chain, which shared code cannot know statically.
 *
 * Why a loop: inlining makes code size, and the verifier's work,
 * exponential in the depth of the jump graph.  With every shared chain
 * behind one `may_goto`, the verifier widens the loop's state and checks
 * each chain about once, whatever the number of paths into it.  may_goto
 * (Linux 6.9) also bounds the loop at run time: a packet that exhausts it
 * (8 million chain transitions; nft would take seconds on it) is dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "codegen/hook_gen.h"
#include "ir/xalloc.h"

struct edge {
	int from, to;
};

struct plan {
	struct hk_emit *e;
	bool *seen;
	struct edge *edges;
	size_t nedges;
	size_t *in_start;	/* incoming edges of chain c: in[in_start[c]..] */
	int *in;		/* referrers, grouped by target */
};

static void reach(struct plan *p, int c, int **stack, size_t *n)
{
	if (p->seen[c])
		return;
	p->seen[c] = true;
	*stack = xgrow(*stack, *n, sizeof(**stack));
	(*stack)[(*n)++] = c;
}

static void add_edge(struct plan *p, const struct ir_verdict *v, int from,
		     int **stack, size_t *n)
{
	if (v->kind != IR_VERDICT_JUMP && v->kind != IR_VERDICT_GOTO)
		return;
	p->edges = xgrow(p->edges, p->nedges, sizeof(*p->edges));
	p->edges[p->nedges++] = (struct edge){ from, v->chain };
	reach(p, v->chain, stack, n);
}

/* A rule that always ends its chain (no match, a final accept, drop,
 * return or goto): the rules after it are never run, and the code for them
 * is not emitted, so their jumps must not count. */
static bool ends_chain(const struct ir_rule *r)
{
	const struct ir_stmt *last = r->nstmts ? &r->stmts[r->nstmts - 1] : NULL;

	for (size_t s = 0; s < r->nstmts; s++)
		switch (r->stmts[s].kind) {
		case IR_STMT_COUNTER:
		case IR_STMT_SET_META:
		case IR_STMT_SET_SYSCTL_VALUE:
		case IR_STMT_VERDICT:
			break;
		default:
			return false;
		}
	return last && last->kind == IR_STMT_VERDICT &&
	       (last->verdict.kind == IR_VERDICT_ACCEPT || last->verdict.kind == IR_VERDICT_DROP ||
		last->verdict.kind == IR_VERDICT_RETURN || last->verdict.kind == IR_VERDICT_GOTO);
}

/* Every reference (a jump or goto verdict, a vmap element's verdict) in
 * the chains the program reaches: one walk, each chain visited once. */
static void collect_edges(struct plan *p)
{
	const struct ir_unit *u = p->e->unit;
	const struct ir_prog *prog = p->e->prog;
	int *stack = NULL;
	size_t n = 0;

	for (size_t i = 0; i < prog->nbase_chains; i++)
		reach(p, prog->base_chains[i], &stack, &n);
	while (n) {
		int c = stack[--n];
		const struct ir_chain *ch = &u->chains[c];

		for (size_t r = 0; r < ch->nrules && (!r || !ends_chain(&ch->rules[r - 1])); r++)
			for (size_t s = 0; s < ch->rules[r].nstmts; s++) {
				const struct ir_stmt *st = &ch->rules[r].stmts[s];
				const struct ir_set *set;

				if (st->kind == IR_STMT_VERDICT)
					add_edge(p, &st->verdict, c, &stack, &n);
				if (st->kind != IR_STMT_VMAP)
					continue;
				set = &u->sets[st->lookup.set];
				for (size_t k = 0; k < set->nelems; k++)
					add_edge(p, &set->elems[k].verdict, c,
						 &stack, &n);
			}
	}
	free(stack);
}

static int level_of(struct plan *p, int c, int depth);

/* The level whose slot returns from the code that chain c is part of: its
 * own when shared, 0 in a base chain, else its one referrer's. */
static int host_level(struct plan *p, int c, int depth)
{
	const struct hk_jumps *j = &p->e->jumps;

	if (depth > 2 * HK_MAX_LEVELS * 64)
		hk_bug("jump graph deeper than the front end allows");
	if (j->shared[c])
		return level_of(p, c, depth + 1);
	if (p->in_start[c] == p->in_start[c + 1])
		return 0;	/* a base chain */
	return host_level(p, p->in[p->in_start[c]], depth + 1);
}

static int level_of(struct plan *p, int c, int depth)
{
	struct hk_jumps *j = &p->e->jumps;
	int lv = 0;

	if (j->level[c])
		return j->level[c];
	for (size_t k = p->in_start[c]; k < p->in_start[c + 1]; k++) {
		int h = host_level(p, p->in[k], depth + 1);

		if (h + 1 > lv)
			lv = h + 1;
	}
	if (lv > HK_MAX_LEVELS)
		hk_bug("shared chains nest deeper than 16 levels");
	j->level[c] = lv;
	return lv;
}

void hk_jumps_plan(struct hk_emit *e)
{
	size_t nc = e->unit->nchains;
	struct hk_jumps *j = &e->jumps;
	struct plan p = { .e = e, .seen = xzalloc(nc + 1) };
	size_t *fill;

	memset(j, 0, sizeof(*j));
	j->shared = xzalloc(nc + 1);
	j->level = xzalloc((nc + 1) * sizeof(*j->level));
	j->entry = xmalloc((nc + 1) * sizeof(*j->entry));
	j->ret = xmalloc((nc + 1) * sizeof(*j->ret));
	collect_edges(&p);
	/* incoming edges grouped by target (a counting sort) */
	p.in_start = xzalloc((nc + 2) * sizeof(*p.in_start));
	p.in = xmalloc((p.nedges + 1) * sizeof(*p.in));
	for (size_t k = 0; k < p.nedges; k++)
		p.in_start[p.edges[k].to + 1]++;
	for (size_t c = 0; c < nc; c++)
		p.in_start[c + 1] += p.in_start[c];
	fill = xmalloc((nc + 1) * sizeof(*fill));
	memcpy(fill, p.in_start, (nc + 1) * sizeof(*fill));
	for (size_t k = 0; k < p.nedges; k++)
		p.in[fill[p.edges[k].to]++] = p.edges[k].from;
	free(fill);
	for (size_t c = 0; c < nc; c++) {
		j->shared[c] = p.in_start[c + 1] - p.in_start[c] > 1;
		j->any |= j->shared[c];
	}
	for (size_t c = 0; j->any && c < nc; c++) {
		if (!j->shared[c])
			continue;
		level_of(&p, (int)c, 0);
		j->entry[c] = hk_label(e);
		j->ret[c] = hk_label(e);
		hk_entry(e, j->entry[c]);
	}
	if (j->any) {
		j->loop = hk_label(e);
		j->stop = hk_label(e);
		j->accept = hk_label(e);
	}
	free(p.seen);
	free(p.edges);
	free(p.in_start);
	free(p.in);
}

void hk_jumps_free(struct hk_emit *e)
{
	struct hk_jumps *j = &e->jumps;

	free(j->shared);
	free(j->level);
	free(j->entry);
	free(j->ret);
	free(j->ids);
	memset(j, 0, sizeof(*j));
}

int hk_entry(struct hk_emit *e, int label)
{
	struct hk_jumps *j = &e->jumps;

	if (e->label_entry[label])
		return e->label_entry[label] - 1;
	j->ids = xgrow(j->ids, (size_t)j->nids, sizeof(*j->ids));
	j->ids[j->nids] = label;
	e->label_entry[label] = ++j->nids;
	/* the dispatch comes last: count its jump now, so that placing the
	 * label makes the code after it live */
	e->label_refs[label]++;
	return j->nids - 1;
}

int16_t hk_slot(const struct hk_emit *e, int level)
{
	return (int16_t)(e->ops->jump_area + 4 * level);
}

void hk_jump_shared(struct hk_emit *e, int chain, int ret_id, int ret_level)
{
	const struct hk_jumps *j = &e->jumps;
	int16_t to = hk_slot(e, j->level[chain]);

	if (ret_level >= 0) {
		/* goto from shared code: return where that code returns */
		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_10, hk_slot(e, ret_level));
		hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_1, to);
	} else {
		hk_st(e, BPF_W, BPF_REG_10, to, ret_id);
	}
	hk_mov_imm(e, BPF_REG_0, e->label_entry[j->entry[chain]] - 1);
	hk_ja(e, j->loop);
}

void hk_return_via(struct hk_emit *e, int level)
{
	hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_10, hk_slot(e, level));
	hk_ja(e, e->jumps.loop);
}

/* r0 in [lo, hi]: jump to the entry with that id. */
static void dispatch(struct hk_emit *e, int lo, int hi)
{
	const struct hk_jumps *j = &e->jumps;
	int mid, upper;

	if (lo == hi) {
		/* the entry may be far away: only `ja` has a long form */
		hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, lo, j->stop);
		hk_ja(e, j->ids[lo]);
		return;
	}
	mid = lo + (hi - lo) / 2;
	upper = hk_label(e);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_0, mid, upper);
	dispatch(e, lo, mid);
	hk_place(e, upper);
	dispatch(e, mid + 1, hi);
}

void hk_jumps_loop(struct hk_emit *e)
{
	const struct hk_jumps *j = &e->jumps;

	hk_place(e, j->accept);
	hk_return_via(e, 0);
	/* `stop` before the loop, so that may_goto's jump is always short */
	e->label_refs[j->stop]++;
	hk_place(e, j->stop);
	hk_exit_imm(e, 0);
	hk_place(e, j->loop);
	hk_may_goto(e, j->stop);
	dispatch(e, 0, j->nids - 1);
}
