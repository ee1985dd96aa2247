/* log.h -- one structured line per request on stderr; never personal data. */
#ifndef EHM_LOG_H
#define EHM_LOG_H
void log_request(const char *id, const char *method, const char *route, int status,
    double ms, long long user_id);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
