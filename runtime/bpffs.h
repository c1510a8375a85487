/* SPDX-License-Identifier: GPL-2.0 */
/* Where cgnft pins: <bpffs mount>/cgnft, mounting bpffs when needed. */
#ifndef CGNFT_RUNTIME_BPFFS_H
#define CGNFT_RUNTIME_BPFFS_H

/* The pin directory, created if needed; NULL with errno set on failure. */
const char *bpffs_pin_dir(void);

/* The pin directory if it exists, for readers: creates and mounts nothing
 * (no bpffs or no directory: nothing is pinned).  NULL if absent. */
const char *bpffs_pin_dir_existing(void);

#endif
