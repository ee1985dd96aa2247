/*
 * valid.c -- form field validators with GOV.UK error wording.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "valid.h"

size_t
utf8_chars(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

static const char *
trim(struct arena *a, const char *v)
{
	if (v == NULL)
		return "";
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' ||
	    v[n - 1] == '\n'))
		n--;
	return arena_strndup(a, v, n);
}

static const char *
cap(struct arena *a, const char *s)
{
	char *c = arena_strdup(a, s);
	c[0] = (char)toupper((unsigned char)c[0]);
	return c;
}

const char *
valid_text(struct ctx *c, struct form_errors *fe, const char *field,
    const char *label, size_t maxchars, int required)
{
	const char *v = trim(c->a, req_form(c->req, field));
	if (*v == '\0') {
		if (required)
			form_error(fe, field, arena_printf(c->a, "Enter %s %s",
			    strchr("aeio", label[0]) ? "an" : "a", label));
		return v;
	}
	if (utf8_chars(v) > maxchars) {
		form_error(fe, field, arena_printf(c->a, "%s must be %zu characters or fewer",
		    cap(c->a, label), maxchars));
		return v;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			form_error(fe, field, arena_printf(c->a,
			    "%s must only include letters, numbers and punctuation", cap(c->a, label)));
			break;
		}
	return v;
}

long long
valid_id(const char *v)
{
	if (v == NULL || *v < '1' || *v > '9' || strlen(v) > 18)
		return 0;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return strtoll(v, NULL, 10);
}

const char *
valid_email(struct ctx *c, struct form_errors *fe, const char *field, int required)
{
	const char *v = trim(c->a, req_form(c->req, field));
	if (*v == '\0') {
		if (required)
			form_error(fe, field, "Enter an email address");
		return v;
	}
	const char *at = strchr(v, '@');
	if (strlen(v) > 254 || at == NULL || at == v || strchr(at + 1, '@') ||
	    strchr(at, '.') == NULL || strpbrk(v, " <>\"(),;:\\[]") ||
	    v[strlen(v) - 1] == '.')
		form_error(fe, field,
		    "Enter an email address in the correct format, like name@example.org");
	return v;
}

int
valid_ymd(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1)
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int max = days[m - 1] + (m == 2 && leap);
	return d <= max;
}

const char *
valid_date(struct ctx *c, struct form_errors *fe, const char *field,
    const char *label, int required, int not_future)
{
	const char *v = trim(c->a, req_form(c->req, field));
	if (*v == '\0') {
		if (required)
			form_error(fe, field, arena_printf(c->a, "Enter the %s", label));
		return "";
	}
	int d = 0, m = 0, y = 0;
	char sep1 = 0, sep2 = 0, extra = 0;
	int n = sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &extra);
	if (n != 3) {
		n = sscanf(v, "%2d%c%2d%c%4d%c", &d, &sep1, &m, &sep2, &y, &extra);
		if (n != 5 || !strchr("/ .-", sep1) || sep1 != sep2) {
			form_error(fe, field, arena_printf(c->a, "%s must be a real date, like 27/3/2026",
			    cap(c->a, label)));
			return v;
		}
	}
	if (y < 1000) {
		form_error(fe, field, "Year must include 4 numbers");
		return v;
	}
	if (!valid_ymd(y, m, d)) {
		form_error(fe, field, arena_printf(c->a, "%s must be a real date", cap(c->a, label)));
		return v;
	}
	char *iso = arena_printf(c->a, "%04d-%02d-%02d", y, m, d);
	if (not_future) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		char today[16];
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
		if (strcmp(iso, today) > 0) {
			form_error(fe, field, arena_printf(c->a, "%s must be today or in the past",
			    cap(c->a, label)));
			return v;
		}
	}
	return iso;
}
