# The grammar is compiled into libcgnft_fe.a (see frontend/local.mk):
# bison builds grammar/cgnft.c + cgnft.h, flex builds grammar/lexer.c.
BUILT_SOURCES += grammar/cgnft.h grammar/parser.h
CLEANFILES += grammar/cgnft.c grammar/cgnft.h grammar/lexer.c
CLEANFILES += grammar/parser.c grammar/parser.h grammar/scanner.c
# Objects that include a generated parser header, for builds of one target
# (`make cgnft`) that skip BUILT_SOURCES.
grammar/keywords.$(OBJEXT) grammar/scanner.$(OBJEXT): grammar/parser.h
grammar/lexer.$(OBJEXT): grammar/cgnft.h
