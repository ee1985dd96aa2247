/*
 * log.c -- request logging.  A line holds the time, request id, method,
 * the route's pattern name (never the raw URL or query, which could carry
 * personal data), status, duration and the user's numeric id.
 */
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

#include "log.h"

static void
stamp(char out[64])
{
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    (long)(tv.tv_usec / 1000));
}

void
log_request(const char *id, const char *method, const char *route, int status,
    double ms, long long user_id)
{
	char t[64];
	stamp(t);
	/* One fprintf: stdio locks the stream, so lines from threads never mix. */
	fprintf(stderr, "time=%s req=%s method=%s route=%s status=%d ms=%.2f user=%lld\n",
	    t, id, method, route, status, ms, user_id);
}

void
log_msg(const char *fmt, ...)
{
	char t[64], line[1024];
	stamp(t);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "time=%s msg=\"%s\"\n", t, line);
}
