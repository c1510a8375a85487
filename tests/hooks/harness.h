/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test harness for the sysctl and sock_create hooks: build IR by hand, load
 * a generated program into the kernel, attach it to a fresh cgroup, and run
 * checks in a child process that lives in that cgroup (and, for sysctl, in
 * its own network namespace, so per-netns knobs can be changed freely).
 * The child's TAP results are merged into the parent's numbering.
 */
#ifndef CGNFT_TESTS_HOOKS_HARNESS_H
#define CGNFT_TESTS_HOOKS_HARNESS_H

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codegen/codegen.h"
#include "codegen/hook_gen.h"
#include "ir/ir.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"
#include "tests/tap.h"

/* ---- IR building ---- */

static inline struct ir_rule hk_rule(const char *text)
{
	static int line;
	struct ir_rule r = { 0 };

	r.origin.file = xstrdup("test.nft");
	r.origin.line = ++line;
	r.origin.text = xstrdup(text);
	return r;
}

static inline void hk_add(struct ir_rule *r, struct ir_stmt s)
{
	ir_rule_add_stmt(r, &s);
}

static inline void hk_match(struct ir_rule *r, enum ir_base base, int key,
		     enum ir_op op, uint64_t v, uint64_t hi)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };

	s.match.field.base = base;
	s.match.field.key = key;
	s.match.field.len = 4;
	s.match.field.mask = ~0ull;
	s.match.field.numeric_string = key == IR_SYSCTL_CUR_VALUE ||
				       key == IR_SYSCTL_NEW_VALUE;
	if (base == IR_BASE_SOCK)
		s.match.field.numeric_string = false;
	s.match.op = op;
	s.match.value.lo = v;
	s.match.value_hi.lo = hi;
	hk_add(r, s);
}

static inline void hk_str(struct ir_rule *r, int key, enum ir_str_op op, bool neg,
		   const char *str)
{
	struct ir_stmt s = { .kind = IR_STMT_STR_MATCH };

	s.str.field.base = IR_BASE_SYSCTL;
	s.str.field.key = key;
	s.str.op = op;
	s.str.neg = neg;
	s.str.str = xstrdup(str);
	hk_add(r, s);
}

static inline void hk_lookup(struct ir_rule *r, enum ir_base base, int key,
		      int set, bool neg, bool vmap)
{
	struct ir_stmt s = { .kind = vmap ? IR_STMT_VMAP : IR_STMT_LOOKUP };

	s.lookup.fields[0].base = base;
	s.lookup.fields[0].key = key;
	s.lookup.fields[0].len = 4;
	s.lookup.fields[0].mask = ~0ull;
	s.lookup.fields[0].numeric_string = base == IR_BASE_SYSCTL;
	s.lookup.nfields = 1;
	s.lookup.set = set;
	s.lookup.neg = neg;
	hk_add(r, s);
}

static inline void hk_counter(struct ir_rule *r, int index)
{
	hk_add(r, (struct ir_stmt){ .kind = IR_STMT_COUNTER,
				    .counter.index = index });
}

static inline void hk_set_value(struct ir_rule *r, const char *str)
{
	struct ir_stmt s = { .kind = IR_STMT_SET_SYSCTL_VALUE };

	s.set_sysctl.str = xstrdup(str);
	hk_add(r, s);
}

static inline void hk_verdict(struct ir_rule *r, enum ir_verdict_kind kind, int chain)
{
	hk_add(r, (struct ir_stmt){ .kind = IR_STMT_VERDICT,
				    .verdict = { .kind = kind, .chain = chain } });
}

static inline int hk_chain(struct ir_unit *u, const char *name, bool base,
		    enum ir_hook hook, enum ir_verdict_kind policy)
{
	struct ir_chain c = {
		.table = xstrdup("t"), .name = xstrdup(name), .base = base,
		.hook = hook, .policy = policy,
	};

	return ir_unit_add_chain(u, &c);
}

/* A one-field set of [lo, hi] ranges; verdicts for vmaps. */
static inline int hk_set(struct ir_unit *u, const uint64_t (*ranges)[2],
		  const struct ir_verdict *verdicts, size_t n)
{
	struct ir_set s = { .name = xstrdup("__set"), .anonymous = true,
			    .is_vmap = verdicts != NULL, .nfields = 1 };

	s.field_len[0] = 4;
	s.elems = xzalloc(n * sizeof(*s.elems));
	s.nelems = n;
	for (size_t i = 0; i < n; i++) {
		s.elems[i].lo[0].lo = ranges[i][0];
		s.elems[i].hi[0].lo = ranges[i][1];
		if (verdicts)
			s.elems[i].verdict = verdicts[i];
	}
	return ir_unit_add_set(u, &s);
}

static inline int hk_counter_new(struct ir_unit *u)
{
	struct ir_counter c = { .table = xstrdup("t"), .rule_key = xstrdup("r") };

	return ir_unit_add_counter(u, &c);
}

/* One program per unit: the base chains in the order given. */
static inline void hk_prog(struct ir_unit *u, const char *name, enum ir_hook hook,
		    const int *base, size_t n)
{
	struct ir_prog p = { .name = xstrdup(name), .hook = hook,
			     .cgroup = xstrdup("test") };

	p.base_chains = xmalloc(n * sizeof(int));
	memcpy(p.base_chains, base, n * sizeof(int));
	p.nbase_chains = n;
	ir_unit_add_prog(u, &p);
}

/* ---- loading ---- */

static inline int hk_counters_map(size_t n)
{
	return bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "counters", 4,
			      sizeof(struct cgnft_counter), n ? n : 1, NULL);
}

/* Sum of a counter's packets over all CPUs. */
static inline uint64_t hk_counter_packets(int map_fd, uint32_t index)
{
	int ncpu = libbpf_num_possible_cpus();
	struct cgnft_counter *v = calloc(ncpu, sizeof(*v));
	uint64_t sum = 0;

	if (bpf_map_lookup_elem(map_fd, &index, v) == 0)
		for (int i = 0; i < ncpu; i++)
			sum += v[i].packets;
	free(v);
	return sum;
}

/* The trace map of traced programs: cgnft_trace[0], a __u32. */
static inline int hk_trace_map(void)
{
	return bpf_map_create(BPF_MAP_TYPE_ARRAY, "cgnft_trace", 4, 4, 1, NULL);
}

static inline uint32_t hk_trace_read(int fd)
{
	uint32_t key = 0, v = 0;

	bpf_map_lookup_elem(fd, &key, &v);
	return v;
}

/* .rodata of `obj` as a frozen array map, as libbpf makes it; -1 if none. */
static inline int hk_rodata_map(const struct cg_object *obj)
{
	uint32_t key = 0;
	int fd;

	if (!obj || !obj->rodata_len)
		return -1;
	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "hk_rodata", 4, obj->rodata_len,
			    1, &(struct bpf_map_create_opts){
				    .sz = sizeof(struct bpf_map_create_opts),
				    .map_flags = BPF_F_RDONLY_PROG });
	if (fd < 0 || bpf_map_update_elem(fd, &key, obj->rodata, 0) ||
	    bpf_map_freeze(fd))
		return -1;
	return fd;
}

/* Load program p of object obj (for its .rodata; NULL: none). */
static inline int hk_load_traced(const struct cg_object *obj,
				 const struct cg_prog *p,
				 enum bpf_prog_type type,
				 enum bpf_attach_type attach, int counters_fd,
				 int trace_fd)
{
	struct bpf_insn *insns = xmalloc(p->ninsns * sizeof(*insns));
	static char log[1 << 20];
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach,
		    .log_buf = log, .log_size = sizeof(log), .log_level = 1);
	int fd, rodata_fd = hk_rodata_map(obj);

	memcpy(insns, p->insns, p->ninsns * sizeof(*insns));
	for (size_t i = 0; i < p->nrelocs; i++) {
		struct bpf_insn *in = &insns[p->relocs[i].insn];

		if (p->relocs[i].map == CG_MAP_RODATA) {
			/* a map value address: offset into .rodata in the 2nd half */
			in->src_reg = BPF_PSEUDO_MAP_VALUE;
			in[1].imm = in->imm;
			in->imm = rodata_fd;
			continue;
		}
		in->src_reg = BPF_PSEUDO_MAP_FD;
		in->imm = p->relocs[i].map == CG_MAP_TRACE ? trace_fd : counters_fd;
	}
	log[0] = 0;
	fd = bpf_prog_load(type, "hk_test", "GPL", insns, p->ninsns, &opts);
	if (fd < 0) {
		tap_diag("load failed: %s", strerror(errno));
		for (char *l = strtok(log, "\n"); l; l = strtok(NULL, "\n"))
			tap_diag("%s", l);
	} else {
		const char *v = strstr(log, "processed ");

		if (v)
			tap_diag("%s: %zu insns, verifier %.40s", p->name,
				 p->ninsns, v);
	}
	if (rodata_fd >= 0)
		close(rodata_fd);
	free(insns);
	return fd;
}

static inline int hk_load(const struct cg_object *obj, const struct cg_prog *p,
			  enum bpf_prog_type type, enum bpf_attach_type attach,
			  int counters_fd)
{
	return hk_load_traced(obj, p, type, attach, counters_fd, -1);
}

/* ---- cgroup and child ---- */

static char hk_cgpath[4096];

static inline int hk_cgroup_create(void)
{
	const char *mnt = cgroup2_mount();

	if (!mnt)
		return -ENOENT;
	snprintf(hk_cgpath, sizeof(hk_cgpath), "%s/cgnft-hooks-%d", mnt,
		 (int)getpid());
	if (mkdir(hk_cgpath, 0755) && errno != EEXIST)
		return -errno;
	return open(hk_cgpath, O_RDONLY | O_DIRECTORY);
}

static inline void hk_cgroup_remove(int fd)
{
	close(fd);
	rmdir(hk_cgpath);
}

/* Run fn in a child inside the test cgroup (and a new netns when asked);
 * its tap_ok results count as ours. */
static inline void hk_in_cgroup(bool netns, void (*fn)(void *), void *arg)
{
	int pfd[2], st, res[2];
	pid_t pid;

	if (pipe(pfd))
		abort();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char procs[4200];
		FILE *f;

		close(pfd[0]);
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", hk_cgpath);
		f = fopen(procs, "w");
		if (!f || fprintf(f, "0\n") < 0 || fclose(f)) {
			tap_ok(0, "child joins %s", hk_cgpath);
		} else if (netns && unshare(CLONE_NEWNET)) {
			tap_ok(0, "child unshares its network namespace");
		} else {
			fn(arg);
		}
		res[0] = tap_n;
		res[1] = tap_failed;
		if (write(pfd[1], res, sizeof(res)) != sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], res, sizeof(res)) == sizeof(res)) {
		tap_n = res[0];
		tap_failed = res[1];
	} else {
		tap_ok(0, "child reported its results");
	}
	close(pfd[0]);
	waitpid(pid, &st, 0);
}

#endif
