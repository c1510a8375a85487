// SPDX-License-Identifier: GPL-2.0
/*
 * Rules: statements in nft syntax -> IR statements.  Matches get their
 * implicit protocol dependencies here, as nft's evaluate.c inserts them
 * for the inet family: `tcp dport 22` becomes `meta l4proto tcp` +
 * `th dport 22`, `ip saddr x` becomes `meta nfproto ipv4` + the load.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/eval.h"
#include "frontend/fields.h"
#include "ir/xalloc.h"
#include "runtime/cgroup2.h"

/* Why a cgroup table cannot have these (nft has them elsewhere). */
static const struct {
	const char *word;
	const char *why;
} unsupported[] = {
	{ "ct", "ct is not available in a cgroup table: cgroup hooks have no connection tracking" },
	{ "reject", "reject is not available in a cgroup table: a cgroup program can only pass or drop (use drop)" },
	{ "iifname", "interface names are not available in a cgroup table: the hook runs per socket, not per interface" },
	{ "oifname", "interface names are not available in a cgroup table: the hook runs per socket, not per interface" },
	{ "iif", "interfaces are not available in a cgroup table: the hook runs per socket, not per interface" },
	{ "oif", "interfaces are not available in a cgroup table: the hook runs per socket, not per interface" },
	{ "ether", "link-layer headers are not available in a cgroup table: cgroup_skb sees packets from the IP header" },
	{ "vlan", "link-layer headers are not available in a cgroup table: cgroup_skb sees packets from the IP header" },
	{ "arp", "arp is not available in a cgroup table: cgroup_skb sees only IPv4 and IPv6 packets" },
	{ "log", "log is not available in a cgroup table: there is no logging from cgroup programs (use counter)" },
	{ "limit", "limit is not available in a cgroup table" },
	{ "quota", "quota is not available in a cgroup table" },
	{ "queue", "queue is not available in a cgroup table: cgroup programs cannot queue to user space" },
	{ "snat", "NAT is not available in a cgroup table" },
	{ "dnat", "NAT is not available in a cgroup table" },
	{ "masquerade", "NAT is not available in a cgroup table" },
	{ "redirect", "NAT is not available in a cgroup table" },
	{ "fib", "fib is not available in a cgroup table: cgroup programs have no routing lookup" },
	{ "notrack", "notrack is not available in a cgroup table: cgroup hooks have no connection tracking" },
	{ "dup", "dup is not available in a cgroup table" },
	{ "fwd", "fwd is not available in a cgroup table" },
	{ "sctp", "sctp headers are not supported by cgnft yet (use meta l4proto sctp or th)" },
	{ "dccp", "dccp headers are not supported by cgnft yet (use meta l4proto dccp or th)" },
	{ "udplite", "udplite headers are not supported by cgnft yet (use meta l4proto udplite or th)" },
	{ "exthdr", "IPv6 extension header matches are not supported by cgnft yet" },
	{ "rt", "IPv6 routing header matches are not supported by cgnft yet" },
	{ "frag", "IPv6 fragment header matches are not supported by cgnft yet" },
	{ "hbh", "IPv6 hop-by-hop header matches are not supported by cgnft yet" },
};

/* One rule being parsed. */
struct rp {
	struct ev *e;
	struct ev_chain *c;
	const struct ev_toks *t;
	size_t pos;
	struct ir_rule *rule;
	int nfproto;		/* established by a dependency or match; 0 none */
	const char *nf_by;	/* the selector that established it */
	int l4proto;		/* -1 none */
	const char *l4_by;
	bool verdict_seen;
	struct fe_loc verdict_loc;
	bool ok;
	char **alts;		/* a positive string set, see ev_rule */
	size_t nalts, alt_stmt;
};

static void use_family(struct rp *r, enum ev_family f, const struct fe_loc *loc)
{
	if (!r->c->uses_family[f]) {
		r->c->uses_family[f] = true;
		r->c->family_loc[f] = *loc;
	}
}

static const struct fe_tok *peek(struct rp *r, size_t ahead)
{
	return r->pos + ahead < r->t->n ? &r->t->v[r->pos + ahead] : NULL;
}

static bool is(const struct fe_tok *t, const char *text)
{
	return t && !strcmp(t->text, text) && t->kind != FE_TOK_STRING;
}

static const struct fe_loc *loc_here(struct rp *r)
{
	static struct fe_loc end;

	if (r->pos < r->t->n)
		return &r->t->v[r->pos].loc;
	end = r->t->v[r->t->n - 1].loc;
	end.first_col = end.last_col;
	return &end;
}

static bool fail(struct rp *r, const struct fe_loc *loc, const char *msg)
{
	fe_error(r->e->d, loc, "%s", msg);
	r->ok = false;
	return false;
}

static void add(struct rp *r, const struct ir_stmt *s)
{
	ir_rule_add_stmt(r->rule, s);
}

static void add_dep(struct rp *r, enum ir_meta key, uint64_t v)
{
	struct ir_stmt s = { .kind = IR_STMT_MATCH };

	s.match.field = (struct ir_field){ .base = IR_BASE_META, .key = key,
					   .len = 1, .mask = ~0ull };
	s.match.op = IR_OP_EQ;
	s.match.value.lo = v;
	add(r, &s);
}

static const char *nf_name(int nf)
{
	return nf == 2 ? "ip" : "ip6";
}

/* The implicit dependencies of a selector; errors on a conflict with what
 * the rule already established (nft: "conflicting protocols specified"). */
static bool dependencies(struct rp *r, const struct fe_field *f,
			 const struct fe_loc *loc)
{
	if (f->dep_nfproto && r->nfproto && r->nfproto != f->dep_nfproto) {
		fe_error(r->e->d, loc, "conflicting protocols specified: %s vs. %s",
			 r->nf_by ? r->nf_by : nf_name(r->nfproto), f->proto);
		r->ok = false;
		return false;
	}
	if (f->dep_l4proto >= 0 && r->l4proto >= 0 && r->l4proto != f->dep_l4proto) {
		fe_error(r->e->d, loc, "conflicting protocols specified: %s vs. %s",
			 r->l4_by ? r->l4_by : "meta l4proto", f->proto);
		r->ok = false;
		return false;
	}
	if (f->dep_nfproto && !r->nfproto) {
		add_dep(r, IR_META_NFPROTO, f->dep_nfproto);
		r->nfproto = f->dep_nfproto;
		r->nf_by = f->proto;
	}
	if (f->dep_l4proto >= 0 && r->l4proto < 0) {
		add_dep(r, IR_META_L4PROTO, f->dep_l4proto);
		r->l4proto = f->dep_l4proto;
		r->l4_by = f->proto;
	}
	return true;
}

/* A selector: `ip saddr`, `meta mark`, bare `mark`. */
static const struct fe_field *selector(struct rp *r, struct fe_loc *loc)
{
	const struct fe_tok *a = peek(r, 0), *b = peek(r, 1);
	const struct fe_field *f;

	if (!a || a->kind != FE_TOK_WORD)
		return NULL;
	f = fe_field_bare_meta(a->text);
	if (f && !is(b, "set")) {
		*loc = a->loc;
		r->pos++;
		return f;
	}
	if (!fe_field_is_proto(a->text))
		return NULL;
	if (!b || b->kind != FE_TOK_WORD) {
		fail(r, &a->loc, "expected a header field after the protocol");
		return NULL;
	}
	if (!strcmp(a->text, "meta") && !strcmp(b->text, "skgid")) {
		fail(r, &b->loc, "meta skgid is not available in a cgroup table: "
		     "cgroup_skb programs have no helper for the socket's group");
		return NULL;
	}
	f = fe_field_find(a->text, b->text);
	if (!f) {
		fe_error(r->e->d, &b->loc, "unknown %s field \"%s\"", a->text, b->text);
		r->ok = false;
		return NULL;
	}
	*loc = fe_loc_span(&a->loc, &b->loc);
	r->pos += 2;
	return f;
}

static enum ir_op parse_op(struct rp *r, bool *explicit)
{
	static const struct { const char *s; enum ir_op op; } ops[] = {
		{ "==", IR_OP_EQ }, { "eq", IR_OP_EQ }, { "!=", IR_OP_NE },
		{ "ne", IR_OP_NE }, { "<", IR_OP_LT }, { "lt", IR_OP_LT },
		{ ">", IR_OP_GT }, { "gt", IR_OP_GT }, { "<=", IR_OP_LE },
		{ "le", IR_OP_LE }, { ">=", IR_OP_GE }, { "ge", IR_OP_GE },
	};
	const struct fe_tok *t = peek(r, 0);

	*explicit = false;
	for (size_t i = 0; t && i < sizeof(ops) / sizeof(ops[0]); i++)
		if (is(t, ops[i].s)) {
			r->pos++;
			*explicit = true;
			return ops[i].op;
		}
	return IR_OP_EQ;
}

/* A flag list for bitmask types: `syn,ack`, `(syn|ack)`, `syn|ack`. */
static bool flag_list(struct rp *r, enum fe_type type, int bits, uint64_t *out)
{
	bool paren = is(peek(r, 0), "(");
	struct ir_val lo, hi;

	*out = 0;
	if (paren)
		r->pos++;
	for (;;) {
		const struct fe_tok *t = peek(r, 0);

		if (!t || t->kind != FE_TOK_WORD)
			return fail(r, loc_here(r), "expected a value");
		if (!fe_parse_value(r->e->d, &t->loc, t->text, type, bits, &lo, &hi)) {
			r->ok = false;
			return false;
		}
		*out |= lo.lo;
		r->pos++;
		if (is(peek(r, 0), ",") || is(peek(r, 0), "|")) {
			r->pos++;
			continue;
		}
		break;
	}
	if (paren) {
		if (!is(peek(r, 0), ")"))
			return fail(r, loc_here(r), "expected ')'");
		r->pos++;
	}
	return true;
}

/* One value word (or `a - b` with spaces) of a type: lo..hi. */
static bool value(struct rp *r, enum fe_type type, int bits, struct ir_val *lo,
		  struct ir_val *hi, struct fe_loc *loc)
{
	const struct fe_tok *t = peek(r, 0);

	if (!t || t->kind == FE_TOK_PUNCT)
		return fail(r, loc_here(r), "expected a value");
	if (t->kind == FE_TOK_STRING)
		return fail(r, &t->loc, "a quoted string is not a valid value here");
	*loc = t->loc;
	r->pos++;
	if (!fe_parse_value(r->e->d, &t->loc, t->text, type, bits, lo, hi)) {
		r->ok = false;
		return false;
	}
	if (is(peek(r, 0), "-") && peek(r, 1) && peek(r, 1)->kind == FE_TOK_WORD) {
		struct ir_val l2, h2;
		const struct fe_tok *u = peek(r, 1);

		r->pos += 2;
		if (!fe_parse_value(r->e->d, &u->loc, u->text, type, bits, &l2, &h2)) {
			r->ok = false;
			return false;
		}
		*hi = h2;
		*loc = fe_loc_span(loc, &u->loc);
		if (hi->hi < lo->hi || (hi->hi == lo->hi && hi->lo < lo->lo))
			return fail(r, loc, "Range has zero or negative size");
	}
	return true;
}

static const char *type_article(enum fe_type t)
{
	return fe_type_name(t);
}

/* `@name`: a named set, type-checked against the selectors. */
static int named_set(struct rp *r, const enum fe_type *types, int n,
		     bool vmap)
{
	const struct fe_tok *at = peek(r, 0), *name = peek(r, 1);
	struct ev_set *s;

	if (!name || name->kind != FE_TOK_WORD)
		return fail(r, &at->loc, "expected a set name after '@'"), -1;
	r->pos += 2;
	s = ev_find_set(r->e, name->text);
	if (!s) {
		fe_error(r->e->d, &name->loc, "Could not process rule: Set '%s' does not exist",
			 name->text);
		r->ok = false;
		return -1;
	}
	if (vmap)
		return fail(r, &name->loc, "named verdict maps are not supported: "
			    "write the map inline, `vmap { key : verdict }`"), -1;
	if (s->nfields != n) {
		fail(r, &name->loc, "datatype mismatch: the set's key has a different "
		     "number of concatenated fields");
		return -1;
	}
	for (int i = 0; i < n; i++)
		if (s->types[i] != types[i]) {
			fe_error(r->e->d, &name->loc,
				 "datatype mismatch, expected %s, set has type %s",
				 type_article(types[i]), type_article(s->types[i]));
			r->ok = false;
			return -1;
		}
	return s->index;
}

static int anon_set(struct rp *r, const enum fe_type *types, const int *bits,
		    int n, bool vmap)
{
	struct ir_set set = { .anonymous = true, .is_vmap = vmap, .nfields = n };

	for (int i = 0; i < n; i++)
		set.field_len[i] = bits[i] > 64 ? 16 : (bits[i] + 7) / 8;
	if (!ev_elements(r->e, r->t, &r->pos, types, bits, n, vmap, r->c, &set)) {
		r->ok = false;
		free(set.elems);
		return -1;
	}
	set.name = xasprintf("__set%d", r->e->nanon++);
	return ir_unit_add_set(r->e->u, &set);
}

/* A relational expression after the selector(s). */
static bool match(struct rp *r, const struct fe_field **fs, struct fe_loc *locs,
		  int n)
{
	enum fe_type types[IR_MAX_CONCAT];
	int bits[IR_MAX_CONCAT];
	struct ir_field field = fs[0]->field;
	struct ir_stmt s = { 0 };
	bool explicit, masked = false;
	enum ir_op op;
	struct ir_val lo, hi;
	struct fe_loc vloc;

	for (int i = 0; i < n; i++) {
		types[i] = fs[i]->type;
		bits[i] = fs[i]->bits;
	}
	if (is(peek(r, 0), "vmap")) {
		if (n > 1 || bits[0] > 64)
			return fail(r, &peek(r, 0)->loc, "verdict maps keyed by a concatenation "
				    "or an IPv6 address are not supported yet: use a set per verdict");
		r->pos++;
		s.kind = IR_STMT_VMAP;
		s.lookup.nfields = n;
		for (int i = 0; i < n; i++)
			s.lookup.fields[i] = fs[i]->field;
		if (is(peek(r, 0), "@"))
			s.lookup.set = named_set(r, types, n, true);
		else if (is(peek(r, 0), "{"))
			s.lookup.set = anon_set(r, types, bits, n, true);
		else
			return fail(r, loc_here(r), "expected '{' after vmap");
		if (s.lookup.set < 0)
			return false;
		if (r->verdict_seen)
			return fail(r, &locs[0], "Statement after terminal statement has no effect");
		r->verdict_seen = true;
		r->verdict_loc = locs[0];
		add(r, &s);
		return true;
	}
	if (n == 1 && is(peek(r, 0), "&")) {
		uint64_t mask;

		r->pos++;
		if (!flag_list(r, types[0], bits[0], &mask))
			return false;
		field.mask = mask;
		masked = true;
	}
	op = parse_op(r, &explicit);
	if (is(peek(r, 0), "{") || is(peek(r, 0), "@")) {
		if (masked)
			return fail(r, loc_here(r), "a masked field cannot be looked up in a set");
		if (explicit && op != IR_OP_EQ && op != IR_OP_NE)
			return fail(r, loc_here(r), "only == and != can be used with a set");
		s.kind = IR_STMT_LOOKUP;
		s.lookup.nfields = n;
		s.lookup.neg = op == IR_OP_NE;
		for (int i = 0; i < n; i++)
			s.lookup.fields[i] = fs[i]->field;
		s.lookup.set = is(peek(r, 0), "@") ? named_set(r, types, n, false) :
			       anon_set(r, types, bits, n, false);
		if (s.lookup.set < 0)
			return false;
		add(r, &s);
		return true;
	}
	if (n > 1)
		return fail(r, loc_here(r), "a concatenation is matched against a set: "
			    "`a . b { x . y, ... }`");
	s.kind = IR_STMT_MATCH;
	s.match.field = field;

	if (types[0] == FE_T_TCP_FLAGS && !masked) {
		uint64_t v, mask;

		if (!flag_list(r, types[0], bits[0], &v))
			return false;
		if (is(peek(r, 0), "/")) {
			/* `tcp flags syn / syn,ack`: (flags & mask) == value */
			r->pos++;
			if (!flag_list(r, types[0], bits[0], &mask))
				return false;
			s.match.field.mask = mask;
			s.match.op = explicit ? op : IR_OP_EQ;
			s.match.value.lo = v;
		} else if (!explicit) {
			/* implicit op on a bitmask: any of the flags is set */
			s.match.field.mask = v;
			s.match.op = IR_OP_NE;
			s.match.value.lo = 0;
		} else {
			s.match.op = op;
			s.match.value.lo = v;
		}
		add(r, &s);
		return true;
	}
	if (masked) {
		uint64_t v;

		if (!flag_list(r, types[0], bits[0], &v))
			return false;
		s.match.op = op;
		s.match.value.lo = v;
		add(r, &s);
		return true;
	}
	if (!value(r, types[0], bits[0], &lo, &hi, &vloc))
		return false;
	if (lo.lo != hi.lo || lo.hi != hi.hi) {
		if (explicit && op != IR_OP_EQ && op != IR_OP_NE)
			return fail(r, &vloc, "a range or prefix can only be compared with == or !=");
		s.match.op = op == IR_OP_NE ? IR_OP_NRANGE : IR_OP_RANGE;
		s.match.value = lo;
		s.match.value_hi = hi;
	} else {
		s.match.op = op;
		s.match.value = lo;
	}
	/* an explicit protocol match establishes the rule's context */
	if (s.match.op == IR_OP_EQ && field.base == IR_BASE_META) {
		if (field.key == IR_META_NFPROTO && !r->nfproto) {
			r->nfproto = lo.lo;
			r->nf_by = "meta nfproto";
		} else if (field.key == IR_META_L4PROTO && r->l4proto < 0) {
			r->l4proto = lo.lo;
			r->l4_by = "meta l4proto";
		}
	}
	add(r, &s);
	return true;
}

static bool verdict_kind(const char *w, enum ir_verdict_kind *k)
{
	static const struct { const char *s; enum ir_verdict_kind k; } v[] = {
		{ "accept", IR_VERDICT_ACCEPT }, { "drop", IR_VERDICT_DROP },
		{ "continue", IR_VERDICT_CONTINUE }, { "return", IR_VERDICT_RETURN },
		{ "jump", IR_VERDICT_JUMP }, { "goto", IR_VERDICT_GOTO },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcmp(w, v[i].s)) {
			*k = v[i].k;
			return true;
		}
	return false;
}

/* A verdict at toks[*pos] (for rules and vmap elements). */
bool ev_verdict(struct ev *e, struct ev_chain *c, const struct ev_toks *t,
		size_t *pos, struct ir_verdict *v);

bool ev_verdict(struct ev *e, struct ev_chain *c, const struct ev_toks *t,
		size_t *pos, struct ir_verdict *v)
{
	const struct fe_tok *w = *pos < t->n ? &t->v[*pos] : NULL;
	struct ev_chain *target;

	if (!w || w->kind != FE_TOK_WORD || !verdict_kind(w->text, &v->kind)) {
		fe_error(e->d, w ? &w->loc : &t->v[t->n - 1].loc, "expected a verdict");
		return false;
	}
	(*pos)++;
	if (v->kind != IR_VERDICT_JUMP && v->kind != IR_VERDICT_GOTO)
		return true;
	if (*pos >= t->n || t->v[*pos].kind != FE_TOK_WORD) {
		fe_error(e->d, &w->loc, "%s needs a chain name", w->text);
		return false;
	}
	w = &t->v[(*pos)++];
	target = ev_find_chain(e, w->text);
	if (!target) {
		fe_error(e->d, &w->loc, "Could not process rule: Chain '%s' does not exist",
			 w->text);
		return false;
	}
	if (target->base) {
		fe_error(e->d, &w->loc, "Could not process rule: cannot jump to base chain '%s'",
			 w->text);
		return false;
	}
	v->chain = target->index;
	c->jumps = xgrow(c->jumps, c->njumps, sizeof(*c->jumps));
	c->jumps[c->njumps].target = target - e->t->chains;
	c->jumps[c->njumps].loc = w->loc;
	c->njumps++;
	return true;
}

static bool counter(struct rp *r, const struct fe_tok *kw)
{
	struct ir_counter ctr = { .table = xstrdup(r->e->t->name) };
	struct ir_stmt s = { .kind = IR_STMT_COUNTER };

	r->pos++;
	if (is(peek(r, 0), "packets")) {
		const struct fe_tok *p = peek(r, 1), *b = peek(r, 2), *bv = peek(r, 3);

		if (!p || !fe_parse_u64(p->text, &ctr.packets) || !is(b, "bytes") ||
		    !bv || !fe_parse_u64(bv->text, &ctr.bytes)) {
			free(ctr.table);
			return fail(r, &kw->loc, "expected `counter packets N bytes M`");
		}
		r->pos += 4;
	}
	/* the key is filled in by the chain, once the rule text is known */
	ctr.rule_key = NULL;
	s.counter.index = ir_unit_add_counter(r->e->u, &ctr);
	add(r, &s);
	return true;
}

static bool meta_set(struct rp *r, const struct fe_tok *kw, enum ir_meta key)
{
	const struct fe_tok *v = peek(r, 0);
	struct ir_stmt s = { .kind = IR_STMT_SET_META };
	uint64_t n, minor;
	char *colon;

	if (!v || v->kind != FE_TOK_WORD)
		return fail(r, &kw->loc, "expected a value after set");
	r->pos++;
	colon = key == IR_META_PRIORITY ? strchr(v->text, ':') : NULL;
	if (colon) {
		/* tc class handle major:minor, as nft prints priorities */
		char *maj = xstrndup(v->text, colon - v->text);
		char *majx = xasprintf("0x%s", maj), *minx = xasprintf("0x%s", colon + 1);
		bool ok = fe_parse_u64(majx, &n) && fe_parse_u64(minx, &minor) &&
			  n <= 0xffff && minor <= 0xffff;

		free(maj);
		free(majx);
		free(minx);
		if (!ok)
			return fail(r, &v->loc, "expected a priority as MAJOR:MINOR (hex) or a number");
		n = n << 16 | minor;
	} else if (!fe_parse_u64(v->text, &n) || n > 0xffffffffull) {
		return fail(r, &v->loc, "expected a 32-bit number");
	}
	s.set_meta.key = key;
	s.set_meta.value = n;
	add(r, &s);
	return true;
}

static bool socket_cgroup(struct rp *r, const struct fe_tok *kw)
{
	const struct fe_tok *a = peek(r, 1), *b = peek(r, 2), *lvl = peek(r, 3);
	const struct fe_tok *path;
	struct ir_stmt s = { .kind = IR_STMT_MATCH };
	uint64_t level, id;
	bool explicit;
	enum ir_op op;
	int err;

	if (!is(a, "cgroupv2") || !is(b, "level") || !lvl ||
	    !fe_parse_u64(lvl->text, &level) || level > 255)
		return fail(r, &kw->loc, "expected `socket cgroupv2 level N \"PATH\"` "
			    "(other socket matches are not available in packet chains)");
	r->pos += 4;
	op = parse_op(r, &explicit);
	path = peek(r, 0);
	if (!path || path->kind != FE_TOK_STRING)
		return fail(r, loc_here(r), "expected the cgroup path as a quoted string");
	r->pos++;
	if (op != IR_OP_EQ && op != IR_OP_NE)
		return fail(r, &path->loc, "a cgroup can only be compared with == or !=");
	err = cgroup2_id(path->text, &id);
	if (err) {
		fe_error(r->e->d, &path->loc, "cgroupv2 path fails: %s", strerror(-err));
		r->ok = false;
		return false;
	}
	s.match.field = (struct ir_field){ .base = IR_BASE_META,
		.key = IR_META_CGROUP_ANCESTOR, .len = 8, .mask = ~0ull,
		.level = level };
	s.match.op = op;
	s.match.value.lo = id;
	add(r, &s);
	return true;
}

static bool has_glob(const char *s)
{
	return strchr(s, '*') || strchr(s, '?');
}

/* `"str"`, `!= "str"`, `{ "a", "b" }`, `!= { "a", "b" }` on a string. */
static bool string_match(struct rp *r, struct ir_field field, bool explicit,
			 enum ir_op op)
{
	struct ir_stmt s = { .kind = IR_STMT_STR_MATCH };
	const struct fe_tok *t = peek(r, 0);

	if (explicit && op != IR_OP_EQ && op != IR_OP_NE)
		return fail(r, &t->loc, "strings can only be compared with == or !=");
	s.str.field = field;
	s.str.neg = op == IR_OP_NE;
	if (t->kind == FE_TOK_STRING) {
		if (strlen(t->text) > 64 || !t->text[0])
			return fail(r, &t->loc, "a sysctl string must have 1 to 64 characters");
		s.str.op = has_glob(t->text) ? IR_STR_GLOB : IR_STR_EQ;
		s.str.str = xstrdup(t->text);
		r->pos++;
		add(r, &s);
		return true;
	}
	/* a set of strings: != is every != in turn; == repeats the rule */
	if (!s.str.neg && r->alts)
		return fail(r, &t->loc, "only one set of strings per rule");
	r->pos++;
	while (peek(r, 0) && !is(peek(r, 0), "}")) {
		const struct fe_tok *w = peek(r, 0);

		if (w->kind != FE_TOK_STRING || strlen(w->text) > 64 || !w->text[0])
			return fail(r, &w->loc, "expected a quoted string of 1 to 64 characters");
		if (has_glob(w->text) && !s.str.neg)
			return fail(r, &w->loc, "globs are not allowed in a set of strings; "
				    "write one rule per glob");
		r->pos++;
		if (s.str.neg) {
			s.str.op = has_glob(w->text) ? IR_STR_GLOB : IR_STR_EQ;
			s.str.str = xstrdup(w->text);
			add(r, &s);
		} else {
			r->alts = xrealloc(r->alts, (r->nalts + 1) * sizeof(char *));
			r->alts[r->nalts++] = xstrdup(w->text);
		}
		if (is(peek(r, 0), ","))
			r->pos++;
	}
	if (!peek(r, 0))
		return fail(r, &t->loc, "unterminated set: missing '}'");
	r->pos++;
	if (!s.str.neg) {
		s.str.op = IR_STR_EQ;
		s.str.str = xstrdup(r->alts[0]);
		r->alt_stmt = r->rule->nstmts;
		add(r, &s);
	}
	return true;
}

/* A numeric match on a value that the program parses from a string. */
static bool numeric_field_match(struct rp *r, struct ir_field field, enum fe_type type,
				int bits, bool explicit, enum ir_op op)
{
	const struct fe_field f = { .proto = "sysctl", .name = "value", .field = field,
				    .type = type, .bits = bits, .dep_l4proto = -1 };
	const struct fe_field *fs[1] = { &f };
	struct fe_loc loc = *loc_here(r);

	/* hand the operator back to match(), which parses it again */
	if (explicit)
		r->pos--;
	(void)op;
	return match(r, fs, &loc, 1);
}

static bool sysctl_stmt(struct rp *r, const struct fe_tok *kw)
{
	const struct fe_tok *w = peek(r, 1);
	struct ir_field f = { .base = IR_BASE_SYSCTL, .mask = ~0ull, .len = 8 };
	struct ir_stmt s = { 0 };
	bool explicit;
	enum ir_op op;

	use_family(r, EV_SYSCTL, &kw->loc);
	if (!w)
		return fail(r, &kw->loc, "expected read, write, name, base name, value or current value");
	r->pos += 2;
	if (is(w, "read") || is(w, "write")) {
		s.kind = IR_STMT_MATCH;
		s.match.field = f;
		s.match.field.key = IR_SYSCTL_WRITE;
		s.match.field.len = 1;
		s.match.value.lo = is(w, "write");
		add(r, &s);
		return true;
	}
	if (is(w, "base") && is(peek(r, 0), "name")) {
		r->pos++;
		f.key = IR_SYSCTL_BASE_NAME;
	} else if (is(w, "name")) {
		f.key = IR_SYSCTL_NAME;
	} else if (is(w, "current") && is(peek(r, 0), "value")) {
		r->pos++;
		f.key = IR_SYSCTL_CUR_VALUE;
	} else if (is(w, "value")) {
		f.key = IR_SYSCTL_NEW_VALUE;
		if (is(peek(r, 0), "set")) {
			const struct fe_tok *v = peek(r, 1);

			if (!v || v->kind != FE_TOK_STRING || !v->text[0] || strlen(v->text) > 64)
				return fail(r, &peek(r, 0)->loc, "expected `sysctl value set \"VALUE\"` "
					    "with 1 to 64 characters");
			s.kind = IR_STMT_SET_SYSCTL_VALUE;
			s.set_sysctl.str = xstrdup(v->text);
			r->pos += 2;
			add(r, &s);
			return true;
		}
	} else {
		return fail(r, &w->loc, "unknown sysctl match: expected read, write, name, "
			    "base name, value or current value");
	}
	op = parse_op(r, &explicit);
	if (!peek(r, 0))
		return fail(r, loc_here(r), "expected a value");
	if (peek(r, 0)->kind == FE_TOK_STRING ||
	    (is(peek(r, 0), "{") && peek(r, 1) && peek(r, 1)->kind == FE_TOK_STRING))
		return string_match(r, f, explicit, op);
	if (f.key == IR_SYSCTL_NAME || f.key == IR_SYSCTL_BASE_NAME)
		return fail(r, loc_here(r), "a sysctl name is a quoted string");
	f.numeric_string = true;
	if (is(peek(r, 0), "vmap"))
		return fail(r, loc_here(r), "a verdict map cannot be keyed by a sysctl value "
			    "(a vector value has no single key)");
	return numeric_field_match(r, f, FE_T_INTEGER, 64, explicit, op);
}

static bool socket_stmt(struct rp *r, const struct fe_tok *kw)
{
	static const struct { const char *n; enum ir_sock key; enum fe_type t; } keys[] = {
		{ "family", IR_SOCK_FAMILY, FE_T_AF },
		{ "type", IR_SOCK_TYPE, FE_T_SOCKTYPE },
		{ "protocol", IR_SOCK_PROTOCOL, FE_T_PROTO },
	};
	const struct fe_tok *w = peek(r, 1);

	for (size_t i = 0; w && i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!is(w, keys[i].n))
			continue;
		struct fe_field f = { .proto = "socket", .name = keys[i].n,
				      .field = { .base = IR_BASE_SOCK, .key = keys[i].key,
						 .len = 4, .mask = ~0ull },
				      .type = keys[i].t, .bits = 32, .dep_l4proto = -1 };
		const struct fe_field *fs[1] = { &f };
		struct fe_loc loc = fe_loc_span(&kw->loc, &w->loc);

		use_family(r, EV_SOCK, &kw->loc);
		r->pos += 2;
		return match(r, fs, &loc, 1);
	}
	return fail(r, &kw->loc, "expected socket family, socket type, socket protocol, "
		    "or socket cgroupv2 level N \"PATH\"");
}

static bool statement(struct rp *r)
{
	const struct fe_tok *t = peek(r, 0);
	const struct fe_field *fs[IR_MAX_CONCAT];
	struct fe_loc locs[IR_MAX_CONCAT];
	enum ir_verdict_kind vk;
	int n = 0;

	if (t->kind != FE_TOK_WORD)
		return fail(r, &t->loc, "syntax error, unexpected token at the start of a statement");
	if (r->verdict_seen)
		return fail(r, &t->loc, "Statement after terminal statement has no effect");
	for (size_t i = 0; i < sizeof(unsupported) / sizeof(unsupported[0]); i++)
		if (unsupported[i].why && !strcmp(t->text, unsupported[i].word))
			return fail(r, &t->loc, unsupported[i].why);
	if (verdict_kind(t->text, &vk)) {
		struct ir_stmt s = { .kind = IR_STMT_VERDICT };

		r->verdict_loc = t->loc;
		if (!ev_verdict(r->e, r->c, r->t, &r->pos, &s.verdict)) {
			r->ok = false;
			return false;
		}
		r->verdict_seen = true;
		add(r, &s);
		return true;
	}
	if (!strcmp(t->text, "counter"))
		return counter(r, t);
	if (!strcmp(t->text, "comment")) {
		if (!peek(r, 1) || peek(r, 1)->kind != FE_TOK_STRING)
			return fail(r, &t->loc, "comment needs a quoted string");
		r->pos += 2;
		return true;
	}
	if (!strcmp(t->text, "socket") && is(peek(r, 1), "cgroupv2")) {
		use_family(r, EV_PACKET, &t->loc);
		return socket_cgroup(r, t);
	}
	if (!strcmp(t->text, "socket"))
		return socket_stmt(r, t);
	if (!strcmp(t->text, "sysctl"))
		return sysctl_stmt(r, t);
	if ((is(t, "meta") && is(peek(r, 2), "set")) || is(peek(r, 1), "set")) {
		const struct fe_tok *key = is(t, "meta") ? peek(r, 1) : t;

		r->pos += is(t, "meta") ? 3 : 2;
		use_family(r, EV_PACKET, &t->loc);
		if (is(key, "mark"))
			return meta_set(r, key, IR_META_MARK);
		if (is(key, "priority"))
			return meta_set(r, key, IR_META_PRIORITY);
		return fail(r, &key->loc, "only meta mark and meta priority can be set in a cgroup table "
			    "(packet headers cannot be changed by cgroup_skb programs)");
	}
	for (;;) {
		const struct fe_field *f;

		if (n == IR_MAX_CONCAT)
			return fail(r, loc_here(r), "too many concatenated fields (at most 4)");
		f = selector(r, &locs[n]);
		if (!f) {
			if (r->ok)
				fe_error(r->e->d, loc_here(r), "syntax error, unexpected %s",
					 peek(r, 0) ? peek(r, 0)->text : "end of rule");
			r->ok = false;
			return false;
		}
		use_family(r, EV_PACKET, &locs[n]);
		if (!dependencies(r, f, &locs[n]))
			return false;
		fs[n++] = f;
		if (!is(peek(r, 0), "."))
			break;
		r->pos++;
	}
	return match(r, fs, locs, n);
}

bool ev_rule(struct ev *e, struct ev_chain *c, const struct ev_toks *toks,
	     struct ir_rule *rule, char ***alts, size_t *nalts, size_t *alt_stmt)
{
	struct rp r = { .e = e, .c = c, .t = toks, .rule = rule, .l4proto = -1,
			.ok = true };

	while (r.pos < toks->n && r.ok)
		statement(&r);
	*alts = r.alts;
	*nalts = r.nalts;
	*alt_stmt = r.alt_stmt;
	return r.ok;
}
