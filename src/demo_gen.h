/*
 * demo_gen.h -- the generator and time helpers `ehm demo`'s episodes and
 * casework share (demo_episodes.c, demo_work.c): splitmix64, uniform
 * choices, timestamps.  Header-only (static inline): each file keeps its own
 * generators, seeded its own way.
 */
#ifndef EHM_DEMO_GEN_H
#define EHM_DEMO_GEN_H

#include <stdint.h>

#include "demo_date.h"

struct rng {
	uint64_t s;
};

static inline uint64_t
next64(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32. */
static inline long
rnd(struct rng *r, long n)
{
	return n <= 0 ? 0 : (long)(((next64(r) >> 32) * (uint64_t)n) >> 32);
}

/* True p times in 1,000. */
static inline int
pm(struct rng *r, int p)
{
	return rnd(r, 1000) < p;
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rnd((r), NELEM(a))])

/* Seconds since 1970 → the audit_now form, "YYYY-MM-DDTHH:MM:SS.mmmZ". */
static inline void
stamp(long long ts, char out[32])
{
	char d[16];
	civil((long)(ts / 86400), d);
	long s = (long)(ts % 86400);
	fmt(out, 32, "%sT%02ld:%02ld:%02ld.%03dZ", d, s / 3600, s / 60 % 60, s % 60,
	    (int)((uint64_t)ts * 7919u % 1000u));
}

/* A moment in the working day (08:30 to 17:30). */
static inline long long
at_work(struct rng *r, long day)
{
	return (long long)day * 86400 + 8 * 3600 + 1800 + rnd(r, 9 * 3600);
}

#endif
