/*
 * view.h -- rendering pages: the layout with the council's branding, the
 * page's own template, error summaries and the one error page.
 */
#ifndef EHM_VIEW_H
#define EHM_VIEW_H

#include "ehm.h"

#define FORM_MAX_ERRORS 64

struct form_errors {
	int n;
	struct { const char *field; const char *msg; } e[FORM_MAX_ERRORS];
};

/* Start a page: returns the dictionary for `file`, included in the layout. */
tpl_dict *view_page(struct ctx *, const char *file, const char *title);
/* The same for a print view: no navigation, print stylesheet. */
tpl_dict *view_print_page(struct ctx *, const char *file, const char *title);
/* Expand the layout into the response body.  0 or -1 (then 500). */
int view_render(struct ctx *);
/* Replace whatever was built with the branded error page for status. */
void view_error(struct ctx *, int status, const char *detail);

void form_error(struct form_errors *, const char *field, const char *msg);
const char *form_error_for(const struct form_errors *, const char *field);
/* Sets the error summary, "Error: " title prefix, and FIELD_ERROR values. */
void view_form_errors(struct ctx *, tpl_dict *page, const struct form_errors *);
/* Set key to the posted value of field (so input is kept on redisplay). */
void view_keep(tpl_dict *page, struct ctx *, const char *key, const char *field);

/*
 * Form fields rendered from the shared partials (_input.tpl, _select.tpl,
 * _radios.tpl, _checkbox.tpl, _textarea.tpl) at the page's {{>MARKER}}.
 * options: NULL-terminated list of value, text pairs.
 */
struct fld {
	const char *marker;
	const char *name;
	const char *label;
	const char *hint;
	const char *value;          /* current value (kept on redisplay) */
	const char *type;           /* input type, default "text" */
	const char *autocomplete;
	const char *cls;            /* e.g. " govuk-input--width-20" */
	int nospell;
	long maxlength;             /* textarea: character count up to this */
	const char *const *options;
	const struct form_errors *fe;
};
void view_input(tpl_dict *page, const struct fld *);
void view_textarea(tpl_dict *page, const struct fld *);
void view_select(tpl_dict *page, const struct fld *);
void view_radios(tpl_dict *page, const struct fld *);
void view_checkbox(tpl_dict *page, const struct fld *, int checked);
/* A checkbox group's name, legend, hint and error, the fieldset described by both. */
void view_group_head(struct ctx *, tpl_dict *group, const char *name, const char *label,
    const char *hint, const char *err);
/*
 * A GOV.UK date input at marker: values from NAME-day/-month/-year (posted)
 * or from iso (YYYY-MM-DD) when not posted.  bday: birth-date autocomplete.
 */
void view_date(struct ctx *, tpl_dict *page, const char *marker, const char *name,
    const char *label, const char *hint, const char *iso, int bday,
    const struct form_errors *);
/*
 * Checkboxes (value, text pairs in f->options) at f->marker; a box is ticked
 * when its value is in `ticked` (values joined by '\n'), or, after a post,
 * when it was posted.
 */
void view_checkboxes(struct ctx *, tpl_dict *page, const struct fld *, const char *ticked);
/* The value to show: the posted one if there was a post, else dflt. */
const char *view_value(struct ctx *, const char *field, const char *dflt);

/* Dates in words: "3 March 2025"; "2:15pm". */
const char *view_date_words(struct arena *, const char *iso);
const char *view_datetime_words(struct arena *, const char *iso);

#endif
