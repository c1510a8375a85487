// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft list: the applied tables in canonical nft syntax that `cgnft
 * apply` accepts again, with live counter values, and per cgroup and hook a
 * status line (as an nft comment, so the text still applies): owning
 * tables, rule-set hash, program id and tag, and the effective program ids
 * (the cgroup's own and its ancestors', as the kernel runs them).
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "frontend/eval_state.h"
#include "frontend/frontend.h"
#include "ir/json.h"
#include "ir/xalloc.h"
#include "runtime/bpffs.h"
#include "runtime/cgroup2.h"
#include "runtime/dynset.h"
#include "runtime/pins.h"
#include "runtime/runtime.h"
#include "runtime/state.h"
#include "runtime/store.h"

/* The pinned maps and their slots' keys (runtime/state.h). */
struct live {
	int counters, quotas;		/* map fds, or -1 */
	struct rt_slots cslots, qslots;
};

/* The map slot of unit entry `key`, or -1 when it has none. */
static long slot_of(int map, const struct rt_slots *slots, const char *key)
{
	return map < 0 ? -1 : rt_slots_find(slots, key);
}

/* Live values of counter `i` (summed over CPUs), from its slot. */
static void counter_value(const struct live *lv, const struct ir_unit *u, size_t i,
			  uint64_t *pk, uint64_t *by)
{
	int ncpu = libbpf_num_possible_cpus();
	struct cgnft_counter *v = xzalloc(ncpu * sizeof(*v));
	long slot = slot_of(lv->counters, &lv->cslots, u->counters[i].rule_key);
	uint32_t k = slot;

	/* nothing applied (check -j): the values the file starts with */
	*pk = lv->counters < 0 ? u->counters[i].packets : 0;
	*by = lv->counters < 0 ? u->counters[i].bytes : 0;
	if (slot >= 0 && !bpf_map_lookup_elem(lv->counters, &k, v))
		for (int c = 0; c < ncpu; c++) {
			*pk += v[c].packets;
			*by += v[c].bytes;
		}
	free(v);
}

/* Bytes used of quota `i`, as nft lists them: at most the quota. */
static uint64_t quota_used(const struct live *lv, const struct ir_unit *u, size_t i)
{
	struct cgnft_quota q = { 0 };
	long slot = slot_of(lv->quotas, &lv->qslots, u->quotas[i].key);
	uint32_t k = slot;

	if (lv->quotas < 0)
		q.used = u->quotas[i].used;
	if (slot >= 0)
		bpf_map_lookup_elem(lv->quotas, &k, &q);
	return q.used < u->quotas[i].bytes ? q.used : u->quotas[i].bytes;
}

/* The next counter (c) or quota (q) of table `name` after `*i`, in the
 * order the front end met them: the order of the listing's markers. */
static size_t next_of(const struct ir_unit *u, const char *name, bool quota, size_t *i)
{
	size_t n = quota ? u->nquotas : u->ncounters;

	while (*i < n && strcmp(quota ? u->quotas[*i].table : u->counters[*i].table, name))
		(*i)++;
	return (*i)++;
}

/* A dynamic set's live elements as a JSON string of their text. */
static void dynset_json(const char *dir, const struct ir_unit *u, size_t map, FILE *out)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	rt_dynset_list(dir, u, map, m);
	fclose(m);
	json_quote(out, buf);
	free(buf);
}

/* Table t's listing, text or JSON (ir_table.json), with live values in
 * place of its markers (EV_MARK_*): counters' packets and bytes, quotas'
 * bytes used; in JSON the text markers come first and take the value, the
 * JSON ones (C, Q) repeat it as numbers. */
static void print_table(FILE *out, const char *dir, const struct ir_unit *u, size_t t,
			const struct live *lv, bool json)
{
	const struct ir_table *tb = &u->tables[t];
	size_t ci = 0, qi = 0, i;
	uint64_t pk = 0, by = 0, used = 0;

	for (const char *p = json ? tb->json : tb->listing; p && *p; p++) {
		if (*p != '\001') {
			fputc(*p, out);
			continue;
		}
		switch (*++p) {
		case 'e':
			if (json)
				dynset_json(dir, u, strtoul(p + 1, NULL, 10), out);
			else
				rt_dynset_list(dir, u, strtoul(p + 1, NULL, 10), out);
			p = strchr(p, ';');
			break;
		case 'c':
			i = next_of(u, tb->name, false, &ci);
			pk = by = 0;
			if (i < u->ncounters)
				counter_value(lv, u, i, &pk, &by);
			fprintf(out, "packets %" PRIu64 " bytes %" PRIu64, pk, by);
			break;
		case 'C':
			fprintf(out, "\"packets\": %" PRIu64 ", \"bytes\": %" PRIu64, pk, by);
			break;
		case 'q':
			i = next_of(u, tb->name, true, &qi);
			used = i < u->nquotas ? quota_used(lv, u, i) : 0;
			if (used) {
				fputs(" used ", out);
				ev_bytes_text(used, out);
			}
			break;
		case 'Q':
			fprintf(out, "\"used\": %" PRIu64, used);
			break;
		}
	}
}

static uint64_t fnv1a(const char *s, uint64_t h)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

struct status {
	char *cgroup;
	const char *hook;
	char *tables;
	uint64_t hash;
	uint32_t prog_id;
	char tag[17];
	uint32_t effective[64];
	uint32_t neffective;
	char **pins;		/* the tables/ pins that name the program */
	size_t npins;
};

static void prog_status(const char *dir, const struct ir_unit *u,
			const struct ir_prog *p, struct status *s)
{
	struct bpf_prog_info info = { 0 };
	uint32_t len = sizeof(info), flags = 0;
	uint64_t id = 0;
	char path[4096];
	int fd = -1, cg;

	memset(s, 0, sizeof(*s));
	s->cgroup = p->cgroup;
	s->hook = ir_hook_name(p->hook);
	s->hash = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < p->ntables; i++)
		for (size_t t = 0; t < u->ntables; t++)
			if (!strcmp(u->tables[t].name, p->tables[i]))
				s->hash = fnv1a(u->tables[t].source, s->hash);
	s->tables = xstrdup(p->tables[0]);
	for (size_t i = 1; i < p->ntables; i++) {
		char *n = xasprintf("%s,%s", s->tables, p->tables[i]);

		free(s->tables);
		s->tables = n;
	}
	/* the stable paths for systemd's IP{Ingress,Egress}FilterPath=, the
	 * ones that exist (none while nothing is pinned) */
	if (dir) {
		char **all;
		size_t n = pins_of_prog(dir, u, p, &all);

		s->pins = xzalloc((n + 1) * sizeof(char *));
		for (size_t i = 0; i < n; i++)
			if (!access(all[i], F_OK))
				s->pins[s->npins++] = xstrdup(all[i]);
		pins_free(all, n);
	}
	if (cgroup2_id(p->cgroup, &id))
		return;
	if (dir) {	/* NULL: nothing is pinned */
		char *pin = pins_link_path(dir, (unsigned long long)id, p->hook);
		int link = bpf_obj_get(pin);

		/* the link's program is what runs, whatever else is pinned */
		fd = pins_link_prog_fd(link);
		if (link >= 0)
			close(link);
		free(pin);
	}
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len)) {
		s->prog_id = info.id;
		for (int i = 0; i < 8; i++)
			sprintf(s->tag + 2 * i, "%02x", info.tag[i]);
	}
	if (fd >= 0)
		close(fd);
	if (cgroup2_resolve(p->cgroup, path, sizeof(path)))
		return;
	cg = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	s->neffective = 64;
	if (cg < 0 || bpf_prog_query(cg, rt_attach_type(p->hook), BPF_F_QUERY_EFFECTIVE,
				     &flags, s->effective, &s->neffective))
		s->neffective = 0;
	if (cg >= 0)
		close(cg);
}

/* {"cgroup_program": {...}}: a cgroup hook's program (doc/JSON.md). */
static void status_json(struct json *j, const struct status *s)
{
	char hash[17];
	char *tables = xstrdup(s->tables), *save = NULL;

	snprintf(hash, sizeof(hash), "%016" PRIx64, s->hash);
	json_obj(j, NULL);
	json_obj(j, "cgroup_program");
	json_str(j, "cgroup", s->cgroup);
	json_str(j, "hook", s->hook);
	json_arr(j, "tables");
	for (char *t = strtok_r(tables, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_str(j, NULL, t);
	json_end_arr(j);
	json_str(j, "hash", hash);
	json_u64(j, "id", s->prog_id);
	json_str(j, "tag", s->tag);
	json_arr(j, "pins");
	for (size_t k = 0; k < s->npins; k++)
		json_str(j, NULL, s->pins[k]);
	json_end_arr(j);
	json_arr(j, "effective");
	for (uint32_t k = 0; k < s->neffective; k++)
		json_u64(j, NULL, s->effective[k]);
	json_end_arr(j);
	json_end_obj(j);
	json_end_obj(j);
	free(tables);
}

static void status_text(FILE *out, const struct status *s)
{
	fprintf(out, "# cgroup %s hook %s: tables %s hash %016" PRIx64
		" prog id %u tag %s; effective program ids:", s->cgroup, s->hook,
		s->tables, s->hash, s->prog_id, s->tag[0] ? s->tag : "-");
	for (uint32_t k = 0; k < s->neffective; k++)
		fprintf(out, " %u%s", s->effective[k],
			s->effective[k] == s->prog_id ? " (this)" : "");
	fputs(s->npins ? "; pinned at" : "", out);
	for (size_t k = 0; k < s->npins; k++)
		fprintf(out, " %s", s->pins[k]);
	fputc('\n', out);
}

static bool table_has_cgroup(const struct ir_table *t, const char *cg)
{
	for (size_t i = 0; i < t->ncgroups; i++)
		if (!strcmp(t->cgroups[i], cg))
			return true;
	return false;
}

void rt_json_tables(const struct ir_unit *u, struct json *j)
{
	struct live lv = { -1, -1, { 0 }, { 0 } };

	for (size_t i = 0; i < u->ntables; i++)
		print_table(j->out, NULL, u, i, &lv, true);
}

void rt_text_tables(const struct ir_unit *u, FILE *out)
{
	struct live lv = { -1, -1, { 0 }, { 0 } };

	for (size_t i = 0; i < u->ntables; i++)
		print_table(out, NULL, u, i, &lv, false);
}

int rt_list(const char *table, const char *cgroup, bool json, FILE *out, FILE *err)
{
	struct stored_table *st = NULL;
	struct fe_source *srcs;
	struct ir_unit *u = NULL;
	const char *dir;
	char *pin;
	struct live lv = { -1, -1, { 0 }, { 0 } };
	struct fe_options opts = rt_stored_opts;
	struct json j;
	size_t n;
	int lock, ret = 0;
	bool found = !table;

	lock = store_lock_shared();
	if (lock < 0 && lock != -ENOENT) {
		fprintf(err, "Error: cannot lock %s: %s\n", CGNFT_STATE_DIR, strerror(-lock));
		return 1;
	}
	/* read-only: it creates nothing (no lock file, no bpffs mount or pin
	 * directory); no lock file: nothing was ever applied */
	dir = bpffs_pin_dir_existing();
	n = store_read_tables(&st);
	srcs = xzalloc((n + 1) * sizeof(*srcs));
	for (size_t i = 0; i < n; i++) {
		srcs[i].name = st[i].path;
		srcs[i].text = st[i].text;
		found |= table && !strcmp(table, st[i].name);
	}
	if (!found) {
		fprintf(err, "Error: No such file or directory: table '%s' is not applied\n", table);
		ret = 1;
		goto out;
	}
	opts.json = json;
	u = n ? fe_build(srcs, n, &opts, err) : ir_unit_new();
	if (!u) {
		ret = 1;
		goto out;
	}
	pin = dir ? xasprintf("%s/" CG_COUNTERS_MAP, dir) : NULL;
	lv.counters = pin ? bpf_obj_get(pin) : -1;
	free(pin);
	pin = dir ? xasprintf("%s/" CG_QUOTAS_MAP, dir) : NULL;
	lv.quotas = pin ? bpf_obj_get(pin) : -1;
	free(pin);
	rt_slots_read(CG_COUNTERS_MAP, &lv.cslots);
	rt_slots_read(CG_QUOTAS_MAP, &lv.qslots);
	if (json)
		json_nftables_begin(&j, out);
	for (size_t i = 0; i < u->ntables; i++) {
		bool show = (!table || !strcmp(table, u->tables[i].name)) &&
			    (!cgroup || table_has_cgroup(&u->tables[i], cgroup));

		if (show)
			print_table(out, dir, u, i, &lv, json);
	}
	for (size_t i = 0; i < u->nprogs; i++) {
		const struct ir_prog *p = &u->progs[i];
		struct status s;
		bool show = !table;

		for (size_t k = 0; table && k < p->ntables; k++)
			show |= !strcmp(p->tables[k], table);
		if (cgroup)
			show = !table && !strcmp(p->cgroup, cgroup);
		if (!show)
			continue;
		prog_status(dir, u, p, &s);
		if (json)
			status_json(&j, &s);
		else
			status_text(out, &s);
		free(s.tables);
		pins_free(s.pins, s.npins);
	}
	if (json)
		json_nftables_end(&j);
	if (lv.counters >= 0)
		close(lv.counters);
	if (lv.quotas >= 0)
		close(lv.quotas);
	rt_slots_free(&lv.cslots);
	rt_slots_free(&lv.qslots);
out:
	ir_unit_free(u);
	free(srcs);
	store_free_tables(st, n);
	if (lock >= 0)
		close(lock);
	return ret;
}

/* `cgnft list set TABLE SET`, as `nft list set` prints it: the table's
 * line, the set's block (declaration, live elements with their counters,
 * timeouts and expiries) and the closing brace.  Cut from the table's
 * listing, so the two never differ. */
int rt_list_set(const char *table, const char *set, FILE *out, FILE *err)
{
	char *buf = NULL, *want, *b, *e, *nl;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int ret;

	if (!m)
		xalloc_fail();
	ret = rt_list(table, NULL, false, m, err);
	fclose(m);
	want = xasprintf("\n\tset %s {\n", set);
	b = ret ? NULL : strstr(buf, want);
	e = b ? strstr(b + 1, "\n\t}\n") : NULL;
	nl = strchr(buf, '\n');
	if (!ret && (!e || !nl || strncmp(buf, "table ", 6))) {
		fprintf(err, "Error: No such file or directory: no set '%s' in table '%s'\n",
			set, table);
		ret = 1;
	}
	if (!ret)
		fprintf(out, "%.*s%.*s}\n", (int)(nl + 1 - buf), buf, (int)(e + 4 - (b + 1)), b + 1);
	free(want);
	free(buf);
	return ret;
}
