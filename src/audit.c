/*
 * audit.c -- appending to and verifying the hash chain.
 *
 * hash(n) = BLAKE2b-256_key( hash(n-1) || field_1 || ... || field_k ) where
 * each field is an 8-byte little-endian length followed by its bytes, and
 * the fields are id, time, user, action, record type, record id, route,
 * address and detail, all as text.  Row 1 chains from 32 zero bytes.
 * The key lives in a file outside the database (readable by the service
 * only); the anchor file holds "id hexhash" of the head after a commit.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "audit.h"

static unsigned char key[crypto_generichash_KEYBYTES];
static struct audit_head cur;
static const struct config *acfg;
static long long anchored_id;

void
audit_now(char out[64])
{
	struct timeval tv;
	struct tm tm;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, (long)(tv.tv_usec / 1000));
}

static void
field(crypto_generichash_state *st, const char *s)
{
	unsigned char len[8];
	size_t n = s ? strlen(s) : 0;
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)((unsigned long long)n >> (8 * i));
	crypto_generichash_update(st, len, 8);
	if (n)
		crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void
field_int(crypto_generichash_state *st, long long v)
{
	char b[32];
	snprintf(b, sizeof b, "%lld", v);
	field(st, b);
}

static void
row_hash(const unsigned char *k, const unsigned char prev[AUDIT_HASH], long long id,
    const char *at, long long user, const char *action, const char *rtype,
    long long rid, const char *route, const char *ip, const char *detail,
    unsigned char out[AUDIT_HASH])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, k, crypto_generichash_KEYBYTES, AUDIT_HASH);
	crypto_generichash_update(&st, prev, AUDIT_HASH);
	field_int(&st, id);
	field(&st, at);
	field_int(&st, user);
	field(&st, action);
	field(&st, rtype);
	field_int(&st, rid);
	field(&st, route);
	field(&st, ip);
	field(&st, detail);
	crypto_generichash_final(&st, out, AUDIT_HASH);
}

static int
read_key(const struct config *cfg, unsigned char *k, char *err, size_t errlen)
{
	int fd = open(cfg->audit_key_file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot read the audit key: %s (run 'ehm init')",
		    cfg->audit_key_file, strerror(errno));
		return -1;
	}
	char hex[crypto_generichash_KEYBYTES * 2 + 2] = "";
	ssize_t n = read(fd, hex, sizeof hex - 1);
	close(fd);
	size_t bin = 0;
	if (n < (ssize_t)(crypto_generichash_KEYBYTES * 2) ||
	    sodium_hex2bin(k, crypto_generichash_KEYBYTES, hex,
	        crypto_generichash_KEYBYTES * 2, NULL, &bin, NULL) != 0 ||
	    bin != crypto_generichash_KEYBYTES) {
		snprintf(err, errlen, "%s: not an audit key", cfg->audit_key_file);
		return -1;
	}
	return 0;
}

int
audit_key_create(const struct config *cfg, char *err, size_t errlen)
{
	if (access(cfg->audit_key_file, F_OK) == 0)
		return 0;
	unsigned char k[crypto_generichash_KEYBYTES];
	char hex[crypto_generichash_KEYBYTES * 2 + 1];
	randombytes_buf(k, sizeof k);
	sodium_bin2hex(hex, sizeof hex, k, sizeof k);
	int fd = open(cfg->audit_key_file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create the audit key: %s",
		    cfg->audit_key_file, strerror(errno));
		return -1;
	}
	int ok = write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) &&
	    write(fd, "\n", 1) == 1 && fsync(fd) == 0;
	close(fd);
	sodium_memzero(k, sizeof k);
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write the audit key", cfg->audit_key_file);
		return -1;
	}
	return 0;
}

void
audit_head_reload(struct dbc *w)
{
	memset(&cur, 0, sizeof cur);
	sqlite3_stmt *st = db_prep(w, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	if (st && sqlite3_step(st) == SQLITE_ROW) {
		cur.id = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == AUDIT_HASH)
			memcpy(cur.hash, sqlite3_column_blob(st, 1), AUDIT_HASH);
	}
	db_done(st);
}

int
audit_open(struct dbc *w, const struct config *cfg, char *err, size_t errlen)
{
	acfg = cfg;
	if (read_key(cfg, key, err, errlen) != 0)
		return -1;
	audit_head_reload(w);
	anchored_id = -1;
	return 0;
}

static void
write_anchor(void)
{
	if (acfg == NULL || cur.id == anchored_id)
		return;
	char hex[AUDIT_HASH * 2 + 1], line[128], tmp[4096];
	sodium_bin2hex(hex, sizeof hex, cur.hash, AUDIT_HASH);
	int n = snprintf(line, sizeof line, "%lld %s\n", cur.id, hex);
	snprintf(tmp, sizeof tmp, "%s.tmp", acfg->audit_anchor_file);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int ok = write(fd, line, (size_t)n) == n;
	/* fsync only every anchor_every rows: the anchor trails, never leads. */
	if (ok && cur.id / acfg->anchor_every != anchored_id / acfg->anchor_every)
		fsync(fd);
	close(fd);
	if (ok && rename(tmp, acfg->audit_anchor_file) == 0)
		anchored_id = cur.id;
}

/*
 * After a commit.  While more units are already queued (busy), the anchor
 * is rewritten at most every ANCHOR_MS, or when the head crosses an
 * anchor_every boundary (when it is also fsynced): under load a batch
 * commits every millisecond or so, and the open/write/rename cost more than
 * the batch.  As soon as the queue is empty it is brought up to the head, so
 * an idle service's anchor always names its last row.
 */
#define ANCHOR_MS 100

void
audit_committed(int busy)
{
	static struct timespec last;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (now.tv_sec - last.tv_sec) * 1000LL + (now.tv_nsec - last.tv_nsec) / 1000000;
	if (busy && acfg && ms < ANCHOR_MS && cur.id / acfg->anchor_every == anchored_id / acfg->anchor_every)
		return;
	last = now;
	write_anchor();
}

void
audit_close(void)
{
	write_anchor();
	sodium_memzero(key, sizeof key);
	acfg = NULL;
}

void
audit_head_get(struct audit_head *h)
{
	*h = cur;
}

void
audit_head_set(const struct audit_head *h)
{
	cur = *h;
}

int
audit_add(struct dbc *w, const struct audit_entry *e)
{
	char at[64];
	audit_now(at);
	long long id = cur.id + 1;
	unsigned char h[AUDIT_HASH];
	row_hash(key, cur.hash, id, at, e->user_id, e->action, e->record_type,
	    e->record_id, e->route, e->ip, e->detail, h);
	sqlite3_stmt *st = db_prep(w,
	    "INSERT INTO audit(id, at, user_id, action, record_type, record_id, route, ip, detail, hash)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	if (st == NULL)
		return -1;
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at);
	db_bind_int(st, 3, e->user_id);
	db_bind_text(st, 4, e->action ? e->action : "");
	db_bind_text(st, 5, e->record_type ? e->record_type : "");
	db_bind_int(st, 6, e->record_id);
	db_bind_text(st, 7, e->route ? e->route : "");
	db_bind_text(st, 8, e->ip ? e->ip : "");
	db_bind_text(st, 9, e->detail ? e->detail : "");
	sqlite3_bind_blob(st, 10, h, AUDIT_HASH, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "ehm: audit insert failed: %s\n", sqlite3_errmsg(w->db));
		return -1;
	}
	cur.id = id;
	memcpy(cur.hash, h, AUDIT_HASH);
	return 0;
}

int
audit_verify(struct dbc *c, const struct config *cfg, char *msg, size_t msglen)
{
	unsigned char k[crypto_generichash_KEYBYTES];
	if (read_key(cfg, k, msg, msglen) != 0)
		return 1;
	unsigned char prev[AUDIT_HASH] = { 0 };
	long long expect = 1, rows = 0;
	int bad = 0;
	sqlite3_stmt *st = db_prep(c,
	    "SELECT id, at, user_id, action, record_type, record_id, route, ip, detail, hash"
	    " FROM audit ORDER BY id");
	if (st == NULL) {
		snprintf(msg, msglen, "audit table missing");
		return 1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		if (id != expect) {
			snprintf(msg, msglen, "audit row %lld is missing (next row found is %lld)",
			    expect, id);
			bad = 1;
			break;
		}
		unsigned char h[AUDIT_HASH];
		row_hash(k, prev, id, db_col_text(st, 1), sqlite3_column_int64(st, 2),
		    db_col_text(st, 3), db_col_text(st, 4), sqlite3_column_int64(st, 5),
		    db_col_text(st, 6), db_col_text(st, 7), db_col_text(st, 8), h);
		if (sqlite3_column_bytes(st, 9) != AUDIT_HASH ||
		    sodium_memcmp(h, sqlite3_column_blob(st, 9), AUDIT_HASH) != 0) {
			snprintf(msg, msglen, "audit row %lld does not match its hash: "
			    "it or an earlier row was altered", id);
			bad = 1;
			break;
		}
		memcpy(prev, h, AUDIT_HASH);
		expect++;
		rows++;
	}
	db_done(st);
	sodium_memzero(k, sizeof k);
	if (bad)
		return 1;

	FILE *f = fopen(cfg->audit_anchor_file, "r");
	if (f == NULL) {
		if (rows == 0) {
			snprintf(msg, msglen, "audit chain intact: 0 rows");
			return 0;
		}
		snprintf(msg, msglen, "%s: anchor file missing, cannot check for truncation",
		    cfg->audit_anchor_file);
		return 1;
	}
	long long aid = 0;
	char ahex[AUDIT_HASH * 2 + 2] = "";
	int got = fscanf(f, "%lld %65s", &aid, ahex);
	fclose(f);
	if (got != 2) {
		snprintf(msg, msglen, "%s: anchor file unreadable", cfg->audit_anchor_file);
		return 1;
	}
	if (aid > rows) {
		snprintf(msg, msglen, "audit trail truncated: the anchor records row %lld "
		    "but the last row is %lld", aid, rows);
		return 1;
	}
	/* Compare the anchored row's stored hash. */
	sqlite3_stmt *q = db_prep(c, "SELECT hash FROM audit WHERE id = ?1");
	db_bind_int(q, 1, aid);
	int match = 0;
	if (aid == 0)
		match = 1;
	else if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_bytes(q, 0) == AUDIT_HASH) {
		char hex[AUDIT_HASH * 2 + 1];
		sodium_bin2hex(hex, sizeof hex, sqlite3_column_blob(q, 0), AUDIT_HASH);
		match = strcmp(hex, ahex) == 0;
	}
	db_done(q);
	if (!match) {
		snprintf(msg, msglen, "audit row %lld does not match the anchor", aid);
		return 1;
	}
	snprintf(msg, msglen, "audit chain intact: %lld rows", rows);
	return 0;
}
