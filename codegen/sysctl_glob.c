// SPDX-License-Identifier: GPL-2.0
/*
 * Globs in sysctl table runs (sysctl_table.c): one matcher, run by the
 * compiler for the names its tables know and by the program for any other
 * name.  The syntax is the in-order code's (hook_sysctl.c, doc/HOOKS.md):
 * '*' any run of characters, '/' included, '?' one character, nothing
 * else special.  For that syntax the greedy match that backtracks to the
 * last '*' only is exact, and it needs four small counters: the program
 * keeps them in stack bytes the verifier does not track, so it checks the
 * matcher's loop body once whatever the pattern.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "codegen/sysctl_gen.h"

bool sy_glob_match(const char *pat, const char *s)
{
	size_t p = 0, i = 0, star = SIZE_MAX, from = 0;

	for (;;) {
		if (pat[p] == '*') {
			star = p++;
			from = i;
			continue;
		}
		if (!s[i])
			return !pat[p];
		if (pat[p] && (pat[p] == '?' || pat[p] == s[i])) {
			p++;
			i++;
			continue;
		}
		if (star == SIZE_MAX)
			return false;
		p = star + 1;
		i = ++from;
	}
}

bool sy_glob_needs_end(const char *pat)
{
	const char *star = strchr(pat, '*');

	return !star || star[strspn(star, "*")];
}

/* The matcher's counters: unaligned stack bytes (see SY_POS_OFF). */
#define G_P	(-511)		/* place in the pattern */
#define G_S	(-510)		/* place in the string */
#define G_STAR	(-509)		/* the last '*' seen; 255: none yet */
#define G_FROM	(-431)		/* where the string resumes after it */

void sy_glob_gen(struct hk_emit *e, int k, const struct sy_recs *recs,
		 size_t at_pat, size_t pat_bytes, int match, int miss,
		 int stop)
{
	int16_t off = sy_buf_off[k];
	int trunc = hk_label(e), start = hk_label(e), loop = hk_label(e),
	    star = hk_label(e), back = hk_label(e), adv = hk_label(e),
	    at_end = hk_label(e);

	/* a truncated string (-E2BIG) keeps its first characters only:
	 * it can match a prefix, never a glob with a fixed end */
	hk_ldx(e, BPF_DW, BPF_REG_0, BPF_REG_10, sy_len_off[k]);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, -E2BIG, trunc);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, 0, miss);
	hk_ja(e, start);
	hk_place(e, trunc);
	sy_cur_rec(e, recs, miss);
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_2, offsetof(struct sy_rec, flags));
	hk_alu_imm(e, BPF_AND, BPF_REG_1, F_NEEDS_END);
	hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_1, 0, miss);
	hk_place(e, start);
	hk_st(e, BPF_B, BPF_REG_10, G_P, 0);
	hk_st(e, BPF_B, BPF_REG_10, G_S, 0);
	hk_st(e, BPF_B, BPF_REG_10, G_STAR, 255);
	hk_st(e, BPF_B, BPF_REG_10, G_FROM, 0);

	/* r0 = the pattern's character, r5 the string's; r1, r4 their places */
	hk_place(e, loop);
	hk_may_goto(e, stop);
	sy_cur_rec(e, recs, miss);
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_2, offsetof(struct sy_rec, pat));
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_3, (int32_t)(pat_bytes - SY_PAT),
		   miss);
	hk_ldx(e, BPF_B, BPF_REG_1, BPF_REG_10, G_P);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_1, SY_PAT - 1, miss);
	hk_ld_rodata(e, BPF_REG_2, at_pat);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_3);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_1);
	hk_ldx(e, BPF_B, BPF_REG_0, BPF_REG_2, 0);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_10, G_S);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_4, SY_STR_BUF - 1, miss);
	hk_mov_reg(e, BPF_REG_5, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_5, BPF_REG_4);
	hk_ldx(e, BPF_B, BPF_REG_5, BPF_REG_5, off);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, '*', star);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_5, 0, at_end);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, back);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, '?', adv);
	hk_jmp_reg(e, BPF_JNE, BPF_REG_0, BPF_REG_5, back);
	hk_place(e, adv);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, 1);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_1, G_P);
	hk_alu_imm(e, BPF_ADD, BPF_REG_4, 1);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_4, G_S);
	hk_ja(e, loop);

	hk_place(e, star);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_1, G_STAR);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_4, G_FROM);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, 1);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_1, G_P);
	hk_ja(e, loop);

	/* the string ended: a match when the pattern did too */
	hk_place(e, at_end);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, match);
	hk_ja(e, miss);

	/* a difference: the last '*' takes one more character */
	hk_place(e, back);
	hk_ldx(e, BPF_B, BPF_REG_1, BPF_REG_10, G_STAR);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 255, miss);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, 1);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_1, G_P);
	hk_ldx(e, BPF_B, BPF_REG_4, BPF_REG_10, G_FROM);
	hk_alu_imm(e, BPF_ADD, BPF_REG_4, 1);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_4, G_FROM);
	hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_4, G_S);
	hk_ja(e, loop);
}
