// SPDX-License-Identifier: GPL-2.0
/*
 * frontend/datatype*: every datatype's symbols, ranges, error messages and
 * printed forms, as nft 1.0.6 gives them (tests/unit/datatype_oracle.sh
 * checks the same against the installed nft; this test needs no nft).
 */
#include <grp.h>
#include <net/if.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "frontend/datatype_impl.h"
#include "tests/tap.h"

static char err[512];

/* dt_parse_ex of text gives (hi, lo). */
static void parses(const struct datatype *dt, const char *text, unsigned bits,
		   unsigned flags, uint64_t hi, uint64_t lo)
{
	struct ir_val v = { 0x5a5a, 0x5a5a };
	bool ok;

	err[0] = '\0';
	ok = dt_parse_ex(dt, text, bits, flags, &v, err, sizeof(err));
	if (!tap_ok(ok && v.hi == hi && v.lo == lo, "%s: \"%s\"%s is 0x%llx%016llx",
		    dt->name, text, flags ? " (quoted)" : "",
		    (unsigned long long)hi, (unsigned long long)lo))
		tap_diag("got %s, 0x%llx%016llx: %s", ok ? "ok" : "error",
			 (unsigned long long)v.hi, (unsigned long long)v.lo, err);
}

static void is(const struct datatype *dt, const char *text, uint64_t lo)
{
	parses(dt, text, 0, 0, 0, lo);
}

/* dt_parse_ex of text fails with message msg. */
static void fails_ex(const struct datatype *dt, const char *text, unsigned bits,
		     unsigned flags, const char *msg)
{
	struct ir_val v;
	bool ok;

	err[0] = '\0';
	ok = dt_parse_ex(dt, text, bits, flags, &v, err, sizeof(err));
	if (!tap_ok(!ok && !strcmp(err, msg), "%s: \"%s\"%s: %s", dt->name, text,
		    flags ? " (quoted)" : "", msg))
		tap_diag("got %s: \"%s\"", ok ? "ok" : "error", err);
}

static void fails(const struct datatype *dt, const char *text, const char *msg)
{
	fails_ex(dt, text, 0, 0, msg);
}

/* dt_print of (hi, lo) is text. */
static void prints128(const struct datatype *dt, uint64_t hi, uint64_t lo,
		      const char *text)
{
	struct ir_val v = { hi, lo };
	char buf[256];

	dt_print(dt, v, buf, sizeof(buf));
	if (!tap_ok(!strcmp(buf, text), "%s: 0x%llx%016llx prints %s", dt->name,
		    (unsigned long long)hi, (unsigned long long)lo, text))
		tap_diag("got \"%s\"", buf);
}

static void prints(const struct datatype *dt, uint64_t lo, const char *text)
{
	prints128(dt, 0, lo, text);
}

/* text parses and prints back as out. */
static void round_trip(const struct datatype *dt, const char *text, const char *out)
{
	struct ir_val v;
	char buf[256] = "";

	err[0] = '\0';
	if (dt_parse(dt, text, &v, err, sizeof(err)))
		dt_print(dt, v, buf, sizeof(buf));
	if (!tap_ok(!strcmp(buf, out), "%s: %s prints as %s", dt->name, text, out))
		tap_diag("got \"%s\" (%s)", buf, err);
}

/* ---- every table ---------------------------------------------------- */

/* Each symbol parses to its value and prints as the first name of that
 * value (day's names print quoted). */
static void check_table(const struct datatype *dt)
{
	size_t bad = 0;

	for (size_t i = 0; i < dt->nsym; i++) {
		const struct dt_symbol *s = &dt->sym[i];
		const char *first = dt_symbol_name(dt, s->value);
		char want[64], buf[64];
		struct ir_val v;

		snprintf(want, sizeof(want), dt == &dt_day ? "\"%s\"" : "%s", first);
		if (!dt_parse(dt, s->name, &v, err, sizeof(err)) || v.hi || v.lo != s->value) {
			tap_diag("%s: %s does not parse to %llu", dt->name, s->name,
				 (unsigned long long)s->value);
			bad++;
			continue;
		}
		if (!dt_parse_ex(dt, s->name, 0, DT_PARSE_QUOTED, &v, err, sizeof(err)) ||
		    v.lo != s->value) {
			tap_diag("%s: \"%s\" quoted does not parse", dt->name, s->name);
			bad++;
		}
		dt_print(dt, v, buf, sizeof(buf));
		if (strcmp(buf, want)) {
			tap_diag("%s: %llu prints %s, not %s", dt->name,
				 (unsigned long long)s->value, buf, want);
			bad++;
		}
	}
	tap_ok(!bad, "%s: its %zu symbols parse and print back", dt->name, dt->nsym);
	for (size_t i = 0; i < dt->nalias; i++) {
		uint64_t want = dt->alias[i].value;
		struct ir_val v;

		if (!dt_parse(dt, dt->alias[i].name, &v, err, sizeof(err)) || v.lo != want) {
			tap_diag("%s: alias %s is not %llu (%s)", dt->name, dt->alias[i].name,
				 (unsigned long long)want, err);
			bad++;
		}
	}
	if (dt->nalias)
		tap_ok(!bad, "%s: its %zu other names parse", dt->name, dt->nalias);
}

/* Types of the generic path (table, lookup, integer): both ends of the
 * range, one past, a word that is nothing. */
static void check_generic(const struct datatype *dt)
{
	struct ir_val max = dt_max_value(dt, dt->bits);
	char text[64], maxs[48], msg[256];

	if (dt->bits == 0 || dt->bits > 64)
		return;
	is(dt, "0", 0);
	snprintf(text, sizeof(text), "%llu", (unsigned long long)max.lo);
	is(dt, text, max.lo);
	dt_val_decimal(max, maxs, sizeof(maxs));
	if (max.lo == ~0ull)
		snprintf(text, sizeof(text), "18446744073709551616");
	else
		snprintf(text, sizeof(text), "%llu", (unsigned long long)max.lo + 1);
	snprintf(msg, sizeof(msg), "Value %s exceeds valid range 0-%s", text, maxs);
	fails(dt, text, msg);
	snprintf(msg, sizeof(msg), "Could not parse %s", dt->desc);
	fails(dt, "no-such-symbol", msg);
}

static void all_types(void)
{
	const struct datatype *const *all;
	size_t n;

	all = dt_all(&n);
	for (size_t i = 0; i < n; i++) {
		const struct datatype *dt = all[i];

		check_table(dt);
		if (dt->kind != DT_STRING && dt->kind != DT_VERDICT &&
		    (!dt->ops || !dt->ops->parse) && !dt->lookup)
			check_generic(dt);
	}
}

/* ---- by name -------------------------------------------------------- */

static void names(void)
{
	/* what nft 1.0.6 takes in `set s { type NAME; }` */
	static const char *const set_types[] = {
		"nf_proto", "ipv4_addr", "ipv6_addr", "ether_addr", "ether_type",
		"arp_op", "inet_proto", "inet_service", "icmp_type", "tcp_flag",
		"dccp_pkttype", "mh_type", "time", "mark", "iface_index",
		"iface_type", "realm", "classid", "uid", "gid", "ct_state",
		"ct_dir", "ct_status", "icmpv6_type", "pkt_type", "icmp_code",
		"icmpv6_code", "icmpx_code", "devgroup", "dscp", "ecn",
		"fib_addrtype", "boolean", "ifname", "igmp_type", "cgroupsv2",
	};
	const struct datatype *dt;

	for (size_t i = 0; i < sizeof(set_types) / sizeof(set_types[0]); i++) {
		dt = dt_declared_type(set_types[i], "set", false, err, sizeof(err));
		if (!tap_ok(dt && !strcmp(dt->name, set_types[i]), "set type %s", set_types[i]))
			tap_diag("%s", err);
	}
	tap_ok(dt_by_name("time") == &dt_time, "\"time\" is the relative time, as in nft");
	tap_ok(dt_by_name("ct_label") == NULL && dt_by_name("ct_event") == NULL &&
	       dt_by_name("socket_family") == NULL && dt_by_name("foo") == NULL,
	       "nft 1.0.6 knows no ct_label, ct_event (nor cgnft's socket types) by name");
	tap_ok(dt_by_name("integer") == &dt_integer_type && dt_by_name("string") == &dt_string &&
	       dt_by_name("verdict") == &dt_verdict && dt_by_name("ll_addr") == &dt_lladdr,
	       "integer, string, verdict, ll_addr are found by name");

	dt = dt_declared_type("foo", "set", false, err, sizeof(err));
	tap_ok(!dt && !strcmp(err, "unknown datatype foo"), "unknown datatype foo");
	dt = dt_declared_type("ct_label", "set", false, err, sizeof(err));
	tap_ok(!dt && !strcmp(err, "unknown datatype ct_label"), "unknown datatype ct_label");
	static const char *const unqualified[] = {
		"integer", "string", "bitmask", "invalid", "verdict", "ll_addr",
	};
	for (size_t i = 0; i < sizeof(unqualified) / sizeof(unqualified[0]); i++) {
		char want[256];

		snprintf(want, sizeof(want), "unqualified type %s specified in set definition. "
			 "Try \"typeof expression\" instead of \"type datatype\".", unqualified[i]);
		dt = dt_declared_type(unqualified[i], "set", false, err, sizeof(err));
		if (!tap_ok(!dt && !strcmp(err, want), "set type %s: unqualified", unqualified[i]))
			tap_diag("got %s", err);
	}
	dt = dt_declared_type("integer", "map", true, err, sizeof(err));
	tap_ok(!dt && strstr(err, "specified in map definition."), "map data integer: unqualified");
	tap_ok(dt_declared_type("verdict", "map", true, err, sizeof(err)) == &dt_verdict,
	       "map data verdict");
	dt = dt_declared_type("verdict", "map", false, err, sizeof(err));
	tap_ok(!dt && strstr(err, "unqualified type verdict"), "map key verdict: unqualified");

	tap_ok(dt_integer(0) == &dt_integer_type, "dt_integer(0) is integer");
	tap_ok(dt_integer(12)->bits == 12 && dt_integer(12) == dt_integer(12) &&
	       !strcmp(dt_integer(12)->name, "integer"), "dt_integer(12): one static type");
	tap_ok(dt_integer(1000)->bits == 128, "dt_integer: widths clamp to 128");
}

/* ---- numbers -------------------------------------------------------- */

static void numbers(void)
{
	const struct datatype *u8 = dt_integer(8), *u128 = dt_integer(128);

	/* nft's scanner rewrites whole numbers in decimal: octal and hex */
	is(u8, "022", 18);
	is(u8, "0x1f", 31);
	is(u8, "0X1F", 31);
	is(u8, "0", 0);
	is(u8, "00", 0);
	fails(u8, "09", "Could not parse integer");
	fails(u8, "foo", "Could not parse integer");
	fails(u8, "", "Could not parse integer");
	fails(u8, "256", "Value 256 exceeds valid range 0-255");
	fails(u8, "0x100", "Value 256 exceeds valid range 0-255");
	fails(u8, "99999999999999999999999", "Value 99999999999999999999999 exceeds valid range 0-255");
	fails(u8, "18446744073709551616", "Value 18446744073709551616 exceeds valid range 0-255");
	/* quoted, GMP's rules: blanks ignored, 0b binary, "0x" is 0 */
	parses(u8, "1 2", 0, DT_PARSE_QUOTED, 0, 12);
	parses(u8, " 0x 1f", 0, DT_PARSE_QUOTED, 0, 31);
	parses(u8, "0b11", 0, DT_PARSE_QUOTED, 0, 3);
	parses(u8, "0x", 0, DT_PARSE_QUOTED, 0, 0);
	parses(u8, "077", 0, DT_PARSE_QUOTED, 0, 63);
	fails_ex(u8, "078", 0, DT_PARSE_QUOTED, "Could not parse integer");
	fails_ex(u8, "0b102", 0, DT_PARSE_QUOTED, "Could not parse integer");
	fails_ex(u8, "-", 0, DT_PARSE_QUOTED, "Could not parse integer");
	/* nft takes "-1" and stores garbage; cgnft refuses */
	fails_ex(u8, "-1", 0, DT_PARSE_QUOTED, "Value -1 exceeds valid range 0-255");
	fails(u8, "-1", "Value -1 exceeds valid range 0-255");

	/* widths of nft's selectors */
	fails(dt_integer(1), "2", "Value 2 exceeds valid range 0-1");
	fails(dt_integer(4), "16", "Value 16 exceeds valid range 0-15");
	fails(dt_integer(12), "4096", "Value 4096 exceeds valid range 0-4095");
	fails(dt_integer(13), "8192", "Value 8192 exceeds valid range 0-8191");
	fails(dt_integer(20), "1048576", "Value 1048576 exceeds valid range 0-1048575");
	is(dt_integer(32), "4294967295", 4294967295u);
	fails(dt_integer(32), "4294967296", "Value 4294967296 exceeds valid range 0-4294967295");
	is(dt_integer(64), "18446744073709551615", ~0ull);
	fails(dt_integer(64), "18446744073709551616",
	      "Value 18446744073709551616 exceeds valid range 0-18446744073709551615");
	parses(dt_integer(65), "36893488147419103231", 0, 0, 1, ~0ull);
	parses(u128, "340282366920938463463374607431768211455", 0, 0, ~0ull, ~0ull);
	parses(u128, "0xffffffffffffffffffffffffffffffff", 0, 0, ~0ull, ~0ull);
	parses(u128, "0x10000000000000000", 0, 0, 1, 0);
	fails(u128, "340282366920938463463374607431768211456",
	      "Value 340282366920938463463374607431768211456 exceeds valid range "
	      "0-340282366920938463463374607431768211455");
	/* the width of the selector, not of the type: meta ipsec is 8 bits */
	parses(&dt_boolean, "2", 8, 0, 0, 2);
	fails(&dt_boolean, "2", "Value 2 exceeds valid range 0-1");
	fails(&dt_boolean, "true", "Could not parse boolean type");

	/* a very long number is still a number, all of it in the message */
	size_t len = 100000, errlen = len + 100;
	char *big = malloc(len + 1), *longerr = malloc(errlen);
	struct ir_val v;

	memset(big, '9', len);
	big[len] = '\0';
	tap_ok(!dt_parse(u8, big, &v, longerr, errlen) && !strncmp(longerr, "Value 9999", 10) &&
	       strlen(longerr) == sizeof("Value  exceeds valid range 0-255") - 1 + len,
	       "a 100000-digit number exceeds the range");
	tap_ok(!dt_parse(u8, big, &v, err, sizeof(err)) && strlen(err) == sizeof(err) - 1,
	       "... its message is cut to the buffer");
	big[5] = 'x';
	tap_ok(!dt_parse(u8, big, &v, err, sizeof(err)) && !strcmp(err, "Could not parse integer"),
	       "a 100000-digit word with an x is no integer");
	free(big);
	free(longerr);

	prints(dt_integer(32), 4294967295u, "4294967295");
	prints128(u128, ~0ull, ~0ull, "340282366920938463463374607431768211455");
	prints128(u128, 1, 0, "18446744073709551616");
	prints(u8, 0, "0");
}

/* ---- protocols and services ----------------------------------------- */

static void services(void)
{
	const struct datatype *dt = &dt_inet_service;

	is(dt, "22", 22);
	is(dt, "ssh", 22);
	is(dt, "www", 80);
	is(dt, "http-alt", 8080);
	is(dt, "domain", 53);
	is(dt, "bootps", 67);	/* udp only */
	is(dt, "echo", 7);	/* tcp before ddp */
	is(dt, "amqp", 5672);
	is(dt, "0", 0);
	is(dt, "65535", 65535);
	is(dt, "022", 18);
	is(dt, "0x16", 22);
	is(dt, "09", 9);	/* getaddrinfo: decimal */
	is(dt, "0999999", 16959);	/* ... and 16 bits of it */
	fails(dt, "65536", "Service out of range");
	fails(dt, "70000", "Service out of range");
	fails(dt, "0x10000", "Service out of range");
	fails(dt, "99999999999999999999999", "Service out of range");
	fails(dt, "foo", "Could not resolve service: Servname not supported for ai_socktype");
	fails(dt, "nbp", "Could not resolve service: Servname not supported for ai_socktype");
	fails(dt, "HTTP", "Could not resolve service: Servname not supported for ai_socktype");
	fails(dt, "tcp", "datatype mismatch, expected internet network service, "
	      "expression has type Internet protocol");
	parses(dt, "", 0, DT_PARSE_QUOTED, 0, 0);
	parses(dt, " 22", 0, DT_PARSE_QUOTED, 0, 22);
	fails_ex(dt, "-1", 0, DT_PARSE_QUOTED, "Service out of range");
	fails_ex(dt, "-08", 0, DT_PARSE_QUOTED,
		 "Could not resolve service: Servname not supported for ai_socktype");
	prints(dt, 22, "22");
	prints(dt, 65535, "65535");

	dt = &dt_inet_proto;
	is(dt, "tcp", 6);
	is(dt, "icmpv6", 58);	/* nft's keyword */
	is(dt, "comp", 108);	/* nft's keyword */
	is(dt, "ipv6-icmp", 58);
	is(dt, "IPv6-ICMP", 58);	/* an alias in /etc/protocols */
	is(dt, "TCP", 6);
	is(dt, "IPSEC-ESP", 50);
	is(dt, "hopopt", 0);
	is(dt, "mptcp", 6);	/* 262: nft keeps 8 bits */
	is(dt, "0", 0);
	is(dt, "255", 255);
	fails(dt, "256", "Protocol out of range");
	fails(dt, "0x100", "Protocol out of range");
	fails(dt, "foo", "Could not resolve protocol name");
	fails(dt, "09", "Could not resolve protocol name");
	fails(dt, "vlan", "Could not resolve protocol name");
	fails(dt, "redirect", "datatype mismatch, expected Internet protocol, expression has type ICMP type");
	fails_ex(dt, "icmpv6", 0, DT_PARSE_QUOTED, "Could not resolve protocol name");
	fails_ex(dt, "-1", 0, DT_PARSE_QUOTED, "Protocol out of range");
	parses(dt, "+6", 0, DT_PARSE_QUOTED, 0, 6);
	prints(dt, 0, "ip");
	prints(dt, 58, "ipv6-icmp");
	prints(dt, 6, "tcp");
	prints(dt, 253, "253");
	prints(dt, 255, "255");

	struct ir_val v;

	tap_ok(dt_keyword("udplite", &v) == &dt_inet_proto && v.lo == 136, "keyword udplite");
	tap_ok(dt_keyword("redirect", &v) == &dt_icmp_type && v.lo == 5, "keyword redirect");
	tap_ok(dt_keyword("ip", &v) == NULL, "ip is no typed keyword");
	fails(dt_integer(8), "icmpv6",
	      "datatype mismatch, expected integer, expression has type Internet protocol");
	fails(&dt_icmpv6_type, "redirect",
	      "datatype mismatch, expected ICMPv6 type, expression has type ICMP type");
	is(&dt_icmp_type, "redirect", 5);
}

/* ---- addresses ------------------------------------------------------ */

static void addresses(void)
{
	const struct datatype *dt = &dt_ipv4_addr;

	is(dt, "1.2.3.4", 0x01020304);
	is(dt, "0.0.0.0", 0);
	is(dt, "255.255.255.255", 0xffffffff);
	is(dt, "010.0.0.1", 0x08000001);	/* inet_aton: octal */
	is(dt, "0x7f.1", 0x7f000001);
	is(dt, "127.1", 0x7f000001);
	is(dt, "1.2.3", 0x01020003);
	is(dt, "2130706433", 0x7f000001);
	is(dt, "0x7f000001", 0x7f000001);
	is(dt, "4294967295", 0xffffffff);
	fails(dt, "4294967296", "Could not resolve hostname: Name or service not known");
	fails(dt, "1.2.3.256", "Could not resolve hostname: Name or service not known");
	fails(dt, "1.2.3.4.5", "Could not resolve hostname: Name or service not known");
	fails(dt, "1..2", "Could not resolve hostname: Name or service not known");
	fails(dt, "::1", "Could not resolve hostname: Address family for hostname not supported");
	fails_ex(dt, "1.2.3.4 ", 0, DT_PARSE_QUOTED, "Could not resolve hostname: Name or service not known");
	fails_ex(dt, " 1.2.3.4", 0, DT_PARSE_QUOTED, "Could not resolve hostname: Name or service not known");
	fails_ex(dt, "", 0, DT_PARSE_QUOTED, "Could not resolve hostname: Name or service not known");
	fails(dt, "localhost", "Could not resolve hostname: \"localhost\" is not an IPv4 address "
	      "(cgnft does not resolve host names)");
	fails(dt, "www.example.org", "Could not resolve hostname: \"www.example.org\" is not an "
	      "IPv4 address (cgnft does not resolve host names)");
	fails(dt, "1.2.3.4x", "Could not resolve hostname: \"1.2.3.4x\" is not an IPv4 address "
	      "(cgnft does not resolve host names)");
	prints(dt, 0x01020304, "1.2.3.4");
	prints(dt, 0, "0.0.0.0");

	dt = &dt_ipv6_addr;
	parses(dt, "::1", 0, 0, 0, 1);
	parses(dt, "::", 0, 0, 0, 0);
	parses(dt, "[::1]", 0, 0, 0, 1);
	parses(dt, "::ffff:1.2.3.4", 0, 0, 0, 0xffff01020304ull);
	parses(dt, "2001:db8::1", 0, 0, 0x20010db800000000ull, 1);
	parses(dt, "2001:0DB8:0000:0000:0000:0000:0000:0001", 0, 0, 0x20010db800000000ull, 1);
	parses(dt, "1:2:3:4:5:6:7:8", 0, 0, 0x0001000200030004ull, 0x0005000600070008ull);
	parses(dt, "1:2:3:4:5:6:1.2.3.4", 0, 0, 0x0001000200030004ull, 0x0005000601020304ull);
	parses(dt, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0, 0, ~0ull, ~0ull);
	fails(dt, "1.2.3.4", "Could not resolve hostname: Address family for hostname not supported");
	fails(dt, "5", "Could not resolve hostname: Address family for hostname not supported");
	fails(dt, "1::2::3", "Could not resolve hostname: Name or service not known");
	fails(dt, "::g", "Could not resolve hostname: Name or service not known");
	fails(dt, "fe80::1%lo", "Could not resolve hostname: Name or service not known");
	fails(dt, "ip6-localhost", "Could not resolve hostname: \"ip6-localhost\" is not an IPv6 "
	      "address (cgnft does not resolve host names)");
	prints128(dt, 0, 1, "::1");
	prints128(dt, 0, 0, "::");
	prints128(dt, 0, 0xffff01020304ull, "::ffff:1.2.3.4");
	prints128(dt, 0, 0x01020304ull, "::1.2.3.4");
	prints128(dt, 0x0001000000000001ull, 0x0000000000000001ull, "1:0:0:1::1");
	prints128(dt, 0xabcd000000000000ull, 0xefull, "abcd::ef");

	dt = &dt_ether_addr;
	parses(dt, "01:02:03:04:05:06", 0, 0, 0, 0x010203040506ull);
	parses(dt, "1:2:3:4:5:6", 0, 0, 0, 0x010203040506ull);
	parses(dt, "01:02:03", 0, 0, 0, 0x010203ull);
	fails(dt, "foo", "Invalid LL address");
	fails(dt, "1:2:3:4:5:100", "Invalid LL address");
	fails(dt, "::::::", "Invalid LL address");
	fails(dt, "01:02:03:04:05:06:07",
	      "Value 283686952306183 exceeds valid range 0-281474976710655");
	prints(dt, 0x010203040506ull, "01:02:03:04:05:06");
	prints(dt, 0x010203ull, "00:00:00:01:02:03");
}

/* ---- symbolic and bitmask types ------------------------------------- */

static void symbolic(void)
{
	is(&dt_ether_type, "ip", 0x0800);
	is(&dt_ether_type, "vlan", 0x8100);
	prints(&dt_ether_type, 0x8100, "8021q");
	prints(&dt_ether_type, 0x12, "0x0012");
	prints(&dt_ether_type, 0x1234, "0x1234");
	fails(&dt_ether_type, "foo", "Could not parse Ethernet protocol");
	fails(&dt_ether_type, "0x10000", "Value 65536 exceeds valid range 0-65535");
	is(&dt_arp_op, "request", 1);
	prints(&dt_arp_op, 5, "5");

	prints(&dt_pkt_type, 0, "host");	/* not unicast */
	prints(&dt_icmpv6_type, 132, "mld-listener-done");
	prints(&dt_dscp, 0, "cs0");
	prints(&dt_dscp, 3, "0x03");
	prints(&dt_dscp, 0x3f, "0x3f");
	fails(&dt_dscp, "64", "Value 64 exceeds valid range 0-63");
	fails(&dt_dscp, "foo", "Could not parse Differentiated Services Code Point");
	fails(&dt_dscp, "ecn", "Could not parse Differentiated Services Code Point");
	is(&dt_ecn, "ce", 3);
	fails(&dt_ecn, "4", "Value 4 exceeds valid range 0-3");
	fails(&dt_dccp_pkttype, "16", "Value 16 exceeds valid range 0-15");
	prints(&dt_dccp_pkttype, 12, "12");
	prints(&dt_iface_type, 0x1234, "4660");
	prints(&dt_icmp_type, 200, "200");
	prints(&dt_nf_proto, 7, "7");
	fails(&dt_nf_proto, "ip", "Could not parse netfilter protocol");
	fails(&dt_icmp_type, "foo", "Could not parse ICMP type");
	fails(&dt_icmp_code, "foo", "Could not parse icmp code");
	fails(&dt_icmpv6_code, "foo", "Could not parse icmpv6 code");
	fails(&dt_mh_type, "foo", "Could not parse Mobility Header Type");
	fails(&dt_igmp_type, "foo", "Could not parse IGMP type");
	fails(&dt_fib_addrtype, "foo", "Could not parse fib address type");
	fails(&dt_ct_dir, "foo", "Could not parse conntrack direction");
	fails(&dt_ct_state, "reply", "Could not parse conntrack state");
	fails(&dt_ct_status, "label", "Could not parse conntrack status");
	fails(&dt_ct_event, "foo", "Could not parse conntrack event bits");
	fails(&dt_boolean, "foo", "Could not parse boolean type");
	fails(&dt_bitmask, "foo", "Could not parse bitmask");
	is(&dt_boolean, "exists", 1);
	is(&dt_boolean, "missing", 0);

	/* bitmasks: one token each; printed bit by bit, lowest first */
	is(&dt_tcp_flag, "syn", 0x02);
	is(&dt_tcp_flag, "0x12", 0x12);
	fails(&dt_tcp_flag, "syn,ack", "Could not parse TCP flag");
	fails(&dt_tcp_flag, "0x100", "Value 256 exceeds valid range 0-255");
	fails(&dt_tcp_flag, "foo", "Could not parse TCP flag");
	prints(&dt_tcp_flag, 0x12, "syn,ack");
	prints(&dt_tcp_flag, 0, "0x0");
	prints(&dt_ct_state, 0x0a, "established,new");
	prints(&dt_ct_state, 0x41, "invalid,untracked");
	prints(&dt_ct_state, 0x100, "0x100");
	prints(&dt_ct_status, 0x1ff,
	       "expected,seen-reply,assured,confirmed,snat,dnat,0x40,0x80,0x100");
	prints(&dt_ct_event, 0x3, "new,related");
	prints(&dt_ct_event, 0x800, "0x800");
	prints(&dt_bitmask, 0x3, "0x3");
	fails(&dt_ct_state, "0x100000000", "Value 4294967296 exceeds valid range 0-4294967295");

	/* cgnft's own */
	is(&dt_sock_family, "inet6", 10);
	is(&dt_sock_family, "ipv4", 2);
	prints(&dt_sock_family, 2, "inet");
	is(&dt_sock_type, "dgram", 2);
	fails(&dt_sock_type, "foo", "Could not parse socket type");
}

/* ---- host tables: users, groups, interfaces, iproute2 files ---------- */

static void host_tables(void)
{
	struct passwd *pw;
	struct group *gr;
	const char *dashed = NULL;
	uid_t dashed_uid = 0;
	gid_t dashed_gid = 0;

	is(&dt_uid, "root", 0);
	is(&dt_uid, "0", 0);
	is(&dt_uid, "4294967295", 4294967295u);
	is(&dt_uid, "0x10", 16);
	is(&dt_uid, "010", 8);
	is(&dt_uid, "09", 9);	/* nft: decimal */
	fails(&dt_uid, "4294967296", "Value too large");
	fails(&dt_uid, "99999999999999999999", "Value too large");
	fails(&dt_uid, "no-such-user-here", "User does not exist");
	fails_ex(&dt_uid, "-1", 0, DT_PARSE_QUOTED, "Value too large");
	fails_ex(&dt_uid, "5x", 0, DT_PARSE_QUOTED, "User does not exist");
	prints(&dt_uid, 0, "0");

	/* any user with a '-' in the name (www-data, systemd-network, ...) */
	setpwent();
	while ((pw = getpwent()))
		if (strchr(pw->pw_name, '-')) {
			dashed = strdup(pw->pw_name);
			dashed_uid = pw->pw_uid;
			break;
		}
	endpwent();
	if (dashed) {
		is(&dt_uid, dashed, dashed_uid);
		free((char *)dashed);
	} else {
		tap_skip("no user name with a '-' on this host");
	}
	dashed = NULL;
	setgrent();
	while ((gr = getgrent()))
		if (strchr(gr->gr_name, '-')) {
			dashed = strdup(gr->gr_name);
			dashed_gid = gr->gr_gid;
			break;
		}
	endgrent();
	if (dashed) {
		is(&dt_gid, dashed, dashed_gid);
		free((char *)dashed);
	} else {
		tap_skip("no group name with a '-' on this host");
	}

	is(&dt_gid, "root", 0);
	is(&dt_gid, "0x10", 16);
	is(&dt_gid, "010", 8);
	fails(&dt_gid, "09", "Group does not exist");	/* nft: base 0 */
	fails(&dt_gid, "4294967296", "Value too large");
	fails(&dt_gid, "no-such-group-here", "Group does not exist");
	prints(&dt_gid, 5000, "5000");

	is(&dt_iface_index, "lo", if_nametoindex("lo"));
	is(&dt_iface_index, "99999", 99999);
	is(&dt_iface_index, "2147483647", 2147483647);
	fails(&dt_iface_index, "2147483648", "Interface does not exist");
	fails(&dt_iface_index, "no-such-if", "Interface does not exist");
	fails_ex(&dt_iface_index, "-1", 0, DT_PARSE_QUOTED, "Interface does not exist");
	prints(&dt_iface_index, if_nametoindex("lo"), "\"lo\"");
	prints(&dt_iface_index, 99999, "99999");

	/* the iproute2 files nft reads; absent ones leave numbers */
	uint64_t v;

	if (dt_realm.lookup("cosmos", &v)) {
		is(&dt_realm, "cosmos", v);
		prints(&dt_realm, v, "\"cosmos\"");
	} else {
		tap_skip("no realm cosmos in /etc/iproute2/rt_realms");
	}
	fails(&dt_realm, "no-such-realm", "Could not parse routing realm");
	fails(&dt_realm, "09", "Could not parse routing realm");
	fails(&dt_realm, "4294967296", "Value 4294967296 exceeds valid range 0-4294967295");
	prints(&dt_realm, 123456, "123456");
	if (dt_devgroup.lookup("default", &v))
		prints(&dt_devgroup, v, "\"default\"");
	else
		tap_skip("no group default in /etc/iproute2/group");
	fails(&dt_devgroup, "no-such-group", "Could not parse devgroup name");
	prints(&dt_devgroup, 123456, "123456");
	fails(&dt_mark, "no-such-mark", "Could not parse packet mark");
	fails(&dt_mark, "0x100000000", "Value 4294967296 exceeds valid range 0-4294967295");
	is(&dt_mark, "0xffffffff", 0xffffffff);
	if (access("/etc/iproute2/rt_marks", F_OK))
		prints(&dt_mark, 10, "0x0000000a");
	else
		tap_skip("/etc/iproute2/rt_marks may name mark 10");
	prints(&dt_mark, 0, "0x00000000");
}

/* ---- classid, times, labels, cgroups -------------------------------- */

static void special(void)
{
	is(&dt_classid, "root", 0xffffffff);
	is(&dt_classid, "none", 0);
	is(&dt_classid, "1:2", 0x00010002);
	is(&dt_classid, "abc:1", 0x0abc0001);
	is(&dt_classid, "1:ffff", 0x0001ffff);
	is(&dt_classid, "10", 10);
	is(&dt_classid, "0x10001", 0x10001);
	is(&dt_classid, "foo", 0);	/* as nft: none */
	prints(&dt_classid, 0xffffffff, "root");
	prints(&dt_classid, 0, "none");
	prints(&dt_classid, 10, "0:a");
	prints(&dt_classid, 0xffff0000, "ffff:0");

	/* relative time, milliseconds */
	is(&dt_time, "10s", 10000);
	is(&dt_time, "1h2m", 3720000);
	is(&dt_time, "100", 100000);
	is(&dt_time, "1500ms", 1500);
	is(&dt_time, "2s1ms", 2001);
	is(&dt_time, "1d", 86400000);
	is(&dt_time, "4294967", 4294967000u);
	fails(&dt_time, "4294968", "value too large");
	fails(&dt_time, "50d", "value too large");
	fails(&dt_time, "123456789", "value too large");
	fails(&dt_time, "foo", "wrong time format");
	fails(&dt_time, "1x", "wrong time format");
	fails(&dt_time, "1d1d", "Day has been specified twice");
	fails(&dt_time, "1h1h", "Hour has been specified twice");
	fails(&dt_time, "1m1m", "Minute has been specified twice");
	fails(&dt_time, "1s1s", "Second has been specified twice");
	prints(&dt_time, 100000, "1m40s");
	prints(&dt_time, 1500, "1s500ms");
	prints(&dt_time, 93784005, "1d2h3m4s5ms");
	prints(&dt_time, 0, "");

	/* day: 0-6 whatever the width */
	is(&dt_day, "Sunday", 0);
	is(&dt_day, "6", 6);
	is(&dt_day, "0x1", 1);
	fails(&dt_day, "7", "Value 7 exceeds valid range 0-6");
	fails(&dt_day, "010", "Value 8 exceeds valid range 0-6");
	fails(&dt_day, "sunday", "Could not parse Day of week of packet reception");
	fails(&dt_day, "Sun", "Could not parse Day of week of packet reception");
	prints(&dt_day, 3, "\"Wednesday\"");
	prints(&dt_day, 9, "9");

	/* hour and date in UTC, then east of it */
	setenv("TZ", "UTC", 1);
	tzset();
	parses(&dt_hour, "10:00", 0, DT_PARSE_QUOTED, 0, 36000);
	parses(&dt_hour, "23:59:59", 0, DT_PARSE_QUOTED, 0, 86399);
	parses(&dt_hour, "9:5", 0, DT_PARSE_QUOTED, 0, 32700);
	is(&dt_hour, "10", 10);
	is(&dt_hour, "010", 8);
	is(&dt_hour, "4294967296", 0);
	is(&dt_hour, "1h", 3600);
	is(&dt_hour, "25h", 3600);
	fails_ex(&dt_hour, "10:30:15:1", 0, DT_PARSE_QUOTED, "Can't parse trailing input: \":15:1\"");
	fails_ex(&dt_hour, "10:60", 0, DT_PARSE_QUOTED, "Can't parse trailing input: \"0\"");
	fails_ex(&dt_hour, "24:00", 0, DT_PARSE_QUOTED, "wrong time format");
	fails(&dt_hour, "foo", "wrong time format");
	prints(&dt_hour, 36000, "\"10:00\"");
	prints(&dt_hour, 86399, "\"23:59:59\"");
	prints(&dt_hour, 100000, "\"03:46:40\"");
	parses(&dt_date, "2020-01-01", 0, DT_PARSE_QUOTED, 0, 1577836800ull * 1000000000ull);
	parses(&dt_date, "2020-01-01 10:00", 0, DT_PARSE_QUOTED, 0, 1577872800ull * 1000000000ull);
	parses(&dt_date, "2020-01-01T10:00:00", 0, DT_PARSE_QUOTED, 0, 1577836800ull * 1000000000ull);
	is(&dt_date, "1577836800", 1577836800ull * 1000000000ull);
	is(&dt_date, "0x10", 16000000000ull);
	fails_ex(&dt_date, "2020-13-01", 0, DT_PARSE_QUOTED, "Cannot parse date");
	fails_ex(&dt_date, "1969-12-31 23:59:59", 0, DT_PARSE_QUOTED, "Cannot parse date");
	fails(&dt_date, "foo", "Cannot parse date");
	prints(&dt_date, 1577836800ull * 1000000000ull, "\"2020-01-01 00:00:00\"");
	prints(&dt_date, 0, "\"1970-01-01 00:00:00\"");
	setenv("TZ", "Asia/Kolkata", 1);	/* +05:30, no daylight saving */
	tzset();
	parses(&dt_hour, "10:00", 0, DT_PARSE_QUOTED, 0, 16200);
	parses(&dt_hour, "02:00", 0, DT_PARSE_QUOTED, 0, 73800);	/* 20:30 UTC */
	is(&dt_hour, "3600", 3600);
	prints(&dt_hour, 16200, "\"10:00\"");
	prints(&dt_hour, 3600, "\"06:30\"");
	parses(&dt_date, "2020-01-01 10:00:00", 0, DT_PARSE_QUOTED, 0,
	       (1577872800ull - 19800) * 1000000000ull);
	prints(&dt_date, 1577836800ull * 1000000000ull, "\"2020-01-01 05:30:00\"");
	setenv("TZ", "UTC", 1);
	tzset();

	/* conntrack labels: bit numbers */
	parses(&dt_ct_label, "5", 0, 0, 0, 1ull << 5);
	parses(&dt_ct_label, "0x5", 0, 0, 0, 1ull << 5);
	parses(&dt_ct_label, "127", 0, 0, 1ull << 63, 0);
	parses(&dt_ct_label, " 5", 0, DT_PARSE_QUOTED, 0, 1ull << 5);
	fails(&dt_ct_label, "128", "128: bit 128 out of range (128 max)");
	fails_ex(&dt_ct_label, "-1", 0, DT_PARSE_QUOTED,
		 "-1: bit 18446744073709551615 out of range (128 max)");
	fails(&dt_ct_label, "no-such-label",
	      "/etc/connlabel.conf: could not parse conntrack label \"no-such-label\"");
	prints(&dt_ct_label, 1ull << 5, "5");
	prints128(&dt_ct_label, 1ull << 63, 0, "127");

	/* cgroups v2: the root's inode, a missing path */
	struct ir_val v;

	if (dt_parse(&dt_cgroupsv2, ".", &v, err, sizeof(err)))
		tap_ok(v.lo != 0, "cgroupsv2: \".\" is the root cgroup's inode");
	else
		tap_skip("no cgroup2 file system at /sys/fs/cgroup");
	fails(&dt_cgroupsv2, "no/such/cgroup", "cgroupv2 path fails: No such file or directory");
	prints(&dt_cgroupsv2, 1ull << 62, "4611686018427387904");

	/* strings and verdicts are not dt_parse's */
	fails(&dt_ifname, "eth0", "network interface name values are not parsed as numbers or symbols");
	fails(&dt_verdict, "accept", "netfilter verdict values are not parsed as numbers or symbols");
	prints128(&dt_ifname, 0x6574683000000000ull, 0, "\"eth0\"");
}

/* ---- round trips, describe ------------------------------------------ */

static void round_trips(void)
{
	round_trip(&dt_mark, "10", "0x0000000a");
	round_trip(&dt_ether_type, "0x0800", "ip");
	round_trip(&dt_inet_proto, "58", "ipv6-icmp");
	round_trip(&dt_icmpv6_type, "mld-listener-reduction", "mld-listener-done");
	round_trip(&dt_dscp, "df", "cs0");
	round_trip(&dt_pkt_type, "unicast", "host");
	round_trip(&dt_ct_state, "0x41", "invalid,untracked");
	round_trip(&dt_classid, "0x10", "0:10");
	round_trip(&dt_time, "1h2m", "1h2m");
	round_trip(&dt_ipv6_addr, "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
}

/* dt_describe's text. */
static char *described(const struct datatype *dt, unsigned bits)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	dt_describe(dt, bits, f);
	fclose(f);
	return buf;
}

static void describe(void)
{
	static const char ether_type[] =
		"datatype ether_type (Ethernet protocol) (basetype integer), 16 bits\n"
		"\npre-defined symbolic constants (in hexadecimal):\n"
		"\tip                            \t0x0008\n";
	char *s;

	s = described(&dt_ether_type, 0);
	tap_ok(!strncmp(s, ether_type, strlen(ether_type)),
	       "describe ether_type: nft's layout, values as nft keeps them");
	free(s);
	s = described(&dt_ether_type, 16);
	tap_ok(strstr(s, "\tip                            \t0x0800\n") != NULL,
	       "describe ether type (a selector): host-order values");
	free(s);
	s = described(&dt_nf_proto, 0);
	tap_ok(!strcmp(s, "datatype nf_proto (netfilter protocol) (basetype integer), 8 bits\n"
		       "\npre-defined symbolic constants (in decimal):\n"
		       "\tipv4                          \t                   2\n"
		       "\tipv6                          \t                  10\n"),
	       "describe nf_proto");
	free(s);
	s = described(&dt_ifname, 128);
	tap_ok(!strcmp(s, "datatype ifname (network interface name) (basetype string), "
		       "16 characters\n"), "describe meta iifname: 16 characters");
	free(s);
	s = described(&dt_inet_proto, 0);
	tap_ok(!strncmp(s, "datatype inet_proto (Internet protocol) (basetype integer), 8 bits\n"
			"\tip                            \t0\n", 90),
	       "describe inet_proto: getprotobynumber's list, no heading");
	free(s);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	all_types();
	names();
	numbers();
	services();
	addresses();
	symbolic();
	host_tables();
	special();
	round_trips();
	describe();
	return tap_done();
}
