// SPDX-License-Identifier: GPL-2.0
/*
 * apply and delete: compile the union of the applied tables, load it, and
 * swap it in.  The order makes it all or nothing:
 *   1. compile and load every program (the verifier judges all of them);
 *   2. resolve every cgroup;
 *   3. attach: BPF_LINK_UPDATE on existing links (the swap is atomic: a
 *      packet sees the old or the new program), bpf_link_create for new
 *      (cgroup, hook) pairs; on any failure, undo what this run did;
 *   4. only then move pins and state to the new programs.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "runtime/host_values.h"
#include "ir/classify.h"
#include "frontend/frontend.h"
#include "ir/fileio.h"
#include "ir/prog_name.h"
#include "ir/xalloc.h"
#include "runtime/bpffs.h"
#include "runtime/cgroup2.h"
#include "runtime/conntrack.h"
#include "runtime/fault.h"
#include "runtime/load.h"
#include "runtime/log_ring.h"
#include "runtime/pins.h"
#include "runtime/runtime.h"
#include "runtime/state.h"
#include "runtime/store.h"

enum bpf_attach_type rt_attach_type(enum ir_hook hook)
{
	static const enum bpf_attach_type types[IR_HOOK_MAX] = {
		[IR_HOOK_INGRESS] = BPF_CGROUP_INET_INGRESS,
		[IR_HOOK_EGRESS] = BPF_CGROUP_INET_EGRESS,
		[IR_HOOK_SYSCTL] = BPF_CGROUP_SYSCTL,
		[IR_HOOK_SOCK_CREATE] = BPF_CGROUP_INET_SOCK_CREATE,
	};

	return types[hook];
}

struct target {
	const struct ir_prog *prog;
	int prog_fd;
	int cg_fd;
	uint64_t cg_id;
	char *link_pin;
	char **table_pins;	/* tables/<table>/<hook>: runtime/pins.h */
	size_t ntable_pins;
	int link_fd;		/* the link, old or new */
	int old_prog_fd;	/* the program an existing link had, or -1 */
	bool created;
};

/* Where a cgroup was written, for an nft-style error. */
static const struct ir_loc *cgroup_loc(const struct ir_unit *u, const char *cg)
{
	for (size_t t = 0; t < u->ntables; t++)
		for (size_t i = 0; i < u->tables[t].ncgroups; i++)
			if (!strcmp(u->tables[t].cgroups[i], cg))
				return &u->tables[t].cgroup_locs[i];
	return NULL;
}

/* Programs are built per cgroup path as written; two spellings of one
 * cgroup ("web" and "/web") would give two programs for one link. */
static bool same_cgroup_twice(const struct ir_unit *u, const struct target *t, size_t n,
			      FILE *err)
{
	for (size_t k = 0; k < n; k++) {
		const struct ir_loc *loc;

		if (t[k].cg_id != t[n].cg_id || t[k].prog->hook != t[n].prog->hook)
			continue;
		loc = cgroup_loc(u, t[n].prog->cgroup);
		if (loc)
			fprintf(err, "%s:%d:%d-%d: ", loc->file, loc->line, loc->col_first,
				loc->col_last);
		fprintf(err, "Error: cgroup \"%s\" is the cgroup \"%s\" written another "
			"way: write it the same way in every table\n", t[n].prog->cgroup,
			t[k].prog->cgroup);
		return true;
	}
	return false;
}

/* An error of our own: a directory that is not a cgroup (attaching to it
 * would fail with a misleading EBADF). */
#define ENOTCGROUP 4096

static bool is_cgroup2_dir(int fd)
{
	struct statfs fs;

	return !fstatfs(fd, &fs) && fs.f_type == CGROUP2_SUPER_MAGIC;
}

static int open_cgroup(const struct ir_unit *u, const char *cg, bool create,
		       uint64_t *id, FILE *err)
{
	const struct ir_loc *loc = cgroup_loc(u, cg);
	char path[4096];
	struct stat st;
	int fd, e = cgroup2_resolve(cg, path, sizeof(path));

	if (!e && create)
		mkdir(path, 0755);
	fd = e ? -1 : rt_fault("cgroup") ? -1 : open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && !is_cgroup2_dir(fd)) {
		close(fd);
		fd = -1;
		e = -ENOTCGROUP;
	}
	if (fd < 0 || fstat(fd, &st)) {
		e = e ? e : -errno;
		if (loc)
			fprintf(err, "%s:%d:%d-%d: ", loc->file, loc->line, loc->col_first,
				loc->col_last);
		fprintf(err, "Error: cgroup \"%s\" cannot be used: %s: %s%s\n", cg,
			e == -ENOENT && !cgroup2_mount() ? "cgroup2 is not mounted" : path,
			e == -ENOTCGROUP ? "not a directory of the cgroup2 filesystem" : strerror(-e),
			e == -ENOENT ? " (create it, or apply with --create)" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*id = st.st_ino;
	return fd;
}

/* Remove the pins of links created by this apply, for targets [0, n). */
static void unpin_links(struct target *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].created)
			unlink(t[i].link_pin);
}

/* Undo the attach step for targets [0, n). */
static void rollback(struct target *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (t[i].created) {
			close(t[i].link_fd);	/* never pinned: this detaches */
			t[i].link_fd = -1;
		} else if (t[i].old_prog_fd >= 0) {
			bpf_link_update(t[i].link_fd, t[i].old_prog_fd, NULL);
		}
	}
}

static int attach_all(struct target *t, size_t n, FILE *err)
{
	for (size_t i = 0; i < n; i++) {
		t[i].link_fd = bpf_obj_get(t[i].link_pin);
		if (t[i].link_fd >= 0) {
			t[i].old_prog_fd = pins_link_prog_fd(t[i].link_fd);
			if (!rt_fault("attach") &&
			    !bpf_link_update(t[i].link_fd, t[i].prog_fd, NULL))
				continue;
		} else {
			t[i].link_fd = rt_fault("attach") ? -1 :
				bpf_link_create(t[i].prog_fd, t[i].cg_fd,
						rt_attach_type(t[i].prog->hook), NULL);
			if (t[i].link_fd >= 0) {
				t[i].created = true;
				continue;
			}
		}
		fprintf(err, "Error: cannot attach %s to cgroup \"%s\": %s%s\n",
			t[i].prog->name, t[i].prog->cgroup, strerror(errno),
			errno == EPERM ? " (attaching needs CAP_NET_ADMIN, or CAP_SYS_ADMIN)" : "");
		rollback(t, i + 1);
		return -1;
	}
	return 0;
}

/* Pins that name no current target: links of (cgroup, hook) pairs that
 * lost their last rule (unpinning the link detaches it), and the
 * prog_<cgroup id>_<hook> pins of versions before tables/ (which the
 * program pins of the table and hook replace). */
static void unpin_stale(const char *dir, struct target *t, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char *path;
		bool keep = rt_state_pin(de->d_name) || de->d_name[0] == '.' ||
			    !strcmp(de->d_name, PINS_TABLES_DIR);

		path = xasprintf("%s/%s", dir, de->d_name);
		for (size_t i = 0; i < n && !keep; i++)
			keep = !strcmp(path, t[i].link_pin);
		if (!keep)
			unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
}

/* The tables/ pins name the new programs (each replaced atomically), and
 * those of tables or hooks that are gone are removed.  The apply is
 * committed already: a pin that fails is only warned about. */
static void pin_tables(const char *dir, struct target *t, size_t n, FILE *err)
{
	char **all = NULL;
	size_t nall = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < t[i].ntable_pins; k++) {
			int e = pins_replace(t[i].prog_fd, t[i].table_pins[k]);

			if (e)
				fprintf(err, "Warning: cannot pin %s: %s\n", t[i].table_pins[k],
					strerror(-e));
			all = xrealloc(all, (nall + 1) * sizeof(*all));
			all[nall++] = t[i].table_pins[k];
		}
	pins_prune_tables(dir, all, nall);
	free(all);
}

/* Pin the links this apply created; on failure none stays pinned. */
static int pin_links(struct target *t, size_t n, FILE *err)
{
	for (size_t i = 0; i < n; i++) {
		if (!t[i].created)
			continue;
		if (rt_fault("pin") || bpf_obj_pin(t[i].link_fd, t[i].link_pin)) {
			fprintf(err, "Error: cannot pin %s: %s\n", t[i].link_pin, strerror(errno));
			unpin_links(t, i);
			return -1;
		}
	}
	return 0;
}

/* The old text of table `name`, or NULL when it is new. */
static const char *old_text(struct stored_table *old, size_t nold, const char *name)
{
	for (size_t i = 0; i < nold; i++)
		if (!strcmp(old[i].name, name))
			return old[i].text;
	return NULL;
}

/* Store the applied tables' text; on failure the files written are put
 * back as they were. */
static int write_tables(const struct ir_unit *u, struct stored_table *old, size_t nold,
			FILE *err)
{
	for (size_t k = 0; k < u->ntables; k++) {
		int e = rt_fault("state") ? -EIO :
			store_write_table(u->tables[k].name, u->tables[k].source);

		if (!e)
			continue;
		fprintf(err, "Error: cannot store table %s in %s: %s\n", u->tables[k].name,
			CGNFT_STATE_DIR, strerror(-e));
		for (size_t j = 0; j < k; j++) {
			const char *text = old_text(old, nold, u->tables[j].name);

			if (text)
				store_write_table(u->tables[j].name, text);
			else
				store_remove_table(u->tables[j].name);
		}
		return -1;
	}
	return 0;
}

/* Make `u` (all tables that should be applied) what the kernel runs. */
static int commit(struct ir_unit *u, const struct rt_options *opts,
		  struct stored_table *old, size_t nold, FILE *err)
{
	const char *dir = NULL;
	struct cg_object *cg = NULL;
	struct bpf_object *obj = NULL;
	struct target *t = xzalloc((u->nprogs + 1) * sizeof(*t));
	struct rt_state *state;
	struct load_reuse reuse[3 + RT_LOG_MAPS];
	struct rt_log log = { .old_fd = { -1, -1 } };
	size_t nreuse;
	struct load_error le;
	void *elf = NULL;
	size_t len, n = 0;
	int ret = 1;

	/* counters, limits and quotas at their slots in the pinned maps,
	 * which the new programs take over (runtime/state.h) */
	state = rt_state_plan(bpffs_pin_dir_existing(), u);
	nreuse = rt_state_reuse(state, reuse);
	nreuse += rt_log_plan(&log, bpffs_pin_dir_existing(), u, reuse + nreuse);
	ir_classify(u, 0);
	cg = cg_generate(u);
	if (cg_write_elf(cg, &elf, &len))
		goto out;
	if (rt_fault("load")) {
		le = (struct load_error){ .insn = -1, .reason = "injected fault (CGNFT_FAULT)" };
		obj = NULL;
	} else {
		obj = load_object_reusing(elf, len, "cgnft", reuse, nreuse, &le);
	}
	if (!obj) {
		const struct ir_origin *o = le.prog[0] && le.insn >= 0 ?
			cg_origin_at(cg, le.prog, le.insn) : NULL;

		if (host_error_print(&le, cg, err))
			;
		else if (o)
			fprintf(err, "%s:%d: Error: the kernel verifier rejected program %s: %s\n%s\n",
				o->file, o->line, cg_prog_name(cg, le.prog), le.reason, o->text);
		else
			fprintf(err, "Error: the kernel refused program %s: %s\n",
				le.prog[0] ? cg_prog_name(cg, le.prog) : "(object)", le.reason);
		fputs("Nothing was changed.\n", err);
		goto out;
	}
	/* ct on egress reads conntrack entries: they exist only while conntrack
	 * runs (runtime/conntrack.c) */
	if (rt_needs_conntrack(u) && rt_conntrack_ensure(err)) {
		fputs("Nothing was changed.\n", err);
		goto out;
	}
	/* the pin directory only now, so a refused load creates and mounts
	 * nothing; with nothing to attach (delete, flush) only an existing one
	 * is cleaned up */
	dir = rt_fault("bpffs") ? NULL :
	      u->nprogs ? bpffs_pin_dir() : bpffs_pin_dir_existing();
	if (!dir && u->nprogs) {
		fprintf(err, "Error: cannot mount or use bpffs: %s\n", strerror(errno));
		fputs("Nothing was changed.\n", err);
		goto out;
	}
	for (n = 0; n < u->nprogs; n++) {
		struct bpf_program *p;
		char kname[IR_KNAME_SIZE];

		ir_prog_kname(&u->progs[n], kname);
		p = bpf_object__find_program_by_name(obj, kname);

		t[n].prog = &u->progs[n];
		t[n].prog_fd = bpf_program__fd(p);
		t[n].old_prog_fd = -1;
		t[n].link_fd = -1;
		t[n].cg_fd = open_cgroup(u, u->progs[n].cgroup, opts && opts->create_cgroups,
					 &t[n].cg_id, err);
		if (t[n].cg_fd < 0) {
			n++;
			fputs("Nothing was changed.\n", err);
			goto out;
		}
		if (same_cgroup_twice(u, t, n, err)) {
			n++;
			fputs("Nothing was changed.\n", err);
			goto out;
		}
		t[n].link_pin = pins_link_path(dir, (unsigned long long)t[n].cg_id,
					       u->progs[n].hook);
		t[n].ntable_pins = pins_of_prog(dir, u, &u->progs[n], &t[n].table_pins);
	}
	rt_state_fill(state, u, obj);
	rt_state_prepare(state);
	if (attach_all(t, n, err)) {
		fputs("Nothing was changed.\n", err);
		goto out;
	}
	/* tests: a crash right after the swap (exit without cleaning up) */
	if (rt_fault("crash"))
		_exit(9);
	/* a new link lives only as long as its pin, and the stored text is
	 * what later applies build on: both can fail, and then the attach is
	 * undone, so the old policy stays whole */
	if (pin_links(t, n, err)) {
		rollback(t, n);
		fputs("Nothing was changed.\n", err);
		goto out;
	}
	if (write_tables(u, old, nold, err)) {
		unpin_links(t, n);
		rollback(t, n);
		fputs("Nothing was changed.\n", err);
		goto out;
	}
	/* committed: the rest only describes it */
	rt_state_commit(state, dir, obj, n > 0);
	rt_log_commit(&log, dir, obj, u, n > 0);
	if (dir) {
		pin_tables(dir, t, n, err);
		unpin_stale(dir, t, n);
	}
	for (size_t i = 0; i < nold; i++) {
		bool still = false;

		for (size_t k = 0; k < u->ntables; k++)
			still |= !strcmp(u->tables[k].name, old[i].name);
		if (!still)
			store_remove_table(old[i].name);
	}
	if (!n && dir)
		rmdir(dir);
	ret = 0;
out:
	/* failed: nothing was pinned, so a directory this run created is
	 * empty (and one that holds pins stays) */
	if (ret && dir)
		rmdir(dir);
	if (ret)
		rt_state_abort(state);
	for (size_t i = 0; i < n; i++) {
		if (t[i].cg_fd >= 0)
			close(t[i].cg_fd);
		if (t[i].link_fd >= 0)
			close(t[i].link_fd);
		if (t[i].old_prog_fd >= 0)
			close(t[i].old_prog_fd);
		free(t[i].link_pin);
		pins_free(t[i].table_pins, t[i].ntable_pins);
	}
	free(t);
	rt_state_free(state);
	rt_log_free(&log);
	bpf_object__close(obj);
	free(elf);
	cg_object_free(cg);
	return ret;
}

/*
 * The file's commands on what was applied before, in order: `flush
 * ruleset` removes every table, `destroy table` one if it is there,
 * `delete table` one that must be there (nft's error when it is not).
 * `gone[i]`: stored table i is removed.  Returns -1 after reporting.
 */
static int run_commands(const struct ir_unit *u, struct stored_table *old, size_t nold,
			bool *gone, FILE *err)
{
	for (size_t c = 0; c < u->ncommands; c++) {
		const struct ir_command *k = &u->commands[c];
		bool found = false;

		for (size_t i = 0; i < nold; i++)
			if (!gone[i] && (k->kind == IR_CMD_FLUSH_RULESET ||
					 !strcmp(k->table, old[i].name))) {
				gone[i] = true;
				found = true;
			}
		if (!found && k->kind == IR_CMD_DELETE_TABLE) {
			fprintf(err, "%s:%d:%d-%d: Error: Could not process rule: No such file or "
				"directory: table '%s' is not applied\n", k->loc.file, k->loc.line,
				k->loc.col_first, k->loc.col_last, k->table);
			return -1;
		}
	}
	return 0;
}

/* Build from the stored tables, minus `skip` names and those `gone`, plus
 * an extra source. */
static struct ir_unit *build_union(struct stored_table *old, size_t nold,
				   const bool *gone, const struct ir_unit *skip,
				   const char *drop_table, const struct fe_source *extra,
				   FILE *err)
{
	struct fe_source *srcs = xzalloc((nold + 1) * sizeof(*srcs));
	size_t n = 0;
	struct ir_unit *u;

	for (size_t i = 0; i < nold; i++) {
		bool replaced = (drop_table && !strcmp(drop_table, old[i].name)) ||
				(gone && gone[i]);

		for (size_t k = 0; skip && k < skip->ntables; k++)
			replaced |= !strcmp(skip->tables[k].name, old[i].name);
		if (replaced)
			continue;
		srcs[n].name = old[i].path;
		srcs[n++].text = old[i].text;
	}
	if (extra)
		srcs[n++] = *extra;
	u = fe_build(srcs, n, &rt_stored_opts, err);
	free(srcs);
	return u;
}

int rt_apply(const char *path, const struct rt_options *opts, FILE *err)
{
	struct stored_table *old = NULL;
	struct ir_unit *mine = NULL, *all = NULL;
	struct fe_source me;
	bool *gone;
	size_t nold;
	char *text = NULL;
	int lock, ret = 1;

	/* read once: the text compiled here is the text stored (a file edited
	 * meanwhile, a pipe or stdin cannot give a second read other bytes) */
	text = read_path(path);
	if (!text) {
		fprintf(err, "Error: Could not process rule: %s: %s\n", path,
			fileio_strerror(errno));
		return 1;
	}
	me = (struct fe_source){ .name = path, .text = text };
	/* the file alone first: its errors are the user's, with its names */
	mine = fe_build(&me, 1, &(struct fe_options){ .reject_as_drop = opts->reject_as_drop },
			err);
	if (!mine)
		goto out_nolock;
	lock = store_lock();
	if (lock < 0) {
		fprintf(err, "Error: cannot lock %s: %s\n", CGNFT_STATE_DIR, strerror(-lock));
		goto out_nolock;
	}
	nold = store_read_tables(&old);
	gone = xzalloc(nold + 1);
	if (!run_commands(mine, old, nold, gone, err))
		all = build_union(old, nold, gone, mine, NULL, &me, err);
	if (all)
		ret = commit(all, opts, old, nold, err);
	free(gone);
	store_free_tables(old, nold);
	close(lock);
out_nolock:
	ir_unit_free(all);
	ir_unit_free(mine);
	free(text);
	return ret;
}

int rt_delete(const char *table, FILE *err)
{
	struct stored_table *old = NULL;
	struct ir_unit *all;
	size_t nold;
	int lock, ret = 1;
	bool found = !table;

	lock = store_lock();
	if (lock < 0) {
		fprintf(err, "Error: cannot lock %s: %s\n", CGNFT_STATE_DIR, strerror(-lock));
		return 1;
	}
	nold = store_read_tables(&old);
	for (size_t i = 0; table && i < nold; i++)
		found |= !strcmp(old[i].name, table);
	if (!found) {
		fprintf(err, "Error: Could not process rule: No such file or directory: "
			"table '%s' is not applied\n", table);
	} else if (!table) {
		all = ir_unit_new();
		ret = commit(all, NULL, old, nold, err);
		ir_unit_free(all);
	} else {
		all = build_union(old, nold, NULL, NULL, table, NULL, err);
		if (all)
			ret = commit(all, NULL, old, nold, err);
		ir_unit_free(all);
	}
	store_free_tables(old, nold);
	close(lock);
	return ret;
}

int rt_apply_table_text(struct stored_table *old, size_t nold, const char *table,
			const char *text, FILE *err)
{
	struct fe_source me = { .name = table, .text = text };
	struct ir_unit *all;
	int ret = 1;

	for (size_t i = 0; i < nold; i++)
		if (!strcmp(old[i].name, table))
			me.name = old[i].path;
	all = build_union(old, nold, NULL, NULL, table, &me, err);
	if (all)
		ret = commit(all, NULL, old, nold, err);
	ir_unit_free(all);
	return ret;
}
