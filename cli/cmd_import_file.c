// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft import --file FILE --cgroup PATH [-o OUT] [--skip-unsupported]
 *
 * The real nft reads FILE: cgnft moves itself into a fresh network
 * namespace of its own (nothing on the host changes), runs `nft -f FILE`
 * there, and imports what nft loaded with the netlink importer.  So the
 * file means exactly what nft makes of it (defines, includes, every form of
 * the language, nft's canonical forms), and cgnft only translates.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/commands.h"
#include "frontend/import.h"
#include "ir/fileio.h"

/* Run `nft -f path` in this process's network namespace: 0 when it loaded.
 * "-": the text already read from standard input goes to nft on a pipe. */
static int run_nft(const char *path, const char *source)
{
	const char *nft = getenv("CGNFT_NFT");
	bool from_stdin = !strcmp(path, "-");
	int fds[2] = { -1, -1 }, st;
	pid_t pid;

	if (!nft || !*nft)
		nft = "nft";
	if (from_stdin && pipe(fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (from_stdin) {
			dup2(fds[0], STDIN_FILENO);
			close(fds[0]);
			close(fds[1]);
		}
		execlp(nft, nft, "-f", path, (char *)NULL);
		fprintf(stderr, "cgnft: import: cannot run %s: %s\n", nft, strerror(errno));
		_exit(127);
	}
	if (from_stdin) {
		size_t len = strlen(source), off = 0;

		close(fds[0]);
		signal(SIGPIPE, SIG_IGN);	/* nft may stop reading at an error */
		while (off < len) {
			ssize_t n = write(fds[1], source + off, len - off);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += n;
		}
		close(fds[1]);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int by_line(const void *a, const void *b)
{
	const struct imp_note *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* The report: one entry per chain left out and per rule not carried. */
static size_t report(struct imp_file_ctx *f, bool skip)
{
	size_t chains = 0;

	if (f->nnotes)	/* never qsort(NULL): no notes, no array */
		qsort(f->notes, f->nnotes, sizeof(*f->notes), by_line);
	for (size_t i = 0; i < f->nnotes; i++) {
		const struct imp_note *n = &f->notes[i];
		const char *kind = n->refused_rule && !skip ? "Error" : "Warning";

		chains += !n->refused_rule;
		if (n->line)
			fprintf(stderr, "%s:%d: %s: %s: %s\n", f->path, n->line, kind,
				n->where, n->what);
		else if (n->handle)
			fprintf(stderr, "%s: %s: %s handle %llu: %s\n", f->path, kind,
				n->where, (unsigned long long)n->handle, n->what);
		else
			fprintf(stderr, "%s: %s: %s: %s\n", f->path, kind, n->where, n->what);
		if (n->text)
			fprintf(stderr, "\t%s\n", n->text);
	}
	return chains;
}

int cmd_import_file(const char *path, const char *cgroup, const char *out_path,
		    bool skip)
{
	struct imp_file_ctx f = { 0 };
	char err[8192], *source, *text;
	size_t left_out;
	int ret = 0;

	if (strchr(path, '\n')) {
		fprintf(stderr, "cgnft: import: the file name cannot hold a newline (it is "
			"written in comments of the output)\n");
		return EXIT_USAGE;
	}
	source = read_path(path);
	if (!source) {
		fprintf(stderr, "cgnft: import: cannot read %s: %s\n", path, strerror(errno));
		return EXIT_USER;
	}
	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "cgnft: import: cannot make a network namespace to load "
			"%s in: %s (needs CAP_SYS_ADMIN)\n", path, strerror(errno));
		free(source);
		return EXIT_USER;
	}
	if (run_nft(path, source)) {
		fprintf(stderr, "cgnft: import: nft could not load %s (see above); "
			"nothing written\n", path);
		free(source);
		return EXIT_USER;
	}
	text = imp_file(path, source, cgroup, &f, err, sizeof(err));
	free(source);
	if (!text) {
		fprintf(stderr, "cgnft: import: %s: %s\n", path, err);
		imp_file_ctx_free(&f);
		return EXIT_USER;
	}
	left_out = report(&f, skip);
	fprintf(stderr, "cgnft: import: %s: %zu rules carried, %zu not carried, "
		"%zu chains or tables left out\n", path, f.carried, f.refused, left_out);
	if (f.refused && !skip) {
		fprintf(stderr, "cgnft: import: nothing written: %zu rules cannot be "
			"carried (--skip-unsupported writes the rest, each refused rule "
			"as a comment)\n", f.refused);
		ret = EXIT_USER;
	} else if (cli_json && (!out_path || !strcmp(out_path, "-"))) {
		ret = cli_print_json_text("imported", text);
	} else if (!out_path || !strcmp(out_path, "-")) {
		if (fputs(text, stdout) < 0 || fflush(stdout)) {
			fprintf(stderr, "cgnft: import: cannot write the output\n");
			ret = EXIT_USER;
		}
	} else {
		int e = write_file_atomic(out_path, text, strlen(text));

		if (e) {
			fprintf(stderr, "cgnft: import: cannot write %s: %s\n", out_path,
				strerror(-e));
			ret = EXIT_USER;
		}
	}
	free(text);
	imp_file_ctx_free(&f);
	return ret;
}
