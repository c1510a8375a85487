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

static int open_ring(const char *dir)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);
	char *pin = xasprintf("%s/" CG_LOG_PIN, dir);
	int fd = bpf_obj_get(pin);

	free(pin);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_RINGBUF ||
	    info.max_entries != CG_LOG_RING_BYTES) {
		close(fd);
		return -1;
	}
	return fd;
}

size_t rt_log_plan(struct rt_log *l, const char *dir, const struct ir_unit *u,
		   struct load_reuse *out)
{
	l->old_fd = dir && u->nlogs ? open_ring(dir) : -1;
	l->reuse = l->old_fd >= 0;
	if (!l->reuse)
		return 0;
	*out = (struct load_reuse){ CG_LOG_MAP, l->old_fd };
	return 1;
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
	struct bpf_map *map = obj ? bpf_object__find_map_by_name(obj, CG_LOG_MAP) : NULL;
	char *pin = dir ? xasprintf("%s/" CG_LOG_PIN, dir) : NULL;

	if (attached && u->nlogs && map && pin) {
		char *text = rt_log_sites_text(u);

		/* the sites first: an event of the new object finds its site */
		write_file_atomic(CG_LOG_SITES_FILE, text, strlen(text));
		free(text);
		if (!l->reuse) {
			unlink(pin);
			bpf_obj_pin(bpf_map__fd(map), pin);
		}
	} else {
		if (pin)
			unlink(pin);
		unlink(CG_LOG_SITES_FILE);
	}
	free(pin);
}

void rt_log_free(struct rt_log *l)
{
	if (l->old_fd >= 0)
		close(l->old_fd);
	l->old_fd = -1;
}
