/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nft's datatypes: what a word on the right-hand side of a match means for
 * the selector on its left, and how a value prints back.  Each datatype
 * carries nft's name and description (`nft describe`), its width and its
 * table of symbolic constants; dt_parse() gives nft 1.0.6's own error
 * messages, dt_print() nft's `list ruleset` text.
 *
 * Values are host-order numbers of up to 128 bits (struct ir_val), as the
 * IR wants them: `ether type ip` is 0x0800, `ip saddr 1.2.3.4` is
 * 0x01020304, `tcp dport ssh` is 22.
 *
 * The tables come from the installed nft (scripts/gen-datatype-tables.sh
 * writes frontend/datatype_tables.c); protocol and service names are built
 * in (Debian netbase 6.4's /etc/protocols and /etc/services), so a rule
 * file compiles the same on every host.  What still depends on the host,
 * as in nft: user and group names (uid, gid), interface names
 * (iface_index), /etc/iproute2/{rt_realms,group,rt_marks} (realm,
 * devgroup, mark), /etc/connlabel.conf (ct_label), cgroup paths
 * (cgroupsv2) and the local time zone (hour, time).
 */
#ifndef CGNFT_FRONTEND_DATATYPE_H
#define CGNFT_FRONTEND_DATATYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir/ir.h"

struct dt_symbol {
	const char *name;
	uint64_t value;
};

enum dt_kind {
	DT_INTEGER,	/* numbers (decimal, 0x hex, 0 octal, as nft); symbols
			 * if the type has a table */
	DT_BITMASK,	/* flag sets: one symbol or number per token; the
			 * evaluator ORs tokens joined by | or , */
	DT_IPV4,	/* dotted quad (and inet_aton's other numeric forms);
			 * host names are not resolved (the error says so) */
	DT_IPV6,	/* any RFC 4291 text form incl. ::ffff:1.2.3.4 */
	DT_STRING,	/* interface names etc.: parsed elsewhere; dt_parse
			 * refuses */
	DT_BOOLEAN,	/* exists/missing (nft 1.0.6 has no true/false) */
	DT_VERDICT,	/* map data `: verdict`; dt_parse refuses */
};

/* nft describe shows a symbol table in decimal or in hexadecimal. */
enum dt_base {
	DT_BASE_DECIMAL,
	DT_BASE_HEX,
};

struct dt_ops;		/* private (datatype_impl.h): types with a syntax of
			 * their own (services, addresses, times, ...) */

struct datatype {
	const char *name;	/* nft's name: "inet_service" */
	const char *desc;	/* nft describe's description:
				 * "internet network service" */
	enum dt_kind kind;
	unsigned bits;		/* width in bits as nft describe says (0 for
				 * integer, string, verdict) */
	const struct dt_symbol *sym;	/* symbolic constants, in nft
					 * describe's order; the first entry
					 * with a value is the name printed */
	size_t nsym;
	/* optional: names outside the table, looked up after it and before
	 * numbers (realm, devgroup, mark: the iproute2 files nft reads) */
	bool (*lookup)(const char *name, uint64_t *value);

	/* More names dt_parse accepts that are never printed nor described
	 * (inet_proto: every /etc/protocols name and alias; inet_service:
	 * the service names nft 1.0.6 takes). */
	const struct dt_symbol *alias;
	size_t nalias;
	const char *basetype;	/* nft describe's "(basetype %s)", NULL if none:
				 * "integer", "bitmask, integer", "string" */
	enum dt_base base;	/* nft describe's "(in decimal)"/"(in hexadecimal)" */
	bool net_order;		/* nft keeps the value in network byte order:
				 * `nft describe TYPE` shows the symbols
				 * byte-swapped (ether_type, arp_op); our
				 * values are host numbers all the same */
	bool print_hex;		/* a number without symbol prints as 0x%0*x,
				 * two digits a byte (mark, ether_type, dscp) */
	uint64_t max;		/* largest valid value when less than the width
				 * allows (day: 6); 0: 2^bits - 1 */
	const struct dt_ops *ops;	/* NULL: table, lookup, then integer */
};

/* Every datatype is a global.  nft's, by nft name: */
extern const struct datatype dt_integer_type;	/* "integer", variable width */
extern const struct datatype dt_bitmask;	/* "bitmask" (comp flags) */
extern const struct datatype dt_string;		/* "string" */
extern const struct datatype dt_verdict;	/* "verdict" */
extern const struct datatype dt_boolean;	/* "boolean": exists, missing */
extern const struct datatype dt_ipv4_addr, dt_ipv6_addr;
extern const struct datatype dt_lladdr;		/* "ll_addr": 0 bits, any length */
extern const struct datatype dt_ether_addr;	/* "ether_addr": 01:02:03:04:05:06 */
extern const struct datatype dt_nf_proto;	/* "nf_proto": ipv4, ipv6 */
extern const struct datatype dt_ether_type;	/* "ether_type": ip, arp, ip6, ... */
extern const struct datatype dt_arp_op;
extern const struct datatype dt_inet_proto;	/* "inet_proto": tcp, ipv6-icmp, ... */
extern const struct datatype dt_inet_service;	/* "inet_service": ssh, 22 */
extern const struct datatype dt_icmp_type, dt_icmp_code;
extern const struct datatype dt_icmpv6_type, dt_icmpv6_code, dt_icmpx_code;
extern const struct datatype dt_igmp_type;
extern const struct datatype dt_tcp_flag;	/* bitmask: fin, syn, ... */
extern const struct datatype dt_dccp_pkttype;	/* 4 bits */
extern const struct datatype dt_mh_type;
extern const struct datatype dt_dscp;		/* 6 bits */
extern const struct datatype dt_ecn;		/* 2 bits */
extern const struct datatype dt_pkt_type;	/* meta pkttype */
extern const struct datatype dt_iface_type;	/* meta iiftype: ether, ... */
extern const struct datatype dt_iface_index;	/* meta iif: names via
						 * if_nametoindex() */
extern const struct datatype dt_ifname;		/* "ifname": a string */
extern const struct datatype dt_mark;		/* meta mark, ct mark */
extern const struct datatype dt_realm;		/* meta rtclassid */
extern const struct datatype dt_classid;	/* meta priority: root, none, 1:2 */
extern const struct datatype dt_devgroup;	/* meta iifgroup */
extern const struct datatype dt_uid, dt_gid;	/* meta skuid/skgid: getpwnam(),
						 * getgrnam() */
extern const struct datatype dt_day;		/* meta day: Sunday .. Saturday */
extern const struct datatype dt_hour;		/* meta hour: "17:30" */
extern const struct datatype dt_date;		/* meta time: named "time" too,
						 * "Relative time of packet
						 * reception"; nanoseconds */
extern const struct datatype dt_time;		/* ct expiration: "time",
						 * "relative time";
						 * milliseconds */
extern const struct datatype dt_fib_addrtype;
extern const struct datatype dt_cgroupsv2;	/* socket cgroupv2: path below
						 * /sys/fs/cgroup -> inode */
extern const struct datatype dt_ct_state, dt_ct_dir, dt_ct_status, dt_ct_event;
extern const struct datatype dt_ct_label;	/* 128 bits: bit N is "N" or a
						 * /etc/connlabel.conf name */
/* cgnft's own, for the sock_create hook (not nft types, not found by
 * dt_by_name): */
extern const struct datatype dt_sock_family;	/* socket family: inet, inet6, ... */
extern const struct datatype dt_sock_type;	/* socket type: stream, dgram, ... */
extern const struct datatype dt_sock_state;	/* socket state: established, ... */

/* By nft name ("ipv4_addr", "inet_service", "icmp_type", ...) as in a set
 * declaration's `type`; NULL if unknown.  "time" is dt_time (nft's own
 * lookup finds the relative time, not meta time's date type); "integer",
 * "string", "bitmask" and "verdict" are found too (see dt_declared_type). */
const struct datatype *dt_by_name(const char *name);

/* The type a set or map declaration names: `type NAME` (what = "set" or
 * "map", data = false) or a map's `: NAME` (data = true).  NULL with nft's
 * message in err: "unknown datatype foo", or for integer, string, bitmask,
 * invalid (and verdict, except as map data) "unqualified type integer
 * specified in set definition. Try \"typeof expression\" instead of
 * \"type datatype\"." */
const struct datatype *dt_declared_type(const char *name, const char *what,
					bool data, char *err, size_t errlen);

/* nft's `integer` of a given width, 1..128 bits (0: the variable-width
 * "integer" itself); larger widths are clamped to 128.  Static, never
 * freed. */
const struct datatype *dt_integer(unsigned bits);

/* Every datatype above (nft's, then cgnft's, not the dt_integer() widths),
 * for tests and dumps. */
const struct datatype *const *dt_all(size_t *n);

/*
 * Parse one word `text` (a number, a symbol, an address), as written in
 * the source without quotes, as a value of `dt`.  On failure return false
 * and write nft 1.0.6's own error message (the text after "Error: ") into
 * err[errlen], e.g. "Could not resolve service: Servname not supported for
 * ai_socktype", "Service out of range" (tcp dport 70000), "Value 256
 * exceeds valid range 0-255" (ip ttl 256).
 *
 * As nft's scanner does, a word that is a whole decimal or 0x hex number
 * of at most 64 bits is first rewritten in decimal ("022" is 18, "0x16" is
 * 22; "09" stays "09" and is then what the type makes of it); nft's typed
 * keywords are constants of their type (`tcp`, `udp`, `icmpv6`, `comp`,
 * ... are inet_proto, `redirect` is icmp_type: "tcp dport tcp" gives
 * "datatype mismatch, expected internet network service, expression has
 * type Internet protocol").  Range checks use dt->bits.
 */
bool dt_parse(const struct datatype *dt, const char *text, struct ir_val *out,
	      char *err, size_t errlen);

/* dt_parse with the options nft's grammar implies. */
#define DT_PARSE_QUOTED	0x1	/* text was "quoted": no number rewriting, no
				 * keywords (`meta l4proto "icmpv6"` fails) */
/* bits: the width of the selector (nft checks numbers against the
 * expression, not the type: `meta ipsec 2` is valid for the 1-bit boolean
 * because meta ipsec is 8 bits); 0 means dt->bits. */
bool dt_parse_ex(const struct datatype *dt, const char *text, unsigned bits,
		 unsigned flags, struct ir_val *out, char *err, size_t errlen);

/* nft's typed keyword constants: for "tcp", "udp", "udplite", "esp", "ah",
 * "icmp", "igmp", "icmpv6", "comp", "dccp", "sctp" (inet_proto) and
 * "redirect" (icmp_type) the type and value; NULL for any other word. */
const struct datatype *dt_keyword(const char *word, struct ir_val *v);

/* The canonical text of v as nft prints it in `nft list ruleset`: a
 * symbol when one exists and nft prints it, else a number or address in
 * nft's format (mark 0x0000000a, ether type 0x0012, tcp flags syn,ack,
 * meta hour "17:30", iif "lo", ...).  Always NUL-terminated, truncated to
 * len. */
void dt_print(const struct datatype *dt, struct ir_val v, char *buf, size_t len);

/* The value of symbol `name` in dt's table (or alias list); false if it
 * has none.  No numbers, no lookups. */
bool dt_symbol_value(const struct datatype *dt, const char *name, uint64_t *value);

/* The name nft prints for value v, or NULL (first table entry with v). */
const char *dt_symbol_name(const struct datatype *dt, uint64_t v);

/* What `nft describe` prints for dt: "datatype tcp_flag (TCP flag)
 * (basetype bitmask, integer), 8 bits", then the symbol table in nft's
 * layout.  bits 0: as `nft describe TYPE` (dt->bits; the values of
 * network-order types byte-swapped, as nft shows them); else as `nft
 * describe SELECTOR` for a selector of that width, less its leading
 * "payload expression, " (values as they are; strings in characters,
 * "16 characters" for 128 bits). */
void dt_describe(const struct datatype *dt, unsigned bits, FILE *f);

#endif
