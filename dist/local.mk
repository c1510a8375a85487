# What `make install` puts next to the binary: the manual pages, the
# systemd unit, bash completion, the documentation and the examples.

# cgnft(8) is written as a man page; cgnft-rules(5) is generated from
# doc/LANGUAGE.md and doc/HOOKS.md, so the rule language has one text.
man_MANS = doc/cgnft.8 doc/cgnft-rules.5
CLEANFILES += doc/cgnft-rules.5
EXTRA_DIST += scripts/md2man.py
doc/cgnft-rules.5: $(srcdir)/doc/LANGUAGE.md $(srcdir)/doc/HOOKS.md $(srcdir)/scripts/md2man.py
	$(AM_V_GEN)$(MKDIR_P) doc && $(PYTHON) $(srcdir)/scripts/md2man.py \
		--name cgnft-rules --section 5 --title "the cgnft rule language" \
		--date "$(CGNFT_DOC_DATE)" \
		--see-also "cgnft(8), nft(8), bpftool(8)" \
		$(srcdir)/doc/LANGUAGE.md $(srcdir)/doc/HOOKS.md > $@.tmp && mv $@.tmp $@

# The unit names the installed paths, known only at make time.
systemdsystemunit_DATA = dist/cgnft.service
CLEANFILES += dist/cgnft.service
EXTRA_DIST += dist/cgnft.service.in
dist/cgnft.service: $(srcdir)/dist/cgnft.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) dist && sed -e 's|@sbindir[@]|$(sbindir)|g' \
		-e 's|@docdir[@]|$(docdir)|g' -e 's|@sysconfdir[@]|$(sysconfdir)|g' \
		$(srcdir)/dist/cgnft.service.in > $@.tmp && mv $@.tmp $@

bashcompletiondir = $(datadir)/bash-completion/completions
bashcompletion_DATA = dist/cgnft
CLEANFILES += dist/cgnft
EXTRA_DIST += dist/cgnft.bash-completion
# bash-completion loads the file named like the command
dist/cgnft: $(srcdir)/dist/cgnft.bash-completion
	$(AM_V_GEN)$(MKDIR_P) dist && cp $(srcdir)/dist/cgnft.bash-completion $@

dist_doc_DATA = README COPYING doc/DESIGN.md doc/LANGUAGE.md doc/HOOKS.md \
	doc/RUNTIME.md doc/IMPORT.md doc/BENCHMARKS.md doc/TESTING.md doc/ANALYSIS.md
exampledir = $(docdir)/examples
dist_example_DATA = examples/web.nft examples/tenant.nft examples/batch-job.nft
