/*
 * search.h -- tolerant people search: phonetic keys, spelling variants,
 * trigram substrings, swapped day and month, postcode spacing; ranked,
 * capped and explained.
 */
#ifndef EHM_SEARCH_H
#define EHM_SEARCH_H
#include "ehm.h"

struct search_criteria {
	const char *family, *given, *dob, *postcode, *ident;
};

enum why {
	W_FAM_EXACT = 1 << 0, W_FAM_PREV = 1 << 1, W_FAM_SOUND = 1 << 2, W_FAM_SPELL = 1 << 3,
	W_FAM_PART = 1 << 4, W_GIV_EXACT = 1 << 5, W_GIV_SOUND = 1 << 6, W_GIV_INITIAL = 1 << 7,
	W_DOB = 1 << 8, W_DOB_SWAP = 1 << 9, W_YEAR = 1 << 10, W_PC = 1 << 11, W_NHS = 1 << 12,
	W_UPN = 1 << 13,
};
#define W_COUNT 14
extern const char *const why_text[W_COUNT];

struct search_hit {
	long long id;
	int score;
	unsigned why;
	int can_open;
	const char *family, *given, *dob, *postcode_key;
	long birth_year;
	int withheld, unborn;
};

/*
 * Run a search for the signed-in user.  Results are ranked best first and
 * capped at the configured result_cap.  Address and postcode never match an
 * address-withheld person the user may not open.
 */
int search_run(struct ctx *, const struct search_criteria *, struct search_hit **out, int *n);
#endif
