/*
 * assessment.c -- the Early Help Assessment (or the council's equivalent,
 * chosen in config.ini) as a task list of sections, each saved on its own;
 * check your answers; completion; read-only afterwards; a reassessment
 * starts from a copy of the previous answers; distance travelled compares
 * the domain scores.  Answers are stored under the definition version they
 * were given in (forms.c), so an assessment always shows as it was asked.
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

#define MAX_SECTIONS 32

struct asmt {
	long long id, eid, def_id, previous_id;
	const char *status, *started_at, *completed_at;
	const struct form_def *def;
};

static int
load_asmt(struct ctx *c, long long id, struct asmt *a)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT episode_id, coalesce(form_def_id, 0), coalesce(previous_id, 0),"
	    " status, started_at, coalesce(completed_at, '') FROM assessment WHERE id = ?1");
	db_bind_int(st, 1, id);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		a->id = id;
		a->eid = sqlite3_column_int64(st, 0);
		a->def_id = sqlite3_column_int64(st, 1);
		a->previous_id = sqlite3_column_int64(st, 2);
		a->status = arena_strdup(c->a, db_col_text(st, 3));
		a->started_at = arena_strdup(c->a, db_col_text(st, 4));
		a->completed_at = arena_strdup(c->a, db_col_text(st, 5));
	}
	db_done(st);
	if (ok)
		a->def = form_load_def(c, a->def_id);
	return ok && a->def;
}

static long
days_between(const char *from_iso, const char *to_iso)
{
	struct tm a = { 0 }, b = { 0 };
	if (sscanf(from_iso, "%d-%d-%d", &a.tm_year, &a.tm_mon, &a.tm_mday) != 3 ||
	    sscanf(to_iso, "%d-%d-%d", &b.tm_year, &b.tm_mon, &b.tm_mday) != 3)
		return 0;
	a.tm_year -= 1900; a.tm_mon -= 1; b.tm_year -= 1900; b.tm_mon -= 1;
	return (long)((timegm(&b) - timegm(&a)) / 86400);
}

static void
add_days(const char *iso, long days, char out[16])
{
	struct tm t = { 0 };
	sscanf(iso, "%d-%d-%d", &t.tm_year, &t.tm_mon, &t.tm_mday);
	t.tm_year -= 1900;
	t.tm_mon -= 1;
	time_t s = timegm(&t) + days * 86400;
	gmtime_r(&s, &t);
	strftime(out, 16, "%Y-%m-%d", &t);
}

static void
tag(struct ctx *c, tpl_dict *d, const char *section, const char *label, const char *text,
    const char *cls)
{
	tpl_dict *t = tpl_section(d, section);
	tpl_set(t, "TAG_LABEL", label);
	tpl_set(t, "TAG_TEXT", text);
	tpl_set(t, "TAG_CLASS", cls);
	(void)c;
}

static const char *
due_words(struct ctx *c, long left)
{
	if (left < 0)
		return arena_printf(c->a, "Overdue by %ld day%s", -left, left == -1 ? "" : "s");
	if (left == 0)
		return "Due today";
	return arena_printf(c->a, "Due in %ld day%s", left, left == 1 ? "" : "s");
}

void
timescale_tags(struct ctx *c, tpl_dict *d, const char *section, long long eid)
{
	char today[64];
	audit_now(today);
	today[10] = '\0';
	sqlite3_stmt *st = db_prep(c->db, "SELECT status, substr(coalesce(lead_since, ''), 1, 10),"
	    " substr(coalesce(allocated_at, ''), 1, 10),"
	    " (SELECT substr(max(completed_at), 1, 10) FROM assessment WHERE episode_id = e.id"
	    "  AND status = 'completed' AND completed_at >= coalesce(e.lead_since, ''))," 
	    " (SELECT substr(max(completed_at), 1, 10) FROM assessment WHERE episode_id = e.id AND status = 'completed'),"
	    " (SELECT max(on_date) FROM meeting WHERE episode_id = e.id AND status = 'held')"
	    " FROM episode e WHERE id = ?1");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) != SQLITE_ROW || strcmp(db_col_text(st, 0), "open")) {
		db_done(st);
		return;
	}
	const char *since = arena_strdup(c->a, db_col_text(st, 1));
	const char *alloc = arena_strdup(c->a, db_col_text(st, 2));
	const char *done_since = arena_strdup(c->a, db_col_text(st, 3));
	const char *last_done = arena_strdup(c->a, db_col_text(st, 4));
	const char *last_meet = arena_strdup(c->a, db_col_text(st, 5));
	db_done(st);
	char due[16];
	/* The assessment is due within N weeks of allocation to the current lead. */
	if (*done_since)
		tag(c, d, section, c->cfg->assessment_name, arena_printf(c->a, "Completed %s",
		    view_date_words(c->a, done_since)), "govuk-tag--green");
	else if (*since) {
		add_days(since, c->cfg->assessment_weeks * 7, due);
		long left = days_between(today, due);
		tag(c, d, section, c->cfg->assessment_name, due_words(c, left),
		    left < 0 ? "govuk-tag--red" : left <= 14 ? "govuk-tag--yellow" : "govuk-tag--blue");
	}
	/* Reviews: first N weeks after the assessment, then N weeks after each held meeting. */
	const char *base = *last_meet && strcmp(last_meet, last_done) > 0 ? last_meet : last_done;
	if (*base) {
		add_days(base, c->cfg->review_weeks * 7, due);
		long left = days_between(today, due);
		tag(c, d, section, "Review", arena_printf(c->a, "%s (%s)", due_words(c, left),
		    view_date_words(c->a, due)), left < 0 ? "govuk-tag--red" : left <= 14
		    ? "govuk-tag--yellow" : "govuk-tag--blue");
	}
	if (*alloc) {
		long days = days_between(alloc, today);
		long months = days * 12 / 365;
		if (months >= c->cfg->episode_months)
			tag(c, d, section, "Episode", arena_printf(c->a, "Open for %ld months: over the %ld-month limit",
			    months, c->cfg->episode_months), "govuk-tag--red");
	}
}

/* ---- the list ---- */

/* GET /episodes/{id}/assessments -- with access.  Assessments, timescale, start. */
int
assessments_get(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	tpl_dict *p = view_page(c, "assessments.tpl", "Assessments");
	if (episode_head(c, p, eid, &a, "assessments") != 0)
		return 0;
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	timescale_tags(c, p, "TAG", eid);
	sqlite3_stmt *st = db_prep(c->db, "SELECT a.id, a.status, a.started_at, coalesce(a.completed_at, ''),"
	    " coalesce(nullif(u.display_name, ''), u.username), d.source FROM assessment a JOIN user u"
	    " ON u.id = a.started_by JOIN form_def d ON d.id = a.form_def_id WHERE a.episode_id = ?1"
	    " ORDER BY a.id DESC");
	db_bind_int(st, 1, eid);
	int drafts = 0, done = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ROW");
		int completed = !strcmp(db_col_text(st, 1), "completed");
		completed ? done++ : drafts++;
		tpl_set(r, "AID", arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0)));
		const struct form_def *d = form_parse_source(c->a, db_col_text(st, 5));
		tpl_set(r, "TITLE", d ? d->title : "Assessment");
		tpl_set(r, "STATUS", completed ? "Completed" : "In progress");
		tpl_set(r, "STATUS_CLASS", completed ? "govuk-tag--green" : "govuk-tag--blue");
		tpl_set(r, "STARTED", arena_printf(c->a, "%s by %s", view_date_words(c->a, db_col_text(st, 2)),
		    db_col_text(st, 4)));
		tpl_set(r, "COMPLETED", completed ? view_date_words(c->a, db_col_text(st, 3)) : "–");
	}
	db_done(st);
	const struct form_def *cur = form_get(c->cfg->assessment_form);
	if (a.level >= ACCESS_WRITE && !a.break_glass && drafts == 0 && cur) {
		tpl_dict *s = tpl_section(p, "START");
		tpl_set(s, "START_TEXT", done ? arena_printf(c->a, "Start a reassessment (%s)", cur->title)
		    : arena_printf(c->a, "Start the %s", cur->title));
		tpl_set(s, "CSRF", c->csrf);
		tpl_set(s, "EID", arena_printf(c->a, "%lld", eid));
	}
	if (done)
		tpl_show(p, "DISTANCE");
	if (!drafts && !done)
		tpl_show(p, "NONE");
	return view_render(c);
}

struct start_unit {
	long long eid, by, id, prev;
	const struct form_def *def;
	const char *now, *ip;
};

static int
start_unit(struct dbc *w, void *arg)
{
	struct start_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "SELECT 1 FROM assessment WHERE episode_id = ?1 AND status = 'draft'");
	db_bind_int(st, 1, u->eid);
	int draft = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	if (draft)
		return 1;
	long long def_id = form_def_id(w, u->def);
	if (def_id == 0)
		return -1;
	st = db_prep(w, "INSERT INTO assessment(episode_id, form_name, form_def_id, status, previous_id,"
	    " started_by, started_at, updated_by, updated_at) VALUES(?1, ?2, ?3, 'draft', nullif(?4, 0),"
	    " ?5, ?6, ?5, ?6)");
	db_bind_int(st, 1, u->eid);
	db_bind_text(st, 2, u->def->name);
	db_bind_int(st, 3, def_id);
	db_bind_int(st, 4, u->prev);
	db_bind_int(st, 5, u->by);
	db_bind_text(st, 6, u->now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_done(st);
		return -1;
	}
	db_done(st);
	u->id = sqlite3_last_insert_rowid(w->db);
	if (u->prev) {
		/* A reassessment starts from a copy of the previous answers (same question names). */
		st = db_prep(w, "INSERT INTO form_answer(owner_type, owner_id, form_def_id, question, value)"
		    " SELECT 'assessment', ?1, ?2, question, value FROM form_answer WHERE owner_type = 'assessment'"
		    " AND owner_id = ?3 AND question = ?4");
		for (int i = 0; i < u->def->nq; i++) {
			db_bind_int(st, 1, u->id);
			db_bind_int(st, 2, def_id);
			db_bind_int(st, 3, u->prev);
			db_bind_text(st, 4, u->def->q[i].name);
			sqlite3_step(st);
			sqlite3_reset(st);
		}
		db_done(st);
	}
	struct audit_entry e = { .user_id = u->by, .action = u->prev ? "assessment.reassess" : "assessment.start",
		.record_type = "assessment", .record_id = u->id, .route = "assessment", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /episodes/{id}/assessments -- lead or TAF member.  Start (or reassess). */
int
assessment_start(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	const struct form_def *def = form_get(c->cfg->assessment_form);
	if (def == NULL)
		return 500;
	char now[64];
	audit_now(now);
	struct start_unit u = { .eid = eid, .by = c->user->id, .def = def, .now = now, .ip = c->req->client_addr };
	sqlite3_stmt *st = db_prep(c->db, "SELECT max(id) FROM assessment WHERE episode_id = ?1 AND status = 'completed'");
	db_bind_int(st, 1, eid);
	if (sqlite3_step(st) == SQLITE_ROW)
		u.prev = sqlite3_column_int64(st, 0);
	db_done(st);
	int rc = writer_run(start_unit, &u);
	if (rc < 0)
		return 500;
	if (rc == 1) {
		response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/assessments", eid));
		return 0;
	}
	response_redirect(c->resp, arena_printf(c->a, "/assessments/%lld", u.id));
	return 0;
}

/* ---- the task list ---- */

/*
 * all: every required answer in the section is given; *any: the section has
 * been saved (an answer row exists, even an empty optional one) or answered.
 */
static int
section_answered(struct ctx *c, long long aid, const struct form_def *d, const char *sec,
    const struct form_values *v, int *any)
{
	int all = 1;
	*any = 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM form_answer WHERE owner_type = 'assessment'"
	    " AND owner_id = ?1 AND question = ?2");
	for (int i = 0; i < d->nq; i++) {
		const char *s = d->q[i].section ? d->q[i].section : d->title;
		if (strcmp(s, sec))
			continue;
		if (v->v[i] && *v->v[i])
			*any = 1;
		else if (d->q[i].required)
			all = 0;
		if (!*any) {
			db_bind_int(st, 1, aid);
			db_bind_text(st, 2, d->q[i].name);
			if (sqlite3_step(st) == SQLITE_ROW)
				*any = 1;
			sqlite3_reset(st);
		}
	}
	db_done(st);
	return all;
}

static int
has_problem(struct ctx *c, long long aid, const char *sec)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT 1 FROM assessment_problem WHERE assessment_id = ?1 AND section = ?2");
	db_bind_int(st, 1, aid);
	db_bind_text(st, 2, sec);
	int p = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return p;
}

static int
require_asmt(struct ctx *c, struct asmt *s, struct ep_access *a, enum access_level need)
{
	if (!load_asmt(c, c->id[0], s)) {
		view_error(c, 404, NULL);
		return 1;
	}
	if (need == ACCESS_WRITE && !strcmp(s->status, "completed")) {
		if (access_episode_require(c, s->eid, ACCESS_READ, a))
			return 1;
		view_error(c, 403, "This assessment is completed, so it cannot be changed. Start a reassessment instead.");
		return 1;
	}
	if (access_episode_require(c, s->eid, need, a))
		return 1;
	return 0;
}

/* GET /assessments/{id} -- with access.  Task list (draft) or the answers (completed). */
int
assessment_get(struct ctx *c)
{
	struct asmt s;
	struct ep_access a;
	if (require_asmt(c, &s, &a, ACCESS_READ))
		return 0;
	tpl_dict *p = view_page(c, "assessment.tpl", s.def->title);
	if (episode_head(c, p, s.eid, &a, "assessments") != 0)
		return 0;
	tpl_set(p, "TITLE", s.def->title);
	tpl_set(p, "AID", arena_printf(c->a, "%lld", s.id));
	struct form_values v;
	form_load_values(c, s.def, "assessment", s.id, &v);
	const char *secs[MAX_SECTIONS];
	int ns = form_sections(s.def, secs, MAX_SECTIONS);
	int completed = !strcmp(s.status, "completed");
	if (completed) {
		tpl_dict *done = tpl_section(p, "COMPLETED");
		tpl_set(done, "WHEN", view_datetime_words(c->a, s.completed_at));
		if (req_query(c->req, "done"))
			tpl_show(done, "PANEL");
		for (int k = 0; k < ns; k++) {
			tpl_dict *sd = tpl_section(done, "SECTION");
			tpl_set(sd, "NAME", secs[k]);
			for (int i = 0; i < s.def->nq; i++) {
				const char *qs = s.def->q[i].section ? s.def->q[i].section : s.def->title;
				if (strcmp(qs, secs[k]))
					continue;
				struct form_def one = *s.def;
				one.nq = 1;
				one.q[0] = s.def->q[i];
				struct form_values ov = { .v = { v.v[i] } };
				form_summary(c, sd, "ROW", &one, &ov);
			}
		}
		return view_render(c);
	}
	tpl_dict *tl = tpl_section(p, "TASKS");
	int ready = 1;
	for (int k = 0; k < ns; k++) {
		tpl_dict *t = tpl_section(tl, "TASK");
		tpl_set(t, "NAME", secs[k]);
		tpl_set(t, "HREF", arena_printf(c->a, "/assessments/%lld/sections/%d", s.id, k + 1));
		tpl_set(t, "TID", arena_printf(c->a, "task-%d", k + 1));
		int any = 0, all = section_answered(c, s.id, s.def, secs[k], &v, &any);
		if (has_problem(c, s.id, secs[k])) {
			tpl_set(t, "STATUS", "There is a problem");
			tpl_set(t, "STATUS_CLASS", "govuk-tag--red");
			ready = 0;
		} else if (all && any) {
			tpl_set(t, "STATUS", "Completed");
			tpl_set(t, "STATUS_CLASS", "");
			tpl_show(t, "PLAIN_STATUS");
		} else if (any) {
			tpl_set(t, "STATUS", "In progress");
			tpl_set(t, "STATUS_CLASS", "govuk-tag--light-blue");
			ready = 0;
		} else {
			tpl_set(t, "STATUS", "Not started");
			tpl_set(t, "STATUS_CLASS", "govuk-tag--blue");
			ready = 0;
		}
		if (!has_problem(c, s.id, secs[k]) && all && any)
			;
		else
			tpl_show(t, "TAGGED");
	}
	tpl_set(tl, "CHECK_HREF", arena_printf(c->a, "/assessments/%lld/check", s.id));
	tpl_set(tl, "READY", ready ? "All sections are complete." : "Complete every section, then check your answers.");
	return view_render(c);
}

/* ---- a section ---- */

static int
section_index(struct ctx *c, const struct asmt *s, const char **name, int *ns)
{
	const char *secs[MAX_SECTIONS];
	*ns = form_sections(s->def, secs, MAX_SECTIONS);
	long long k = c->id[1];
	if (k < 1 || k > *ns)
		return 0;
	*name = secs[k - 1];
	return (int)k;
}

/* A section's version (0 if never saved), and who saved it when. */
static long long
section_version(struct ctx *c, long long aid, const char *sec, const char **by, const char **at)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT v.version, coalesce(nullif(u.display_name, ''), u.username),"
	    " v.updated_at FROM assessment_section_version v JOIN user u ON u.id = v.updated_by"
	    " WHERE v.assessment_id = ?1 AND v.section = ?2");
	db_bind_int(st, 1, aid);
	db_bind_text(st, 2, sec);
	long long v = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		if (by)
			*by = arena_strdup(c->a, db_col_text(st, 1));
		if (at)
			*at = arena_strdup(c->a, db_col_text(st, 2));
	}
	db_done(st);
	return v;
}

/*
 * The section's form.  It carries the version the user started from: the
 * saved one on a first view and after a conflict has been shown, else (after
 * a mistake) still the one posted, so that a save made meanwhile is not
 * overwritten unseen.
 */
static void
section_page(struct ctx *c, const struct asmt *s, const struct ep_access *a, int k, const char *sec,
    const struct form_errors *fe, long long version)
{
	tpl_dict *p = view_page(c, "form.tpl", sec);
	tpl_set(p, "HEADING", sec);
	tpl_dict *cap = tpl_section(p, "CAPTION");
	tpl_set(cap, "CAPTION_TEXT", s->def->title);
	tpl_set(p, "ACTION", arena_printf(c->a, "/assessments/%lld/sections/%d", s->id, k));
	tpl_set(p, "SUBMIT", "Save and continue");
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", arena_printf(c->a, "/assessments/%lld", s->id));
	tpl_dict *cancel = tpl_section(p, "CANCEL");
	tpl_set(cancel, "CANCEL_URL", arena_printf(c->a, "/assessments/%lld", s->id));
	tpl_include(p, "BEFORE", "_blank.tpl");
	if (fe)
		view_form_errors(c, p, fe);
	tpl_dict *h = tpl_section(p, "HIDDEN");
	tpl_set(h, "H_NAME", "version");
	tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", version < 0 ? section_version(c, s->id, sec, NULL, NULL)
	    : version));
	struct form_values v;
	form_load_values(c, s->def, "assessment", s->id, &v);
	form_render_part(c, p, "FIELD", s->def, sec, &v, fe);
	tpl_show(p, "LATER");
	(void)a;
}

/* GET /assessments/{id}/sections/{n} -- lead or TAF member (draft only). */
int
assessment_section_get(struct ctx *c)
{
	struct asmt s;
	struct ep_access a;
	if (require_asmt(c, &s, &a, ACCESS_WRITE))
		return 0;
	const char *sec;
	int ns, k = section_index(c, &s, &sec, &ns);
	if (k == 0)
		return 404;
	section_page(c, &s, &a, k, sec, NULL, -1);
	return view_render(c);
}

struct section_unit {
	long long aid, eid, by, expect;
	const struct form_def *def;
	struct form_values v;
	const char *sec, *now, *ip;
	int problem;
	int conflict;           /* out: someone saved the section since `expect` */
};

static int
section_unit(struct dbc *w, void *arg)
{
	struct section_unit *u = arg;
	sqlite3_stmt *st;
	if (u->problem) {
		st = db_prep(w, "INSERT OR IGNORE INTO assessment_problem(assessment_id, section) VALUES(?1, ?2)");
		db_bind_int(st, 1, u->aid);
		db_bind_text(st, 2, u->sec);
		sqlite3_step(st);
		db_done(st);
		return 0;
	}
	st = db_prep(w, "SELECT status FROM assessment WHERE id = ?1");
	db_bind_int(st, 1, u->aid);
	int draft = sqlite3_step(st) == SQLITE_ROW && !strcmp(db_col_text(st, 0), "draft");
	db_done(st);
	if (!draft)
		return 1;
	st = db_prep(w, "SELECT coalesce((SELECT version FROM assessment_section_version WHERE assessment_id = ?1"
	    " AND section = ?2), 0)");
	db_bind_int(st, 1, u->aid);
	db_bind_text(st, 2, u->sec);
	long long have = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	/* A post without a version (not from the form) checks nothing; the form always carries one. */
	if (u->expect >= 0 && have != u->expect) {
		u->conflict = 1;
		return 2;
	}
	if (form_store_part(w, u->def, "assessment", u->aid, &u->v, u->sec) != 0)
		return -1;
	st = db_prep(w, "INSERT INTO assessment_section_version(assessment_id, section, version, updated_by, updated_at)"
	    " VALUES(?1, ?2, 1, ?3, ?4) ON CONFLICT(assessment_id, section) DO UPDATE SET version = version + 1,"
	    " updated_by = excluded.updated_by, updated_at = excluded.updated_at");
	db_bind_int(st, 1, u->aid);
	db_bind_text(st, 2, u->sec);
	db_bind_int(st, 3, u->by);
	db_bind_text(st, 4, u->now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_done(st);
		return -1;
	}
	db_done(st);
	st = db_prep(w, "DELETE FROM assessment_problem WHERE assessment_id = ?1 AND section = ?2");
	db_bind_int(st, 1, u->aid);
	db_bind_text(st, 2, u->sec);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "UPDATE assessment SET updated_by = ?2, updated_at = ?3, version = version + 1 WHERE id = ?1");
	db_bind_int(st, 1, u->aid);
	db_bind_int(st, 2, u->by);
	db_bind_text(st, 3, u->now);
	sqlite3_step(st);
	db_done(st);
	struct audit_entry e = { .user_id = u->by, .action = "assessment.save", .record_type = "assessment",
		.record_id = u->aid, .route = "assessment.section", .ip = u->ip, .detail = u->sec };
	return audit_add(w, &e);
}

/* POST /assessments/{id}/sections/{n} -- saves the section (half-done is fine); 303. */
int
assessment_section_post(struct ctx *c)
{
	struct asmt s;
	struct ep_access a;
	if (require_asmt(c, &s, &a, ACCESS_WRITE))
		return 0;
	const char *sec;
	int ns, k = section_index(c, &s, &sec, &ns);
	if (k == 0)
		return 404;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	const char *posted = req_form(c->req, "version");
	struct section_unit u = { .aid = s.id, .eid = s.eid, .by = c->user->id, .def = s.def, .sec = sec,
		.now = now, .ip = c->req->client_addr,
		.expect = valid_version(posted) };
	form_read_part(c, s.def, sec, &u.v, &fe, 0);
	if (fe.n) {
		/* Nothing of this section is saved; it is marked, and what was typed comes back. */
		u.problem = 1;
		writer_run(section_unit, &u);
		section_page(c, &s, &a, k, sec, &fe, u.expect);
		return view_render(c);
	}
	int rc = writer_run(section_unit, &u);
	if (rc < 0)
		return 500;
	if (u.conflict) {
		const char *by = "Someone", *at = "";
		long long v = section_version(c, s.id, sec, &by, &at);
		section_page(c, &s, &a, k, sec, NULL, v);
		tpl_dict *cf = tpl_section(c->page, "CONFLICT");
		tpl_set(cf, "CONFLICT_TEXT", arena_printf(c->a, "%s saved this section on %s, after you started. Your "
		    "answers are below and have not been saved. Check the saved answers on the assessment's summary "
		    "(in a new tab), then save again.", by, view_datetime_words(c->a, at)));
		c->resp->status = 409;
		return view_render(c);
	}
	if (rc == 1) {
		view_error(c, 409, "This assessment has been completed, so its sections cannot be changed.");
		return 0;
	}
	const char *later = req_form(c->req, "later");
	if ((later && *later) || k == ns)
		response_redirect(c->resp, arena_printf(c->a, "/assessments/%lld", s.id));
	else
		response_redirect(c->resp, arena_printf(c->a, "/assessments/%lld/sections/%d", s.id, k + 1));
	return 0;
}

/* ---- check and complete ---- */

static void
check_page(struct ctx *c, const struct asmt *s, const struct ep_access *a, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "assessment_check.tpl", "Check your answers");
	if (episode_head(c, p, s->eid, a, "assessments") != 0)
		return;
	if (fe)
		view_form_errors(c, p, fe);
	tpl_set(p, "TITLE", s->def->title);
	tpl_set(p, "AID", arena_printf(c->a, "%lld", s->id));
	struct form_values v;
	form_load_values(c, s->def, "assessment", s->id, &v);
	const char *secs[MAX_SECTIONS];
	int ns = form_sections(s->def, secs, MAX_SECTIONS);
	for (int k = 0; k < ns; k++) {
		tpl_dict *sd = tpl_section(p, "SECTION");
		tpl_set(sd, "NAME", secs[k]);
		tpl_set(sd, "HREF", arena_printf(c->a, "/assessments/%lld/sections/%d", s->id, k + 1));
		for (int i = 0; i < s->def->nq; i++) {
			const char *qs = s->def->q[i].section ? s->def->q[i].section : s->def->title;
			if (strcmp(qs, secs[k]))
				continue;
			struct form_def one = *s->def;
			one.nq = 1;
			one.q[0] = s->def->q[i];
			struct form_values ov = { .v = { v.v[i] } };
			form_summary(c, sd, "ROW", &one, &ov);
		}
	}
}

/* GET /assessments/{id}/check -- lead or TAF member.  Check your answers. */
int
assessment_check(struct ctx *c)
{
	struct asmt s;
	struct ep_access a;
	if (require_asmt(c, &s, &a, ACCESS_WRITE))
		return 0;
	check_page(c, &s, &a, NULL);
	return c->root ? view_render(c) : 0;
}

struct complete_unit {
	long long aid, by;
	const char *now, *ip;
};

static int
complete_unit(struct dbc *w, void *arg)
{
	struct complete_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "UPDATE assessment SET status = 'completed', completed_by = ?2,"
	    " completed_at = ?3, updated_by = ?2, updated_at = ?3, version = version + 1"
	    " WHERE id = ?1 AND status = 'draft'");
	db_bind_int(st, 1, u->aid);
	db_bind_int(st, 2, u->by);
	db_bind_text(st, 3, u->now);
	sqlite3_step(st);
	db_done(st);
	if (sqlite3_changes(w->db) != 1)
		return 1;
	struct audit_entry e = { .user_id = u->by, .action = "assessment.complete", .record_type = "assessment",
		.record_id = u->aid, .route = "assessment.complete", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /assessments/{id}/complete -- every required answer present; then read-only. */
int
assessment_complete(struct ctx *c)
{
	struct asmt s;
	struct ep_access a;
	if (require_asmt(c, &s, &a, ACCESS_WRITE))
		return 0;
	struct form_values v;
	form_load_values(c, s.def, "assessment", s.id, &v);
	struct form_errors fe = { 0 };
	const char *secs[MAX_SECTIONS];
	int ns = form_sections(s.def, secs, MAX_SECTIONS);
	for (int i = 0; i < s.def->nq; i++) {
		if (!s.def->q[i].required || (v.v[i] && *v.v[i]))
			continue;
		const char *qs = s.def->q[i].section ? s.def->q[i].section : s.def->title;
		int k = 0;
		while (k < ns && strcmp(secs[k], qs))
			k++;
		form_error(&fe, arena_printf(c->a, "/assessments/%lld/sections/%d", s.id, k + 1),
		    arena_printf(c->a, "Answer \"%s\" in %s", s.def->q[i].label, qs));
	}
	for (int k = 0; k < ns; k++)
		if (has_problem(c, s.id, secs[k]))
			form_error(&fe, arena_printf(c->a, "/assessments/%lld/sections/%d", s.id, k + 1),
			    arena_printf(c->a, "There is a problem in %s", secs[k]));
	if (fe.n) {
		check_page(c, &s, &a, &fe);
		return c->root ? view_render(c) : 0;
	}
	char now[64];
	audit_now(now);
	struct complete_unit u = { .aid = s.id, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	if (writer_run(complete_unit, &u) < 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/assessments/%lld?done=1", s.id));
	return 0;
}

/* GET /assessments/{id}/print -- with access (not under break-glass).  Audited. */
int
assessment_print(struct ctx *c)
{
	struct asmt s;
	struct ep_access a;
	c->for_print = 1;
	if (require_asmt(c, &s, &a, ACCESS_READ))
		return 0;
	if (access_audit_view(c, "print", "assessment", s.id, NULL) != 0)
		return 500;
	tpl_dict *p = view_print_page(c, "assessment_print.tpl", s.def->title);
	tpl_set(p, "TITLE", s.def->title);
	tpl_set(p, "FAMILY", episode_family(c, s.eid));
	tpl_set(p, "STATUS", !strcmp(s.status, "completed") ? arena_printf(c->a, "Completed %s",
	    view_date_words(c->a, s.completed_at)) : "Draft: not yet completed");
	char now[64];
	audit_now(now);
	tpl_set(p, "PRINTED", arena_printf(c->a, "Printed by %s on %s", c->user->display_name,
	    view_datetime_words(c->a, now)));
	struct form_values v;
	form_load_values(c, s.def, "assessment", s.id, &v);
	const char *secs[MAX_SECTIONS];
	int ns = form_sections(s.def, secs, MAX_SECTIONS);
	for (int k = 0; k < ns; k++) {
		tpl_dict *sd = tpl_section(p, "SECTION");
		tpl_set(sd, "NAME", secs[k]);
		for (int i = 0; i < s.def->nq; i++) {
			const char *qs = s.def->q[i].section ? s.def->q[i].section : s.def->title;
			if (strcmp(qs, secs[k]))
				continue;
			struct form_def one = *s.def;
			one.nq = 1;
			one.q[0] = s.def->q[i];
			struct form_values ov = { .v = { v.v[i] } };
			form_summary(c, sd, "ROW", &one, &ov);
		}
	}
	return view_render(c);
}

/* ---- distance travelled ---- */

/* GET /episodes/{id}/distance -- with access.  Domain scores across assessments. */
int
distance_get(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	tpl_dict *p = view_page(c, "distance.tpl", "Distance travelled");
	if (episode_head(c, p, eid, &a, "assessments") != 0)
		return 0;
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	long long ids[12];
	const char *when[12];
	const struct form_def *defs[12];
	int na = 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT id, completed_at, form_def_id FROM assessment WHERE"
	    " episode_id = ?1 AND status = 'completed' ORDER BY completed_at LIMIT 12");
	db_bind_int(st, 1, eid);
	long long defids[12];
	while (sqlite3_step(st) == SQLITE_ROW && na < 12) {
		ids[na] = sqlite3_column_int64(st, 0);
		when[na] = view_date_words(c->a, db_col_text(st, 1));
		defids[na] = sqlite3_column_int64(st, 2);
		na++;
	}
	db_done(st);
	for (int i = 0; i < na; i++)
		defs[i] = form_load_def(c, defids[i]);
	if (na == 0) {
		tpl_show(p, "NONE");
		return view_render(c);
	}
	/* Domains: the score questions of the latest assessment's form. */
	const struct form_def *d = defs[na - 1];
	struct form_values vals[12];
	for (int i = 0; i < na; i++)
		if (defs[i])
			form_load_values(c, defs[i], "assessment", ids[i], &vals[i]);
	for (int i = 0; i < na; i++) {
		tpl_dict *h = tpl_section(p, "HEAD_COL");
		tpl_set(h, "WHEN", when[i]);
	}
	int nd = 0;
	struct buf desc;
	buf_init(&desc, c->a);
	static const char *const fills[] = { "#b1b4b6", "#5694ca", "#1d4f3f", "#912b88", "#f47738" };
	const int bar = 22, gap = 6, group = 40, left = 10, top = 20, height = 200;
	int x = left;
	tpl_dict *chart = tpl_section(p, "CHART");
	for (int q = 0; d && q < d->nq; q++) {
		if (d->q[q].type != Q_SCORE)
			continue;
		nd++;
		const char *domain = d->q[q].section ? d->q[q].section : d->q[q].label;
		tpl_dict *r = tpl_section(p, "ROW");
		tpl_set(r, "DOMAIN", domain);
		buf_printf(&desc, "%s%s:", desc.len ? "; " : "", domain);
		int gx = x;
		for (int i = 0; i < na; i++) {
			const char *v = "";
			for (int k = 0; defs[i] && k < defs[i]->nq; k++)
				if (!strcmp(defs[i]->q[k].name, d->q[q].name))
					v = vals[i].v[k];
			tpl_dict *cell = tpl_section(r, "CELL");
			tpl_set(cell, "SCORE", *v ? v : "–");
			buf_printf(&desc, " %s %s", when[i], *v ? v : "not scored");
			int score = *v ? atoi(v) : 0;
			tpl_dict *b = tpl_section(chart, "BAR");
			int h = score * height / 5;
			tpl_set_int(b, "X", x);
			tpl_set_int(b, "Y", top + height - h);
			tpl_set_int(b, "W", bar);
			tpl_set_int(b, "H", h);
			tpl_set(b, "FILL", fills[i % 5]);
			tpl_set(b, "LABEL", arena_printf(c->a, "%s, %s: %s", domain, when[i], *v ? v : "not scored"));
			x += bar + 2;
		}
		tpl_dict *lab = tpl_section(chart, "DLABEL");
		tpl_set_int(lab, "X", gx);
		tpl_set_int(lab, "Y", top + height + 18);
		tpl_set(lab, "TEXT", domain);
		x += gap + group;
	}
	for (int i = 0; i < na; i++) {
		tpl_dict *k = tpl_section(chart, "KEY");
		tpl_set_int(k, "X", left + i * 180);
		tpl_set_int(k, "Y", top + height + 40);
		tpl_set_int(k, "TX", left + i * 180 + 18);
		tpl_set_int(k, "TY", top + height + 52);
		tpl_set(k, "FILL", fills[i % 5]);
		tpl_set(k, "TEXT", when[i]);
	}
	tpl_set_int(chart, "WIDTH", x + 200);
	tpl_set_int(chart, "HEIGHT", top + height + 70);
	tpl_set(chart, "DESC", arena_printf(c->a, "Scores from 1 (significant unmet needs) to 5 (thriving). %s.",
	    buf_cstr(&desc)));
	if (nd == 0)
		tpl_show(p, "NOSCORES");
	return view_render(c);
}
