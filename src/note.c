/*
 * note.c -- case notes: add, list (newest first, filtered by kind and
 * author), edit with every version kept.  Notes belong to the episode and
 * name the people they concern; an episode's notes are stored together
 * (clustered by episode) so a long list reads fast.
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

#define NOTE_MAX 20000
#define NOTES_PER_PAGE 50

static const char *const kind_opts[] = {
	"visit", "Visit", "phone call", "Phone call", "email", "Email", "meeting", "Meeting",
	"letter", "Letter", "other", "Other", NULL
};

static const char *const *
people_opts(struct ctx *c, long long eid)
{
	const char **o = arena_alloc(c->a, sizeof *o * 82);
	int n = 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT p.id, p.given_names || ' ' || p.family_name FROM"
	    " episode_person ep JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = ?1"
	    " ORDER BY ep.role DESC, p.dob LIMIT 40");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		o[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		o[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	o[n] = NULL;
	return o;
}

/* GET /episodes/{id}/notes -- with access.  Newest first; ?kind= &author= &page=. */
int
notes_get(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_READ, &a))
		return 0;
	if (req_query(c->req, "added"))
		c->flash = "Case note added";
	else if (req_query(c->req, "saved"))
		c->flash = "Case note changed";
	tpl_dict *p = view_page(c, "notes.tpl", "Case notes");
	if (episode_head(c, p, eid, &a, "notes") != 0)
		return 0;
	tpl_set(p, "EID", arena_printf(c->a, "%lld", eid));
	if (a.level >= ACCESS_WRITE && !a.break_glass)
		tpl_show(p, "CAN_ADD");
	const char *kind = req_query(c->req, "kind");
	long long author = valid_id(req_query(c->req, "author"));
	long long page = valid_id(req_query(c->req, "page"));
	if (page < 1 || page > 100000)
		page = 1;
	const char **ko = arena_alloc(c->a, sizeof *ko * 16);
	int k = 0;
	ko[k++] = "";
	ko[k++] = "All kinds";
	for (const char *const *o = kind_opts; o[0]; o += 2) {
		ko[k++] = o[0];
		ko[k++] = o[1];
	}
	ko[k] = NULL;
	view_select(p, &(struct fld){ .marker = "FILTER", .name = "kind", .label = "Kind",
	    .value = kind ? kind : "", .options = ko });
	const char **ao = arena_alloc(c->a, sizeof *ao * 104);
	int n = 0;
	ao[n++] = "";
	ao[n++] = "Anyone";
	/* The distinct authors, one index seek each (case_note_author), not a read of every note. */
	sqlite3_stmt *st = db_prep(c->db, "WITH RECURSIVE a(id) AS (SELECT min(author_id) FROM case_note"
	    " WHERE episode_id = ?1 UNION ALL SELECT (SELECT min(author_id) FROM case_note WHERE episode_id = ?1"
	    " AND author_id > a.id) FROM a WHERE a.id IS NOT NULL LIMIT 50)"
	    " SELECT u.id, coalesce(nullif(u.display_name, ''), u.username) FROM a JOIN user u ON u.id = a.id"
	    " ORDER BY 2");
	db_bind_int(st, 1, eid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ao[n++] = arena_printf(c->a, "%lld", sqlite3_column_int64(st, 0));
		ao[n++] = arena_strdup(c->a, db_col_text(st, 1));
	}
	db_done(st);
	ao[n] = NULL;
	view_select(p, &(struct fld){ .marker = "FILTER", .name = "author", .label = "Written by",
	    .value = author ? arena_printf(c->a, "%lld", author) : "", .options = ao });
	/*
	 * The page's notes are picked first (index case_note_date, newest first),
	 * then only those rows are read whole with their authors and people: the
	 * display columns of an episode's other notes are never computed.
	 */
	st = db_prep(c->db,
	    "WITH pick AS MATERIALIZED (SELECT id, note_date FROM case_note WHERE episode_id = ?1"
	    " AND (?2 = '' OR kind = ?2) AND (?3 = 0 OR author_id = ?3)"
	    " ORDER BY note_date DESC, id DESC LIMIT ?4 OFFSET ?5)"
	    " SELECT n.id, n.note_date, n.kind, n.with_whom, n.body, coalesce(nullif(u.display_name, ''),"
	    " u.username), n.version, n.updated_at, (SELECT group_concat(p.given_names || ' ' ||"
	    " p.family_name, ', ') FROM note_person np JOIN person p ON p.id = np.person_id"
	    " WHERE np.note_id = n.id) FROM pick JOIN case_note n ON n.episode_id = ?1 AND n.id = pick.id"
	    " JOIN user u ON u.id = n.author_id ORDER BY pick.note_date DESC, pick.id DESC");
	db_bind_int(st, 1, eid);
	db_bind_text(st, 2, kind ? kind : "");
	db_bind_int(st, 3, author);
	db_bind_int(st, 4, NOTES_PER_PAGE + 1);
	db_bind_int(st, 5, (page - 1) * NOTES_PER_PAGE);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (++rows > NOTES_PER_PAGE)
			break;
		tpl_dict *r = tpl_section(p, "NOTE");
		long long nid = sqlite3_column_int64(st, 0);
		tpl_set(r, "NID", arena_printf(c->a, "%lld", nid));
		tpl_set(r, "DATE", view_date_words(c->a, db_col_text(st, 1)));
		tpl_set(r, "KIND", db_col_text(st, 2));
		tpl_set(r, "WITH", db_col_text(st, 3));
		tpl_set(r, "BODY", db_col_text(st, 4));
		tpl_set(r, "AUTHOR", db_col_text(st, 5));
		tpl_set(r, "ABOUT", db_col_text(st, 8));
		if (sqlite3_column_int(st, 6) > 1)
			tpl_show(r, "EDITED");
		if (a.level >= ACCESS_WRITE && !a.break_glass)
			tpl_show(r, "EDIT");
	}
	db_done(st);
	if (rows == 0)
		tpl_show(p, "NONE");
	if (page > 1 || rows > NOTES_PER_PAGE) {
		tpl_dict *pg = tpl_include(p, "PAGER", "_pager.tpl");
		const char *base = arena_printf(c->a, "/episodes/%lld/notes?kind=%s&author=%lld", eid,
		    url_encode(c->a, kind ? kind : ""), author);
		if (page > 1) {
			tpl_dict *d = tpl_section(pg, "PREV");
			tpl_set(d, "PREV_URL", arena_printf(c->a, "%s&page=%lld", base, page - 1));
			tpl_set(d, "PREV_TEXT", "Newer notes");
		}
		if (rows > NOTES_PER_PAGE) {
			tpl_dict *d = tpl_section(pg, "NEXT");
			tpl_set(d, "NEXT_URL", arena_printf(c->a, "%s&page=%lld", base, page + 1));
			tpl_set(d, "NEXT_TEXT", "Older notes");
		}
	}
	return view_render(c);
}

struct note_in {
	const char *date, *kind, *with, *body;
	long long people[40];
	int npeople;
};

static void
note_read(struct ctx *c, long long eid, struct note_in *in, struct form_errors *fe)
{
	in->date = valid_date3(c, fe, "date", "Date of the contact", 1, -1);
	in->kind = req_form(c->req, "kind");
	int ok = 0;
	for (const char *const *o = kind_opts; in->kind && o[0]; o += 2)
		if (!strcmp(o[0], in->kind))
			ok = 1;
	if (!ok) {
		form_error(fe, "kind", "Select the kind of contact");
		in->kind = "";
	}
	in->with = valid_text(c, fe, "with", "who the contact was with", 200, 0);
	in->body = valid_text(c, fe, "body", "case note", NOTE_MAX, 1);
	const char *const *po = people_opts(c, eid);
	in->npeople = 0;
	for (size_t i = 0; i < c->req->nform && in->npeople < 40; i++) {
		if (strcmp(c->req->form[i].name, "about"))
			continue;
		for (const char *const *o = po; o[0]; o += 2)
			if (!strcmp(o[0], c->req->form[i].value))
				in->people[in->npeople++] = valid_id(o[0]);
	}
	if (in->npeople == 0)
		form_error(fe, "about", "Select who the note is about");
}

static void
note_form(struct ctx *c, long long eid, long long nid, const struct ep_access *a,
    const struct form_errors *fe, const char *date, const char *kind, const char *with,
    const char *body, const char *about, long long version)
{
	tpl_dict *p = view_page(c, "form.tpl", nid ? "Change a case note" : "Add a case note");
	tpl_include(p, "BEFORE", "_blank.tpl");
	tpl_set(p, "HEADING", nid ? "Change a case note" : "Add a case note");
	tpl_set(p, "ACTION", nid ? arena_printf(c->a, "/notes/%lld/edit", nid)
	    : arena_printf(c->a, "/episodes/%lld/notes", eid));
	tpl_set(p, "SUBMIT", nid ? "Save changes" : "Add case note");
	tpl_dict *cap = tpl_section(p, "CAPTION");
	tpl_set(cap, "CAPTION_TEXT", episode_family(c, eid));
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", arena_printf(c->a, "/episodes/%lld/notes", eid));
	if (nid) {
		tpl_dict *h = tpl_section(p, "HIDDEN");
		tpl_set(h, "H_NAME", "version");
		tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", version));
	}
	if (fe)
		view_form_errors(c, p, fe);
	view_date(c, p, "FIELD", "date", "Date of the contact", "For example, 27 3 2026", date, 0, fe);
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "kind", .label = "Kind of contact",
	    .value = view_value(c, "kind", kind), .options = kind_opts, .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "with", .label = "Who it was with (optional)",
	    .hint = "For example, mother and Sam's class teacher", .value = view_value(c, "with", with), .fe = fe });
	view_checkboxes(c, p, &(struct fld){ .marker = "FIELD", .name = "about",
	    .label = "Who the note is about", .options = people_opts(c, eid), .fe = fe }, about);
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "body", .label = "Case note",
	    .hint = "Record what happened and what was said. Case notes are not for closure decisions "
	        "or for copying the plan: use the closure form and the action plan for those.",
	    .value = view_value(c, "body", body), .maxlength = NOTE_MAX, .fe = fe });
	(void)a;
}

/* GET /episodes/{id}/notes/new -- with write access. */
int
note_new(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	char today[64];
	audit_now(today);
	today[10] = '\0';
	note_form(c, eid, 0, &a, NULL, today, "", "", "", NULL, 0);
	return view_render(c);
}

struct note_unit {
	long long eid, nid, by, expect;
	struct note_in in;
	const char *now, *ip;
	int conflict;
};

static int
note_unit(struct dbc *w, void *arg)
{
	struct note_unit *u = arg;
	sqlite3_stmt *st;
	long long version = 1;
	if (u->nid == 0) {
		st = db_prep(w, "INSERT INTO note_seq(at) VALUES(?1)");
		db_bind_text(st, 1, u->now);
		sqlite3_step(st);
		db_done(st);
		u->nid = sqlite3_last_insert_rowid(w->db);
		st = db_prep(w, "INSERT INTO case_note(episode_id, id, note_date, kind, with_whom, body,"
		    " author_id, created_at, updated_by, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7, ?8)");
		db_bind_int(st, 1, u->eid);
		db_bind_int(st, 2, u->nid);
		db_bind_text(st, 3, u->in.date);
		db_bind_text(st, 4, u->in.kind);
		db_bind_text(st, 5, u->in.with);
		db_bind_text(st, 6, u->in.body);
		db_bind_int(st, 7, u->by);
		db_bind_text(st, 8, u->now);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
	} else {
		st = db_prep(w, "UPDATE case_note SET note_date = ?3, kind = ?4, with_whom = ?5, body = ?6,"
		    " updated_by = ?7, updated_at = ?8, version = version + 1 WHERE episode_id = ?1 AND id = ?2"
		    " AND version = ?9 RETURNING version");
		db_bind_int(st, 1, u->eid);
		db_bind_int(st, 2, u->nid);
		db_bind_text(st, 3, u->in.date);
		db_bind_text(st, 4, u->in.kind);
		db_bind_text(st, 5, u->in.with);
		db_bind_text(st, 6, u->in.body);
		db_bind_int(st, 7, u->by);
		db_bind_text(st, 8, u->now);
		db_bind_int(st, 9, u->expect);
		version = 0;
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int64(st, 0);
		db_done(st);
		if (version == 0) {
			u->conflict = 1;
			return 1;
		}
		st = db_prep(w, "DELETE FROM note_person WHERE note_id = ?1");
		db_bind_int(st, 1, u->nid);
		sqlite3_step(st);
		db_done(st);
	}
	/* Every version is kept, including the first. */
	st = db_prep(w, "INSERT INTO case_note_version(note_id, version, note_date, kind, with_whom, body,"
	    " saved_by, saved_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
	db_bind_int(st, 1, u->nid);
	db_bind_int(st, 2, version);
	db_bind_text(st, 3, u->in.date);
	db_bind_text(st, 4, u->in.kind);
	db_bind_text(st, 5, u->in.with);
	db_bind_text(st, 6, u->in.body);
	db_bind_int(st, 7, u->by);
	db_bind_text(st, 8, u->now);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_done(st);
		return -1;
	}
	db_done(st);
	st = db_prep(w, "INSERT OR IGNORE INTO note_person(note_id, person_id) VALUES(?1, ?2)");
	for (int i = 0; i < u->in.npeople; i++) {
		db_bind_int(st, 1, u->nid);
		db_bind_int(st, 2, u->in.people[i]);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	db_done(st);
	struct audit_entry e = { .user_id = u->by, .action = version == 1 ? "note.create" : "note.update",
		.record_type = "note", .record_id = u->nid, .route = "notes", .ip = u->ip };
	return audit_add(w, &e);
}

static const char *
about_of(struct ctx *c)
{
	struct buf b;
	buf_init(&b, c->a);
	for (size_t i = 0; i < c->req->nform; i++)
		if (!strcmp(c->req->form[i].name, "about")) {
			if (b.len)
				buf_puts(&b, "\n");
			buf_puts(&b, c->req->form[i].value);
		}
	return buf_cstr(&b);
}

/* POST /episodes/{id}/notes -- with write access.  Add a note. */
int
note_create(struct ctx *c)
{
	long long eid = c->id[0];
	struct ep_access a;
	if (access_episode_require(c, eid, ACCESS_WRITE, &a))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct note_unit u = { .eid = eid, .by = c->user->id, .now = now, .ip = c->req->client_addr };
	note_read(c, eid, &u.in, &fe);
	if (fe.n == 0) {
		if (writer_run(note_unit, &u) != 0)
			return 500;
		response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/notes?added=1", eid));
		return 0;
	}
	note_form(c, eid, 0, &a, &fe, NULL, "", "", "", about_of(c), 0);
	return view_render(c);
}

struct note_row {
	long long eid, version;
	const char *date, *kind, *with, *body, *about, *updated_at, *updated_by;
};

static int
load_note(struct ctx *c, long long nid, struct note_row *r)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT n.episode_id, n.version, n.note_date, n.kind, n.with_whom,"
	    " n.body, n.updated_at, coalesce(nullif(u.display_name, ''), u.username),"
	    " (SELECT group_concat(person_id, char(10)) FROM note_person WHERE note_id = n.id)"
	    " FROM case_note n JOIN user u ON u.id = n.updated_by WHERE n.id = ?1");
	db_bind_int(st, 1, nid);
	int ok = sqlite3_step(st) == SQLITE_ROW;
	if (ok) {
		r->eid = sqlite3_column_int64(st, 0);
		r->version = sqlite3_column_int64(st, 1);
		r->date = arena_strdup(c->a, db_col_text(st, 2));
		r->kind = arena_strdup(c->a, db_col_text(st, 3));
		r->with = arena_strdup(c->a, db_col_text(st, 4));
		r->body = arena_strdup(c->a, db_col_text(st, 5));
		r->updated_at = arena_strdup(c->a, db_col_text(st, 6));
		r->updated_by = arena_strdup(c->a, db_col_text(st, 7));
		r->about = arena_strdup(c->a, db_col_text(st, 8));
	}
	db_done(st);
	return ok;
}

/* GET /notes/{id} -- with access to its episode.  The note and every version of it. */
int
note_get(struct ctx *c)
{
	struct note_row r;
	if (!load_note(c, c->id[0], &r))
		return 404;
	struct ep_access a;
	if (access_episode_require(c, r.eid, ACCESS_READ, &a))
		return 0;
	tpl_dict *p = view_page(c, "note.tpl", "Case note");
	if (episode_head(c, p, r.eid, &a, "notes") != 0)
		return 0;
	tpl_set(p, "EID", arena_printf(c->a, "%lld", r.eid));
	tpl_set(p, "NID", arena_printf(c->a, "%lld", c->id[0]));
	if (a.level >= ACCESS_WRITE && !a.break_glass)
		tpl_show(p, "EDIT");
	sqlite3_stmt *st = db_prep(c->db, "SELECT v.version, v.note_date, v.kind, v.with_whom, v.body,"
	    " v.saved_at, coalesce(nullif(u.display_name, ''), u.username) FROM case_note_version v"
	    " JOIN user u ON u.id = v.saved_by WHERE v.note_id = ?1 ORDER BY v.version DESC");
	db_bind_int(st, 1, c->id[0]);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *v = tpl_section(p, "VERSION");
		tpl_set_int(v, "V", sqlite3_column_int(st, 0));
		tpl_set(v, "DATE", view_date_words(c->a, db_col_text(st, 1)));
		tpl_set(v, "KIND", db_col_text(st, 2));
		tpl_set(v, "WITH", db_col_text(st, 3));
		tpl_set(v, "BODY", db_col_text(st, 4));
		tpl_set(v, "SAVED", view_datetime_words(c->a, db_col_text(st, 5)));
		tpl_set(v, "BY", db_col_text(st, 6));
	}
	db_done(st);
	return view_render(c);
}

/* GET /notes/{id}/edit -- with write access to its episode. */
int
note_edit(struct ctx *c)
{
	struct note_row r;
	if (!load_note(c, c->id[0], &r))
		return 404;
	struct ep_access a;
	if (access_episode_require(c, r.eid, ACCESS_WRITE, &a))
		return 0;
	note_form(c, r.eid, c->id[0], &a, NULL, r.date, r.kind, r.with, r.body, r.about, r.version);
	return view_render(c);
}

/* POST /notes/{id}/edit -- with write access.  Versioned: a conflict keeps what was typed. */
int
note_save(struct ctx *c)
{
	struct note_row r;
	if (!load_note(c, c->id[0], &r))
		return 404;
	struct ep_access a;
	if (access_episode_require(c, r.eid, ACCESS_WRITE, &a))
		return 0;
	struct form_errors fe = { 0 };
	char now[64];
	audit_now(now);
	struct note_unit u = { .eid = r.eid, .nid = c->id[0], .by = c->user->id, .now = now,
		.ip = c->req->client_addr, .expect = valid_id(req_form(c->req, "version")) };
	note_read(c, r.eid, &u.in, &fe);
	if (fe.n == 0) {
		int rc = writer_run(note_unit, &u);
		if (rc == 0) {
			response_redirect(c->resp, arena_printf(c->a, "/episodes/%lld/notes?saved=1", r.eid));
			return 0;
		}
		if (!u.conflict)
			return 500;
		form_error(&fe, "body", arena_printf(c->a, "%s changed this note on %s, after you started. "
		    "Your text is kept below and has not been saved. The saved version is: \"%s\". "
		    "Combine them, then save again", r.updated_by, view_datetime_words(c->a, r.updated_at),
		    valid_clip(c->a, r.body, 300)));
		c->resp->status = 409;
	}
	/*
	 * After a conflict the form carries the saved version (the user has now
	 * seen it); after a mere mistake, still the version the user started
	 * from, so that a change saved meanwhile is not overwritten unseen.
	 */
	note_form(c, r.eid, c->id[0], &a, &fe, r.date, r.kind, r.with, r.body, about_of(c),
	    u.conflict ? r.version : u.expect);
	if (u.conflict)
		c->resp->status = 409;
	return view_render(c);
}
