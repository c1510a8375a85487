// SPDX-License-Identifier: GPL-2.0
/*
 * Where are the rules of an nft file?  nft itself parses the file (cgnft
 * import --file loads it with the real nft); the kernel then gives rules
 * back by chain and handle, without lines.  This scanner reads only the
 * file's block structure (tables, chains, add/insert rule, flush/delete)
 * so that the k-th rule nft added to a chain can be named by its line.
 * It never judges the rules: when what it finds does not match what nft
 * loaded (counts differ, `insert ... position`, includes), the caller
 * names rules by handle instead.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/import.h"
#include "ir/xalloc.h"

enum tok { T_EOF, T_WORD, T_LBRACE, T_RBRACE, T_END };	/* T_END: newline or ';' */

struct scan {
	const char *p, *start;
	int line;
	enum tok t;
	char word[256];
	int tline;		/* line of the token */
	const char *tpos;	/* where the token starts */
};

static void next(struct scan *s)
{
	size_t n = 0;

	for (;;) {
		while (*s->p == ' ' || *s->p == '\t' || *s->p == '\r')
			s->p++;
		if (*s->p == '\\' && s->p[1] == '\n') {	/* continuation */
			s->p += 2;
			s->line++;
			continue;
		}
		if (*s->p == '#')
			while (*s->p && *s->p != '\n')
				s->p++;
		break;
	}
	s->tline = s->line;
	s->tpos = s->p;
	switch (*s->p) {
	case 0:
		s->t = T_EOF;
		return;
	case '\n':
		s->line++;
		/* fall through */
	case ';':
		s->p++;
		s->t = T_END;
		return;
	case '{':
		s->p++;
		s->t = T_LBRACE;
		return;
	case '}':
		s->p++;
		s->t = T_RBRACE;
		return;
	}
	s->t = T_WORD;
	if (*s->p == '"') {
		s->p++;
		while (*s->p && *s->p != '"' && *s->p != '\n') {
			if (n + 1 < sizeof(s->word))
				s->word[n++] = *s->p;
			s->p++;
		}
		if (*s->p == '"')
			s->p++;
	} else {
		while (*s->p && !strchr(" \t\r\n;{}#\"", *s->p)) {
			if (n + 1 < sizeof(s->word))
				s->word[n++] = *s->p;
			s->p++;
		}
	}
	s->word[n] = 0;
}

/* The source line holding `pos`, trimmed. */
static char *line_text(const char *start, const char *pos)
{
	const char *b = pos, *e = pos;

	while (b > start && b[-1] != '\n')
		b--;
	while (*e && *e != '\n')
		e++;
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return xasprintf("%.*s", (int)(e - b), b);
}

static bool is_family(const char *w)
{
	static const char *const f[] = { "ip", "ip6", "inet", "arp", "bridge", "netdev" };

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (!strcmp(w, f[i]))
			return true;
	return false;
}

static struct imp_chain_locs *get_chain(struct imp_locs *l, const char *fam,
					const char *table, const char *chain)
{
	struct imp_chain_locs **pp = &l->chains;

	for (; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->family, fam) && !strcmp((*pp)->table, table) &&
		    !strcmp((*pp)->chain, chain))
			return *pp;
	*pp = xzalloc(sizeof(**pp));
	(*pp)->family = xstrdup(fam);
	(*pp)->table = xstrdup(table);
	(*pp)->chain = xstrdup(chain);
	return *pp;
}

static void clear_rules(struct imp_chain_locs *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->rules[i].text);
	free(c->rules);
	c->rules = NULL;
	c->n = 0;
}

/* flush/delete: table NULL = every table; chain NULL = every chain. */
static void forget(struct imp_locs *l, const char *fam, const char *table,
		   const char *chain)
{
	for (struct imp_chain_locs *c = l->chains; c; c = c->next)
		if (!table || (!strcmp(c->family, fam) && !strcmp(c->table, table) &&
			       (!chain || !strcmp(c->chain, chain))))
			clear_rules(c);
}

static void add_rule(struct imp_chain_locs *c, struct scan *s, bool front)
{
	struct imp_loc loc = { .line = s->tline, .text = line_text(s->start, s->tpos) };

	c->rules = xrealloc(c->rules, (c->n + 1) * sizeof(*c->rules));
	if (front) {
		memmove(c->rules + 1, c->rules, c->n * sizeof(*c->rules));
		c->rules[0] = loc;
	} else {
		c->rules[c->n] = loc;
	}
	c->n++;
}

/* Skip to the end of the statement, over balanced braces; stops before a
 * closing brace of the enclosing block. */
static void skip_stmt(struct scan *s)
{
	int depth = 0;

	while (s->t != T_EOF) {
		if (s->t == T_LBRACE)
			depth++;
		else if (s->t == T_RBRACE && depth-- == 0)
			return;
		else if (s->t == T_END && depth == 0)
			return;
		next(s);
	}
}

/* Inside `chain NAME {`: up to and including its closing brace. */
static void chain_body(struct imp_locs *l, struct scan *s, struct imp_chain_locs *c)
{
	for (next(s); s->t != T_EOF; ) {
		if (s->t == T_END) {
			next(s);
			continue;
		}
		if (s->t == T_RBRACE) {
			next(s);
			return;
		}
		if (s->t == T_WORD && !strcmp(s->word, "include")) {
			c->unsure = true;	/* how many rules it holds is nft's to know */
			skip_stmt(s);
			continue;
		}
		if (s->t == T_WORD && (!strcmp(s->word, "type") ||
				       !strcmp(s->word, "policy") ||
				       !strcmp(s->word, "comment") ||
				       !strcmp(s->word, "devices") ||
				       !strcmp(s->word, "device"))) {
			skip_stmt(s);
			continue;
		}
		add_rule(c, s, false);
		skip_stmt(s);
	}
	(void)l;
}

/* Inside `table FAMILY NAME {`: up to and including its closing brace. */
static void table_body(struct imp_locs *l, struct scan *s, const char *fam,
		       const char *table)
{
	for (next(s); s->t != T_EOF; ) {
		if (s->t == T_END) {
			next(s);
			continue;
		}
		if (s->t == T_RBRACE) {
			next(s);
			return;
		}
		if (s->t == T_WORD && !strcmp(s->word, "chain")) {
			int line = s->tline;

			next(s);
			if (s->t == T_WORD) {
				struct imp_chain_locs *c = get_chain(l, fam, table, s->word);

				next(s);
				if (s->t == T_LBRACE) {
					if (!c->line)
						c->line = line;
					chain_body(l, s, c);
					continue;
				}
			}
		}
		if (s->t == T_WORD && !strcmp(s->word, "include"))
			l->includes = true;
		/* sets, maps, objects, flags, comments: not rules */
		skip_stmt(s);
		if (s->t == T_RBRACE) {
			next(s);
			return;
		}
	}
}

/* `add|insert rule [FAMILY] TABLE CHAIN [handle|position|index N] STMT`,
 * after the word "rule". */
static void rule_cmd(struct imp_locs *l, struct scan *s, bool front)
{
	char w[3][256];
	int nw = 0;
	struct imp_chain_locs *c;

	for (next(s); s->t == T_WORD && nw < 3; next(s)) {
		snprintf(w[nw++], sizeof(w[0]), "%s", s->word);
		if (nw == 2 && !is_family(w[0])) {
			next(s);
			break;
		}
	}
	if (nw < 2 || (is_family(w[0]) && nw < 3))
		return;
	c = is_family(w[0]) ? get_chain(l, w[0], w[1], w[2]) : get_chain(l, "ip", w[0], w[1]);
	if (s->t == T_WORD && (!strcmp(s->word, "handle") || !strcmp(s->word, "position") ||
			       !strcmp(s->word, "index"))) {
		c->unsure = true;
		next(s);
		next(s);
	}
	if (s->t == T_WORD)
		add_rule(c, s, front);
}

#define MAXW 8

void imp_locate(struct imp_locs *l, const char *text)
{
	struct scan s = { .p = text, .start = text, .line = 1 };

	memset(l, 0, sizeof(*l));
	next(&s);
	while (s.t != T_EOF) {
		char w[MAXW][256];
		int nw = 0, i, line;

		if (s.t != T_WORD) {
			next(&s);
			continue;
		}
		line = s.tline;
		/* the command's leading words, up to a brace or the end */
		while (s.t == T_WORD && nw < MAXW) {
			snprintf(w[nw++], sizeof(w[0]), "%s", s.word);
			if (nw == 2 && (!strcmp(w[0], "add") || !strcmp(w[0], "insert")) &&
			    !strcmp(w[1], "rule"))
				break;
			next(&s);
		}
		if (nw == 2 && !strcmp(w[1], "rule") &&
		    (!strcmp(w[0], "add") || !strcmp(w[0], "insert"))) {
			rule_cmd(l, &s, !strcmp(w[0], "insert"));
			skip_stmt(&s);
			continue;
		}
		i = !strcmp(w[0], "add") || !strcmp(w[0], "create");
		if (nw > i + 1 && !strcmp(w[i], "table") && s.t == T_LBRACE) {
			bool f = nw > i + 2 && is_family(w[i + 1]);

			table_body(l, &s, f ? w[i + 1] : "ip", w[i + 1 + f]);
			continue;
		}
		if (nw > i + 2 && !strcmp(w[i], "chain")) {
			bool f = nw > i + 3 && is_family(w[i + 1]);
			struct imp_chain_locs *c = get_chain(l, f ? w[i + 1] : "ip",
							     w[i + 1 + f], w[i + 2 + f]);

			if (!c->line)
				c->line = line;
			if (s.t == T_LBRACE) {
				chain_body(l, &s, c);
				continue;
			}
		}
		if (nw >= 2 && !strcmp(w[0], "flush") && !strcmp(w[1], "ruleset")) {
			forget(l, NULL, NULL, NULL);
		} else if (nw >= 3 && (!strcmp(w[0], "delete") || !strcmp(w[0], "destroy") ||
				       !strcmp(w[0], "flush")) &&
			   (!strcmp(w[1], "table") || !strcmp(w[1], "chain"))) {
			bool chain = !strcmp(w[1], "chain");
			bool f = nw >= 4 + chain && is_family(w[2]);

			if (nw >= 3 + f + chain)
				forget(l, f ? w[2] : "ip", w[2 + f], chain ? w[3 + f] : NULL);
		} else if (!strcmp(w[0], "include")) {
			l->includes = true;
		}
		skip_stmt(&s);
		if (s.t == T_RBRACE)
			next(&s);
	}
	if (l->includes)
		for (struct imp_chain_locs *c = l->chains; c; c = c->next)
			c->unsure = true;
}

void imp_locs_free(struct imp_locs *l)
{
	while (l->chains) {
		struct imp_chain_locs *c = l->chains;

		l->chains = c->next;
		clear_rules(c);
		free(c->family);
		free(c->table);
		free(c->chain);
		free(c);
	}
}

const struct imp_chain_locs *imp_locs_chain(const struct imp_locs *l,
					    const char *family, const char *table,
					    const char *chain)
{
	for (const struct imp_chain_locs *c = l->chains; c; c = c->next)
		if (!strcmp(c->family, family) && !strcmp(c->table, table) &&
		    !strcmp(c->chain, chain))
			return c;
	return NULL;
}

const char *imp_locs_rule_text(const struct imp_locs *l, int line)
{
	for (const struct imp_chain_locs *c = l->chains; c; c = c->next)
		for (size_t i = 0; i < c->n; i++)
			if (c->rules[i].line == line)
				return c->rules[i].text;
	return NULL;
}
