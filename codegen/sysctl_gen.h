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

/*
 * Table runs (sysctl_table.c).  Untracked stack bytes (unaligned, like
 * SY_POS_OFF) hold the loop's state: the places in its three candidate
 * lists, the candidate being tested, and the glob matcher's counters.
 */
#define SY_POS2_OFF	(-508)	/* u32: the glob group's list */
#define SY_POS3_OFF	(-436)	/* u32: the value interval's list */
#define SY_CUR_OFF	(-428)	/* u32: the candidate (rule << 1 | glob) */
#define SY_PAT		72	/* bytes per glob pattern in .rodata */

enum { F_VALUE = 1, F_READ = 2, F_WRITE = 4, F_BASE = 8, F_NEEDS_END = 16 };

/* A rule record in .rodata. */
struct sy_rec {
	uint64_t lo, hi;
	uint32_t flags, counter, action, pat;
};

/* Where a run's records are: r2 = the record of the candidate at
 * SY_CUR_OFF, or on to `fail`.  Clobbers r3. */
struct sy_recs {
	size_t at, n;
};
void sy_cur_rec(struct hk_emit *e, const struct sy_recs *r, int fail);

/* Globs (sysctl_glob.c): the match, at compile time and in the program. */
bool sy_glob_match(const char *pat, const char *s);
/* false for a prefix (nothing but '*'s after the first '*'), which a
 * truncated string can still match */
bool sy_glob_needs_end(const char *pat);
/*
 * Does string k match the pattern of the candidate's record (at its `pat`,
 * from .rodata offset at_pat, pat_bytes in all)?  On to `match` or `miss`;
 * `stop` when may_goto's budget runs out.  Keeps r6-r9.
 */
void sy_glob_gen(struct hk_emit *e, int k, const struct sy_recs *recs,
		 size_t at_pat, size_t pat_bytes, int match, int miss,
		 int stop);

/* Table runs, the hook's run_len and run_gen. */
size_t sy_run_len(struct hk_emit *e, const struct ir_chain *c, size_t first);
void sy_run_gen(struct hk_emit *e, const struct ir_chain *c, size_t first,
		size_t n, const struct hk_cls_exits *x);

#endif
