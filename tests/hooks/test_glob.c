// SPDX-License-Identifier: GPL-2.0
/*
 * Name matching against every real sysctl: for each pattern, a program that
 * drops reads of matching names is attached, and a process in the cgroup
 * (in a fresh network namespace) reads every file under /proc/sys/net and
 * /proc/sys/kernel.  The names that fail with EPERM must be exactly those
 * that fnmatch(3) (no flags: '*' crosses '/'), strcmp or strncmp select.
 */
#include <fnmatch.h>
#include <ftw.h>

#include "tests/hooks/harness.h"

struct pattern {
	enum ir_str_op op;
	int key;
	const char *str;
	bool neg;
};

static const struct pattern patterns[] = {
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "net/ipv4/*", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "net/*/conf/*/forwarding", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "*_?mem", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "net/ipv?/tcp_*mem", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "*/lo/*", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "*", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "*e*e*e*e*", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "net/*v6*/*route*/*", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "kernel/???", false },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "net/ipv4/ip_forward", false },
	{ IR_STR_GLOB, IR_SYSCTL_BASE_NAME, "*max*", false },
	{ IR_STR_PREFIX, IR_SYSCTL_NAME, "net/ipv4/tcp_", false },
	{ IR_STR_PREFIX, IR_SYSCTL_NAME, "kernel/s", false },
	{ IR_STR_EQ, IR_SYSCTL_NAME, "net/ipv4/tcp_rmem", false },
	{ IR_STR_EQ, IR_SYSCTL_NAME, "net/ipv4/tcp_rme", false },
	{ IR_STR_EQ, IR_SYSCTL_BASE_NAME, "forwarding", false },
	{ IR_STR_EQ, IR_SYSCTL_NAME, "net/ipv4/tcp_rmem", true },
	{ IR_STR_GLOB, IR_SYSCTL_NAME, "net/*/conf/*/forwarding", true },
	{ IR_STR_PREFIX, IR_SYSCTL_NAME, "kernel/s", true },
};

static const struct pattern *cur;
static int nfiles, nmatched, nwrong;
static char first_wrong[512];

static bool expected(const char *name)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	const char *s = cur->key == IR_SYSCTL_BASE_NAME ? base : name;

	switch (cur->op) {
	case IR_STR_EQ: return cur->neg ^ !strcmp(s, cur->str);
	case IR_STR_PREFIX:
		return cur->neg ^ !strncmp(s, cur->str, strlen(cur->str));
	case IR_STR_GLOB: return cur->neg ^ !fnmatch(cur->str, s, 0);
	}
	return false;
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	const char *name = path + strlen("/proc/sys/");
	char buf[64];
	bool denied, want;
	int fd;

	if (type != FTW_F || !(st->st_mode & 0444))
		return 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	denied = read(fd, buf, sizeof(buf)) < 0 && errno == EPERM;
	close(fd);
	nfiles++;
	want = expected(name);
	nmatched += denied;
	if (denied != want && !nwrong++)
		snprintf(first_wrong, sizeof(first_wrong), "%s: %s", name,
			 denied ? "denied" : "allowed");
	return 0;
}

static void walk(void *arg)
{
	nfiles = nmatched = nwrong = 0;
	nftw("/proc/sys/net", visit, 16, FTW_PHYS);
	nftw("/proc/sys/kernel", visit, 16, FTW_PHYS);
	tap_ok(nfiles > 100 && nwrong == 0,
	       "%s %s%s \"%s\": %d of %d names denied, %d wrong%s%s",
	       cur->key == IR_SYSCTL_NAME ? "name" : "base name",
	       cur->neg ? "!= " : "",
	       cur->op == IR_STR_EQ ? "eq" : cur->op == IR_STR_PREFIX ?
	       "prefix" : "glob", cur->str, nmatched, nfiles, nwrong,
	       nwrong ? ", first: " : "", nwrong ? first_wrong : "");
}

static void check_pattern(int cg_fd, const struct pattern *p)
{
	struct ir_unit *u = ir_unit_new();
	int c = hk_chain(u, "c", true, IR_HOOK_SYSCTL, IR_VERDICT_ACCEPT);
	struct ir_rule r = hk_rule(p->str);
	int map_fd, prog_fd, link_fd;
	struct cg_prog prog;
	struct cg_object obj = { .unit = u };

	hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_WRITE, IR_OP_EQ, 0, 0);
	hk_str(&r, p->key, p->op, p->neg, p->str);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[c], &r);
	hk_prog(u, "t_sysctl", IR_HOOK_SYSCTL, &c, 1);
	cg_hook_sysctl_generate(&obj, &u->progs[0], &prog);
	map_fd = hk_counters_map(0);
	prog_fd = hk_load(&obj, &prog, BPF_PROG_TYPE_CGROUP_SYSCTL,
			  BPF_CGROUP_SYSCTL, map_fd);
	free(obj.rodata);
	link_fd = prog_fd < 0 ? -1 :
		  bpf_link_create(prog_fd, cg_fd, BPF_CGROUP_SYSCTL, NULL);
	cur = p;
	if (tap_ok(link_fd >= 0, "\"%s\" loads and attaches", p->str)) {
		hk_in_cgroup(true, walk, NULL);
		close(link_fd);
	}
	if (prog_fd >= 0)
		close(prog_fd);
	close(map_fd);
	cg_prog_free(&prog);
	ir_unit_free(u);
}

int main(void)
{
	int cg_fd = hk_cgroup_create();

	if (!tap_ok(cg_fd >= 0, "test cgroup %s", hk_cgpath))
		return tap_done();
	for (size_t i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++)
		check_pattern(cg_fd, &patterns[i]);
	hk_cgroup_remove(cg_fd);
	return tap_done();
}
