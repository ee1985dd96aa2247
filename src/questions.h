/* questions.h -- the security questions users choose from, and answer normalising. */
#ifndef EHM_QUESTIONS_H
#define EHM_QUESTIONS_H
#include <stddef.h>
#define NQUESTIONS 8
extern const char *const security_questions[NQUESTIONS + 1];   /* 1-based */
/* Lower case, letters and digits only, single spaces: "  The  Oak!" → "the oak". */
void answer_normalise(const char *in, char *out, size_t outlen);
#endif
