// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup/sysctl (BPF_PROG_TYPE_CGROUP_SYSCTL, BPF_CGROUP_SYSCTL).
 *
 * ctx is struct bpf_sysctl; return 1 lets the read()/write() proceed, 0
 * makes it fail with EPERM.  Each string a program uses (full name, base
 * name, current value, new value) is fetched once, in the prologue, into
 * its own stack buffer; the semantics are in doc/HOOKS.md:
 *
 * - Buffers hold HK_STR_BUF - 1 characters.  A longer string comes back
 *   truncated with -E2BIG: it can still match a prefix, never an exact
 *   string or a glob with a fixed end, because rule strings are at most
 *   HK_STR_MAX characters and exact compares include the terminating NUL.
 * - A value matches with or without one final newline ("60\n" as written
 *   by echo, and as the kernel formats the current value).
 * - A numeric match on a value holds when the value is a list of 1 to
 *   HK_MAX_NUMBERS unsigned numbers (base 0, as the kernel's knobs read
 *   them) separated by blanks and EVERY number satisfies it; anything else
 *   (no number, a sign, garbage, trailing blanks, a truncated value) fails
 *   the match.
 * Runs of simple rules are one table search instead (sysctl_table.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/sysctl_gen.h"
#include "ir/xalloc.h"

#define HK_STR_BUF	SY_STR_BUF
#define HK_STR_MAX	64	/* longest rule string (front end limit) */
#define HK_NUM_PAD	SY_NUM_PAD
#define HK_MAX_NUMBERS	SY_MAX_NUMBERS

/* Stack layout below the counter key at r10-8. */
const int16_t sy_buf_off[STR_MAX] = {
	[STR_NAME] = -88,			/* -88 .. -9 */
	[STR_BASE] = -168,			/* -168 .. -89 */
	[STR_CUR] = -280,			/* + pad up to -169 */
	[STR_NEW] = -392,			/* + pad up to -281 */
};
const int16_t sy_len_off[STR_MAX] = { -400, -408, -416, -424 };
#define buf_off sy_buf_off
#define len_off sy_len_off
#define RES_OFF (-432)		/* bpf_strtoul result */
#define POS_OFF (RES_OFF + 1)	/* glob search position, see find_segments */
#define S_JUMPS (-504)		/* HK_JUMP_AREA bytes for shared chains */

struct sysctl_state {
	bool need[STR_MAX];
	bool *scanned;		/* per chain: its strings are counted */
};

static void bug(const char *what)
{
	fprintf(stderr, "cgnft: BUG: sysctl codegen: %s\n", what);
	abort();
}

static int str_index(const struct ir_field *f)
{
	if (f->base != IR_BASE_SYSCTL)
		bug("non-sysctl field in a sysctl chain");
	switch (f->key) {
	case IR_SYSCTL_NAME: return STR_NAME;
	case IR_SYSCTL_BASE_NAME: return STR_BASE;
	case IR_SYSCTL_CUR_VALUE: return STR_CUR;
	case IR_SYSCTL_NEW_VALUE: return STR_NEW;
	}
	return -1;
}

static void scan_chain(const struct ir_unit *u, int chain,
		       struct sysctl_state *st, int depth);

static void scan_verdict(const struct ir_unit *u, const struct ir_verdict *v,
			 struct sysctl_state *st, int depth)
{
	if (v->kind == IR_VERDICT_JUMP || v->kind == IR_VERDICT_GOTO)
		scan_chain(u, v->chain, st, depth + 1);
}

static void scan_chain(const struct ir_unit *u, int chain,
		       struct sysctl_state *st, int depth)
{
	const struct ir_chain *c = &u->chains[chain];

	if (depth > 32)
		bug("chain nesting too deep");
	/* once per chain: a chain many rules jump to is scanned once */
	if (st->scanned[chain])
		return;
	st->scanned[chain] = true;
	for (size_t i = 0; i < c->nrules; i++) {
		for (size_t j = 0; j < c->rules[i].nstmts; j++) {
			const struct ir_stmt *s = &c->rules[i].stmts[j];
			const struct ir_set *set;
			int k = -1;

			switch (s->kind) {
			case IR_STMT_MATCH:
				k = str_index(&s->match.field);
				break;
			case IR_STMT_LOOKUP:
				k = str_index(&s->lookup.fields[0]);
				break;
			case IR_STMT_STR_MATCH:
				k = str_index(&s->str.field);
				break;
			case IR_STMT_VERDICT:
				scan_verdict(u, &s->verdict, st, depth);
				break;
			case IR_STMT_VMAP:
				set = &u->sets[s->lookup.set];
				for (size_t n = 0; n < set->nelems; n++)
					scan_verdict(u, &set->elems[n].verdict,
						     st, depth);
				break;
			default:
				break;
			}
			if (k >= 0)
				st->need[k] = true;
		}
	}
}

static void fetch(struct hk_emit *e, int k)
{
	int16_t off = buf_off[k];

	if (k == STR_CUR || k == STR_NEW)
		for (int i = 0; i < HK_NUM_PAD; i += 8)
			hk_st(e, BPF_DW, BPF_REG_10, off + HK_STR_BUF + i, 0);
	else	/* table runs hash and compare whole words, NULs after */
		for (int i = 0; i < HK_STR_BUF; i += 8)
			hk_st(e, BPF_DW, BPF_REG_10, off + i, 0);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_mov_reg(e, BPF_REG_2, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_2, off);
	hk_mov_imm(e, BPF_REG_3, HK_STR_BUF);
	switch (k) {
	case STR_NAME:
	case STR_BASE:
		hk_mov_imm(e, BPF_REG_4, k == STR_BASE ? BPF_F_SYSCTL_BASE_NAME : 0);
		hk_call(e, BPF_FUNC_sysctl_get_name);
		break;
	case STR_CUR:
		hk_call(e, BPF_FUNC_sysctl_get_current_value);
		break;
	case STR_NEW:
		hk_call(e, BPF_FUNC_sysctl_get_new_value);
		break;
	}
	hk_stx(e, BPF_DW, BPF_REG_10, BPF_REG_0, len_off[k]);
}

static void sysctl_prologue(struct hk_emit *e)
{
	struct sysctl_state *st = e->hook;

	free(st->scanned);	/* a second attempt (long jumps) scans again */
	st->scanned = xzalloc(e->unit->nchains + 1);
	for (size_t i = 0; i < e->prog->nbase_chains; i++)
		scan_chain(e->unit, e->prog->base_chains[i], st, 0);
	for (int k = 0; k < STR_MAX; k++)
		if (st->need[k])
			fetch(e, k);
}

static void sysctl_load(struct hk_emit *e, const struct ir_field *f, int fail)
{
	if (f->base != IR_BASE_SYSCTL || f->key != IR_SYSCTL_WRITE)
		bug("field is not a number");
	hk_ldx(e, BPF_W, BPF_REG_0, BPF_REG_6, offsetof(struct bpf_sysctl, write));
	hk_field_xform(e, BPF_REG_0, f);
}

/*
 * Compare the n bytes at base + off with pat (NUL bytes included), '?' in a
 * glob matching any one byte; jump to miss on a difference.  `base` is r10,
 * or (var) the frame pointer plus a variable offset.  With r10, runs of
 * literal bytes load as the widest aligned word; with a variable base, whose
 * alignment the verifier cannot know, byte by byte.  Clobbers r1 and r2.
 */
static void compare_bytes(struct hk_emit *e, int base, int16_t off,
			  const char *pat, size_t n, bool glob, bool var,
			  int miss)
{
	size_t o = 0;

	while (o < n) {
		size_t size = 1;
		uint64_t word = 0;

		if (glob && pat[o] == '?') {
			o++;
			continue;
		}
		if (!var) {
			for (size = 8; size > 1; size /= 2) {
				size_t j;

				if ((off + o) % size || o + size > n)
					continue;
				for (j = 0; j < size; j++)
					if (glob && pat[o + j] == '?')
						break;
				if (j == size)
					break;
			}
		}
		for (size_t j = 0; j < size; j++)
			word |= (uint64_t)(uint8_t)pat[o + j] << (8 * j);
		hk_ldx(e, size == 8 ? BPF_DW : size == 4 ? BPF_W :
			  size == 2 ? BPF_H : BPF_B, BPF_REG_1, base, off + o);
		if (size == 8) {
			hk_ld_imm64(e, BPF_REG_2, word);
			hk_jmp_reg(e, BPF_JNE, BPF_REG_1, BPF_REG_2, miss);
		} else {
			hk_jmp_imm(e, BPF_JMP32, BPF_JNE, BPF_REG_1,
				   (int32_t)(uint32_t)word, miss);
		}
		o += size;
	}
}

/*
 * r0 = the fetch result of string k.  The `|= 0` gives r0 an identity of
 * its own: the verifier would otherwise narrow the stack slot along with
 * every compare on r0, and states that differ only in what earlier rules
 * learnt about a length would no longer prune (each rule after them would
 * be verified once per such state).
 */
static void load_len(struct hk_emit *e, int k)
{
	hk_ldx(e, BPF_DW, BPF_REG_0, BPF_REG_10, len_off[k]);
	hk_alu_imm(e, BPF_OR, BPF_REG_0, 0);
}

static bool is_value(int k)
{
	return k == STR_CUR || k == STR_NEW;
}

/* Exact compare including the NUL; a value may also end in one "\n". */
static void compare_exact(struct hk_emit *e, int k, const char *str, size_t n,
			  bool glob, int miss)
{
	char with_nl[HK_STR_MAX + 2];
	int try_nl, hit;

	if (!is_value(k)) {
		compare_bytes(e, BPF_REG_10, buf_off[k], str, n + 1, glob,
			      false, miss);
		return;
	}
	try_nl = hk_label(e);
	hit = hk_label(e);
	compare_bytes(e, BPF_REG_10, buf_off[k], str, n + 1, glob, false,
		      try_nl);
	hk_ja(e, hit);
	hk_place(e, try_nl);
	memcpy(with_nl, str, n);
	with_nl[n] = '\n';
	with_nl[n + 1] = 0;
	compare_bytes(e, BPF_REG_10, buf_off[k], with_nl, n + 2, glob, false,
		      miss);
	hk_place(e, hit);
}

/*
 * The fixed parts between the first and the last '*' of a glob, in order,
 * each at its leftmost place after the previous one (leftmost is optimal
 * for '*'-only globs), and all before the suffix.  r0 = the string length.
 * Every place is tried by straight-line code: r7 is where the search
 * resumes, r8 where the suffix begins.  The place found goes through an
 * unaligned stack byte, which the verifier does not track: it then sees one
 * state after each part, not one per place (the count would multiply over
 * the parts).
 */
static void find_segments(struct hk_emit *e, int16_t off, const char *str,
			  size_t first, size_t last, size_t slen, int miss)
{
	size_t lo = first, later = 0, i, seg, len;

	for (i = first; i < last; i++)
		later += str[i] != '*';
	hk_mov_reg(e, BPF_REG_8, BPF_REG_0);
	hk_alu_imm(e, BPF_SUB, BPF_REG_8, slen);
	hk_mov_imm(e, BPF_REG_7, first);
	for (i = first; i < last; i = seg + len) {
		int done = hk_label(e);

		for (seg = i; str[seg] == '*'; seg++)
			;
		for (len = 0; str[seg + len] != '*'; len++)
			;
		if (!len)
			break;
		later -= len;
		/* candidate end r2 = r7 + j + len, at most r8 */
		for (size_t j = 0; lo + j + len + later + slen < HK_STR_BUF; j++) {
			int next = hk_label(e);

			hk_mov_reg(e, BPF_REG_2, BPF_REG_7);
			hk_alu_imm(e, BPF_ADD, BPF_REG_2, j + len);
			hk_jmp_reg(e, BPF_JGT, BPF_REG_2, BPF_REG_8, miss);
			hk_mov_reg(e, BPF_REG_3, BPF_REG_10);
			hk_alu_reg(e, BPF_ADD, BPF_REG_3, BPF_REG_2);
			compare_bytes(e, BPF_REG_3, off - (int16_t)len,
				      str + seg, len, true, true, next);
			hk_stx(e, BPF_B, BPF_REG_10, BPF_REG_2, POS_OFF);
			hk_ja(e, done);
			hk_place(e, next);
		}
		hk_ja(e, miss);
		hk_place(e, done);
		hk_ldx(e, BPF_B, BPF_REG_7, BPF_REG_10, POS_OFF);
		hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_7, HK_STR_BUF - 1, miss);
		lo += len;
	}
}

/* Jump to miss unless the fetched string k matches; falls through on a match. */
static void str_test(struct hk_emit *e, int k, enum ir_str_op op,
		     const char *str, int miss)
{
	size_t n = strlen(str), first, last, slen, minlen;
	int16_t off = buf_off[k];
	const char *star;
	int check;

	if (n > HK_STR_MAX)
		bug("string longer than HK_STR_MAX");
	load_len(e, k);
	star = op == IR_STR_GLOB ? strchr(str, '*') : NULL;
	if (op == IR_STR_EQ || (op == IR_STR_GLOB && !star)) {
		/* the NUL too: a longer (or truncated) string differs there */
		hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, 0, miss);
		compare_exact(e, k, str, n, op == IR_STR_GLOB, miss);
		return;
	}
	first = star ? (size_t)(star - str) : n;
	last = star ? (size_t)(strrchr(str, '*') - str) : n;
	if (!star || strspn(star, "*") == n - first) {
		/* a prefix: a truncated string still shows it */
		check = hk_label(e);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, -E2BIG, check);
		hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, first, miss);
		hk_place(e, check);
		compare_bytes(e, BPF_REG_10, off, str, first,
			      op == IR_STR_GLOB, false, miss);
		return;
	}
	/* prefix*...*suffix: the whole string is needed to find its end */
	slen = n - last - 1;
	minlen = first + slen;
	for (size_t i = first; i < last; i++)
		minlen += str[i] != '*';
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_0, HK_STR_BUF - 1, miss);
	if (is_value(k)) {
		check = hk_label(e);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, 0, check);
		hk_mov_reg(e, BPF_REG_3, BPF_REG_10);
		hk_alu_reg(e, BPF_ADD, BPF_REG_3, BPF_REG_0);
		hk_ldx(e, BPF_B, BPF_REG_1, BPF_REG_3, off - 1);
		hk_jmp_imm(e, BPF_JMP32, BPF_JNE, BPF_REG_1, '\n', check);
		hk_alu_imm(e, BPF_SUB, BPF_REG_0, 1);
		hk_place(e, check);
	}
	hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_0, minlen, miss);
	compare_bytes(e, BPF_REG_10, off, str, first, true, false, miss);
	hk_mov_reg(e, BPF_REG_3, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_3, BPF_REG_0);
	compare_bytes(e, BPF_REG_3, off - (int16_t)slen, str + last + 1, slen,
		      true, true, miss);
	if (minlen > first + slen)
		find_segments(e, off, str, first, last, slen, miss);
}

static void gen_str_match(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	int k = str_index(&s->str.field), valid, miss;

	if (!s->str.neg) {
		str_test(e, k, s->str.op, s->str.str, fail);
		return;
	}
	/* a value that could not be fetched matches neither way, as in nft;
	 * a truncated string is known to differ from every rule string that
	 * needs its end, so `!=` holds for it */
	load_len(e, k);
	valid = hk_label(e);
	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_0, -E2BIG, valid);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, 0, fail);
	hk_place(e, valid);
	miss = hk_label(e);
	str_test(e, k, s->str.op, s->str.str, miss);
	hk_ja(e, fail);
	hk_place(e, miss);
}

void sy_jmp_if_end(struct hk_emit *e, int16_t off, int end)
{
	int more = hk_label(e);

	hk_ldx(e, BPF_B, BPF_REG_2, BPF_REG_1, off);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_2, 0, end);
	hk_jmp_imm(e, BPF_JMP32, BPF_JNE, BPF_REG_2, '\n', more);
	hk_ldx(e, BPF_B, BPF_REG_2, BPF_REG_1, off + 1);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_2, 0, end);
	hk_place(e, more);
}

void sy_read_number(struct hk_emit *e, int k, int fail)
{
	int16_t off = buf_off[k];
	int sep = hk_label(e);

	hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
	hk_alu_imm(e, BPF_ADD, BPF_REG_1, off);
	hk_mov_imm(e, BPF_REG_2, HK_NUM_PAD);
	hk_mov_imm(e, BPF_REG_3, 0);	/* base 0: 0x.., 0.. as the kernel */
	hk_mov_reg(e, BPF_REG_4, BPF_REG_10);
	hk_alu_imm(e, BPF_ADD, BPF_REG_4, RES_OFF);
	hk_call(e, BPF_FUNC_strtoul);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLE, BPF_REG_0, 0, fail);
	hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_0);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_7, HK_STR_BUF - 1, fail);
	/* a digit run longer than the helper reads (or "09" in octal) does
	 * not end at a blank: the value is not a list of numbers */
	hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
	hk_ldx(e, BPF_B, BPF_REG_2, BPF_REG_1, off);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_2, 0, sep);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_2, ' ', sep);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_2, '\t', sep);
	hk_jmp_imm(e, BPF_JMP32, BPF_JNE, BPF_REG_2, '\n', fail);
	hk_place(e, sep);
	hk_ldx(e, BPF_DW, BPF_REG_0, BPF_REG_10, RES_OFF);
}

/*
 * Every number of the value must pass the MATCH or LOOKUP in `s`.  The end
 * of the value is found by its NUL, not by comparing with the length: a
 * length that took part in pointer arithmetic would become "precise" for
 * the verifier and multiply the states it explores by the rules that follow.
 */
static void gen_numeric(struct hk_emit *e, int k, const struct ir_stmt *s,
			int fail)
{
	int16_t off = buf_off[k];
	int ok = hk_label(e);

	load_len(e, k);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, 0, fail);
	hk_mov_imm(e, BPF_REG_7, 0);
	for (int i = 0; i < HK_MAX_NUMBERS; i++) {
		if (i) {
			hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
			hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
			sy_jmp_if_end(e, off, ok);
		}
		sy_read_number(e, k, fail);
		if (s->kind == IR_STMT_MATCH)
			hk_test_op(e, BPF_REG_0, s->match.op, s->match.value,
				   s->match.value_hi, fail);
		else
			hk_test_set(e, BPF_REG_0, &e->unit->sets[s->lookup.set],
				    s->lookup.neg, fail);
	}
	/* more numbers than HK_MAX_NUMBERS: no match */
	hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
	sy_jmp_if_end(e, off, ok);
	hk_ja(e, fail);
	hk_place(e, ok);
}

static void gen_set_value(struct hk_emit *e, const char *str)
{
	size_t n = strlen(str), at;
	struct sysctl_state *st = e->hook;

	if (n == 0 || n > HK_STR_MAX)
		bug("sysctl value set: bad length");
	/* the helper reads the value from .rodata: no stack buffer */
	at = cg_rodata_reserve(e->obj, n);
	cg_rodata_table(e->obj, at, n, n, CG_RO_TEXT, e->origin, "sysctl value");
	memcpy(e->obj->rodata + at, str, n);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_6);
	hk_ld_rodata(e, BPF_REG_2, at);
	hk_mov_imm(e, BPF_REG_3, n);
	/* fails (ignored) on reads: there is no value being written */
	hk_call(e, BPF_FUNC_sysctl_set_new_value);
	/* later matches on the new value see the rewritten one */
	if (st->need[STR_NEW])
		fetch(e, STR_NEW);
}

static bool sysctl_stmt(struct hk_emit *e, const struct ir_stmt *s, int fail)
{
	int k;

	switch (s->kind) {
	case IR_STMT_STR_MATCH:
		gen_str_match(e, s, fail);
		return true;
	case IR_STMT_SET_SYSCTL_VALUE:
		gen_set_value(e, s->set_sysctl.str);
		return true;
	case IR_STMT_MATCH:
	case IR_STMT_LOOKUP:
		k = str_index(s->kind == IR_STMT_MATCH ? &s->match.field :
			      &s->lookup.fields[0]);
		if (k < 0)
			return false;
		if (k != STR_CUR && k != STR_NEW)
			bug("numeric match on a sysctl name");
		gen_numeric(e, k, s, fail);
		return true;
	default:
		return false;
	}
}

static const struct hk_ops sysctl_ops = {
	.section = "cgroup/sysctl",
	.prologue = sysctl_prologue,
	.stmt = sysctl_stmt,
	.load = sysctl_load,
	.run_len = sy_run_len,
	.run_gen = sy_run_gen,
	.jump_area = S_JUMPS,
};

void cg_hook_sysctl_generate(struct cg_object *obj, const struct ir_prog *prog,
			     struct cg_prog *out)
{
	struct sysctl_state st = { 0 };

	hk_generate(obj, prog, &sysctl_ops, &st, out);
	free(st.scanned);
}
