/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generated object before it becomes an ELF file: the contract between
 * instruction generation (codegen/gen_*.c, hook_*.c) and the writers
 * (codegen/asm_print.c, codegen/elf_write.c, codegen/btf_write.c).
 *
 * Map references are BPF_LD_IMM64 pairs with src_reg 0 and a relocation
 * entry naming the map; the ELF writer turns them into R_BPF_64_64
 * relocations that libbpf resolves at load time.  A .rodata reference keeps
 * the byte offset into .rodata in insns[i].imm, as clang emits it.
 */
#ifndef CGNFT_CG_OBJECT_H
#define CGNFT_CG_OBJECT_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codegen/host_values.h"
#include "codegen/kernel_types.h"
#include "ir/ir.h"

enum cg_map {
	CG_MAP_COUNTERS,	/* "counters": PERCPU_ARRAY u32 -> struct cgnft_counter,
				 * max_entries = max(1, ir_unit.ncounters) */
	CG_MAP_TRACE,		/* "cgnft_trace": ARRAY u32 -> u32, 1 entry; only in
				 * objects generated with cg_options.trace */
	CG_MAP_LIMITS,		/* "limits": ARRAY u32 -> struct cgnft_limit (a
				 * bpf_spin_lock and the bucket); only when
				 * ir_unit.nlimits */
	CG_MAP_QUOTAS,		/* "quotas": ARRAY u32 -> struct cgnft_quota
				 * (bytes used, atomic adds); only when
				 * ir_unit.nquotas */
	CG_MAP_LOG,		/* "cgnft_log": the log RINGBUF (log_event.h);
				 * only when ir_unit.nlogs */
	CG_MAP_LOG_DROPS,	/* "cgnft_log_drop": PERCPU_ARRAY u32 -> u64, 1
				 * entry, events suppressed; with CG_MAP_LOG */
	CG_MAP_NUMGEN,		/* "numgen": ARRAY u32 -> u64, numgen inc's counters
				 * (by ir_unit.hashes index, atomic adds); only
				 * when a hash is IR_HASH_INC */
	CG_MAP_RODATA,		/* ".rodata": set data (libbpf's global data map) */
	CG_MAP_HOST,		/* ".rodata.host": the host's values, written by
				 * the loader (cg_host_slot) */
	CG_MAP_DYNSET,		/* CG_MAP_DYNSET + ir_set.map: "dynset_<map>",
				 * a dynamic set's HASH map (codegen.h) */
	CG_MAP__COUNT = CG_MAP_DYNSET + 256,
};

/* At most this many dynamic sets per object (the front end refuses more). */
#define CG_MAX_DYNSETS 256

/* A kfunc call: BPF_CALL with src_reg BPF_PSEUDO_CALL and imm -1, as clang
 * emits it; an R_BPF_64_32 relocation against the kfunc's extern symbol
 * lets libbpf resolve it against the kernel's BTF. */
struct cg_kcall {
	size_t insn;
	enum cg_kfunc fn;
};

/* A load of a kernel struct field: a CO-RE relocation in .BTF.ext. */
struct cg_core {
	size_t insn;
	enum cg_kfield field;
};

/* A value of the host, known only when the object is loaded: the loader
 * fills it by its name (runtime/host_values.c):
 *   "btf_id_<struct>"  u32, the vmlinux BTF id of struct <struct>, looked up
 *                      by exact name (CO-RE's candidate search would also
 *                      match flavours such as nf_conn___init);
 *   "ifindex_<hex>"    u32, the index of the interface whose name is
 *                      <hex> (lower-case hex of its bytes). */
struct cg_host_slot {
	char *name;
	size_t off;		/* in .rodata.host */
	size_t size;
	const struct ir_origin *origin;	/* the first rule that reads it, or
					 * NULL: for the loader's errors */
};

struct cg_object;

/* The BTF-defined maps of the object, in .maps order: counters, then
 * cgnft_trace, limits, quotas and the log ring when present, then the dynamic sets'.
 * Returns how many (at most CG_MAP__COUNT). */
size_t cg_object_maps(const struct cg_object *obj, enum cg_map *maps);

struct cg_reloc {
	size_t insn;		/* index of the first half of a BPF_LD_IMM64 */
	enum cg_map map;
};

struct cg_prog {
	char *name;		/* ir_prog.name: the full name, BTF's */
	char kname[16];		/* the kernel's, the ELF symbol (ir/prog_name.h) */
	char *section;		/* "cgroup_skb/ingress", ... */
	enum ir_hook hook;
	struct bpf_insn *insns;
	size_t ninsns;
	/* Per instruction: the rule it comes from, or NULL (prologue, glue). */
	const struct ir_origin **origin;
	/* Per instruction: a label to print before it, or NULL. */
	char **label;
	struct cg_reloc *relocs;
	size_t nrelocs;
	struct cg_kcall *kcalls;
	size_t nkcalls;
	struct cg_core *cores;
	size_t ncores;
};

/* A table in .rodata as the listing shows it (codegen/asm_data.c): its
 * title, then one line per `entry` bytes (the last may be shorter). */
enum cg_ro_kind {
	CG_RO_U64,		/* u64 words, host order */
	CG_RO_U32,		/* u32 words, host order */
	CG_RO_HASHED,		/* u64 words of hash slots: the records in key
				 * order, then which slot holds which (a
				 * rehash moves every record: small diffs) */
	CG_RO_TEXT,		/* bytes of a string */
};

struct cg_ro_table {
	size_t at, len, entry;
	enum cg_ro_kind kind;
	char *title;
	const struct ir_origin *origin;	/* the rule of the whole table, or NULL */
};

/* The rule an entry of a table comes from (several notes at one offset:
 * an entry shared by several rules). */
struct cg_ro_note {
	size_t at;
	const struct ir_origin *origin;
};

struct cg_object {
	const struct ir_unit *unit;	/* borrowed; must outlive the object */
	struct cg_prog *progs;
	size_t nprogs;
	uint8_t *rodata;
	size_t rodata_len;
	size_t load_len;	/* .rodata[0, load_len): struct cg_load_values
				 * (codegen/load_values.h); 0: none */
	struct cg_ro_table *ro_tables;	/* .rodata described, in order */
	size_t nro_tables;
	struct cg_ro_note *ro_notes;	/* in order of offset */
	size_t nro_notes;
	struct cg_host_slot *host;	/* .rodata.host, in order of first use */
	size_t nhost;
	size_t host_len;
	bool has_trace;
	bool helper_loads;	/* cg_options.helper_loads */
	/* Trace ids: rule_origin[id - 1] is the rule that returned the verdict
	 * whose id the program stored in cgnft_trace[0]; id 0 = base-chain
	 * policy or fall-through, see codegen.h. */
	const struct ir_origin **trace_origin;
	size_t ntrace;
	/* Origins made up by codegen (classifier glue), freed with the object. */
	struct ir_origin **own_origin;
	size_t nown;
};

void cg_object_own_origin(struct cg_object *obj, struct ir_origin *o);
/* Free the own origins past the first `keep` (a discarded attempt). */
void cg_object_drop_origins(struct cg_object *obj, size_t keep);
void cg_prog_free(struct cg_prog *p);
/* Append `len` zeroed bytes to .rodata, 8-byte aligned; returns their
 * offset (what a map-value load of .rodata carries in imm). */
size_t cg_rodata_reserve(struct cg_object *obj, size_t len);

/* Describe the table at [at, at + len) of .rodata for the listing:
 * `entry` bytes a line, titled (printf-style), from rule `o` (or NULL). */
void cg_rodata_table(struct cg_object *obj, size_t at, size_t len, size_t entry,
		     enum cg_ro_kind kind, const struct ir_origin *o,
		     const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* The entry at `at` comes from rule `o` (NULL: nothing is noted). */
void cg_rodata_note(struct cg_object *obj, size_t at, const struct ir_origin *o);
/* Forget .rodata past its first `keep` bytes (a discarded attempt). */
void cg_rodata_drop(struct cg_object *obj, size_t keep);

/* The offset in .rodata.host of the slot `name` of `size` bytes (made on
 * first use). */
size_t cg_host_slot(struct cg_object *obj, const char *name, size_t size);
/* The rule that first reads host value `name`, or NULL. */
const struct ir_origin *cg_host_origin(const struct cg_object *obj, const char *name);
/* Forget the slots past the first `keep` (a discarded attempt). */
void cg_host_drop(struct cg_object *obj, size_t keep);

#endif
