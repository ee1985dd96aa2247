/*
 * meeting.c -- Team Around the Family meetings (schedule, attendees, held
 * with attendance and outcomes, cancel or rearrange with a reason) and the
 * episode's single current action plan (rows of need, action, who, by when,
 * status, review comment; every change recorded, by meeting when reviewed
 * at one).  Print views: the meeting record and "My family's plan", written
 * for the family to read.  Everything goes through the episode access rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "episode.h"
#include "meeting.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

static const char *const status_opts[] = {
	"not started", "Not started", "on track", "On track", "done", "Done", "stopped", "Stopped", NULL
};
static const char *const attend_opts[] = {
	"attended", "Attended", "apologies", "Sent apologies", "did not attend", "Did not attend", NULL
};

static const char *
valid_time(struct arena *a, const char *t)
{
	/* 14:30, 14.30, 9:05, 2:15pm, 2.15 pm, 2pm: the 24-hour "HH:MM" it means, or NULL. */
	int h = 0, m = 0, digits = 0;
	const char *p = t;
	for (; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		h = h * 10 + (*p - '0');
	if (digits == 0 || digits > 2)
		return NULL;
	if (*p == ':' || *p == '.') {
		p++;
		if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
			return NULL;
		m = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	}
	while (*p == ' ')
		p++;
	int pm = -1;
	if ((p[0] == 'a' || p[0] == 'A' || p[0] == 'p' || p[0] == 'P') && (p[1] == 'm' || p[1] == 'M')) {
		pm = p[0] == 'p' || p[0] == 'P';
		p += 2;
	}
	if (*p || m > 59 || (pm < 0 && (h > 23 || p == t + digits)) || (pm >= 0 && (h < 1 || h > 12)))
		return NULL;
	if (pm >= 0)
		h = h % 12 + (pm ? 12 : 0);
	return arena_printf(a, "%02d:%02d", h, m);
}

static const char *
time_words(struct arena *a, const char *t)
{
	int h = 0, m = 0;
	if (sscanf(t, "%d:%d", &h, &m) != 2)
		return t;
	int h12 = h % 12 == 0 ? 12 : h % 12;
	return m ? arena_printf(a, "%d:%02d%s", h12, m, h < 12 ? "am" : "pm")
	    : arena_printf(a, "%d%s", h12, h < 12 ? "am" : "pm");
}

/* "Who" options: TAF members (users and external) and the family. */
static const char *const *
who_opts(struct ctx *c, long long eid, int with_blank)
{
	const char **o = arena_alloc(c->a, sizeof *o * 164);
	int n = 0;
	if (with_blank) {
		o[n++] = "";
		o[n++] = "Select who";
	}
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT coalesce(nullif(u.display_name, ''), u.username, t.ext_name) FROM taf_member t LEFT JOIN user u"
	    " ON u.id = t.user_id WHERE t.episode_id = ?1 AND t.ended_at IS NULL"
	    " UNION SELECT coalesce(nullif(u.display_name, ''), u.username) FROM episode e JOIN user u ON u.id = e.lead_id"
	    " WHERE e.id = ?1"
	    " UNION SELECT p.given_names || ' ' || p.family_name FROM episode_person ep JOIN person p"
	    " ON p.id = ep.person_id WHERE ep.episode_id = ?1 LIMIT 80");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = arena_strdup(c->a, db_col_text(st, 0));
		o[n++] = v;
		o[n++] = v;
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

/*
 * People who must not appear on a printed form: those whose relationship to
 * a child of the episode is marked "do NOT print".  By person id where the
 * record has one (a name can be edited since), else by the name as stored.
 */
static int
dnp_name(struct ctx *c, long long eid, long long pid, const char *name)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM relationship r JOIN person p ON p.id = CASE WHEN r.person_a IN"
	    " (SELECT person_id FROM episode_person WHERE episode_id = ?1 AND role = 'child') THEN r.person_b ELSE"
	    " r.person_a END WHERE r.do_not_print = 1 AND r.ended_at IS NULL AND (r.person_a IN (SELECT person_id FROM"
	    " episode_person WHERE episode_id = ?1 AND role = 'child') OR r.person_b IN (SELECT person_id FROM"
	    " episode_person WHERE episode_id = ?1 AND role = 'child')) AND (p.id = ?3"
	    " OR p.given_names || ' ' || p.family_name = ?2)");
	db_bind_int(st, 1, eid);
	db_bind_text(st, 2, name);
	db_bind_int(st, 3, pid);
	int hit = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return hit;
}

/* ---- meetings list and scheduling ---- */

static void
meetings_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "meetings.tpl", "Meetings and plan");
	if (episode_head(c, p, eid, a, "meetings") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	tpl_set(p, "CHILDREN", episode_family(c, eid));
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, status, on_date, at_time, venue FROM meeting WHERE"
	    " episode_id = ?1 ORDER BY on_date DESC, id DESC");
	db_bind_int(st, 1, eid);
	int held = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ROW");
		const char *status = db_col_text(st, 1);
		if (!strcmp(status, "held"))
			held = 1;
		tpl_set(r, "MID", arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0)));
		tpl_set(r, "WHEN", arena_printf(c->a, "%s at %s", view_date_words(c->a, db_col_text(st, 2)),
		    time_words(c->a, db_col_text(st, 3))));
		tpl_set(r, "VENUE", db_col_text(st, 4));
		tpl_set(r, "STATUS", !strcmp(status, "held") ? "Held" : !strcmp(status, "cancelled") ? "Cancelled" : "Scheduled");
		tpl_set(r, "STATUS_CLASS", !strcmp(status, "held") ? "govuk-tag--green" : !strcmp(status, "cancelled")
		    ? "govuk-tag--grey" : "govuk-tag--blue");
	}
	db_done(st);
	if (a->level >= ACCESS_WRITE && !a->break_glass) {
		tpl_dict *f = tpl_section(p, "NEW");
		tpl_set(f, "HEADING", held ? "Organise the next meeting" : "Organise a meeting");
		tpl_set(f, "CSRF", c->csrf);
		tpl_set(f, "EID", arena_printf(c->a, "%lld", eid));
		view_date(c, f, "MFIELD", "on", "Date", "For example, 14 1 2027", NULL, 0, fe);
		view_input(f, &(struct fld){ .marker = "MFIELD", .name = "at", .label = "Time",
		    .hint = "Use the 24-hour clock, for example 14:30", .value = view_value(c, "at", ""),
		    .cls = " govuk-input--width-5", .fe = fe });
		view_input(f, &(struct fld){ .marker = "MFIELD", .name = "venue", .label = "Venue",
		    .value = view_value(c, "venue", ""), .fe = fe });
	}
}

/* GET /episodes/{id}/meetings -- with access. */
int
meetings_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	meetings_page(c, c->id[0], &a, NULL);
	return c->root ? view_render(c) : 0;
}

struct meet_unit {
	long long eid, mid, by;
	int op;             /* 0 create, 1 update, 2 attendee, 3 cancel, 4 held */
	const char *on, *at, *venue, *note, *now, *ip;
	const char *kind, *name, *detail;
	long long user_id, person_id;
	const char *outcomes;
	long long att_id[64];
	const char *att[64];
	int natt;
	long long expect;                       /* rearranging: the version the form showed, -1 if none */
	long long act_id[128], act_ver[128];   /* act_ver: the version the form showed, -1 if none */
	const char *act_status[128], *act_comment[128];
	long long stale;                        /* out: an action changed since the form showed it */
	int nact;
};

static int
action_log(struct dbc *w, long long aid, long long mid, long long by, const char *now, const char *change)
{
	sqlite3_stmt *st = db_prep(w, "INSERT INTO action_change(action_id, meeting_id, changed_by, changed_at,"
	    " change) VALUES(?1, nullif(?2, 0), ?3, ?4, ?5)");
	db_bind_int(st, 1, aid);
	db_bind_int(st, 2, mid);
	db_bind_int(st, 3, by);
	db_bind_text(st, 4, now);
	db_bind_text(st, 5, change);
	int rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
meet_unit(struct dbc *w, void *arg)
{
	struct meet_unit *u = arg;
	sqlite3_stmt *st;
	const char *action = "meeting";
	switch (u->op) {
	case 0:
		st = db_prep(w, "INSERT INTO meeting(episode_id, status, on_date, at_time, venue, created_by,"
		    " created_at, updated_by, updated_at) VALUES(?1, 'scheduled', ?2, ?3, ?4, ?5, ?6, ?5, ?6)");
		db_bind_int(st, 1, u->eid);
		db_bind_text(st, 2, u->on);
		db_bind_text(st, 3, u->at);
		db_bind_text(st, 4, u->venue);
		db_bind_int(st, 5, u->by);
		db_bind_text(st, 6, u->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		u->mid = sqlite3_last_insert_rowid(w->db);
		action = "meeting.schedule";
		break;
	case 1:
		st = db_prep(w, "UPDATE meeting SET on_date = ?2, at_time = ?3, venue = ?4, note = ?5, updated_by = ?6,"
		    " updated_at = ?7, version = version + 1 WHERE id = ?1 AND status = 'scheduled'"
		    " AND (?8 < 0 OR version = ?8)");
		db_bind_int(st, 1, u->mid);
		db_bind_text(st, 2, u->on);
		db_bind_text(st, 3, u->at);
		db_bind_text(st, 4, u->venue);
		db_bind_text(st, 5, u->note);
		db_bind_int(st, 6, u->by);
		db_bind_text(st, 7, u->now);
		db_bind_int(st, 8, u->expect);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
		action = "meeting.rearrange";
		break;
	case 2:
		st = db_prep(w, "INSERT INTO meeting_attendee(meeting_id, kind, user_id, person_id, name, detail)"
		    " VALUES(?1, ?2, nullif(?3, 0), nullif(?4, 0), ?5, ?6)");
		db_bind_int(st, 1, u->mid);
		db_bind_text(st, 2, u->kind);
		db_bind_int(st, 3, u->user_id);
		db_bind_int(st, 4, u->person_id);
		db_bind_text(st, 5, u->name);
		db_bind_text(st, 6, u->detail ? u->detail : "");
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		action = "meeting.attendee";
		break;
	case 3:
		st = db_prep(w, "UPDATE meeting SET status = 'cancelled', note = ?2, updated_by = ?3, updated_at = ?4,"
		    " version = version + 1 WHERE id = ?1 AND status = 'scheduled'");
		db_bind_int(st, 1, u->mid);
		db_bind_text(st, 2, u->note);
		db_bind_int(st, 3, u->by);
		db_bind_text(st, 4, u->now);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
		action = "meeting.cancel";
		break;
	case 4:
		st = db_prep(w, "UPDATE meeting SET status = 'held', outcomes = ?2, held_at = ?3, updated_by = ?4,"
		    " updated_at = ?3, version = version + 1 WHERE id = ?1 AND status = 'scheduled'");
		db_bind_int(st, 1, u->mid);
		db_bind_text(st, 2, u->outcomes);
		db_bind_text(st, 3, u->now);
		db_bind_int(st, 4, u->by);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
		st = db_prep(w, "UPDATE meeting_attendee SET attendance = ?2 WHERE id = ?1 AND meeting_id = ?3");
		for (int i = 0; i < u->natt; i++) {
			db_bind_int(st, 1, u->att_id[i]);
			db_bind_text(st, 2, u->att[i]);
			db_bind_int(st, 3, u->mid);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		db_done(st);
		for (int i = 0; i < u->nact; i++) {
			st = db_prep(w, "SELECT status, comment, version FROM action WHERE id = ?1 AND episode_id = ?2"
			    " AND removed = 0");
			db_bind_int(st, 1, u->act_id[i]);
			db_bind_int(st, 2, u->eid);
			char old_status[32] = "";
			int found = sqlite3_step(st) == SQLITE_ROW;
			int same_comment = 1, stale = 0;
			if (found) {
				snprintf(old_status, sizeof old_status, "%s", db_col_text(st, 0));
				same_comment = !strcmp(db_col_text(st, 1), u->act_comment[i]);
				stale = u->act_ver[i] >= 0 && sqlite3_column_int64(st, 2) != u->act_ver[i];
			}
			db_done(st);
			/* Changed by someone since the form showed it: nothing of the write-up lands. */
			if (stale) {
				u->stale = u->act_id[i];
				return 2;
			}
			if (!found || (!strcmp(old_status, u->act_status[i]) && same_comment))
				continue;
			st = db_prep(w, "UPDATE action SET status = ?2, comment = ?3, updated_by = ?4, updated_at = ?5,"
			    " version = version + 1 WHERE id = ?1");
			db_bind_int(st, 1, u->act_id[i]);
			db_bind_text(st, 2, u->act_status[i]);
			db_bind_text(st, 3, u->act_comment[i]);
			db_bind_int(st, 4, u->by);
			db_bind_text(st, 5, u->now);
			sqlite3_step(st);
			db_done(st);
			char change[600];
			const char *comment = same_comment ? "" : u->act_comment[i];
			snprintf(change, sizeof change, "Reviewed: status %s to %s%s%.*s", old_status, u->act_status[i],
			    same_comment ? "" : "; comment: ", (int)utf8_prefix(comment, 400), comment);
			if (action_log(w, u->act_id[i], u->mid, u->by, u->now, change) != 0)
				return -1;
		}
		action = "meeting.held";
		break;
	}
	struct audit_entry e = { .user_id = u->by, .action = action, .record_type = "meeting",
		.record_id = u->mid, .route = "meeting", .ip = u->ip };
	return audit_add(w, &e);
}

static int
read_when(struct ctx *c, struct meet_unit *u, struct form_errors *fe)
{
	u->on = valid_date3(c, fe, "on", "Date", 1, 0);
	u->at = valid_text(c, fe, "at", "time", 20, 1);
	const char *at = *u->at ? valid_time(c->a, u->at) : NULL;
	if (*u->at && at == NULL)
		form_error(fe, "at", "Enter a real time, like 14:30 or 2:30pm");
	else if (at)
		u->at = at;
	u->venue = valid_text(c, fe, "venue", "venue", 200, 1);
	return fe->n;
}

/* POST /episodes/{id}/meetings -- with write access.  Schedule a meeting for the whole family. */
int
meeting_create(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct meet_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr, .op = 0 };
	if (read_when(c, &u, &fe)) {
		meetings_page(c, eid, &a, &fe);
		return c->root ? view_render(c) : 0;
	}
	if (writer_run(meet_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/meetings/%lld", u.mid));
	return 0;
}

struct mtg {
	long long id, eid, version;
	const char *status, *on, *at, *venue, *note, *outcomes;
	int fresh;              /* the form carries the saved version (a conflict has been shown) */
};

static int
load_meeting(struct ctx *c, long long id, struct mtg *m)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id, status, on_date, at_time, venue, note, outcomes, version"
	    " FROM meeting WHERE id = ?1");
	db_bind_int(st, 1, id);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		m->id = id;
		m->eid = sqlite3_column_int64(st, 0);
		m->status = arena_strdup(c->a, db_col_text(st, 1));
		m->on = arena_strdup(c->a, db_col_text(st, 2));
		m->at = arena_strdup(c->a, db_col_text(st, 3));
		m->venue = arena_strdup(c->a, db_col_text(st, 4));
		m->note = arena_strdup(c->a, db_col_text(st, 5));
		m->outcomes = arena_strdup(c->a, db_col_text(st, 6));
		m->version = sqlite3_column_int64(st, 7);
		m->fresh = 0;
	}
	db_done(st);
	return ok;
}

static int
require_meeting(struct ctx *c, struct mtg *m, struct ep_access *a, enum access_level need)
{
	if (!load_meeting(c, c->id[0], m)) {
		view_error(c, 404, NULL);
		return 1;
	}
	if (access_episode_require(c, m->eid, need, a))
		return 1;
	return 0;
}

/* A meeting still to come? (Written up on or after its day: a write-up ahead would move the review clock on.) */
static int
meeting_ahead(const struct mtg *m)
{
	char today[64];
	audit_now(today);
	return strncmp(m->on, today, 10) > 0;
}

static void
meeting_page(struct ctx *c, const struct mtg *m, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "meeting.tpl", "Meeting");
	if (episode_head(c, p, m->eid, a, "meetings") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "MID", arena_printf(c->a, "%lld", m->id));
	tpl_set(p, "EID", arena_printf(c->a, "%lld", m->eid));
	tpl_set(p, "WHEN", arena_printf(c->a, "%s at %s", view_date_words(c->a, m->on), time_words(c->a, m->at)));
	tpl_set(p, "VENUE", m->venue);
	tpl_set(p, "CHILDREN", episode_family(c, m->eid));
	tpl_set(p, "STATUS", !strcmp(m->status, "held") ? "Held" : !strcmp(m->status, "cancelled") ? "Cancelled" : "Scheduled");
	if (*m->note) {
		tpl_dict *n = tpl_section(p, "NOTE");
		tpl_set(n, "TEXT", m->note);
	}
	if (*m->outcomes) {
		tpl_dict *o = tpl_section(p, "OUTCOMES");
		tpl_set(o, "TEXT", m->outcomes);
	}
	sqlite3_stmt *st = db_prep(c->db, "SELECT name, kind, detail, coalesce(attendance, '') FROM meeting_attendee"
	    " WHERE meeting_id = ?1 ORDER BY id");
	db_bind_int(st, 1, m->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ATT");
		tpl_set(r, "NAME", db_col_text(st, 0));
		tpl_set(r, "KIND", !strcmp(db_col_text(st, 1), "taf") ? "Team around the family"
		    : !strcmp(db_col_text(st, 1), "family") ? "Family" : "External");
		tpl_set(r, "DETAIL", db_col_text(st, 2));
		const char *att = db_col_text(st, 3);
		tpl_set(r, "ATTENDANCE", !*att ? "–" : !strcmp(att, "attended") ? "Attended"
		    : !strcmp(att, "apologies") ? "Sent apologies" : "Did not attend");
	}
	db_done(st);
	if (!strcmp(m->status, "held"))
		tpl_show(p, "PRINT");
	if (a->level < ACCESS_WRITE || a->break_glass || strcmp(m->status, "scheduled"))
		return;
	tpl_dict *w = tpl_section(p, "WRITE");
	tpl_set(w, "MID", arena_printf(c->a, "%lld", m->id));
	tpl_set(w, "CSRF", c->csrf);
	if (meeting_ahead(m)) {
		tpl_dict *l = tpl_section(w, "HELD_LATER");
		tpl_set(l, "ON", view_date_words(c->a, m->on));
	} else
		tpl_show(w, "HELD_NOW");
	const char *saved = arena_printf(c->a, "%lld", m->version);
	tpl_set(w, "MVER", m->fresh ? saved : view_value(c, "version", saved));
	view_date(c, w, "UFIELD", "on", "Date", "For example, 14 1 2027", m->on, 0, fe);
	view_input(w, &(struct fld){ .marker = "UFIELD", .name = "at", .label = "Time",
	    .hint = "Use the 24-hour clock, for example 14:30", .value = view_value(c, "at", m->at),
	    .cls = " govuk-input--width-5", .fe = fe });
	view_input(w, &(struct fld){ .marker = "UFIELD", .name = "venue", .label = "Venue",
	    .value = view_value(c, "venue", m->venue), .fe = fe });
	view_input(w, &(struct fld){ .marker = "UFIELD", .name = "reason", .label = "Reason for rearranging",
	    .value = view_value(c, "reason", ""), .fe = fe });
	/* Attendees: the TAF, the family, or someone else. */
	const char **o = arena_alloc(c->a, sizeof *o * 170);
	int n = 0;
	o[n++] = "";
	o[n++] = "Select a person";
	st = db_prep(c->db, "SELECT 'taf:' || t.id, coalesce(nullif(u.display_name, ''), u.username, t.ext_name)"
	    " || ' (team around the family)' FROM taf_member t LEFT JOIN user u ON u.id = t.user_id"
	    " WHERE t.episode_id = ?1 AND t.ended_at IS NULL"
	    " UNION ALL SELECT 'lead:' || u.id, coalesce(nullif(u.display_name, ''), u.username) || ' (lead)'"
	    " FROM episode e JOIN user u ON u.id = e.lead_id WHERE e.id = ?1"
	    " UNION ALL SELECT 'person:' || p.id, p.given_names || ' ' || p.family_name || ' (family)'"
	    " FROM episode_person ep JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = ?1 LIMIT 80");
	db_bind_int(st, 1, m->eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		o[n++] = arena_strdup(c->a, db_col_text(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	view_select(w, &(struct fld){ .marker = "AFIELD", .name = "who", .label = "From the team or the family",
	    .value = view_value(c, "who", ""), .options = o, .fe = fe });
	view_input(w, &(struct fld){ .marker = "AFIELD", .name = "ext_name", .label = "Or someone else: name",
	    .value = view_value(c, "ext_name", ""), .fe = fe });
	view_input(w, &(struct fld){ .marker = "AFIELD", .name = "ext_role", .label = "Their role or organisation",
	    .value = view_value(c, "ext_role", ""), .fe = fe });
	view_input(w, &(struct fld){ .marker = "CFIELD", .name = "cancel_reason", .label = "Reason for cancelling",
	    .value = view_value(c, "cancel_reason", ""), .fe = fe });
}

/* GET /meetings/{id} -- with access to the episode. */
int
meeting_get(struct ctx *c)
{
	struct mtg m;
	struct ep_access a;
	if (require_meeting(c, &m, &a, ACCESS_READ))
		return 0;
	if (req_query(c->req, "saved"))
		c->flash = "Meeting updated";
	meeting_page(c, &m, &a, NULL);
	return c->root ? view_render(c) : 0;
}

static int
meeting_post_common(struct ctx *c, int op)
{
	struct mtg m;
	struct ep_access a;
	if (require_meeting(c, &m, &a, ACCESS_WRITE))
		return 0;
	if (strcmp(m.status, "scheduled")) {
		view_error(c, 409, "This meeting has already been held or cancelled.");
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct meet_unit u = { .eid = m.eid, .mid = m.id, .by = c->user->id, .now = now,
		.ip = c->req->client_addr, .op = op };
	if (op == 1) {
		const char *ver = req_form(c->req, "version");
		u.expect = valid_version(ver);
		read_when(c, &u, &fe);
		u.note = valid_text(c, &fe, "reason", "reason for rearranging", 500, 1);
	} else if (op == 3) {
		u.note = valid_text(c, &fe, "cancel_reason", "reason for cancelling", 500, 1);
	} else {
		const char *who = req_form(c->req, "who");
		const char *ext = valid_text(c, &fe, "ext_name", "name", 120, 0);
		const char *role = valid_text(c, &fe, "ext_role", "role or organisation", 120, 0);
		if (who && *who) {
			long long id = 0;
			u.kind = "";
			if (!strncmp(who, "taf:", 4)) {
				id = valid_id(who + 4);
				sqlite3_stmt *st = db_prep(c->db, "SELECT coalesce(nullif(u.display_name, ''), u.username,"
				    " t.ext_name), coalesce(t.user_id, 0), coalesce(g.name, t.ext_agency, '') FROM taf_member t"
				    " LEFT JOIN user u ON u.id = t.user_id LEFT JOIN agency g ON g.id = u.agency_id"
				    " WHERE t.id = ?1 AND t.episode_id = ?2");
				db_bind_int(st, 1, id);
				db_bind_int(st, 2, m.eid);
				if (sqlite3_step(st) == SQLITE_ROW) {
					u.kind = "taf";
					u.name = arena_strdup(c->a, db_col_text(st, 0));
					u.user_id = sqlite3_column_int64(st, 1);
					u.detail = arena_strdup(c->a, db_col_text(st, 2));
				}
				db_done(st);
			} else if (!strncmp(who, "lead:", 5)) {
				id = valid_id(who + 5);
				sqlite3_stmt *st = db_prep(c->db, "SELECT coalesce(nullif(u.display_name, ''), u.username)"
				    " FROM episode e JOIN user u ON u.id = e.lead_id WHERE e.id = ?1 AND u.id = ?2");
				db_bind_int(st, 1, m.eid);
				db_bind_int(st, 2, id);
				if (sqlite3_step(st) == SQLITE_ROW) {
					u.kind = "taf";
					u.name = arena_strdup(c->a, db_col_text(st, 0));
					u.user_id = id;
					u.detail = c->cfg->lead_title;
				}
				db_done(st);
			} else if (!strncmp(who, "person:", 7)) {
				id = valid_id(who + 7);
				sqlite3_stmt *st = db_prep(c->db, "SELECT p.given_names || ' ' || p.family_name FROM episode_person ep"
				    " JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = ?1 AND p.id = ?2");
				db_bind_int(st, 1, m.eid);
				db_bind_int(st, 2, id);
				if (sqlite3_step(st) == SQLITE_ROW) {
					u.kind = "family";
					u.name = arena_strdup(c->a, db_col_text(st, 0));
					u.person_id = id;
					u.detail = "";
				}
				db_done(st);
			}
			if (!*u.kind)
				form_error(&fe, "who", "Select a person from the list");
			else if (*ext)
				form_error(&fe, "ext_name", "Select a person from the list or enter someone else's name, not both");
		} else if (*ext) {
			u.kind = "external";
			u.name = ext;
			u.detail = role;
		} else
			form_error(&fe, "who", "Select a person, or enter the name of someone else");
		if (fe.n == 0) {
			/* Each person once: the same user (as lead or member), family member or name. */
			sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM meeting_attendee WHERE meeting_id = ?1 AND"
			    " ((?2 != 0 AND user_id = ?2) OR (?3 != 0 AND person_id = ?3) OR (?2 = 0 AND ?3 = 0 AND"
			    " lower(name) = lower(?4)))");
			db_bind_int(st, 1, m.id);
			db_bind_int(st, 2, u.user_id);
			db_bind_int(st, 3, u.person_id);
			db_bind_text(st, 4, u.name);
			if (sqlite3_step(st) == SQLITE_ROW)
				form_error(&fe, *ext ? "ext_name" : "who", arena_printf(c->a, "%s is already on the list of "
				    "attendees", u.name));
			db_done(st);
		}
	}
	if (fe.n) {
		meeting_page(c, &m, &a, &fe);
		return c->root ? view_render(c) : 0;
	}
	int rc = writer_run(meet_unit, &u);
	if (rc < 0)
		return 500;
	if (rc == 1) {
		/* Not changed: held or cancelled meanwhile, or (rearranging) changed by someone since. */
		struct mtg now_m;
		if (!load_meeting(c, m.id, &now_m) || strcmp(now_m.status, "scheduled") || op != 1) {
			view_error(c, 409, "Someone else has written up or cancelled this meeting since you opened it.");
			return 0;
		}
		now_m.fresh = 1;
		form_error(&fe, "on-day", arena_printf(c->a, "Someone changed this meeting after you opened this page: it is "
		    "now on %s at %s, %s. Your changes are below and have not been saved: check them, then save again",
		    view_date_words(c->a, now_m.on), time_words(c->a, now_m.at), now_m.venue));
		meeting_page(c, &now_m, &a, &fe);
		c->resp->status = 409;
		return c->root ? view_render(c) : 0;
	}
	response_redirect(c->resp, arena_printf(c->a, "/meetings/%lld?saved=1", m.id));
	return 0;
}

/* POST /meetings/{id} -- update details / rearrange (with a reason). */
int meeting_update(struct ctx *c) { return meeting_post_common(c, 1); }
/* POST /meetings/{id}/attendees -- add an attendee. */
int meeting_attendee_add(struct ctx *c) { return meeting_post_common(c, 2); }
/* POST /meetings/{id}/cancel -- cancel with a reason. */
int meeting_cancel(struct ctx *c) { return meeting_post_common(c, 3); }

/* ---- held: attendance, outcomes, the plan's review ---- */

static void
held_page(struct ctx *c, const struct mtg *m, const struct ep_access *a, const struct form_errors *fe,
    long long fresh)
{
	tpl_dict *p = view_page(c, "meeting_held.tpl", "Meeting held: write up outcomes");
	if (episode_head(c, p, m->eid, a, "meetings") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "MID", arena_printf(c->a, "%lld", m->id));
	tpl_set(p, "EID", arena_printf(c->a, "%lld", m->eid));
	tpl_set(p, "WHEN", arena_printf(c->a, "%s at %s, %s", view_date_words(c->a, m->on),
	    time_words(c->a, m->at), m->venue));
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, name FROM meeting_attendee WHERE meeting_id = ?1 ORDER BY id");
	db_bind_int(st, 1, m->id);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		const char *f = arena_printf(c->a, "att-%lld", sqlite3_column_int64(st, 0));
		view_radios(p, &(struct fld){ .marker = "AFIELD", .name = f, .label = arena_strdup(c->a, db_col_text(st, 1)),
		    .value = view_value(c, f, ""), .options = attend_opts, .fe = fe });
	}
	db_done(st);
	if (n == 0)
		tpl_show(p, "NOATT");
	view_textarea(p, &(struct fld){ .marker = "OFIELD", .name = "outcomes", .label = "Outcomes of the meeting",
	    .hint = "What was agreed, in words the family would use", .value = view_value(c, "outcomes", ""),
	    .maxlength = 8000, .fe = fe });
	st = db_prep(c->db, "SELECT id, need, what, who, by_date, status, comment, version FROM action"
	    " WHERE episode_id = ?1 AND removed = 0 ORDER BY id");
	db_bind_int(st, 1, m->eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long aid = sqlite3_column_int64(st, 0);
		tpl_dict *r = tpl_section(p, "ACTION");
		/* The version shown: the one the user's form started from, or the saved one once a change is shown. */
		const char *vf = arena_printf(c->a, "ver-%lld", aid);
		const char *saved = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 7));
		tpl_set(r, "VER_NAME", vf);
		tpl_set(r, "VER", aid == fresh ? saved : view_value(c, vf, saved));
		tpl_set(r, "TEXT", arena_printf(c->a, "%s: %s (%s, by %s)", db_col_text(st, 1), db_col_text(st, 2),
		    db_col_text(st, 3), view_date_words(c->a, db_col_text(st, 4))));
		const char *sf = arena_printf(c->a, "status-%lld", aid);
		const char *cf = arena_printf(c->a, "comment-%lld", aid);
		view_select(r, &(struct fld){ .marker = "RFIELD", .name = sf, .label = "Status",
		    .value = view_value(c, sf, arena_strdup(c->a, db_col_text(st, 5))), .options = status_opts, .fe = fe });
		view_input(r, &(struct fld){ .marker = "RFIELD", .name = cf, .label = "Review comment",
		    .value = view_value(c, cf, arena_strdup(c->a, db_col_text(st, 6))), .fe = fe });
	}
	db_done(st);
}

/* The write-up, answered: 1 if it may not be made now (held or cancelled, or still to come). */
static int
held_refused(struct ctx *c, const struct mtg *m)
{
	if (strcmp(m->status, "scheduled")) {
		view_error(c, 409, "This meeting has already been held or cancelled.");
		return 1;
	}
	if (meeting_ahead(m)) {
		view_error(c, 409, arena_printf(c->a, "This meeting is on %s. You can record it as held on or after "
		    "that day; to change the date, rearrange the meeting.", view_date_words(c->a, m->on)));
		return 1;
	}
	return 0;
}

/* GET /meetings/{id}/held -- with write access; scheduled meetings only. */
int
meeting_held_get(struct ctx *c)
{
	struct mtg m;
	struct ep_access a;
	if (require_meeting(c, &m, &a, ACCESS_WRITE) || held_refused(c, &m))
		return 0;
	held_page(c, &m, &a, NULL, 0);
	return c->root ? view_render(c) : 0;
}

/* POST /meetings/{id}/held -- attendance, outcomes and the plan's review as one unit. */
int
meeting_held_post(struct ctx *c)
{
	struct mtg m;
	struct ep_access a;
	if (require_meeting(c, &m, &a, ACCESS_WRITE) || held_refused(c, &m))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct meet_unit u = { .eid = m.eid, .mid = m.id, .by = c->user->id, .now = now,
		.ip = c->req->client_addr, .op = 4 };
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, name FROM meeting_attendee WHERE meeting_id = ?1 ORDER BY id");
	db_bind_int(st, 1, m.id);
	while (sqlite3_step(st) == SQLITE_ROW && u.natt < 64) {
		long long id = sqlite3_column_int64(st, 0);
		const char *who = db_col_text(st, 1);
		const char *f = arena_printf(c->a, "att-%lld", id);
		const char *v = req_form(c->req, f);
		int ok = 0;
		for (const char *const *o = attend_opts; v && o[0]; o += 2)
			if (!strcmp(o[0], v))
				ok = 1;
		if (!ok)
			form_error(&fe, f, arena_printf(c->a, "Select whether %s attended", *who ? who : "they"));
		u.att_id[u.natt] = id;
		u.att[u.natt++] = v ? v : "";
	}
	db_done(st);
	u.outcomes = valid_text(c, &fe, "outcomes", "outcomes of the meeting", 8000, 1);
	st = db_prep(c->db, "SELECT id FROM action WHERE episode_id = ?1 AND removed = 0 ORDER BY id");
	db_bind_int(st, 1, m.eid);
	while (sqlite3_step(st) == SQLITE_ROW && u.nact < 128) {
		long long id = sqlite3_column_int64(st, 0);
		const char *sf = arena_printf(c->a, "status-%lld", id);
		const char *v = req_form(c->req, sf);
		int ok = 0;
		for (const char *const *o = status_opts; v && o[0]; o += 2)
			if (!strcmp(o[0], v))
				ok = 1;
		if (!ok) {
			form_error(&fe, sf, "Select the action's status");
			continue;
		}
		const char *ver = req_form(c->req, arena_printf(c->a, "ver-%lld", id));
		u.act_id[u.nact] = id;
		u.act_ver[u.nact] = valid_version(ver);
		u.act_status[u.nact] = v;
		u.act_comment[u.nact++] = valid_text(c, &fe, arena_printf(c->a, "comment-%lld", id),
		    "review comment", 2000, 0);
	}
	db_done(st);
	if (fe.n) {
		held_page(c, &m, &a, &fe, 0);
		return c->root ? view_render(c) : 0;
	}
	int rc = writer_run(meet_unit, &u);
	if (rc < 0)
		return 500;
	if (rc == 1) {
		view_error(c, 409, "Someone else has written up or cancelled this meeting since you opened it. "
		    "Open the meeting to see what was recorded.");
		return 0;
	}
	if (u.stale) {
		/* Show what is saved now for that action; everything typed stays in the form. */
		st = db_prep(c->db, "SELECT a.status, a.comment, coalesce(nullif(x.display_name, ''), x.username),"
		    " a.updated_at FROM action a JOIN user x ON x.id = a.updated_by WHERE a.id = ?1");
		db_bind_int(st, 1, u.stale);
		const char *msg = "This action was changed after you opened this page. Check it, then save again";
		if (sqlite3_step(st) == SQLITE_ROW)
			msg = arena_printf(c->a, "%s changed this action on %s, after you opened this page. Saved now: "
			    "status %s%s%s. Nothing has been saved yet: check the status and comment, then save again",
			    db_col_text(st, 2), view_datetime_words(c->a, db_col_text(st, 3)), db_col_text(st, 0),
			    *db_col_text(st, 1) ? ", comment: " : "", valid_clip(c->a, db_col_text(st, 1), 300));
		db_done(st);
		form_error(&fe, arena_printf(c->a, "status-%lld", u.stale), msg);
		held_page(c, &m, &a, &fe, u.stale);
		c->resp->status = 409;
		return c->root ? view_render(c) : 0;
	}
	response_redirect(c->resp, arena_printf(c->a, "/meetings/%lld?saved=1", m.id));
	return 0;
}

/* GET /meetings/{id}/print -- the meeting record (not under break-glass); audited. */
int
meeting_print(struct ctx *c)
{
	struct mtg m;
	struct ep_access a;
	c->for_print = 1;
	if (require_meeting(c, &m, &a, ACCESS_READ))
		return 0;
	if (access_audit_view(c, "print", "meeting", m.id, NULL) != 0)
		return 500;
	tpl_dict *p = view_print_page(c, "meeting_print.tpl", "Meeting record");
	tpl_set(p, "CHILDREN", episode_family(c, m.eid));
	tpl_set(p, "WHEN", arena_printf(c->a, "%s at %s", view_date_words(c->a, m.on), time_words(c->a, m.at)));
	tpl_set(p, "VENUE", m.venue);
	tpl_set(p, "STATUS", !strcmp(m.status, "held") ? "Held" : !strcmp(m.status, "cancelled") ? "Cancelled" : "Scheduled");
	tpl_set(p, "OUTCOMES", *m.outcomes ? m.outcomes : "Not yet written up.");
	sqlite3_stmt *st = db_prep(c->db, "SELECT name, coalesce(attendance, ''), coalesce(person_id, 0) FROM"
	    " meeting_attendee WHERE meeting_id = ?1 ORDER BY id");
	db_bind_int(st, 1, m.id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ATT");
		tpl_set(r, "NAME", dnp_name(c, m.eid, sqlite3_column_int64(st, 2), db_col_text(st, 0)) ? "A family member"
		    : db_col_text(st, 0));
		const char *att = db_col_text(st, 1);
		tpl_set(r, "ATTENDANCE", !*att ? "Not recorded" : !strcmp(att, "attended") ? "Attended"
		    : !strcmp(att, "apologies") ? "Sent apologies" : "Did not attend");
	}
	db_done(st);
	st = db_prep(c->db, "SELECT need, what, who, by_date, status, comment, coalesce(who_person_id, 0) FROM action"
	    " WHERE episode_id = ?1 AND removed = 0 ORDER BY id");
	db_bind_int(st, 1, m.eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ACTION");
		tpl_set(r, "NEED", db_col_text(st, 0));
		tpl_set(r, "WHAT", db_col_text(st, 1));
		tpl_set(r, "WHO", dnp_name(c, m.eid, sqlite3_column_int64(st, 6), db_col_text(st, 2)) ? "A family member"
		    : db_col_text(st, 2));
		tpl_set(r, "BY", view_date_words(c->a, db_col_text(st, 3)));
		tpl_set(r, "STATUS", db_col_text(st, 4));
		tpl_set(r, "COMMENT", db_col_text(st, 5));
	}
	db_done(st);
	return view_render(c);
}

/* ---- the action plan ---- */

/* GET /episodes/{id}/plan -- with access.  The current plan, each row a card, and its history. */
int
plan_get(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	const char *done = req_query(c->req, "done");
	if (done)
		c->flash = !strcmp(done, "added") ? "Action added" : !strcmp(done, "removed") ? "Action removed"
		    : "Action changed";
	tpl_dict *p = view_page(c, "plan.tpl", "Action plan");
	if (episode_head(c, p, eid, &a, "meetings") != 0)
		return 0;
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	int w = a.level >= ACCESS_WRITE && !a.break_glass;
	if (w)
		tpl_show(p, "CAN_ADD");
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, need, what, who, by_date, status, comment FROM action"
	    " WHERE episode_id = ?1 AND removed = 0 ORDER BY id");
	db_bind_int(st, 1, eid);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		tpl_dict *r = tpl_section(p, "ACTION");
		long long aid = sqlite3_column_int64(st, 0);
		tpl_set(r, "AID", arena_printf(c->a, "%lld", aid));
		tpl_set(r, "NEED", db_col_text(st, 1));
		tpl_set(r, "WHAT", db_col_text(st, 2));
		tpl_set(r, "WHO", db_col_text(st, 3));
		tpl_set(r, "BY", view_date_words(c->a, db_col_text(st, 4)));
		const char *status = db_col_text(st, 5);
		tpl_set(r, "STATUS", !strcmp(status, "not started") ? "Not started" : !strcmp(status, "on track")
		    ? "On track" : !strcmp(status, "done") ? "Done" : "Stopped");
		tpl_set(r, "STATUS_CLASS", !strcmp(status, "done") ? "govuk-tag--green" : !strcmp(status, "on track")
		    ? "govuk-tag--blue" : !strcmp(status, "stopped") ? "govuk-tag--red" : "govuk-tag--grey");
		tpl_set(r, "COMMENT", *db_col_text(st, 6) ? db_col_text(st, 6) : "None yet");
		if (w) {
			tpl_dict *x = tpl_section(r, "WRITE");
			tpl_set(x, "AID", arena_printf(c->a, "%lld", aid));
			tpl_set(x, "CSRF", c->csrf);
		}
	}
	db_done(st);
	if (n == 0)
		tpl_show(p, "EMPTY");
	st = db_prep(c->db, "SELECT h.changed_at, coalesce(nullif(u.display_name, ''), u.username), a.what, h.change,"
	    " coalesce(m.on_date, '') FROM action_change h JOIN action a ON a.id = h.action_id JOIN user u"
	    " ON u.id = h.changed_by LEFT JOIN meeting m ON m.id = h.meeting_id WHERE a.episode_id = ?1"
	    " ORDER BY h.id DESC LIMIT 100");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "HISTORY");
		tpl_set(r, "WHEN", view_datetime_words(c->a, db_col_text(st, 0)));
		tpl_set(r, "BY", db_col_text(st, 1));
		tpl_set(r, "WHAT", db_col_text(st, 2));
		tpl_set(r, "CHANGE", db_col_text(st, 3));
		if (*db_col_text(st, 4)) {
			tpl_dict *mt = tpl_section(r, "AT_MEETING");
			tpl_set(mt, "MEETING", view_date_words(c->a, db_col_text(st, 4)));
		}
	}
	db_done(st);
	return view_render(c);
}

struct act_unit {
	long long eid, aid, by, expect;
	const char *need, *what, *who, *by_date, *status, *comment, *now, *ip;
	int op;     /* 0 add, 1 change, 2 remove */
	int conflict;
};

/* The family member an action's "who" names (episode e, name n), or NULL. */
#define WHO_PERSON(e, n) "(SELECT p.id FROM episode_person ep JOIN person p ON p.id = ep.person_id" \
	" WHERE ep.episode_id = " e " AND p.given_names || ' ' || p.family_name = " n " LIMIT 1)"

static int
act_unit(struct dbc *w, void *arg)
{
	struct act_unit *u = arg;
	sqlite3_stmt *st;
	const char *change;
	if (u->op == 0) {
		st = db_prep(w, "INSERT INTO action(episode_id, need, what, who, by_date, status, comment, updated_by,"
		    " updated_at, who_person_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " WHO_PERSON("?1", "?4") ")");
		db_bind_int(st, 1, u->eid);
		db_bind_text(st, 2, u->need);
		db_bind_text(st, 3, u->what);
		db_bind_text(st, 4, u->who);
		db_bind_text(st, 5, u->by_date);
		db_bind_text(st, 6, u->status);
		db_bind_text(st, 7, u->comment);
		db_bind_int(st, 8, u->by);
		db_bind_text(st, 9, u->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		u->aid = sqlite3_last_insert_rowid(w->db);
		change = "Added";
	} else if (u->op == 1) {
		st = db_prep(w, "UPDATE action SET need = ?2, what = ?3, who = ?4, by_date = ?5, status = ?6, comment = ?7,"
		    " updated_by = ?8, updated_at = ?9, version = version + 1, who_person_id = " WHO_PERSON("?10", "?4")
		    " WHERE id = ?1 AND episode_id = ?10"
		    " AND removed = 0 AND version = ?11");
		db_bind_int(st, 1, u->aid);
		db_bind_text(st, 2, u->need);
		db_bind_text(st, 3, u->what);
		db_bind_text(st, 4, u->who);
		db_bind_text(st, 5, u->by_date);
		db_bind_text(st, 6, u->status);
		db_bind_text(st, 7, u->comment);
		db_bind_int(st, 8, u->by);
		db_bind_text(st, 9, u->now);
		db_bind_int(st, 10, u->eid);
		db_bind_int(st, 11, u->expect);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1) {
			u->conflict = 1;
			return 1;
		}
		change = "Changed";
	} else {
		st = db_prep(w, "UPDATE action SET removed = 1, updated_by = ?2, updated_at = ?3, version = version + 1"
		    " WHERE id = ?1 AND episode_id = ?4 AND removed = 0");
		db_bind_int(st, 1, u->aid);
		db_bind_int(st, 2, u->by);
		db_bind_text(st, 3, u->now);
		db_bind_int(st, 4, u->eid);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
		change = "Removed from the plan";
	}
	if (action_log(w, u->aid, 0, u->by, u->now, change) != 0)
		return -1;
	struct audit_entry e = { .user_id = u->by, .action = u->op == 0 ? "action.create" : u->op == 1
		? "action.update" : "action.remove", .record_type = "action", .record_id = u->aid,
		.route = "plan", .ip = u->ip };
	return audit_add(w, &e);
}

static void
action_form(struct ctx *c, long long eid, long long aid, long long version, const struct form_errors *fe,
    const char *need, const char *what, const char *who, const char *by, const char *status, const char *comment)
{
	tpl_dict *p = view_page(c, "form.tpl", aid ? "Change an action" : "Add an action");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", aid ? "Change an action" : "Add an action");
	tpl_set(p, "ACTION", aid ? arena_printf(c->a, "/actions/%lld/edit", aid) : arena_printf(c->a, "/episodes/%lld/plan", eid));
	tpl_set(p, "SUBMIT", aid ? "Save changes" : "Add action");
	tpl_dict *cap = tpl_section(p, "CAPTION");
	tpl_set(cap, "CAPTION_TEXT", episode_family(c, eid));
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", arena_printf(c->a, "/episodes/%lld/plan", eid));
	if (aid) {
		tpl_dict *h = tpl_section(p, "HIDDEN");
		tpl_set(h, "H_NAME", "version");
		tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", version));
	}
	if (fe)
		view_form_errors(c, p, fe);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "need", .label = "Need or outcome",
	    .hint = "What will be different for the child", .value = view_value(c, "need", need), .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "what", .label = "Action",
	    .hint = "What will be done, in plain words", .value = view_value(c, "what", what), .fe = fe });
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "who", .label = "Who will do it",
	    .value = view_value(c, "who", who), .options = who_opts(c, eid, 1), .fe = fe });
	view_date(c, p, "FIELD", "by", "By when", "For example, 28 2 2027", by, 0, fe);
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "status", .label = "Status",
	    .value = view_value(c, "status", status), .options = status_opts, .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "comment", .label = "Review comment (optional)",
	    .value = view_value(c, "comment", comment), .fe = fe });
}

static void
read_action(struct ctx *c, long long eid, struct act_unit *u, struct form_errors *fe)
{
	u->need = valid_text(c, fe, "need", "need or outcome", 300, 1);
	u->what = valid_text(c, fe, "what", "action", 2000, 1);
	u->who = req_form(c->req, "who");
	int ok = 0;
	for (const char *const *o = who_opts(c, eid, 0); u->who && o[0]; o += 2)
		if (!strcmp(o[0], u->who))
			ok = 1;
	if (!ok) {
		form_error(fe, "who", "Select who will do it");
		u->who = "";
	}
	u->by_date = valid_date3(c, fe, "by", "Date it should be done by", 1, 0);
	u->status = req_form(c->req, "status");
	ok = 0;
	for (const char *const *o = status_opts; u->status && o[0]; o += 2)
		if (!strcmp(o[0], u->status))
			ok = 1;
	if (!ok) {
		form_error(fe, "status", "Select the status");
		u->status = "";
	}
	u->comment = valid_text(c, fe, "comment", "review comment", 2000, 0);
}

/* GET /episodes/{id}/plan/new -- with write access. */
int
action_new(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_WRITE, &a))
		return 0;
	action_form(c, c->id[0], 0, 0, NULL, "", "", "", NULL, "not started", "");
	return view_render(c);
}

/* POST /episodes/{id}/plan -- with write access.  Add a row. */
int
action_create(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct act_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr, .op = 0 };
	read_action(c, eid, &u, &fe);
	if (fe.n) {
		action_form(c, eid, 0, 0, &fe, "", "", "", NULL, "", "");
		return view_render(c);
	}
	if (writer_run(act_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/plan?done=added", eid));
	return 0;
}

static long long
action_episode(struct ctx *c, long long aid, long long *version, const char **f)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id, version, need, what, who, by_date, status, comment"
	    " FROM action WHERE id = ?1 AND removed = 0");
	db_bind_int(st, 1, aid);
	long long eid = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		eid = sqlite3_column_int64(st, 0);
		*version = sqlite3_column_int64(st, 1);
		for (int i = 0; i < 6; i++)
			f[i] = arena_strdup(c->a, db_col_text(st, i + 2));
	}
	db_done(st);
	return eid;
}

/* GET /actions/{id}/edit -- with write access to the episode. */
int
action_edit(struct ctx *c)
{
	long long version;
	const char *f[6];
	long long eid = action_episode(c, c->id[0], &version, f);
	if (eid == 0)
		return 404;
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	action_form(c, eid, c->id[0], version, NULL, f[0], f[1], f[2], f[3], f[4], f[5]);
	return view_render(c);
}

/* POST /actions/{id}/edit -- with write access; versioned. */
int
action_save(struct ctx *c)
{
	long long version;
	const char *f[6];
	long long eid = action_episode(c, c->id[0], &version, f);
	if (eid == 0) {
		/* Removed while this user was editing it: say so, and give back what they typed. */
		sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id FROM action WHERE id = ?1 AND removed = 1");
		db_bind_int(st, 1, c->id[0]);
		long long gone = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		db_done(st);
		if (gone == 0)
			return 404;
		struct ep_access a;
		if (access_episode_require(c, gone, ACCESS_READ, &a))
			return 0;
		const char *need = req_form(c->req, "need"), *what = req_form(c->req, "what");
		view_error(c, 409, arena_printf(c->a, "Someone removed this action from the plan while you were editing "
		    "it, so your changes were not saved. What you typed: \"%s: %s\". Add it again as a new action if it "
		    "is still needed.", valid_clip(c->a, need ? need : "", 300), valid_clip(c->a, what ? what : "", 2000)));
		return 0;
	}
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct act_unit u = { .eid = eid, .aid = c->id[0], .by = c->user->id, .now = now, .ip = c->req->client_addr,
		.op = 1, .expect = valid_id(req_form(c->req, "version")) };
	read_action(c, eid, &u, &fe);
	if (fe.n == 0) {
		int rc = writer_run(act_unit, &u);
		if (rc == 0) {
			response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/plan?done=changed", eid));
			return 0;
		}
		if (!u.conflict)
			return 500;
		form_error(&fe, "need", arena_printf(c->a, "Someone else changed this action while you were editing. "
		    "Saved now: \"%s: %s\" (%s). Your changes are below: check them and save again", f[0], f[1], f[4]));
		c->resp->status = 409;
	}
	/* The saved version once the conflict is shown, else still the one the user started from. */
	action_form(c, eid, c->id[0], u.conflict ? version : u.expect, &fe, f[0], f[1], f[2], f[3], f[4], f[5]);
	if (u.conflict)
		c->resp->status = 409;
	return view_render(c);
}

/* POST /actions/{id}/remove -- with write access.  Kept in the history. */
int
action_remove(struct ctx *c)
{
	long long version;
	const char *f[6];
	long long eid = action_episode(c, c->id[0], &version, f);
	if (eid == 0)
		return 404;
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	char now[64];
	audit_now(now);
	struct act_unit u = { .eid = eid, .aid = c->id[0], .by = c->user->id, .now = now, .ip = c->req->client_addr, .op = 2 };
	if (writer_run(act_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/plan?done=removed", eid));
	return 0;
}

/*
 * GET /episodes/{id}/plan/print -- "My family's plan", for the family to read:
 * plain words, what we will do, who and by when, with the child's own words
 * where the assessment recorded them.  No do-not-print relative, no withheld
 * address (neither is ever on it).  Audited; refused under break-glass.
 */
int
plan_print(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	c->for_print = 1;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (access_audit_view(c, "print", "plan", eid, NULL) != 0)
		return 500;
	tpl_dict *p = view_print_page(c, "plan_print.tpl", "My family's plan");
	tpl_set(p, "CHILDREN", episode_family(c, eid));
	tpl_set(p, "AUTHORITY", c->cfg->authority_name);
	char now[64];
	audit_now(now);
	tpl_set(p, "DATE", view_date_words(c->a, now));
	sqlite3_stmt *st = db_prep(c->db, "SELECT coalesce(nullif(u.display_name, ''), u.username), u.email"
	    " FROM episode e JOIN user u ON u.id = e.lead_id WHERE e.id = ?1");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *l = tpl_section(p, "LEAD");
		tpl_set(l, "NAME", db_col_text(st, 0));
		tpl_set(l, "TITLE", c->cfg->lead_title);
	}
	db_done(st);
	st = db_prep(c->db, "SELECT value FROM form_answer WHERE owner_type = 'assessment' AND question = 'child_voice'"
	    " AND owner_id = (SELECT max(id) FROM assessment WHERE episode_id = ?1 AND status = 'completed')"
	    " AND value != ''");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *v = tpl_section(p, "VOICE");
		tpl_set(v, "TEXT", db_col_text(st, 0));
	}
	db_done(st);
	st = db_prep(c->db, "SELECT need, what, who, by_date, status, coalesce(who_person_id, 0) FROM action"
	    " WHERE episode_id = ?1 AND removed = 0 AND status != 'stopped' ORDER BY by_date, id");
	db_bind_int(st, 1, eid);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		tpl_dict *r = tpl_section(p, "ACTION");
		tpl_set(r, "NEED", db_col_text(st, 0));
		tpl_set(r, "WHAT", db_col_text(st, 1));
		tpl_set(r, "WHO", dnp_name(c, eid, sqlite3_column_int64(st, 5), db_col_text(st, 2)) ? "A family member"
		    : db_col_text(st, 2));
		tpl_set(r, "BY", view_date_words(c->a, db_col_text(st, 3)));
		const char *s = db_col_text(st, 4);
		tpl_set(r, "STATUS", !strcmp(s, "done") ? "Done" : !strcmp(s, "on track") ? "Going well" : "Not started yet");
	}
	db_done(st);
	if (n == 0)
		tpl_show(p, "EMPTY");
	st = db_prep(c->db, "SELECT on_date, at_time, venue FROM meeting WHERE episode_id = ?1 AND status = 'scheduled'"
	    " AND on_date >= date('now') ORDER BY on_date LIMIT 1");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *m = tpl_section(p, "NEXT");
		tpl_set(m, "WHEN", arena_printf(c->a, "%s at %s", view_date_words(c->a, db_col_text(st, 0)),
		    time_words(c->a, db_col_text(st, 1))));
		tpl_set(m, "VENUE", db_col_text(st, 2));
	}
	db_done(st);
	return view_render(c);
}
