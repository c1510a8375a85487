/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where cgroup v2 lives.  systemd's hybrid layout mounts it at
 * /sys/fs/cgroup/unified, the unified layout at /sys/fs/cgroup; we never
 * guess and read /proc/self/mountinfo instead.
 */
#ifndef CGNFT_RUNTIME_CGROUP2_H
#define CGNFT_RUNTIME_CGROUP2_H

#include <stddef.h>
#include <stdint.h>

/* The cgroup2 mount point, e.g. "/sys/fs/cgroup/unified", or NULL when
 * cgroup2 is not mounted.  Static storage, computed once. */
const char *cgroup2_mount(void);

/* `path` as written in a rule file -> absolute path in `out`:
 * "system.slice/x.service" and "/system.slice/x.service" (as
 * /proc/PID/cgroup writes it) are relative to the mount; a path that starts
 * with the mount point itself is taken as it is.  -errno on failure
 * (-ENOENT: no cgroup2 mount; -ENAMETOOLONG). */
int cgroup2_resolve(const char *path, char *out, size_t outlen);

/* The cgroup id (the directory's inode number, as bpf_get_current_cgroup_id
 * and bpf_skb_ancestor_cgroup_id report it), or -errno. */
int cgroup2_id(const char *path, uint64_t *id);

#endif
