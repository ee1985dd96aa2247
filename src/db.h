/*
 * db.h -- SQLite connections with the project's pragmas and a per-connection
 * cache of prepared statements.  SQL is always a string literal with bound
 * parameters; the cache is keyed by the literal's address.
 */
#ifndef EHM_DB_H
#define EHM_DB_H

#include <sqlite3.h>
#include "config.h"

#define DB_CACHE 1024

struct dbc {
	sqlite3 *db;
	int readonly;
	int snapshot;           /* the request's read transaction is open */
	struct { const char *sql; sqlite3_stmt *st; } cache[DB_CACHE];
};

/* Open with pragmas (WAL, foreign keys, busy timeout; synchronous=FULL on rw). */
struct dbc *db_open(const struct config *, int readonly, char *err, size_t errlen);
void db_close(struct dbc *);

/* A reset statement for this literal SQL, or NULL (error logged). */
sqlite3_stmt *db_prep(struct dbc *, const char *sql);
/* Reset and clear a statement from db_prep (always call when done). */
void db_done(sqlite3_stmt *);

/* Run SQL without results (literal, no parameters); 0 or SQLite error code. */
int db_exec(struct dbc *, const char *sql);

/* Bind helpers: index is 1-based; NULL text binds NULL. */
void db_bind_text(sqlite3_stmt *, int, const char *);
void db_bind_int(sqlite3_stmt *, int, long long);

/*
 * One read snapshot per request: BEGIN on the request thread's read-only
 * connection before the handler runs, so every statement of the page reads
 * the same state and the connection's page cache is checked against the WAL
 * once, not once per statement.  writer_run ends it (db_snapshot_end) before
 * a unit is queued and opens a new one once the unit is durable, so what a
 * handler reads after its own write includes it.
 */
void db_snapshot_begin(struct dbc *);
/* End this thread's snapshot: 1 if one was open; resume opens a new one. */
int db_snapshot_end(void);
void db_snapshot_resume(void);
/* After each request: no statement busy, autocommit; fixes and logs otherwise. */
void db_request_end(struct dbc *);
/* Reset any statement still stepping (the writer calls it after each unit). */
void db_reset_busy(struct dbc *);

/* Single-value helpers (literal SQL, one optional text and int parameter). */
long long db_int(struct dbc *, const char *sql, long long dflt);

const char *db_col_text(sqlite3_stmt *, int);   /* never NULL */

#endif
