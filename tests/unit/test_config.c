/*
 * test_config.c -- config_load (src/config.c) on temporary files: defaults,
 * every refusal naming file, line and key, relative paths resolved from the
 * config file's folder, octal socket modes, booleans and proxies.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "config.h"

struct tmp {
	char dir[PATH_MAX];     /* realpath of a fresh folder */
	char file[PATH_MAX];    /* dir/config.ini */
};

static int
setup(void **state)
{
	struct tmp *t = calloc(1, sizeof *t);
	char tmpl[] = "/tmp/ehm-config-XXXXXX";
	if (t == NULL || mkdtemp(tmpl) == NULL)
		return -1;
	if (realpath(tmpl, t->dir) == NULL)
		return -1;
	snprintf(t->file, sizeof t->file, "%s/config.ini", t->dir);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct tmp *t = *state;
	char p[PATH_MAX + 32];
	unlink(t->file);
	snprintf(p, sizeof p, "%s/sub/other.ini", t->dir);
	unlink(p);
	snprintf(p, sizeof p, "%s/sub", t->dir);
	rmdir(p);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* Load text as the config file; returns the config or NULL with err filled. */
static struct config *
load(struct tmp *t, const char *text, char *err, size_t errlen)
{
	write_file(t->file, text);
	err[0] = '\0';
	return config_load(t->file, err, errlen);
}

/* The load must fail; err must name the file, the line and each needle. */
static void
expect_refused(struct tmp *t, const char *text, int line, const char *n1, const char *n2)
{
	char err[1024];
	struct config *c = load(t, text, err, sizeof err);
	if (c != NULL) {
		config_free(c);
		fail_msg("accepted a bad config:\n%s", text);
	}
	char want[PATH_MAX + 32];
	if (line > 0)
		snprintf(want, sizeof want, "%s:%d: ", t->file, line);
	else
		snprintf(want, sizeof want, "%s", t->file);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' does not start with '%s'", err, want);
	if (n1 && strstr(err, n1) == NULL)
		fail_msg("error '%s' does not mention '%s'", err, n1);
	if (n2 && strstr(err, n2) == NULL)
		fail_msg("error '%s' does not mention '%s'", err, n2);
}

static char *
join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", dir, rel);
	return p;
}

static void
assert_path(const char *got, const char *dir, const char *rel)
{
	char *want = join(dir, rel);
	assert_string_equal(got, want);
	free(want);
}

/* ---- defaults --------------------------------------------------------------- */

static void
empty_file_gives_defaults(void **state)
{
	struct tmp *t = *state;
	char err[512];
	struct config *c = load(t, "; nothing set\n", err, sizeof err);
	assert_non_null(c);
	assert_string_equal(c->file, t->file);
	assert_string_equal(c->dir, t->dir);
	assert_string_equal(c->authority_name, "Exampleshire County Council");
	assert_string_equal(c->service_name, "Early Help");
	assert_string_equal(c->header_colour, "#1d4f3f");
	assert_int_equal(c->threads, 16);
	assert_int_equal(c->socket_mode, 0666);
	assert_int_equal(c->tls, 0);
	assert_int_equal(c->nproxies, 0);
	assert_int_equal(c->max_body, 1024 * 1024);
	assert_int_equal(c->max_fields, 1000);
	assert_int_equal(c->max_field, 256 * 1024);
	assert_int_equal(c->busy_timeout_ms, 10000);
	assert_int_equal(c->writer_batch, 256);
	assert_int_equal(c->idle_timeout, 1800);
	assert_int_equal(c->absolute_lifetime, 43200);
	assert_int_equal(c->anchor_every, 100);
	assert_int_equal(c->pwhash_opslimit, 2);
	assert_int_equal(c->pwhash_memlimit_mib, 64);
	assert_int_equal(c->search_cap, 50);
	assert_int_equal(c->search_show_holder, 1);
	assert_string_equal(c->base_url, "http://127.0.0.1:8080");
	/* Default paths are relative to the config file's folder. */
	assert_path(c->db_path, t->dir, "var/ehm.db");
	assert_path(c->schema_dir, t->dir, "schema");
	assert_path(c->forms_dir, t->dir, "schema/forms");
	assert_path(c->socket_path, t->dir, "var/ehm.sock");
	assert_path(c->templates_dir, t->dir, "templates");
	assert_path(c->static_dir, t->dir, "static");
	assert_path(c->audit_key_file, t->dir, "var/audit.key");
	assert_path(c->audit_anchor_file, t->dir, "var/audit.anchor");
	assert_path(c->aup_file, t->dir, "docs/acceptable-use.md");
	assert_string_equal(c->password_list, "/usr/share/john/password.lst");
	config_free(c);
}

static void
null_path_gives_defaults(void **state)
{
	(void)state;
	char err[512] = "";
	struct config *c = config_load(NULL, err, sizeof err);
	assert_non_null(c);
	assert_null(c->file);
	char cwd[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_string_equal(c->dir, cwd);
	assert_path(c->db_path, cwd, "var/ehm.db");
	assert_int_equal(c->threads, 16);
	config_free(c);
}

static void
example_file_loads(void **state)
{
	(void)state;
	/* The shipped example documents every key: it must load as it is. */
	char err[512] = "";
	struct config *c = config_load("config.example.ini", err, sizeof err);
	if (c == NULL)
		fail_msg("config.example.ini refused: %s", err);
	assert_int_equal(c->threads, 16);
	assert_int_equal(c->socket_mode, 0666);
	config_free(c);
}

static void
values_set(void **state)
{
	struct tmp *t = *state;
	char err[512];
	struct config *c = load(t,
	    "[authority]\n"
	    "name = Borsetshire Council\n"
	    "header_colour = #0B0C0C\n"
	    "logo =\n"
	    "[server]\n"
	    "threads = 32\n"
	    "tls = yes\n"
	    "base_url = https://help.example.org///\n"
	    "trusted_proxies = 10.0.0.1, 10.0.0.2 ::1\n"
	    "max_fields = 50\n"
	    "[search]\n"
	    "show_case_holder = off\n",
	    err, sizeof err);
	if (c == NULL)
		fail_msg("refused: %s", err);
	assert_string_equal(c->authority_name, "Borsetshire Council");
	assert_string_equal(c->header_colour, "#0B0C0C");
	assert_string_equal(c->logo, "");
	assert_int_equal(c->threads, 32);
	assert_int_equal(c->tls, 1);
	assert_int_equal(c->search_show_holder, 0);
	assert_string_equal(c->base_url, "https://help.example.org");  /* trailing '/' dropped */
	assert_int_equal(c->nproxies, 3);
	assert_string_equal(c->proxies[0], "10.0.0.1");
	assert_string_equal(c->proxies[1], "10.0.0.2");
	assert_string_equal(c->proxies[2], "::1");
	assert_int_equal(c->max_fields, 50);
	config_free(c);
}

/* ---- refusals ------------------------------------------------------------------ */

static void
non_numeric_threads_refused(void **state)
{
	struct tmp *t = *state;
	expect_refused(t, "[server]\n; comment\nthreads = many\n", 3, "threads", "[server]");
	expect_refused(t, "[server]\nthreads = 4x\n", 2, "threads", NULL);
	expect_refused(t, "[server]\nthreads =\n", 2, "threads", NULL);
	expect_refused(t, "[server]\nthreads = -4\n", 2, "threads", NULL);
	expect_refused(t, "[server]\nthreads = +4\n", 2, "threads", NULL);
	expect_refused(t, "[server]\nthreads = 0x10\n", 2, "threads", NULL);
	expect_refused(t, "[server]\nthreads = 99999999999999999999999\n", 2, "threads", NULL);
	/* Out of range. */
	expect_refused(t, "[server]\nthreads = 0\n", 2, "threads", "1 to 256");
	expect_refused(t, "[server]\nthreads = 257\n", 2, "threads", NULL);
}

static void
unknown_key_refused(void **state)
{
	struct tmp *t = *state;
	expect_refused(t, "[server]\nthreads = 4\nthread = 4\n", 3, "'thread'", "not a known setting");
	/* A known key in the wrong section is unknown there. */
	expect_refused(t, "[database]\nthreads = 4\n", 2, "'threads'", "[database]");
	expect_refused(t, "[nosuchsection]\nname = x\n", 2, "nosuchsection", NULL);
	/* A key before any section. */
	expect_refused(t, "threads = 4\n", 1, "'threads'", NULL);
}

static void
bad_colour_refused(void **state)
{
	struct tmp *t = *state;
	expect_refused(t, "[authority]\nheader_colour = blue\n", 2, "header_colour", "colour");
	expect_refused(t, "[authority]\nheader_colour = #12345\n", 2, "header_colour", NULL);
	expect_refused(t, "[authority]\nheader_colour = #1234567\n", 2, "header_colour", NULL);
	expect_refused(t, "[authority]\nheader_colour = #12345g\n", 2, "header_colour", NULL);
	expect_refused(t, "[authority]\nheader_colour = 1d4f3f\n", 2, "header_colour", NULL);
	expect_refused(t, "[authority]\nheader_colour =\n", 2, "header_colour", NULL);
}

static void
other_refusals(void **state)
{
	struct tmp *t = *state;
	expect_refused(t, "[server]\ntls = maybe\n", 2, "tls", NULL);
	expect_refused(t, "[server]\nbase_url = ftp://example.org\n", 0, "base_url", NULL);
	expect_refused(t, "[server]\nmax_body = 10\n", 2, "max_body", NULL);
	expect_refused(t, "[authority]\nname =\n", 2, "'name'", "[authority]");
	expect_refused(t, "[database]\npath =\n", 2, "'path'", NULL);
	expect_refused(t, "[server]\nthis line has no equals sign\n", 2, NULL, NULL);
	expect_refused(t, "[server\nthreads = 4\n", 1, NULL, NULL);
	expect_refused(t, "[server]\ntrusted_proxies = 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
	    2, "trusted_proxies", NULL);
}

static void
first_error_reported(void **state)
{
	/*
	 * libinih keeps parsing after a bad line and returns the first bad line's
	 * number: the message must describe that same line, not a later one.
	 */
	struct tmp *t = *state;
	expect_refused(t,
	    "[server]\n"
	    "threads = many\n"
	    "socket_mode = 0660\n"
	    "bogus = 1\n",
	    2, "'threads'", "many");
}

static void
malformed_line_then_bad_key(void **state)
{
	/* A malformed line first, then a bad key: line 2 is the malformed one. */
	struct tmp *t = *state;
	char err[1024];
	struct config *c = load(t, "[server]\nno equals here\nbogus = 1\n", err, sizeof err);
	assert_null(c);
	char want[PATH_MAX + 32];
	snprintf(want, sizeof want, "%s:2: ", t->file);
	if (strstr(err, want) == NULL || strstr(err, "bogus") != NULL)
		fail_msg("error '%s' should describe line 2, not the later 'bogus' key", err);
}

static void
long_values_accepted(void **state)
{
	/*
	 * Debian's libinih cuts lines at 200 bytes.  A value up to the documented
	 * maximum (180 characters) loads whole; a longer line is refused with a
	 * message naming its line, never silently cut.
	 */
	struct tmp *t = *state;
	char reasons[200] = "";
	size_t o = 0;
	for (int i = 0; o < 150; i++)
		o += (size_t)snprintf(reasons + o, sizeof reasons - o, "%sReason %d", i ? "|" : "", i);
	char text[4096];
	snprintf(text, sizeof text, "[episodes]\nclosure_reasons = %s\n", reasons);
	char err[1024];
	struct config *c = load(t, text, err, sizeof err);
	if (c == NULL)
		fail_msg("a %zu-character closure_reasons was refused: %s", strlen(reasons), err);
	assert_string_equal(c->closure_reasons, reasons);
	config_free(c);
	char url[400];
	snprintf(url, sizeof url, "https://www.example.gov.uk/privacy?section=early-help&lang=en");
	while (strlen(url) < 300)
		strcat(url, "&x=yyyyyyyyyy");
	snprintf(text, sizeof text, "[authority]\nname = X\nprivacy_url = %s\n", url);
	c = load(t, text, err, sizeof err);
	assert_null(c);
	char want[PATH_MAX + 32];
	snprintf(want, sizeof want, "%s:3: line is longer than", t->file);
	if (strstr(err, want) == NULL)
		fail_msg("error '%s' should say line 3 is too long", err);
}

static void
missing_file_refused(void **state)
{
	struct tmp *t = *state;
	char err[512] = "";
	char *p = join(t->dir, "does-not-exist.ini");
	struct config *c = config_load(p, err, sizeof err);
	assert_null(c);
	assert_non_null(strstr(err, p));
	assert_non_null(strstr(err, "cannot read"));
	free(p);
}

/* ---- paths --------------------------------------------------------------- */

static void
relative_paths_resolved_from_config_folder(void **state)
{
	struct tmp *t = *state;
	char sub[PATH_MAX + 8];
	snprintf(sub, sizeof sub, "%s/sub", t->dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	char other[PATH_MAX + 32];
	snprintf(other, sizeof other, "%s/other.ini", sub);
	write_file(other,
	    "[database]\n"
	    "path = data/ehm.db\n"
	    "schema = ../schema\n"
	    "[security]\n"
	    "audit_key = /etc/ehm/audit.key\n"
	    "audit_anchor = anchor\n"
	    "[server]\n"
	    "socket = run/ehm.sock\n");
	/* Load through a relative name from another working directory. */
	char cwd[PATH_MAX];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(t->dir), 0);
	char err[512] = "";
	struct config *c = config_load("sub/other.ini", err, sizeof err);
	assert_int_equal(chdir(cwd), 0);
	if (c == NULL)
		fail_msg("refused: %s", err);
	assert_string_equal(c->file, other);
	assert_string_equal(c->dir, sub);
	assert_path(c->db_path, sub, "data/ehm.db");
	assert_path(c->schema_dir, sub, "../schema");
	assert_string_equal(c->audit_key_file, "/etc/ehm/audit.key");
	assert_path(c->audit_anchor_file, sub, "anchor");
	assert_path(c->socket_path, sub, "run/ehm.sock");
	/* Paths not set are the defaults, resolved from the same folder. */
	assert_path(c->templates_dir, sub, "templates");
	config_free(c);
	unlink(other);
}

/* ---- octal ------------------------------------------------------------------ */

static void
socket_mode_octal(void **state)
{
	struct tmp *t = *state;
	static const struct { const char *v; long want; } ok[] = {
		{ "0660", 0660 }, { "660", 0660 }, { "0600", 0600 }, { "0777", 0777 },
		{ "0", 0 }, { "0644", 0644 },
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char text[128], err[512];
		snprintf(text, sizeof text, "[server]\nsocket_mode = %s\n", ok[i].v);
		struct config *c = load(t, text, err, sizeof err);
		if (c == NULL)
			fail_msg("socket_mode %s refused: %s", ok[i].v, err);
		assert_int_equal(c->socket_mode, ok[i].want);
		config_free(c);
	}
	expect_refused(t, "[server]\nsocket_mode = 0999\n", 2, "socket_mode", "octal");
	expect_refused(t, "[server]\nsocket_mode = 0668\n", 2, "socket_mode", NULL);
	expect_refused(t, "[server]\nsocket_mode = 01777\n", 2, "socket_mode", NULL);
	expect_refused(t, "[server]\nsocket_mode = rw-rw----\n", 2, "socket_mode", NULL);
	expect_refused(t, "[server]\nsocket_mode = -0660\n", 2, "socket_mode", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(empty_file_gives_defaults, setup, teardown),
		cmocka_unit_test(null_path_gives_defaults),
		cmocka_unit_test(example_file_loads),
		cmocka_unit_test_setup_teardown(values_set, setup, teardown),
		cmocka_unit_test_setup_teardown(non_numeric_threads_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_key_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_colour_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(other_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(first_error_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_line_then_bad_key, setup, teardown),
		cmocka_unit_test_setup_teardown(long_values_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_file_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(relative_paths_resolved_from_config_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(socket_mode_octal, setup, teardown),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
