/*
 * admin.c -- /admin: users, agencies, teams and the audit log.
 *
 * Admins only (route table).  An admin never changes their own role or
 * flags and never deactivates themselves (access_can_change_role).  Every
 * change is one writer unit with its audit row; a role change or a
 * deactivation ends the user's sessions in the same unit.  Edits carry the
 * row's version: a save over someone else's newer save is refused and the
 * form comes back with what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "access.h"
#include "admin.h"
#include "audit.h"
#include "auth.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

static const char *const roles_opts[] = {
	"practitioner", "Practitioner", "manager", "Manager", "admin", "Administrator", NULL
};

static const char *const kinds_opts[] = {
	"local authority", "Local authority (early help)",
	"school", "School or college",
	"health", "Health",
	"housing", "Housing",
	"police", "Police",
	"voluntary", "Voluntary or community sector",
	"childrens social care", "Children's social care",
	"other", "Other",
	NULL
};

static const char *
label_of(const char *const *opts, const char *v)
{
	for (const char *const *o = opts; o[0]; o += 2)
		if (!strcmp(o[0], v))
			return o[1];
	return v;
}

static int
in_opts(const char *const *opts, const char *v)
{
	if (v == NULL)
		return 0;
	for (const char *const *o = opts; o[0]; o += 2)
		if (!strcmp(o[0], v))
			return 1;
	return 0;
}

static long
page_param(struct ctx *c)
{
	long long p = valid_id(req_query(c->req, "page"));
	return p > 0 && p < 100000 ? (long)p : 1;
}

static void
pager(struct ctx *c, tpl_dict *p, const char *base, long page, int more, const char *sep)
{
	tpl_dict *pg = tpl_include(p, "PAGER", "_pager.tpl");
	if (page > 1) {
		tpl_dict *d = tpl_section(pg, "PREV");
		tpl_set(d, "PREV_URL", arena_printf(c->a, "%s%spage=%ld", base, sep, page - 1));
		tpl_set(d, "PREV_TEXT", "Previous");
	}
	if (more) {
		tpl_dict *d = tpl_section(pg, "NEXT");
		tpl_set(d, "NEXT_URL", arena_printf(c->a, "%s%spage=%ld", base, sep, page + 1));
		tpl_set(d, "NEXT_TEXT", "Next");
	}
}

/* ---- options from the database ---- */

static const char *const *
agency_options(struct ctx *c, int with_blank)
{
	int cap = 64, n = 0;
	const char **o = arena_alloc(c->a, sizeof *o * (size_t)(cap * 2 + 3));
	if (with_blank) {
		o[n++] = "";
		o[n++] = "Select an agency";
	}
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, name FROM agency ORDER BY name");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (n / 2 >= cap) {
			const char **bigger = arena_alloc(c->a, sizeof *o * (size_t)(cap * 4 + 3));
			memcpy(bigger, o, sizeof *o * (size_t)n);
			o = bigger;
			cap *= 2;
		}
		o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

static const char *const *
team_options(struct ctx *c)
{
	int cap = 64, n = 0;
	const char **o = arena_alloc(c->a, sizeof *o * (size_t)(cap * 2 + 3));
	o[n++] = "";
	o[n++] = "No team";
	sqlite3_stmt *st = db_prep(c->db, "SELECT t.id, t.name, a.name FROM team t"
	    " JOIN agency a ON a.id = t.agency_id ORDER BY a.name, t.name");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (n / 2 >= cap) {
			const char **bigger = arena_alloc(c->a, sizeof *o * (size_t)(cap * 4 + 3));
			memcpy(bigger, o, sizeof *o * (size_t)n);
			o = bigger;
			cap *= 2;
		}
		o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		o[n++] = arena_printf(c->a, "%s (%s)", db_col_text(st, 1), db_col_text(st, 2));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

/* ---- users ---- */

/* GET /admin/users -- admin.  All users, 50 a page, with recent role changes. */
int
admin_users(struct ctx *c)
{
	long page = page_param(c);
	tpl_dict *p = view_page(c, "admin_users.tpl", "Users");
	tpl_set_int(p, "COUNT", (long)db_int(c->db, "SELECT count(*) FROM user", 0));
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT u.id, u.username, u.display_name, a.name, coalesce(t.name, ''), u.role,"
	    " u.dsl, u.active, u.locked_until FROM user u JOIN agency a ON a.id = u.agency_id"
	    " LEFT JOIN team t ON t.id = u.team_id ORDER BY u.username LIMIT 51 OFFSET ?1");
	db_bind_int(st, 1, (page - 1) * 50);
	int n = 0;
	long long now = (long long)time(NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (++n > 50)
			break;
		tpl_dict *r = tpl_section(p, "USER");
		tpl_set_int(r, "ID", (long)sqlite3_column_int64(st, 0));
		tpl_set(r, "USERNAME", db_col_text(st, 1));
		tpl_set(r, "NAME", db_col_text(st, 2));
		tpl_set(r, "AGENCY", db_col_text(st, 3));
		if (*db_col_text(st, 4)) {
			tpl_dict *t = tpl_section(r, "HAS_TEAM");
			tpl_set(t, "TEAM", db_col_text(st, 4));
		}
		tpl_set(r, "ROLE", label_of(roles_opts, db_col_text(st, 5)));
		if (sqlite3_column_int(st, 6))
			tpl_show(r, "DSL");
		int active = sqlite3_column_int(st, 7);
		int locked = sqlite3_column_int64(st, 8) > now;
		tpl_set(r, "STATUS", !active ? "Deactivated" : locked ? "Locked" : "Active");
		tpl_set(r, "STATUS_CLASS", !active ? "govuk-tag--grey" : locked ? "govuk-tag--red"
		    : "govuk-tag--green");
	}
	db_done(st);
	pager(c, p, "/admin/users", page, n > 50, "?");

	/* Role changes are shown to every admin. */
	st = db_prep(c->db, "SELECT a.at, coalesce(x.username, 'command line'), t.username, a.detail"
	    " FROM audit a LEFT JOIN user x ON x.id = a.user_id JOIN user t ON t.id = a.record_id"
	    " WHERE a.action = 'user.role' ORDER BY a.id DESC LIMIT 10");
	tpl_dict *rc = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (rc == NULL)
			rc = tpl_section(p, "ROLE_CHANGES");
		tpl_dict *ch = tpl_section(rc, "CHANGE");
		tpl_set(ch, "WHEN", view_datetime_words(c->a, db_col_text(st, 0)));
		tpl_set(ch, "ACTOR", db_col_text(st, 1));
		tpl_set(ch, "TARGET", db_col_text(st, 2));
		tpl_set(ch, "DETAIL", db_col_text(st, 3));
	}
	db_done(st);
	return view_render(c);
}

struct user_form {
	long long id, version, agency_id, team_id;
	const char *username, *name, *email, *role, *training, *password;
	int dsl;
	int self;
	/* out */
	long long new_id;
	int conflict;
	int exists;
	char old_role[32];
	long long actor;
	const char *ip;
	const char *hash;
};

static void
user_form_page(struct ctx *c, struct user_form *f, const struct form_errors *fe, int create)
{
	tpl_dict *p = view_page(c, "form.tpl", create ? "Add a user" : "Change user");
	tpl_set(p, "HEADING", create ? "Add a user" : arena_printf(c->a, "Change %s", f->username));
	tpl_set(p, "ACTION", create ? "/admin/users/new" : arena_printf(c->a, "/admin/users/%lld", f->id));
	tpl_set(p, "SUBMIT", create ? "Add user" : "Save changes");
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", "/admin/users");
	if (!create) {
		tpl_dict *h = tpl_section(p, "HIDDEN");
		tpl_set(h, "H_NAME", "version");
		tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", f->version));
	}
	if (fe)
		view_form_errors(c, p, fe);
	if (create)
		view_input(p, &(struct fld){ .marker = "FIELD", .name = "username", .label = "Username",
		    .hint = "2 to 64 letters, numbers, dots, hyphens, underscores or @", .value = f->username,
		    .autocomplete = "off", .nospell = 1, .cls = " govuk-!-width-one-half", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "name", .label = "Full name",
	    .value = f->name, .autocomplete = "off", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "email", .label = "Email address",
	    .value = f->email, .type = "email", .autocomplete = "off", .nospell = 1, .fe = fe });
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "agency", .label = "Agency",
	    .value = arena_printf(c->a, "%lld", f->agency_id), .options = agency_options(c, 1), .fe = fe });
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "team", .label = "Team",
	    .hint = "The team must belong to the agency",
	    .value = f->team_id ? arena_printf(c->a, "%lld", f->team_id) : "",
	    .options = team_options(c), .fe = fe });
	if (!f->self) {
		view_radios(p, &(struct fld){ .marker = "FIELD", .name = "role", .label = "Role",
		    .hint = "Practitioners record work with families; managers also create people, allocate and close episodes; administrators manage users and read the audit log, and open no case records",
		    .value = f->role, .options = roles_opts, .fe = fe });
		view_checkbox(p, &(struct fld){ .marker = "FIELD", .name = "dsl",
		    .label = "Designated safeguarding lead",
		    .hint = "May use break-glass access to an episode in an emergency", .fe = fe }, f->dsl);
	}
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "training",
	    .label = "Date system training was completed",
	    .hint = "For example, 27/3/2026. Leave empty if not yet trained",
	    .value = f->training, .cls = " govuk-input--width-10", .fe = fe });
	if (create)
		view_input(p, &(struct fld){ .marker = "FIELD", .name = "password",
		    .label = "Initial password",
		    .hint = "At least 12 characters. Tell the user in person; they can change it on their account page",
		    .value = "", .type = "password", .autocomplete = "new-password", .fe = fe });
	if (!create) {
		tpl_dict *a = tpl_include(p, "AFTER", "admin_user_actions.tpl");
		tpl_set(a, "CSRF", c->csrf);
		tpl_set_int(a, "ID", (long)f->id);
		sqlite3_stmt *st = db_prep(c->db, "SELECT u.active, u.locked_until, u.updated_at,"
		    " coalesce(x.username, 'command line') FROM user u LEFT JOIN user x ON x.id = u.updated_by"
		    " WHERE u.id = ?1");
		db_bind_int(st, 1, f->id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			int active = sqlite3_column_int(st, 0);
			int locked = sqlite3_column_int64(st, 1) > (long long)time(NULL);
			tpl_set(a, "STATUS", !active ? "Deactivated" : locked ? "Locked after failed sign-ins" : "Active");
			tpl_set(a, "UPDATED", arena_printf(c->a, "by %s on %s", db_col_text(st, 3),
			    view_datetime_words(c->a, db_col_text(st, 2))));
			if (f->self)
				tpl_show(a, "SELF");
			else {
				tpl_dict *ns = tpl_section(a, "NOT_SELF");
				tpl_show(ns, active ? "ACTIVE" : "INACTIVE");
				if (locked)
					tpl_show(ns, "LOCKED");
			}
		}
		db_done(st);
	}
}

static int
load_user(struct ctx *c, long long id, struct user_form *f)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT username, display_name, email, agency_id,"
	    " coalesce(team_id, 0), role, dsl, coalesce(training_date, ''), version FROM user WHERE id = ?1");
	db_bind_int(st, 1, id);
	int found = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		found = 1;
		f->id = id;
		f->username = arena_strdup(c->a, db_col_text(st, 0));
		f->name = arena_strdup(c->a, db_col_text(st, 1));
		f->email = arena_strdup(c->a, db_col_text(st, 2));
		f->agency_id = sqlite3_column_int64(st, 3);
		f->team_id = sqlite3_column_int64(st, 4);
		f->role = arena_strdup(c->a, db_col_text(st, 5));
		f->dsl = sqlite3_column_int(st, 6);
		f->training = arena_strdup(c->a, db_col_text(st, 7));
		f->version = sqlite3_column_int64(st, 8);
	}
	db_done(st);
	f->self = c->user && c->user->id == id;
	return found;
}

/* Read and check the posted user form into f; errors into fe. */
static void
read_user_form(struct ctx *c, struct user_form *f, struct form_errors *fe, int create)
{
	if (create) {
		f->username = valid_text(c, fe, "username", "username", 64, 1);
		if (*f->username && !form_error_for(fe, "username")) {
			for (const char *s = f->username; *s; s++)
				if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@", *s)) {
					form_error(fe, "username", "Username must only include letters, numbers, dots, hyphens, underscores and @");
					break;
				}
			if (strlen(f->username) < 2 && !form_error_for(fe, "username"))
				form_error(fe, "username", "Username must be 2 characters or more");
		}
	}
	f->name = valid_text(c, fe, "name", "full name", 120, 1);
	f->email = valid_email(c, fe, "email", 0);
	f->agency_id = valid_id(req_form(c->req, "agency"));
	f->team_id = valid_id(req_form(c->req, "team"));
	if (f->agency_id == 0)
		form_error(fe, "agency", "Select an agency");
	else {
		sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM agency WHERE id = ?1");
		db_bind_int(st, 1, f->agency_id);
		if (sqlite3_step(st) != SQLITE_ROW)
			form_error(fe, "agency", "Select an agency");
		db_done(st);
	}
	if (f->team_id) {
		sqlite3_stmt *st = db_prep(c->db, "SELECT agency_id FROM team WHERE id = ?1");
		db_bind_int(st, 1, f->team_id);
		long long ag = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		db_done(st);
		if (ag != f->agency_id)
			form_error(fe, "team", "Select a team in the chosen agency, or No team");
	} else if (req_form(c->req, "team") && *req_form(c->req, "team"))
		form_error(fe, "team", "Select a team in the chosen agency, or No team");
	if (!f->self) {
		const char *role = req_form(c->req, "role");
		if (!in_opts(roles_opts, role)) {
			form_error(fe, "role", "Select a role");
			f->role = "";
		} else
			f->role = role;
		const char *dsl = req_form(c->req, "dsl");
		f->dsl = dsl && !strcmp(dsl, "yes");
	}
	f->training = valid_date(c, fe, "training", "date training was completed", 0, 1);
	if (create) {
		f->password = req_form(c->req, "password");
		const char *problem = auth_password_problem(f->password, f->username);
		if (problem)
			form_error(fe, "password", problem);
	}
}

static int
user_create_unit(struct dbc *w, void *arg)
{
	struct user_form *f = arg;
	char now[64];
	audit_now(now);
	sqlite3_stmt *st = db_prep(w, "SELECT 1 FROM user WHERE username = ?1");
	db_bind_text(st, 1, f->username);
	f->exists = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	if (f->exists)
		return 1;
	st = db_prep(w, "INSERT INTO user(username, display_name, email, agency_id, team_id, role,"
	    " dsl, training_date, password_hash, created_at, updated_at, updated_by)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, ''), ?9, ?10, ?10, ?11)");
	db_bind_text(st, 1, f->username);
	db_bind_text(st, 2, f->name);
	db_bind_text(st, 3, f->email);
	db_bind_int(st, 4, f->agency_id);
	if (f->team_id)
		db_bind_int(st, 5, f->team_id);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, f->role);
	db_bind_int(st, 7, f->dsl);
	db_bind_text(st, 8, f->training);
	db_bind_text(st, 9, f->hash);
	db_bind_text(st, 10, now);
	db_bind_int(st, 11, f->actor);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	f->new_id = sqlite3_last_insert_rowid(w->db);
	struct audit_entry e = { .user_id = f->actor, .action = "user.create", .record_type = "user",
		.record_id = f->new_id, .route = "admin.user.create", .ip = f->ip, .detail = f->role };
	return audit_add(w, &e);
}

/* GET /admin/users/new -- admin.  The add-a-user form. */
int
admin_user_new(struct ctx *c)
{
	struct user_form f = { .username = "", .name = "", .email = "", .role = "practitioner",
		.training = "" };
	if (c->restored) {
		struct form_errors fe = { 0 };
		read_user_form(c, &f, &fe, 1);
		f.password = "";
	}
	user_form_page(c, &f, NULL, 1);
	return view_render(c);
}

/* POST /admin/users/new -- admin.  303 to the user, or the form with errors. */
int
admin_user_create(struct ctx *c)
{
	struct user_form f = { 0 };
	struct form_errors fe = { 0 };
	read_user_form(c, &f, &fe, 1);
	if (fe.n == 0) {
		char hash[128];
		if (auth_hash_password(f.password, hash) != 0)
			return 503;
		f.hash = hash;
		f.actor = c->user->id;
		f.ip = c->req->client_addr;
		int rc = writer_run(user_create_unit, &f);
		if (f.exists)
			form_error(&fe, "username", "A user with this username already exists");
		else if (rc != 0)
			return 500;
		else {
			c->flash = "User added";
			response_redirect(c->resp, arena_printf(c->a, "/admin/users/%lld?added=1", f.new_id));
			return 0;
		}
	}
	user_form_page(c, &f, &fe, 1);
	return view_render(c);
}

/* GET /admin/users/{id} -- admin.  The change-user form (404 if none). */
int
admin_user_get(struct ctx *c)
{
	struct user_form f = { 0 };
	if (!load_user(c, c->id[0], &f))
		return 404;
	/* Viewing a user's record is audited, like every record view. */
	if (access_audit_view(c, "view", "user", f.id, NULL) != 0)
		return 500;
	if (c->restored) {
		struct form_errors fe = { 0 };
		read_user_form(c, &f, &fe, 0);
	}
	if (req_query(c->req, "added"))
		c->flash = "User added";
	else if (req_query(c->req, "saved"))
		c->flash = "Changes saved";
	user_form_page(c, &f, NULL, 0);
	return view_render(c);
}

static int
user_save_unit(struct dbc *w, void *arg)
{
	struct user_form *f = arg;
	char now[64];
	audit_now(now);
	sqlite3_stmt *st = db_prep(w, "SELECT role, version FROM user WHERE id = ?1");
	db_bind_int(st, 1, f->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return 1;
	}
	char *old = f->old_role;
	snprintf(old, sizeof f->old_role, "%s", db_col_text(st, 0));
	long long version = sqlite3_column_int64(st, 1);
	db_done(st);
	if (version != f->version) {
		f->conflict = 1;
		return 1;
	}
	st = db_prep(w, "UPDATE user SET display_name = ?2, email = ?3, agency_id = ?4, team_id = ?5,"
	    " role = ?6, dsl = ?7, training_date = nullif(?8, ''), updated_at = ?9, updated_by = ?10,"
	    " version = version + 1 WHERE id = ?1 AND version = ?11");
	db_bind_int(st, 1, f->id);
	db_bind_text(st, 2, f->name);
	db_bind_text(st, 3, f->email);
	db_bind_int(st, 4, f->agency_id);
	if (f->team_id)
		db_bind_int(st, 5, f->team_id);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, f->role);
	db_bind_int(st, 7, f->dsl);
	db_bind_text(st, 8, f->training);
	db_bind_text(st, 9, now);
	db_bind_int(st, 10, f->actor);
	db_bind_int(st, 11, f->version);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || sqlite3_changes(w->db) != 1)
		return -1;
	struct audit_entry e = { .user_id = f->actor, .action = "user.update", .record_type = "user",
		.record_id = f->id, .route = "admin.user.save", .ip = f->ip };
	if (audit_add(w, &e) != 0)
		return -1;
	if (strcmp(old, f->role) != 0) {
		/* A new role takes effect at once: end their sessions. */
		st = db_prep(w, "DELETE FROM session WHERE user_id = ?1");
		db_bind_int(st, 1, f->id);
		sqlite3_step(st);
		db_done(st);
		char d[96];
		snprintf(d, sizeof d, "%s to %s", old, f->role);
		struct audit_entry r = e;
		r.action = "user.role";
		r.detail = d;
		return audit_add(w, &r);
	}
	return 0;
}

/* POST /admin/users/{id} -- admin.  Save; own role/flags refused (403). */
int
admin_user_save(struct ctx *c)
{
	struct user_form cur = { 0 };
	if (!load_user(c, c->id[0], &cur))
		return 404;
	struct user_form f = cur;
	struct form_errors fe = { 0 };
	if (cur.self && (req_form(c->req, "role") || req_form(c->req, "dsl"))) {
		const char *role = req_form(c->req, "role");
		const char *dsl = req_form(c->req, "dsl");
		if ((role && strcmp(role, cur.role)) || (dsl && !cur.dsl) ) {
			access_deny(c, "own role or flags", c->id[0]);
			return 0;
		}
	}
	read_user_form(c, &f, &fe, 0);
	f.version = valid_id(req_form(c->req, "version"));
	if (fe.n == 0) {
		f.actor = c->user->id;
		f.ip = c->req->client_addr;
		int rc = writer_run(user_save_unit, &f);
		if (rc == 0) {
			response_redirect(c->resp, arena_printf(c->a, "/admin/users/%lld?saved=1", f.id));
			return 0;
		}
		if (!f.conflict)
			return rc == 1 ? 404 : 500;
		form_error(&fe, "name", "Someone else changed this user while you were editing. "
		    "Your changes are below and have not been saved: check them and save again");
		f.version = cur.version;
		/* Show the saved version above the form. */
	}
	user_form_page(c, &f, &fe, 0);
	if (f.conflict) {
		tpl_dict *cf = tpl_section(c->page, "CONFLICT");
		tpl_set(cf, "CONFLICT_TEXT", arena_printf(c->a,
		    "Saved now: %s, %s, role %s.", cur.name, cur.email[0] ? cur.email : "no email",
		    label_of(roles_opts, cur.role)));
	}
	return view_render(c);
}

struct flag_unit {
	long long id, actor;
	const char *ip, *action;
	int what;       /* 0 deactivate, 1 reactivate, 2 unlock */
};

static int
flag_unit(struct dbc *w, void *arg)
{
	struct flag_unit *u = arg;
	static const char *sql[] = {
		"UPDATE user SET active = 0, version = version + 1 WHERE id = ?1",
		"UPDATE user SET active = 1, version = version + 1 WHERE id = ?1",
		"UPDATE user SET locked_until = 0, failed_count = 0, lockouts = 0,"
		" reset_failures = 0 WHERE id = ?1",
	};
	sqlite3_stmt *st = db_prep(w, sql[u->what]);
	db_bind_int(st, 1, u->id);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE || sqlite3_changes(w->db) != 1)
		return 1;
	if (u->what == 0) {
		st = db_prep(w, "DELETE FROM session WHERE user_id = ?1");
		db_bind_int(st, 1, u->id);
		sqlite3_step(st);
		db_done(st);
	}
	struct audit_entry e = { .user_id = u->actor, .action = u->action, .record_type = "user",
		.record_id = u->id, .route = u->action, .ip = u->ip };
	return audit_add(w, &e);
}

static int
user_flag(struct ctx *c, int what, const char *action, const char *flash)
{
	if (c->id[0] == c->user->id) {
		access_deny(c, "own account", c->id[0]);
		return 0;
	}
	struct flag_unit u = { .id = c->id[0], .actor = c->user->id, .ip = c->req->client_addr,
		.action = action, .what = what };
	int rc = writer_run(flag_unit, &u);
	if (rc == 1)
		return 404;
	if (rc != 0)
		return 500;
	(void)flash;
	response_redirect(c->resp, arena_printf(c->a, "/admin/users/%lld?saved=1", c->id[0]));
	return 0;
}

/* POST /admin/users/{id}/deactivate -- admin.  Ends their sessions at once. */
int
admin_user_deactivate(struct ctx *c)
{
	return user_flag(c, 0, "user.deactivate", "User deactivated");
}

/* POST /admin/users/{id}/reactivate -- admin. */
int
admin_user_reactivate(struct ctx *c)
{
	return user_flag(c, 1, "user.reactivate", "User reactivated");
}

/* POST /admin/users/{id}/unlock -- admin.  Clears a lockout. */
int
admin_user_unlock(struct ctx *c)
{
	return user_flag(c, 2, "user.unlock", "Account unlocked");
}

struct code_unit {
	long long id, actor, now, expires;
	unsigned char hash[32];
	const char *ip;
};

static int
code_unit(struct dbc *w, void *arg)
{
	struct code_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "UPDATE reset_code SET used_at = ?2 WHERE user_id = ?1"
	    " AND used_at IS NULL");
	db_bind_int(st, 1, u->id);
	db_bind_int(st, 2, u->now);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "INSERT INTO reset_code(user_id, code_hash, issued_by, created_at, expires_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)");
	db_bind_int(st, 1, u->id);
	sqlite3_bind_blob(st, 2, u->hash, 32, SQLITE_TRANSIENT);
	db_bind_int(st, 3, u->actor);
	db_bind_int(st, 4, u->now);
	db_bind_int(st, 5, u->expires);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	struct audit_entry e = { .user_id = u->actor, .action = "user.reset_code",
		.record_type = "user", .record_id = u->id, .route = "admin.user.reset_code", .ip = u->ip };
	return audit_add(w, &e);
}

/* Normalise a reset code as typed: upper case, no spaces or hyphens. */
void admin_code_hash(const char *typed, unsigned char out[32]);
void
admin_code_hash(const char *typed, unsigned char out[32])
{
	char norm[64];
	size_t n = 0;
	for (const char *p = typed; *p && n < sizeof norm - 1; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		norm[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	}
	norm[n] = '\0';
	crypto_generichash(out, 32, (const unsigned char *)norm, n, NULL, 0);
}

/* POST /admin/users/{id}/reset-code -- admin.  Shows a one-time code once. */
int
admin_user_reset_code(struct ctx *c)
{
	struct user_form f = { 0 };
	if (!load_user(c, c->id[0], &f))
		return 404;
	if (f.self) {
		access_deny(c, "own account", c->id[0]);
		return 0;
	}
	/* 12 characters from an alphabet without look-alikes: ~60 bits. */
	static const char alpha[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char code[16];
	int k = 0;
	for (int i = 0; i < 12; i++) {
		if (i == 4 || i == 8)
			code[k++] = '-';
		code[k++] = alpha[randombytes_uniform(sizeof alpha - 1)];
	}
	code[k] = '\0';
	struct code_unit u = { .id = f.id, .actor = c->user->id, .now = (long long)time(NULL),
		.ip = c->req->client_addr };
	u.expires = u.now + 24 * 3600;
	admin_code_hash(code, u.hash);
	if (writer_run(code_unit, &u) != 0)
		return 500;
	tpl_dict *p = view_page(c, "admin_reset_code.tpl", "Reset code issued");
	tpl_set(p, "USERNAME", f.username);
	tpl_set(p, "NAME", f.name);
	tpl_set(p, "CODE", code);
	tpl_set_int(p, "ID", (long)f.id);
	time_t ex = (time_t)u.expires;
	struct tm tm;
	gmtime_r(&ex, &tm);
	char iso[32];
	strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M", &tm);
	tpl_set(p, "EXPIRES", view_datetime_words(c->a, iso));
	sodium_memzero(code, sizeof code);
	return view_render(c);
}

/* ---- agencies and teams ---- */

struct org_form {
	long long id, version, agency_id, actor, new_id;
	const char *name, *kind, *locality, *ip;
	const char *saved_name;     /* the stored name, for the heading while the form is corrected */
	int team;           /* 1: a team; 0: an agency */
	int conflict, exists, occupied;
};

static void
org_form_page(struct ctx *c, struct org_form *f, const struct form_errors *fe)
{
	const char *what = f->team ? "team" : "agency";
	const char *heading = f->id ? arena_printf(c->a, "Change %s", f->saved_name ? f->saved_name : f->name)
	    : arena_printf(c->a, "Add %s %s", f->team ? "a" : "an", what);
	tpl_dict *p = view_page(c, "form.tpl", heading);
	tpl_set(p, "HEADING", heading);
	const char *base = f->team ? "/admin/teams" : "/admin/agencies";
	tpl_set(p, "ACTION", f->id ? arena_printf(c->a, "%s/%lld", base, f->id)
	    : arena_printf(c->a, "%s/new", base));
	tpl_set(p, "SUBMIT", f->id ? "Save changes" : arena_printf(c->a, "Add %s", what));
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", base);
	if (f->id) {
		tpl_dict *h = tpl_section(p, "HIDDEN");
		tpl_set(h, "H_NAME", "version");
		tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", f->version));
	}
	if (fe)
		view_form_errors(c, p, fe);
	if (f->conflict) {
		tpl_dict *cf = tpl_section(p, "CONFLICT");
		tpl_set(cf, "CONFLICT_TEXT", "Someone else changed this while you were editing. "
		    "Your changes are below and have not been saved: check them and save again.");
	}
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "name",
	    .label = f->team ? "Team name" : "Agency name", .value = f->name, .fe = fe });
	if (f->team) {
		view_select(p, &(struct fld){ .marker = "FIELD", .name = "agency", .label = "Agency",
		    .value = arena_printf(c->a, "%lld", f->agency_id), .options = agency_options(c, 1),
		    .fe = fe });
		view_input(p, &(struct fld){ .marker = "FIELD", .name = "locality", .label = "Locality",
		    .hint = "For example, North or Riverside. Optional", .value = f->locality, .fe = fe });
	} else
		view_radios(p, &(struct fld){ .marker = "FIELD", .name = "kind", .label = "Kind of agency",
		    .hint = "Children's social care receives step-up referrals", .value = f->kind,
		    .options = kinds_opts, .fe = fe });
}

static void
read_org_form(struct ctx *c, struct org_form *f, struct form_errors *fe)
{
	f->name = valid_text(c, fe, "name", f->team ? "team name" : "agency name", 120, 1);
	if (f->team) {
		f->agency_id = valid_id(req_form(c->req, "agency"));
		sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM agency WHERE id = ?1");
		db_bind_int(st, 1, f->agency_id);
		if (sqlite3_step(st) != SQLITE_ROW)
			form_error(fe, "agency", "Select an agency");
		db_done(st);
		f->locality = valid_text(c, fe, "locality", "locality", 120, 0);
	} else {
		f->kind = req_form(c->req, "kind");
		if (!in_opts(kinds_opts, f->kind)) {
			form_error(fe, "kind", "Select the kind of agency");
			f->kind = "";
		}
	}
	f->version = valid_id(req_form(c->req, "version"));
}

static int
org_unit(struct dbc *w, void *arg)
{
	struct org_form *f = arg;
	char now[64];
	audit_now(now);
	sqlite3_stmt *st;
	if (f->team)
		st = db_prep(w, "SELECT id FROM team WHERE agency_id = ?1 AND name = ?2 AND id != ?3");
	else
		st = db_prep(w, "SELECT id FROM agency WHERE ?1 = ?1 AND name = ?2 AND id != ?3");
	db_bind_int(st, 1, f->agency_id);
	db_bind_text(st, 2, f->name);
	db_bind_int(st, 3, f->id);
	f->exists = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	if (f->exists)
		return 1;
	if (f->team && f->id) {
		/* A team moves to another agency only when empty: its users and episodes belong to its agency. */
		st = db_prep(w, "SELECT 1 FROM team t WHERE t.id = ?1 AND t.agency_id != ?2 AND (EXISTS (SELECT 1 FROM user"
		    " WHERE team_id = t.id) OR EXISTS (SELECT 1 FROM episode WHERE team_id = t.id))");
		db_bind_int(st, 1, f->id);
		db_bind_int(st, 2, f->agency_id);
		f->occupied = sqlite3_step(st) == SQLITE_ROW;
		db_done(st);
		if (f->occupied)
			return 1;
	}
	int rc;
	if (f->id == 0) {
		if (f->team) {
			st = db_prep(w, "INSERT INTO team(agency_id, name, locality, created_at)"
			    " VALUES(?1, ?2, ?3, ?4)");
			db_bind_int(st, 1, f->agency_id);
			db_bind_text(st, 2, f->name);
			db_bind_text(st, 3, f->locality);
			db_bind_text(st, 4, now);
		} else {
			st = db_prep(w, "INSERT INTO agency(name, kind, created_at) VALUES(?1, ?2, ?3)");
			db_bind_text(st, 1, f->name);
			db_bind_text(st, 2, f->kind);
			db_bind_text(st, 3, now);
		}
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		f->new_id = sqlite3_last_insert_rowid(w->db);
	} else {
		if (f->team) {
			st = db_prep(w, "UPDATE team SET agency_id = ?2, name = ?3, locality = ?4,"
			    " version = version + 1 WHERE id = ?1 AND version = ?5");
			db_bind_int(st, 2, f->agency_id);
			db_bind_text(st, 3, f->name);
			db_bind_text(st, 4, f->locality);
		} else {
			st = db_prep(w, "UPDATE agency SET name = ?3, kind = ?4, version = version + 1"
			    " WHERE id = ?1 AND version = ?5 AND ?2 = ?2");
			db_bind_int(st, 2, 0);
			db_bind_text(st, 3, f->name);
			db_bind_text(st, 4, f->kind);
		}
		db_bind_int(st, 1, f->id);
		db_bind_int(st, 5, f->version);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		if (sqlite3_changes(w->db) != 1) {
			f->conflict = 1;
			return 1;
		}
		f->new_id = f->id;
	}
	struct audit_entry e = { .user_id = f->actor,
		.action = f->team ? (f->id ? "team.update" : "team.create")
		    : (f->id ? "agency.update" : "agency.create"),
		.record_type = f->team ? "team" : "agency", .record_id = f->new_id,
		.route = "admin", .ip = f->ip };
	return audit_add(w, &e);
}

static int
org_list(struct ctx *c, int team)
{
	tpl_dict *p = view_page(c, "admin_list.tpl", team ? "Teams" : "Agencies");
	tpl_set(p, "HEADING", team ? "Teams" : "Agencies");
	tpl_set(p, "NEW_URL", team ? "/admin/teams/new" : "/admin/agencies/new");
	tpl_set(p, "NEW_TEXT", team ? "Add a team" : "Add an agency");
	const char *cols[] = { team ? "Team" : "Agency", team ? "Agency" : "Kind",
		team ? "Locality" : "Users" };
	for (int i = 0; i < 3; i++) {
		tpl_dict *col = tpl_section(p, "COL");
		tpl_set(col, "COL_NAME", cols[i]);
	}
	sqlite3_stmt *st = team
	    ? db_prep(c->db, "SELECT t.id, t.name, a.name, t.locality FROM team t"
	        " JOIN agency a ON a.id = t.agency_id ORDER BY a.name, t.name")
	    : db_prep(c->db, "SELECT a.id, a.name, a.kind, (SELECT count(*) FROM user u"
	        " WHERE u.agency_id = a.id) FROM agency a ORDER BY a.name");
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		tpl_dict *r = tpl_section(p, "ROW");
		tpl_set(r, "HREF", arena_printf(c->a, "%s/%lld", team ? "/admin/teams" : "/admin/agencies",
		    sqlite3_column_int64(st, 0)));
		tpl_set(r, "C1", db_col_text(st, 1));
		tpl_set(r, "C2", team ? db_col_text(st, 2) : label_of(kinds_opts, db_col_text(st, 2)));
		tpl_set(r, "C3", db_col_text(st, 3));
	}
	db_done(st);
	tpl_set(p, "CAPTION", arena_printf(c->a, "%d %s", n, team ? (n == 1 ? "team" : "teams")
	    : (n == 1 ? "agency" : "agencies")));
	return view_render(c);
}

static int
load_org(struct ctx *c, int team, long long id, struct org_form *f)
{
	sqlite3_stmt *st = team
	    ? db_prep(c->db, "SELECT name, agency_id, locality, version, '' FROM team WHERE id = ?1")
	    : db_prep(c->db, "SELECT name, 0, '', version, kind FROM agency WHERE id = ?1");
	db_bind_int(st, 1, id);
	int found = sqlite3_step(st) == SQLITE_ROW;
	if (found) {
		f->id = id;
		f->team = team;
		f->name = f->saved_name = arena_strdup(c->a, db_col_text(st, 0));
		f->agency_id = sqlite3_column_int64(st, 1);
		f->locality = arena_strdup(c->a, db_col_text(st, 2));
		f->version = sqlite3_column_int64(st, 3);
		f->kind = arena_strdup(c->a, db_col_text(st, 4));
	}
	db_done(st);
	return found;
}

static int
org_show(struct ctx *c, int team, int create)
{
	struct org_form f = { .team = team, .name = "", .kind = "", .locality = "" };
	if (!create && !load_org(c, team, c->id[0], &f))
		return 404;
	if (c->restored) {
		struct form_errors fe = { 0 };
		read_org_form(c, &f, &fe);
	}
	if (req_query(c->req, "saved"))
		c->flash = "Changes saved";
	org_form_page(c, &f, NULL);
	return view_render(c);
}

static int
org_post(struct ctx *c, int team, int create)
{
	struct org_form f = { .team = team };
	if (!create && !load_org(c, team, c->id[0], &f))
		return 404;
	struct form_errors fe = { 0 };
	read_org_form(c, &f, &fe);
	if (fe.n == 0) {
		f.actor = c->user->id;
		f.ip = c->req->client_addr;
		int rc = writer_run(org_unit, &f);
		if (rc == 0) {
			response_redirect(c->resp, arena_printf(c->a, "%s/%lld?saved=1",
			    team ? "/admin/teams" : "/admin/agencies", f.new_id));
			return 0;
		}
		if (f.exists)
			form_error(&fe, "name", team ? "A team with this name already exists in the agency"
			    : "An agency with this name already exists");
		else if (f.occupied)
			form_error(&fe, "agency", "This team has users or episodes, so it cannot move to another agency. "
			    "Move its users to other teams first, or add a team in the other agency");
		else if (!f.conflict)
			return 500;
		if (f.conflict) {
			struct org_form cur = { 0 };
			load_org(c, team, c->id[0], &cur);
			f.version = cur.version;
		}
	}
	org_form_page(c, &f, &fe);
	return view_render(c);
}

/* GET /admin/agencies -- admin. */
int admin_agencies(struct ctx *c) { return org_list(c, 0); }
/* GET /admin/agencies/new -- admin. */
int admin_agency_new(struct ctx *c) { return org_show(c, 0, 1); }
/* POST /admin/agencies/new -- admin. */
int admin_agency_create(struct ctx *c) { return org_post(c, 0, 1); }
/* GET /admin/agencies/{id} -- admin. */
int admin_agency_get(struct ctx *c) { return org_show(c, 0, 0); }
/* POST /admin/agencies/{id} -- admin. */
int admin_agency_save(struct ctx *c) { return org_post(c, 0, 0); }
/* GET /admin/teams -- admin. */
int admin_teams(struct ctx *c) { return org_list(c, 1); }
/* GET /admin/teams/new -- admin. */
int admin_team_new(struct ctx *c) { return org_show(c, 1, 1); }
/* POST /admin/teams/new -- admin. */
int admin_team_create(struct ctx *c) { return org_post(c, 1, 1); }
/* GET /admin/teams/{id} -- admin. */
int admin_team_get(struct ctx *c) { return org_show(c, 1, 0); }
/* POST /admin/teams/{id} -- admin. */
int admin_team_save(struct ctx *c) { return org_post(c, 1, 0); }

/* ---- audit log ---- */

struct audit_filter {
	const char *username, *action, *rtype, *from, *to;
	long long rid, uid;
	long long before;
};

static void
read_filter(struct ctx *c, struct audit_filter *f, struct form_errors *fe)
{
	struct request *r = c->req;
	/* Filters come in the query string: move them into the form slots to validate. */
	r->form = r->query_fields;
	r->nform = r->nquery;
	f->username = valid_text(c, fe, "user", "username", 64, 0);
	f->action = valid_text(c, fe, "action", "action", 64, 0);
	f->rtype = valid_text(c, fe, "rtype", "record type", 64, 0);
	const char *rid = valid_text(c, fe, "rid", "record id", 18, 0);
	if (*rid && (f->rid = valid_id(rid)) == 0)
		form_error(fe, "rid", "Record id must be a whole number, like 42");
	f->from = valid_date(c, fe, "from", "from date", 0, 0);
	f->to = valid_date(c, fe, "to", "to date", 0, 0);
	f->before = valid_id(req_query(c->req, "before"));
	f->uid = -1;
	if (*f->username) {
		sqlite3_stmt *st = db_prep(c->db, "SELECT id FROM user WHERE username = ?1");
		db_bind_text(st, 1, f->username);
		f->uid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(st);
		if (f->uid == 0)
			form_error(fe, "user", "There is no user with this username");
	}
	if (fe->n)
		f->uid = -2;   /* show nothing while the filters are wrong */
}

static const char audit_sql[] =
    "SELECT a.id, a.at, a.user_id, coalesce(u.username, ''), a.action, a.record_type,"
    " a.record_id, a.ip, a.route FROM audit a LEFT JOIN user u ON u.id = a.user_id"
    " WHERE (?1 = -1 OR a.user_id = ?1) AND (?2 = '' OR a.action = ?2)"
    " AND (?3 = '' OR a.record_type = ?3) AND (?4 = 0 OR a.record_id = ?4)"
    " AND (?5 = '' OR a.at >= ?5) AND (?6 = '' OR a.at < date(?6, '+1 day'))"
    " AND (?7 = 0 OR a.id < ?7) AND ?1 != -2"
    " ORDER BY a.id DESC LIMIT ?8";

static sqlite3_stmt *
audit_query(struct ctx *c, const struct audit_filter *f, long limit)
{
	sqlite3_stmt *st = db_prep(c->db, audit_sql);
	db_bind_int(st, 1, f->uid);
	db_bind_text(st, 2, f->action);
	db_bind_text(st, 3, f->rtype);
	db_bind_int(st, 4, f->rid);
	db_bind_text(st, 5, f->from);
	db_bind_text(st, 6, f->to);
	db_bind_int(st, 7, f->before);
	db_bind_int(st, 8, limit);
	return st;
}

static const char *
query_of(struct ctx *c, const struct audit_filter *f)
{
	struct buf b;
	buf_init(&b, c->a);
	const char *keys[] = { "user", "action", "rtype", "rid", "from", "to" };
	for (int i = 0; i < 6; i++) {
		const char *v = req_query(c->req, keys[i]);
		if (v == NULL || *v == '\0')
			continue;
		buf_puts(&b, b.len ? "&" : "?");
		buf_puts(&b, keys[i]);
		buf_puts(&b, "=");
		for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr("-_.", *p))
				buf_append(&b, (const char *)p, 1);
			else
				buf_printf(&b, "%%%02X", *p);
		}
	}
	(void)f;
	return buf_cstr(&b);
}

/* GET /admin/audit -- admin.  Filtered, newest first, 50 a page (keyset). */
int
admin_audit(struct ctx *c)
{
	struct audit_filter f = { 0 };
	struct form_errors fe = { 0 };
	read_filter(c, &f, &fe);
	tpl_dict *p = view_page(c, "admin_audit.tpl", "Audit log");
	if (fe.n)
		view_form_errors(c, p, &fe);
	view_input(p, &(struct fld){ .marker = "F1", .name = "user", .label = "Username",
	    .value = f.username, .nospell = 1, .fe = &fe });
	view_input(p, &(struct fld){ .marker = "F2", .name = "action", .label = "Action",
	    .hint = "For example, login.fail", .value = f.action, .nospell = 1, .fe = &fe });
	view_input(p, &(struct fld){ .marker = "F3", .name = "rtype", .label = "Record type",
	    .hint = "For example, user", .value = f.rtype, .nospell = 1, .fe = &fe });
	view_input(p, &(struct fld){ .marker = "F4", .name = "rid", .label = "Record id",
	    .value = req_query(c->req, "rid"), .cls = " govuk-input--width-10", .fe = &fe });
	view_input(p, &(struct fld){ .marker = "F5", .name = "from", .label = "From date",
	    .hint = "For example, 1/11/2026", .value = req_query(c->req, "from"),
	    .cls = " govuk-input--width-10", .fe = &fe });
	view_input(p, &(struct fld){ .marker = "F6", .name = "to", .label = "To date",
	    .hint = "For example, 30/11/2026", .value = req_query(c->req, "to"),
	    .cls = " govuk-input--width-10", .fe = &fe });
	const char *q = query_of(c, &f);
	tpl_set(p, "CSV_QUERY", q);
	sqlite3_stmt *st = audit_query(c, &f, 51);
	int n = 0;
	long long last = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (++n > 50)
			break;
		tpl_dict *r = tpl_section(p, "ROW");
		last = sqlite3_column_int64(st, 0);
		tpl_set_int(r, "ID", (long)last);
		tpl_set(r, "AT", db_col_text(st, 1));
		long long uid = sqlite3_column_int64(st, 2);
		tpl_set(r, "USER", uid ? arena_printf(c->a, "%s (%lld)", db_col_text(st, 3), uid) : "–");
		tpl_set(r, "ACTION", db_col_text(st, 4));
		long long rid = sqlite3_column_int64(st, 6);
		tpl_set(r, "RECORD", *db_col_text(st, 5) ? (rid ? arena_printf(c->a, "%s %lld",
		    db_col_text(st, 5), rid) : db_col_text(st, 5)) : "–");
		tpl_set(r, "IP", db_col_text(st, 7));
	}
	db_done(st);
	if (n == 0)
		tpl_show(p, "NONE");
	tpl_dict *pg = tpl_include(p, "PAGER", "_pager.tpl");
	if (f.before) {
		tpl_dict *d = tpl_section(pg, "PREV");
		tpl_set(d, "PREV_URL", arena_printf(c->a, "/admin/audit%s", q));
		tpl_set(d, "PREV_TEXT", "Newest entries");
	}
	if (n > 50) {
		tpl_dict *d = tpl_section(pg, "NEXT");
		tpl_set(d, "NEXT_URL", arena_printf(c->a, "/admin/audit%s%sbefore=%lld", q,
		    *q ? "&" : "?", last));
		tpl_set(d, "NEXT_TEXT", "Older entries");
	}
	return view_render(c);
}

/* A CSV cell: quoted, and neutralised if a spreadsheet would run it as a formula. */
static void
csv_cell(struct buf *b, const char *v, int last)
{
	buf_puts(b, "\"");
	if (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r')
		buf_puts(b, "'");
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			buf_puts(b, "\"\"");
		else
			buf_append(b, p, 1);
	}
	buf_puts(b, last ? "\"\r\n" : "\",");
}

/* GET /admin/audit.csv -- admin.  The filtered entries (up to 100,000), audited. */
int
admin_audit_csv(struct ctx *c)
{
	struct audit_filter f = { 0 };
	struct form_errors fe = { 0 };
	read_filter(c, &f, &fe);
	if (fe.n)
		return 400;
	access_audit(c, "audit.export", "audit", 0, query_of(c, &f));
	c->resp->content_type = "text/csv; charset=utf-8";
	response_header(c->resp, "Content-Disposition", "attachment; filename=\"audit.csv\"");
	struct buf *b = &c->resp->body;
	buf_puts(b, "\xEF\xBB\xBF");
	buf_puts(b, "id,time,user_id,username,action,record_type,record_id,address\r\n");
	sqlite3_stmt *st = audit_query(c, &f, 100000);
	while (sqlite3_step(st) == SQLITE_ROW) {
		csv_cell(b, db_col_text(st, 0), 0);
		csv_cell(b, db_col_text(st, 1), 0);
		csv_cell(b, db_col_text(st, 2), 0);
		csv_cell(b, db_col_text(st, 3), 0);
		csv_cell(b, db_col_text(st, 4), 0);
		csv_cell(b, db_col_text(st, 5), 0);
		csv_cell(b, db_col_text(st, 6), 0);
		csv_cell(b, db_col_text(st, 7), 1);
	}
	db_done(st);
	return 0;
}
