/*
 * access.c -- the decisions, and the auditing of views and denials.
 *
 * Rules so far (DESIGN §4): routes declare a set of roles (checked at
 * dispatch); an admin never changes their own role or flags; the admin role
 * opens no case record.  Record-level rules for people and episodes join
 * here, so that no handler carries its own ad-hoc access SQL.
 */
#include <string.h>

#include "access.h"
#include "audit.h"
#include "view.h"
#include "writer.h"

struct audit_unit {
	struct audit_entry e;
};

static int
audit_unit(struct dbc *w, void *arg)
{
	struct audit_unit *u = arg;
	return audit_add(w, &u->e);
}

int
access_audit(struct ctx *c, const char *action, const char *record_type,
    long long record_id, const char *detail)
{
	struct audit_unit u = { {
		.user_id = c->user ? c->user->id : 0,
		.action = action,
		.record_type = record_type,
		.record_id = record_id,
		.route = c->route ? c->route->name : "-",
		.ip = c->req->client_addr,
		.detail = detail,
	} };
	return writer_run(audit_unit, &u);
}

void
access_deny(struct ctx *c, const char *why, long long record_id)
{
	access_audit(c, "deny", c->route ? c->route->name : "", record_id, why);
	const char *text = NULL;
	if (why && (!strcmp(why, "record")))
		text = "You do not have access to this record. If you need it, ask your manager.";
	else if (why && (!strcmp(why, "csrf") || !strcmp(why, "cross-site") ||
	    !strcmp(why, "origin")))
		text = "The form could not be accepted. Go back, reload the page and try again.";
	view_error(c, 403, text);
}

int
access_can_change_role(const struct ctx *c, long long target)
{
	return c->user && c->user->role == ROLE_ADMIN && c->user->id != target;
}

int
access_person(struct ctx *c, long long person_id)
{
	if (c->user == NULL)
		return ACCESS_NONE;
	sqlite3_stmt *st = db_prep(c->db, "SELECT created_by FROM person WHERE id = ?1");
	db_bind_int(st, 1, person_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	long long creator = sqlite3_column_int64(st, 0);
	db_done(st);
	if (c->user->role == ROLE_ADMIN)
		return ACCESS_NONE;
	if (c->user->role == ROLE_MANAGER && creator == c->user->id)
		return ACCESS_WRITE;
	/* Episodes (the next module) add: team's episodes for managers, the episode rule for practitioners. */
	return ACCESS_NONE;
}

int
access_person_require(struct ctx *c, long long person_id, enum access_level need)
{
	int level = access_person(c, person_id);
	if (level < 0) {
		view_error(c, 404, NULL);
		return 1;
	}
	if (level < (int)need) {
		access_deny(c, "record", person_id);
		return 1;
	}
	return 0;
}
