// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl hook against the real kernel: a process in the test cgroup, in a
 * network namespace of its own (so per-netns knobs start at their defaults
 * and nothing needs restoring), reads and writes /proc/sys files.
 *
 *   chain knobs { type filter hook sysctl priority 0; policy accept;
 *    1 sysctl write sysctl name "net/ipv4/tcp_syn_retries" sysctl new value > 10
 *          sysctl value set "10" accept
 *    2 sysctl write sysctl name "net/ipv4/ip_forward" counter drop
 *    3 sysctl write sysctl name glob "net/ipv4/conf/STAR/forwarding" drop
 *    4 sysctl write sysctl name prefix "net/ipv4/ping_group" drop
 *    5 sysctl write sysctl name glob "net/ipv?/tcp_ecn_STAR" drop
 *    6 sysctl write sysctl name "net/ipv4/ip_local_port_range"
 *          sysctl new value 1024-65535 accept
 *    7 sysctl write sysctl name "net/ipv4/ip_local_port_range" drop
 *    8 sysctl name "net/ipv4/tcp_keepalive_probes" sysctl current value "9"
 *          sysctl new value "5" drop
 *    9 sysctl read sysctl base name "tcp_sack" drop
 *   10 sysctl name "net/ipv4/tcp_ecn" sysctl new value != "2" drop
 *   11 sysctl write sysctl name "net/ipv4/tcp_fin_timeout"
 *          sysctl current value { 60 } sysctl new value < 30 drop
 *   12 sysctl read sysctl name "net/ipv4/ip_local_port_range"
 *          sysctl current value >= 32768 counter
 *   13 sysctl base name glob "tcp_rmem" sysctl new value != "1 2 3" jump rmem
 *   14 sysctl write sysctl name glob "net/STARv?/cSTARf/STAR/accept_STARredirects" drop
 *   15 sysctl read sysctl name "net/ipv4/tcp_wmem"
 *          sysctl current value glob "4096STAR16384STAR4194304" drop
 *   16 sysctl write sysctl name "net/ipv4/tcp_retries2" sysctl value prefix "9" drop
 *   17 sysctl write sysctl name "net/ipv4/tcp_retries1" sysctl value "1111...1" (64) drop
 *   18 sysctl write sysctl name "net/ipv4/tcp_retries1" sysctl value prefix "77777" drop
 *   19 sysctl write sysctl name "net/ipv4/tcp_notsent_lowat" jump rmem
 *          (a second jump to rmem: it is shared, compiled once)
 *   20 sysctl write sysctl name "net/ipv4/tcp_notsent_lowat" goto rmem
 *   }
 *   chain rmem {
 *       sysctl new value <= 4194304 return
 *       drop
 *   }
 */
#include "tests/hooks/harness.h"

/* 0 or errno */
static int sc_write(const char *name, const char *val)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		err = errno;
	close(fd);
	return err;
}

static int sc_read(const char *name, char *buf, size_t len)
{
	char path[256];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	buf[0] = 0;
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		err = errno;
		n = 0;
	}
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	close(fd);
	return err;
}

static const char *en(int err)
{
	return err ? strerror(err) : "ok";
}

static void expect_write(const char *name, const char *val, int want)
{
	int err = sc_write(name, val);

	tap_ok(err == want, "write %s = \"%.*s\": %s (want %s)", name,
	       (int)strcspn(val, "\n"), val, en(err), en(want));
}

static void expect_value(const char *name, const char *want)
{
	char buf[256];
	int err = sc_read(name, buf, sizeof(buf));

	tap_ok(!err && !strcmp(buf, want), "read %s: %s \"%s\" (want \"%s\")",
	       name, en(err), buf, want);
}

static void expect_read_denied(const char *name)
{
	char buf[256];
	int err = sc_read(name, buf, sizeof(buf));

	tap_ok(err == EPERM, "read %s: %s (want EPERM)", name, en(err));
}

static void run_cases(void *arg)
{
	/* 1: numeric compare on the new value, rewrite, effect read back */
	expect_write("net/ipv4/tcp_syn_retries", "50\n", 0);
	expect_value("net/ipv4/tcp_syn_retries", "10");
	expect_write("net/ipv4/tcp_syn_retries", "8", 0);
	expect_value("net/ipv4/tcp_syn_retries", "8");
	/* 2: exact name, writes only */
	expect_write("net/ipv4/ip_forward", "1\n", EPERM);
	expect_write("net/ipv4/ip_forward", "0\n", EPERM);
	expect_value("net/ipv4/ip_forward", "0");
	/* 3: glob prefix*suffix */
	expect_write("net/ipv4/conf/lo/forwarding", "1", EPERM);
	expect_write("net/ipv4/conf/all/forwarding", "1", EPERM);
	expect_write("net/ipv4/conf/lo/rp_filter", "1", 0);
	expect_value("net/ipv4/conf/lo/rp_filter", "1");
	/* 4: prefix */
	expect_write("net/ipv4/ping_group_range", "0 0", EPERM);
	/* 5: glob with '?' and a trailing star */
	expect_write("net/ipv4/tcp_ecn_fallback", "0", EPERM);
	/* 6/7: every number of a vector must be in range */
	expect_write("net/ipv4/ip_local_port_range", "2000 3000\n", 0);
	expect_value("net/ipv4/ip_local_port_range", "2000\t3000");
	expect_write("net/ipv4/ip_local_port_range", "80 3000", EPERM);
	expect_write("net/ipv4/ip_local_port_range", "2000 70000", EPERM);
	expect_write("net/ipv4/ip_local_port_range", "2000 x", EPERM);
	expect_write("net/ipv4/ip_local_port_range", "-5 3000", EPERM);
	expect_write("net/ipv4/ip_local_port_range", "4000\t5000", 0);
	expect_value("net/ipv4/ip_local_port_range", "4000\t5000");
	/* 8: current value vs new value, as strings */
	expect_write("net/ipv4/tcp_keepalive_probes", "5\n", EPERM);
	expect_write("net/ipv4/tcp_keepalive_probes", "6\n", 0);
	expect_write("net/ipv4/tcp_keepalive_probes", "5\n", 0);
	expect_value("net/ipv4/tcp_keepalive_probes", "5");
	/* 9: reads vs writes, base name */
	expect_read_denied("net/ipv4/tcp_sack");
	expect_write("net/ipv4/tcp_sack", "1", 0);
	/* 10: negated string on the new value; a read has no new value and
	 * matches neither way */
	expect_write("net/ipv4/tcp_ecn", "1", EPERM);
	expect_write("net/ipv4/tcp_ecn", "2", 0);
	expect_value("net/ipv4/tcp_ecn", "2");
	/* 11: set lookup on the current value, numeric new value */
	expect_write("net/ipv4/tcp_fin_timeout", "20", EPERM);
	expect_write("net/ipv4/tcp_fin_timeout", "40", 0);
	expect_write("net/ipv4/tcp_fin_timeout", "20", 0);
	expect_value("net/ipv4/tcp_fin_timeout", "20");
	/* 14: glob with fixed parts between stars */
	expect_write("net/ipv4/conf/lo/accept_redirects", "0", EPERM);
	expect_write("net/ipv6/conf/lo/accept_redirects", "0", EPERM);
	expect_write("net/ipv4/conf/lo/secure_redirects", "0", 0);
	expect_write("net/ipv4/conf/lo/accept_source_route", "0", 0);
	/* 15: glob on a value: fixed parts, fixed end before the newline */
	expect_read_denied("net/ipv4/tcp_wmem");
	expect_write("net/ipv4/tcp_wmem", "4096 16384 4194305\n", 0);
	expect_value("net/ipv4/tcp_wmem", "4096\t16384\t4194305");
	/* 16: prefix on a value */
	expect_write("net/ipv4/tcp_retries2", "99", EPERM);
	expect_write("net/ipv4/tcp_retries2", "19", 0);
	/* 17/18: a value longer than the buffer is truncated: it must not
	 * equal a rule string that is its beginning, but shows its prefix */
	{
		char v[101];

		memset(v, '1', 64);
		v[64] = 0;
		expect_write("net/ipv4/tcp_retries1", v, EPERM);
		memset(v, '1', 100);
		v[100] = 0;
		tap_ok(sc_write("net/ipv4/tcp_retries1", v) != EPERM,
		       "100 x '1' does not equal the 64 x '1' rule");
		memset(v, '7', 100);
		expect_write("net/ipv4/tcp_retries1", v, EPERM);
	}
	/* 13: jump to a regular chain; return continues, end of it drops */
	expect_write("net/ipv4/tcp_rmem", "4096 131072 4194304", 0);
	expect_write("net/ipv4/tcp_rmem", "4096 131072 6291456", EPERM);
	expect_value("net/ipv4/tcp_rmem", "4096\t131072\t4194304");
	/* 19/20: a chain that two rules jump to is compiled once and entered
	 * through the dispatch (codegen/hook_jumps.c): its return comes back
	 * to the rule after the jump (20: goto, whose return is the policy) */
	expect_write("net/ipv4/tcp_notsent_lowat", "100", 0);
	expect_value("net/ipv4/tcp_notsent_lowat", "100");
	expect_write("net/ipv4/tcp_notsent_lowat", "5000000", EPERM);
	expect_value("net/ipv4/tcp_notsent_lowat", "100");
}

static struct ir_unit *build(void)
{
	struct ir_unit *u = ir_unit_new();
	int knobs = hk_chain(u, "knobs", true, IR_HOOK_SYSCTL, IR_VERDICT_ACCEPT);
	int rmem = hk_chain(u, "rmem", false, IR_HOOK_SYSCTL, IR_VERDICT_ACCEPT);
	int fwd_ctr = hk_counter_new(u), range_ctr = hk_counter_new(u);
	static const uint64_t sixty[][2] = { { 60, 60 } };
	int set60 = hk_set(u, sixty, NULL, 1);
	char ones[65];
	struct ir_rule r;

#define W(r) hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_WRITE, IR_OP_EQ, 1, 0)
#define RD(r) hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_WRITE, IR_OP_EQ, 0, 0)
#define NAME(r, op, s) hk_str(&r, IR_SYSCTL_NAME, op, false, s)
#define ADD(ci) ir_chain_add_rule(&u->chains[ci], &r)

	r = hk_rule("1 syn_retries > 10 set 10");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_syn_retries");
	hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_NEW_VALUE, IR_OP_GT, 10, 0);
	hk_set_value(&r, "10");
	hk_verdict(&r, IR_VERDICT_ACCEPT, 0);
	ADD(knobs);

	r = hk_rule("2 ip_forward counter drop");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/ip_forward");
	hk_counter(&r, fwd_ctr);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("3 conf/*/forwarding");
	W(r);
	NAME(r, IR_STR_GLOB, "net/ipv4/conf/*/forwarding");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("4 prefix ping_group");
	W(r);
	NAME(r, IR_STR_PREFIX, "net/ipv4/ping_group");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("5 net/ipv?/tcp_ecn_*");
	W(r);
	NAME(r, IR_STR_GLOB, "net/ipv?/tcp_ecn_*");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("6 port range every number in 1024-65535 accept");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/ip_local_port_range");
	hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_NEW_VALUE, IR_OP_RANGE, 1024, 65535);
	hk_verdict(&r, IR_VERDICT_ACCEPT, 0);
	ADD(knobs);

	r = hk_rule("7 port range drop");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/ip_local_port_range");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("8 keepalive_probes 9 -> 5 drop");
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_keepalive_probes");
	hk_str(&r, IR_SYSCTL_CUR_VALUE, IR_STR_EQ, false, "9");
	hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_EQ, false, "5");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("9 read tcp_sack drop");
	RD(r);
	hk_str(&r, IR_SYSCTL_BASE_NAME, IR_STR_EQ, false, "tcp_sack");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("10 tcp_ecn new != 2 drop");
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_ecn");
	hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_EQ, true, "2");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("11 fin_timeout cur in {60} new < 30 drop");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_fin_timeout");
	hk_lookup(&r, IR_BASE_SYSCTL, IR_SYSCTL_CUR_VALUE, set60, false, false);
	hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_NEW_VALUE, IR_OP_LT, 30, 0);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("12 read port range cur >= 32768 counter");
	RD(r);
	NAME(r, IR_STR_EQ, "net/ipv4/ip_local_port_range");
	hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_CUR_VALUE, IR_OP_GE, 32768, 0);
	hk_counter(&r, range_ctr);
	ADD(knobs);

	r = hk_rule("13 tcp_rmem jump rmem");
	hk_str(&r, IR_SYSCTL_BASE_NAME, IR_STR_GLOB, false, "tcp_rmem");
	hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_EQ, true, "1 2 3");
	hk_verdict(&r, IR_VERDICT_JUMP, rmem);
	ADD(knobs);

	r = hk_rule("14 multi-star glob");
	W(r);
	NAME(r, IR_STR_GLOB, "net/*v?/c*f/*/accept_*redirects");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("15 tcp_wmem current value glob");
	RD(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_wmem");
	hk_str(&r, IR_SYSCTL_CUR_VALUE, IR_STR_GLOB, false, "4096*16384*4194304");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("16 tcp_retries2 value prefix 9");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_retries2");
	hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_PREFIX, false, "9");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("17 tcp_retries1 value 64 x 1");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_retries1");
	memset(ones, '1', 64);
	ones[64] = 0;
	hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_EQ, false, ones);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("18 tcp_retries1 value prefix 77777");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_retries1");
	hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_PREFIX, false, "77777");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(knobs);

	r = hk_rule("19 tcp_notsent_lowat jump rmem");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_notsent_lowat");
	hk_verdict(&r, IR_VERDICT_JUMP, rmem);
	ADD(knobs);

	r = hk_rule("20 tcp_notsent_lowat goto rmem");
	W(r);
	NAME(r, IR_STR_EQ, "net/ipv4/tcp_notsent_lowat");
	hk_verdict(&r, IR_VERDICT_GOTO, rmem);
	ADD(knobs);

	r = hk_rule("rmem: <= 4194304 return");
	hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_NEW_VALUE, IR_OP_LE, 4194304, 0);
	hk_verdict(&r, IR_VERDICT_RETURN, 0);
	ADD(rmem);

	r = hk_rule("rmem: drop");
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ADD(rmem);

	hk_prog(u, "t_sysctl", IR_HOOK_SYSCTL, &knobs, 1);
	return u;
}

/* Many rules of every kind: the verifier's work must grow with the number
 * of rules, not multiply (it stops at 1M processed instructions). */
/* What generation put in a cg_object on the stack (cg_object_free frees
 * a heap one): the rodata and its table notes (LeakSanitizer in CI). */
static void object_contents_free(struct cg_object *obj)
{
	cg_rodata_drop(obj, 0);
	free(obj->ro_tables);
	free(obj->ro_notes);
	free(obj->rodata);
}

static void many_rules_load(void)
{
	struct ir_unit *u = ir_unit_new();
	int c = hk_chain(u, "c", true, IR_HOOK_SYSCTL, IR_VERDICT_ACCEPT);
	static const uint64_t vals[][2] = { { 1, 1 }, { 5, 9 }, { 60, 60 } };
	int set = hk_set(u, vals, NULL, 3), map_fd, prog_fd, nlong = 0;
	struct cg_prog p;
	struct cg_object obj = { .unit = u };
	char name[64];

	for (int i = 0; i < 120; i++) {
		struct ir_rule r = hk_rule("many");

		snprintf(name, sizeof(name), "net/ipv4/knob_%d", i);
		switch (i % 6) {
		case 0:
			hk_str(&r, IR_SYSCTL_NAME, IR_STR_EQ, false, name);
			break;
		case 1:
			hk_str(&r, IR_SYSCTL_NAME, IR_STR_GLOB, false,
			       "net/*/conf/*/forw*ing");
			break;
		case 2:
			hk_match(&r, IR_BASE_SYSCTL, IR_SYSCTL_NEW_VALUE,
				 IR_OP_GT, i, 0);
			break;
		case 3:
			hk_lookup(&r, IR_BASE_SYSCTL, IR_SYSCTL_CUR_VALUE, set,
				  i & 1, false);
			break;
		case 4:
			hk_str(&r, IR_SYSCTL_NEW_VALUE, IR_STR_EQ, true, "1 2");
			hk_set_value(&r, "3");
			break;
		case 5:
			hk_str(&r, IR_SYSCTL_BASE_NAME, IR_STR_PREFIX, false,
			       "tcp_");
			break;
		}
		hk_verdict(&r, i % 4 == 0 ? IR_VERDICT_DROP : i % 4 == 1 ?
			   IR_VERDICT_ACCEPT : IR_VERDICT_CONTINUE, 0);
		ir_chain_add_rule(&u->chains[c], &r);
	}
	hk_prog(u, "t_sysctl", IR_HOOK_SYSCTL, &c, 1);
	cg_hook_sysctl_generate(&obj, &u->progs[0], &p);
	map_fd = hk_counters_map(0);
	prog_fd = hk_load(&obj, &p, BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL,
			  map_fd);
	for (size_t i = 0; i < p.ninsns; i++)
		nlong += p.insns[i].code == (BPF_JMP32 | BPF_JA);
	tap_ok(prog_fd >= 0 && nlong > 0,
	       "120 rules of every kind load (%zu insns, %d long jumps)",
	       p.ninsns, nlong);
	if (prog_fd >= 0)
		close(prog_fd);
	close(map_fd);
	cg_prog_free(&p);
	object_contents_free(&obj);
	ir_unit_free(u);
}

static void read_port_range(void *arg)
{
	expect_value("net/ipv4/ip_local_port_range", "32768\t60999");
	expect_value("net/ipv4/ip_local_port_range", "32768\t60999");
}

int main(void)
{
	struct ir_unit *u = build();
	struct cg_prog p, again;
	struct cg_object obj = { .unit = u }, obj2 = { .unit = u };
	int map_fd, prog_fd, cg_fd, link_fd;
	bool same;

	cg_hook_sysctl_generate(&obj, &u->progs[0], &p);
	tap_ok(strcmp(p.section, "cgroup/sysctl") == 0, "section is %s",
	       p.section);
	cg_hook_sysctl_generate(&obj2, &u->progs[0], &again);
	same = p.ninsns == again.ninsns && p.nrelocs == again.nrelocs &&
	       obj.rodata_len == obj2.rodata_len &&
	       !memcmp(obj.rodata, obj2.rodata, obj.rodata_len) &&
	       !memcmp(p.insns, again.insns, p.ninsns * sizeof(*p.insns));
	for (size_t i = 0; same && i < p.nrelocs; i++)
		same = p.relocs[i].insn == again.relocs[i].insn &&
		       p.relocs[i].map == again.relocs[i].map;
	for (size_t i = 0; same && i < p.ninsns; i++)
		same = !p.label[i] == !again.label[i] &&
		       (!p.label[i] || !strcmp(p.label[i], again.label[i])) &&
		       p.origin[i] == again.origin[i];
	tap_ok(same, "generating twice gives the same program");
	map_fd = hk_counters_map(u->ncounters);
	prog_fd = hk_load(&obj, &p, BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL,
			  map_fd);
	if (!tap_ok(map_fd >= 0 && prog_fd >= 0, "program loads"))
		return tap_done();
	cg_fd = hk_cgroup_create();
	if (!tap_ok(cg_fd >= 0, "test cgroup %s", hk_cgpath))
		return tap_done();
	link_fd = bpf_link_create(prog_fd, cg_fd, BPF_CGROUP_SYSCTL, NULL);
	if (tap_ok(link_fd >= 0, "bpf_link attach to the cgroup")) {
		hk_in_cgroup(true, read_port_range, NULL);
		tap_ok(hk_counter_packets(map_fd, 1) == 2,
		       "counter on current vector value counted 2 reads (%llu)",
		       (unsigned long long)hk_counter_packets(map_fd, 1));
		hk_in_cgroup(true, run_cases, NULL);
		tap_ok(hk_counter_packets(map_fd, 0) == 2,
		       "ip_forward counter counted 2 writes (%llu)",
		       (unsigned long long)hk_counter_packets(map_fd, 0));
		close(link_fd);
	}
	hk_cgroup_remove(cg_fd);
	cg_prog_free(&p);
	cg_prog_free(&again);
	object_contents_free(&obj);
	object_contents_free(&obj2);
	ir_unit_free(u);
	many_rules_load();
	return tap_done();
}
