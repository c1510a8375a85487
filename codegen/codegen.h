/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Code generation: IR -> eBPF instructions -> relocatable ELF object.
 * Input is valid IR; nothing here reports user errors.
 *
 * Object layout (the runtime and `bpftool prog loadall` rely on it):
 * - one program per ir_prog, in section "cgroup_skb/ingress",
 *   "cgroup_skb/egress", "cgroup/sysctl" or "cgroup/sock_create", symbol
 *   name = the kernel name (ir_prog_kname: libbpf gives the kernel the
 *   symbol's name), BTF func (func_info) name = ir_prog.name, the full one;
 * - a BTF-defined map "counters": BPF_MAP_TYPE_PERCPU_ARRAY, key __u32,
 *   value struct cgnft_counter, index = ir_unit.counters index;
 * - with limits, "limits": BPF_MAP_TYPE_ARRAY, value struct cgnft_limit,
 *   index = ir_unit.limits index; with quotas, "quotas": ARRAY of struct
 *   cgnft_quota by ir_unit.quotas index;
 * - set data in .rodata (frozen by libbpf), so the object needs no user
 *   space to populate anything;
 * - license "GPL".
 */
#ifndef CGNFT_CODEGEN_H
#define CGNFT_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir/ir.h"

struct cgnft_counter {
	uint64_t packets;
	uint64_t bytes;
};

#define CG_COUNTERS_MAP "counters"

/* A limit's bucket (ir_limit): all zero is a full bucket.  The lock is
 * the kernel's struct bpf_spin_lock. */
struct cgnft_limit {
	uint32_t lock;
	uint32_t pad;
	uint64_t tokens;	/* ns */
	uint64_t last;		/* bpf_ktime_get_ns() of the last update; 0: never */
};

struct cgnft_quota {
	uint64_t used;		/* bytes, may pass the quota (as nft's) */
};

/* A dynamic set's element (map "dynset_<N>", key as
 * ir_dynset_key_layout()): expiry and per-element counter, and the bucket
 * of a limit in its statement (`meter m { ip saddr limit rate 10/second }`;
 * lock, tokens and last as in struct cgnft_limit). */
struct cgnft_elem {
	uint64_t expires;	/* bpf_ktime_get_boot_ns() deadline; 0: never */
	uint64_t packets;
	uint64_t bytes;
	uint32_t lock;
	uint32_t flags;		/* CG_ELEM_COUNTER */
	uint64_t tokens;
	uint64_t last;
	uint64_t timeout_ms;	/* its timeout, for listing (0: none) */
};

#define CG_ELEM_COUNTER 1	/* the element counts the packets it matches */
#define CG_ELEM_LOCK_OFF 24	/* offsetof(struct cgnft_elem, lock) */
#define CG_DYNSET_MAP "dynset_"	/* + the set's ir_set.map */

#define CG_LIMITS_MAP "limits"
#define CG_QUOTAS_MAP "quotas"
#define CG_NUMGEN_MAP "numgen"

struct cg_object;

struct cg_options {
	/* Also record, in the ARRAY map "cgnft_trace" (key 0, __u32 value), the
	 * id of the rule whose verdict decided (see cg_trace_origin).  Used by
	 * `cgnft test`; never in programs that `apply` attaches. */
	bool trace;
	/* Read packet bytes only with bpf_skb_load_bytes(), never directly
	 * from skb->data: for loaders without CAP_PERFMON, to whom the
	 * verifier refuses adding a register to a packet pointer (Spectre v1
	 * hardening).  Classifier tables still need it. */
	bool helper_loads;
};

/* Trace values written by traced programs: */
#define CG_TRACE_NONE 0		/* nothing decided: the program fell off the end
				 * of the last base chain (pass) */
#define CG_TRACE_POLICY_BASE 0x80000000u	/* | chain index: that base
				 * chain's policy decided */

struct cg_object *cg_generate(const struct ir_unit *unit);
struct cg_object *cg_generate_opts(const struct ir_unit *unit,
				   const struct cg_options *opts);

/* The rule for trace id `id` (1-based), or NULL. */
const struct ir_origin *cg_trace_origin(const struct cg_object *obj,
					uint32_t id);
void cg_object_free(struct cg_object *obj);

/* Jump threading, `goto +0` and reloads of a just-stored stack slot
 * (codegen/peephole.c), on a program whose jumps are resolved. */
struct cg_prog;
void cg_peephole(struct cg_prog *p);

/* False, with an error on `err`, when a program of the object is beyond
 * what the kernel's verifier accepts (codegen/verify_fit.c). */
bool cg_check_fit(const struct cg_object *obj, FILE *err);

/* `--emit asm`: deterministic listing, each block headed by its rule. */
void cg_print_asm(const struct cg_object *obj, FILE *out);
/* Its data: .rodata table by table, .rodata.host, the maps' initial
 * contents (codegen/asm_data.c). */
void cg_print_data(const struct cg_object *obj, FILE *out);

/* The ELF image, malloc'ed. Same bytes for the same IR, always. */
int cg_write_elf(const struct cg_object *obj, void **buf, size_t *len);

/* Which rule produced instruction `insn` of program `prog` (its full or
 * its kernel name; NULL: prologue). */
const struct ir_origin *cg_origin_at(const struct cg_object *obj,
				     const char *prog, size_t insn);

/* The full name (ir_prog.name) of the program the kernel knows as `kname`
 * (libbpf's names are the kernel's: ir/prog_name.h); `kname` if none. */
const char *cg_prog_name(const struct cg_object *obj, const char *kname);

#endif
