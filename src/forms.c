/*
 * forms.c -- form definitions (INI via libinih) and generic answers.
 *
 * File shape:
 *   [form]        name, version, title
 *   [q.NAME]      type (short|long|date|yesno|radios|checkboxes|score),
 *                 label, hint, required (yes|no), max (characters),
 *                 options (a|b|c; for score: five descriptors), section,
 *                 when (a date: past, future or any)
 * Every problem is reported as FILE:LINE and the service refuses to start.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "audit.h"
#include "forms.h"
#include "valid.h"

static struct form_def *defs[64];
static int ndefs;

struct parse {
	struct form_def *d;
	struct arena *a;        /* NULL: malloc (definitions loaded at start-up) */
	char msg[256];
};

static char *
dup(struct parse *p, const char *s)
{
	if (p->a)
		return arena_strdup(p->a, s);
	char *r = strdup(s);
	if (r == NULL)
		abort();
	return r;
}

static struct form_q *
question(struct parse *p, const char *name)
{
	for (int i = 0; i < p->d->nq; i++)
		if (!strcmp(p->d->q[i].name, name))
			return &p->d->q[i];
	if (p->d->nq == FORM_MAX_Q)
		return NULL;
	struct form_q *q = &p->d->q[p->d->nq++];
	memset(q, 0, sizeof *q);
	q->name = dup(p, name);
	q->label = dup(p, "");
	q->hint = NULL;
	q->max = 2000;
	q->type = Q_SHORT;
	return q;
}

static int
handler(void *user, const char *section, const char *key, const char *value)
{
	struct parse *p = user;
	struct form_def *d = p->d;
	if (p->msg[0])
		return 0;       /* keep the first error: libinih goes on after one */
	if (!strcmp(section, "form")) {
		if (!strcmp(key, "name"))
			d->name = dup(p, value);
		else if (!strcmp(key, "title"))
			d->title = dup(p, value);
		else if (!strcmp(key, "version")) {
			d->version = atoi(value);
			if (d->version < 1) {
				snprintf(p->msg, sizeof p->msg, "version must be a whole number from 1");
				return 0;
			}
		} else {
			snprintf(p->msg, sizeof p->msg, "unknown key '%s' in [form]", key);
			return 0;
		}
		return 1;
	}
	if (strncmp(section, "q.", 2) || section[2] == '\0') {
		snprintf(p->msg, sizeof p->msg, "unknown section [%s]: use [form] or [q.NAME]", section);
		return 0;
	}
	for (const char *s = section + 2; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", *s)) {
			snprintf(p->msg, sizeof p->msg, "question name '%s' may use a-z, 0-9 and _ only",
			    section + 2);
			return 0;
		}
	struct form_q *q = question(p, section + 2);
	if (q == NULL) {
		snprintf(p->msg, sizeof p->msg, "more than %d questions", FORM_MAX_Q);
		return 0;
	}
	if (!strcmp(key, "type")) {
		static const char *const t[] = { "short", "long", "date", "yesno", "radios",
			"checkboxes", "score" };
		for (int i = 0; i < 7; i++)
			if (!strcmp(value, t[i])) {
				q->type = (enum qtype)i;
				return 1;
			}
		snprintf(p->msg, sizeof p->msg, "type '%s' is not one of short, long, date, yesno, "
		    "radios, checkboxes, score", value);
		return 0;
	}
	if (!strcmp(key, "label")) {
		if (!p->a)
			free(q->label);
		q->label = dup(p, value);
	} else if (!strcmp(key, "hint")) {
		if (!p->a)
			free(q->hint);
		q->hint = dup(p, value);
	} else if (!strcmp(key, "section")) {
		if (!p->a)
			free(q->section);
		q->section = dup(p, value);
	}
	else if (!strcmp(key, "when")) {
		if (strcmp(value, "past") && strcmp(value, "future") && strcmp(value, "any")) {
			snprintf(p->msg, sizeof p->msg, "when must be past, future or any");
			return 0;
		}
		q->when = !strcmp(value, "past") ? -1 : !strcmp(value, "future") ? 1 : 0;
	} else if (!strcmp(key, "required")) {
		if (strcmp(value, "yes") && strcmp(value, "no")) {
			snprintf(p->msg, sizeof p->msg, "required must be yes or no");
			return 0;
		}
		q->required = !strcmp(value, "yes");
	} else if (!strcmp(key, "max")) {
		q->max = atol(value);
		if (q->max < 1 || q->max > 100000) {
			snprintf(p->msg, sizeof p->msg, "max must be from 1 to 100000");
			return 0;
		}
	} else if (!strcmp(key, "options")) {
		char *copy = dup(p, value), *save = NULL;
		q->nopt = 0;
		for (char *t = strtok_r(copy, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
			if (q->nopt == FORM_MAX_OPT) {
				snprintf(p->msg, sizeof p->msg, "more than %d options", FORM_MAX_OPT);
				return 0;
			}
			q->opt[q->nopt++] = t;
		}
	} else {
		snprintf(p->msg, sizeof p->msg, "unknown key '%s' in [%s]", key, section);
		return 0;
	}
	return 1;
}

static int
check(struct form_def *d, char *msg, size_t len)
{
	if (d->name == NULL || d->version < 1) {
		snprintf(msg, len, "[form] needs a name and a version");
		return -1;
	}
	if (d->title == NULL)
		d->title = d->name;
	for (int i = 0; i < d->nq; i++) {
		struct form_q *q = &d->q[i];
		if (!q->label[0]) {
			snprintf(msg, len, "question '%s' has no label", q->name);
			return -1;
		}
		if ((q->type == Q_RADIOS || q->type == Q_CHECKBOXES) && q->nopt < 2) {
			snprintf(msg, len, "question '%s' needs at least 2 options", q->name);
			return -1;
		}
		if (q->type == Q_SCORE && q->nopt != 5) {
			snprintf(msg, len, "score question '%s' needs 5 descriptors in options", q->name);
			return -1;
		}
	}
	return 0;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = '\0';
	fclose(f);
	return s;
}

int
forms_load(const char *dir, char *err, size_t errlen)
{
	DIR *dp = opendir(dir);
	if (dp == NULL) {
		snprintf(err, errlen, "%s: cannot open the forms folder", dir);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(dp)) != NULL && rc == 0) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".ini"))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct form_def *d = calloc(1, sizeof *d);
		struct parse p = { .d = d };
		d->file = strdup(path);
		d->source = slurp(path);
		int longline = ini_long_line(path);
		int line = longline ? longline : d->source ? ini_parse_string(d->source, handler, &p) : -1;
		if (longline)
			snprintf(p.msg, sizeof p.msg, "line is longer than %d characters", INI_LINE_LIMIT);
		if (line != 0) {
			if (line < 0)
				snprintf(err, errlen, "%s: cannot read the form definition", path);
			else
				snprintf(err, errlen, "%s:%d: %s", path, line, p.msg[0] ? p.msg
				    : "not a 'key = value' line or [section]");
			rc = -1;
		} else if (check(d, p.msg, sizeof p.msg) != 0) {
			snprintf(err, errlen, "%s: %s", path, p.msg);
			rc = -1;
		} else if (ndefs < 64)
			defs[ndefs++] = d;
	}
	closedir(dp);
	return rc;
}

const struct form_def *
form_get(const char *name)
{
	for (int i = 0; i < ndefs; i++)
		if (!strcmp(defs[i]->name, name))
			return defs[i];
	return NULL;
}

const struct form_def *
form_parse_source(struct arena *a, const char *source)
{
	struct form_def *d = arena_alloc(a, sizeof *d);
	struct parse p = { .d = d, .a = a };
	d->source = arena_strdup(a, source);
	char *copy = arena_strdup(a, source);
	if (ini_parse_string(copy, handler, &p) != 0 || check(d, p.msg, sizeof p.msg) != 0)
		return NULL;
	return d;
}

static const char *
field(struct arena *a, const struct form_q *q)
{
	return arena_printf(a, "f.%s", q->name);
}

static int
in_section(const struct form_q *q, const char *section)
{
	return section == NULL || (q->section && !strcmp(q->section, section));
}

void
form_read(struct ctx *c, const struct form_def *d, struct form_values *v, struct form_errors *fe)
{
	form_read_part(c, d, NULL, v, fe, 1);
}

void
form_read_part(struct ctx *c, const struct form_def *d, const char *section, struct form_values *v,
    struct form_errors *fe, int enforce_required)
{
	for (int i = 0; i < d->nq; i++) {
		struct form_q qq = d->q[i];
		const struct form_q *q = &qq;
		if (!in_section(q, section))
			continue;
		if (!enforce_required)
			qq.required = 0;
		const char *f = field(c->a, q);
		char *lower = arena_strdup(c->a, q->label);
		lower[0] = (char)(lower[0] >= 'A' && lower[0] <= 'Z' ? lower[0] + 32 : lower[0]);
		v->v[i] = "";
		switch (q->type) {
		case Q_SHORT:
		case Q_LONG: {
			const char *t = valid_text(c, fe, f, lower, (size_t)q->max, q->required);
			v->v[i] = t;
			break;
		}
		case Q_DATE: {
			const char *t = valid_date3(c, fe, f, q->label, q->required, q->when);
			v->v[i] = t ? t : "";
			break;
		}
		case Q_YESNO:
		case Q_RADIOS:
		case Q_SCORE: {
			const char *t = req_form(c->req, f);
			int ok = 0;
			if (q->type == Q_YESNO)
				ok = t && (!strcmp(t, "yes") || !strcmp(t, "no"));
			else if (q->type == Q_SCORE)
				ok = t && strlen(t) == 1 && t[0] >= '1' && t[0] <= '5';
			else
				for (int k = 0; t && k < q->nopt; k++)
					if (!strcmp(q->opt[k], t))
						ok = 1;
			if (ok)
				v->v[i] = t;
			else if ((t && *t) || q->required)
				form_error(fe, f, arena_printf(c->a, "Select %s", q->type == Q_YESNO
				    ? arena_printf(c->a, "yes or no for %s", lower)
				    : q->type == Q_SCORE ? arena_printf(c->a, strncmp(lower, "score", 5) ? "a score for %s"
				      : "a %s", lower)
				    : lower));
			break;
		}
		case Q_CHECKBOXES: {
			struct buf b;
			buf_init(&b, c->a);
			for (size_t k = 0; k < c->req->nform; k++) {
				if (strcmp(c->req->form[k].name, f))
					continue;
				const char *t = c->req->form[k].value;
				for (int o = 0; o < q->nopt; o++)
					if (!strcmp(q->opt[o], t)) {
						if (b.len)
							buf_puts(&b, "\n");
						buf_puts(&b, t);
					}
			}
			v->v[i] = b.len ? buf_cstr(&b) : "";
			if (q->required && !b.len)
				form_error(fe, f, arena_printf(c->a, "Select at least one of %s", lower));
			break;
		}
		}
	}
}

static int
has_line(const char *joined, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = joined; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l == n && !strncmp(p, opt, n))
			return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

void
form_render(struct ctx *c, tpl_dict *page, const char *marker, const struct form_def *d,
    const struct form_values *v, const struct form_errors *fe)
{
	form_render_part(c, page, marker, d, NULL, v, fe);
}

void
form_render_part(struct ctx *c, tpl_dict *page, const char *marker, const struct form_def *d,
    const char *section, const struct form_values *v, const struct form_errors *fe)
{
	int posted = c->req->method == M_POST || c->restored;
	for (int i = 0; i < d->nq; i++) {
		const struct form_q *q = &d->q[i];
		if (!in_section(q, section))
			continue;
		const char *f = field(c->a, q);
		const char *val = v ? v->v[i] : "";
		const char *label = q->required ? q->label : arena_printf(c->a, "%s (optional)", q->label);
		if (posted && q->type != Q_CHECKBOXES && q->type != Q_DATE) {
			const char *pv = req_form(c->req, f);
			val = pv ? pv : "";
		}
		switch (q->type) {
		case Q_SHORT:
			view_input(page, &(struct fld){ .marker = marker, .name = f, .label = label,
			    .hint = q->hint, .value = val, .fe = fe });
			break;
		case Q_LONG:
			view_textarea(page, &(struct fld){ .marker = marker, .name = f, .label = label,
			    .hint = q->hint, .value = val, .fe = fe });
			break;
		case Q_DATE:
			view_date(c, page, marker, f, label, q->hint, val, 0, fe);
			break;
		case Q_YESNO: {
			static const char *const yn[] = { "yes", "Yes", "no", "No", NULL };
			view_radios(page, &(struct fld){ .marker = marker, .name = f, .label = label,
			    .hint = q->hint, .value = val, .options = yn, .fe = fe });
			break;
		}
		case Q_RADIOS:
		case Q_SCORE: {
			const char **o = arena_alloc(c->a, sizeof *o * (size_t)(q->nopt * 2 + 1));
			for (int k = 0; k < q->nopt; k++) {
				o[2 * k] = q->type == Q_SCORE ? arena_printf(c->a, "%d", k + 1) : q->opt[k];
				o[2 * k + 1] = q->type == Q_SCORE ? arena_printf(c->a, "%d: %s", k + 1, q->opt[k])
				    : q->opt[k];
			}
			o[2 * q->nopt] = NULL;
			view_radios(page, &(struct fld){ .marker = marker, .name = f, .label = label,
			    .hint = q->hint, .value = val, .options = o, .fe = fe });
			break;
		}
		case Q_CHECKBOXES: {
			tpl_dict *g = tpl_include(page, marker, "_checkboxes.tpl");
			view_group_head(c, g, f, label, q->hint, fe ? form_error_for(fe, f) : NULL);
			for (int k = 0; k < q->nopt; k++) {
				tpl_dict *od = tpl_section(g, "OPTION");
				tpl_set(od, "OPT_VALUE", q->opt[k]);
				tpl_set(od, "OPT_TEXT", q->opt[k]);
				tpl_set(od, "OPT_ID", k == 0 ? f : arena_printf(c->a, "%s-%d", f, k + 1));
				int on = 0;
				if (posted) {
					for (size_t r = 0; r < c->req->nform; r++)
						if (!strcmp(c->req->form[r].name, f) &&
						    !strcmp(c->req->form[r].value, q->opt[k]))
							on = 1;
				} else
					on = has_line(val, q->opt[k]);
				if (on)
					tpl_show(od, "SELECTED");
			}
			break;
		}
		}
	}
}

int
form_store(struct dbc *w, const struct form_def *d, const char *owner_type, long long owner_id,
    const struct form_values *v)
{
	char now[64];
	audit_now(now);
	sqlite3_stmt *st = db_prep(w, "INSERT INTO form_def(name, version, source, first_used)"
	    " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name, version) DO NOTHING");
	db_bind_text(st, 1, d->name);
	db_bind_int(st, 2, d->version);
	db_bind_text(st, 3, d->source);
	db_bind_text(st, 4, now);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "SELECT id FROM form_def WHERE name = ?1 AND version = ?2");
	db_bind_text(st, 1, d->name);
	db_bind_int(st, 2, d->version);
	long long def_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (def_id == 0)
		return -1;
	st = db_prep(w, "DELETE FROM form_answer WHERE owner_type = ?1 AND owner_id = ?2");
	db_bind_text(st, 1, owner_type);
	db_bind_int(st, 2, owner_id);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "INSERT INTO form_answer(owner_type, owner_id, form_def_id, question, value)"
	    " VALUES(?1, ?2, ?3, ?4, ?5)");
	for (int i = 0; i < d->nq; i++) {
		db_bind_text(st, 1, owner_type);
		db_bind_int(st, 2, owner_id);
		db_bind_int(st, 3, def_id);
		db_bind_text(st, 4, d->q[i].name);
		db_bind_text(st, 5, v->v[i] ? v->v[i] : "");
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return 0;
}

const struct form_def *
form_load_answers(struct ctx *c, const char *owner_type, long long owner_id, struct form_values *v)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT d.source FROM form_answer a JOIN form_def d"
	    " ON d.id = a.form_def_id WHERE a.owner_type = ?1 AND a.owner_id = ?2 LIMIT 1");
	db_bind_text(st, 1, owner_type);
	db_bind_int(st, 2, owner_id);
	const char *src = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		src = arena_strdup(c->a, db_col_text(st, 0));
	db_done(st);
	if (src == NULL)
		return NULL;
	const struct form_def *d = form_parse_source(c->a, src);
	if (d == NULL)
		return NULL;
	for (int i = 0; i < d->nq; i++)
		v->v[i] = "";
	st = db_prep(c->db, "SELECT question, value FROM form_answer WHERE owner_type = ?1"
	    " AND owner_id = ?2");
	db_bind_text(st, 1, owner_type);
	db_bind_int(st, 2, owner_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < d->nq; i++)
			if (!strcmp(d->q[i].name, db_col_text(st, 0)))
				v->v[i] = arena_strdup(c->a, db_col_text(st, 1));
	db_done(st);
	return d;
}

void
form_summary(struct ctx *c, tpl_dict *d, const char *section, const struct form_def *def,
    const struct form_values *v)
{
	for (int i = 0; i < def->nq; i++) {
		tpl_dict *r = tpl_section(d, section);
		tpl_set(r, "KEY", def->q[i].label);
		const char *val = v->v[i];
		if (def->q[i].type == Q_DATE && *val)
			val = view_date_words(c->a, val);
		else if (def->q[i].type == Q_YESNO)
			val = !strcmp(val, "yes") ? "Yes" : !strcmp(val, "no") ? "No" : "";
		else if (def->q[i].type == Q_SCORE && *val >= '1' && *val <= '5' && def->q[i].nopt == 5)
			val = arena_printf(c->a, "%s: %s", val, def->q[i].opt[*val - '1']);
		else if (def->q[i].type == Q_CHECKBOXES) {
			char *s = arena_strdup(c->a, val);
			for (char *p = s; *p; p++)
				if (*p == '\n') *p = ';';
			val = s;
		}
		tpl_set(r, "VALUE", *val ? val : "Not answered");
		if (!*val)
			tpl_show(r, "MISSING");
		else
			tpl_show(r, "PLAIN");
	}
}

int
form_store_part(struct dbc *w, const struct form_def *d, const char *owner_type, long long owner_id,
    const struct form_values *v, const char *section)
{
	char now[64];
	audit_now(now);
	sqlite3_stmt *st = db_prep(w, "INSERT INTO form_def(name, version, source, first_used)"
	    " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name, version) DO NOTHING");
	db_bind_text(st, 1, d->name);
	db_bind_int(st, 2, d->version);
	db_bind_text(st, 3, d->source);
	db_bind_text(st, 4, now);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "SELECT id FROM form_def WHERE name = ?1 AND version = ?2");
	db_bind_text(st, 1, d->name);
	db_bind_int(st, 2, d->version);
	long long def_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (def_id == 0)
		return -1;
	st = db_prep(w, "INSERT INTO form_answer(owner_type, owner_id, form_def_id, question, value)"
	    " VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(owner_type, owner_id, question) DO UPDATE"
	    " SET value = excluded.value, form_def_id = excluded.form_def_id");
	for (int i = 0; i < d->nq; i++) {
		if (!in_section(&d->q[i], section))
			continue;
		db_bind_text(st, 1, owner_type);
		db_bind_int(st, 2, owner_id);
		db_bind_int(st, 3, def_id);
		db_bind_text(st, 4, d->q[i].name);
		db_bind_text(st, 5, v->v[i] ? v->v[i] : "");
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	return 0;
}

long long
form_def_id(struct dbc *w, const struct form_def *d)
{
	char now[64];
	audit_now(now);
	sqlite3_stmt *st = db_prep(w, "INSERT INTO form_def(name, version, source, first_used)"
	    " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(name, version) DO NOTHING");
	db_bind_text(st, 1, d->name);
	db_bind_int(st, 2, d->version);
	db_bind_text(st, 3, d->source);
	db_bind_text(st, 4, now);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "SELECT id FROM form_def WHERE name = ?1 AND version = ?2");
	db_bind_text(st, 1, d->name);
	db_bind_int(st, 2, d->version);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

const struct form_def *
form_load_def(struct ctx *c, long long def_id)
{
	sqlite3_stmt *st = db_prep(c->db, "SELECT source FROM form_def WHERE id = ?1");
	db_bind_int(st, 1, def_id);
	const char *src = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		src = arena_strdup(c->a, db_col_text(st, 0));
	db_done(st);
	return src ? form_parse_source(c->a, src) : NULL;
}

void
form_load_values(struct ctx *c, const struct form_def *d, const char *owner_type, long long owner_id,
    struct form_values *v)
{
	for (int i = 0; i < d->nq; i++)
		v->v[i] = "";
	sqlite3_stmt *st = db_prep(c->db, "SELECT question, value FROM form_answer WHERE owner_type = ?1"
	    " AND owner_id = ?2");
	db_bind_text(st, 1, owner_type);
	db_bind_int(st, 2, owner_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (int i = 0; i < d->nq; i++)
			if (!strcmp(d->q[i].name, db_col_text(st, 0)))
				v->v[i] = arena_strdup(c->a, db_col_text(st, 1));
	db_done(st);
}

int
form_sections(const struct form_def *d, const char *out[], int max)
{
	int n = 0;
	for (int i = 0; i < d->nq; i++) {
		const char *s = d->q[i].section ? d->q[i].section : d->title;
		int seen = 0;
		for (int k = 0; k < n; k++)
			if (!strcmp(out[k], s))
				seen = 1;
		if (!seen && n < max)
			out[n++] = s;
	}
	return n;
}
