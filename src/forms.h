/*
 * forms.h -- form definitions as data (schema/forms/NAME.ini) and the one
 * renderer, validator and storer that serves every such form.
 *
 * A definition has a name, a version and questions (short text, long
 * text, date, yes/no, radios, checkboxes, score 1-5).  The definition's
 * text is stored in the database the first time it is used, and answers
 * record which stored version they were given under, so they always render
 * as they were asked even after the file changes.
 */
#ifndef EHM_FORMS_H
#define EHM_FORMS_H
#include "ehm.h"
#include "view.h"

#define FORM_MAX_Q 64
#define FORM_MAX_OPT 24

enum qtype { Q_SHORT, Q_LONG, Q_DATE, Q_YESNO, Q_RADIOS, Q_CHECKBOXES, Q_SCORE };

struct form_q {
	char *name, *label, *hint, *section;
	enum qtype type;
	char *opt[FORM_MAX_OPT];
	int nopt;
	int required;
	int when;               /* a date: -1 today or before ("when = past"), +1 today or after ("future"), 0 any */
	long max;
};

struct form_def {
	char *name, *title, *file, *source;
	int version;
	struct form_q q[FORM_MAX_Q];
	int nq;
};

/* Load every *.ini in dir; on a malformed file: -1 and "FILE:LINE: what". */
int forms_load(const char *dir, char *err, size_t errlen);
const struct form_def *form_get(const char *name);
/* Parse a stored definition's text (arena-owned result), or NULL. */
const struct form_def *form_parse_source(struct arena *, const char *source);

/* Answers: values[i] belongs to def->q[i] ("" when none; checkboxes joined by '\n'). */
struct form_values {
	const char *v[FORM_MAX_Q];
};

/* Read posted answers (fields "f.NAME"), validating; errors into fe. */
void form_read(struct ctx *, const struct form_def *, struct form_values *, struct form_errors *);
/* Only the questions of one section (NULL: all); required enforced only if asked. */
void form_read_part(struct ctx *, const struct form_def *, const char *section,
    struct form_values *, struct form_errors *, int enforce_required);
void form_render_part(struct ctx *, tpl_dict *page, const char *marker, const struct form_def *,
    const char *section, const struct form_values *, const struct form_errors *);
/* Writer unit helper: upsert one section's answers. */
int form_store_part(struct dbc *w, const struct form_def *, const char *owner_type,
    long long owner_id, const struct form_values *, const char *section);
/* Writer unit helper: the stored definition's id (stored on first use). */
long long form_def_id(struct dbc *w, const struct form_def *);
/* A stored definition by id, parsed (arena). */
const struct form_def *form_load_def(struct ctx *, long long def_id);
/* Stored answers of an owner under definition d. */
void form_load_values(struct ctx *, const struct form_def *, const char *owner_type,
    long long owner_id, struct form_values *);
/* The section names in order (questions without a section use the title). */
int form_sections(const struct form_def *, const char *out[], int max);
/* Render the questions at marker with values (posted values win when posting). */
void form_render(struct ctx *, tpl_dict *page, const char *marker, const struct form_def *,
    const struct form_values *, const struct form_errors *);
/* Writer unit helper: store the definition (once) and the answers. 0 on success. */
int form_store(struct dbc *w, const struct form_def *, const char *owner_type, long long owner_id,
    const struct form_values *);
/* Load stored answers and the definition they were given under; NULL if none. */
const struct form_def *form_load_answers(struct ctx *, const char *owner_type, long long owner_id,
    struct form_values *);
/* Summary-list rows (KEY/VALUE) of answers, into section name of dict d. */
void form_summary(struct ctx *, tpl_dict *d, const char *section, const struct form_def *,
    const struct form_values *);
#endif
