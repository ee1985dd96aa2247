/*
 * cli.c -- `ehm` and its subcommands, in the manner of Fossil: serve, init,
 * user add/passwd, demo, backup, check, version, routes, nginx-conf.
 *
 * Every subcommand takes --config PATH (else $EHM_CONFIG, ./config.ini,
 * ./config.example.ini).  Subcommands that change data go through the same
 * writer (and audit trail) as the web service.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"
#include "auth.h"
#include "demo.h"
#include "forms.h"
#include "migrate.h"
#include "server.h"
#include "writer.h"

struct cmd {
	const char *name;
	int (*fn)(const char *cfgpath, int argc, char **argv);
	const char *summary;
	const char *usage;
};

static const struct cmd cmds[];

static const char *
opt(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc - 1; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

static int
flag(int argc, char **argv, const char *name)
{
	for (int i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static struct config *
load(const char *cfgpath)
{
	char err[1024];
	char *path = config_locate(cfgpath);
	struct config *c = config_load(path, err, sizeof err);
	free(path);
	if (c == NULL)
		fprintf(stderr, "ehm: %s\n", err);
	else
		config_set_current(c);
	return c;
}

static int
open_writer(struct config *cfg)
{
	char err[1024];
	if (writer_start(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return -1;
	}
	return 0;
}

/* ---- serve ---- */
static int
cmd_serve(const char *cfgpath, int argc, char **argv)
{
	(void)argc; (void)argv;
	char *path = config_locate(cfgpath);
	int rc = server_main(path);
	free(path);
	return rc;
}

/* ---- init ---- */
static int
cmd_init(const char *cfgpath, int argc, char **argv)
{
	(void)argc; (void)argv;
	struct config *cfg = load(cfgpath);
	if (cfg == NULL)
		return 2;
	char err[1024];
	/* Make the database's folder if it is missing (var/ on a fresh clone). */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", cfg->db_path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0750);
	}
	int existed = access(cfg->db_path, F_OK) == 0;
	struct dbc *db = db_open(cfg, 0, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	int applied = 0;
	if (migrate_apply(db, cfg->schema_dir, &applied, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: migration failed: %s\n", err);
		db_close(db);
		return 1;
	}
	long long v = db_int(db, "PRAGMA user_version", 0);
	db_close(db);
	if (audit_key_create(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	printf("%s: %s, schema version %lld (%d migration%s applied)\n", cfg->db_path,
	    existed ? "database up to date" : "database created", v, applied,
	    applied == 1 ? "" : "s");
	return 0;
}

/* ---- user ---- */

static char *
read_password(void)
{
	static char pw[1100];
	if (fgets(pw, sizeof pw, stdin) == NULL)
		return NULL;
	pw[strcspn(pw, "\r\n")] = '\0';
	return pw;
}

struct passwd_unit {
	const char *username, *hash;
	long long id;
};

static int
passwd_unit(struct dbc *w, void *arg)
{
	struct passwd_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "UPDATE user SET password_hash = ?2, failed_count = 0,"
	    " locked_until = 0, version = version + 1 WHERE username = ?1 RETURNING id");
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->hash);
	u->id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (u->id == 0)
		return 1;
	st = db_prep(w, "DELETE FROM session WHERE user_id = ?1");
	db_bind_int(st, 1, u->id);
	sqlite3_step(st);
	db_done(st);
	struct audit_entry e = { .action = "user.password", .record_type = "user",
		.record_id = u->id, .route = "cli", .ip = "" };
	return audit_add(w, &e);
}

static int
cmd_user(const char *cfgpath, int argc, char **argv)
{
	if (argc < 1 || (strcmp(argv[0], "add") && strcmp(argv[0], "passwd"))) {
		fprintf(stderr, "usage: ehm user add|passwd ... (see ehm user --help)\n");
		return 2;
	}
	const char *username = opt(argc, argv, "--username");
	if (username == NULL) {
		fprintf(stderr, "ehm: --username is required\n");
		return 2;
	}
	if (!flag(argc, argv, "--password-stdin")) {
		fprintf(stderr, "ehm: give the password on standard input with --password-stdin\n");
		return 2;
	}
	struct config *cfg = load(cfgpath);
	if (cfg == NULL)
		return 2;
	char err[1024];
	if (sodium_init() < 0 || auth_init(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	char *pw = read_password();
	if (pw == NULL) {
		fprintf(stderr, "ehm: no password on standard input\n");
		return 2;
	}
	if (open_writer(cfg) != 0)
		return 1;
	int rc;
	if (!strcmp(argv[0], "add")) {
		const char *role = opt(argc, argv, "--role");
		const char *agency = opt(argc, argv, "--agency");
		if (role == NULL || agency == NULL) {
			fprintf(stderr, "ehm: --role and --agency are required\n");
			writer_stop();
			return 2;
		}
		rc = cli_user_add(cfg, username, role, agency, opt(argc, argv, "--agency-kind"),
		    opt(argc, argv, "--team"), opt(argc, argv, "--name"),
		    opt(argc, argv, "--email"), pw, 0);
	} else {
		const char *problem = auth_password_problem(pw, username);
		char hash[128];
		if (problem) {
			fprintf(stderr, "ehm: %s\n", problem);
			rc = 2;
		} else if (auth_hash_password(pw, hash) != 0) {
			fprintf(stderr, "ehm: not enough memory to hash the password\n");
			rc = 1;
		} else {
			struct passwd_unit u = { .username = username, .hash = hash };
			rc = writer_run(passwd_unit, &u);
			if (rc == 1)
				fprintf(stderr, "ehm: no user called '%s'\n", username);
			else if (rc == 0)
				printf("password changed for '%s'; their sessions have ended\n", username);
			rc = rc ? 1 : 0;
		}
	}
	sodium_memzero(pw, strlen(pw));
	writer_stop();
	return rc;
}

/* ---- demo ---- */
static int
cmd_demo(const char *cfgpath, int argc, char **argv)
{
	struct config *cfg = load(cfgpath);
	if (cfg == NULL)
		return 2;
	const char *people = opt(argc, argv, "--people");
	const char *seed = opt(argc, argv, "--seed");
	char *end = NULL;
	long n = people ? strtol(people, &end, 10) : 1000;
	if (people && (*end || n < 0 || n > 10000000)) {
		fprintf(stderr, "ehm: --people must be a number from 0 to 10000000\n");
		return 2;
	}
	long s = seed ? strtol(seed, &end, 10) : 1;
	if (seed && *end) {
		fprintf(stderr, "ehm: --seed must be a number\n");
		return 2;
	}
	char err[1024];
	if (sodium_init() < 0 || auth_init(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	/* The demo episodes' start and closure answers are stored under these forms. */
	if (forms_load(cfg->forms_dir, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: the forms could not be loaded: %s\n", err);
		return 1;
	}
	if (open_writer(cfg) != 0)
		return 1;
	int rc = demo_run(cfg, n, (unsigned long)s);
	writer_stop();
	return rc;
}

/* ---- backup ---- */
static int
cmd_backup(const char *cfgpath, int argc, char **argv)
{
	if (argc < 1 || argv[0][0] == '-') {
		fprintf(stderr, "usage: ehm backup FILE\n");
		return 2;
	}
	struct config *cfg = load(cfgpath);
	if (cfg == NULL)
		return 2;
	if (access(argv[0], F_OK) == 0) {
		fprintf(stderr, "ehm: %s already exists; choose a new file name\n", argv[0]);
		return 2;
	}
	char err[1024];
	struct dbc *db = db_open(cfg, 1, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	/*
	 * VACUUM INTO copies one consistent snapshot even while the service
	 * writes.  The copy (and its journal) is owner-only from its first byte.
	 */
	mode_t old_mask = umask(077);
	sqlite3_exec(db->db, "PRAGMA query_only=OFF", NULL, NULL, NULL);
	sqlite3_stmt *st = db_prep(db, "VACUUM INTO ?1");
	int rc = SQLITE_ERROR;
	if (st) {
		db_bind_text(st, 1, argv[0]);
		rc = sqlite3_step(st);
		db_done(st);
	}
	umask(old_mask);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "ehm: backup failed: %s\n", sqlite3_errmsg(db->db));
		db_close(db);
		return 1;
	}
	db_close(db);
	chmod(argv[0], 0600);
	printf("backup written to %s\n", argv[0]);
	return 0;
}

/* ---- check ---- */
static int
cmd_check(const char *cfgpath, int argc, char **argv)
{
	(void)argc; (void)argv;
	struct config *cfg = load(cfgpath);
	if (cfg == NULL)
		return 2;
	if (sodium_init() < 0)
		return 1;
	char err[1024];
	struct dbc *db = db_open(cfg, 1, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	int bad = 0;
	sqlite3_stmt *st = db_prep(db, "PRAGMA integrity_check");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *r = db_col_text(st, 0);
		if (strcmp(r, "ok")) {
			printf("integrity: %s\n", r);
			bad = 1;
		}
	}
	db_done(st);
	if (!bad)
		printf("integrity: ok\n");
	st = db_prep(db, "PRAGMA foreign_key_check");
	int fk = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW)
		fk++;
	db_done(st);
	if (fk) {
		printf("foreign keys: %d broken references\n", fk);
		bad = 1;
	} else
		printf("foreign keys: ok\n");
	char msg[512];
	if (audit_verify(db, cfg, msg, sizeof msg) != 0) {
		printf("audit: %s\n", msg);
		bad = 1;
	} else
		printf("audit: %s\n", msg);
	db_close(db);
	return bad;
}

/* ---- version, routes, nginx-conf ---- */
static int
cmd_version(const char *cfgpath, int argc, char **argv)
{
	(void)cfgpath; (void)argc; (void)argv;
	printf("ehm %s (SQLite %s, libsodium %s)\n", EHM_VERSION, sqlite3_libversion(),
	    sodium_version_string());
	return 0;
}

static int
cmd_routes(const char *cfgpath, int argc, char **argv)
{
	(void)cfgpath; (void)argc; (void)argv;
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *r = &routes[i];
		char roles[64] = "";
		if (r->roles == PUBLIC)
			strcpy(roles, "public");
		else {
			if (r->roles & ROLE_PRACTITIONER) strcat(roles, "practitioner,");
			if (r->roles & ROLE_MANAGER) strcat(roles, "manager,");
			if (r->roles & ROLE_ADMIN) strcat(roles, "admin,");
			roles[strlen(roles) - 1] = '\0';
		}
		printf("%s\t%s\t%s\t%s\t%s\n", (r->methods & M_POST) ? "POST" : "GET",
		    r->pattern, roles, r->changes_state ? "changes" : "reads", r->name);
	}
	return 0;
}

static int
cmd_nginx_conf(const char *cfgpath, int argc, char **argv)
{
	struct config *cfg = load(cfgpath);
	if (cfg == NULL)
		return 2;
	const char *port = opt(argc, argv, "--port");
	const char *dir = opt(argc, argv, "--dir");
	if (port == NULL)
		port = "8080";
	if (dir == NULL) {
		fprintf(stderr, "usage: ehm nginx-conf --dir DIR [--port PORT]\n");
		return 2;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (*end || p < 1 || p > 65535) {
		fprintf(stderr, "ehm: --port must be 1 to 65535\n");
		return 2;
	}
	char hdrs[2048] = "";
	for (int i = 0; security_headers[i][0]; i++) {
		char line[600];
		snprintf(line, sizeof line, "    add_header %s \"%s\" always;\n",
		    security_headers[i][0], security_headers[i][1]);
		strncat(hdrs, line, sizeof hdrs - strlen(hdrs) - 1);
	}
	long body = cfg->max_body * 4;
	if (body < 8L * 1024 * 1024)
		body = 8L * 1024 * 1024;
	/*
	 * A local instance started as root keeps its workers as root so they can
	 * reach files in a private checkout (mktemp -d is 0700); production uses
	 * the packaged nginx as www-data (docs/install.md).
	 */
	if (geteuid() == 0)
		printf("user root;\n");
	printf("# Generated by `ehm nginx-conf`: do not edit; re-run make run.\n"
	    "daemon off;\nworker_processes 2;\npid %s/nginx.pid;\nerror_log %s/nginx-error.log warn;\n"
	    "events { worker_connections 1024; }\n"
	    "http {\n"
	    "  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
	    "  types { text/javascript mjs; }\n"
	    "  server_tokens off;\n  charset utf-8;\n  sendfile on;\n"
	    "  client_body_temp_path %s/tmp/body;\n  proxy_temp_path %s/tmp/proxy;\n"
	    "  fastcgi_temp_path %s/tmp/fastcgi;\n  uwsgi_temp_path %s/tmp/uwsgi;\n"
	    "  scgi_temp_path %s/tmp/scgi;\n"
	    "  # The path only: query strings never reach the log.\n"
	    "  log_format ehm '$remote_addr [$time_iso8601] \"$request_method $uri\" $status "
	    "$body_bytes_sent $request_time';\n"
	    "  access_log %s/nginx-access.log ehm;\n"
	    "  client_max_body_size %ld;\n"
	    "  server {\n"
	    "    listen 127.0.0.1:%ld;\n"
	    "    location /static/ {\n      alias %s/;\n"
	    "      add_header Cache-Control \"public, max-age=3600\" always;\n%s"
	    "    }\n"
	    "    location = /favicon.ico {\n      alias %s/favicon.svg;\n"
	    "      types { } default_type image/svg+xml;\n%s    }\n"
	    "    location /static/errors/ {\n      internal;\n      alias %s/errors/;\n"
	    "      add_header Cache-Control \"no-store\" always;\n%s    }\n"
	    "    error_page 400 /static/errors/bad-request.html;\n"
	    "    error_page 413 /static/errors/too-large.html;\n"
	    "    error_page 502 503 504 /static/errors/unavailable.html;\n"
	    "    location / {\n"
	    "      include /etc/nginx/fastcgi_params;\n"
	    "      fastcgi_pass unix:%s;\n"
	    "      fastcgi_keep_conn off;\n"
	    "    }\n"
	    "  }\n"
	    "}\n",
	    dir, dir, dir, dir, dir, dir, dir, dir, body, p, cfg->static_dir, hdrs,
	    cfg->static_dir, hdrs, cfg->static_dir, hdrs, cfg->socket_path);
	return 0;
}

static int cmd_help(const char *cfgpath, int argc, char **argv);

static const struct cmd cmds[] = {
	{ "serve", cmd_serve, "run the FastCGI responder (or one CGI request)",
	  "ehm serve [--config PATH]\n"
	  "  Serves FastCGI on [server] socket with [server] threads threads; with\n"
	  "  GATEWAY_INTERFACE set, answers one plain CGI request from the environment\n"
	  "  and standard input.  SIGTERM/SIGINT stop cleanly; SIGHUP re-reads config.\n" },
	{ "init", cmd_init, "create the database or migrate it to the latest schema",
	  "ehm init [--config PATH]\n"
	  "  Applies schema/NNN_*.sql newer than the database's PRAGMA user_version, each\n"
	  "  in one transaction, and creates the audit key file if it is missing.\n" },
	{ "user", cmd_user, "add a user or set a user's password",
	  "ehm user add --username U --role practitioner|manager|admin --agency NAME\n"
	  "             [--agency-kind KIND] [--team NAME] [--name 'Full Name'] [--email E]\n"
	  "             --password-stdin\n"
	  "ehm user passwd --username U --password-stdin\n"
	  "  The agency and team are created if missing.  The password is read from the\n"
	  "  first line of standard input and must meet the password policy.\n" },
	{ "demo", cmd_demo, "create a demo authority with fake users and families",
	  "ehm demo [--people N] [--seed S] [--config PATH]\n"
	  "  Adds demo agencies, teams and users (printed with their password), and N\n"
	  "  people (default 1000, at most 10,000,000) in households, with episodes,\n"
	  "  consent, case notes, assessments, meetings, plans, contacts and referrals:\n"
	  "  one early help team per 5,000 people (at least two).  Deterministic for a\n"
	  "  given seed.  Progress goes to standard error.\n" },
	{ "backup", cmd_backup, "write a consistent copy of the database, even while serving",
	  "ehm backup FILE [--config PATH]\n"
	  "  Uses VACUUM INTO: one snapshot, safe while `ehm serve` is writing.\n"
	  "  Restore by stopping the service and putting FILE in place of the database.\n" },
	{ "check", cmd_check, "check database integrity and the audit chain",
	  "ehm check [--config PATH]\n"
	  "  Runs PRAGMA integrity_check and foreign_key_check, recomputes the audit\n"
	  "  hash chain and compares its head with the anchor file.  Exit 0 if all hold;\n"
	  "  otherwise 1, naming the first audit row that does not match.\n" },
	{ "version", cmd_version, "print the version", "ehm version\n" },
	{ "routes", cmd_routes, "list the route table (method, path, roles, kind, name)",
	  "ehm routes\n  Tab-separated: method, pattern, roles, reads|changes, name.\n" },
	{ "nginx-conf", cmd_nginx_conf, "print an nginx configuration for local serving",
	  "ehm nginx-conf --dir DIR [--port PORT] [--config PATH]\n"
	  "  Listens on 127.0.0.1:PORT, serves static files with the security headers,\n"
	  "  passes everything else to the FastCGI socket; temp files and logs in DIR.\n" },
	{ "help", cmd_help, "show help for a subcommand", "ehm help [COMMAND]\n" },
	{ NULL, NULL, NULL, NULL },
};

static void
usage(FILE *f)
{
	fprintf(f, "Early Help Module %s\n\nusage: ehm [--config PATH] COMMAND [options]\n\n"
	    "Commands:\n", EHM_VERSION);
	for (const struct cmd *c = cmds; c->name; c++)
		fprintf(f, "  %-11s %s\n", c->name, c->summary);
	fprintf(f, "\nThe config file is --config PATH, else $EHM_CONFIG, else ./config.ini,\n"
	    "else ./config.example.ini.  `ehm COMMAND --help` shows a command's options.\n");
}

static int
cmd_help(const char *cfgpath, int argc, char **argv)
{
	(void)cfgpath;
	if (argc > 0)
		for (const struct cmd *c = cmds; c->name; c++)
			if (!strcmp(c->name, argv[0])) {
				printf("%s\n\n%s", c->summary, c->usage);
				return 0;
			}
	usage(stdout);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *cfgpath = NULL;
	umask(027);     /* the database, key and backups are never world-readable */
	/* Take --config PATH from anywhere on the command line. */
	int n = 0;
	char **rest = calloc((size_t)argc + 1, sizeof *rest);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc) {
			cfgpath = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--config=", 9)) {
			cfgpath = argv[i] + 9;
			continue;
		}
		rest[n++] = argv[i];
	}
	if (n == 0 || !strcmp(rest[0], "--help") || !strcmp(rest[0], "-h")) {
		usage(n == 0 ? stderr : stdout);
		free(rest);
		return n == 0 ? 2 : 0;
	}
	if (!strcmp(rest[0], "--version")) {
		free(rest);
		return cmd_version(NULL, 0, NULL);
	}
	for (const struct cmd *c = cmds; c->name; c++) {
		if (strcmp(c->name, rest[0]))
			continue;
		if (flag(n - 1, rest + 1, "--help") || flag(n - 1, rest + 1, "-h")) {
			printf("%s\n\n%s", c->summary, c->usage);
			free(rest);
			return 0;
		}
		int rc = c->fn(cfgpath, n - 1, rest + 1);
		free(rest);
		return rc;
	}
	fprintf(stderr, "ehm: unknown command '%s'\n\n", rest[0]);
	usage(stderr);
	free(rest);
	return 2;
}
