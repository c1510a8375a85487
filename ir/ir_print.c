// SPDX-License-Identifier: GPL-2.0
/* `cgnft compile --emit ir`: one line per thing, stable order. */
#include <inttypes.h>
#include <string.h>

#include "ir/classify.h"
#include "ir/ir.h"

static const char *const bases[] = {
	[IR_BASE_META] = "meta", [IR_BASE_NETWORK] = "nh",
	[IR_BASE_TRANSPORT] = "th", [IR_BASE_EXTHDR] = "exthdr",
	[IR_BASE_EXTHDR_FOUND] = "exthdr", [IR_BASE_TCPOPT] = "tcpopt",
	[IR_BASE_TCPOPT_FOUND] = "tcpopt", [IR_BASE_SCTPCHUNK] = "sctpchunk",
	[IR_BASE_SCTPCHUNK_FOUND] = "sctpchunk", [IR_BASE_SOCK] = "sock",
	[IR_BASE_SYSCTL] = "sysctl", [IR_BASE_CT] = "ct",
	[IR_BASE_HASH] = "hash",
};

static const char *const metas[IR_META_MAX] = {
	[IR_META_NFPROTO] = "nfproto", [IR_META_L4PROTO] = "l4proto",
	[IR_META_PROTOCOL] = "protocol", [IR_META_LEN] = "len",
	[IR_META_MARK] = "mark", [IR_META_PRIORITY] = "priority",
	[IR_META_SKUID] = "skuid", [IR_META_SKGID] = "skgid",
	[IR_META_CGROUP_ANCESTOR] = "cgroup_ancestor",
	[IR_META_PKTTYPE] = "pkttype", [IR_META_CPU] = "cpu",
	[IR_META_RANDOM] = "random", [IR_META_TIME] = "time",
	[IR_META_DAY] = "day", [IR_META_HOUR] = "hour",
	[IR_META_IIFNAME] = "iifname", [IR_META_OIFNAME] = "oifname",
	[IR_META_IIF] = "iif_is", [IR_META_OIF] = "oif_is",
	[IR_META_CGROUP] = "cgroup",
	[IR_META_IIFTYPE] = "iiftype", [IR_META_OIFTYPE] = "oiftype",
	[IR_META_IIFGROUP] = "iifgroup", [IR_META_OIFGROUP] = "oifgroup",
	[IR_META_IIFKIND] = "iifkind", [IR_META_OIFKIND] = "oifkind",
	[IR_META_SOCK_STATE] = "sock_state", [IR_META_SOCK_MARK] = "sock_mark",
	[IR_META_SOCK_WILDCARD] = "sock_wildcard", [IR_META_RTCLASSID] = "rtclassid",
};

static const char *const socks[] = { "family", "type", "protocol" };
static const char *const sysctls[] = { "write", "name", "base_name",
				       "current_value", "new_value" };
static const char *const ops[] = { "==", "!=", "<", ">", "<=", ">=", "in",
				   "not in" };
static const char *const verdicts[] = { "none", "accept", "drop", "continue",
					"return", "jump", "goto" };

static const char *exthdr_name(unsigned type)
{
	switch (type) {
	case 0: return "hbh";
	case 43: return "rt";
	case 44: return "frag";
	case 60: return "dst";
	case 135: return "mh";
	default: return "?";
	}
}

void ir_field_print(const struct ir_field *f, FILE *out)
{
	switch (f->base) {
	case IR_BASE_META:
		fprintf(out, "meta %s", f->key < IR_META_MAX ? metas[f->key] : "?");
		if (f->key == IR_META_CGROUP_ANCESTOR)
			fprintf(out, "(level %u)", f->level);
		if (f->key == IR_META_IIF || f->key == IR_META_OIF)
			fprintf(out, "(\"%.16s\")", f->ifname);
		break;
	case IR_BASE_SOCK:
		fprintf(out, "sock %s", f->key < 3 ? socks[f->key] : "?");
		break;
	case IR_BASE_CT:
		if (f->key == IR_CT_LABEL) {
			fprintf(out, "ct label%s", f->offset == IR_CT_LABEL_LOW ? "[0-63]" :
				f->offset == IR_CT_LABEL_HIGH ? "[64-127]" : "");
			break;
		}
		fprintf(out, "ct %s%s", f->offset == 1 ? "original " : f->offset == 2 ? "reply " : "",
			ir_ct_key_name(f->key));
		if ((f->key == IR_CT_SADDR || f->key == IR_CT_DADDR) && f->len == 16)
			fputs("(ip6)", out);
		break;
	case IR_BASE_HASH:
		fprintf(out, "hash #%u", f->key);
		break;
	case IR_BASE_SYSCTL:
		fprintf(out, "sysctl %s%s", f->key < 5 ? sysctls[f->key] : "?",
			f->numeric_string ? " (number)" : "");
		break;
	case IR_BASE_EXTHDR:
		fprintf(out, "exthdr %s[%u:%u]", exthdr_name(f->key), f->offset, f->len);
		break;
	case IR_BASE_EXTHDR_FOUND:
		fprintf(out, "exthdr %s found", exthdr_name(f->key));
		break;
	case IR_BASE_TCPOPT:
		fprintf(out, "tcpopt %u[%u:%u]", f->key, f->offset, f->len);
		break;
	case IR_BASE_TCPOPT_FOUND:
		fprintf(out, "tcpopt %u found", f->key);
		break;
	case IR_BASE_SCTPCHUNK:
		fprintf(out, "sctpchunk %u[%u:%u]", f->key, f->offset, f->len);
		break;
	case IR_BASE_SCTPCHUNK_FOUND:
		fprintf(out, "sctpchunk %u found", f->key);
		break;
	default:
		fprintf(out, "%s[%u:%u]", bases[f->base], f->offset, f->len);
	}
	if (f->shift)
		fprintf(out, " >> %u", f->shift);
	if (f->mask != ~0ull)
		fprintf(out, " & 0x%" PRIx64, f->mask);
	if (f->lshift)
		fprintf(out, " << %u", f->lshift);
	if (f->xor)
		fprintf(out, " ^ 0x%" PRIx64, f->xor);
}

static void print_val(struct ir_val v, FILE *out)
{
	if (v.hi)
		fprintf(out, "0x%" PRIx64 "%016" PRIx64, v.hi, v.lo);
	else
		fprintf(out, "0x%" PRIx64, v.lo);
}

static void print_verdict(const struct ir_unit *u, struct ir_verdict v, FILE *out)
{
	fputs(verdicts[v.kind], out);
	if (v.kind == IR_VERDICT_JUMP || v.kind == IR_VERDICT_GOTO)
		fprintf(out, " %s/%s", u->chains[v.chain].table, u->chains[v.chain].name);
}

static void print_lookup(const struct ir_unit *u, const struct ir_lookup *l, FILE *out)
{
	for (int i = 0; i < l->nfields; i++) {
		if (i)
			fputs(" . ", out);
		ir_field_print(&l->fields[i], out);
	}
	fprintf(out, " %s@%s", l->neg ? "not in " : "", u->sets[l->set].name);
}

static void print_set_meta(const struct ir_unit *u, const struct ir_stmt *s, FILE *out)
{
	static const char *const vops[] = { "&", "|", "^", "<<", ">>" };

	fprintf(out, "set meta %s = ", metas[s->set_meta.key]);
	switch (s->set_meta.src) {
	case IR_VALUE_CONST:
		fprintf(out, "0x%x", s->set_meta.value);
		break;
	case IR_VALUE_FIELD:
		if (s->set_meta.bswap)
			fprintf(out, "bswap%d(", 8 * s->set_meta.bswap);
		ir_field_print(&s->set_meta.field, out);
		for (int i = 0; i < s->set_meta.nops; i++)
			fprintf(out, " %s 0x%x", vops[s->set_meta.ops[i].op],
				s->set_meta.ops[i].arg);
		if (s->set_meta.bswap)
			fputc(')', out);
		break;
	case IR_VALUE_MAP:
		fputs("map ", out);
		print_lookup(u, &s->set_meta.map, out);
		break;
	}
}

static void print_stmt(const struct ir_unit *u, const struct ir_stmt *s, FILE *out)
{
	fputs("    ", out);
	switch (s->kind) {
	case IR_STMT_MATCH:
		fputs("match ", out);
		ir_field_print(&s->match.field, out);
		fprintf(out, " %s ", ops[s->match.op]);
		print_val(s->match.value, out);
		if (s->match.op == IR_OP_RANGE || s->match.op == IR_OP_NRANGE) {
			fputs("-", out);
			print_val(s->match.value_hi, out);
		}
		break;
	case IR_STMT_LOOKUP:
	case IR_STMT_VMAP:
		fputs(s->kind == IR_STMT_VMAP ? "vmap " : "lookup ", out);
		print_lookup(u, &s->lookup, out);
		break;
	case IR_STMT_STR_MATCH:
		fputs("string ", out);
		ir_field_print(&s->str.field, out);
		fprintf(out, " %s%s \"%s\"", s->str.neg ? "not " : "",
			s->str.op == IR_STR_EQ ? "==" : s->str.op == IR_STR_PREFIX ?
			"prefix" : "glob", s->str.str);
		break;
	case IR_STMT_COUNTER:
		fprintf(out, "counter #%d", s->counter.index);
		break;
	case IR_STMT_LIMIT:
		fprintf(out, "limit #%d", s->state.index);
		break;
	case IR_STMT_QUOTA:
		fprintf(out, "quota #%d", s->state.index);
		break;
	case IR_STMT_LOG:
		fprintf(out, "log site %d limit #%d", s->log.site, s->log.limit);
		break;
	case IR_STMT_DYNSET:
		fprintf(out, "dynset %s ", (const char *[]){ "add", "update", "delete" }[s->dynset.op]);
		print_lookup(u, &s->dynset.key, out);
		if (s->dynset.timeout_ms)
			fprintf(out, " timeout %" PRIu64 "ms", s->dynset.timeout_ms);
		if (s->dynset.counter)
			fputs(" counter", out);
		if (s->dynset.has_limit)
			fprintf(out, " limit%s rate %" PRIu64 "%s/%" PRIu64 "s cost %" PRIu64
				" tokens_max %" PRIu64, s->dynset.limit.invert ? " over" : "",
				s->dynset.limit.rate, s->dynset.limit.bytes ? " bytes" : "",
				s->dynset.limit.unit, s->dynset.limit.cost,
				s->dynset.limit.tokens_max);
		break;
	case IR_STMT_SET_META:
		print_set_meta(u, s, out);
		break;
	case IR_STMT_SET_SYSCTL_VALUE:
		fprintf(out, "set sysctl value \"%s\"", s->set_sysctl.str);
		break;
	case IR_STMT_VERDICT:
		fputs("verdict ", out);
		print_verdict(u, s->verdict, out);
		break;
	}
	fputc('\n', out);
}

void ir_unit_print(const struct ir_unit *u, FILE *out)
{
	for (size_t i = 0; i < u->ncommands; i++) {
		const struct ir_command *c = &u->commands[i];

		if (c->kind == IR_CMD_FLUSH_RULESET)
			fputs("command flush ruleset\n", out);
		else
			fprintf(out, "command %s table %s\n", c->kind == IR_CMD_DELETE_TABLE ?
				"delete" : "destroy", c->table);
	}
	for (size_t i = 0; i < u->ntables; i++) {
		fprintf(out, "table %s\n", u->tables[i].name);
		for (size_t c = 0; c < u->tables[i].ncgroups; c++)
			fprintf(out, "  cgroup \"%s\"\n", u->tables[i].cgroups[c]);
	}
	for (size_t i = 0; i < u->nsets; i++) {
		const struct ir_set *s = &u->sets[i];

		fprintf(out, "set %s: %d field(s), %zu element(s)%s\n", s->name,
			s->nfields, s->nelems, s->is_vmap ? ", verdict map" :
			s->is_map ? ", value map" : "");
		if (s->dynamic)
			fprintf(out, "  dynamic: map dynset_%d, size %u%s%s, timeout %" PRIu64
				"ms, key %s\n", s->map, s->size, s->counter ? ", counter" : "",
				s->has_timeout ? ", flags timeout" : "", s->timeout_ms, s->key);
		for (size_t e = 0; e < s->nelems; e++) {
			fputs("  ", out);
			for (int f = 0; f < s->nfields; f++) {
				if (f)
					fputs(" . ", out);
				print_val(s->elems[e].lo[f], out);
				if (memcmp(&s->elems[e].lo[f], &s->elems[e].hi[f],
					   sizeof(struct ir_val))) {
					fputs("-", out);
					print_val(s->elems[e].hi[f], out);
				}
			}
			if (s->is_vmap) {
				fputs(" : ", out);
				print_verdict(u, s->elems[e].verdict, out);
			}
			if (s->is_map)
				fprintf(out, " : 0x%x", s->elems[e].data);
			if (s->dynamic && s->elems[e].timeout_ms)
				fprintf(out, " timeout %" PRIu64 "ms", s->elems[e].timeout_ms);
			if (s->dynamic && (s->elems[e].packets || s->elems[e].bytes))
				fprintf(out, " packets %" PRIu64 " bytes %" PRIu64,
					s->elems[e].packets, s->elems[e].bytes);
			fputc('\n', out);
		}
	}
	for (size_t i = 0; i < u->ncounters; i++)
		fprintf(out, "counter #%zu: %s (packets %" PRIu64 " bytes %" PRIu64 ")\n",
			i, u->counters[i].rule_key ? u->counters[i].rule_key : "",
			u->counters[i].packets, u->counters[i].bytes);
	for (size_t i = 0; i < u->nlimits; i++) {
		const struct ir_limit *l = &u->limits[i];

		fprintf(out, "limit #%zu: %s (%s%s rate %" PRIu64 " per %" PRIu64 "s burst %u: "
			"tokens_max %" PRIu64 " ns", i, l->key ? l->key : "",
			l->bytes ? "bytes" : "packets", l->invert ? " over" : "", l->rate, l->unit,
			l->burst, l->tokens_max);
		if (!l->bytes)
			fprintf(out, " cost %" PRIu64 " ns", l->cost);
		fputs(")\n", out);
	}
	for (size_t i = 0; i < u->nhashes; i++) {
		const struct ir_hash *h = &u->hashes[i];

		fprintf(out, "hash #%zu: %s", i, h->kind == IR_HASH_JHASH ? "jhash(" :
			h->kind == IR_HASH_INC ? "inc" : "random");
		for (int k = 0; h->kind == IR_HASH_JHASH && k < h->nfields; k++) {
			fprintf(out, "%s@%u ", k ? ", " : "", h->at[k]);
			ir_field_print(&h->fields[k], out);
			fputs(h->host_order[k] ? " host" : "", out);
		}
		if (h->kind == IR_HASH_JHASH)
			fprintf(out, ") len %u seed %s0x%x", h->len, h->seed_set ? "" : "random ",
				h->seed_set ? h->seed : 0);
		fprintf(out, " mod %u offset %u\n", h->mod, h->offset);
	}
	for (size_t i = 0; i < u->nquotas; i++)
		fprintf(out, "quota #%zu: %s (%s%" PRIu64 " bytes used %" PRIu64 ")\n", i,
			u->quotas[i].key ? u->quotas[i].key : "", u->quotas[i].invert ? "over " : "",
			u->quotas[i].bytes, u->quotas[i].used);
	for (size_t i = 0; i < u->nchains; i++) {
		const struct ir_chain *c = &u->chains[i];

		fprintf(out, "chain %s/%s", c->table, c->name);
		if (c->base)
			fprintf(out, " hook %s priority %d policy %s", ir_hook_name(c->hook),
				c->priority, verdicts[c->policy]);
		fputc('\n', out);
		for (size_t r = 0; r < c->nrules; r++) {
			fprintf(out, "  rule %s:%d: %s\n", c->rules[r].origin.file,
				c->rules[r].origin.line, c->rules[r].origin.text);
			for (size_t s = 0; s < c->rules[r].nstmts; s++)
				print_stmt(u, &c->rules[r].stmts[s], out);
		}
		ir_cls_print(c, out);
	}
	for (size_t i = 0; i < u->nprogs; i++) {
		const struct ir_prog *p = &u->progs[i];

		fprintf(out, "prog %s: cgroup \"%s\" hook %s chains", p->name, p->cgroup,
			ir_hook_name(p->hook));
		for (size_t c = 0; c < p->nbase_chains; c++)
			fprintf(out, " %s/%s", u->chains[p->base_chains[c]].table,
				u->chains[p->base_chains[c]].name);
		fputc('\n', out);
	}
}
