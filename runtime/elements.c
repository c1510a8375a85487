// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft add element / delete element [cgroup] TABLE SET { ELEMENTS }.
 *
 * The elements are checked by the front end inside the set's declaration
 * of the applied table's stored text, on a line of their own whose columns
 * are those of the command line, so its errors point into the command as
 * nft's do.  Then:
 *   - a static set is compiled into the program: its declaration gets the
 *     elements (or loses them) and the table is re-applied through the
 *     normal atomic apply (counters, limits and live sets carried);
 *   - a dynamic set (flags dynamic/timeout, counter) is a live map: the
 *     elements go into (out of) the pinned map directly, and later applies
 *     carry them as they carry elements added by rules.
 * Every error leaves the kernel and the stored text as they were.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend/frontend.h"
#include "ir/xalloc.h"
#include "runtime/dynset.h"
#include "runtime/runtime.h"
#include "runtime/store.h"

#define PROBE_NAME "cgnft-element"

struct elem_cmd {
	const char *line;	/* the command as typed, words joined by spaces */
	bool del;
	const char *family;	/* NULL when not given */
	char *table, *set;
	size_t family_col, table_col, set_col;	/* 0-based offsets in line */
	size_t open, close;	/* offsets of '{' and the last '}' */
};

/* nft's error on a command line: the message, the line, carets. */
static void cli_error(FILE *err, const struct elem_cmd *c, size_t col, size_t len,
		      const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", err);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fprintf(err, "\n%s\n%*s", c->line, (int)col, "");
	for (size_t i = 0; i < (len ? len : 1); i++)
		fputc('^', err);
	fputc('\n', err);
}

/* The words before '{': add|delete element [family] table set. */
static int parse(struct elem_cmd *c, FILE *err)
{
	const char *l = c->line, *open = strchr(l, '{'), *close = strrchr(l, '}');
	size_t starts[8], lens[8], n = 0;

	for (const char *p = l; *p && p < (open ? open : l + strlen(l)); ) {
		while (*p == ' ')
			p++;
		if (!*p || p == open)
			break;
		if (n == 8)
			break;
		starts[n] = (size_t)(p - l);
		while (*p && *p != ' ' && p != open)
			p++;
		lens[n] = (size_t)(p - l) - starts[n];
		n++;
	}
	if (!open || !close || close < open || close[1] || (n != 4 && n != 5)) {
		fprintf(err, "Usage: cgnft %s element [cgroup] TABLE SET { ELEMENT[, ...] }\n",
			c->del ? "delete" : "add");
		return 2;
	}
	if (n == 5) {
		c->family = l + starts[2];
		c->family_col = starts[2];
		if (lens[2] != 6 || strncmp(c->family, "cgroup", 6)) {
			cli_error(err, c, starts[2], lens[2], "table family \"%.*s\" is not "
				  "available: cgnft tables are `table cgroup NAME`",
				  (int)lens[2], c->family);
			return 1;
		}
	}
	c->table = xstrndup(l + starts[n - 2], lens[n - 2]);
	c->table_col = starts[n - 2];
	c->set = xstrndup(l + starts[n - 1], lens[n - 1]);
	c->set_col = starts[n - 1];
	c->open = (size_t)(open - l);
	c->close = (size_t)(close - l);
	return 0;
}

/* Where set `name`'s declaration is in table text `t`: the offset of its
 * closing "\t}\n" and of its elements line (start, end past '\n'; both
 * the closing offset when it has none).  false: no such set. */
static bool find_set(const char *t, const char *name, size_t *blk_end, size_t *el_start,
		     size_t *el_end)
{
	const char *kinds[] = { "\n\tset ", "\n\tmap " };

	for (int k = 0; k < 2; k++) {
		char *head = xasprintf("%s%s {\n", kinds[k], name);
		const char *p = strstr(t, head), *end, *el;

		free(head);
		if (!p)
			continue;
		end = strstr(p + 1, "\n\t}\n");
		if (!end)
			return false;
		*blk_end = *el_start = *el_end = (size_t)(end - t) + 1;
		el = strstr(p, "\n\t\telements = {");
		if (el && el < end) {
			*el_start = (size_t)(el - t) + 1;
			*el_end = (size_t)(strchr(el + 1, '\n') - t) + 1;
		}
		return true;
	}
	return false;
}

/* The flags line of the set that ends at blk_end says interval. */
static bool is_interval(const char *t, size_t blk_end)
{
	const char *start = t + blk_end;
	const char *f;

	while (start > t && !(start[-1] == '\n' && start[0] == '\t' && start[1] != '\t' &&
			      start[1] != '}'))
		start--;
	f = strstr(start, "\t\tflags ");

	while (f && (size_t)(f - t) < blk_end) {
		const char *nl = strchr(f, '\n');

		if (nl && memmem(f, (size_t)(nl - f), "interval", 8))
			return true;
		f = strstr(f + 1, "\t\tflags ");
	}
	return false;
}

/* Table text `t` with the set's elements line replaced by (append: the
 * old elements and then) the command's elements on a line of their own,
 * at the command line's columns.  *line: that line's number. */
static char *probe_text(const struct elem_cmd *c, const char *t, bool append, int *line)
{
	size_t blk_end, es, ee;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	find_set(t, c->set, &blk_end, &es, &ee);
	if (append && es != ee) {
		fwrite(t, 1, ee - 3, f);	/* up to " }\n" */
		fputs(",\n", f);
	} else {
		fwrite(t, 1, es, f);
		fputs("\t\telements = {\n", f);
	}
	*line = 1;
	fflush(f);
	for (size_t i = 0; i < len; i++)
		*line += buf[i] == '\n';
	fprintf(f, "%*s%.*s}\n", (int)c->open + 1, "", (int)(c->close - c->open - 1),
		c->line + c->open + 1);
	fputs(t + ee, f);
	fclose(f);
	return buf;
}

/* Front-end errors in the probe, as errors in the command line. */
static void map_errors(const struct elem_cmd *c, const char *msgs, int line, FILE *err)
{
	size_t plen = strlen(PROBE_NAME);

	for (const char *p = msgs; *p; ) {
		const char *nl = strchr(p, '\n'), *e = strstr(p, "Error: ");
		const char *src, *carets, *cend;
		size_t n;
		int l;

		nl = nl ? nl : p + strlen(p);
		if (strncmp(p, PROBE_NAME ":", plen + 1) || !e || e > nl) {
			fprintf(err, "%.*s\n", (int)(nl - p), p);
			p = *nl ? nl + 1 : nl;
			continue;
		}
		l = atoi(p + plen + 1);
		e += strlen("Error: ");
		n = (size_t)(nl - e);
		fprintf(err, "Error: %.*s\n", (int)n, e);
		fprintf(err, "%s\n", c->line);
		src = *nl ? nl + 1 : nl;
		carets = strchr(src, '\n');
		carets = carets ? carets + 1 : src + strlen(src);
		cend = strchr(carets, '\n');
		cend = cend ? cend : carets + strlen(carets);
		if (l == line) {
			fprintf(err, "%.*s\n", (int)(cend - carets), carets);
		} else {
			fprintf(err, "%*s^\n", (int)c->set_col, "");
		}
		p = *cend ? cend + 1 : cend;
	}
}

/* Build table text `t` alone; NULL after printing its errors, unless
 * `conflict` is given: then true in it when the error is two elements
 * that overlap, and nothing printed. */
static struct ir_unit *build_probe(const struct elem_cmd *c, const char *t, int line,
				   bool *conflict, FILE *err)
{
	struct fe_source src = { .name = PROBE_NAME, .text = t };
	char *msgs = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&msgs, &len);
	struct ir_unit *u = fe_build(&src, 1, &rt_stored_opts, m);

	fclose(m);
	if (!u && conflict)
		*conflict = strstr(msgs, ": Error: conflicting intervals specified\n");
	if (!u && !(conflict && *conflict))
		map_errors(c, msgs, line, err);
	free(msgs);
	return u;
}

/* The elements of the set's line in table text `t`, each a string. */
static size_t split_elements(const char *t, const char *set, char ***out)
{
	size_t blk_end, es, ee, n = 0, depth = 0;
	const char *p, *start, *end;
	char **v = NULL;
	bool quoted = false;

	*out = NULL;
	if (!find_set(t, set, &blk_end, &es, &ee) || es == ee)
		return 0;
	p = start = strchr(t + es, '{') + 2;
	end = t + ee - 3;	/* " }\n" */
	for (; p <= end; p++) {
		if (p < end && *p == '"')
			quoted = !quoted;
		if (p < end && !quoted && (*p == '{' || *p == '('))
			depth++;
		if (p < end && !quoted && (*p == '}' || *p == ')'))
			depth--;
		if (p == end || (!quoted && !depth && p[0] == ',' && p[1] == ' ')) {
			v = xgrow(v, n, sizeof(*v));
			v[n++] = xstrndup(start, (size_t)(p - start));
			start = p + 2;
		}
	}
	*out = v;
	return n;
}

/* An element's key: its text before its options (and a map's value). */
static size_t key_len(const char *el)
{
	static const char *const opts[] = { " timeout ", " expires ", " counter", " comment ",
					    " : " };
	size_t n = strlen(el);

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *o = strstr(el, opts[i]);

		if (o && (size_t)(o - el) < n)
			n = (size_t)(o - el);
	}
	return n;
}

static bool same_key(const char *a, const char *b)
{
	size_t n = key_len(a);

	return n == key_len(b) && !strncmp(a, b, n);
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The offset and length of element i of the command (for carets). */
static void elem_span(const struct elem_cmd *c, size_t i, size_t *col, size_t *len)
{
	const char *p = c->line + c->open + 1, *end = c->line + c->close;
	bool quoted = false;

	for (size_t k = 0; ; k++) {
		const char *s, *e;

		while (p < end && *p == ' ')
			p++;
		s = p;
		while (p < end && (quoted || *p != ',')) {
			quoted ^= *p == '"';
			p++;
		}
		e = p;
		while (e > s && e[-1] == ' ')
			e--;
		if (k == i || p >= end) {
			*col = (size_t)(s - c->line);
			*len = (size_t)(e - s);
			return;
		}
		p++;
	}
}

static const struct ir_set *find_ir_set(const struct ir_unit *u, const struct elem_cmd *c)
{
	for (size_t i = 0; i < u->nsets; i++)
		if (!u->sets[i].anonymous && !strcmp(u->sets[i].name, c->set) &&
		    (!u->sets[i].table || !strcmp(u->sets[i].table, c->table)))
			return &u->sets[i];
	return NULL;
}

/* A dynamic set: the elements into (out of) its live map. */
static int edit_live(const struct elem_cmd *c, const struct ir_set *set, FILE *err)
{
	int fd = rt_dynset_open(set), e;
	size_t bad = 0, col, len;

	if (fd < 0) {
		cli_error(err, c, c->set_col, strlen(c->set), "Could not process rule: No such "
			  "file or directory: the live map of set '%s' is not pinned", c->set);
		return 1;
	}
	e = rt_dynset_edit(fd, set, c->del, &bad);
	close(fd);
	if (!e)
		return 0;
	elem_span(c, bad, &col, &len);
	cli_error(err, c, col, len, "Could not process rule: %s",
		  e == -E2BIG ? "No space left on device" : strerror(-e));
	return 1;
}

/* Element k of the command alone, added to the stored ones, does not
 * build (the only error left after the probe: an overlap). */
static bool overlaps(const struct elem_cmd *c, const char *t, size_t k)
{
	struct elem_cmd one = *c;
	char *line = xstrdup(c->line), *app, *msgs = NULL;
	size_t col, len, n = 0;
	struct ir_unit *u;
	FILE *m;
	int l;

	elem_span(c, k, &col, &len);
	for (size_t i = c->open + 1; i < c->close; i++)
		if (i < col || i >= col + len)
			line[i] = ' ';
	one.line = line;
	app = probe_text(&one, t, true, &l);
	m = open_memstream(&msgs, &n);
	u = fe_build(&(struct fe_source){ .name = PROBE_NAME, .text = app }, 1,
		     &rt_stored_opts, m);
	fclose(m);
	ir_unit_free(u);
	free(msgs);
	free(app);
	free(line);
	return !u;
}

/* A static set: the stored text with the elements added or removed;
 * *changed false when it is the same. */
static char *edit_text(const struct elem_cmd *c, const char *t, const struct ir_unit *probe,
		       bool *changed, FILE *err)
{
	char **olds, **news, *buf = NULL, *ptext = NULL;
	size_t nold = split_elements(t, c->set, &olds), nnew, blk_end, es, ee, len = 0;
	bool interval = false;
	bool *keep = xzalloc(nold + 1);
	FILE *f;

	ptext = probe->tables[0].source;
	nnew = split_elements(ptext, c->set, &news);
	find_set(t, c->set, &blk_end, &es, &ee);
	interval = is_interval(t, blk_end);
	*changed = false;
	for (size_t i = 0; i < nold; i++)
		keep[i] = true;
	if (c->del) {
		for (size_t k = 0; k < nnew; k++) {
			bool found = false;

			for (size_t i = 0; i < nold && !found; i++)
				if (keep[i] && same_key(olds[i], news[k]))
					keep[i] = !(found = true);
			if (!found) {
				size_t col, l;

				elem_span(c, k, &col, &l);
				cli_error(err, c, col, l, interval ? "element does not exist" :
					  "Could not process rule: No such file or directory");
				goto fail;
			}
			*changed = true;
		}
	} else if (interval) {
		/* each new element with the old ones: an overlap is nft's error
		 * at that element (one among the new ones was the probe's) */
		for (size_t k = 0; k < nnew; k++)
			if (overlaps(c, t, k)) {
				size_t col, l;

				elem_span(c, k, &col, &l);
				cli_error(err, c, col, l, "interval overlaps with an existing one");
				goto fail;
			}
	}
	f = open_memstream(&buf, &len);
	fwrite(t, 1, es, f);
	{
		const char *sep = "\t\telements = { ";
		size_t n = 0;

		for (size_t i = 0; i < nold; i++)
			if (keep[i]) {
				fprintf(f, "%s%s", sep, olds[i]);
				sep = ", ";
				n++;
			}
		for (size_t k = 0; !c->del && k < nnew; k++) {
			bool dup = false;

			for (size_t i = 0; i < nold && !dup; i++)
				dup = same_key(olds[i], news[k]);
			for (size_t j = 0; j < k && !dup; j++)
				dup = same_key(news[j], news[k]);
			if (dup)	/* nft's add keeps the element that is there */
				continue;
			fprintf(f, "%s%s", sep, news[k]);
			sep = ", ";
			n++;
			*changed = true;
		}
		if (n)
			fputs(" }\n", f);
	}
	fputs(t + ee, f);
	fclose(f);
	free_strs(olds, nold);
	free_strs(news, nnew);
	free(keep);
	return buf;
fail:
	free_strs(olds, nold);
	free_strs(news, nnew);
	free(keep);
	return NULL;
}

int rt_element(bool del, const char *cmdline, FILE *err)
{
	struct elem_cmd c = { .line = cmdline, .del = del };
	struct stored_table *old = NULL;
	struct ir_unit *probe = NULL;
	const struct ir_set *set;
	const char *t = NULL;
	char *ptext = NULL, *text = NULL;
	size_t nold = 0, blk_end, es, ee;
	int lock, line, ret = parse(&c, err);
	bool changed, conflict = false, interval_add = false;

	if (ret)
		goto out_nolock;
	ret = 1;
	lock = store_lock();
	if (lock < 0) {
		fprintf(err, "Error: cannot lock %s: %s\n", CGNFT_STATE_DIR, strerror(-lock));
		goto out_nolock;
	}
	nold = store_read_tables(&old);
	for (size_t i = 0; i < nold; i++)
		if (!strcmp(old[i].name, c.table))
			t = old[i].text;
	if (!t) {
		cli_error(err, &c, c.table_col, strlen(c.table), "No such file or directory");
		goto out;
	}
	if (!find_set(t, c.set, &blk_end, &es, &ee)) {
		cli_error(err, &c, c.set_col, strlen(c.set), "No such file or directory");
		goto out;
	}
	interval_add = !del && is_interval(t, blk_end);
	/* the command's elements alone, in the set: typed and checked */
	ptext = probe_text(&c, t, false, &line);
	probe = build_probe(&c, ptext, line, interval_add ? &conflict : NULL, err);
	if (!probe) {
		/* nft reports an overlap with an element that is there before
		 * two new elements that overlap */
		bool two_new = conflict;

		for (size_t k = 0, prev = 0; conflict; k++) {
			size_t col, l;

			elem_span(&c, k, &col, &l);
			if (k && col == prev)
				break;	/* past the last element */
			prev = col;
			if (overlaps(&c, t, k)) {
				cli_error(err, &c, col, l, "interval overlaps with an existing one");
				goto out;
			}
		}
		if (two_new)	/* no overlap with the set: the probe's error */
			ir_unit_free(build_probe(&c, ptext, line, NULL, err));
		goto out;
	}
	set = find_ir_set(probe, &c);
	if (set && set->dynamic) {
		ret = edit_live(&c, set, err);
		goto out;
	}
	text = edit_text(&c, t, probe, &changed, err);
	if (text)
		ret = changed ? rt_apply_table_text(old, nold, c.table, text, err) : 0;
out:
	store_free_tables(old, nold);
	close(lock);
out_nolock:
	ir_unit_free(probe);
	free(ptext);
	free(text);
	free(c.table);
	free(c.set);
	return ret;
}
