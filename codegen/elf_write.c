// SPDX-License-Identifier: GPL-2.0
/*
 * The relocatable ELF object, written by hand into memory so the bytes
 * depend on nothing but the input: fixed section order, no timestamps.
 *
 * Layout, as clang would emit it for the same C program:
 *   one executable section per program (named by its hook), a global FUNC
 *   symbol per program, "license", ".maps" with one 32-byte BTF-defined
 *   map definition per map, ".rodata" with the set data, ".rel<prog>"
 *   R_BPF_64_64 relocations for every map reference, ".BTF", ".symtab",
 *   ".strtab" (section and symbol names share it).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_object.h"
#include "codegen/codegen.h"
#include "codegen/elf_btf.h"
#include "codegen/load_values.h"
#include "ir/xalloc.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define R_BPF_64_64 1
#define MAP_DEF_SIZE 32		/* four pointers: type, max_entries, key, value */

struct buf {
	uint8_t *data;
	size_t len;
};

static size_t buf_add(struct buf *b, const void *p, size_t n)
{
	size_t at = b->len;

	b->data = xrealloc(b->data, b->len + n + 1);
	if (p)
		memcpy(b->data + at, p, n);
	else
		memset(b->data + at, 0, n);
	b->len += n;
	return at;
}

static size_t str_add(struct buf *strtab, const char *s)
{
	return buf_add(strtab, s, strlen(s) + 1);
}

struct section {
	Elf64_Shdr hdr;
	struct buf data;
};

struct writer {
	struct section *secs;
	size_t nsecs;
	struct buf strtab;
	struct buf symtab;
	size_t nsyms, first_global;
};

static size_t add_section(struct writer *w, const char *name, uint32_t type,
			  uint64_t flags, const void *data, size_t len,
			  size_t align)
{
	struct section *s;

	w->secs = xrealloc(w->secs, (w->nsecs + 1) * sizeof(*w->secs));
	s = &w->secs[w->nsecs];
	memset(s, 0, sizeof(*s));
	s->hdr.sh_name = name ? str_add(&w->strtab, name) : 0;
	s->hdr.sh_type = type;
	s->hdr.sh_flags = flags;
	s->hdr.sh_addralign = align;
	if (len)
		buf_add(&s->data, data, len);
	return w->nsecs++;
}

static size_t add_symbol(struct writer *w, const char *name, int bind,
			 int type, size_t shndx, uint64_t value, uint64_t size)
{
	Elf64_Sym sym = {
		.st_name = name ? str_add(&w->strtab, name) : 0,
		.st_info = ELF64_ST_INFO(bind, type),
		.st_shndx = shndx,
		.st_value = value,
		.st_size = size,
	};

	buf_add(&w->symtab, &sym, sizeof(sym));
	return w->nsyms++;
}

static const char *const map_names[] = {
	[CG_MAP_COUNTERS] = CG_COUNTERS_MAP,
	[CG_MAP_TRACE] = CG_TRACE_MAP,
	[CG_MAP_LIMITS] = CG_LIMITS_MAP,
	[CG_MAP_QUOTAS] = CG_QUOTAS_MAP,
};

int cg_write_elf(const struct cg_object *obj, void **out, size_t *outlen)
{
	struct writer w = { 0 };
	size_t *prog_sec = xzalloc((obj->nprogs + 1) * sizeof(size_t));
	size_t map_sym[CG_MAP_RODATA] = { 0 }, rodata_sym = 0, maps_sec, rodata_sec = 0;
	enum cg_map maps[CG_MAP_RODATA];
	size_t nmaps = cg_object_maps(obj, maps), symtab_sec, strtab_sec, license_sec;
	struct cg_btf_layout layout = { .nmaps = nmaps, .maps = maps };
	Elf64_Ehdr eh = { 0 };
	struct buf file = { 0 };
	void *btf;
	size_t btf_len;
	uint8_t zeros[CG_MAP_RODATA * MAP_DEF_SIZE] = { 0 };

	add_section(&w, NULL, SHT_NULL, 0, NULL, 0, 0);
	str_add(&w.strtab, "");
	add_symbol(&w, NULL, STB_LOCAL, STT_NOTYPE, SHN_UNDEF, 0, 0);

	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct cg_prog *p = &obj->progs[i];

		prog_sec[i] = add_section(&w, p->section, SHT_PROGBITS,
					  SHF_ALLOC | SHF_EXECINSTR, p->insns,
					  p->ninsns * sizeof(struct bpf_insn), 8);
	}
	license_sec = add_section(&w, "license", SHT_PROGBITS,
				  SHF_ALLOC | SHF_WRITE, "GPL", 4, 1);
	maps_sec = add_section(&w, ".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
			       zeros, nmaps * MAP_DEF_SIZE, 8);
	if (obj->rodata_len) {
		rodata_sec = add_section(&w, ".rodata", SHT_PROGBITS, SHF_ALLOC,
					 obj->rodata, obj->rodata_len, 8);
		/* relocations name the section symbol; imm is the offset */
		rodata_sym = add_symbol(&w, NULL, STB_LOCAL, STT_SECTION,
					rodata_sec, 0, 0);
	}
	w.first_global = w.nsyms;
	for (size_t i = 0; i < obj->nprogs; i++)
		add_symbol(&w, obj->progs[i].name, STB_GLOBAL, STT_FUNC,
			   prog_sec[i], 0,
			   obj->progs[i].ninsns * sizeof(struct bpf_insn));
	add_symbol(&w, "LICENSE", STB_GLOBAL, STT_OBJECT, license_sec, 0, 4);
	for (size_t m = 0; m < nmaps; m++)
		map_sym[maps[m]] = add_symbol(&w, map_names[maps[m]], STB_GLOBAL, STT_OBJECT,
					      maps_sec, m * MAP_DEF_SIZE, MAP_DEF_SIZE);
	if (obj->load_len)
		add_symbol(&w, CG_LOAD_VAR, STB_GLOBAL, STT_OBJECT, rodata_sec,
			   0, obj->load_len);
	if (obj->rodata_len > obj->load_len)
		add_symbol(&w, CG_RODATA_VAR, STB_GLOBAL, STT_OBJECT, rodata_sec,
			   obj->load_len, obj->rodata_len - obj->load_len);

	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct cg_prog *p = &obj->progs[i];
		struct buf rel = { 0 };
		char *name;

		if (!p->nrelocs)
			continue;
		for (size_t r = 0; r < p->nrelocs; r++) {
			size_t sym = p->relocs[r].map == CG_MAP_RODATA ?
				     rodata_sym : map_sym[p->relocs[r].map];
			Elf64_Rel er = {
				.r_offset = p->relocs[r].insn * sizeof(struct bpf_insn),
				.r_info = ELF64_R_INFO(sym, R_BPF_64_64),
			};

			buf_add(&rel, &er, sizeof(er));
		}
		name = xasprintf(".rel%s", p->section);
		size_t s = add_section(&w, name, SHT_REL, 0, rel.data, rel.len, 8);
		w.secs[s].hdr.sh_info = prog_sec[i];
		w.secs[s].hdr.sh_entsize = sizeof(Elf64_Rel);
		free(name);
		free(rel.data);
	}

	layout.ncounters = obj->unit->ncounters;
	layout.nlimits = obj->unit->nlimits;
	layout.nquotas = obj->unit->nquotas;
	layout.rodata_len = obj->rodata_len;
	layout.load_len = obj->load_len;
	layout.progs = obj->progs;
	layout.nprogs = obj->nprogs;
	if (cg_btf_build(&layout, &btf, &btf_len)) {
		free(prog_sec);
		return -1;
	}
	add_section(&w, ".BTF", SHT_PROGBITS, 0, btf, btf_len, 4);
	free(btf);

	symtab_sec = add_section(&w, ".symtab", SHT_SYMTAB, 0, w.symtab.data,
				 w.symtab.len, 8);
	w.secs[symtab_sec].hdr.sh_info = w.first_global;
	w.secs[symtab_sec].hdr.sh_entsize = sizeof(Elf64_Sym);
	strtab_sec = add_section(&w, ".strtab", SHT_STRTAB, 0, NULL, 0, 1);
	w.secs[symtab_sec].hdr.sh_link = strtab_sec;
	for (size_t i = 0; i < w.nsecs; i++)
		if (w.secs[i].hdr.sh_type == SHT_REL)
			w.secs[i].hdr.sh_link = symtab_sec;
	/* the string table is complete now: every name has been added */
	buf_add(&w.secs[strtab_sec].data, w.strtab.data, w.strtab.len);

	/* file: header, section contents (aligned), section header table */
	buf_add(&file, NULL, sizeof(eh));
	for (size_t i = 1; i < w.nsecs; i++) {
		struct section *s = &w.secs[i];
		size_t align = s->hdr.sh_addralign ? s->hdr.sh_addralign : 1;

		buf_add(&file, NULL, (align - file.len % align) % align);
		s->hdr.sh_offset = file.len;
		s->hdr.sh_size = s->data.len;
		buf_add(&file, s->data.data, s->data.len);
	}
	buf_add(&file, NULL, (8 - file.len % 8) % 8);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_REL;
	eh.e_machine = EM_BPF;
	eh.e_version = EV_CURRENT;
	eh.e_shoff = file.len;
	eh.e_ehsize = sizeof(eh);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = w.nsecs;
	eh.e_shstrndx = strtab_sec;
	for (size_t i = 0; i < w.nsecs; i++)
		buf_add(&file, &w.secs[i].hdr, sizeof(Elf64_Shdr));
	memcpy(file.data, &eh, sizeof(eh));

	for (size_t i = 0; i < w.nsecs; i++)
		free(w.secs[i].data.data);
	free(w.secs);
	free(w.strtab.data);
	free(w.symtab.data);
	free(prog_sec);
	*out = file.data;
	*outlen = file.len;
	return 0;
}
