/*
 * response.c -- buffered responses and the headers every response carries.
 * The same security headers are written by `ehm nginx-conf` into the nginx
 * configuration for static files and nginx's own error pages.
 */
#include <stdio.h>
#include <string.h>

#include "response.h"

const char csp_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

const char *const security_headers[][2] = {
	{ "Content-Security-Policy", csp_policy },
	{ "X-Content-Type-Options", "nosniff" },
	{ "Referrer-Policy", "same-origin" },
	{ "X-Frame-Options", "DENY" },
	{ "Cross-Origin-Opener-Policy", "same-origin" },
	{ "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()" },
	{ NULL, NULL },
};

void
response_init(struct response *r, struct arena *a)
{
	r->status = 200;
	r->content_type = "text/html; charset=utf-8";
	buf_init(&r->headers, a);
	buf_init(&r->body, a);
}

void
response_reset(struct response *r)
{
	struct arena *a = r->body.a;
	response_init(r, a);
}

void
response_header(struct response *r, const char *name, const char *value)
{
	if (strpbrk(name, "\r\n:") || strpbrk(value, "\r\n"))
		return;
	buf_puts(&r->headers, name);
	buf_puts(&r->headers, ": ");
	buf_puts(&r->headers, value);
	buf_puts(&r->headers, "\r\n");
}

void
response_redirect(struct response *r, const char *location)
{
	r->status = 303;
	response_header(r, "Location", location);
}

const char *
response_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "OK";
	}
}

void
response_serialise(struct response *r, struct buf *out, int head_only)
{
	buf_printf(out, "Status: %d %s\r\n", r->status, response_reason(r->status));
	buf_printf(out, "Content-Type: %s\r\n", r->content_type);
	buf_printf(out, "Content-Length: %zu\r\n", head_only ? r->body.len : r->body.len);
	buf_puts(out, "Cache-Control: no-store\r\n");
	for (int i = 0; security_headers[i][0]; i++)
		buf_printf(out, "%s: %s\r\n", security_headers[i][0], security_headers[i][1]);
	if (r->headers.len)
		buf_append(out, r->headers.p, r->headers.len);
	buf_puts(out, "\r\n");
	if (!head_only && r->body.len)
		buf_append(out, r->body.p, r->body.len);
}
