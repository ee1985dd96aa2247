/*
 * response.h -- a response built wholly in memory (status, headers, body)
 * and sent in one go, so a late failure can still become a proper error page.
 */
#ifndef EHM_RESPONSE_H
#define EHM_RESPONSE_H

#include "arena.h"

struct response {
	int status;
	const char *content_type;
	struct buf headers;     /* extra "Name: value\r\n" lines */
	struct buf body;
};

/* Security headers sent on every response (also written into nginx.conf). */
extern const char *const security_headers[][2];
extern const char csp_policy[];

void response_init(struct response *, struct arena *);
void response_reset(struct response *);
/* Adds a header; refuses values with CR or LF. */
void response_header(struct response *, const char *name, const char *value);
void response_redirect(struct response *, const char *location);   /* 303 */
const char *response_reason(int status);
/* Serialise as a CGI response (Status: line, headers, blank line, body). */
void response_serialise(struct response *, struct buf *out, int head_only);

#endif
