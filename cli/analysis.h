/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by `cgnft check` warnings and `cgnft diff` (doc/ANALYSIS.md):
 * the verdicts of a whole program as regions, regions in nft words, and a
 * witness packet in `cgnft test --packet` words.
 */
#ifndef CGNFT_CLI_ANALYSIS_H
#define CGNFT_CLI_ANALYSIS_H

#include <stdbool.h>
#include <stdio.h>

#include "ir/region.h"

/* The packets the program accepts and drops.  False when a deciding rule
 * is not modelled: *why_rule and *why say which and why. */
bool an_prog_verdicts(const struct rg_ctx *ctx, const struct ir_prog *prog,
		      struct rg_set *accept, struct rg_set *drop,
		      const struct ir_rule **why_rule, const char **why);

/* The packets that chain `chain` (run from its start, with the jumps and
 * gotos it makes) ends with accept or drop, never returning them.  False,
 * and an empty set, when that is not modelled. */
bool an_chain_final(const struct rg_ctx *ctx, size_t chain, struct rg_set *final);

/* The box in nft words ("meta nfproto ipv4 ip saddr 10.0.0.0/8 ..."). */
void an_box_text(const struct rg_box *b, FILE *out);
/* A packet of the box as `cgnft test --packet` words; false when no such
 * description exists (the box holds only packets it cannot build). */
bool an_box_witness(const struct rg_box *b, char *buf, size_t len);
/* The words for the dimensions that depend on the hook (meta length,
 * the device, ct), and the witness's (appended to buf): false when
 * BPF_PROG_TEST_RUN cannot make it (analysis_hookdims.c). */
void an_hook_words(const struct rg_box *b, FILE *out);
bool an_hook_witness(const struct rg_box *b, char *buf, size_t len);
/* The box as a JSON object of per-dimension [lo, hi] decimal strings. */
void an_box_json(const struct rg_box *b, FILE *out);

#endif
