// SPDX-License-Identifier: GPL-2.0
/*
 * What each part of .rodata is and which rule each entry comes from, kept
 * beside the bytes so that `--emit asm` (codegen/asm_data.c) can show
 * every byte that reaches the kernel, annotated.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "codegen/cg_object.h"
#include "ir/xalloc.h"

void cg_rodata_table(struct cg_object *obj, size_t at, size_t len, size_t entry,
		     enum cg_ro_kind kind, const struct ir_origin *o,
		     const char *fmt, ...)
{
	struct cg_ro_table *t;
	va_list ap;
	char *title;

	if (!len)
		return;
	va_start(ap, fmt);
	if (vasprintf(&title, fmt, ap) < 0)
		xalloc_fail();
	va_end(ap);
	obj->ro_tables = xrealloc(obj->ro_tables, (obj->nro_tables + 1) *
				  sizeof(*obj->ro_tables));
	t = &obj->ro_tables[obj->nro_tables++];
	*t = (struct cg_ro_table){ .at = at, .len = len, .entry = entry ? entry : len,
				   .kind = kind, .title = title, .origin = o };
}

void cg_rodata_note(struct cg_object *obj, size_t at, const struct ir_origin *o)
{
	size_t i;

	if (!o)
		return;
	/* notes come in offset order but for hash slots: keep them sorted */
	for (i = obj->nro_notes; i && obj->ro_notes[i - 1].at > at; i--)
		;
	for (size_t k = i; k && obj->ro_notes[k - 1].at == at; k--)
		if (obj->ro_notes[k - 1].origin == o)
			return;
	/* doubling: a table of a million records has a million notes */
	if ((obj->nro_notes & (obj->nro_notes - 1)) == 0)
		obj->ro_notes = xrealloc(obj->ro_notes, (obj->nro_notes ? 2 * obj->nro_notes : 1) *
					 sizeof(*obj->ro_notes));
	for (size_t k = obj->nro_notes; k > i; k--)
		obj->ro_notes[k] = obj->ro_notes[k - 1];
	obj->ro_notes[i] = (struct cg_ro_note){ at, o };
	obj->nro_notes++;
}

void cg_rodata_drop(struct cg_object *obj, size_t keep)
{
	while (obj->nro_tables && obj->ro_tables[obj->nro_tables - 1].at >= keep)
		free(obj->ro_tables[--obj->nro_tables].title);
	while (obj->nro_notes && obj->ro_notes[obj->nro_notes - 1].at >= keep)
		obj->nro_notes--;
	obj->rodata_len = keep;
}
