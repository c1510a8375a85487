/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNFT_RUNTIME_HOST_VALUES_H
#define CGNFT_RUNTIME_HOST_VALUES_H

#include <bpf/libbpf.h>
#include <stddef.h>

/* Write this host's values into an opened object's .rodata.host
 * (codegen/host_values.h): kernel BTF ids, interface indexes.  0, or
 * -errno with a message in `why` (such as nft's "Interface does not
 * exist"). */
int fill_host_values(struct bpf_object *obj, char *why, size_t len);

#endif
