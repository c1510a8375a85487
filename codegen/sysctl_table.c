// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl policies at any size: a run of simple sysctl rules as one table
 * search, so that the verifier's work does not grow with the rule count.
 *
 * A rule is simple when it is a conjunction of at most: `sysctl read` or
 * `sysctl write`, one exact `sysctl name "X"` or `sysctl base name "X"`,
 * one numeric interval on one value (`sysctl value 1-5`, `> 60`, ...; the
 * same value, current or new, for the whole run), then maybe a counter,
 * then accept, drop or return.  At least unit->cls_min_rules consecutive
 * simple rules form a run (-O0: none).
 *
 * Per access, the full name is hashed (whole words of its zero-padded
 * buffer) and searched in a table sorted by hash (branch-free binary
 * search), then compared exactly with the candidate; when absent, the
 * same with the base name.  The entry found, or the default when neither
 * is there, gives the list of the run's rules that can match that name,
 * in rule order: those naming it, those naming its base name, and those
 * naming none.  The value is read once into its smallest and largest
 * number.  A may_goto loop then walks the list and stops at the first
 * rule whose operation and interval hold: first match, exactly as the
 * rules in order.  Records in .rodata give each rule's interval, counter
 * and action.  The loop's place in the list lives in stack bytes the
 * verifier does not track, so it checks the loop body once.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/sysctl_gen.h"
#include "ir/classify.h"
#include "ir/xalloc.h"

#define SY_END		UINT32_MAX	/* ends a candidate list */
#define SY_MAX_LIST	(1u << 20)	/* list entries per run (4 MiB) */
#define SY_KEY_MAX	16		/* longest glob prefix key */

/* NOT_FULL, NOT_BASE: `sysctl name != "X"` (or `!= { "X", "Y" }`): the
 * rule holds for every name but these */
enum { NAME_NONE, NAME_FULL, NAME_BASE, GLOB_FULL, GLOB_BASE, NOT_FULL,
       NOT_BASE };

struct sy_rule {
	int name_kind;
	const char *name;
	int value;		/* STR_CUR, STR_NEW or -1 */
	uint64_t lo, hi;
	int write;		/* -1 either, 0 read, 1 write */
	int counter;
	int action;		/* IR_CLS_DROP, _ACCEPT, _RETURN */
	bool indexed;		/* in the value interval index */
	const char *skey;	/* a glob's suffix key (choose_keys), or NULL */
	const struct ir_rule *ir;	/* NOT_*: its excluded names */
	int ks;			/* the run's suffix key length */
};

/* The interval of `op value`; false when it is not one. */
static bool interval(const struct ir_stmt *s, uint64_t *lo, uint64_t *hi)
{
	uint64_t v = s->match.value.lo;

	if (s->match.value.hi || s->match.value_hi.hi)
		return false;
	switch (s->match.op) {
	case IR_OP_EQ: *lo = *hi = v; return true;
	case IR_OP_LT: *lo = 0; *hi = v - 1; return v > 0;
	case IR_OP_LE: *lo = 0; *hi = v; return true;
	case IR_OP_GT: *lo = v + 1; *hi = UINT64_MAX; return v < UINT64_MAX;
	case IR_OP_GE: *lo = v; *hi = UINT64_MAX; return true;
	case IR_OP_RANGE:
		*lo = v;
		*hi = s->match.value_hi.lo;
		return *lo <= *hi;
	default: return false;
	}
}

static bool plain(const struct ir_field *f)
{
	return !f->shift && !f->lshift && !f->xor && f->base == IR_BASE_SYSCTL;
}

static bool simple_rule(const struct ir_rule *r, struct sy_rule *out)
{
	bool counted = false, glob = false;

	*out = (struct sy_rule){ .value = -1, .write = -1, .counter = -1 };
	for (size_t i = 0; i < r->nstmts; i++) {
		const struct ir_stmt *s = &r->stmts[i];
		bool last = i + 1 == r->nstmts;

		switch (s->kind) {
		case IR_STMT_MATCH:
			if (counted || !plain(&s->match.field))
				return false;
			if (s->match.field.key == IR_SYSCTL_WRITE) {
				if (out->write >= 0 || s->match.op != IR_OP_EQ ||
				    s->match.value.hi || s->match.value.lo > 1)
					return false;
				out->write = (int)s->match.value.lo;
				break;
			}
			if (out->value >= 0 || !s->match.field.numeric_string ||
			    !interval(s, &out->lo, &out->hi))
				return false;
			if (s->match.field.key == IR_SYSCTL_CUR_VALUE)
				out->value = STR_CUR;
			else if (s->match.field.key == IR_SYSCTL_NEW_VALUE)
				out->value = STR_NEW;
			else
				return false;
			break;
		case IR_STMT_STR_MATCH:
			if (counted || !plain(&s->str.field))
				return false;
			if (s->str.neg) {
				int kind = s->str.field.key == IR_SYSCTL_NAME ?
					   NOT_FULL : NOT_BASE;

				if (s->str.op != IR_STR_EQ ||
				    (s->str.field.key != IR_SYSCTL_NAME &&
				     s->str.field.key != IR_SYSCTL_BASE_NAME) ||
				    (out->name_kind && out->name_kind != kind))
					return false;
				out->name_kind = kind;
				out->ir = r;
				break;
			}
			if (out->name_kind)
				return false;
			if (s->str.op == IR_STR_GLOB &&
			    s->str.str[strcspn(s->str.str, "*?")])
				glob = true;
			else if (s->str.op != IR_STR_EQ &&
				 s->str.op != IR_STR_GLOB)
				return false;
			if (s->str.field.key == IR_SYSCTL_NAME)
				out->name_kind = glob ? GLOB_FULL : NAME_FULL;
			else if (s->str.field.key == IR_SYSCTL_BASE_NAME)
				out->name_kind = glob ? GLOB_BASE : NAME_BASE;
			else
				return false;
			out->name = s->str.str;
			break;
		case IR_STMT_COUNTER:
			if (counted)
				return false;
			counted = true;
			out->counter = s->counter.index;
			break;
		case IR_STMT_VERDICT:
			if (!last)
				return false;
			switch (s->verdict.kind) {
			case IR_VERDICT_ACCEPT: out->action = IR_CLS_ACCEPT; return true;
			case IR_VERDICT_DROP: out->action = IR_CLS_DROP; return true;
			case IR_VERDICT_RETURN: out->action = IR_CLS_RETURN; return true;
			default: return false;
			}
		default:
			return false;
		}
	}
	return false;	/* no verdict: the rule goes on */
}

size_t sy_run_len(struct hk_emit *e, const struct ir_chain *c, size_t first)
{
	size_t min = e->unit->cls_min_rules ? e->unit->cls_min_rules :
		     IR_CLS_MIN_RULES;
	size_t n = 0, named = 0, unnamed = 0;
	int value = -1;
	struct sy_rule r;

	if (e->obj->has_trace || min == SIZE_MAX)
		return 0;
	for (; first + n < c->nrules; n++) {
		if (!simple_rule(&c->rules[first + n], &r))
			break;
		if (r.value >= 0) {
			if (value >= 0 && r.value != value)
				break;
			value = r.value;
		}
		/* an exclusion is a key too */
		named += r.name_kind == NAME_FULL || r.name_kind == NAME_BASE ||
			 r.name_kind == NOT_FULL || r.name_kind == NOT_BASE;
		unnamed += r.name_kind != NAME_FULL && r.name_kind != NAME_BASE;
		/* every name's list may hold the rules that name none and
		 * the globs */
		if ((named + 1) * (unnamed + 1) + n > SY_MAX_LIST)
			break;
	}
	return n >= min ? n : 0;
}


/* Distinct keys of one table, and their lists. */
struct key {
	const char *str;
	uint64_t hash;
	uint32_t list;		/* index of its list in the run's lists */
};

struct table {
	struct key *keys;
	size_t nkeys;
	int words;		/* compared: the longest key and its NUL */
	int key_len;		/* 0: whole names; else the first key_len bytes */
	uint64_t mult;
};

static const char *base_of(const char *name)
{
	const char *slash = strrchr(name, '/');

	return slash ? slash + 1 : name;
}

/* Does a NOT_* rule exclude name s? */
static bool excluded(const struct sy_rule *r, const char *s)
{
	for (size_t i = 0; i < r->ir->nstmts; i++) {
		const struct ir_stmt *st = &r->ir->stmts[i];

		if (st->kind == IR_STMT_STR_MATCH && st->str.neg &&
		    !strcmp(st->str.str, s))
			return true;
	}
	return false;
}

/* The hash the program computes: per little-endian word of the name,
 * zero-padded (or cut to key_len bytes), h = (h ^ word) * mult;
 * h ^= h >> 32. */
static uint64_t hash_name(const struct table *t, const char *s)
{
	uint8_t b[SY_STR_BUF] = { 0 };
	size_t len = strlen(s);
	uint64_t h = 0;

	if (t->key_len && len > (size_t)t->key_len)
		len = (size_t)t->key_len;
	memcpy(b, s, len);
	for (int i = 0; i < t->words; i++) {
		uint64_t x = 0;

		for (int j = 0; j < 8; j++)
			x |= (uint64_t)b[8 * i + j] << (8 * j);
		h = (h ^ x) * t->mult;
		h ^= h >> 32;
	}
	return h;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return strcmp(x->str, y->str);
}

/* The distinct strings of names[0..nn) (cut to key_len bytes, when not
 * 0), hashed without collision, sorted by hash.  Takes names. */
static void build_keys(struct table *t, const char **names, size_t nn,
		       int key_len)
{
	size_t longest = 0;

	qsort(names, nn, sizeof(*names), cmp_str);
	t->keys = xmalloc((nn + 1) * sizeof(*t->keys));
	t->nkeys = 0;
	t->key_len = key_len;
	for (size_t i = 0; i < nn; i++) {
		if (i && (key_len ? !strncmp(names[i], names[i - 1],
					      (size_t)key_len) :
			      !strcmp(names[i], names[i - 1])))
			continue;
		t->keys[t->nkeys++] = (struct key){ .str = names[i] };
		if (strlen(names[i]) > longest)
			longest = strlen(names[i]);
	}
	free(names);
	t->words = key_len ? (key_len + 7) / 8 : (int)(longest + 1 + 7) / 8;
	for (t->mult = 0x9e3779b97f4a7c15ull;; t->mult += 0x5851f42d4c957f2eull) {
		bool clash = false;

		for (size_t k = 0; k < t->nkeys; k++)
			t->keys[k].hash = hash_name(t, t->keys[k].str);
		qsort(t->keys, t->nkeys, sizeof(*t->keys), cmp_key);
		for (size_t k = 1; k < t->nkeys; k++)
			clash |= t->keys[k].hash == t->keys[k - 1].hash;
		if (!clash)
			break;
	}
}

/* The distinct names of exact rules of `kind`, and the names that rules
 * of `not` exclude (their lists leave those rules out). */
static void build_table(struct table *t, const struct sy_rule *r, size_t n,
			int kind, int not)
{
	size_t nn = 0, cap = n + 1;
	const char **names = xmalloc(cap * sizeof(*names));

	for (size_t i = 0; i < n; i++) {
		if (r[i].name_kind == kind)
			names[nn++] = r[i].name;
		if (r[i].name_kind != not)
			continue;
		for (size_t j = 0; j < r[i].ir->nstmts; j++) {
			const struct ir_stmt *st = &r[i].ir->stmts[j];

			if (st->kind != IR_STMT_STR_MATCH || !st->str.neg)
				continue;
			if (nn + 1 >= cap) {
				cap *= 2;
				names = xrealloc(names, cap * sizeof(*names));
			}
			names[nn++] = st->str.str;
		}
	}
	build_keys(t, names, nn, 0);
}

/* The run's candidate lists, one u32 array; an entry is a rule's index
 * times 2, plus 1 when the program must match its glob. */
struct lists {
	uint32_t *v;
	size_t n, cap;
};

static void push(struct lists *l, uint32_t x)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = x;
}

/* Length of a glob's fixed prefix. */
static size_t fixed_prefix(const char *pat)
{
	return strcspn(pat, "*?");
}

/*
 * A glob's suffix key: its last ks bytes, when the characters after its
 * last '*', '?' or '/' are at least ks (else NULL).  Such a glob matches
 * only names whose base name ends with these bytes; a base name (no '/')
 * has the key of its last ks bytes the same way.
 */
static const char *suffix_key(const char *pat, int ks)
{
	size_t len = strlen(pat), tail = 0;

	while (tail < len && !strchr("*?/", pat[len - 1 - tail]))
		tail++;
	return ks && tail >= (size_t)ks ? pat + len - ks : NULL;
}

/*
 * The name list (SY_POS_OFF) of: a full name the full table holds (every
 * name rule is decided here); a base name the base table holds (full-name
 * globs left to the glob group, but those keyed by the base name's suffix);
 * a suffix key `skey` (a name in neither table: the rules naming none, the
 * base-name globs with no suffix key or this one, the full-name globs with
 * this suffix key); or nothing (full, base and skey NULL: the rules naming
 * none and the base-name globs with no suffix key; with `trunc`, for a
 * truncated string, every base-name glob).  Globs not decided here are
 * matched by the program.  Rules in the value index are left to it.
 * Returns the list's start.
 */
static uint32_t make_list(struct lists *l, const struct sy_rule *r, size_t n,
			  const char *full, const char *base, const char *skey,
			  bool trunc)
{
	uint32_t at = (uint32_t)l->n;

	if (full)
		base = base_of(full);
	for (size_t i = 0; i < n; i++) {
		uint32_t entry = (uint32_t)i << 1;
		const char *k;
		bool cand = false;

		switch (r[i].name_kind) {
		case NAME_NONE:
			cand = !r[i].indexed;
			break;
		case NAME_FULL:
			cand = full && !strcmp(r[i].name, full);
			break;
		case NAME_BASE:
			cand = base && !strcmp(r[i].name, base);
			break;
		case GLOB_FULL:
			if (full) {
				cand = sy_glob_match(r[i].name, full);
				break;
			}
			k = base ? suffix_key(base, r[i].ks) : skey;
			cand = r[i].skey && k && !strcmp(r[i].skey, k);
			entry |= 1;
			break;
		case NOT_FULL:
			/* a name in no table is in no exclusion: the
			 * excluded names are keys of the full table */
			cand = !full || !excluded(&r[i], full);
			break;
		case NOT_BASE:
			cand = !base || !excluded(&r[i], base);
			break;
		case GLOB_BASE:
			if (base) {
				cand = sy_glob_match(r[i].name, base);
				break;
			}
			cand = trunc || !r[i].skey ||
			       (skey && !strcmp(r[i].skey, skey));
			entry |= 1;
			break;
		}
		if (cand)
			push(l, entry);
	}
	push(l, SY_END);
	return at;
}

/* The longest run of equal keys (their first k bytes) in p[0..np). */
static size_t longest_group(const char **p, size_t np, size_t k)
{
	size_t group = 0, longest = 0;

	qsort(p, np, sizeof(*p), cmp_str);
	for (size_t i = 0; i < np; i++) {
		group = i && !strncmp(p[i], p[i - 1], k) ? group + 1 : 1;
		if (group > longest)
			longest = group;
	}
	return longest;
}

/*
 * The glob groups.  Full-name globs whose fixed prefix has at least kp
 * bytes are grouped by their first kp bytes (the glob group, SY_POS2_OFF);
 * the other globs, full or base name, with a suffix key of ks bytes are
 * grouped by it (in the name lists, SY_POS_OFF); the rest are in every
 * group.  kp and ks (0: no such groups) make the longest walk shortest:
 * a prefix group, a suffix group and the globs in every group, within
 * SY_MAX_LIST list entries.  Sets r[].skey and r[].ks.
 */
static void choose_keys(struct sy_rule *r, size_t n, int *kp_out, int *ks_out)
{
	const char **p = xmalloc((n + 1) * sizeof(*p));
	const char **q = xmalloc((n + 1) * sizeof(*q));
	size_t best = SIZE_MAX, plain = 0;
	int best_kp = 0, best_ks = 0;

	for (size_t i = 0; i < n; i++)
		plain += r[i].name_kind == NAME_NONE && !r[i].indexed;
	for (int kp = 0; kp <= SY_KEY_MAX; kp++) {
		for (int ks = 0; ks <= SY_KEY_MAX; ks++) {
			size_t np = 0, nq = 0, shared_full = 0, shared_base = 0,
			       cost, size;

			for (size_t i = 0; i < n; i++) {
				int kind = r[i].name_kind;

				if (kind != GLOB_FULL && kind != GLOB_BASE)
					continue;
				if (kind == GLOB_FULL && kp &&
				    fixed_prefix(r[i].name) >= (size_t)kp)
					p[np++] = r[i].name;
				else if (suffix_key(r[i].name, ks))
					q[nq++] = suffix_key(r[i].name, ks);
				else if (kind == GLOB_FULL)
					shared_full++;
				else
					shared_base++;
			}
			cost = longest_group(p, np, (size_t)kp) +
			       longest_group(q, nq, (size_t)ks) +
			       shared_full + shared_base;
			/* every group holds the globs in every group (and a
			 * suffix group the rules naming none) */
			size = np * (shared_full + 1) +
			       nq * (shared_base + plain + 1);
			if (cost < best && size < SY_MAX_LIST / 2) {
				best = cost;
				best_kp = kp;
				best_ks = ks;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		int kind = r[i].name_kind;

		r[i].ks = best_ks;
		r[i].skey = (kind == GLOB_BASE || (kind == GLOB_FULL &&
			     (!best_kp || fixed_prefix(r[i].name) <
					  (size_t)best_kp))) ?
			    suffix_key(r[i].name, best_ks) : NULL;
	}
	free(p);
	free(q);
	*kp_out = best_kp;
	*ks_out = best_ks;
}

/* The glob group of the full names whose first key_len bytes are `key`
 * (NULL: the default group, of names no key starts): those globs and the
 * full-name globs in every group. */
static uint32_t make_glob_list(struct lists *l, const struct sy_rule *r,
			       size_t n, int key_len, const char *key)
{
	uint32_t at = (uint32_t)l->n;

	for (size_t i = 0; i < n; i++) {
		if (r[i].name_kind != GLOB_FULL || r[i].skey)
			continue;
		if (!key_len || fixed_prefix(r[i].name) < (size_t)key_len ||
		    (key && !strncmp(r[i].name, key, (size_t)key_len)))
			push(l, (uint32_t)i << 1 | 1);
	}
	push(l, SY_END);
	return at;
}

/* Copy to .rodata; returns the offset. */
static size_t put(struct cg_object *obj, const void *p, size_t len)
{
	size_t at = cg_rodata_reserve(obj, len);

	memcpy(obj->rodata + at, p, len);
	return at;
}

struct sy_entry {
	uint64_t hash;
	uint32_t str, list;	/* byte offset of its name; list start */
};

/* r2 &= the mask of the key's bytes in its last word, if cut. */
static void mask_last(struct hk_emit *e, const struct table *t, int i)
{
	int bytes = t->key_len - 8 * i;

	if (!t->key_len || bytes >= 8)
		return;
	hk_ld_imm64(e, BPF_REG_5, (1ull << (8 * bytes)) - 1);
	hk_alu_reg(e, BPF_AND, BPF_REG_2, BPF_REG_5);
}

/*
 * r7 = the list of the name in string k, when table t holds it; else on
 * to `absent`.  The table and the names go to .rodata.  k < 0: the hash is
 * in r7 already, and a key of the same hash is taken without comparing
 * the strings (for glob groups, whose lists all hold the globs that a
 * name of no key can match: a collision only adds candidates).
 */
static void gen_lookup(struct hk_emit *e, const struct table *t, int k,
		       int absent)
{
	size_t pad = 1, wbytes = (size_t)t->words * 8, at_str, at_tab;
	struct sy_entry *ent;
	uint8_t *strs;
	int16_t off = k >= 0 ? sy_buf_off[k] : 0;

	while (pad < t->nkeys)
		pad *= 2;
	strs = xzalloc(t->nkeys * wbytes);
	ent = xmalloc(pad * sizeof(*ent));
	for (size_t i = 0; i < pad; i++) {
		size_t j = i < t->nkeys ? i : t->nkeys - 1;

		ent[i] = (struct sy_entry){ .hash = t->keys[j].hash,
			.str = (uint32_t)(j * wbytes), .list = t->keys[j].list };
	}
	for (size_t i = 0; i < t->nkeys; i++) {
		size_t len = strlen(t->keys[i].str);

		if (t->key_len && len > (size_t)t->key_len)
			len = (size_t)t->key_len;
		memcpy(strs + i * wbytes, t->keys[i].str, len);
	}
	at_str = put(e->obj, strs, t->nkeys * wbytes);
	at_tab = put(e->obj, ent, pad * sizeof(*ent));
	free(strs);
	free(ent);

	/* r7 = hash of the name's first t->words words */
	if (k >= 0) {
		hk_mov_imm(e, BPF_REG_7, 0);
		hk_ld_imm64(e, BPF_REG_3, t->mult);
	}
	for (int i = 0; k >= 0 && i < t->words; i++) {
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, off + 8 * i);
		mask_last(e, t, i);
		hk_alu_reg(e, BPF_XOR, BPF_REG_7, BPF_REG_2);
		hk_alu_reg(e, BPF_MUL, BPF_REG_7, BPF_REG_3);
		hk_mov_reg(e, BPF_REG_2, BPF_REG_7);
		hk_alu_imm(e, BPF_RSH, BPF_REG_2, 32);
		hk_alu_reg(e, BPF_XOR, BPF_REG_7, BPF_REG_2);
	}
	/* r9 = the byte offset of the last entry whose hash <= r7 */
	hk_ld_rodata(e, BPF_REG_8, at_tab);
	hk_mov_imm(e, BPF_REG_9, 0);
	for (size_t step = pad / 2; step; step /= 2) {
		hk_mov_reg(e, BPF_REG_1, BPF_REG_8);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_9);
		hk_alu_imm(e, BPF_ADD, BPF_REG_1, step * sizeof(*ent));
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, 0);
		hk_lt64(e, BPF_REG_7, BPF_REG_2);
		hk_alu_imm(e, BPF_XOR, BPF_REG_3, 1);
		hk_alu_imm(e, BPF_MUL, BPF_REG_3, step * sizeof(*ent));
		hk_alu_reg(e, BPF_ADD, BPF_REG_9, BPF_REG_3);
	}
	hk_alu_reg(e, BPF_ADD, BPF_REG_8, BPF_REG_9);
	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_8, 0);
	hk_jmp_reg(e, BPF_JNE, BPF_REG_2, BPF_REG_7, absent);
	if (k < 0) {
		hk_ldx(e, BPF_W, BPF_REG_7, BPF_REG_8,
		       offsetof(struct sy_entry, list));
		return;
	}
	/* the same hash: is it the same name? */
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_8, offsetof(struct sy_entry, str));
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_3,
		   (int32_t)((t->nkeys - 1) * wbytes), absent);
	hk_ld_rodata(e, BPF_REG_4, at_str);
	hk_alu_reg(e, BPF_ADD, BPF_REG_4, BPF_REG_3);
	for (int i = 0; i < t->words; i++) {
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_4, 8 * i);
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, off + 8 * i);
		mask_last(e, t, i);
		hk_jmp_reg(e, BPF_JNE, BPF_REG_1, BPF_REG_2, absent);
	}
	hk_ldx(e, BPF_W, BPF_REG_7, BPF_REG_8, offsetof(struct sy_entry, list));
}

/*
 * r7 = the list of the suffix key of string k (its last t->key_len bytes)
 * in the suffix table t; `trunc` when the string was cut (-E2BIG) or not
 * fetched; `absent` when it is shorter than the key or has none of the
 * table's keys.  The key's bytes are read at a variable offset into two
 * words (zero-padded, as hash_name reads them) and hashed.
 */
static void gen_suffix_lookup(struct hk_emit *e, const struct table *t, int k,
			      int trunc, int absent)
{
	int ks = t->key_len;
	int16_t off = sy_buf_off[k];

	hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_10, sy_len_off[k]);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_2, 0, trunc);
	hk_jmp_imm(e, BPF_JMP, BPF_JLT, BPF_REG_2, ks, absent);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_2, SY_STR_BUF - 1, absent);
	hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_2);
	hk_mov_imm(e, BPF_REG_4, 0);
	hk_mov_imm(e, BPF_REG_5, 0);
	for (int j = 0; j < ks; j++) {
		int w = j < 8 ? BPF_REG_4 : BPF_REG_5;

		hk_ldx(e, BPF_B, BPF_REG_2, BPF_REG_1, (int16_t)(off - ks + j));
		if (j % 8)
			hk_alu_imm(e, BPF_LSH, BPF_REG_2, 8 * (j % 8));
		hk_alu_reg(e, BPF_OR, w, BPF_REG_2);
	}
	hk_mov_imm(e, BPF_REG_7, 0);
	hk_ld_imm64(e, BPF_REG_3, t->mult);
	for (int i = 0; i < t->words; i++) {
		hk_alu_reg(e, BPF_XOR, BPF_REG_7, i ? BPF_REG_5 : BPF_REG_4);
		hk_alu_reg(e, BPF_MUL, BPF_REG_7, BPF_REG_3);
		hk_mov_reg(e, BPF_REG_2, BPF_REG_7);
		hk_alu_imm(e, BPF_RSH, BPF_REG_2, 32);
		hk_alu_reg(e, BPF_XOR, BPF_REG_7, BPF_REG_2);
	}
	gen_lookup(e, t, -1, absent);
}

/* Table T's lookup of string K (r7 = its list), or DFLT when T is empty or
 * holds no such key; stored at stack OFF. */
static void gen_lookup_or(struct hk_emit *e, const struct table *t, int k, uint32_t dflt,
			  int off)
{
	int done = hk_label(e);

	if (t->nkeys) {
		int none = hk_label(e);

		gen_lookup(e, t, k, none);
		hk_ja(e, done);
		hk_place(e, none);
	}
	hk_mov_imm(e, BPF_REG_7, (int32_t)dflt);
	hk_place(e, done);
	hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_7, off);
}

/*
 * r8, r9 = the smallest and largest number of value k, r7 = 1; r7 = 0
 * when the value is not a list of 1 to SY_MAX_NUMBERS numbers (the same
 * reading as the in-order code, see gen_numeric in hook_sysctl.c).
 */
static void gen_bounds(struct hk_emit *e, int k)
{
	int16_t off = sy_buf_off[k];
	int ok = hk_label(e), bad = hk_label(e), done = hk_label(e);

	hk_mov_imm(e, BPF_REG_8, -1);
	hk_mov_imm(e, BPF_REG_9, 0);
	hk_ldx(e, BPF_DW, BPF_REG_0, BPF_REG_10, sy_len_off[k]);
	hk_jmp_imm(e, BPF_JMP, BPF_JSLT, BPF_REG_0, 0, bad);
	hk_mov_imm(e, BPF_REG_7, 0);
	for (int i = 0; i < SY_MAX_NUMBERS; i++) {
		int lower = hk_label(e), higher = hk_label(e);

		if (i) {
			hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
			hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
			sy_jmp_if_end(e, off, ok);
		}
		sy_read_number(e, k, bad);
		hk_jmp_reg(e, BPF_JGE, BPF_REG_0, BPF_REG_8, lower);
		hk_mov_reg(e, BPF_REG_8, BPF_REG_0);
		hk_place(e, lower);
		hk_jmp_reg(e, BPF_JLE, BPF_REG_0, BPF_REG_9, higher);
		hk_mov_reg(e, BPF_REG_9, BPF_REG_0);
		hk_place(e, higher);
	}
	hk_mov_reg(e, BPF_REG_1, BPF_REG_10);
	hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
	sy_jmp_if_end(e, off, ok);
	hk_place(e, bad);
	hk_mov_imm(e, BPF_REG_7, 0);
	hk_ja(e, done);
	hk_place(e, ok);
	hk_mov_imm(e, BPF_REG_7, 1);
	hk_place(e, done);
}

/* The value index: elementary intervals of the numbers, each with the
 * rules (naming nothing, with an interval) that hold its points. */
struct ival {
	uint64_t start;
	uint32_t list, pad;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Index the rules that name nothing and test the value, when there are
 * any and the lists stay within SY_MAX_LIST; marks them `indexed` and
 * returns the intervals (*count of them), each list in l; else NULL.
 */
static struct ival *build_index(struct sy_rule *r, size_t n, struct lists *l,
				size_t *count)
{
	uint64_t *pts = xmalloc((2 * n + 1) * sizeof(*pts));
	size_t np = 0, total = 0, m = 0;
	struct ival *iv;

	pts[np++] = 0;
	for (size_t i = 0; i < n; i++) {
		if (r[i].name_kind != NAME_NONE || r[i].value < 0)
			continue;
		pts[np++] = r[i].lo;
		if (r[i].hi < UINT64_MAX)
			pts[np++] = r[i].hi + 1;
	}
	if (np == 1) {
		free(pts);
		return NULL;
	}
	qsort(pts, np, sizeof(*pts), cmp_u64);
	for (size_t i = 0; i < np; i++)
		if (!m || pts[i] != pts[m - 1])
			pts[m++] = pts[i];
	for (size_t s = 0; s < m && total <= SY_MAX_LIST; s++) {
		total++;
		for (size_t i = 0; i < n; i++)
			total += r[i].name_kind == NAME_NONE && r[i].value >= 0 &&
				 r[i].lo <= pts[s] && pts[s] <= r[i].hi;
	}
	if (total > SY_MAX_LIST) {
		free(pts);
		return NULL;
	}
	iv = xmalloc(m * sizeof(*iv));
	for (size_t s = 0; s < m; s++) {
		iv[s] = (struct ival){ .start = pts[s], .list = (uint32_t)l->n };
		for (size_t i = 0; i < n; i++)
			if (r[i].name_kind == NAME_NONE && r[i].value >= 0 &&
			    r[i].lo <= pts[s] && pts[s] <= r[i].hi)
				push(l, (uint32_t)i << 1);
		push(l, SY_END);
	}
	for (size_t i = 0; i < n; i++)
		r[i].indexed = r[i].name_kind == NAME_NONE && r[i].value >= 0;
	free(pts);
	*count = m;
	return iv;
}

/* SY_POS3_OFF = the list of the interval that holds r8 (the value's
 * smallest number), when r7 (the value is numbers), else the empty list.
 * r7 = 1 after. */
static void gen_index(struct hk_emit *e, const struct ival *iv, size_t m)
{
	size_t pad = 1, at;
	struct ival *t;
	int bad = hk_label(e), done = hk_label(e);

	while (pad < m)
		pad *= 2;
	t = xmalloc(pad * sizeof(*t));
	for (size_t i = 0; i < pad; i++)
		t[i] = iv[i < m ? i : m - 1];
	at = put(e->obj, t, pad * sizeof(*t));
	free(t);

	hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_7, 0, bad);
	/* r7 = the byte offset of the last interval starting at <= r8 */
	hk_ld_rodata(e, BPF_REG_0, at);
	hk_mov_imm(e, BPF_REG_7, 0);
	for (size_t step = pad / 2;; step /= 2) {
		/* the offset so far goes through untracked stack bytes: a
		 * pointer offset computed from r8 would make the verifier
		 * track the value's smallest number precisely, and tell
		 * apart every way of reading the value */
		if (step < pad / 2) {
			hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_7, SY_CUR_OFF);
			hk_ldx(e, BPF_W, BPF_REG_7, BPF_REG_10, SY_CUR_OFF);
			hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_7,
				   (int32_t)((pad - 2 * step - !step) *
					     sizeof(*t)), bad);
		}
		if (!step)
			break;
		hk_mov_reg(e, BPF_REG_1, BPF_REG_0);
		hk_alu_reg(e, BPF_ADD, BPF_REG_1, BPF_REG_7);
		hk_alu_imm(e, BPF_ADD, BPF_REG_1, step * sizeof(*t));
		hk_ldx(e, BPF_DW, BPF_REG_2, BPF_REG_1, 0);
		hk_lt64(e, BPF_REG_8, BPF_REG_2);
		hk_alu_imm(e, BPF_XOR, BPF_REG_3, 1);
		hk_alu_imm(e, BPF_MUL, BPF_REG_3, step * sizeof(*t));
		hk_alu_reg(e, BPF_ADD, BPF_REG_7, BPF_REG_3);
	}
	hk_alu_reg(e, BPF_ADD, BPF_REG_0, BPF_REG_7);
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_0, offsetof(struct ival, list));
	hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_1, SY_POS3_OFF);
	hk_mov_imm(e, BPF_REG_7, 1);
	hk_ja(e, done);
	hk_place(e, bad);
	hk_st(e, BPF_W, BPF_REG_10, SY_POS3_OFF, 0);
	hk_place(e, done);
}

void sy_cur_rec(struct hk_emit *e, const struct sy_recs *r, int fail)
{
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_10, SY_CUR_OFF);
	hk_alu_imm(e, BPF_RSH, BPF_REG_3, 1);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_3, (int32_t)(r->n - 1), fail);
	hk_alu_imm(e, BPF_LSH, BPF_REG_3, 5);
	hk_ld_rodata(e, BPF_REG_2, r->at);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_3);
}

/* r0 = min(r0, the head of the list whose place is at `pos`). */
static void gen_head(struct hk_emit *e, int16_t pos, size_t at_list,
		     size_t nl, int none, bool advance)
{
	int skip = hk_label(e);

	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_10, pos);
	hk_jmp_imm(e, BPF_JMP, BPF_JGT, BPF_REG_1, (int32_t)(nl - 1), none);
	hk_mov_reg(e, BPF_REG_4, BPF_REG_1);
	hk_alu_imm(e, BPF_LSH, BPF_REG_4, 2);
	hk_ld_rodata(e, BPF_REG_2, at_list);
	hk_alu_reg(e, BPF_ADD, BPF_REG_2, BPF_REG_4);
	hk_ldx(e, BPF_W, BPF_REG_3, BPF_REG_2, 0);
	if (!advance) {
		hk_jmp_reg(e, BPF_JGE, BPF_REG_3, BPF_REG_0, skip);
		hk_mov_reg(e, BPF_REG_0, BPF_REG_3);
	} else {
		/* the list whose head was taken moves on */
		hk_jmp_reg(e, BPF_JNE, BPF_REG_3, BPF_REG_0, skip);
		hk_alu_imm(e, BPF_ADD, BPF_REG_1, 1);
		hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_1, pos);
	}
	hk_place(e, skip);
}

void sy_run_gen(struct hk_emit *e, const struct ir_chain *c, size_t first,
		size_t n, const struct hk_cls_exits *x)
{
	struct sy_rule *r = xmalloc(n * sizeof(*r));
	struct sy_rec *rec = xzalloc(n * sizeof(*rec));
	struct table full, base, group = { 0 }, suffix = { 0 };
	struct lists l = { 0 };
	struct ival *iv;
	struct sy_recs recs;
	uint8_t *pats;
	uint32_t dflt, gdflt = 0, tdflt = 0;
	size_t at_list, at_pat = 0, npat = 0, nval = 0;
	int16_t pos[3] = { SY_POS_OFF, SY_POS2_OFF, SY_POS3_OFF };
	int value = -1, nlists, key_len = 0, skey_len = 0;
	bool glob_full = false, glob_base = false;
	int have = hk_label(e), stop = hk_label(e), loop = hk_label(e),
	    next = hk_label(e), hit = hk_label(e), counted = hk_label(e);

	for (size_t i = 0; i < n; i++) {
		if (!simple_rule(&c->rules[first + i], &r[i]))
			hk_bug("sysctl table run: not a simple rule");
		if (r[i].value >= 0)
			value = r[i].value;
		npat += r[i].name_kind == GLOB_FULL || r[i].name_kind == GLOB_BASE;
		glob_full |= r[i].name_kind == GLOB_FULL;
		glob_base |= r[i].name_kind == GLOB_BASE;
	}
	pats = xzalloc((npat ? npat : 1) * SY_PAT);
	npat = 0;
	for (size_t i = 0; i < n; i++) {
		bool glob = r[i].name_kind == GLOB_FULL ||
			    r[i].name_kind == GLOB_BASE;

		rec[i] = (struct sy_rec){
			.lo = r[i].lo, .hi = r[i].hi,
			.flags = (r[i].value >= 0 ? F_VALUE : 0) |
				 (r[i].write == 0 ? F_READ : 0) |
				 (r[i].write == 1 ? F_WRITE : 0) |
				 (r[i].name_kind == GLOB_BASE ? F_BASE : 0) |
				 (glob && sy_glob_needs_end(r[i].name) ?
				  F_NEEDS_END : 0),
			.counter = r[i].counter < 0 ? UINT32_MAX :
				   (uint32_t)r[i].counter,
			.action = (uint32_t)r[i].action,
			.pat = glob ? (uint32_t)(npat * SY_PAT) : 0,
		};
		if (glob)
			memcpy(pats + SY_PAT * npat++, r[i].name,
			       strlen(r[i].name));
	}
	push(&l, SY_END);	/* list 0: the empty list */
	iv = value >= 0 ? build_index(r, n, &l, &nval) : NULL;
	build_table(&full, r, n, NAME_FULL, NOT_FULL);
	build_table(&base, r, n, NAME_BASE, NOT_BASE);
	if (glob_full || glob_base)
		choose_keys(r, n, &key_len, &skey_len);
	dflt = make_list(&l, r, n, NULL, NULL, NULL, false);
	if (skey_len) {
		const char **keys = xmalloc((n + 1) * sizeof(*keys));
		size_t nk = 0;

		tdflt = make_list(&l, r, n, NULL, NULL, NULL, true);
		for (size_t i = 0; i < n; i++)
			if (r[i].skey)
				keys[nk++] = r[i].skey;
		build_keys(&suffix, keys, nk, skey_len);
		for (size_t k = 0; k < suffix.nkeys; k++)
			suffix.keys[k].list = make_list(&l, r, n, NULL, NULL,
							suffix.keys[k].str, false);
	}
	for (size_t k = 0; k < base.nkeys; k++)
		base.keys[k].list = make_list(&l, r, n, NULL, base.keys[k].str,
					      NULL, false);
	for (size_t k = 0; k < full.nkeys; k++)
		full.keys[k].list = make_list(&l, r, n, full.keys[k].str, NULL,
					      NULL, false);
	if (glob_full) {
		if (key_len) {
			const char **keys = xmalloc((n + 1) * sizeof(*keys));
			size_t nk = 0;

			for (size_t i = 0; i < n; i++)
				if (r[i].name_kind == GLOB_FULL && !r[i].skey &&
				    fixed_prefix(r[i].name) >= (size_t)key_len)
					keys[nk++] = r[i].name;
			build_keys(&group, keys, nk, key_len);
			for (size_t k = 0; k < group.nkeys; k++)
				group.keys[k].list = make_glob_list(&l, r, n,
					key_len, group.keys[k].str);
		}
		gdflt = make_glob_list(&l, r, n, key_len, NULL);
	}
	at_list = put(e->obj, l.v, l.n * sizeof(*l.v));
	recs = (struct sy_recs){ .at = put(e->obj, rec, n * sizeof(*rec)),
				 .n = n };
	if (npat)
		at_pat = put(e->obj, pats, npat * SY_PAT);

	/* the name's list (SY_POS_OFF) and glob group (SY_POS2_OFF): a
	 * full name the table holds decides every name rule; else the base
	 * name or none, and the glob group of the full name */
	if (full.nkeys) {
		int try_base = hk_label(e);

		gen_lookup(e, &full, STR_NAME, try_base);
		hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_7, SY_POS_OFF);
		hk_st(e, BPF_W, BPF_REG_10, SY_POS2_OFF, 0);
		hk_ja(e, have);
		hk_place(e, try_base);
	}
	if (suffix.nkeys) {
		/* a name in neither table: the list of its suffix key */
		int absent = hk_label(e), cut = hk_label(e), done = hk_label(e);

		if (base.nkeys) {
			gen_lookup(e, &base, STR_BASE, absent);
			hk_ja(e, done);
			hk_place(e, absent);
			absent = hk_label(e);
		}
		/* the key is read from the full name when the run names
		 * any (the base name is then maybe not fetched) */
		gen_suffix_lookup(e, &suffix, glob_full ? STR_NAME : STR_BASE,
				  cut, absent);
		hk_ja(e, done);
		hk_place(e, cut);
		hk_mov_imm(e, BPF_REG_7, (int32_t)tdflt);
		hk_ja(e, done);
		hk_place(e, absent);
		hk_mov_imm(e, BPF_REG_7, (int32_t)dflt);
		hk_place(e, done);
		hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_7, SY_POS_OFF);
	} else {
		gen_lookup_or(e, &base, STR_BASE, dflt, SY_POS_OFF);
	}
	if (glob_full) {
		gen_lookup_or(e, &group, STR_NAME, gdflt, SY_POS2_OFF);
	} else {
		hk_st(e, BPF_W, BPF_REG_10, SY_POS2_OFF, 0);
	}
	hk_place(e, have);
	if (value >= 0)
		gen_bounds(e, value);
	if (iv)
		gen_index(e, iv, nval);
	nlists = iv ? 3 : glob_full ? 2 : 1;
	hk_ja(e, loop);
	/* may_goto's budget (8 million turns) is beyond any list: fail closed */
	e->label_refs[stop]++;
	hk_place(e, stop);
	hk_exit_imm(e, 0);

	/* the loop: the smallest head of the lists, or out to x->none */
	hk_place(e, loop);
	hk_may_goto(e, stop);
	hk_mov_imm(e, BPF_REG_0, -1);
	for (int k = 0; k < nlists; k++)
		gen_head(e, pos[k], at_list, l.n, x->none, false);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_0, -1, x->none);
	hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_0, SY_CUR_OFF);
	for (int k = 0; k < nlists; k++)
		gen_head(e, pos[k], at_list, l.n, x->none, true);
	sy_cur_rec(e, &recs, x->none);
	hk_ldx(e, BPF_W, BPF_REG_4, BPF_REG_2, offsetof(struct sy_rec, flags));
	/* the operation */
	hk_ldx(e, BPF_W, BPF_REG_5, BPF_REG_6, offsetof(struct bpf_sysctl, write));
	{
		int not_read = hk_label(e), not_write = hk_label(e);

		hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
		hk_alu_imm(e, BPF_AND, BPF_REG_1, F_READ);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, not_read);
		hk_jmp_imm(e, BPF_JMP32, BPF_JNE, BPF_REG_5, 0, next);
		hk_place(e, not_read);
		hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
		hk_alu_imm(e, BPF_AND, BPF_REG_1, F_WRITE);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, not_write);
		hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_5, 0, next);
		hk_place(e, not_write);
	}
	/* the glob, when the tables did not decide it */
	if (glob_full || glob_base) {
		int decided = hk_label(e), matched = hk_label(e);

		hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_10, SY_CUR_OFF);
		hk_alu_imm(e, BPF_AND, BPF_REG_1, 1);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, decided);
		if (glob_full && glob_base) {
			int on_base = hk_label(e);

			hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
			hk_alu_imm(e, BPF_AND, BPF_REG_1, F_BASE);
			hk_jmp_imm(e, BPF_JMP, BPF_JNE, BPF_REG_1, 0, on_base);
			sy_glob_gen(e, STR_NAME, &recs, at_pat, npat * SY_PAT,
				    matched, next, stop);
			hk_place(e, on_base);
		}
		sy_glob_gen(e, glob_base ? STR_BASE : STR_NAME, &recs, at_pat,
			    npat * SY_PAT, matched, next, stop);
		hk_place(e, matched);
		sy_cur_rec(e, &recs, x->none);
		hk_ldx(e, BPF_W, BPF_REG_4, BPF_REG_2,
		       offsetof(struct sy_rec, flags));
		hk_place(e, decided);
	}
	/* the interval: every number of the value in [lo, hi] */
	if (value >= 0) {
		hk_mov_reg(e, BPF_REG_1, BPF_REG_4);
		hk_alu_imm(e, BPF_AND, BPF_REG_1, F_VALUE);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_1, 0, hit);
		hk_jmp_imm(e, BPF_JMP, BPF_JEQ, BPF_REG_7, 0, next);
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_2, offsetof(struct sy_rec, lo));
		hk_jmp_reg(e, BPF_JLT, BPF_REG_8, BPF_REG_1, next);
		hk_ldx(e, BPF_DW, BPF_REG_1, BPF_REG_2, offsetof(struct sy_rec, hi));
		hk_jmp_reg(e, BPF_JGT, BPF_REG_9, BPF_REG_1, next);
	}
	hk_ja(e, hit);
	hk_place(e, next);
	hk_ja(e, loop);

	/* the first rule that holds: its counter, then its action */
	hk_place(e, hit);
	hk_ldx(e, BPF_W, BPF_REG_7, BPF_REG_2, offsetof(struct sy_rec, action));
	hk_ldx(e, BPF_W, BPF_REG_1, BPF_REG_2, offsetof(struct sy_rec, counter));
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_1, -1, counted);
	hk_stx(e, BPF_W, BPF_REG_10, BPF_REG_1, HK_MAP_KEY);
	hk_map_lookup(e, CG_MAP_COUNTERS, counted);
	hk_count(e);
	hk_place(e, counted);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_7, IR_CLS_ACCEPT, x->accept);
	hk_jmp_imm(e, BPF_JMP32, BPF_JEQ, BPF_REG_7, IR_CLS_RETURN, x->ret);
	hk_ja(e, x->drop);

	free(full.keys);
	free(base.keys);
	free(group.keys);
	free(suffix.keys);
	free(iv);
	free(pats);
	free(l.v);
	free(r);
	free(rec);
}
