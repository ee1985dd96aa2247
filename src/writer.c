/*
 * writer.c -- the single writer thread and its queue.
 *
 * Batch: BEGIN IMMEDIATE; per unit SAVEPOINT / RELEASE (or ROLLBACK TO on
 * failure, with the audit chain head restored); COMMIT once.  If the COMMIT
 * fails, every unit in the batch fails and the audit head is reloaded from
 * the database.  Each caller waits on its own semaphore until its unit's
 * batch is durable (writer_run, or writer_submit and later writer_wait): a
 * commit wakes exactly the requests it answers, not every waiting thread (a
 * shared condition variable woke all of them, to queue on one mutex).
 *
 * Checkpoints are the writer's, not SQLite's automatic ones.  Request
 * threads read in snapshots all the time, so a passive checkpoint never
 * catches up with the last commit, the WAL is never restarted and grows
 * without bound (hundreds of megabytes in a minute of audited views), and
 * every commit then extends the file (new blocks zeroed, the file size
 * journalled by fdatasync).  So once the WAL holds WAL_RESTART_FRAMES
 * frames the writer, between batches, runs a RESTART checkpoint: it copies
 * every frame into the database, waits briefly for the readers still on
 * older frames to finish their requests -- new ones read the database file
 * -- and the next commit writes the WAL from its start again, over blocks it
 * already has.  (A request thread never waits for the writer while holding
 * its snapshot: access_audit_settle ends it first.)
 */
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "writer.h"

struct writer_unit {
	unit_fn fn;
	void *arg;
	int rc;
	sem_t done;             /* posted once the unit's batch has committed or failed */
	struct writer_unit *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queued = PTHREAD_COND_INITIALIZER;
static struct writer_unit *head, *tail;
static int running, stopping, held;
static pthread_t thread;
static struct dbc *wdb;
static long batch_max = 256;
static unsigned long commits;

#define WAL_RESTART_FRAMES 1000 /* about 4 MB of 4 KB pages */
#define WAL_WAIT_MS 50
static int wal_frames;          /* frames in the WAL after the last commit */
static int wal_next = WAL_RESTART_FRAMES;   /* frames at which to try a restart */
static int busy_ms = 10000;     /* the configured busy timeout, restored after one */

static int
wal_note(void *unused, sqlite3 *db, const char *name, int frames)
{
	(void)unused, (void)db, (void)name;
	wal_frames = frames;
	return SQLITE_OK;
}

/*
 * Between batches: a full checkpoint that lets the next commit restart the
 * WAL.  It waits at most WAL_WAIT_MS for readers on older frames (a request
 * holds its snapshot for milliseconds); a longer reader -- `ehm backup`, an
 * export -- makes it give up, and it is tried again only once the WAL has
 * grown by another WAL_RESTART_FRAMES, so writes are never held up for long.
 */
static void
wal_restart(void)
{
	int log = 0, done = 0;
	sqlite3_busy_timeout(wdb->db, WAL_WAIT_MS);
	int rc = sqlite3_wal_checkpoint_v2(wdb->db, NULL, SQLITE_CHECKPOINT_RESTART, &log, &done);
	sqlite3_busy_timeout(wdb->db, busy_ms);
	if (rc == SQLITE_OK) {
		wal_frames = 0;
		wal_next = WAL_RESTART_FRAMES;
		return;
	}
	wal_next = wal_frames + WAL_RESTART_FRAMES;
	if (rc != SQLITE_BUSY)
		fprintf(stderr, "ehm: writer: checkpoint failed: %s\n", sqlite3_errmsg(wdb->db));
}

/* One batch in one transaction: the number of units kept, or -1 if none landed. */
static int
run_batch(struct writer_unit **units, int n)
{
	if (sqlite3_exec(wdb->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "ehm: writer: BEGIN failed: %s\n", sqlite3_errmsg(wdb->db));
		for (int i = 0; i < n; i++)
			units[i]->rc = WRITER_ECOMMIT;
		return -1;
	}
	/*
	 * Another process (the CLI, a second server by mistake) may have added
	 * audit rows since our last batch: chain from the real head.
	 */
	audit_head_reload(wdb);
	int kept = 0;
	for (int i = 0; i < n; i++) {
		struct writer_unit *u = units[i];
		struct audit_head saved;
		audit_head_get(&saved);
		db_exec(wdb, "SAVEPOINT unit");
		u->rc = u->fn(wdb, u->arg);
		if (u->rc == 0) {
			if (db_exec(wdb, "RELEASE unit") != SQLITE_OK) {
				u->rc = WRITER_ECOMMIT;
				sqlite3_exec(wdb->db, "ROLLBACK TO unit; RELEASE unit", NULL, NULL, NULL);
				audit_head_set(&saved);
			} else
				kept++;
		} else {
			sqlite3_exec(wdb->db, "ROLLBACK TO unit; RELEASE unit", NULL, NULL, NULL);
			audit_head_set(&saved);
		}
		db_reset_busy(wdb);
		if (sqlite3_get_autocommit(wdb->db)) {
			/*
			 * The unit's error ended the whole transaction (SQLITE_FULL,
			 * SQLITE_IOERR, OR ROLLBACK...): every unit before it is gone.
			 */
			for (int k = 0; k <= i; k++)
				if (units[k]->rc == 0)
					units[k]->rc = WRITER_ECOMMIT;
			kept = 0;
			if (sqlite3_exec(wdb->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
				for (int k = i + 1; k < n; k++)
					units[k]->rc = WRITER_ECOMMIT;
				audit_head_reload(wdb);
				return -1;
			}
			audit_head_reload(wdb);
		}
	}
	if (sqlite3_exec(wdb->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "ehm: writer: COMMIT failed: %s; batch of %d rolled back\n",
		    sqlite3_errmsg(wdb->db), n);
		sqlite3_exec(wdb->db, "ROLLBACK", NULL, NULL, NULL);
		for (int i = 0; i < n; i++)
			if (units[i]->rc == 0)
				units[i]->rc = WRITER_ECOMMIT;
		audit_head_reload(wdb);
		return -1;
	}
	commits++;
	return kept;
}

static void *
writer_main(void *unused)
{
	(void)unused;
	struct writer_unit **units = calloc((size_t)batch_max, sizeof *units);
	if (units == NULL)
		abort();
	for (;;) {
		pthread_mutex_lock(&lock);
		while ((head == NULL || held) && !stopping)
			pthread_cond_wait(&queued, &lock);
		if (head == NULL && stopping) {
			pthread_mutex_unlock(&lock);
			break;
		}
		int n = 0;
		while (head && n < batch_max) {
			units[n++] = head;
			head = head->next;
		}
		if (head == NULL)
			tail = NULL;
		pthread_mutex_unlock(&lock);

		int kept = run_batch(units, n);

		/* A unit may live on its waiter's stack: untouched once posted. */
		for (int i = 0; i < n; i++)
			sem_post(&units[i]->done);
		pthread_mutex_lock(&lock);
		int busy = head != NULL;
		pthread_mutex_unlock(&lock);
		if (kept > 0)
			audit_committed(busy);
		if (wal_frames >= wal_next)
			wal_restart();
	}
	free(units);
	return NULL;
}

int
writer_start(const struct config *cfg, char *err, size_t errlen)
{
	wdb = db_open(cfg, 0, err, errlen);
	if (wdb == NULL)
		return -1;
	if (audit_open(wdb, cfg, err, errlen) != 0) {
		db_close(wdb);
		wdb = NULL;
		return -1;
	}
	batch_max = cfg->writer_batch;
	sqlite3_wal_hook(wdb->db, wal_note, NULL);   /* replaces the automatic checkpoint */
	wal_frames = 0;
	wal_next = WAL_RESTART_FRAMES;
	busy_ms = (int)cfg->busy_timeout_ms;
	stopping = 0;
	held = 0;
	if (pthread_create(&thread, NULL, writer_main, NULL) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		db_close(wdb);
		wdb = NULL;
		return -1;
	}
	running = 1;
	return 0;
}

void
writer_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = 1;
	held = 0;
	pthread_cond_broadcast(&queued);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = 0;
	audit_close();
	db_close(wdb);
	wdb = NULL;
}

/* Queue u for the writer: 0, or WRITER_ESTOPPED. */
static int
enqueue(struct writer_unit *u)
{
	pthread_mutex_lock(&lock);
	if (!running || stopping) {
		pthread_mutex_unlock(&lock);
		return WRITER_ESTOPPED;
	}
	if (tail)
		tail->next = u;
	else
		head = u;
	tail = u;
	pthread_cond_signal(&queued);
	pthread_mutex_unlock(&lock);
	return 0;
}

static int
await(struct writer_unit *u)
{
	while (sem_wait(&u->done) != 0)
		;               /* EINTR: a signal (SIGHUP) arrived; keep waiting */
	return u->rc;
}

int
writer_run(unit_fn fn, void *arg)
{
	struct writer_unit u = { .fn = fn, .arg = arg };
	if (sem_init(&u.done, 0, 0) != 0)
		return WRITER_ECOMMIT;
	int snap = db_snapshot_end();   /* reads after this write must see it */
	int rc = enqueue(&u);
	if (rc == 0)
		rc = await(&u);
	sem_destroy(&u.done);
	if (snap)
		db_snapshot_resume();
	return rc;
}

struct writer_unit *
writer_submit(unit_fn fn, void *arg)
{
	struct writer_unit *u = calloc(1, sizeof *u);
	if (u == NULL)
		return NULL;
	u->fn = fn;
	u->arg = arg;
	if (sem_init(&u->done, 0, 0) != 0) {
		free(u);
		return NULL;
	}
	if (enqueue(u) != 0) {
		sem_destroy(&u->done);
		free(u);
		return NULL;
	}
	return u;
}

int
writer_wait(struct writer_unit *u)
{
	int rc = await(u);
	sem_destroy(&u->done);
	free(u);
	return rc;
}

void
writer_hold(int on)
{
	pthread_mutex_lock(&lock);
	held = on;
	pthread_cond_broadcast(&queued);
	pthread_mutex_unlock(&lock);
}

unsigned long
writer_commits(void)
{
	pthread_mutex_lock(&lock);
	unsigned long c = commits;
	pthread_mutex_unlock(&lock);
	return c;
}
