/*
 * test_request.c -- the request edge (src/request.c): urlencoded decoding,
 * UTF-8 validation, size limits, cookies and request_from_env's mapping of
 * the CGI environment (method, path, trusted X-Forwarded-For, body rules).
 *
 * Every parse runs in a fresh arena that is freed afterwards, so the
 * sanitizer build also checks the parser for leaks and overreads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arena.h"
#include "request.h"

static const struct limits lim = { .max_body = 4096, .max_fields = 8, .max_field = 64 };

/* ---- helpers -------------------------------------------------------------- */

struct parsed {
	struct arena a;
	struct field *f;
	size_t n;
	int rc;
};

/* Parse s (its whole length, which may include NULs) with limits l. */
static void
parse_n(struct parsed *p, const char *s, size_t len, const struct limits *l)
{
	arena_init(&p->a);
	/* Copy into an exactly-sized heap buffer so ASan catches overreads. */
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, s, len);
	p->rc = request_parse_urlencoded(&p->a, copy, len, l, &p->f, &p->n);
	free(copy);
}

static int
parse_rc(const char *s, const struct limits *l)
{
	struct parsed p;
	parse_n(&p, s, strlen(s), l);
	arena_free(&p.a);
	return p.rc;
}

/* Parse s expecting exactly one field; its decoded value must equal want[0..wantlen). */
static void
expect_one(const char *s, const char *name, const char *want, size_t wantlen)
{
	struct parsed p;
	parse_n(&p, s, strlen(s), &lim);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.f[0].name, name);
	assert_int_equal(p.f[0].len, wantlen);
	assert_memory_equal(p.f[0].value, want, wantlen);
	assert_int_equal(p.f[0].value[wantlen], '\0');
	arena_free(&p.a);
}

/* ---- urlencoded: decoding --------------------------------------------- */

static void
plus_and_percent(void **state)
{
	(void)state;
	expect_one("q=a+b", "q", "a b", 3);
	expect_one("q=a%20b", "q", "a b", 3);
	expect_one("q=%2B1", "q", "+1", 2);
	expect_one("q=%26x%3D1", "q", "&x=1", 4);
	expect_one("q=%4a%4A", "q", "JJ", 2);          /* either case of hex */
	expect_one("first+name=Ann", "first name", "Ann", 3);
	expect_one("a%5B%5D=1", "a[]", "1", 1);
	expect_one("q=", "q", "", 0);
	expect_one("q", "q", "", 0);
	expect_one("q=%41", "q", "A", 1);              /* an escape at the very end */
}

static void
several_fields_in_order(void **state)
{
	(void)state;
	struct parsed p;
	const char *s = "a=1&b=two&&c=&a=3";
	parse_n(&p, s, strlen(s), &lim);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.n, 4);               /* the empty pair is skipped */
	assert_string_equal(p.f[0].name, "a");
	assert_string_equal(p.f[0].value, "1");
	assert_string_equal(p.f[1].name, "b");
	assert_string_equal(p.f[1].value, "two");
	assert_string_equal(p.f[2].name, "c");
	assert_string_equal(p.f[2].value, "");
	assert_string_equal(p.f[3].name, "a");
	assert_string_equal(p.f[3].value, "3");
	arena_free(&p.a);
}

static void
empty_input(void **state)
{
	(void)state;
	struct parsed p;
	parse_n(&p, "", 0, &lim);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.n, 0);
	arena_free(&p.a);
}

static void
bad_percent_is_400(void **state)
{
	(void)state;
	assert_int_equal(parse_rc("q=%ZZ", &lim), 400);
	assert_int_equal(parse_rc("q=%4", &lim), 400);     /* truncated */
	assert_int_equal(parse_rc("q=%", &lim), 400);
	assert_int_equal(parse_rc("q=%4&r=1", &lim), 400); /* truncated before & */
	assert_int_equal(parse_rc("q=%G1", &lim), 400);
	assert_int_equal(parse_rc("q=%1G", &lim), 400);
	assert_int_equal(parse_rc("%ZZ=1", &lim), 400);    /* in the name too */
	assert_int_equal(parse_rc("q=ok&r=%%41", &lim), 400);
}

static void
nul_is_400(void **state)
{
	(void)state;
	assert_int_equal(parse_rc("q=%00", &lim), 400);
	assert_int_equal(parse_rc("q=a%00b", &lim), 400);
	assert_int_equal(parse_rc("%00=1", &lim), 400);
	/* A raw NUL byte inside the data is refused as well. */
	struct parsed p;
	parse_n(&p, "q=a\0b", 5, &lim);
	assert_int_equal(p.rc, 400);
	arena_free(&p.a);
}

/* ---- UTF-8 ------------------------------------------------------------------ */

static void
utf8_valid_accepts(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("plain ascii", 11));
	assert_true(utf8_valid("\xC3\xA9", 2));                 /* é */
	assert_true(utf8_valid("\xC5\x81", 2));                 /* Ł */
	assert_true(utf8_valid("\xE2\x82\xAC", 3));             /* € */
	assert_true(utf8_valid("\xF0\x9F\x98\x80", 4));         /* 😀 */
	assert_true(utf8_valid("\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 10)); /* مرحبا */
	assert_true(utf8_valid("\xC2\x80", 2));                 /* lowest 2-byte */
	assert_true(utf8_valid("\xE0\xA0\x80", 3));             /* lowest 3-byte */
	assert_true(utf8_valid("\xED\x9F\xBF", 3));             /* U+D7FF, below surrogates */
	assert_true(utf8_valid("\xEE\x80\x80", 3));             /* U+E000, above surrogates */
	assert_true(utf8_valid("\xF0\x90\x80\x80", 4));         /* U+10000 */
	assert_true(utf8_valid("\xF4\x8F\xBF\xBF", 4));         /* U+10FFFF */
}

static void
utf8_valid_refuses(void **state)
{
	(void)state;
	assert_false(utf8_valid("\xC0\x80", 2));                /* overlong NUL */
	assert_false(utf8_valid("\xC1\xBF", 2));                /* overlong */
	assert_false(utf8_valid("\xE0\x80\x80", 3));            /* overlong 3-byte */
	assert_false(utf8_valid("\xE0\x9F\xBF", 3));            /* overlong 3-byte */
	assert_false(utf8_valid("\xF0\x80\x80\x80", 4));        /* overlong 4-byte */
	assert_false(utf8_valid("\xF0\x8F\xBF\xBF", 4));        /* overlong 4-byte */
	assert_false(utf8_valid("\xED\xA0\x80", 3));            /* U+D800 surrogate */
	assert_false(utf8_valid("\xED\xBF\xBF", 3));            /* U+DFFF surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));        /* above U+10FFFF */
	assert_false(utf8_valid("\xF5\x80\x80\x80", 4));        /* F5+ never valid */
	assert_false(utf8_valid("\xF8\x88\x80\x80\x80", 5));
	assert_false(utf8_valid("\xFF", 1));
	assert_false(utf8_valid("\xFE", 1));
	assert_false(utf8_valid("\x80", 1));                    /* lone continuation */
	assert_false(utf8_valid("a\xBF", 2));
	assert_false(utf8_valid("\xC3", 1));                    /* truncated 2-byte */
	assert_false(utf8_valid("\xE2\x82", 2));                /* truncated 3-byte */
	assert_false(utf8_valid("\xF0\x9F\x98", 3));            /* truncated 4-byte */
	assert_false(utf8_valid("\xC3(", 2));                   /* bad continuation */
	assert_false(utf8_valid("\xE2\x28\xA1", 3));
	assert_false(utf8_valid("\xF0\x9F\x98(", 4));
	/* The length bounds the check: a valid sequence cut by len is refused. */
	assert_false(utf8_valid("\xC3\xA9", 1));
}

static void
invalid_utf8_is_400(void **state)
{
	(void)state;
	assert_int_equal(parse_rc("q=%C0%80", &lim), 400);          /* overlong */
	assert_int_equal(parse_rc("q=%ED%A0%80", &lim), 400);       /* surrogate */
	assert_int_equal(parse_rc("q=%F5%80%80%80", &lim), 400);
	assert_int_equal(parse_rc("q=%F8", &lim), 400);
	assert_int_equal(parse_rc("q=%FF", &lim), 400);
	assert_int_equal(parse_rc("q=%C3", &lim), 400);             /* truncated */
	assert_int_equal(parse_rc("q=%E2%82", &lim), 400);
	assert_int_equal(parse_rc("q=%F0%9F%98", &lim), 400);
	assert_int_equal(parse_rc("q=%80", &lim), 400);
	assert_int_equal(parse_rc("%C3=1", &lim), 400);             /* in a name */
	/* Raw (unescaped) invalid bytes are refused as well. */
	assert_int_equal(parse_rc("q=\xC0\x80", &lim), 400);
	assert_int_equal(parse_rc("q=\xED\xA0\x80", &lim), 400);
	assert_int_equal(parse_rc("q=\xC3", &lim), 400);
}

static void
valid_multibyte_kept_exactly(void **state)
{
	(void)state;
	expect_one("q=%C3%A9", "q", "\xC3\xA9", 2);                         /* é */
	expect_one("q=%C5%81%C3%B3d%C5%BA", "q", "\xC5\x81\xC3\xB3" "d\xC5\xBA", 7); /* Łódź */
	expect_one("q=%F0%9F%98%80", "q", "\xF0\x9F\x98\x80", 4);           /* 😀 */
	expect_one("q=%D9%85%D8%B1%D8%AD%D8%A8%D8%A7", "q",
	    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 10);                 /* مرحبا */
	/* Raw UTF-8 bytes (not escaped) pass through unchanged. */
	expect_one("q=\xC3\xA9+\xF0\x9F\x98\x80", "q", "\xC3\xA9 \xF0\x9F\x98\x80", 7);
	expect_one("%C3%A9=x", "\xC3\xA9", "x", 1);
}

/* ---- limits ----------------------------------------------------------------- */

static void
too_many_fields_is_413(void **state)
{
	(void)state;
	/* lim.max_fields is 8: eight fields are fine, nine are not. */
	assert_int_equal(parse_rc("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8", &lim), 0);
	assert_int_equal(parse_rc("a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9", &lim), 413);
	struct limits one = lim;
	one.max_fields = 1;
	assert_int_equal(parse_rc("a=1", &one), 0);
	assert_int_equal(parse_rc("a=1&b=2", &one), 413);
}

static char *
repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static void
field_over_max_is_413(void **state)
{
	(void)state;
	char buf[1024];
	char *v = repeat('x', 64);
	snprintf(buf, sizeof buf, "q=%s", v);
	assert_int_equal(parse_rc(buf, &lim), 0);               /* exactly max_field */
	snprintf(buf, sizeof buf, "q=%sx", v);
	assert_int_equal(parse_rc(buf, &lim), 413);             /* one byte over */
	free(v);

	/* The limit is on the decoded value: 64 escapes are 64 bytes, fine. */
	size_t o = 0;
	o += (size_t)snprintf(buf + o, sizeof buf - o, "q=");
	for (int i = 0; i < 64; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%%41");
	assert_int_equal(parse_rc(buf, &lim), 0);
	snprintf(buf + o, sizeof buf - o, "%%41");
	assert_int_equal(parse_rc(buf, &lim), 413);

	/* Multibyte characters count in bytes: 33 × é = 66 bytes > 64. */
	o = (size_t)snprintf(buf, sizeof buf, "q=");
	for (int i = 0; i < 33; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "\xC3\xA9");
	assert_int_equal(parse_rc(buf, &lim), 413);

	/* A very long name is refused too. */
	char *n = repeat('n', 300);
	snprintf(buf, sizeof buf, "%s=1", n);
	assert_int_equal(parse_rc(buf, &lim), 413);
	free(n);
}

/* ---- cookies ------------------------------------------------------------- */

static void
cookies_parsed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field *f;
	size_t n;
	request_parse_cookies(&a, "ehm_session=abc123; theme=dark;other=1", &f, &n);
	assert_int_equal(n, 3);
	assert_string_equal(f[0].name, "ehm_session");
	assert_string_equal(f[0].value, "abc123");
	assert_int_equal(f[0].len, 6);
	assert_string_equal(f[1].name, "theme");
	assert_string_equal(f[1].value, "dark");
	assert_string_equal(f[2].name, "other");
	assert_string_equal(f[2].value, "1");

	/* Malformed pairs are skipped, the rest kept. */
	request_parse_cookies(&a, "novalue; =anon; ok=yes; bad=\xC0\x80; last=1 ", &f, &n);
	assert_int_equal(n, 2);
	assert_string_equal(f[0].name, "ok");
	assert_string_equal(f[0].value, "yes");
	assert_string_equal(f[1].name, "last");
	assert_string_equal(f[1].value, "1");              /* trailing space trimmed */

	/* Values are not percent-decoded; '=' inside a value is kept. */
	request_parse_cookies(&a, "t=a%20b==", &f, &n);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].value, "a%20b==");

	request_parse_cookies(&a, NULL, &f, &n);
	assert_int_equal(n, 0);
	request_parse_cookies(&a, "", &f, &n);
	assert_int_equal(n, 0);
	request_parse_cookies(&a, ";;;", &f, &n);
	assert_int_equal(n, 0);
	arena_free(&a);
}

static void
cookies_capped(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field *f;
	size_t n;
	/* At most 64 cookies are read. */
	char hdr[200 * 12];
	size_t o = 0;
	for (int i = 0; i < 200; i++)
		o += (size_t)snprintf(hdr + o, sizeof hdr - o, "c%d=%d; ", i, i);
	request_parse_cookies(&a, hdr, &f, &n);
	assert_true(n <= 64);
	assert_string_equal(f[0].name, "c0");

	/* A value over 4096 bytes is skipped. */
	char *big = repeat('v', 5000);
	char *h = malloc(5100);
	assert_non_null(h);
	snprintf(h, 5100, "big=%s; small=1", big);
	request_parse_cookies(&a, h, &f, &n);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].name, "small");
	free(h);
	free(big);
	arena_free(&a);
}

/* ---- request_from_env ------------------------------------------------------ */

struct env {
	char *v[32];
	int n;
};

static void
env_add(struct env *e, const char *name, const char *value)
{
	assert_true(e->n < 31);
	size_t l = strlen(name) + strlen(value) + 2;
	e->v[e->n] = malloc(l);
	assert_non_null(e->v[e->n]);
	snprintf(e->v[e->n], l, "%s=%s", name, value);
	e->n++;
	e->v[e->n] = NULL;
}

static void
env_free(struct env *e)
{
	for (int i = 0; i < e->n; i++)
		free(e->v[i]);
	e->n = 0;
}

struct req_run {
	struct arena a;
	struct request r;
	int rc;
};

static void
from_env(struct req_run *rr, struct env *e, const char *body, size_t bodylen,
    char *const *proxies, int nproxies)
{
	arena_init(&rr->a);
	char *copy = NULL;
	if (body) {
		copy = malloc(bodylen ? bodylen : 1);
		assert_non_null(copy);
		memcpy(copy, body, bodylen);
	}
	rr->rc = request_from_env(&rr->r, &rr->a, e->v, copy, bodylen, &lim, proxies, nproxies);
	/* Fields live in the arena, never point into the caller's body buffer. */
	free(copy);
}

static int
path_status(const char *docuri)
{
	struct env e = { .n = 0 };
	env_add(&e, "REQUEST_METHOD", "GET");
	env_add(&e, "DOCUMENT_URI", docuri);
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, NULL, 0);
	int rc = rr.rc;
	arena_free(&rr.a);
	env_free(&e);
	return rc;
}

static void
method_mapping(void **state)
{
	(void)state;
	static const struct { const char *name; enum method m; } cases[] = {
		{ "GET", M_GET }, { "POST", M_POST }, { "HEAD", M_HEAD },
		{ "PUT", M_OTHER }, { "DELETE", M_OTHER }, { "OPTIONS", M_OTHER },
		{ "get", M_OTHER }, { "", M_OTHER },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct env e = { .n = 0 };
		env_add(&e, "REQUEST_METHOD", cases[i].name);
		env_add(&e, "DOCUMENT_URI", "/");
		struct req_run rr;
		from_env(&rr, &e, NULL, 0, NULL, 0);
		assert_int_equal(rr.rc, 0);
		assert_int_equal(rr.r.method, cases[i].m);
		assert_string_equal(rr.r.method_name, cases[i].name);
		arena_free(&rr.a);
		env_free(&e);
	}
	/* No REQUEST_METHOD at all: treated as GET. */
	struct env e = { .n = 0 };
	env_add(&e, "DOCUMENT_URI", "/");
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 0);
	assert_int_equal(rr.r.method, M_GET);
	arena_free(&rr.a);
	env_free(&e);
}

static void
env_fields_and_query(void **state)
{
	(void)state;
	struct env e = { .n = 0 };
	env_add(&e, "REQUEST_METHOD", "GET");
	env_add(&e, "REQUEST_URI", "/people/search?q=%C5%81ucja+Smith&page=2");
	env_add(&e, "QUERY_STRING", "q=%C5%81ucja+Smith&page=2");
	env_add(&e, "REMOTE_ADDR", "192.0.2.7");
	env_add(&e, "HTTP_COOKIE", "ehm_session=tok; x=1");
	env_add(&e, "HTTP_ORIGIN", "http://127.0.0.1:8080");
	env_add(&e, "HTTP_SEC_FETCH_SITE", "same-origin");
	env_add(&e, "HTTP_USER_AGENT", "test");
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 0);
	/* No DOCUMENT_URI: the path comes from REQUEST_URI without its query. */
	assert_string_equal(rr.r.path, "/people/search");
	assert_string_equal(rr.r.query, "q=%C5%81ucja+Smith&page=2");
	assert_int_equal(rr.r.nquery, 2);
	assert_string_equal(req_query(&rr.r, "q"), "\xC5\x81ucja Smith");
	assert_string_equal(req_query(&rr.r, "page"), "2");
	assert_null(req_query(&rr.r, "missing"));
	assert_string_equal(req_cookie(&rr.r, "ehm_session"), "tok");
	assert_string_equal(req_cookie(&rr.r, "x"), "1");
	assert_string_equal(rr.r.remote_addr, "192.0.2.7");
	assert_string_equal(rr.r.client_addr, "192.0.2.7");
	assert_string_equal(rr.r.origin, "http://127.0.0.1:8080");
	assert_string_equal(rr.r.sec_fetch_site, "same-origin");
	assert_string_equal(rr.r.user_agent, "test");
	assert_int_equal(rr.r.nform, 0);
	arena_free(&rr.a);
	env_free(&e);
}

static void
trailing_slash_dropped(void **state)
{
	(void)state;
	struct env e = { .n = 0 };
	env_add(&e, "DOCUMENT_URI", "/people/");
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 0);
	assert_string_equal(rr.r.path, "/people");
	arena_free(&rr.a);
	env_free(&e);

	e.n = 0;
	env_add(&e, "DOCUMENT_URI", "/");
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 0);
	assert_string_equal(rr.r.path, "/");
	arena_free(&rr.a);
	env_free(&e);
}

static void
bad_paths_are_404(void **state)
{
	(void)state;
	assert_int_equal(path_status("/people/1"), 0);
	assert_int_equal(path_status("/static/app.css"), 0);
	assert_int_equal(path_status("/a.b/c"), 0);
	assert_int_equal(path_status("/.."), 404);
	assert_int_equal(path_status("/../etc/passwd"), 404);
	assert_int_equal(path_status("/static/../config.ini"), 404);
	assert_int_equal(path_status("/static/.."), 404);
	assert_int_equal(path_status("//evil.example"), 404);
	assert_int_equal(path_status("/a//b"), 404);
	assert_int_equal(path_status("relative"), 404);
	assert_int_equal(path_status("/a b"), 404);
	assert_int_equal(path_status("/a\\b"), 404);
	assert_int_equal(path_status("/a%2e%2e"), 404);
	assert_int_equal(path_status("/a\x01"), 404);
	assert_int_equal(path_status("/caf\xC3\xA9"), 404);   /* non-ASCII */
	assert_int_equal(path_status("/caf\xC3"), 400);       /* invalid UTF-8 */
}

static void
malformed_raw_uri_is_400(void **state)
{
	(void)state;
	struct env e = { .n = 0 };
	env_add(&e, "REQUEST_URI", "/people/%ZZ");
	env_add(&e, "DOCUMENT_URI", "/people/");
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 400);
	arena_free(&rr.a);
	env_free(&e);

	e.n = 0;
	env_add(&e, "REQUEST_URI", "/people%2Fx");
	env_add(&e, "DOCUMENT_URI", "/people/x");
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 0);
	assert_string_equal(rr.r.path, "/people/x");
	arena_free(&rr.a);
	env_free(&e);
}

static void
bad_query_refused(void **state)
{
	(void)state;
	struct env e = { .n = 0 };
	env_add(&e, "DOCUMENT_URI", "/search");
	env_add(&e, "QUERY_STRING", "q=%ZZ");
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 400);
	arena_free(&rr.a);
	env_free(&e);

	e.n = 0;
	env_add(&e, "DOCUMENT_URI", "/search");
	env_add(&e, "QUERY_STRING", "a&b&c&d&e&f&g&h&i");
	from_env(&rr, &e, NULL, 0, NULL, 0);
	assert_int_equal(rr.rc, 413);
	arena_free(&rr.a);
	env_free(&e);
}

static void
post_body_parsed(void **state)
{
	(void)state;
	const char *body = "username=ann&password=p%40ss+word&note=%F0%9F%98%80";
	struct env e = { .n = 0 };
	env_add(&e, "REQUEST_METHOD", "POST");
	env_add(&e, "DOCUMENT_URI", "/login");
	env_add(&e, "CONTENT_TYPE", "application/x-www-form-urlencoded");
	char cl[32];
	snprintf(cl, sizeof cl, "%zu", strlen(body));
	env_add(&e, "CONTENT_LENGTH", cl);
	struct req_run rr;
	from_env(&rr, &e, body, strlen(body), NULL, 0);
	assert_int_equal(rr.rc, 0);
	assert_int_equal(rr.r.method, M_POST);
	assert_int_equal(rr.r.content_length, (long)strlen(body));
	assert_int_equal(rr.r.nform, 3);
	assert_string_equal(req_form(&rr.r, "username"), "ann");
	assert_string_equal(req_form(&rr.r, "password"), "p@ss word");
	assert_string_equal(req_form(&rr.r, "note"), "\xF0\x9F\x98\x80");
	arena_free(&rr.a);
	env_free(&e);

	/* A charset parameter on the content type is fine. */
	e.n = 0;
	env_add(&e, "REQUEST_METHOD", "POST");
	env_add(&e, "DOCUMENT_URI", "/login");
	env_add(&e, "CONTENT_TYPE", "application/x-www-form-urlencoded; charset=UTF-8");
	from_env(&rr, &e, "a=1", 3, NULL, 0);
	assert_int_equal(rr.rc, 0);
	assert_string_equal(req_form(&rr.r, "a"), "1");
	arena_free(&rr.a);
	env_free(&e);
}

static int
body_status(const char *ctype, const char *clen, const char *body, size_t bodylen)
{
	struct env e = { .n = 0 };
	env_add(&e, "REQUEST_METHOD", "POST");
	env_add(&e, "DOCUMENT_URI", "/notes");
	if (ctype)
		env_add(&e, "CONTENT_TYPE", ctype);
	if (clen)
		env_add(&e, "CONTENT_LENGTH", clen);
	struct req_run rr;
	from_env(&rr, &e, body, bodylen, NULL, 0);
	int rc = rr.rc;
	arena_free(&rr.a);
	env_free(&e);
	return rc;
}

static void
body_over_max_is_413(void **state)
{
	(void)state;
	const char *form = "application/x-www-form-urlencoded";
	/* lim.max_body is 4096: a body of 4097 bytes (read up to max_body + 1). */
	char *big = repeat('a', 4097);
	assert_int_equal(body_status(form, "4097", big, 4097), 413);
	/* Even when CONTENT_LENGTH understates it. */
	assert_int_equal(body_status(form, "10", big, 4097), 413);
	/* CONTENT_LENGTH alone over the limit. */
	assert_int_equal(body_status(form, "999999", "a=1", 3), 413);
	free(big);
	/* A negative length is malformed. */
	assert_int_equal(body_status(form, "-5", "a=1", 3), 400);
}

static void
wrong_content_type_is_415(void **state)
{
	(void)state;
	assert_int_equal(body_status("text/plain", "3", "a=1", 3), 415);
	assert_int_equal(body_status("multipart/form-data; boundary=x", "3", "a=1", 3), 415);
	assert_int_equal(body_status("application/json", "7", "{\"a\":1}", 7), 415);
	assert_int_equal(body_status(NULL, "3", "a=1", 3), 415);
	/* No body: the content type does not matter. */
	assert_int_equal(body_status("text/plain", "0", "", 0), 0);
	assert_int_equal(body_status(NULL, NULL, NULL, 0), 0);
}

static void
bad_body_refused(void **state)
{
	(void)state;
	const char *form = "application/x-www-form-urlencoded";
	assert_int_equal(body_status(form, "6", "q=%ZZ1", 6), 400);
	assert_int_equal(body_status(form, "8", "q=%C0%80", 8), 400);
	assert_int_equal(body_status(form, "5", "q=%00", 5), 400);
	assert_int_equal(body_status(form, "17", "a&b&c&d&e&f&g&h&i", 17), 413);
}

static void
xff_only_from_trusted_proxy(void **state)
{
	(void)state;
	char *proxies[] = { "10.0.0.1", "10.0.0.2" };
	struct { const char *remote, *xff; int trust; const char *want; } cases[] = {
		/* Not from a trusted proxy: the header is ignored. */
		{ "198.51.100.9", "203.0.113.5", 1, "198.51.100.9" },
		/* No proxies configured: ignored. */
		{ "10.0.0.1", "203.0.113.5", 0, "10.0.0.1" },
		/* From a trusted proxy: the right-most untrusted address. */
		{ "10.0.0.1", "203.0.113.5", 1, "203.0.113.5" },
		{ "10.0.0.1", "1.1.1.1, 203.0.113.5", 1, "203.0.113.5" },
		{ "10.0.0.1", "203.0.113.5, 10.0.0.2", 1, "203.0.113.5" },
		{ "10.0.0.1", "2001:db8::1", 1, "2001:db8::1" },
		/* Garbage in the header: fall back to REMOTE_ADDR. */
		{ "10.0.0.1", "<script>", 1, "10.0.0.1" },
		{ "10.0.0.1", "10.0.0.2", 1, "10.0.0.1" },
		{ "10.0.0.1", "", 1, "10.0.0.1" },
		{ "10.0.0.1", "1111111111111111111111111111111111111111111111111", 1, "10.0.0.1" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct env e = { .n = 0 };
		env_add(&e, "DOCUMENT_URI", "/");
		env_add(&e, "REMOTE_ADDR", cases[i].remote);
		env_add(&e, "HTTP_X_FORWARDED_FOR", cases[i].xff);
		struct req_run rr;
		from_env(&rr, &e, NULL, 0, cases[i].trust ? proxies : NULL, cases[i].trust ? 2 : 0);
		assert_int_equal(rr.rc, 0);
		assert_string_equal(rr.r.remote_addr, cases[i].remote);
		if (strcmp(rr.r.client_addr, cases[i].want) != 0)
			fail_msg("case %zu: client_addr '%s', want '%s'", i, rr.r.client_addr,
			    cases[i].want);
		arena_free(&rr.a);
		env_free(&e);
	}
	/* No REMOTE_ADDR at all. */
	struct env e = { .n = 0 };
	env_add(&e, "DOCUMENT_URI", "/");
	env_add(&e, "HTTP_X_FORWARDED_FOR", "203.0.113.5");
	struct req_run rr;
	from_env(&rr, &e, NULL, 0, proxies, 2);
	assert_int_equal(rr.rc, 0);
	assert_string_equal(rr.r.client_addr, "");
	arena_free(&rr.a);
	env_free(&e);
}

/* ---- url_encode and the arena ---------------------------------------------- */

static void
url_encode_round_trips(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *in = "/people?q=Ł ó&x=1+2";
	const char *enc = url_encode(&a, in);
	assert_string_equal(enc, "/people%3Fq%3D%C5%81%20%C3%B3%26x%3D1%2B2");
	char *pair = arena_printf(&a, "v=%s", enc);
	struct field *f;
	size_t n;
	assert_int_equal(request_parse_urlencoded(&a, pair, strlen(pair), &lim, &f, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(f[0].value, in);
	arena_free(&a);
}

static void
arena_and_buf(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *p = arena_alloc(&a, 10);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 16, 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(p[i], 0);
	/* A request bigger than a block gets its own block. */
	char *big = arena_alloc(&a, 200 * 1024);
	memset(big, 'x', 200 * 1024);
	assert_string_equal(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(arena_strdup(&a, NULL));
	struct buf b;
	buf_init(&b, &a);
	assert_string_equal(buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i % 10);
	buf_puts(&b, "end");
	assert_int_equal(b.len, 2003);
	assert_memory_equal(buf_cstr(&b) + 1999, ",end", 4);
	arena_reset(&a);
	assert_int_equal(a.total, 0);
	char *q = arena_alloc(&a, 16);
	assert_non_null(q);
	arena_free(&a);
	assert_null(a.head);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plus_and_percent),
		cmocka_unit_test(several_fields_in_order),
		cmocka_unit_test(empty_input),
		cmocka_unit_test(bad_percent_is_400),
		cmocka_unit_test(nul_is_400),
		cmocka_unit_test(utf8_valid_accepts),
		cmocka_unit_test(utf8_valid_refuses),
		cmocka_unit_test(invalid_utf8_is_400),
		cmocka_unit_test(valid_multibyte_kept_exactly),
		cmocka_unit_test(too_many_fields_is_413),
		cmocka_unit_test(field_over_max_is_413),
		cmocka_unit_test(cookies_parsed),
		cmocka_unit_test(cookies_capped),
		cmocka_unit_test(method_mapping),
		cmocka_unit_test(env_fields_and_query),
		cmocka_unit_test(trailing_slash_dropped),
		cmocka_unit_test(bad_paths_are_404),
		cmocka_unit_test(malformed_raw_uri_is_400),
		cmocka_unit_test(bad_query_refused),
		cmocka_unit_test(post_body_parsed),
		cmocka_unit_test(body_over_max_is_413),
		cmocka_unit_test(wrong_content_type_is_415),
		cmocka_unit_test(bad_body_refused),
		cmocka_unit_test(xff_only_from_trusted_proxy),
		cmocka_unit_test(url_encode_round_trips),
		cmocka_unit_test(arena_and_buf),
	};
	return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}
