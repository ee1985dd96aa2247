/*
 * taf.c -- consent statements and the team around the family.
 *
 * Consent: a history per episode; only the last row inserted counts (not
 * the date typed).  Withdrawing ends other agencies' TAF memberships at
 * once.  A banner asks for a new statement whenever TAF membership changed
 * after the latest one.  Adding a user whose agency the latest consent does
 * not cover is refused, with a link to record new consent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "episode.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

static const char *const how_opts[] = {
	"in person", "In person", "by phone", "By phone", "in writing", "In writing",
	"by email", "By email", "other", "Another way", NULL
};
static const char *const role_opts[] = {
	"parent or carer", "A parent or carer in the family", "young person", "The young person", NULL
};

void
consent_read(struct ctx *c, struct consent_in *in, struct form_errors *fe)
{
	in->by = valid_text(c, fe, "consent_by", "name of the person who gave consent", 120, 1);
	in->role = req_form(c->req, "consent_role");
	int ok = 0;
	for (const char *const *o = role_opts; in->role && o[0]; o += 2)
		if (!strcmp(o[0], in->role))
			ok = 1;
	if (!ok) {
		form_error(fe, "consent_role", "Select who gave consent");
		in->role = "";
	}
	in->date = valid_date3(c, fe, "consent", "Date consent was given", 1, -1);
	in->how = req_form(c->req, "consent_how");
	ok = 0;
	for (const char *const *o = how_opts; in->how && o[0]; o += 2)
		if (!strcmp(o[0], in->how))
			ok = 1;
	if (!ok) {
		form_error(fe, "consent_how", "Select how consent was obtained");
		in->how = "";
	}
	in->nag = 0;
	for (size_t i = 0; i < c->req->nform && in->nag < 128; i++) {
		if (strcmp(c->req->form[i].name, "agencies"))
			continue;
		long long id = valid_id(c->req->form[i].value);
		sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM agency WHERE id = ?1");
		db_bind_int(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			in->agencies[in->nag++] = id;
		db_done(st);
	}
	if (in->nag == 0)
		form_error(fe, "agencies", "Select the agencies the family agreed may share information");
}

void
consent_fields(struct ctx *c, tpl_dict *p, const char *marker, const struct form_errors *fe,
    long long default_agency)
{
	view_input(p, &(struct fld){ .marker = marker, .name = "consent_by",
	    .label = "Name of the person who gave consent", .value = view_value(c, "consent_by", ""),
	    .autocomplete = "off", .fe = fe });
	view_radios(p, &(struct fld){ .marker = marker, .name = "consent_role", .label = "Who they are",
	    .value = view_value(c, "consent_role", ""), .options = role_opts, .fe = fe });
	view_date(c, p, marker, "consent", "Date consent was given", "For example, 27 3 2026", NULL, 0, fe);
	view_radios(p, &(struct fld){ .marker = marker, .name = "consent_how",
	    .label = "How consent was obtained", .value = view_value(c, "consent_how", ""),
	    .options = how_opts, .fe = fe });
	int cap = 256, n = 0;
	const char **o = arena_alloc(c->a, sizeof *o * (size_t)(cap * 2 + 1));
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, name FROM agency ORDER BY name");
	while (sqlite3_step(st) == SQLITE_ROW && n < cap * 2) {
		o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	view_checkboxes(c, p, &(struct fld){ .marker = marker, .name = "agencies",
	    .label = "Agencies the family agreed may share information",
	    .hint = "Practitioners of an agency not ticked here cannot be in the team around the family",
	    .options = o, .fe = fe }, arena_printf(c->a, "%lld", default_agency));
}

long long
consent_insert(struct dbc *w, long long eid, const struct consent_in *in, long long by,
    const char *now)
{
	/* "Name (role)", whole: the name may be 120 characters of any script. */
	sqlite3_stmt *st = db_prep(w, "INSERT INTO consent(episode_id, kind, given_by, on_date, how,"
	    " recorded_by, recorded_at) VALUES(?1, 'given', ?2 || ' (' || coalesce(?7, '') || ')', ?3, ?4, ?5, ?6)");
	db_bind_int(st, 1, eid);
	db_bind_text(st, 2, in->by);
	db_bind_text(st, 7, in->role);
	db_bind_text(st, 3, in->date);
	db_bind_text(st, 4, in->how);
	db_bind_int(st, 5, by);
	db_bind_text(st, 6, now);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return 0;
	long long cid = sqlite3_last_insert_rowid(w->db);
	st = db_prep(w, "INSERT OR IGNORE INTO consent_agency(consent_id, agency_id) VALUES(?1, ?2)");
	for (int i = 0; i < in->nag; i++) {
		db_bind_int(st, 1, cid);
		db_bind_int(st, 2, in->agencies[i]);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	db_done(st);
	return cid;
}

/* ---- the consent page ---- */

static void
consent_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "episode_consent.tpl", "Consent");
	if (episode_head(c, p, eid, a, "consent") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT c.id, c.kind, c.given_by, c.on_date, c.how, c.recorded_at,"
	    " coalesce(nullif(u.display_name, ''), u.username),"
	    " (SELECT group_concat(g.name, ', ') FROM consent_agency x JOIN agency g ON g.id = x.agency_id"
	    "  WHERE x.consent_id = c.id)"
	    " FROM consent c JOIN user u ON u.id = c.recorded_by WHERE c.episode_id = ?1 ORDER BY c.id DESC");
	db_bind_int(st, 1, eid);
	int first = 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ROW");
		int withdrawn = !strcmp(db_col_text(st, 1), "withdrawn");
		tpl_set(r, "KIND", withdrawn ? "Consent withdrawn" : "Consent given");
		tpl_set(r, "BY", db_col_text(st, 2));
		tpl_set(r, "ON", view_date_words(c->a, db_col_text(st, 3)));
		tpl_set(r, "HOW", db_col_text(st, 4));
		tpl_set(r, "AGENCIES", withdrawn ? "None" : db_col_text(st, 7));
		tpl_set(r, "RECORDED", arena_printf(c->a, "%s, %s", db_col_text(st, 6),
		    view_datetime_words(c->a, db_col_text(st, 5))));
		if (first)
			tpl_show(r, "CURRENT");
		first = 0;
	}
	db_done(st);
	int can = !strcmp(a->status, "open") && (a->level >= ACCESS_WRITE || a->lead || a->manager);
	if (can && !a->break_glass) {
		tpl_dict *f = tpl_section(p, "NEW");
		tpl_set(f, "EID", arena_printf(c->a, "%lld", eid));
		tpl_set(f, "CSRF", c->csrf);
		consent_fields(c, f, "CFIELD", fe, c->user->agency_id);
		if (!a->withdrawn) {
			tpl_dict *w = tpl_section(p, "WITHDRAW");
			tpl_set(w, "EID", arena_printf(c->a, "%lld", eid));
			tpl_set(w, "CSRF", c->csrf);
			view_input(w, &(struct fld){ .marker = "WFIELD", .name = "withdrawn_by",
			    .label = "Who withdrew consent", .value = view_value(c, "withdrawn_by", ""),
			    .autocomplete = "off", .fe = fe });
			view_date(c, w, "WFIELD", "withdrawn", "Date consent was withdrawn",
			    "For example, 27 3 2026", NULL, 0, fe);
		}
	}
}

/* GET /episodes/{id}/consent -- with access.  History, new statement, withdraw. */
int
consent_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (req_query(c->req, "saved"))
		c->flash = "Consent statement recorded";
	else if (req_query(c->req, "withdrawn"))
		c->flash = "Consent withdrawal recorded";
	consent_page(c, c->id[0], &a, NULL);
	return c->root ? view_render(c) : 0;
}

struct consent_unit {
	long long eid, by, lead;
	struct consent_in in;
	const char *now, *ip, *wby, *wdate;
	int withdraw;
};

static int
consent_unit(struct dbc *w, void *arg)
{
	struct consent_unit *u = arg;
	long long id;
	if (u->withdraw) {
		sqlite3_stmt *st = db_prep(w, "INSERT INTO consent(episode_id, kind, given_by, on_date, how,"
		    " recorded_by, recorded_at) VALUES(?1, 'withdrawn', ?2, ?3, 'withdrawn', ?4, ?5)");
		db_bind_int(st, 1, u->eid);
		db_bind_text(st, 2, u->wby);
		db_bind_text(st, 3, u->wdate);
		db_bind_int(st, 4, u->by);
		db_bind_text(st, 5, u->now);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		id = sqlite3_last_insert_rowid(w->db);
		/* Other agencies' memberships end at once. */
		st = db_prep(w, "UPDATE taf_member SET ended_at = ?2, ended_by = ?3, end_date = date(?2)"
		    " WHERE episode_id = ?1 AND ended_at IS NULL AND (user_id IS NULL OR user_id != ?4)"
		    " AND (user_id IS NULL OR (SELECT agency_id FROM user WHERE id = taf_member.user_id)"
		    "  != (SELECT agency_id FROM user WHERE id = ?4))");
		db_bind_int(st, 1, u->eid);
		db_bind_text(st, 2, u->now);
		db_bind_int(st, 3, u->by);
		db_bind_int(st, 4, u->lead);
		sqlite3_step(st);
		db_done(st);
	} else if ((id = consent_insert(w, u->eid, &u->in, u->by, u->now)) == 0)
		return -1;
	sqlite3_stmt *st = db_prep(w, "UPDATE episode SET updated_by = ?2, updated_at = ?3,"
	    " version = version + 1 WHERE id = ?1");
	db_bind_int(st, 1, u->eid);
	db_bind_int(st, 2, u->by);
	db_bind_text(st, 3, u->now);
	sqlite3_step(st);
	db_done(st);
	struct audit_entry e = { .user_id = u->by, .action = u->withdraw ? "consent.withdraw"
		: "consent.record", .record_type = "episode", .record_id = u->eid, .route = "consent",
		.ip = u->ip };
	return audit_add(w, &e);
}

static int
can_record_consent(const struct ep_access *a)
{
	return !strcmp(a->status, "open") && !a->break_glass &&
	    (a->level >= ACCESS_WRITE || a->lead || a->manager);
}

/* POST /episodes/{id}/consent -- lead, TAF member, manager.  A new statement. */
int
consent_post(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!can_record_consent(&a)) {
		if (!strcmp(a.status, "closed") && a.level >= ACCESS_READ) {
			access_audit(c, "deny", "episode", c->id[0], "closed");
			view_error(c, 403, "This episode is closed, so it cannot be changed. A manager can reopen it.");
			return 0;
		}
		access_deny(c, "consent", c->id[0]);
		return 0;
	}
	struct form_errors fe = { 0 };
	struct consent_unit u = { .eid = c->id[0], .by = c->user->id, .ip = c->req->client_addr };
	consent_read(c, &u.in, &fe);
	if (fe.n) {
		consent_page(c, c->id[0], &a, &fe);
		return view_render(c);
	}
	char now[64];
	audit_now(now);
	u.now = now;
	if (writer_run(consent_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/consent?saved=1", c->id[0]));
	return 0;
}

/* POST /episodes/{id}/consent/withdraw -- lead, TAF member, manager. */
int
consent_withdraw(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!can_record_consent(&a) || a.withdrawn) {
		if (!strcmp(a.status, "closed") && a.level >= ACCESS_READ) {
			access_audit(c, "deny", "episode", c->id[0], "closed");
			view_error(c, 403, "This episode is closed, so it cannot be changed. A manager can reopen it.");
			return 0;
		}
		access_deny(c, "consent", c->id[0]);
		return 0;
	}
	struct form_errors fe = { 0 };
	struct consent_unit u = { .eid = c->id[0], .by = c->user->id, .ip = c->req->client_addr,
		.withdraw = 1, .lead = a.lead_id };
	u.wby = valid_text(c, &fe, "withdrawn_by", "name of who withdrew consent", 120, 1);
	u.wdate = valid_date3(c, &fe, "withdrawn", "Date consent was withdrawn", 1, -1);
	if (fe.n) {
		consent_page(c, c->id[0], &a, &fe);
		return view_render(c);
	}
	char now[64];
	audit_now(now);
	u.now = now;
	if (writer_run(consent_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/consent?withdrawn=1", c->id[0]));
	return 0;
}

/* ---- the team around the family ---- */

static void
team_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe,
    const char *refusal)
{
	tpl_dict *p = view_page(c, "episode_team.tpl", "Team around the family");
	if (episode_head(c, p, eid, a, "team") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	if (refusal) {
		tpl_dict *r = tpl_section(p, "REFUSED");
		tpl_set(r, "TEXT", refusal);
		tpl_set(r, "EID", arena_printf(c->a, "%lld", eid));
	}
	int can = a->level >= ACCESS_WRITE && !a->break_glass;
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT t.id, coalesce(nullif(u.display_name, ''), u.username, t.ext_name),"
	    " coalesce(g.name, t.ext_agency, ''), coalesce(t.ext_role, CASE u.role WHEN 'manager'"
	    " THEN 'Manager' ELSE 'Practitioner' END), coalesce(t.ext_contact, u.email, ''),"
	    " t.start_date, coalesce(t.end_date, ''), t.ended_at IS NOT NULL, t.user_id IS NULL"
	    " FROM taf_member t LEFT JOIN user u ON u.id = t.user_id LEFT JOIN agency g ON g.id = u.agency_id"
	    " WHERE t.episode_id = ?1 ORDER BY t.ended_at IS NOT NULL, t.id");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int ended = sqlite3_column_int(st, 7);
		tpl_dict *r = tpl_section(p, ended ? "PAST" : "ROW");
		tpl_set(r, "NAME", db_col_text(st, 1));
		tpl_set(r, "AGENCY", db_col_text(st, 2));
		tpl_set(r, "ROLE", db_col_text(st, 3));
		tpl_set(r, "CONTACT", db_col_text(st, 4));
		tpl_set(r, "FROM", view_date_words(c->a, db_col_text(st, 5)));
		tpl_set(r, "TO", *db_col_text(st, 6) ? view_date_words(c->a, db_col_text(st, 6)) : "–");
		if (sqlite3_column_int(st, 8))
			tpl_show(r, "EXTERNAL");
		if (!ended && can) {
			tpl_dict *e = tpl_section(r, "END");
			tpl_set(e, "TID", arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0)));
			tpl_set(e, "CSRF", c->csrf);
		}
	}
	db_done(st);
	if (!can)
		return;
	tpl_dict *add = tpl_section(p, "ADD");
	tpl_set(add, "EID", arena_printf(c->a, "%lld", eid));
	tpl_set(add, "CSRF", c->csrf);
	const char *q = req_query(c->req, "q");
	if (q == NULL)
		q = req_form(c->req, "q");
	tpl_set(add, "Q", q ? q : "");
	if (q && *q && strlen(q) <= 100) {
		const char *like = arena_printf(c->a, "%%%s%%", q);
		sqlite3_stmt *s2 = db_prep(c->db,
		    "SELECT u.id, coalesce(nullif(u.display_name, ''), u.username), g.name FROM user u"
		    " JOIN agency g ON g.id = u.agency_id WHERE u.active = 1 AND u.role != 'admin'"
		    " AND (u.display_name LIKE ?1 OR u.username LIKE ?1 OR g.name LIKE ?1)"
		    " ORDER BY 2 LIMIT 30");
		db_bind_text(s2, 1, like);
		int n = 0;
		const char **o = arena_alloc(c->a, sizeof *o * 64);
		while (sqlite3_step(s2) == SQLITE_ROW && n < 60) {
			o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(s2, 0));
			o[n++] = arena_printf(c->a, "%s, %s", db_col_text(s2, 1), db_col_text(s2, 2));
		}
		db_done(s2);
		o[n] = NULL;
		if (n == 0)
			tpl_show(add, "NOUSERS");
		else {
			tpl_dict *pick = tpl_section(add, "PICK");
			tpl_set(pick, "EID", arena_printf(c->a, "%lld", eid));
			tpl_set(pick, "CSRF", c->csrf);
			tpl_set(pick, "Q", q);
			view_radios(pick, &(struct fld){ .marker = "UFIELD", .name = "user",
			    .label = "Practitioner", .value = view_value(c, "user", ""), .options = o, .fe = fe });
		}
	}
	view_input(add, &(struct fld){ .marker = "XFIELD", .name = "ext_name", .label = "Name",
	    .value = view_value(c, "ext_name", ""), .autocomplete = "off", .fe = fe });
	view_input(add, &(struct fld){ .marker = "XFIELD", .name = "ext_agency",
	    .label = "Agency or organisation", .value = view_value(c, "ext_agency", ""), .fe = fe });
	view_input(add, &(struct fld){ .marker = "XFIELD", .name = "ext_role", .label = "Role",
	    .value = view_value(c, "ext_role", ""), .fe = fe });
	view_input(add, &(struct fld){ .marker = "XFIELD", .name = "ext_contact",
	    .label = "Phone number or email address", .value = view_value(c, "ext_contact", ""),
	    .autocomplete = "off", .fe = fe });
}

/* GET /episodes/{id}/team -- with access.  Members; ?q= finds practitioners to add. */
int
team_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (req_query(c->req, "added"))
		c->flash = "Team member added";
	else if (req_query(c->req, "ended"))
		c->flash = "Team membership ended";
	team_page(c, c->id[0], &a, NULL, NULL);
	return c->root ? view_render(c) : 0;
}

struct taf_unit {
	long long eid, user, by, tid;
	const char *name, *agency, *role, *contact, *now, *ip;
	int end;
};

static int
taf_unit(struct dbc *w, void *arg)
{
	struct taf_unit *u = arg;
	sqlite3_stmt *st;
	if (u->end) {
		st = db_prep(w, "UPDATE taf_member SET ended_at = ?2, ended_by = ?3, end_date = date(?2)"
		    " WHERE id = ?1 AND episode_id = ?4 AND ended_at IS NULL");
		db_bind_int(st, 1, u->tid);
		db_bind_text(st, 2, u->now);
		db_bind_int(st, 3, u->by);
		db_bind_int(st, 4, u->eid);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
	} else {
		if (u->user) {
			st = db_prep(w, "SELECT 1 FROM taf_member WHERE episode_id = ?1 AND user_id = ?2"
			    " AND ended_at IS NULL");
			db_bind_int(st, 1, u->eid);
			db_bind_int(st, 2, u->user);
			int dup = sqlite3_step(st) == SQLITE_ROW;
			db_done(st);
			if (dup)
				return 2;
		}
		st = db_prep(w, "INSERT INTO taf_member(episode_id, user_id, ext_name, ext_agency, ext_role,"
		    " ext_contact, start_date, added_by, added_at) VALUES(?1, nullif(?2, 0), ?3, ?4, ?5, ?6,"
		    " date(?7), ?8, ?7)");
		db_bind_int(st, 1, u->eid);
		db_bind_int(st, 2, u->user);
		db_bind_text(st, 3, u->user ? NULL : u->name);
		db_bind_text(st, 4, u->user ? NULL : u->agency);
		db_bind_text(st, 5, u->user ? NULL : u->role);
		db_bind_text(st, 6, u->user ? NULL : u->contact);
		db_bind_text(st, 7, u->now);
		db_bind_int(st, 8, u->by);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		u->tid = sqlite3_last_insert_rowid(w->db);
	}
	struct audit_entry e = { .user_id = u->by, .action = u->end ? "taf.end" : "taf.add",
		.record_type = "episode", .record_id = u->eid, .route = "team", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/team -- with write access.  Add a user or an external practitioner. */
int
team_add(struct ctx *c)
{
	struct ep_access a;
	long long eid = c->id[0];
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct taf_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	const char *kind = req_form(c->req, "kind");
	if (kind && !strcmp(kind, "user")) {
		u.user = valid_id(req_form(c->req, "user"));
		sqlite3_stmt *st = db_prep(c->db, "SELECT u.agency_id, g.name, EXISTS (SELECT 1 FROM"
		    " consent_agency x WHERE x.consent_id = ?2 AND x.agency_id = u.agency_id)"
		    " FROM user u JOIN agency g ON g.id = u.agency_id WHERE u.id = ?1 AND u.active = 1"
		    " AND u.role != 'admin'");
		db_bind_int(st, 1, u.user);
		db_bind_int(st, 2, a.withdrawn ? 0 : a.consent_id);
		int found = 0, covered = 0;
		const char *agency = "";
		if (sqlite3_step(st) == SQLITE_ROW) {
			found = 1;
			agency = arena_strdup(c->a, db_col_text(st, 1));
			covered = sqlite3_column_int(st, 2);
		}
		db_done(st);
		if (!found) {
			/* The choice is offered only after a search: without one, point at the search box. */
			const char *q = req_form(c->req, "q");
			if (q && *q)
				form_error(&fe, "user", "Select a practitioner");
			else
				form_error(&fe, "q", "Enter a name or agency to search for a practitioner");
		} else if (!covered) {
			team_page(c, eid, &a, NULL, arena_printf(c->a, "The family's latest consent does not "
			    "cover %s, so its practitioners cannot join the team around the family. Record a "
			    "new consent statement that includes %s first.", agency, agency));
			return c->root ? view_render(c) : 0;
		}
	} else {
		u.name = valid_text(c, &fe, "ext_name", "name", 120, 1);
		u.agency = valid_text(c, &fe, "ext_agency", "agency or organisation", 120, 1);
		u.role = valid_text(c, &fe, "ext_role", "role", 120, 1);
		u.contact = valid_text(c, &fe, "ext_contact", "phone number or email address", 120, 1);
	}
	if (fe.n == 0) {
		int rc = writer_run(taf_unit, &u);
		if (rc == 0) {
			response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/team?added=1", eid));
			return 0;
		}
		if (rc != 2)
			return 500;
		form_error(&fe, "user", "This practitioner is already in the team around the family");
	}
	team_page(c, eid, &a, &fe, NULL);
	return c->root ? view_render(c) : 0;
}

/* POST /taf/{id}/end -- with write access to the episode.  End a membership. */
int
taf_end(struct ctx *c)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id FROM taf_member WHERE id = ?1");
	db_bind_int(st, 1, c->id[0]);
	long long eid = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (eid == 0)
		return 404;
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	char now[64];
	audit_now(now);
	struct taf_unit u = { .eid = eid, .tid = c->id[0], .by = c->user->id, .now = now,
		.ip = c->req->client_addr, .end = 1 };
	int rc = writer_run(taf_unit, &u);
	if (rc != 0 && rc != 1)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/team?ended=1", eid));
	return 0;
}
