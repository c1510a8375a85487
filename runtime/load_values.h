/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNFT_RUNTIME_LOAD_VALUES_H
#define CGNFT_RUNTIME_LOAD_VALUES_H

#include <bpf/libbpf.h>

/* Write this host's clock offset and time zone into an opened object's
 * load values (codegen/load_values.h), if its programs read them.  0, or
 * -errno. */
int fill_load_values(struct bpf_object *obj);

#endif
