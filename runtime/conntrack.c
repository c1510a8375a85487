// SPDX-License-Identifier: GPL-2.0
/*
 * ct on egress reads the packet's conntrack entry (doc/HOOKS.md), which
 * the kernel makes only while some netfilter user asked for connection
 * tracking in the packet's network namespace.  An nft ruleset with a ct
 * rule asks by existing; a cgroup table does not, so apply asks for it:
 * one nft table whose only chain is a regular chain (never run: no rule
 * is evaluated per packet) holding one ct rule, as nft_ct_get_init()
 * takes conntrack (nf_ct_netns_get) for every ct expression it loads.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ir/xalloc.h"
#include "runtime/conntrack.h"

#define CT_TABLE "cgnft_conntrack"

static bool field_is_ct(const struct ir_field *f)
{
	return f->base == IR_BASE_CT;
}

static bool stmt_reads_ct(const struct ir_stmt *s)
{
	switch (s->kind) {
	case IR_STMT_MATCH:
		return field_is_ct(&s->match.field);
	case IR_STMT_LOOKUP:
	case IR_STMT_VMAP:
		for (int i = 0; i < s->lookup.nfields; i++)
			if (field_is_ct(&s->lookup.fields[i]))
				return true;
		return false;
	case IR_STMT_SET_META:
		if (s->set_meta.src == IR_VALUE_FIELD)
			return field_is_ct(&s->set_meta.field);
		if (s->set_meta.src == IR_VALUE_MAP)
			for (int i = 0; i < s->set_meta.map.nfields; i++)
				if (field_is_ct(&s->set_meta.map.fields[i]))
					return true;
		return false;
	default:
		return false;
	}
}

static void push(int *stack, size_t *n, bool *seen, int chain)
{
	if (chain >= 0 && !seen[chain]) {
		seen[chain] = true;
		stack[(*n)++] = chain;
	}
}

bool rt_needs_conntrack(const struct ir_unit *u)
{
	bool *seen = xzalloc(u->nchains + 1), found = false;
	int *stack = xmalloc((u->nchains + 1) * sizeof(*stack));
	size_t n = 0;

	for (size_t p = 0; p < u->nprogs; p++)
		if (u->progs[p].hook == IR_HOOK_EGRESS)
			for (size_t b = 0; b < u->progs[p].nbase_chains; b++)
				push(stack, &n, seen, u->progs[p].base_chains[b]);
	while (n && !found) {
		const struct ir_chain *c = &u->chains[stack[--n]];

		for (size_t r = 0; r < c->nrules && !found; r++)
			for (size_t i = 0; i < c->rules[r].nstmts && !found; i++) {
				const struct ir_stmt *s = &c->rules[r].stmts[i];

				found = stmt_reads_ct(s);
				if (s->kind == IR_STMT_VERDICT &&
				    (s->verdict.kind == IR_VERDICT_JUMP ||
				     s->verdict.kind == IR_VERDICT_GOTO))
					push(stack, &n, seen, s->verdict.chain);
				if (s->kind == IR_STMT_VMAP) {
					const struct ir_set *set = &u->sets[s->lookup.set];

					for (size_t k = 0; k < set->nelems; k++)
						if (set->elems[k].verdict.kind == IR_VERDICT_JUMP ||
						    set->elems[k].verdict.kind == IR_VERDICT_GOTO)
							push(stack, &n, seen,
							     set->elems[k].verdict.chain);
				}
			}
	}
	free(stack);
	free(seen);
	return found;
}

/* The table, replaced as a whole in one nft transaction (idempotent). */
static const char ct_table_text[] =
	"table inet " CT_TABLE " {\n"
	"\tcomment \"cgnft: keeps connection tracking on for ct on egress\"\n"
	"\tchain keep {\n\t}\n"
	"}\n"
	"flush chain inet " CT_TABLE " keep\n"
	"add rule inet " CT_TABLE " keep ct state untracked\n";

int rt_conntrack_ensure(FILE *err)
{
	int in[2], out[2], status;
	char buf[1024];
	ssize_t len = 0, r;
	pid_t pid;

	if (pipe(in) || pipe(out)) {
		fprintf(err, "Error: cannot run nft: %s\n", strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[0]); close(in[1]); close(out[0]); close(out[1]);
		execlp("nft", "nft", "-f", "-", (char *)NULL);
		printf("cannot run nft: %s", strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	if (pid > 0 && write(in[1], ct_table_text, sizeof(ct_table_text) - 1) < 0)
		len = 0;
	close(in[1]);
	while (pid > 0 && len < (ssize_t)sizeof(buf) - 1 &&
	       (r = read(out[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += r;
	buf[len] = 0;
	close(out[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		while (len && (buf[len - 1] == '\n'))
			buf[--len] = 0;
		fprintf(err, "Error: ct on egress needs connection tracking in this network "
			"namespace, and cgnft could not turn it on (nft -f: %s). Load any nft "
			"rule that uses ct, e.g. `nft add table inet " CT_TABLE "; nft add chain "
			"inet " CT_TABLE " keep; nft add rule inet " CT_TABLE " keep ct state "
			"untracked`, then apply again.\n", pid < 0 ? strerror(errno) : buf);
		return -1;
	}
	return 0;
}
