/*
 * audit.h -- the append-only, hash-chained audit trail (DESIGN §7).
 *
 * Rows are added only by the writer thread, inside the unit whose change
 * they record, so they are durable before the response is sent.  Each row's
 * hash is a keyed BLAKE2b over the previous hash and the row's
 * length-prefixed fields; the head is copied to an anchor file outside the
 * database after commits, so a truncated tail is detectable.
 */
#ifndef EHM_AUDIT_H
#define EHM_AUDIT_H

#include "db.h"

#define AUDIT_HASH 32

struct audit_head {
	long long id;
	unsigned char hash[AUDIT_HASH];
};

struct audit_entry {
	long long user_id;          /* 0: nobody signed in */
	const char *action;         /* e.g. "view", "create", "deny", "login.fail" */
	const char *record_type;    /* e.g. "person", "user"; may be NULL */
	long long record_id;        /* 0: none */
	const char *route;          /* route pattern, never the raw URL */
	const char *ip;
	const char *detail;         /* no secrets; may be NULL */
};

/* Writer thread only. */
int audit_open(struct dbc *w, const struct config *, char *err, size_t errlen);
void audit_close(void);
int audit_add(struct dbc *w, const struct audit_entry *);
void audit_head_get(struct audit_head *);
void audit_head_set(const struct audit_head *);
void audit_head_reload(struct dbc *w);
void audit_committed(int busy);

/* Create the key file if missing (ehm init); 0 on success. */
int audit_key_create(const struct config *, char *err, size_t errlen);

/*
 * Verify the whole chain: contiguous ids, every hash, the anchor.
 * Returns 0 if intact; else 1 with a message naming the first bad row.
 */
int audit_verify(struct dbc *, const struct config *, char *msg, size_t msglen);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ" into out[64]. */
void audit_now(char out[64]);

#endif
