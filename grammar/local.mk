# The grammar is compiled into libcgnft_fe.a (see frontend/local.mk):
# bison builds grammar/parser.c + parser.h, flex builds grammar/scanner.c.
BUILT_SOURCES += grammar/parser.h
CLEANFILES += grammar/parser.c grammar/parser.h grammar/scanner.c
# Objects that include the generated parser header, for builds of one
# target (`make cgnft`) that skip BUILT_SOURCES.
grammar/keywords.$(OBJEXT) grammar/scanner.$(OBJEXT): grammar/parser.h
