// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft test FILE --packet DESC | --hex HEX [--hook H] [--cgroup PATH]
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
		"                  [--cgroup PATH] [-v] [--no-trace]\n"
		"\n"
		"Compile FILE with tracing, load it into the kernel without attaching it,\n"
		"and run each packet through the cgroup_skb programs of the hook and\n"
		"cgroup given (all of them by default).  Prints, per program, the verdict\n"
		"and the rule or chain policy that decided.  Exit 0 when it ran, whatever\n"
		"the verdict; 1 on bad input.\n"
		"  --packet DESC   a packet described in nft words (below)\n"
		"  --hex HEX       an IP packet in hex, no Ethernet header\n"
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

static void print_verdict(const struct ir_unit *unit, const struct cg_object *cg,
			  bool traced, const struct ir_prog *p,
			  const struct test_run_result *r)
{
	const char *v = r->pass ? "accept" : "drop";

	printf("%s: ", p->name);
	if (!traced) {
		printf("%s\n", v);
	} else if (r->trace & CG_TRACE_POLICY_BASE) {
		size_t c = r->trace & ~CG_TRACE_POLICY_BASE;

		if (c < unit->nchains)
			printf("%s (policy of chain %s/%s)\n", v, unit->chains[c].table,
			       unit->chains[c].name);
		else
			printf("%s\n", v);
	} else if (r->trace) {
		const struct ir_origin *o = cg_trace_origin(cg, r->trace);

		if (o)
			printf("%s by rule %s:%d: %s\n", v, o->file, o->line, o->text);
		else
			printf("%s\n", v);
	} else {
		printf("%s (no base chain decided)\n", v);
	}
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

static int run_all(const char *file, struct pkt *pkts, int npkts, int hook,
		   const char *cgroup, bool verbose, bool trace)
{
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
	for (int k = 0; k < npkts; k++) {
		struct test_run_pkt tp = { .ip = pkts[k].data, .len = pkts[k].len,
					   .ipv6 = pkts[k].ipv6, .mark = pkts[k].mark,
					   .priority = pkts[k].priority };

		if (npkts > 1)
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
			print_verdict(unit, cg, trace, p, &r);
		}
	}
	ret = 0;
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
		{ "help", no_argument, NULL, 'h' },
		CLI_CLASSIFY_LONGOPT,
		{ 0 }
	};
	struct pkt *pkts = calloc(MAX_PACKETS, sizeof(*pkts));
	const char *cgroup = NULL;
	int c, npkts = 0, hook = -1, ret = EXIT_USAGE;
	bool verbose = false, bad = false, trace = true;

	if (!pkts) {
		fprintf(stderr, "Error: out of memory\n");
		return EXIT_USER;
	}
	optind = 1;
	while ((c = getopt_long(argc, argv, "vO:h", longopts, NULL)) != -1) {
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
			npkts++;
			break;
		case 'k':
			if (!strcmp(optarg, "ingress")) {
				hook = IR_HOOK_INGRESS;
			} else if (!strcmp(optarg, "egress")) {
				hook = IR_HOOK_EGRESS;
			} else {
				fprintf(stderr, "cgnft test: --hook is ingress or egress, not '%s'\n",
					optarg);
				goto out;
			}
			break;
		case 'c':
			cgroup = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'n':
			trace = false;
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
	ret = bad ? EXIT_USER : run_all(argv[optind], pkts, npkts, hook, cgroup, verbose,
						  trace);
out:
	free(pkts);
	return ret;
}
