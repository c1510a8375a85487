/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Header fields and meta keys by their nft names: where each lives (the
 * IR field), its type, and the protocol it depends on, as nft's proto_*
 * descriptions and the inet family's implicit dependencies give them.
 */
#ifndef CGNFT_FRONTEND_FIELDS_H
#define CGNFT_FRONTEND_FIELDS_H

#include "frontend/types.h"
#include "ir/ir.h"

struct fe_field {
	const char *proto;	/* "ip", "tcp", "meta", ... */
	const char *name;	/* "saddr", ... */
	struct ir_field field;
	enum fe_type type;
	int bits;		/* value width */
	int dep_nfproto;	/* 0: none, else NFPROTO_IPV4/IPV6 */
	int dep_l4proto;	/* -1: none */
};

/* The field `proto name`, or NULL. */
const struct fe_field *fe_field_find(const char *proto, const char *name);
/* Is `proto` the name of a header/meta selector we know? */
bool fe_field_is_proto(const char *proto);
/* `meta` keys may be written without `meta`: mark, l4proto, ... */
const struct fe_field *fe_field_bare_meta(const char *name);

#endif
