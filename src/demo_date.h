/*
 * demo_date.h -- what every `ehm demo` generator shares: bounded formatting
 * and civil dates from day numbers (demo_people.c, and through demo_gen.h
 * demo_episodes.c and demo_work.c).  Header-only (static inline).
 */
#ifndef EHM_DEMO_DATE_H
#define EHM_DEMO_DATE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

__attribute__((format(printf, 3, 4))) static inline void
fmt(char *out, size_t n, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vsnprintf(out, n, f, ap);
	va_end(ap);
}

/* Days since 1970-01-01 → "YYYY-MM-DD" (H. Hinnant's civil_from_days). */
static inline void
civil(long z, char out[16])
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (m <= 2)
		y++;
	fmt(out, 16, "%04d-%02d-%02d", (int)y, m, d);
}

#endif
