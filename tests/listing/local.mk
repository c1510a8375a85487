# tests/listing: --emit asm shows every byte of .rodata and the maps'
# initial contents; the CI recipe of doc/LISTING.md (front end only).
TESTS += tests/listing/listing.sh
EXTRA_DIST += tests/listing/listing.sh tests/listing/rebuild_rodata.py
