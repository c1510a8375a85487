// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft diff [-j] OLD NEW: the packets whose verdict changes between two
 * rule files, per cgroup and hook, as regions with a witness packet each
 * (doc/ANALYSIS.md).  Exit 0: nothing changes; 1: something changes or may
 * change; 2: bad input or usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/analysis.h"
#include "cli/commands.h"
#include "frontend/frontend.h"
#include "ir/json.h"

#define DIFF_CHANGED 1
#define DIFF_TROUBLE 2

static void diff_usage(FILE *out)
{
	fprintf(out, "Usage: cgnft diff [-j] OLD NEW\n"
		"\nPrint the packets whose verdict changes from rule file OLD to rule file\n"
		"NEW, per cgroup and hook, as regions (families, prefixes, protocols,\n"
		"port ranges, marks, lengths, devices, ct) with a witness packet each,\n"
		"in `cgnft test --packet` words.  Where a rule that decides cannot be\n"
		"modelled (doc/ANALYSIS.md), the program is reported as one that may\n"
		"change, unless it is the same in both files.\n"
		"  -j, --json    JSON output\n"
		"Exit status: 0 nothing changes, 1 something changes or may change,\n"
		"2 bad input or usage.\n");
}

struct side {
	const struct ir_unit *unit;
	struct rg_ctx ctx;
};

static const struct ir_prog *find_prog(const struct ir_unit *u, const char *cgroup,
				       enum ir_hook hook)
{
	for (size_t i = 0; i < u->nprogs; i++)
		if (u->progs[i].hook == hook && !strcmp(u->progs[i].cgroup, cgroup))
			return &u->progs[i];
	return NULL;
}

/* The program as text: equal texts, equal verdicts. */
static char *prog_text(const struct ir_unit *u, const struct ir_prog *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (p) {
		for (size_t i = 0; i < p->nbase_chains; i++) {
			const struct ir_chain *c = &u->chains[p->base_chains[i]];

			fprintf(f, "%s/%s %d %d\n", c->table, c->name, c->priority, c->policy);
		}
		for (size_t t = 0; t < p->ntables; t++)
			for (size_t k = 0; k < u->ntables; k++)
				if (!strcmp(u->tables[k].name, p->tables[t]))
					fprintf(f, "%s\n", u->tables[k].source ? u->tables[k].source : "");
	}
	fclose(f);
	return buf;
}

/* No program: every packet passes. */
static bool verdicts(struct side *s, const struct ir_prog *p, enum ir_hook hook,
		     struct rg_set *acc, struct rg_set *drop, const struct ir_rule **why_rule,
		     const char **why)
{
	if (!p) {
		rg_universe_hook(acc, hook);
		drop->b = NULL;
		drop->n = 0;
		return true;
	}
	if (p->hook != IR_HOOK_INGRESS && p->hook != IR_HOOK_EGRESS) {
		*why_rule = NULL;
		*why = "this hook is not modelled";
		return false;
	}
	return an_prog_verdicts(&s->ctx, p, acc, drop, why_rule, why);
}

struct printer {
	bool json;
	int nitems;
};

static void print_changes(struct printer *pr, const char *cgroup, enum ir_hook hook,
			  const struct rg_set *set, const char *from, const char *to)
{
	for (size_t i = 0; i < set->n; i++) {
		char w[512];
		bool has_w = an_box_witness(&set->b[i], w, sizeof(w));

		if (pr->json) {
			printf("%s{\"cgroup\":", pr->nitems++ ? "," : "");
			json_quote(stdout, cgroup);
			printf(",\"hook\":\"%s\",\"old\":\"%s\",\"new\":\"%s\",\"region\":",
			       ir_hook_name(hook), from, to);
			an_box_json(&set->b[i], stdout);
			printf(",\"text\":");
			{
				char *t = NULL;
				size_t l = 0;
				FILE *f = open_memstream(&t, &l);

				an_box_text(&set->b[i], f);
				fclose(f);
				json_quote(stdout, t);
				free(t);
			}
			printf(",\"witness\":");
			if (has_w)
				json_quote(stdout, w);
			else
				printf("null");
			printf("}");
			continue;
		}
		printf("  %s -> %s: ", from, to);
		an_box_text(&set->b[i], stdout);
		if (has_w)
			printf("\n    witness: %s (old %s, new %s)\n", w, from, to);
		else
			printf("\n    witness: none (no `cgnft test` packet in this region)\n");
		pr->nitems++;
	}
}

static void print_unknown(struct printer *pr, const char *cgroup, enum ir_hook hook,
			  const struct ir_rule *r, const char *why, const char *file)
{
	if (pr->json) {
		printf("%s{\"cgroup\":", pr->nitems++ ? "," : "");
		json_quote(stdout, cgroup);
		printf(",\"hook\":\"%s\",\"old\":null,\"new\":null,\"may_change\":true,\"reason\":",
		       ir_hook_name(hook));
		json_quote(stdout, why);
		if (r) {
			printf(",\"rule\":\"%s:%d\"", r->origin.file, r->origin.line);
		}
		printf("}");
		return;
	}
	printf("  may change: not modelled: ");
	if (r)
		printf("%s:%d: %s: %s\n", r->origin.file, r->origin.line, why, r->origin.text);
	else
		printf("%s: %s\n", file, why);
	pr->nitems++;
}

/* Returns 1 when something changes or may change. */
static int diff_prog(struct printer *pr, struct side *old, struct side *new,
		     const char *cgroup, enum ir_hook hook, const char *oldf, const char *newf)
{
	const struct ir_prog *po = find_prog(old->unit, cgroup, hook);
	const struct ir_prog *pn = find_prog(new->unit, cgroup, hook);
	struct rg_set oa, od, na, nd, ad, da;
	const struct ir_rule *wr = NULL;
	const char *why = NULL, *wf = oldf;
	int before = pr->nitems;
	bool ok;

	ok = verdicts(old, po, hook, &oa, &od, &wr, &why);
	if (ok) {
		wf = newf;
		ok = verdicts(new, pn, hook, &na, &nd, &wr, &why);
		if (!ok) {
			rg_set_free(&oa);
			rg_set_free(&od);
		}
	}
	if (!pr->json)
		printf("cgroup %s hook %s:\n", cgroup, ir_hook_name(hook));
	if (!ok) {
		char *a = prog_text(old->unit, po), *b = prog_text(new->unit, pn);
		bool same = a && b && !strcmp(a, b);

		free(a);
		free(b);
		if (same) {
			if (!pr->json)
				printf("  no change (not modelled, but the same in both files)\n");
			return 0;
		}
		print_unknown(pr, cgroup, hook, wr, why, wf);
		return 1;
	}
	rg_set_copy(&ad, &oa);
	rg_set_intersect(&ad, &nd);
	rg_set_coalesce(&ad);
	rg_set_copy(&da, &od);
	rg_set_intersect(&da, &na);
	rg_set_coalesce(&da);
	print_changes(pr, cgroup, hook, &ad, "accept", "drop");
	print_changes(pr, cgroup, hook, &da, "drop", "accept");
	if (!pr->json && pr->nitems == before)
		printf("  no change\n");
	rg_set_free(&oa);
	rg_set_free(&od);
	rg_set_free(&na);
	rg_set_free(&nd);
	rg_set_free(&ad);
	rg_set_free(&da);
	return pr->nitems != before;
}

/* Each (cgroup, hook) of either file once, in file order. */
static bool seen_before(const struct ir_unit *a, size_t upto, const struct ir_prog *p)
{
	for (size_t i = 0; i < upto; i++)
		if (a->progs[i].hook == p->hook && !strcmp(a->progs[i].cgroup, p->cgroup))
			return true;
	return false;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct printer pr = { 0 };
	struct side old, new;
	struct ir_unit *uo, *un;
	int c, changed = 0;
	/* reject runs as drop (the one thing a cgroup program can do with
	 * the packet; the front end warns): diff compares what the program
	 * does, so reject and drop are the same verdict here */
	struct fe_options diff_options = { .reject_as_drop = true };

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		if (c == 'j') {
			pr.json = true;
		} else if (c == 'h') {
			diff_usage(stdout);
			return 0;
		} else {
			diff_usage(stderr);
			return DIFF_TROUBLE;
		}
	}
	if (optind != argc - 2) {
		diff_usage(stderr);
		return DIFF_TROUBLE;
	}
	uo = fe_build_file(argv[optind], &diff_options, stderr);
	if (!uo)
		return DIFF_TROUBLE;
	un = fe_build_file(argv[optind + 1], &diff_options, stderr);
	if (!un) {
		ir_unit_free(uo);
		return DIFF_TROUBLE;
	}
	old.unit = uo;
	new.unit = un;
	rg_ctx_init(&old.ctx, uo);
	rg_ctx_init(&new.ctx, un);
	if (pr.json)
		printf("{\"changes\":[");
	for (size_t i = 0; i < uo->nprogs; i++)
		if (!seen_before(uo, i, &uo->progs[i]))
			changed |= diff_prog(&pr, &old, &new, uo->progs[i].cgroup,
					     uo->progs[i].hook, argv[optind], argv[optind + 1]);
	for (size_t i = 0; i < un->nprogs; i++)
		if (!seen_before(un, i, &un->progs[i]) &&
		    !find_prog(uo, un->progs[i].cgroup, un->progs[i].hook))
			changed |= diff_prog(&pr, &old, &new, un->progs[i].cgroup,
					     un->progs[i].hook, argv[optind], argv[optind + 1]);
	if (pr.json)
		printf("]}\n");
	ir_unit_free(uo);
	ir_unit_free(un);
	return changed ? DIFF_CHANGED : 0;
}
