// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_skb code generation against the real kernel: hand-built IR is
 * generated, loaded with bpf_prog_load and judged by BPF_PROG_TEST_RUN on
 * crafted packets.  The expected verdicts are nft's: transport matches fail
 * on non-first fragments and truncated headers, meta l4proto is the
 * protocol after IPv6 extension headers, ip6 nexthdr is the raw field.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "tests/hooks/harness.h"

/* ---- IR ---- */

static struct ir_field fld(enum ir_base base, int key_or_off, int len)
{
	struct ir_field f = { .base = base, .len = len, .mask = ~0ull };

	if (base == IR_BASE_META)
		f.key = key_or_off;
	else
		f.offset = key_or_off;
	return f;
}

static void match(struct ir_rule *r, struct ir_field f, enum ir_op op,
		  uint64_t hi, uint64_t lo, uint64_t hi2, uint64_t lo2)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };

	s.match.field = f;
	s.match.op = op;
	s.match.value = (struct ir_val){ hi, lo };
	s.match.value_hi = (struct ir_val){ hi2, lo2 };
	ir_rule_add_stmt(r, &s);
}

static void eq(struct ir_rule *r, struct ir_field f, uint64_t v)
{
	match(r, f, IR_OP_EQ, 0, v, 0, 0);
}

static void l4(struct ir_rule *r, int proto)
{
	eq(r, fld(IR_BASE_META, IR_META_L4PROTO, 1), proto);
}

static void nfproto(struct ir_rule *r, int pf)
{
	eq(r, fld(IR_BASE_META, IR_META_NFPROTO, 1), pf);
}

static void verdict(struct ir_rule *r, enum ir_verdict_kind k, int chain)
{
	hk_verdict(r, k, chain);
}

static struct ir_unit *unit_one_chain(enum ir_verdict_kind policy, int *chain)
{
	struct ir_unit *u = ir_unit_new();

	*chain = hk_chain(u, "out", true, IR_HOOK_EGRESS, policy);
	hk_prog(u, "t_egress", IR_HOOK_EGRESS, chain, 1);
	return u;
}

/* ---- packets: Ethernet + IP, as BPF_PROG_TEST_RUN wants them ---- */

struct pkt {
	uint8_t b[256];
	size_t len;	/* including the 14-byte Ethernet header */
};

static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }

static void eth(struct pkt *p, uint16_t proto)
{
	memset(p, 0, sizeof(*p));
	put16(p->b + 12, proto);
	p->len = 14;
}

/* IPv4 with `opts` bytes of options, then `l4len` bytes of transport header
 * (ports: sport 1000, dport `dport`). */
static void ipv4(struct pkt *p, int proto, int opts, uint16_t frag, int dport,
		 int l4len)
{
	uint8_t *ip;
	int hl = 20 + opts;

	eth(p, ETH_P_IP);
	ip = p->b + 14;
	ip[0] = 0x40 | hl / 4;
	put16(ip + 2, hl + l4len);
	put16(ip + 6, frag);
	ip[8] = 64;
	ip[9] = proto;
	memcpy(ip + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	memset(ip + 20, 1, opts);	/* NOPs */
	put16(ip + hl, 1000);
	if (l4len >= 4)
		put16(ip + hl + 2, dport);
	p->len = 14 + hl + l4len;
}

/* IPv6 with extension headers `ext` (0 hbh, 60 dst, 43 rt, 44 frag), then
 * `l4len` bytes of `proto`'s header.  frag: the fragment offset field. */
static void ipv6(struct pkt *p, const int *ext, int next_n, int proto,
		 uint16_t frag, int dport, int l4len)
{
	uint8_t *ip, *h;
	int off = 40;

	eth(p, ETH_P_IPV6);
	ip = p->b + 14;
	ip[0] = 0x60;
	ip[7] = 64;
	inet_pton(AF_INET6, "2001:db8::1", ip + 8);
	inet_pton(AF_INET6, "2001:db8::2", ip + 24);
	ip[6] = next_n ? ext[0] : proto;
	for (int i = 0; i < next_n; i++) {
		h = ip + off;
		h[0] = i + 1 < next_n ? ext[i + 1] : proto;
		if (ext[i] == 44)
			put16(h + 2, frag);
		off += 8;	/* hdrlen 0 = 8 bytes; frag header is 8 too */
	}
	put16(ip + off, 1000);
	if (l4len >= 4)
		put16(ip + off + 2, dport);
	off += l4len;
	put16(ip + 4, off - 40);
	p->len = 14 + off;
}

static int run(int fd, struct pkt *p, uint32_t mark)
{
	struct __sk_buff ctx = { .mark = mark };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = p->b,
		    .data_size_in = p->len, .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx));

	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	return o.retval;
}

/* Generate and load the first program (the harness puts .rodata in a
 * frozen array, as libbpf does). */
static int load(struct ir_unit *u, struct cg_object **objp, int counters)
{
	struct cg_object *obj = cg_generate(u);

	*objp = obj;
	return hk_load(obj, &obj->progs[0], BPF_PROG_TYPE_CGROUP_SKB,
		       BPF_CGROUP_INET_EGRESS, counters);
}

#define EXPECT(fd, p, want, what) \
	tap_ok(run(fd, p, 0) == (want), "%s -> %s", what, (want) ? "pass" : "drop")

/* tcp dport 22 drop: the transport corner cases. */
static void test_transport(void)
{
	int chain, fd, hbh_dst[] = { 0, 60 }, fr[] = { 44 }, rt[] = { 43 };
	struct ir_unit *u = unit_one_chain(IR_VERDICT_ACCEPT, &chain);
	struct ir_rule r = hk_rule("tcp dport 22 drop");
	struct cg_object *obj;
	struct pkt p;

	l4(&r, IPPROTO_TCP);
	eq(&r, fld(IR_BASE_TRANSPORT, 2, 2), 22);
	verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r);
	fd = load(u, &obj, -1);
	if (!tap_ok(fd >= 0, "tcp dport 22 drop: loads"))
		return;
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);
	EXPECT(fd, &p, 0, "ipv4 tcp dport 22");
	ipv4(&p, IPPROTO_TCP, 0, 0, 80, 20);
	EXPECT(fd, &p, 1, "ipv4 tcp dport 80");
	ipv4(&p, IPPROTO_UDP, 0, 0, 22, 8);
	EXPECT(fd, &p, 1, "ipv4 udp dport 22");
	ipv4(&p, IPPROTO_TCP, 8, 0, 22, 20);
	EXPECT(fd, &p, 0, "ipv4 with 8 bytes of options, tcp dport 22");
	ipv4(&p, IPPROTO_TCP, 0, 0x2000, 22, 20);
	EXPECT(fd, &p, 0, "first fragment (MF), tcp dport 22");
	ipv4(&p, IPPROTO_TCP, 0, 0x0001, 22, 20);
	EXPECT(fd, &p, 1, "non-first fragment, bytes say dport 22");
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 2);
	EXPECT(fd, &p, 1, "tcp header truncated before dport");
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 4);
	EXPECT(fd, &p, 0, "tcp header truncated after dport");
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);
	put16(p.b + 14 + 2, 200);	/* tot_len > skb->len: nft does not check */
	EXPECT(fd, &p, 0, "ipv4 total length beyond the packet: still tcp dport 22");
	ipv6(&p, NULL, 0, IPPROTO_TCP, 0, 22, 20);
	EXPECT(fd, &p, 0, "ipv6 tcp dport 22");
	ipv6(&p, hbh_dst, 2, IPPROTO_TCP, 0, 22, 20);
	EXPECT(fd, &p, 0, "ipv6 hop-by-hop + dstopts, tcp dport 22");
	ipv6(&p, rt, 1, IPPROTO_TCP, 0, 22, 20);
	EXPECT(fd, &p, 0, "ipv6 routing header, tcp dport 22");
	ipv6(&p, fr, 1, IPPROTO_TCP, 0x0001, 22, 20);
	EXPECT(fd, &p, 0, "ipv6 first fragment (M set), tcp dport 22");
	ipv6(&p, fr, 1, IPPROTO_TCP, 0x0008, 22, 20);
	EXPECT(fd, &p, 1, "ipv6 non-first fragment, bytes say dport 22");
	close(fd);
	cg_object_free(obj);
	ir_unit_free(u);
}

/* `tcp dport != 22`, `meta l4proto`, `ip6 nexthdr` */
static void test_negation_and_l4proto(void)
{
	int chain, fd, hbh[] = { 0 }, fr[] = { 44 };
	struct ir_unit *u = unit_one_chain(IR_VERDICT_ACCEPT, &chain);
	struct ir_rule r1 = hk_rule("tcp dport != 22 drop");
	struct ir_rule r2 = hk_rule("ip6 nexthdr udp drop");
	struct ir_rule r3 = hk_rule("meta l4proto udp drop");
	struct cg_object *obj;
	struct pkt p;

	l4(&r1, IPPROTO_TCP);
	match(&r1, fld(IR_BASE_TRANSPORT, 2, 2), IR_OP_NE, 0, 22, 0, 0);
	verdict(&r1, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r1);
	nfproto(&r2, 10);
	eq(&r2, fld(IR_BASE_NETWORK, 6, 1), IPPROTO_UDP);
	verdict(&r2, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r2);
	l4(&r3, IPPROTO_UDP);
	verdict(&r3, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r3);
	fd = load(u, &obj, -1);
	if (!tap_ok(fd >= 0, "negation/l4proto program loads"))
		return;
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 2);
	EXPECT(fd, &p, 1, "tcp dport != 22 on a truncated tcp header does not match");
	ipv4(&p, IPPROTO_TCP, 0, 0, 80, 20);
	EXPECT(fd, &p, 0, "tcp dport != 22 on dport 80 matches");
	ipv6(&p, hbh, 1, IPPROTO_UDP, 0, 53, 8);
	EXPECT(fd, &p, 0, "udp behind hop-by-hop: meta l4proto udp matches");
	ipv6(&p, fr, 1, IPPROTO_UDP, 0x0008, 53, 8);
	EXPECT(fd, &p, 0, "meta l4proto udp matches a non-first ipv6 fragment");
	ipv4(&p, IPPROTO_UDP, 0, 0x0010, 53, 8);
	EXPECT(fd, &p, 0, "meta l4proto udp matches a non-first ipv4 fragment");
	ipv6(&p, hbh, 1, IPPROTO_TCP, 0, 22, 20);
	EXPECT(fd, &p, 1, "ip6 nexthdr is the raw field (hop-by-hop, not udp)");
	close(fd);
	cg_object_free(obj);
	ir_unit_free(u);
}

/* 128-bit: ip6 saddr 2001:db8::/32 (a range), ip6 daddr != ::2 */
static void test_ipv6_addresses(void)
{
	int chain, fd;
	struct ir_unit *u = unit_one_chain(IR_VERDICT_ACCEPT, &chain);
	struct ir_rule r = hk_rule("ip6 saddr 2001:db8::/32 ip6 daddr != 2001:db8::3 drop");
	struct cg_object *obj;
	struct pkt p;

	nfproto(&r, 10);
	match(&r, fld(IR_BASE_NETWORK, 8, 16), IR_OP_RANGE,
	      0x20010db800000000ull, 0, 0x20010db8ffffffffull, ~0ull);
	match(&r, fld(IR_BASE_NETWORK, 24, 16), IR_OP_NE,
	      0x20010db800000000ull, 3, 0, 0);
	verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r);
	fd = load(u, &obj, -1);
	if (!tap_ok(fd >= 0, "ipv6 address program loads"))
		return;
	ipv6(&p, NULL, 0, IPPROTO_UDP, 0, 53, 8);
	EXPECT(fd, &p, 0, "2001:db8::1 -> 2001:db8::2 matches the prefix and !=");
	p.b[14 + 24 + 15] = 3;
	EXPECT(fd, &p, 1, "daddr 2001:db8::3 fails the !=");
	p.b[14 + 24 + 15] = 2;
	p.b[14 + 8 + 3] = 0xb9;		/* saddr 2001:db9::1 */
	EXPECT(fd, &p, 1, "saddr outside the /32");
	ipv4(&p, IPPROTO_UDP, 0, 0, 53, 8);
	EXPECT(fd, &p, 1, "ipv4 packet: ip6 match does not apply");
	close(fd);
	cg_object_free(obj);
	ir_unit_free(u);
}

/* jump, goto, return, policy, counters, meta mark */
static void test_chains(void)
{
	struct ir_unit *u = ir_unit_new();
	int base = hk_chain(u, "out", true, IR_HOOK_EGRESS, IR_VERDICT_DROP);
	int sub = hk_chain(u, "sub", false, 0, 0);
	int leaf = hk_chain(u, "leaf", false, 0, 0);
	int ctr = hk_counter_new(u), counters, fd;
	struct ir_rule r1 = hk_rule("jump sub"), r2 = hk_rule("udp dport 53 accept");
	struct ir_rule s1 = hk_rule("meta mark 7 return"), s2 = hk_rule("goto leaf");
	struct ir_rule l1 = hk_rule("counter tcp dport 22 accept");
	struct cg_object *obj;
	struct pkt p;

	hk_verdict(&r1, IR_VERDICT_JUMP, sub);
	l4(&r2, IPPROTO_UDP);
	eq(&r2, fld(IR_BASE_TRANSPORT, 2, 2), 53);
	hk_verdict(&r2, IR_VERDICT_ACCEPT, 0);
	eq(&s1, fld(IR_BASE_META, IR_META_MARK, 4), 7);
	hk_verdict(&s1, IR_VERDICT_RETURN, 0);
	hk_verdict(&s2, IR_VERDICT_GOTO, leaf);
	hk_counter(&l1, ctr);
	l4(&l1, IPPROTO_TCP);
	eq(&l1, fld(IR_BASE_TRANSPORT, 2, 2), 22);
	hk_verdict(&l1, IR_VERDICT_ACCEPT, 0);
	ir_chain_add_rule(&u->chains[base], &r1);
	ir_chain_add_rule(&u->chains[base], &r2);
	ir_chain_add_rule(&u->chains[sub], &s1);
	ir_chain_add_rule(&u->chains[sub], &s2);
	ir_chain_add_rule(&u->chains[leaf], &l1);
	hk_prog(u, "t_egress", IR_HOOK_EGRESS, &base, 1);
	counters = hk_counters_map(u->ncounters);
	fd = load(u, &obj, counters);
	if (!tap_ok(fd >= 0, "jump/goto/return program loads"))
		return;
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);
	EXPECT(fd, &p, 1, "jump sub, goto leaf, tcp dport 22 accept");
	ipv4(&p, IPPROTO_UDP, 0, 0, 53, 8);
	EXPECT(fd, &p, 1, "leaf falls off: back to the base chain (goto skips sub), udp 53 accept");
	ipv4(&p, IPPROTO_UDP, 0, 0, 54, 8);
	EXPECT(fd, &p, 0, "nothing matches: policy drop");
	tap_ok(run(fd, &p, 7) == 0, "mark 7 returns early from sub, then policy drop");
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);
	tap_ok(run(fd, &p, 7) == 0, "mark 7: return skips the goto, tcp 22 dropped by policy");
	tap_ok(hk_counter_packets(counters, ctr) == 3,
	       "counter counted every packet that reached it (3)");
	close(fd);
	close(counters);
	cg_object_free(obj);
	ir_unit_free(u);
}

/* ip daddr . tcp dport { 10.0.0.2 . 22, 10.0.0.0/8 . 8000-8080 } */
static void test_concat(void)
{
	int chain, fd;
	struct ir_unit *u = unit_one_chain(IR_VERDICT_ACCEPT, &chain);
	struct ir_rule r = hk_rule("ip daddr . tcp dport { ... } drop");
	struct ir_set set = { .name = xstrdup("__set0"), .anonymous = true,
			      .nfields = 2, .field_len = { 4, 2 } };
	struct ir_stmt s = { .kind = IR_STMT_LOOKUP };
	struct cg_object *obj;
	struct pkt p;

	set.elems = xzalloc(2 * sizeof(*set.elems));
	set.nelems = 2;
	set.elems[0].lo[0].lo = set.elems[0].hi[0].lo = 0x0a000002;
	set.elems[0].lo[1].lo = set.elems[0].hi[1].lo = 22;
	set.elems[1].lo[0].lo = 0x0a000000;
	set.elems[1].hi[0].lo = 0x0affffff;
	set.elems[1].lo[1].lo = 8000;
	set.elems[1].hi[1].lo = 8080;
	s.lookup.set = ir_unit_add_set(u, &set);
	s.lookup.nfields = 2;
	s.lookup.fields[0] = fld(IR_BASE_NETWORK, 16, 4);
	s.lookup.fields[1] = fld(IR_BASE_TRANSPORT, 2, 2);
	nfproto(&r, 2);
	l4(&r, IPPROTO_TCP);
	ir_rule_add_stmt(&r, &s);
	verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r);
	fd = load(u, &obj, -1);
	if (!tap_ok(fd >= 0, "concatenation program loads"))
		return;
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);
	EXPECT(fd, &p, 0, "10.0.0.2 . 22 in the set");
	ipv4(&p, IPPROTO_TCP, 0, 0, 23, 20);
	EXPECT(fd, &p, 1, "10.0.0.2 . 23 not in the set");
	ipv4(&p, IPPROTO_TCP, 0, 0, 8080, 20);
	EXPECT(fd, &p, 0, "10.0.0.2 . 8080 in 10.0.0.0/8 . 8000-8080");
	close(fd);
	cg_object_free(obj);
	ir_unit_free(u);
}

/*
 * Two base chains: "first" has `tcp dport vmap { 22 : drop, 80-90 : accept }`
 * (policy accept); "second" drops tcp dport 85.  Traced: the last deciding
 * rule wins.  Also: the same IR generates the same bytes and listing.
 */
static void test_vmap_bases_trace(void)
{
	struct ir_unit *u = ir_unit_new();
	int b[2], fd, trace;
	static const uint64_t keys[][2] = { { 22, 22 }, { 80, 90 } };
	const struct ir_verdict vs[] = { { IR_VERDICT_DROP, 0 },
					 { IR_VERDICT_ACCEPT, 0 } };
	struct ir_rule r1 = hk_rule("tcp dport vmap { 22 : drop, 80-90 : accept }");
	struct ir_rule r2 = hk_rule("tcp dport 85 drop");
	struct ir_stmt s = { .kind = IR_STMT_VMAP };
	struct cg_options opts = { .trace = true };
	struct cg_object *obj, *again;
	char *a1 = NULL, *a2 = NULL;
	size_t n1 = 0, n2 = 0;
	FILE *f;
	struct pkt p;

	b[0] = hk_chain(u, "first", true, IR_HOOK_EGRESS, IR_VERDICT_ACCEPT);
	b[1] = hk_chain(u, "second", true, IR_HOOK_EGRESS, IR_VERDICT_ACCEPT);
	s.lookup.set = hk_set(u, keys, vs, 2);
	u->sets[s.lookup.set].field_len[0] = 2;
	s.lookup.nfields = 1;
	s.lookup.fields[0] = fld(IR_BASE_TRANSPORT, 2, 2);
	l4(&r1, IPPROTO_TCP);
	ir_rule_add_stmt(&r1, &s);
	l4(&r2, IPPROTO_TCP);
	eq(&r2, fld(IR_BASE_TRANSPORT, 2, 2), 85);
	verdict(&r2, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[b[0]], &r1);
	ir_chain_add_rule(&u->chains[b[1]], &r2);
	hk_prog(u, "t_egress", IR_HOOK_EGRESS, b, 2);

	obj = cg_generate_opts(u, &opts);
	again = cg_generate_opts(u, &opts);
	f = open_memstream(&a1, &n1);
	cg_print_asm(obj, f);
	fclose(f);
	f = open_memstream(&a2, &n2);
	cg_print_asm(again, f);
	fclose(f);
	tap_ok(obj->progs[0].ninsns == again->progs[0].ninsns &&
	       !memcmp(obj->progs[0].insns, again->progs[0].insns,
		       obj->progs[0].ninsns * sizeof(struct bpf_insn)) &&
	       n1 == n2 && !memcmp(a1, a2, n1),
	       "same IR twice: identical instructions and asm listing");
	free(a1);
	free(a2);
	cg_object_free(again);

	trace = hk_trace_map();
	fd = hk_load_traced(obj, &obj->progs[0], BPF_PROG_TYPE_CGROUP_SKB,
			    BPF_CGROUP_INET_EGRESS, -1, trace);
	if (!tap_ok(fd >= 0, "traced vmap program with two base chains loads"))
		return;
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);
	EXPECT(fd, &p, 0, "vmap 22 : drop");
	tap_ok(cg_trace_origin(obj, hk_trace_read(trace)) == &u->chains[b[0]].rules[0].origin,
	       "trace names the vmap rule for the drop");
	ipv4(&p, IPPROTO_TCP, 0, 0, 80, 20);
	EXPECT(fd, &p, 1, "vmap 80 : accept, second chain does not match");
	tap_ok(hk_trace_read(trace) == (CG_TRACE_POLICY_BASE | b[1]),
	       "trace: second base chain's policy decided last");
	ipv4(&p, IPPROTO_TCP, 0, 0, 85, 20);
	EXPECT(fd, &p, 0, "vmap accept ends only the first base chain; second drops 85");
	tap_ok(cg_trace_origin(obj, hk_trace_read(trace)) == &u->chains[b[1]].rules[0].origin,
	       "trace names the second chain's rule");
	ipv4(&p, IPPROTO_TCP, 0, 0, 91, 20);
	EXPECT(fd, &p, 1, "no vmap element: rule stops, policies accept");
	ipv4(&p, IPPROTO_UDP, 0, 0, 22, 8);
	EXPECT(fd, &p, 1, "udp 22: vmap rule needs tcp");
	close(fd);
	close(trace);
	cg_object_free(obj);
	ir_unit_free(u);
}

/* ip daddr @big: 1000 disjoint /30 prefixes of 10.0.0.0/8 (every 16th /30),
 * binary searched in .rodata: hits, misses between and beyond them. */
static void test_large_set(void)
{
	int chain, fd;
	struct ir_unit *u = unit_one_chain(IR_VERDICT_ACCEPT, &chain);
	struct ir_rule r = hk_rule("ip daddr @big drop");
	uint64_t (*ranges)[2] = xmalloc(1000 * sizeof(*ranges));
	struct ir_stmt s = { .kind = IR_STMT_LOOKUP };
	struct cg_object *obj;
	struct pkt p;

	for (int i = 0; i < 1000; i++) {
		ranges[i][0] = 0x0a000000 + 64 * i;
		ranges[i][1] = ranges[i][0] + 3;
	}
	s.lookup.set = hk_set(u, (const uint64_t (*)[2])ranges, NULL, 1000);
	free(ranges);
	s.lookup.nfields = 1;
	s.lookup.fields[0] = fld(IR_BASE_NETWORK, 16, 4);
	nfproto(&r, 2);
	ir_rule_add_stmt(&r, &s);
	verdict(&r, IR_VERDICT_DROP, 0);
	ir_chain_add_rule(&u->chains[chain], &r);
	fd = load(u, &obj, -1);
	if (!tap_ok(fd >= 0, "1000-element set program loads"))
		return;
	ipv4(&p, IPPROTO_TCP, 0, 0, 22, 20);	/* daddr 10.0.0.2: element 0 */
	EXPECT(fd, &p, 0, "10.0.0.2 in the first prefix");
	memcpy(p.b + 14 + 16, "\x0a\x00\xf9\xc3", 4);	/* 64*999 + 3 */
	EXPECT(fd, &p, 0, "10.0.249.195: last address of the last prefix");
	memcpy(p.b + 14 + 16, "\x0a\x00\xf9\xc4", 4);
	EXPECT(fd, &p, 1, "10.0.249.196: just past the last prefix");
	memcpy(p.b + 14 + 16, "\x0a\x00\x01\x04", 4);
	EXPECT(fd, &p, 1, "10.0.1.4: between two prefixes");
	memcpy(p.b + 14 + 16, "\x09\xff\xff\xff", 4);
	EXPECT(fd, &p, 1, "9.255.255.255: below the first prefix");
	close(fd);
	cg_object_free(obj);
	/* negated, with overlapping and adjacent elements that merge */
	u->chains[chain].rules[0].stmts[1].lookup.neg = true;
	u->sets[0].elems[5].hi[0].lo = u->sets[0].elems[7].lo[0].lo - 1;
	fd = load(u, &obj, -1);
	if (!tap_ok(fd >= 0, "negated 1000-element lookup loads"))
		return;
	memcpy(p.b + 14 + 16, "\x0a\x00\x01\x80", 4);
	EXPECT(fd, &p, 1, "!= @big: 10.0.1.128 inside the merged 5..7 span");
	memcpy(p.b + 14 + 16, "\x0a\x00\x02\x04", 4);
	EXPECT(fd, &p, 0, "!= @big: 10.0.2.4 between prefixes");
	close(fd);
	cg_object_free(obj);
	ir_unit_free(u);
}

int main(void)
{
	test_transport();
	test_negation_and_l4proto();
	test_ipv6_addresses();
	test_chains();
	test_concat();
	test_vmap_bases_trace();
	test_large_set();
	return tap_done();
}
