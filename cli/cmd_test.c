// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft test FILE --packet DESC | --hex HEX [--hook H] [--cgroup PATH]
 *            [--expect accept|drop] [-j]
 *
 * Compile FILE with tracing, load it (not attached), run each packet
 * through the matching cgroup_skb programs with BPF_PROG_TEST_RUN, and say
 * which rule or policy decided, like nft's trace.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "codegen/codegen.h"
#include "frontend/frontend.h"
#include "frontend/packet.h"
#include "ir/json.h"
#include "ir/prog_name.h"
#include "runtime/dynset.h"
#include "runtime/cgroup2.h"
#include "runtime/host_values.h"
#include "runtime/load.h"
#include "runtime/test_run.h"

#define MAX_PACKETS 4096

static void test_usage(FILE *out)
{
	fprintf(out,
		"Usage: cgnft test FILE (--packet DESC | --hex HEX)... [--hook ingress|egress]\n"
		"                  [--cgroup PATH] [--expect accept|drop] [-j] [-v] [--no-trace]\n"
		"\n"
		"Compile FILE with tracing, load it into the kernel without attaching it,\n"
		"and run each packet through the cgroup_skb programs of the hook and\n"
		"cgroup given (all of them by default).  Prints, per program, the verdict\n"
		"and the rule or chain policy that decided.  Exit 0 when it ran, whatever\n"
		"the verdict (with --expect: when every verdict is the one expected);\n"
		"1 on bad input, or with --expect when some verdict is not.\n"
		"  --packet DESC   a packet described in nft words (below)\n"
		"  --hex HEX       an IP packet in hex, no Ethernet header\n"
		"  --expect V      accept or drop: the verdict every program must give\n"
		"                  every packet, for CI (exit 1 and a message if not)\n"
		"  -j, --json      the results as JSON (doc/JSON.md)\n"
		"  -v, --verbose   also print each packet in hex\n"
		"  --no-trace      run the program exactly as apply would attach it\n"
		"                  (verdicts only, no deciding rule)\n"
		CLI_CLASSIFY_USAGE
		"\n%s", PKT_DESC_HELP);
}

/* A --cgroup filter matches the path as written or the same directory. */
static bool same_cgroup(const char *a, const char *b)
{
	char ra[4096], rb[4096];

	if (!strcmp(a, b))
		return true;
	return !cgroup2_resolve(a, ra, sizeof(ra)) &&
	       !cgroup2_resolve(b, rb, sizeof(rb)) && !strcmp(ra, rb);
}

static bool prog_selected(const struct ir_prog *p, int hook, const char *cgroup)
{
	if (p->hook != IR_HOOK_INGRESS && p->hook != IR_HOOK_EGRESS)
		return false;
	if (hook >= 0 && (int)p->hook != hook)
		return false;
	return !cgroup || same_cgroup(cgroup, p->cgroup);
}

/* What decided a packet in program p: a rule, a chain's policy, or
 * nothing known (untraced runs). */
struct decision {
	const char *verdict;
	const struct ir_origin *rule;
	const struct ir_chain *policy;	/* a base chain's policy decided */
	bool none;			/* no base chain decided */
};

static struct decision decide(const struct ir_unit *unit, const struct cg_object *cg,
			      bool traced, const struct test_run_result *r)
{
	struct decision d = { .verdict = r->pass ? "accept" : "drop" };

	if (!traced) {
		;
	} else if (r->trace & CG_TRACE_POLICY_BASE) {
		size_t c = r->trace & ~CG_TRACE_POLICY_BASE;

		if (c < unit->nchains)
			d.policy = &unit->chains[c];
	} else if (r->trace) {
		d.rule = cg_trace_origin(cg, r->trace);
	} else {
		d.none = true;
	}
	return d;
}

static void print_verdict(const struct ir_prog *p, const struct decision *d)
{
	printf("%s: %s", p->name, d->verdict);
	if (d->policy)
		printf(" (policy of chain %s/%s)", d->policy->table, d->policy->name);
	else if (d->rule)
		printf(" by rule %s:%d: %s", d->rule->file, d->rule->line, d->rule->text);
	else if (d->none)
		fputs(" (no base chain decided)", stdout);
	putchar('\n');
}

/* {"test": {...}}: one packet through one program (doc/JSON.md). */
static void json_verdict(struct json *j, int k, const char *desc, const struct ir_prog *p,
			 const struct decision *d, const char *expect)
{
	json_obj(j, NULL);
	json_obj(j, "test");
	json_int(j, "packet", k + 1);
	json_str(j, "desc", desc);
	json_str(j, "program", p->name);
	json_str(j, "hook", ir_hook_name(p->hook));
	json_str(j, "cgroup", p->cgroup);
	json_str(j, "verdict", d->verdict);
	if (d->rule) {
		json_obj(j, "rule");
		json_str(j, "file", d->rule->file);
		json_int(j, "line", d->rule->line);
		json_str(j, "text", d->rule->text);
		json_end_obj(j);
	} else if (d->policy) {
		json_obj(j, "policy");
		json_str(j, "table", d->policy->table);
		json_str(j, "chain", d->policy->name);
		json_end_obj(j);
	}
	if (expect) {
		json_str(j, "expect", expect);
		json_bool(j, "as_expected", !strcmp(expect, d->verdict));
	}
	json_end_obj(j);
	json_end_obj(j);
}

static void print_hex(const struct pkt *p)
{
	printf("  packet (%zu bytes, %s): ", p->len, p->ipv6 ? "IPv6" : "IPv4");
	for (size_t i = 0; i < p->len; i++)
		printf("%02x", p->data[i]);
	putchar('\n');
}

static int load_error(const char *file, const struct cg_object *cg,
		      const struct load_error *le)
{
	const struct ir_origin *o = le->prog[0] && le->insn >= 0 ?
		cg_origin_at(cg, le->prog, le->insn) : NULL;

	if (host_error_print(le, cg, stderr))
		;
	else if (o)
		fprintf(stderr, "%s:%d: Error: the kernel verifier rejected program %s: %s\n%s\n",
			o->file, o->line, cg_prog_name(cg, le->prog), le->reason, o->text);
	else
		fprintf(stderr, "%s: Error: the kernel refused the object: %s\n", file,
			le->reason);
	return EXIT_USER;
}

struct test_opts {
	int hook;			/* -1: both */
	const char *cgroup;		/* NULL: every cgroup */
	const char *expect;		/* "accept", "drop" or NULL */
	bool verbose, trace, json;
	const char **desc;		/* per packet: its --packet or --hex text */
};

static int run_all(const char *file, struct pkt *pkts, int npkts,
		   const struct test_opts *o)
{
	int hook = o->hook;
	const char *cgroup = o->cgroup;
	bool verbose = o->verbose && !o->json, trace = o->trace;
	struct json j;
	size_t unexpected = 0;
	struct cg_options copts = { .trace = trace,
				    .helper_loads = cli_helper_loads };
	struct ir_unit *unit;
	struct cg_object *cg = NULL;
	struct bpf_object *obj = NULL;
	struct bpf_map *tmap;
	struct load_error le;
	void *elf = NULL;
	size_t len, nsel = 0;
	int ret = EXIT_USER, trace_fd;

	unit = fe_build_file(file, &(struct fe_options){
				     .reject_as_drop = cli_reject_as_drop }, stderr);
	if (!unit)
		return EXIT_USER;
	cli_classify(unit);
	for (size_t i = 0; i < unit->nprogs; i++)
		nsel += prog_selected(&unit->progs[i], hook, cgroup);
	if (!nsel) {
		fprintf(stderr, "%s: Error: no ingress/egress program%s%s%s%s\n", file,
			hook >= 0 ? " for hook " : "", hook >= 0 ? ir_hook_name(hook) : "",
			cgroup ? " for cgroup " : "", cgroup ? cgroup : "");
		goto out;
	}
	cg = cg_generate_opts(unit, &copts);
	if (cg_write_elf(cg, &elf, &len)) {
		fprintf(stderr, "Error: cannot build the ELF object\n");
		goto out;
	}
	obj = load_object(elf, len, "cgnft_test", &le);
	if (!obj) {
		ret = load_error(file, cg, &le);
		goto out;
	}
	rt_dynset_init(unit, obj);
	tmap = bpf_object__find_map_by_name(obj, "cgnft_trace");
	trace_fd = tmap ? bpf_map__fd(tmap) : -1;
	if (o->json)
		json_nftables_begin(&j, stdout);
	for (int k = 0; k < npkts; k++) {
		struct test_run_pkt tp = { .ip = pkts[k].data, .len = pkts[k].len,
					   .ipv6 = pkts[k].ipv6, .mark = pkts[k].mark,
					   .priority = pkts[k].priority,
					   .ifindex = pkts[k].ifindex };

		if (npkts > 1 && !o->json)
			printf("packet %d:\n", k + 1);
		if (verbose)
			print_hex(&pkts[k]);
		for (size_t i = 0; i < unit->nprogs; i++) {
			const struct ir_prog *p = &unit->progs[i];
			struct bpf_program *bp;
			struct test_run_result r;
			char kname[IR_KNAME_SIZE];
			int err;


			if (!prog_selected(p, hook, cgroup))
				continue;
			ir_prog_kname(p, kname);
			bp = bpf_object__find_program_by_name(obj, kname);
			err = bp ? test_run_skb(bpf_program__fd(bp), trace_fd, &tp, &r) : -ENOENT;
			if (err) {
				fprintf(stderr, "Error: %s: the kernel could not run the packet: %s\n",
					p->name, strerror(-err));
				goto out;
			}
			struct decision d = decide(unit, cg, trace, &r);

			if (o->json)
				json_verdict(&j, k, o->desc[k], p, &d, o->expect);
			else
				print_verdict(p, &d);
			if (o->expect && strcmp(o->expect, d.verdict)) {
				unexpected++;
				if (!o->json)
					fprintf(stderr, "cgnft test: packet %d, %s: %s, expected %s\n",
						k + 1, p->name, d.verdict, o->expect);
			}
		}
	}
	if (o->json)
		json_nftables_end(&j);
	ret = unexpected ? EXIT_USER : 0;
out:
	bpf_object__close(obj);
	free(elf);
	cg_object_free(cg);
	ir_unit_free(unit);
	return ret;
}

int cmd_test(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "packet", required_argument, NULL, 'p' },
		{ "hex", required_argument, NULL, 'x' },
		{ "hook", required_argument, NULL, 'k' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-trace", no_argument, NULL, 'n' },
		{ "expect", required_argument, NULL, 'e' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		CLI_CLASSIFY_LONGOPT,
		{ 0 }
	};
	struct pkt *pkts = calloc(MAX_PACKETS, sizeof(*pkts));
	const char **desc = calloc(MAX_PACKETS, sizeof(*desc));
	struct test_opts o = { .hook = -1, .trace = true, .json = cli_json, .desc = desc };
	int c, npkts = 0, ret = EXIT_USAGE;
	bool bad = false;

	if (!pkts || !desc) {
		fprintf(stderr, "Error: out of memory\n");
		return EXIT_USER;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "vjO:h", longopts, NULL)) != -1) {
		int k = cli_classify_opt(c, optarg);

		if (k < 0)
			goto out;
		if (k)
			continue;
		switch (c) {
		case 'p':
		case 'x':
			if (npkts == MAX_PACKETS) {
				fprintf(stderr, "cgnft test: at most %d packets\n", MAX_PACKETS);
				goto out;
			}
			if (c == 'p' ? !pkt_from_desc("--packet", optarg, &pkts[npkts], stderr)
				     : !pkt_from_hex("--hex", optarg, &pkts[npkts], stderr))
				bad = true;
			desc[npkts++] = optarg;
			break;
		case 'k':
			if (!strcmp(optarg, "ingress")) {
				o.hook = IR_HOOK_INGRESS;
			} else if (!strcmp(optarg, "egress")) {
				o.hook = IR_HOOK_EGRESS;
			} else {
				fprintf(stderr, "cgnft test: --hook is ingress or egress, not '%s'\n",
					optarg);
				goto out;
			}
			break;
		case 'c':
			o.cgroup = optarg;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'n':
			o.trace = false;
			break;
		case 'e':
			if (strcmp(optarg, "accept") && strcmp(optarg, "drop")) {
				fprintf(stderr, "cgnft test: --expect is accept or drop, not '%s'\n",
					optarg);
				goto out;
			}
			o.expect = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			test_usage(stdout);
			ret = 0;
			goto out;
		default:
			test_usage(stderr);
			goto out;
		}
	}
	if (optind != argc - 1 || !npkts) {
		test_usage(stderr);
		goto out;
	}
	ret = bad ? EXIT_USER : run_all(argv[optind], pkts, npkts, &o);
out:
	free(desc);
	free(pkts);
	return ret;
}
