// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup/sock_create (BPF_PROG_TYPE_CGROUP_SOCK, BPF_CGROUP_INET_SOCK_CREATE).
 *
 * The kernel runs it at the end of inet_create()/inet6_create(), so only
 * AF_INET and AF_INET6 sockets reach it.  ctx is struct bpf_sock; family,
 * type and protocol are the socket's own: protocol 0 given to socket() has
 * already been resolved to the default (tcp for stream, udp for dgram).
 * Return 1 lets socket() succeed, 0 makes it fail with EPERM.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "codegen/hook_gen.h"

static void sock_load(struct hk_emit *e, const struct ir_field *f, int fail)
{
	int16_t off;

	if (f->base != IR_BASE_SOCK) {
		fprintf(stderr, "cgnft: BUG: non-socket field in sock_create\n");
		abort();
	}
	switch (f->key) {
	case IR_SOCK_FAMILY:
		off = offsetof(struct bpf_sock, family);
		break;
	case IR_SOCK_TYPE:
		off = offsetof(struct bpf_sock, type);
		break;
	case IR_SOCK_PROTOCOL:
		off = offsetof(struct bpf_sock, protocol);
		break;
	default:
		fprintf(stderr, "cgnft: BUG: socket key %u\n", f->key);
		abort();
	}
	hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6, off);
	hk_field_xform(e, BPF_REG_0, f);
}

static const struct hk_ops sock_ops = {
	.section = "cgroup/sock_create",
	.load = sock_load,
	.jump_area = -8 - HK_JUMP_AREA,	/* right below the map key */
};

void cg_hook_sock_generate(struct cg_object *obj, const struct ir_prog *prog,
			   struct cg_prog *out)
{
	hk_generate(obj, prog, &sock_ops, NULL, out);
}
