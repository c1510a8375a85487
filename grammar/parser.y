/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The nft language, as far as a cgroup table uses it: tables, chains,
 * sets, defines, includes, and rules made of statements over an
 * expression algebra (selectors, binary operations, prefixes, ranges,
 * concatenations, lists, sets, maps, verdict maps), after nft's
 * parser_bison.y.  Values are words here; evaluation types them.
 * Statements a cgroup hook cannot run are still parsed, so that
 * evaluation can refuse them with a reason at the right place.
 */
%code requires {
#include "frontend/parse.h"
#include "frontend/tree.h"
}

%define api.pure full
%define api.prefix {nft_yy}
%define api.location.type {struct fe_loc}
%define parse.error verbose
%define parse.lac full
%locations
%parse-param {void *scanner} {struct nft_scan *s}
%lex-param {void *scanner}

%union {
	char *str;
	struct expr *expr;
	struct stmt *stmt;
	struct rule *rule;
	struct decl *decl;
	enum relop relop;
	enum binop binop;
	long num;
}

%code {
#include <stdlib.h>
#include <string.h>

#include "frontend/parse_tree.h"

int nft_yylex(NFT_YYSTYPE *val, struct fe_loc *loc, void *scanner);

#define YYLLOC_DEFAULT(cur, rhs, n)					\
	do {								\
		if (n) {						\
			(cur) = YYRHSLOC(rhs, 1);			\
			if (YYRHSLOC(rhs, n).line == (cur).line &&	\
			    YYRHSLOC(rhs, n).file == (cur).file)	\
				(cur).last_col = YYRHSLOC(rhs, n).last_col; \
		} else {						\
			(cur) = YYRHSLOC(rhs, 0);			\
			(cur).first_col = (cur).last_col + 1;		\
		}							\
	} while (0)

static void nft_yyerror(struct fe_loc *loc, void *scanner, struct nft_scan *s,
			const char *msg)
{
	(void)scanner;
	if (s->stopped)		/* the scanner reported why the input ended */
		return;
	if (!strcmp(msg, "memory exhausted")) {
		fe_error(s->diag, loc, "too many levels of nesting: the parser's stack is full");
		s->stopped = true;
		return;
	}
	fe_error(s->diag, loc, "%s", msg);
}
}

%token <str> IDENT "string" NUM "number" ADDR "address" QSTRING "quoted string"
%token BADSTRING "unterminated string" BADCHAR "invalid character"
%token NL "newline" EQEQ "==" NEQ "!=" LTE "<=" GTE ">=" SHL "<<" SHR ">>"

/* keywords (grammar/keywords.c) */
%token TABLE "table" CHAIN "chain" SET "set" MAP "map" DEFINE "define"
%token INCLUDE "include" CGROUP "cgroup" TYPE "type" HOOK "hook"
%token PRIORITY "priority" POLICY "policy" FLAGS "flags" ELEMENTS "elements"
%token DEVICE "device" COMMENT "comment" TYPEOF "typeof"
%token ACCEPT "accept" DROP "drop" CONTINUE "continue" RETURN "return"
%token JUMP "jump" GOTO "goto" COUNTER "counter" PACKETS "packets" BYTES "bytes"
%token VMAP "vmap" EXISTS "exists" MISSING "missing"
%token IP "ip" IP6 "ip6" TCP "tcp" UDP "udp" UDPLITE "udplite" SCTP "sctp"
%token DCCP "dccp" ICMP "icmp" ICMPV6 "icmpv6" IGMP "igmp" AH "ah" ESP "esp"
%token COMP "comp" TH "th" GRE "gre" ETHER "ether" VLAN "vlan" ARP "arp"
%token META "meta" SOCKET "socket" CT "ct" SYSCTL "sysctl" EXTHDR "exthdr"
%token HBH "hbh" RT "rt" FRAG "frag" DST "dst" MH "mh" SRH "srh"
%token CHUNK "chunk"
%token REJECT_STMT "reject" WITH "with"
%token OPTION "option" LEVEL "level" ORIGINAL "original" REPLY "reply"
%token BASE "base" CURRENT "current" READ "read" WRITE "write"
%token FIB "fib" OSF "osf" IPSEC "ipsec" NUMGEN "numgen" JHASH "jhash"
%token SYMHASH "symhash" NAME "name"
%token ADD "add" UPDATE "update" DELETE "delete" METER "meter"
%token LIMIT "limit" QUOTA "quota" RATE "rate" OVER "over" BURST "burst" USED "used" UNTIL "until"
%token LOG "log" PREFIX "prefix" GROUP "group" SNAPLEN "snaplen"
%token QUEUE_THRESHOLD "queue-threshold"
%token AND "and" OR "or" XOR "xor" LSHIFT "lshift" RSHIFT "rshift"
%token EQ "eq" NE "ne" LT "lt" GT "gt" LE "le" GE "ge"
/* statements that are parsed only to be refused (or, later, built) */
%token <str> OTHER_STMT "statement"

%type <str> name decl_name field family proto_word soft_keyword reject_proto reject_code unit_word
%type <expr> selector lhs lhs_concat lhs_or lhs_xor lhs_and lhs_shift
%type <expr> lhs_primary operand c_or c_xor c_and c_shift rhs rhs_concat rhs_range rhs_flags rhs_value
%type <expr> rhs_list set_literal set_elems set_elem set_key map_value set_ref
%type <expr> verdict_expr set_value fib_flags mask_list elem_opts elem_opt hash_opts k_or k_xor k_and k_shift
%type <relop> relop
%type <stmt> stmt other_stmt limit_spec quota_spec dynset_elem log_args counter_args
%type <rule> rule stmts
%type <num> prio_offset opt_over limit_over dynset_op

%destructor { free($$); } <str>
%destructor { expr_free($$); } <expr>
%destructor { stmt_free($$); } <stmt>
%destructor { rule_free($$); free($$); } <rule>

/* Shifts on purpose: `tcp option maxseg size`, `ip option rr ptr`, `ip
 * option rr type`, `sctp chunk data tsn`, `sctp chunk data type`, `sctp
 * chunk data flags` (6): a
 * word after an option or chunk name is its field, never a
 * value (option fields compare with numbers or exists/missing); `jhash ...
 * seed N offset N` and `numgen ... offset N` (3): words after a hash are its
 * options, as in nft's grammar. */
%expect 9

%%

input		: top_items
		;

top_items	: %empty
		| top_items NL
		| top_items ';'
		| top_items top_item
		| top_items error NL		{ yyerrok; }
		;

top_item	: table
		| define
		| include
		| command
		;

/* flush ruleset, delete/destroy table cgroup NAME (pt_command checks the
 * words) */
command		: IDENT IDENT			{ pt_command(s, $1, $2, NULL, NULL, NULL, &@$); }
		| IDENT TABLE family decl_name	{ pt_command(s, $1, NULL, $3, &@3, $4, &@$); }
		| DELETE TABLE family decl_name	{ pt_command(s, strdup("delete"), NULL, $3, &@3, $4, &@$); }
		;

define		: DEFINE name '=' rhs		{ pt_define(s, $2, &@2, $4); }
		;

include		: INCLUDE QSTRING		{ nft_scan_include(s, $2, &@2); free($2); }
		;

/* ---- tables ---- */

/* Mid-rule actions take their strings: the stack's copies are cleared so
 * that error recovery does not free them twice. */
table		: TABLE family decl_name '{'		{ pt_open_table(s, $2, &@2, $3, &@3, &@1); $2 = $3 = NULL; }
		  table_items '}'		{ pt_close(s); }
		| TABLE decl_name '{'		{ pt_open_table(s, NULL, &@2, $2, &@2, &@1); $2 = NULL; }
		  table_items '}'		{ pt_close(s); }
		/* nft's `table inet filter`: the table exists from here (the
		 * idiom before `delete table`, so that the delete cannot fail) */
		| TABLE family decl_name decl_end	{ pt_declare_table(s, $2, &@2, $3, &@3, &@1); $2 = $3 = NULL; }
		| TABLE decl_name decl_end		{ pt_declare_table(s, NULL, &@2, $2, &@2, &@1); $2 = NULL; }
		;

decl_end	: NL | ';'
		;

family		: CGROUP { $$ = strdup("cgroup"); } | IP { $$ = strdup("ip"); }
		| IP6 { $$ = strdup("ip6"); } | ARP { $$ = strdup("arp"); }
		| IDENT
		;

/* Names of tables, chains, sets, defines: as nft, plain or quoted. */
name		: decl_name
		| QSTRING
		;

/* Tables, chains, sets and maps are named by identifiers only: nft
 * refuses a quoted name ("unexpected quoted string"), and a table's name
 * becomes a file and pin name, where a quoted "a/b" would be a path. */
decl_name	: IDENT
		| OTHER_STMT
		| soft_keyword
		;

/* Keywords of one context only (`sysctl base name`, `ct original`, ...),
 * which are fine as names elsewhere: `chain base`, `set reply`. */
soft_keyword	: BASE { $$ = strdup("base"); } | CURRENT { $$ = strdup("current"); }
		| READ { $$ = strdup("read"); } | WRITE { $$ = strdup("write"); }
		| LEVEL { $$ = strdup("level"); } | ORIGINAL { $$ = strdup("original"); }
		| REPLY { $$ = strdup("reply"); } | OPTION { $$ = strdup("option"); }
		| CHUNK { $$ = strdup("chunk"); }
		| PACKETS { $$ = strdup("packets"); } | BYTES { $$ = strdup("bytes"); }
		| EXISTS { $$ = strdup("exists"); } | MISSING { $$ = strdup("missing"); }
		| DEVICE { $$ = strdup("device"); } | ELEMENTS { $$ = strdup("elements"); }
		| TYPEOF { $$ = strdup("typeof"); } | NAME { $$ = strdup("name"); }
		| WITH { $$ = strdup("with"); }
		| LIMIT { $$ = strdup("limit"); } | QUOTA { $$ = strdup("quota"); }
		| RATE { $$ = strdup("rate"); } | OVER { $$ = strdup("over"); }
		| BURST { $$ = strdup("burst"); } | USED { $$ = strdup("used"); }
		| UNTIL { $$ = strdup("until"); }
		| ADD { $$ = strdup("add"); } | UPDATE { $$ = strdup("update"); }
		| DELETE { $$ = strdup("delete"); } | METER { $$ = strdup("meter"); }
		| LOG { $$ = strdup("log"); } | PREFIX { $$ = strdup("prefix"); }
		| GROUP { $$ = strdup("group"); } | SNAPLEN { $$ = strdup("snaplen"); }
		| QUEUE_THRESHOLD { $$ = strdup("queue-threshold"); }
		;

table_items	: %empty
		| table_items NL
		| table_items ';'
		| table_items table_item
		| table_items error NL		{ yyerrok; }
		;

table_item	: CGROUP QSTRING		{ pt_cgroup(s, $2, &@2); }
		| object
		| COMMENT QSTRING		{ free($2); }
		| COMMENT IDENT			{ free($2); }
		| chain
		| set
		| define
		| include
		;

/* ---- named stateful objects ---- */

object		: COUNTER name '{' obj_sep '}'	{ pt_object(s, $2, &@2, pt_counter(false, NULL, NULL, &@1), &@$); }
		| COUNTER name '{' obj_sep PACKETS NUM BYTES NUM obj_sep '}'
						{ pt_object(s, $2, &@2, pt_counter(true, $6, $8, &@5), &@$); }
		| QUOTA name '{' obj_sep quota_spec obj_sep '}'
						{ pt_object(s, $2, &@2, $5, &@$); }
		| LIMIT name '{' obj_sep limit_spec obj_sep '}'
						{ pt_object(s, $2, &@2, $5, &@$); }
		;

obj_sep		: %empty
		| obj_sep NL
		| obj_sep ';'
		;

/* ---- chains ---- */

chain		: CHAIN decl_name '{'		{ pt_open(s, BLOCK_CHAIN, $2, &@2, &@1); $2 = NULL; }
		  chain_body '}'		{ pt_close(s); }
		;

/* A rule ends at a newline or `;` (or the chain's `}`). */
chain_body	: chain_items
		| chain_items chain_item
		;

chain_items	: %empty
		| chain_items NL
		| chain_items ';'
		| chain_items chain_item NL
		| chain_items chain_item ';'
		| chain_items error NL		{ yyerrok; }
		;

chain_item	: hook_decl
		| POLICY ACCEPT			{ pt_policy(s, strdup("accept"), &@2, &@1); }
		| POLICY DROP			{ pt_policy(s, strdup("drop"), &@2, &@1); }
		| POLICY IDENT			{ pt_policy(s, $2, &@2, &@1); }
		| rule				{ pt_rule(s, $1); }
		| include
		;

hook_decl	: TYPE IDENT HOOK field device PRIORITY NUM
						{ pt_hook(s, $2, &@2, $4, &@4, NULL, &@7, $7, 1, &@1); }
		| TYPE IDENT HOOK field device PRIORITY '-' NUM
						{ pt_hook(s, $2, &@2, $4, &@4, NULL, &@8, $8, -1, &@1); }
		| TYPE IDENT HOOK field device PRIORITY IDENT prio_offset
						{ pt_hook(s, $2, &@2, $4, &@4, $7, &@7, NULL, $8, &@1); }
		;

device		: %empty
		| DEVICE name			{ free($2); }
		;

prio_offset	: %empty			{ $$ = 0; }
		| '-' NUM			{ $$ = -strtol($2, NULL, 0); free($2); }
		| '+' NUM			{ $$ = strtol($2, NULL, 0); free($2); }
		;

/* ---- sets ---- */

set		: SET decl_name '{'			{ pt_open(s, BLOCK_SET, $2, &@2, &@1); $2 = NULL; }
		  set_body '}'			{ pt_close(s); }
		| MAP decl_name '{'			{ pt_open(s, BLOCK_MAP, $2, &@2, &@1); $2 = NULL; }
		  set_body '}'			{ pt_close(s); }
		;

set_body	: set_items
		| set_items set_item
		;

set_items	: %empty
		| set_items NL
		| set_items ';'
		| set_items set_item NL
		| set_items set_item ';'
		| set_items error NL		{ yyerrok; }
		;

set_item	: TYPE type_list		{ pt_set_type_end(s, &@1); }
		| FLAGS flag_words		{ pt_set_flags_end(s, &@1); }
		| ELEMENTS '=' set_literal	{ pt_set_elements(s, $3, &@1); }
		| TYPEOF other_args		{ pt_set_other(s, "typeof", &@1); }
		| COMMENT QSTRING		{ free($2); }
		| COMMENT IDENT			{ free($2); }
		| POLICY IDENT			{ free($2); }
		| COUNTER			{ pt_set_other(s, "counter", &@1); }
		| IDENT set_args		{ pt_set_other(s, $1, &@1); free($1); }
		;

/* The words after `timeout`, `size`, `gc-interval`, ...: kept for
 * evaluation (other tokens are dropped: evaluation refuses the item). */
set_args	: %empty
		| set_args IDENT		{ pt_set_word(s, $2, &@2); free($2); }
		| set_args NUM			{ pt_set_word(s, $2, &@2); free($2); }
		| set_args set_arg_tok
		;

set_arg_tok	: ADDR { free($1); } | QSTRING { free($1); } | OTHER_STMT { free($1); } | keyword
		| ',' | ':' | '.' | '/' | '-' | '=' | '@' | '$' | '!' | '&' | '|'
		| '^' | '<' | '>' | '*' | '(' | ')' | '+' | EQEQ | NEQ | LTE | GTE
		| SHL | SHR | '{' other_args '}'
		;

type_list	: IDENT				{ pt_set_word(s, $1, &@1); free($1); }
		| type_list '.' IDENT		{ pt_set_word(s, $3, &@3); free($3); }
		| type_list ':' IDENT		{ pt_set_word(s, ":", &@2); pt_set_word(s, $3, &@3); free($3); }
		;

flag_words	: IDENT				{ pt_set_word(s, $1, &@1); free($1); }
		| flag_words ',' IDENT		{ pt_set_word(s, $3, &@3); free($3); }
		;

/* ---- rules ---- */

rule		: stmts
		| stmts other_stmt		{ $$ = pt_rule_add($1, $2); }
		| other_stmt			{ $$ = pt_rule_new($1); }
		;

stmts		: stmt				{ $$ = pt_rule_new($1); }
		| stmts stmt			{ $$ = pt_rule_add($1, $2); }
		;

/* A refused statement takes the rest of the rule. */
other_stmt	: OTHER_STMT other_args		{ $$ = pt_other($1, &@1); }
		;

stmt		: ACCEPT			{ $$ = pt_verdict(IR_VERDICT_ACCEPT, NULL, NULL, &@$); }
		| DROP				{ $$ = pt_verdict(IR_VERDICT_DROP, NULL, NULL, &@$); }
		| CONTINUE			{ $$ = pt_verdict(IR_VERDICT_CONTINUE, NULL, NULL, &@$); }
		| RETURN			{ $$ = pt_verdict(IR_VERDICT_RETURN, NULL, NULL, &@$); }
		| JUMP name			{ $$ = pt_verdict(IR_VERDICT_JUMP, $2, &@2, &@$); }
		| GOTO name			{ $$ = pt_verdict(IR_VERDICT_GOTO, $2, &@2, &@$); }
		| COUNTER			{ $$ = pt_counter(false, NULL, NULL, &@$); }
		| COUNTER counter_args		{ $$ = $2; $$->loc = @$; }
		| COUNTER NAME name		{ $$ = pt_state_ref(STMT_COUNTER, $3, &@3, &@$); }
		| LIMIT limit_spec		{ $$ = $2; $$->loc = @$; }
		| LIMIT NAME name		{ $$ = pt_state_ref(STMT_LIMIT, $3, &@3, &@$); }
		| QUOTA quota_spec		{ $$ = $2; $$->loc = @$; }
		| QUOTA NAME name		{ $$ = pt_state_ref(STMT_QUOTA, $3, &@3, &@$); }
		| COMMENT QSTRING		{ $$ = pt_comment($2, &@$); }
		| COMMENT IDENT			{ $$ = pt_comment($2, &@$); }	/* nft's string: a word too */
		| LOG log_args			{ $$ = $2; $$->loc = @1; }
		| lhs relop rhs			{ $$ = pt_match($1, $2, &@2, $3, &@$); }
		| lhs rhs			{ $$ = pt_match($1, REL_IMPLICIT, &@2, $2, &@$); }
		/* nft's connlimit statement: `ct count` is refused by evaluation */
		| CT field OVER NUM		{ $$ = pt_match(pt_sel(SEL_CT, strdup("ct"), $2, NULL, &@$), REL_IMPLICIT, &@4, expr_symbol(EXPR_SYMBOL, $4, &@4), &@$); }
		| lhs VMAP set_literal		{ $$ = pt_vmap($1, $3, &@$); }
		| lhs VMAP set_ref		{ $$ = pt_vmap($1, $3, &@$); }
		| selector SET set_value	{ $$ = pt_set_stmt($1, $3, &@$); }
		| IDENT SET set_value		{ $$ = pt_set_stmt(expr_symbol(EXPR_SYMBOL, $1, &@1), $3, &@$); }
		| REJECT_STMT			{ $$ = pt_reject(NULL, NULL, NULL, NULL, &@$); }
		| REJECT_STMT WITH reject_proto reject_code	{ $$ = pt_reject($3, &@3, $4, &@4, &@$); }
		| REJECT_STMT WITH reject_proto TYPE reject_code	{ $$ = pt_reject($3, &@3, $5, &@5, &@$); }
		| SYSCTL READ			{ $$ = pt_sysctl_access("read", &@$); }
		| SYSCTL WRITE			{ $$ = pt_sysctl_access("write", &@$); }
		| dynset_op set_ref '{' dynset_elem '}'	{ $$ = pt_dynset($1, $2, $4, &@$); }
		| METER name '{' dynset_elem '}'	{ $$ = pt_meter($2, &@2, NULL, NULL, NULL, $4, &@$); }
		| METER name IDENT NUM '{' dynset_elem '}'
						{ $$ = pt_meter($2, &@2, $3, $4, &@4, $6, &@$); }
		| SET dynset_op lhs set_ref	{ $$ = pt_dynset_legacy($2, $4, $3, &@$); }
		;

/* `log [prefix "..."] [level L] [group N] [snaplen N] [queue-threshold N]
 * [flags ...]`, in any order; words are checked by evaluation (eval_log.c) */
log_args	: %empty			{ $$ = pt_log(); }
		| log_args PREFIX QSTRING	{ $$ = pt_log_word($1, LOG_OPT_PREFIX, $3, &@3); }
		| log_args PREFIX IDENT		{ $$ = pt_log_word($1, LOG_OPT_PREFIX, $3, &@3); }
		| log_args PREFIX NUM		{ $$ = pt_log_bad($1, $3, &@3); }
		| log_args LEVEL IDENT		{ $$ = pt_log_word($1, LOG_OPT_LEVEL, $3, &@3); }
		| log_args LEVEL QSTRING	{ $$ = pt_log_word($1, LOG_OPT_LEVEL, $3, &@3); }
		| log_args LEVEL NUM		{ $$ = pt_log_bad($1, $3, &@3); }
		| log_args GROUP NUM		{ $$ = pt_log_word($1, LOG_OPT_GROUP, $3, &@3); }
		| log_args SNAPLEN NUM		{ $$ = pt_log_word($1, LOG_OPT_SNAPLEN, $3, &@3); }
		| log_args QUEUE_THRESHOLD NUM	{ $$ = pt_log_word($1, LOG_OPT_QTHRESHOLD, $3, &@3); }
		| log_args FLAGS IDENT		{ $$ = pt_log_flag($1, NULL, $3, &@3); }
		| log_args FLAGS ETHER		{ $$ = pt_log_flag($1, NULL, strdup("ether"), &@3); }
		| log_args FLAGS IP IDENT	{ $$ = pt_log_flag($1, "ip", $4, &@4); }
		| log_args FLAGS TCP IDENT	{ $$ = pt_log_flag($1, "tcp", $4, &@4); }
		| log_args ',' IDENT		{ $$ = pt_log_flag($1, ",", $3, &@3); }
		;

dynset_op	: ADD				{ $$ = DYNSET_ADD; }
		| UPDATE			{ $$ = DYNSET_UPDATE; }
		| DELETE			{ $$ = DYNSET_DELETE; }
		;

/* `counter packets N bytes M`: either, both, in any order, as nft's
 * counter_args (the other starts at 0, the last of one wins) */
counter_args	: PACKETS NUM			{ $$ = pt_counter(true, $2, strdup("0"), &@$); }
		| BYTES NUM			{ $$ = pt_counter(true, strdup("0"), $2, &@$); }
		| counter_args PACKETS NUM	{ $$ = pt_counter_set($1, true, $3); }
		| counter_args BYTES NUM	{ $$ = pt_counter_set($1, false, $3); }
		;

/* The key of `add @s { KEY timeout 1m counter limit rate ... }` */
dynset_elem	: lhs				{ $$ = pt_dynset_elem($1, &@1); }
		| dynset_elem IDENT IDENT	{ $$ = pt_dynset_opt($1, $2, &@2, $3, &@3); }
		| dynset_elem COUNTER		{ $$ = $1; $$->dynset.counter = true; }
		| dynset_elem LIMIT limit_spec	{ $$ = pt_dynset_limit($1, $3, &@2); }
		| dynset_elem CT field limit_over NUM	/* ct count [over] N */
						{ free($3); free($5); $$ = pt_dynset_opt($1, strdup("ct"), &@2, NULL, &@2); }
		;

/* `rate [over] 10/second`, `rate [over] 10 kbytes/second`, then maybe
 * `burst 5 packets` / `burst 1 mbytes` */
limit_spec	: RATE limit_over NUM '/' unit_word
						{ struct fe_loc q = @3; q.last_col = @5.last_col;
						  $$ = pt_state(STMT_LIMIT, $2, $3, NULL, $5, &q, &@5, &@$); }
		| RATE limit_over NUM unit_word '/' unit_word
						{ struct fe_loc q = @3; q.last_col = @6.last_col;
						  $$ = pt_state(STMT_LIMIT, $2, $3, $4, $6, &q, &@4, &@$); }
		| limit_spec BURST NUM unit_word
						{ struct fe_loc q = @3; q.last_col = @4.last_col;
						  $$ = pt_state_extra($1, $3, $4, &@2, &q, &@4, &@$); }
		;

/* `[over] 10 mbytes`, then maybe `used 12 bytes` */
quota_spec	: opt_over NUM unit_word	{ struct fe_loc q = @2; q.last_col = @3.last_col;
						  $$ = pt_state(STMT_QUOTA, $1, $2, $3, NULL, &q, &@3, &@$); }
		| quota_spec USED NUM unit_word	{ struct fe_loc q = @3; q.last_col = @4.last_col;
						  $$ = pt_state_extra($1, $3, $4, &@2, &q, &@4, &@$); }
		;

limit_over	: %empty			{ $$ = 0; }
		| OVER				{ $$ = 1; }
		;

/* a quota's mode: nft's `until` is the default (a limit has no `until`) */
opt_over	: %empty			{ $$ = 0; }
		| OVER				{ $$ = 1; }
		| UNTIL				{ $$ = 0; }
		;

unit_word	: IDENT | BYTES { $$ = strdup("bytes"); } | PACKETS { $$ = strdup("packets"); } ;

reject_proto	: proto_word | IDENT ;
reject_code	: IDENT | NUM ;

relop		: EQEQ	{ $$ = REL_EQ; } | EQ { $$ = REL_EQ; }
		| NEQ	{ $$ = REL_NE; } | NE { $$ = REL_NE; }
		| '<'	{ $$ = REL_LT; } | LT { $$ = REL_LT; }
		| '>'	{ $$ = REL_GT; } | GT { $$ = REL_GT; }
		| LTE	{ $$ = REL_LE; } | LE { $$ = REL_LE; }
		| GTE	{ $$ = REL_GE; } | GE { $$ = REL_GE; }
		| '!'	{ $$ = REL_NEG; }	/* none of the flags */
		;

/* The tokens of a statement that is refused as a whole. */
other_args	: %empty
		| other_args other_tok
		;

other_tok	: IDENT { free($1); } | NUM { free($1); } | ADDR { free($1); }
		| QSTRING { free($1); } | OTHER_STMT { free($1); } | keyword
		| ',' | ':' | '.' | '/' | '-' | '=' | '@' | '$' | '!' | '&' | '|'
		| '^' | '<' | '>' | '*' | '(' | ')' | '+' | EQEQ | NEQ | LTE | GTE
		| SHL | SHR | '{' other_args '}'
		;

/* ---- left-hand side: selectors and binary operations ---- */

lhs		: lhs_concat
		;

lhs_concat	: lhs_or
		| lhs_concat '.' lhs_or		{ $$ = pt_concat($1, $3, &@$); }
		;

lhs_or		: lhs_xor
		| lhs_or '|' c_xor		{ $$ = pt_binop(BINOP_OR, $1, $3, &@$); }
		| lhs_or OR c_xor		{ $$ = pt_binop(BINOP_OR, $1, $3, &@$); }
		;

lhs_xor		: lhs_and
		| lhs_xor '^' c_and		{ $$ = pt_binop(BINOP_XOR, $1, $3, &@$); }
		| lhs_xor XOR c_and		{ $$ = pt_binop(BINOP_XOR, $1, $3, &@$); }
		;

lhs_and		: lhs_shift
		| lhs_and '&' c_shift		{ $$ = pt_binop(BINOP_AND, $1, $3, &@$); }
		| lhs_and AND c_shift		{ $$ = pt_binop(BINOP_AND, $1, $3, &@$); }
		;

lhs_shift	: lhs_primary
		| lhs_shift SHL operand		{ $$ = pt_binop(BINOP_LSHIFT, $1, $3, &@$); }
		| lhs_shift LSHIFT operand	{ $$ = pt_binop(BINOP_LSHIFT, $1, $3, &@$); }
		| lhs_shift SHR operand		{ $$ = pt_binop(BINOP_RSHIFT, $1, $3, &@$); }
		| lhs_shift RSHIFT operand	{ $$ = pt_binop(BINOP_RSHIFT, $1, $3, &@$); }
		;

/* The constant right side of a binary operation, with nft's (C's)
 * precedence: `meta mark | 0x10 ^ 3` is mark | (0x10 ^ 3). */
c_or		: c_xor
		| c_or '|' c_xor		{ $$ = pt_binop(BINOP_OR, $1, $3, &@$); }
		| c_or OR c_xor			{ $$ = pt_binop(BINOP_OR, $1, $3, &@$); }
		;

c_xor		: c_and
		| c_xor '^' c_and		{ $$ = pt_binop(BINOP_XOR, $1, $3, &@$); }
		| c_xor XOR c_and		{ $$ = pt_binop(BINOP_XOR, $1, $3, &@$); }
		;

c_and		: c_shift
		| c_and '&' c_shift		{ $$ = pt_binop(BINOP_AND, $1, $3, &@$); }
		| c_and AND c_shift		{ $$ = pt_binop(BINOP_AND, $1, $3, &@$); }
		;

c_shift		: operand
		| c_shift SHL operand		{ $$ = pt_binop(BINOP_LSHIFT, $1, $3, &@$); }
		| c_shift LSHIFT operand	{ $$ = pt_binop(BINOP_LSHIFT, $1, $3, &@$); }
		| c_shift SHR operand		{ $$ = pt_binop(BINOP_RSHIFT, $1, $3, &@$); }
		| c_shift RSHIFT operand	{ $$ = pt_binop(BINOP_RSHIFT, $1, $3, &@$); }
		;

lhs_primary	: selector
		| IDENT				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| CGROUP			{ $$ = expr_symbol(EXPR_SYMBOL, strdup("cgroup"), &@1); }	/* meta cgroup */
		| '(' lhs ')'			{ $$ = $2; }
		;

/* The constant side of a binary operation: `& 0xff`, `& (syn | ack)`. */
operand		: NUM				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| ADDR				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| IDENT				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| '$' name			{ $$ = expr_symbol(EXPR_VARIABLE, $2, &@$); }
		| '(' c_or ')'			{ $$ = $2; }
		;

selector	: proto_word field		{ $$ = pt_sel(SEL_PAYLOAD, $1, $2, NULL, &@$); }
		| TCP OPTION field		{ $$ = pt_sel(SEL_TCPOPT, strdup("tcp"), $3, NULL, &@$); }
		| TCP OPTION field IDENT		{ $$ = pt_sel(SEL_TCPOPT, strdup("tcp"), $3, $4, &@$); }
		| TCP OPTION NUM		{ $$ = pt_sel(SEL_TCPOPT, strdup("tcp"), $3, NULL, &@$); }
		| SCTP CHUNK field		{ $$ = pt_sel(SEL_SCTPCHUNK, strdup("sctp"), $3, NULL, &@$); }
		| SCTP CHUNK field IDENT	{ $$ = pt_sel(SEL_SCTPCHUNK, strdup("sctp"), $3, $4, &@$); }
		| SCTP CHUNK field TYPE		{ $$ = pt_sel(SEL_SCTPCHUNK, strdup("sctp"), $3, strdup("type"), &@$); }
		| SCTP CHUNK field FLAGS	{ $$ = pt_sel(SEL_SCTPCHUNK, strdup("sctp"), $3, strdup("flags"), &@$); }
		| TCP OPTION '@' NUM ',' NUM ',' NUM	{ $$ = pt_tcpopt_raw($4, $6, $8, &@$); }
		| IP OPTION field		{ $$ = pt_sel(SEL_IPOPT, strdup("ip"), $3, NULL, &@$); }
		| IP OPTION field IDENT		{ $$ = pt_sel(SEL_IPOPT, strdup("ip"), $3, $4, &@$); }
		| IP OPTION field TYPE		{ $$ = pt_sel(SEL_IPOPT, strdup("ip"), $3, strdup("type"), &@$); }
		| '@' field ',' NUM ',' NUM	{ $$ = pt_raw($2, &@2, $4, &@4, $6, &@6, &@$); }
		| '@' TH ',' NUM ',' NUM	{ $$ = pt_raw(strdup("th"), &@2, $4, &@4, $6, &@6, &@$); }
		| HBH field			{ $$ = pt_sel(SEL_EXTHDR, strdup("hbh"), $2, NULL, &@$); }
		| RT field			{ $$ = pt_sel(SEL_EXTHDR, strdup("rt"), $2, NULL, &@$); }
		| FRAG field			{ $$ = pt_sel(SEL_EXTHDR, strdup("frag"), $2, NULL, &@$); }
		| DST field			{ $$ = pt_sel(SEL_EXTHDR, strdup("dst"), $2, NULL, &@$); }
		| MH field			{ $$ = pt_sel(SEL_EXTHDR, strdup("mh"), $2, NULL, &@$); }
		| SRH field			{ $$ = pt_sel(SEL_EXTHDR, strdup("srh"), $2, NULL, &@$); }
		| SRH field '[' NUM ']'		{ $$ = pt_sel(SEL_EXTHDR, strdup("srh"), $2, $4, &@$); }
		| EXTHDR field			{ $$ = pt_sel(SEL_EXTHDR, strdup("exthdr"), $2, NULL, &@$); }
		| META field			{ $$ = pt_sel(SEL_META, strdup("meta"), $2, NULL, &@$); }
		| SOCKET field			{ $$ = pt_sel(SEL_SOCKET, strdup("socket"), $2, NULL, &@$); }
		| SOCKET field LEVEL NUM		{ $$ = pt_sel_level(strdup("socket"), $2, $4, &@4, &@$); }
		| CT field			{ $$ = pt_sel(SEL_CT, strdup("ct"), $2, NULL, &@$); }
		| CT ORIGINAL field		{ $$ = pt_sel(SEL_CT, strdup("ct"), strdup("original"), $3, &@$); }
		| CT REPLY field			{ $$ = pt_sel(SEL_CT, strdup("ct"), strdup("reply"), $3, &@$); }
		| CT ORIGINAL proto_word field	{ $$ = pt_sel(SEL_CT, strdup("ct"), strdup("original"), $3, &@$); $$->sel.words[$$->sel.nwords++] = $4; }
		| CT REPLY proto_word field	{ $$ = pt_sel(SEL_CT, strdup("ct"), strdup("reply"), $3, &@$); $$->sel.words[$$->sel.nwords++] = $4; }
		| RT proto_word field		{ free($2); $$ = pt_sel(SEL_EXTHDR, strdup("rt"), $3, NULL, &@$); }
		| SYSCTL field			{ $$ = pt_sel(SEL_SYSCTL, strdup("sysctl"), $2, NULL, &@$); }
		| SYSCTL BASE field		{ $$ = pt_sel(SEL_SYSCTL, strdup("sysctl"), strdup("base"), $3, &@$); }
		| SYSCTL CURRENT field		{ $$ = pt_sel(SEL_SYSCTL, strdup("sysctl"), strdup("current"), $3, &@$); }
		| FIB fib_flags field		{ expr_free($2); $$ = pt_sel(SEL_OTHER, strdup("fib"), $3, NULL, &@$); }
		| OSF field			{ $$ = pt_sel(SEL_OTHER, strdup("osf"), $2, NULL, &@$); }
		| IPSEC field field		{ $$ = pt_sel(SEL_OTHER, strdup("ipsec"), $2, $3, &@$); }
		| IPSEC field proto_word field	{ free($3); $$ = pt_sel(SEL_OTHER, strdup("ipsec"), $2, $4, &@$); }
		| NUMGEN field field NUM hash_opts
			{ $$ = $5; pt_hash(s->diag, $$, strdup("numgen"), $2, NULL, $3, &@3, $4, &@$); }
		| JHASH lhs field NUM hash_opts
			{ $$ = $5; pt_hash(s->diag, $$, strdup("jhash"), NULL, $2, $3, &@3, $4, &@$); }
		| SYMHASH field NUM hash_opts
			{ $$ = $4; pt_hash(s->diag, $$, strdup("symhash"), NULL, NULL, $2, &@2, $3, &@$); }
		;

/* [seed N] [offset N], in nft's order; pt_hash checks what the kind takes */
hash_opts	: %empty			{ $$ = pt_sel(SEL_HASH, NULL, NULL, NULL, &@$); }
		| hash_opts IDENT NUM
			{ $$ = $1; pt_hash_opt(s->diag, $$, $2, &@2, $3); }
		;

fib_flags	: field				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| fib_flags '.' field		{ $$ = pt_concat($1, expr_symbol(EXPR_SYMBOL, $3, &@3), &@$); }
		;

/* Field and key names: identifiers, and the keywords that name fields. */
field		: IDENT
		| TYPE { $$ = strdup("type"); } | PRIORITY { $$ = strdup("priority"); }
		| CGROUP { $$ = strdup("cgroup"); } | HBH { $$ = strdup("hbh"); }
		| RT { $$ = strdup("rt"); } | FRAG { $$ = strdup("frag"); }
		| DST { $$ = strdup("dst"); } | MH { $$ = strdup("mh"); }
		| SRH { $$ = strdup("srh"); } | SYSCTL { $$ = strdup("sysctl"); }
		| FLAGS { $$ = strdup("flags"); } | NAME { $$ = strdup("name"); }
		| PACKETS { $$ = strdup("packets"); } | BYTES { $$ = strdup("bytes"); }
		| IPSEC { $$ = strdup("ipsec"); } | GROUP { $$ = strdup("group"); }
		;

proto_word	: IP { $$ = strdup("ip"); } | IP6 { $$ = strdup("ip6"); }
		| TCP { $$ = strdup("tcp"); } | UDP { $$ = strdup("udp"); }
		| UDPLITE { $$ = strdup("udplite"); } | SCTP { $$ = strdup("sctp"); }
		| DCCP { $$ = strdup("dccp"); } | ICMP { $$ = strdup("icmp"); }
		| ICMPV6 { $$ = strdup("icmpv6"); } | IGMP { $$ = strdup("igmp"); }
		| AH { $$ = strdup("ah"); } | ESP { $$ = strdup("esp"); }
		| COMP { $$ = strdup("comp"); } | TH { $$ = strdup("th"); }
		| GRE { $$ = strdup("gre"); } | ETHER { $$ = strdup("ether"); }
		| VLAN { $$ = strdup("vlan"); } | ARP { $$ = strdup("arp"); }
		;

/* ---- right-hand side: values ---- */

rhs		: rhs_concat
		| rhs_list
		| set_literal
		| set_ref
		| rhs_value '/' mask_list	{ $$ = pt_mask($1, $3, &@$); }
		| rhs_list '/' mask_list	{ $$ = pt_mask($1, $3, &@$); }	/* syn,ack / syn,ack */
		| rhs_list '/' rhs_value	{ $$ = pt_mask($1, $3, &@$); }
		;

rhs_list	: rhs_flags ',' rhs_flags	{ $$ = pt_list(NULL, $1, $3, &@$); }
		| rhs_list ',' rhs_flags	{ $$ = pt_list($1, NULL, $3, &@$); }
		;

rhs_concat	: rhs_range
		| rhs_concat '.' rhs_range	{ $$ = pt_concat($1, $3, &@$); }
		;

rhs_range	: rhs_flags
		| rhs_value '-' rhs_value	{ $$ = pt_range($1, $3, &@$); }
		| rhs_value '/' rhs_value	{ $$ = pt_mask($1, $3, &@$); }
		;

/* `syn / syn,ack`: a comma after the mask of a match continues the mask
 * (not inside a set, where it separates elements). */
mask_list	: rhs_value ',' rhs_value	{ $$ = pt_list(NULL, $1, $3, &@$); }
		| mask_list ',' rhs_value	{ $$ = pt_list($1, NULL, $3, &@$); }
		;

rhs_flags	: rhs_value
		| rhs_flags '|' rhs_value	{ $$ = pt_or($1, $3, &@$); }
		;

rhs_value	: NUM				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| ADDR				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| IDENT				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| QSTRING			{ $$ = expr_symbol(EXPR_STRING, $1, &@1); }
		| '$' name			{ $$ = expr_symbol(EXPR_VARIABLE, $2, &@$); }
		| '(' rhs_flags ')'		{ $$ = $2; }
		| proto_word			{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| EXISTS			{ $$ = expr_symbol(EXPR_SYMBOL, strdup("exists"), &@1); }
		| MISSING			{ $$ = expr_symbol(EXPR_SYMBOL, strdup("missing"), &@1); }
		| ORIGINAL			{ $$ = expr_symbol(EXPR_SYMBOL, strdup("original"), &@1); }
		| REPLY				{ $$ = expr_symbol(EXPR_SYMBOL, strdup("reply"), &@1); }
		| OTHER_STMT			{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }	/* ct status snat */
		| '-' NUM			{ $$ = pt_negative($2, &@$); }
		;

set_literal	: '{' nls set_elems nls '}'	{ $$ = $3; $$->loc = @$; }
		| '{' nls set_elems ',' nls '}'	{ $$ = $3; $$->loc = @$; }
		| '{' nls '}'			{ $$ = expr_new(EXPR_SET, &@$); }
		;

nls		: %empty
		| nls NL
		;

set_elems	: set_elem			{ $$ = expr_list_add(expr_new(EXPR_SET, &@$), $1); }
		| set_elems ',' nls set_elem	{ $$ = expr_list_add($1, $4); }
		;

set_elem	: set_key
		| set_key ':' map_value		{ $$ = pt_mapping($1, $3, &@$); }
		| set_key elem_opts		{ $$ = pt_elem_opts($1, $2); }
		;

/* An element's options, gathered on a scratch expression: `timeout 10m`,
 * `expires 5m`, `counter [packets N bytes M]`, `comment "..."`. */
elem_opts	: elem_opt			{ $$ = $1; }
		| elem_opts COUNTER		{ $$ = pt_eopt($1, strdup("counter"), NULL, NULL, &@2); }
		| elem_opts COUNTER PACKETS NUM BYTES NUM
						{ $$ = pt_eopt($1, strdup("counter"), $4, $6, &@2); }
		| elem_opts IDENT IDENT		{ $$ = pt_eopt($1, $2, $3, NULL, &@3); }
		| elem_opts COMMENT QSTRING	{ free($3); $$ = $1; }
		| elem_opts COMMENT IDENT	{ free($3); $$ = $1; }
		;

elem_opt	: COUNTER			{ $$ = pt_eopt(NULL, strdup("counter"), NULL, NULL, &@1); }
		| COUNTER PACKETS NUM BYTES NUM	{ $$ = pt_eopt(NULL, strdup("counter"), $3, $5, &@1); }
		| IDENT IDENT			{ $$ = pt_eopt(NULL, $1, $2, NULL, &@2); }
		| COMMENT QSTRING		{ free($2); $$ = pt_eopt(NULL, NULL, NULL, NULL, &@1); }
		| COMMENT IDENT			{ free($2); $$ = pt_eopt(NULL, NULL, NULL, NULL, &@1); }
		;

set_key		: rhs_concat
		;

map_value	: verdict_expr
		| rhs_concat
		;

verdict_expr	: ACCEPT			{ $$ = pt_verdict_expr(IR_VERDICT_ACCEPT, NULL, NULL, &@$); }
		| DROP				{ $$ = pt_verdict_expr(IR_VERDICT_DROP, NULL, NULL, &@$); }
		| CONTINUE			{ $$ = pt_verdict_expr(IR_VERDICT_CONTINUE, NULL, NULL, &@$); }
		| RETURN			{ $$ = pt_verdict_expr(IR_VERDICT_RETURN, NULL, NULL, &@$); }
		| JUMP name			{ $$ = pt_verdict_expr(IR_VERDICT_JUMP, $2, &@2, &@$); }
		| GOTO name			{ $$ = pt_verdict_expr(IR_VERDICT_GOTO, $2, &@2, &@$); }
		;

/* The value of `meta mark set ...`: a constant, or a selector with binary
 * operations (`meta mark | 0x10`), or a key looked up in a map.  A word
 * alone is a constant or a bare meta key (`mark`): evaluation decides. */
set_value	: k_or
		| ADDR				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| QSTRING			{ $$ = expr_symbol(EXPR_STRING, $1, &@1); }
		| '$' name			{ $$ = expr_symbol(EXPR_VARIABLE, $2, &@$); }
		| lhs
		| lhs MAP set_literal		{ $$ = pt_map($1, $3, &@$); }
		| lhs MAP set_ref		{ $$ = pt_map($1, $3, &@$); }
		;

/* A constant with binary operations, folded by evaluation: `meta mark set
 * 0xfffe xor 0x16` (nft's tests/py/any/meta.t).  It starts with a number,
 * so it cannot be taken for a selector's operations. */
k_or		: k_xor
		| k_or '|' c_xor		{ $$ = pt_binop(BINOP_OR, $1, $3, &@$); }
		| k_or OR c_xor			{ $$ = pt_binop(BINOP_OR, $1, $3, &@$); }
		;

k_xor		: k_and
		| k_xor '^' c_and		{ $$ = pt_binop(BINOP_XOR, $1, $3, &@$); }
		| k_xor XOR c_and		{ $$ = pt_binop(BINOP_XOR, $1, $3, &@$); }
		;

k_and		: k_shift
		| k_and '&' c_shift		{ $$ = pt_binop(BINOP_AND, $1, $3, &@$); }
		| k_and AND c_shift		{ $$ = pt_binop(BINOP_AND, $1, $3, &@$); }
		;

k_shift		: NUM				{ $$ = expr_symbol(EXPR_SYMBOL, $1, &@1); }
		| k_shift SHL operand		{ $$ = pt_binop(BINOP_LSHIFT, $1, $3, &@$); }
		| k_shift LSHIFT operand	{ $$ = pt_binop(BINOP_LSHIFT, $1, $3, &@$); }
		| k_shift SHR operand		{ $$ = pt_binop(BINOP_RSHIFT, $1, $3, &@$); }
		| k_shift RSHIFT operand	{ $$ = pt_binop(BINOP_RSHIFT, $1, $3, &@$); }
		;

set_ref		: '@' name			{ $$ = expr_symbol(EXPR_SET_REF, $2, &@$); }
		;

/* Any keyword, inside a refused statement. */
keyword		: TABLE | CHAIN | SET | MAP | DEFINE | INCLUDE | CGROUP | TYPE | HOOK
		| PRIORITY | POLICY | FLAGS | ELEMENTS | DEVICE | COMMENT | TYPEOF
		| ACCEPT | DROP | CONTINUE | RETURN | JUMP | GOTO | COUNTER | PACKETS
		| BYTES | VMAP | EXISTS | MISSING | IP | IP6 | TCP | UDP | UDPLITE
		| SCTP | DCCP | ICMP | ICMPV6 | IGMP | AH | ESP | COMP | TH | GRE
		| ETHER | VLAN | ARP | META | SOCKET | CT | SYSCTL | EXTHDR | HBH | RT
		| FRAG | DST | MH | SRH | OPTION | LEVEL | ORIGINAL | REPLY | BASE
		| CURRENT | READ | WRITE | FIB | OSF | IPSEC | NUMGEN | JHASH | SYMHASH
		| AND | OR | XOR | LSHIFT | RSHIFT | EQ | NE | LT | GT | LE | GE | NAME
		| LIMIT | QUOTA | RATE | OVER | BURST | USED | UNTIL
		| ADD | UPDATE | DELETE | METER
		| LOG | PREFIX | GROUP | SNAPLEN | QUEUE_THRESHOLD
		;

%%
