/*
 * person.h -- people: the stored record, its search keys, search, create
 * (managers), record, edit, relationships and the print view.
 */
#ifndef EHM_PERSON_H
#define EHM_PERSON_H
#include "ehm.h"

struct person_rec {
	long long id, version;
	const char *family_name, *given_names;
	const char *dob;              /* YYYY-MM-DD or NULL */
	long estimated_age;           /* -1 when not estimated */
	int unborn;
	const char *edd;              /* YYYY-MM-DD or NULL */
	const char *gender;           /* female, male, other, unknown */
	const char *address, *postcode;
	int no_fixed_abode, address_withheld;
	const char *nhs_number, *upn; /* NULL when none */
	const char *language;
	int interpreter;
	const char *previous_names;   /* comma-separated */
	long long created_by;
	const char *created_at;       /* ISO time */
};

/*
 * Insert a person with their search keys (person_name, person_fts) inside
 * a writer unit.  Returns the new id, or 0 on failure.  Used by the create
 * page and by `ehm demo`.
 */
long long person_insert(struct dbc *w, const struct person_rec *);
/* Replace the search keys after an edit. */
int person_reindex(struct dbc *w, const struct person_rec *);

/* Relationship types: what A is to B, and the reciprocal label. */
extern const char *const relationship_types[];     /* value, label pairs, NULL-ended */
const char *relationship_reciprocal(const char *a_is);   /* label of B to A */
const char *relationship_label(const char *a_is);

int people_get(struct ctx *);
int people_search(struct ctx *);
int person_new(struct ctx *);
int person_create(struct ctx *);
int person_get(struct ctx *);
int person_edit(struct ctx *);
int person_save(struct ctx *);
int person_print(struct ctx *);
int relationship_new(struct ctx *);
int relationship_create(struct ctx *);
int relationship_end(struct ctx *);
#endif
