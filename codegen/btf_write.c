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
#include <stdlib.h>
#include <string.h>

#include "codegen/elf_btf.h"
#include "codegen/load_values.h"
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
	int key_ptr = btf__add_ptr(btf, m->key_type);
	int val_ptr = btf__add_ptr(btf, m->value_type);
	int s = btf__add_struct(btf, NULL, MAP_DEF_SIZE);

	btf__add_field(btf, "type", type_ptr, 0, 0);
	btf__add_field(btf, "max_entries", max_ptr, 64, 0);
	btf__add_field(btf, "key", key_ptr, 128, 0);
	btf__add_field(btf, "value", val_ptr, 192, 0);
	return s;
}

int cg_btf_build(const struct cg_btf_layout *l, void **out, size_t *len)
{
	struct btf *btf = btf__new_empty();
	int int_id, u32_id, u64_id, char_id, counter_id, skb_id, proto_id;
	struct map_desc maps[CG_MAP_RODATA];
	int var_ids[CG_MAP_RODATA], rodata_var = 0, load_var = 0;
	int lock_id, limit_id, quota_id;
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
		default:
			maps[m] = (struct map_desc){ "quotas", BPF_MAP_TYPE_ARRAY, l->nquotas,
						     u32_id, quota_id };
			break;
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
	for (size_t i = 0; i < l->nprogs; i++)
		btf__add_func(btf, l->progs[i].name, BTF_FUNC_GLOBAL, proto_id);

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
