/* SPDX-License-Identifier: GPL-2.0 */
/* ct in cgroup_skb programs (codegen/skb_ct.c, doc/HOOKS.md). */
#ifndef CGNFT_CODEGEN_SKB_CT_H
#define CGNFT_CODEGEN_SKB_CT_H

#include "codegen/hook_gen.h"

/* r0 = the ct field f (IR_BASE_CT), transformed; to `fail` when it has no
 * value.  Clobbers r1-r5; r6 holds the context. */
void skb_ct_load(struct hk_emit *e, const struct ir_field *f, int fail);

/* The 16-byte key f (ct original ip6 saddr, ...) as two numbers, the high
 * half first, at r10 + at; to `fail` when it has no value. */
void skb_ct_load_wide(struct hk_emit *e, const struct ir_field *f, int16_t at, int fail);

#endif
