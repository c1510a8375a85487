// SPDX-License-Identifier: GPL-2.0
/* Program names for the kernel and for BTF (ir/prog_name.h). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ir/prog_name.h"
#include "ir/xalloc.h"

#define PREFIX_MAX 8	/* of the table's name; the hash gets at least 5 hex digits */

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static uint64_t fnv1a(const char *s, size_t len, uint64_t h)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h;
}

void ir_prog_kname(const struct ir_prog *p, char out[IR_KNAME_SIZE])
{
	static const char letters[IR_HOOK_MAX] = {
		[IR_HOOK_INGRESS] = 'i', [IR_HOOK_EGRESS] = 'e',
		[IR_HOOK_SYSCTL] = 's', [IR_HOOK_SOCK_CREATE] = 'c',
	};
	const char *first = p->ntables ? p->tables[0] : p->name;
	const char *hook = ir_hook_name(p->hook);
	uint64_t h = 0xcbf29ce484222325ull;
	size_t len = strlen(p->name), n = 0, digits;
	bool plain = len < IR_KNAME_SIZE;

	for (size_t i = 0; plain && i < len; i++)
		plain = ident_char(p->name[i]);
	if (plain) {
		memcpy(out, p->name, len + 1);
		return;
	}
	/* what the program is: its tables, hook and cgroup (each with its
	 * NUL, so "ab"+"c" and "a"+"bc" differ) */
	for (size_t i = 0; i < p->ntables; i++)
		h = fnv1a(p->tables[i], strlen(p->tables[i]) + 1, h);
	if (!p->ntables)
		h = fnv1a(p->name, len + 1, h);
	h = fnv1a(hook, strlen(hook) + 1, h);
	if (p->cgroup)
		h = fnv1a(p->cgroup, strlen(p->cgroup) + 1, h);
	for (; n < PREFIX_MAX && first[n]; n++)
		out[n] = ident_char(first[n]) ? first[n] : '_';
	out[n++] = '_';
	out[n++] = p->hook < IR_HOOK_MAX ? letters[p->hook] : 'x';
	digits = IR_KNAME_SIZE - 1 - n;
	snprintf(out + n, IR_KNAME_SIZE - n, "%0*llx", (int)digits,
		 (unsigned long long)(h >> (64 - 4 * digits)));
}

char *ir_btf_name(const char *name)
{
	char *s = xstrdup(name);

	for (char *c = s; *c; c++)
		if (!ident_char(*c))
			*c = '_';
	if (isdigit((unsigned char)s[0]))
		s[0] = '_';
	return s;
}
