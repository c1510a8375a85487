// SPDX-License-Identifier: GPL-2.0
/*
 * Counters, limit buckets and quotas outlive the programs: a new program's
 * maps start from the initial values of its rules and take over, entry by
 * entry, the live values of the entries with the same key in the pinned
 * maps of the programs it replaces.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "ir/xalloc.h"
#include "runtime/dynset.h"
#include "runtime/state.h"
#include "runtime/store.h"

struct state_map {
	const char *name;
	bool percpu;
	size_t value_size;
};

static const struct state_map maps[] = {
	{ CG_COUNTERS_MAP, true, sizeof(struct cgnft_counter) },
	{ CG_LIMITS_MAP, false, sizeof(struct cgnft_limit) },
	{ CG_QUOTAS_MAP, false, sizeof(struct cgnft_quota) },
};

static size_t nkeys(const struct ir_unit *u, int m)
{
	return m == 0 ? u->ncounters : m == 1 ? u->nlimits : u->nquotas;
}

static const char *key_of(const struct ir_unit *u, int m, size_t i)
{
	return m == 0 ? u->counters[i].rule_key : m == 1 ? u->limits[i].key :
	       u->quotas[i].key;
}

bool rt_state_pin(const char *name)
{
	if (rt_dynset_pin(name))
		return true;
	for (size_t m = 0; m < sizeof(maps) / sizeof(maps[0]); m++)
		if (!strcmp(name, maps[m].name))
			return true;
	return false;
}

/* `counter packets N bytes M` on CPU 0's slot; `used N` of quotas. */
static void initial_values(const struct ir_unit *u, int m, int fd, void *v, size_t size)
{
	for (uint32_t i = 0; i < nkeys(u, m); i++) {
		memset(v, 0, size);
		if (m == 0 && (u->counters[i].packets || u->counters[i].bytes)) {
			struct cgnft_counter *c = v;

			c->packets = u->counters[i].packets;
			c->bytes = u->counters[i].bytes;
			bpf_map_update_elem(fd, &i, v, 0);
		} else if (m == 2 && u->quotas[i].used) {
			((struct cgnft_quota *)v)->used = u->quotas[i].used;
			bpf_map_update_elem(fd, &i, v, 0);
		}
	}
}

void rt_state_carry(const char *dir, const struct ir_unit *u, struct bpf_object *obj)
{
	int ncpu = libbpf_num_possible_cpus();

	rt_dynset_carry(dir, u, obj);
	for (int m = 0; m < (int)(sizeof(maps) / sizeof(maps[0])); m++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, maps[m].name);
		size_t size = maps[m].value_size * (maps[m].percpu ? ncpu : 1);
		char *pin, *keys;
		void *v;
		uint32_t idx = 0;
		int old;

		if (!map || !nkeys(u, m))
			continue;
		v = xzalloc(size);
		initial_values(u, m, bpf_map__fd(map), v, size);
		pin = dir ? xasprintf("%s/%s", dir, maps[m].name) : NULL;
		old = pin ? bpf_obj_get(pin) : -1;
		keys = old >= 0 ? store_read_keys(maps[m].name) : NULL;
		for (char *line = keys, *nl; line && *line; line = nl + 1, idx++) {
			nl = strchr(line, '\n');
			if (!nl)
				break;
			*nl = '\0';
			for (uint32_t i = 0; i < nkeys(u, m); i++)
				if (!strcmp(key_of(u, m, i), line) &&
				    !bpf_map_lookup_elem(old, &idx, v))
					bpf_map_update_elem(bpf_map__fd(map), &i, v, 0);
		}
		if (old >= 0)
			close(old);
		free(keys);
		free(pin);
		free(v);
	}
}

void rt_state_commit(const char *dir, const struct ir_unit *u, struct bpf_object *obj,
		     bool attached)
{
	rt_dynset_commit(dir, u, obj, attached);
	for (int m = 0; m < (int)(sizeof(maps) / sizeof(maps[0])); m++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, maps[m].name);
		char *pin = dir ? xasprintf("%s/%s", dir, maps[m].name) : NULL;
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		for (size_t i = 0; i < nkeys(u, m); i++)
			fprintf(f, "%s\n", key_of(u, m, i));
		fclose(f);
		/* limits and quotas exist only when some rule has one */
		if (pin)
			unlink(pin);
		if (pin && attached && map)
			bpf_obj_pin(bpf_map__fd(map), pin);
		store_write_keys(maps[m].name, buf);
		free(buf);
		free(pin);
	}
}
