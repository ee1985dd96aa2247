/*
 * phonetic.h -- name keys for tolerant people search.
 *
 * phonetic_key() is a simplified Metaphone tuned for names recorded by UK
 * services: Smith/Smyth, Jon/John and Mohammed/Muhammad/Mohamed each share
 * a key.  Latin letters with accents are folded first (Zoë → ZOE, Łukasz →
 * LUKASZ); a name in another script gets an empty key and is found through
 * the trigram index instead.
 */
#ifndef EHM_PHONETIC_H
#define EHM_PHONETIC_H
#include <stddef.h>

#define PHONETIC_MAX 12

/* Key of the first word of name (for given names) or the whole name. */
void phonetic_key(const char *name, char out[PHONETIC_MAX + 1]);
/* Upper-case ASCII folding of name (letters only), e.g. "O'Brien" → "OBRIEN". */
void name_fold(const char *name, char *out, size_t outlen);
/* Levenshtein distance between two folded names, capped at max+1. */
int name_distance(const char *a, const char *b, int max);
/* Postcode key: upper case, spaces removed; "" if it is not postcode-shaped. */
void postcode_key(const char *pc, char out[12]);
/* Outward half of a postcode key: "SW1A1AA" → "SW1A". */
void postcode_outward(const char *key, char out[8]);
#endif
