// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler allocates many small objects per rule (tokens, statements,
 * strings): at 10k rules a quarter of its time went to first-touch page
 * faults of the heap.  Like glibc.malloc.hugetlb=1, ask for transparent
 * huge pages on the heap: everything is allocated from the main heap (no
 * mmap per large block), which grows in steps of HEAP_STEP of address
 * space; the first step is madvise()d, so the kernel backs it with 2 MB
 * pages as it is touched.  Best effort: without THP nothing changes.
 */
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/commands.h"

#define HEAP_STEP	(256u << 20)
#define HUGE_PAGE	(2u << 20)

void cli_heap_init(void)
{
	uintptr_t start, end;
	void *volatile p;	/* volatile: else malloc/free are optimised away */

	mallopt(M_MMAP_THRESHOLD, HEAP_STEP);
	mallopt(M_TOP_PAD, HEAP_STEP);
	mallopt(M_TRIM_THRESHOLD, 2 * HEAP_STEP);
	start = (uintptr_t)sbrk(0);
	p = malloc(1 << 20);	/* more than is left: the heap grows */
	end = (uintptr_t)sbrk(0);
	free(p);
	start = (start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);	/* best effort */
}
