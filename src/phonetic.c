/*
 * phonetic.c -- name folding, a simplified Metaphone, edit distance and
 * postcode keys.  Pure functions: unit-tested in tests/unit/test_phonetic.c.
 */
#include <ctype.h>
#include <string.h>

#include "phonetic.h"

/* Fold a two-byte UTF-8 Latin letter to ASCII (0 if not one we know). */
static const char *
fold2(unsigned char a, unsigned char b)
{
	unsigned cp = ((a & 0x1Fu) << 6) | (b & 0x3Fu);
	if (cp >= 0xC0 && cp <= 0xC5) return "A";
	if (cp == 0xC6) return "AE";
	if (cp == 0xC7) return "C";
	if (cp >= 0xC8 && cp <= 0xCB) return "E";
	if (cp >= 0xCC && cp <= 0xCF) return "I";
	if (cp == 0xD0) return "D";
	if (cp == 0xD1) return "N";
	if ((cp >= 0xD2 && cp <= 0xD6) || cp == 0xD8) return "O";
	if (cp >= 0xD9 && cp <= 0xDC) return "U";
	if (cp == 0xDD) return "Y";
	if (cp == 0xDF) return "SS";
	if (cp >= 0xE0 && cp <= 0xE5) return "A";
	if (cp == 0xE6) return "AE";
	if (cp == 0xE7) return "C";
	if (cp >= 0xE8 && cp <= 0xEB) return "E";
	if (cp >= 0xEC && cp <= 0xEF) return "I";
	if (cp == 0xF1) return "N";
	if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8) return "O";
	if (cp >= 0xF9 && cp <= 0xFC) return "U";
	if (cp == 0xFD || cp == 0xFF) return "Y";
	if (cp >= 0x100 && cp <= 0x105) return "A";
	if (cp >= 0x106 && cp <= 0x10D) return "C";
	if (cp >= 0x10E && cp <= 0x111) return "D";
	if (cp >= 0x112 && cp <= 0x11B) return "E";
	if (cp >= 0x11C && cp <= 0x123) return "G";
	if (cp >= 0x124 && cp <= 0x127) return "H";
	if (cp >= 0x128 && cp <= 0x131) return "I";
	if (cp >= 0x134 && cp <= 0x135) return "J";
	if (cp >= 0x136 && cp <= 0x138) return "K";
	if (cp >= 0x139 && cp <= 0x142) return "L";
	if (cp >= 0x143 && cp <= 0x14B) return "N";
	if (cp >= 0x14C && cp <= 0x151) return "O";
	if (cp >= 0x152 && cp <= 0x153) return "OE";
	if (cp >= 0x154 && cp <= 0x159) return "R";
	if (cp >= 0x15A && cp <= 0x161) return "S";
	if (cp >= 0x162 && cp <= 0x167) return "T";
	if (cp >= 0x168 && cp <= 0x173) return "U";
	if (cp >= 0x174 && cp <= 0x175) return "W";
	if (cp >= 0x176 && cp <= 0x178) return "Y";
	if (cp >= 0x179 && cp <= 0x17E) return "Z";
	return NULL;
}

void
name_fold(const char *name, char *out, size_t outlen)
{
	size_t n = 0;
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	while (*s && n + 3 < outlen) {
		if (*s < 0x80) {
			if (isalpha(*s))
				out[n++] = (char)toupper(*s);
			s++;
		} else if ((*s & 0xE0) == 0xC0 && s[1]) {
			const char *f = fold2(s[0], s[1]);
			for (; f && *f && n + 3 < outlen; f++)
				out[n++] = *f;
			s += 2;
		} else {
			s++;
			while ((*s & 0xC0) == 0x80)
				s++;
		}
	}
	out[n] = '\0';
}

static int
vowel(char c)
{
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U';
}

static int
front(char c)
{
	return c == 'E' || c == 'I' || c == 'Y';
}

void
phonetic_key(const char *name, char out[PHONETIC_MAX + 1])
{
	char w[128];
	/* First word only (so "Mary Ann" keys on Mary). */
	char first[256];
	size_t i = 0;
	const char *p = name ? name : "";
	while (*p == ' ' || *p == '-')
		p++;
	while (*p && *p != ' ' && i < sizeof first - 1)
		first[i++] = *p++;
	first[i] = '\0';
	name_fold(first, w, sizeof w);
	size_t n = strlen(w), k = 0;
	out[0] = '\0';
	if (n == 0)
		return;
	size_t start = 0;
	if (n > 1 && ((w[0] == 'K' && w[1] == 'N') || (w[0] == 'G' && w[1] == 'N') ||
	    (w[0] == 'P' && w[1] == 'N') || (w[0] == 'W' && w[1] == 'R')))
		start = 1;
	for (size_t j = start; j < n && k < PHONETIC_MAX; j++) {
		char c = w[j], prev = j > 0 ? w[j - 1] : 0, next = j + 1 < n ? w[j + 1] : 0;
		char next2 = j + 2 < n ? w[j + 2] : 0;
		if (c == prev && c != 'C')
			continue;
		char e = 0;
		const char *two = NULL;
		switch (c) {
		case 'A': case 'E': case 'I': case 'O': case 'U':
			if (j == start)
				e = 'A';
			break;
		case 'Y':
			if (j == start || (next && vowel(next) && !vowel(prev)))
				e = j == start && !vowel(next) ? 'A' : 'Y';
			break;
		case 'B':
			if (!(prev == 'M' && next == 0))
				e = 'B';
			break;
		case 'C':
			if (next == 'H') {
				e = (prev == 'S') ? 'K' : 'X';
				j++;
			} else if (front(next))
				e = 'S';
			else if (next == 'K')
				e = 0;
			else
				e = 'K';
			break;
		case 'D':
			if (next == 'G' && front(next2)) {
				e = 'J';
				j++;
			} else
				e = 'T';
			break;
		case 'G':
			if (next == 'H' && !(next2 && vowel(next2))) {
				j++;                 /* silent GH: Hugh, Leigh */
			} else if (next == 'N' && (next2 == 0 || (next2 == 'S' && j + 3 == n)))
				;                    /* silent: Benign */
			else if (front(next))
				e = 'J';
			else
				e = 'K';
			break;
		case 'H':
			if ((j == start || vowel(prev)) && next && vowel(next))
				e = 'H';
			break;
		case 'K':
			if (prev != 'C')
				e = 'K';
			break;
		case 'P':
			if (next == 'H') {
				e = 'F';
				j++;
			} else
				e = 'P';
			break;
		case 'Q':
			e = 'K';
			break;
		case 'S':
			if (next == 'H') {
				e = 'X';
				j++;
			} else if (next == 'I' && (next2 == 'O' || next2 == 'A'))
				e = 'X';
			else
				e = 'S';
			break;
		case 'T':
			if (next == 'H') {
				e = '0';
				j++;
			} else if (next == 'I' && (next2 == 'O' || next2 == 'A'))
				e = 'X';
			else
				e = 'T';
			break;
		case 'V':
			e = 'F';
			break;
		case 'W':
			if (next && vowel(next))
				e = 'W';
			break;
		case 'X':
			two = j == start ? "S" : "KS";
			break;
		case 'Z':
			e = 'S';
			break;
		default:
			e = c;     /* F J L M N R */
		}
		if (two) {
			for (; *two && k < PHONETIC_MAX; two++)
				if (k == 0 || out[k - 1] != *two)
					out[k++] = *two;
		} else if (e && (k == 0 || out[k - 1] != e))
			out[k++] = e;
	}
	out[k] = '\0';
}

int
name_distance(const char *a, const char *b, int max)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return max + 1;
	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	int row[64];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0], best = row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int cost = a[i - 1] == b[j - 1] ? 0 : 1;
			int v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
	}
	return row[lb];
}

void
postcode_key(const char *pc, char out[12])
{
	size_t n = 0;
	for (const unsigned char *s = (const unsigned char *)(pc ? pc : ""); *s; s++) {
		if (*s == ' ' || *s == '\t')
			continue;
		if (!isalnum(*s) || n >= 8) {
			out[0] = '\0';
			return;
		}
		out[n++] = (char)toupper(*s);
	}
	out[n] = '\0';
	/* UK shape: outward 2-4 characters, inward digit + 2 letters. */
	if (n < 5 || n > 7 || !isdigit((unsigned char)out[n - 3]) ||
	    !isalpha((unsigned char)out[n - 2]) || !isalpha((unsigned char)out[n - 1]) ||
	    !isalpha((unsigned char)out[0]))
		out[0] = '\0';
}

void
postcode_outward(const char *key, char out[8])
{
	size_t n = strlen(key);
	if (n < 5) {
		out[0] = '\0';
		return;
	}
	memcpy(out, key, n - 3);
	out[n - 3] = '\0';
}
