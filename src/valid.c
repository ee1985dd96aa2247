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

size_t
utf8_prefix(const char *s, size_t maxbytes)
{
	size_t n = strlen(s);
	if (n <= maxbytes)
		return n;
	/* Back to the start of a character, never inside one. */
	while (maxbytes > 0 && ((unsigned char)s[maxbytes] & 0xC0) == 0x80)
		maxbytes--;
	return maxbytes;
}

const char *
valid_clip(struct arena *a, const char *s, size_t maxbytes)
{
	size_t n = utf8_prefix(s, maxbytes);
	return s[n] ? arena_printf(a, "%.*s…", (int)n, s) : s;
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

/*
 * "Enter a reason", "Enter an email address", but "Enter the name of who
 * asked", "Enter what changed", "Enter information shared": the article a
 * label in a sentence takes ("" when it begins with its own, a question
 * word or a plural or mass noun).
 */
static const char *
article(const char *label)
{
	static const char *const none[] = { "the ", "your ", "what ", "who ", "when ", "how ", "why ",
		"information", "outcomes", "goods", "details", "notes", NULL };
	for (const char *const *n = none; *n; n++)
		if (!strncmp(label, *n, strlen(*n)))
			return "";
	return strchr("aeio", label[0]) ? "an " : "a ";
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
			form_error(fe, field, arena_printf(c->a, "Enter %s%s", article(label), label));
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

long long
valid_version(const char *v)
{
	return v == NULL ? -1 : !strcmp(v, "0") ? 0 : valid_id(v);
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

static int
month_of(const char *v)
{
	static const char *const names[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul",
		"aug", "sep", "oct", "nov", "dec" };
	static const char *const full[] = { "january", "february", "march", "april", "may",
		"june", "july", "august", "september", "october", "november", "december" };
	char low[16];
	size_t n = strlen(v);
	if (n == 0 || n >= sizeof low)
		return -1;
	for (size_t i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)v[i]);
	for (int i = 0; i < 12; i++)
		if (!strcmp(low, names[i]) || !strcmp(low, full[i]) ||
		    (i == 8 && !strcmp(low, "sept")))
			return i + 1;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)low[i]))
			return -1;
	return n <= 2 ? atoi(low) : -1;
}

static int
small_number(const char *v, size_t maxlen)
{
	size_t n = strlen(v);
	if (n == 0 || n > maxlen)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)v[i]))
			return -1;
	return atoi(v);
}

const char *
valid_date3(struct ctx *c, struct form_errors *fe, const char *name, const char *label,
    int required, int when)
{
	const char *fd = arena_printf(c->a, "%s-day", name);
	const char *fm = arena_printf(c->a, "%s-month", name);
	const char *fy = arena_printf(c->a, "%s-year", name);
	const char *d = trim(c->a, req_form(c->req, fd));
	const char *m = trim(c->a, req_form(c->req, fm));
	const char *y = trim(c->a, req_form(c->req, fy));
	if (!*d && !*m && !*y) {
		if (required) {
			char *l = arena_strdup(c->a, label);
			l[0] = (char)tolower((unsigned char)l[0]);
			form_error(fe, fd, arena_printf(c->a, "Enter %s%s", article(l), l));
			return NULL;
		}
		return "";
	}
	if (!*d || !*m || !*y) {
		const char *missing = !*d ? (!*m ? "a day and month" : !*y ? "a day and year" : "a day")
		    : !*m ? (!*y ? "a month and year" : "a month") : "a year";
		form_error(fe, !*d ? fd : !*m ? fm : fy, arena_printf(c->a, "%s must include %s",
		    label, missing));
		return NULL;
	}
	int dd = small_number(d, 2), mm = month_of(m), yy = small_number(y, 4);
	if (strlen(y) != 4 || yy < 0) {
		form_error(fe, fy, "Year must include 4 numbers");
		return NULL;
	}
	if (dd < 1 || mm < 1 || !valid_ymd(yy, mm, dd)) {
		form_error(fe, dd < 1 || dd > 31 ? fd : mm < 1 || mm > 12 ? fm : fd,
		    arena_printf(c->a, "%s must be a real date", label));
		return NULL;
	}
	char *iso = arena_printf(c->a, "%04d-%02d-%02d", yy, mm, dd);
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char today[16];
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	if (when < 0 && strcmp(iso, today) > 0) {
		form_error(fe, fd, arena_printf(c->a, "%s must be in the past", label));
		return NULL;
	}
	if (when > 0 && strcmp(iso, today) < 0) {
		form_error(fe, fd, arena_printf(c->a, "%s must be today or in the future", label));
		return NULL;
	}
	return iso;
}

const char *
valid_nhs(struct ctx *c, struct form_errors *fe, const char *field)
{
	const char *v = trim(c->a, req_form(c->req, field));
	if (*v == '\0')
		return "";
	char digits[11];
	int n = 0;
	for (const char *p = v; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (!isdigit((unsigned char)*p) || n >= 10) {
			form_error(fe, field, "NHS number must be 10 digits, like 943 476 5919");
			return NULL;
		}
		digits[n++] = *p;
	}
	digits[n] = '\0';
	if (n != 10) {
		form_error(fe, field, "NHS number must be 10 digits, like 943 476 5919");
		return NULL;
	}
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (digits[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10 || check != digits[9] - '0') {
		form_error(fe, field, "NHS number is not correct. Check it and enter it again");
		return NULL;
	}
	return arena_strdup(c->a, digits);
}
