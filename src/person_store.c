/*
 * person_store.c -- writing people and their search keys.
 *
 * Each person has one person_name row per name they are known by (current
 * and previous), keyed by the phonetic keys of the family name and first
 * given name, and one person_fts row (trigram index of family names) so a
 * misspelt or partial family name is still found.  Called inside writer
 * units only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "person.h"
#include "phonetic.h"

const char *const relationship_types[] = {
	"mother", "Mother",
	"father", "Father",
	"parent", "Parent",
	"step-parent", "Step-parent",
	"carer", "Carer",
	"grandparent", "Grandparent",
	"sibling", "Sibling",
	"other", "Other relationship",
	NULL
};

const char *
relationship_label(const char *a_is)
{
	for (const char *const *t = relationship_types; t[0]; t += 2)
		if (!strcmp(t[0], a_is))
			return t[1];
	return "Other relationship";
}

const char *
relationship_reciprocal(const char *a_is)
{
	if (!strcmp(a_is, "mother") || !strcmp(a_is, "father") || !strcmp(a_is, "parent"))
		return "Child";
	if (!strcmp(a_is, "step-parent"))
		return "Step-child";
	if (!strcmp(a_is, "carer"))
		return "Cared-for child";
	if (!strcmp(a_is, "grandparent"))
		return "Grandchild";
	if (!strcmp(a_is, "sibling"))
		return "Sibling";
	return "Other relationship";
}

static long
birth_year_of(const struct person_rec *p)
{
	if (p->dob && strlen(p->dob) >= 4)
		return atol(p->dob);
	if (p->unborn && p->edd && strlen(p->edd) >= 4)
		return atol(p->edd);
	if (p->estimated_age >= 0 && p->created_at && strlen(p->created_at) >= 4)
		return atol(p->created_at) - p->estimated_age;
	return 0;
}

static int
add_name(struct dbc *w, long long id, const char *family, const char *given, int current,
    long year)
{
	char fk[PHONETIC_MAX + 1], gk[PHONETIC_MAX + 1], fold[64];
	phonetic_key(family, fk);
	phonetic_key(given, gk);
	name_fold(family, fold, sizeof fold);
	sqlite3_stmt *st = db_prep(w, "INSERT OR IGNORE INTO person_name(family_key, given_key,"
	    " person_id, current, birth_year, family_fold) VALUES(?1, ?2, ?3, ?4, nullif(?5, 0), ?6)");
	db_bind_text(st, 1, fk);
	db_bind_text(st, 2, gk);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, current);
	db_bind_int(st, 5, year);
	db_bind_text(st, 6, fold);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	/* The name and its one-letter deletions (names up to 24 letters). */
	size_t n = strlen(fold);
	if (n == 0 || n > 24)
		return 0;
	st = db_prep(w, "INSERT OR IGNORE INTO family_variant(del_key, family_fold) VALUES(?1, ?2)");
	for (size_t i = 0; i <= n; i++) {
		char del[64];
		if (i == n)
			memcpy(del, fold, n + 1);
		else {
			memcpy(del, fold, i);
			memcpy(del + i, fold + i + 1, n - i);
		}
		db_bind_text(st, 1, del);
		db_bind_text(st, 2, fold);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			break;
	}
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Index every name: the current one and each comma-separated previous name. */
static int
index_names(struct dbc *w, long long id, const struct person_rec *p)
{
	long year = birth_year_of(p);
	if (add_name(w, id, p->family_name, p->given_names, 1, year) != 0)
		return -1;
	char fts[1024];
	snprintf(fts, sizeof fts, "%s", p->family_name);
	const char *prev = p->previous_names ? p->previous_names : "";
	while (*prev) {
		const char *comma = strchr(prev, ',');
		size_t n = comma ? (size_t)(comma - prev) : strlen(prev);
		char one[256];
		if (n >= sizeof one)
			n = sizeof one - 1;
		memcpy(one, prev, n);
		one[n] = '\0';
		/* "Jane Smith" → given Jane, family Smith; "Smith" → family only. */
		char *s = one;
		while (*s == ' ')
			s++;
		char *end = s + strlen(s);
		while (end > s && end[-1] == ' ')
			*--end = '\0';
		if (*s) {
			char *last = strrchr(s, ' ');
			const char *fam = last ? last + 1 : s;
			const char *giv = p->given_names;
			if (last) {
				*last = '\0';
				giv = s;
			}
			if (add_name(w, id, fam, giv, 0, year) != 0)
				return -1;
			size_t l = strlen(fts);
			snprintf(fts + l, sizeof fts - l, " %s", fam);
		}
		prev = comma ? comma + 1 : prev + strlen(prev);
	}
	sqlite3_stmt *st = db_prep(w, "INSERT INTO person_fts(rowid, family) VALUES(?1, ?2)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, fts);
	int rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

long long
person_insert(struct dbc *w, const struct person_rec *p)
{
	char pk[12];
	postcode_key(p->postcode, pk);
	sqlite3_stmt *st = db_prep(w,
	    "INSERT INTO person(family_name, given_names, dob, estimated_age, unborn, edd, birth_year,"
	    " gender, address, postcode, postcode_key, no_fixed_abode, address_withheld, nhs_number,"
	    " upn, language, interpreter, previous_names, created_by, created_at, updated_by, updated_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
	    " ?17, ?18, ?19, ?20, ?19, ?20)");
	db_bind_text(st, 1, p->family_name);
	db_bind_text(st, 2, p->given_names);
	db_bind_text(st, 3, p->dob && *p->dob ? p->dob : NULL);
	if (p->estimated_age >= 0)
		db_bind_int(st, 4, p->estimated_age);
	else
		sqlite3_bind_null(st, 4);
	db_bind_int(st, 5, p->unborn);
	db_bind_text(st, 6, p->edd && *p->edd ? p->edd : NULL);
	db_bind_int(st, 7, birth_year_of(p));
	db_bind_text(st, 8, p->gender);
	db_bind_text(st, 9, p->address ? p->address : "");
	db_bind_text(st, 10, p->postcode ? p->postcode : "");
	db_bind_text(st, 11, pk);
	db_bind_int(st, 12, p->no_fixed_abode);
	db_bind_int(st, 13, p->address_withheld);
	db_bind_text(st, 14, p->nhs_number && *p->nhs_number ? p->nhs_number : NULL);
	db_bind_text(st, 15, p->upn && *p->upn ? p->upn : NULL);
	db_bind_text(st, 16, p->language ? p->language : "");
	db_bind_int(st, 17, p->interpreter);
	db_bind_text(st, 18, p->previous_names ? p->previous_names : "");
	db_bind_int(st, 19, p->created_by);
	db_bind_text(st, 20, p->created_at);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "ehm: person insert: %s\n", sqlite3_errmsg(w->db));
		return 0;
	}
	long long id = sqlite3_last_insert_rowid(w->db);
	return index_names(w, id, p) == 0 ? id : 0;
}

int
person_reindex(struct dbc *w, const struct person_rec *p)
{
	sqlite3_stmt *st = db_prep(w, "DELETE FROM person_name WHERE person_id = ?1");
	db_bind_int(st, 1, p->id);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "DELETE FROM person_fts WHERE rowid = ?1");
	db_bind_int(st, 1, p->id);
	sqlite3_step(st);
	db_done(st);
	return index_names(w, p->id, p);
}
