#!/bin/bash
# Run every verdict corpus file through the real kernel.
exec "$TOP_BUILDDIR/tests/verdict/run_verdicts" "$TOP_SRCDIR"/tests/verdict/*.nft
