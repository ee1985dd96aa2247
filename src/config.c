/*
 * config.c -- config.ini through libinih into a validated struct config.
 *
 * The handler refuses a bad value by returning 0; libinih then reports that
 * line number, so every error names file, line, key and what is wrong.
 * Relative paths are resolved from the folder of the config file.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ini.h>

#include "config.h"

struct parse {
	struct config *c;
	char msg[512];
};

static char *
xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (p == NULL)
		abort();
	return p;
}

static void
set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int
parse_long(const char *v, long min, long max, long *out, int base)
{
	char *end;
	errno = 0;
	if (*v == '\0' || *v == '-' || *v == '+' || *v == ' ')
		return -1;
	long n = strtol(v, &end, base);
	if (errno || *end != '\0' || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static int
parse_bool(const char *v, int *out)
{
	if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = 1;
	else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = 0;
	else
		return -1;
	return 0;
}

static int
is_colour(const char *v)
{
	if (strlen(v) != 7 || v[0] != '#')
		return 0;
	for (int i = 1; i < 7; i++)
		if (!strchr("0123456789abcdefABCDEF", v[i]))
			return 0;
	return 1;
}

/* Resolve a path relative to the config file's folder. */
static char *
resolve(const struct config *c, const char *v)
{
	if (v[0] == '/' || c->dir == NULL || v[0] == '\0')
		return xstrdup(v);
	size_t n = strlen(c->dir) + strlen(v) + 2;
	char *p = malloc(n);
	if (p == NULL)
		abort();
	snprintf(p, n, "%s/%s", c->dir, v);
	return p;
}

enum kind { STR, PATH, INT, OCT, BOOL, COLOUR };

struct key {
	const char *section, *name;
	enum kind kind;
	size_t off;
	long min, max;
};

#define O(f) offsetof(struct config, f)
static const struct key keys[] = {
	{ "authority", "name", STR, O(authority_name), 1, 120 },
	{ "authority", "service_name", STR, O(service_name), 1, 80 },
	{ "authority", "logo", STR, O(logo), 0, 180 },
	{ "authority", "header_colour", COLOUR, O(header_colour), 0, 0 },
	{ "authority", "accessibility_url", STR, O(accessibility_url), 1, 180 },
	{ "authority", "privacy_url", STR, O(privacy_url), 1, 180 },
	{ "authority", "acceptable_use_file", PATH, O(aup_file), 0, 0 },
	{ "authority", "acceptable_use_version", INT, O(aup_version), 1, 1000000 },
	{ "terminology", "assessment", STR, O(assessment_name), 1, 80 },
	{ "terminology", "lead", STR, O(lead_title), 1, 80 },
	{ "terminology", "assessment_form", STR, O(assessment_form), 1, 40 },
	{ "timescales", "assessment_weeks", INT, O(assessment_weeks), 1, 104 },
	{ "timescales", "review_weeks", INT, O(review_weeks), 1, 104 },
	{ "timescales", "episode_months", INT, O(episode_months), 1, 120 },
	{ "safeguarding", "daytime", STR, O(safeguarding_day), 1, 120 },
	{ "safeguarding", "out_of_hours", STR, O(safeguarding_out_of_hours), 1, 120 },
	{ "server", "socket", PATH, O(socket_path), 0, 0 },
	{ "server", "socket_mode", OCT, O(socket_mode), 0, 0777 },
	{ "server", "threads", INT, O(threads), 1, 256 },
	{ "server", "base_url", STR, O(base_url), 8, 180 },
	{ "server", "tls", BOOL, O(tls), 0, 0 },
	{ "server", "max_body", INT, O(max_body), 1024, 64L * 1024 * 1024 },
	{ "server", "max_fields", INT, O(max_fields), 1, 100000 },
	{ "server", "max_field", INT, O(max_field), 64, 64L * 1024 * 1024 },
	{ "server", "templates", PATH, O(templates_dir), 0, 0 },
	{ "server", "static", PATH, O(static_dir), 0, 0 },
	{ "database", "path", PATH, O(db_path), 0, 0 },
	{ "database", "schema", PATH, O(schema_dir), 0, 0 },
	{ "database", "forms", PATH, O(forms_dir), 0, 0 },
	{ "database", "busy_timeout_ms", INT, O(busy_timeout_ms), 1, 600000 },
	{ "database", "writer_batch", INT, O(writer_batch), 1, 10000 },
	{ "session", "idle_timeout", INT, O(idle_timeout), 5, 86400 },
	{ "session", "absolute_lifetime", INT, O(absolute_lifetime), 10, 7 * 86400 },
	{ "session", "held_form_lifetime", INT, O(held_form_lifetime), 10, 86400 },
	{ "security", "audit_key", PATH, O(audit_key_file), 0, 0 },
	{ "security", "audit_anchor", PATH, O(audit_anchor_file), 0, 0 },
	{ "security", "anchor_every", INT, O(anchor_every), 1, 1000000 },
	{ "security", "pwhash_opslimit", INT, O(pwhash_opslimit), 2, 64 },
	{ "security", "pwhash_memlimit_mib", INT, O(pwhash_memlimit_mib), 64, 4096 },
	{ "security", "max_concurrent_hashes", INT, O(max_concurrent_hashes), 1, 64 },
	{ "security", "lockout_threshold", INT, O(lockout_threshold), 1, 100 },
	{ "security", "lockout_seconds", INT, O(lockout_seconds), 1, 86400 },
	{ "security", "password_list", PATH, O(password_list), 0, 0 },
	{ "episodes", "closure_reasons", STR, O(closure_reasons), 3, 180 },
	{ "episodes", "break_glass_minutes", INT, O(break_glass_minutes), 1, 1440 },
	{ "episodes", "break_glass_daily_quota", INT, O(break_glass_daily), 1, 100 },
	{ "commissioning", "name", STR, O(commission_name), 1, 80 },
	{ "commissioning", "max_pence", INT, O(commission_max_pence), 100, 100000000 },
	{ "search", "result_cap", INT, O(search_cap), 1, 1000 },
	{ "search", "show_case_holder", BOOL, O(search_show_holder), 0, 0 },
};
#undef O

static void
defaults(struct config *c)
{
	c->authority_name = xstrdup("Exampleshire County Council");
	c->service_name = xstrdup("Early Help");
	c->logo = xstrdup("");
	c->header_colour = xstrdup("#1d4f3f");
	c->accessibility_url = xstrdup("/accessibility");
	c->privacy_url = xstrdup("/privacy");
	c->aup_file = resolve(c, "docs/acceptable-use.md");
	c->aup_version = 1;
	c->assessment_name = xstrdup("Early Help Assessment");
	c->lead_title = xstrdup("Lead Practitioner");
	c->assessment_form = xstrdup("eha");
	c->assessment_weeks = 10;
	c->review_weeks = 8;
	c->episode_months = 9;
	c->safeguarding_day = xstrdup("01234 567890");
	c->safeguarding_out_of_hours = xstrdup("01234 567891");
	c->socket_path = resolve(c, "var/ehm.sock");
	c->socket_mode = 0666;
	c->threads = 16;
	c->base_url = xstrdup("http://127.0.0.1:8080");
	c->tls = 0;
	c->max_body = 1024 * 1024;
	c->max_fields = 1000;
	c->max_field = 256 * 1024;
	c->templates_dir = resolve(c, "templates");
	c->static_dir = resolve(c, "static");
	c->db_path = resolve(c, "var/ehm.db");
	c->schema_dir = resolve(c, "schema");
	c->forms_dir = resolve(c, "schema/forms");
	c->busy_timeout_ms = 10000;
	c->writer_batch = 256;
	c->idle_timeout = 1800;
	c->absolute_lifetime = 43200;
	c->held_form_lifetime = 900;
	c->audit_key_file = resolve(c, "var/audit.key");
	c->audit_anchor_file = resolve(c, "var/audit.anchor");
	c->anchor_every = 100;
	c->pwhash_opslimit = 2;
	c->pwhash_memlimit_mib = 64;
	c->max_concurrent_hashes = 4;
	c->lockout_threshold = 5;
	c->lockout_seconds = 60;
	c->password_list = xstrdup("/usr/share/john/password.lst");
	c->search_cap = 50;
	c->closure_reasons = xstrdup("Needs met|Stepped up to children's social care|"
	    "Family moved out of the area|Family no longer wants support|"
	    "Support continues through a universal service|Other");
	c->break_glass_minutes = 120;
	c->commission_name = xstrdup("Personalised commissioning");
	c->commission_max_pence = 50000;
	c->break_glass_daily = 3;
	c->search_show_holder = 1;
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse *p = user;
	struct config *c = p->c;
	/* Debian's libinih goes on after an error: keep the first one. */
	if (p->msg[0])
		return 0;

	if (!strcmp(section, "server") && !strcmp(name, "trusted_proxies")) {
		char *copy = xstrdup(value), *save = NULL;
		for (int i = 0; i < c->nproxies; i++)
			free(c->proxies[i]);
		c->nproxies = 0;
		for (char *t = strtok_r(copy, " ,", &save); t; t = strtok_r(NULL, " ,", &save)) {
			if (c->nproxies == CONFIG_MAX_PROXIES) {
				snprintf(p->msg, sizeof p->msg,
				    "key 'trusted_proxies' in [server]: at most %d addresses",
				    CONFIG_MAX_PROXIES);
				free(copy);
				return 0;
			}
			c->proxies[c->nproxies++] = xstrdup(t);
		}
		free(copy);
		return 1;
	}

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct key *k = &keys[i];
		if (strcmp(k->section, section) || strcmp(k->name, name))
			continue;
		char *base = (char *)c;
		switch (k->kind) {
		case STR:
			if (strlen(value) < (size_t)k->min || strlen(value) > (size_t)k->max) {
				snprintf(p->msg, sizeof p->msg,
				    "key '%s' in [%s]: must be %ld to %ld characters",
				    name, section, k->min, k->max);
				return 0;
			}
			set_str((char **)(base + k->off), value);
			return 1;
		case PATH:
			if (value[0] == '\0') {
				snprintf(p->msg, sizeof p->msg,
				    "key '%s' in [%s]: must be a path", name, section);
				return 0;
			}
			free(*(char **)(base + k->off));
			*(char **)(base + k->off) = resolve(c, value);
			return 1;
		case INT:
			if (parse_long(value, k->min, k->max, (long *)(base + k->off), 10) != 0) {
				snprintf(p->msg, sizeof p->msg,
				    "key '%s' in [%s]: '%.40s' is not a whole number from %ld to %ld",
				    name, section, value, k->min, k->max);
				return 0;
			}
			return 1;
		case OCT:
			if (parse_long(value, k->min, k->max, (long *)(base + k->off), 8) != 0) {
				snprintf(p->msg, sizeof p->msg,
				    "key '%s' in [%s]: '%.40s' is not an octal mode like 0660",
				    name, section, value);
				return 0;
			}
			return 1;
		case BOOL:
			if (parse_bool(value, (int *)(base + k->off)) != 0) {
				snprintf(p->msg, sizeof p->msg,
				    "key '%s' in [%s]: '%.40s' is not true or false",
				    name, section, value);
				return 0;
			}
			return 1;
		case COLOUR:
			if (!is_colour(value)) {
				snprintf(p->msg, sizeof p->msg,
				    "key '%s' in [%s]: '%.40s' is not a colour like #1d4f3f",
				    name, section, value);
				return 0;
			}
			set_str((char **)(base + k->off), value);
			return 1;
		}
	}
	snprintf(p->msg, sizeof p->msg, "key '%s' in [%s] is not a known setting",
	    name, section);
	return 0;
}

int
ini_malformed_line(const char *path, int want)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	char line[512];
	int n = 0, bad = 0;
	while (fgets(line, sizeof line, f)) {
		if (++n != want)
			continue;
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		bad = *s != '[' && *s != ';' && *s != '#' && *s != '\n' && *s != '\0' && !strchr(s, '=');
		break;
	}
	fclose(f);
	return bad;
}

int
ini_long_line(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	int ch, col = 0, line = 1, bad = 0;
	while ((ch = fgetc(f)) != EOF && !bad) {
		if (ch == '\n') {
			line++;
			col = 0;
		} else if (++col > INI_LINE_LIMIT)
			bad = line;
	}
	fclose(f);
	return bad;
}

char *
config_locate(const char *explicit_path)
{
	if (explicit_path && *explicit_path)
		return xstrdup(explicit_path);
	const char *env = getenv("EHM_CONFIG");
	if (env && *env)
		return xstrdup(env);
	if (access("config.ini", F_OK) == 0)
		return xstrdup("config.ini");
	if (access("config.example.ini", F_OK) == 0)
		return xstrdup("config.example.ini");
	return NULL;
}

struct config *
config_load(const char *path, char *err, size_t errlen)
{
	struct config *c = calloc(1, sizeof *c);
	if (c == NULL)
		abort();

	char abs[PATH_MAX];
	if (path == NULL) {
		char cwd[PATH_MAX];
		c->dir = xstrdup(getcwd(cwd, sizeof cwd) ? cwd : ".");
		defaults(c);
		return c;
	}
	if (realpath(path, abs) == NULL) {
		snprintf(err, errlen, "%s: cannot read config file: %s", path, strerror(errno));
		free(c);
		return NULL;
	}
	c->file = xstrdup(abs);
	char *slash = strrchr(abs, '/');
	*slash = '\0';
	c->dir = xstrdup(abs[0] ? abs : "/");
	defaults(c);

	struct parse p = { .c = c };
	/* libinih cuts lines at 200 bytes: refuse longer ones rather than misread them. */
	int longline = ini_long_line(c->file);
	if (longline > 0) {
		snprintf(err, errlen, "%s:%d: line is longer than %d characters", c->file, longline,
		    INI_LINE_LIMIT);
		config_free(c);
		return NULL;
	}
	int rc = ini_parse(c->file, handler, &p);
	if (rc != 0) {
		if (rc < 0)
			snprintf(err, errlen, "%s: cannot read config file", c->file);
		else if (p.msg[0] && !ini_malformed_line(c->file, rc))
			snprintf(err, errlen, "%s:%d: %s", c->file, rc, p.msg);
		else
			snprintf(err, errlen, "%s:%d: not a 'key = value' line or [section]",
			    c->file, rc);
		config_free(c);
		return NULL;
	}
	/* `make run` on another PORT says so here, or every form POST would fail the Origin check. */
	const char *env = getenv("EHM_BASE_URL");
	if (env && *env && strlen(env) <= 180)
		set_str(&c->base_url, env);
	size_t bl = strlen(c->base_url);
	while (bl > 0 && c->base_url[bl - 1] == '/')
		c->base_url[--bl] = '\0';
	if (strncmp(c->base_url, "http://", 7) && strncmp(c->base_url, "https://", 8)) {
		snprintf(err, errlen, "%s: key 'base_url' in [server]: must start with http:// or https://",
		    c->file);
		config_free(c);
		return NULL;
	}
	return c;
}

void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].kind == STR || keys[i].kind == PATH || keys[i].kind == COLOUR)
			free(*(char **)((char *)c + keys[i].off));
	for (int i = 0; i < c->nproxies; i++)
		free(c->proxies[i]);
	free(c->file);
	free(c->dir);
	free(c);
}

/*
 * The current configuration.  A request takes the pointer once at its start;
 * a SIGHUP swaps in a new one.  Replaced configurations are kept (never freed)
 * because a request in flight may still hold them; a reload is rare and small.
 */
static struct config *current;
static pthread_mutex_t current_lock = PTHREAD_MUTEX_INITIALIZER;

const struct config *
config_current(void)
{
	pthread_mutex_lock(&current_lock);
	const struct config *c = current;
	pthread_mutex_unlock(&current_lock);
	return c;
}

void
config_set_current(struct config *c)
{
	pthread_mutex_lock(&current_lock);
	current = c;
	pthread_mutex_unlock(&current_lock);
}
