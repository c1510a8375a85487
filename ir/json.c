// SPDX-License-Identifier: GPL-2.0
/* The JSON writer of ir/json.h. */
#include <inttypes.h>
#include <stdlib.h>

#include "ir/json.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

void json_init(struct json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->first[0] = true;
}

void json_quote(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* The comma and the key before a value. */
static void member(struct json *j, const char *key)
{
	if (!j->first[j->depth])
		fputs(", ", j->out);
	j->first[j->depth] = false;
	if (key) {
		json_quote(j->out, key);
		fputs(": ", j->out);
	}
}

static void open_(struct json *j, const char *key, char c)
{
	member(j, key);
	fputc(c, j->out);
	if (j->depth + 1 >= JSON_DEPTH)
		abort();	/* a writer bug: no output is this deep */
	j->first[++j->depth] = true;
}

void json_obj(struct json *j, const char *key) { open_(j, key, '{'); }
void json_arr(struct json *j, const char *key) { open_(j, key, '['); }

void json_end_obj(struct json *j)
{
	j->depth--;
	fputc('}', j->out);
}

void json_end_arr(struct json *j)
{
	j->depth--;
	fputc(']', j->out);
}

void json_str(struct json *j, const char *key, const char *s)
{
	member(j, key);
	if (s)
		json_quote(j->out, s);
	else
		fputs("null", j->out);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	member(j, key);
	fprintf(j->out, "%" PRIu64, v);
}

void json_int(struct json *j, const char *key, long long v)
{
	member(j, key);
	fprintf(j->out, "%lld", v);
}

void json_bool(struct json *j, const char *key, bool v)
{
	member(j, key);
	fputs(v ? "true" : "false", j->out);
}

void json_raw(struct json *j, const char *key, const char *raw)
{
	member(j, key);
	fputs(raw, j->out);
}

void json_nftables_begin(struct json *j, FILE *out)
{
	json_init(j, out);
	json_obj(j, NULL);
	json_arr(j, "nftables");
	json_obj(j, NULL);
	json_obj(j, "metainfo");
	json_str(j, "version", PACKAGE_VERSION);
	json_str(j, "release_name", "cgnft");
	json_int(j, "json_schema_version", 1);
	json_end_obj(j);
	json_end_obj(j);
}

void json_nftables_end(struct json *j)
{
	json_end_arr(j);
	json_end_obj(j);
	fputc('\n', j->out);
}
