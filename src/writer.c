/*
 * writer.c -- the single writer thread and its queue.
 *
 * Batch: BEGIN IMMEDIATE; per unit SAVEPOINT / RELEASE (or ROLLBACK TO on
 * failure, with the audit chain head restored); COMMIT once.  If the COMMIT
 * fails, every unit in the batch fails and the audit head is reloaded from
 * the database.  Callers wait on a condition variable until their unit's
 * batch is durable.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "writer.h"

struct unit {
	unit_fn fn;
	void *arg;
	int rc;
	int done;
	struct unit *next;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queued = PTHREAD_COND_INITIALIZER;
static pthread_cond_t finished = PTHREAD_COND_INITIALIZER;
static struct unit *head, *tail;
static int running, stopping, held;
static pthread_t thread;
static struct dbc *wdb;
static long batch_max = 256;
static unsigned long commits;

/* One batch in one transaction: the number of units kept, or -1 if none landed. */
static int
run_batch(struct unit **units, int n)
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
		struct unit *u = units[i];
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
	struct unit **units = calloc((size_t)batch_max, sizeof *units);
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

		pthread_mutex_lock(&lock);
		for (int i = 0; i < n; i++)
			units[i]->done = 1;
		pthread_cond_broadcast(&finished);
		int busy = head != NULL;
		pthread_mutex_unlock(&lock);
		if (kept > 0)
			audit_committed(busy);
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

int
writer_run(unit_fn fn, void *arg)
{
	struct unit u = { .fn = fn, .arg = arg };
	pthread_mutex_lock(&lock);
	if (!running || stopping) {
		pthread_mutex_unlock(&lock);
		return WRITER_ESTOPPED;
	}
	if (tail)
		tail->next = &u;
	else
		head = &u;
	tail = &u;
	pthread_cond_signal(&queued);
	while (!u.done)
		pthread_cond_wait(&finished, &lock);
	pthread_mutex_unlock(&lock);
	return u.rc;
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
