/*
 * valid.h -- validators used at the edge of every form: each turns a posted
 * string into a typed value or adds a GOV.UK-worded message to the form's
 * error list.
 */
#ifndef EHM_VALID_H
#define EHM_VALID_H
#include "view.h"

/*
 * Trimmed text.  label_lower is the field's name in a sentence, e.g.
 * "full name" → "Enter a full name" / "Full name must be 120 characters or fewer".
 * Returns the trimmed value (never NULL).  Control characters are refused.
 */
const char *valid_text(struct ctx *, struct form_errors *, const char *field,
    const char *label_lower, size_t maxchars, int required);
/* An integer id from a select; 0 when absent or not a number. */
long long valid_id(const char *v);
/* A form's hidden version: -1 when not posted (nothing to check), else the number (0 for junk). */
long long valid_version(const char *v);
/* An email address (simple shape check); empty allowed unless required. */
const char *valid_email(struct ctx *, struct form_errors *, const char *field, int required);
/*
 * A date typed as "27/3/2026", "27 3 2026" or "2026-03-27" → "2026-03-27".
 * Empty → "" (or an error if required).  label e.g. "Date training was completed".
 */
const char *valid_date(struct ctx *, struct form_errors *, const char *field,
    const char *label, int required, int not_future);
/*
 * A GOV.UK date input: fields NAME-day, NAME-month, NAME-year (month names
 * such as "jan" or "January" accepted).  label is the question's own words,
 * e.g. "Date of birth".  when: 0 any, -1 must be in the past (or today),
 * +1 must be today or later.  Returns "YYYY-MM-DD", "" when empty and not
 * required, or NULL after adding an error (the error names field NAME-day,
 * -month or -year as GOV.UK asks).
 */
const char *valid_date3(struct ctx *, struct form_errors *, const char *name,
    const char *label, int required, int when);
/* NHS number: "" if empty, the 10 digits if right, NULL after an error. */
const char *valid_nhs(struct ctx *, struct form_errors *, const char *field);

/* s cut to at most maxbytes at a character boundary, with "…" if it was cut. */
const char *valid_clip(struct arena *, const char *s, size_t maxbytes);
/* The length of s's longest prefix of at most maxbytes that ends between characters. */
size_t utf8_prefix(const char *s, size_t maxbytes);
/* UTF-8 character count. */
size_t utf8_chars(const char *);
/* 1 if y-m-d is a real calendar date. */
int valid_ymd(int y, int m, int d);
#endif
