// SPDX-License-Identifier: GPL-2.0
/*
 * The relocatable ELF object, written by hand into memory so the bytes
 * depend on nothing but the input: fixed section order, no timestamps.
 *
 * Layout, as clang would emit it for the same C program:
 *   one executable section per hook name, with its programs in order, a
 *   global FUNC symbol per program, "license", ".maps" with one 32-byte
 *   BTF-defined map definition per map, ".rodata" with the set data,
 *   ".rodata.host" with the host's values (zeros here), ".rel<section>"
 *   R_BPF_64_64 relocations for every map reference and R_BPF_64_32 ones
 *   for kfunc calls (undefined symbols), ".BTF", ".BTF.ext" (each program's
 *   func and one line record, CO-RE field relocations), ".symtab", ".strtab" (section and symbol names
 *   share it).
 */
#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_object.h"
#include "codegen/codegen.h"
#include "codegen/elf_btf.h"
#include "codegen/log_event.h"
#include "codegen/load_values.h"
#include "ir/xalloc.h"

#ifndef EM_BPF
#define EM_BPF 247
#endif
#define R_BPF_64_64 1
#define R_BPF_64_32 10		/* kfunc calls: clang's relocation for a call
				 * to an extern function */
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
	const void *ref;	/* instead of data.data: the caller's bytes
				 * (.rodata: tens of MB at 100k rules, not
				 * copied twice) */
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
	[CG_MAP_NUMGEN] = CG_NUMGEN_MAP,
	[CG_MAP_LOG] = CG_LOG_MAP,
	[CG_MAP_LOG_DROPS] = CG_LOG_DROPS_MAP,
};

/* One executable section per distinct section name, holding its programs
 * one after another (as clang puts the functions of one SEC()): .BTF.ext
 * names the sections its CO-RE relocations apply to, so two sections
 * must not share a name. */
struct prog_place {
	size_t sec;		/* index into writer sections */
	size_t base;		/* first instruction within the section */
};

struct elf_rel {
	size_t insn;		/* within the section */
	size_t sym;
	int type;
};

static int rel_cmp(const void *a, const void *b)
{
	const struct elf_rel *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

int cg_write_elf(const struct cg_object *obj, void **out, size_t *outlen)
{
	struct writer w = { 0 };
	struct prog_place *place = xzalloc((obj->nprogs + 1) * sizeof(*place));
	size_t *base = xzalloc((obj->nprogs + 1) * sizeof(size_t));
	size_t map_sym[CG_MAP__COUNT] = { 0 }, rodata_sym = 0, maps_sec, rodata_sec = 0;
	size_t host_sec = 0, host_sym = 0, kfunc_sym[CG_KFUNC__COUNT] = { 0 };
	enum cg_map maps[CG_MAP__COUNT];
	char dynset_name[32];
	size_t nmaps = cg_object_maps(obj, maps), symtab_sec, strtab_sec, license_sec;
	bool kfunc_used[CG_KFUNC__COUNT] = { false };
	struct cg_btf_layout layout = { .nmaps = nmaps, .maps = maps, .unit = obj->unit };
	Elf64_Ehdr eh = { 0 };
	struct buf file = { 0 };
	void *btf, *btf_ext = NULL;
	size_t btf_len, btf_ext_len = 0;
	uint8_t *zeros = xzalloc(nmaps * MAP_DEF_SIZE + 1);

	add_section(&w, NULL, SHT_NULL, 0, NULL, 0, 0);
	str_add(&w.strtab, "");
	add_symbol(&w, NULL, STB_LOCAL, STT_NOTYPE, SHN_UNDEF, 0, 0);

	for (size_t i = 0; i < obj->nprogs; i++) {
		const struct cg_prog *p = &obj->progs[i];
		size_t j;

		for (j = 0; j < i; j++)
			if (!strcmp(obj->progs[j].section, p->section))
				break;
		if (j < i) {
			struct section *s = &w.secs[place[j].sec];

			place[i].sec = place[j].sec;
			place[i].base = s->data.len / sizeof(struct bpf_insn);
			buf_add(&s->data, p->insns, p->ninsns * sizeof(struct bpf_insn));
		} else {
			place[i].sec = add_section(&w, p->section, SHT_PROGBITS,
						   SHF_ALLOC | SHF_EXECINSTR, p->insns,
						   p->ninsns * sizeof(struct bpf_insn), 8);
		}
		base[i] = place[i].base;
		for (size_t k = 0; k < p->nkcalls; k++)
			kfunc_used[p->kcalls[k].fn] = true;
	}
	license_sec = add_section(&w, "license", SHT_PROGBITS,
				  SHF_ALLOC | SHF_WRITE, "GPL", 4, 1);
	maps_sec = add_section(&w, ".maps", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE,
			       zeros, nmaps * MAP_DEF_SIZE, 8);
	free(zeros);
	if (obj->rodata_len) {
		rodata_sec = add_section(&w, ".rodata", SHT_PROGBITS, SHF_ALLOC,
					 NULL, 0, 8);
		w.secs[rodata_sec].ref = obj->rodata;
		w.secs[rodata_sec].data.len = obj->rodata_len;
		/* relocations name the section symbol; imm is the offset */
		rodata_sym = add_symbol(&w, NULL, STB_LOCAL, STT_SECTION,
					rodata_sec, 0, 0);
	}
	if (obj->host_len) {
		/* zeros: the loader writes the host's values (cg_host_slot) */
		host_sec = add_section(&w, CG_HOST_SEC, SHT_PROGBITS, SHF_ALLOC,
				       NULL, 0, 8);
		buf_add(&w.secs[host_sec].data, NULL, obj->host_len);
		host_sym = add_symbol(&w, NULL, STB_LOCAL, STT_SECTION,
				      host_sec, 0, 0);
	}
	w.first_global = w.nsyms;
	for (size_t i = 0; i < obj->nprogs; i++)
		add_symbol(&w, obj->progs[i].kname, STB_GLOBAL, STT_FUNC,
			   place[i].sec, place[i].base * sizeof(struct bpf_insn),
			   obj->progs[i].ninsns * sizeof(struct bpf_insn));
	add_symbol(&w, "LICENSE", STB_GLOBAL, STT_OBJECT, license_sec, 0, 4);
	for (size_t m = 0; m < nmaps; m++)
		map_sym[maps[m]] = add_symbol(&w, maps[m] >= CG_MAP_DYNSET ?
					      (snprintf(dynset_name, sizeof(dynset_name),
							CG_DYNSET_MAP "%d", maps[m] - CG_MAP_DYNSET),
					       dynset_name) : map_names[maps[m]],
					      STB_GLOBAL, STT_OBJECT,
					      maps_sec, m * MAP_DEF_SIZE, MAP_DEF_SIZE);
	if (obj->load_len)
		add_symbol(&w, CG_LOAD_VAR, STB_GLOBAL, STT_OBJECT, rodata_sec,
			   0, obj->load_len);
	if (obj->rodata_len > obj->load_len)
		add_symbol(&w, CG_RODATA_VAR, STB_GLOBAL, STT_OBJECT, rodata_sec,
			   obj->load_len, obj->rodata_len - obj->load_len);
	/* libbpf places each .BTF variable of a data section by its symbol */
	for (size_t h = 0; h < obj->nhost; h++)
		add_symbol(&w, obj->host[h].name, STB_GLOBAL, STT_OBJECT, host_sec,
			   obj->host[h].off, obj->host[h].size);
	/* kfuncs: undefined symbols, as `extern ... __ksym` */
	for (int f = 0; f < CG_KFUNC__COUNT; f++)
		if (kfunc_used[f])
			kfunc_sym[f] = add_symbol(&w, cg_kfunc_name(f), STB_GLOBAL,
						  STT_NOTYPE, SHN_UNDEF, 0, 0);

	for (size_t i = 0; i < obj->nprogs; i++) {
		struct elf_rel *rels = NULL;
		size_t nrels = 0;
		struct buf rel = { 0 };
		char *name;
		size_t s;

		/* one relocation section per program section, written with its
		 * first program */
		for (size_t j = 0; j < i; j++)
			if (place[j].sec == place[i].sec)
				goto next;
		for (size_t j = i; j < obj->nprogs; j++) {
			const struct cg_prog *p = &obj->progs[j];

			if (place[j].sec != place[i].sec)
				continue;
			rels = xrealloc(rels, (nrels + p->nrelocs + p->nkcalls + 1) *
					sizeof(*rels));
			for (size_t r = 0; r < p->nrelocs; r++) {
				enum cg_map m = p->relocs[r].map;

				rels[nrels++] = (struct elf_rel){
					.insn = place[j].base + p->relocs[r].insn,
					.sym = m == CG_MAP_RODATA ? rodata_sym :
					       m == CG_MAP_HOST ? host_sym : map_sym[m],
					.type = R_BPF_64_64 };
			}
			for (size_t k = 0; k < p->nkcalls; k++)
				rels[nrels++] = (struct elf_rel){
					.insn = place[j].base + p->kcalls[k].insn,
					.sym = kfunc_sym[p->kcalls[k].fn],
					.type = R_BPF_64_32 };
		}
		if (!nrels) {
			free(rels);
			continue;
		}
		/* instruction order; an instruction has one relocation at most */
		qsort(rels, nrels, sizeof(*rels), rel_cmp);
		for (size_t r = 0; r < nrels; r++) {
			Elf64_Rel er = {
				.r_offset = rels[r].insn * sizeof(struct bpf_insn),
				.r_info = ELF64_R_INFO(rels[r].sym, rels[r].type),
			};

			buf_add(&rel, &er, sizeof(er));
		}
		free(rels);
		name = xasprintf(".rel%s", obj->progs[i].section);
		s = add_section(&w, name, SHT_REL, 0, rel.data, rel.len, 8);
		w.secs[s].hdr.sh_info = place[i].sec;
		w.secs[s].hdr.sh_entsize = sizeof(Elf64_Rel);
		free(name);
		free(rel.data);
next:		;
	}

	layout.ncounters = obj->unit->ncounters;
	layout.nlimits = obj->unit->nlimits;
	layout.nquotas = obj->unit->nquotas;
	layout.rodata_len = obj->rodata_len;
	layout.load_len = obj->load_len;
	layout.progs = obj->progs;
	layout.nprogs = obj->nprogs;
	layout.prog_base = base;
	layout.host = obj->host;
	layout.nhost = obj->nhost;
	layout.host_len = obj->host_len;
	if (cg_btf_build(&layout, &btf, &btf_len, &btf_ext, &btf_ext_len)) {
		free(place);
		free(base);
		return -1;
	}
	add_section(&w, ".BTF", SHT_PROGBITS, 0, btf, btf_len, 4);
	free(btf);
	if (btf_ext_len)
		add_section(&w, ".BTF.ext", SHT_PROGBITS, 0, btf_ext, btf_ext_len, 4);
	free(btf_ext);

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
		buf_add(&file, s->ref ? s->ref : s->data.data, s->data.len);
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
	free(place);
	free(base);
	*out = file.data;
	*outlen = file.len;
	return 0;
}
