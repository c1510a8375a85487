/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Values a program needs from the host it runs on, which the object must
 * not carry (the same object loads anywhere, and `--emit asm` is the same
 * on every machine): the loader (runtime/load.c) writes them into .rodata
 * before loading.  They sit at the start of .rodata, in the BTF variable
 * CG_LOAD_VAR, only in objects whose programs read them.
 */
#ifndef CGNFT_LOAD_VALUES_H
#define CGNFT_LOAD_VALUES_H

#include <stddef.h>
#include <stdint.h>

#define CG_LOAD_VAR "cgnft_load"

struct cg_load_values {
	/* CLOCK_TAI - CLOCK_REALTIME in ns (adjtimex's TAI offset): BPF
	 * reads only CLOCK_TAI, nft's meta time is CLOCK_REALTIME */
	uint64_t tai_offset_ns;
	/* seconds west of UTC of the kernel's time zone (sys_tz, set by
	 * settimeofday), which nft's meta day uses */
	int64_t tz_west_secs;
	/* random: the seeds of jhash expressions written without one (the
	 * kernel draws such a seed when the rule is added) derive from it */
	uint64_t hash_seed;
};

#define CG_LOAD_TAI_OFFSET offsetof(struct cg_load_values, tai_offset_ns)
#define CG_LOAD_TZ_WEST offsetof(struct cg_load_values, tz_west_secs)
#define CG_LOAD_HASH_SEED offsetof(struct cg_load_values, hash_seed)

#endif
