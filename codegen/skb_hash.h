/* SPDX-License-Identifier: GPL-2.0 */
#ifndef CGNFT_SKB_HASH_H
#define CGNFT_SKB_HASH_H

#include "codegen/hook_gen.h"

/* r0 = the IR_BASE_HASH field f (jhash, numgen random), transformed;
 * to `fail` when a hashed field is absent.  Clobbers r1-r5. */
void skb_hash_load(struct hk_emit *e, const struct ir_field *f, int fail);

#endif
