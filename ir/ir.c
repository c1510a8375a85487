// SPDX-License-Identifier: GPL-2.0
/* Construction and destruction of the IR.  Growth is by doubling. */
#include <stdlib.h>
#include <string.h>

#include "ir/classify.h"
#include "ir/ir.h"
#include "ir/xalloc.h"

static const char *const hook_names[IR_HOOK_MAX] = {
	[IR_HOOK_INGRESS] = "ingress",
	[IR_HOOK_EGRESS] = "egress",
	[IR_HOOK_SYSCTL] = "sysctl",
	[IR_HOOK_SOCK_CREATE] = "sock_create",
};

const char *ir_hook_name(enum ir_hook hook)
{
	return hook < IR_HOOK_MAX ? hook_names[hook] : "?";
}

static const char *const ct_keys[IR_CT_MAX] = {
	[IR_CT_STATE] = "state", [IR_CT_DIRECTION] = "direction",
	[IR_CT_STATUS] = "status", [IR_CT_MARK] = "mark",
	[IR_CT_L3PROTO] = "l3proto", [IR_CT_PROTOCOL] = "protocol",
	[IR_CT_SADDR] = "saddr", [IR_CT_DADDR] = "daddr",
	[IR_CT_PROTO_SRC] = "proto-src", [IR_CT_PROTO_DST] = "proto-dst",
	[IR_CT_ZONE] = "zone", [IR_CT_EXPIRATION] = "expiration",
	[IR_CT_BYTES] = "bytes", [IR_CT_PACKETS] = "packets", [IR_CT_AVGPKT] = "avgpkt",
	[IR_CT_LABEL] = "label",
};

const char *ir_ct_key_name(unsigned key)
{
	return key < IR_CT_MAX && ct_keys[key] ? ct_keys[key] : "?";
}

/* Append one element of `size` bytes to a growable array. */
static size_t grow_append(void **arr, size_t *n, size_t size, const void *elem)
{
	*arr = xgrow(*arr, *n, size);
	memcpy((char *)*arr + *n * size, elem, size);
	return (*n)++;
}

struct ir_unit *ir_unit_new(void)
{
	return xzalloc(sizeof(struct ir_unit));
}

int ir_unit_add_chain(struct ir_unit *u, const struct ir_chain *c)
{
	return grow_append((void **)&u->chains, &u->nchains, sizeof(*c), c);
}

int ir_unit_add_set(struct ir_unit *u, const struct ir_set *s)
{
	return grow_append((void **)&u->sets, &u->nsets, sizeof(*s), s);
}

int ir_unit_add_counter(struct ir_unit *u, const struct ir_counter *c)
{
	return grow_append((void **)&u->counters, &u->ncounters, sizeof(*c), c);
}

int ir_unit_add_limit(struct ir_unit *u, const struct ir_limit *l)
{
	return grow_append((void **)&u->limits, &u->nlimits, sizeof(*l), l);
}

int ir_unit_add_quota(struct ir_unit *u, const struct ir_quota *q)
{
	return grow_append((void **)&u->quotas, &u->nquotas, sizeof(*q), q);
}

int ir_unit_add_log(struct ir_unit *u, const struct ir_log *l)
{
	return grow_append((void **)&u->logs, &u->nlogs, sizeof(*l), l);
}

int ir_unit_add_prog(struct ir_unit *u, const struct ir_prog *p)
{
	return grow_append((void **)&u->progs, &u->nprogs, sizeof(*p), p);
}

int ir_unit_add_table(struct ir_unit *u, const struct ir_table *t)
{
	return grow_append((void **)&u->tables, &u->ntables, sizeof(*t), t);
}

int ir_unit_add_hash(struct ir_unit *u, const struct ir_hash *h)
{
	return grow_append((void **)&u->hashes, &u->nhashes, sizeof(*h), h);
}

void ir_rule_add_stmt(struct ir_rule *r, const struct ir_stmt *s)
{
	grow_append((void **)&r->stmts, &r->nstmts, sizeof(*s), s);
}

void ir_chain_add_rule(struct ir_chain *c, const struct ir_rule *r)
{
	grow_append((void **)&c->rules, &c->nrules, sizeof(*r), r);
}

static void stmt_free(struct ir_stmt *s)
{
	switch (s->kind) {
	case IR_STMT_STR_MATCH:
		free(s->str.str);
		break;
	case IR_STMT_SET_SYSCTL_VALUE:
		free(s->set_sysctl.str);
		break;
	default:
		break;
	}
}

void ir_rule_free(struct ir_rule *r)
{
	for (size_t k = 0; k < r->nstmts; k++)
		stmt_free(&r->stmts[k]);
	free(r->stmts);
	free(r->origin.file);
	free(r->origin.text);
	memset(r, 0, sizeof(*r));
}

static void strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ir_unit_free(struct ir_unit *u)
{
	if (!u)
		return;
	for (size_t i = 0; i < u->nchains; i++) {
		struct ir_chain *c = &u->chains[i];

		for (size_t j = 0; j < c->nrules; j++)
			ir_rule_free(&c->rules[j]);
		free(c->rules);
		ir_cls_runs_free(c);
		free(c->table);
		free(c->name);
	}
	free(u->chains);
	for (size_t i = 0; i < u->nsets; i++) {
		free(u->sets[i].name);
		free(u->sets[i].elems);
		free(u->sets[i].table);
		free(u->sets[i].key);
		for (int f = 0; f < IR_MAX_CONCAT; f++)
			free(u->sets[i].type_names[f]);
	}
	free(u->sets);
	for (size_t i = 0; i < u->ncounters; i++) {
		free(u->counters[i].table);
		free(u->counters[i].rule_key);
		free(u->counters[i].name);
	}
	free(u->counters);
	for (size_t i = 0; i < u->nlimits; i++) {
		free(u->limits[i].table);
		free(u->limits[i].key);
		free(u->limits[i].name);
	}
	free(u->limits);
	for (size_t i = 0; i < u->nquotas; i++) {
		free(u->quotas[i].table);
		free(u->quotas[i].key);
		free(u->quotas[i].name);
	}
	free(u->quotas);
	for (size_t i = 0; i < u->nlogs; i++) {
		free(u->logs[i].table);
		free(u->logs[i].chain);
		free(u->logs[i].file);
		free(u->logs[i].prefix);
	}
	free(u->logs);
	for (size_t i = 0; i < u->nprogs; i++) {
		struct ir_prog *p = &u->progs[i];

		free(p->name);
		free(p->cgroup);
		free(p->base_chains);
		strv_free(p->tables, p->ntables);
	}
	free(u->progs);
	for (size_t i = 0; i < u->ntables; i++) {
		struct ir_table *t = &u->tables[i];

		free(t->name);
		for (size_t j = 0; j < t->ncgroups; j++)
			free(t->cgroup_locs ? t->cgroup_locs[j].file : NULL);
		strv_free(t->cgroups, t->ncgroups);
		free(t->cgroup_locs);
		free(t->source);
		free(t->listing);
		free(t->json);
	}
	free(u->tables);
	free(u->hashes);
	for (size_t i = 0; i < u->ncommands; i++) {
		free(u->commands[i].table);
		free(u->commands[i].loc.file);
	}
	free(u->commands);
	free(u);
}

unsigned ir_dynset_key_layout(const struct ir_set *s, unsigned off[IR_MAX_CONCAT],
			      unsigned width[IR_MAX_CONCAT])
{
	unsigned at = 0;

	for (int f = 0; f < s->nfields; f++) {
		unsigned w = s->field_len[f] <= 4 ? 4 : s->field_len[f] <= 8 ? 8 : 16;
		unsigned align = w < 8 ? w : 8;

		at = (at + align - 1) / align * align;
		off[f] = at;
		width[f] = w;
		at += w;
	}
	return (at + 7) / 8 * 8;
}
