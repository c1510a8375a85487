// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft import --file: the nft file has been loaded by nft into this
 * (private) network namespace.  Every table of family inet, ip or ip6 with
 * a filter base chain on hook input or output becomes a cgnft table (input
 * -> ingress, output -> egress); every other chain is left out and noted.
 * A rule cgnft cannot carry becomes a comment that says why, and is noted.
 * Last, cgnft's own front end reads the result: a rule it refuses is
 * commented out the same way, so the text always compiles.
 */
#include <stdlib.h>
#include <string.h>

#include <libnftnl/chain.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/frontend.h"
#include "frontend/import.h"
#include "ir/xalloc.h"

static const char *hook_name(uint32_t hook)
{
	switch (hook) {
	case NF_INET_PRE_ROUTING: return "prerouting";
	case NF_INET_LOCAL_IN: return "input";
	case NF_INET_FORWARD: return "forward";
	case NF_INET_LOCAL_OUT: return "output";
	case NF_INET_POST_ROUTING: return "postrouting";
	case NF_INET_INGRESS: return "ingress";
	default: return "(other)";
	}
}

static const char *family_word(int family)
{
	switch (family) {
	case NFPROTO_INET: return "inet";
	case NFPROTO_IPV4: return "ip";
	case NFPROTO_IPV6: return "ip6";
	case NFPROTO_ARP: return "arp";
	case NFPROTO_BRIDGE: return "bridge";
	case NFPROTO_NETDEV: return "netdev";
	default: return "?";
	}
}

static int chain_line(const struct imp_file_ctx *f, const char *fam,
		      const char *table, const char *chain)
{
	const struct imp_chain_locs *c = imp_locs_chain(f->locs, fam, table, chain);

	return c ? c->line : 0;
}

/* Note every chain of a table whose family has no cgroup hook. */
static void note_family(struct imp_file_ctx *f, const struct imp_table_name *t)
{
	char where[300];

	snprintf(where, sizeof(where), "%s %s", family_word(t->family), t->name);
	imp_note_add(f, 0, 0, where, NULL, false, "table left out: the %s family "
		     "has no cgroup hook", family_word(t->family));
}

/* Pick the base chains to carry; note the others.  Returns their count. */
static size_t pick_bases(struct imp_file_ctx *f, const struct imp_dump *d,
			 const char ***bases)
{
	struct nftnl_chain_list_iter *it = nftnl_chain_list_iter_create(d->chains);
	const char *fam = imp_family_name(d->family);
	struct nftnl_chain *ch;
	size_t n = 0;

	*bases = NULL;
	while (it && (ch = nftnl_chain_list_iter_next(it))) {
		const char *name = nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME);
		const char *type = nftnl_chain_get_str(ch, NFTNL_CHAIN_TYPE);
		uint32_t hook;
		char where[600];

		if (!nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM))
			continue;	/* regular chains come along when reached */
		hook = nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM);
		snprintf(where, sizeof(where), "%s %s %s", fam, d->table, name);
		if (type && strcmp(type, "filter")) {
			imp_note_add(f, chain_line(f, fam, d->table, name), 0, where, NULL,
				     false, "chain left out: type %s hook %s has no cgroup "
				     "equivalent (only type filter)", type, hook_name(hook));
			continue;
		}
		if (hook != NF_INET_LOCAL_IN && hook != NF_INET_LOCAL_OUT) {
			imp_note_add(f, chain_line(f, fam, d->table, name), 0, where, NULL,
				     false, "chain left out: hook %s has no cgroup "
				     "equivalent (only input -> ingress, output -> egress)",
				     hook_name(hook));
			continue;
		}
		if (!imp_is_word(name)) {
			imp_note_add(f, chain_line(f, fam, d->table, name), 0, where, NULL,
				     false, "chain left out: its name cannot be written "
				     "in cgnft");
			continue;
		}
		*bases = xrealloc(*bases, (n + 1) * sizeof(**bases));
		(*bases)[n++] = name;
	}
	if (it)
		nftnl_chain_list_iter_destroy(it);
	return n;
}

/* Note the regular chains of d that no carried chain reaches. */
static void note_unreached(struct imp_file_ctx *f, const struct imp_dump *d,
			   const struct imp_table_job *job)
{
	struct nftnl_chain_list_iter *it = nftnl_chain_list_iter_create(d->chains);
	const char *fam = imp_family_name(d->family);
	struct nftnl_chain *ch;

	while (it && (ch = nftnl_chain_list_iter_next(it))) {
		const char *name = nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME);
		bool reached = false;
		char where[600];

		if (nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM))
			continue;
		for (size_t i = 0; job && i < job->nchains; i++)
			reached |= !strcmp(job->chains[i], name);
		if (reached)
			continue;
		snprintf(where, sizeof(where), "%s %s %s", fam, d->table, name);
		imp_note_add(f, chain_line(f, fam, d->table, name), 0, where, NULL, false,
			     "chain left out: no carried rule jumps to it");
	}
	if (it)
		nftnl_chain_list_iter_destroy(it);
}

/* Was `name` given to an earlier table? */
static bool name_taken(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* ---- the front end's judgement ---- */

#define SRC_NAME "cgnft-import"

/* Comment out line `ln` (1-based) of *text, a rule line, with `why`. */
static bool cut_line(char **text, int ln, const char *why, struct imp_file_ctx *f)
{
	char *p = *text, *e, *loc, *out, *body;
	const char *src;
	int line = 1, src_line = 0;

	while (line < ln && (p = strchr(p, '\n'))) {
		p++;
		line++;
	}
	if (!p || strncmp(p, "\t\t", 2) || p[2] == '#' || !strncmp(p, "\t\ttype ", 7))
		return false;
	e = strchr(p, '\n');
	if (!e)
		return false;
	body = xstrndup(p + 2, e - p - 2);
	/* carried rules end in " # PATH:LINE" or " # FAMILY TABLE CHAIN handle N" */
	loc = strstr(body, " # ");
	while (loc && strstr(loc + 3, " # "))
		loc = strstr(loc + 3, " # ");
	if (loc) {
		char *colon = strrchr(loc, ':');

		if (colon && !strstr(loc, " handle "))
			src_line = atoi(colon + 1);
		*loc = 0;
	}
	/* the report shows the rule as the file has it, as for the rules
	 * the importer refuses itself (the translation is `body`) */
	src = src_line && f->locs ? imp_locs_rule_text(f->locs, src_line) : NULL;
	imp_note_add(f, src_line, 0, "cgnft", src ? src : body, true,
		     "rule not carried: cgnft refuses its translation: %s", why);
	f->carried--;
	f->refused++;
	out = xasprintf("%.*s\t\t# %s%s: not carried: cgnft refuses it: %s\n\t\t#\t%s%s",
			(int)(p - *text), *text, loc ? loc + 3 : "", loc ? "" : "rule",
			why, src ? src : body, e);
	free(body);
	free(*text);
	*text = out;
	return true;
}

/* Build `*text` with the front end; comment out each rule it refuses. */
static bool front_end_check(char **text, struct imp_file_ctx *f, char *err,
			    size_t errlen)
{
	for (int round = 0; round < 100000; round++) {
		char *diag, *p;
		bool cut = false;

		if (imp_front_end_build(SRC_NAME, *text, &diag))
			return true;
		/* "cgnft-import:LINE:COL-COL: Error: MESSAGE" */
		for (p = diag; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			char *msg, *eol;
			int ln;

			if (strncmp(p, SRC_NAME ":", strlen(SRC_NAME) + 1))
				continue;
			ln = atoi(p + strlen(SRC_NAME) + 1);
			msg = strstr(p, "Error: ");
			eol = strchr(p, '\n');
			if (!msg || (eol && msg > eol))
				continue;
			msg = xstrndup(msg + 7, eol ? (size_t)(eol - msg - 7) : strlen(msg + 7));
			cut = cut_line(text, ln, msg, f);
			free(msg);
			break;	/* lines moved: build again */
		}
		if (!cut) {
			snprintf(err, errlen, "the imported text does not compile, and not "
				 "because of one rule (a cgnft import bug):\n%s", diag);
			free(diag);
			return false;
		}
		free(diag);
	}
	snprintf(err, errlen, "too many refused rules");
	return false;
}

char *imp_file(const char *path, const char *source, const char *cgroup,
	       struct imp_file_ctx *f, char *err, size_t errlen)
{
	struct imp_table_name *tables = NULL;
	size_t ntables = 0, nnames = 0;
	char **names = NULL, *text;
	struct imp_locs *locs = xzalloc(sizeof(*locs));
	FILE *out;
	size_t len = 0;
	bool ok;

	imp_locate(locs, source);
	f->locs = locs;
	f->path = path;
	text = NULL;
	out = open_memstream(&text, &len);
	ok = out && imp_list_tables(&tables, &ntables, err, errlen);
	if (ok)
		fprintf(out, "# Imported by `cgnft import --file` from %s: nft's input chains\n"
			"# run at hook ingress, its output chains at hook egress.\n", path);
	if (ok && imp_reject_as_drop)
		fputs("# Imported with --reject-as-drop: each reject runs as drop (no ICMP\n"
		      "# error or TCP reset is sent); compile and apply with --reject-as-drop.\n",
		      out);
	for (size_t i = 0; ok && i < ntables; i++) {
		struct imp_table_job job;
		struct imp_dump d;
		const char **bases;
		size_t nb;
		char *t, *cg_name;

		if (!imp_family_from_name(family_word(tables[i].family))) {
			note_family(f, &tables[i]);
			continue;
		}
		if (!imp_dump(&d, tables[i].family, tables[i].name, err, errlen)) {
			ok = false;
			break;
		}
		nb = pick_bases(f, &d, &bases);
		if (!nb) {
			note_unreached(f, &d, NULL);
			imp_dump_free(&d);
			continue;
		}
		if (!imp_is_word(d.table)) {
			char where[300];

			snprintf(where, sizeof(where), "%s %s", family_word(d.family), d.table);
			imp_note_add(f, 0, 0, where, NULL, false, "table left out: its name "
				     "cannot be written in cgnft");
			free(bases);
			imp_dump_free(&d);
			continue;
		}
		cg_name = name_taken(names, nnames, d.table) ?
			  xasprintf("%s_%s", d.table, family_word(d.family)) : xstrdup(d.table);
		names = xrealloc(names, (nnames + 1) * sizeof(*names));
		names[nnames++] = cg_name;
		job = (struct imp_table_job){ .d = &d, .cg_name = cg_name, .bases = bases,
					      .nbases = nb };
		t = imp_emit_table(&job, cgroup, f, err, errlen);
		if (t) {
			fprintf(out, "\n# from nftables table %s %s\n%s", family_word(d.family),
				d.table, t);
			note_unreached(f, &d, &job);
		}
		free(job.chains);
		ok = t != NULL;
		free(t);
		free(bases);
		imp_dump_free(&d);
	}
	if (out)
		fclose(out);
	for (size_t i = 0; i < ntables; i++)
		free(tables[i].name);
	free(tables);
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (ok)
		ok = front_end_check(&text, f, err, errlen);
	f->locs = NULL;
	imp_locs_free(locs);
	free(locs);
	if (!ok) {
		free(text);
		return NULL;
	}
	return text;
}

void imp_file_ctx_free(struct imp_file_ctx *f)
{
	for (size_t i = 0; i < f->nnotes; i++) {
		free(f->notes[i].where);
		free(f->notes[i].what);
		free(f->notes[i].text);
	}
	free(f->notes);
	f->notes = NULL;
	f->nnotes = 0;
}
