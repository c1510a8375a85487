// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic sets at run time: the initial elements written into a new
 * object's maps, the live elements carried over from the pinned maps of
 * the sets of the same identity (ir_set.key) across applies, the pins
 * ("dynset_<N>", their keys in /run/cgnft/dynsets.keys, one per line,
 * line N for map N), and the elements as `cgnft list` shows them.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "frontend/datatype.h"
#include "frontend/evaluate.h"
#include "ir/xalloc.h"
#include "runtime/bpffs.h"
#include "runtime/dynset.h"
#include "runtime/store.h"

#define KEYS_NAME "dynsets"

/* CLOCK_BOOTTIME in ns: bpf_ktime_get_boot_ns()'s clock. */
static uint64_t boot_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_BOOTTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static const struct ir_set *dynset(const struct ir_unit *u, size_t map)
{
	for (size_t i = 0; i < u->nsets; i++)
		if (u->sets[i].dynamic && u->sets[i].map == (int)map)
			return &u->sets[i];
	return NULL;
}

static void put_field(uint8_t *key, unsigned off, unsigned width, const struct ir_val *v)
{
	if (width == 4) {
		uint32_t x = (uint32_t)v->lo;

		memcpy(key + off, &x, 4);
	} else if (width == 8) {
		memcpy(key + off, &v->lo, 8);
	} else {
		memcpy(key + off, &v->hi, 8);
		memcpy(key + off + 8, &v->lo, 8);
	}
}

static void get_field(const uint8_t *key, unsigned off, unsigned width, struct ir_val *v)
{
	uint32_t x;

	memset(v, 0, sizeof(*v));
	if (width == 4) {
		memcpy(&x, key + off, 4);
		v->lo = x;
	} else if (width == 8) {
		memcpy(&v->lo, key + off, 8);
	} else {
		memcpy(&v->hi, key + off, 8);
		memcpy(&v->lo, key + off + 8, 8);
	}
}

/* Element i of `set` as its map key and initial value. */
static void elem_entry(const struct ir_set *set, size_t i, uint64_t now, uint8_t *key,
		       unsigned size, struct cgnft_elem *v)
{
	unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];
	const struct ir_set_elem *el = &set->elems[i];
	uint64_t t = el->timeout_ms ? el->timeout_ms : set->timeout_ms;

	ir_dynset_key_layout(set, off, width);
	*v = (struct cgnft_elem){ .packets = el->packets, .bytes = el->bytes,
				  .flags = set->counter ? CG_ELEM_COUNTER : 0 };
	if (set->has_timeout && t) {
		v->expires = now + t * 1000000ull;
		v->timeout_ms = t;
	}
	memset(key, 0, size);
	for (int f = 0; f < set->nfields; f++)
		put_field(key, off[f], width[f], &el->lo[f]);
}

int rt_dynset_edit(int fd, const struct ir_set *set, bool del, size_t *bad)
{
	unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];
	unsigned size = ir_dynset_key_layout(set, off, width);
	uint8_t *key = xzalloc(size);
	bool *added = xzalloc(set->nelems + 1);
	uint64_t now = boot_ns();
	struct cgnft_elem v, cur;
	int e = 0;

	/* delete: every element must be there before any goes (all or nothing) */
	for (size_t i = 0; del && i < set->nelems && !e; i++) {
		elem_entry(set, i, now, key, size, &v);
		if (bpf_map_lookup_elem(fd, key, &cur) || (cur.expires && cur.expires <= now)) {
			*bad = i;
			e = -ENOENT;
		}
	}
	for (size_t i = 0; i < set->nelems && !e; i++) {
		elem_entry(set, i, now, key, size, &v);
		if (del) {
			bpf_map_delete_elem(fd, key);
			continue;
		}
		/* nft's add keeps an element that is there, as it is; one that
		 * expired and awaits collection is replaced */
		if (!bpf_map_lookup_elem(fd, key, &cur) && !(cur.expires && cur.expires <= now))
			continue;
		if (bpf_map_update_elem(fd, key, &v, BPF_ANY)) {
			*bad = i;
			e = -errno;
		} else {
			added[i] = true;
		}
	}
	for (size_t i = 0; e && !del && i < set->nelems; i++)
		if (added[i]) {
			elem_entry(set, i, now, key, size, &v);
			bpf_map_delete_elem(fd, key);
		}
	free(added);
	free(key);
	return e;
}

int rt_dynset_open(const struct ir_set *set)
{
	const char *dir = bpffs_pin_dir_existing();
	char *keys = dir ? store_read_keys(KEYS_NAME) : NULL;
	size_t idx = 0;
	int fd = -1;

	for (char *line = keys, *nl; line && *line && fd < 0; line = nl + 1, idx++) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (!strcmp(line, set->key)) {
			char *pin = xasprintf("%s/" CG_DYNSET_MAP "%zu", dir, idx);

			fd = bpf_obj_get(pin);
			free(pin);
		}
	}
	free(keys);
	return fd;
}

static void write_initial(const struct ir_set *set, int fd)
{
	unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];
	unsigned size = ir_dynset_key_layout(set, off, width);
	uint8_t *key = xzalloc(size);
	uint64_t now = boot_ns();

	for (size_t i = 0; i < set->nelems; i++) {
		const struct ir_set_elem *el = &set->elems[i];
		uint64_t t = el->timeout_ms ? el->timeout_ms : set->timeout_ms;
		struct cgnft_elem v = { .packets = el->packets, .bytes = el->bytes,
					.flags = set->counter ? CG_ELEM_COUNTER : 0 };

		if (set->has_timeout && t) {
			v.expires = now + t * 1000000ull;
			v.timeout_ms = t;
		}
		memset(key, 0, size);
		for (int f = 0; f < set->nfields; f++)
			put_field(key, off[f], width[f], &el->lo[f]);
		bpf_map_update_elem(fd, key, &v, BPF_ANY);
	}
	free(key);
}

/* Old map `old` into new map `fd`: every live element. */
static void copy_elements(int old, int fd, size_t key_size)
{
	uint8_t *k = xzalloc(key_size), *next = xzalloc(key_size);
	struct cgnft_elem v;
	bool first = true;

	while (!bpf_map_get_next_key(old, first ? NULL : k, next)) {
		first = false;
		memcpy(k, next, key_size);
		if (!bpf_map_lookup_elem(old, k, &v))
			bpf_map_update_elem(fd, k, &v, BPF_ANY);
	}
	free(k);
	free(next);
}

void rt_dynset_init(const struct ir_unit *u, struct bpf_object *obj)
{
	char name[32];

	for (size_t m = 0; m < u->ndynsets; m++) {
		const struct ir_set *set = dynset(u, m);
		struct bpf_map *map;

		snprintf(name, sizeof(name), CG_DYNSET_MAP "%zu", m);
		map = bpf_object__find_map_by_name(obj, name);
		if (set && map)
			write_initial(set, bpf_map__fd(map));
	}
}

void rt_dynset_carry(const char *dir, const struct ir_unit *u, struct bpf_object *obj)
{
	char *keys = dir ? store_read_keys(KEYS_NAME) : NULL;
	char name[32];
	size_t idx = 0;

	rt_dynset_init(u, obj);
	for (char *line = keys, *nl; line && *line; line = nl + 1, idx++) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		for (size_t m = 0; m < u->ndynsets; m++) {
			const struct ir_set *set = dynset(u, m);
			unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];
			struct bpf_map *map;
			char *pin;
			int old;

			if (!set || strcmp(set->key, line))
				continue;
			snprintf(name, sizeof(name), CG_DYNSET_MAP "%zu", m);
			map = bpf_object__find_map_by_name(obj, name);
			pin = xasprintf("%s/" CG_DYNSET_MAP "%zu", dir, idx);
			old = bpf_obj_get(pin);
			free(pin);
			if (map && old >= 0)
				copy_elements(old, bpf_map__fd(map),
					      ir_dynset_key_layout(set, off, width));
			if (old >= 0)
				close(old);
		}
	}
	free(keys);
}

void rt_dynset_commit(const char *dir, const struct ir_unit *u, struct bpf_object *obj,
		      bool attached)
{
	char *old = dir ? store_read_keys(KEYS_NAME) : NULL;
	char *buf = NULL, name[32];
	size_t len = 0, nold = 0;
	FILE *f = open_memstream(&buf, &len);

	for (char *p = old; p && *p; p++)
		nold += *p == '\n';
	for (size_t i = 0; dir && i < nold; i++) {
		char *pin = xasprintf("%s/" CG_DYNSET_MAP "%zu", dir, i);

		unlink(pin);
		free(pin);
	}
	for (size_t m = 0; m < u->ndynsets; m++) {
		const struct ir_set *set = dynset(u, m);
		struct bpf_map *map;

		snprintf(name, sizeof(name), CG_DYNSET_MAP "%zu", m);
		map = bpf_object__find_map_by_name(obj, name);
		fprintf(f, "%s\n", set ? set->key : "");
		if (dir && attached && map) {
			char *pin = xasprintf("%s/%s", dir, name);

			unlink(pin);
			bpf_obj_pin(bpf_map__fd(map), pin);
			free(pin);
		}
	}
	fclose(f);
	if (dir)
		store_write_keys(KEYS_NAME, attached ? buf : "");
	free(buf);
	free(old);
}

bool rt_dynset_pin(const char *name)
{
	return !strncmp(name, CG_DYNSET_MAP, strlen(CG_DYNSET_MAP));
}

/* One field as nft prints it: by its type's name, else as a number. */
static void field_text(const struct ir_set *set, int f, const struct ir_val *v, FILE *out)
{
	const struct datatype *dt = set->type_names[f] ? dt_by_name(set->type_names[f]) : NULL;
	char buf[128];

	if (dt) {
		dt_print(dt, *v, buf, sizeof(buf));
		fputs(buf, out);
	} else if (v->hi) {
		fprintf(out, "0x%016" PRIx64 "%016" PRIx64, v->hi, v->lo);
	} else {
		fprintf(out, "%" PRIu64, v->lo);
	}
}

struct listed {
	uint8_t *key;
	struct cgnft_elem v;
};

static size_t sort_key_size;

static int listed_cmp(const void *a, const void *b)
{
	return memcmp(((const struct listed *)a)->key, ((const struct listed *)b)->key,
		      sort_key_size);
}

void rt_dynset_list(const char *dir, const struct ir_unit *u, size_t m, FILE *out)
{
	const struct ir_set *set = dynset(u, m);
	unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];
	unsigned size = set ? ir_dynset_key_layout(set, off, width) : 0;
	char *pin = dir ? xasprintf("%s/" CG_DYNSET_MAP "%zu", dir, m) : NULL;
	int fd = pin ? bpf_obj_get(pin) : -1;
	struct listed *l = NULL;
	size_t n = 0;
	uint64_t now = boot_ns();
	uint8_t *k = xzalloc(size + 1);
	bool first = true;

	free(pin);
	while (set && fd >= 0 && !bpf_map_get_next_key(fd, first ? NULL : k, k)) {
		struct cgnft_elem v;

		first = false;
		if (bpf_map_lookup_elem(fd, k, &v) || (v.expires && v.expires <= now))
			continue;	/* expired: nft no longer lists it */
		l = xgrow(l, n, sizeof(*l));
		l[n].key = xmalloc(size);
		memcpy(l[n].key, k, size);
		l[n++].v = v;
	}
	if (fd >= 0)
		close(fd);
	free(k);
	sort_key_size = size;
	if (n)		/* l is NULL for an empty set: no qsort(NULL) */
		qsort(l, n, sizeof(*l), listed_cmp);
	if (n)
		fputs("\t\telements = { ", out);
	for (size_t i = 0; i < n; i++) {
		struct ir_val v;

		fputs(i ? ", " : "", out);
		for (int f = 0; f < set->nfields; f++) {
			get_field(l[i].key, off[f], width[f], &v);
			fputs(f ? " . " : "", out);
			field_text(set, f, &v, out);
		}
		if (l[i].v.flags & CG_ELEM_COUNTER)
			fprintf(out, " counter packets %" PRIu64 " bytes %" PRIu64,
				l[i].v.packets, l[i].v.bytes);
		if (l[i].v.timeout_ms && l[i].v.timeout_ms != set->timeout_ms) {
			fputs(" timeout ", out);
			ev_time_text(l[i].v.timeout_ms, out);
		}
		if (l[i].v.expires) {
			fputs(" expires ", out);
			ev_time_text((l[i].v.expires - now) / 1000000ull, out);
		}
		free(l[i].key);
	}
	if (n)
		fputs(" }\n", out);
	free(l);
}
