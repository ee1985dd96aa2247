/*
 * test_writer.c -- the one writer thread and the audit chain (DESIGN §7),
 * on a real temporary database migrated with the project's schema:
 *
 *  - a unit that fails rolls back alone; the rest of its batch commits;
 *  - a failed COMMIT (a deferred foreign key) fails every unit of the batch,
 *    nothing of it lands, and the writer carries on;
 *  - audit rows added inside units chain correctly across batches and
 *    rolled-back units; audit_verify finds an edited row, a missing row and
 *    a truncated tail (against the anchor written after each commit).
 *
 * The schema folder is $EHM_SCHEMA, else ./schema (make runs from the root).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>

#include "audit.h"
#include "config.h"
#include "db.h"
#include "migrate.h"
#include "writer.h"

struct fx {
	char dir[PATH_MAX];
	char file[PATH_MAX + 32];
	char db[PATH_MAX + 32];
	char anchor[PATH_MAX + 32];
	struct config *cfg;
	struct dbc *ro;         /* a read-only connection, as request threads have */
};

/* ---- fixture ------------------------------------------------------------- */

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);
	assert_non_null(x);
	char tmpl[] = "/tmp/ehm-writer-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(realpath(tmpl, x->dir));
	snprintf(x->file, sizeof x->file, "%s/config.ini", x->dir);
	snprintf(x->db, sizeof x->db, "%s/ehm.db", x->dir);
	snprintf(x->anchor, sizeof x->anchor, "%s/audit.anchor", x->dir);

	char schema[PATH_MAX];
	const char *s = getenv("EHM_SCHEMA");
	assert_non_null(realpath(s && *s ? s : "schema", schema));

	char text[2 * PATH_MAX];
	snprintf(text, sizeof text,
	    "; written by tests/unit/test_writer.c\n"
	    "[database]\n"
	    "path = ehm.db\n"
	    "schema = %s\n"
	    "busy_timeout_ms = 5000\n"
	    "[security]\n"
	    "audit_key = audit.key\n"
	    "audit_anchor = audit.anchor\n",
	    schema);
	write_file(x->file, text);

	char err[1024] = "";
	x->cfg = config_load(x->file, err, sizeof err);
	if (x->cfg == NULL)
		fail_msg("config: %s", err);
	assert_string_equal(x->cfg->db_path, x->db);

	struct dbc *rw = db_open(x->cfg, 0, err, sizeof err);
	if (rw == NULL)
		fail_msg("db_open: %s", err);
	int applied = 0;
	if (migrate_apply(rw, x->cfg->schema_dir, &applied, err, sizeof err) != 0)
		fail_msg("migrate: %s", err);
	assert_true(applied > 0);
	db_close(rw);
	if (audit_key_create(x->cfg, err, sizeof err) != 0)
		fail_msg("audit key: %s", err);
	if (writer_start(x->cfg, err, sizeof err) != 0)
		fail_msg("writer_start: %s", err);
	x->ro = db_open(x->cfg, 1, err, sizeof err);
	if (x->ro == NULL)
		fail_msg("db_open ro: %s", err);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;
	writer_stop();
	db_close(x->ro);
	static const char *const files[] = {
		"config.ini", "ehm.db", "ehm.db-wal", "ehm.db-shm", "audit.key",
		"audit.anchor", "audit.anchor.tmp",
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[PATH_MAX + 64];
		snprintf(p, sizeof p, "%s/%s", x->dir, files[i]);
		unlink(p);
	}
	rmdir(x->dir);
	config_free(x->cfg);
	free(x);
	return 0;
}

/* Run SQL on a separate, ordinary connection (the "attacker" with file access). */
static void
raw_exec(struct fx *x, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(x->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		char copy[512];
		snprintf(copy, sizeof copy, "%s", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		fail_msg("raw sql failed: %s in %s", copy, sql);
	}
	sqlite3_close(db);
}

/* As raw_exec, but the SQL must fail; returns the error text in out. */
static void
raw_exec_fails(struct fx *x, const char *sql, char *out, size_t outlen)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(x->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	snprintf(out, outlen, "%s", msg ? msg : "");
	sqlite3_free(msg);
	sqlite3_close(db);
	assert_int_not_equal(rc, SQLITE_OK);
}

static long long
count(struct fx *x, const char *sql)
{
	return db_int(x->ro, sql, -1);
}

/* ---- units ------------------------------------------------------------------- */

static int
ddl_unit(struct dbc *w, void *arg)
{
	return db_exec(w, (const char *)arg) == SQLITE_OK ? 0 : -1;
}

enum how { KEEP, ROLLBACK, SQL_ERROR, FK_VIOLATION, TWO_AUDITS, TXN_ABORT };

struct job {
	int who;
	enum how how;
	int rc;                     /* from writer_run */
	unsigned long seen_commits; /* writer_commits() while the unit ran */
	pthread_t thread;
};

static int
audit_one(struct dbc *w, const char *action, long long rid, const char *detail)
{
	struct audit_entry e = { .user_id = 1, .action = action, .record_type = "test",
		.record_id = rid, .route = "test", .ip = "127.0.0.1", .detail = detail };
	return audit_add(w, &e);
}

/* Insert a row into t and audit it; then fail or not, as the job says. */
static int
job_unit(struct dbc *w, void *arg)
{
	struct job *j = arg;
	j->seen_commits = writer_commits();
	sqlite3_stmt *st = db_prep(w, "INSERT INTO t(who, v) VALUES(?1, 'x')");
	if (st == NULL)
		return -2;
	db_bind_int(st, 1, j->who);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -3;
	if (audit_one(w, "test.insert", j->who, "row added") != 0)
		return -4;
	switch (j->how) {
	case KEEP:
		return 0;
	case TWO_AUDITS:
		return audit_one(w, "test.second", j->who, "second row in one unit");
	case ROLLBACK:
		return 7;
	case SQL_ERROR:
		/* who is NOT NULL: this insert fails after the first one worked. */
		st = db_prep(w, "INSERT INTO t(who, v) VALUES(NULL, 'bad')");
		rc = sqlite3_step(st);
		db_done(st);
		return rc == SQLITE_DONE ? 0 : -5;
	case FK_VIOLATION:
		return 0;
	case TXN_ABORT:
		/*
		 * An error that makes SQLite roll back the whole transaction, not
		 * just the statement (as SQLITE_FULL, SQLITE_IOERR or SQLITE_NOMEM
		 * may): here a conflict resolved with OR ROLLBACK.
		 */
		st = db_prep(w, "INSERT OR ROLLBACK INTO t(id, who, v) VALUES(1, 0, 'dup')");
		rc = sqlite3_step(st);
		db_done(st);
		return rc == SQLITE_DONE ? 0 : -7;
	}
	return -6;
}

/* Insert into child (deferred FK to parent) and audit; FK_VIOLATION uses a missing parent. */
static int
child_unit(struct dbc *w, void *arg)
{
	struct job *j = arg;
	j->seen_commits = writer_commits();
	sqlite3_stmt *st = db_prep(w, "INSERT INTO child(pid, who) VALUES(?1, ?2)");
	if (st == NULL)
		return -2;
	db_bind_int(st, 1, j->how == FK_VIOLATION ? 999 : 1);
	db_bind_int(st, 2, j->who);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -3;
	if (audit_one(w, "test.child", j->who, NULL) != 0)
		return -4;
	return j->how == ROLLBACK ? 7 : 0;
}

static unit_fn thread_fn;

static void *
job_thread(void *arg)
{
	struct job *j = arg;
	j->rc = writer_run(thread_fn, j);
	return NULL;
}

/*
 * Queue jobs[0..n) from n threads while the writer is held, so they form
 * one batch, then release it and wait for every caller.
 */
static void
run_held_batch(unit_fn fn, struct job *jobs, int n)
{
	thread_fn = fn;
	writer_hold(1);
	/*
	 * One thread at a time with a pause between, so the units queue (and
	 * run) in the order of jobs[]; then time for the last one to queue
	 * (writer_run blocks until its batch is done).
	 */
	struct timespec gap = { 0, 30 * 1000 * 1000 };
	for (int i = 0; i < n; i++) {
		assert_int_equal(pthread_create(&jobs[i].thread, NULL, job_thread, &jobs[i]), 0);
		nanosleep(&gap, NULL);
	}
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	nanosleep(&ts, NULL);
	writer_hold(0);
	for (int i = 0; i < n; i++)
		assert_int_equal(pthread_join(jobs[i].thread, NULL), 0);
}

static void
create_t(void)
{
	assert_int_equal(writer_run(ddl_unit,
	    "CREATE TABLE t(id INTEGER PRIMARY KEY, who INTEGER NOT NULL, v TEXT)"), 0);
}

static void
verify_ok(struct fx *x, long long rows)
{
	char msg[512] = "";
	int rc = audit_verify(x->ro, x->cfg, msg, sizeof msg);
	if (rc != 0)
		fail_msg("audit_verify: %s", msg);
	char want[64];
	snprintf(want, sizeof want, "intact: %lld rows", rows);
	if (strstr(msg, want) == NULL)
		fail_msg("audit_verify said '%s', expected '%s'", msg, want);
}

/* ---- (a) a failing unit rolls back alone ----------------------------------- */

static void
failed_unit_rolls_back_alone(void **state)
{
	struct fx *x = *state;
	create_t();
	long long audit_before = count(x, "SELECT count(*) FROM audit");

	enum { N = 10 };
	struct job jobs[N];
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < N; i++) {
		jobs[i].who = i + 1;
		jobs[i].how = KEEP;
	}
	jobs[2].how = ROLLBACK;
	jobs[5].how = SQL_ERROR;
	jobs[7].how = ROLLBACK;
	jobs[8].how = TWO_AUDITS;

	unsigned long c0 = writer_commits();
	run_held_batch(job_unit, jobs, N);

	/* One batch: every unit saw the same commit count, and one COMMIT ran. */
	for (int i = 0; i < N; i++)
		assert_int_equal(jobs[i].seen_commits, jobs[0].seen_commits);
	assert_int_equal(writer_commits(), c0 + 1);

	for (int i = 0; i < N; i++) {
		if (jobs[i].how == ROLLBACK)
			assert_int_equal(jobs[i].rc, 7);
		else if (jobs[i].how == SQL_ERROR)
			assert_int_equal(jobs[i].rc, -5);
		else
			assert_int_equal(jobs[i].rc, 0);
	}
	/* Seven units kept their row; the three failed ones left nothing. */
	assert_int_equal(count(x, "SELECT count(*) FROM t"), 7);
	assert_int_equal(count(x, "SELECT count(*) FROM t WHERE who IN (3, 6, 8)"), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM t WHERE v = 'bad'"), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM audit WHERE action = 'test.insert'"), 7);
	assert_int_equal(count(x, "SELECT count(*) FROM audit WHERE action = 'test.insert'"
	    " AND record_id IN (3, 6, 8)"), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM audit WHERE action = 'test.second'"), 1);
	assert_int_equal(count(x, "SELECT count(*) FROM audit"), audit_before + 8);
	verify_ok(x, audit_before + 8);

	/* A unit on its own afterwards. */
	struct job one = { .who = 100, .how = KEEP };
	assert_int_equal(writer_run(job_unit, &one), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM t WHERE who = 100"), 1);
	verify_ok(x, audit_before + 9);
}

/* ---- (b) a failed COMMIT fails the whole batch ------------------------------- */

static void
failed_commit_fails_batch(void **state)
{
	struct fx *x = *state;
	assert_int_equal(writer_run(ddl_unit,
	    "CREATE TABLE parent(id INTEGER PRIMARY KEY);"
	    "CREATE TABLE child(id INTEGER PRIMARY KEY, who INTEGER NOT NULL,"
	    " pid INTEGER NOT NULL REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);"
	    "INSERT INTO parent(id) VALUES(1);"), 0);
	struct job first = { .who = 1, .how = KEEP };
	assert_int_equal(writer_run(child_unit, &first), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM child"), 1);
	long long audit_before = count(x, "SELECT count(*) FROM audit");
	verify_ok(x, audit_before);

	/* A violating unit alone: its RELEASE succeeds, the COMMIT does not. */
	struct job lone = { .who = 2, .how = FK_VIOLATION };
	assert_int_equal(writer_run(child_unit, &lone), WRITER_ECOMMIT);
	assert_int_equal(count(x, "SELECT count(*) FROM child"), 1);

	enum { N = 8 };
	struct job jobs[N];
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < N; i++) {
		jobs[i].who = 10 + i;
		jobs[i].how = KEEP;
	}
	jobs[3].how = FK_VIOLATION;
	jobs[6].how = ROLLBACK;
	unsigned long c0 = writer_commits();
	run_held_batch(child_unit, jobs, N);
	for (int i = 0; i < N; i++)
		assert_int_equal(jobs[i].seen_commits, jobs[0].seen_commits);
	assert_int_equal(writer_commits(), c0);        /* no COMMIT succeeded */

	for (int i = 0; i < N; i++) {
		if (jobs[i].how == ROLLBACK)
			assert_int_not_equal(jobs[i].rc, 0);
		else if (jobs[i].rc != WRITER_ECOMMIT)
			fail_msg("unit %d returned %d, want WRITER_ECOMMIT", i, jobs[i].rc);
	}
	/* Nothing of the batch landed: no rows, no audit rows. */
	assert_int_equal(count(x, "SELECT count(*) FROM child"), 1);
	assert_int_equal(count(x, "SELECT count(*) FROM child WHERE who >= 10"), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM audit"), audit_before);
	verify_ok(x, audit_before);

	/* The writer keeps working, chaining from the real head. */
	struct job after = { .who = 50, .how = KEEP };
	assert_int_equal(writer_run(child_unit, &after), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM child WHERE who = 50"), 1);
	assert_int_equal(count(x, "SELECT count(*) FROM audit"), audit_before + 1);
	verify_ok(x, audit_before + 1);

	/* And a held batch of good units commits together. */
	struct job more[3] = { { .who = 60 }, { .who = 61 }, { .who = 62 } };
	c0 = writer_commits();
	run_held_batch(child_unit, more, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(more[i].rc, 0);
	assert_int_equal(writer_commits(), c0 + 1);
	assert_int_equal(count(x, "SELECT count(*) FROM child"), 5);
	verify_ok(x, audit_before + 4);
}

/*
 * A unit whose error rolls back the whole transaction (disk full, I/O error,
 * OR ROLLBACK) must not let the units after it run outside the batch's
 * transaction: whatever each caller is told must match what landed, and the
 * audit chain must stay whole.
 */
static void
transaction_abort_inside_unit(void **state)
{
	struct fx *x = *state;
	create_t();
	struct job seed = { .who = 1, .how = KEEP };    /* row id 1, for the conflict */
	assert_int_equal(writer_run(job_unit, &seed), 0);
	long long audit_before = count(x, "SELECT count(*) FROM audit");

	enum { N = 6 };
	struct job jobs[N];
	memset(jobs, 0, sizeof jobs);
	for (int i = 0; i < N; i++) {
		jobs[i].who = 400 + i;
		jobs[i].how = KEEP;
	}
	jobs[2].how = TXN_ABORT;
	run_held_batch(job_unit, jobs, N);

	/* Acknowledged if and only if landed. */
	char report[1024] = "";
	size_t o = 0;
	for (int i = 0; i < N; i++) {
		sqlite3_stmt *st = db_prep(x->ro, "SELECT count(*) FROM t WHERE who = ?1");
		db_bind_int(st, 1, jobs[i].who);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		long long present = sqlite3_column_int64(st, 0);
		db_done(st);
		if (jobs[i].how == TXN_ABORT && jobs[i].rc == 0)
			o += (size_t)snprintf(report + o, sizeof report - o,
			    " the aborting unit returned 0;");
		if ((jobs[i].rc == 0) != (present == 1) && o < sizeof report - 100)
			o += (size_t)snprintf(report + o, sizeof report - o,
			    " unit who=%d returned %d but its row is %s;", jobs[i].who,
			    jobs[i].rc, present ? "present" : "absent");
	}
	/* The chain is whole, and the writer carries on. */
	long long now = count(x, "SELECT count(*) FROM audit");
	char msg[512] = "";
	if (audit_verify(x->ro, x->cfg, msg, sizeof msg) != 0 && o < sizeof report - 100)
		o += (size_t)snprintf(report + o, sizeof report - o, " audit_verify: %s;", msg);
	if (o)
		fail_msg("after a unit aborted the batch's transaction:%s", report);
	struct job after = { .who = 500, .how = KEEP };
	assert_int_equal(writer_run(job_unit, &after), 0);
	verify_ok(x, now + 1);
	assert_true(now >= audit_before);
}

/* ---- (c) the audit chain ---------------------------------------------------- */

static void
read_anchor(struct fx *x, long long *id, char hex[70])
{
	FILE *f = fopen(x->anchor, "r");
	if (f == NULL)
		fail_msg("no anchor file %s", x->anchor);
	int got = fscanf(f, "%lld %69s", id, hex);
	fclose(f);
	assert_int_equal(got, 2);
}

static void
assert_verify_fails(struct fx *x, const char *needle)
{
	char msg[512] = "";
	int rc = audit_verify(x->ro, x->cfg, msg, sizeof msg);
	if (rc != 1)
		fail_msg("audit_verify returned %d (%s), expected a failure naming '%s'",
		    rc, msg, needle);
	if (strstr(msg, needle) == NULL)
		fail_msg("audit_verify said '%s', expected it to name '%s'", msg, needle);
}

static void
audit_chain_verified_and_tamper_found(void **state)
{
	struct fx *x = *state;
	create_t();
	long long base = count(x, "SELECT count(*) FROM audit");
	verify_ok(x, base);

	/* Sequential units, some rolled back. */
	long long added = 0;
	for (int i = 0; i < 6; i++) {
		struct job j = { .who = 200 + i, .how = (i % 3 == 1) ? ROLLBACK : KEEP };
		int rc = writer_run(job_unit, &j);
		assert_int_equal(rc, j.how == ROLLBACK ? 7 : 0);
		added += j.how == ROLLBACK ? 0 : 1;
	}
	/* A held batch mixing kept, rolled-back and two-row units. */
	struct job jobs[6] = {
		{ .who = 300, .how = KEEP }, { .who = 301, .how = ROLLBACK },
		{ .who = 302, .how = TWO_AUDITS }, { .who = 303, .how = SQL_ERROR },
		{ .who = 304, .how = KEEP }, { .who = 305, .how = ROLLBACK },
	};
	run_held_batch(job_unit, jobs, 6);
	added += 1 + 2 + 1;
	long long total = base + added;
	assert_int_equal(count(x, "SELECT count(*) FROM audit"), total);
	assert_int_equal(count(x, "SELECT max(id) FROM audit"), total);
	verify_ok(x, total);

	/* The anchor holds the head after the last commit. */
	long long aid = 0;
	char ahex[70] = "";
	read_anchor(x, &aid, ahex);
	assert_int_equal(aid, total);
	sqlite3_stmt *st = db_prep(x->ro, "SELECT lower(hex(hash)) FROM audit WHERE id = ?1");
	db_bind_int(st, 1, aid);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(db_col_text(st, 0), ahex);
	db_done(st);

	/* The triggers refuse edits through SQL. */
	char err[256];
	raw_exec_fails(x, "UPDATE audit SET detail = 'x' WHERE id = 3", err, sizeof err);
	assert_non_null(strstr(err, "append-only"));
	raw_exec_fails(x, "DELETE FROM audit WHERE id = 3", err, sizeof err);
	assert_non_null(strstr(err, "append-only"));

	/* Someone with the file drops the triggers and edits row 3. */
	st = db_prep(x->ro, "SELECT detail FROM audit WHERE id = 3");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char orig[256];
	snprintf(orig, sizeof orig, "%s", db_col_text(st, 0));
	db_done(st);
	raw_exec(x, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;"
	    "UPDATE audit SET detail = 'nothing to see' WHERE id = 3");
	assert_verify_fails(x, "audit row 3 does not match");

	/* Put it back exactly: the chain is whole again. */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(x->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_stmt *up = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE audit SET detail = ?1 WHERE id = 3",
	    -1, &up, NULL), SQLITE_OK);
	sqlite3_bind_text(up, 1, orig, -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(up), SQLITE_DONE);
	sqlite3_finalize(up);
	sqlite3_close(db);
	verify_ok(x, total);

	/* Changing the user of a row is found too. */
	raw_exec(x, "CREATE TABLE orig AS SELECT * FROM audit WHERE id = 5;"
	    "UPDATE audit SET user_id = user_id + 1 WHERE id = 5");
	assert_verify_fails(x, "audit row 5 does not match");
	raw_exec(x, "UPDATE audit SET user_id = (SELECT user_id FROM orig) WHERE id = 5;"
	    "DROP TABLE orig");
	verify_ok(x, total);

	/* Deleting the last two rows: the anchor shows the tail is gone. */
	raw_exec(x, "CREATE TABLE saved AS SELECT * FROM audit WHERE id > (SELECT max(id) - 2 FROM audit);"
	    "DELETE FROM audit WHERE id > (SELECT max(id) - 2 FROM audit)");
	assert_int_equal(count(x, "SELECT count(*) FROM audit"), total - 2);
	assert_verify_fails(x, "truncated");
	char want[64];
	snprintf(want, sizeof want, "row %lld", total);
	assert_verify_fails(x, want);

	/* Deleting a row in the middle: the gap is named. */
	raw_exec(x, "INSERT INTO audit SELECT * FROM saved; DROP TABLE saved;");
	verify_ok(x, total);
	raw_exec(x, "DELETE FROM audit WHERE id = 4");
	assert_verify_fails(x, "audit row 4 is missing");
}

static void
audit_rows_survive_writer_restart(void **state)
{
	struct fx *x = *state;
	create_t();
	struct job a = { .who = 1, .how = KEEP };
	assert_int_equal(writer_run(job_unit, &a), 0);
	long long n = count(x, "SELECT count(*) FROM audit");
	/* A restarted writer reloads the head and keeps chaining. */
	writer_stop();
	assert_int_equal(writer_run(job_unit, &a), WRITER_ESTOPPED);
	char err[512] = "";
	if (writer_start(x->cfg, err, sizeof err) != 0)
		fail_msg("writer_start: %s", err);
	struct job b = { .who = 2, .how = KEEP };
	assert_int_equal(writer_run(job_unit, &b), 0);
	verify_ok(x, n + 1);
	long long aid = 0;
	char ahex[70];
	read_anchor(x, &aid, ahex);
	assert_int_equal(aid, n + 1);
}

/* Many callers without holding: all land, in fewer commits than units. */
static void *
burst_thread(void *arg)
{
	struct job *j = arg;
	for (int k = 0; k < 20; k++) {
		struct job one = { .who = j->who * 100 + k, .how = KEEP };
		int rc = writer_run(job_unit, &one);
		if (rc != 0)
			j->rc = rc;
	}
	return NULL;
}

static void
group_commit_under_load(void **state)
{
	struct fx *x = *state;
	create_t();
	long long base = count(x, "SELECT count(*) FROM audit");
	enum { T = 16 };
	struct job jobs[T];
	memset(jobs, 0, sizeof jobs);
	unsigned long c0 = writer_commits();
	for (int i = 0; i < T; i++) {
		jobs[i].who = i + 1;
		assert_int_equal(pthread_create(&jobs[i].thread, NULL, burst_thread, &jobs[i]), 0);
	}
	for (int i = 0; i < T; i++) {
		assert_int_equal(pthread_join(jobs[i].thread, NULL), 0);
		assert_int_equal(jobs[i].rc, 0);
	}
	assert_int_equal(count(x, "SELECT count(*) FROM t"), T * 20);
	unsigned long commits = writer_commits() - c0;
	assert_true(commits >= 1 && commits <= T * 20);
	verify_ok(x, base + T * 20);
}

int
main(void)
{
	if (sodium_init() < 0) {
		fputs("sodium_init failed\n", stderr);
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(failed_unit_rolls_back_alone, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_commit_fails_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(transaction_abort_inside_unit, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_chain_verified_and_tamper_found, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_rows_survive_writer_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(group_commit_under_load, setup, teardown),
	};
	return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
