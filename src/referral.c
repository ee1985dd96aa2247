/*
 * referral.c -- work that arrives before or leaves an episode:
 *
 * Contacts: requests for support before any episode, with a decision
 * (advice and information, start an episode, refer to children's social
 * care, no further action).  Visible to the recorder, the managers of the
 * team it is assigned to and its assignee.
 *
 * Step-up: from an episode, its lead or a manager refers to children's
 * social care; the front door accepts or returns it.  Step-down: social
 * care refers a family into early help; a manager accepting it opens an
 * episode, allocated to a lead, with a consent statement, the referral's
 * information copied in.  A referral is visible to its sender's side and
 * the receiving front door, and shows the receiver only what it carries.
 *
 * Commissioning: the keyworker (lead) of an open episode asks for small
 * one-off funding once there is a completed assessment, a held meeting and
 * an open action; a manager of the team approves or rejects.  Pence only.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "episode.h"
#include "forms.h"
#include "referral.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

static const char *const decision_opts[] = {
	"advice", "Advice and information only", "episode", "Start an episode of early help",
	"refer", "Refer to children's social care", "none", "No further action", NULL
};
static const char *const urgency_opts[] = {
	"immediate", "Immediately: a child may be at risk of significant harm now",
	"within 24 hours", "Within 24 hours", "within a week", "Within a week", NULL
};

static const char *
label(const char *const *o, const char *v)
{
	for (; o[0]; o += 2)
		if (!strcmp(o[0], v))
			return o[1];
	return v;
}

static int
in(const char *const *o, const char *v)
{
	for (; v && o[0]; o += 2)
		if (!strcmp(o[0], v))
			return 1;
	return 0;
}

static void
safeguarding(struct ctx *c, tpl_dict *p)
{
	tpl_set(p, "SG_DAY", c->cfg->safeguarding_day);
	tpl_set(p, "SG_OOH", c->cfg->safeguarding_out_of_hours);
}

/* ---- contacts ---- */

/* GET /contacts -- practitioner, manager.  The contacts visible to you. */
int
contacts_get(struct ctx *c)
{
	tpl_dict *p = view_page(c, "contacts.tpl", "Contacts");
	sqlite3_stmt *st = db_prep(c->db, "SELECT x.id, x.about, x.received_on, t.name, coalesce(x.decision, '')"
	    " FROM contact x JOIN team t ON t.id = x.team_id WHERE x.recorded_by = ?1 OR x.assignee_id = ?1"
	    " OR (?2 = 'manager' AND x.team_id = ?3) ORDER BY x.decision IS NOT NULL, x.received_on DESC LIMIT 200");
	db_bind_int(st, 1, c->user->id);
	db_bind_text(st, 2, c->user->role == ROLE_MANAGER ? "manager" : "practitioner");
	db_bind_int(st, 3, c->user->team_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ROW");
		tpl_set(r, "ID", db_col_text(st, 0));
		tpl_set(r, "ABOUT", db_col_text(st, 1));
		tpl_set(r, "ON", view_date_words(c->a, db_col_text(st, 2)));
		tpl_set(r, "TEAM", db_col_text(st, 3));
		const char *d = db_col_text(st, 4);
		tpl_set(r, "DECISION", *d ? label(decision_opts, d) : "Awaiting a decision");
	}
	db_done(st);
	return view_render(c);
}

static const char *const *
team_list(struct ctx *c)
{
	const char **o = arena_alloc(c->a, sizeof *o * 204);
	int n = 0;
	o[n++] = "";
	o[n++] = "Select a team";
	sqlite3_stmt *st = db_prep(c->db, "SELECT t.id, t.name || ' (' || a.name || ')' FROM team t JOIN agency a"
	    " ON a.id = t.agency_id WHERE a.kind != 'childrens social care' AND EXISTS (SELECT 1 FROM user u"
	    " WHERE u.team_id = t.id AND u.role = 'manager' AND u.active = 1) ORDER BY 2 LIMIT 100");
	while (sqlite3_step(st) == SQLITE_ROW) {
		o[n++] = arena_strdup(c->a, db_col_text(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

static void
contact_form(struct ctx *c, long long pid, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "form.tpl", "Record a contact");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", "Record a contact");
	tpl_set(p, "ACTION", "/contacts/new");
	tpl_set(p, "SUBMIT", "Record the contact");
	tpl_dict *in_ = tpl_section(p, "INTRO");
	tpl_set(in_, "INTRO_TEXT", "A request for support received before there is any episode. A manager of the team decides what happens next.");
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", "/contacts");
	if (pid) {
		tpl_dict *h = tpl_section(p, "HIDDEN");
		tpl_set(h, "H_NAME", "person");
		tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", pid));
	}
	if (fe)
		view_form_errors(c, p, fe);
	char today[64];
	audit_now(today);
	today[10] = '\0';
	view_date(c, p, "FIELD", "on", "Date received", "For example, 27 3 2026", today, 0, fe);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "from_name", .label = "Who asked",
	    .value = view_value(c, "from_name", ""), .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "from_agency", .label = "Their agency or relationship to the family",
	    .hint = "For example, Northgate Primary School, or the child's grandmother", .value = view_value(c, "from_agency", ""), .fe = fe });
	const char *about = "";
	if (pid) {
		sqlite3_stmt *st = db_prep(c->db, "SELECT given_names || ' ' || family_name FROM person WHERE id = ?1");
		db_bind_int(st, 1, pid);
		if (sqlite3_step(st) == SQLITE_ROW)
			about = arena_strdup(c->a, db_col_text(st, 0));
		db_done(st);
	}
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "about", .label = "About whom",
	    .hint = "The child or family", .value = view_value(c, "about", about), .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "reason", .label = "Reason for the contact",
	    .value = view_value(c, "reason", ""), .maxlength = 4000, .fe = fe });
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "team", .label = "Team to decide",
	    .value = view_value(c, "team", c->user->team_id ? arena_printf(c->a, "%lld", c->user->team_id) : ""),
	    .options = team_list(c), .fe = fe });
}

/* GET /contacts/new -- practitioner, manager (?person=ID from a search result). */
int
contact_new(struct ctx *c)
{
	contact_form(c, valid_id(req_query(c->req, "person")), NULL);
	return view_render(c);
}

struct contact_unit {
	long long id, by, team, pid;
	const char *on, *from_name, *from_agency, *about, *reason, *now, *ip, *decision, *note;
	int op;
};

static int
contact_unit(struct dbc *w, void *arg)
{
	struct contact_unit *u = arg;
	sqlite3_stmt *st;
	if (u->op == 0) {
		st = db_prep(w, "INSERT INTO contact(received_on, from_agency, from_name, person_id, about, reason,"
		    " team_id, recorded_by, recorded_at) VALUES(?1, ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, ?8, ?9)");
		db_bind_text(st, 1, u->on);
		db_bind_text(st, 2, u->from_agency);
		db_bind_text(st, 3, u->from_name);
		db_bind_int(st, 4, u->pid);
		db_bind_text(st, 5, u->about);
		db_bind_text(st, 6, u->reason);
		db_bind_int(st, 7, u->team);
		db_bind_int(st, 8, u->by);
		db_bind_text(st, 9, u->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		u->id = sqlite3_last_insert_rowid(w->db);
	} else {
		st = db_prep(w, "UPDATE contact SET decision = ?2, decision_note = ?3, decided_by = ?4, decided_at = ?5,"
		    " version = version + 1 WHERE id = ?1 AND decision IS NULL");
		db_bind_int(st, 1, u->id);
		db_bind_text(st, 2, u->decision);
		db_bind_text(st, 3, u->note);
		db_bind_int(st, 4, u->by);
		db_bind_text(st, 5, u->now);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
	}
	struct audit_entry e = { .user_id = u->by, .action = u->op ? "contact.decide" : "contact.create",
		.record_type = "contact", .record_id = u->id, .route = "contacts", .ip = u->ip, .detail = u->decision };
	return audit_add(w, &e);
}

/* POST /contacts/new -- practitioner, manager.  303 to the contact. */
int
contact_create(struct ctx *c)
{
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct contact_unit u = { .by = c->user->id, .now = now, .ip = c->req->client_addr };
	u.pid = valid_id(req_form(c->req, "person"));
	if (u.pid && access_person(c, u.pid) < 0)
		u.pid = 0;
	u.on = valid_date3(c, &fe, "on", "Date received", 1, -1);
	u.from_name = valid_text(c, &fe, "from_name", "the name of who asked", 120, 1);
	u.from_agency = valid_text(c, &fe, "from_agency", "agency or relationship", 120, 1);
	u.about = valid_text(c, &fe, "about", "the name of the child or family", 200, 1);
	u.reason = valid_text(c, &fe, "reason", "reason for the contact", 4000, 1);
	u.team = valid_id(req_form(c->req, "team"));
	int ok = 0;
	for (const char *const *o = team_list(c) + 2; o[0]; o += 2)
		if (valid_id(o[0]) == u.team)
			ok = 1;
	if (!ok)
		form_error(&fe, "team", "Select the team to decide");
	if (fe.n) {
		contact_form(c, u.pid, &fe);
		return view_render(c);
	}
	if (writer_run(contact_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/contacts/%lld", u.id));
	return 0;
}

static int contact_page(struct ctx *, int can_decide, const struct form_errors *);

/* GET /contacts/{id} -- recorder, the team's managers, the assignee. */
int
contact_get(struct ctx *c)
{
	int can_decide;
	int ok = access_contact(c, c->id[0], &can_decide);
	if (ok < 0)
		return 404;
	if (!ok) {
		access_deny(c, "record", c->id[0]);
		return 0;
	}
	if (access_audit_view(c, "view", "contact", c->id[0], NULL) != 0)
		return 500;
	return contact_page(c, can_decide, NULL);
}

/* The contact c->id[0] (access checked and the view audited), with the decision form's errors if any. */
static int
contact_page(struct ctx *c, int can_decide, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "contact.tpl", "Contact");
	if (fe)
		view_form_errors(c, p, fe);
	sqlite3_stmt *st = db_prep(c->db, "SELECT x.received_on, x.from_name, x.from_agency, x.about, x.reason, t.name,"
	    " coalesce(x.decision, ''), x.decision_note, coalesce(x.person_id, 0), coalesce(nullif(r.display_name, ''),"
	    " r.username), coalesce(nullif(d.display_name, ''), d.username, '') FROM contact x JOIN team t ON t.id ="
	    " x.team_id JOIN user r ON r.id = x.recorded_by LEFT JOIN user d ON d.id = x.decided_by WHERE x.id = ?1");
	db_bind_int(st, 1, c->id[0]);
	long long pid = 0;
	const char *decision = "";
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_set(p, "ON", view_date_words(c->a, db_col_text(st, 0)));
		tpl_set(p, "FROM", arena_printf(c->a, "%s, %s", db_col_text(st, 1), db_col_text(st, 2)));
		tpl_set(p, "ABOUT", db_col_text(st, 3));
		tpl_set(p, "REASON", db_col_text(st, 4));
		tpl_set(p, "TEAM", db_col_text(st, 5));
		decision = arena_strdup(c->a, db_col_text(st, 6));
		tpl_set(p, "DECISION", *decision ? arena_printf(c->a, "%s, by %s%s%s", label(decision_opts, decision),
		    db_col_text(st, 10), *db_col_text(st, 7) ? ": " : "", db_col_text(st, 7)) : "Awaiting a decision");
		pid = sqlite3_column_int64(st, 8);
		tpl_set(p, "RECORDED_BY", db_col_text(st, 9));
	}
	db_done(st);
	tpl_set(p, "ID", arena_printf(c->a, "%lld", c->id[0]));
	if (!strcmp(decision, "episode")) {
		tpl_dict *n = tpl_section(p, "NEXT");
		tpl_set(n, "HREF", pid ? arena_printf(c->a, "/episodes/new?person=%lld", pid) : "/people");
		tpl_set(n, "TEXT", pid ? "Request the episode, with the family's consent" : "Find the person, then request the episode");
	}
	if (can_decide) {
		tpl_dict *d = tpl_section(p, "DECIDE");
		tpl_set(d, "ID", arena_printf(c->a, "%lld", c->id[0]));
		tpl_set(d, "CSRF", c->csrf);
		view_radios(d, &(struct fld){ .marker = "DFIELD", .name = "decision", .label = "Decision",
		    .value = view_value(c, "decision", ""), .options = decision_opts, .fe = fe });
		view_textarea(d, &(struct fld){ .marker = "DFIELD", .name = "note", .label = "Reason for the decision (optional)",
		    .value = view_value(c, "note", ""), .maxlength = 2000, .fe = fe });
	}
	safeguarding(c, p);
	return view_render(c);
}

/* POST /contacts/{id}/decide -- the team's managers or the assignee. */
int
contact_decide(struct ctx *c)
{
	int can_decide;
	int ok = access_contact(c, c->id[0], &can_decide);
	if (ok < 0)
		return 404;
	if (!ok || !can_decide) {
		access_deny(c, "contact decision", c->id[0]);
		return 0;
	}
	char now[64];
	audit_now(now);
	struct contact_unit u = { .id = c->id[0], .by = c->user->id, .now = now, .ip = c->req->client_addr, .op = 1 };
	u.decision = req_form(c->req, "decision");
	struct form_errors fe = { 0 };
	if (!in(decision_opts, u.decision))
		form_error(&fe, "decision", "Select a decision");
	u.note = valid_text(c, &fe, "note", "reason for the decision", 2000, 0);
	if (fe.n) {
		if (access_audit_view(c, "view", "contact", c->id[0], NULL) != 0)
			return 500;
		return contact_page(c, can_decide, &fe);
	}
	if (writer_run(contact_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/contacts/%lld", c->id[0]));
	return 0;
}

/* ---- referrals ---- */

static const char *const *
csc_agencies(struct ctx *c)
{
	const char **o = arena_alloc(c->a, sizeof *o * 44);
	int n = 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, name FROM agency WHERE kind = 'childrens social care' ORDER BY name LIMIT 20");
	while (sqlite3_step(st) == SQLITE_ROW) {
		o[n++] = arena_strdup(c->a, db_col_text(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

static void
stepup_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "referral_form.tpl", "Refer to children's social care");
	if (episode_head(c, p, eid, a, "overview") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	safeguarding(c, p);
	tpl_set(p, "HEADING", "Refer to children's social care (step up)");
	tpl_set(p, "ACTION", arena_printf(c->a, "/episodes/%lld/step-up", eid));
	tpl_set(p, "SUBMIT", "Send the referral");
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "agency", .label = "Front door",
	    .value = view_value(c, "agency", ""), .options = csc_agencies(c), .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "reason", .label = "Reason for the referral",
	    .hint = "What has happened and why you think a child may be at risk of harm", .value = view_value(c, "reason", ""),
	    .maxlength = 6000, .fe = fe });
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "urgency", .label = "How urgent",
	    .value = view_value(c, "urgency", ""), .options = urgency_opts, .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "info", .label = "Information shared with social care",
	    .hint = "Only this, the children's names and dates of birth go to social care", .value = view_value(c, "info", ""),
	    .maxlength = 8000, .fe = fe });
}

static int
can_step_up(const struct ep_access *a)
{
	/* Safeguarding needs no consent: the lead keeps this even after withdrawal. */
	return !strcmp(a->status, "open") && !a->break_glass && (a->manager || a->lead);
}

/* GET /episodes/{id}/step-up -- the lead or a manager of the team. */
int
stepup_get(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_READ, &a))
		return 0;
	if (!can_step_up(&a)) {
		access_deny(c, "step-up", c->id[0]);
		return 0;
	}
	stepup_page(c, c->id[0], &a, NULL);
	return c->root ? view_render(c) : 0;
}

struct ref_unit {
	long long id, eid, pid, agency, team, by, lead, new_eid;
	const char *dir, *reason, *urgency, *info, *now, *ip, *response;
	int op;             /* 0 send, 1 accept, 2 return */
	struct consent_in consent;
};

static int
ref_unit(struct dbc *w, void *arg)
{
	struct ref_unit *u = arg;
	sqlite3_stmt *st;
	const char *action;
	if (u->op == 0) {
		st = db_prep(w, "INSERT INTO referral(direction, episode_id, person_id, to_agency_id, to_team_id, reason,"
		    " urgency, info_shared, status, sent_by, sent_at) VALUES(?1, nullif(?2, 0), nullif(?3, 0), nullif(?4, 0),"
		    " nullif(?5, 0), ?6, ?7, ?8, 'sent', ?9, ?10)");
		db_bind_text(st, 1, u->dir);
		db_bind_int(st, 2, u->eid);
		db_bind_int(st, 3, u->pid);
		db_bind_int(st, 4, u->agency);
		db_bind_int(st, 5, u->team);
		db_bind_text(st, 6, u->reason);
		db_bind_text(st, 7, u->urgency);
		db_bind_text(st, 8, u->info);
		db_bind_int(st, 9, u->by);
		db_bind_text(st, 10, u->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		u->id = sqlite3_last_insert_rowid(w->db);
		action = !strcmp(u->dir, "up") ? "referral.step-up" : "referral.step-down";
	} else {
		if (u->op == 1 && u->lead) {
			/* Step-down accepted: an open episode allocated to the lead, with consent. */
			st = db_prep(w, "SELECT 1 FROM episode_person ep JOIN episode e ON e.id = ep.episode_id"
			    " WHERE ep.person_id = ?1 AND ep.role = 'child' AND e.status IN ('requested', 'open')");
			db_bind_int(st, 1, u->pid);
			int clash = sqlite3_step(st) == SQLITE_ROW;
			db_done(st);
			if (clash)
				return 2;
			st = db_prep(w, "INSERT INTO episode(team_id, lead_id, status, requested_by, requested_at, allocated_by,"
			    " allocated_at, lead_since, updated_by, updated_at) VALUES(?1, ?2, 'open', ?3, ?4, ?3, ?4, ?4, ?3, ?4)");
			db_bind_int(st, 1, u->team);
			db_bind_int(st, 2, u->lead);
			db_bind_int(st, 3, u->by);
			db_bind_text(st, 4, u->now);
			if (sqlite3_step(st) != SQLITE_DONE) {
				db_done(st);
				return -1;
			}
			db_done(st);
			u->new_eid = sqlite3_last_insert_rowid(w->db);
			st = db_prep(w, "INSERT INTO episode_person(episode_id, person_id, role) VALUES(?1, ?2, 'child')");
			db_bind_int(st, 1, u->new_eid);
			db_bind_int(st, 2, u->pid);
			sqlite3_step(st);
			db_done(st);
			if (consent_insert(w, u->new_eid, &u->consent, u->by, u->now) == 0)
				return -1;
			const struct form_def *d = form_get("episode_start");
			if (d) {
				struct form_values v;
				for (int i = 0; i < d->nq; i++)
					v.v[i] = !strcmp(d->q[i].name, "reason") ? u->reason : !strcmp(d->q[i].name, "needs")
					    ? "Other" : !strcmp(d->q[i].name, "referrer") ? "Children's social care (step-down)" : "";
				if (form_store(w, d, "episode.start", u->new_eid, &v) != 0)
					return -1;
			}
		}
		st = db_prep(w, "UPDATE referral SET status = ?2, response = ?3, decided_by = ?4, decided_at = ?5,"
		    " new_episode_id = nullif(?6, 0) WHERE id = ?1 AND status = 'sent'");
		db_bind_int(st, 1, u->id);
		db_bind_text(st, 2, u->op == 1 ? "accepted" : "returned");
		db_bind_text(st, 3, u->response ? u->response : "");
		db_bind_int(st, 4, u->by);
		db_bind_text(st, 5, u->now);
		db_bind_int(st, 6, u->new_eid);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
		action = u->op == 1 ? "referral.accept" : "referral.return";
	}
	struct audit_entry e = { .user_id = u->by, .action = action, .record_type = "referral", .record_id = u->id,
		.route = "referral", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/step-up -- the lead or a manager. */
int
stepup_post(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (!can_step_up(&a)) {
		access_deny(c, "step-up", eid);
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct ref_unit u = { .dir = "up", .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	u.agency = valid_id(req_form(c->req, "agency"));
	int ok = 0;
	for (const char *const *o = csc_agencies(c); o[0]; o += 2)
		if (valid_id(o[0]) == u.agency)
			ok = 1;
	if (!ok)
		form_error(&fe, "agency", "Select the front door");
	u.reason = valid_text(c, &fe, "reason", "reason for the referral", 6000, 1);
	u.urgency = req_form(c->req, "urgency");
	if (!in(urgency_opts, u.urgency))
		form_error(&fe, "urgency", "Select how urgent the referral is");
	u.info = valid_text(c, &fe, "info", "information shared with social care", 8000, 1);
	if (fe.n) {
		stepup_page(c, eid, &a, &fe);
		return c->root ? view_render(c) : 0;
	}
	if (writer_run(ref_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/referrals/%lld", u.id));
	return 0;
}

static void
stepdown_page(struct ctx *c, long long pid, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "referral_form.tpl", "Refer to early help");
	tpl_include(p, "HEAD", "_blank.tpl");
	if (fe)
		view_form_errors(c, p, fe);
	safeguarding(c, p);
	tpl_set(p, "HEADING", "Refer a family to early help (step down)");
	tpl_set(p, "ACTION", "/referrals/new");
	tpl_set(p, "SUBMIT", "Send the referral");
	tpl_dict *h = tpl_section(p, "HIDDEN");
	tpl_set(h, "H_NAME", "person");
	tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", pid));
	sqlite3_stmt *st = db_prep(c->db, "SELECT given_names || ' ' || family_name FROM person WHERE id = ?1");
	db_bind_int(st, 1, pid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *cap = tpl_section(p, "CAPTION");
		tpl_set(cap, "CAPTION_TEXT", db_col_text(st, 0));
	}
	db_done(st);
	view_select(p, &(struct fld){ .marker = "FIELD", .name = "team", .label = "Early help team",
	    .value = view_value(c, "team", ""), .options = team_list(c), .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "reason", .label = "Reason for the referral",
	    .value = view_value(c, "reason", ""), .maxlength = 6000, .fe = fe });
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "urgency", .label = "How urgent",
	    .value = view_value(c, "urgency", ""), .options = urgency_opts, .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "info", .label = "Information shared with early help",
	    .value = view_value(c, "info", ""), .maxlength = 8000, .fe = fe });
}

/* Is the person a child (unborn, or under 18 by date of birth or estimated age)? */
static int
is_child(struct ctx *c, long long pid)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT unborn = 1 OR (dob IS NOT NULL AND dob > date('now', '-18 years'))"
	    " OR (dob IS NULL AND estimated_age < 18) FROM person WHERE id = ?1");
	db_bind_int(st, 1, pid);
	int child = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
	db_done(st);
	return child;
}

static const char not_child[] = "Only a child can be referred to early help. Find the child's record, then refer "
    "the family from there.";

/* GET /referrals/new?person=ID -- children's social care users only (step down). */
int
stepdown_get(struct ctx *c)
{
	long long pid = valid_id(req_query(c->req, "person"));
	if (!access_is_csc(c)) {
		access_deny(c, "step-down: not children's social care", pid);
		return 0;
	}
	if (pid == 0 || access_person(c, pid) < 0)
		return 404;
	if (!is_child(c, pid)) {
		view_error(c, 400, not_child);
		return 0;
	}
	/* The form names the child: that is a view of the person, and audited. */
	if (access_audit_view(c, "view", "person", pid, "step-down form") != 0)
		return 500;
	stepdown_page(c, pid, NULL);
	return view_render(c);
}

/* POST /referrals/new -- children's social care users only. */
int
stepdown_post(struct ctx *c)
{
	long long pid = valid_id(req_form(c->req, "person"));
	if (!access_is_csc(c)) {
		access_deny(c, "step-down: not children's social care", pid);
		return 0;
	}
	if (pid == 0 || access_person(c, pid) < 0)
		return 404;
	if (!is_child(c, pid)) {
		view_error(c, 400, not_child);
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct ref_unit u = { .dir = "down", .pid = pid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	u.team = valid_id(req_form(c->req, "team"));
	int ok = 0;
	for (const char *const *o = team_list(c) + 2; o[0]; o += 2)
		if (valid_id(o[0]) == u.team)
			ok = 1;
	if (!ok)
		form_error(&fe, "team", "Select the early help team");
	u.reason = valid_text(c, &fe, "reason", "reason for the referral", 6000, 1);
	u.urgency = req_form(c->req, "urgency");
	if (!in(urgency_opts, u.urgency))
		form_error(&fe, "urgency", "Select how urgent the referral is");
	u.info = valid_text(c, &fe, "info", "information shared with early help", 8000, 1);
	if (fe.n) {
		stepdown_page(c, pid, &fe);
		return view_render(c);
	}
	if (writer_run(ref_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/referrals/%lld", u.id));
	return 0;
}

/* GET /referrals -- practitioner, manager.  Referrals you sent and those awaiting your front door. */
int
referrals_get(struct ctx *c)
{
	tpl_dict *p = view_page(c, "referrals.tpl", "Referrals");
	safeguarding(c, p);
	/* The candidates (yours, your episodes', your front door's); access_referral decides. */
	sqlite3_stmt *st = db_prep(c->db, "SELECT r.id FROM referral r WHERE r.sent_by = ?1"
	    " OR r.episode_id IN (SELECT id FROM episode WHERE lead_id = ?1 OR (?4 AND team_id = ?3))"
	    " OR (?4 AND r.direction = 'up' AND r.to_agency_id = ?2)"
	    " OR (?4 AND r.direction = 'down' AND (r.to_team_id = ?3"
	    " OR r.sent_by IN (SELECT id FROM user WHERE agency_id = ?2)))"
	    " ORDER BY r.status != 'sent', r.id DESC LIMIT 500");
	db_bind_int(st, 1, c->user->id);
	db_bind_int(st, 2, c->user->agency_id);
	db_bind_int(st, 3, c->user->team_id ? c->user->team_id : -1);
	db_bind_int(st, 4, c->user->role == ROLE_MANAGER);
	long long ids[500];
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < 500)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	for (int i = 0; i < n; i++) {
		struct ref_access r;
		int side = access_referral(c, ids[i], &r);
		if (side <= 0)
			continue;
		tpl_dict *row = tpl_section(p, "ROW");
		tpl_set(row, "ID", arena_printf(c->a, "%lld", r.id));
		tpl_set(row, "DIR", !strcmp(r.dir, "up") ? "Step up to social care" : "Step down to early help");
		tpl_set(row, "SIDE", side == 1 ? "Sent" : "Received");
		tpl_set(row, "STATUS", !strcmp(r.status, "sent") ? "Awaiting a decision" : !strcmp(r.status, "accepted")
		    ? "Accepted" : "Returned");
	}
	return view_render(c);
}

static void
referral_page(struct ctx *c, const struct ref_access *r, int side, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "referral.tpl", "Referral");
	if (fe)
		view_form_errors(c, p, fe);
	safeguarding(c, p);
	tpl_set(p, "ID", arena_printf(c->a, "%lld", r->id));
	tpl_set(p, "DIR", !strcmp(r->dir, "up") ? "Step up to children's social care" : "Step down to early help");
	sqlite3_stmt *st = db_prep(c->db, "SELECT reason, urgency, info_shared, status, response, sent_at,"
	    " coalesce(nullif(u.display_name, ''), u.username) FROM referral JOIN user u ON u.id = sent_by WHERE referral.id = ?1");
	db_bind_int(st, 1, r->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_set(p, "REASON", db_col_text(st, 0));
		tpl_set(p, "URGENCY", label(urgency_opts, db_col_text(st, 1)));
		tpl_set(p, "INFO", db_col_text(st, 2));
		tpl_set(p, "STATUS", !strcmp(r->status, "sent") ? "Awaiting a decision" : !strcmp(r->status, "accepted")
		    ? "Accepted" : "Returned");
		if (*db_col_text(st, 4)) {
			tpl_dict *rs = tpl_section(p, "RESPONSE");
			tpl_set(rs, "TEXT", db_col_text(st, 4));
		}
		tpl_set(p, "SENT", arena_printf(c->a, "%s by %s", view_datetime_words(c->a, db_col_text(st, 5)), db_col_text(st, 6)));
	}
	db_done(st);
	/* The children it carries: names and dates of birth only. */
	st = r->eid ? db_prep(c->db, "SELECT p.given_names || ' ' || p.family_name, coalesce(p.dob, '') FROM"
	    " episode_person ep JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = ?1 AND ep.role = 'child'")
	    : db_prep(c->db, "SELECT given_names || ' ' || family_name, coalesce(dob, '') FROM person WHERE id = ?1");
	db_bind_int(st, 1, r->eid ? r->eid : r->pid);
	/* A sender of a step-down who may not open the child sees what search would show: the year. */
	int year_only = !r->eid && side == 1 && access_person(c, r->pid) < ACCESS_READ;
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *ch = tpl_section(p, "CHILD");
		tpl_set(ch, "NAME", db_col_text(st, 0));
		const char *dob = db_col_text(st, 1);
		tpl_set(ch, "BORN", !*dob ? "Not known" : year_only ? arena_printf(c->a, "%.4s", dob)
		    : view_date_words(c->a, dob));
	}
	db_done(st);
	if (side == 1 && r->eid) {
		tpl_dict *l = tpl_section(p, "EPISODE");
		tpl_set(l, "HREF", arena_printf(c->a, "/episodes/%lld", r->eid));
	}
	if (r->new_eid) {
		struct ep_access a;
		if (access_episode(c, r->new_eid, &a) == 0 && a.level >= ACCESS_READ) {
			tpl_dict *l = tpl_section(p, "NEW_EPISODE");
			tpl_set(l, "HREF", arena_printf(c->a, "/episodes/%lld", r->new_eid));
		}
	}
	if (side == 2 && !strcmp(r->status, "sent")) {
		tpl_dict *d = tpl_section(p, "DECIDE");
		tpl_set(d, "ID", arena_printf(c->a, "%lld", r->id));
		tpl_set(d, "CSRF", c->csrf);
		if (!strcmp(r->dir, "down")) {
			tpl_dict *dn = tpl_section(d, "DOWN");
			const char **o = arena_alloc(c->a, sizeof *o * 204);
			int n = 0;
			o[n++] = "";
			o[n++] = "Select a practitioner";
			sqlite3_stmt *s2 = db_prep(c->db, "SELECT id, coalesce(nullif(display_name, ''), username) FROM user"
			    " WHERE team_id = ?1 AND active = 1 AND role != 'admin' ORDER BY 2 LIMIT 100");
			db_bind_int(s2, 1, r->team);
			while (sqlite3_step(s2) == SQLITE_ROW) {
				o[n++] = arena_strdup(c->a, db_col_text(s2, 0));
				o[n++] = arena_strdup(c->a, db_col_text(s2, 1));
			}
			db_done(s2);
			o[n] = NULL;
			view_select(dn, &(struct fld){ .marker = "LFIELD", .name = "lead", .label = c->cfg->lead_title,
			    .value = view_value(c, "lead", ""), .options = o, .fe = fe });
			consent_fields(c, dn, "LFIELD", fe, c->user->agency_id);
		}
		view_input(d, &(struct fld){ .marker = "RFIELD", .name = "response", .label = "Reason for returning it",
		    .value = view_value(c, "response", ""), .fe = fe });
	}
}

/* GET /referrals/{id} -- the sending side or the receiving front door. */
int
referral_get(struct ctx *c)
{
	struct ref_access r;
	int side = access_referral(c, c->id[0], &r);
	if (side < 0)
		return 404;
	if (side == 0) {
		access_deny(c, "record", c->id[0]);
		return 0;
	}
	if (access_audit_view(c, "view", "referral", r.id, NULL) != 0)
		return 500;
	referral_page(c, &r, side, NULL);
	return view_render(c);
}

static int
referral_decide(struct ctx *c, int accept)
{
	struct ref_access r;
	int side = access_referral(c, c->id[0], &r);
	if (side < 0)
		return 404;
	if (side != 2) {
		access_deny(c, "referral decision", c->id[0]);
		return 0;
	}
	if (strcmp(r.status, "sent")) {
		view_error(c, 409, "This referral has already been decided.");
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct ref_unit u = { .id = r.id, .pid = r.pid, .team = r.team, .by = c->user->id, .now = now,
		.ip = c->req->client_addr, .op = accept ? 1 : 2 };
	if (!accept)
		u.response = valid_text(c, &fe, "response", "reason for returning it", 2000, 1);
	else if (!strcmp(r.dir, "down")) {
		u.lead = valid_id(req_form(c->req, "lead"));
		sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM user WHERE id = ?1 AND team_id = ?2 AND active = 1");
		db_bind_int(st, 1, u.lead);
		db_bind_int(st, 2, r.team);
		if (sqlite3_step(st) != SQLITE_ROW)
			form_error(&fe, "lead", arena_printf(c->a, "Select the %s", c->cfg->lead_title));
		db_done(st);
		consent_read(c, &u.consent, &fe);
		sqlite3_stmt *s2 = db_prep(c->db, "SELECT reason FROM referral WHERE id = ?1");
		db_bind_int(s2, 1, r.id);
		if (sqlite3_step(s2) == SQLITE_ROW)
			u.reason = arena_strdup(c->a, db_col_text(s2, 0));
		db_done(s2);
	}
	if (fe.n) {
		referral_page(c, &r, side, &fe);
		return view_render(c);
	}
	int rc = writer_run(ref_unit, &u);
	if (rc == 2) {
		view_error(c, 409, "This child already has an open or requested early help episode: contact its team.");
		return 0;
	}
	if (rc < 0)
		return 500;
	response_redirect(c->resp, u.new_eid ? arena_printf(c->a, "/episodes/%lld", u.new_eid)
	    : arena_printf(c->a, "/referrals/%lld", r.id));
	return 0;
}

/* POST /referrals/{id}/accept -- the receiving front door. */
int referral_accept(struct ctx *c) { return referral_decide(c, 1); }
/* POST /referrals/{id}/return -- the receiving front door, with a reason. */
int referral_return(struct ctx *c) { return referral_decide(c, 0); }

/* ---- commissioning ---- */

long long
parse_pence(const char *typed, long long max, const char **msg)
{
	static const char bad[] = "Enter the amount in pounds and pence, like 12.50";
	const char *p = typed ? typed : "", *e = p + strlen(p);
	*msg = NULL;
	while (p < e && isspace((unsigned char)*p))
		p++;
	while (e > p && isspace((unsigned char)e[-1]))
		e--;
	if (p == e) {
		*msg = "Enter the amount";
		return -1;
	}
	/* An optional pound sign, then pounds (commas only between groups of three), then up to 2 pence digits. */
	if (e - p >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA3) {
		p += 2;
		while (p < e && *p == ' ')
			p++;
	}
	if (p < e && *p == '-') {
		*msg = "Amount must be more than £0";
		return -1;
	}
	long long pounds = 0;
	int digits = 0, group = 0, commas = 0, big = 0;
	for (; p < e && (isdigit((unsigned char)*p) || *p == ','); p++) {
		if (*p == ',') {
			if (commas ? group != 3 : group < 1 || group > 3)
				goto malformed;
			commas++;
			group = 0;
			continue;
		}
		if (pounds >= 1000000000LL)
			big = 1;
		else
			pounds = pounds * 10 + (*p - '0');
		digits++;
		group++;
	}
	if (commas && group != 3)
		goto malformed;
	long long pence = 0;
	if (p < e && *p == '.') {
		int pd = 0;
		for (p++; p < e && isdigit((unsigned char)*p); p++, pd++) {
			if (pd == 2)
				goto malformed;
			pence = pence * 10 + (*p - '0');
		}
		if (pd == 0)
			goto malformed;
		if (pd == 1)
			pence *= 10;
	} else if (digits == 0)
		goto malformed;
	if (p != e)
		goto malformed;
	if (big) {
		*msg = "Amount is too large";
		return -1;
	}
	long long total = pounds * 100 + pence;
	if (total <= 0) {
		*msg = "Amount must be more than £0";
		return -1;
	}
	if (total > max) {
		*msg = "over";
		return -1;
	}
	return total;
malformed:
	*msg = bad;
	return -1;
}

/* What is missing before a request can be made ("" when nothing). */
static const char *
prerequisites(struct ctx *c, long long eid)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT EXISTS (SELECT 1 FROM assessment WHERE episode_id = ?1 AND status ="
	    " 'completed'), EXISTS (SELECT 1 FROM meeting WHERE episode_id = ?1 AND status = 'held'), EXISTS (SELECT 1"
	    " FROM action WHERE episode_id = ?1 AND removed = 0 AND status IN ('not started', 'on track'))");
	db_bind_int(st, 1, eid);
	struct buf b;
	buf_init(&b, c->a);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (!sqlite3_column_int(st, 0))
			buf_puts(&b, "a completed assessment");
		if (!sqlite3_column_int(st, 1))
			buf_printf(&b, "%sa held team around the family meeting", b.len ? ", " : "");
		if (!sqlite3_column_int(st, 2))
			buf_printf(&b, "%san action plan with at least one open action", b.len ? ", " : "");
	}
	db_done(st);
	return buf_cstr(&b);
}

static const char *const *
open_actions(struct ctx *c, long long eid)
{
	const char **o = arena_alloc(c->a, sizeof *o * 104);
	int n = 0;
	o[n++] = "";
	o[n++] = "Select the outcome it serves";
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, need || ': ' || what FROM action WHERE episode_id = ?1 AND removed = 0"
	    " AND status IN ('not started', 'on track') ORDER BY id LIMIT 50");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		o[n++] = arena_strdup(c->a, db_col_text(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

static void
commission_page(struct ctx *c, long long eid, const struct ep_access *a, const struct form_errors *fe,
    const char *missing)
{
	tpl_dict *p = view_page(c, "commission_form.tpl", c->cfg->commission_name);
	if (episode_head(c, p, eid, a, "meetings") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "NAME", c->cfg->commission_name);
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	if (missing && *missing) {
		tpl_dict *m = tpl_section(p, "MISSING");
		tpl_set(m, "TEXT", arena_printf(c->a, "You cannot make a request yet. The episode needs %s.", missing));
		return;
	}
	tpl_dict *f = tpl_section(p, "FORM");
	tpl_set(f, "EID", arena_printf(c->a, "%lld", eid));
	tpl_set(f, "CSRF", c->csrf);
	view_input(f, &(struct fld){ .marker = "FIELD", .name = "goods", .label = "Goods or services",
	    .value = view_value(c, "goods", ""), .fe = fe });
	view_input(f, &(struct fld){ .marker = "FIELD", .name = "supplier", .label = "Supplier",
	    .value = view_value(c, "supplier", ""), .fe = fe });
	view_input(f, &(struct fld){ .marker = "FIELD", .name = "amount", .label = "Amount",
	    .hint = arena_printf(c->a, "In pounds and pence, up to £%ld.%02ld", c->cfg->commission_max_pence / 100,
	        c->cfg->commission_max_pence % 100), .value = view_value(c, "amount", ""),
	    .cls = " govuk-input--width-10", .fe = fe });
	view_select(f, &(struct fld){ .marker = "FIELD", .name = "action", .label = "Which plan outcome it serves",
	    .value = view_value(c, "action", ""), .options = open_actions(c, eid), .fe = fe });
	view_textarea(f, &(struct fld){ .marker = "FIELD", .name = "why", .label = "Why it is needed",
	    .value = view_value(c, "why", ""), .maxlength = 2000, .fe = fe });
}

/* GET /episodes/{id}/requests -- the keyworker (lead) of an open episode. */
int
commission_new(struct ctx *c)
{
	struct ep_access a;
	if (access_episode_require(c, c->id[0], ACCESS_WRITE, &a))
		return 0;
	if (!a.lead || a.break_glass) {
		access_deny(c, "commissioning: only the keyworker", c->id[0]);
		return 0;
	}
	commission_page(c, c->id[0], &a, NULL, prerequisites(c, c->id[0]));
	return c->root ? view_render(c) : 0;
}

struct com_unit {
	long long id, eid, by, amount, action;
	const char *goods, *supplier, *why, *now, *ip, *reason;
	int op;             /* 0 create, 1 approve, 2 reject */
};

static int
com_unit(struct dbc *w, void *arg)
{
	struct com_unit *u = arg;
	sqlite3_stmt *st;
	if (u->op == 0) {
		st = db_prep(w, "INSERT INTO commission(episode_id, keyworker_id, goods, supplier, amount_pence, action_id,"
		    " why, status, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8)");
		db_bind_int(st, 1, u->eid);
		db_bind_int(st, 2, u->by);
		db_bind_text(st, 3, u->goods);
		db_bind_text(st, 4, u->supplier);
		db_bind_int(st, 5, u->amount);
		db_bind_int(st, 6, u->action);
		db_bind_text(st, 7, u->why);
		db_bind_text(st, 8, u->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
		db_done(st);
		u->id = sqlite3_last_insert_rowid(w->db);
	} else {
		st = db_prep(w, "UPDATE commission SET status = ?2, decided_by = ?3, decided_at = ?4, decision_reason = ?5"
		    " WHERE id = ?1 AND status = 'pending'");
		db_bind_int(st, 1, u->id);
		db_bind_text(st, 2, u->op == 1 ? "approved" : "rejected");
		db_bind_int(st, 3, u->by);
		db_bind_text(st, 4, u->now);
		db_bind_text(st, 5, u->reason ? u->reason : "");
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
	}
	char d[64];
	snprintf(d, sizeof d, "%lld pence", u->amount);
	struct audit_entry e = { .user_id = u->by, .action = u->op == 0 ? "commission.request" : u->op == 1
		? "commission.approve" : "commission.reject", .record_type = "commission", .record_id = u->id,
		.route = "requests", .ip = u->ip, .detail = u->op == 0 ? d : u->reason };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/requests -- the keyworker; prerequisites re-checked. */
int
commission_create(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	if (!a.lead || a.break_glass) {
		access_deny(c, "commissioning: only the keyworker", eid);
		return 0;
	}
	const char *missing = prerequisites(c, eid);
	if (*missing) {
		commission_page(c, eid, &a, NULL, missing);
		return c->root ? view_render(c) : 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct com_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	u.goods = valid_text(c, &fe, "goods", "goods or services", 300, 1);
	u.supplier = valid_text(c, &fe, "supplier", "supplier", 200, 1);
	const char *msg;
	u.amount = parse_pence(req_form(c->req, "amount"), c->cfg->commission_max_pence, &msg);
	if (u.amount < 0)
		form_error(&fe, "amount", !strcmp(msg, "over") ? arena_printf(c->a, "Amount must be £%ld.%02ld or less",
		    c->cfg->commission_max_pence / 100, c->cfg->commission_max_pence % 100) : msg);
	u.action = valid_id(req_form(c->req, "action"));
	int ok = 0;
	for (const char *const *o = open_actions(c, eid) + 2; o[0]; o += 2)
		if (valid_id(o[0]) == u.action)
			ok = 1;
	if (!ok)
		form_error(&fe, "action", "Select the plan outcome it serves");
	u.why = valid_text(c, &fe, "why", "reason it is needed", 2000, 1);
	if (fe.n) {
		commission_page(c, eid, &a, &fe, NULL);
		return c->root ? view_render(c) : 0;
	}
	if (writer_run(com_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/requests/%lld", u.id));
	return 0;
}

/* GET /requests -- practitioner, manager.  Your requests, those awaiting you, and the team's totals. */
int
requests_get(struct ctx *c)
{
	tpl_dict *p = view_page(c, "requests.tpl", c->cfg->commission_name);
	tpl_set(p, "NAME", c->cfg->commission_name);
	/* The candidates; access_commission decides each (a keyworker no longer on the case sees it no more). */
	sqlite3_stmt *st = db_prep(c->db, "SELECT r.id, r.goods, r.amount_pence, r.status, r.created_at FROM commission r"
	    " JOIN episode e ON e.id = r.episode_id WHERE r.keyworker_id = ?1 OR e.lead_id = ?1"
	    " OR (?2 = 'manager' AND e.team_id = ?3) ORDER BY r.status != 'pending', r.id DESC LIMIT 200");
	db_bind_int(st, 1, c->user->id);
	db_bind_text(st, 2, c->user->role == ROLE_MANAGER ? "manager" : "practitioner");
	db_bind_int(st, 3, c->user->team_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long eid;
		const char *status;
		if (access_commission(c, sqlite3_column_int64(st, 0), &eid, &status) <= 0)
			continue;
		tpl_dict *r = tpl_section(p, "ROW");
		tpl_set(r, "ID", db_col_text(st, 0));
		tpl_set(r, "GOODS", db_col_text(st, 1));
		long long pence = sqlite3_column_int64(st, 2);
		tpl_set(r, "AMOUNT", arena_printf(c->a, "£%lld.%02lld", pence / 100, pence % 100));
		const char *s = db_col_text(st, 3);
		tpl_set(r, "STATUS", !strcmp(s, "pending") ? "Awaiting approval" : !strcmp(s, "approved") ? "Approved" : "Rejected");
		tpl_set(r, "ON", view_date_words(c->a, db_col_text(st, 4)));
	}
	db_done(st);
	if (c->user->role == ROLE_MANAGER && c->user->team_id) {
		/* Approved totals per financial year (1 April to 31 March). */
		st = db_prep(c->db, "SELECT CASE WHEN substr(r.decided_at, 6, 2) >= '04' THEN substr(r.decided_at, 1, 4)"
		    " ELSE substr(r.decided_at, 1, 4) - 1 END AS fy, sum(r.amount_pence), count(*) FROM commission r"
		    " JOIN episode e ON e.id = r.episode_id WHERE r.status = 'approved' AND e.team_id = ?1"
		    " GROUP BY fy ORDER BY fy DESC");
		db_bind_int(st, 1, c->user->team_id);
		tpl_dict *tt = tpl_section(p, "TOTALS");
		tpl_set(tt, "TEAM", c->user->team_name);
		while (sqlite3_step(st) == SQLITE_ROW) {
			tpl_dict *r = tpl_section(tt, "YEAR");
			int fy = sqlite3_column_int(st, 0);
			tpl_set(r, "FY", arena_printf(c->a, "April %d to March %d", fy, fy + 1));
			long long pence = sqlite3_column_int64(st, 1);
			tpl_set(r, "SUM", arena_printf(c->a, "£%lld.%02lld", pence / 100, pence % 100));
			tpl_set_int(r, "COUNT", sqlite3_column_int(st, 2));
		}
		db_done(st);
	}
	return view_render(c);
}

static int request_page(struct ctx *, int side, const char *status, const struct form_errors *);

/* GET /requests/{id} -- the keyworker or the approving managers. */
int
request_get(struct ctx *c)
{
	long long eid = 0;
	const char *status = "";
	int side = access_commission(c, c->id[0], &eid, &status);
	if (side < 0)
		return 404;
	if (side == 0) {
		access_deny(c, "record", c->id[0]);
		return 0;
	}
	if (access_audit_view(c, "view", "commission", c->id[0], NULL) != 0)
		return 500;
	return request_page(c, side, status, NULL);
}

/* The request c->id[0] (access checked, the view audited), with the rejection form's errors if any. */
static int
request_page(struct ctx *c, int side, const char *status, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "request.tpl", c->cfg->commission_name);
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "NAME", c->cfg->commission_name);
	tpl_set(p, "ID", arena_printf(c->a, "%lld", c->id[0]));
	sqlite3_stmt *st = db_prep(c->db, "SELECT r.goods, r.supplier, r.amount_pence, a.need || ': ' || a.what, r.why,"
	    " r.status, r.decision_reason, coalesce(nullif(k.display_name, ''), k.username) FROM commission r"
	    " JOIN action a ON a.id = r.action_id JOIN user k ON k.id = r.keyworker_id WHERE r.id = ?1");
	db_bind_int(st, 1, c->id[0]);
	if (sqlite3_step(st) == SQLITE_ROW) {
		tpl_set(p, "GOODS", db_col_text(st, 0));
		tpl_set(p, "SUPPLIER", db_col_text(st, 1));
		long long pence = sqlite3_column_int64(st, 2);
		tpl_set(p, "AMOUNT", arena_printf(c->a, "£%lld.%02lld", pence / 100, pence % 100));
		tpl_set(p, "OUTCOME", db_col_text(st, 3));
		tpl_set(p, "WHY", db_col_text(st, 4));
		const char *s = db_col_text(st, 5);
		tpl_set(p, "STATUS", !strcmp(s, "pending") ? "Awaiting approval" : !strcmp(s, "approved") ? "Approved" : "Rejected");
		if (*db_col_text(st, 6)) {
			tpl_dict *r = tpl_section(p, "REASON");
			tpl_set(r, "TEXT", db_col_text(st, 6));
		}
		tpl_set(p, "KEYWORKER", db_col_text(st, 7));
	}
	db_done(st);
	if (side == 2 && !strcmp(status, "pending")) {
		tpl_dict *d = tpl_section(p, "DECIDE");
		tpl_set(d, "ID", arena_printf(c->a, "%lld", c->id[0]));
		tpl_set(d, "CSRF", c->csrf);
		view_textarea(d, &(struct fld){ .marker = "RFIELD", .name = "reason", .label = "Reason for rejecting",
		    .hint = "The keyworker sees this reason", .value = view_value(c, "reason", ""), .maxlength = 2000,
		    .fe = fe });
	}
	return view_render(c);
}

static int
request_decide(struct ctx *c, int approve)
{
	long long eid = 0;
	const char *status = "";
	int side = access_commission(c, c->id[0], &eid, &status);
	if (side < 0)
		return 404;
	if (side != 2) {
		access_deny(c, "commissioning: only the approving managers", c->id[0]);
		return 0;
	}
	if (strcmp(status, "pending")) {
		view_error(c, 409, "This request has already been decided.");
		return 0;
	}
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct com_unit u = { .id = c->id[0], .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr,
		.op = approve ? 1 : 2 };
	/* Approving takes no reason; rejecting needs one. */
	u.reason = approve ? NULL : valid_text(c, &fe, "reason", "reason for rejecting", 2000, 1);
	if (fe.n) {
		if (access_audit_view(c, "view", "commission", c->id[0], NULL) != 0)
			return 500;
		return request_page(c, side, status, &fe);
	}
	if (writer_run(com_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/requests/%lld", c->id[0]));
	return 0;
}

/* POST /requests/{id}/approve -- a manager of the episode's team. */
int request_approve(struct ctx *c) { return request_decide(c, 1); }
/* POST /requests/{id}/reject -- a manager of the episode's team, with a reason. */
int request_reject(struct ctx *c) { return request_decide(c, 0); }
