// SPDX-License-Identifier: GPL-2.0
/* Program and link pins in the pin directory (runtime/pins.h). */
#include <bpf/bpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ir/xalloc.h"
#include "runtime/pins.h"

char *pins_link_path(const char *dir, unsigned long long cgroup_id, enum ir_hook hook)
{
	return xasprintf("%s/link_%llu_%s", dir, cgroup_id, ir_hook_name(hook));
}

/* `table` as one bpffs file name: no '/', and no '.' (bpffs refuses
 * names with dots: reserved for its own files). */
static char *escaped(const char *table)
{
	char *out = xzalloc(4 * strlen(table) + 1), *o = out;

	for (const char *c = table; *c; c++) {
		if (*c == '/' || *c == '\\' || *c == '.')
			o += sprintf(o, "\\x%02x", (unsigned char)*c);
		else
			*o++ = *c;
	}
	return out;
}

char *pins_table_path(const char *dir, const char *table, enum ir_hook hook, size_t index)
{
	char *name = escaped(table), *path;

	if (index)
		path = xasprintf("%s/" PINS_TABLES_DIR "/%s/%s-%zu", dir, name,
				 ir_hook_name(hook), index);
	else
		path = xasprintf("%s/" PINS_TABLES_DIR "/%s/%s", dir, name, ir_hook_name(hook));
	free(name);
	return path;
}

size_t pins_of_prog(const char *dir, const struct ir_unit *u, const struct ir_prog *p,
		    char ***out)
{
	size_t n = 0;

	*out = xzalloc((p->ntables + 1) * sizeof(char *));
	for (size_t i = 0; i < p->ntables; i++)
		for (size_t t = 0; t < u->ntables; t++) {
			const struct ir_table *tb = &u->tables[t];

			if (strcmp(tb->name, p->tables[i]))
				continue;
			for (size_t g = 0; g < tb->ncgroups; g++)
				if (!strcmp(tb->cgroups[g], p->cgroup)) {
					(*out)[n++] = pins_table_path(dir, tb->name, p->hook, g);
					break;
				}
		}
	return n;
}

void pins_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

int pins_replace(int prog_fd, const char *path)
{
	char *slash = strrchr(path, '/'), *tables, *tmp;
	int err = 0;

	/* <dir>/tables and <dir>/tables/<table> */
	tables = xstrndup(path, slash - path);
	*strrchr(tables, '/') = '\0';
	mkdir(tables, 0700);
	free(tables);
	tables = xstrndup(path, slash - path);
	mkdir(tables, 0700);
	free(tables);
	/* never a name the contract uses; pruned if left over */
	tmp = xasprintf("%.*s/new-%s", (int)(slash - path), path, slash + 1);
	unlink(tmp);
	if (bpf_obj_pin(prog_fd, tmp) || rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

static bool kept(const char *path, char **keep, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(path, keep[i]))
			return true;
	return false;
}

void pins_prune_tables(const char *dir, char **keep, size_t n)
{
	char *tables = xasprintf("%s/" PINS_TABLES_DIR, dir);
	DIR *d = opendir(tables), *td;
	struct dirent *de, *pe;

	while (d && (de = readdir(d))) {
		char *tdir;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		tdir = xasprintf("%s/%s", tables, de->d_name);
		td = opendir(tdir);
		while (td && (pe = readdir(td))) {
			char *pin;

			if (!strcmp(pe->d_name, ".") || !strcmp(pe->d_name, ".."))
				continue;
			pin = xasprintf("%s/%s", tdir, pe->d_name);
			if (!kept(pin, keep, n))
				unlink(pin);
			free(pin);
		}
		if (td)
			closedir(td);
		rmdir(tdir);	/* only when empty */
		free(tdir);
	}
	if (d)
		closedir(d);
	rmdir(tables);
	free(tables);
}

int pins_link_prog_fd(int link_fd)
{
	struct bpf_link_info info = { 0 };
	uint32_t len = sizeof(info);

	if (link_fd < 0 || bpf_obj_get_info_by_fd(link_fd, &info, &len) || !info.prog_id)
		return -1;
	return bpf_prog_get_fd_by_id(info.prog_id);
}
