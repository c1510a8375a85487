/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the words of a selector name: header fields (where nft reads them,
 * their datatype, the protocol they depend on), meta keys and the other
 * keys a cgroup hook can read, as tables (frontend/proto_tables.h is
 * generated from the man page and nft itself).
 */
#ifndef CGNFT_FRONTEND_PROTO_H
#define CGNFT_FRONTEND_PROTO_H

#include <stdbool.h>

#include "frontend/datatype.h"
#include "ir/ir.h"

enum proto_base { BASE_LL, BASE_NH, BASE_TH };

struct proto_field {
	const char *proto, *field;
	enum proto_base base;
	unsigned bit_off, bit_len;	/* from the start of the base */
	const char *type;		/* datatype name; "integer": of bit_len */
	unsigned type_bits;
	const char *deps;		/* "nfproto=2 l4proto=1" */
	bool echo_dep;			/* icmp(v6) id/sequence: echo types only */
};

/* A field of an IPv6 extension header (nft's exthdr expression), or of a
 * tcp option (`hdr` the option, `type` its kind). */
struct exthdr_field {
	const char *hdr, *field;	/* "frag", "frag-off" */
	unsigned type;			/* IPv6 next-header value: 44 */
	unsigned bit_off, bit_len;	/* from the start of the header */
	const char *type_name;		/* datatype; "integer": of bit_len */
	unsigned type_bits;
	unsigned stride;		/* bits between [N] and [N+1] (srh sid), or 0 */
};

const struct exthdr_field *exthdr_field_find(const char *hdr, const char *field);
/* The fields of `hdr`, joined by " or " (nft's "expecting ..." lists). */
const char *exthdr_field_names(const char *hdr);

/* The kind of tcp option `name` (maxseg: 2); false when nft has no such
 * option. */
bool tcpopt_kind(const char *name, unsigned *kind);
const struct exthdr_field *tcpopt_field_find(const char *opt, const char *field);
const char *tcpopt_field_names(const char *opt);

/* The type of sctp chunk `name` (init: 1); false when nft has none. */
bool sctp_chunk_type(const char *name, unsigned *type);
const struct exthdr_field *sctp_field_find(const char *chunk, const char *field);
const char *sctp_field_names(const char *chunk);

/* `proto field`, or NULL; proto_known() says whether `proto` is one. */
const struct proto_field *proto_field_find(const char *proto, const char *field);
bool proto_known(const char *proto);
/* The fields of `proto`, joined by ", " (for "unknown field" messages). */
const char *proto_field_names(const char *proto);

/* The IR field that loads `bits` bits at `bit_off` of `base`: the
 * smallest aligned load that holds them, shifted and masked. */
struct ir_field proto_ir_field(enum ir_base base, unsigned bit_off, unsigned bits);

/* A key of meta (and the other key-valued selectors): its datatype, the
 * IR field when a cgroup hook can read it, or why it cannot. */
struct meta_key {
	const char *name;
	const struct datatype *type;
	unsigned bits;
	int ir_key;		/* enum ir_meta, or -1: not available */
	const char *why;	/* ir_key < 0: the reason */
	bool bare;		/* may be written without `meta` */
};

const struct meta_key *meta_key_find(const char *name);

/* The keys a cgroup table reads, ", " between them. */
const char *meta_key_names(void);

#endif
