/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The names one program goes by.  ir_prog.name ("<table>_<hook>", unique
 * in a unit) is the full name: messages, `--emit`, `cgnft test`, and the
 * program's BTF func name.  The kernel keeps only 15 characters of
 * [A-Za-z0-9_.] (BPF_OBJ_NAME_LEN), which is what `bpftool prog show`
 * prints, so the kernel name is the full name when it fits and is a plain
 * identifier, else a readable prefix of the first table's name, the hook's
 * letter and a hash of (tables, hook, cgroup) to fill 15 characters:
 * "frontend_i3fa2c".  Both depend only on the rules, never on the run.
 */
#ifndef CGNFT_IR_PROG_NAME_H
#define CGNFT_IR_PROG_NAME_H

#include "ir/ir.h"

#define IR_KNAME_SIZE 16	/* BPF_OBJ_NAME_LEN, with the NUL */

/* The kernel name of `p` (also its ELF symbol: libbpf passes that). */
void ir_prog_kname(const struct ir_prog *p, char out[IR_KNAME_SIZE]);

/* `name` as a BTF identifier (the kernel takes [A-Za-z0-9_] there):
 * every other character becomes '_'.  Malloc'ed. */
char *ir_btf_name(const char *name);

#endif
