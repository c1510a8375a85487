/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection for the tests of apply (tests/runtime/faults.sh):
 * CGNFT_FAULT=STEP[:N] makes STEP fail as the kernel or the file system
 * would, on its Nth occurrence (default the first).  Steps: load (the
 * verifier or map creation refuses), bpffs, cgroup (open), attach (link
 * create or update), pin (a new link), state (a table file in /run/cgnft);
 * crash exits (status 9) right after the swap, as a SIGKILL there would
 * (tests/runtime/counters.sh).  Unset, nothing changes.  Every failure must leave the previous policy
 * whole.  After them (program pins, counter state) failures are ignored:
 * the policy is committed, and the next apply repairs the rest.
 * CGNFT_FAULT=alloc:N (the Nth allocation) is ir/xalloc.c's, tested by
 * tests/runtime/alloc_faults.sh.
 */
#ifndef CGNFT_RUNTIME_FAULT_H
#define CGNFT_RUNTIME_FAULT_H

#include <stdbool.h>

/* True (with errno set to EIO) when STEP is to fail now. */
bool rt_fault(const char *step);

#endif
