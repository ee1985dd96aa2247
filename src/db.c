/*
 * db.c -- opening connections and the prepared-statement cache.
 *
 * Request threads each own one read-only connection; the writer thread owns
 * the only read-write one (writer.c).  Statements are prepared once with
 * SQLITE_PREPARE_PERSISTENT and reused; db_request_end() makes sure no
 * statement keeps a read snapshot open between requests (an un-reset
 * statement would pin the WAL and let it grow without bound).
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"

/*
 * EHM_PROFILE_SQL=N (microseconds, set in the environment at start-up): every
 * statement on a read connection that took at least N us is written to stderr
 * with its time and its SQL text (the template, never the bound values).  A
 * developer's tool for finding the slow query behind a page; off by default.
 */
static long long profile_min_ns = -1;

static _Thread_local struct timespec profile_start;

static int
profile_cb(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (type == SQLITE_TRACE_STMT) {
		/* Only the statement's first run, not each trigger program. */
		if (!x || strncmp(x, "--", 2))
			profile_start = now;
		return 0;
	}
	long long ns = (now.tv_sec - profile_start.tv_sec) * 1000000000LL + now.tv_nsec -
	    profile_start.tv_nsec;
	if (ns >= profile_min_ns)
		fprintf(stderr, "sql-profile us=%lld %s\n", ns / 1000, sqlite3_sql((sqlite3_stmt *)p));
	return 0;
}

struct dbc *
db_open(const struct config *cfg, int readonly, char *err, size_t errlen)
{
	struct dbc *c = calloc(1, sizeof *c);
	if (c == NULL)
		abort();
	int flags = SQLITE_OPEN_NOMUTEX | (readonly ? SQLITE_OPEN_READONLY
	    : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	int rc = sqlite3_open_v2(cfg->db_path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open database: %s", cfg->db_path,
		    c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	c->readonly = readonly;
	sqlite3_busy_timeout(c->db, (int)cfg->busy_timeout_ms);
	sqlite3_extended_result_codes(c->db, 1);
	const char *pragmas = readonly
	    ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON; PRAGMA temp_store=MEMORY;"
	      "PRAGMA cache_size=-16000; PRAGMA mmap_size=0;"
	    : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
	      "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-32000;"
	      "PRAGMA wal_autocheckpoint=4000; PRAGMA journal_size_limit=67108864;";
	if (profile_min_ns < 0) {
		const char *e = getenv("EHM_PROFILE_SQL");
		profile_min_ns = e && *e ? atoll(e) * 1000 : LLONG_MAX;
	}
	if (readonly && profile_min_ns != LLONG_MAX)
		sqlite3_trace_v2(c->db, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, profile_cb, NULL);
	char *msg = NULL;
	if (sqlite3_exec(c->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", cfg->db_path, msg ? msg : "pragma failed");
		sqlite3_free(msg);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

void
db_close(struct dbc *c)
{
	if (c == NULL)
		return;
	for (int i = 0; i < DB_CACHE; i++)
		sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->db);
	free(c);
}

sqlite3_stmt *
db_prep(struct dbc *c, const char *sql)
{
	uintptr_t h = ((uintptr_t)sql >> 3) % DB_CACHE;
	for (int probe = 0; probe < DB_CACHE; probe++) {
		int i = (int)((h + (uintptr_t)probe) % DB_CACHE);
		if (c->cache[i].sql == sql)
			return c->cache[i].st;
		if (c->cache[i].sql == NULL) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
			    &st, NULL) != SQLITE_OK) {
				fprintf(stderr, "ehm: sql error: %s in: %.120s\n",
				    sqlite3_errmsg(c->db), sql);
				return NULL;
			}
			c->cache[i].sql = sql;
			c->cache[i].st = st;
			return st;
		}
	}
	/* Cache full: fall back to an uncached statement would leak; refuse. */
	fprintf(stderr, "ehm: statement cache full\n");
	return NULL;
}

void
db_done(sqlite3_stmt *st)
{
	if (st) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

int
db_exec(struct dbc *c, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "ehm: sql error: %s in: %.120s\n", msg ? msg : "?", sql);
		sqlite3_free(msg);
	}
	return rc;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void
db_bind_int(sqlite3_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(st, i, v);
}

long long
db_int(struct dbc *c, const char *sql, long long dflt)
{
	sqlite3_stmt *st = db_prep(c, sql);
	if (st == NULL)
		return dflt;
	long long v = dflt;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	db_done(st);
	return v;
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

void
db_reset_busy(struct dbc *c)
{
	sqlite3_stmt *st = NULL;
	while ((st = sqlite3_next_stmt(c->db, st)) != NULL) {
		if (sqlite3_stmt_busy(st)) {
			fprintf(stderr, "ehm: statement left busy: %.80s\n", sqlite3_sql(st));
			sqlite3_reset(st);
		}
	}
}

/* The read connection of this thread's request, if it has a snapshot open. */
static __thread struct dbc *thread_reader;

/* BEGIN or COMMIT on a cached statement (sqlite3_exec would parse it every time). */
static int
run_cached(struct dbc *c, const char *sql)
{
	sqlite3_stmt *st = db_prep(c, sql);
	if (st == NULL)
		return SQLITE_ERROR;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static const char sql_begin[] = "BEGIN", sql_commit[] = "COMMIT";

void
db_snapshot_begin(struct dbc *c)
{
	thread_reader = c;
	if (c->readonly && sqlite3_get_autocommit(c->db) && run_cached(c, sql_begin) == SQLITE_OK)
		c->snapshot = 1;
}

/*
 * COMMIT the request's snapshot: 1 if it ended, 0 if none was open, -1 if
 * SQLite refused (a statement still stepping: the snapshot stays, as an
 * autocommit statement's would).
 */
static int
snapshot_close(struct dbc *c)
{
	if (!c->snapshot)
		return 0;
	if (run_cached(c, sql_commit) != SQLITE_OK)
		return -1;
	c->snapshot = 0;
	return 1;
}

int
db_snapshot_end(void)
{
	return thread_reader != NULL && snapshot_close(thread_reader) == 1;
}

void
db_snapshot_resume(void)
{
	if (thread_reader != NULL)
		db_snapshot_begin(thread_reader);
}

void
db_request_end(struct dbc *c)
{
	db_reset_busy(c);
	if (snapshot_close(c) < 0) {
		fprintf(stderr, "ehm: read snapshot: %s\n", sqlite3_errmsg(c->db));
		c->snapshot = 0;        /* rolled back below */
	}
	if (thread_reader == c)
		thread_reader = NULL;
	if (!sqlite3_get_autocommit(c->db)) {
		fprintf(stderr, "ehm: transaction left open; rolled back\n");
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	}
}
