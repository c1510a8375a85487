/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test packets from nft-like descriptions, for `cgnft test` and the verdict
 * tests: `ip saddr 10.0.0.1 tcp dport 22 tcp flags syn` becomes a
 * well-formed IPv4/TCP packet with correct lengths and checksums.  Fields
 * use nft's names and symbolic values (the front end's field and type
 * tables); a few extra keywords build the corner cases (options,
 * fragments, extension headers, truncation).  See PKT_DESC_HELP.
 */
#ifndef CGNFT_FRONTEND_PACKET_H
#define CGNFT_FRONTEND_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PKT_MAX 4096

struct pkt {
	uint8_t data[PKT_MAX];	/* the IP packet, no link-layer header */
	size_t len;
	bool ipv6;		/* else IPv4: picks the Ethernet type */
	uint32_t mark;		/* meta mark / meta priority: skb fields */
	uint32_t priority;
	uint32_t ifindex;	/* meta iif/oif: the skb's device; 0: lo */
};

/* Build `p` from the description `text`.  Diagnostics name the text
 * `name` ("--packet") in nft's format, go to `err`, and make it fail. */
bool pkt_from_desc(const char *name, const char *text, struct pkt *p, FILE *err);

/* `text` is the IP packet in hex (spaces and colons allowed). */
bool pkt_from_hex(const char *name, const char *text, struct pkt *p, FILE *err);

/* The description language, for --help texts. */
extern const char PKT_DESC_HELP[];

#endif
