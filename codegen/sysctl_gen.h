/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the sysctl hook's in-order code (hook_sysctl.c) and its table runs
 * (sysctl_table.c) share: the stack layout of the fetched strings and the
 * reading of one number of a value.
 */
#ifndef CGNFT_SYSCTL_GEN_H
#define CGNFT_SYSCTL_GEN_H

#include "codegen/hook_gen.h"

#define SY_STR_BUF	80	/* bytes per fetched string, incl. NUL */
#define SY_NUM_PAD	32	/* zeroed bytes after a value: bpf_strtoul
				 * reads up to this many from any position */
#define SY_MAX_NUMBERS	8	/* numbers in a vector value (tcp_mem has 3) */

/* The strings, in the order of their stack buffers. */
enum { STR_NAME, STR_BASE, STR_CUR, STR_NEW, STR_MAX };

extern const int16_t sy_buf_off[STR_MAX];	/* r10 + this: the string */
extern const int16_t sy_len_off[STR_MAX];	/* r10 + this: its fetch result */
/* A u32 at r10 + SY_POS_OFF is a table run's place in its candidate list:
 * the upper half of the counter key's 8-byte slot (HK_MAP_KEY), which the
 * verifier does not track (it tracks spills at 8-byte boundaries only). */
#define SY_POS_OFF	(HK_MAP_KEY + 4)

/*
 * One number of the value k at position r7 (bytes from its start): jump to
 * `fail` unless it parses (base 0, as the kernel's proc_dointvec: 0x for
 * hexadecimal, a leading 0 for octal; leading blanks skipped) and is
 * followed by a blank, a newline or the end; then r0 = the number and r7
 * the position after it.  Clobbers r1-r5.
 */
void sy_read_number(struct hk_emit *e, int k, int fail);
/* r1 = r10 + position: jump to `end` when the value ends there, with a NUL
 * or a final newline.  Clobbers r2. */
void sy_jmp_if_end(struct hk_emit *e, int16_t off, int end);

/* Table runs (sysctl_table.c), the hook's run_len and run_gen. */
size_t sy_run_len(struct hk_emit *e, const struct ir_chain *c, size_t first);
void sy_run_gen(struct hk_emit *e, const struct ir_chain *c, size_t first,
		size_t n, const struct hk_cls_exits *x);

#endif
