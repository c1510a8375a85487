// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel structs from a cgroup_skb program (codegen/kernel_types.h): a
 * kfunc call, CO-RE field loads and host values, written into the object
 * by codegen and resolved by libbpf against the running kernel at load.
 * BPF_PROG_TEST_RUN gives the program a packet on the loopback device, so
 * skb->dev must read as "lo" with lo's index.
 */
#include <net/if.h>

#include "runtime/load.h"
#include "tests/hooks/harness.h"

/* 1 when skb->dev is lo: its name and ifindex, and ifindex equals the host
 * value for "lo"; bpf_rdonly_cast of the conntrack pointer with nf_conn's
 * BTF id from the host values must load (the test packet has none). */
static void probe_prologue(struct hk_emit *e)
{
	size_t btf_id = cg_host_slot(e->obj, CG_HOST_BTF_ID "nf_conn", 4);
	size_t lo = cg_host_slot(e->obj, CG_HOST_IFINDEX "6c6f", 4);
	int no = hk_label(e);

	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_kcall(e, CG_KFUNC_CAST_TO_KERN_CTX);
	hk_mov_reg(e, BPF_REG_7, BPF_REG_0);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_8, BPF_REG_7, CG_KF_SKB_DEV);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_8, 0, no);
	hk_ldx_kernel(e, BPF_W, BPF_REG_9, BPF_REG_8, CG_KF_DEV_IFINDEX);
	hk_ld_host(e, BPF_REG_1, lo);
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_1, 0);
	hk_jmp_reg(e, BPF_JNE, BPF_REG_9, BPF_REG_1, no);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_9, (int32_t)if_nametoindex("lo"), no);
	/* "lo\0" is the low three bytes of name[0..7] */
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_8, CG_KF_DEV_NAME_0);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, 0xffffff);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_1, 0x6f6c, no);
	hk_ldx_kernel(e, BPF_DW, BPF_REG_1, BPF_REG_7, CG_KF_SKB_NFCT);
	hk_alu_imm(e, BPF_AND, BPF_REG_1, -8);
	hk_ld_host(e, BPF_REG_2, btf_id);
	hk_ldx(e, BPF_W, BPF_REG_2, BPF_REG_2, 0);
	hk_kcall(e, CG_KFUNC_RDONLY_CAST);
	hk_ldx_kernel(e, BPF_W, BPF_REG_1, BPF_REG_0, CG_KF_CT_MARK);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_1, 0, no);
	hk_exit_imm(e, 1);
	hk_place(e, no);
	hk_exit_imm(e, 0);
}

static const struct hk_ops probe_ops = {
	.section = "cgroup_skb/ingress",
	.prologue = probe_prologue,
};

static int run(int fd)
{
	uint8_t pkt[64] = { [12] = 0x08, [14] = 0x45, [17] = 40, [22] = 64, [23] = 6 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = pkt, .data_size_in = 54);

	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	return (int)o.retval;
}

static bool has(const char *text, const char *what)
{
	return strstr(text, what) != NULL;
}

int main(void)
{
	struct ir_unit *u = ir_unit_new();
	int in = hk_chain(u, "in", true, IR_HOOK_INGRESS, IR_VERDICT_ACCEPT);
	struct cg_object *obj = xzalloc(sizeof(*obj));
	struct bpf_object *bo;
	struct load_error le;
	void *elf, *elf2;
	size_t len, len2, asm_len = 0;
	char *listing = NULL;
	FILE *f;

	hk_prog(u, "k_ingress", IR_HOOK_INGRESS, &in, 1);
	hk_prog(u, "k2_ingress", IR_HOOK_INGRESS, &in, 1);
	/* two programs of one hook: one ELF section, relocations of both */
	obj->unit = u;
	obj->nprogs = 2;
	obj->progs = xzalloc(2 * sizeof(*obj->progs));
	hk_generate(obj, &u->progs[0], &probe_ops, NULL, &obj->progs[0]);
	hk_generate(obj, &u->progs[1], &probe_ops, NULL, &obj->progs[1]);
	tap_ok(obj->nhost == 2, "two host values, each made once");
	tap_ok(cg_write_elf(obj, &elf, &len) == 0, "cg_write_elf succeeds");
	cg_write_elf(obj, &elf2, &len2);
	tap_ok(len == len2 && !memcmp(elf, elf2, len), "two writes: identical bytes");

	f = open_memstream(&listing, &asm_len);
	cg_print_asm(obj, f);
	fclose(f);
	tap_ok(has(listing, "call bpf_cast_to_kern_ctx ; kfunc") &&
	       has(listing, "call bpf_rdonly_cast ; kfunc"), "--emit asm names kfunc calls");
	tap_ok(has(listing, "r8 = *(u64 *)(r7 +sk_buff.dev) ; core +0") &&
	       has(listing, "(r8 +net_device.ifindex) ; core +16"),
	       "--emit asm names relocated kernel field loads");
	tap_ok(has(listing, "map[.rodata.host] + 0 ll ; btf_id_nf_conn") &&
	       has(listing, "map[.rodata.host] + 4 ll ; ifindex_6c6f"),
	       "--emit asm names host values");
	if (!tap_ok(system("command -v llvm-readelf >/dev/null") == 0, "llvm-readelf present"))
		return tap_done();
	{
		char path[] = "/tmp/cgnft-kernel-XXXXXX", cmd[512];
		int fd = mkstemp(path);

		if (fd >= 0 && write(fd, elf, len) == (ssize_t)len) {
			snprintf(cmd, sizeof(cmd), "llvm-readelf -r %s | grep -c "
				 "'R_BPF_64_32.*bpf_cast_to_kern_ctx' | grep -qx 2", path);
			tap_ok(system(cmd) == 0, "R_BPF_64_32 relocations name the kfunc, "
			       "one per program of the shared section");
			snprintf(cmd, sizeof(cmd), "bpftool btf dump file %s | grep -q "
				 "\"DATASEC '.ksyms'\" && bpftool btf dump file %s | grep -q "
				 "\"FUNC 'bpf_rdonly_cast' type_id=[0-9]* linkage=extern\"",
				 path, path);
			tap_ok(system(cmd) == 0, "kfuncs: BTF FUNC externs in .ksyms");
		}
		if (fd >= 0)
			close(fd);
		unlink(path);
	}

	bo = load_object(elf, len, "cgnft_ktest", &le);
	if (!tap_ok(bo != NULL, "libbpf relocates and the kernel loads it: %s", le.reason))
		return tap_done();
	tap_ok(run(bpf_program__fd(bpf_object__find_program_by_name(bo, "k_ingress"))) == 1,
	       "first program: skb->dev is lo (name, ifindex, host ifindex)");
	tap_ok(run(bpf_program__fd(bpf_object__find_program_by_name(bo, "k2_ingress"))) == 1,
	       "second program in the same section: relocated too");
	bpf_object__close(bo);
	free(listing);
	free(elf);
	free(elf2);
	cg_object_free(obj);
	ir_unit_free(u);
	return tap_done();
}
