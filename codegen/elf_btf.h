/* SPDX-License-Identifier: GPL-2.0 */
/* The BTF that libbpf needs to read the object's BTF-defined maps. */
#ifndef CGNFT_ELF_BTF_H
#define CGNFT_ELF_BTF_H

#include <stddef.h>

#include "codegen/cg_object.h"

#define CG_TRACE_MAP "cgnft_trace"
#define CG_RODATA_VAR "cgnft_sets"	/* the .rodata variable: all set data */

struct cg_btf_layout {
	size_t nmaps;		/* cg_object_maps() */
	const enum cg_map *maps;
	size_t ncounters, nlimits, nquotas;
	const struct ir_unit *unit;	/* dynamic sets: sizes, keys */
	size_t rodata_len;	/* 0: no .rodata */
	size_t load_len;	/* .rodata's first bytes that are load values */
	const struct cg_prog *progs;
	size_t nprogs;
	const size_t *prog_base;	/* first insn of each program in its section */
	const struct cg_host_slot *host;
	size_t nhost, host_len;
};

/* Raw .BTF section contents, malloc'ed, and .BTF.ext (*ext_len 0: none
 * needed).  0 or -1. */
int cg_btf_build(const struct cg_btf_layout *l, void **out, size_t *len,
		 void **ext, size_t *ext_len);

#endif
