/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer for the -j outputs (doc/JSON.md): it
 * places the commas, so that each kind of object is one short function.
 * Nesting is at most JSON_DEPTH deep.
 */
#ifndef CGNFT_IR_JSON_H
#define CGNFT_IR_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_DEPTH 16

struct json {
	FILE *out;
	int depth;
	bool first[JSON_DEPTH];	/* nothing written yet at this level */
};

void json_init(struct json *j, FILE *out);
/* `key` NULL inside arrays (and for the top level). */
void json_obj(struct json *j, const char *key);
void json_arr(struct json *j, const char *key);
void json_end_obj(struct json *j);
void json_end_arr(struct json *j);
void json_str(struct json *j, const char *key, const char *s);	/* NULL: null */
void json_u64(struct json *j, const char *key, uint64_t v);
void json_int(struct json *j, const char *key, long long v);
void json_bool(struct json *j, const char *key, bool v);
/* `raw` as it is: a value, or with key NULL members of their own (the
 * live-value markers of runtime/list.c). */
void json_raw(struct json *j, const char *key, const char *raw);
/* A JSON string of `s` on `out`, escaped. */
void json_quote(FILE *out, const char *s);
/* {"nftables": [ {"metainfo": {...}}, ... : the caller adds its objects
 * and ends with json_nftables_end(). */
void json_nftables_begin(struct json *j, FILE *out);
void json_nftables_end(struct json *j);

#endif
