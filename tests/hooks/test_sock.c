// SPDX-License-Identifier: GPL-2.0
/*
 * sock_create hook against the real kernel: a process in the test cgroup
 * calls socket() for each family/type/protocol and gets EPERM exactly where
 * the rules say so.
 *
 *   chain in { type filter hook sock_create priority 0; policy accept;
 *       socket type raw counter drop
 *       socket family inet6 socket protocol udp drop
 *       socket family inet jump v4
 *       socket family inet socket protocol udp drop     # after v4 returns
 *   }
 *   chain v4 {
 *       socket protocol tcp accept
 *       socket type vmap { dgram : return }
 *   }
 *   chain late { type filter hook sock_create priority 10; policy accept;
 *       socket family inet6 socket protocol != { 6, 17 } drop
 *   }
 */
#include <netinet/in.h>
#include <sys/socket.h>

#include "tests/hooks/harness.h"

struct sock_case {
	int family, type, protocol;
	int expect_errno;
	const char *what;
};

static const struct sock_case cases[] = {
	{ AF_INET, SOCK_STREAM, 0, 0, "inet stream (tcp accepted in v4)" },
	{ AF_INET, SOCK_DGRAM, 0, EPERM, "inet dgram (v4 returns, then udp drop)" },
	{ AF_INET, SOCK_DGRAM, IPPROTO_UDP, EPERM, "inet dgram udp" },
	{ AF_INET, SOCK_RAW, IPPROTO_ICMP, EPERM, "inet raw icmp (type raw)" },
	{ AF_INET, SOCK_RAW, IPPROTO_UDP, EPERM, "inet raw udp (type raw)" },
	{ AF_INET6, SOCK_STREAM, 0, 0, "inet6 stream" },
	{ AF_INET6, SOCK_DGRAM, 0, EPERM, "inet6 dgram (protocol 0 resolves to udp)" },
	{ AF_INET6, SOCK_RAW, IPPROTO_ICMPV6, EPERM, "inet6 raw icmpv6" },
	{ AF_INET6, SOCK_STREAM, IPPROTO_SCTP, -1, "inet6 sctp (late chain)" },
	{ AF_INET6, SOCK_STREAM, IPPROTO_MPTCP, -1, "inet6 mptcp (late chain)" },
	{ AF_UNIX, SOCK_DGRAM, 0, 0, "unix dgram (hook never sees it)" },
};

static void run_cases(void *arg)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct sock_case *c = &cases[i];
		int fd = socket(c->family, c->type, c->protocol);
		int err = fd < 0 ? errno : 0;

		if (fd >= 0)
			close(fd);
		if (c->expect_errno < 0) {
			/* the protocol may be missing: only EPERM proves
			 * the rule */
			if (err == EPROTONOSUPPORT || err == ESOCKTNOSUPPORT ||
			    err == ENOPROTOOPT)
				tap_skip("protocol not available");
			else
				tap_ok(err == EPERM, "%s: got %s", c->what,
				       err ? strerror(err) : "a socket");
			continue;
		}
		tap_ok(err == c->expect_errno, "%s: %s (want %s)", c->what,
		       err ? strerror(err) : "allowed",
		       c->expect_errno ? strerror(c->expect_errno) : "allowed");
	}
}

static struct ir_unit *build(void)
{
	struct ir_unit *u = ir_unit_new();
	int in = hk_chain(u, "in", true, IR_HOOK_SOCK_CREATE, IR_VERDICT_ACCEPT);
	int v4 = hk_chain(u, "v4", false, IR_HOOK_SOCK_CREATE, IR_VERDICT_ACCEPT);
	int late = hk_chain(u, "late", true, IR_HOOK_SOCK_CREATE, IR_VERDICT_ACCEPT);
	int ctr = hk_counter_new(u);
	static const uint64_t dgram[][2] = { { SOCK_DGRAM, SOCK_DGRAM } };
	static const uint64_t tcpudp[][2] = { { 6, 6 }, { 17, 17 } };
	struct ir_verdict ret = { .kind = IR_VERDICT_RETURN };
	int vm = hk_set(u, dgram, &ret, 1);
	int tu = hk_set(u, tcpudp, NULL, 2);
	struct ir_rule r;
	int order[] = { in, late };

	r = hk_rule("socket type raw counter drop");
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_TYPE, IR_OP_EQ, SOCK_RAW, 0);
	hk_counter(&r, ctr);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[in], &r);

	r = hk_rule("socket family inet6 socket protocol udp drop");
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_FAMILY, IR_OP_EQ, AF_INET6, 0);
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_PROTOCOL, IR_OP_EQ, IPPROTO_UDP, 0);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[in], &r);

	r = hk_rule("socket family inet jump v4");
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_FAMILY, IR_OP_EQ, AF_INET, 0);
	hk_verdict(&r, IR_VERDICT_JUMP, v4);
	ir_chain_add_rule(&u->chains[in], &r);

	r = hk_rule("socket family inet socket protocol udp drop");
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_FAMILY, IR_OP_EQ, AF_INET, 0);
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_PROTOCOL, IR_OP_EQ, IPPROTO_UDP, 0);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[in], &r);

	r = hk_rule("socket protocol tcp accept");
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_PROTOCOL, IR_OP_EQ, IPPROTO_TCP, 0);
	hk_verdict(&r, IR_VERDICT_ACCEPT, 0);
	ir_chain_add_rule(&u->chains[v4], &r);

	r = hk_rule("socket type vmap { dgram : return }");
	hk_lookup(&r, IR_BASE_SOCK, IR_SOCK_TYPE, vm, false, true);
	ir_chain_add_rule(&u->chains[v4], &r);

	r = hk_rule("socket family inet6 socket protocol != { 6, 17 } drop");
	hk_match(&r, IR_BASE_SOCK, IR_SOCK_FAMILY, IR_OP_EQ, AF_INET6, 0);
	hk_lookup(&r, IR_BASE_SOCK, IR_SOCK_PROTOCOL, tu, true, false);
	hk_verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[late], &r);

	hk_prog(u, "t_sock_create", IR_HOOK_SOCK_CREATE, order, 2);
	return u;
}

/* The swapped-in program: `policy drop; socket family inet6 accept`. */
static struct ir_unit *build_v6_only(void)
{
	struct ir_unit *u = ir_unit_new();
	int c = hk_chain(u, "only6", true, IR_HOOK_SOCK_CREATE, IR_VERDICT_DROP);
	struct ir_rule r = hk_rule("socket family inet6 accept");

	hk_match(&r, IR_BASE_SOCK, IR_SOCK_FAMILY, IR_OP_EQ, AF_INET6, 0);
	hk_verdict(&r, IR_VERDICT_ACCEPT, 0);
	ir_chain_add_rule(&u->chains[c], &r);
	hk_prog(u, "t_sock_create", IR_HOOK_SOCK_CREATE, &c, 1);
	return u;
}

static void run_v6_only(void *arg)
{
	static const int fam[] = { AF_INET, AF_INET6, AF_UNIX };
	static const int want[] = { EPERM, 0, 0 };

	for (int i = 0; i < 3; i++) {
		int fd = socket(fam[i], SOCK_STREAM, 0);
		int err = fd < 0 ? errno : 0;

		if (fd >= 0)
			close(fd);
		tap_ok(err == want[i], "after the swap, family %d stream: %s",
		       fam[i], err ? strerror(err) : "allowed");
	}
}

/* bpf_link_update replaces the program in place (the runtime's atomic
 * swap): no moment without a filter, and the new rules apply at once. */
static void swap_program(int link_fd, int map_fd)
{
	struct ir_unit *u = build_v6_only();
	struct cg_prog p;
	int fd;

	cg_hook_sock_generate(&(struct cg_object){ .unit = u }, &u->progs[0],
			      &p);
	fd = hk_load(NULL, &p, BPF_PROG_TYPE_CGROUP_SOCK,
		     BPF_CGROUP_INET_SOCK_CREATE, map_fd);
	if (tap_ok(fd >= 0 && bpf_link_update(link_fd, fd, NULL) == 0,
		   "bpf_link_update swaps in the policy-drop program"))
		hk_in_cgroup(false, run_v6_only, NULL);
	if (fd >= 0)
		close(fd);
	cg_prog_free(&p);
	ir_unit_free(u);
}

/* Traced program: after each socket(), cgnft_trace[0] names the rule (or
 * base-chain policy) that decided last. */
struct trace_case {
	int family, type, protocol;
	const char *rule;	/* origin text, or NULL: policy of `chain` */
	const char *chain;
};

static const struct trace_case trace_cases[] = {
	{ AF_INET, SOCK_RAW, IPPROTO_ICMP, "socket type raw counter drop", NULL },
	{ AF_INET, SOCK_DGRAM, 0,
	  "socket family inet socket protocol udp drop", NULL },
	{ AF_INET6, SOCK_STREAM, IPPROTO_MPTCP,
	  "socket family inet6 socket protocol != { 6, 17 } drop", NULL },
	{ AF_INET, SOCK_STREAM, 0, NULL, "late" },	/* v4 accepted, then late */
	{ AF_INET6, SOCK_STREAM, 0, NULL, "late" },
};

struct trace_run {
	int fd;
	const struct cg_object *obj;
};

static void run_traced(void *arg)
{
	const struct trace_run *tr = arg;
	const struct ir_unit *u = tr->obj->unit;

	for (const struct trace_case *c = trace_cases;
	     c < trace_cases + sizeof(trace_cases) / sizeof(trace_cases[0]);
	     c++) {
		uint32_t key = 0, zero = 0, id;
		const struct ir_origin *o;
		int fd;
		bool good;

		bpf_map_update_elem(tr->fd, &key, &zero, BPF_ANY);
		fd = socket(c->family, c->type, c->protocol);
		if (fd >= 0)
			close(fd);
		if (fd < 0 && errno != EPERM) {
			tap_skip("protocol not available");
			continue;
		}
		id = hk_trace_read(tr->fd);
		if (c->rule) {
			o = id && id <= tr->obj->ntrace ?
			    tr->obj->trace_origin[id - 1] : NULL;
			good = o && !strcmp(o->text, c->rule);
			tap_ok(good, "trace %d/%d/%d: rule \"%s\" (want \"%s\")",
			       c->family, c->type, c->protocol,
			       o ? o->text : "?", c->rule);
		} else {
			good = (id & CG_TRACE_POLICY_BASE) &&
			       (id & ~CG_TRACE_POLICY_BASE) < u->nchains &&
			       !strcmp(u->chains[id & ~CG_TRACE_POLICY_BASE].name,
				       c->chain);
			tap_ok(good, "trace %d/%d/%d: 0x%x = policy of %s",
			       c->family, c->type, c->protocol, id, c->chain);
		}
	}
}

static void traced(int cg_fd, int map_fd)
{
	struct ir_unit *u = build();
	struct cg_object obj = { .unit = u, .has_trace = true };
	struct trace_run tr = { .obj = &obj };
	struct cg_prog p;
	int prog_fd, link_fd = -1;

	cg_hook_sock_generate(&obj, &u->progs[0], &p);
	tr.fd = hk_trace_map();
	prog_fd = hk_load_traced(&obj, &p, BPF_PROG_TYPE_CGROUP_SOCK,
				 BPF_CGROUP_INET_SOCK_CREATE, map_fd, tr.fd);
	if (prog_fd >= 0)
		link_fd = bpf_link_create(prog_fd, cg_fd,
					  BPF_CGROUP_INET_SOCK_CREATE, NULL);
	if (tap_ok(link_fd >= 0, "traced program loads and attaches"))
		hk_in_cgroup(false, run_traced, &tr);
	if (link_fd >= 0)
		close(link_fd);
	if (prog_fd >= 0)
		close(prog_fd);
	close(tr.fd);
	free(obj.trace_origin);
	cg_prog_free(&p);
	ir_unit_free(u);
}

int main(void)
{
	struct ir_unit *u = build();
	struct cg_prog p;
	int map_fd, prog_fd, cg_fd, link_fd;

	cg_hook_sock_generate(&(struct cg_object){ .unit = u }, &u->progs[0],
			      &p);
	tap_ok(strcmp(p.section, "cgroup/sock_create") == 0,
	       "section is %s", p.section);
	map_fd = hk_counters_map(u->ncounters);
	prog_fd = hk_load(NULL, &p, BPF_PROG_TYPE_CGROUP_SOCK,
			  BPF_CGROUP_INET_SOCK_CREATE, map_fd);
	if (!tap_ok(map_fd >= 0 && prog_fd >= 0, "program loads"))
		return tap_done();
	cg_fd = hk_cgroup_create();
	if (!tap_ok(cg_fd >= 0, "test cgroup %s", hk_cgpath))
		return tap_done();
	link_fd = bpf_link_create(prog_fd, cg_fd, BPF_CGROUP_INET_SOCK_CREATE,
				  NULL);
	if (tap_ok(link_fd >= 0, "bpf_link attach to the cgroup")) {
		hk_in_cgroup(false, run_cases, NULL);
		tap_ok(hk_counter_packets(map_fd, 0) == 3,
		       "raw-drop counter saw the 3 raw sockets (%llu)",
		       (unsigned long long)hk_counter_packets(map_fd, 0));
		swap_program(link_fd, map_fd);
		close(link_fd);
		traced(cg_fd, map_fd);
	}
	hk_cgroup_remove(cg_fd);
	/* outside the cgroup nothing is filtered */
	{
		int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);

		tap_ok(fd >= 0, "raw socket outside the cgroup is allowed");
		if (fd >= 0)
			close(fd);
	}
	cg_prog_free(&p);
	ir_unit_free(u);
	return tap_done();
}
