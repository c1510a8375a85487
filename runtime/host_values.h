/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNFT_RUNTIME_HOST_VALUES_H
#define CGNFT_RUNTIME_HOST_VALUES_H

#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "codegen/cg_object.h"
#include "runtime/load.h"

/* Write this host's values into an opened object's .rodata.host
 * (codegen/host_values.h): kernel BTF ids, interface indexes.  0, or
 * -errno with a message in `why` (such as nft's "Interface does not
 * exist") and the variable's name in `var`. */
int fill_host_values(struct bpf_object *obj, char *why, size_t len,
		     char *var, size_t varlen);

/* When loading failed for a host value: nft's words, on the rule that reads
 * it ("f.nft:5: Error: Interface does not exist: \"eth9\"", then the rule);
 * false when the failure was another. */
bool host_error_print(const struct load_error *le, const struct cg_object *cg,
		      FILE *out);

#endif
