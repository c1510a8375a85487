# The grammar is compiled into libcgnft_fe.a (see frontend/local.mk):
# bison builds grammar/cgnft.c + cgnft.h, flex builds grammar/lexer.c.
BUILT_SOURCES += grammar/cgnft.h grammar/parser.h
CLEANFILES += grammar/cgnft.c grammar/cgnft.h grammar/lexer.c
CLEANFILES += grammar/parser.c grammar/parser.h grammar/scanner.c
