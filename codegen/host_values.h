/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host values that the loader writes into the object (runtime/host_values.c):
 * each a BTF variable of the data section CG_HOST_SEC, found by its name.
 * The compiled object holds zeros, so it is the same on every machine.
 */
#ifndef CGNFT_HOST_VALUES_H
#define CGNFT_HOST_VALUES_H

#define CG_HOST_SEC ".rodata.host"	/* libbpf's map of the same name,
					 * frozen: loads are constants */

/* u32: the vmlinux BTF id of "struct <name>", by exact name */
#define CG_HOST_BTF_ID "btf_id_"
/* u32: the index of the interface whose name follows in lower-case hex
 * (a name need not be a C identifier; BTF names must be); nft's rule for
 * a name that is no interface: a decimal number is the index itself */
#define CG_HOST_IFINDEX "ifindex_"

/* u32: the value of the kernel's enumerator that follows (vmlinux BTF) */
#define CG_HOST_ENUM "enum_"
/* u32: milliseconds per jiffy, 1000 / CONFIG_HZ (the kernel's config);
 * the loader refuses an HZ that does not divide 1000 */
#define CG_HOST_JIFFY_MS "jiffy_ms"

#endif
