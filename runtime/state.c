// SPDX-License-Identifier: GPL-2.0
/*
 * Counters, limit buckets and quotas kept in place across applies
 * (runtime/state.h).  The new program is given the pinned map itself, so
 * the old and the new program count into the same entries and the swap
 * loses nothing; only when the map is full is a bigger one made and the
 * values copied, slot by slot (sizes double, so that stays rare).
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "codegen/log_event.h"
#include "ir/ir_place.h"
#include "ir/xalloc.h"
#include "runtime/dynset.h"
#include "runtime/state.h"
#include "runtime/store.h"

/* A new map's first size: room for rules added later without growing. */
#define MIN_SLOTS 16

struct state_map {
	const char *name;
	bool percpu;
	size_t value_size;
};

static const struct state_map maps[IR_STATE_KINDS] = {
	{ CG_COUNTERS_MAP, true, sizeof(struct cgnft_counter) },
	{ CG_LIMITS_MAP, false, sizeof(struct cgnft_limit) },
	{ CG_QUOTAS_MAP, false, sizeof(struct cgnft_quota) },
};

struct slot_plan {
	int old_fd;		/* the pinned map, or -1 */
	uint32_t old_cap;	/* its max_entries */
	struct rt_slots old;	/* its slots' keys */
	char *old_text;		/* MAP.keys as it was (NULL: none), to put back */
	bool prepared;		/* MAP.keys holds the union of old and new */
	size_t cap;		/* the new program's map size (0: no entries) */
	char **keys;		/* slot -> key in the new map (not owned) */
	bool *fresh;		/* slot -> a new key: takes its initial value */
	bool reuse;		/* the new program uses the pinned map */
};

struct rt_state {
	struct slot_plan p[IR_STATE_KINDS];
	const char *dir;		/* the pin directory (NULL: none yet) */
	const struct ir_unit *u;
};

bool rt_state_pin(const char *name)
{
	if (rt_dynset_pin(name) || !strcmp(name, CG_LOG_PIN) ||
	    !strcmp(name, CG_LOG_DROPS_PIN))
		return true;
	for (size_t m = 0; m < IR_STATE_KINDS; m++)
		if (!strcmp(name, maps[m].name))
			return true;
	return false;
}

void rt_slots_read(const char *map, struct rt_slots *out)
{
	char *text = store_read_keys(map), *line = text, *nl;

	out->keys = NULL;
	out->n = 0;
	for (; line && *line && (nl = strchr(line, '\n')); line = nl + 1) {
		out->keys = xrealloc(out->keys, (out->n + 1) * sizeof(*out->keys));
		out->keys[out->n++] = nl > line ? xstrndup(line, nl - line) : NULL;
	}
	free(text);
}

long rt_slots_find(const struct rt_slots *s, const char *key)
{
	for (size_t i = 0; key && i < s->n; i++)
		if (s->keys[i] && !strcmp(s->keys[i], key))
			return (long)i;
	return -1;
}

void rt_slots_free(struct rt_slots *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->keys[i]);
	free(s->keys);
	s->keys = NULL;
	s->n = 0;
}

/* The pinned map `name`, if it is one this build can take over. */
static int open_pinned(const char *dir, int m, uint32_t *cap)
{
	struct bpf_map_info info = { 0 };
	uint32_t len = sizeof(info);
	char *pin;
	int fd;

	if (!dir)
		return -1;
	pin = xasprintf("%s/%s", dir, maps[m].name);
	fd = bpf_obj_get(pin);
	free(pin);
	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.key_size != 4 ||
	    info.value_size != maps[m].value_size ||
	    info.type != (maps[m].percpu ? BPF_MAP_TYPE_PERCPU_ARRAY : BPF_MAP_TYPE_ARRAY)) {
		close(fd);
		return -1;
	}
	*cap = info.max_entries;
	return fd;
}

static size_t grown(size_t need, size_t old)
{
	size_t cap = old ? 2 * old : MIN_SLOTS;

	while (cap < need)
		cap *= 2;
	return cap;
}

static void plan_map(struct slot_plan *p, const char *dir, int m, struct ir_unit *u)
{
	size_t n = ir_state_count(u, m), need = 0, next_free = 0;
	uint32_t *slot_of = xzalloc((n + 1) * sizeof(*slot_of));
	bool *taken;

	p->old_text = store_read_keys(maps[m].name);
	p->old_fd = open_pinned(dir, m, &p->old_cap);
	if (p->old_fd >= 0)
		rt_slots_read(maps[m].name, &p->old);
	/* a pin without its keys (a crash before they were written) cannot
	 * be trusted: start afresh */
	if (p->old_fd >= 0 && !p->old.n && p->old_cap) {
		close(p->old_fd);
		p->old_fd = -1;
	}
	taken = xzalloc(p->old.n + n + 1);
	for (size_t i = 0; i < n; i++) {
		long s = rt_slots_find(&p->old, ir_state_key(u, m, i));

		slot_of[i] = s >= 0 && !taken[s] ? (uint32_t)s : UINT32_MAX;
		if (s >= 0 && !taken[s])
			taken[s] = true;
	}
	/* new keys take the free slots, lowest first; a slot whose key goes
	 * away in this apply is still counted into until the swap, so it is
	 * not free yet */
	for (size_t i = 0; i < n; i++) {
		if (slot_of[i] != UINT32_MAX)
			continue;
		while (next_free < p->old.n && (taken[next_free] || p->old.keys[next_free]))
			next_free++;
		slot_of[i] = next_free;
		taken[next_free++] = true;
	}
	for (size_t i = 0; i < n; i++)
		need = slot_of[i] + 1 > need ? slot_of[i] + 1 : need;
	p->reuse = p->old_fd >= 0 && n && need <= p->old_cap;
	p->cap = !n ? 0 : p->reuse ? p->old_cap : grown(need, p->old_fd >= 0 ? p->old_cap : 0);
	if (n)
		ir_place_state(u, m, slot_of, p->cap);
	p->keys = xzalloc((p->cap + 1) * sizeof(*p->keys));
	p->fresh = xzalloc(p->cap + 1);
	for (size_t i = 0; i < n; i++) {
		p->keys[slot_of[i]] = (char *)ir_state_key(u, m, slot_of[i]);
		p->fresh[slot_of[i]] = rt_slots_find(&p->old, p->keys[slot_of[i]]) < 0;
	}
	free(taken);
	free(slot_of);
}

struct rt_state *rt_state_plan(const char *dir, struct ir_unit *u)
{
	struct rt_state *s = xzalloc(sizeof(*s));

	s->dir = dir;
	s->u = u;
	for (int m = 0; m < IR_STATE_KINDS; m++)
		plan_map(&s->p[m], dir, m, u);
	return s;
}

size_t rt_state_reuse(const struct rt_state *s, struct load_reuse *out)
{
	size_t n = 0;

	for (int m = 0; m < IR_STATE_KINDS; m++)
		if (s->p[m].reuse)
			out[n++] = (struct load_reuse){ maps[m].name, s->p[m].old_fd };
	return n;
}

/* Slot i's initial value: `counter packets N bytes M` on CPU 0's part,
 * `used N` of a quota, else zero (a full bucket for limits). */
static void initial_value(const struct ir_unit *u, int m, uint32_t i, void *v, size_t size)
{
	memset(v, 0, size);
	if (m == IR_STATE_COUNTERS) {
		((struct cgnft_counter *)v)->packets = u->counters[i].packets;
		((struct cgnft_counter *)v)->bytes = u->counters[i].bytes;
	} else if (m == IR_STATE_QUOTAS) {
		((struct cgnft_quota *)v)->used = u->quotas[i].used;
	}
}

void rt_state_fill(struct rt_state *s, const struct ir_unit *u, struct bpf_object *obj)
{
	int ncpu = libbpf_num_possible_cpus();

	rt_dynset_carry(s->dir, u, obj);	/* live elements of dynamic sets */
	for (int m = 0; m < IR_STATE_KINDS; m++) {
		struct slot_plan *p = &s->p[m];
		struct bpf_map *map = bpf_object__find_map_by_name(obj, maps[m].name);
		size_t size = maps[m].value_size * (maps[m].percpu ? ncpu : 1);
		void *v = xzalloc(size);
		int fd = map ? bpf_map__fd(map) : -1;

		for (uint32_t i = 0; fd >= 0 && i < p->cap; i++) {
			if (!p->keys[i])
				continue;
			if (p->fresh[i]) {
				initial_value(u, m, i, v, size);
				bpf_map_update_elem(fd, &i, v, 0);
			} else if (!p->reuse && !bpf_map_lookup_elem(p->old_fd, &i, v)) {
				/* grown: the one copy, slot by slot */
				bpf_map_update_elem(fd, &i, v, 0);
			}
		}
		free(v);
	}
}

/* MAP.keys: slot i's key on line i, an empty line for a free slot; with
 * `old`, slots the new map leaves free keep their old key. */
static void write_keys(const struct slot_plan *p, int m, bool old)
{
	size_t n = p->cap > p->old.n ? p->cap : p->old.n, last = 0, len = 0;
	char *buf = NULL;
	FILE *f;

#define KEY(i) ((i) < p->cap && p->keys[i] ? p->keys[i] : \
		old && (i) < p->old.n ? p->old.keys[i] : NULL)
	for (size_t i = 0; i < n; i++)
		if (KEY(i))
			last = i + 1;
	f = open_memstream(&buf, &len);
	for (size_t i = 0; i < last; i++)
		fprintf(f, "%s\n", KEY(i) ? KEY(i) : "");
#undef KEY
	fclose(f);
	store_write_keys(maps[m].name, buf);
	free(buf);
}

void rt_state_prepare(struct rt_state *s)
{
	/* a crash from here on leaves keys that name every slot in use, by
	 * the old program or by the new one: the next apply keeps them all
	 * and frees the ones it does not need */
	for (int m = 0; m < IR_STATE_KINDS; m++)
		if (s->p[m].reuse) {
			write_keys(&s->p[m], m, true);
			s->p[m].prepared = true;
		}
}

void rt_state_abort(struct rt_state *s)
{
	for (int m = 0; s && m < IR_STATE_KINDS; m++) {
		if (!s->p[m].prepared)
			continue;
		if (s->p[m].old_text)
			store_write_keys(maps[m].name, s->p[m].old_text);
		else
			store_remove_keys(maps[m].name);
		s->p[m].prepared = false;
	}
}

void rt_state_commit(struct rt_state *s, const char *dir, struct bpf_object *obj,
		     bool attached)
{
	int ncpu = libbpf_num_possible_cpus();

	rt_dynset_commit(dir, s->u, obj, attached);
	for (int m = 0; m < IR_STATE_KINDS; m++) {
		struct slot_plan *p = &s->p[m];
		struct bpf_map *map = bpf_object__find_map_by_name(obj, maps[m].name);
		char *pin = dir ? xasprintf("%s/%s", dir, maps[m].name) : NULL;
		void *zero = xzalloc(maps[m].value_size * (maps[m].percpu ? ncpu : 1));

		/* the keys gone: nothing counts into their slots any more */
		for (uint32_t i = 0; p->reuse && i < p->old.n; i++)
			if (p->old.keys[i] && (i >= p->cap || !p->keys[i]))
				bpf_map_update_elem(p->old_fd, &i, zero, 0);
		free(zero);
		if (!attached)
			p->cap = 0;
		/* limits and quotas exist only when some rule has one; a
		 * reused map is pinned already */
		if (pin && !(p->reuse && attached)) {
			unlink(pin);
			if (attached && map)
				bpf_obj_pin(bpf_map__fd(map), pin);
		}
		write_keys(p, m, false);
		p->prepared = false;
		free(pin);
	}
}

void rt_state_free(struct rt_state *s)
{
	if (!s)
		return;
	for (int m = 0; m < IR_STATE_KINDS; m++) {
		if (s->p[m].old_fd >= 0)
			close(s->p[m].old_fd);
		rt_slots_free(&s->p[m].old);
		free(s->p[m].old_text);
		free(s->p[m].keys);
		free(s->p[m].fresh);
	}
	free(s);
}
