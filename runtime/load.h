/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading a generated object into the kernel with libbpf, keeping the
 * verifier's words when it says no.
 */
#ifndef CGNFT_RUNTIME_LOAD_H
#define CGNFT_RUNTIME_LOAD_H

#include <bpf/libbpf.h>
#include <stddef.h>

struct load_error {
	char prog[64];		/* the program the verifier rejected, or "" */
	long insn;		/* the instruction it stopped at, or -1 */
	char reason[512];	/* the last meaningful verifier log line(s), or
				 * the error; when a capability is missing,
				 * which ones loading needs, and which lack */
	int err;		/* -errno */
	char host_var[64];	/* a host value the loader could not find
				 * (codegen/host_values.h), or "" */
};

/* Open `elf` (len bytes) and load every program and map.  On failure,
 * NULL and `e` says why. */
struct bpf_object *load_object(const void *elf, size_t len, const char *name,
			       struct load_error *e);

/* A map of the object that is not created but taken over: `fd` (an
 * existing map of the same type, sizes and max_entries). */
struct load_reuse {
	const char *map;
	int fd;
};
struct bpf_object *load_object_reusing(const void *elf, size_t len, const char *name,
				       const struct load_reuse *reuse, size_t nreuse,
				       struct load_error *e);

#endif
