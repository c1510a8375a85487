// SPDX-License-Identifier: GPL-2.0
/* libbpf open + load with a verifier log per program. */
#include <errno.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/load.h"
#include "runtime/host_values.h"
#include "runtime/load_values.h"

#define LOG_SIZE (1 << 22)

/* libbpf's own messages would repeat what we report; keep them quiet
 * unless CGNFT_DEBUG is set. */
static int quiet_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (getenv("CGNFT_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* Whether this process lacks `cap` (and CAP_SYS_ADMIN, which stands in for
 * all of them); false when it cannot tell. */
static bool lacks(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[_LINUX_CAPABILITY_U32S_3] = { 0 };

	if (syscall(SYS_capget, &hdr, d))
		return false;
	return !(d[CAP_SYS_ADMIN >> 5].effective & (1u << (CAP_SYS_ADMIN & 31))) &&
	       !(d[cap >> 5].effective & (1u << (cap & 31)));
}

/* The verifier's verdict: the last non-empty lines before the
 * "processed N insns" summary; the instruction is the last "N: (..)" line. */
static void parse_log(const char *log, struct load_error *e)
{
	const char *p = log, *last_insn = NULL, *reason = NULL;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		long n;
		char c;

		if (sscanf(p, "%ld: %c", &n, &c) == 2 && c == '(') {
			last_insn = p;
			e->insn = n;
		} else if (len && strncmp(p, "processed ", 10) &&
			   strncmp(p, "verification time", 17) &&
			   strncmp(p, "stack depth", 11) &&
			   strncmp(p, "mark_precise", 12) && p[0] != ';') {
			reason = p;
		}
		p += len + (nl ? 1 : 0);
	}
	(void)last_insn;
	if (reason) {
		const char *nl = strchr(reason, '\n');
		size_t len = nl ? (size_t)(nl - reason) : strlen(reason);

		if (len >= sizeof(e->reason))
			len = sizeof(e->reason) - 1;
		memcpy(e->reason, reason, len);
		e->reason[len] = '\0';
	}
	/* Spectre v1 hardening: without CAP_PERFMON the verifier refuses the
	 * pointer arithmetic of packet reads and table lookups; it is stricter
	 * in other ways too (no reads of uninitialized stack) */
	if (strstr(e->reason, "prohibited for !root") || lacks(CAP_PERFMON))
		snprintf(e->reason + strlen(e->reason),
			 sizeof(e->reason) - strlen(e->reason),
			 " (loading needs CAP_PERFMON besides CAP_BPF, or CAP_SYS_ADMIN%s)",
			 lacks(CAP_PERFMON) ? "; missing: CAP_PERFMON" : "");
}

/* The kernel said EPERM: name what loading needs and what this process
 * lacks (doc/RUNTIME.md, Privileges).  Every program and map needs CAP_BPF,
 * the verifier CAP_PERFMON (see parse_log), sysctl and sock_create programs
 * CAP_NET_ADMIN too; CAP_SYS_ADMIN stands in for all of them. */
static void eperm_hint(struct bpf_object *obj, struct load_error *e)
{
	static const struct { int cap; const char *name; } caps[] = {
		{ CAP_BPF, "CAP_BPF" }, { CAP_PERFMON, "CAP_PERFMON" },
		{ CAP_NET_ADMIN, "CAP_NET_ADMIN" },
	};
	struct bpf_program *prog;
	char needs[64] = "", missing[64] = "";
	size_t ncaps = 2;

	bpf_object__for_each_program(prog, obj) {
		enum bpf_prog_type t = bpf_program__type(prog);

		if (t == BPF_PROG_TYPE_CGROUP_SYSCTL || t == BPF_PROG_TYPE_CGROUP_SOCK)
			ncaps = 3;
	}
	for (size_t i = 0; i < ncaps; i++) {
		snprintf(needs + strlen(needs), sizeof(needs) - strlen(needs), "%s%s",
			 !i ? "" : i + 1 < ncaps ? ", " : " and ", caps[i].name);
		if (lacks(caps[i].cap))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", missing[0] ? ", " : "", caps[i].name);
	}
	snprintf(e->reason + strlen(e->reason), sizeof(e->reason) - strlen(e->reason),
		 " (loading needs %s, or CAP_SYS_ADMIN%s%s)", needs,
		 missing[0] ? "; missing: " : "", missing);
}

struct bpf_object *load_object(const void *elf, size_t len, const char *name,
			       struct load_error *e)
{
	return load_object_reusing(elf, len, name, NULL, 0, e);
}

struct bpf_object *load_object_reusing(const void *elf, size_t len, const char *name,
				       const struct load_reuse *reuse, size_t nreuse,
				       struct load_error *e)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name);
	struct bpf_object *obj;
	struct bpf_program *prog;
	char **logs = NULL;
	size_t nprogs = 0, i = 0;
	int err;

	memset(e, 0, sizeof(*e));
	e->insn = -1;
	libbpf_set_print(quiet_print);
	obj = bpf_object__open_mem(elf, len, &opts);
	if (!obj) {
		e->err = -errno;
		snprintf(e->reason, sizeof(e->reason), "cannot open the object: %s",
			 strerror(errno));
		return NULL;
	}
	err = fill_load_values(obj);
	if (err) {
		e->err = err;
		snprintf(e->reason, sizeof(e->reason), "cannot read the clock's TAI "
			 "offset or the time zone: %s", strerror(-err));
		bpf_object__close(obj);
		return NULL;
	}
	err = fill_host_values(obj, e->reason, sizeof(e->reason), e->host_var,
			       sizeof(e->host_var));
	if (err) {
		e->err = err;
		bpf_object__close(obj);
		return NULL;
	}
	for (i = 0; i < nreuse; i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(obj, reuse[i].map);

		err = m ? bpf_map__reuse_fd(m, reuse[i].fd) : -ENOENT;
		if (err) {
			e->err = err;
			snprintf(e->reason, sizeof(e->reason), "cannot take over the pinned map "
				 "%s: %s", reuse[i].map, strerror(-err));
			bpf_object__close(obj);
			return NULL;
		}
	}
	i = 0;
	bpf_object__for_each_program(prog, obj)
		nprogs++;
	logs = calloc(nprogs ? nprogs : 1, sizeof(char *));
	bpf_object__for_each_program(prog, obj) {
		logs[i] = calloc(1, LOG_SIZE);
		if (logs[i])
			bpf_program__set_log_buf(prog, logs[i], LOG_SIZE);
		i++;
	}
	err = bpf_object__load(obj);
	if (err) {
		e->err = err;
		i = 0;
		bpf_object__for_each_program(prog, obj) {
			if (logs[i] && logs[i][0] && bpf_program__fd(prog) < 0) {
				snprintf(e->prog, sizeof(e->prog), "%s", bpf_program__name(prog));
				parse_log(logs[i], e);
				break;
			}
			i++;
		}
		if (!e->reason[0])
			snprintf(e->reason, sizeof(e->reason), "%s", strerror(-err));
		if (err == -EPERM && !strstr(e->reason, "CAP_"))
			eperm_hint(obj, e);
	}
	for (i = 0; i < nprogs; i++)
		free(logs[i]);
	free(logs);
	if (err) {
		bpf_object__close(obj);
		return NULL;
	}
	return obj;
}
