/*
 * writer.h -- the one writer thread (DESIGN §7).
 *
 * A handler does its reads and validation, then hands the writer a unit: a
 * function and its argument.  The writer runs each queued unit inside its own
 * SAVEPOINT, commits the whole batch once (group commit), and only then
 * wakes the waiting callers.  So a unit lands whole or not at all, and an
 * acknowledged write is durable.
 */
#ifndef EHM_WRITER_H
#define EHM_WRITER_H

#include "db.h"

/* A unit returns 0 to keep its changes, anything else to roll them back. */
typedef int (*unit_fn)(struct dbc *w, void *arg);

#define WRITER_ECOMMIT  (-1000)   /* the batch's COMMIT failed: nothing landed */
#define WRITER_ESTOPPED (-1001)   /* the writer is not running */

int writer_start(const struct config *, char *err, size_t errlen);
/* Finish every queued unit, then stop the thread and close the connection. */
void writer_stop(void);
/* Run fn(arg) as one atomic unit; returns its result once durable. */
int writer_run(unit_fn fn, void *arg);
/*
 * The same in two halves, so a request can go on reading and rendering while
 * its unit waits for the group commit: writer_submit queues fn(arg) and
 * returns at once (NULL if the writer is not running); writer_wait returns
 * what writer_run would have, once durable, and frees the unit.  arg must
 * stay valid until writer_wait returns, and every submitted unit must be
 * waited for.  The caller's read snapshot is kept: what it reads meanwhile
 * does not include the unit.
 */
struct writer_unit;
struct writer_unit *writer_submit(unit_fn fn, void *arg);
int writer_wait(struct writer_unit *);

/* Tests only: while held, the writer takes no units (so several queue up). */
void writer_hold(int on);
/* Number of COMMITs so far (tests and the benchmark report batch sizes). */
unsigned long writer_commits(void);

#endif
