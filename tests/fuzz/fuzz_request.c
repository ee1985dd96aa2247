/*
 * fuzz_request.c -- libFuzzer target for the request edge (src/request.c).
 *
 * The input is split into lines: line 1 is QUERY_STRING, line 2 the Cookie
 * header, line 3 DOCUMENT_URI, line 4 REQUEST_URI, line 5 CONTENT_TYPE,
 * line 6 X-Forwarded-For, and everything after the sixth newline is the body.
 * A missing line leaves that variable unset.  The same bytes are also fed to
 * the urlencoded and cookie parsers directly and to utf8_valid.  Small
 * limits make the 413 paths reachable.  Every field the parsers return must
 * have a NUL-terminated value of the stated length that is valid UTF-8,
 * as request.h promises (and urlencoded names are valid UTF-8 too).
 *
 *   make build/fuzz_request && build/fuzz_request tests/fuzz/corpus
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "request.h"

static const struct limits lim = { .max_body = 2048, .max_fields = 16, .max_field = 256 };

/* names_too: urlencoded names are decoded and checked; cookie names are not. */
static void
check_fields(const struct field *f, size_t n, int names_too)
{
	for (size_t i = 0; i < n; i++) {
		size_t vl = strlen(f[i].value);
		if (vl != f[i].len || !utf8_valid(f[i].value, vl))
			abort();
		if (names_too && !utf8_valid(f[i].name, strlen(f[i].name)))
			abort();
	}
}

/* "NAME=value" from the bytes [p, p+len), heap-allocated. */
static char *
env_entry(const char *name, const uint8_t *p, size_t len)
{
	size_t nl = strlen(name);
	char *e = malloc(nl + 1 + len + 1);
	if (e == NULL)
		abort();
	memcpy(e, name, nl);
	e[nl] = '=';
	memcpy(e + nl + 1, p, len);
	e[nl + 1 + len] = '\0';
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = {
		"QUERY_STRING", "HTTP_COOKIE", "DOCUMENT_URI", "REQUEST_URI",
		"CONTENT_TYPE", "HTTP_X_FORWARDED_FOR",
	};
	enum { NLINES = sizeof names / sizeof names[0] };
	char *env[NLINES + 6];
	int ne = 0;
	size_t pos = 0;
	for (int i = 0; i < NLINES && pos < size; i++) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - data) : size;
		env[ne++] = env_entry(names[i], data + pos, end - pos);
		pos = nl ? end + 1 : size;
	}
	const uint8_t *body = data + pos;
	size_t bodylen = size - pos;

	/* The method follows the first byte, so every branch is reached. */
	static const char *const methods[] = { "GET", "POST", "HEAD", "PUT" };
	const char *m = methods[size ? data[0] % 4 : 0];
	env[ne++] = env_entry("REQUEST_METHOD", (const uint8_t *)m, strlen(m));
	env[ne++] = env_entry("REMOTE_ADDR", (const uint8_t *)"10.0.0.1", 8);
	char cl[32];
	snprintf(cl, sizeof cl, "%zu", bodylen);
	env[ne++] = env_entry("CONTENT_LENGTH", (const uint8_t *)cl, strlen(cl));
	env[ne] = NULL;

	/* The body in an exactly-sized buffer, so overreads are caught. */
	char *b = malloc(bodylen ? bodylen : 1);
	if (b == NULL)
		abort();
	memcpy(b, body, bodylen);

	struct arena a;
	arena_init(&a);
	char *proxies[] = { "10.0.0.1", "10.0.0.2" };

	struct request r;
	int rc = request_from_env(&r, &a, env, b, bodylen, &lim, proxies, 2);
	if (rc != 0 && rc != 400 && rc != 404 && rc != 413 && rc != 415)
		abort();
	if (rc == 0) {
		check_fields(r.query_fields, r.nquery, 1);
		check_fields(r.form, r.nform, 1);
		check_fields(r.cookies, r.ncookies, 0);
		if (r.path == NULL || r.path[0] != '/' || strstr(r.path, "..") || strstr(r.path, "//"))
			abort();
		if (r.client_addr == NULL)
			abort();
		(void)req_form(&r, "csrf");
		(void)req_cookie(&r, "ehm_session");
	}
	arena_reset(&a);

	/* The whole input as an urlencoded body and as a Cookie header. */
	struct field *f;
	size_t n;
	char *whole = malloc(size ? size : 1);
	if (whole == NULL)
		abort();
	memcpy(whole, data, size);
	rc = request_parse_urlencoded(&a, whole, size, &lim, &f, &n);
	if (rc != 0 && rc != 400 && rc != 413)
		abort();
	if (rc == 0) {
		check_fields(f, n, 1);
		for (size_t i = 0; i < n; i++)
			(void)url_encode(&a, f[i].value);
	}
	(void)utf8_valid(whole, size);
	char *hdr = malloc(size + 1);
	if (hdr == NULL)
		abort();
	memcpy(hdr, data, size);
	hdr[size] = '\0';
	request_parse_cookies(&a, hdr, &f, &n);
	check_fields(f, n, 0);

	arena_free(&a);
	free(hdr);
	free(whole);
	free(b);
	for (int i = 0; i < ne; i++)
		free(env[i]);
	return 0;
}
