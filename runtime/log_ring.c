// SPDX-License-Identifier: GPL-2.0
/* The log ring and its sites across applies (runtime/log_ring.h). */
#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/log_event.h"
#include "ir/fileio.h"
#include "ir/xalloc.h"
#include "runtime/log_ring.h"

static const struct {
	const char *map, *pin;
	uint32_t type, key, value, max_entries;
} maps[RT_LOG_MAPS] = {
	[RT_LOG_RING] = { CG_LOG_MAP, CG_LOG_PIN, BPF_MAP_TYPE_RINGBUF, 0, 0,
			  CG_LOG_RING_BYTES },
	[RT_LOG_DROPS] = { CG_LOG_DROPS_MAP, CG_LOG_DROPS_PIN, BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8,
			   1 },
};

static int open_map(const char *dir, int m)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);
	char *pin = xasprintf("%s/%s", dir, maps[m].pin);
	int fd = bpf_obj_get(pin);

	free(pin);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != maps[m].type ||
	    info.key_size != maps[m].key || info.value_size != maps[m].value ||
	    info.max_entries != maps[m].max_entries) {
		close(fd);
		return -1;
	}
	return fd;
}

size_t rt_log_plan(struct rt_log *l, const char *dir, const struct ir_unit *u,
		   struct load_reuse *out)
{
	size_t n = 0;

	for (int m = 0; m < RT_LOG_MAPS; m++) {
		l->old_fd[m] = dir && u->nlogs ? open_map(dir, m) : -1;
		if (l->old_fd[m] >= 0)
			out[n++] = (struct load_reuse){ maps[m].map, l->old_fd[m] };
	}
	return n;
}

char *rt_log_sites_text(const struct ir_unit *u)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	fprintf(f, "gen %08x\n", cg_log_generation(u));
	for (size_t i = 0; i < u->nlogs; i++) {
		const struct ir_log *s = &u->logs[i];

		fprintf(f, "%zu\t%s\t%s\t%s\t%d\t%d\t%u\t%d\t%s\n", i, s->table, s->chain,
			s->file, s->line, s->level, s->flags, s->has_group ? s->group : -1,
			s->prefix ? s->prefix : "");
	}
	fclose(f);
	return buf;
}

void rt_log_commit(struct rt_log *l, const char *dir, struct bpf_object *obj,
		   const struct ir_unit *u, bool attached)
{
	bool keep = attached && u->nlogs && obj && dir;

	if (keep) {
		char *text = rt_log_sites_text(u);

		/* the sites first: an event of the new object finds its site */
		write_file_atomic_mode(CG_LOG_SITES_FILE, text, strlen(text), 0600);
		free(text);
	} else {
		unlink(CG_LOG_SITES_FILE);
	}
	for (int m = 0; dir && m < RT_LOG_MAPS; m++) {
		struct bpf_map *map = obj ? bpf_object__find_map_by_name(obj, maps[m].map) : NULL;
		char *pin = xasprintf("%s/%s", dir, maps[m].pin);

		if (!keep || !map) {
			unlink(pin);
		} else if (l->old_fd[m] < 0) {	/* a reused map is pinned already */
			unlink(pin);
			bpf_obj_pin(bpf_map__fd(map), pin);
		}
		free(pin);
	}
}

void rt_log_free(struct rt_log *l)
{
	for (int m = 0; m < RT_LOG_MAPS; m++) {
		if (l->old_fd[m] >= 0)
			close(l->old_fd[m]);
		l->old_fd[m] = -1;
	}
}
