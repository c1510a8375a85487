// SPDX-License-Identifier: GPL-2.0
/*
 * The data half of `cgnft compile --emit asm`: every byte of .rodata
 * (classifier tables, set ranges, map values, strings) table by table, one
 * line per entry with the rule it comes from, then every map with what the
 * loader writes into it before the programs run.  A one-rule change is a
 * change of a few lines here: no entry carries its offset (tables do),
 * and runs of identical entries print once with their count.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_object.h"
#include "codegen/codegen.h"
#include "ir/xalloc.h"

static void print_origin(FILE *out, const struct ir_origin *o)
{
	fprintf(out, "%s:%d: %s", o->file, o->line, o->text);
}

/* The notes of the entry at `at`: [*first, *end) of obj->ro_notes. */
static void notes_at(const struct cg_object *obj, size_t at, size_t *first,
		     size_t *end)
{
	size_t lo = 0, hi = obj->nro_notes;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (obj->ro_notes[mid].at < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = *end = lo;
	while (*end < obj->nro_notes && obj->ro_notes[*end].at == at)
		(*end)++;
}

static bool same_notes(const struct cg_object *obj, size_t a, size_t b)
{
	size_t a0, a1, b0, b1;

	notes_at(obj, a, &a0, &a1);
	notes_at(obj, b, &b0, &b1);
	if (a1 - a0 != b1 - b0)
		return false;
	for (size_t i = 0; i < a1 - a0; i++)
		if (obj->ro_notes[a0 + i].origin != obj->ro_notes[b0 + i].origin)
			return false;
	return true;
}

static void print_words(FILE *out, const uint8_t *p, size_t len, enum cg_ro_kind k)
{
	const char *sep = "";

	for (size_t i = 0; i < len; sep = " ") {
		if (k != CG_RO_U32 && len % 8 == 0) {
			uint64_t v;

			memcpy(&v, p + i, 8);
			fprintf(out, "%s0x%016" PRIx64, sep, v);
			i += 8;
		} else if (len % 4 == 0) {
			uint32_t v;

			memcpy(&v, p + i, 4);
			fprintf(out, "%s0x%08" PRIx32, sep, v);
			i += 4;
		} else {
			fprintf(out, "%s0x%02x", sep, p[i]);
			i++;
		}
	}
}

static void print_text(FILE *out, const uint8_t *p, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '"' || p[i] == '\\')
			fprintf(out, "\\%c", p[i]);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			fputc(p[i], out);
		else
			fprintf(out, "\\x%02x", p[i]);
	}
	fputc('"', out);
}

/* One line: the entry's bytes, how many times in a row, its rules. */
static void print_entry(FILE *out, const struct cg_object *obj,
			const struct cg_ro_table *t, size_t at, size_t len,
			size_t times)
{
	size_t n0, n1;

	fputc('\t', out);
	if (t->kind == CG_RO_TEXT)
		print_text(out, obj->rodata + at, len);
	else
		print_words(out, obj->rodata + at, len, t->kind);
	if (times > 1)
		fprintf(out, " (x%zu)", times);
	notes_at(obj, at, &n0, &n1);
	for (size_t i = n0; i < n1; i++) {
		fputs(i == n0 ? " ; " : ", ", out);
		if (n1 - n0 == 1)
			print_origin(out, obj->ro_notes[i].origin);
		else
			fprintf(out, "%s:%d", obj->ro_notes[i].origin->file,
				obj->ro_notes[i].origin->line);
	}
	fputc('\n', out);
}

static const uint8_t *sort_base;
static size_t sort_len;

/* Records in the order of their words as numbers: the key first. */
static int cmp_record(const void *a, const void *b)
{
	const uint8_t *x = sort_base + *(const size_t *)a;
	const uint8_t *y = sort_base + *(const size_t *)b;

	for (size_t i = 0; i + 8 <= sort_len; i += 8) {
		uint64_t u, v;

		memcpy(&u, x + i, 8);
		memcpy(&v, y + i, 8);
		if (u != v)
			return u < v ? -1 : 1;
	}
	return 0;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

/* A hash table: its records in key order, then per slot the number of
 * its record in that order ("-": empty, all zero). */
static void print_hashed(FILE *out, const struct cg_object *obj,
			 const struct cg_ro_table *t)
{
	size_t nslots = t->len / t->entry, n = 0;
	size_t *rec = xmalloc((nslots ? nslots : 1) * sizeof(*rec));

	for (size_t s = 0; s < nslots; s++)
		if (!all_zero(obj->rodata + t->at + s * t->entry, t->entry))
			rec[n++] = t->at + s * t->entry;
	sort_base = obj->rodata;
	sort_len = t->entry;
	qsort(rec, n, sizeof(*rec), cmp_record);
	for (size_t i = 0; i < n; i++)
		print_entry(out, obj, t, rec[i], t->entry, 1);
	for (size_t s = 0; s < nslots; s++) {
		size_t at = t->at + s * t->entry, i;

		if (s % 16 == 0)
			fprintf(out, "%s	slots %zu-%zu:", s ? "\n" : "", s,
				s + 15 < nslots ? s + 15 : nslots - 1);
		for (i = 0; i < n && rec[i] != at; i++)
			;
		if (i < n)
			fprintf(out, " %zu", i);
		else
			fputs(" -", out);
	}
	fputc('\n', out);
	free(rec);
}

static void print_table(FILE *out, const struct cg_object *obj,
			const struct cg_ro_table *t)
{
	fprintf(out, "; +0x%04zx: %s", t->at, t->title);
	if (t->origin) {
		fputs(" ; ", out);
		print_origin(out, t->origin);
	}
	fputc('\n', out);
	if (t->kind == CG_RO_HASHED) {
		print_hashed(out, obj, t);
		return;
	}
	for (size_t i = 0; i < t->len;) {
		size_t at = t->at + i, len = t->len - i < t->entry ? t->len - i : t->entry;
		size_t times = 1;

		/* a run of identical entries (padding, direct keys, empty slots) */
		while (i + (times + 1) * len <= t->len &&
		       !memcmp(obj->rodata + at, obj->rodata + at + times * len, len) &&
		       same_notes(obj, at, at + times * len))
			times++;
		print_entry(out, obj, t, at, len, times);
		i += times * len;
	}
}

/* Bytes no table describes (alignment): shown when they are not zero. */
static void print_gap(FILE *out, const struct cg_object *obj, size_t from, size_t to)
{
	bool zero = true;

	if (from >= to)
		return;
	for (size_t i = from; i < to; i++)
		zero &= !obj->rodata[i];
	fprintf(out, "; +0x%04zx: %zu bytes of alignment%s\n", from, to - from,
		zero ? ", zero" : "");
	if (!zero) {
		fputc('\t', out);
		print_words(out, obj->rodata + from, to - from, CG_RO_U64);
		fputc('\n', out);
	}
}

static void print_rodata(FILE *out, const struct cg_object *obj)
{
	size_t done = 0;

	if (!obj->rodata_len)
		return;
	fprintf(out, "\n.rodata: ; %zu bytes, read-only (frozen at load)\n",
		obj->rodata_len);
	for (size_t i = 0; i < obj->nro_tables; i++) {
		const struct cg_ro_table *t = &obj->ro_tables[i];

		print_gap(out, obj, done, t->at);
		print_table(out, obj, t);
		done = t->at + t->len;
	}
	print_gap(out, obj, done, obj->rodata_len);
}

static void print_host(FILE *out, const struct cg_object *obj)
{
	if (!obj->host_len)
		return;
	fprintf(out, "\n%s: ; %zu bytes, zero here: the loader writes the host's values\n",
		CG_HOST_SEC, obj->host_len);
	for (size_t h = 0; h < obj->nhost; h++)
		fprintf(out, "\t+%zu: %s (%zu bytes)\n", obj->host[h].off,
			obj->host[h].name, obj->host[h].size);
}

static const struct ir_set *dynset_of(const struct ir_unit *u, int map)
{
	for (size_t i = 0; i < u->nsets; i++)
		if (u->sets[i].dynamic && u->sets[i].map == map)
			return &u->sets[i];
	return NULL;
}

static void print_dynset(FILE *out, const struct ir_set *s, int map)
{
	unsigned off[IR_MAX_CONCAT], width[IR_MAX_CONCAT];

	fprintf(out, "\t" CG_DYNSET_MAP "%d: hash, at most %" PRIu32 " elements, key %u bytes,"
		" set %s/%s%s%s; %zu initial elements\n", map, s->size,
		ir_dynset_key_layout(s, off, width), s->table, s->name,
		s->counter ? ", counters" : "", s->has_timeout ? ", timeouts" : "",
		s->nelems);
	for (size_t i = 0; i < s->nelems; i++) {
		const struct ir_set_elem *el = &s->elems[i];

		fputs("\t\t{", out);
		for (int f = 0; f < s->nfields; f++) {
			if (el->lo[f].hi)
				fprintf(out, " 0x%" PRIx64 "%016" PRIx64, el->lo[f].hi, el->lo[f].lo);
			else
				fprintf(out, " 0x%" PRIx64, el->lo[f].lo);
		}
		fprintf(out, " } timeout %" PRIu64 " ms, packets %" PRIu64 ", bytes %" PRIu64 "\n",
			el->timeout_ms ? el->timeout_ms : s->timeout_ms, el->packets,
			el->bytes);
	}
}

static void print_maps(FILE *out, const struct cg_object *obj)
{
	const struct ir_unit *u = obj->unit;
	enum cg_map maps[CG_MAP__COUNT];
	size_t n = cg_object_maps(obj, maps);

	fputs("\nmaps: ; what the loader writes before the programs run\n", out);
	for (size_t m = 0; m < n; m++) {
		switch (maps[m]) {
		case CG_MAP_COUNTERS:
			fprintf(out, "\t" CG_COUNTERS_MAP ": percpu_array, %zu counters"
				" {packets, bytes}\n", u->ncounters ? u->ncounters : 1);
			for (size_t i = 0; i < u->ncounters; i++)
				fprintf(out, "\t\t[%zu] packets %" PRIu64 ", bytes %" PRIu64
					" ; %s %s\n", i, u->counters[i].packets,
					u->counters[i].bytes, u->counters[i].table,
					u->counters[i].rule_key);
			break;
		case CG_MAP_TRACE:
			fputs("\tcgnft_trace: array, 1 u32, zero\n", out);
			break;
		case CG_MAP_LIMITS:
			fprintf(out, "\tlimits: array, %zu buckets, each full\n", u->nlimits);
			for (size_t i = 0; i < u->nlimits; i++)
				fprintf(out, "\t\t[%zu] %s%" PRIu64 " %s per %" PRIu64 " s burst %"
					PRIu32 " ; %s %s\n", i, u->limits[i].invert ? "over " : "",
					u->limits[i].rate, u->limits[i].bytes ? "bytes" : "packets",
					u->limits[i].unit, u->limits[i].burst, u->limits[i].table,
					u->limits[i].key);
			break;
		case CG_MAP_NUMGEN:
			fprintf(out, "\tnumgen: array, %zu u64 counters of numgen inc, from 0\n",
				u->nhashes);
			break;
		case CG_MAP_QUOTAS:
			fprintf(out, "\tquotas: array, %zu u64 bytes used\n", u->nquotas);
			for (size_t i = 0; i < u->nquotas; i++)
				fprintf(out, "\t\t[%zu] used %" PRIu64 " of %s%" PRIu64
					" ; %s %s\n", i, u->quotas[i].used,
					u->quotas[i].invert ? "over " : "", u->quotas[i].bytes,
					u->quotas[i].table, u->quotas[i].key);
			break;
		default: {
			int k = maps[m] - CG_MAP_DYNSET;
			const struct ir_set *s = dynset_of(u, k);

			if (s)
				print_dynset(out, s, k);
			break;
		}
		}
	}
}

void cg_print_data(const struct cg_object *obj, FILE *out)
{
	print_rodata(out, obj);
	print_host(out, obj);
	print_maps(out, obj);
}
