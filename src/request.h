/*
 * request.h -- the request edge.  The CGI/FastCGI environment, the query
 * string, cookies and an urlencoded body are parsed once, with hard limits,
 * into typed fields; handlers never see raw bytes from the wire.
 *
 * Everything is allocated in the request's arena.  This file does not
 * depend on libfcgi, so the fuzzer and unit tests drive it directly.
 */
#ifndef EHM_REQUEST_H
#define EHM_REQUEST_H

#include <stddef.h>
#include "arena.h"

enum method { M_GET = 1, M_POST = 2, M_HEAD = 4, M_OTHER = 8 };

struct field {
	const char *name;
	const char *value;      /* NUL-terminated, valid UTF-8, no NUL inside */
	size_t len;
};

struct limits {
	size_t max_body, max_fields, max_field;
};

struct request {
	struct arena *a;
	enum method method;
	const char *method_name;
	const char *path;       /* decoded-safe path, without query */
	const char *query;      /* raw query string */
	struct field *query_fields; size_t nquery;
	struct field *form; size_t nform;
	struct field *cookies; size_t ncookies;
	const char *remote_addr;    /* REMOTE_ADDR from nginx */
	const char *client_addr;    /* remote_addr, or X-Forwarded-For from a trusted proxy */
	const char *origin;
	const char *sec_fetch_site;
	const char *referer;
	const char *content_type;
	const char *user_agent;
	const char *request_id;
	long content_length;
};

/* Parse status: 0 ok, else the HTTP status to answer (400, 411, 413, 415). */

/*
 * Decode an application/x-www-form-urlencoded string.  Rejects bad
 * percent-encoding, invalid UTF-8 and NUL (400), more than max_fields
 * fields or a decoded value over max_field (413).
 */
int request_parse_urlencoded(struct arena *, const char *data, size_t len,
    const struct limits *, struct field **out, size_t *nout);

/* Parse a Cookie header ("a=b; c=d"); malformed pairs are skipped. */
void request_parse_cookies(struct arena *, const char *header,
    struct field **out, size_t *nout);

/* 1 if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t len);

/*
 * Fill r from the environment (a NULL-terminated "NAME=value" array) and a
 * body already read (up to max_body + 1 bytes).  Trusted proxies decide
 * whether X-Forwarded-For is believed.
 */
int request_from_env(struct request *r, struct arena *, char **envp,
    const char *body, size_t bodylen, const struct limits *,
    char *const *proxies, int nproxies);

const char *env_get(char **envp, const char *name);

/* Percent-encode for a URL or an urlencoded body (allocated in the arena). */
const char *url_encode(struct arena *, const char *);

/* Field lookups: NULL when absent. */
const char *req_form(const struct request *, const char *name);
const char *req_query(const struct request *, const char *name);
const char *req_cookie(const struct request *, const char *name);

#endif
