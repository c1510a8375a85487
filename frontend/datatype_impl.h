/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the datatype module (datatype.c, datatype_types.c): the hooks of
 * types with a syntax of their own and the helpers they share.  The
 * generated symbol tables are in datatype_tables.h.
 */
#ifndef CGNFT_FRONTEND_DATATYPE_IMPL_H
#define CGNFT_FRONTEND_DATATYPE_IMPL_H

#include "frontend/datatype.h"

struct dt_ops {
	/* Parse `text` (numbers already rewritten as nft's scanner does);
	 * bits: the width to check against.  NULL: the generic path. */
	bool (*parse)(const struct datatype *dt, const char *text,
		      unsigned bits, struct ir_val *out, char *err,
		      size_t errlen);
	/* Print v; NULL: the generic path. */
	void (*print)(const struct datatype *dt, struct ir_val v, char *buf,
		      size_t len);
};

/* datatype.c: shared helpers */

/* printf into err; always returns false, for `return dt_fail(...)`. */
bool dt_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* snprintf that tolerates len 0 and never writes past buf[len - 1]. */
void dt_bprintf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The largest value `bits` bits hold, or dt->max when that is set. */
struct ir_val dt_max_value(const struct datatype *dt, unsigned bits);

/* Parse a number as nft's integer type does (GMP's mpz_set_str, base 0:
 * 0x hex, 0b binary, 0 octal, decimal; blanks ignored) and check it
 * against dt_max_value(): "Could not parse <desc>", "Value N exceeds valid
 * range 0-M". */
bool dt_parse_integer(const struct datatype *dt, const char *text,
		      unsigned bits, struct ir_val *out, char *err,
		      size_t errlen);

/* Check a value given as big-endian bytes against the range, as for
 * integers; on success store it in *out. */
bool dt_check_bytes(const struct datatype *dt, const uint8_t *bytes,
		    size_t n, unsigned bits, struct ir_val *out, char *err,
		    size_t errlen);

/* Decimal text of a 128-bit value. */
void dt_val_decimal(struct ir_val v, char *buf, size_t len);

/* One "N NAME" table of the iproute2 kind (rt_realms, group, rt_marks,
 * connlabel.conf), read once and kept. */
struct dt_rtfile {
	const char *path;
	bool loaded;
	struct dt_symbol *sym;
	size_t n;
};
bool dt_rtfile_value(struct dt_rtfile *f, const char *name, uint64_t *value);
const char *dt_rtfile_name(struct dt_rtfile *f, uint64_t value);

#endif
