/* referral.h -- contacts, step-up/step-down referrals, commissioning requests. */
#ifndef EHM_REFERRAL_H
#define EHM_REFERRAL_H
#include "ehm.h"
int contacts_get(struct ctx *);
int contact_new(struct ctx *);
int contact_create(struct ctx *);
int contact_get(struct ctx *);
int contact_decide(struct ctx *);
int stepup_get(struct ctx *);
int stepup_post(struct ctx *);
int stepdown_get(struct ctx *);
int stepdown_post(struct ctx *);
int referrals_get(struct ctx *);
int referral_get(struct ctx *);
int referral_accept(struct ctx *);
int referral_return(struct ctx *);
int commission_new(struct ctx *);
int commission_create(struct ctx *);
int requests_get(struct ctx *);
int request_get(struct ctx *);
int request_approve(struct ctx *);
int request_reject(struct ctx *);
/* Amount typed as pounds and pence → pence; -1 with a message when not. */
long long parse_pence(const char *typed, long long max, const char **msg);
#endif
