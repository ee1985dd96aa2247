/*
 * access.c -- the decisions, and the auditing of views and denials.
 *
 * Rules (DESIGN §4): routes declare a set of roles (checked at dispatch);
 * an admin never changes their own role or flags; the admin role opens no
 * case record.  The record-level rules for people, episodes (and all that
 * is in them), contacts, referrals and commissioning requests are here, so
 * that no handler carries its own ad-hoc access SQL.
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

static void
audit_fill(struct ctx *c, struct audit_unit *u, const char *action, const char *record_type,
    long long record_id, const char *detail)
{
	*u = (struct audit_unit){ {
		.user_id = c->user ? c->user->id : 0,
		.action = action,
		.record_type = record_type,
		.record_id = record_id,
		.route = c->route ? c->route->name : "-",
		.ip = c->req->client_addr,
		.detail = detail,
	} };
}

int
access_audit(struct ctx *c, const char *action, const char *record_type,
    long long record_id, const char *detail)
{
	struct audit_unit u;
	audit_fill(c, &u, action, record_type, record_id, detail);
	return writer_run(audit_unit, &u);
}

int
access_audit_settle(struct ctx *c)
{
	if (c->pending_audit == NULL)
		return 0;
	/*
	 * Not while holding the read snapshot: the writer may be waiting for
	 * old snapshots to end before it commits again (its WAL restart).
	 */
	int ended = db_snapshot_end();
	int rc = writer_wait(c->pending_audit);
	c->pending_audit = NULL;
	if (ended)
		db_snapshot_resume();
	return rc;
}

int
access_audit_view(struct ctx *c, const char *action, const char *record_type,
    long long record_id, const char *detail)
{
	/* One queued at a time, in order. */
	if (access_audit_settle(c) != 0)
		return -1;
	/* The unit and the strings it points at live in the request's arena. */
	struct audit_unit *u = arena_alloc(c->a, sizeof *u);
	audit_fill(c, u, action, record_type, record_id, detail);
	c->pending_audit = writer_submit(audit_unit, u);
	return c->pending_audit ? 0 : -1;
}

void
access_deny(struct ctx *c, const char *why, long long record_id)
{
	access_audit(c, "deny", c->route ? c->route->name : "", record_id, why);
	const char *text = NULL;
	if (why && (!strcmp(why, "record")))
		text = "You do not have access to this record. If you need it, ask your manager.";
	else if (why && !strcmp(why, "session"))
		text = "Your session has ended. Sign in again.";
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
access_episode(struct ctx *c, long long eid, struct ep_access *a)
{
	memset(a, 0, sizeof *a);
	a->status = "";
	sqlite3_stmt *st = db_prep(c->db, "SELECT team_id, coalesce(lead_id, 0), status, requested_by"
	    " FROM episode WHERE id = ?1");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	a->team_id = sqlite3_column_int64(st, 0);
	a->lead_id = sqlite3_column_int64(st, 1);
	a->status = arena_strdup(c->a, db_col_text(st, 2));
	a->requested_by = sqlite3_column_int64(st, 3);
	db_done(st);
	if (c->user == NULL || c->user->role == ROLE_ADMIN)
		return 0;
	const struct user *u = c->user;
	a->lead = a->lead_id == u->id;
	st = db_prep(c->db, "SELECT c.id, c.kind, EXISTS (SELECT 1 FROM consent_agency x"
	    " WHERE x.consent_id = c.id AND x.agency_id = ?2) FROM consent c WHERE c.episode_id = ?1"
	    " ORDER BY c.id DESC LIMIT 1");
	db_bind_int(st, 1, eid);
	db_bind_int(st, 2, u->agency_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		a->consent_id = sqlite3_column_int64(st, 0);
		a->withdrawn = !strcmp(db_col_text(st, 1), "withdrawn");
		a->covered = !a->withdrawn && sqlite3_column_int(st, 2);
	}
	db_done(st);
	st = db_prep(c->db, "SELECT 1 FROM taf_member WHERE episode_id = ?1 AND user_id = ?2"
	    " AND ended_at IS NULL AND (end_date IS NULL OR end_date >= date('now'))");
	db_bind_int(st, 1, eid);
	db_bind_int(st, 2, u->id);
	a->member = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	int open = !strcmp(a->status, "open"), closed = !strcmp(a->status, "closed");
	if (u->role == ROLE_MANAGER && u->team_id && u->team_id == a->team_id) {
		/*
		 * Consent withdrawn: read-only for the managers too; they may
		 * still close it, step it up, transfer it or record new consent.
		 */
		a->manager = 1;
		a->level = open && !a->withdrawn ? ACCESS_WRITE : ACCESS_READ;
		return 0;
	}
	if (open && (a->lead || a->member) && a->covered)
		a->level = ACCESS_WRITE;
	else if (open && a->lead && a->withdrawn)
		a->level = ACCESS_READ;
	else if (closed && a->lead)
		a->level = ACCESS_READ;
	if (a->level == ACCESS_NONE && !c->for_print && open) {
		st = db_prep(c->db, "SELECT 1 FROM break_glass WHERE user_id = ?1 AND episode_id = ?2"
		    " AND expires_at > strftime('%s', 'now')");
		db_bind_int(st, 1, u->id);
		db_bind_int(st, 2, eid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			a->break_glass = 1;
			a->level = ACCESS_READ;
		}
		db_done(st);
	}
	return 0;
}

int
access_episode_require(struct ctx *c, long long eid, enum access_level need, struct ep_access *a)
{
	struct ep_access tmp;
	if (a == NULL)
		a = &tmp;
	if (access_episode(c, eid, a) < 0) {
		view_error(c, 404, NULL);
		return 1;
	}
	if (a->level < (int)need) {
		if (a->level >= ACCESS_READ && need == ACCESS_WRITE) {
			/* Break-glass opens an episode to read, never to change. */
			access_audit(c, "deny", "episode", eid, a->break_glass ? "break-glass is read-only"
			    : "read-only");
			view_error(c, 403, a->break_glass ? "You opened this episode with break-glass, which lets you "
			      "read it but not change it."
			    : !strcmp(a->status, "closed")
			    ? "This episode is closed, so it cannot be changed. A manager can reopen it."
			    : a->withdrawn ? "Consent has been withdrawn, so this episode is read-only. "
			      "You can still close it or refer it to children's social care."
			    : "You can read this episode but not change it.");
			return 1;
		}
		access_deny(c, "record", eid);
		return 1;
	}
	return 0;
}

static int person_decide(struct ctx *, long long);

/* The decision is memoised for the request: a page asks about the same person often. */
int
access_person(struct ctx *c, long long person_id)
{
	for (int i = 0; i < c->nperson_memo; i++)
		if (c->person_memo[i].id == person_id && c->person_memo[i].print == c->for_print)
			return c->person_memo[i].level;
	int level = person_decide(c, person_id);
	if (c->nperson_memo < 32) {
		c->person_memo[c->nperson_memo].id = person_id;
		c->person_memo[c->nperson_memo].level = level;
		c->person_memo[c->nperson_memo].print = c->for_print;
		c->nperson_memo++;
	}
	return level;
}

static int
person_decide(struct ctx *c, long long person_id)
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
	/* Through the episodes that include the person. */
	int best = ACCESS_NONE;
	long long eids[64];
	int n = 0;
	st = db_prep(c->db, "SELECT episode_id FROM episode_person WHERE person_id = ?1 LIMIT 64");
	db_bind_int(st, 1, person_id);
	while (sqlite3_step(st) == SQLITE_ROW && n < 64)
		eids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	for (int i = 0; i < n && best < ACCESS_WRITE; i++) {
		struct ep_access a;
		if (access_episode(c, eids[i], &a) < 0)
			continue;
		int lvl = a.level;
		/* A practitioner opens the person only through an open episode. */
		if (!a.manager && strcmp(a.status, "open"))
			lvl = ACCESS_NONE;
		if (a.manager && lvl >= ACCESS_READ)
			lvl = ACCESS_WRITE;
		if (lvl > best)
			best = lvl;
	}
	return best;
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

int
access_is_csc(struct ctx *c)
{
	if (c->user == NULL)
		return 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT kind FROM agency WHERE id = ?1");
	db_bind_int(st, 1, c->user->agency_id);
	int csc = sqlite3_step(st) == SQLITE_ROW && !strcmp(db_col_text(st, 0), "childrens social care");
	db_done(st);
	return csc;
}

int
access_contact(struct ctx *c, long long id, int *can_decide)
{
	*can_decide = 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT recorded_by, team_id, coalesce(assignee_id, 0), decision IS NULL"
	    " FROM contact WHERE id = ?1");
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	long long rec = sqlite3_column_int64(st, 0), team = sqlite3_column_int64(st, 1),
	    assignee = sqlite3_column_int64(st, 2);
	int undecided = sqlite3_column_int(st, 3);
	db_done(st);
	const struct user *u = c->user;
	if (u == NULL || u->role == ROLE_ADMIN)
		return 0;
	int mgr = u->role == ROLE_MANAGER && u->team_id && u->team_id == team;
	*can_decide = undecided && (mgr || assignee == u->id);
	return rec == u->id || mgr || assignee == u->id;
}

int
access_referral(struct ctx *c, long long id, struct ref_access *r)
{
	memset(r, 0, sizeof *r);
	sqlite3_stmt *st = db_prep(c->db, "SELECT direction, coalesce(episode_id, 0), coalesce(person_id, 0),"
	    " coalesce(to_agency_id, 0), coalesce(to_team_id, 0), sent_by, status, coalesce(new_episode_id, 0),"
	    " (SELECT agency_id FROM user WHERE id = sent_by) FROM referral WHERE id = ?1");
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	r->id = id;
	r->dir = arena_strdup(c->a, db_col_text(st, 0));
	r->eid = sqlite3_column_int64(st, 1);
	r->pid = sqlite3_column_int64(st, 2);
	r->agency = sqlite3_column_int64(st, 3);
	r->team = sqlite3_column_int64(st, 4);
	r->sent_by = sqlite3_column_int64(st, 5);
	r->status = arena_strdup(c->a, db_col_text(st, 6));
	r->new_eid = sqlite3_column_int64(st, 7);
	long long sender_agency = sqlite3_column_int64(st, 8);
	db_done(st);
	const struct user *u = c->user;
	if (u == NULL || u->role == ROLE_ADMIN)
		return 0;
	if (!strcmp(r->dir, "up")) {
		struct ep_access a;
		if (access_episode(c, r->eid, &a) == 0 && a.level >= ACCESS_READ && !a.break_glass &&
		    (a.lead || a.manager || u->id == r->sent_by))
			return 1;
		if (u->role == ROLE_MANAGER && u->agency_id == r->agency)
			return 2;
		return 0;
	}
	if (u->id == r->sent_by)
		return 1;
	if (u->role == ROLE_MANAGER && u->agency_id == sender_agency && access_is_csc(c))
		return 1;
	if (u->role == ROLE_MANAGER && u->team_id && u->team_id == r->team)
		return 2;
	return 0;
}

int
access_commission(struct ctx *c, long long id, long long *eid, const char **status)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id, keyworker_id, status FROM commission WHERE id = ?1");
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return -1;
	}
	*eid = sqlite3_column_int64(st, 0);
	long long keyworker = sqlite3_column_int64(st, 1);
	*status = arena_strdup(c->a, db_col_text(st, 2));
	db_done(st);
	struct ep_access a;
	if (c->user == NULL || access_episode(c, *eid, &a) < 0 || a.level < ACCESS_READ || a.break_glass)
		return 0;
	/* A keyworker who manages the team does not approve their own request. */
	if (keyworker == c->user->id)
		return 1;
	if (a.manager)
		return 2;
	return a.lead;
}
