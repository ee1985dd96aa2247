/*
 * auth.c -- sign-in, sessions and CSRF.
 *
 * Passwords: argon2id via crypto_pwhash_str with the configured limits, at
 * most max_concurrent_hashes at once (each takes 64 MiB or more).  An
 * unknown username is verified against a dummy hash so timing and page are
 * the same.  Accounts lock for a growing period after lockout_threshold
 * failures; a client address is slowed (answered 429 for a while), never
 * locked.
 *
 * Sessions: the cookie carries 32 random bytes (base64url); only their
 * BLAKE2b hash is stored.  Idle and absolute limits from config.  A
 * per-session CSRF token goes in every form; before sign-in a pre-session
 * token (double-submit cookie) protects the sign-in form.
 */
#include <ctype.h>
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "access.h"
#include "audit.h"
#include "auth.h"
#include "log.h"
#include "view.h"
#include "writer.h"


static sem_t hash_sem;
static char dummy_hash[crypto_pwhash_STRBYTES];
static unsigned long long ops_limit;
static size_t mem_limit;
static char **common;
static size_t ncommon;

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
load_common(const char *path)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		log_msg("common-password list %s not found: only length and username are checked",
		    path);
		return;
	}
	size_t cap = 4096;
	common = malloc(cap * sizeof *common);
	char line[256];
	while (common && fgets(line, sizeof line, f)) {
		if (!strncmp(line, "#!comment:", 10))
			continue;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (ncommon == cap) {
			cap *= 2;
			char **n = realloc(common, cap * sizeof *common);
			if (n == NULL)
				break;
			common = n;
		}
		common[ncommon++] = strdup(line);
	}
	fclose(f);
	qsort(common, ncommon, sizeof *common, cmpstr);
}

int
auth_init(const struct config *cfg, char *err, size_t errlen)
{
	ops_limit = (unsigned long long)cfg->pwhash_opslimit;
	mem_limit = (size_t)cfg->pwhash_memlimit_mib * 1024 * 1024;
	if (ops_limit < crypto_pwhash_OPSLIMIT_INTERACTIVE)
		ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
	if (mem_limit < crypto_pwhash_MEMLIMIT_INTERACTIVE)
		mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (sem_init(&hash_sem, 0, (unsigned)cfg->max_concurrent_hashes) != 0) {
		snprintf(err, errlen, "cannot create the hashing semaphore");
		return -1;
	}
	char pw[33];
	unsigned char r[16];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(pw, sizeof pw, r, sizeof r);
	if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), ops_limit, mem_limit) != 0) {
		snprintf(err, errlen, "cannot hash passwords: not enough memory for argon2id");
		return -1;
	}
	if (common == NULL)
		load_common(cfg->password_list);
	return 0;
}

int
auth_hash_password(const char *password, char out[128])
{
	sem_wait(&hash_sem);
	int rc = crypto_pwhash_str(out, password, strlen(password), ops_limit, mem_limit);
	sem_post(&hash_sem);
	return rc;
}

int
auth_verify_password(const char *hash, const char *password)
{
	sem_wait(&hash_sem);
	errno = 0;
	int rc = crypto_pwhash_str_verify(hash, password, strlen(password));
	int e = errno;
	sem_post(&hash_sem);
	if (rc == 0)
		return 1;
	return e == EINVAL ? 0 : -1;
}

int
needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, ops_limit, mem_limit) != 0;
}

const char *
auth_password_problem(const char *pw, const char *username)
{
	size_t n = pw ? strlen(pw) : 0;
	if (n == 0)
		return "Enter a password";
	/* Count characters, not bytes. */
	size_t chars = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
		if ((*p & 0xC0) != 0x80)
			chars++;
	if (chars < 12)
		return "Password must be 12 characters or more";
	if (chars > 128)
		return "Password must be 128 characters or fewer";
	char low[520];
	snprintf(low, sizeof low, "%s", pw);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (username && *username) {
		char u[130];
		snprintf(u, sizeof u, "%s", username);
		for (char *p = u; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (strstr(low, u))
			return "Password must not contain your username";
	}
	const char *key = low;
	if (ncommon && bsearch(&key, common, ncommon, sizeof *common, cmpstr))
		return "Password is too common. Choose one that is harder to guess";
	/* A common password with digits or punctuation added is still common. */
	char core[520];
	size_t k = 0;
	for (const char *p = low; *p; p++)
		if (isalpha((unsigned char)*p))
			core[k++] = *p;
	core[k] = '\0';
	key = core;
	if (k >= 4 && k * 2 >= chars && ncommon &&
	    bsearch(&key, common, ncommon, sizeof *common, cmpstr))
		return "Password is too common. Choose one that is harder to guess";
	return NULL;
}

/* ---- tokens and cookies ---- */

void
token_new(char out[TOKEN_CHARS + 1], unsigned char raw[TOKEN_BYTES])
{
	unsigned char tmp[TOKEN_BYTES];
	unsigned char *r = raw ? raw : tmp;
	randombytes_buf(r, TOKEN_BYTES);
	sodium_bin2base64(out, TOKEN_CHARS + 1, r, TOKEN_BYTES,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
token_decode(const char *s, unsigned char raw[TOKEN_BYTES])
{
	size_t n = 0;
	if (s == NULL || strlen(s) != TOKEN_CHARS)
		return -1;
	if (sodium_base642bin(raw, TOKEN_BYTES, s, TOKEN_CHARS, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != TOKEN_BYTES)
		return -1;
	return 0;
}

const char *
auth_device_cookie(const struct config *cfg)
{
	return cfg->tls ? "__Host-ehm_device" : "ehm_device";
}

const char *
auth_cookie_name(const struct config *cfg)
{
	return cfg->tls ? "__Host-ehm_session" : "ehm_session";
}

static const char *
pre_cookie_name(const struct config *cfg)
{
	return cfg->tls ? "__Host-ehm_pre" : "ehm_pre";
}

void
set_cookie(struct ctx *c, const char *name, const char *value, long max_age)
{
	char v[512];
	char age[32] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s",
	    name, value, c->cfg->tls ? "; Secure" : "", age);
	response_header(c->resp, "Set-Cookie", v);
}

/* ---- session loading ---- */

struct touch_unit {
	unsigned char hash[32];
	long long now;
	int delete;
	long long user_id;
	const char *ip;
	const char *why;
};

static int
touch_unit(struct dbc *w, void *arg)
{
	struct touch_unit *u = arg;
	sqlite3_stmt *st;
	if (u->delete) {
		st = db_prep(w, "DELETE FROM session WHERE id_hash = ?1");
		sqlite3_bind_blob(st, 1, u->hash, 32, SQLITE_TRANSIENT);
		sqlite3_step(st);
		db_done(st);
		struct audit_entry e = { .user_id = u->user_id, .action = "session.end",
			.record_type = "user", .record_id = u->user_id, .route = "-",
			.ip = u->ip, .detail = u->why };
		return audit_add(w, &e);
	}
	st = db_prep(w, "UPDATE session SET last_seen = ?2 WHERE id_hash = ?1");
	sqlite3_bind_blob(st, 1, u->hash, 32, SQLITE_TRANSIENT);
	db_bind_int(st, 2, u->now);
	int rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
anonymous(struct ctx *c)
{
	const char *pre = req_cookie(c->req, pre_cookie_name(c->cfg));
	unsigned char raw[TOKEN_BYTES];
	if (pre && token_decode(pre, raw) == 0) {
		c->csrf = pre;
		return;
	}
	char *tok = arena_alloc(c->a, TOKEN_CHARS + 1);
	token_new(tok, NULL);
	c->csrf = tok;
	set_cookie(c, pre_cookie_name(c->cfg), tok, -1);
}

static int
role_from(const char *s)
{
	if (!strcmp(s, "manager"))
		return ROLE_MANAGER;
	if (!strcmp(s, "admin"))
		return ROLE_ADMIN;
	return ROLE_PRACTITIONER;
}

void
auth_load(struct ctx *c)
{
	if (c->user || c->csrf)
		return;
	const char *cookie = req_cookie(c->req, auth_cookie_name(c->cfg));
	unsigned char raw[TOKEN_BYTES];
	if (cookie == NULL || token_decode(cookie, raw) != 0) {
		anonymous(c);
		return;
	}
	unsigned char h[32];
	crypto_generichash(h, sizeof h, raw, sizeof raw, NULL, 0);
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT s.user_id, s.csrf, s.created_at, s.last_seen, u.username, u.display_name,"
	    " u.email, u.agency_id, a.name, coalesce(u.team_id, 0), coalesce(t.name, ''),"
	    " u.role, u.dsl, u.aup_version, u.active, a.kind = 'childrens social care'"
	    " FROM session s JOIN user u ON u.id = s.user_id"
	    " JOIN agency a ON a.id = u.agency_id LEFT JOIN team t ON t.id = u.team_id"
	    " WHERE s.id_hash = ?1");
	if (st == NULL) {
		anonymous(c);
		return;
	}
	sqlite3_bind_blob(st, 1, h, sizeof h, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		set_cookie(c, auth_cookie_name(c->cfg), "", 0);
		anonymous(c);
		return;
	}
	long long now = (long long)time(NULL);
	long long uid = sqlite3_column_int64(st, 0);
	long long created = sqlite3_column_int64(st, 2);
	long long seen = sqlite3_column_int64(st, 3);
	int active = sqlite3_column_int(st, 14);
	const char *why = NULL;
	if (!active)
		why = "account deactivated";
	else if (now - seen > c->cfg->idle_timeout)
		why = "idle timeout";
	else if (now - created > c->cfg->absolute_lifetime)
		why = "absolute lifetime";
	if (why) {
		db_done(st);
		struct touch_unit u = { .now = now, .delete = 1, .user_id = uid,
			.ip = c->req->client_addr, .why = why };
		memcpy(u.hash, h, 32);
		writer_run(touch_unit, &u);
		c->expired_user_id = active ? uid : 0;
		set_cookie(c, auth_cookie_name(c->cfg), "", 0);
		anonymous(c);
		return;
	}
	struct user *u = arena_alloc(c->a, sizeof *u);
	u->id = uid;
	c->csrf = arena_strdup(c->a, db_col_text(st, 1));
	u->username = arena_strdup(c->a, db_col_text(st, 4));
	u->display_name = arena_strdup(c->a, db_col_text(st, 5));
	u->email = arena_strdup(c->a, db_col_text(st, 6));
	u->agency_id = sqlite3_column_int64(st, 7);
	u->agency_name = arena_strdup(c->a, db_col_text(st, 8));
	u->team_id = sqlite3_column_int64(st, 9);
	u->team_name = arena_strdup(c->a, db_col_text(st, 10));
	u->role = role_from(db_col_text(st, 11));
	u->dsl = sqlite3_column_int(st, 12);
	u->aup_version = sqlite3_column_int(st, 13);
	u->csc = sqlite3_column_int(st, 15);
	db_done(st);
	c->user = u;
	c->has_session = 1;
	memcpy(c->session_hash, h, 32);
	/* Record activity, but not on every request: at most every 30 s. */
	long long step = c->cfg->idle_timeout / 10;
	if (step > 30)
		step = 30;
	if (now - seen >= step) {
		struct touch_unit t = { .now = now };
		memcpy(t.hash, h, 32);
		writer_run(touch_unit, &t);
	}
}

const char *
auth_post_refused(struct ctx *c)
{
	const char *sfs = c->req->sec_fetch_site;
	if (sfs && !strcmp(sfs, "cross-site"))
		return "cross-site";
	const char *origin = c->req->origin;
	if (origin && strcmp(origin, c->cfg->base_url) != 0)
		return "origin";
	const char *tok = req_form(c->req, "csrf");
	if (tok == NULL || c->csrf == NULL || strlen(tok) != strlen(c->csrf) ||
	    sodium_memcmp(tok, c->csrf, strlen(tok)) != 0)
		return "csrf";
	return NULL;
}

void
auth_redirect_to_login(struct ctx *c)
{
	const char *next = c->req->path;
	if (c->req->query && *c->req->query)
		next = arena_printf(c->a, "%s?%s", c->req->path, c->req->query);
	if (!strcmp(next, "/"))
		response_redirect(c->resp, "/login");
	else
		response_redirect(c->resp, arena_printf(c->a, "/login?next=%s",
		    url_encode(c->a, next)));
}

/* A local path: starts with one "/", no scheme, no backslash, no control. */

int
auth_local_path(const char *p)
{
	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\')
		return 0;
	if (strlen(p) > 1024)
		return 0;
	for (const unsigned char *s = (const unsigned char *)p; *s; s++)
		if (*s < 0x21 || *s == 0x7f || *s == '\\')
			return 0;
	return 1;
}

/* ---- holding a form posted after the session expired ---- */

struct hold_unit {
	long long user_id, now, id;
	const char *path, *body, *ip;
};

static int
hold_unit(struct dbc *w, void *arg)
{
	struct hold_unit *u = arg;
	sqlite3_stmt *st = db_prep(w,
	    "INSERT INTO held_form(user_id, path, body, created_at) VALUES(?1, ?2, ?3, ?4)");
	db_bind_int(st, 1, u->user_id);
	db_bind_text(st, 2, u->path);
	db_bind_text(st, 3, u->body);
	db_bind_int(st, 4, u->now);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	u->id = sqlite3_last_insert_rowid(w->db);
	st = db_prep(w, "DELETE FROM held_form WHERE created_at < ?1");
	db_bind_int(st, 1, u->now - 86400);
	sqlite3_step(st);
	db_done(st);
	struct audit_entry e = { .user_id = u->user_id, .action = "form.held",
		.record_type = "held_form", .record_id = u->id, .route = u->path,
		.ip = u->ip };
	return audit_add(w, &e);
}

void
auth_hold_form(struct ctx *c)
{
	if (c->expired_user_id == 0 || c->route == NULL || !c->route->changes_state)
		return;
	/* Only same-site posts are held: a forged cross-site post is just refused. */
	const char *sfs = c->req->sec_fetch_site;
	if ((sfs && !strcmp(sfs, "cross-site")) ||
	    (c->req->origin && strcmp(c->req->origin, c->cfg->base_url)))
		return;
	struct buf b;
	buf_init(&b, c->a);
	for (size_t i = 0; i < c->req->nform; i++) {
		/* Secrets are never held: the user types them again. */
		const char *n = c->req->form[i].name;
		if (!strcmp(n, "csrf") || strstr(n, "password") || !strcmp(n, "current") ||
		    !strcmp(n, "confirm") || !strncmp(n, "answer", 6) || !strcmp(n, "code") ||
		    ((n[0] == 'a') && n[1] >= '1' && n[1] <= '3' && n[2] == '\0'))
			continue;
		if (b.len)
			buf_puts(&b, "&");
		buf_puts(&b, url_encode(c->a, c->req->form[i].name));
		buf_puts(&b, "=");
		buf_puts(&b, url_encode(c->a, c->req->form[i].value));
	}
	/*
	 * Give the form back on the page it was filled in on: the same-origin
	 * Referer's path (the POST path itself may take no GET).
	 */
	const char *page = c->req->path;
	const char *ref = c->req->referer;
	size_t bl = strlen(c->cfg->base_url);
	if (ref && !strncmp(ref, c->cfg->base_url, bl) && auth_local_path(ref + bl)) {
		const char *q = strchr(ref + bl, '?');
		page = q ? arena_strndup(c->a, ref + bl, (size_t)(q - ref - bl)) : ref + bl;
	} else {
		long long ids[4];
		int nids, st;
		if (route_match(page, M_GET, ids, &nids, &st) == NULL)
			page = "/";
	}
	struct hold_unit u = { .user_id = c->expired_user_id, .now = (long long)time(NULL),
		.path = page, .body = buf_cstr(&b), .ip = c->req->client_addr };
	if (writer_run(hold_unit, &u) != 0)
		return;
	response_redirect(c->resp, arena_printf(c->a, "/login?next=%s&held=1", url_encode(c->a, page)));
}

/*
 * After sign-in, GET /path?held=N gives back a held form: its fields become
 * the request's form values and handlers redisplay them (c->restored).
 */
static void
restore_held(struct ctx *c)
{
	const char *h = req_query(c->req, "held");
	if (h == NULL || c->user == NULL || c->req->method != M_GET)
		return;
	long long id = strtoll(h, NULL, 10);
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT body FROM held_form WHERE id = ?1 AND user_id = ?2 AND path = ?3"
	    " AND created_at >= ?4");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, c->user->id);
	db_bind_text(st, 3, c->req->path);
	db_bind_int(st, 4, (long long)time(NULL) - c->cfg->held_form_lifetime);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *body = arena_strdup(c->a, db_col_text(st, 0));
		struct limits lim = { (size_t)c->cfg->max_body, (size_t)c->cfg->max_fields,
			(size_t)c->cfg->max_field };
		if (request_parse_urlencoded(c->a, body, strlen(body), &lim, &c->req->form,
		    &c->req->nform) == 0) {
			c->restored = 1;
			c->flash = "Your session ended before your form was saved. "
			    "We kept what you entered: check it and send it again.";
		}
	}
	db_done(st);
}

/*
 * Before any signed-in page: give back a held form, and send a user who has
 * not accepted the current acceptable use policy to it first.
 */
int
auth_gate(struct ctx *c)
{
	restore_held(c);
	if (c->user && c->user->aup_version < c->cfg->aup_version) {
		const char *n = c->route->name;
		if (!strcmp(n, "aup") || !strcmp(n, "aup.accept") || !strcmp(n, "logout") ||
		    !strcmp(n, "keepalive"))
			return 0;
		const char *next = c->req->path;
		if (c->req->method == M_GET && c->req->query && *c->req->query)
			next = arena_printf(c->a, "%s?%s", c->req->path, c->req->query);
		response_redirect(c->resp, arena_printf(c->a, "/acceptable-use?next=%s",
		    url_encode(c->a, next)));
		return 1;
	}
	return 0;
}

/* Is there a held form for this user and path?  Its id, or 0. */
static long long
held_for(struct ctx *c, long long user_id, const char *path)
{
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT id FROM held_form WHERE user_id = ?1 AND path = ?2 AND created_at >= ?3"
	    " ORDER BY id DESC LIMIT 1");
	db_bind_int(st, 1, user_id);
	db_bind_text(st, 2, path);
	db_bind_int(st, 3, (long long)time(NULL) - c->cfg->held_form_lifetime);
	long long id = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

/* ---- sign-in and sign-out ---- */

static void
login_form(struct ctx *c, const struct form_errors *fe, const char *username)
{
	tpl_dict *p = view_page(c, fe && fe->n ? "login.tpl" : "login.tpl", "Sign in");
	tpl_set(p, "USERNAME", username ? username : "");
	const char *next = req_form(c->req, "next");
	if (next == NULL)
		next = req_query(c->req, "next");
	if (next && auth_local_path(next))
		tpl_set(p, "NEXT", next);
	if (req_query(c->req, "held"))
		tpl_show(p, "HELD");
	if (req_query(c->req, "signedout"))
		tpl_show(p, "SIGNED_OUT");
	if (fe)
		view_form_errors(c, p, fe);
}

/* GET /login -- public.  The sign-in form (already signed in: go home). */
int
login_get(struct ctx *c)
{
	if (c->user) {
		response_redirect(c->resp, "/");
		return 0;
	}
	login_form(c, NULL, NULL);
	return view_render(c);
}

struct login_unit {
	int outcome;                /* 1 ok, 0 failure */
	long long user_id, now;
	const char *ip, *detail;
	unsigned char id_hash[32];
	unsigned char old_hash[32];
	int has_old;
	unsigned char device_hash[32];
	int has_device;
	const char *csrf;
	const char *rehash;         /* new hash to store, or NULL */
	long long threshold, lock_seconds;
	int count;                  /* count a failure against the account */
	int locked_now;             /* out */
};

static int
login_unit(struct dbc *w, void *arg)
{
	struct login_unit *u = arg;
	sqlite3_stmt *st;
	struct audit_entry e = { .user_id = u->user_id, .record_type = "user",
		.record_id = u->user_id, .route = "login", .ip = u->ip, .detail = u->detail };
	if (u->outcome) {
		if (u->has_old) {
			st = db_prep(w, "DELETE FROM session WHERE id_hash = ?1");
			sqlite3_bind_blob(st, 1, u->old_hash, 32, SQLITE_TRANSIENT);
			sqlite3_step(st);
			db_done(st);
		}
		st = db_prep(w, "INSERT INTO session(id_hash, user_id, csrf, created_at, last_seen, ip)"
		    " VALUES(?1, ?2, ?3, ?4, ?4, ?5)");
		sqlite3_bind_blob(st, 1, u->id_hash, 32, SQLITE_TRANSIENT);
		db_bind_int(st, 2, u->user_id);
		db_bind_text(st, 3, u->csrf);
		db_bind_int(st, 4, u->now);
		db_bind_text(st, 5, u->ip);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		st = db_prep(w, "UPDATE user SET failed_count = 0, locked_until = 0, lockouts = 0,"
		    " password_hash = coalesce(?2, password_hash) WHERE id = ?1");
		db_bind_int(st, 1, u->user_id);
		db_bind_text(st, 2, u->rehash);
		sqlite3_step(st);
		db_done(st);
		st = db_prep(w, "DELETE FROM address_throttle WHERE ip = ?1");
		db_bind_text(st, 1, u->ip);
		sqlite3_step(st);
		db_done(st);
		if (u->has_device) {
			st = db_prep(w, "INSERT INTO device(id_hash, user_id, created_at, last_used)"
			    " VALUES(?1, ?2, ?3, ?3) ON CONFLICT DO UPDATE SET last_used = ?3");
			sqlite3_bind_blob(st, 1, u->device_hash, 32, SQLITE_TRANSIENT);
			db_bind_int(st, 2, u->user_id);
			db_bind_int(st, 3, u->now);
			sqlite3_step(st);
			db_done(st);
		}
		e.action = "login";
		return audit_add(w, &e);
	}
	/* Failure: count it against the address (slowing) and the account (lockout). */
	st = db_prep(w, "INSERT INTO address_throttle(ip, failures, last_at) VALUES(?1, 1, ?2)"
	    " ON CONFLICT(ip) DO UPDATE SET failures = CASE WHEN last_at < ?2 - 900 THEN 1"
	    " ELSE failures + 1 END, last_at = ?2");
	db_bind_text(st, 1, u->ip);
	db_bind_int(st, 2, u->now);
	sqlite3_step(st);
	db_done(st);
	e.action = "login.fail";
	if (audit_add(w, &e) != 0)
		return -1;
	if (u->user_id == 0 || !u->count)
		return 0;
	st = db_prep(w, "UPDATE user SET failed_count = failed_count + 1 WHERE id = ?1"
	    " RETURNING failed_count, lockouts");
	db_bind_int(st, 1, u->user_id);
	long long failed = 0, lockouts = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		failed = sqlite3_column_int64(st, 0);
		lockouts = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (failed >= u->threshold) {
		long long shift = lockouts > 10 ? 10 : lockouts;
		long long until = u->now + (u->lock_seconds << shift);
		st = db_prep(w, "UPDATE user SET failed_count = 0, locked_until = ?2,"
		    " lockouts = lockouts + 1 WHERE id = ?1");
		db_bind_int(st, 1, u->user_id);
		db_bind_int(st, 2, until);
		sqlite3_step(st);
		db_done(st);
		u->locked_now = 1;
		char d[64];
		snprintf(d, sizeof d, "locked for %lld seconds", until - u->now);
		struct audit_entry l = e;
		l.action = "login.locked";
		l.detail = d;
		return audit_add(w, &l);
	}
	return 0;
}

static const char login_failed[] =
    "Enter a correct username and password. After several failed attempts an "
    "account is locked for a while: an administrator can unlock it";

/* POST /login -- public (pre-session CSRF).  303 on success; the form again on failure. */
int
login_post(struct ctx *c)
{
	const char *username = req_form(c->req, "username");
	const char *password = req_form(c->req, "password");
	struct form_errors fe = { 0 };
	if (username == NULL || *username == '\0')
		form_error(&fe, "username", "Enter your username");
	if (password == NULL || *password == '\0')
		form_error(&fe, "password", "Enter your password");
	if (username && strlen(username) > 64)
		form_error(&fe, "username", "Username must be 64 characters or fewer");
	if (password && strlen(password) > 1024)
		form_error(&fe, "password", "Password must be 1024 characters or fewer");
	if (fe.n) {
		login_form(c, &fe, username);
		c->resp->status = 200;
		return view_render(c);
	}
	long long now = (long long)time(NULL);
	const char *ip = c->req->client_addr;

	/* Per-address slowing: after 10 failures, wait 2^(n-10) s (max 5 min). */
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT failures, last_at FROM address_throttle WHERE ip = ?1");
	db_bind_text(st, 1, ip);
	long long fails = 0, last = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		fails = sqlite3_column_int64(st, 0);
		last = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (fails >= 10 && now - last < 900) {
		long long wait = 1LL << (fails - 10 > 8 ? 8 : fails - 10);
		if (wait > 300)
			wait = 300;
		if (now - last < wait) {
			access_audit(c, "login.throttled", "address", 0, NULL);
			c->resp->status = 429;
			tpl_dict *p = view_page(c, "error.tpl", "Too many attempts");
			tpl_set(p, "HEADING", "Too many sign-in attempts from your network");
			tpl_set(p, "BODY", arena_printf(c->a,
			    "Wait %lld seconds, then try again.", wait - (now - last)));
			return view_render(c);
		}
	}

	st = db_prep(c->db, "SELECT id, password_hash, active, locked_until FROM user"
	    " WHERE username = ?1");
	db_bind_text(st, 1, username);
	long long uid = 0, locked = 0;
	int active = 0;
	const char *hash = dummy_hash;
	if (sqlite3_step(st) == SQLITE_ROW) {
		uid = sqlite3_column_int64(st, 0);
		hash = arena_strdup(c->a, db_col_text(st, 1));
		active = sqlite3_column_int(st, 2);
		locked = sqlite3_column_int64(st, 3);
	}
	db_done(st);

	/* Always verify something, so an unknown name costs the same time. */
	int ok = auth_verify_password(uid && active && locked <= now ? hash : dummy_hash,
	    password);
	if (ok < 0) {
		/* Out of memory: not a failed attempt. */
		log_msg("password verification could not run (memory)");
		return 503;
	}
	struct login_unit u = { .user_id = uid, .now = now, .ip = ip,
		.threshold = c->cfg->lockout_threshold, .lock_seconds = c->cfg->lockout_seconds };
	if (uid == 0)
		u.detail = "unknown username";
	else if (!active)
		u.detail = "account deactivated";
	else if (locked > now)
		u.detail = "account locked";
	else if (!ok)
		u.detail = "wrong password";
	if (u.detail) {
		u.outcome = 0;
		/* A locked or inactive account is not counted against again. */
		u.count = uid && active && locked <= now;
		if (writer_run(login_unit, &u) != 0)
			return 500;
		form_error(&fe, "username", login_failed);
		login_form(c, &fe, username);
		return view_render(c);
	}

	char newhash[128];
	const char *rehash = NULL;
	if (needs_rehash(hash) && auth_hash_password(password, newhash) == 0)
		rehash = newhash;
	const char *next = req_form(c->req, "next");
	if (!auth_local_path(next))
		next = "/";
	if (challenge_needed(c, uid))
		return challenge_start(c, uid, next);
	return auth_start_session(c, uid, next, rehash, 0);
}

int
auth_start_session(struct ctx *c, long long uid, const char *next, const char *rehash,
    int remember_device)
{
	struct login_unit u = { .user_id = uid, .now = (long long)time(NULL),
		.ip = c->req->client_addr, .outcome = 1, .rehash = rehash };
	char tok[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1], dev[TOKEN_CHARS + 1];
	unsigned char raw[TOKEN_BYTES];
	token_new(tok, raw);
	token_new(csrf, NULL);
	crypto_generichash(u.id_hash, 32, raw, sizeof raw, NULL, 0);
	const char *old = req_cookie(c->req, auth_cookie_name(c->cfg));
	unsigned char oldraw[TOKEN_BYTES];
	if (old && token_decode(old, oldraw) == 0) {
		crypto_generichash(u.old_hash, 32, oldraw, sizeof oldraw, NULL, 0);
		u.has_old = 1;
	}
	if (remember_device) {
		/* Keep the browser's device id if it has one, else issue one. */
		const char *d = req_cookie(c->req, auth_device_cookie(c->cfg));
		unsigned char draw[TOKEN_BYTES];
		if (d && token_decode(d, draw) == 0 && strlen(d) == TOKEN_CHARS)
			memcpy(dev, d, TOKEN_CHARS + 1);
		else
			token_new(dev, draw);
		crypto_generichash(u.device_hash, 32, draw, sizeof draw, NULL, 0);
		u.has_device = 1;
	}
	u.csrf = csrf;
	if (writer_run(login_unit, &u) != 0)
		return 500;
	set_cookie(c, auth_cookie_name(c->cfg), tok, -1);
	if (remember_device)
		set_cookie(c, auth_device_cookie(c->cfg), dev, 400L * 86400);
	long long held = held_for(c, uid, next);
	if (held)
		next = arena_printf(c->a, "%s?held=%lld", next, held);
	response_redirect(c->resp, next);
	return 0;
}

/* POST /logout -- any signed-in role.  Deletes the session server-side. */
int
logout_post(struct ctx *c)
{
	struct touch_unit u = { .delete = 1, .user_id = c->user->id,
		.ip = c->req->client_addr, .why = "signed out" };
	memcpy(u.hash, c->session_hash, 32);
	if (writer_run(touch_unit, &u) != 0)
		return 500;
	set_cookie(c, auth_cookie_name(c->cfg), "", 0);
	/* After a time-out the page asks to come back where the user was. */
	const char *next = req_form(c->req, "next");
	if (next && auth_local_path(next) && strcmp(next, "/"))
		response_redirect(c->resp, arena_printf(c->a, "/login?signedout=1&next=%s",
		    url_encode(c->a, next)));
	else
		response_redirect(c->resp, "/login?signedout=1");
	return 0;
}

/*
 * POST /session/keepalive -- any signed-in role.  Typing counts as
 * activity: the page's script posts here; the session's last_seen is
 * refreshed by auth_load already.  Answers 204-like plain text.
 */
int
keepalive_post(struct ctx *c)
{
	struct touch_unit t = { .now = (long long)time(NULL) };
	memcpy(t.hash, c->session_hash, 32);
	writer_run(touch_unit, &t);
	c->resp->content_type = "text/plain; charset=utf-8";
	buf_printf(&c->resp->body, "%ld\n", c->cfg->idle_timeout);
	return 0;
}
