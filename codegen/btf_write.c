// SPDX-License-Identifier: GPL-2.0
/*
 * .BTF for the object: the types of the BTF-defined maps, in the encoding
 * libbpf reads from `__uint(type, ...)` / `__type(key, ...)` declarations
 * (each attribute is a pointer member; numbers are array lengths), the
 * DATASECs that place the map and .rodata variables, and a FUNC per
 * program so bpftool shows typed programs.
 */
#include <bpf/btf.h>
#include <linux/bpf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "codegen/elf_btf.h"
#include "codegen/log_event.h"
#include "codegen/load_values.h"
#include "ir/prog_name.h"
#include "ir/xalloc.h"

#define MAP_DEF_SIZE 32

struct map_desc {
	const char *name;
	int type;
	size_t max_entries;
	int key_type, value_type;	/* BTF ids */
};

/* struct { int (*type)[T]; int (*max_entries)[N]; K *key; V *value; } */
static int add_map_struct(struct btf *btf, int int_id, const struct map_desc *m)
{
	int type_arr = btf__add_array(btf, int_id, int_id, m->type);
	int type_ptr = btf__add_ptr(btf, type_arr);
	int max_arr = btf__add_array(btf, int_id, int_id, m->max_entries);
	int max_ptr = btf__add_ptr(btf, max_arr);
	int key_ptr = m->key_type ? btf__add_ptr(btf, m->key_type) : 0;
	int val_ptr = m->value_type ? btf__add_ptr(btf, m->value_type) : 0;
	int s = btf__add_struct(btf, NULL, MAP_DEF_SIZE);

	btf__add_field(btf, "type", type_ptr, 0, 0);
	btf__add_field(btf, "max_entries", max_ptr, 64, 0);
	if (m->key_type)	/* a ring buffer has neither */
		btf__add_field(btf, "key", key_ptr, 128, 0);
	if (m->value_type)
		btf__add_field(btf, "value", val_ptr, 192, 0);
	return s;
}

/* struct cgnft_elem (codegen.h): the verifier finds its lock by type */
static int add_elem_struct(struct btf *btf, int u32_id, int u64_id, int lock_id)
{
	int id = btf__add_struct(btf, "cgnft_elem", sizeof(struct cgnft_elem));

	btf__add_field(btf, "expires", u64_id, 0, 0);
	btf__add_field(btf, "packets", u64_id, 64, 0);
	btf__add_field(btf, "bytes", u64_id, 128, 0);
	btf__add_field(btf, "lock", lock_id, 192, 0);
	btf__add_field(btf, "flags", u32_id, 224, 0);
	btf__add_field(btf, "tokens", u64_id, 256, 0);
	btf__add_field(btf, "last", u64_id, 320, 0);
	btf__add_field(btf, "timeout_ms", u64_id, 384, 0);
	return id;
}

/* The kfuncs' prototypes as the kernel declares them: libbpf checks that
 * they are compatible with the kernel's before it resolves the call. */
static void add_kfuncs(struct btf *btf, const struct cg_btf_layout *l, int u32_id)
{
	bool used[CG_KFUNC__COUNT] = { false };
	int ids[CG_KFUNC__COUNT], n = 0;
	int void_ptr = 0, const_void_ptr = 0;

	for (size_t i = 0; i < l->nprogs; i++)
		for (size_t k = 0; k < l->progs[i].nkcalls; k++)
			used[l->progs[i].kcalls[k].fn] = true;
	for (int f = 0; f < CG_KFUNC__COUNT; f++) {
		int proto;

		if (!used[f])
			continue;
		if (!void_ptr) {
			void_ptr = btf__add_ptr(btf, 0);
			const_void_ptr = btf__add_ptr(btf, btf__add_const(btf, 0));
		}
		proto = btf__add_func_proto(btf, void_ptr);
		switch (f) {
		case CG_KFUNC_CAST_TO_KERN_CTX:
			btf__add_func_param(btf, "obj", void_ptr);
			break;
		case CG_KFUNC_RDONLY_CAST:
			btf__add_func_param(btf, "obj__ign", const_void_ptr);
			btf__add_func_param(btf, "btf_id__k", u32_id);
			break;
		}
		ids[n++] = btf__add_func(btf, cg_kfunc_name(f), BTF_FUNC_EXTERN, proto);
	}
	if (!n)
		return;
	btf__add_datasec(btf, ".ksyms", 0);
	for (int i = 0; i < n; i++)
		btf__add_datasec_var_info(btf, ids[i], 0, 0);
}

/* The local shadow structs of the kernel structs that CO-RE loads name
 * (kernel_types.h); ids[s] = their BTF ids, 0 when unused. */
struct kbtf {
	struct btf *btf;
	int *ids;
	int ints[9];		/* unsigned integer types by size */
	int char_id, void_ptr;
	const char *inner_name[8];
	unsigned inner_size[8];
	int inner_id[8];
	unsigned ninner;
};

static int kint(struct kbtf *k, unsigned size)
{
	static const char *const names[9] = {
		[1] = "unsigned char", [2] = "unsigned short", [4] = "unsigned int",
		[8] = "unsigned long",
	};

	if (!k->ints[size])
		k->ints[size] = btf__add_int(k->btf, names[size], (size_t)size, 0);
	return k->ints[size];
}

static int add_kstruct(struct kbtf *k, enum cg_kstruct s);

/* A member's type (and the types it needs) */
static int kmember_type(struct kbtf *k, const struct cg_kmember *km)
{
	int t = 0;

	switch (km->kind) {
	case CG_KM_INT:
		t = kint(k, km->size);
		break;
	case CG_KM_PTR:
		if (!k->void_ptr)
			k->void_ptr = btf__add_ptr(k->btf, 0);
		return k->void_ptr;
	case CG_KM_CHARS:
		if (!k->char_id)
			k->char_id = btf__add_int(k->btf, "char", 1, BTF_INT_SIGNED);
		return btf__add_array(k->btf, kint(k, 4), k->char_id, km->size);
	case CG_KM_INNER:
		/* one anonymous struct per inner name and size */
		for (unsigned p = 0; p < k->ninner; p++)
			if (!strcmp(k->inner_name[p], km->inner) && k->inner_size[p] == km->size)
				return k->inner_id[p];
		t = kint(k, km->size);
		{
			int id = btf__add_struct(k->btf, NULL, km->size);

			btf__add_field(k->btf, km->inner, t, 0, 0);
			if (k->ninner < 8) {
				k->inner_name[k->ninner] = km->inner;
				k->inner_size[k->ninner] = km->size;
				k->inner_id[k->ninner++] = id;
			}
			return id;
		}
	case CG_KM_STRUCT:
		t = add_kstruct(k, (enum cg_kstruct)km->sub);
		break;
	}
	return km->count ? btf__add_array(k->btf, kint(k, 4), t, km->count) : t;
}

static int add_kstruct(struct kbtf *k, enum cg_kstruct s)
{
	const struct cg_kstruct_desc *d = cg_kstruct(s);
	int *types;

	if (k->ids[s] > 0)
		return k->ids[s];
	/* member types first: a struct's members follow it directly */
	types = calloc(d->nmembers + 1, sizeof(int));
	for (unsigned m = 0; m < d->nmembers; m++)
		types[m] = kmember_type(k, &d->members[m]);
	k->ids[s] = btf__add_struct(k->btf, d->name, cg_kstruct_size(s));
	for (unsigned m = 0; m < d->nmembers; m++)
		btf__add_field(k->btf, d->members[m].name, types[m],
			       cg_kmember_offset(s, m) * 8, 0);
	free(types);
	return k->ids[s];
}

static void add_kstructs(struct btf *btf, const struct cg_btf_layout *l,
			 int ids[CG_KS__COUNT])
{
	struct kbtf k = { .btf = btf, .ids = ids };

	for (int s = 0; s < CG_KS__COUNT; s++)
		ids[s] = 0;
	for (size_t i = 0; i < l->nprogs; i++)
		for (size_t c = 0; c < l->progs[i].ncores; c++)
			ids[cg_kfield(l->progs[i].cores[c].field)->type] = -1;
	for (int s = 0; s < CG_KS__COUNT; s++)
		if (ids[s] < 0)
			add_kstruct(&k, (enum cg_kstruct)s);
}

/* .BTF.ext: func_info (each program's BTF func, so the kernel keeps its
 * full name), one line_info record per program (libbpf drops func_info
 * with a warning without it) and the CO-RE relocations. */
#define FUNC_INFO_SIZE 8
#define LINE_INFO_SIZE 16
#define CORE_RELO_SIZE 16
#define BTF_EXT_HDR_LEN 32
enum { CORE_FIELD_BYTE_OFFSET = 0 };

static void put32(uint8_t **buf, size_t *len, uint32_t v)
{
	*buf = xrealloc(*buf, *len + 4);
	memcpy(*buf + *len, &v, 4);
	*len += 4;
}

struct ext {
	struct btf *btf;
	const struct cg_btf_layout *l;
	const int *func_ids;	/* per program, its BTF func */
	const int *kids;	/* kernel structs' BTF ids */
	uint8_t *b;
	size_t len;
};

/* Program j's func_info record: its first instruction's byte offset in
 * its section and its func's BTF id. */
static void put_func(struct ext *x, size_t j)
{
	put32(&x->b, &x->len, x->l->prog_base[j] * sizeof(struct bpf_insn));
	put32(&x->b, &x->len, x->func_ids[j]);
}

/* Program j's one line_info record: "; <full name>" heads its listing in
 * `bpftool prog dump xlated`. */
static void put_line(struct ext *x, size_t j)
{
	put32(&x->b, &x->len, x->l->prog_base[j] * sizeof(struct bpf_insn));
	put32(&x->b, &x->len, btf__add_str(x->btf, "cgnft"));
	put32(&x->b, &x->len, btf__add_str(x->btf, x->l->progs[j].name));
	put32(&x->b, &x->len, 0);
}

/* Program j's CO-RE relocations. */
static void put_cores(struct ext *x, size_t j)
{
	const struct cg_prog *p = &x->l->progs[j];

	for (size_t k = 0; k < p->ncores; k++) {
		char access[64];
		enum cg_kfield f = p->cores[k].field;

		cg_kfield_access(f, access, sizeof(access));
		put32(&x->b, &x->len, (x->l->prog_base[j] + p->cores[k].insn) *
		      sizeof(struct bpf_insn));
		put32(&x->b, &x->len, x->kids[cg_kfield(f)->type]);
		put32(&x->b, &x->len, btf__add_str(x->btf, access));
		put32(&x->b, &x->len, CORE_FIELD_BYTE_OFFSET);
	}
}

/* One .BTF.ext subsection: the record size, then per ELF section that has
 * records its name, their count and the records. */
static void put_subsection(struct ext *x, uint32_t rec_size, void (*put)(struct ext *, size_t))
{
	const struct cg_btf_layout *l = x->l;
	bool *done = xzalloc(l->nprogs + 1);

	put32(&x->b, &x->len, rec_size);
	for (size_t i = 0; i < l->nprogs; i++) {
		size_t count_at, at;

		if (done[i])
			continue;
		put32(&x->b, &x->len, btf__add_str(x->btf, l->progs[i].section));
		count_at = x->len;
		put32(&x->b, &x->len, 0);
		at = x->len;
		for (size_t j = i; j < l->nprogs; j++) {
			if (done[j] || strcmp(l->progs[j].section, l->progs[i].section))
				continue;
			done[j] = true;
			put(x, j);
		}
		/* libbpf refuses a section entry with no records */
		if (x->len == at)
			x->len = count_at - 4;
		else
			memcpy(x->b + count_at, &(uint32_t){ (x->len - at) / rec_size }, 4);
	}
	free(done);
}

static void build_ext(struct btf *btf, const struct cg_btf_layout *l, const int *func_ids,
		      const int kids[CG_KS__COUNT], void **ext, size_t *ext_len)
{
	struct ext x = { .btf = btf, .l = l, .func_ids = func_ids, .kids = kids };
	size_t funcs_len, lines_len, cores = 0;

	*ext = NULL;
	*ext_len = 0;
	if (!l->nprogs)
		return;
	for (size_t i = 0; i < l->nprogs; i++)
		cores += l->progs[i].ncores;
	/* header: magic, version 1, flags 0, hdr_len, then three (off, len)
	 * pairs relative to the header's end: func_info, line_info, core_relo */
	put32(&x.b, &x.len, 0xeB9F | 1 << 16);
	put32(&x.b, &x.len, BTF_EXT_HDR_LEN);
	for (int k = 0; k < 6; k++)
		put32(&x.b, &x.len, 0);
	put_subsection(&x, FUNC_INFO_SIZE, put_func);
	funcs_len = x.len - BTF_EXT_HDR_LEN;
	put_subsection(&x, LINE_INFO_SIZE, put_line);
	lines_len = x.len - BTF_EXT_HDR_LEN - funcs_len;
	if (cores)
		put_subsection(&x, CORE_RELO_SIZE, put_cores);
	memcpy(x.b + 12, &(uint32_t){ funcs_len }, 4);	/* func_info_len */
	memcpy(x.b + 16, &(uint32_t){ funcs_len }, 4);	/* line_info_off */
	memcpy(x.b + 20, &(uint32_t){ lines_len }, 4);
	memcpy(x.b + 24, &(uint32_t){ funcs_len + lines_len }, 4);	/* core_relo_off */
	memcpy(x.b + 28, &(uint32_t){ x.len - BTF_EXT_HDR_LEN - funcs_len - lines_len }, 4);
	*ext = x.b;
	*ext_len = x.len;
}

int cg_btf_build(const struct cg_btf_layout *l, void **out, size_t *len,
		 void **ext, size_t *ext_len)
{
	int kids[CG_KS__COUNT];
	struct btf *btf = btf__new_empty();
	int int_id, u32_id, u64_id, char_id, counter_id, skb_id, proto_id;
	struct map_desc maps[CG_MAP__COUNT];
	int var_ids[CG_MAP__COUNT], rodata_var = 0, load_var = 0;
	int *func_ids = xzalloc((l->nprogs + 1) * sizeof(int));
	int lock_id, limit_id, quota_id, elem_id = 0;
	char (*names)[32] = xzalloc((l->nmaps + 1) * sizeof(*names));
	const void *raw;
	uint32_t raw_len;

	if (!btf)
		return -1;
	int_id = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	u32_id = btf__add_int(btf, "unsigned int", 4, 0);
	u64_id = btf__add_int(btf, "unsigned long long", 8, 0);
	char_id = btf__add_int(btf, "char", 1, BTF_INT_SIGNED);
	counter_id = btf__add_struct(btf, "cgnft_counter", 16);
	btf__add_field(btf, "packets", u64_id, 0, 0);
	btf__add_field(btf, "bytes", u64_id, 64, 0);

	/* the verifier finds the lock by its BTF type, struct bpf_spin_lock */
	lock_id = btf__add_struct(btf, "bpf_spin_lock", 4);
	btf__add_field(btf, "val", u32_id, 0, 0);
	limit_id = btf__add_struct(btf, "cgnft_limit", 24);
	btf__add_field(btf, "lock", lock_id, 0, 0);
	btf__add_field(btf, "pad", u32_id, 32, 0);
	btf__add_field(btf, "tokens", u64_id, 64, 0);
	btf__add_field(btf, "last", u64_id, 128, 0);
	quota_id = btf__add_struct(btf, "cgnft_quota", 8);
	btf__add_field(btf, "used", u64_id, 0, 0);

	for (size_t m = 0; m < l->nmaps; m++) {
		switch (l->maps[m]) {
		case CG_MAP_COUNTERS:
			maps[m] = (struct map_desc){ "counters", BPF_MAP_TYPE_PERCPU_ARRAY,
						     l->ncounters ? l->ncounters : 1,
						     u32_id, counter_id };
			break;
		case CG_MAP_TRACE:
			maps[m] = (struct map_desc){ CG_TRACE_MAP, BPF_MAP_TYPE_ARRAY, 1,
						     u32_id, u32_id };
			break;
		case CG_MAP_LIMITS:
			maps[m] = (struct map_desc){ "limits", BPF_MAP_TYPE_ARRAY, l->nlimits,
						     u32_id, limit_id };
			break;
		case CG_MAP_QUOTAS:
			maps[m] = (struct map_desc){ "quotas", BPF_MAP_TYPE_ARRAY, l->nquotas,
						     u32_id, quota_id };
			break;
		case CG_MAP_NUMGEN:
			maps[m] = (struct map_desc){ CG_NUMGEN_MAP, BPF_MAP_TYPE_ARRAY,
						     l->unit->nhashes, u32_id, u64_id };
			break;
		case CG_MAP_LOG:
			maps[m] = (struct map_desc){ CG_LOG_MAP, BPF_MAP_TYPE_RINGBUF,
						     CG_LOG_RING_BYTES, 0, 0 };
			break;
		case CG_MAP_LOG_DROPS:
			maps[m] = (struct map_desc){ CG_LOG_DROPS_MAP, BPF_MAP_TYPE_PERCPU_ARRAY,
						     1, u32_id, u64_id };
			break;
		default: {
			int k = l->maps[m] - CG_MAP_DYNSET;
			const struct ir_set *set = NULL;
			unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];

			for (size_t i = 0; i < l->unit->nsets; i++)
				if (l->unit->sets[i].dynamic && l->unit->sets[i].map == k)
					set = &l->unit->sets[i];
			if (!elem_id)
				elem_id = add_elem_struct(btf, u32_id, u64_id, lock_id);
			snprintf(names[m], sizeof(names[m]), CG_DYNSET_MAP "%d", k);
			/* the key: bytes, as many as its layout takes */
			maps[m] = (struct map_desc){ names[m], BPF_MAP_TYPE_HASH, set->size,
				btf__add_array(btf, int_id, char_id,
					       ir_dynset_key_layout(set, off, width)),
				elem_id };
			break;
		}
		}
	}
	for (size_t m = 0; m < l->nmaps; m++) {
		int s = add_map_struct(btf, int_id, &maps[m]);

		var_ids[m] = btf__add_var(btf, maps[m].name,
					  BTF_VAR_GLOBAL_ALLOCATED, s);
	}
	if (l->load_len) {
		int s64_id = btf__add_int(btf, "long long", 8, BTF_INT_SIGNED);
		int st = btf__add_struct(btf, "cg_load_values", l->load_len);

		btf__add_field(btf, "tai_offset_ns", u64_id, CG_LOAD_TAI_OFFSET * 8, 0);
		btf__add_field(btf, "tz_west_secs", s64_id, CG_LOAD_TZ_WEST * 8, 0);
		load_var = btf__add_var(btf, CG_LOAD_VAR, BTF_VAR_GLOBAL_ALLOCATED,
					btf__add_const(btf, st));
	}
	if (l->rodata_len > l->load_len) {
		int arr = btf__add_array(btf, int_id, char_id,
					 l->rodata_len - l->load_len);
		int c = btf__add_const(btf, arr);

		rodata_var = btf__add_var(btf, CG_RODATA_VAR,
					  BTF_VAR_GLOBAL_ALLOCATED, c);
	}

	/* int prog(struct __sk_buff *ctx): the context type is only named */
	skb_id = btf__add_fwd(btf, "__sk_buff", BTF_FWD_STRUCT);
	proto_id = btf__add_func_proto(btf, int_id);
	btf__add_func_param(btf, "ctx", btf__add_ptr(btf, skb_id));
	/* the full names: `bpftool prog dump` (and bpftool >= 7.2's `prog
	 * show`, for kernel names cut at 15) print them (func_info, below) */
	for (size_t i = 0; i < l->nprogs; i++) {
		char *name = ir_btf_name(l->progs[i].name);

		func_ids[i] = btf__add_func(btf, name, BTF_FUNC_GLOBAL, proto_id);
		free(name);
	}
	add_kfuncs(btf, l, u32_id);
	add_kstructs(btf, l, kids);

	btf__add_datasec(btf, ".maps", l->nmaps * MAP_DEF_SIZE);
	for (size_t m = 0; m < l->nmaps; m++)
		btf__add_datasec_var_info(btf, var_ids[m], m * MAP_DEF_SIZE,
					  MAP_DEF_SIZE);
	if (l->rodata_len) {
		btf__add_datasec(btf, ".rodata", l->rodata_len);
		if (l->load_len)
			btf__add_datasec_var_info(btf, load_var, 0, l->load_len);
		if (l->rodata_len > l->load_len)
			btf__add_datasec_var_info(btf, rodata_var, l->load_len,
						  l->rodata_len - l->load_len);
	}
	if (l->host_len) {
		int c32 = btf__add_const(btf, u32_id), c64 = 0;
		int *vars = calloc(l->nhost + 1, sizeof(int));

		for (size_t h = 0; h < l->nhost; h++) {
			int t = c32;

			if (l->host[h].size == 8)
				t = c64 ? c64 : (c64 = btf__add_const(btf, u64_id));
			vars[h] = btf__add_var(btf, l->host[h].name,
					       BTF_VAR_GLOBAL_ALLOCATED, t);
		}
		btf__add_datasec(btf, CG_HOST_SEC, l->host_len);
		for (size_t h = 0; h < l->nhost; h++)
			btf__add_datasec_var_info(btf, vars[h], l->host[h].off,
						  l->host[h].size);
		free(vars);
	}
	build_ext(btf, l, func_ids, kids, ext, ext_len);
	free(func_ids);
	free(names);

	raw = btf__raw_data(btf, &raw_len);
	if (!raw) {
		btf__free(btf);
		return -1;
	}
	*out = xmalloc(raw_len);
	memcpy(*out, raw, raw_len);
	*len = raw_len;
	btf__free(btf);
	return 0;
}
