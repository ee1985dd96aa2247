/*
 * signin.c -- the security-questions step of sign-in, and password reset.
 *
 * Second step: a user who has set security questions and signs in from a
 * browser not seen before (no known device cookie) answers two of their
 * three questions before the session starts; the browser is then
 * remembered.  Three wrong tries end the attempt and count towards lockout.
 *
 * Reset: a forgotten password is reset with a one-time code issued by an
 * admin plus two correct answers.  For an unknown username the questions
 * shown are chosen by a keyed hash of the name, so the page looks the same
 * and accounts cannot be discovered.  Every attempt is audited and throttled.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "access.h"
#include "audit.h"
#include "auth.h"
#include "questions.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

const char *const security_questions[NQUESTIONS + 1] = {
	"",
	"What was the name of your first school?",
	"What is the name of the town or city where you were born?",
	"What was the make of your first car or bike?",
	"What was the name of your childhood best friend?",
	"What was the first concert or show you went to?",
	"What was the name of the street you grew up on?",
	"What was your first job?",
	"What was the name of your first pet or favourite toy?",
};

static unsigned char pick_key[32];

void
answer_normalise(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	int space = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && n + 4 < outlen; p++) {
		if (*p >= 0x80) {              /* keep non-ASCII letters as they are */
			out[n++] = (char)*p;
			space = 0;
		} else if (isalnum(*p)) {
			if (space && n > 0)
				out[n++] = ' ';
			out[n++] = (char)tolower(*p);
			space = 0;
		} else
			space = 1;
	}
	out[n] = '\0';
}

int
signin_init(const struct config *cfg, char *err, size_t errlen)
{
	/* Derive the question-picking key from the audit key: stable across restarts. */
	int fd = open(cfg->audit_key_file, O_RDONLY | O_CLOEXEC);
	char buf[128] = "";
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		snprintf(err, errlen, "%s: cannot read the audit key (run 'ehm init')",
		    cfg->audit_key_file);
		return -1;
	}
	crypto_generichash(pick_key, sizeof pick_key, (const unsigned char *)"ehm security questions",
	    22, (const unsigned char *)buf, (size_t)n > 64 ? 64 : (size_t)n);
	sodium_memzero(buf, sizeof buf);
	return 0;
}

/* The user's chosen questions (ascending), count returned (0..3). */
static int
user_questions(struct ctx *c, long long uid, int q[3])
{
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT question FROM security_answer WHERE user_id = ?1 ORDER BY question");
	db_bind_int(st, 1, uid);
	int n = 0;
	while (n < 3 && sqlite3_step(st) == SQLITE_ROW)
		q[n++] = sqlite3_column_int(st, 0);
	db_done(st);
	return n;
}

/* Two questions for a username, chosen by a keyed hash (stable; same look for unknown names). */
static void
pick_two(struct ctx *c, const char *username, long long uid, int out[2])
{
	char low[80];
	snprintf(low, sizeof low, "%s", username ? username : "");
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	unsigned char h[16];
	crypto_generichash(h, sizeof h, (const unsigned char *)low, strlen(low), pick_key,
	    sizeof pick_key);
	int q[3];
	if (uid && user_questions(c, uid, q) == 3) {
		int i = h[0] % 3, j = (i + 1 + h[1] % 2) % 3;
		out[0] = q[i < j ? i : j];
		out[1] = q[i < j ? j : i];
		return;
	}
	int a = h[0] % NQUESTIONS, b = (a + 1 + h[1] % (NQUESTIONS - 1)) % NQUESTIONS;
	out[0] = (a < b ? a : b) + 1;
	out[1] = (a < b ? b : a) + 1;
}

/* 1 if answer matches the stored hash for (uid, question); -1 if it could not be checked. */
static int
check_answer(struct ctx *c, long long uid, int question, const char *answer)
{
	const char *hash = NULL;
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT answer_hash FROM security_answer WHERE user_id = ?1 AND question = ?2");
	db_bind_int(st, 1, uid);
	db_bind_int(st, 2, question);
	if (sqlite3_step(st) == SQLITE_ROW)
		hash = arena_strdup(c->a, db_col_text(st, 0));
	db_done(st);
	char norm[512];
	answer_normalise(answer ? answer : "", norm, sizeof norm);
	if (hash == NULL) {
		/* Spend the same time as a real check. */
		char tmp[128];
		auth_hash_password("not an answer", tmp);
		return 0;
	}
	return auth_verify_password(hash, norm);
}

static const char *
challenge_cookie(const struct config *cfg)
{
	return cfg->tls ? "__Host-ehm_challenge" : "ehm_challenge";
}

int
challenge_needed(struct ctx *c, long long uid)
{
	int q[3];
	if (user_questions(c, uid, q) < 3)
		return 0;
	const char *d = req_cookie(c->req, auth_device_cookie(c->cfg));
	unsigned char raw[TOKEN_BYTES], h[32];
	if (d == NULL || token_decode(d, raw) != 0)
		return 1;
	crypto_generichash(h, 32, raw, sizeof raw, NULL, 0);
	sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM device WHERE id_hash = ?1 AND user_id = ?2");
	sqlite3_bind_blob(st, 1, h, 32, SQLITE_TRANSIENT);
	db_bind_int(st, 2, uid);
	int known = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return !known;
}

struct ch_unit {
	int op;             /* 0 create, 1 failed try, 2 delete */
	unsigned char hash[32];
	long long uid, now;
	int q1, q2;
	const char *next, *ip, *detail;
	long long threshold, lock_seconds;
	int attempts;       /* out */
};

static int
ch_unit(struct dbc *w, void *arg)
{
	struct ch_unit *u = arg;
	sqlite3_stmt *st;
	struct audit_entry e = { .user_id = u->uid, .record_type = "user", .record_id = u->uid,
		.route = "login.questions", .ip = u->ip, .detail = u->detail };
	if (u->op == 0) {
		st = db_prep(w, "DELETE FROM login_challenge WHERE created_at < ?1");
		db_bind_int(st, 1, u->now - 3600);
		sqlite3_step(st);
		db_done(st);
		st = db_prep(w, "INSERT INTO login_challenge(id_hash, user_id, q1, q2, next, created_at)"
		    " VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
		sqlite3_bind_blob(st, 1, u->hash, 32, SQLITE_TRANSIENT);
		db_bind_int(st, 2, u->uid);
		db_bind_int(st, 3, u->q1);
		db_bind_int(st, 4, u->q2);
		db_bind_text(st, 5, u->next);
		db_bind_int(st, 6, u->now);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		e.action = "login.questions";
		return audit_add(w, &e);
	}
	if (u->op == 1) {
		st = db_prep(w, "UPDATE login_challenge SET attempts = attempts + 1 WHERE id_hash = ?1"
		    " RETURNING attempts");
		sqlite3_bind_blob(st, 1, u->hash, 32, SQLITE_TRANSIENT);
		u->attempts = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 99;
		db_done(st);
		if (u->attempts >= 3) {
			st = db_prep(w, "DELETE FROM login_challenge WHERE id_hash = ?1");
			sqlite3_bind_blob(st, 1, u->hash, 32, SQLITE_TRANSIENT);
			sqlite3_step(st);
			db_done(st);
		}
		/* Wrong answers count towards the account's lockout, like passwords. */
		st = db_prep(w, "UPDATE user SET failed_count = failed_count + 1 WHERE id = ?1"
		    " RETURNING failed_count, lockouts");
		db_bind_int(st, 1, u->uid);
		long long failed = 0, lockouts = 0;
		if (sqlite3_step(st) == SQLITE_ROW) {
			failed = sqlite3_column_int64(st, 0);
			lockouts = sqlite3_column_int64(st, 1);
		}
		db_done(st);
		e.action = "login.questions.fail";
		if (audit_add(w, &e) != 0)
			return -1;
		if (failed >= u->threshold) {
			long long shift = lockouts > 10 ? 10 : lockouts;
			st = db_prep(w, "UPDATE user SET failed_count = 0, locked_until = ?2,"
			    " lockouts = lockouts + 1 WHERE id = ?1");
			db_bind_int(st, 1, u->uid);
			db_bind_int(st, 2, u->now + (u->lock_seconds << shift));
			sqlite3_step(st);
			db_done(st);
			/* The lock ends every pending challenge: none may be answered later. */
			st = db_prep(w, "DELETE FROM login_challenge WHERE user_id = ?1");
			db_bind_int(st, 1, u->uid);
			sqlite3_step(st);
			db_done(st);
			struct audit_entry l = e;
			l.action = "login.locked";
			return audit_add(w, &l);
		}
		return 0;
	}
	st = db_prep(w, "DELETE FROM login_challenge WHERE id_hash = ?1");
	sqlite3_bind_blob(st, 1, u->hash, 32, SQLITE_TRANSIENT);
	sqlite3_step(st);
	db_done(st);
	return 0;
}

int
challenge_start(struct ctx *c, long long uid, const char *next)
{
	struct ch_unit u = { .op = 0, .uid = uid, .now = (long long)time(NULL), .next = next,
		.ip = c->req->client_addr, .detail = "browser not seen before" };
	int q[3];
	user_questions(c, uid, q);
	int i = (int)randombytes_uniform(3), j = (i + 1 + (int)randombytes_uniform(2)) % 3;
	u.q1 = q[i < j ? i : j];
	u.q2 = q[i < j ? j : i];
	char tok[TOKEN_CHARS + 1];
	unsigned char raw[TOKEN_BYTES];
	token_new(tok, raw);
	crypto_generichash(u.hash, 32, raw, sizeof raw, NULL, 0);
	if (writer_run(ch_unit, &u) != 0)
		return 500;
	set_cookie(c, challenge_cookie(c->cfg), tok, 600);
	response_redirect(c->resp, "/login/questions");
	return 0;
}

struct challenge {
	long long uid;
	int q1, q2, attempts;
	const char *next;
	unsigned char hash[32];
};

static int
load_challenge(struct ctx *c, struct challenge *ch)
{
	const char *t = req_cookie(c->req, challenge_cookie(c->cfg));
	unsigned char raw[TOKEN_BYTES];
	if (t == NULL || token_decode(t, raw) != 0)
		return 0;
	crypto_generichash(ch->hash, 32, raw, sizeof raw, NULL, 0);
	sqlite3_stmt *st = db_prep(c->db, "SELECT user_id, q1, q2, next, attempts FROM login_challenge"
	    " WHERE id_hash = ?1 AND created_at >= ?2");
	sqlite3_bind_blob(st, 1, ch->hash, 32, SQLITE_TRANSIENT);
	db_bind_int(st, 2, (long long)time(NULL) - 600);
	int ok = 0;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 4) < 3) {
		ch->uid = sqlite3_column_int64(st, 0);
		ch->q1 = sqlite3_column_int(st, 1);
		ch->q2 = sqlite3_column_int(st, 2);
		ch->next = arena_strdup(c->a, db_col_text(st, 3));
		ok = 1;
	}
	db_done(st);
	return ok;
}

static void
questions_page(struct ctx *c, int q1, int q2, const struct form_errors *fe, const char *heading,
    const char *action, const char *intro)
{
	tpl_dict *p = view_page(c, "form.tpl", heading);
	tpl_set(p, "HEADING", heading);
	tpl_set(p, "ACTION", action);
	tpl_set(p, "SUBMIT", "Continue");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", intro);
	if (fe)
		view_form_errors(c, p, fe);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "answer1",
	    .label = security_questions[q1], .value = "", .autocomplete = "off", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "answer2",
	    .label = security_questions[q2], .value = "", .autocomplete = "off", .fe = fe });
}

/* GET /login/questions -- public (needs a pending sign-in).  Two security questions. */
int
challenge_get(struct ctx *c)
{
	struct challenge ch;
	if (!load_challenge(c, &ch)) {
		response_redirect(c->resp, "/login");
		return 0;
	}
	questions_page(c, ch.q1, ch.q2, NULL, "Answer your security questions", "/login/questions",
	    "You are signing in from a browser we have not seen before. Answer two of your security questions.");
	return view_render(c);
}

/* POST /login/questions -- public.  303 into the service, or the questions again. */
int
challenge_post(struct ctx *c)
{
	struct challenge ch;
	if (!load_challenge(c, &ch)) {
		struct form_errors fe = { 0 };
		form_error(&fe, "username", "Your sign-in has expired. Sign in again");
		response_redirect(c->resp, "/login");
		return 0;
	}
	/* A locked or deactivated account answers nothing: the challenge ends, back to sign-in. */
	sqlite3_stmt *st = db_prep(c->db, "SELECT locked_until > ?2 OR active = 0 FROM user WHERE id = ?1");
	db_bind_int(st, 1, ch.uid);
	db_bind_int(st, 2, (long long)time(NULL));
	int barred = sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0);
	db_done(st);
	if (barred) {
		struct ch_unit d = { .op = 2 };
		memcpy(d.hash, ch.hash, 32);
		writer_run(ch_unit, &d);
		access_audit(c, "deny", "user", ch.uid, "security questions while locked");
		set_cookie(c, challenge_cookie(c->cfg), "", 0);
		response_redirect(c->resp, "/login");
		return 0;
	}
	const char *a1 = req_form(c->req, "answer1"), *a2 = req_form(c->req, "answer2");
	struct form_errors fe = { 0 };
	if (a1 == NULL || *a1 == '\0')
		form_error(&fe, "answer1", "Enter the answer to the first question");
	if (a2 == NULL || *a2 == '\0')
		form_error(&fe, "answer2", "Enter the answer to the second question");
	if (fe.n == 0 && (a1 && strlen(a1) > 200))
		form_error(&fe, "answer1", "Answer must be 200 characters or fewer");
	if (fe.n == 0 && (a2 && strlen(a2) > 200))
		form_error(&fe, "answer2", "Answer must be 200 characters or fewer");
	if (fe.n == 0) {
		int ok1 = check_answer(c, ch.uid, ch.q1, a1);
		int ok2 = check_answer(c, ch.uid, ch.q2, a2);
		if (ok1 < 0 || ok2 < 0)
			return 503;
		if (ok1 == 1 && ok2 == 1) {
			struct ch_unit d = { .op = 2 };
			memcpy(d.hash, ch.hash, 32);
			writer_run(ch_unit, &d);
			set_cookie(c, challenge_cookie(c->cfg), "", 0);
			return auth_start_session(c, ch.uid, auth_local_path(ch.next) ? ch.next : "/",
			    NULL, 1);
		}
		struct ch_unit u = { .op = 1, .uid = ch.uid, .now = (long long)time(NULL),
			.ip = c->req->client_addr, .threshold = c->cfg->lockout_threshold,
			.lock_seconds = c->cfg->lockout_seconds, .detail = "wrong answer" };
		memcpy(u.hash, ch.hash, 32);
		if (writer_run(ch_unit, &u) != 0)
			return 500;
		if (u.attempts >= 3) {
			set_cookie(c, challenge_cookie(c->cfg), "", 0);
			response_redirect(c->resp, "/login");
			return 0;
		}
		form_error(&fe, "answer1", "The answers do not match the ones you set. Check them and try again");
	}
	questions_page(c, ch.q1, ch.q2, &fe, "Answer your security questions", "/login/questions",
	    "You are signing in from a browser we have not seen before. Answer two of your security questions.");
	return view_render(c);
}

/* ---- password reset ---- */

/* GET /reset -- public.  Ask for the username. */
int
reset_get(struct ctx *c)
{
	tpl_dict *p = view_page(c, "form.tpl", "Reset your password");
	tpl_set(p, "HEADING", "Reset your password");
	tpl_set(p, "ACTION", "/reset");
	tpl_set(p, "SUBMIT", "Continue");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", "You need a reset code from an administrator and the answers "
	    "to your security questions. Ask your service desk for a code if you do not have one.");
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", "/login");
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "username", .label = "Username",
	    .value = "", .autocomplete = "username", .nospell = 1, .cls = " govuk-!-width-one-half" });
	return view_render(c);
}

static long long
uid_of(struct ctx *c, const char *username)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT id FROM user WHERE username = ?1 AND active = 1");
	db_bind_text(st, 1, username);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

static void
reset_form(struct ctx *c, const char *username, const struct form_errors *fe)
{
	int q[2];
	pick_two(c, username, uid_of(c, username), q);
	tpl_dict *p = view_page(c, "form.tpl", "Reset your password");
	tpl_set(p, "HEADING", "Reset your password");
	tpl_set(p, "ACTION", "/reset/complete");
	tpl_set(p, "SUBMIT", "Reset password");
	tpl_dict *cap = tpl_section(p, "CAPTION");
	tpl_set(cap, "CAPTION_TEXT", username);
	tpl_dict *h = tpl_section(p, "HIDDEN");
	tpl_set(h, "H_NAME", "username");
	tpl_set(h, "H_VALUE", username);
	if (fe)
		view_form_errors(c, p, fe);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "code", .label = "Reset code",
	    .hint = "The code an administrator gave you, for example ABCD-EFGH-JKLM", .value = "",
	    .autocomplete = "off", .nospell = 1, .cls = " govuk-input--width-20", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "answer1",
	    .label = security_questions[q[0]], .value = "", .autocomplete = "off", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "answer2",
	    .label = security_questions[q[1]], .value = "", .autocomplete = "off", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "password", .label = "New password",
	    .hint = "At least 12 characters. A few unrelated words make a strong password",
	    .type = "password", .value = "", .autocomplete = "new-password", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "confirm",
	    .label = "Confirm new password", .type = "password", .value = "",
	    .autocomplete = "new-password", .fe = fe });
}

/* POST /reset -- public.  The code, questions and new password form. */
int
reset_post(struct ctx *c)
{
	struct form_errors fe = { 0 };
	const char *username = valid_text(c, &fe, "username", "username", 64, 1);
	if (fe.n) {
		tpl_dict *p = view_page(c, "form.tpl", "Reset your password");
		tpl_set(p, "HEADING", "Reset your password");
		tpl_set(p, "ACTION", "/reset");
		tpl_set(p, "SUBMIT", "Continue");
		view_form_errors(c, p, &fe);
		view_input(p, &(struct fld){ .marker = "FIELD", .name = "username", .label = "Username",
		    .value = username, .autocomplete = "username", .nospell = 1, .fe = &fe });
		return view_render(c);
	}
	reset_form(c, username, NULL);
	return view_render(c);
}

struct reset_unit {
	long long uid, code_id, now, threshold;
	const char *hash, *ip, *detail;
	int ok;
	int blocked;        /* out: too many failures */
};

static int
reset_unit(struct dbc *w, void *arg)
{
	struct reset_unit *u = arg;
	struct audit_entry e = { .user_id = u->uid, .record_type = "user", .record_id = u->uid,
		.route = "reset", .ip = u->ip, .detail = u->detail };
	sqlite3_stmt *st;
	if (u->ok) {
		st = db_prep(w, "UPDATE user SET password_hash = ?2, failed_count = 0, locked_until = 0,"
		    " lockouts = 0, reset_failures = 0, version = version + 1 WHERE id = ?1");
		db_bind_int(st, 1, u->uid);
		db_bind_text(st, 2, u->hash);
		sqlite3_step(st);
		db_done(st);
		st = db_prep(w, "UPDATE reset_code SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL");
		db_bind_int(st, 1, u->code_id);
		db_bind_int(st, 2, u->now);
		sqlite3_step(st);
		int used = sqlite3_changes(w->db);
		db_done(st);
		if (used != 1)
			return 1;           /* used in the meantime: refuse */
		st = db_prep(w, "DELETE FROM session WHERE user_id = ?1");
		db_bind_int(st, 1, u->uid);
		sqlite3_step(st);
		db_done(st);
		e.action = "reset";
		return audit_add(w, &e);
	}
	st = db_prep(w, "INSERT INTO address_throttle(ip, failures, last_at) VALUES(?1, 1, ?2)"
	    " ON CONFLICT(ip) DO UPDATE SET failures = CASE WHEN last_at < ?2 - 900 THEN 1"
	    " ELSE failures + 1 END, last_at = ?2");
	db_bind_text(st, 1, u->ip);
	db_bind_int(st, 2, u->now);
	sqlite3_step(st);
	db_done(st);
	if (u->uid) {
		st = db_prep(w, "UPDATE user SET reset_failures = reset_failures + 1 WHERE id = ?1");
		db_bind_int(st, 1, u->uid);
		sqlite3_step(st);
		db_done(st);
	}
	e.action = "reset.fail";
	return audit_add(w, &e);
}

/* POST /reset/complete -- public.  Sets the new password when code and answers are right. */
int
reset_complete(struct ctx *c)
{
	struct form_errors fe = { 0 };
	const char *username = valid_text(c, &fe, "username", "username", 64, 1);
	if (fe.n)
		return 400;
	const char *code = req_form(c->req, "code");
	const char *a1 = req_form(c->req, "answer1"), *a2 = req_form(c->req, "answer2");
	const char *pw = req_form(c->req, "password"), *confirm = req_form(c->req, "confirm");
	if (code == NULL || *code == '\0')
		form_error(&fe, "code", "Enter the reset code");
	else if (strlen(code) > 40)
		form_error(&fe, "code", "Reset code must be 40 characters or fewer");
	if (a1 == NULL || *a1 == '\0')
		form_error(&fe, "answer1", "Enter the answer to the first question");
	if (a2 == NULL || *a2 == '\0')
		form_error(&fe, "answer2", "Enter the answer to the second question");
	const char *problem = auth_password_problem(pw, username);
	if (problem)
		form_error(&fe, "password", problem);
	else if (confirm == NULL || strcmp(pw, confirm) != 0)
		form_error(&fe, "confirm", "Confirm new password must match the new password");
	if (fe.n) {
		reset_form(c, username, &fe);
		return view_render(c);
	}

	long long now = (long long)time(NULL);
	long long uid = uid_of(c, username);
	int q[2];
	pick_two(c, username, uid, q);
	/* Throttle: per account, and per address (slowing only). */
	long long rf = 0;
	if (uid) {
		sqlite3_stmt *st = db_prep(c->db, "SELECT reset_failures FROM user WHERE id = ?1");
		db_bind_int(st, 1, uid);
		if (sqlite3_step(st) == SQLITE_ROW)
			rf = sqlite3_column_int64(st, 0);
		db_done(st);
	}
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT failures, last_at FROM address_throttle WHERE ip = ?1");
	db_bind_text(st, 1, c->req->client_addr);
	long long fails = 0, last = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		fails = sqlite3_column_int64(st, 0);
		last = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (fails >= 10 && now - last < (1LL << (fails - 10 > 8 ? 8 : fails - 10))) {
		access_audit(c, "reset.throttled", "address", 0, NULL);
		return 429;
	}

	unsigned char ch[32];
	void admin_code_hash(const char *, unsigned char[32]);
	admin_code_hash(code, ch);
	long long code_id = 0;
	st = db_prep(c->db, "SELECT id, code_hash FROM reset_code WHERE user_id = ?1"
	    " AND used_at IS NULL AND expires_at > ?2 ORDER BY id DESC LIMIT 1");
	db_bind_int(st, 1, uid);
	db_bind_int(st, 2, now);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 32 &&
	    sodium_memcmp(sqlite3_column_blob(st, 1), ch, 32) == 0)
		code_id = sqlite3_column_int64(st, 0);
	db_done(st);
	int ok1 = check_answer(c, uid, q[0], a1);
	int ok2 = check_answer(c, uid, q[1], a2);
	if (ok1 < 0 || ok2 < 0)
		return 503;
	struct reset_unit u = { .uid = uid, .now = now, .ip = c->req->client_addr,
		.code_id = code_id };
	int blocked = uid && rf >= c->cfg->lockout_threshold;
	if (uid && code_id && ok1 == 1 && ok2 == 1 && !blocked) {
		char hash[128];
		if (auth_hash_password(pw, hash) != 0)
			return 503;
		u.ok = 1;
		u.hash = hash;
		u.detail = "password reset with code and answers";
		int rc = writer_run(reset_unit, &u);
		if (rc == 0) {
			tpl_dict *p = view_page(c, "error.tpl", "Password changed");
			tpl_set(p, "HEADING", "Your password has been changed");
			tpl_set(p, "BODY", "Sign in with your new password.");
			return view_render(c);
		}
		if (rc != 1)
			return 500;
	}
	u.ok = 0;
	u.detail = !uid ? "unknown username" : blocked ? "too many reset failures"
	    : !code_id ? "wrong or expired code" : "wrong answer";
	if (writer_run(reset_unit, &u) != 0)
		return 500;
	form_error(&fe, "code", "The reset code or the answers are not right. Check them and try "
	    "again. After several attempts, ask an administrator to unlock your account and "
	    "issue a new code");
	reset_form(c, username, &fe);
	return view_render(c);
}
