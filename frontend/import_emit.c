// SPDX-License-Identifier: GPL-2.0
/*
 * The cgnft table for one base chain: its rules, every regular chain
 * reachable by jump/goto (in the order first reached), and the named sets
 * they look up (in the order first used).
 *
 * Families: a cgnft table sees IPv4 and IPv6 packets, as nft's inet family
 * does.  An ip (ip6) table never sees IPv6 (IPv4) packets: its chains are
 * not run for them at all, so neither its rules nor its policy apply.  The
 * exact translation is one rule in front of the base chain,
 * `meta nfproto != ipv4 accept`: in a cgroup base chain accept only ends
 * this chain (later base chains still run), just as the packet would have
 * skipped the nft chain.  Every rule and jumped-to chain behind it then
 * only sees the family the nft table saw, whatever fields it matches.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <libnftnl/udata.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "frontend/frontend.h"
#include "frontend/import.h"
#include "ir/xalloc.h"

bool imp_fail(struct imp_ctx *c, const char *fmt, ...)
{
	char msg[IMP_ERR_LEN / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->reason, sizeof(c->reason), "%s", msg);
	if (c->handle)
		snprintf(c->err, sizeof(c->err), "%s %s %s handle %llu: %s",
			 imp_family_name(c->d->family), c->d->table, c->chain,
			 (unsigned long long)c->handle, msg);
	else
		snprintf(c->err, sizeof(c->err), "%s %s %s: %s",
			 imp_family_name(c->d->family), c->d->table, c->chain, msg);
	return false;
}

bool imp_is_word(const char *name)
{
	if (!name || !(name[0] == '_' || (name[0] >= 'A' && name[0] <= 'Z') ||
		       (name[0] >= 'a' && name[0] <= 'z')))
		return false;
	for (const char *p = name; *p; p++)
		if (!(*p == '_' || *p == '-' || *p == '.' || (*p >= '0' && *p <= '9') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			return false;
	return true;
}

void imp_add_chain(struct imp_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nchains; i++)
		if (!strcmp(c->chains[i], name))
			return;
	c->chains = xrealloc(c->chains, (c->nchains + 1) * sizeof(*c->chains));
	c->chains[c->nchains++] = name;
}

struct nftnl_set *imp_find_set(const struct imp_ctx *c, const char *name)
{
	return nftnl_set_list_lookup_byname(c->d->sets, name);
}

/* nft's datatype ids (src/datatype.h) of the key types cgnft sets take. */
static bool nft_type(uint32_t id, enum fe_type *t)
{
	switch (id) {
	case 7: *t = FE_T_IPV4; return true;
	case 8: *t = FE_T_IPV6; return true;
	case 12: *t = FE_T_PROTO; return true;
	case 13: *t = FE_T_SERVICE; return true;
	case 14: *t = FE_T_ICMP_TYPE; return true;
	case 19: *t = FE_T_MARK; return true;
	case 29: *t = FE_T_ICMPV6_TYPE; return true;
	default: return false;
	}
}

static bool has_elements(struct nftnl_set *s)
{
	struct nftnl_set_elems_iter *it = nftnl_set_elems_iter_create(s);
	bool any = it && nftnl_set_elems_iter_cur(it);

	if (it)
		nftnl_set_elems_iter_destroy(it);
	return any;
}

bool imp_set_key_type_matches(struct imp_ctx *c, struct nftnl_set *s,
			      const struct imp_key *k)
{
	const char *name = nftnl_set_get_str(s, NFTNL_SET_NAME);
	uint32_t ktype = nftnl_set_is_set(s, NFTNL_SET_KEY_TYPE) ?
			 nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE) : 0;
	enum fe_type parts[IR_MAX_CONCAT];
	bool known[IR_MAX_CONCAT];
	int n = 0;

	if (k->special)
		return true;	/* ct keys and interfaces: import_state.c's types */
	for (uint32_t t = ktype; t; t >>= 6) {
		if (n == IR_MAX_CONCAT)
			return imp_fail(c, "set %s: key type 0x%x has too many parts",
					name, ktype);
		known[n] = nft_type(t & 0x3f, &parts[n]);
		n++;
	}
	if (!ktype)
		return true;	/* no declared type: the key's length was checked */
	if (n != k->n)
		return imp_fail(c, "set %s has %d key parts but is looked up with %d",
				name, n, k->n);
	for (int i = 0; i < n; i++) {
		/* a type cgnft does not know is still not one it knows: a
		 * selector of a known type says which id the set should have */
		if (known[n - 1 - i] ? parts[n - 1 - i] != k->types[i]
				     : imp_set_type_name(k->types[i]) != NULL)
			return imp_fail(c, "set %s has type %s where cgnft needs %s for "
					"its lookup", name,
					known[n - 1 - i] ? imp_set_type_name(parts[n - 1 - i])
							 : "of another nft type id",
					fe_type_name(k->types[i]));
	}
	return true;
}

bool imp_add_set(struct imp_ctx *c, struct nftnl_set *s, const struct imp_key *k)
{
	const char *name = nftnl_set_get_str(s, NFTNL_SET_NAME);
	uint32_t flags = nftnl_set_get_u32(s, NFTNL_SET_FLAGS);
	uint32_t ktype = nftnl_set_get_u32(s, NFTNL_SET_KEY_TYPE);
	enum fe_type parts[IR_MAX_CONCAT];
	int n = 0;

	if (!imp_is_word(name))
		return imp_fail(c, "set name \"%s\" cannot be written in cgnft", name);
	if (flags & NFT_SET_MAP)
		return imp_fail(c, "map %s is looked up without using its values; "
				"cgnft has no such lookup", name);
	if (flags & (NFT_SET_OBJECT | NFT_SET_EXPR))
		return imp_fail(c, "set %s holds objects or expressions (counter, limit, "
				"quota per element); cgnft import does not carry them yet",
				name);
	if ((flags & NFT_SET_TIMEOUT) && has_elements(s))
		return imp_fail(c, "the elements of set %s have timeouts; cgnft import "
				"does not carry them yet (the set's own timeout is)", name);
	if ((flags & (NFT_SET_TIMEOUT | NFT_SET_EVAL)) && (flags & NFT_SET_INTERVAL))
		return imp_fail(c, "set %s is an interval set updated from rules; cgnft's "
				"dynamic sets are hash sets", name);
	/* concatenated types: 6 bits per part, first part highest */
	for (uint32_t t = ktype; t; t >>= 6) {
		if (n == IR_MAX_CONCAT)
			return imp_fail(c, "set %s: key type 0x%x has too many parts",
					name, ktype);
		if (!nft_type(t & 0x3f, &parts[n]))
			return imp_fail(c, "set %s has a key type (nft type id %u) that "
					"cgnft sets do not support (ipv4_addr, ipv6_addr, "
					"inet_service, inet_proto, mark, icmp_type, "
					"icmpv6_type)", name, t & 0x3f);
		n++;
	}
	if (!imp_set_key_type_matches(c, s, k))
		return false;
	/* checked on every lookup, not only the first: one set looked up
	 * with two different keys is refused at the second */
	for (size_t i = 0; i < c->nsets; i++)
		if (c->sets[i].s == s)
			return true;
	c->sets = xrealloc(c->sets, (c->nsets + 1) * sizeof(*c->sets));
	c->sets[c->nsets++] = (struct imp_set_use){ .s = s, .key = *k };
	return true;
}

static struct nftnl_chain *find_chain(const struct imp_dump *d, const char *name)
{
	return nftnl_chain_list_lookup_byname(d->chains, name);
}

static size_t chain_rule_count(const struct imp_dump *d, const char *chain)
{
	struct nftnl_rule_list_iter *it = nftnl_rule_list_iter_create(d->rules);
	struct nftnl_rule *r;
	size_t n = 0;

	while (it && (r = nftnl_rule_list_iter_next(it)))
		n += !strcmp(nftnl_rule_get_str(r, NFTNL_RULE_CHAIN), chain);
	if (it)
		nftnl_rule_list_iter_destroy(it);
	return n;
}

/* --file mode: one rule, carried with its source line as a comment, or
 * written as a comment that says why it is not carried. */
static bool emit_file_rule(struct imp_ctx *c, struct nftnl_rule *r,
			   const struct imp_loc *loc, FILE *out)
{
	struct imp_file_ctx *f = c->file;
	char *text = NULL, where[300];
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	bool ok;

	if (!m)
		return imp_fail(c, "out of memory");
	ok = imp_rule(c, r, m);
	fclose(m);
	snprintf(where, sizeof(where), "%s %s %s", imp_family_name(c->d->family),
		 c->d->table, c->chain);
	if (ok) {
		if (loc)
			fprintf(out, "\t\t%s # %s:%d\n", text, f->path, loc->line);
		else
			fprintf(out, "\t\t%s # %s handle %llu\n", text, where,
				(unsigned long long)c->handle);
		f->carried++;
	} else {
		if (loc)
			fprintf(out, "\t\t# %s:%d: not carried: %s\n\t\t#\t%s\n", f->path,
				loc->line, c->reason, loc->text);
		else
			fprintf(out, "\t\t# %s handle %llu: not carried: %s\n", where,
				(unsigned long long)c->handle, c->reason);
		imp_note_add(f, loc ? loc->line : 0, c->handle, where,
			     loc ? loc->text : NULL, true, "rule not carried: %s",
			     c->reason);
		f->refused++;
	}
	free(text);
	return true;
}

/* All rules of one chain, one per line, indented. */
static bool emit_rules(struct imp_ctx *c, const char *chain, FILE *out)
{
	struct nftnl_rule_list_iter *it = nftnl_rule_list_iter_create(c->d->rules);
	const struct imp_chain_locs *cl = NULL;
	struct nftnl_rule *r;
	size_t k = 0;
	bool ok = true;

	if (!it)
		return imp_fail(c, "out of memory");
	c->chain = chain;
	if (c->file) {
		cl = imp_locs_chain(c->file->locs, imp_family_name(c->d->family),
				    c->d->table, chain);
		/* lines are trusted only when the file says exactly these rules */
		if (cl && (cl->unsure || cl->n != chain_rule_count(c->d, chain)))
			cl = NULL;
	}
	while (ok && (r = nftnl_rule_list_iter_next(it))) {
		if (strcmp(nftnl_rule_get_str(r, NFTNL_RULE_CHAIN), chain))
			continue;
		c->handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
		if (c->file) {
			ok = emit_file_rule(c, r, cl ? &cl->rules[k] : NULL, out);
			k++;
			continue;
		}
		fputs("\t\t", out);
		ok = imp_rule(c, r, out);
		fputc('\n', out);
	}
	c->handle = 0;
	nftnl_rule_list_iter_destroy(it);
	return ok;
}

static bool emit_base_head(struct imp_ctx *c, struct nftnl_chain *ch, FILE *out)
{
	const char *type = nftnl_chain_get_str(ch, NFTNL_CHAIN_TYPE);
	uint32_t hook = nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM);
	int32_t prio = nftnl_chain_get_s32(ch, NFTNL_CHAIN_PRIO);
	uint32_t policy = nftnl_chain_is_set(ch, NFTNL_CHAIN_POLICY) ?
			  nftnl_chain_get_u32(ch, NFTNL_CHAIN_POLICY) : NF_ACCEPT;
	const char *cg_hook;

	if (type && strcmp(type, "filter"))
		return imp_fail(c, "a chain of type %s has no cgroup equivalent "
				"(only type filter)", type);
	if (hook == NF_INET_LOCAL_OUT)
		cg_hook = "egress";
	else if (hook == NF_INET_LOCAL_IN)
		cg_hook = "ingress";
	else
		return imp_fail(c, "hook %s has no cgroup equivalent (only input "
				"-> ingress and output -> egress)",
				hook == NF_INET_PRE_ROUTING ? "prerouting" :
				hook == NF_INET_FORWARD ? "forward" :
				hook == NF_INET_POST_ROUTING ? "postrouting" : "(other)");
	fprintf(out, "\t\ttype filter hook %s priority %d; policy %s;\n", cg_hook,
		prio, policy == NF_DROP ? "drop" : "accept");
	if (c->d->family == NFPROTO_IPV4)
		fputs("\t\tmeta nfproto != ipv4 accept # an ip table never sees IPv6\n", out);
	else if (c->d->family == NFPROTO_IPV6)
		fputs("\t\tmeta nfproto != ipv6 accept # an ip6 table never sees IPv4\n", out);
	return true;
}

static bool emit_chain(struct imp_ctx *c, const char *name, bool base, FILE *out)
{
	struct nftnl_chain *ch = find_chain(c->d, name);

	c->chain = name;
	if (!ch)
		return imp_fail(c, "chain does not exist");
	if (!imp_is_word(name))
		return imp_fail(c, "chain name \"%s\" cannot be written in cgnft", name);
	if (base != nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM))
		return imp_fail(c, base ? "not a base chain (it has no hook): name the "
				"base chain to import" : "is a base chain reached by jump");
	fprintf(out, "\n\tchain %s {\n", name);
	if (base && !emit_base_head(c, ch, out))
		return false;
	if (!emit_rules(c, name, out))
		return false;
	fputs("\t}\n", out);
	return true;
}

static int merge_cb(const struct nftnl_udata *attr, void *data)
{
	if (nftnl_udata_type(attr) == NFTNL_UDATA_SET_MERGE_ELEMENTS &&
	    nftnl_udata_len(attr) == sizeof(uint32_t)) {
		uint32_t v;

		memcpy(&v, nftnl_udata_get(attr), sizeof(v));
		*(bool *)data = v != 0;
	}
	return 0;
}

/* `auto-merge` is not a kernel flag: nft keeps it in the set's user data
 * (the kernel holds the merged elements already). */
static bool set_automerge(struct nftnl_set *s)
{
	uint32_t len = 0;
	const void *ud = nftnl_set_is_set(s, NFTNL_SET_USERDATA) ?
			 nftnl_set_get_data(s, NFTNL_SET_USERDATA, &len) : NULL;
	bool merge = false;

	if (ud)
		nftnl_udata_parse(ud, len, merge_cb, &merge);
	return merge;
}

static bool emit_set(struct imp_ctx *c, const struct imp_set_use *u, FILE *out)
{
	const char *name = nftnl_set_get_str(u->s, NFTNL_SET_NAME);
	uint32_t flags = nftnl_set_get_u32(u->s, NFTNL_SET_FLAGS);

	fprintf(out, "\n\tset %s {\n\t\ttype ", name);
	for (int i = 0; i < u->key.n; i++)
		fprintf(out, "%s%s", i ? " . " : "", imp_set_type_name(u->key.types[i]));
	fputc('\n', out);
	if (flags & (NFT_SET_EVAL | NFT_SET_TIMEOUT))
		imp_dynset_decl(u->s, out);
	else if (flags & (NFT_SET_CONSTANT | NFT_SET_INTERVAL))
		fprintf(out, "\t\tflags %s%s%s\n", flags & NFT_SET_CONSTANT ? "constant" : "",
			(flags & NFT_SET_CONSTANT) && (flags & NFT_SET_INTERVAL) ? ", " : "",
			flags & NFT_SET_INTERVAL ? "interval" : "");
	if ((flags & NFT_SET_INTERVAL) && set_automerge(u->s))
		fputs("\t\tauto-merge\n", out);
	if (has_elements(u->s)) {
		fputs("\t\telements = { ", out);
		if (!imp_set_elements(c, u->s, &u->key, out))
			return false;
		fputs(" }\n", out);
	}
	fputs("\t}\n", out);
	return true;
}

bool imp_front_end_build(const char *name, const char *text, char **diag)
{
	struct fe_source src = { .name = name, .text = (char *)text };
	struct fe_options o = { .no_warnings = true,
				.reject_as_drop = imp_reject_as_drop };
	size_t dlen = 0;
	FILE *d;
	struct ir_unit *u;

	*diag = NULL;
	d = open_memstream(diag, &dlen);
	if (!d)
		xalloc_fail();
	u = fe_build(&src, 1, &o, d);
	fclose(d);
	if (!u)
		return false;
	ir_unit_free(u);
	free(*diag);
	*diag = NULL;
	return true;
}

/* The last line of defence of `cgnft import`: text cgnft's own front end
 * refuses is an error naming the reason, never written out.  (The import
 * fuzzer finds translations the checks above miss; each one found gets its
 * own check and a seed in tests/fuzz/import-corpus.) */
static bool front_end_accepts(const char *text, char *err, size_t errlen)
{
	char *diag, *msg, *eol;

	if (imp_front_end_build("import", text, &diag))
		return true;
	msg = diag ? strstr(diag, "Error: ") : NULL;
	msg = msg ? msg + 7 : "(no message)";
	eol = strchr(msg, '\n');
	snprintf(err, errlen, "cgnft refuses the translation: %.*s",
		 eol ? (int)(eol - msg) : (int)strlen(msg), msg);
	free(diag);
	return false;
}

char *imp_emit(const struct imp_dump *d, const char *chain, const char *cgroup,
	       char *err, size_t errlen)
{
	struct imp_ctx c = { .d = d, .chain = chain };
	char *chains_text = NULL, *sets_text = NULL, *text = NULL;
	size_t chains_len = 0, sets_len = 0;
	FILE *cf = open_memstream(&chains_text, &chains_len);
	FILE *sf = open_memstream(&sets_text, &sets_len);
	bool ok = cf && sf;

	if (!ok)
		imp_fail(&c, "out of memory");
	else if (!imp_is_word(d->table))
		ok = imp_fail(&c, "table name \"%s\" cannot be written in cgnft", d->table);
	else if (strchr(cgroup, '"') || strchr(cgroup, '\n'))
		ok = imp_fail(&c, "the cgroup path cannot hold '\"' or a newline");
	if (ok && !find_chain(d, chain)) {
		snprintf(c.err, sizeof(c.err), "chain %s %s %s does not exist",
			 imp_family_name(d->family), d->table, chain);
		ok = false;
	}
	if (ok) {
		struct nftnl_chain *base = find_chain(d, chain);

		c.ingress = nftnl_chain_is_set(base, NFTNL_CHAIN_HOOKNUM) &&
			    nftnl_chain_get_u32(base, NFTNL_CHAIN_HOOKNUM) == NF_INET_LOCAL_IN;
		c.egress = nftnl_chain_is_set(base, NFTNL_CHAIN_HOOKNUM) &&
			   nftnl_chain_get_u32(base, NFTNL_CHAIN_HOOKNUM) == NF_INET_LOCAL_OUT;
	}
	if (ok)
		ok = emit_chain(&c, chain, true, cf);
	for (size_t i = 0; ok && i < c.nchains; i++)
		ok = emit_chain(&c, c.chains[i], false, cf);
	for (size_t i = 0; ok && i < c.nsets; i++)
		ok = emit_set(&c, &c.sets[i], sf);
	if (cf)
		fclose(cf);
	if (sf)
		fclose(sf);
	if (ok)
		text = xasprintf("# Imported by `cgnft import` from nftables table %s %s, "
				 "base chain %s.\n"
				 "table cgroup %s {\n\tcgroup \"%s\"\n%s%s}\n",
				 imp_family_name(d->family), d->table, chain,
				 d->table, cgroup, sets_text ? sets_text : "",
				 chains_text ? chains_text : "");
	else
		snprintf(err, errlen, "%s", c.err);
	if (text && !front_end_accepts(text, err, errlen)) {
		free(text);
		text = NULL;
	}
	free(chains_text);
	free(sets_text);
	free(c.chains);
	free(c.sets);
	return text;
}

void imp_note_add(struct imp_file_ctx *f, int line, uint64_t handle,
		  const char *where, const char *text, bool refused_rule,
		  const char *fmt, ...)
{
	struct imp_note *n;
	char what[IMP_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	f->notes = xrealloc(f->notes, (f->nnotes + 1) * sizeof(*f->notes));
	n = &f->notes[f->nnotes++];
	*n = (struct imp_note){ .line = line, .handle = handle,
		.where = xstrdup(where), .what = xstrdup(what),
		.text = text ? xstrdup(text) : NULL, .refused_rule = refused_rule };
}

char *imp_emit_table(struct imp_table_job *job, const char *cgroup,
		     struct imp_file_ctx *f, char *err, size_t errlen)
{
	struct imp_ctx c = { .d = job->d, .file = f };
	char *chains_text = NULL, *sets_text = NULL, *text = NULL;
	size_t chains_len = 0, sets_len = 0;
	FILE *cf = open_memstream(&chains_text, &chains_len);
	FILE *sf = open_memstream(&sets_text, &sets_len);
	bool ok = cf && sf;

	if (!ok)
		imp_fail(&c, "out of memory");
	else if (strchr(cgroup, '"') || strchr(cgroup, '\n'))
		ok = imp_fail(&c, "the cgroup path cannot hold '\"' or a newline");
	for (size_t i = 0; ok && i < job->nbases; i++) {
		struct nftnl_chain *b = find_chain(c.d, job->bases[i]);
		uint32_t hook = b && nftnl_chain_is_set(b, NFTNL_CHAIN_HOOKNUM) ?
				nftnl_chain_get_u32(b, NFTNL_CHAIN_HOOKNUM) : UINT32_MAX;

		c.ingress = hook == NF_INET_LOCAL_IN;
		c.egress = hook == NF_INET_LOCAL_OUT;
		ok = emit_chain(&c, job->bases[i], true, cf);
	}
	/* regular chains may be reached from both hooks: the front end checks */
	c.ingress = c.egress = false;
	for (size_t i = 0; ok && i < c.nchains; i++)
		ok = emit_chain(&c, c.chains[i], false, cf);
	for (size_t i = 0; ok && i < c.nsets; i++)
		ok = emit_set(&c, &c.sets[i], sf);
	if (cf)
		fclose(cf);
	if (sf)
		fclose(sf);
	if (ok)
		text = xasprintf("table cgroup %s {\n\tcgroup \"%s\"\n%s%s}\n",
				 job->cg_name, cgroup, sets_text ? sets_text : "",
				 chains_text ? chains_text : "");
	else
		snprintf(err, errlen, "%s", c.err);
	free(chains_text);
	free(sets_text);
	job->chains = c.chains;
	job->nchains = c.nchains;
	free(c.sets);
	return text;
}
