/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The structure of a rule file: tables, chains and sets as blocks, defines,
 * includes, and statements (lines of tokens).  What a statement means is
 * decided by the statement parser in frontend/, which reports errors at
 * the exact words; this grammar reports misplaced braces and such.
 */
%code requires {
#include "frontend/ast.h"
#include "frontend/lexctx.h"
}

%define api.pure full
%define api.prefix {cg_yy}
%define parse.error verbose
%locations
%parse-param {void *scanner} {struct fe_lexctx *ctx}
%lex-param {void *scanner}

%union {
	char *str;
	struct fe_line line;
}

%code {
#include <stdlib.h>
#include <string.h>

#include "frontend/parse_build.h"

int cg_yylex(CG_YYSTYPE *val, CG_YYLTYPE *loc, void *scanner);

static struct fe_loc mkloc(struct fe_lexctx *c, const CG_YYLTYPE *l)
{
	struct fe_loc loc = {
		.file = c->file, .line = l->first_line,
		.first_col = l->first_column, .last_col = l->last_column,
		.line_text = l->first_line >= 1 && l->first_line <= c->nlines ?
			     c->lines[l->first_line - 1] : NULL,
	};
	return loc;
}

static struct fe_tok mktok(struct fe_lexctx *c, enum fe_tok_kind kind,
			   char *text, const CG_YYLTYPE *l)
{
	struct fe_tok t = { .kind = kind, .text = text, .loc = mkloc(c, l) };
	return t;
}

static void cg_yyerror(CG_YYLTYPE *l, void *scanner, struct fe_lexctx *ctx,
		       const char *msg)
{
	struct fe_loc loc = mkloc(ctx, l);

	(void)scanner;
	/* the scanner stopped and said why (too many levels of nesting):
	 * the end of input it returned is no syntax error of the user's */
	if (ctx->stop)
		return;
	/* bison's stack is full (YYMAXDEPTH): blocks left open by syntax
	 * errors pile up without the scanner's brace count seeing them */
	if (!strcmp(msg, "memory exhausted")) {
		fe_error(ctx->diag, &loc, "too many levels of nesting: "
			 "the parser's stack is full (close the blocks opened above)");
		return;
	}
	fe_error(ctx->diag, &loc, "%s", msg);
}
}

%token <str> WORD "word" STRING "string" PUNCT "punctuation"
%token <str> BADSTRING "unterminated string" BADCHAR "invalid character"
%token NL "newline" TABLE "table" CHAIN "chain" SET "set"
%token DEFINE "define" INCLUDE "include"
%type <line> names

/* what bison drops during error recovery or when it gives up */
%destructor { free($$); } <str>
%destructor { fe_line_free(&$$); } <line>

%%

input		: lines opt_item
		;

lines		: %empty
		| lines sep
		| lines item sep
		| lines error sep	{ yyerrok; fe_build_discard(ctx); }
		;

sep		: NL | ';' ;

opt_item	: %empty
		| item
		;

item		: atoms			{ fe_build_line(ctx); }
		| block
		| DEFINE WORD '=' atoms	{ struct fe_tok n = mktok(ctx, FE_TOK_WORD, $2, &@2);
					  fe_build_define(ctx, &n); }
		| INCLUDE STRING	{ struct fe_loc l = mkloc(ctx, &@2);
					  fe_build_include(ctx, $2, &l); free($2); }
		;

block		: TABLE names '{'	{ struct fe_loc l = mkloc(ctx, &@1);
					  fe_build_open(ctx, FE_BLOCK_TABLE, &$2, &l); }
		  body '}'		{ fe_build_close(ctx); }
		| CHAIN names '{'	{ struct fe_loc l = mkloc(ctx, &@1);
					  fe_build_open(ctx, FE_BLOCK_CHAIN, &$2, &l); }
		  body '}'		{ fe_build_close(ctx); }
		| SET names '{'		{ struct fe_loc l = mkloc(ctx, &@1);
					  fe_build_open(ctx, FE_BLOCK_SET, &$2, &l); }
		  body '}'		{ fe_build_close(ctx); }
		;

body		: lines opt_item
		;

names		: WORD			{ struct fe_tok t = mktok(ctx, FE_TOK_WORD, $1, &@1);
					  memset(&$$, 0, sizeof($$)); fe_line_add(&$$, &t); }
		| names WORD		{ struct fe_tok t = mktok(ctx, FE_TOK_WORD, $2, &@2);
					  $$ = $1; fe_line_add(&$$, &t); }
		;

/* Tokens collect in the builder's pending line; `item` takes them. */
atoms		: atom
		| atoms atom
		;

atom		: WORD			{ fe_build_pending(ctx, mktok(ctx, FE_TOK_WORD, $1, &@1)); }
		| STRING		{ fe_build_pending(ctx, mktok(ctx, FE_TOK_STRING, $1, &@1)); }
		| PUNCT			{ fe_build_pending(ctx, mktok(ctx, FE_TOK_PUNCT, $1, &@1)); }
		| '='			{ fe_build_pending(ctx, mktok(ctx, FE_TOK_PUNCT, strdup("="), &@1)); }
		| BADSTRING		{ struct fe_loc l = mkloc(ctx, &@1);
					  fe_error(ctx->diag, &l, "unterminated string"); free($1); }
		| BADCHAR		{ struct fe_loc l = mkloc(ctx, &@1);
					  fe_error(ctx->diag, &l, "invalid character '%s'", $1); free($1); }
		| '{'			{ fe_build_pending(ctx, mktok(ctx, FE_TOK_PUNCT, strdup("{"), &@1)); }
		  inner '}'		{ fe_build_pending(ctx, mktok(ctx, FE_TOK_PUNCT, strdup("}"), &@4)); }
		;

inner		: %empty
		| inner atom
		| inner NL
		| inner ';'
		;

%%
