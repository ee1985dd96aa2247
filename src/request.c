/*
 * request.c -- parses the CGI environment, query string, cookies and an
 * urlencoded body into struct request, enforcing the size limits from
 * config.  Browsers never send bad percent-encoding or invalid UTF-8, so
 * those are a 400, not a validation message.
 */
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "request.h"

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1; cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2; cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3; cp = c & 0x07;
		} else
			return 0;
		if (len - i <= n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Decode one component in place into dst (which has room for len+1). */
static int
decode(const char *src, size_t len, char *dst, size_t *outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = src[i];
		if (c == '+')
			dst[o++] = ' ';
		else if (c == '%') {
			if (i + 2 >= len)
				return 400;
			int h = hexval((unsigned char)src[i + 1]);
			int l = hexval((unsigned char)src[i + 2]);
			if (h < 0 || l < 0)
				return 400;
			dst[o++] = (char)(h * 16 + l);
			i += 2;
		} else
			dst[o++] = c;
	}
	dst[o] = '\0';
	if (memchr(dst, '\0', o) != NULL)
		return 400;
	if (!utf8_valid(dst, o))
		return 400;
	*outlen = o;
	return 0;
}

int
request_parse_urlencoded(struct arena *a, const char *data, size_t len,
    const struct limits *lim, struct field **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (len == 0)
		return 0;
	size_t count = 1;
	for (size_t i = 0; i < len; i++)
		if (data[i] == '&')
			count++;
	if (count > lim->max_fields)
		return 413;
	struct field *f = arena_alloc(a, count * sizeof *f);
	size_t n = 0;
	const char *p = data, *end = data + len;
	while (p <= end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		if (amp == NULL)
			amp = end;
		if (amp > p) {
			const char *eq = memchr(p, '=', (size_t)(amp - p));
			const char *kend = eq ? eq : amp;
			const char *vbeg = eq ? eq + 1 : amp;
			size_t klen = (size_t)(kend - p), vlen = (size_t)(amp - vbeg);
			if (klen > 256 || vlen / 3 > lim->max_field)
				return 413;
			char *k = arena_alloc(a, klen + 1);
			char *v = arena_alloc(a, vlen + 1);
			size_t kl, vl;
			int rc = decode(p, klen, k, &kl);
			if (rc == 0)
				rc = decode(vbeg, vlen, v, &vl);
			if (rc)
				return rc;
			if (vl > lim->max_field)
				return 413;
			f[n].name = k;
			f[n].value = v;
			f[n].len = vl;
			n++;
		}
		if (amp == end)
			break;
		p = amp + 1;
	}
	*out = f;
	*nout = n;
	return 0;
}

void
request_parse_cookies(struct arena *a, const char *h, struct field **out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (h == NULL || *h == '\0')
		return;
	size_t count = 1;
	for (const char *p = h; *p; p++)
		if (*p == ';')
			count++;
	if (count > 64)
		count = 64;
	struct field *f = arena_alloc(a, count * sizeof *f);
	size_t n = 0;
	const char *p = h;
	while (*p && n < count) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *semi = strchr(p, ';');
		const char *end = semi ? semi : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (eq && eq > p && (size_t)(end - eq - 1) <= 4096) {
			size_t vlen = (size_t)(end - eq - 1);
			while (vlen > 0 && (eq[vlen] == ' '))
				vlen--;
			f[n].name = arena_strndup(a, p, (size_t)(eq - p));
			f[n].value = arena_strndup(a, eq + 1, vlen);
			f[n].len = vlen;
			if (utf8_valid(f[n].value, vlen))
				n++;
		}
		if (!semi)
			break;
		p = semi + 1;
	}
	*out = f;
	*nout = n;
}

const char *
env_get(char **envp, const char *name)
{
	size_t nl = strlen(name);
	for (char **e = envp; e && *e; e++)
		if (!strncmp(*e, name, nl) && (*e)[nl] == '=')
			return *e + nl + 1;
	return NULL;
}

/* A path is accepted only if it is plain: printable ASCII, no "..", no "//". */
static int
path_ok(const char *p)
{
	if (p[0] != '/')
		return 0;
	if (strstr(p, "..") || strstr(p, "//"))
		return 0;
	for (const unsigned char *s = (const unsigned char *)p; *s; s++)
		if (*s <= 0x20 || *s >= 0x7f || *s == '%' || *s == '\\')
			return 0;
	return strlen(p) <= 2048;
}

static const char *
trusted_client(struct arena *a, const char *remote, const char *xff,
    char *const *proxies, int nproxies)
{
	if (remote == NULL)
		return "";
	if (xff == NULL)
		return remote;
	int trusted = 0;
	for (int i = 0; i < nproxies; i++)
		if (!strcmp(proxies[i], remote))
			trusted = 1;
	if (!trusted)
		return remote;
	/* The right-most address not itself a trusted proxy is the client. */
	char *copy = arena_strdup(a, xff);
	char *last = NULL, *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int proxy = 0;
		for (int i = 0; i < nproxies; i++)
			if (!strcmp(proxies[i], t))
				proxy = 1;
		if (!proxy)
			last = t;
	}
	if (last == NULL || strlen(last) > 45)
		return remote;
	for (const char *s = last; *s; s++)
		if (!strchr("0123456789abcdefABCDEF.:", *s))
			return remote;
	return last;
}

int
request_from_env(struct request *r, struct arena *a, char **envp,
    const char *body, size_t bodylen, const struct limits *lim,
    char *const *proxies, int nproxies)
{
	memset(r, 0, sizeof *r);
	r->a = a;
	const char *m = env_get(envp, "REQUEST_METHOD");
	r->method_name = m ? m : "GET";
	if (!strcmp(r->method_name, "GET"))
		r->method = M_GET;
	else if (!strcmp(r->method_name, "POST"))
		r->method = M_POST;
	else if (!strcmp(r->method_name, "HEAD"))
		r->method = M_HEAD;
	else
		r->method = M_OTHER;

	r->remote_addr = env_get(envp, "REMOTE_ADDR");
	if (r->remote_addr == NULL)
		r->remote_addr = "";
	r->client_addr = trusted_client(a, r->remote_addr,
	    env_get(envp, "HTTP_X_FORWARDED_FOR"), proxies, nproxies);
	r->origin = env_get(envp, "HTTP_ORIGIN");
	r->sec_fetch_site = env_get(envp, "HTTP_SEC_FETCH_SITE");
	r->referer = env_get(envp, "HTTP_REFERER");
	r->content_type = env_get(envp, "CONTENT_TYPE");
	r->user_agent = env_get(envp, "HTTP_USER_AGENT");
	const char *cl = env_get(envp, "CONTENT_LENGTH");
	r->content_length = cl && *cl ? strtol(cl, NULL, 10) : 0;

	/* Path: DOCUMENT_URI (nginx, already percent-decoded), else REQUEST_URI/PATH_INFO. */
	const char *path = env_get(envp, "DOCUMENT_URI");
	const char *uri = env_get(envp, "REQUEST_URI");
	const char *qs = env_get(envp, "QUERY_STRING");
	if (path == NULL)
		path = env_get(envp, "PATH_INFO");
	if (path == NULL && uri) {
		const char *q = strchr(uri, '?');
		path = q ? arena_strndup(a, uri, (size_t)(q - uri)) : uri;
	}
	if (path == NULL || *path == '\0')
		path = "/";
	if (uri && strchr(uri, '%') && !strchr(path, '%')) {
		/* The raw URI held percent-escapes: refuse any that are malformed. */
		const char *q = strchr(uri, '?');
		size_t ul = q ? (size_t)(q - uri) : strlen(uri);
		char *tmp = arena_alloc(a, ul + 1);
		size_t tl;
		if (decode(uri, ul, tmp, &tl) != 0)
			return 400;
	}
	if (!utf8_valid(path, strlen(path)))
		return 400;
	/* Drop one trailing slash (but keep "/"). */
	size_t pl = strlen(path);
	if (pl > 1 && path[pl - 1] == '/')
		path = arena_strndup(a, path, pl - 1);
	r->path = path;
	if (!path_ok(r->path))
		return 404;

	r->query = qs ? qs : "";
	int rc = request_parse_urlencoded(a, r->query, strlen(r->query), lim,
	    &r->query_fields, &r->nquery);
	if (rc)
		return rc;

	request_parse_cookies(a, env_get(envp, "HTTP_COOKIE"), &r->cookies, &r->ncookies);

	if (r->content_length < 0)
		return 400;
	if ((size_t)r->content_length > lim->max_body || bodylen > lim->max_body)
		return 413;
	if (bodylen > 0) {
		if (r->content_type == NULL ||
		    strncmp(r->content_type, "application/x-www-form-urlencoded", 33) != 0)
			return 415;
		rc = request_parse_urlencoded(a, body, bodylen, lim, &r->form, &r->nform);
		if (rc)
			return rc;
	}
	return 0;
}

static const char *
find(const struct field *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].name, name))
			return f[i].value;
	return NULL;
}

const char *
req_form(const struct request *r, const char *name)
{
	return find(r->form, r->nform, name);
}

const char *
req_query(const struct request *r, const char *name)
{
	return find(r->query_fields, r->nquery, name);
}

const char *
req_cookie(const struct request *r, const char *name)
{
	return find(r->cookies, r->ncookies, name);
}

const char *
url_encode(struct arena *a, const char *s)
{
	struct buf b;
	buf_init(&b, a);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-_.~", *p))
			buf_append(&b, (const char *)p, 1);
		else
			buf_printf(&b, "%%%02X", *p);
	}
	return buf_cstr(&b);
}
