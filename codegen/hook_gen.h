/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program generation for the non-packet hooks (cgroup/sysctl,
 * cgroup/sock_create).  These hooks have no packet to parse: a rule is
 * tested against a ctx that the kernel fills in, so they share a small
 * generator: an instruction buffer with labels, the chain/verdict walker,
 * set tests and counters (hook_emit.c), plus a per-hook ops table that loads
 * fields and runs the hook's own statements (hook_sysctl.c, hook_sock.c).
 *
 * Registers: r6 holds ctx for the whole program; r7-r9 are free for a
 * statement that calls helpers; r0-r5 are scratch.
 */
#ifndef CGNFT_HOOK_GEN_H
#define CGNFT_HOOK_GEN_H

#include <linux/bpf.h>
#include <stdint.h>

#include "codegen/cg_object.h"
#include "ir/ir.h"

/* Entry points, called by cg_generate for ir_prog.hook SYSCTL/SOCK_CREATE:
 * fill `out` (name, section, insns, origins, labels, relocs).  obj->unit is
 * the IR; with obj->has_trace, the program records deciding rules in
 * CG_MAP_TRACE and appends their origins to obj->trace_origin. */
void cg_hook_sysctl_generate(struct cg_object *obj, const struct ir_prog *prog,
			     struct cg_prog *out);
void cg_hook_sock_generate(struct cg_object *obj, const struct ir_prog *prog,
			   struct cg_prog *out);
void cg_hook_skb_generate(struct cg_object *obj, const struct ir_prog *prog,
			  struct cg_prog *out);

struct hk_emit;
struct hk_cls_exits;

struct hk_ops {
	const char *section;
	/* Once, before the first base chain (optional). */
	void (*prologue)(struct hk_emit *e);
	/* Emit the statement (matches jump to `fail` when false); return
	 * false when the statement kind is not the hook's (the walker then
	 * handles it); optional. */
	bool (*stmt)(struct hk_emit *e, const struct ir_stmt *s, int fail);
	/* Load a numeric field into r0; jump to `fail` when absent. */
	void (*load)(struct hk_emit *e, const struct ir_field *f, int fail);
	/* Classified runs (packet hooks only): store a 16-byte field at
	 * r10 + at as two big-endian-ordered u64 (high half first). */
	void (*load_wide)(struct hk_emit *e, const struct ir_field *f,
			  int16_t at, int fail);
	/* Packet hooks: r0 = 1 + cls[the first element of l's set that
	 * holds the key], or 0 when none does, for a key of a 16-byte field
	 * or a concatenation; to `fail` when a key field is absent.  The
	 * elements are compared in turn.  Clobbers r1-r5, r7-r9. */
	void (*map_class_wide)(struct hk_emit *e, const struct ir_lookup *l,
			       const uint32_t *cls, int fail);
	/* Count a packet in the counter value r0 points at (optional:
	 * default packets += 1). */
	void (*count)(struct hk_emit *e);
	/* Runs the hook compiles as one table search (optional): how many
	 * rules from rule `first` of c form one (0: none), and their code,
	 * which ends in a jump to one of x's labels (struct below). */
	size_t (*run_len)(struct hk_emit *e, const struct ir_chain *c,
			  size_t first);
	void (*run_gen)(struct hk_emit *e, const struct ir_chain *c,
			size_t first, size_t n, const struct hk_cls_exits *x);
	/* The lowest byte of HK_JUMP_AREA bytes of stack (an offset from
	 * r10) that the hook leaves to shared chains (hook_jumps.c). */
	int16_t jump_area;
};

/* Shared chains (hook_jumps.c): levels 1..HK_MAX_LEVELS hold return
 * sites, level 0 the continuation of `accept`; one u32 each. */
#define HK_MAX_LEVELS 16
#define HK_JUMP_AREA (4 * (HK_MAX_LEVELS + 1))

struct hk_jumps {
	bool any;		/* the program has shared chains */
	bool *shared;		/* per chain: reached from two or more places */
	int *level;		/* shared chains: their slot, 1..HK_MAX_LEVELS */
	int *entry;		/* shared chains: label of their code */
	int *ret;		/* shared chains: label of their return */
	int *ids;		/* dispatch id -> label */
	int nids;
	int loop, stop, accept;	/* labels: dispatch, budget out, accept */
};

struct hk_emit {
	struct cg_object *obj;
	const struct ir_unit *unit;
	const struct ir_prog *prog;
	const struct hk_ops *ops;
	struct cg_prog *out;
	size_t cap;
	const struct ir_origin *origin;	/* rule being emitted */
	int *label_at;			/* label -> insn index, -1 = unplaced */
	int *label_refs;		/* label -> jumps emitted to it */
	bool dead;			/* after exit/ja, before a used label */
	int nlabels;
	struct { size_t insn; int label; } *fix;
	size_t nfix;
	/* Conditional jumps as `if cond goto +1; goto +1; gotol label`: for
	 * programs where some rule spans more than 32767 instructions (a
	 * long linear set or vmap); the first attempt finds out. */
	bool long_jumps;
	void *hook;			/* the hook's own state */
	int *label_entry;		/* label -> dispatch id + 1, or 0 */
	bool *label_fail;		/* label -> made by hk_label_fail */
	struct hk_jumps jumps;
};

void hk_generate(struct cg_object *obj, const struct ir_prog *prog,
		 const struct hk_ops *ops, void *hook, struct cg_prog *out);

void hk_bug(const char *what) __attribute__((noreturn));
int hk_label(struct hk_emit *e);
/* A label where a rule ends when it does not match: conditional jumps to
 * it are laid out for the verifier (see cond_jump in hook_emit.c). */
int hk_label_fail(struct hk_emit *e);
void hk_place(struct hk_emit *e, int label);
void hk_insn(struct hk_emit *e, struct bpf_insn insn);

/* Instruction shapes. */
void hk_alu_imm(struct hk_emit *e, int op, int dst, int32_t imm);
void hk_alu_reg(struct hk_emit *e, int op, int dst, int src);
void hk_mov_imm(struct hk_emit *e, int dst, int32_t imm);
void hk_mov_reg(struct hk_emit *e, int dst, int src);
void hk_ld_imm64(struct hk_emit *e, int dst, uint64_t imm);
void hk_ld_map(struct hk_emit *e, int dst, enum cg_map map);
/* reg = ((reg >> shift) & mask) << lshift ^ xor: a field's transform
 * after its load (every hook's load calls it).  Clobbers r1. */
void hk_field_xform(struct hk_emit *e, int reg, const struct ir_field *f);
/* dst = the address of .rodata + at (a cg_rodata_reserve offset). */
void hk_ld_rodata(struct hk_emit *e, int dst, size_t at);
void hk_ldx(struct hk_emit *e, int size, int dst, int src, int16_t off);
/* dst = the address of .rodata.host + at (a cg_host_slot offset). */
void hk_ld_host(struct hk_emit *e, int dst, size_t at);
/* Call a kfunc (args in r1-r5, result in r0; clobbers r1-r5). */
void hk_kcall(struct hk_emit *e, enum cg_kfunc fn);
/* dst = *(size *)(src + offset of kernel field f), relocated by libbpf
 * to the running kernel's layout (src: a BTF pointer to the field's
 * struct, as kfuncs and earlier such loads give). */
void hk_ldx_kernel(struct hk_emit *e, int size, int dst, int src,
		   enum cg_kfield f);
void hk_stx(struct hk_emit *e, int size, int dst, int src, int16_t off);
void hk_st(struct hk_emit *e, int size, int dst, int16_t off, int32_t imm);
void hk_call(struct hk_emit *e, int helper);
void hk_exit_imm(struct hk_emit *e, int32_t ret);
/* Conditional jumps to a label: `op` is BPF_JEQ...; class BPF_JMP (64-bit)
 * or BPF_JMP32.  BPF_JA with class BPF_JMP is an unconditional jump. */
void hk_jmp_imm(struct hk_emit *e, int cls, int op, int reg, int32_t imm,
		int label);
void hk_jmp_reg(struct hk_emit *e, int op, int dst, int src, int label);
void hk_ja(struct hk_emit *e, int label);
/* may_goto: to `label` once the kernel's loop budget is used up; the
 * label must be near (no long form exists). */
void hk_may_goto(struct hk_emit *e, int label);
/* if reg <op> v goto label, unsigned 64-bit; wide constants go through r1. */
void hk_jmp_u64(struct hk_emit *e, int op, int reg, uint64_t v, int label);
/* Branch-free compares for searches: r3 = x < y (unsigned), 0 or 1.
 * hk_lt63 needs x, y below 2^63; hk_lt64 takes any and clobbers r4, r5. */
void hk_lt63(struct hk_emit *e, int x, int y);
void hk_lt64(struct hk_emit *e, int x, int y);

/* Jump to `fail` unless the unsigned 64-bit value in `reg` satisfies
 * `op value[..value_hi]`.  Clobbers r1. */
void hk_test_op(struct hk_emit *e, int reg, enum ir_op op,
		struct ir_val value, struct ir_val value_hi, int fail);
/* Jump to `hit` when the unsigned 64-bit value in `reg` is in [lo, hi].
 * Clobbers r1. */
void hk_jmp_in_range(struct hk_emit *e, int reg, uint64_t lo, uint64_t hi,
		     int hit);
/* Jump to `fail` unless `reg` lies in a range of the (one-field) set,
 * negated when `neg`.  Clobbers r1. */
void hk_test_set(struct hk_emit *e, int reg, const struct ir_set *set,
		 bool neg, int fail);

/* One-field LOOKUP sets above this many elements are binary searched in
 * .rodata (gen_bsearch.c) instead of compared inline.  Clobbers r1, r2,
 * r7-r9. */
#define HK_INLINE_SET_MAX 8
/* A lookup of a large IPv6 or concatenated set as one classifier table
 * (ir_cls_set_table); false, emitting nothing, when the set cannot be one. */
bool hk_gen_set_table(struct hk_emit *e, const struct ir_lookup *l, int fail);
/* The same for a map: r0 = 1 + elem_class[first element covering the
 * key], or 0 when none does; to `fail` when the key is absent. */
bool hk_gen_map_table(struct hk_emit *e, const struct ir_lookup *l,
		      const uint32_t *elem_class, int fail);
/* Which element of a verdict or value map holds the key (gen_mapclass.c):
 * r0 = 1 + elem_class[the first such element], or 0 when none does; to
 * `fail` when a key field is absent.  A table for large maps in packet
 * hooks, else compares.  Clobbers r1-r5, r7-r9. */
void hk_map_class(struct hk_emit *e, const struct ir_lookup *l,
		  const uint32_t *elem_class, int fail);
/* Number the distinct values of a map's elements (verdicts or data):
 * elem_class[i] for element i, *nclass classes, rep[k] the first element
 * of class k.  Free both with free(). */
void hk_map_classes(const struct ir_set *set, uint32_t **elem_class,
		    size_t **rep, size_t *nclass);
bool hk_set_is_large(const struct ir_set *set);
void hk_test_set_bsearch(struct hk_emit *e, int reg, const struct ir_set *set,
			 bool neg, int fail);

/* The stack slot (r10 + HK_MAP_KEY) that holds a u32 map key. */
#define HK_MAP_KEY (-8)
/* r0 = the value of `map` at the key in HK_MAP_KEY; jump to `absent`
 * when there is none.  Clobbers r1-r5. */
void hk_map_lookup(struct hk_emit *e, enum cg_map map, int absent);
/* Count a packet in the counter value r0 points at (ops->count, or
 * packets only). */
void hk_count(struct hk_emit *e);

/* limit and quota statements (gen_state.c): jump to `fail` when the
 * rule stops there.  Clobbers r0-r5, r7-r9. */
void hk_gen_limit(struct hk_emit *e, int index, int fail);
void hk_gen_quota(struct hk_emit *e, int index, int fail);
/* A limit whose bucket r8 points at (a dynamic set's element, at its
 * lock): the same; r8 is kept. */
void hk_gen_limit_at(struct hk_emit *e, const struct ir_limit *l, int fail);

/* log (gen_log.c), packet hooks: an event to the log ring when the log
 * bucket allows; the rule goes on.  Clobbers r0-r5, r7-r9. */
void hk_gen_log(struct hk_emit *e, const struct ir_stmt *s);

/* Dynamic sets (gen_dynset.c), packet hooks: a LOOKUP of a dynamic set
 * and a DYNSET statement; jump to `fail` when the rule stops.  Clobbers
 * r0-r5, r7-r9. */
void hk_gen_dynset_lookup(struct hk_emit *e, const struct ir_lookup *l, int fail);
void hk_gen_dynset(struct hk_emit *e, const struct ir_dynset *d, int fail);

/* Trace id for a verdict site of the rule `o` (0 when not tracing). */
uint32_t hk_trace_id(struct hk_emit *e, const struct ir_origin *o);
/* A match statement (MATCH, LOOKUP): jump to `fail` when false. */
void hk_gen_match(struct hk_emit *e, const struct ir_stmt *s, int fail);

/* Shared chains (hook_jumps.c). */
/* Find the chains reached from several places and give them levels,
 * labels and dispatch ids. */
void hk_jumps_plan(struct hk_emit *e);
void hk_jumps_free(struct hk_emit *e);
/* The dispatch id of the code at `label` (registered on first use). */
int hk_entry(struct hk_emit *e, int label);
/* r10 + hk_slot(level): the u32 slot of that level. */
int16_t hk_slot(const struct hk_emit *e, int level);
/* Enter shared chain `chain`, to return to dispatch id `ret_id`, or, when
 * ret_level >= 0, to wherever that level's slot returns. */
void hk_jump_shared(struct hk_emit *e, int chain, int ret_id, int ret_level);
/* Continue at the dispatch id held in the slot of `level`. */
void hk_return_via(struct hk_emit *e, int level);
/* The end of the program: accept continuation, loop and dispatch. */
void hk_jumps_loop(struct hk_emit *e);

/* A classified run of rules (gen_classify.c): ends in a jump to one of
 * these labels: the decided rule's verdict, or `none` when no rule of the
 * run matched. */
struct ir_cls_run;
struct hk_cls_exits {
	int accept, drop, ret, none;
};
void hk_gen_cls_run(struct hk_emit *e, const struct ir_chain *c,
		    const struct ir_cls_run *run, const struct hk_cls_exits *x);

#endif
