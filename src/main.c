/*
 * main.c -- start-up, the FastCGI loop and the dispatcher.
 *
 * Start-up: read config, open the database (one read-only connection per
 * request thread, one read-write connection for the writer), load and
 * freeze templates, then serve.  Each request: parse at the edge, match the
 * route table, load the session, check the route's roles and (for POST) the
 * CSRF token, call the handler, build the whole response in memory, send it,
 * log one line, reset the arena.
 *
 * Signals are blocked in every thread; one thread sigwait()s.  SIGTERM or
 * SIGINT stops accepting (shutdown() on the listening socket wakes every
 * accept()), lets in-flight requests finish, drains the writer and exits.
 * SIGHUP re-reads config.ini.  Without a FastCGI socket on stdin (FCGX_IsCGI)
 * one request is served as plain CGI from the environment and stdin.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "access.h"
#include "auth.h"
#include "forms.h"
#include "log.h"
#include "migrate.h"
#include "server.h"
#include "view.h"
#include "writer.h"

extern char **environ;

static volatile sig_atomic_t stopping;
static int listen_fd = -1;
static char *config_path_saved;

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void
dispatch(struct ctx *c, int parse_status)
{
	struct request *r = c->req;
	if (parse_status) {
		view_error(c, parse_status, NULL);
		return;
	}
	int status = 0;
	c->route = route_match(r->path, r->method, c->id, &c->nid, &status);
	if (c->route == NULL) {
		if (status == 405)
			response_header(c->resp, "Allow", route_allow(c->a, r->path));
		auth_load(c);
		view_error(c, status, NULL);
		return;
	}
	auth_load(c);
	if (c->route->roles != PUBLIC) {
		if (c->user == NULL) {
			if (r->method == M_POST) {
				auth_hold_form(c);
				if (c->resp->status == 303)
					return;
				access_deny(c, "session", 0);
				return;
			}
			auth_redirect_to_login(c);
			return;
		}
		if (!(c->route->roles & c->user->role)) {
			access_deny(c, "role", 0);
			return;
		}
		if (auth_gate(c))
			return;           /* e.g. acceptable use policy not yet accepted */
	}
	if (r->method == M_POST) {
		const char *why = auth_post_refused(c);
		if (why) {
			access_deny(c, why, 0);
			return;
		}
	}
	int rc = c->route->handler(c);
	if (rc > 0)
		view_error(c, rc, NULL);
	else if (rc < 0)
		view_error(c, 500, NULL);
}

void
server_handle(struct arena *a, struct dbc *db, char **envp, const char *body,
    size_t bodylen, struct buf *out)
{
	double t0 = now_ms();
	const struct config *cfg = config_current();
	struct request req;
	struct response resp;
	struct ctx c;
	memset(&c, 0, sizeof c);
	c.a = a;
	c.cfg = cfg;
	c.req = &req;
	c.resp = &resp;
	c.db = db;
	response_init(&resp, a);

	struct limits lim = { (size_t)cfg->max_body, (size_t)cfg->max_fields,
		(size_t)cfg->max_field };
	int ps = request_from_env(&req, a, envp, body, bodylen, &lim, cfg->proxies,
	    cfg->nproxies);
	unsigned char rid[6];
	randombytes_buf(rid, sizeof rid);
	char ridhex[13];
	sodium_bin2hex(ridhex, sizeof ridhex, rid, sizeof rid);
	req.request_id = ridhex;
	if (req.method == M_OTHER && ps == 0)
		ps = 0;   /* 405 comes from the route table */

	db_snapshot_begin(db);
	dispatch(&c, ps);

	if (c.root) {
		tpl_free(c.root);
		c.root = NULL;
	}
	/*
	 * A page whose view could not be audited is not shown.  The page is
	 * rendered: end the read snapshot now, so the wait does not reopen it.
	 */
	db_snapshot_end();
	if (access_audit_settle(&c) != 0)
		view_error(&c, 500, NULL);
	response_header(&resp, "X-Request-Id", ridhex);
	response_serialise(&resp, out, req.method == M_HEAD);
	db_request_end(db);
	log_request(ridhex, req.method_name ? req.method_name : "?",
	    c.route ? c.route->name : "-", resp.status, now_ms() - t0,
	    c.user ? c.user->id : 0);
}

/* ---- FastCGI ---- */

struct worker {
	pthread_t tid;
	int n;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	const struct config *cfg = config_current();
	char err[512];
	struct dbc *db = db_open(cfg, 1, err, sizeof err);
	if (db == NULL) {
		log_msg("worker %d: %s", w->n, err);
		return NULL;
	}
	struct arena a;
	arena_init(&a);
	FCGX_Request fr;
	FCGX_InitRequest(&fr, listen_fd, 0);
	for (;;) {
		int rc = FCGX_Accept_r(&fr);
		if (rc < 0) {
			if (stopping)
				break;
			log_msg("worker %d: accept failed (%d); retrying", w->n, rc);
			usleep(100 * 1000);
			continue;
		}
		const struct config *now = config_current();
		const char *cl = FCGX_GetParam("CONTENT_LENGTH", fr.envp);
		long want = cl ? strtol(cl, NULL, 10) : 0;
		char *body = NULL;
		size_t bodylen = 0;
		if (want > 0 && want <= now->max_body) {
			body = arena_alloc(&a, (size_t)want + 1);
			int got = FCGX_GetStr(body, (int)want, fr.in);
			bodylen = got > 0 ? (size_t)got : 0;
		}
		struct buf out;
		buf_init(&out, &a);
		server_handle(&a, db, fr.envp, body, bodylen, &out);
		FCGX_PutStr(out.p, (int)out.len, fr.out);
		FCGX_Finish_r(&fr);
		arena_reset(&a);
	}
	FCGX_Free(&fr, 1);
	arena_free(&a);
	db_close(db);
	return NULL;
}

static void
reload_config(void)
{
	char err[1024];
	struct config *n = config_load(config_path_saved, err, sizeof err);
	if (n == NULL) {
		log_msg("SIGHUP: %s; keeping the current configuration", err);
		return;
	}
	config_set_current(n);
	log_msg("SIGHUP: configuration re-read from %s (socket, threads and database "
	    "path take effect at restart)", n->file ? n->file : "defaults");
}

static int
serve_cgi(void)
{
	const struct config *cfg = config_current();
	char err[512];
	struct dbc *db = db_open(cfg, 1, err, sizeof err);
	if (db == NULL) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	struct arena a;
	arena_init(&a);
	const char *cl = getenv("CONTENT_LENGTH");
	long want = cl ? strtol(cl, NULL, 10) : 0;
	char *body = NULL;
	size_t bodylen = 0;
	if (want > 0 && want <= cfg->max_body) {
		body = arena_alloc(&a, (size_t)want + 1);
		bodylen = fread(body, 1, (size_t)want, stdin);
	}
	struct buf out;
	buf_init(&out, &a);
	server_handle(&a, db, environ, body, bodylen, &out);
	fwrite(out.p, 1, out.len, stdout);
	fflush(stdout);
	arena_free(&a);
	db_close(db);
	return 0;
}

int
server_main(const char *path)
{
	char err[1024];
	config_path_saved = path ? strdup(path) : NULL;
	struct config *cfg = config_load(path, err, sizeof err);
	if (cfg == NULL) {
		fprintf(stderr, "ehm: %s\n", err);
		return 2;
	}
	config_set_current(cfg);
	if (sodium_init() < 0) {
		fprintf(stderr, "ehm: libsodium failed to initialise\n");
		return 1;
	}
	/* No global memory statistics: they serialise every allocation on one mutex. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (tpl_load_dir(cfg->templates_dir, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	if (forms_load(cfg->forms_dir, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	if (auth_init(cfg, err, sizeof err) != 0 || signin_init(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	{
		struct dbc *probe = db_open(cfg, 1, err, sizeof err);
		if (probe == NULL) {
			fprintf(stderr, "ehm: %s (run 'ehm init' first)\n", err);
			return 1;
		}
		long long v = db_int(probe, "PRAGMA user_version", 0);
		int latest = migrate_latest(cfg->schema_dir);
		db_close(probe);
		if (v < latest) {
			fprintf(stderr, "ehm: database is at schema %lld but %d is available: "
			    "run 'ehm init' to migrate\n", v, latest);
			return 1;
		}
	}
	if (FCGX_Init() != 0) {
		fprintf(stderr, "ehm: FastCGI failed to initialise\n");
		return 1;
	}
	/*
	 * Plain CGI when a web server set GATEWAY_INTERFACE (tests drive the
	 * binary that way); FastCGI on an inherited socket when stdin is one
	 * (systemd socket activation); else on the socket named in config.
	 */
	int cgi = getenv("GATEWAY_INTERFACE") != NULL;
	int inherited = !cgi && !FCGX_IsCGI();
	if (writer_start(cfg, err, sizeof err) != 0) {
		fprintf(stderr, "ehm: %s\n", err);
		return 1;
	}
	if (cgi) {
		int rc = serve_cgi();
		writer_stop();
		return rc;
	}

	if (inherited)
		listen_fd = 0;
	else {
		unlink(cfg->socket_path);
		listen_fd = FCGX_OpenSocket(cfg->socket_path, 1024);
	}
	if (listen_fd < 0) {
		fprintf(stderr, "ehm: cannot listen on %s: %s\n", cfg->socket_path,
		    strerror(errno));
		writer_stop();
		return 1;
	}
	if (!inherited)
		chmod(cfg->socket_path, (mode_t)cfg->socket_mode);
	/* Lock down: no privilege gain from here on. */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	int nthreads = (int)cfg->threads;
	struct worker *ws = calloc((size_t)nthreads, sizeof *ws);
	for (int i = 0; i < nthreads; i++) {
		ws[i].n = i;
		pthread_create(&ws[i].tid, NULL, worker_main, &ws[i]);
	}
	log_msg("serving on %s with %d threads (database %s)", cfg->socket_path,
	    nthreads, cfg->db_path);

	for (;;) {
		int sig = 0;
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			reload_config();
			continue;
		}
		log_msg("signal %d: finishing in-flight requests", sig);
		stopping = 1;
		shutdown(listen_fd, SHUT_RDWR);
		break;
	}
	for (int i = 0; i < nthreads; i++)
		pthread_join(ws[i].tid, NULL);
	free(ws);
	close(listen_fd);
	if (!inherited)
		unlink(cfg->socket_path);
	writer_stop();
	log_msg("stopped");
	return 0;
}
