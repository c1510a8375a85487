/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data types of match values, as nft names them, and how a word of the
 * source becomes a number (or a range) of that type.
 */
#ifndef CGNFT_FRONTEND_TYPES_H
#define CGNFT_FRONTEND_TYPES_H

#include <stdbool.h>

#include "frontend/diag.h"
#include "ir/ir.h"

enum fe_type {
	FE_T_INTEGER,
	FE_T_IPV4,		/* ipv4_addr */
	FE_T_IPV6,		/* ipv6_addr */
	FE_T_SERVICE,		/* inet_service */
	FE_T_PROTO,		/* inet_proto */
	FE_T_ICMP_TYPE,
	FE_T_ICMPV6_TYPE,
	FE_T_TCP_FLAGS,		/* a bitmask type */
	FE_T_DSCP,
	FE_T_ECN,
	FE_T_NFPROTO,
	FE_T_ETHERTYPE,
	FE_T_MARK,
	FE_T_UID,
	FE_T_CGROUP,		/* a cgroup v2 path, resolved to its id */
	FE_T_AF,		/* socket family: inet, inet6 */
	FE_T_SOCKTYPE,		/* socket type: stream, dgram, raw, ... */
};

const char *fe_type_name(enum fe_type t);

/* Parse `word` as a value of type `t` that fits in `bits` bits: a single
 * value (lo == hi), a prefix "addr/len" or a range "a-b" give lo..hi.
 * Reports an error at `loc` and returns false when it does not parse. */
bool fe_parse_value(struct fe_diag *d, const struct fe_loc *loc,
		    const char *word, enum fe_type t, int bits,
		    struct ir_val *lo, struct ir_val *hi);

/* Parse an unsigned number (decimal or 0x hex), whole word. */
bool fe_parse_u64(const char *word, uint64_t *v);

/* The symbolic name of value v of type t, or NULL (canonical output). */
const char *fe_type_symbol(enum fe_type t, uint64_t v);

#endif
