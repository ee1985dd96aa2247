/*
 * episode.c -- an episode of early help from request to closure.
 *
 * Request (practitioner or manager): the children (and adults) it covers,
 * the team it goes to, a consent statement and the start form.  Access to
 * the family's records begins only when a manager of that team allocates a
 * lead (the assessment clock starts then), so nobody grants themselves
 * access by typing a consent.  Close (managers): an interruption page, the
 * closure form copied forward from the start form.  Reopen needs a new
 * consent statement.  Transfer: to another lead or team, accepted by the
 * receiver.  Break-glass: designated safeguarding leads only, time-limited,
 * read-only, audited and reviewed by managers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "assessment.h"
#include "audit.h"
#include "episode.h"
#include "forms.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

const char *
episode_family(struct ctx *c, long long eid)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT group_concat(p.given_names || ' ' || p.family_name, ', ')"
	    " FROM episode_person ep JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = ?1"
	    " AND ep.role = 'child'");
	db_bind_int(st, 1, eid);
	const char *s = "";
	if (sqlite3_step(st) == SQLITE_ROW)
		s = arena_strdup(c->a, db_col_text(st, 0));
	db_done(st);
	return s;
}

static const char *
status_label(const char *s)
{
	return !strcmp(s, "requested") ? "Awaiting allocation" : !strcmp(s, "open") ? "Open"
	    : !strcmp(s, "closed") ? "Closed" : "Declined";
}

static const char *
status_class(const char *s)
{
	return !strcmp(s, "open") ? "govuk-tag--green" : !strcmp(s, "requested") ? "govuk-tag--yellow"
	    : "govuk-tag--grey";
}

int
episode_head(struct ctx *c, tpl_dict *p, long long eid, const struct ep_access *a, const char *tab)
{
	/* Every page view of an episode is audited (break-glass views say so). */
	if (access_audit_view(c, "view", "episode", eid, a->break_glass ? "break-glass" : tab) != 0) {
		view_error(c, 500, NULL);
		return -1;
	}
	tpl_dict *h = tpl_include(p, "HEAD", "_episode_head.tpl");
	tpl_set(h, "EID", arena_printf(c->a, "%lld", eid));
	tpl_set(h, "FAMILY", episode_family(c, eid));
	tpl_set(h, "LEAD_TITLE", c->cfg->lead_title);
	tpl_set(h, "STATUS", status_label(a->status));
	tpl_set(h, "STATUS_CLASS", status_class(a->status));
	sqlite3_stmt *st = db_prep(c->db, "SELECT coalesce(nullif(u.display_name, ''), u.username,"
	    " 'Not allocated'), t.name FROM episode e JOIN team t ON t.id = e.team_id"
	    " LEFT JOIN user u ON u.id = e.lead_id WHERE e.id = ?1");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_set(h, "LEAD", db_col_text(st, 0));
		tpl_set(h, "TEAM", db_col_text(st, 1));
	}
	db_done(st);
	if (a->break_glass) {
		st = db_prep(c->db, "SELECT max(expires_at) FROM break_glass WHERE user_id = ?1 AND episode_id = ?2");
		db_bind_int(st, 1, c->user->id);
		db_bind_int(st, 2, eid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			time_t t = (time_t)sqlite3_column_int64(st, 0);
			struct tm tm;
			gmtime_r(&t, &tm);
			char iso[32];
			strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M", &tm);
			tpl_dict *b = tpl_section(h, "BREAK_GLASS");
			tpl_set(b, "BG_UNTIL", view_datetime_words(c->a, iso));
		}
		db_done(st);
	}
	/* A new consent statement is needed when the TAF changed after the latest one. */
	if (!strcmp(a->status, "open")) {
		st = db_prep(c->db, "SELECT (SELECT max(recorded_at) FROM consent WHERE episode_id = ?1),"
		    " (SELECT max(max(added_at), coalesce(max(ended_at), '')) FROM taf_member"
		    "  WHERE episode_id = ?1), (SELECT kind FROM consent WHERE episode_id = ?1"
		    "  ORDER BY id DESC LIMIT 1)");
		db_bind_int(st, 1, eid);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *cons = db_col_text(st, 0), *taf = db_col_text(st, 1);
			const char *kind = db_col_text(st, 2);
			if (!strcmp(kind, "withdrawn") || (*taf && strcmp(taf, cons) > 0)) {
				tpl_dict *cn = tpl_section(h, "CONSENT_NEEDED");
				tpl_set(cn, "CONSENT_WHY", !strcmp(kind, "withdrawn")
				    ? "The family withdrew consent." : "The team around the family has changed since the latest statement.");
			}
		}
		db_done(st);
	}
	static const char *const tabs[][2] = {
		{ "overview", "Overview" }, { "consent", "Consent" }, { "team", "Team around the family" },
		{ "notes", "Case notes" }, { "assessments", "Assessments" }, { "meetings", "Meetings and plan" },
	};
	for (int i = 0; i < 6; i++) {
		tpl_dict *t = tpl_section(h, "TAB");
		tpl_set(t, "HREF", i == 0 ? arena_printf(c->a, "/episodes/%lld", eid)
		    : arena_printf(c->a, "/episodes/%lld/%s", eid, tabs[i][0]));
		tpl_set(t, "LABEL", tabs[i][1]);
		if (!strcmp(tab, tabs[i][0]))
			tpl_show(t, "CURRENT");
	}
	return 0;
}

/* ---- request ---- */

struct reqperson {
	long long id;
	const char *name, *born;
	int child;
};

static const char *const *
team_opts(struct ctx *c)
{
	int cap = 128, n = 0;
	const char **o = arena_alloc(c->a, sizeof *o * (size_t)(cap * 2 + 3));
	o[n++] = "";
	o[n++] = "Select a team";
	sqlite3_stmt *st = db_prep(c->db, "SELECT t.id, t.name, a.name FROM team t JOIN agency a"
	    " ON a.id = t.agency_id WHERE EXISTS (SELECT 1 FROM user u WHERE u.team_id = t.id"
	    " AND u.role = 'manager' AND u.active = 1) AND a.kind != 'childrens social care'"
	    " ORDER BY a.name, t.name");
	while (sqlite3_step(st) == SQLITE_ROW && n < cap * 2) {
		o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		o[n++] = arena_printf(c->a, "%s (%s)", db_col_text(st, 1), db_col_text(st, 2));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

/* Is id one of the teams team_opts offers (early help teams with a manager)? */
static int
team_offered(struct ctx *c, long long id)
{
	for (const char *const *o = team_opts(c) + 2; id && o[0]; o += 2)
		if (valid_id(o[0]) == id)
			return 1;
	return 0;
}

/* An open or requested episode holding this person, or 0. */
static long long
existing_episode(struct ctx *c, long long pid, const char **team, const char **lead)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT e.id, t.name, coalesce(nullif(u.display_name, ''),"
	    " u.username, 'not yet allocated') FROM episode_person ep JOIN episode e ON e.id = ep.episode_id"
	    " JOIN team t ON t.id = e.team_id LEFT JOIN user u ON u.id = e.lead_id"
	    " WHERE ep.person_id = ?1 AND ep.role = 'child' AND e.status IN ('requested', 'open') LIMIT 1");
	db_bind_int(st, 1, pid);
	long long id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*team = arena_strdup(c->a, db_col_text(st, 1));
		*lead = arena_strdup(c->a, db_col_text(st, 2));
	}
	db_done(st);
	return id;
}

static int
person_name(struct ctx *c, long long pid, const char **name, int *age)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT given_names || ' ' || family_name, coalesce(dob, ''),"
	    " unborn, coalesce(estimated_age, -1) FROM person WHERE id = ?1");
	db_bind_int(st, 1, pid);
	int ok = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		ok = 1;
		*name = arena_strdup(c->a, db_col_text(st, 0));
		const char *dob = db_col_text(st, 1);
		*age = sqlite3_column_int(st, 2) ? -1 : *dob ? (int)(time(NULL) / 31557600 + 1970 - atoi(dob))
		    : sqlite3_column_int(st, 3);
	}
	db_done(st);
	return ok;
}

static void
request_page(struct ctx *c, long long pid, const struct form_errors *fe)
{
	const char *name = "";
	int age = 0;
	person_name(c, pid, &name, &age);
	tpl_dict *p = view_page(c, "form.tpl", "Request early help");
	tpl_set(p, "HEADING", "Request early help");
	tpl_dict *cap = tpl_section(p, "CAPTION");
	tpl_set(cap, "CAPTION_TEXT", name);
	tpl_set(p, "ACTION", "/episodes/new");
	tpl_set(p, "SUBMIT", "Send the request");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", "A manager of the team you choose will allocate a lead. Access to the "
	    "family's records starts only then.");
	tpl_dict *h = tpl_section(p, "HIDDEN");
	tpl_set(h, "H_NAME", "person");
	tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", pid));
	if (fe)
		view_form_errors(c, p, fe);
	/* Relatives the requester may see: managers with access see relationships. */
	if (access_person(c, pid) >= ACCESS_READ) {
		int cap2 = 40, n = 0, na = 0;
		const char **kids = arena_alloc(c->a, sizeof *kids * (size_t)(cap2 * 2 + 1));
		const char **adults = arena_alloc(c->a, sizeof *adults * (size_t)(cap2 * 2 + 1));
		sqlite3_stmt *st = db_prep(c->db,
		    "SELECT o.id, o.given_names || ' ' || o.family_name, CASE WHEN o.unborn = 1 OR"
		    " (o.dob IS NOT NULL AND o.dob > date('now', '-18 years')) OR"
		    " (o.dob IS NULL AND coalesce(o.estimated_age, 99) < 18) THEN 1 ELSE 0 END"
		    " FROM relationship r JOIN person o ON o.id = CASE WHEN r.person_a = ?1 THEN r.person_b"
		    " ELSE r.person_a END WHERE (r.person_a = ?1 OR r.person_b = ?1) AND r.ended_at IS NULL"
		    " ORDER BY 2");
		db_bind_int(st, 1, pid);
		while (sqlite3_step(st) == SQLITE_ROW) {
			long long oid = sqlite3_column_int64(st, 0);
			if (access_person(c, oid) < ACCESS_READ)
				continue;
			const char **dst = sqlite3_column_int(st, 2) ? kids : adults;
			int *k = sqlite3_column_int(st, 2) ? &n : &na;
			if (*k >= cap2 * 2)
				continue;
			dst[(*k)++] = arena_printf(c->a, "%lld", oid);
			dst[(*k)++] = arena_strdup(c->a, db_col_text(st, 1));
		}
		db_done(st);
		kids[n] = NULL;
		adults[na] = NULL;
		if (n)
			view_checkboxes(c, p, &(struct fld){ .marker = "FIELD", .name = "children",
			    .label = "Other children in the family to include", .options = kids, .fe = fe }, NULL);
		if (na)
			view_checkboxes(c, p, &(struct fld){ .marker = "FIELD", .name = "adults",
			    .label = "Adults in the household to include", .options = adults, .fe = fe }, NULL);
	}
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "team", .label = "Team to send the request to",
	    .value = view_value(c, "team", c->user->team_id ? arena_printf(c->a, "%lld", c->user->team_id) : ""),
	    .options = team_opts(c), .fe = fe });
	consent_fields(c, p, "FIELD", fe, c->user->agency_id);
	const struct form_def *d = form_get("episode_start");
	if (d)
		form_render(c, p, "FIELD", d, NULL, fe);
}

/* GET /episodes/new?person=ID -- practitioner, manager.  The request form. */
int
episode_new(struct ctx *c)
{
	long long pid = valid_id(req_query(c->req, "person"));
	if (pid == 0)
		pid = valid_id(req_form(c->req, "person"));
	const char *name;
	int age;
	if (pid == 0 || !person_name(c, pid, &name, &age))
		return 404;
	const char *team, *lead;
	long long eid = existing_episode(c, pid, &team, &lead);
	if (eid) {
		tpl_dict *p = view_page(c, "error.tpl", "Early help is already requested or open");
		tpl_set(p, "HEADING", arena_printf(c->a, "%s already has an episode", name));
		tpl_set(p, "BODY", arena_printf(c->a, "Episode %lld is with %s; the %s is %s. Contact "
		    "them rather than requesting another.", eid, team, c->cfg->lead_title, lead));
		return view_render(c);
	}
	if (access_audit_view(c, "view", "person", pid, "episode request form") != 0)
		return 500;
	request_page(c, pid, NULL);
	return view_render(c);
}

struct create_unit {
	long long pid, team, by;
	long long children[40], adults[40];
	int nchildren, nadults;
	struct consent_in consent;
	const struct form_def *start;
	struct form_values answers;
	const char *now, *ip;
	long long eid;
	int clash;
};

static int
create_unit(struct dbc *w, void *arg)
{
	struct create_unit *u = arg;
	/* Re-check inside the unit: one open or requested episode per child. */
	sqlite3_stmt *st = db_prep(w, "SELECT 1 FROM episode_person ep JOIN episode e ON e.id = ep.episode_id"
	    " WHERE ep.person_id = ?1 AND ep.role = 'child' AND e.status IN ('requested', 'open')");
	for (int i = 0; i < u->nchildren; i++) {
		db_bind_int(st, 1, u->children[i]);
		int clash = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (clash) {
			db_done(st);
			u->clash = 1;
			return 1;
		}
	}
	db_done(st);
	st = db_prep(w, "INSERT INTO episode(team_id, status, requested_by, requested_at, updated_by,"
	    " updated_at) VALUES(?1, 'requested', ?2, ?3, ?2, ?3)");
	db_bind_int(st, 1, u->team);
	db_bind_int(st, 2, u->by);
	db_bind_text(st, 3, u->now);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	u->eid = sqlite3_last_insert_rowid(w->db);
	st = db_prep(w, "INSERT OR IGNORE INTO episode_person(episode_id, person_id, role) VALUES(?1, ?2, ?3)");
	for (int i = 0; i < u->nchildren + u->nadults; i++) {
		db_bind_int(st, 1, u->eid);
		db_bind_int(st, 2, i < u->nchildren ? u->children[i] : u->adults[i - u->nchildren]);
		db_bind_text(st, 3, i < u->nchildren ? "child" : "adult");
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	if (consent_insert(w, u->eid, &u->consent, u->by, u->now) == 0)
		return -1;
	if (u->start && form_store(w, u->start, "episode.start", u->eid, &u->answers) != 0)
		return -1;
	struct audit_entry e = { .user_id = u->by, .action = "episode.request", .record_type = "episode",
		.record_id = u->eid, .route = "episode.create", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /episodes/new -- practitioner, manager.  Validate; store the request; 303. */
int
episode_create(struct ctx *c)
{
	long long pid = valid_id(req_form(c->req, "person"));
	const char *name;
	int age;
	if (pid == 0 || !person_name(c, pid, &name, &age))
		return 404;
	struct create_unit u = { .pid = pid, .by = c->user->id, .ip = c->req->client_addr };
	struct form_errors fe = { 0 };
	u.children[u.nchildren++] = pid;
	for (size_t i = 0; i < c->req->nform; i++) {
		int kid = !strcmp(c->req->form[i].name, "children");
		if (!kid && strcmp(c->req->form[i].name, "adults"))
			continue;
		long long oid = valid_id(c->req->form[i].value);
		if (oid == 0 || oid == pid || access_person(c, oid) < ACCESS_READ)
			continue;
		if (kid && u.nchildren < 40)
			u.children[u.nchildren++] = oid;
		else if (!kid && u.nadults < 40)
			u.adults[u.nadults++] = oid;
	}
	for (int i = 0; i < u.nchildren; i++) {
		const char *team, *lead, *cn;
		int a2;
		if (existing_episode(c, u.children[i], &team, &lead) && person_name(c, u.children[i], &cn, &a2))
			form_error(&fe, i == 0 ? "team" : "children", arena_printf(c->a, "%s already has an "
			    "open or requested episode with %s (%s: %s)", cn, team, c->cfg->lead_title, lead));
	}
	u.team = valid_id(req_form(c->req, "team"));
	if (!team_offered(c, u.team))
		form_error(&fe, "team", "Select the team to send the request to");
	consent_read(c, &u.consent, &fe);
	u.start = form_get("episode_start");
	if (u.start)
		form_read(c, u.start, &u.answers, &fe);
	if (fe.n) {
		request_page(c, pid, &fe);
		return view_render(c);
	}
	char now[64];
	audit_now(now);
	u.now = now;
	int rc = writer_run(create_unit, &u);
	if (rc != 0 && !u.clash)
		return 500;
	if (u.clash) {
		form_error(&fe, "team", "Someone else has just requested early help for this child");
		request_page(c, pid, &fe);
		return view_render(c);
	}
	tpl_dict *p = view_page(c, "error.tpl", "Request sent");
	tpl_set(p, "HEADING", "Request sent");
	tpl_set(p, "BODY", arena_printf(c->a, "Your request for %s is episode %lld. A manager of the team "
	    "will allocate a %s; you will see the episode on your worktray if it is allocated to you.",
	    name, u.eid, c->cfg->lead_title));
	return view_render(c);
}

/* ---- overview ---- */

/* GET /episodes/{id} -- with access.  Identity bar, people, request, consent, actions. */
int
episode_get(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	const char *done = req_query(c->req, "done");
	if (done)
		c->flash = !strcmp(done, "allocated") ? "Lead allocated" : !strcmp(done, "declined")
		    ? "Request declined" : !strcmp(done, "closed") ? "Episode closed"
		    : !strcmp(done, "reopened") ? "Episode reopened" : !strcmp(done, "transfer")
		    ? "Transfer requested" : !strcmp(done, "accepted") ? "Transfer accepted" : NULL;
	tpl_dict *p = view_page(c, "episode.tpl", "Episode");
	if (episode_head(c, p, eid, &a, "overview") != 0)
		return 0;
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	sqlite3_stmt *st = db_prep(c->db, "SELECT p.id, p.given_names || ' ' || p.family_name,"
	    " coalesce(p.dob, ''), p.unborn, ep.role FROM episode_person ep JOIN person p"
	    " ON p.id = ep.person_id WHERE ep.episode_id = ?1 ORDER BY ep.role DESC, p.dob");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "PERSON");
		long long pid = sqlite3_column_int64(st, 0);
		tpl_set(r, "PID", arena_printf(c->a, "%lld", pid));
		tpl_set(r, "NAME", db_col_text(st, 1));
		const char *dob = db_col_text(st, 2);
		tpl_set(r, "BORN", sqlite3_column_int(st, 3) ? "Unborn" : *dob ? view_date_words(c->a, dob)
		    : "Not known");
		tpl_set(r, "ROLE", !strcmp(db_col_text(st, 4), "child") ? "Child" : "Adult");
		if (access_person(c, pid) >= ACCESS_READ)
			tpl_show(r, "LINK");
		else
			tpl_show(r, "NOLINK");
	}
	db_done(st);
	timescale_tags(c, p, "TAG", eid);
	struct form_values v;
	const struct form_def *d = form_load_answers(c, "episode.start", eid, &v);
	if (d)
		form_summary(c, p, "START", d, &v);
	st = db_prep(c->db, "SELECT e.requested_at, coalesce(nullif(r.display_name, ''), r.username),"
	    " coalesce(e.allocated_at, ''), coalesce(e.closure_date, ''), coalesce(e.closure_reason, ''),"
	    " coalesce(e.decline_reason, ''), e.updated_at, coalesce(nullif(x.display_name, ''), x.username)"
	    " FROM episode e JOIN user r ON r.id = e.requested_by JOIN user x ON x.id = e.updated_by"
	    " WHERE e.id = ?1");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_set(p, "REQUESTED", arena_printf(c->a, "%s by %s", view_datetime_words(c->a,
		    db_col_text(st, 0)), db_col_text(st, 1)));
		tpl_set(p, "ALLOCATED", *db_col_text(st, 2) ? view_datetime_words(c->a, db_col_text(st, 2))
		    : "Not yet allocated");
		if (*db_col_text(st, 3)) {
			tpl_dict *cl = tpl_section(p, "CLOSED");
			tpl_set(cl, "CLOSURE", arena_printf(c->a, "%s: %s", view_date_words(c->a,
			    db_col_text(st, 3)), db_col_text(st, 4)));
		}
		if (*db_col_text(st, 5)) {
			tpl_dict *dl = tpl_section(p, "DECLINED");
			tpl_set(dl, "REASON", db_col_text(st, 5));
		}
		tpl_set(p, "UPDATED", arena_printf(c->a, "Last updated by %s on %s", db_col_text(st, 7),
		    view_datetime_words(c->a, db_col_text(st, 6))));
	}
	db_done(st);
	st = db_prep(c->db, "SELECT id, status, response FROM referral WHERE episode_id = ?1 ORDER BY id");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *rf = tpl_section(p, "REFERRAL");
		tpl_set(rf, "RID", arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0)));
		const char *rs = db_col_text(st, 1);
		tpl_set(rf, "OUTCOME", !strcmp(rs, "sent") ? "awaiting social care's decision" : !strcmp(rs, "accepted")
		    ? "accepted by social care: close this episode with the reason \"Stepped up to children's social care\""
		    : arena_printf(c->a, "returned: %s", db_col_text(st, 2)));
	}
	db_done(st);
	/* What this user can do here. */
	tpl_dict *acts = NULL;
#define ACT(href, text) do { if (!acts) acts = tpl_section(p, "ACTIONS"); \
	tpl_dict *x = tpl_section(acts, "ACTION"); tpl_set(x, "HREF", href); tpl_set(x, "TEXT", text); } while (0)
	if (a.manager && !strcmp(a.status, "requested"))
		ACT(arena_printf(c->a, "/episodes/%lld/allocate", eid), "Allocate a lead or decline");
	if (!strcmp(a.status, "open") && !a.break_glass) {
		if (a.manager)
			ACT(arena_printf(c->a, "/episodes/%lld/close", eid), "Close this episode");
		if (a.manager || a.lead)
			ACT(arena_printf(c->a, "/episodes/%lld/transfer", eid), "Transfer to another lead or team");
	}
	if (a.manager && !strcmp(a.status, "closed"))
		ACT(arena_printf(c->a, "/episodes/%lld/reopen", eid), "Reopen this episode");
	if (!strcmp(a.status, "open") && !a.break_glass && (a.manager || a.lead))
		ACT(arena_printf(c->a, "/episodes/%lld/step-up", eid), "Refer to children's social care (step up)");
	if (!strcmp(a.status, "open") && !a.break_glass && a.lead && a.level >= ACCESS_WRITE)
		ACT(arena_printf(c->a, "/episodes/%lld/requests", eid), arena_printf(c->a, "%s: request funding",
		    c->cfg->commission_name));
#undef ACT
	return view_render(c);
}

/* ---- allocation ---- */

static const char *const *
lead_opts(struct ctx *c, long long team, long long requester)
{
	int n = 0;
	const char **o = arena_alloc(c->a, sizeof *o * 205);
	o[n++] = "";
	o[n++] = "Select a practitioner";
	sqlite3_stmt *st = db_prep(c->db, "SELECT u.id, coalesce(nullif(u.display_name, ''), u.username),"
	    " g.name, (SELECT count(*) FROM episode e WHERE e.lead_id = u.id AND e.status = 'open')"
	    " FROM user u JOIN agency g ON g.id = u.agency_id WHERE u.active = 1 AND u.role != 'admin'"
	    " AND (u.team_id = ?1 OR u.id = ?2) ORDER BY 2 LIMIT 100");
	db_bind_int(st, 1, team);
	db_bind_int(st, 2, requester);
	while (sqlite3_step(st) == SQLITE_ROW) {
		o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		int open = sqlite3_column_int(st, 3);
		o[n++] = arena_printf(c->a, "%s, %s (%d open case%s)", db_col_text(st, 1),
		    db_col_text(st, 2), open, open == 1 ? "" : "s");
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

static void
allocate_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "episode_allocate.tpl", "Allocate a lead");
	if (episode_head(c, p, eid, a, "overview") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	tpl_set(p, "LEAD_TITLE", c->cfg->lead_title);
	view_select(p, &(struct fld){ .marker = "LFIELD", .name = "lead",
	    .label = arena_printf(c->a, "%s", c->cfg->lead_title),
	    .hint = "The practitioner who requested the help can be the lead",
	    .value = view_value(c, "lead", ""), .options = lead_opts(c, a->team_id, a->requested_by),
	    .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "DFIELD", .name = "reason",
	    .label = "Reason for declining", .hint = "The practitioner who asked will see this",
	    .value = view_value(c, "reason", ""), .fe = fe });
}

/* GET /episodes/{id}/allocate -- manager of the team.  Allocate or decline. */
int
episode_allocate_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!a.manager || strcmp(a.status, "requested")) {
		access_deny(c, "allocate", c->id[0]);
		return 0;
	}
	allocate_page(c, c->id[0], &a, NULL);
	return c->root ? view_render(c) : 0;
}

struct alloc_unit {
	long long eid, lead, by;
	const char *now, *ip, *reason;
	int decline;
};

static int
alloc_unit(struct dbc *w, void *arg)
{
	struct alloc_unit *u = arg;
	sqlite3_stmt *st;
	if (u->decline) {
		st = db_prep(w, "UPDATE episode SET status = 'declined', decline_reason = ?2, updated_by = ?3,"
		    " updated_at = ?4, version = version + 1 WHERE id = ?1 AND status = 'requested'");
		db_bind_text(st, 2, u->reason);
	} else {
		st = db_prep(w, "UPDATE episode SET status = 'open', lead_id = ?2, allocated_by = ?3,"
		    " allocated_at = ?4, lead_since = ?4, updated_by = ?3, updated_at = ?4,"
		    " version = version + 1 WHERE id = ?1 AND status = 'requested'");
		db_bind_int(st, 2, u->lead);
	}
	db_bind_int(st, 1, u->eid);
	db_bind_int(st, 3, u->by);
	db_bind_text(st, 4, u->now);
	sqlite3_step(st);
	db_done(st);
	if (sqlite3_changes(w->db) != 1)
		return 1;
	struct audit_entry e = { .user_id = u->by, .action = u->decline ? "episode.decline"
		: "episode.allocate", .record_type = "episode", .record_id = u->eid, .route = "allocate",
		.ip = u->ip };
	char d[64];
	if (!u->decline) {
		snprintf(d, sizeof d, "lead user %lld", u->lead);
		e.detail = d;
	}
	return audit_add(w, &e);
}

static int
alloc_common(struct ctx *c, int decline)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (!a.manager || strcmp(a.status, "requested")) {
		access_deny(c, "allocate", eid);
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct alloc_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr,
		.decline = decline };
	if (decline)
		u.reason = valid_text(c, &fe, "reason", "reason for declining", 2000, 1);
	else {
		u.lead = valid_id(req_form(c->req, "lead"));
		int ok = 0;
		for (const char *const *o = lead_opts(c, a.team_id, a.requested_by); o[0]; o += 2)
			if (*o[0] && valid_id(o[0]) == u.lead)
				ok = 1;
		if (!ok)
			form_error(&fe, "lead", arena_printf(c->a, "Select the %s", c->cfg->lead_title));
	}
	if (fe.n) {
		allocate_page(c, eid, &a, &fe);
		return c->root ? view_render(c) : 0;
	}
	int rc = writer_run(alloc_unit, &u);
	if (rc < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld?done=%s", eid,
	    decline ? "declined" : "allocated"));
	return 0;
}

/* POST /episodes/{id}/allocate -- manager of the team.  Access begins here. */
int
episode_allocate(struct ctx *c)
{
	return alloc_common(c, 0);
}

/* POST /episodes/{id}/decline -- manager of the team, with a reason. */
int
episode_decline(struct ctx *c)
{
	return alloc_common(c, 1);
}

/* ---- closure and reopening ---- */

static const char *const *
closure_opts(struct ctx *c)
{
	const char **o = arena_alloc(c->a, sizeof *o * 64);
	int n = 0;
	o[n++] = "";
	o[n++] = "Select a reason";
	char *copy = arena_strdup(c->a, c->cfg->closure_reasons), *save = NULL;
	for (char *t = strtok_r(copy, "|", &save); t && n < 60; t = strtok_r(NULL, "|", &save)) {
		o[n++] = t;
		o[n++] = t;
	}
	o[n] = NULL;
	return o;
}

static void
close_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "episode_close.tpl", "Close this episode");
	if (episode_head(c, p, eid, a, "overview") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	view_date(c, p, "FIELD", "closure", "Closure date", "For example, 27 3 2026", NULL, 0, fe);
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "reason", .label = "Reason for closing",
	    .value = view_value(c, "reason", ""), .options = closure_opts(c), .fe = fe });
	const struct form_def *d = form_get("episode_closure");
	if (d) {
		/* Copied forward from the start form: same question names. */
		struct form_values start, v;
		const struct form_def *sd = form_load_answers(c, "episode.start", eid, &start);
		for (int i = 0; i < d->nq; i++) {
			v.v[i] = "";
			for (int k = 0; sd && k < sd->nq; k++)
				if (!strcmp(sd->q[k].name, d->q[i].name))
					v.v[i] = start.v[k];
		}
		form_render(c, p, "FIELD", d, &v, fe);
	}
}

/* GET /episodes/{id}/close -- manager of the team.  "Are you sure" with the closure form. */
int
episode_close_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!a.manager) {
		access_deny(c, "close", c->id[0]);
		return 0;
	}
	if (strcmp(a.status, "open")) {
		view_error(c, 409, !strcmp(a.status, "closed") ? "This episode is already closed. A manager can reopen it."
		    : "Only an open episode can be closed.");
		return 0;
	}
	close_page(c, c->id[0], &a, NULL);
	return c->root ? view_render(c) : 0;
}

struct close_unit {
	long long eid, by;
	const char *now, *ip, *date, *reason;
	const struct form_def *d;
	struct form_values v;
	int reopen;
	struct consent_in consent;
};

static int
close_unit(struct dbc *w, void *arg)
{
	struct close_unit *u = arg;
	sqlite3_stmt *st;
	if (u->reopen) {
		st = db_prep(w, "UPDATE episode SET status = 'open', closure_date = NULL, closure_reason = NULL,"
		    " closed_at = NULL, closed_by = NULL, updated_by = ?2, updated_at = ?3,"
		    " version = version + 1 WHERE id = ?1 AND status = 'closed'");
	} else {
		st = db_prep(w, "UPDATE episode SET status = 'closed', closure_date = ?4, closure_reason = ?5,"
		    " closed_at = ?3, closed_by = ?2, updated_by = ?2, updated_at = ?3,"
		    " version = version + 1 WHERE id = ?1 AND status = 'open'");
		db_bind_text(st, 4, u->date);
		db_bind_text(st, 5, u->reason);
	}
	db_bind_int(st, 1, u->eid);
	db_bind_int(st, 2, u->by);
	db_bind_text(st, 3, u->now);
	sqlite3_step(st);
	db_done(st);
	if (sqlite3_changes(w->db) != 1)
		return 1;
	if (u->reopen) {
		if (consent_insert(w, u->eid, &u->consent, u->by, u->now) == 0)
			return -1;
	} else {
		if (u->d && form_store(w, u->d, "episode.closure", u->eid, &u->v) != 0)
			return -1;
		/* Closing ends pending transfers. */
		st = db_prep(w, "UPDATE transfer SET status = 'cancelled' WHERE episode_id = ?1 AND status = 'pending'");
		db_bind_int(st, 1, u->eid);
		sqlite3_step(st);
		db_done(st);
	}
	struct audit_entry e = { .user_id = u->by, .action = u->reopen ? "episode.reopen" : "episode.close",
		.record_type = "episode", .record_id = u->eid, .route = "close", .ip = u->ip,
		.detail = u->reason };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/close -- manager of the team. */
int
episode_close(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (!a.manager) {
		access_deny(c, "close", eid);
		return 0;
	}
	if (strcmp(a.status, "open")) {
		view_error(c, 409, "This episode is not open, so it cannot be closed.");
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct close_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	u.date = valid_date3(c, &fe, "closure", "Closure date", 1, -1);
	if (u.date && *u.date) {
		sqlite3_stmt *st = db_prep(c->db, "SELECT substr(coalesce(allocated_at, requested_at), 1, 10)"
		    " FROM episode WHERE id = ?1");
		db_bind_int(st, 1, eid);
		if (sqlite3_step(st) == SQLITE_ROW && strcmp(u.date, db_col_text(st, 0)) < 0)
			form_error(&fe, "closure-day", arena_printf(c->a, "Closure date must be on or after the "
			    "episode started (%s)", view_date_words(c->a, db_col_text(st, 0))));
		db_done(st);
	}
	u.reason = req_form(c->req, "reason");
	int ok = 0;
	for (const char *const *o = closure_opts(c) + 2; u.reason && o[0]; o += 2)
		if (!strcmp(o[0], u.reason))
			ok = 1;
	if (!ok)
		form_error(&fe, "reason", "Select a reason for closing");
	u.d = form_get("episode_closure");
	if (u.d)
		form_read(c, u.d, &u.v, &fe);
	if (fe.n) {
		close_page(c, eid, &a, &fe);
		return c->root ? view_render(c) : 0;
	}
	int rc = writer_run(close_unit, &u);
	if (rc < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld?done=closed", eid));
	return 0;
}

static void
reopen_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "form.tpl", "Reopen this episode");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", "Reopen this episode");
	tpl_set(p, "ACTION", arena_printf(c->a, "/episodes/%lld/reopen", eid));
	tpl_set(p, "SUBMIT", "Reopen episode");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", "Reopening needs a new consent statement from the family.");
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", arena_printf(c->a, "/episodes/%lld", eid));
	if (fe)
		view_form_errors(c, p, fe);
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "reason", .label = "Reason for reopening",
	    .value = view_value(c, "reason", ""), .fe = fe });
	consent_fields(c, p, "FIELD", fe, c->user->agency_id);
	(void)a;
}

/* GET /episodes/{id}/reopen -- manager of the team (closed episodes). */
int
episode_reopen_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!a.manager || strcmp(a.status, "closed")) {
		access_deny(c, "reopen", c->id[0]);
		return 0;
	}
	reopen_page(c, c->id[0], &a, NULL);
	return view_render(c);
}

/* POST /episodes/{id}/reopen -- manager of the team; needs a new consent statement. */
int
episode_reopen(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (!a.manager || strcmp(a.status, "closed")) {
		access_deny(c, "reopen", eid);
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct close_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr,
		.reopen = 1 };
	u.reason = valid_text(c, &fe, "reason", "reason for reopening", 2000, 1);
	consent_read(c, &u.consent, &fe);
	if (fe.n) {
		reopen_page(c, eid, &a, &fe);
		return view_render(c);
	}
	if (writer_run(close_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld?done=reopened", eid));
	return 0;
}

/* ---- transfer ---- */

static void
transfer_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "form.tpl", "Transfer this episode");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", "Transfer this episode");
	tpl_set(p, "ACTION", arena_printf(c->a, "/episodes/%lld/transfer", eid));
	tpl_set(p, "SUBMIT", "Request the transfer");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", arena_printf(c->a, "The new %s, or a manager of the new team, accepts "
	    "or declines the transfer. Access changes when it is accepted.", c->cfg->lead_title));
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", arena_printf(c->a, "/episodes/%lld", eid));
	if (fe)
		view_form_errors(c, p, fe);
	const char *const *leads = lead_opts(c, a->team_id, 0);
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "to_user",
	    .label = arena_printf(c->a, "New %s in this team", c->cfg->lead_title),
	    .hint = "Or choose another team below", .value = view_value(c, "to_user", ""),
	    .options = leads, .fe = fe });
	const char *const *teams = team_opts(c);
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "to_team", .label = "Or another team",
	    .value = view_value(c, "to_team", ""), .options = teams, .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "reason", .label = "Reason for the transfer",
	    .value = view_value(c, "reason", ""), .fe = fe });
}

/* GET /episodes/{id}/transfer -- lead or manager of the team. */
int
episode_transfer_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!(a.manager || a.lead) || strcmp(a.status, "open") || a.break_glass) {
		access_deny(c, "transfer", c->id[0]);
		return 0;
	}
	transfer_page(c, c->id[0], &a, NULL);
	return view_render(c);
}

struct xfer_unit {
	long long eid, to_user, to_team, by, tid;
	const char *reason, *now, *ip;
	int op;                 /* 0 request, 1 accept, 2 decline */
};

static int
xfer_unit(struct dbc *w, void *arg)
{
	struct xfer_unit *u = arg;
	sqlite3_stmt *st;
	if (u->op == 0) {
		st = db_prep(w, "UPDATE transfer SET status = 'cancelled' WHERE episode_id = ?1 AND status = 'pending'");
		db_bind_int(st, 1, u->eid);
		sqlite3_step(st);
		db_done(st);
		st = db_prep(w, "INSERT INTO transfer(episode_id, to_user, to_team, reason, status,"
		    " requested_by, requested_at) VALUES(?1, nullif(?2, 0), nullif(?3, 0), ?4, 'pending', ?5, ?6)");
		db_bind_int(st, 1, u->eid);
		db_bind_int(st, 2, u->to_user);
		db_bind_int(st, 3, u->to_team);
		db_bind_text(st, 4, u->reason);
		db_bind_int(st, 5, u->by);
		db_bind_text(st, 6, u->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		u->tid = sqlite3_last_insert_rowid(w->db);
	} else {
		st = db_prep(w, "UPDATE transfer SET status = ?2, decided_by = ?3, decided_at = ?4,"
		    " decline_reason = ?5 WHERE id = ?1 AND status = 'pending'"
		    " AND (SELECT status FROM episode WHERE id = transfer.episode_id) = 'open'");
		db_bind_int(st, 1, u->tid);
		db_bind_text(st, 2, u->op == 1 ? "accepted" : "declined");
		db_bind_int(st, 3, u->by);
		db_bind_text(st, 4, u->now);
		db_bind_text(st, 5, u->op == 2 ? u->reason : NULL);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
		if (u->op == 1) {
			/* The new lead (a transfer restarts the assessment clock). */
			st = db_prep(w, "UPDATE episode SET lead_id = CASE WHEN ?2 != 0 THEN ?2 ELSE lead_id END,"
			    " team_id = CASE WHEN ?3 != 0 THEN ?3 ELSE team_id END, lead_since = ?4,"
			    " updated_by = ?5, updated_at = ?4, version = version + 1 WHERE id = ?1");
			db_bind_int(st, 1, u->eid);
			db_bind_int(st, 2, u->to_user);
			db_bind_int(st, 3, u->to_team);
			db_bind_text(st, 4, u->now);
			db_bind_int(st, 5, u->by);
			sqlite3_step(st);
			db_done(st);
		}
	}
	struct audit_entry e = { .user_id = u->by, .action = u->op == 0 ? "transfer.request"
		: u->op == 1 ? "transfer.accept" : "transfer.decline", .record_type = "episode",
		.record_id = u->eid, .route = "transfer", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/transfer -- lead or manager of the team. */
int
episode_transfer(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (!(a.manager || a.lead) || strcmp(a.status, "open") || a.break_glass) {
		access_deny(c, "transfer", eid);
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct xfer_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	u.to_user = valid_id(req_form(c->req, "to_user"));
	u.to_team = valid_id(req_form(c->req, "to_team"));
	u.reason = valid_text(c, &fe, "reason", "reason for the transfer", 2000, 1);
	if (!u.to_user == !u.to_team)
		form_error(&fe, "to_user", arena_printf(c->a, u.to_user ? "Select a new %s or another team, not both"
		    : "Select a new %s or another team", c->cfg->lead_title));
	else if (u.to_user) {
		int ok = 0;
		for (const char *const *o = lead_opts(c, a.team_id, 0); o[0]; o += 2)
			if (*o[0] && valid_id(o[0]) == u.to_user && u.to_user != a.lead_id)
				ok = 1;
		if (!ok)
			form_error(&fe, "to_user", arena_printf(c->a, "Select a new %s from the list",
			    c->cfg->lead_title));
	} else if (u.to_team == a.team_id)
		form_error(&fe, "to_team", "Select a different team");
	else if (!team_offered(c, u.to_team))
		form_error(&fe, "to_team", "Select a team from the list");
	if (fe.n) {
		transfer_page(c, eid, &a, &fe);
		return view_render(c);
	}
	if (writer_run(xfer_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld?done=transfer", eid));
	return 0;
}

static int
transfer_decide(struct ctx *c, int accept)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id, coalesce(to_user, 0), coalesce(to_team, 0),"
	    " status FROM transfer WHERE id = ?1");
	db_bind_int(st, 1, c->id[0]);
	struct xfer_unit u = { .tid = c->id[0], .by = c->user->id, .ip = c->req->client_addr,
		.op = accept ? 1 : 2 };
	int pending = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		u.eid = sqlite3_column_int64(st, 0);
		u.to_user = sqlite3_column_int64(st, 1);
		u.to_team = sqlite3_column_int64(st, 2);
		pending = !strcmp(db_col_text(st, 3), "pending");
	}
	db_done(st);
	if (u.eid == 0)
		return 404;
	/* The receiver: the named practitioner, or a manager of the receiving team. */
	int receiver = (u.to_user && u.to_user == c->user->id) ||
	    (u.to_team && c->user->role == ROLE_MANAGER && c->user->team_id == u.to_team);
	if (!receiver) {
		access_deny(c, "transfer", u.eid);
		return 0;
	}
	if (!pending) {
		view_error(c, 409, "This transfer has already been decided.");
		return 0;
	}
	struct ep_access ea;
	if (access_episode(c, u.eid, &ea) < 0 || strcmp(ea.status, "open")) {
		view_error(c, 409, "This episode is no longer open, so the transfer cannot go ahead.");
		return 0;
	}
	if (!accept) {
		struct form_errors fe = { 0 };
		u.reason = valid_text(c, &fe, "reason", "reason for declining", 2000, 0);
	}
	char now[64];
	audit_now(now);
	u.now = now;
	if (writer_run(xfer_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, accept ? arena_printf(c->a, "/episodes/%lld?done=accepted", u.eid)
	    : "/?done=transfer-declined");
	return 0;
}

/* POST /transfers/{id}/accept -- the receiving practitioner or team manager. */
int
transfer_accept(struct ctx *c)
{
	return transfer_decide(c, 1);
}

/* POST /transfers/{id}/decline -- the receiving practitioner or team manager. */
int
transfer_decline(struct ctx *c)
{
	return transfer_decide(c, 0);
}

/* ---- break-glass ---- */

static int
bg_used_today(struct ctx *c)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT count(*) FROM break_glass WHERE user_id = ?1"
	    " AND started_at >= strftime('%s', 'now', 'start of day')");
	db_bind_int(st, 1, c->user->id);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	db_done(st);
	return n;
}

static void
bg_page(struct ctx *c, long long eid, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "form.tpl", "Break-glass access");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", "Break-glass access to this episode");
	tpl_set(p, "ACTION", arena_printf(c->a, "/episodes/%lld/break-glass", eid));
	tpl_set(p, "SUBMIT", "Open the episode under break-glass");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", arena_printf(c->a, "Use this only when a child may be at risk and you "
	    "cannot reach the %s or their manager. You will have read-only access for %ld minutes, "
	    "without printing. Your reason and every page you view are recorded, and managers review "
	    "each use. You have used break-glass %d of %ld times today.", c->cfg->lead_title,
	    c->cfg->break_glass_minutes, bg_used_today(c), c->cfg->break_glass_daily));
	if (fe)
		view_form_errors(c, p, fe);
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "reason",
	    .label = "Why you need access now", .value = view_value(c, "reason", ""), .fe = fe });
}

/* GET /episodes/{id}/break-glass -- designated safeguarding leads only. */
int
breakglass_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode(c, c->id[0], &a) < 0)
		return 404;
	if (!c->user->dsl) {
		access_deny(c, "break-glass: not a designated safeguarding lead", c->id[0]);
		return 0;
	}
	if (strcmp(a.status, "open")) {
		access_deny(c, "break-glass: episode not open", c->id[0]);
		return 0;
	}
	bg_page(c, c->id[0], NULL);
	return view_render(c);
}

struct bg_unit {
	long long uid, eid, now, until, id;
	const char *reason, *ip, *review, *note, *nowiso;
	int op;
};

static int
bg_unit(struct dbc *w, void *arg)
{
	struct bg_unit *u = arg;
	sqlite3_stmt *st;
	if (u->op == 0) {
		/* One episode at a time: any other break-glass of this user ends now. */
		st = db_prep(w, "UPDATE break_glass SET expires_at = ?2 WHERE user_id = ?1 AND expires_at > ?2");
		db_bind_int(st, 1, u->uid);
		db_bind_int(st, 2, u->now);
		sqlite3_step(st);
		db_done(st);
		st = db_prep(w, "INSERT INTO break_glass(user_id, episode_id, reason, started_at, expires_at)"
		    " VALUES(?1, ?2, ?3, ?4, ?5)");
		db_bind_int(st, 1, u->uid);
		db_bind_int(st, 2, u->eid);
		db_bind_text(st, 3, u->reason);
		db_bind_int(st, 4, u->now);
		db_bind_int(st, 5, u->until);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		u->id = sqlite3_last_insert_rowid(w->db);
	} else {
		st = db_prep(w, "UPDATE break_glass SET reviewed_by = ?2, review = ?3, review_note = ?4,"
		    " reviewed_at = ?5 WHERE id = ?1 AND review IS NULL AND user_id != ?2");
		db_bind_int(st, 1, u->id);
		db_bind_int(st, 2, u->uid);
		db_bind_text(st, 3, u->review);
		db_bind_text(st, 4, u->note);
		db_bind_text(st, 5, u->nowiso);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
	}
	struct audit_entry e = { .user_id = u->uid, .action = u->op == 0 ? "break-glass"
		: "break-glass.review", .record_type = "episode", .record_id = u->eid,
		.route = "break-glass", .ip = u->ip, .detail = u->op == 0 ? u->reason : u->review };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/break-glass -- designated safeguarding leads; reason required; quota. */
int
breakglass_post(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode(c, eid, &a) < 0)
		return 404;
	if (!c->user->dsl) {
		access_deny(c, "break-glass: not a designated safeguarding lead", eid);
		return 0;
	}
	if (strcmp(a.status, "open")) {
		access_deny(c, "break-glass: episode not open", eid);
		return 0;
	}
	struct form_errors fe = { 0 };
	struct bg_unit u = { .uid = c->user->id, .eid = eid, .now = (long long)time(NULL),
		.ip = c->req->client_addr };
	u.until = u.now + c->cfg->break_glass_minutes * 60;
	u.reason = valid_text(c, &fe, "reason", "reason you need access now", 2000, 1);
	if (fe.n == 0 && bg_used_today(c) >= c->cfg->break_glass_daily)
		form_error(&fe, "reason", arena_printf(c->a, "You have used break-glass %ld times today, the "
		    "most allowed. Contact the %s or their manager instead", c->cfg->break_glass_daily,
		    c->cfg->lead_title));
	if (fe.n) {
		bg_page(c, eid, &fe);
		return view_render(c);
	}
	if (writer_run(bg_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld", eid));
	return 0;
}

static const char *const review_opts[] = {
	"appropriate", "Appropriate", "not appropriate", "Not appropriate", NULL
};

/* The review form on a page of its own, when what was sent from the worktray needs correcting. */
static void
bg_review_page(struct ctx *c, long long id, const char *who, const char *reason, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "form.tpl", "Review a break-glass use");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", "Review a break-glass use");
	tpl_set(p, "ACTION", arena_printf(c->a, "/break-glass/%lld/review", id));
	tpl_set(p, "SUBMIT", "Record review");
	tpl_dict *in = tpl_section(p, "INTRO");
	tpl_set(in, "INTRO_TEXT", arena_printf(c->a, "%s used break-glass, giving the reason: %s", who, reason));
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", "/worktray?list=breakglass");
	view_form_errors(c, p, fe);
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "review", .label = "Was this use appropriate?",
	    .value = view_value(c, "review", ""), .options = review_opts, .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "note", .label = "Note (optional)",
	    .value = view_value(c, "note", ""), .maxlength = 2000, .fe = fe });
}

/*
 * POST /break-glass/{id}/review -- a manager of the episode's team or of the
 * user's team, never the user who broke the glass.
 */
int
breakglass_review(struct ctx *c)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT b.episode_id, e.team_id, coalesce(u.team_id, 0), b.user_id,"
	    " coalesce(nullif(u.display_name, ''), u.username), b.reason, b.review IS NOT NULL"
	    " FROM break_glass b JOIN episode e ON e.id = b.episode_id JOIN user u ON u.id = b.user_id"
	    " WHERE b.id = ?1");
	db_bind_int(st, 1, c->id[0]);
	long long eid = 0, eteam = 0, uteam = 0, user = 0;
	const char *who = "", *why = "";
	int reviewed = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		eid = sqlite3_column_int64(st, 0);
		eteam = sqlite3_column_int64(st, 1);
		uteam = sqlite3_column_int64(st, 2);
		user = sqlite3_column_int64(st, 3);
		who = arena_strdup(c->a, db_col_text(st, 4));
		why = arena_strdup(c->a, db_col_text(st, 5));
		reviewed = sqlite3_column_int(st, 6);
	}
	db_done(st);
	if (eid == 0)
		return 404;
	if (c->user->role != ROLE_MANAGER || !c->user->team_id ||
	    (c->user->team_id != eteam && c->user->team_id != uteam)) {
		access_deny(c, "break-glass review", eid);
		return 0;
	}
	if (user == c->user->id) {
		access_audit(c, "deny", "episode", eid, "break-glass review of one's own use");
		view_error(c, 403, "You cannot review your own use of break-glass. Another manager must review it.");
		return 0;
	}
	if (reviewed) {
		view_error(c, 409, "This use of break-glass has already been reviewed.");
		return 0;
	}
	struct form_errors fe = { 0 };
	const char *review = req_form(c->req, "review");
	int ok = 0;
	for (const char *const *o = review_opts; review && o[0]; o += 2)
		ok |= !strcmp(o[0], review);
	if (!ok)
		form_error(&fe, "review", "Select whether the use was appropriate");
	const char *note = valid_text(c, &fe, "note", "note", 2000, 0);
	if (fe.n) {
		bg_review_page(c, c->id[0], who, why, &fe);
		return view_render(c);
	}
	char now[64];
	audit_now(now);
	struct bg_unit u = { .uid = c->user->id, .eid = eid, .id = c->id[0], .op = 1, .review = review,
		.note = note, .nowiso = now, .ip = c->req->client_addr };
	int rc = writer_run(bg_unit, &u);
	if (rc < 0)
		return 500;
	if (rc > 0) {
		view_error(c, 409, "This use of break-glass has already been reviewed.");
		return 0;
	}
	response_redirect(c->resp, "/?done=reviewed");
	return 0;
}

