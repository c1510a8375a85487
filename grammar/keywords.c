// SPDX-License-Identifier: GPL-2.0
/*
 * The keywords of the nft language (grammar/parser.y's tokens), looked up
 * by the scanner for every word.  Statements a cgroup table cannot run
 * (and does not run yet) are OTHER_STMT: the parser takes the rest of
 * their rule so that evaluation can refuse them with a reason.
 */
#include <stdlib.h>
#include <string.h>

#include "frontend/parse.h"
#include "grammar/parser.h"

static const struct kw {
	const char *word;
	int token;
} keywords[] = {	/* sorted by word, for bsearch */
	{ "accept", ACCEPT }, { "add", ADD }, { "ah", AH },
	{ "and", AND }, { "arp", ARP }, { "base", BASE }, { "burst", BURST }, { "bytes", BYTES },
	{ "cgroup", CGROUP }, { "chain", CHAIN }, { "chunk", CHUNK }, { "comment", COMMENT },
	{ "comp", COMP }, { "continue", CONTINUE }, { "counter", COUNTER },
	{ "ct", CT }, { "current", CURRENT }, { "dccp", DCCP },
	{ "define", DEFINE }, { "delete", DELETE }, { "device", DEVICE }, { "dnat", OTHER_STMT },
	{ "drop", DROP }, { "dst", DST }, { "dup", OTHER_STMT },
	{ "elements", ELEMENTS }, { "eq", EQ }, { "esp", ESP },
	{ "ether", ETHER }, { "exists", EXISTS }, { "exthdr", EXTHDR },
	{ "fib", FIB }, { "flags", FLAGS }, { "flow", OTHER_STMT },
	{ "frag", FRAG }, { "fwd", OTHER_STMT }, { "ge", GE }, { "goto", GOTO },
	{ "gre", GRE }, { "group", GROUP }, { "gt", GT }, { "hbh", HBH }, { "hook", HOOK },
	{ "icmp", ICMP }, { "icmpv6", ICMPV6 }, { "igmp", IGMP },
	{ "include", INCLUDE }, { "ip", IP }, { "ip6", IP6 }, { "ipsec", IPSEC },
	{ "jhash", JHASH }, { "jump", JUMP }, { "le", LE }, { "level", LEVEL },
	{ "limit", LIMIT }, { "log", LOG }, { "lshift", LSHIFT },
	{ "lt", LT }, { "map", MAP }, { "masquerade", OTHER_STMT },
	{ "meta", META }, { "meter", METER }, { "mh", MH },
	{ "missing", MISSING }, { "name", NAME }, { "ne", NE }, { "notrack", OTHER_STMT },
	{ "numgen", NUMGEN }, { "option", OPTION }, { "or", OR },
	{ "original", ORIGINAL }, { "osf", OSF }, { "over", OVER }, { "packets", PACKETS },
	{ "policy", POLICY }, { "prefix", PREFIX }, { "priority", PRIORITY },
	{ "queue", OTHER_STMT }, { "queue-threshold", QUEUE_THRESHOLD },
	{ "quota", QUOTA }, { "rate", RATE }, { "read", READ }, { "redirect", OTHER_STMT },
	{ "reject", REJECT_STMT }, { "reply", REPLY }, { "return", RETURN },
	{ "rshift", RSHIFT }, { "rt", RT }, { "sctp", SCTP }, { "set", SET },
	{ "snaplen", SNAPLEN }, { "snat", OTHER_STMT }, { "socket", SOCKET }, { "srh", SRH },
	{ "symhash", SYMHASH }, { "synproxy", OTHER_STMT }, { "sysctl", SYSCTL },
	{ "table", TABLE }, { "tcp", TCP }, { "th", TH }, { "tproxy", OTHER_STMT },
	{ "type", TYPE }, { "typeof", TYPEOF }, { "udp", UDP },
	{ "udplite", UDPLITE }, { "until", UNTIL }, { "update", UPDATE }, { "used", USED }, { "vlan", VLAN },
	{ "vmap", VMAP }, { "with", WITH }, { "write", WRITE }, { "xor", XOR },
};

static int cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kw *)elem)->word);
}

int nft_keyword(const char *word)
{
	const struct kw *k = bsearch(word, keywords, sizeof(keywords) / sizeof(keywords[0]),
				     sizeof(keywords[0]), cmp);

	return k ? k->token : 0;
}

/* The word of a keyword token (for messages and keywords used as names). */
const char *nft_keyword_word(int token)
{
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (keywords[i].token == token)
			return keywords[i].word;
	return NULL;
}
