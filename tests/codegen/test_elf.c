// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF writer: libbpf opens and loads the object as is, finds the
 * programs by name with the attach type from their section, creates the
 * BTF-defined maps, and the loaded program behaves like the IR says.
 * Writing twice gives the same bytes.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "tests/hooks/harness.h"

static void tcp_dport_rule(struct ir_unit *u, int chain, int ctr, int port,
			   enum ir_verdict_kind v)
{
	struct ir_rule r = hk_rule("counter tcp dport N verdict");
	struct ir_stmt m = { .kind = IR_STMT_MATCH };

	hk_counter(&r, ctr);
	m.match.field = (struct ir_field){ .base = IR_BASE_META,
					   .key = IR_META_L4PROTO, .len = 1,
					   .mask = ~0ull };
	m.match.value.lo = IPPROTO_TCP;
	ir_rule_add_stmt(&r, &m);
	m.match.field = (struct ir_field){ .base = IR_BASE_TRANSPORT,
					   .offset = 2, .len = 2, .mask = ~0ull };
	m.match.value.lo = port;
	ir_rule_add_stmt(&r, &m);
	hk_verdict(&r, v, 0);
	ir_chain_add_rule(&u->chains[chain], &r);
}

static size_t tcp4(uint8_t *b, int dport)
{
	memset(b, 0, 54);
	b[12] = 0x08;
	b[14] = 0x45;
	b[17] = 40;
	b[14 + 8] = 64;
	b[14 + 9] = IPPROTO_TCP;
	b[34 + 2] = dport >> 8;
	b[34 + 3] = dport & 0xff;
	b[34 + 12] = 0x50;
	return 54;
}

static int run(int fd, int dport)
{
	uint8_t pkt[64];
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt);

	o.data_size_in = tcp4(pkt, dport);
	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	return o.retval;
}

int main(void)
{
	struct ir_unit *u = ir_unit_new();
	int in = hk_chain(u, "in", true, IR_HOOK_INGRESS, IR_VERDICT_ACCEPT);
	int out = hk_chain(u, "out", true, IR_HOOK_EGRESS, IR_VERDICT_ACCEPT);
	int c0 = hk_counter_new(u), c1 = hk_counter_new(u);
	struct cg_object *obj;
	struct bpf_object *bo;
	struct bpf_program *pin, *pout;
	struct bpf_map *map;
	void *elf, *elf2;
	size_t len, len2;
	char path[] = "/tmp/cgnft-elf-XXXXXX";
	int tmpfd;

	tcp_dport_rule(u, in, c0, 22, IR_VERDICT_DROP);
	tcp_dport_rule(u, out, c1, 25, IR_VERDICT_DROP);
	hk_prog(u, "t_ingress", IR_HOOK_INGRESS, &in, 1);
	hk_prog(u, "t_egress", IR_HOOK_EGRESS, &out, 1);
	obj = cg_generate(u);
	tap_ok(cg_write_elf(obj, &elf, &len) == 0, "cg_write_elf succeeds");
	cg_write_elf(obj, &elf2, &len2);
	tap_ok(len == len2 && !memcmp(elf, elf2, len), "two writes: identical bytes");

	bo = bpf_object__open_mem(elf, len, NULL);
	if (!tap_ok(bo != NULL, "libbpf opens the object from memory"))
		return tap_done();
	pin = bpf_object__find_program_by_name(bo, "t_ingress");
	pout = bpf_object__find_program_by_name(bo, "t_egress");
	tap_ok(pin && pout, "both programs found by name");
	tap_ok(pin && bpf_program__expected_attach_type(pin) == BPF_CGROUP_INET_INGRESS &&
	       bpf_program__type(pin) == BPF_PROG_TYPE_CGROUP_SKB,
	       "ingress program: cgroup_skb, ingress attach type");
	tap_ok(pout && bpf_program__expected_attach_type(pout) == BPF_CGROUP_INET_EGRESS,
	       "egress program: egress attach type");
	map = bpf_object__find_map_by_name(bo, "counters");
	tap_ok(map && bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_ARRAY &&
	       bpf_map__max_entries(map) == 2 && bpf_map__value_size(map) == 16,
	       "counters: percpu array, 2 entries of 16 bytes");
	if (!tap_ok(bpf_object__load(bo) == 0, "libbpf loads the object (verifier accepts)"))
		return tap_done();
	tap_ok(run(bpf_program__fd(pin), 22) == 0 && run(bpf_program__fd(pin), 25) == 1,
	       "ingress: tcp dport 22 dropped, 25 passes");
	tap_ok(run(bpf_program__fd(pout), 25) == 0 && run(bpf_program__fd(pout), 22) == 1,
	       "egress: tcp dport 25 dropped, 22 passes");
	tap_ok(hk_counter_packets(bpf_map__fd(map), c0) == 2 &&
	       hk_counter_packets(bpf_map__fd(map), c1) == 2,
	       "counters count through the libbpf-created map");
	bpf_object__close(bo);

	tmpfd = mkstemp(path);
	if (tmpfd >= 0 && write(tmpfd, elf, len) == (ssize_t)len) {
		char cmd[256];

		snprintf(cmd, sizeof(cmd),
			 "llvm-readelf -a %s >/dev/null 2>%s.err && ! grep -qi warn %s.err",
			 path, path, path);
		tap_ok(system(cmd) == 0, "llvm-readelf reads the object without warnings");
		snprintf(cmd, sizeof(cmd), "llvm-objdump -d %s >/dev/null 2>&1", path);
		tap_ok(system(cmd) == 0, "llvm-objdump disassembles it");
		snprintf(cmd, sizeof(cmd), "%s.err", path);
		unlink(cmd);
	}
	if (tmpfd >= 0)
		close(tmpfd);
	unlink(path);
	free(elf);
	free(elf2);
	cg_object_free(obj);
	ir_unit_free(u);
	return tap_done();
}
