// SPDX-License-Identifier: GPL-2.0
/* The host's values of codegen/host_values.h, written after libbpf opens
 * the object and before it loads it (libbpf then freezes the map, and the
 * verifier reads them as constants). */
#include <bpf/btf.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "codegen/host_values.h"
#include "runtime/host_values.h"

/* "6c6f" -> "lo"; false when not hex or too long for an interface name */
static bool unhex(const char *hex, char *name, size_t len)
{
	size_t n = strlen(hex);

	if (n % 2 || n / 2 >= len)
		return false;
	for (size_t i = 0; i < n / 2; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		name[i] = (char)v;
	}
	name[n / 2] = '\0';
	return true;
}

/* nft's ifindex_type_parse: the interface of that name, else a decimal
 * number taken as an index as it is. */
static int ifindex_of(const char *name, uint32_t *out, char *why, size_t len)
{
	unsigned idx = if_nametoindex(name);
	char *end;
	long v;

	if (!idx) {
		errno = 0;
		v = strtol(name, &end, 10);
		if (!*name || *end || errno || v < 0 || v > INT_MAX) {
			snprintf(why, len, "Interface does not exist: \"%s\"", name);
			return -ENODEV;
		}
		idx = (unsigned)v;
	}
	*out = idx;
	return 0;
}

static int btf_id_of(const char *name, uint32_t *out, char *why, size_t len)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int id;

	if (!vmlinux) {
		snprintf(why, len, "cannot read the kernel's BTF: %s", strerror(errno));
		return -errno;
	}
	id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_STRUCT);
	btf__free(vmlinux);
	if (id <= 0) {
		snprintf(why, len, "the kernel has no struct %s", name);
		return -ENOENT;
	}
	*out = (uint32_t)id;
	return 0;
}

/* The value of a kernel enumerator (NF_CT_EXT_ACCT: which extensions
 * exist depends on the kernel's configuration). */
static int enum_of(const char *name, uint32_t *out, char *why, size_t len)
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int err = -ENOENT;

	if (!vmlinux) {
		snprintf(why, len, "cannot read the kernel's BTF: %s", strerror(errno));
		return -errno;
	}
	for (unsigned id = 1; err && id < btf__type_cnt(vmlinux); id++) {
		const struct btf_type *t = btf__type_by_id(vmlinux, id);
		const struct btf_enum *v;

		if (!btf_is_enum(t))
			continue;
		v = btf_enum(t);
		for (unsigned i = 0; i < btf_vlen(t); i++, v++)
			if (!strcmp(btf__name_by_offset(vmlinux, v->name_off), name)) {
				*out = (uint32_t)v->val;
				err = 0;
				break;
			}
	}
	btf__free(vmlinux);
	if (err)
		snprintf(why, len, "the kernel has no %s (its conntrack lacks that extension)",
			 name);
	return err;
}

/* CONFIG_HZ from the kernel's configuration, as libbpf reads Kconfig
 * (/boot/config-RELEASE, else /proc/config.gz): jiffies_to_msecs() is a
 * multiplication when HZ divides 1000. */
static int jiffy_ms(uint32_t *out, char *why, size_t len)
{
	struct utsname u;
	char path[320], cmd[400], line[256];
	FILE *f = NULL;
	bool pipe = false;
	long hz = 0;

	if (!uname(&u)) {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		f = fopen(path, "r");
	}
	if (!f && !access("/proc/config.gz", R_OK)) {
		snprintf(cmd, sizeof(cmd), "gzip -dc /proc/config.gz");
		f = popen(cmd, "r");
		pipe = f != NULL;
	}
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "CONFIG_HZ=", 10))
			hz = strtol(line + 10, NULL, 10);
	if (f)
		pipe ? pclose(f) : fclose(f);
	if (hz <= 0) {
		snprintf(why, len, "ct expiration needs the kernel's CONFIG_HZ, and neither "
			 "/boot/config-RELEASE nor /proc/config.gz gives it");
		return -ENOENT;
	}
	if (1000 % hz) {
		snprintf(why, len, "ct expiration: the kernel's HZ is %ld, and cgnft converts "
			 "jiffies to milliseconds only for an HZ that divides 1000", hz);
		return -EINVAL;
	}
	*out = (uint32_t)(1000 / hz);
	return 0;
}

static int fill_one(const char *var, char *data, size_t off, size_t size,
		    char *why, size_t len)
{
	char name[IF_NAMESIZE];
	uint32_t v = 0;
	int err;

	if (size != 4)
		goto unknown;
	if (!strncmp(var, CG_HOST_BTF_ID, strlen(CG_HOST_BTF_ID)))
		err = btf_id_of(var + strlen(CG_HOST_BTF_ID), &v, why, len);
	else if (!strncmp(var, CG_HOST_ENUM, strlen(CG_HOST_ENUM)))
		err = enum_of(var + strlen(CG_HOST_ENUM), &v, why, len);
	else if (!strcmp(var, CG_HOST_JIFFY_MS))
		err = jiffy_ms(&v, why, len);
	else if (!strncmp(var, CG_HOST_IFINDEX, strlen(CG_HOST_IFINDEX)) &&
		 unhex(var + strlen(CG_HOST_IFINDEX), name, sizeof(name)))
		err = ifindex_of(name, &v, why, len);
	else
		goto unknown;
	if (!err)
		memcpy(data + off, &v, 4);
	return err;
unknown:
	snprintf(why, len, "unknown host value %s in %s", var, CG_HOST_SEC);
	return -EINVAL;
}

int fill_host_values(struct bpf_object *obj, char *why, size_t len,
		     char *var, size_t varlen)
{
	struct bpf_map *map = bpf_object__find_map_by_name(obj, CG_HOST_SEC);
	const struct btf *btf = bpf_object__btf(obj);
	const struct btf_type *sec;
	const struct btf_var_secinfo *vi;
	const void *init;
	size_t size;
	char *data;
	int err = 0;

	if (!map)
		return 0;
	sec = btf ? btf__type_by_id(btf, bpf_map__btf_value_type_id(map)) : NULL;
	init = bpf_map__initial_value(map, &size);
	if (!sec || !btf_is_datasec(sec) || !init) {
		snprintf(why, len, "%s has no variables", CG_HOST_SEC);
		return -EINVAL;
	}
	data = malloc(size);
	if (!data)
		return -ENOMEM;
	memcpy(data, init, size);
	vi = btf_var_secinfos(sec);
	for (unsigned i = 0; !err && i < btf_vlen(sec); i++, vi++) {
		const struct btf_type *v = btf__type_by_id(btf, vi->type);

		if (!v || vi->offset + vi->size > size) {
			err = -EINVAL;
			snprintf(why, len, "bad variable in %s", CG_HOST_SEC);
			break;
		}
		err = fill_one(btf__name_by_offset(btf, v->name_off), data,
			       vi->offset, vi->size, why, len);
		if (err)
			snprintf(var, varlen, "%s", btf__name_by_offset(btf, v->name_off));
	}
	if (!err)
		err = bpf_map__set_initial_value(map, data, size);
	free(data);
	return err;
}

bool host_error_print(const struct load_error *le, const struct cg_object *cg,
		      FILE *out)
{
	const struct ir_origin *o;

	if (!le->host_var[0])
		return false;
	o = cg_host_origin(cg, le->host_var);
	if (o)
		fprintf(out, "%s:%d: Error: %s\n%s\n", o->file, o->line, le->reason, o->text);
	else
		fprintf(out, "Error: %s\n", le->reason);
	return true;
}
