// SPDX-License-Identifier: GPL-2.0
/*
 * `progstat OBJ`: load every program of a cgnft object into the kernel
 * (nothing is attached) and print, per program, its instruction count and
 * the verifier's processed-instruction count (bpf_prog_info.verified_insns):
 *   NAME insns N verified_insns M
 * For the jump-graph benchmark and for tests that bound the verifier's work.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: progstat OBJ\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj) {
		fprintf(stderr, "progstat: cannot open %s\n", argv[1]);
		return 1;
	}
	err = bpf_object__load(obj);
	if (err) {
		fprintf(stderr, "progstat: load failed: %s\n", strerror(-err));
		return 1;
	}
	bpf_object__for_each_program(p, obj) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);

		if (bpf_obj_get_info_by_fd(bpf_program__fd(p), &info, &len))
			return 1;
		printf("%s insns %zu verified_insns %u\n", bpf_program__name(p),
		       bpf_program__insn_cnt(p), info.verified_insns);
	}
	bpf_object__close(obj);
	return 0;
}
