/*
 * search.c -- finding people.
 *
 * Candidates come only from indexes, so a search stays fast at a million
 * people: the phonetic key of the family name (with the given name's key or
 * the year of birth), spelling variants of the family name (symmetric
 * deletion over distinct names, then an edit distance of at most 2), the
 * date of birth and its day/month swap, the postcode key, exact
 * identifiers, and the trigram index for a family name typed in part.
 * Each candidate is then scored in C and the reasons it matched are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "phonetic.h"
#include "search.h"

const char *const why_text[W_COUNT] = {
	"family name matches", "previous name matches", "family name sounds like",
	"family name is spelt similarly", "family name contains what you typed",
	"given name matches", "given name sounds like", "given name starts with the same letter",
	"date of birth matches", "date of birth with day and month swapped",
	"year of birth matches", "postcode matches", "NHS number matches", "UPN matches",
};

#define MAX_CAND 1500

struct cands {
	long long id[MAX_CAND];
	int n;
};

static void
add(struct cands *c, long long id)
{
	for (int i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return;
	if (c->n < MAX_CAND)
		c->id[c->n++] = id;
}

static void
collect(struct cands *c, sqlite3_stmt *st)
{
	while (st && sqlite3_step(st) == SQLITE_ROW && c->n < MAX_CAND)
		add(c, sqlite3_column_int64(st, 0));
	db_done(st);
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct search_hit *x = a, *y = b;
	if (x->score != y->score)
		return y->score - x->score;
	int f = strcmp(x->family, y->family);
	if (f)
		return f;
	f = strcmp(x->given, y->given);
	return f ? f : (x->id < y->id ? -1 : 1);
}

static int
ci_equal(const char *a, const char *b)
{
	char fa[128], fb[128];
	name_fold(a, fa, sizeof fa);
	name_fold(b, fb, sizeof fb);
	if (fa[0] || fb[0])
		return strcmp(fa, fb) == 0;
	return strcmp(a, b) == 0;     /* names in other scripts: exact */
}

/* Does the folded name fb appear among the comma-separated previous names? */
static int
previous_match(const char *prev, const char *fold_q, const char *key_q)
{
	while (prev && *prev) {
		const char *comma = strchr(prev, ',');
		size_t n = comma ? (size_t)(comma - prev) : strlen(prev);
		char one[128];
		if (n >= sizeof one)
			n = sizeof one - 1;
		memcpy(one, prev, n);
		one[n] = '\0';
		char *last = strrchr(one, ' ');
		const char *fam = last && last[1] ? last + 1 : one;
		char f[128], k[PHONETIC_MAX + 1];
		name_fold(fam, f, sizeof f);
		phonetic_key(fam, k);
		if ((f[0] && !strcmp(f, fold_q)) || (k[0] && !strcmp(k, key_q)))
			return 1;
		prev = comma ? comma + 1 : NULL;
	}
	return 0;
}

int
search_run(struct ctx *c, const struct search_criteria *q, struct search_hit **out, int *nout)
{
	struct cands *cand = arena_alloc(c->a, sizeof *cand);
	char fam_fold[128] = "", fam_key[PHONETIC_MAX + 1] = "", giv_key[PHONETIC_MAX + 1] = "";
	char giv_fold[128] = "", pc[12] = "";
	name_fold(q->family, fam_fold, sizeof fam_fold);
	phonetic_key(q->family, fam_key);
	phonetic_key(q->given, giv_key);
	{
		char first[128];
		size_t i = 0;
		const char *g = q->given ? q->given : "";
		while (*g && *g != ' ' && i < sizeof first - 1)
			first[i++] = *g++;
		first[i] = '\0';
		name_fold(first, giv_fold, sizeof giv_fold);
	}
	postcode_key(q->postcode, pc);
	char swapped[48] = "";
	long year = 0;
	if (q->dob && *q->dob) {
		year = atol(q->dob);
		int d = atoi(q->dob + 8), m = atoi(q->dob + 5);
		if (d != m && d <= 12)
			snprintf(swapped, sizeof swapped, "%04ld-%02d-%02d", year, d, m);
	}
	sqlite3_stmt *st;
	char id[32] = "";
	if (q->ident && *q->ident) {
		size_t k = 0;
		for (const char *s = q->ident; *s && k < sizeof id - 1; s++)
			if (*s != ' ' && *s != '-')
				id[k++] = (char)(*s >= 'a' && *s <= 'z' ? *s - 32 : *s);
		id[k] = '\0';
	}

	if (id[0]) {
		st = db_prep(c->db, "SELECT id FROM person WHERE nhs_number = ?1 OR upn = ?1");
		db_bind_text(st, 1, id);
		collect(cand, st);
	} else {
		/* 1. Phonetic family key, narrowed by the given name's key or the year. */
		if (fam_key[0] && giv_key[0]) {
			st = db_prep(c->db, "SELECT person_id FROM person_name WHERE family_key = ?1"
			    " AND given_key = ?2 LIMIT 500");
			db_bind_text(st, 1, fam_key);
			db_bind_text(st, 2, giv_key);
			collect(cand, st);
		}
		/* Found on family and given name together (step 5 looks further while these are few). */
		int both = cand->n;
		if (fam_key[0] && year) {
			st = db_prep(c->db, "SELECT person_id FROM person_name WHERE family_key = ?1"
			    " AND birth_year BETWEEN ?2 - 1 AND ?2 + 1 LIMIT 500");
			db_bind_text(st, 1, fam_key);
			db_bind_int(st, 2, year);
			collect(cand, st);
		}
		if (fam_key[0] && pc[0]) {
			st = db_prep(c->db, "SELECT n.person_id FROM person_name n JOIN person p"
			    " ON p.id = n.person_id WHERE n.family_key = ?1 AND p.postcode_key = ?2 LIMIT 200");
			db_bind_text(st, 1, fam_key);
			db_bind_text(st, 2, pc);
			collect(cand, st);
		}
		/* 2. Spelling variants: names within two edits, by symmetric deletion. */
		size_t fl = strlen(fam_fold);
		if (fl >= 2 && fl <= 24) {
			const char **folds = arena_alloc(c->a, sizeof *folds * 256);
			int nf = 0;
			st = db_prep(c->db, "SELECT DISTINCT family_fold FROM family_variant WHERE del_key = ?1");
			for (size_t i = 0; i <= fl && nf < 250; i++) {
				char del[64];
				if (i == fl)
					memcpy(del, fam_fold, fl + 1);
				else {
					memcpy(del, fam_fold, i);
					memcpy(del + i, fam_fold + i + 1, fl - i);
				}
				db_bind_text(st, 1, del);
				while (sqlite3_step(st) == SQLITE_ROW && nf < 250) {
					const char *f = db_col_text(st, 0);
					int dup = 0;
					for (int j = 0; j < nf; j++)
						if (!strcmp(folds[j], f))
							dup = 1;
					if (!dup && name_distance(fam_fold, f, fl <= 4 ? 1 : 2) <= (fl <= 4 ? 1 : 2))
						folds[nf++] = arena_strdup(c->a, f);
				}
				sqlite3_reset(st);
			}
			db_done(st);
			for (int j = 0; j < nf; j++) {
				st = db_prep(c->db, "SELECT n.person_id FROM person_name n JOIN person p"
				    " ON p.id = n.person_id WHERE n.family_fold = ?1 AND (n.given_key = ?2"
				    " OR n.birth_year BETWEEN ?3 - 1 AND ?3 + 1 OR p.postcode_key = ?4"
				    " OR p.dob = ?5 OR p.dob = ?6) LIMIT 200");
				db_bind_text(st, 1, folds[j]);
				db_bind_text(st, 2, giv_key[0] ? giv_key : "-");
				db_bind_int(st, 3, year ? year : -10);
				db_bind_text(st, 4, pc[0] ? pc : "-");
				db_bind_text(st, 5, q->dob && *q->dob ? q->dob : "-");
				db_bind_text(st, 6, swapped[0] ? swapped : "-");
				collect(cand, st);
			}
		}
		/* 3. Date of birth, and with day and month swapped. */
		if (q->dob && *q->dob) {
			st = db_prep(c->db, "SELECT id FROM person WHERE dob = ?1 OR dob = ?2 LIMIT 500");
			db_bind_text(st, 1, q->dob);
			db_bind_text(st, 2, swapped[0] ? swapped : q->dob);
			collect(cand, st);
		}
		/* 4. Postcode, whatever its spacing or case. */
		if (pc[0]) {
			st = db_prep(c->db, "SELECT id FROM person WHERE postcode_key = ?1 LIMIT 500");
			db_bind_text(st, 1, pc);
			collect(cand, st);
		}
		/*
		 * 5. Part of a family name (or a name in another script): trigram
		 * index, when the steps above found few, or few with the given name
		 * too (a postcode shared by many must not crowd out Amy Patel-Jones).
		 */
		if ((cand->n < 20 || (giv_key[0] && both < 20)) && strlen(q->family) >= 3) {
			char *quoted = arena_alloc(c->a, strlen(q->family) * 2 + 3);
			char *o = quoted;
			*o++ = '"';
			for (const char *s = q->family; *s; s++) {
				if (*s == '"')
					*o++ = '"';
				*o++ = *s;
			}
			*o++ = '"';
			*o = '\0';
			st = db_prep(c->db, "SELECT f.rowid FROM person_fts f JOIN person p ON p.id = f.rowid"
			    " WHERE person_fts MATCH ?1 AND (p.given_names LIKE ?2 || '%' OR p.dob = ?3"
			    " OR p.dob = ?4 OR p.postcode_key = ?5 OR p.birth_year = ?6) LIMIT 200");
			db_bind_text(st, 1, quoted);
			db_bind_text(st, 2, q->given && *q->given ? q->given : "\x01");
			db_bind_text(st, 3, q->dob && *q->dob ? q->dob : "-");
			db_bind_text(st, 4, swapped[0] ? swapped : "-");
			db_bind_text(st, 5, pc[0] ? pc : "-");
			db_bind_int(st, 6, year ? year : -10);
			collect(cand, st);
		}
	}

	/* Score every candidate. */
	struct search_hit *hits = arena_alloc(c->a, sizeof *hits * (size_t)(cand->n + 1));
	int nh = 0;
	st = db_prep(c->db, "SELECT family_name, given_names, coalesce(dob, ''), postcode_key,"
	    " address_withheld, coalesce(birth_year, 0), previous_names, coalesce(nhs_number, ''),"
	    " coalesce(upn, ''), unborn FROM person WHERE id = ?1");
	for (int i = 0; i < cand->n; i++) {
		db_bind_int(st, 1, cand->id[i]);
		if (sqlite3_step(st) != SQLITE_ROW) {
			sqlite3_reset(st);
			continue;
		}
		struct search_hit h = { .id = cand->id[i] };
		h.family = arena_strdup(c->a, db_col_text(st, 0));
		h.given = arena_strdup(c->a, db_col_text(st, 1));
		h.dob = arena_strdup(c->a, db_col_text(st, 2));
		h.postcode_key = arena_strdup(c->a, db_col_text(st, 3));
		h.withheld = sqlite3_column_int(st, 4);
		h.birth_year = sqlite3_column_int(st, 5);
		const char *prev = db_col_text(st, 6);
		const char *nhs = db_col_text(st, 7), *upn = db_col_text(st, 8);
		h.unborn = sqlite3_column_int(st, 9);
		int fam_hit = 0;
		if (id[0]) {
			h.why = !strcmp(nhs, id) ? W_NHS : !strcmp(upn, id) ? W_UPN : 0;
			h.score = 100;
			fam_hit = h.why != 0;
		} else {
			char f[128], k[PHONETIC_MAX + 1];
			name_fold(h.family, f, sizeof f);
			phonetic_key(h.family, k);
			if (ci_equal(h.family, q->family)) {
				h.why |= W_FAM_EXACT;
				h.score += 40;
			} else if (previous_match(prev, fam_fold, fam_key)) {
				h.why |= W_FAM_PREV;
				h.score += 34;
			} else if (k[0] && !strcmp(k, fam_key)) {
				h.why |= W_FAM_SOUND;
				h.score += 28;
			} else if (f[0] && fam_fold[0] && name_distance(f, fam_fold,
			    strlen(fam_fold) <= 4 ? 1 : 2) <= (strlen(fam_fold) <= 4 ? 1 : 2)) {
				h.why |= W_FAM_SPELL;
				h.score += 24;
			} else if (strlen(q->family) >= 3 && strcasestr(h.family, q->family)) {
				h.why |= W_FAM_PART;
				h.score += 18;
			}
			fam_hit = h.why != 0;
			if (q->given && *q->given) {
				char gf[128], gk[PHONETIC_MAX + 1], first[128];
				size_t j = 0;
				for (const char *s = h.given; *s && *s != ' ' && j < sizeof first - 1; s++)
					first[j++] = *s;
				first[j] = '\0';
				name_fold(first, gf, sizeof gf);
				phonetic_key(first, gk);
				if ((gf[0] && !strcmp(gf, giv_fold)) || ci_equal(first, q->given) ||
				    ci_equal(h.given, q->given)) {
					h.why |= W_GIV_EXACT;
					h.score += 22;
				} else if (gk[0] && !strcmp(gk, giv_key)) {
					h.why |= W_GIV_SOUND;
					h.score += 15;
				} else if (gf[0] && giv_fold[0] && gf[0] == giv_fold[0]) {
					h.why |= W_GIV_INITIAL;
					h.score += 4;
				}
			}
			if (q->dob && *q->dob) {
				if (!strcmp(h.dob, q->dob)) {
					h.why |= W_DOB;
					h.score += 30;
				} else if (swapped[0] && !strcmp(h.dob, swapped)) {
					h.why |= W_DOB_SWAP;
					h.score += 22;
				} else if (h.birth_year && h.birth_year == year) {
					h.why |= W_YEAR;
					h.score += 6;
				}
			}
		}
		h.can_open = access_person(c, h.id) >= ACCESS_READ;
		if (pc[0] && !strcmp(h.postcode_key, pc) && (!h.withheld || h.can_open)) {
			h.why |= W_PC;
			h.score += 25;
		}
		sqlite3_reset(st);
		/* A family name must match (or an identifier), plus something else when given. */
		int other = (h.why & ~(unsigned)(W_FAM_EXACT | W_FAM_PREV | W_FAM_SOUND | W_FAM_SPELL |
		    W_FAM_PART)) != 0;
		if (!fam_hit || (!other && !id[0]))
			continue;
		hits[nh++] = h;
	}
	db_done(st);
	qsort(hits, (size_t)nh, sizeof *hits, cmp_hit);
	if (nh > c->cfg->search_cap)
		nh = (int)c->cfg->search_cap;
	*out = hits;
	*nout = nh;
	return 0;
}
