// SPDX-License-Identifier: GPL-2.0
/* The host's values that programs read from .rodata (codegen/load_values.h),
 * written after libbpf opens the object and before it loads it. */
#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/time.h>
#include <sys/timex.h>

#include "codegen/load_values.h"
#include "runtime/load_values.h"

/* Where CG_LOAD_VAR lies in .rodata's data section, or -1. */
static long load_var_offset(struct bpf_object *obj, const struct bpf_map *rodata)
{
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vi;

	if (!btf)
		return -1;
	sec = btf__type_by_id(btf, bpf_map__btf_value_type_id(rodata));
	if (!sec || !btf_is_datasec(sec))
		return -1;
	vi = btf_var_secinfos(sec);
	for (unsigned i = 0; i < btf_vlen(sec); i++, vi++) {
		const struct btf_type *v = btf__type_by_id(btf, vi->type);

		if (v && !strcmp(btf__name_by_offset(btf, v->name_off), CG_LOAD_VAR) &&
		    vi->size >= sizeof(struct cg_load_values))
			return vi->offset;
	}
	return -1;
}

int fill_load_values(struct bpf_object *obj)
{
	struct bpf_map *rodata = bpf_object__find_map_by_name(obj, ".rodata");
	struct cg_load_values v = { 0 };
	struct timex tx = { 0 };
	struct timeval tv;
	struct timezone tz = { 0 };
	const void *init;
	size_t size;
	char *data;
	long at;
	int err;

	if (!rodata)
		return 0;
	at = load_var_offset(obj, rodata);
	if (at < 0)
		return 0;
	init = bpf_map__initial_value(rodata, &size);
	if (!init || (size_t)at + sizeof(v) > size)
		return -EINVAL;
	/* adjtimex's tai is the TAI - UTC offset in seconds; 0 unless a time
	 * daemon set it (chrony's leapsectz, ntpd's leapfile) */
	if (adjtimex(&tx) < 0 || gettimeofday(&tv, &tz))
		return -errno;
	v.tai_offset_ns = (uint64_t)tx.tai * 1000000000ull;
	v.tz_west_secs = (int64_t)tz.tz_minuteswest * 60;
	if (getrandom(&v.hash_seed, sizeof(v.hash_seed), 0) != sizeof(v.hash_seed))
		return -EIO;
	data = malloc(size);
	if (!data)
		return -ENOMEM;
	memcpy(data, init, size);
	memcpy(data + at, &v, sizeof(v));
	err = bpf_map__set_initial_value(rodata, data, size);
	free(data);
	return err;
}
