/*
 * worktray.c -- the home page: tiles with counts that open sorted,
 * paginated lists; tray publications (which tiles show, in what order);
 * recently viewed records; and, for managers, the team view.
 *
 * Every count is computed from the records by the same query as its list
 * (the count wraps the list's SQL), so a count never drifts from what the
 * list shows.  Sorting is server-side with bound parameters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "audit.h"
#include "episode.h"
#include "valid.h"
#include "view.h"
#include "worktray.h"
#include "writer.h"

#define FAMILY "(SELECT group_concat(p.given_names || ' ' || p.family_name, ', ') FROM episode_person ep" \
	" JOIN person p ON p.id = ep.person_id WHERE ep.episode_id = e.id AND ep.role = 'child')"
/* Open episodes the user leads or is in the team around: driven by the two indexes, not a scan. */
#define MINE "e.status = 'open' AND e.id IN (SELECT id FROM episode WHERE lead_id = ?1 AND status = 'open'" \
	" UNION SELECT episode_id FROM taf_member WHERE user_id = ?1 AND ended_at IS NULL)"
#define LEAD "e.status = 'open' AND e.lead_id = ?1"
/* The date a review runs from: the latest completed assessment or held meeting of episode e. */
#define REVIEW_BASE "max(coalesce((SELECT max(substr(completed_at, 1, 10)) FROM assessment a" \
	" WHERE a.episode_id = e.id AND a.status = 'completed'), ''), coalesce((SELECT max(on_date)" \
	" FROM meeting mt WHERE mt.episode_id = e.id AND mt.status = 'held'), ''))"

/*
 * The conditions of the caseload tiles, shared by their lists and by the one
 * pass that counts them all (q_case_counts), so a tile's count and its list
 * use the same words.
 */
#define ASSESS_DUE "e.lead_since < date('now', '+15 days', '-' || (?3 * 7) || ' days')" \
	" AND NOT EXISTS (SELECT 1 FROM assessment a WHERE a.episode_id = e.id AND a.status = 'completed'" \
	" AND a.completed_at >= e.lead_since)"
#define REVIEW_DUE(base) base " != '' AND " base " <= date('now', '+14 days', '-' || (?4 * 7) || ' days')"
#define MEETING_SOON "mt.status = 'scheduled' AND mt.on_date BETWEEN date('now') AND date('now', '+7 days')"
#define OPEN_LONG "e.allocated_at < date('now', '-' || ?5 || ' months')"
#define CONSENT_KIND "(SELECT kind FROM consent c WHERE c.episode_id = e.id ORDER BY c.id DESC LIMIT 1)"
#define CONSENT_AT "(SELECT max(recorded_at) FROM consent c WHERE c.episode_id = e.id)"
#define TEAM_CHANGED "(SELECT max(max(added_at), coalesce(max(ended_at), '')) FROM taf_member t" \
	" WHERE t.episode_id = e.id)"
#define CONSENT_NEEDED(kind, at, changed) kind " = 'withdrawn' OR " changed " > " at

/*
 * Each list yields (href, title, detail, sort date).  ?1 user, ?2 team,
 * ?3 assessment weeks, ?4 review weeks, ?5 episode months.  Conditions
 * compare a column with a date computed once per statement ("lead_since
 * before today + 15 days - the timescale"), not a date computed from every
 * row: the same rows, without a date() call per episode.
 */
struct tile {
	const char *key, *title, *empty;
	unsigned roles;
	const char *sql;          /* the list, unsorted */
	const char *count_sql;    /* SELECT count(*) over the same rows */
	const char *date_label;
	int actions;              /* 1 transfer buttons, 2 break-glass review */
	int case_col;             /* 1 + its column of q_case_counts, or 0: counted alone */
};

/*
 * A tile is WITH (may be empty), the list's columns, and FROM … WHERE.  The
 * count is SELECT count(*) over the same WITH and FROM … WHERE, so it counts
 * exactly the rows the list shows (the columns are scalar: they never add or
 * drop a row) without computing the display columns of every row.
 */
#define TILE_SQL(name, with, cols, rest) \
	static const char name[] = with " SELECT " cols " " rest; \
	static const char name##_count[] = with " SELECT count(*) " rest;

TILE_SQL(q_caseload, "", "'/episodes/' || e.id, " FAMILY ", t.name || CASE WHEN e.lead_id = ?1 THEN"
    " ' (you are the lead)' ELSE ' (team around the family)' END, substr(e.allocated_at, 1, 10)",
    "FROM episode e JOIN team t ON t.id = e.team_id WHERE " MINE)
TILE_SQL(q_lead, "", "'/episodes/' || e.id, " FAMILY ", t.name, substr(e.allocated_at, 1, 10)",
    "FROM episode e JOIN team t ON t.id = e.team_id WHERE " LEAD)
TILE_SQL(q_assess, "", "'/episodes/' || e.id || '/assessments', " FAMILY ", CASE WHEN"
    " date(substr(e.lead_since, 1, 10), '+' || (?3 * 7) || ' days') < date('now') THEN 'Overdue' ELSE 'Due soon' END,"
    " date(substr(e.lead_since, 1, 10), '+' || (?3 * 7) || ' days')",
    "FROM episode e WHERE " LEAD " AND " ASSESS_DUE)
/* The review base is computed once per episode (materialised), not once per use. */
TILE_SQL(q_review, "WITH rb AS MATERIALIZED (SELECT e.id AS id, " REVIEW_BASE " AS base FROM episode e"
    " WHERE " LEAD ")",
    "'/episodes/' || e.id || '/meetings', " FAMILY ", CASE WHEN date(rb.base, '+' || (?4 * 7) || ' days')"
    " < date('now') THEN 'Overdue' ELSE 'Due soon' END, date(rb.base, '+' || (?4 * 7) || ' days')",
    "FROM rb JOIN episode e ON e.id = rb.id WHERE " REVIEW_DUE("rb.base"))
TILE_SQL(q_meetings, "", "'/meetings/' || mt.id, " FAMILY ", mt.at_time || ', ' || mt.venue, mt.on_date",
    "FROM episode e JOIN meeting mt ON mt.episode_id = e.id WHERE " MINE " AND " MEETING_SOON)
TILE_SQL(q_long, "", "'/episodes/' || e.id, " FAMILY ", 'Open since ' || substr(e.allocated_at, 1, 10),"
    " substr(e.allocated_at, 1, 10)", "FROM episode e WHERE " LEAD " AND " OPEN_LONG)
/* The latest statement and the latest TAF change, once per episode. */
TILE_SQL(q_consent, "WITH cs AS MATERIALIZED (SELECT e.id AS id, " CONSENT_KIND " AS kind, " CONSENT_AT
    " AS recorded, " TEAM_CHANGED " AS changed FROM episode e WHERE " LEAD ")",
    "'/episodes/' || e.id || '/consent', " FAMILY ", CASE WHEN cs.kind = 'withdrawn' THEN 'Consent withdrawn'"
    " ELSE 'The team changed since the latest statement' END, substr(e.updated_at, 1, 10)",
    "FROM cs JOIN episode e ON e.id = cs.id WHERE " CONSENT_NEEDED("cs.kind", "cs.recorded", "cs.changed"))

/*
 * The seven caseload tiles' counts in one pass over the caseload (the
 * caseload list's rows): each open episode of the user read once, its
 * lead-only facts looked up only where the user is the lead, instead of
 * seven statements each finding the caseload again.  The columns follow
 * enum case_col.  The lists above stay the definition; a test checks every
 * count against its list.
 */
static const char q_case_counts[] =
    "WITH m AS MATERIALIZED (SELECT e.lead_id = ?1 AS lead,"
    " CASE WHEN e.lead_id = ?1 THEN (" ASSESS_DUE ") END AS assess,"
    " CASE WHEN e.lead_id = ?1 THEN " REVIEW_BASE " END AS base,"
    " (SELECT count(*) FROM meeting mt WHERE mt.episode_id = e.id AND " MEETING_SOON ") AS meetings,"
    " e.lead_id = ?1 AND " OPEN_LONG " AS long,"
    " CASE WHEN e.lead_id = ?1 THEN " CONSENT_KIND " END AS kind,"
    " CASE WHEN e.lead_id = ?1 THEN " CONSENT_AT " END AS recorded,"
    " CASE WHEN e.lead_id = ?1 THEN " TEAM_CHANGED " END AS changed"
    " FROM episode e JOIN team t ON t.id = e.team_id WHERE " MINE ")"
    " SELECT count(*), coalesce(sum(lead), 0), coalesce(sum(assess), 0),"
    " coalesce(sum(" REVIEW_DUE("base") "), 0), coalesce(sum(meetings), 0), coalesce(sum(long), 0),"
    " coalesce(sum(" CONSENT_NEEDED("kind", "recorded", "changed") "), 0) FROM m";
enum case_col { C_CASELOAD, C_LEAD, C_ASSESS, C_REVIEW, C_MEETINGS, C_LONG, C_CONSENT, NCASE };

TILE_SQL(q_transfers, "", "'/episodes/' || e.id || '#' || x.id, " FAMILY ", x.reason, substr(x.requested_at, 1, 10)",
    "FROM transfer x JOIN episode e ON e.id = x.episode_id WHERE x.status = 'pending' AND e.status = 'open'"
    " AND (x.to_user = ?1 OR (x.to_team = ?2 AND (SELECT role FROM user WHERE id = ?1) = 'manager'))")
TILE_SQL(q_requests, "", "'/episodes/' || e.id, " FAMILY ", 'Requested by ' || coalesce(nullif(r.display_name, ''),"
    " r.username), substr(e.requested_at, 1, 10)", "FROM episode e JOIN user r ON r.id = e.requested_by"
    " WHERE e.team_id = ?2 AND e.status = 'requested'")
TILE_SQL(q_realloc, "", "'/episodes/' || e.id || '/transfer', " FAMILY ", 'Lead has left: ' ||"
    " coalesce(nullif(l.display_name, ''), l.username), substr(e.allocated_at, 1, 10)", "FROM episode e"
    " JOIN user l ON l.id = e.lead_id WHERE e.team_id = ?2 AND e.status = 'open' AND l.active = 0")
TILE_SQL(q_bg, "", "'/episodes/' || e.id || '#' || b.id, " FAMILY ", coalesce(nullif(u.display_name, ''),"
    " u.username) || ': ' || b.reason, date(b.started_at, 'unixepoch')", "FROM break_glass b JOIN episode e"
    " ON e.id = b.episode_id JOIN user u ON u.id = b.user_id WHERE b.review IS NULL AND b.user_id != ?1"
    " AND (e.team_id = ?2 OR u.team_id = ?2)")

TILE_SQL(q_referrals, "", "'/referrals/' || r.id, coalesce((SELECT group_concat(p.given_names || ' ' ||"
    " p.family_name, ', ') FROM episode_person ep JOIN person p ON p.id = ep.person_id WHERE ep.episode_id ="
    " r.episode_id AND ep.role = 'child'), (SELECT given_names || ' ' || family_name FROM person WHERE id ="
    " r.person_id)), CASE r.direction WHEN 'up' THEN 'Step up: ' ELSE 'Step down: ' END || r.urgency,"
    " substr(r.sent_at, 1, 10)", "FROM referral r WHERE r.status = 'sent' AND ((r.direction = 'up' AND"
    " r.to_agency_id = (SELECT agency_id FROM user WHERE id = ?1)) OR (r.direction = 'down' AND r.to_team_id = ?2))")
TILE_SQL(q_commission, "", "'/requests/' || r.id, r.goods, '£' || (r.amount_pence / 100) || '.' ||"
    " substr('0' || (r.amount_pence % 100), -2), substr(r.created_at, 1, 10)", "FROM commission r JOIN episode e"
    " ON e.id = r.episode_id WHERE r.status = 'pending' AND e.team_id = ?2")

static const struct tile tiles[] = {
	{ "caseload", "Full caseload", "You have no open cases.", ROLES_CASE, q_caseload, q_caseload_count, "Allocated", 0, 1 + C_CASELOAD },
	{ "lead", "Cases where you are lead", "You are not the lead on any open case.", ROLES_CASE, q_lead, q_lead_count, "Allocated", 0, 1 + C_LEAD },
	{ "assessments", "Assessments due or overdue", "No assessments are due in the next 2 weeks.", ROLES_CASE, q_assess, q_assess_count, "Due", 0, 1 + C_ASSESS },
	{ "reviews", "Reviews due", "No reviews are due in the next 2 weeks.", ROLES_CASE, q_review, q_review_count, "Due", 0, 1 + C_REVIEW },
	{ "meetings", "Meetings this week", "No meetings in the next 7 days.", ROLES_CASE, q_meetings, q_meetings_count, "Date", 0, 1 + C_MEETINGS },
	{ "long", "Episodes open too long", "No episodes are over the time limit.", ROLES_CASE, q_long, q_long_count, "Allocated", 0, 1 + C_LONG },
	{ "consent", "Consent statements needed", "No consent statements are needed.", ROLES_CASE, q_consent, q_consent_count, "Changed", 0, 1 + C_CONSENT },
	{ "transfers", "Transfers awaiting you", "No transfers are waiting for you.", ROLES_CASE, q_transfers, q_transfers_count, "Requested", 1, 0 },
	{ "requests", "Requests awaiting allocation", "No requests are waiting.", ROLE_MANAGER, q_requests, q_requests_count, "Requested", 0, 0 },
	{ "reallocate", "Episodes to reallocate", "No episodes need a new lead.", ROLE_MANAGER, q_realloc, q_realloc_count, "Allocated", 0, 0 },
	{ "referrals", "Referrals awaiting you", "No referrals are waiting.", ROLE_MANAGER, q_referrals, q_referrals_count, "Sent", 0, 0 },
	{ "commissioning", "Requests awaiting approval", "No requests are waiting.", ROLE_MANAGER, q_commission, q_commission_count, "Requested", 0, 0 },
	{ "breakglass", "Break-glass uses to review", "No break-glass uses to review.", ROLE_MANAGER, q_bg, q_bg_count, "Used", 2, 0 },
};
#define NTILES (sizeof tiles / sizeof tiles[0])

static void
bind_common(struct ctx *c, sqlite3_stmt *st)
{
	db_bind_int(st, 1, c->user->id);
	db_bind_int(st, 2, c->user->team_id ? c->user->team_id : -1);
	db_bind_int(st, 3, c->cfg->assessment_weeks);
	db_bind_int(st, 4, c->cfg->review_weeks);
	db_bind_int(st, 5, c->cfg->episode_months);
}

static long
tile_count(struct ctx *c, const struct tile *t)
{
	sqlite3_stmt *st = db_prep(c->db, t->count_sql);
	if (st == NULL)
		return 0;
	bind_common(c, st);
	long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	db_done(st);
	return n;
}

/* The caseload tiles' counts, in one statement. */
static void
case_counts(struct ctx *c, long out[NCASE])
{
	memset(out, 0, NCASE * sizeof out[0]);
	sqlite3_stmt *st = db_prep(c->db, q_case_counts);
	if (st == NULL)
		return;
	bind_common(c, st);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < NCASE; i++)
			out[i] = sqlite3_column_int(st, i);
	db_done(st);
}

/* The user's tiles in their order (tray publications), shown ones only if shown_only. */
static int
user_tiles(struct ctx *c, const struct tile *out[], int shown[], int shown_only)
{
	int n = 0;
	int pos[NTILES];
	for (size_t i = 0; i < NTILES; i++) {
		if (!(tiles[i].roles & c->user->role))
			continue;
		int p = (int)i * 100 + 100 * 99, s = 1;
		sqlite3_stmt *st = db_prep(c->db, "SELECT position, shown FROM tray_tile WHERE user_id = ?1 AND tile = ?2");
		db_bind_int(st, 1, c->user->id);
		db_bind_text(st, 2, tiles[i].key);
		if (sqlite3_step(st) == SQLITE_ROW) {
			p = sqlite3_column_int(st, 0);
			s = sqlite3_column_int(st, 1);
		}
		db_done(st);
		if (shown_only && !s)
			continue;
		/* insertion sort by position */
		int k = n;
		while (k > 0 && pos[k - 1] > p) {
			out[k] = out[k - 1];
			pos[k] = pos[k - 1];
			shown[k] = shown[k - 1];
			k--;
		}
		out[k] = &tiles[i];
		pos[k] = p;
		shown[k] = s;
		n++;
	}
	return n;
}

static const char *
kind_of(const char *href)
{
	return !strncmp(href, "/people/", 8) ? "person" : "episode";
}

/* GET / -- any role.  The worktray: tiles, recently viewed, team view link. */
int
home_get(struct ctx *c)
{
	tpl_dict *p = view_page(c, "home.tpl", "Your worktray");
	const struct user *u = c->user;
	tpl_set(p, "AUTHORITY", c->cfg->authority_name);
	tpl_set(p, "USER_NAME", u->display_name[0] ? u->display_name : u->username);
	tpl_set(p, "ROLE", u->role == ROLE_ADMIN ? "administrator" : u->role == ROLE_MANAGER ? "manager" : "practitioner");
	tpl_set(p, "TEAM", u->team_name[0] ? arena_printf(c->a, "%s, ", u->team_name) : "");
	tpl_set(p, "AGENCY", u->agency_name);
	sqlite3_stmt *st = db_prep(c->db, "SELECT count(*) FROM security_answer WHERE user_id = ?1");
	db_bind_int(st, 1, u->id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) < 3)
		tpl_show(p, "NO_QUESTIONS");
	db_done(st);
	const char *done = req_query(c->req, "done");
	if (done && !strcmp(done, "reviewed"))
		c->flash = "Review recorded";
	else if (done && !strcmp(done, "transfer-declined"))
		c->flash = "Transfer declined";
	if (u->role == ROLE_ADMIN) {
		tpl_show(p, "ADMIN");
		return view_render(c);
	}
	tpl_show(p, "PRACTICE");
	const struct tile *mine[NTILES];
	int shown[NTILES];
	int n = user_tiles(c, mine, shown, 1);
	long cases[NCASE];
	int counted = 0;
	for (int i = 0; i < n; i++) {
		long count;
		if (mine[i]->case_col) {
			if (!counted)
				case_counts(c, cases);
			counted = 1;
			count = cases[mine[i]->case_col - 1];
		} else
			count = tile_count(c, mine[i]);
		tpl_dict *t = tpl_section(p, "TILE");
		tpl_set(t, "TITLE", mine[i]->title);
		tpl_set_int(t, "COUNT", count);
		tpl_set(t, "HREF", arena_printf(c->a, "/worktray?list=%s", mine[i]->key));
	}
	if (u->role == ROLE_MANAGER && u->team_id)
		tpl_show(p, "TEAM_VIEW");
	/*
	 * Recently viewed: from the audit trail, so it cannot drift from what
	 * happened.  The user's latest views, newest first (index audit_user_action),
	 * the first eight distinct records among the last 400 views kept.
	 */
	st = db_prep(c->db, "SELECT record_type, record_id FROM audit WHERE user_id = ?1 AND action = 'view'"
	    " ORDER BY id DESC LIMIT 400");
	db_bind_int(st, 1, u->id);
	struct { const char *type; long long id; } recent[8];
	int nr = 0;
	while (nr < 8 && sqlite3_step(st) == SQLITE_ROW) {
		const char *type = db_col_text(st, 0);
		long long rid = sqlite3_column_int64(st, 1);
		int person = !strcmp(type, "person");
		if (!person && strcmp(type, "episode"))
			continue;
		int seen = 0;
		for (int i = 0; i < nr && !seen; i++)
			seen = recent[i].id == rid && !strcmp(recent[i].type, type);
		if (seen)
			continue;
		recent[nr].type = person ? "person" : "episode";
		recent[nr].id = rid;
		nr++;
	}
	db_done(st);
	for (int i = 0; i < nr; i++) {
		const char *title = NULL;
		if (!strcmp(recent[i].type, "person")) {
			if (access_person(c, recent[i].id) < ACCESS_READ)
				continue;
			st = db_prep(c->db, "SELECT given_names || ' ' || family_name FROM person WHERE id = ?1");
			db_bind_int(st, 1, recent[i].id);
			if (sqlite3_step(st) == SQLITE_ROW)
				title = arena_strdup(c->a, db_col_text(st, 0));
			db_done(st);
		} else {
			struct ep_access a;
			if (access_episode(c, recent[i].id, &a) < 0 || a.level < ACCESS_READ || a.break_glass)
				continue;
			title = arena_printf(c->a, "Episode %lld: %s", recent[i].id, episode_family(c, recent[i].id));
		}
		if (title == NULL)
			continue;
		tpl_dict *r = tpl_section(p, "RECENT");
		tpl_set(r, "HREF", arena_printf(c->a, "/%s/%lld", !strcmp(recent[i].type, "person") ? "people"
		    : "episodes", recent[i].id));
		tpl_set(r, "TEXT", title);
	}
	return view_render(c);
}

/* GET /worktray?list=KEY&sort=name|date&dir=asc|desc&page=N -- the list behind a tile. */
int
worktray_list(struct ctx *c)
{
	const char *key = req_query(c->req, "list");
	const struct tile *t = NULL;
	for (size_t i = 0; key && i < NTILES; i++)
		if (!strcmp(tiles[i].key, key) && (tiles[i].roles & c->user->role))
			t = &tiles[i];
	if (t == NULL)
		return 404;
	const char *sort = req_query(c->req, "sort");
	const char *dir = req_query(c->req, "dir");
	int by_name = sort && !strcmp(sort, "name");
	int desc = dir && !strcmp(dir, "desc");
	long long page = valid_id(req_query(c->req, "page"));
	if (page < 1 || page > 100000)
		page = 1;
	tpl_dict *p = view_page(c, "worktray_list.tpl", t->title);
	tpl_set(p, "TITLE", t->title);
	long total = tile_count(c, t);
	tpl_set(p, "COUNT", arena_printf(c->a, "%ld %s", total, total == 1 ? "item" : "items"));
	/* Column headers sort server-side; aria-sort says which. */
	tpl_set(p, "NAME_HREF", arena_printf(c->a, "/worktray?list=%s&sort=name&dir=%s", t->key,
	    by_name && !desc ? "desc" : "asc"));
	tpl_set(p, "DATE_HREF", arena_printf(c->a, "/worktray?list=%s&sort=date&dir=%s", t->key,
	    !by_name && !desc ? "desc" : "asc"));
	tpl_set(p, "NAME_SORT", by_name ? (desc ? "descending" : "ascending") : "none");
	tpl_set(p, "DATE_SORT", !by_name ? (desc ? "descending" : "ascending") : "none");
	tpl_set(p, "DATE_LABEL", t->date_label);
	sqlite3_stmt *st = db_prep(c->db, t->sql);
	if (st == NULL)
		return 500;
	bind_common(c, st);
	struct row { const char *href, *title, *detail, *date; } *rows =
	    arena_alloc(c->a, sizeof *rows * (size_t)(total + 1));
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n <= total) {
		rows[n].href = arena_strdup(c->a, db_col_text(st, 0));
		rows[n].title = arena_strdup(c->a, db_col_text(st, 1));
		rows[n].detail = arena_strdup(c->a, db_col_text(st, 2));
		rows[n].date = arena_strdup(c->a, db_col_text(st, 3));
		n++;
	}
	db_done(st);
	/* Sort in C (lists are one user's work: small). */
	for (int i = 1; i < n; i++) {
		struct row r = rows[i];
		int k = i;
		while (k > 0) {
			int cmp = by_name ? strcmp(rows[k - 1].title, r.title) : strcmp(rows[k - 1].date, r.date);
			if (desc)
				cmp = -cmp;
			if (cmp <= 0)
				break;
			rows[k] = rows[k - 1];
			k--;
		}
		rows[k] = r;
	}
	const int per = 25;
	for (int i = (int)((page - 1) * per); i < n && i < page * per; i++) {
		tpl_dict *r = tpl_section(p, "ROW");
		const char *href = rows[i].href;
		const char *hash = strchr(href, '#');
		tpl_set(r, "HREF", hash ? arena_strndup(c->a, href, (size_t)(hash - href)) : href);
		tpl_set(r, "TEXT", rows[i].title);
		tpl_set(r, "DETAIL", rows[i].detail);
		tpl_set(r, "DATE", view_date_words(c->a, rows[i].date));
		if (t->actions && hash) {
			tpl_dict *f = tpl_section(r, t->actions == 1 ? "TRANSFER" : "REVIEW");
			tpl_set(f, "ID", hash + 1);
			tpl_set(f, "CSRF", c->csrf);
		}
		(void)kind_of;
	}
	if (n == 0)
		tpl_set(p, "EMPTY", t->empty);
	if (page > 1 || n > page * per) {
		tpl_dict *pg = tpl_include(p, "PAGER", "_pager.tpl");
		const char *base = arena_printf(c->a, "/worktray?list=%s&sort=%s&dir=%s", t->key,
		    by_name ? "name" : "date", desc ? "desc" : "asc");
		if (page > 1) {
			tpl_dict *d = tpl_section(pg, "PREV");
			tpl_set(d, "PREV_URL", arena_printf(c->a, "%s&page=%lld", base, page - 1));
			tpl_set(d, "PREV_TEXT", "Previous");
		}
		if (n > page * per) {
			tpl_dict *d = tpl_section(pg, "NEXT");
			tpl_set(d, "NEXT_URL", arena_printf(c->a, "%s&page=%lld", base, page + 1));
			tpl_set(d, "NEXT_TEXT", "Next");
		}
	}
	return view_render(c);
}

/* GET /worktray/team -- manager.  Each practitioner's caseload and overdue counts. */
int
worktray_team(struct ctx *c)
{
	if (!c->user->team_id)
		return 404;
	tpl_dict *p = view_page(c, "worktray_team.tpl", "Team view");
	tpl_set(p, "TEAM", c->user->team_name);
	/*
	 * One pass over the open episodes the team's people lead: each
	 * episode's overdue assessment and review decided once, then summed per
	 * lead (the review base is materialised, not recomputed per use).
	 */
	sqlite3_stmt *st = db_prep(c->db,
	    "WITH tu AS (SELECT id FROM user WHERE team_id = ?1 AND role != 'admin'),"
	    " ep AS MATERIALIZED (SELECT e.lead_id AS uid, e.id AS id,"
	    "  (NOT EXISTS (SELECT 1 FROM assessment a WHERE a.episode_id = e.id AND a.status = 'completed'"
	    "  AND a.completed_at >= e.lead_since) AND e.lead_since < date('now', '-' || (?2 * 7) || ' days'))"
	    "  AS overdue_a, " REVIEW_BASE " AS base"
	    "  FROM episode e WHERE e.status = 'open' AND e.lead_id IN (SELECT id FROM tu))"
	    " SELECT u.id, coalesce(nullif(u.display_name, ''), u.username), u.active, count(ep.id),"
	    " coalesce(sum(ep.overdue_a), 0), coalesce(sum(ep.base != '' AND ep.base < date('now', '-' || (?3 * 7)"
	    " || ' days')), 0) FROM user u LEFT JOIN ep ON ep.uid = u.id WHERE u.id IN (SELECT id FROM tu)"
	    " GROUP BY u.id ORDER BY 2");
	db_bind_int(st, 1, c->user->team_id);
	db_bind_int(st, 2, c->cfg->assessment_weeks);
	db_bind_int(st, 3, c->cfg->review_weeks);
	while (sqlite3_step(st) == SQLITE_ROW) {
		tpl_dict *r = tpl_section(p, "ROW");
		tpl_set(r, "NAME", db_col_text(st, 1));
		if (!sqlite3_column_int(st, 2))
			tpl_show(r, "LEFT");
		tpl_set_int(r, "CASES", sqlite3_column_int(st, 3));
		tpl_set_int(r, "OVERDUE_A", sqlite3_column_int(st, 4));
		tpl_set_int(r, "OVERDUE_R", sqlite3_column_int(st, 5));
	}
	db_done(st);
	return view_render(c);
}

/* ---- tray publications ---- */

static void
tray_page(struct ctx *c, const struct form_errors *fe)
{
	tpl_dict *p = view_page(c, "tray.tpl", "Tray publications");
	if (fe)
		view_form_errors(c, p, fe);
	const struct tile *mine[NTILES];
	int shown[NTILES];
	int n = user_tiles(c, mine, shown, 0);
	for (int i = 0; i < n; i++) {
		tpl_dict *r = tpl_section(p, "TILE");
		tpl_set(r, "KEY", mine[i]->key);
		tpl_set(r, "TITLE", mine[i]->title);
		tpl_set_int(r, "POS", i + 1);
		const char *pf = arena_printf(c->a, "pos-%s", mine[i]->key);
		tpl_set(r, "POS_VALUE", view_value(c, pf, arena_printf(c->a, "%d", i + 1)));
		int on = c->req->method == M_POST ? !!req_form(c->req, arena_printf(c->a, "show-%s", mine[i]->key))
		    : shown[i];
		if (on)
			tpl_show(r, "SHOWN");
		const char *err = fe ? form_error_for(fe, pf) : NULL;
		if (err) {
			tpl_dict *e = tpl_section(r, "ERROR");
			tpl_set(e, "MSG", err);
		}
	}
}

/* GET /account/tray -- any case role.  Which tiles show on the worktray, in what order. */
int
tray_get(struct ctx *c)
{
	if (req_query(c->req, "saved"))
		c->flash = "Your worktray has been updated";
	tray_page(c, NULL);
	return view_render(c);
}

struct tray_unit {
	long long uid;
	const char *keys[NTILES];
	int pos[NTILES], shown[NTILES], n;
	const char *ip;
};

static int
tray_unit(struct dbc *w, void *arg)
{
	struct tray_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "INSERT INTO tray_tile(user_id, tile, position, shown) VALUES(?1, ?2, ?3, ?4)"
	    " ON CONFLICT(user_id, tile) DO UPDATE SET position = excluded.position, shown = excluded.shown");
	for (int i = 0; i < u->n; i++) {
		db_bind_int(st, 1, u->uid);
		db_bind_text(st, 2, u->keys[i]);
		db_bind_int(st, 3, u->pos[i]);
		db_bind_int(st, 4, u->shown[i]);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	db_done(st);
	struct audit_entry e = { .user_id = u->uid, .action = "account.tray", .record_type = "user",
		.record_id = u->uid, .route = "account.tray", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /account/tray -- save tray publications. */
int
tray_post(struct ctx *c)
{
	struct form_errors fe = { 0 };
	struct tray_unit u = { .uid = c->user->id, .ip = c->req->client_addr };
	for (size_t i = 0; i < NTILES; i++) {
		if (!(tiles[i].roles & c->user->role))
			continue;
		const char *pf = arena_printf(c->a, "pos-%s", tiles[i].key);
		const char *v = req_form(c->req, pf);
		long long pos = valid_id(v);
		if (pos < 1 || pos > 99) {
			form_error(&fe, pf, arena_printf(c->a, "Position of \"%s\" must be a whole number from 1 to 99",
			    tiles[i].title));
			continue;
		}
		u.keys[u.n] = tiles[i].key;
		u.pos[u.n] = (int)pos * 100 + (int)i;
		u.shown[u.n] = req_form(c->req, arena_printf(c->a, "show-%s", tiles[i].key)) != NULL;
		u.n++;
	}
	if (fe.n) {
		tray_page(c, &fe);
		return view_render(c);
	}
	if (writer_run(tray_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, "/account/tray?saved=1");
	return 0;
}
