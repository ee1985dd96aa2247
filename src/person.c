/*
 * person.c -- the people pages: search (practitioners and managers), create
 * (managers, with the duplicate interruption), the record, edit (versioned),
 * relationships and the print view.
 *
 * Search criteria never appear in a URL or a log line: the form POSTs, the
 * criteria are stored under a random token bound to the session, and result
 * pages are /people?s=TOKEN&page=N.  Every search, view, change, print and
 * denial is audited.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "access.h"
#include "audit.h"
#include "person.h"
#include "phonetic.h"
#include "search.h"
#include "valid.h"
#include "view.h"
#include "writer.h"

#define PER_PAGE 20

static const char *const gender_opts[] = {
	"female", "Female", "male", "Male", "other", "Another gender", "unknown", "Not known", NULL
};

static const char *
gender_label(const char *g)
{
	for (const char *const *o = gender_opts; o[0]; o += 2)
		if (!strcmp(o[0], g))
			return o[1];
	return "Not known";
}

static void
today_iso(char out[16])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}

static int
age_years(const char *dob)
{
	char today[16];
	today_iso(today);
	int y, m, d, ty, tm_, td;
	if (sscanf(dob, "%d-%d-%d", &y, &m, &d) != 3 || sscanf(today, "%d-%d-%d", &ty, &tm_, &td) != 3)
		return -1;
	int age = ty - y;
	if (tm_ < m || (tm_ == m && td < d))
		age--;
	return age;
}

static const char *
pc_display(struct arena *a, const char *key)
{
	size_t n = strlen(key);
	if (n < 5)
		return key;
	return arena_printf(a, "%.*s %s", (int)(n - 3), key, key + n - 3);
}

/* ---- search ---- */

static void
search_form(struct ctx *c, tpl_dict *p, const struct search_criteria *q, const struct form_errors *fe)
{
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "family", .label = "Family name",
	    .value = q->family, .autocomplete = "off", .nospell = 1, .fe = fe,
	    .cls = " govuk-!-width-two-thirds" });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "given", .label = "Given name",
	    .value = q->given, .autocomplete = "off", .nospell = 1, .fe = fe,
	    .cls = " govuk-!-width-two-thirds" });
	view_date(c, p, "FIELD", "dob", "Date of birth", "For example, 27 3 2007", q->dob, 0, fe);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "postcode", .label = "Postcode",
	    .value = q->postcode, .autocomplete = "off", .nospell = 1, .fe = fe,
	    .cls = " govuk-input--width-10" });
	view_input(p, &(struct fld){ .marker = "IDENT", .name = "ident", .label = "NHS number or UPN",
	    .hint = "An exact identifier is enough on its own", .value = q->ident,
	    .autocomplete = "off", .nospell = 1, .fe = fe, .cls = " govuk-input--width-20" });
}

/* Read the posted (or stored) criteria into q; errors into fe. */
static void
read_criteria(struct ctx *c, struct search_criteria *q, struct form_errors *fe)
{
	q->ident = valid_text(c, fe, "ident", "NHS number or UPN", 20, 0);
	q->family = valid_text(c, fe, "family", "family name", 100, 0);
	q->given = valid_text(c, fe, "given", "given name", 100, 0);
	q->postcode = valid_text(c, fe, "postcode", "postcode", 10, 0);
	q->dob = valid_date3(c, fe, "dob", "Date of birth", 0, -1);
	if (q->dob == NULL)
		q->dob = "";
	if (*q->ident) {
		char k[32];
		size_t n = 0;
		for (const char *s = q->ident; *s && n < sizeof k - 1; s++)
			if (*s != ' ' && *s != '-')
				k[n++] = *s;
		k[n] = '\0';
		int digits = n == 10, upn = n == 13 && isalpha((unsigned char)k[0]);
		for (size_t i = 0; i < n; i++)
			if (!isdigit((unsigned char)k[i]))
				digits = 0;
		if (!digits && !upn)
			form_error(fe, "ident", "Enter an NHS number (10 digits) or a UPN (13 characters)");
		return;
	}
	if (fe->n)
		return;
	char fold[128];
	name_fold(q->family, fold, sizeof fold);
	size_t letters = strlen(fold) ? strlen(fold) : utf8_chars(q->family);
	if (*q->family == '\0')
		form_error(fe, "family", "Enter a family name");
	else if (letters < 2)
		form_error(fe, "family", "Family name must be 2 letters or more");
	else if (!*q->given && !*q->dob && !*q->postcode)
		form_error(fe, "given", "Enter a given name, date of birth or postcode as well as the family name");
	if (*q->postcode) {
		char pk[12];
		postcode_key(q->postcode, pk);
		if (!pk[0])
			form_error(fe, "postcode", "Enter a full UK postcode, like SW1A 1AA");
	}
}

struct search_unit {
	char token[44];
	unsigned char session[32];
	long long uid, now;
	const char *criteria, *ip;
};

static int
search_unit(struct dbc *w, void *arg)
{
	struct search_unit *u = arg;
	sqlite3_stmt *st;
	if (u->token[0] == 'A') {
		/* Now and then (1 in 64 searches), forget searches older than 12 hours. */
		st = db_prep(w, "DELETE FROM search WHERE created_at < ?1");
		db_bind_int(st, 1, u->now - 12 * 3600);
		sqlite3_step(st);
		db_done(st);
	}
	st = db_prep(w, "INSERT INTO search(token, session, user_id, criteria, created_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)");
	db_bind_text(st, 1, u->token);
	sqlite3_bind_blob(st, 2, u->session, 32, SQLITE_TRANSIENT);
	db_bind_int(st, 3, u->uid);
	db_bind_text(st, 4, u->criteria);
	db_bind_int(st, 5, u->now);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	struct audit_entry e = { .user_id = u->uid, .action = "search", .record_type = "person",
		.route = "people.search", .ip = u->ip, .detail = u->criteria };
	return audit_add(w, &e);
}

/* Load stored criteria for token into the request's form fields. */
static int
load_criteria(struct ctx *c, const char *token)
{
	if (token == NULL || strlen(token) != 43)
		return 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT criteria FROM search WHERE token = ?1"
	    " AND session = ?2 AND user_id = ?3");
	db_bind_text(st, 1, token);
	sqlite3_bind_blob(st, 2, c->session_hash, 32, SQLITE_TRANSIENT);
	db_bind_int(st, 3, c->user->id);
	int ok = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *crit = arena_strdup(c->a, db_col_text(st, 0));
		struct limits lim = { 65536, 64, 4096 };
		ok = request_parse_urlencoded(c->a, crit, strlen(crit), &lim, &c->req->form,
		    &c->req->nform) == 0;
	}
	db_done(st);
	return ok;
}

static const char *
criteria_string(struct ctx *c, const struct search_criteria *q)
{
	const char *dd = req_form(c->req, "dob-day"), *dm = req_form(c->req, "dob-month"),
	    *dy = req_form(c->req, "dob-year");
	return arena_printf(c->a, "family=%s&given=%s&dob-day=%s&dob-month=%s&dob-year=%s"
	    "&postcode=%s&ident=%s", url_encode(c->a, q->family), url_encode(c->a, q->given),
	    url_encode(c->a, dd ? dd : ""), url_encode(c->a, dm ? dm : ""),
	    url_encode(c->a, dy ? dy : ""), url_encode(c->a, q->postcode),
	    url_encode(c->a, q->ident));
}

static void
show_results(struct ctx *c, tpl_dict *p, const struct search_criteria *q, const char *token,
    long page)
{
	struct search_hit *hits;
	int n;
	search_run(c, q, &hits, &n);
	tpl_dict *r = tpl_section(p, "RESULTS");
	tpl_set(r, "COUNT_TEXT", n == 0 ? "No people found" : n == 1 ? "1 person found"
	    : arena_printf(c->a, "%d people found%s", n, n >= c->cfg->search_cap
	        ? " (the closest matches: add more detail to narrow the search)" : ""));
	long pages = (n + PER_PAGE - 1) / PER_PAGE;
	if (page > pages)
		page = pages > 0 ? pages : 1;
	if (n)
		tpl_show(r, "ANY");
	for (int i = (int)((page - 1) * PER_PAGE); i < n && i < page * PER_PAGE; i++) {
		struct search_hit *h = &hits[i];
		tpl_dict *row = tpl_section(r, "ROW");
		tpl_set_int(row, "ID", (long)h->id);
		tpl_set(row, "NAME", arena_printf(c->a, "%s %s", h->given, h->family));
		tpl_show(row, h->can_open ? "OPEN" : "RESTRICTED");
		if (h->can_open)
			tpl_set(row, "BORN", h->unborn ? "Unborn" : *h->dob ? view_date_words(c->a, h->dob)
			    : h->birth_year ? arena_printf(c->a, "About %ld", h->birth_year) : "Not known");
		else
			tpl_set(row, "BORN", h->birth_year ? arena_printf(c->a, "%ld", h->birth_year)
			    : "Not known");
		if (h->withheld)
			tpl_set(row, "POSTCODE", "–");
		else if (h->can_open)
			tpl_set(row, "POSTCODE", pc_display(c->a, h->postcode_key));
		else {
			char out[8];
			postcode_outward(h->postcode_key, out);
			tpl_set(row, "POSTCODE", out[0] ? arena_printf(c->a, "%s (area)", out) : "–");
		}
		if (c->cfg->search_show_holder || h->can_open) {
			sqlite3_stmt *hs = db_prep(c->db, "SELECT t.name, coalesce(nullif(u.display_name, ''),"
			    " u.username, 'not yet allocated') FROM episode_person ep JOIN episode e ON e.id ="
			    " ep.episode_id JOIN team t ON t.id = e.team_id LEFT JOIN user u ON u.id = e.lead_id"
			    " WHERE ep.person_id = ?1 AND e.status IN ('open', 'requested') LIMIT 1");
			db_bind_int(hs, 1, h->id);
			if (sqlite3_step(hs) == SQLITE_ROW) {
				tpl_dict *hd = tpl_section(row, "HOLDER");
				tpl_set(hd, "TEAM", db_col_text(hs, 0));
				tpl_set(hd, "LEAD_TITLE", c->cfg->lead_title);
				tpl_set(hd, "LEAD", db_col_text(hs, 1));
			} else
				tpl_show(row, "CAN_REQUEST");
			db_done(hs);
			tpl_show(row, "CAN_CONTACT");
			if (c->user->csc)
				tpl_show(row, "CAN_STEPDOWN");
		}
		for (int b = 0; b < W_COUNT; b++)
			if (h->why & (1u << b)) {
				tpl_dict *w = tpl_section(row, "WHY");
				tpl_set(w, "REASON", why_text[b]);
			}
	}
	if (pages > 1) {
		tpl_dict *pg = tpl_include(r, "PAGER", "_pager.tpl");
		if (page > 1) {
			tpl_dict *d = tpl_section(pg, "PREV");
			tpl_set(d, "PREV_URL", arena_printf(c->a, "/people?s=%s&page=%ld", token, page - 1));
			tpl_set(d, "PREV_TEXT", "Previous");
		}
		if (page < pages) {
			tpl_dict *d = tpl_section(pg, "NEXT");
			tpl_set(d, "NEXT_URL", arena_printf(c->a, "/people?s=%s&page=%ld", token, page + 1));
			tpl_set(d, "NEXT_TEXT", "Next");
		}
	}
	if (c->user->role == ROLE_MANAGER) {
		tpl_dict *cc = tpl_section(r, "CAN_CREATE");
		tpl_set(cc, "TOKEN", token);
	} else
		tpl_show(r, "ASK_MANAGER");
}

/* GET /people -- practitioner, manager.  The search form; with ?s=TOKEN its results. */
int
people_get(struct ctx *c)
{
	const char *token = req_query(c->req, "s");
	struct search_criteria q = { "", "", "", "", "" };
	struct form_errors fe = { 0 };
	int have = token && load_criteria(c, token);
	if (have) {
		c->req->method = M_POST;          /* show the stored values in the form */
		read_criteria(c, &q, &fe);
	}
	tpl_dict *p = view_page(c, "people_search.tpl", have ? "Search results" : "Find a person");
	if (token && !have) {
		form_error(&fe, "family", "Your search has expired. Search again");
		view_form_errors(c, p, &fe);
	}
	search_form(c, p, &q, NULL);
	if (have && fe.n == 0) {
		long long page = valid_id(req_query(c->req, "page"));
		show_results(c, p, &q, token, page > 0 && page < 1000 ? (long)page : 1);
	}
	c->req->method = M_GET;
	return view_render(c);
}

/* POST /people -- practitioner, manager.  Stores criteria, audits, 303 to results. */
int
people_search(struct ctx *c)
{
	struct search_criteria q = { 0 };
	struct form_errors fe = { 0 };
	read_criteria(c, &q, &fe);
	if (fe.n) {
		tpl_dict *p = view_page(c, "people_search.tpl", "Find a person");
		view_form_errors(c, p, &fe);
		search_form(c, p, &q, &fe);
		return view_render(c);
	}
	struct search_unit u = { .uid = c->user->id, .now = (long long)time(NULL),
		.ip = c->req->client_addr, .criteria = criteria_string(c, &q) };
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(u.token, sizeof u.token, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memcpy(u.session, c->session_hash, 32);
	if (writer_run(search_unit, &u) != 0)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/people?s=%s#results", u.token));
	return 0;
}

/* ---- the person form (create and edit) ---- */

static int
checked(struct ctx *c, const char *f)
{
	const char *v = req_form(c->req, f);
	return v && !strcmp(v, "yes");
}

/* Read and validate the person form into p. */
static void
read_person(struct ctx *c, struct person_rec *p, struct form_errors *fe)
{
	p->family_name = valid_text(c, fe, "family_name", "family name", 100, 1);
	p->given_names = valid_text(c, fe, "given_names", "given name", 100, 1);
	p->unborn = checked(c, "unborn");
	p->estimated_age = -1;
	const char *dob = valid_date3(c, fe, "dob", "Date of birth", 0, -1);
	const char *age = valid_text(c, fe, "estimated_age", "estimated age", 3, 0);
	const char *edd = valid_date3(c, fe, "edd", "Expected date of delivery", p->unborn, 1);
	p->dob = dob && *dob ? dob : NULL;
	p->edd = edd && *edd ? edd : NULL;
	if (*age) {
		long long a = -1;
		if (strlen(age) <= 3 && strspn(age, "0123456789") == strlen(age))
			a = atoll(age);
		if (a < 0 || a > 120)
			form_error(fe, "estimated_age", "Estimated age must be a whole number of years from 0 to 120");
		else
			p->estimated_age = (long)a;
	}
	if (p->unborn) {
		if (p->dob)
			form_error(fe, "dob-day", "An unborn baby cannot have a date of birth: remove it or untick unborn");
		if (p->estimated_age >= 0)
			form_error(fe, "estimated_age", "An unborn baby cannot have an age: remove it or untick unborn");
	} else if (dob && !*dob && p->estimated_age < 0 && !form_error_for(fe, "estimated_age"))
		form_error(fe, "dob-day", "Enter a date of birth, or an estimated age if it is not known");
	else if (p->dob && p->estimated_age >= 0)
		form_error(fe, "estimated_age", "Enter a date of birth or an estimated age, not both");
	if (!p->unborn && edd && *edd)
		form_error(fe, "edd-day", "Tick unborn to enter an expected date of delivery");
	p->gender = req_form(c->req, "gender");
	int gok = 0;
	for (const char *const *o = gender_opts; o[0] && p->gender; o += 2)
		if (!strcmp(o[0], p->gender))
			gok = 1;
	if (!gok) {
		form_error(fe, "gender", "Select a gender");
		p->gender = "";
	}
	p->no_fixed_abode = checked(c, "no_fixed_abode");
	p->address_withheld = checked(c, "address_withheld");
	p->address = valid_text(c, fe, "address", "address", 300, 0);
	p->postcode = valid_text(c, fe, "postcode", "postcode", 10, 0);
	if (!p->no_fixed_abode) {
		if (!*p->address && !form_error_for(fe, "address"))
			form_error(fe, "address", "Enter an address, or select no fixed abode");
		char pk[12];
		postcode_key(p->postcode, pk);
		if (!*p->postcode)
			form_error(fe, "postcode", "Enter a postcode");
		else if (!pk[0])
			form_error(fe, "postcode", "Enter a full UK postcode, like SW1A 1AA");
		else
			p->postcode = pc_display(c->a, pk);
	} else if (*p->address || *p->postcode) {
		form_error(fe, "address", "Remove the address, or untick no fixed abode");
	}
	const char *nhs = valid_nhs(c, fe, "nhs_number");
	p->nhs_number = nhs && *nhs ? nhs : NULL;
	const char *upn = valid_text(c, fe, "upn", "UPN", 13, 0);
	if (*upn) {
		char u[16];
		size_t n = 0;
		for (const char *s = upn; *s && n < 14; s++)
			u[n++] = (char)toupper((unsigned char)*s);
		u[n] = '\0';
		int ok = n == 13 && isalpha((unsigned char)u[0]);
		for (size_t i = 1; ok && i < 12; i++)
			ok = isdigit((unsigned char)u[i]);
		ok = ok && isalnum((unsigned char)u[12]);
		if (!ok)
			form_error(fe, "upn", "UPN must be 13 characters, like A123456789012");
		p->upn = arena_strdup(c->a, u);
	} else
		p->upn = NULL;
	p->language = valid_text(c, fe, "language", "language", 60, 0);
	p->interpreter = checked(c, "interpreter");
	p->previous_names = valid_text(c, fe, "previous_names", "previous names", 400, 0);
}

static void
person_fields(struct ctx *c, tpl_dict *p, const struct person_rec *r, const struct form_errors *fe)
{
	int posted = c->req->method == M_POST || c->restored;
#define V(f, dflt) (posted ? view_value(c, f, "") : (dflt ? dflt : ""))
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "family_name", .label = "Family name",
	    .value = V("family_name", r->family_name), .autocomplete = "off", .nospell = 1, .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "given_names", .label = "Given names",
	    .value = V("given_names", r->given_names), .autocomplete = "off", .nospell = 1, .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "previous_names",
	    .label = "Previous names or other names used (optional)",
	    .hint = "Separate names with commas, for example Jane Smith, Jane Brown",
	    .value = V("previous_names", r->previous_names), .autocomplete = "off", .fe = fe });
	view_date(c, p, "FIELD", "dob", "Date of birth", "For example, 27 3 2007. Leave empty if not known",
	    r->dob, 0, fe);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "estimated_age",
	    .label = "Estimated age in years, if the date of birth is not known",
	    .value = posted ? view_value(c, "estimated_age", "") : (r->estimated_age >= 0
	        ? arena_printf(c->a, "%ld", r->estimated_age) : ""),
	    .cls = " govuk-input--width-3", .fe = fe });
	view_checkbox(p, &(struct fld){ .marker = "FIELD", .name = "unborn", .label = "Unborn baby",
	    .fe = fe }, posted ? checked(c, "unborn") : r->unborn);
	view_date(c, p, "FIELD", "edd", "Expected date of delivery, for an unborn baby",
	    "For example, 14 6 2027", r->edd, 0, fe);
	view_radios(p, &(struct fld){ .marker = "FIELD", .name = "gender", .label = "Gender",
	    .value = V("gender", r->gender), .options = gender_opts, .fe = fe });
	view_textarea(p, &(struct fld){ .marker = "FIELD", .name = "address", .label = "Address",
	    .hint = "House number and street, town", .value = V("address", r->address), .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "postcode", .label = "Postcode",
	    .value = V("postcode", r->postcode), .autocomplete = "off", .nospell = 1,
	    .cls = " govuk-input--width-10", .fe = fe });
	view_checkbox(p, &(struct fld){ .marker = "FIELD", .name = "no_fixed_abode",
	    .label = "No fixed abode", .fe = fe }, posted ? checked(c, "no_fixed_abode") : r->no_fixed_abode);
	view_checkbox(p, &(struct fld){ .marker = "FIELD", .name = "address_withheld",
	    .label = "Address withheld",
	    .hint = "For example, a parent fleeing abuse. The address will show only on this person's own record, never on relatives' records, search results or printed forms",
	    .fe = fe }, posted ? checked(c, "address_withheld") : r->address_withheld);
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "nhs_number",
	    .label = "NHS number (optional)", .hint = "10 digits, for example 943 476 5919",
	    .value = V("nhs_number", r->nhs_number), .autocomplete = "off",
	    .cls = " govuk-input--width-10", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "upn",
	    .label = "Unique pupil number (UPN) (optional)", .hint = "13 characters, for example A123456789012",
	    .value = V("upn", r->upn), .autocomplete = "off", .nospell = 1,
	    .cls = " govuk-input--width-20", .fe = fe });
	view_input(p, &(struct fld){ .marker = "FIELD", .name = "language",
	    .label = "Main language (optional)", .value = V("language", r->language),
	    .cls = " govuk-input--width-20", .fe = fe });
	view_checkbox(p, &(struct fld){ .marker = "FIELD", .name = "interpreter",
	    .label = "Needs an interpreter", .fe = fe }, posted ? checked(c, "interpreter") : r->interpreter);
#undef V
}

static void
person_form_page(struct ctx *c, const struct person_rec *r, const struct form_errors *fe)
{
	const char *title = r->id ? "Change person details" : "Create a person record";
	tpl_dict *p = view_page(c, "form.tpl", title);
	tpl_set(p, "HEADING", title);
	tpl_set(p, "ACTION", r->id ? arena_printf(c->a, "/people/%lld/edit", r->id) : "/people/new");
	tpl_set(p, "SUBMIT", r->id ? "Save changes" : "Create record");
	tpl_dict *b = tpl_section(p, "BACK");
	tpl_set(b, "BACK_URL", r->id ? arena_printf(c->a, "/people/%lld", r->id) : "/people");
	if (r->id) {
		tpl_dict *h = tpl_section(p, "HIDDEN");
		tpl_set(h, "H_NAME", "version");
		tpl_set(h, "H_VALUE", arena_printf(c->a, "%lld", r->version));
	}
	if (fe)
		view_form_errors(c, p, fe);
	person_fields(c, p, r, fe);
}

/* GET /people/new -- manager.  The create form (prefilled from a search token). */
int
person_new(struct ctx *c)
{
	struct person_rec r = { .estimated_age = -1 };
	const char *token = req_query(c->req, "s");
	if (!c->restored && token && load_criteria(c, token)) {
		/* Carry the search into the form: rename its fields. */
		for (size_t i = 0; i < c->req->nform; i++) {
			if (!strcmp(c->req->form[i].name, "family"))
				c->req->form[i].name = "family_name";
			else if (!strcmp(c->req->form[i].name, "given"))
				c->req->form[i].name = "given_names";
		}
		c->restored = 1;
	}
	person_form_page(c, &r, NULL);
	return view_render(c);
}

struct dup {
	long long id;
	const char *name, *born, *postcode, *why, *holder;
	int can_open, withheld;
};

/* Likely duplicates: same phonetic name and date or year of birth, or same address. */
static int
find_duplicates(struct ctx *c, const struct person_rec *p, struct dup *out, int max, long long self)
{
	char fk[PHONETIC_MAX + 1], gk[PHONETIC_MAX + 1], pk[12];
	phonetic_key(p->family_name, fk);
	phonetic_key(p->given_names, gk);
	postcode_key(p->postcode, pk);
	long year = p->dob ? atol(p->dob) : p->unborn && p->edd ? atol(p->edd) : 0;
	if (!year && p->estimated_age >= 0) {
		char t[16];
		today_iso(t);
		year = atol(t) - p->estimated_age;
	}
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT DISTINCT p.id, p.given_names || ' ' || p.family_name, coalesce(p.dob, ''),"
	    " coalesce(p.birth_year, 0), p.postcode_key, p.address_withheld,"
	    " CASE WHEN p.dob = ?3 AND n.given_key = ?2 THEN 'same name sound and date of birth'"
	    "  WHEN p.dob = ?3 THEN 'same family name sound and date of birth'"
	    "  WHEN p.postcode_key = ?5 AND lower(p.address) = lower(?6) AND ?6 != '' THEN 'same address'"
	    "  ELSE 'same name sound and year of birth' END"
	    " FROM person p LEFT JOIN person_name n ON n.person_id = p.id"
	    " WHERE p.id != ?7 AND ((n.family_key = ?1 AND n.given_key = ?2 AND (p.dob = ?3"
	    "  OR p.birth_year BETWEEN ?4 - 1 AND ?4 + 1))"
	    /* Thomas and Tomas, Jess and Jessica: a given name that sounds different is no proof. */
	    "  OR (n.family_key = ?1 AND p.dob = ?3)"
	    "  OR (?5 != '' AND p.postcode_key = ?5 AND lower(p.address) = lower(?6) AND ?6 != ''"
	    "      AND n.given_key = ?2 AND n.current = 1))"
	    " ORDER BY p.id, n.given_key != ?2 LIMIT ?9");
	db_bind_text(st, 1, fk);
	db_bind_text(st, 2, gk);
	db_bind_text(st, 3, p->dob ? p->dob : "-");
	db_bind_int(st, 4, year ? year : -100);
	db_bind_text(st, 5, pk);
	db_bind_text(st, 6, p->address ? p->address : "");
	db_bind_int(st, 7, self);
	db_bind_text(st, 8, p->family_name);
	db_bind_int(st, 9, max);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && n < max) {
		/* A person matched through several of their names is listed once, for the best reason. */
		if (n > 0 && out[n - 1].id == sqlite3_column_int64(st, 0))
			continue;
		struct dup *d = &out[n++];
		d->id = sqlite3_column_int64(st, 0);
		d->name = arena_strdup(c->a, db_col_text(st, 1));
		const char *dob = db_col_text(st, 2);
		long by = sqlite3_column_int(st, 3);
		d->withheld = sqlite3_column_int(st, 5);
		d->why = arena_strdup(c->a, db_col_text(st, 6));
		d->can_open = access_person(c, d->id) >= ACCESS_READ;
		d->born = d->can_open && *dob ? view_date_words(c->a, dob) : by ? arena_printf(c->a, "%ld", by)
		    : "not known";
		char out8[8];
		postcode_outward(db_col_text(st, 4), out8);
		d->postcode = d->withheld ? "" : d->can_open ? pc_display(c->a, db_col_text(st, 4))
		    : arena_strdup(c->a, out8);
	}
	db_done(st);
	/* A same-address match on a withheld address is never shown to someone who may not open it. */
	int k = 0;
	for (int i = 0; i < n; i++)
		if (!(out[i].withheld && !out[i].can_open && !strcmp(out[i].why, "same address")))
			out[k++] = out[i];
	return k;
}

/*
 * Whom to ask about a record the user may not open, where config allows
 * naming them (as search does): the team and lead of its open or requested
 * episode, else the team of whoever created it.
 */
static const char *
holder_text(struct ctx *c, long long pid)
{
	const char *who = NULL;
	sqlite3_stmt *st;
	if (!c->cfg->search_show_holder)
		return "your manager";
	{
		st = db_prep(c->db, "SELECT t.name, coalesce(nullif(u.display_name, ''), u.username, 'not yet"
		    " allocated') FROM episode_person ep JOIN episode e ON e.id = ep.episode_id JOIN team t ON t.id ="
		    " e.team_id LEFT JOIN user u ON u.id = e.lead_id WHERE ep.person_id = ?1 AND e.status IN"
		    " ('open', 'requested') LIMIT 1");
		db_bind_int(st, 1, pid);
		if (sqlite3_step(st) == SQLITE_ROW)
			who = arena_printf(c->a, "%s (%s: %s)", db_col_text(st, 0), c->cfg->lead_title, db_col_text(st, 1));
		db_done(st);
		if (who)
			return who;
	}
	st = db_prep(c->db, "SELECT t.name FROM person p JOIN user u ON u.id = p.created_by JOIN team t ON t.id ="
	    " u.team_id WHERE p.id = ?1");
	db_bind_int(st, 1, pid);
	if (sqlite3_step(st) == SQLITE_ROW)
		who = arena_strdup(c->a, db_col_text(st, 0));
	db_done(st);
	return who ? who : "your manager";
}

struct create_unit {
	struct person_rec p;
	long long id;
	long long dups[10];
	int ndups;
	const char *ip;
};

static int
create_unit(struct dbc *w, void *arg)
{
	struct create_unit *u = arg;
	u->id = person_insert(w, &u->p);
	if (u->id == 0)
		return -1;
	struct audit_entry e = { .user_id = u->p.created_by, .action = "create", .record_type = "person",
		.record_id = u->id, .route = "person.create", .ip = u->ip };
	if (audit_add(w, &e) != 0)
		return -1;
	for (int i = 0; i < u->ndups; i++) {
		sqlite3_stmt *st = db_prep(w, "INSERT OR IGNORE INTO duplicate_confirmation(person_id,"
		    " candidate_id, confirmed_by, confirmed_at) VALUES(?1, ?2, ?3, ?4)");
		db_bind_int(st, 1, u->id);
		db_bind_int(st, 2, u->dups[i]);
		db_bind_int(st, 3, u->p.created_by);
		db_bind_text(st, 4, u->p.created_at);
		sqlite3_step(st);
		db_done(st);
		char d[64];
		snprintf(d, sizeof d, "confirmed different from person %lld", u->dups[i]);
		struct audit_entry x = e;
		x.action = "duplicate.confirm";
		x.detail = d;
		if (audit_add(w, &x) != 0)
			return -1;
	}
	return 0;
}

static int
nhs_taken(struct ctx *c, const char *nhs, long long self)
{
	if (nhs == NULL)
		return 0;
	sqlite3_stmt *st = db_prep(c->db, "SELECT id FROM person WHERE nhs_number = ?1 AND id != ?2");
	db_bind_text(st, 1, nhs);
	db_bind_int(st, 2, self);
	int taken = sqlite3_step(st) == SQLITE_ROW;
	db_done(st);
	return taken;
}

/* POST /people/new -- manager.  Validate; show likely duplicates first; create; 303. */
int
person_create(struct ctx *c)
{
	struct create_unit u = { 0 };
	struct form_errors fe = { 0 };
	read_person(c, &u.p, &fe);
	if (fe.n == 0 && nhs_taken(c, u.p.nhs_number, 0))
		form_error(&fe, "nhs_number", "A person with this NHS number already has a record. Search for them by NHS number");
	if (fe.n) {
		person_form_page(c, &u.p, &fe);
		return view_render(c);
	}
	struct dup d[10];
	int nd = find_duplicates(c, &u.p, d, 10, 0);
	const char *confirm = req_form(c->req, "confirm_different");
	if (nd > 0 && !(confirm && !strcmp(confirm, "yes"))) {
		tpl_dict *p = view_page(c, "person_duplicates.tpl", "There may already be a record for this person");
		tpl_set(p, "NAME", arena_printf(c->a, "%s %s", u.p.given_names, u.p.family_name));
		for (int i = 0; i < nd; i++) {
			tpl_dict *cd = tpl_section(p, "CAND");
			tpl_set_int(cd, "ID", (long)d[i].id);
			tpl_set(cd, "CNAME", d[i].name);
			tpl_set(cd, "BORN", d[i].born);
			tpl_set(cd, "WHY", d[i].why);
			tpl_set(cd, "HOLDER", holder_text(c, d[i].id));
			if (*d[i].postcode) {
				tpl_dict *pc = tpl_section(cd, "PC");
				tpl_set(pc, "POSTCODE", d[i].postcode);
			}
			tpl_show(cd, d[i].can_open ? "OPEN" : "RESTRICTED");
		}
		for (size_t i = 0; i < c->req->nform; i++) {
			const char *n = c->req->form[i].name;
			if (!strcmp(n, "csrf") || !strcmp(n, "confirm_different"))
				continue;
			tpl_dict *h = tpl_section(p, "HIDDEN");
			tpl_set(h, "H_NAME", n);
			tpl_set(h, "H_VALUE", c->req->form[i].value);
		}
		return view_render(c);
	}
	char now[64];
	audit_now(now);
	u.p.created_by = c->user->id;
	u.p.created_at = now;
	u.ip = c->req->client_addr;
	for (int i = 0; i < nd; i++)
		u.dups[u.ndups++] = d[i].id;
	int rc = writer_run(create_unit, &u);
	if (rc != 0) {
		if (nhs_taken(c, u.p.nhs_number, 0)) {
			form_error(&fe, "nhs_number", "A person with this NHS number already has a record. Search for them by NHS number");
			person_form_page(c, &u.p, &fe);
			return view_render(c);
		}
		return 500;
	}
	response_redirect(c->resp, arena_printf(c->a, "/people/%lld?created=1", u.id));
	return 0;
}

/* ---- the record ---- */

struct loaded {
	struct person_rec r;
	const char *updated_at, *updated_by_name;
};

static int
load_person(struct ctx *c, long long id, struct loaded *l)
{
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT p.family_name, p.given_names, p.dob, coalesce(p.estimated_age, -1), p.unborn, p.edd,"
	    " p.gender, p.address, p.postcode, p.no_fixed_abode, p.address_withheld, p.nhs_number,"
	    " p.upn, p.language, p.interpreter, p.previous_names, p.version, p.updated_at,"
	    " coalesce(nullif(u.display_name, ''), u.username), p.created_by, p.created_at"
	    " FROM person p JOIN user u ON u.id = p.updated_by WHERE p.id = ?1");
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_done(st);
		return 0;
	}
	struct person_rec *r = &l->r;
	memset(r, 0, sizeof *r);
	r->id = id;
#define T(i) arena_strdup(c->a, db_col_text(st, i))
#define N(i) (sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : T(i))
	r->family_name = T(0);
	r->given_names = T(1);
	r->dob = N(2);
	r->estimated_age = sqlite3_column_int(st, 3);
	r->unborn = sqlite3_column_int(st, 4);
	r->edd = N(5);
	r->gender = T(6);
	r->address = T(7);
	r->postcode = T(8);
	r->no_fixed_abode = sqlite3_column_int(st, 9);
	r->address_withheld = sqlite3_column_int(st, 10);
	r->nhs_number = N(11);
	r->upn = N(12);
	r->language = T(13);
	r->interpreter = sqlite3_column_int(st, 14);
	r->previous_names = T(15);
	r->version = sqlite3_column_int64(st, 16);
	l->updated_at = T(17);
	l->updated_by_name = T(18);
	r->created_by = sqlite3_column_int64(st, 19);
	r->created_at = T(20);
#undef T
#undef N
	db_done(st);
	return 1;
}

static const char *
born_text(struct ctx *c, const struct person_rec *r)
{
	if (r->unborn)
		return r->edd ? arena_printf(c->a, "Unborn: expected %s", view_date_words(c->a, r->edd))
		    : "Unborn";
	if (r->dob) {
		int age = age_years(r->dob);
		return arena_printf(c->a, "%s (%d year%s old)", view_date_words(c->a, r->dob), age,
		    age == 1 ? "" : "s");
	}
	if (r->estimated_age >= 0)
		return arena_printf(c->a, "Not known: about %ld years old when recorded", r->estimated_age);
	return "Not known";
}

static const char *
nhs_text(struct arena *a, const char *n)
{
	if (n == NULL || strlen(n) != 10)
		return n;
	return arena_printf(a, "%.3s %.3s %.4s", n, n + 3, n + 6);
}

static tpl_dict *
row(tpl_dict *list, const char *key, const char *value, const char *missing)
{
	tpl_dict *r = tpl_section(list, "ROW");
	tpl_set(r, "KEY", key);
	if (value && *value) {
		tpl_set(r, "VALUE", value);
		tpl_show(r, "PLAIN");
	} else {
		tpl_set(r, "VALUE", missing ? missing : "Not recorded");
		tpl_show(r, "MISSING");
	}
	return r;
}

static void
relationships_card(struct ctx *c, tpl_dict *p, long long id, int can_write, int ended)
{
	tpl_dict *card = tpl_section(p, "CARD");
	tpl_set(card, "CARD_TITLE", ended ? "Past relationships" : "Relationships");
	if (can_write && !ended) {
		tpl_dict *a = tpl_section(card, "CARD_ACTION");
		tpl_set(a, "ACTION_HREF", arena_printf(c->a, "/people/%lld/relationships/new", id));
		tpl_set(a, "ACTION_TEXT", "Add a relationship");
	}
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT r.id, r.person_a, r.person_b, r.a_is, r.do_not_print, coalesce(r.ended_at, ''),"
	    " o.given_names || ' ' || o.family_name, coalesce(o.dob, ''), o.unborn, o.id"
	    " FROM relationship r JOIN person o ON o.id = CASE WHEN r.person_a = ?1 THEN r.person_b"
	    " ELSE r.person_a END WHERE (r.person_a = ?1 OR r.person_b = ?1)"
	    " AND (r.ended_at IS NULL) = (?2 = 0) ORDER BY r.id");
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, ended);
	tpl_dict *list = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (list == NULL)
			list = tpl_section(card, "LIST");
		long long rid = sqlite3_column_int64(st, 0);
		int this_is_a = sqlite3_column_int64(st, 1) == id;
		const char *a_is = db_col_text(st, 3);
		const char *label = this_is_a ? relationship_reciprocal(a_is) : relationship_label(a_is);
		long long other = sqlite3_column_int64(st, 9);
		int open = access_person(c, other) >= ACCESS_READ;
		tpl_dict *r = tpl_section(list, "ROW");
		tpl_set(r, "KEY", label);
		tpl_set(r, "VALUE", db_col_text(st, 6));
		if (open) {
			tpl_dict *l = tpl_section(r, "LINK");
			tpl_set(l, "HREF", arena_printf(c->a, "/people/%lld", other));
			const char *dob = db_col_text(st, 7);
			tpl_dict *ex = tpl_section(r, "EXTRA");
			tpl_set(ex, "EXTRA_TEXT", sqlite3_column_int(st, 8) ? "Unborn" : *dob
			    ? arena_printf(c->a, "Born %s", view_date_words(c->a, dob)) : "Date of birth not known");
		} else
			tpl_show(r, "PLAIN");   /* name and type only: no address, no date of birth */
		if (sqlite3_column_int(st, 4)) {
			tpl_dict *t = tpl_section(r, "TAG");
			tpl_set(t, "TAG_CLASS", "govuk-tag--red");
			tpl_set(t, "TAG_TEXT", "Do not print");
		}
		if (ended) {
			tpl_dict *ex = tpl_section(r, "EXTRA");
			tpl_set(ex, "EXTRA_TEXT", arena_printf(c->a, "Ended %s",
			    view_datetime_words(c->a, db_col_text(st, 5))));
			tpl_show(r, "NOACTION");
		} else if (can_write) {
			tpl_dict *ra = tpl_section(r, "ROW_ACTION");
			tpl_dict *e = tpl_section(ra, "END");
			tpl_set(e, "END_ACTION", arena_printf(c->a, "/relationships/%lld/end", rid));
			tpl_set(e, "CSRF", c->csrf);
		} else
			tpl_show(r, "NOACTION");
	}
	db_done(st);
	if (list == NULL) {
		tpl_dict *e = tpl_section(card, "EMPTY");
		tpl_set(e, "EMPTY_TEXT", ended ? "None." : "No relationships recorded.");
	}
}

/* GET /people/{id} -- practitioner, manager with access.  The record (view audited). */
int
person_get(struct ctx *c)
{
	long long id = c->id[0];
	/* Decide once: normal access first; break-glass only if that gives none. */
	c->for_print = 1;
	int level = access_person(c, id);
	c->for_print = 0;
	int via_bg = 0;
	if (level == ACCESS_NONE && c->user->role != ROLE_ADMIN) {
		level = access_person(c, id);
		via_bg = level >= ACCESS_READ;
	}
	if (level < 0)
		return 404;
	if (level < ACCESS_READ) {
		access_deny(c, "record", id);
		return 0;
	}
	struct loaded l;
	if (!load_person(c, id, &l))
		return 404;
	/* A view only possible through break-glass is audited as such. */
	if (access_audit_view(c, "view", "person", id, via_bg ? "break-glass" : NULL) != 0)
		return 500;
	int can_write = level >= ACCESS_WRITE;
	const struct person_rec *r = &l.r;
	if (req_query(c->req, "created"))
		c->flash = "Person record created";
	else if (req_query(c->req, "saved"))
		c->flash = "Changes saved";
	else if (req_query(c->req, "related"))
		c->flash = "Relationship added";
	else if (req_query(c->req, "ended"))
		c->flash = "Relationship ended";
	tpl_dict *p = view_page(c, "person.tpl", arena_printf(c->a, "%s %s", r->given_names,
	    r->family_name));
	tpl_set(p, "NAME", arena_printf(c->a, "%s %s", r->given_names, r->family_name));
	tpl_set_int(p, "ID", (long)id);
	if (r->address_withheld)
		tpl_show(p, "WITHHELD");
	tpl_dict *card = tpl_section(p, "CARD");
	tpl_set(card, "CARD_TITLE", "Details");
	if (can_write) {
		tpl_dict *a = tpl_section(card, "CARD_ACTION");
		tpl_set(a, "ACTION_HREF", arena_printf(c->a, "/people/%lld/edit", id));
		tpl_set(a, "ACTION_TEXT", "Change details");
	}
	tpl_dict *list = tpl_section(card, "LIST");
	row(list, "Name", arena_printf(c->a, "%s %s", r->given_names, r->family_name), NULL);
	row(list, "Date of birth", born_text(c, r), NULL);
	row(list, "Gender", gender_label(r->gender), NULL);
	if (r->no_fixed_abode)
		row(list, "Address", "No fixed abode", NULL);
	else {
		tpl_dict *ad = row(list, "Address", arena_printf(c->a, "%s, %s", r->address, r->postcode), NULL);
		if (r->address_withheld) {
			tpl_dict *t = tpl_section(ad, "TAG");
			tpl_set(t, "TAG_CLASS", "govuk-tag--red");
			tpl_set(t, "TAG_TEXT", "Withheld");
		}
	}
	row(list, "NHS number", nhs_text(c->a, r->nhs_number), NULL);
	row(list, "UPN", r->upn, NULL);
	row(list, "Main language", r->language, NULL);
	row(list, "Needs an interpreter", r->interpreter ? "Yes" : "No", NULL);
	row(list, "Previous names", r->previous_names, "None recorded");
	relationships_card(c, p, id, can_write, 0);
	tpl_dict *ep = tpl_section(p, "CARD");
	tpl_set(ep, "CARD_TITLE", "Episodes");
	{
		tpl_dict *act = tpl_section(ep, "CARD_ACTION");
		tpl_set(act, "ACTION_HREF", arena_printf(c->a, "/episodes/new?person=%lld", id));
		tpl_set(act, "ACTION_TEXT", "Request early help");
		sqlite3_stmt *st = db_prep(c->db, "SELECT e.id, e.status, t.name, coalesce(nullif(u.display_name,"
		    " ''), u.username, 'not allocated'), substr(e.requested_at, 1, 10) FROM episode_person ep"
		    " JOIN episode e ON e.id = ep.episode_id JOIN team t ON t.id = e.team_id"
		    " LEFT JOIN user u ON u.id = e.lead_id WHERE ep.person_id = ?1 ORDER BY e.id DESC");
		db_bind_int(st, 1, id);
		tpl_dict *elist = NULL;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (elist == NULL)
				elist = tpl_section(ep, "LIST");
			long long eid = sqlite3_column_int64(st, 0);
			const char *status = db_col_text(st, 1);
			tpl_dict *er = tpl_section(elist, "ROW");
			tpl_set(er, "KEY", arena_printf(c->a, "Episode %lld", eid));
			tpl_set(er, "VALUE", arena_printf(c->a, "%s: %s, %s %s", !strcmp(status, "open") ? "Open"
			    : !strcmp(status, "requested") ? "Awaiting allocation" : !strcmp(status, "closed")
			    ? "Closed" : "Declined", db_col_text(st, 2), c->cfg->lead_title, db_col_text(st, 3)));
			struct ep_access ea;
			if (access_episode(c, eid, &ea) == 0 && ea.level >= ACCESS_READ) {
				tpl_dict *el = tpl_section(er, "LINK");
				tpl_set(el, "HREF", arena_printf(c->a, "/episodes/%lld", eid));
			} else
				tpl_show(er, "PLAIN");
			tpl_dict *ex = tpl_section(er, "EXTRA");
			tpl_set(ex, "EXTRA_TEXT", arena_printf(c->a, "Requested %s", view_date_words(c->a,
			    db_col_text(st, 4))));
			tpl_show(er, "NOACTION");
		}
		db_done(st);
		if (elist == NULL) {
			tpl_dict *e = tpl_section(ep, "EMPTY");
			tpl_set(e, "EMPTY_TEXT", "No early help episodes recorded.");
		}
	}
	relationships_card(c, p, id, 0, 1);
	tpl_set(p, "UPDATED", arena_printf(c->a, "Last updated by %s on %s", l.updated_by_name,
	    view_datetime_words(c->a, l.updated_at)));
	tpl_show(p, "CAN_PRINT");
	return view_render(c);
}

/* GET /people/{id}/print -- with access.  No withheld address, no do-not-print relationship. */
int
person_print(struct ctx *c)
{
	long long id = c->id[0];
	c->for_print = 1;       /* no printing under break-glass */
	if (access_person_require(c, id, ACCESS_READ))
		return 0;
	struct loaded l;
	if (!load_person(c, id, &l))
		return 404;
	if (access_audit_view(c, "print", "person", id, NULL) != 0)
		return 500;
	const struct person_rec *r = &l.r;
	const char *name = arena_printf(c->a, "%s %s", r->given_names, r->family_name);
	tpl_dict *p = view_print_page(c, "person_print.tpl", name);
	tpl_set(p, "NAME", name);
	tpl_set(p, "AUTHORITY", c->cfg->authority_name);
	tpl_set(p, "PRINTED_BY", c->user->display_name[0] ? c->user->display_name : c->user->username);
	char now[64];
	audit_now(now);
	tpl_set(p, "PRINTED_ON", view_datetime_words(c->a, now));
	struct { const char *k, *v; } rows[] = {
		{ "Date of birth", born_text(c, r) },
		{ "Gender", gender_label(r->gender) },
		{ "Address", r->no_fixed_abode ? "No fixed abode" : r->address_withheld
		    ? "Withheld" : arena_printf(c->a, "%s, %s", r->address, r->postcode) },
		{ "NHS number", r->nhs_number ? nhs_text(c->a, r->nhs_number) : "Not recorded" },
		{ "Main language", *r->language ? r->language : "Not recorded" },
		{ "Needs an interpreter", r->interpreter ? "Yes" : "No" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		tpl_dict *d = tpl_section(p, "ROW");
		tpl_set(d, "KEY", rows[i].k);
		tpl_set(d, "VALUE", rows[i].v);
	}
	sqlite3_stmt *st = db_prep(c->db,
	    "SELECT r.person_a, r.a_is, o.given_names || ' ' || o.family_name FROM relationship r"
	    " JOIN person o ON o.id = CASE WHEN r.person_a = ?1 THEN r.person_b ELSE r.person_a END"
	    " WHERE (r.person_a = ?1 OR r.person_b = ?1) AND r.ended_at IS NULL"
	    " AND r.do_not_print = 0 ORDER BY r.id");
	db_bind_int(st, 1, id);
	int n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		tpl_dict *d = tpl_section(p, "REL");
		const char *a_is = db_col_text(st, 1);
		tpl_set(d, "KEY", sqlite3_column_int64(st, 0) == id ? relationship_reciprocal(a_is)
		    : relationship_label(a_is));
		tpl_set(d, "VALUE", db_col_text(st, 2));
	}
	db_done(st);
	if (n == 0)
		tpl_show(p, "NOREL");
	return view_render(c);
}

/* ---- edit ---- */

/* GET /people/{id}/edit -- with write access. */
int
person_edit(struct ctx *c)
{
	long long id = c->id[0];
	if (access_person_require(c, id, ACCESS_WRITE))
		return 0;
	struct loaded l;
	if (!load_person(c, id, &l))
		return 404;
	person_form_page(c, &l.r, NULL);
	return view_render(c);
}

struct save_unit {
	struct person_rec p;
	long long expect_version, actor;
	const char *ip, *now;
	int conflict;
};

static int
save_unit(struct dbc *w, void *arg)
{
	struct save_unit *u = arg;
	const struct person_rec *p = &u->p;
	char pk[12];
	postcode_key(p->postcode, pk);
	long year = p->dob ? atol(p->dob) : p->unborn && p->edd ? atol(p->edd)
	    : p->estimated_age >= 0 ? atol(u->now) - p->estimated_age : 0;
	sqlite3_stmt *st = db_prep(w,
	    "UPDATE person SET family_name = ?2, given_names = ?3, dob = ?4, estimated_age = ?5,"
	    " unborn = ?6, edd = ?7, birth_year = nullif(?8, 0), gender = ?9, address = ?10,"
	    " postcode = ?11, postcode_key = ?12, no_fixed_abode = ?13, address_withheld = ?14,"
	    " nhs_number = ?15, upn = ?16, language = ?17, interpreter = ?18, previous_names = ?19,"
	    " updated_by = ?20, updated_at = ?21, version = version + 1 WHERE id = ?1 AND version = ?22");
	db_bind_int(st, 1, p->id);
	db_bind_text(st, 2, p->family_name);
	db_bind_text(st, 3, p->given_names);
	db_bind_text(st, 4, p->dob);
	if (p->estimated_age >= 0)
		db_bind_int(st, 5, p->estimated_age);
	else
		sqlite3_bind_null(st, 5);
	db_bind_int(st, 6, p->unborn);
	db_bind_text(st, 7, p->edd);
	db_bind_int(st, 8, year);
	db_bind_text(st, 9, p->gender);
	db_bind_text(st, 10, p->address);
	db_bind_text(st, 11, p->postcode);
	db_bind_text(st, 12, pk);
	db_bind_int(st, 13, p->no_fixed_abode);
	db_bind_int(st, 14, p->address_withheld);
	db_bind_text(st, 15, p->nhs_number);
	db_bind_text(st, 16, p->upn);
	db_bind_text(st, 17, p->language);
	db_bind_int(st, 18, p->interpreter);
	db_bind_text(st, 19, p->previous_names);
	db_bind_int(st, 20, u->actor);
	db_bind_text(st, 21, u->now);
	db_bind_int(st, 22, u->expect_version);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	if (sqlite3_changes(w->db) != 1) {
		u->conflict = 1;
		return 1;
	}
	struct person_rec idx = *p;
	idx.created_at = u->now;
	if (person_reindex(w, &idx) != 0)
		return -1;
	struct audit_entry e = { .user_id = u->actor, .action = "update", .record_type = "person",
		.record_id = p->id, .route = "person.save", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /people/{id}/edit -- with write access.  Versioned: a conflict keeps what was typed. */
int
person_save(struct ctx *c)
{
	long long id = c->id[0];
	if (access_person_require(c, id, ACCESS_WRITE))
		return 0;
	struct loaded cur;
	if (!load_person(c, id, &cur))
		return 404;
	struct save_unit u = { .actor = c->user->id, .ip = c->req->client_addr };
	struct form_errors fe = { 0 };
	read_person(c, &u.p, &fe);
	u.p.id = id;
	u.expect_version = valid_id(req_form(c->req, "version"));
	if (fe.n == 0 && nhs_taken(c, u.p.nhs_number, id))
		form_error(&fe, "nhs_number", "Another person already has this NHS number. Check it");
	if (fe.n == 0) {
		char now[64];
		audit_now(now);
		u.now = now;
		int rc = writer_run(save_unit, &u);
		if (rc == 0) {
			response_redirect(c->resp, arena_printf(c->a, "/people/%lld?saved=1", id));
			return 0;
		}
		if (!u.conflict)
			return 500;
	}
	struct person_rec shown = cur.r;
	if (u.conflict) {
		/* Someone saved in between: keep what was typed, show both versions. */
		shown.version = cur.r.version;
		form_error(&fe, "family_name", arena_printf(c->a, "%s changed this record on %s, after "
		    "you started editing. Your changes have not been saved: they are kept below. Compare "
		    "them with the saved version, then save again", cur.updated_by_name,
		    view_datetime_words(c->a, cur.updated_at)));
	} else
		shown.version = u.expect_version;
	person_form_page(c, &shown, &fe);
	if (u.conflict) {
		c->resp->status = 409;
		tpl_dict *b = tpl_include(c->page, "BEFORE", "person_conflict.tpl");
		struct { const char *k, *saved, *yours; } rows[] = {
			{ "Family name", cur.r.family_name, u.p.family_name },
			{ "Given names", cur.r.given_names, u.p.given_names },
			{ "Date of birth", cur.r.dob ? cur.r.dob : "", u.p.dob ? u.p.dob : "" },
			{ "Gender", gender_label(cur.r.gender), gender_label(u.p.gender) },
			{ "Address", cur.r.address, u.p.address },
			{ "Postcode", cur.r.postcode, u.p.postcode },
			{ "NHS number", cur.r.nhs_number ? cur.r.nhs_number : "", u.p.nhs_number ? u.p.nhs_number : "" },
			{ "UPN", cur.r.upn ? cur.r.upn : "", u.p.upn ? u.p.upn : "" },
			{ "Main language", cur.r.language, u.p.language },
			{ "Previous names", cur.r.previous_names, u.p.previous_names },
		};
		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			tpl_dict *d = tpl_section(b, "ROW");
			tpl_set(d, "KEY", rows[i].k);
			tpl_set(d, "SAVED", rows[i].saved);
			tpl_set(d, "YOURS", rows[i].yours ? rows[i].yours : "");
			if (strcmp(rows[i].saved, rows[i].yours ? rows[i].yours : ""))
				tpl_show(d, "DIFF");
		}
	}
	return view_render(c);
}

/* ---- relationships ---- */

static const char *const rel_opts[] = {
	"mother", "Mother", "father", "Father", "parent", "Parent", "step-parent", "Step-parent",
	"carer", "Carer", "grandparent", "Grandparent", "sibling", "Sibling",
	"child", "Child", "step-child", "Step-child", "cared-for", "Cared-for child",
	"grandchild", "Grandchild", "other", "Other relationship", NULL
};

static void
relationship_page(struct ctx *c, const struct loaded *l, const struct form_errors *fe,
    struct search_hit *hits, int nh)
{
	const char *name = arena_printf(c->a, "%s %s", l->r.given_names, l->r.family_name);
	tpl_dict *p = view_page(c, "relationship_new.tpl", "Add a relationship");
	tpl_set(p, "NAME", name);
	tpl_set_int(p, "ID", (long)l->r.id);
	if (fe)
		view_form_errors(c, p, fe);
	struct search_criteria q = { view_value(c, "family", ""), view_value(c, "given", ""), "", "", "" };
	view_input(p, &(struct fld){ .marker = "SEARCH", .name = "family", .label = "Family name",
	    .value = q.family, .autocomplete = "off", .nospell = 1, .fe = fe });
	view_input(p, &(struct fld){ .marker = "SEARCH", .name = "given", .label = "Given name",
	    .value = q.given, .autocomplete = "off", .nospell = 1, .fe = fe });
	view_date(c, p, "SEARCH", "dob", "Date of birth (optional)", "For example, 27 3 2007", NULL, 0, fe);
	if (hits) {
		tpl_dict *res = tpl_section(p, "FOUND");
		const char **opts = arena_alloc(c->a, sizeof *opts * (size_t)(nh * 2 + 1));
		int k = 0;
		for (int i = 0; i < nh; i++) {
			if (!hits[i].can_open || hits[i].id == l->r.id)
				continue;
			opts[k++] = arena_printf(c->a, "%lld", hits[i].id);
			opts[k++] = arena_printf(c->a, "%s %s, %s", hits[i].given, hits[i].family,
			    hits[i].unborn ? "unborn" : *hits[i].dob ? arena_printf(c->a, "born %s",
			    view_date_words(c->a, hits[i].dob)) : "date of birth not known");
		}
		opts[k] = NULL;
		if (k == 0) {
			tpl_show(res, "NONE_FOUND");
		} else {
			tpl_dict *f = tpl_section(res, "PICK");
			view_radios(f, &(struct fld){ .marker = "PICKFIELD", .name = "other",
			    .label = "Who is the relative?", .value = view_value(c, "other", ""),
			    .options = opts, .fe = fe });
			view_select(f, &(struct fld){ .marker = "PICKFIELD", .name = "type",
			    .label = arena_printf(c->a, "What are they to %s?", name),
			    .value = view_value(c, "type", ""), .options = rel_opts, .fe = fe });
			view_checkbox(f, &(struct fld){ .marker = "PICKFIELD", .name = "do_not_print",
			    .label = "Do NOT print this relationship in forms",
			    .hint = "For example, when sharing it could put someone at risk", .fe = fe },
			    !strcmp(view_value(c, "do_not_print", ""), "yes"));
			tpl_set(f, "CSRF", c->csrf);
			tpl_set(f, "FAMILY", q.family);
			tpl_set(f, "GIVEN", q.given);
			tpl_set(f, "DOBD", view_value(c, "dob-day", ""));
			tpl_set(f, "DOBM", view_value(c, "dob-month", ""));
			tpl_set(f, "DOBY", view_value(c, "dob-year", ""));
		}
	}
}

/* GET /people/{id}/relationships/new -- with write access.  Find the relative. */
int
relationship_new(struct ctx *c)
{
	struct loaded l;
	if (access_person_require(c, c->id[0], ACCESS_WRITE))
		return 0;
	if (!load_person(c, c->id[0], &l))
		return 404;
	relationship_page(c, &l, NULL, NULL, 0);
	return view_render(c);
}

struct rel_unit {
	long long a, b, actor, id;
	const char *a_is, *ip, *now;
	int dnp;
	int end;
};

static int
rel_unit(struct dbc *w, void *arg)
{
	struct rel_unit *u = arg;
	sqlite3_stmt *st;
	if (u->end) {
		st = db_prep(w, "UPDATE relationship SET ended_at = ?2, ended_by = ?3 WHERE id = ?1"
		    " AND ended_at IS NULL");
		db_bind_int(st, 1, u->id);
		db_bind_text(st, 2, u->now);
		db_bind_int(st, 3, u->actor);
		sqlite3_step(st);
		db_done(st);
		if (sqlite3_changes(w->db) != 1)
			return 1;
	} else {
		st = db_prep(w, "SELECT 1 FROM relationship WHERE ((person_a = ?1 AND person_b = ?2)"
		    " OR (person_a = ?2 AND person_b = ?1)) AND ended_at IS NULL");
		db_bind_int(st, 1, u->a);
		db_bind_int(st, 2, u->b);
		int exists = sqlite3_step(st) == SQLITE_ROW;
		db_done(st);
		if (exists)
			return 2;
		st = db_prep(w, "INSERT INTO relationship(person_a, person_b, a_is, do_not_print,"
		    " started_at, created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
		db_bind_int(st, 1, u->a);
		db_bind_int(st, 2, u->b);
		db_bind_text(st, 3, u->a_is);
		db_bind_int(st, 4, u->dnp);
		db_bind_text(st, 5, u->now);
		db_bind_int(st, 6, u->actor);
		int rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return -1;
		u->id = sqlite3_last_insert_rowid(w->db);
	}
	struct audit_entry e = { .user_id = u->actor, .action = u->end ? "relationship.end"
		: "relationship.create", .record_type = "relationship", .record_id = u->id,
		.route = "relationship", .ip = u->ip };
	return audit_add(w, &e);
}

/* POST /people/{id}/relationships/new -- with write access.  Search, then add. */
int
relationship_create(struct ctx *c)
{
	struct loaded l;
	long long id = c->id[0];
	if (access_person_require(c, id, ACCESS_WRITE))
		return 0;
	if (!load_person(c, id, &l))
		return 404;
	struct form_errors fe = { 0 };
	struct search_criteria q = { 0 };
	q.family = valid_text(c, &fe, "family", "family name", 100, 1);
	q.given = valid_text(c, &fe, "given", "given name", 100, 0);
	q.dob = valid_date3(c, &fe, "dob", "Date of birth", 0, -1);
	q.postcode = "";
	q.ident = "";
	if (q.dob == NULL)
		q.dob = "";
	if (fe.n == 0 && !*q.given && !*q.dob)
		form_error(&fe, "given", "Enter a given name or date of birth as well as the family name");
	struct search_hit *hits = NULL;
	int nh = 0;
	if (fe.n == 0) {
		search_run(c, &q, &hits, &nh);
		access_audit(c, "search", "person", id, "relationship search");
	}
	const char *action = req_form(c->req, "action");
	if (fe.n == 0 && action && !strcmp(action, "add")) {
		long long other = valid_id(req_form(c->req, "other"));
		const char *type = req_form(c->req, "type");
		int ok_other = 0;
		for (int i = 0; i < nh; i++)
			if (hits[i].id == other && hits[i].can_open && other != id)
				ok_other = 1;
		if (!ok_other)
			form_error(&fe, "other", "Select the relative");
		int ok_type = 0;
		for (const char *const *o = rel_opts; type && o[0]; o += 2)
			if (!strcmp(o[0], type))
				ok_type = 1;
		if (!ok_type)
			form_error(&fe, "type", "Select the relationship");
		if (fe.n == 0) {
			char now[64];
			audit_now(now);
			struct rel_unit u = { .actor = c->user->id, .ip = c->req->client_addr, .now = now,
				.dnp = checked(c, "do_not_print") };
			/* The form asks what the relative is to this person. */
			if (!strcmp(type, "child") || !strcmp(type, "step-child") ||
			    !strcmp(type, "cared-for") || !strcmp(type, "grandchild")) {
				u.a = id;
				u.b = other;
				u.a_is = !strcmp(type, "child") ? "parent" : !strcmp(type, "step-child")
				    ? "step-parent" : !strcmp(type, "cared-for") ? "carer" : "grandparent";
			} else {
				u.a = other;
				u.b = id;
				u.a_is = type;
			}
			int rc = writer_run(rel_unit, &u);
			if (rc == 0) {
				response_redirect(c->resp, arena_printf(c->a, "/people/%lld?related=1", id));
				return 0;
			}
			if (rc != 2)
				return 500;
			form_error(&fe, "other", "These two people already have a relationship recorded. End it first to record a different one");
		}
	}
	relationship_page(c, &l, &fe, fe.n && !hits ? NULL : hits, nh);
	return view_render(c);
}

/* POST /relationships/{id}/end -- with write access to either person. */
int
relationship_end(struct ctx *c)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT person_a, person_b FROM relationship WHERE id = ?1");
	db_bind_int(st, 1, c->id[0]);
	long long a = 0, b = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		a = sqlite3_column_int64(st, 0);
		b = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (a == 0)
		return 404;
	long long back = access_person(c, a) >= ACCESS_WRITE ? a : b;
	if (access_person_require(c, back, ACCESS_WRITE))
		return 0;
	char now[64];
	audit_now(now);
	struct rel_unit u = { .id = c->id[0], .actor = c->user->id, .ip = c->req->client_addr,
		.now = now, .end = 1 };
	int rc = writer_run(rel_unit, &u);
	if (rc != 0 && rc != 1)
		return 500;
	response_redirect(c->resp, arena_printf(c->a, "/people/%lld?ended=1", back));
	return 0;
}
