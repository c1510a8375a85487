// SPDX-License-Identifier: GPL-2.0
/*
 * cgnft's side of tests/unit/datatype_oracle.sh:
 *
 *   dt_dump describe NAME [BITS]     what `nft describe` prints for the
 *                                    datatype NAME (for a selector of BITS)
 *   dt_dump parse NAME BITS [-q] WORD...
 *                                    per word "OK <text>" (dt_print of the
 *                                    value) or "ERR <message>"; -q: the
 *                                    words were "quoted"
 *   dt_dump batch                    per stdin line "NAME BITS Q WORD" (Q:
 *                                    q quoted, - not; WORD: the rest of the
 *                                    line) the line parse would print
 *   dt_dump list                     every datatype: name, bits, symbols
 *
 * NAME is nft's datatype name; "integer" with BITS is dt_integer(BITS);
 * of two types with one name (time), the one of BITS bits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontend/datatype.h"

static const struct datatype *find(const char *name, unsigned bits)
{
	const struct datatype *const *all, *first = NULL;
	size_t n;

	if (!strcmp(name, "integer"))
		return dt_integer(bits);
	all = dt_all(&n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(all[i]->name, name))
			continue;
		if (all[i]->bits == bits)
			return all[i];
		if (!first)
			first = all[i];
	}
	return first;
}

static void parse_one(const struct datatype *dt, const char *word,
		      unsigned bits, unsigned flags)
{
	char err[256], text[256];
	struct ir_val v;

	if (dt_parse_ex(dt, word, bits, flags, &v, err, sizeof(err))) {
		dt_print(dt, v, text, sizeof(text));
		printf("OK %s\n", text);
	} else {
		printf("ERR %s\n", err);
	}
}

static int batch(void)
{
	char line[4096], name[64], q[2];
	unsigned bits;
	int used;

	while (fgets(line, sizeof(line), stdin)) {
		const struct datatype *dt;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "%63s %u %1s%n", name, &bits, q, &used) != 3 ||
		    line[used] != ' ') {
			printf("BAD LINE %s\n", line);
			continue;
		}
		dt = find(name, bits);
		if (!dt)
			printf("no datatype %s\n", name);
		else
			parse_one(dt, line + used + 1, bits,
				  q[0] == 'q' ? DT_PARSE_QUOTED : 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct datatype *dt;
	unsigned bits;

	if (argc >= 2 && !strcmp(argv[1], "list")) {
		size_t n;
		const struct datatype *const *all = dt_all(&n);

		for (size_t i = 0; i < n; i++)
			printf("%s %u %zu %zu (%s)\n", all[i]->name, all[i]->bits,
			       all[i]->nsym, all[i]->nalias, all[i]->desc);
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[1], "batch"))
		return batch();
	if (argc < 3) {
		fprintf(stderr, "usage: dt_dump describe NAME [BITS] | parse NAME BITS [-q] WORD... | batch | list\n");
		return 2;
	}
	bits = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 0) : 0;
	dt = find(argv[2], bits);
	if (!dt) {
		printf("no datatype %s\n", argv[2]);
		return 1;
	}
	if (!strcmp(argv[1], "describe")) {
		dt_describe(dt, bits, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "parse") && argc > 3) {
		unsigned flags = 0;
		int i = 4;

		if (i < argc && !strcmp(argv[i], "-q")) {
			flags = DT_PARSE_QUOTED;
			i++;
		}
		for (; i < argc; i++)
			parse_one(dt, argv[i], bits, flags);
		return 0;
	}
	fprintf(stderr, "dt_dump: unknown command %s\n", argv[1]);
	return 2;
}
