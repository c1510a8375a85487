// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic sets in packet hooks: a BPF hash map per set ("dynset_<N>",
 * struct cgnft_elem values), looked up, added to, updated and deleted
 * from as nft_lookup_eval() and nft_dynset_eval() do.
 *
 * BPF hash maps do not expire: an element keeps its deadline
 * (bpf_ktime_get_boot_ns(), like jiffies it counts time in suspend) and a
 * lookup treats an element past it as absent; adding the key again
 * overwrites it.  There is no sweep: an expired element keeps its slot
 * until its key comes again (nft's gc-interval has nothing to do here).
 * A full map refuses new keys, as nft's set does when it holds `size`
 * elements (then the rule stops).
 */
#include <linux/bpf.h>
#include <stddef.h>

#include "codegen/codegen.h"
#include "codegen/hook_gen.h"

/* Stack below the skb hook's own slots (hook_skb.c, gen_tree.c end at
 * -392): the key, then a new element's value. */
#define S_DKEY	(-456)		/* up to IR_MAX_CONCAT * 16 bytes */
#define S_DVAL	(-512)		/* struct cgnft_elem (56 bytes) */

#define NS_PER_MS 1000000ull

static const struct ir_field skb_len = { .base = IR_BASE_META, .key = IR_META_LEN,
					 .len = 4, .mask = ~0ull };

/* The key at r10 + S_DKEY, zero-padded; to `fail` when a field is absent
 * (nft's expression breaks: the rule stops). */
static void build_key(struct hk_emit *e, const struct ir_set *set,
		      const struct ir_lookup *l, int fail)
{
	unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];
	unsigned size = ir_dynset_key_layout(set, off, width);

	for (unsigned at = 0; at < size; at += 8)
		hk_st(e, BPF_DW, BPF_REG_10, (int16_t)(S_DKEY + at), 0);
	for (int f = 0; f < l->nfields; f++) {
		if (width[f] == 16) {
			e->ops->load_wide(e, &l->fields[f], (int16_t)(S_DKEY + off[f]), fail);
			continue;
		}
		e->ops->load(e, &l->fields[f], fail);
		hk_stx(e, width[f] == 8 ? BPF_DW : BPF_W, BPF_REG_10, BPF_REG_0,
		       (int16_t)(S_DKEY + off[f]));
	}
}

static void map_args(struct hk_emit *e, const struct ir_set *set)
{
	hk_ld_map(e, BPF_REG_1, CG_MAP_DYNSET + set->map);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_2, S_DKEY);
}

static void atomic_add(struct hk_emit *e, int dst, int src, int16_t off)
{
	hk_insn(e, (struct bpf_insn){ .code = BPF_STX | BPF_ATOMIC | BPF_DW,
				      .dst_reg = dst, .src_reg = src, .off = off,
				      .imm = BPF_ADD });
}

/* Whether some element of the set can have a counter. */
static bool set_counts(const struct ir_unit *u, int index)
{
	if (u->sets[index].counter)
		return true;
	for (size_t c = 0; c < u->nchains; c++)
		for (size_t r = 0; r < u->chains[c].nrules; r++)
			for (size_t i = 0; i < u->chains[c].rules[r].nstmts; i++) {
				const struct ir_stmt *s = &u->chains[c].rules[r].stmts[i];

				if (s->kind == IR_STMT_DYNSET && s->dynset.key.set == index &&
				    s->dynset.counter)
					return true;
			}
	return false;
}

/* The element at r7 counts the packet when it has a counter. */
static void count(struct hk_emit *e, int index)
{
	int skip = hk_label(e);

	if (!set_counts(e->unit, index))
		return;
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_7, offsetof(struct cgnft_elem, flags));
	hk_alu_imm(e, BPF_AND, BPF_REG_1, CG_ELEM_COUNTER);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, skip);
	hk_mov_imm(e, BPF_REG_1, 1);
	atomic_add(e, BPF_REG_7, BPF_REG_1, offsetof(struct cgnft_elem, packets));
	e->ops->load(e, &skb_len, skip);
	atomic_add(e, BPF_REG_7, BPF_REG_0, offsetof(struct cgnft_elem, bytes));
	hk_place(e, skip);
}

/* To `expired` when the element at r7 is past its deadline (r0 clobbered;
 * now in r9 when `now_in_r9`, else read here). */
static void check_expiry(struct hk_emit *e, bool now_in_r9, int expired)
{
	int live = hk_label(e);

	hk_ldx(e, BPF_DW, BPF_REG_8, BPF_REG_7, offsetof(struct cgnft_elem, expires));
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_8, 0, live);
	if (!now_in_r9) {
		hk_call(e, BPF_FUNC_ktime_get_boot_ns);
		hk_mov_reg(e, BPF_REG_9, BPF_REG_0);
	}
	/* nft_set_elem_expired(): expired once the deadline is reached */
	hk_jmp_reg(e, BPF_JLE, BPF_REG_8, BPF_REG_9, expired);
	hk_place(e, live);
}

void hk_gen_dynset_lookup(struct hk_emit *e, const struct ir_lookup *l, int fail)
{
	const struct ir_set *set = &e->unit->sets[l->set];
	int miss = l->neg ? hk_label(e) : fail;

	build_key(e, set, l, fail);
	map_args(e, set);
	hk_call(e, BPF_FUNC_map_lookup_elem);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, miss);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	if (set->has_timeout)
		check_expiry(e, false, miss);
	/* nft_lookup_eval() runs the element's expressions: its counter */
	count(e, l->set);
	if (l->neg) {
		hk_ja(e, fail);
		hk_place(e, miss);
	}
}

void hk_gen_dynset(struct hk_emit *e, const struct ir_dynset *d, int fail)
{
	const struct ir_set *set = &e->unit->sets[d->key.set];
	uint64_t timeout_ms = set->has_timeout ? (d->timeout_ms ? d->timeout_ms :
						  set->timeout_ms) : 0;
	int have = hk_label(e), create = hk_label(e), exprs = hk_label(e);

	build_key(e, set, &d->key, fail);
	if (d->op == IR_DYNSET_DELETE) {
		map_args(e, set);
		hk_call(e, BPF_FUNC_map_delete_elem);
		return;
	}
	hk_call(e, BPF_FUNC_ktime_get_boot_ns);
	hk_mov_reg(e, BPF_REG_9, BPF_REG_0);
	map_args(e, set);
	hk_call(e, BPF_FUNC_map_lookup_elem);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_0, 0, have);
	hk_mov_imm(e, BPF_REG_8, BPF_NOEXIST);
	hk_ja(e, create);

	hk_place(e, have);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	if (set->has_timeout) {
		int live = hk_label(e), expired = hk_label(e);

		check_expiry(e, true, expired);
		hk_ja(e, live);
		hk_place(e, expired);
		hk_mov_imm(e, BPF_REG_8, BPF_ANY);	/* in its place */
		hk_ja(e, create);
		hk_place(e, live);
	}
	/* update: a new deadline, for an element that has one */
	if (d->op == IR_DYNSET_UPDATE && timeout_ms) {
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_7, offsetof(struct cgnft_elem, expires));
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, exprs);
		hk_ld_imm64(e, BPF_REG_1, timeout_ms * NS_PER_MS);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_9);
		hk_stx(e, BPF_DW, BPF_REG_7, BPF_REG_1, offsetof(struct cgnft_elem, expires));
	}
	hk_ja(e, exprs);

	/* a new element (r8: BPF_NOEXIST, or BPF_ANY over an expired one) */
	hk_place(e, create);
	for (int at = 0; at < (int)sizeof(struct cgnft_elem); at += 8)
		hk_st(e, BPF_DW, BPF_REG_10, (int16_t)(S_DVAL + at), 0);
	if (timeout_ms) {
		hk_ld_imm64(e, BPF_REG_1, timeout_ms * NS_PER_MS);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_9);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1,
		       S_DVAL + (int16_t)offsetof(struct cgnft_elem, expires));
		hk_ld_imm64(e, BPF_REG_1, timeout_ms);
		hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_1,
		       S_DVAL + (int16_t)offsetof(struct cgnft_elem, timeout_ms));
	}
	if (set->counter || d->counter)
		hk_st(e, BPF_W, BPF_REG_10, S_DVAL + (int16_t)offsetof(struct cgnft_elem, flags),
		      CG_ELEM_COUNTER);
	map_args(e, set);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_3, S_DVAL);
	hk_mov_reg(e, BPF_REG_4, BPF_REG_8);
	hk_call(e, BPF_FUNC_map_update_elem);
	/* added, or added by another CPU meanwhile; absent: the set is full */
	map_args(e, set);
	hk_call(e, BPF_FUNC_map_lookup_elem);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, fail);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);

	/* nft_set_elem_update_expr(): the element's counter, the limit */
	hk_place(e, exprs);
	count(e, d->key.set);
	if (d->has_limit) {
		hk_mov_reg(e, BPF_REG_8, BPF_REG_7);
		hk_alu_imm(e, BPF_ADD, BPF_REG_8, CG_ELEM_LOCK_OFF);
		hk_gen_limit_at(e, &d->limit, fail);
	}
}
