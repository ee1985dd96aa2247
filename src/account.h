/* account.h -- the user's own account, and the acceptable use policy. */
#ifndef EHM_ACCOUNT_H
#define EHM_ACCOUNT_H
#include "ehm.h"
int account_get(struct ctx *);
int account_details(struct ctx *);
int account_password(struct ctx *);
int account_questions(struct ctx *);
int aup_get(struct ctx *);
int aup_accept(struct ctx *);
int challenge_get(struct ctx *);
int challenge_post(struct ctx *);
int reset_get(struct ctx *);
int reset_post(struct ctx *);
int reset_complete(struct ctx *);
#endif
