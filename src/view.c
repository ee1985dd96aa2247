/*
 * view.c -- pages are a layout (templates/layout.tpl) with the page's own
 * template included as CONTENT.  The layout carries the council's name and
 * logo from config, the service navigation for the user's role, the
 * sign-out form and the CSRF token.  All values are escaped by ctemplate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

static void
emit(void *ud, const char *s, size_t n)
{
	buf_append(ud, s, n);
}

struct nav {
	const char *href, *label;
	unsigned roles;
};

static const struct nav nav[] = {
	{ "/", "Worktray", ROLES_ANY },
	{ "/people", "People", ROLES_CASE },
	{ "/contacts", "Contacts", ROLES_CASE },
	{ "/referrals", "Referrals", ROLES_CASE },
	{ "/requests", "Requests", ROLES_CASE },
	{ "/admin/users", "Users", ROLE_ADMIN },
	{ "/admin/agencies", "Agencies", ROLE_ADMIN },
	{ "/admin/teams", "Teams", ROLE_ADMIN },
	{ "/admin/audit", "Audit log", ROLE_ADMIN },
	{ "/account", "Your account", ROLES_ANY },
	{ NULL, NULL, 0 },
};

static void
layout(struct ctx *c, const char *title)
{
	const struct config *cfg = c->cfg;
	c->root = tpl_new("layout");
	tpl_set(c->root, "TITLE", title);
	tpl_set(c->root, "AUTHORITY", cfg->authority_name);
	tpl_set(c->root, "SERVICE", cfg->service_name);
	tpl_set(c->root, "ACCESSIBILITY_URL", cfg->accessibility_url);
	tpl_set(c->root, "PRIVACY_URL", cfg->privacy_url);
	tpl_set(c->root, "VERSION", EHM_VERSION);
	if (cfg->logo[0]) {
		tpl_dict *l = tpl_section(c->root, "LOGO");
		tpl_set(l, "LOGO_URL", cfg->logo);
	}
	if (c->csrf)
		tpl_set(c->root, "CSRF", c->csrf);
	if (c->user) {
		tpl_dict *s = tpl_section(c->root, "SIGNED_IN");
		tpl_set(s, "USER_NAME", c->user->display_name[0] ? c->user->display_name
		    : c->user->username);
		tpl_set_int(c->root, "IDLE_TIMEOUT", cfg->idle_timeout);
		tpl_show(c->root, "HAS_NAV");
		for (const struct nav *n = nav; n->href; n++) {
			if (!(n->roles & c->user->role))
				continue;
			tpl_dict *item = tpl_section(c->root, "NAV");
			tpl_set(item, "HREF", n->href);
			tpl_set(item, "LABEL", n->label);
			int active = !strcmp(n->href, "/") ? !strcmp(c->req->path, "/")
			    : !strncmp(c->req->path, n->href, strlen(n->href));
			tpl_show(item, active ? "ACTIVE" : "INACTIVE");
		}
	}
	if (c->flash) {
		tpl_dict *f = tpl_section(c->root, "FLASH");
		tpl_set(f, "FLASH_TEXT", c->flash);
	}
}

tpl_dict *
view_page(struct ctx *c, const char *file, const char *title)
{
	if (c->root) {
		tpl_free(c->root);
		c->root = NULL;
	}
	layout(c, title);
	c->page_file = file;
	c->page = tpl_include(c->root, "CONTENT", file);
	/* Included templates do not see the layout's values: give forms the token. */
	if (c->csrf)
		tpl_set(c->page, "CSRF", c->csrf);
	return c->page;
}

tpl_dict *
view_print_page(struct ctx *c, const char *file, const char *title)
{
	tpl_dict *p = view_page(c, file, title);
	c->layout = "print_layout.tpl";
	return p;
}

int
view_render(struct ctx *c)
{
	struct buf *b = &c->resp->body;
	b->len = 0;
	int rc = tpl_expand(c->layout ? c->layout : "layout.tpl", c->root, emit, b);
	tpl_free(c->root);
	c->root = NULL;
	c->page = NULL;
	if (rc != 0) {
		fprintf(stderr, "ehm: template expansion failed: %s\n",
		    c->page_file ? c->page_file : "?");
		return -1;
	}
	return 0;
}

static const struct {
	int status;
	const char *title, *body;
} errors[] = {
	{ 400, "There is a problem with the request",
	  "The request could not be read. Go back, check what you entered and try again." },
	{ 403, "You do not have access to this page",
	  "Your account does not allow this. If you need access, ask your manager." },
	{ 404, "Page not found",
	  "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address." },
	{ 405, "This page cannot be used in that way",
	  "Go back and use the links and buttons on the page." },
	{ 409, "Someone else changed this record",
	  "Go back, reload the page and make your change again." },
	{ 411, "There is a problem with the request",
	  "The request could not be read. Go back and try again." },
	{ 413, "What you sent is too large",
	  "The form or file was larger than the service accepts. Go back, shorten it and try again." },
	{ 415, "There is a problem with the request",
	  "The form was sent in a way the service does not accept. Go back and try again." },
	{ 429, "Too many attempts",
	  "Wait a few minutes, then try again." },
	{ 503, "The service is unavailable",
	  "The service is being restarted. Try again in a minute." },
	{ 500, "There is a problem with the service",
	  "Try again later. If the problem continues, contact your service desk. What you entered has not been saved." },
};

void
view_error(struct ctx *c, int status, const char *detail)
{
	int i = 0, n = (int)(sizeof errors / sizeof errors[0]);
	while (i < n - 1 && errors[i].status != status)
		i++;
	if (errors[i].status != status && status < 500)
		status = status >= 400 ? status : 500;
	/* Keep headers such as Allow and Set-Cookie; replace the body. */
	struct buf keep = c->resp->headers;
	response_reset(c->resp);
	c->resp->headers = keep;
	c->resp->status = status;
	c->layout = NULL;
	tpl_dict *p = view_page(c, "error.tpl", errors[i].title);
	tpl_set(p, "HEADING", errors[i].title);
	tpl_set(p, "BODY", detail ? detail : errors[i].body);
	tpl_set_int(p, "STATUS", status);
	if (view_render(c) != 0) {
		c->resp->body.len = 0;
		c->resp->content_type = "text/plain; charset=utf-8";
		buf_puts(&c->resp->body, errors[i].title);
	}
}

void
form_error(struct form_errors *fe, const char *field, const char *msg)
{
	/*
	 * One message a field (GOV.UK): the first found, the most basic, stands.
	 * A path (a link to another page, as the assessment's check lists its
	 * sections) may carry several.
	 */
	if (field[0] != '/' && form_error_for(fe, field))
		return;
	if (fe->n < FORM_MAX_ERRORS) {
		fe->e[fe->n].field = field;
		fe->e[fe->n].msg = msg;
		fe->n++;
	}
}

const char *
form_error_for(const struct form_errors *fe, const char *field)
{
	for (int i = 0; i < fe->n; i++)
		if (!strcmp(fe->e[i].field, field))
			return fe->e[i].msg;
	return NULL;
}

void
view_form_errors(struct ctx *c, tpl_dict *page, const struct form_errors *fe)
{
	if (fe->n == 0)
		return;
	for (int i = 0; i < fe->n; i++) {
		/* ERR_<name> sections let a hand-written field show its message. */
		char key[128];
		snprintf(key, sizeof key, "ERR_%s", fe->e[i].field);
		for (char *k = key; *k; k++)
			if (*k == '-' || *k == '.')
				*k = '_';
		if (form_error_for(fe, fe->e[i].field) == fe->e[i].msg) {
			tpl_dict *e = tpl_section(page, key);
			tpl_set(e, "MSG", fe->e[i].msg);
		}
	}
	tpl_show(c->root, "TITLE_ERROR");
	tpl_dict *inc = tpl_include(page, "ERRORS", "_errors.tpl");
	for (int i = 0; i < fe->n; i++) {
		tpl_dict *it = tpl_section(inc, "ITEM");
		/* A field on this page is #id; a field on another page is given as a path. */
		tpl_set(it, "HREF", fe->e[i].field[0] == '/' ? fe->e[i].field
		    : arena_printf(c->a, "#%s", fe->e[i].field));
		tpl_set(it, "TEXT", fe->e[i].msg);
	}
}

static tpl_dict *
field_common(tpl_dict *page, const struct fld *f, const char *file)
{
	tpl_dict *d = tpl_include(page, f->marker, file);
	tpl_set(d, "NAME", f->name);
	tpl_set(d, "LABEL", f->label);
	tpl_set(d, "VALUE", f->value ? f->value : "");
	const char *err = f->fe ? form_error_for(f->fe, f->name) : NULL;
	char desc[256] = "";
	if (f->hint) {
		tpl_dict *h = tpl_section(d, "HINT");
		tpl_set(h, "HINT_TEXT", f->hint);
		snprintf(desc, sizeof desc, "%s-hint", f->name);
	}
	if (err) {
		tpl_dict *e = tpl_section(d, "ERROR");
		tpl_set(e, "MSG", err);
		size_t l = strlen(desc);
		snprintf(desc + l, sizeof desc - l, "%s%s-error", l ? " " : "", f->name);
	}
	if (f->maxlength > 0) {
		size_t l = strlen(desc);
		snprintf(desc + l, sizeof desc - l, "%s%s-info", l ? " " : "", f->name);
	}
	if (desc[0]) {
		tpl_dict *ds = tpl_section(d, "DESCRIBED");
		tpl_set(ds, "DESCRIBEDBY", desc);
	}
	return d;
}

void
view_input(tpl_dict *page, const struct fld *f)
{
	tpl_dict *d = field_common(page, f, "_input.tpl");
	tpl_set(d, "TYPE", f->type ? f->type : "text");
	tpl_set(d, "CLS", f->cls ? f->cls : "");
	if (f->autocomplete) {
		tpl_dict *a = tpl_section(d, "AC");
		tpl_set(a, "AC_VALUE", f->autocomplete);
	}
	if (f->nospell)
		tpl_show(d, "NOSPELL");
}

void
view_textarea(tpl_dict *page, const struct fld *f)
{
	tpl_dict *d = field_common(page, f, "_textarea.tpl");
	tpl_set_int(d, "ROWS", f->maxlength > 5000 ? 10 : 5);
	if (f->maxlength > 0) {
		tpl_dict *cnt = tpl_section(d, "COUNT");
		tpl_set_int(cnt, "MAXLEN", f->maxlength);
		char words[32];
		if (f->maxlength >= 1000)
			snprintf(words, sizeof words, "%ld,%03ld", f->maxlength / 1000, f->maxlength % 1000);
		else
			snprintf(words, sizeof words, "%ld", f->maxlength);
		tpl_set(cnt, "MAXLEN_WORDS", words);
	} else
		tpl_show(d, "NOCOUNT");
}

static void
options(tpl_dict *d, const struct fld *f)
{
	int i = 0;
	for (const char *const *o = f->options; o && o[0]; o += 2, i++) {
		tpl_dict *od = tpl_section(d, "OPTION");
		tpl_set(od, "OPT_VALUE", o[0]);
		tpl_set(od, "OPT_TEXT", o[1]);
		char id[160];
		snprintf(id, sizeof id, i == 0 ? "%s" : "%s-%d", f->name, i + 1);
		tpl_set(od, "OPT_ID", id);
		if (f->value && !strcmp(f->value, o[0]))
			tpl_show(od, "SELECTED");
	}
}

void
view_select(tpl_dict *page, const struct fld *f)
{
	options(field_common(page, f, "_select.tpl"), f);
}

void
view_radios(tpl_dict *page, const struct fld *f)
{
	options(field_common(page, f, "_radios.tpl"), f);
}

void
view_checkbox(tpl_dict *page, const struct fld *f, int checked)
{
	tpl_dict *d = field_common(page, f, "_checkbox.tpl");
	if (checked)
		tpl_show(d, "CHECKED");
}

const char *
view_value(struct ctx *c, const char *field, const char *dflt)
{
	if (c->req->method == M_POST || c->restored) {
		const char *v = req_form(c->req, field);
		return v ? v : "";
	}
	return dflt ? dflt : "";
}

void
view_keep(tpl_dict *page, struct ctx *c, const char *key, const char *field)
{
	const char *v = req_form(c->req, field);
	tpl_set(page, key, v ? v : "");
}

static const char *const months[] = { "January", "February", "March", "April",
	"May", "June", "July", "August", "September", "October", "November", "December" };

const char *
view_date_words(struct arena *a, const char *iso)
{
	int y, m, d;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12)
		return "";
	return arena_printf(a, "%d %s %d", d, months[m - 1], y);
}

const char *
view_datetime_words(struct arena *a, const char *iso)
{
	int y, mo, d, h, mi;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 ||
	    mo < 1 || mo > 12)
		return view_date_words(a, iso);
	int h12 = h % 12 == 0 ? 12 : h % 12;
	return arena_printf(a, "%d %s %d at %d:%02d%s", d, months[mo - 1], y, h12, mi,
	    h < 12 ? "am" : "pm");
}

void
view_date(struct ctx *c, tpl_dict *page, const char *marker, const char *name,
    const char *label, const char *hint, const char *iso, int bday,
    const struct form_errors *fe)
{
	tpl_dict *d = tpl_include(page, marker, "_date.tpl");
	tpl_set(d, "NAME", name);
	tpl_set(d, "LABEL", label);
	tpl_set(d, "HINT_TEXT", hint ? hint : "For example, 27 3 2007");
	if (bday)
		tpl_show(d, "BDAY");
	const char *parts[3] = { "day", "month", "year" };
	const char *keys[3] = { "DAY", "MONTH", "YEAR" };
	const char *errk[3] = { "ERR_DAY", "ERR_MONTH", "ERR_YEAR" };
	int y = 0, m = 0, dd = 0;
	int have = iso && sscanf(iso, "%4d-%2d-%2d", &y, &m, &dd) == 3;
	const char *msg = NULL;
	for (int i = 0; i < 3; i++) {
		const char *f = arena_printf(c->a, "%s-%s", name, parts[i]);
		const char *v;
		if (c->req->method == M_POST || c->restored)
			v = req_form(c->req, f);
		else
			v = have ? arena_printf(c->a, "%d", i == 0 ? dd : i == 1 ? m : y) : "";
		tpl_set(d, keys[i], v ? v : "");
		const char *e = fe ? form_error_for(fe, f) : NULL;
		if (e) {
			msg = e;
			tpl_show(d, errk[i]);
		}
	}
	if (msg) {
		tpl_dict *e = tpl_section(d, "ERROR");
		tpl_set(e, "MSG", msg);
		/* A whole-date problem highlights all three fields. */
		if (strstr(msg, "real date") || strstr(msg, "in the past") || strstr(msg, "future") ||
		    strncmp(msg, "Enter", 5) == 0)
			for (int i = 0; i < 3; i++)
				tpl_show(d, errk[i]);
	}
}

void
view_group_head(struct ctx *c, tpl_dict *g, const char *name, const char *label, const char *hint,
    const char *err)
{
	tpl_set(g, "NAME", name);
	tpl_set(g, "LABEL", label);
	if (hint) {
		tpl_dict *h = tpl_section(g, "HINT");
		tpl_set(h, "HINT_TEXT", hint);
	}
	if (err) {
		tpl_dict *e = tpl_section(g, "ERROR");
		tpl_set(e, "MSG", err);
	}
	/* The fieldset is described by its hint and its error, so a screen reader says both. */
	if (hint || err) {
		tpl_dict *ds = tpl_section(g, "DESCRIBED");
		tpl_set(ds, "DESCRIBEDBY", arena_printf(c->a, "%s%s%s", hint ? arena_printf(c->a, "%s-hint", name) : "",
		    hint && err ? " " : "", err ? arena_printf(c->a, "%s-error", name) : ""));
	}
}

void
view_checkboxes(struct ctx *c, tpl_dict *page, const struct fld *f, const char *ticked)
{
	tpl_dict *g = tpl_include(page, f->marker, "_checkboxes.tpl");
	view_group_head(c, g, f->name, f->label, f->hint, f->fe ? form_error_for(f->fe, f->name) : NULL);
	int posted = c->req->method == M_POST || c->restored;
	int k = 0;
	for (const char *const *o = f->options; o && o[0]; o += 2, k++) {
		tpl_dict *od = tpl_section(g, "OPTION");
		tpl_set(od, "OPT_VALUE", o[0]);
		tpl_set(od, "OPT_TEXT", o[1]);
		tpl_set(od, "OPT_ID", k == 0 ? f->name : arena_printf(c->a, "%s-%d", f->name, k + 1));
		int on = 0;
		if (posted) {
			for (size_t r = 0; r < c->req->nform; r++)
				if (!strcmp(c->req->form[r].name, f->name) && !strcmp(c->req->form[r].value, o[0]))
					on = 1;
		} else if (ticked) {
			size_t n = strlen(o[0]);
			for (const char *p = ticked; p && *p; ) {
				const char *nl = strchr(p, '\n');
				size_t l = nl ? (size_t)(nl - p) : strlen(p);
				if (l == n && !strncmp(p, o[0], n))
					on = 1;
				p = nl ? nl + 1 : NULL;
			}
		}
		if (on)
			tpl_show(od, "SELECTED");
	}
}
