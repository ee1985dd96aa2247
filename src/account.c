/*
 * account.c -- the signed-in user's own account (details, password,
 * security questions) and the acceptable use policy that every user
 * accepts on first sign-in and whenever its version changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "access.h"
#include "account.h"
#include "audit.h"
#include "auth.h"
#include "questions.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

static const char *const *
question_options(struct ctx *c)
{
	const char **o = arena_alloc(c->a, sizeof *o * (NQUESTIONS * 2 + 3));
	int n = 0;
	o[n++] = "";
	o[n++] = "Select a question";
	for (int i = 1; i <= NQUESTIONS; i++) {
		o[n++] = arena_printf(c->a, "%d", i);
		o[n++] = security_questions[i];
	}
	o[n] = NULL;
	return o;
}

static void
account_page(struct ctx *c, const struct form_errors *fe, const char *which)
{
	tpl_dict *p = view_page(c, "account.tpl", "Your account");
	const struct user *u = c->user;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "USERNAME", u->username);
	tpl_set(p, "AGENCY", u->agency_name);
	tpl_set(p, "TEAM", u->team_name[0] ? u->team_name : "No team");
	tpl_set(p, "ROLE", u->role == ROLE_ADMIN ? "Administrator" : u->role == ROLE_MANAGER
	    ? "Manager" : "Practitioner");
	sqlite3_stmt *st = db_prep(c->db, "SELECT coalesce(training_date, ''), version,"
	    " display_name, email FROM user WHERE id = ?1");
	db_bind_int(st, 1, u->id);
	const char *name = "", *email = "";
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = db_col_text(st, 0);
		tpl_set(p, "TRAINING", *t ? arena_printf(c->a, "Completed on %s",
		    view_date_words(c->a, t)) : "Not recorded");
		tpl_set_int(p, "VERSION", (long)sqlite3_column_int64(st, 1));
		name = arena_strdup(c->a, db_col_text(st, 2));
		email = arena_strdup(c->a, db_col_text(st, 3));
	}
	db_done(st);
	int details = which && !strcmp(which, "details");
	view_input(p, &(struct fld){ .marker = "DETAILS", .name = "name", .label = "Full name",
	    .value = details || c->restored ? view_value(c, "name", name) : name,
	    .autocomplete = "name", .fe = fe });
	view_input(p, &(struct fld){ .marker = "DETAILS", .name = "email", .label = "Email address",
	    .value = details || c->restored ? view_value(c, "email", email) : email,
	    .type = "email", .autocomplete = "email", .nospell = 1, .fe = fe });

	view_input(p, &(struct fld){ .marker = "PASSWORD", .name = "current",
	    .label = "Current password", .type = "password", .value = "",
	    .autocomplete = "current-password", .fe = fe });
	view_input(p, &(struct fld){ .marker = "PASSWORD", .name = "password",
	    .label = "New password", .type = "password", .value = "",
	    .hint = "At least 12 characters, not your username and not a common password. A few unrelated words make a strong one",
	    .autocomplete = "new-password", .fe = fe });
	view_input(p, &(struct fld){ .marker = "PASSWORD", .name = "confirm",
	    .label = "Confirm new password", .type = "password", .value = "",
	    .autocomplete = "new-password", .fe = fe });

	int have[3] = { 0, 0, 0 }, n = 0;
	const char *set_at = NULL;
	st = db_prep(c->db, "SELECT question, set_at FROM security_answer WHERE user_id = ?1"
	    " ORDER BY question");
	db_bind_int(st, 1, u->id);
	while (n < 3 && sqlite3_step(st) == SQLITE_ROW) {
		have[n++] = sqlite3_column_int(st, 0);
		set_at = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	if (n < 3) {
		tpl_show(p, "NO_QUESTIONS");
		tpl_set(p, "QUESTIONS_STATUS", "You have not set your security questions yet.");
	} else
		tpl_set(p, "QUESTIONS_STATUS", arena_printf(c->a, "You set your questions on %s. "
		    "Saving new ones replaces them.", view_date_words(c->a, set_at)));
	int qs = which && !strcmp(which, "questions");
	for (int i = 0; i < 3; i++) {
		char qn[8], an[8];
		snprintf(qn, sizeof qn, "q%d", i + 1);
		snprintf(an, sizeof an, "a%d", i + 1);
		const char *dflt = have[i] ? arena_printf(c->a, "%d", have[i]) : "";
		view_select(p, &(struct fld){ .marker = "QUESTIONS", .name = arena_strdup(c->a, qn),
		    .label = arena_printf(c->a, "Question %d", i + 1),
		    .value = qs || c->restored ? view_value(c, qn, dflt) : dflt,
		    .options = question_options(c), .fe = fe });
		view_input(p, &(struct fld){ .marker = "QUESTIONS", .name = arena_strdup(c->a, an),
		    .label = arena_printf(c->a, "Answer %d", i + 1), .value = "",
		    .autocomplete = "off", .fe = fe });
	}
}

/* GET /account -- any signed-in role.  Details, password, security questions. */
int
account_get(struct ctx *c)
{
	const char *done = req_query(c->req, "done");
	if (done && !strcmp(done, "password"))
		c->flash = "Your password has been changed";
	else if (done && !strcmp(done, "questions"))
		c->flash = "Your security questions have been saved";
	else if (done && !strcmp(done, "details"))
		c->flash = "Your details have been saved";
	account_page(c, NULL, NULL);
	return view_render(c);
}

struct acct_unit {
	long long uid, version;
	const char *name, *email, *hash, *ip, *action;
	const char *ahash[3];
	int q[3];
	int kind;           /* 0 details, 1 password, 2 questions */
	unsigned char keep_session[32];
	int conflict;
};

static int
acct_unit(struct dbc *w, void *arg)
{
	struct acct_unit *u = arg;
	char now[64];
	audit_now(now);
	sqlite3_stmt *st;
	if (u->kind == 0) {
		st = db_prep(w, "UPDATE user SET display_name = ?2, email = ?3, updated_at = ?4,"
		    " updated_by = ?1, version = version + 1 WHERE id = ?1 AND version = ?5");
		db_bind_int(st, 1, u->uid);
		db_bind_text(st, 2, u->name);
		db_bind_text(st, 3, u->email);
		db_bind_text(st, 4, now);
		db_bind_int(st, 5, u->version);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1) {
			u->conflict = 1;
			return 1;
		}
	} else if (u->kind == 1) {
		st = db_prep(w, "UPDATE user SET password_hash = ?2, version = version + 1 WHERE id = ?1");
		db_bind_int(st, 1, u->uid);
		db_bind_text(st, 2, u->hash);
		sqlite3_step(st);
		db_done(st);
		/* Other sessions end: whoever else had the old password is signed out. */
		st = db_prep(w, "DELETE FROM session WHERE user_id = ?1 AND id_hash != ?2");
		db_bind_int(st, 1, u->uid);
		sqlite3_bind_blob(st, 2, u->keep_session, 32, SQLITE_TRANSIENT);
		sqlite3_step(st);
		db_done(st);
	} else {
		st = db_prep(w, "DELETE FROM security_answer WHERE user_id = ?1");
		db_bind_int(st, 1, u->uid);
		sqlite3_step(st);
		db_done(st);
		for (int i = 0; i < 3; i++) {
			st = db_prep(w, "INSERT INTO security_answer(user_id, question, answer_hash, set_at)"
			    " VALUES(?1, ?2, ?3, ?4)");
			db_bind_int(st, 1, u->uid);
			db_bind_int(st, 2, u->q[i]);
			db_bind_text(st, 3, u->ahash[i]);
			db_bind_text(st, 4, now);
			int rc = sqlite3_step(st);
			db_done(st);
			if (rc != SQLITE_DONE)
				return -1;
		}
	}
	struct audit_entry e = { .user_id = u->uid, .action = u->action, .record_type = "user",
		.record_id = u->uid, .route = u->action, .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /account/details -- any signed-in role.  Own name and email (versioned). */
int
account_details(struct ctx *c)
{
	struct form_errors fe = { 0 };
	struct acct_unit u = { .uid = c->user->id, .kind = 0, .ip = c->req->client_addr,
		.action = "account.details" };
	u.name = valid_text(c, &fe, "name", "full name", 120, 1);
	u.email = valid_email(c, &fe, "email", 0);
	u.version = valid_id(req_form(c->req, "version"));
	if (fe.n == 0) {
		int rc = writer_run(acct_unit, &u);
		if (rc == 0) {
			response_redirect(c->resp, "/account?done=details");
			return 0;
		}
		if (!u.conflict)
			return 500;
		form_error(&fe, "name", "Your details were changed elsewhere while you were editing. "
		    "What you typed is below: check it and save again");
	}
	account_page(c, &fe, "details");
	return view_render(c);
}

/* POST /account/password -- any signed-in role.  Needs the current password. */
int
account_password(struct ctx *c)
{
	struct form_errors fe = { 0 };
	const char *cur = req_form(c->req, "current");
	const char *pw = req_form(c->req, "password");
	const char *confirm = req_form(c->req, "confirm");
	if (cur == NULL || *cur == '\0')
		form_error(&fe, "current", "Enter your current password");
	const char *problem = auth_password_problem(pw, c->user->username);
	if (problem)
		form_error(&fe, "password", problem);
	else if (confirm == NULL || strcmp(confirm, pw) != 0)
		form_error(&fe, "confirm", "Confirm new password must match the new password");
	if (fe.n == 0 && strlen(cur) <= 1024) {
		sqlite3_stmt *st = db_prep(c->db, "SELECT password_hash FROM user WHERE id = ?1");
		db_bind_int(st, 1, c->user->id);
		const char *hash = NULL;
		if (sqlite3_step(st) == SQLITE_ROW)
			hash = arena_strdup(c->a, db_col_text(st, 0));
		db_done(st);
		int ok = hash ? auth_verify_password(hash, cur) : 0;
		if (ok < 0)
			return 503;
		if (!ok) {
			access_audit(c, "account.password.fail", "user", c->user->id, "wrong current password");
			form_error(&fe, "current", "Your current password is not right");
		}
	} else if (fe.n == 0)
		form_error(&fe, "current", "Your current password is not right");
	if (fe.n == 0 && !strcmp(cur, pw))
		form_error(&fe, "password", "New password must be different from your current password");
	if (fe.n) {
		account_page(c, &fe, "password");
		return view_render(c);
	}
	char hash[128];
	if (auth_hash_password(pw, hash) != 0)
		return 503;
	struct acct_unit u = { .uid = c->user->id, .kind = 1, .hash = hash,
		.ip = c->req->client_addr, .action = "account.password" };
	memcpy(u.keep_session, c->session_hash, 32);
	if (writer_run(acct_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, "/account?done=password");
	return 0;
}

/* POST /account/questions -- any signed-in role.  Three different questions with answers. */
int
account_questions(struct ctx *c)
{
	struct form_errors fe = { 0 };
	struct acct_unit u = { .uid = c->user->id, .kind = 2, .ip = c->req->client_addr,
		.action = "account.questions" };
	char norm[3][512];
	for (int i = 0; i < 3; i++) {
		char qn[8], an[8];
		snprintf(qn, sizeof qn, "q%d", i + 1);
		snprintf(an, sizeof an, "a%d", i + 1);
		long long q = valid_id(req_form(c->req, qn));
		if (q < 1 || q > NQUESTIONS) {
			form_error(&fe, arena_strdup(c->a, qn), arena_printf(c->a,
			    "Select question %d", i + 1));
			q = 0;
		} else
			for (int j = 0; j < i; j++)
				if (u.q[j] == q) {
					form_error(&fe, arena_strdup(c->a, qn),
					    "Select 3 different questions");
					break;
				}
		u.q[i] = (int)q;
		const char *a = req_form(c->req, an);
		answer_normalise(a ? a : "", norm[i], sizeof norm[i]);
		if (a == NULL || *a == '\0')
			form_error(&fe, arena_strdup(c->a, an), arena_printf(c->a,
			    "Enter an answer to question %d", i + 1));
		else if (utf8_chars(a) > 100)
			form_error(&fe, arena_strdup(c->a, an), "Answer must be 100 characters or fewer");
		else if (strlen(norm[i]) < 3)
			form_error(&fe, arena_strdup(c->a, an), "Answer must be 3 letters or numbers or more");
	}
	if (fe.n) {
		account_page(c, &fe, "questions");
		return view_render(c);
	}
	char hashes[3][128];
	for (int i = 0; i < 3; i++) {
		if (auth_hash_password(norm[i], hashes[i]) != 0)
			return 503;
		u.ahash[i] = hashes[i];
	}
	sodium_memzero(norm, sizeof norm);
	if (writer_run(acct_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, "/account?done=questions");
	return 0;
}

/* ---- acceptable use policy ---- */

static int
must_accept(struct ctx *c)
{
	return c->user && c->user->aup_version < c->cfg->aup_version;
}

static void
aup_page(struct ctx *c, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "aup.tpl", "Acceptable use policy");
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set_int(p, "VERSION", c->cfg->aup_version);
	FILE *f = fopen(c->cfg->aup_file, "r");
	struct buf para;
	buf_init(&para, c->a);
	char line[2048];
	while (f && fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = '\0';
		/* Headings marked with '#' are shown as plain paragraphs. */
		char *t = line;
		while (*t == '#')
			t++;
		while (*t == ' ')
			t++;
		if (*t == '\0') {
			if (para.len) {
				tpl_dict *d = tpl_section(p, "PARA");
				tpl_set(d, "TEXT", buf_cstr(&para));
				buf_init(&para, c->a);
			}
			continue;
		}
		if (para.len)
			buf_puts(&para, " ");
		buf_puts(&para, t);
	}
	if (para.len) {
		tpl_dict *d = tpl_section(p, "PARA");
		tpl_set(d, "TEXT", buf_cstr(&para));
	}
	if (f)
		fclose(f);
	if (must_accept(c)) {
		tpl_dict *m = tpl_section(p, "MUST_ACCEPT");
		if (c->user->aup_version > 0)
			tpl_show(m, "NEW_VERSION");
		const char *next = req_query(c->req, "next");
		if (next == NULL)
			next = req_form(c->req, "next");
		tpl_set(p, "NEXT", next && auth_local_path(next) ? next : "/");
		view_checkbox(p, &(struct fld){ .marker = "ACCEPT", .name = "accept",
		    .label = "I have read and accept the acceptable use policy", .fe = fe }, 0);
	} else if (c->user)
		tpl_show(p, "ACCEPTED");
}

/* GET /acceptable-use -- public.  The policy; signed-in users who must accept get the form. */
int
aup_get(struct ctx *c)
{
	aup_page(c, NULL);
	return view_render(c);
}

struct aup_unit {
	long long uid, version;
	const char *ip;
};

static int
aup_unit(struct dbc *w, void *arg)
{
	struct aup_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "UPDATE user SET aup_version = ?2 WHERE id = ?1");
	db_bind_int(st, 1, u->uid);
	db_bind_int(st, 2, u->version);
	sqlite3_step(st);
	db_done(st);
	char d[32];
	snprintf(d, sizeof d, "version %lld", u->version);
	struct audit_entry e = { .user_id = u->uid, .action = "aup.accept", .record_type = "user",
		.record_id = u->uid, .route = "aup.accept", .ip = u->ip, .detail = d };
	return audit_add(w, &e);
}

/* POST /acceptable-use -- any signed-in role.  Records acceptance, then 303 to next. */
int
aup_accept(struct ctx *c)
{
	const char *a = req_form(c->req, "accept");
	if (a == NULL || strcmp(a, "yes") != 0) {
		struct form_errors fe = { 0 };
		form_error(&fe, "accept", "Confirm you have read and accept the acceptable use policy");
		aup_page(c, &fe);
		return view_render(c);
	}
	struct aup_unit u = { .uid = c->user->id, .version = c->cfg->aup_version,
		.ip = c->req->client_addr };
	if (writer_run(aup_unit, &u) != 0)
		return 500;
	const char *next = req_form(c->req, "next");
	response_redirect(c->resp, next && auth_local_path(next) ? next : "/");
	return 0;
}
