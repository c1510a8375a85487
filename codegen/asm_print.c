// SPDX-License-Identifier: GPL-2.0
/*
 * `cgnft compile --emit asm`: the listing CI diffs.  bpftool-like syntax,
 * numbered instructions, jump targets as labels, and a comment naming the
 * rule (file:line: text) wherever the originating rule changes.  Nothing
 * in it depends on addresses, time or the host.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "codegen/cg_object.h"
#include "codegen/codegen.h"
#include "codegen/log_event.h"

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_MOD >> 4] = "%=",
	[BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=", [BPF_ARSH >> 4] = "s>>=",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">", [BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&", [BPF_JNE >> 4] = "!=", [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<", [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char *size_name(int size)
{
	switch (size) {
	case BPF_B: return "u8";
	case BPF_H: return "u16";
	case BPF_W: return "u32";
	default: return "u64";
	}
}

static const char *helper_name(int id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem: return "bpf_map_lookup_elem";
	case BPF_FUNC_skb_load_bytes: return "bpf_skb_load_bytes";
	case BPF_FUNC_get_socket_uid: return "bpf_get_socket_uid";
	case BPF_FUNC_skb_ancestor_cgroup_id: return "bpf_skb_ancestor_cgroup_id";
	case BPF_FUNC_sysctl_get_name: return "bpf_sysctl_get_name";
	case BPF_FUNC_sysctl_get_current_value: return "bpf_sysctl_get_current_value";
	case BPF_FUNC_sysctl_get_new_value: return "bpf_sysctl_get_new_value";
	case BPF_FUNC_sysctl_set_new_value: return "bpf_sysctl_set_new_value";
	case BPF_FUNC_strtol: return "bpf_strtol";
	case BPF_FUNC_strtoul: return "bpf_strtoul";
	case BPF_FUNC_ktime_get_tai_ns: return "bpf_ktime_get_tai_ns";
	case BPF_FUNC_get_smp_processor_id: return "bpf_get_smp_processor_id";
	case BPF_FUNC_get_prandom_u32: return "bpf_get_prandom_u32";
	case BPF_FUNC_sk_fullsock: return "bpf_sk_fullsock";
	case BPF_FUNC_probe_read_kernel_str: return "bpf_probe_read_kernel_str";
	case BPF_FUNC_ktime_get_ns: return "bpf_ktime_get_ns";
	case BPF_FUNC_spin_lock: return "bpf_spin_lock";
	case BPF_FUNC_ringbuf_reserve: return "bpf_ringbuf_reserve";
	case BPF_FUNC_ringbuf_submit: return "bpf_ringbuf_submit";
	case BPF_FUNC_skb_cgroup_id: return "bpf_skb_cgroup_id";
	case BPF_FUNC_spin_unlock: return "bpf_spin_unlock";
	case BPF_FUNC_ktime_get_boot_ns: return "bpf_ktime_get_boot_ns";
	case BPF_FUNC_map_update_elem: return "bpf_map_update_elem";
	case BPF_FUNC_map_delete_elem: return "bpf_map_delete_elem";
	default: return NULL;
	}
}

static const char *map_name(const struct cg_prog *p, size_t i)
{
	for (size_t r = 0; r < p->nrelocs; r++) {
		if (p->relocs[r].insn != i)
			continue;
		switch (p->relocs[r].map) {
		case CG_MAP_COUNTERS: return CG_COUNTERS_MAP;
		case CG_MAP_TRACE: return "cgnft_trace";
		case CG_MAP_LIMITS: return "limits";
		case CG_MAP_QUOTAS: return "quotas";
		case CG_MAP_NUMGEN: return CG_NUMGEN_MAP;
		case CG_MAP_LOG: return CG_LOG_MAP;
		case CG_MAP_LOG_DROPS: return CG_LOG_DROPS_MAP;
		case CG_MAP_RODATA: return ".rodata";
		case CG_MAP_HOST: return CG_HOST_SEC;
		default: {
			static char name[32];

			snprintf(name, sizeof(name), CG_DYNSET_MAP "%d",
				 p->relocs[r].map - CG_MAP_DYNSET);
			return name;
		}
		}
	}
	return NULL;
}

static const char *kcall_at(const struct cg_prog *p, size_t i)
{
	for (size_t k = 0; k < p->nkcalls; k++)
		if (p->kcalls[k].insn == i)
			return cg_kfunc_name(p->kcalls[k].fn);
	return NULL;
}

/* The kernel field a load at i reads ("sk_buff.dev"), or NULL. */
static const char *core_at(const struct cg_prog *p, size_t i)
{
	for (size_t k = 0; k < p->ncores; k++)
		if (p->cores[k].insn == i)
			return cg_kfield(p->cores[k].field)->text;
	return NULL;
}

/* .rodata.host slots by name: "map[.rodata.host] + 4 <ifindex_6c6f>" */
static const char *host_at(const struct cg_object *obj, const struct bpf_insn *in)
{
	for (size_t h = 0; h < obj->nhost; h++)
		if (obj->host[h].off == (size_t)in->imm)
			return obj->host[h].name;
	return NULL;
}

/* The label of the instruction a jump at `i` with offset `off` lands on. */
static void print_target(FILE *out, const struct cg_prog *p, size_t i, long off)
{
	size_t t = i + 1 + off;

	fprintf(out, " goto %+ld", off);
	if (t < p->ninsns && p->label[t])
		fprintf(out, " <%s>", p->label[t]);
}

/* Print instruction i; returns how many slots it used (2 for ld_imm64). */
static int print_insn(FILE *out, const struct cg_object *obj,
		      const struct cg_prog *p, size_t i)
{
	const struct bpf_insn *in = &p->insns[i];
	int cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
	bool x = BPF_SRC(in->code) == BPF_X;
	const char *w = cls == BPF_ALU || cls == BPF_JMP32 ? "w" : "r";

	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_END) {
			fprintf(out, "r%d = %s%d r%d", in->dst_reg,
				BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le",
				in->imm, in->dst_reg);
		} else if (op == BPF_NEG) {
			fprintf(out, "%s%d = -%s%d", w, in->dst_reg, w, in->dst_reg);
		} else if (x) {
			fprintf(out, "%s%d %s %s%d", w, in->dst_reg,
				alu_ops[op >> 4], w, in->src_reg);
		} else {
			fprintf(out, "%s%d %s %d", w, in->dst_reg,
				alu_ops[op >> 4], in->imm);
		}
		return 1;
	case BPF_LDX: {
		const char *k = core_at(p, i);

		/* a kernel field: the offset is libbpf's to relocate */
		if (k)
			fprintf(out, "r%d = *(%s *)(r%d +%s) ; core %+d", in->dst_reg,
				size_name(BPF_SIZE(in->code)), in->src_reg, k, in->off);
		else
			fprintf(out, "r%d = *(%s *)(r%d %+d)", in->dst_reg,
				size_name(BPF_SIZE(in->code)), in->src_reg, in->off);
		return 1;
	}
	case BPF_STX:
		if (BPF_MODE(in->code) == BPF_ATOMIC && in->imm == (BPF_ADD | BPF_FETCH)) {
			fprintf(out, "r%d = atomic_fetch_add((%s *)(r%d %+d), r%d)", in->src_reg,
				size_name(BPF_SIZE(in->code)), in->dst_reg, in->off, in->src_reg);
			return 1;
		}
		fprintf(out, "*(%s *)(r%d %+d) = r%d",
			size_name(BPF_SIZE(in->code)), in->dst_reg, in->off,
			in->src_reg);
		return 1;
	case BPF_ST:
		fprintf(out, "*(%s *)(r%d %+d) = %d",
			size_name(BPF_SIZE(in->code)), in->dst_reg, in->off,
			in->imm);
		return 1;
	case BPF_LD: {
		const char *map = map_name(p, i);
		uint64_t v = (uint32_t)in->imm |
			     (uint64_t)(uint32_t)in[1].imm << 32;

		if (map && !strcmp(map, CG_HOST_SEC) && host_at(obj, in))
			fprintf(out, "r%d = map[%s] + %d ll ; %s", in->dst_reg, map,
				in->imm, host_at(obj, in));
		else if (map && in->imm)
			fprintf(out, "r%d = map[%s] + %d ll", in->dst_reg, map, in->imm);
		else if (map)
			fprintf(out, "r%d = map[%s] ll", in->dst_reg, map);
		else
			fprintf(out, "r%d = 0x%" PRIx64 " ll", in->dst_reg, v);
		return 2;
	}
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			fprintf(out, "exit");
		} else if (op == BPF_CALL) {
			const char *h = helper_name(in->imm);

			if (kcall_at(p, i))
				fprintf(out, "call %s ; kfunc", kcall_at(p, i));
			else if (h)
				fprintf(out, "call %s", h);
			else
				fprintf(out, "call #%d", in->imm);
		} else if (op == 0xe0) {	/* BPF_JCOND: may_goto */
			fputs("may_goto", out);
			print_target(out, p, i, in->off);
		} else if (op == BPF_JA) {
			fputs("   ", out);	/* aligns with "if ..." lines' goto */
			print_target(out, p, i, cls == BPF_JMP32 ? in->imm : in->off);
		} else if (x) {
			fprintf(out, "if %s%d %s %s%d", w, in->dst_reg,
				jmp_ops[op >> 4], w, in->src_reg);
			print_target(out, p, i, in->off);
		} else {
			fprintf(out, "if %s%d %s 0x%x", w, in->dst_reg,
				jmp_ops[op >> 4], (uint32_t)in->imm);
			print_target(out, p, i, in->off);
		}
		return 1;
	}
	fprintf(out, ".insn 0x%02x", in->code);
	return 1;
}

void cg_print_asm(const struct cg_object *obj, FILE *out)
{
	for (size_t n = 0; n < obj->nprogs; n++) {
		const struct cg_prog *p = &obj->progs[n];
		/* a value no origin has, so the first block gets its header */
		const struct ir_origin *cur = (const struct ir_origin *)p;

		fprintf(out, "%s%s: ; section %s, %zu instructions\n",
			n ? "\n" : "", p->name, p->section, p->ninsns);
		for (size_t i = 0; i < p->ninsns;) {
			if (p->origin[i] != cur) {
				cur = p->origin[i];
				if (cur)
					fprintf(out, "; %s:%d: %s\n", cur->file,
						cur->line, cur->text);
				else
					fputs("; (prologue/epilogue)\n", out);
			}
			if (p->label[i])
				fprintf(out, "%s:\n", p->label[i]);
			fprintf(out, "%6zu: ", i);
			i += print_insn(out, obj, p, i);
			fputc('\n', out);
		}
	}
	cg_print_data(obj, out);
}
