/*
 * auth.h -- passwords (argon2id), sessions, CSRF tokens, sign-in throttling.
 */
#ifndef EHM_AUTH_H
#define EHM_AUTH_H
#include "ehm.h"

int auth_init(const struct config *, char *err, size_t errlen);

/* Hash with the configured argon2id parameters (semaphore-capped). 0 ok. */
int auth_hash_password(const char *password, char out[128]);
/*
 * Verify: 1 match, 0 mismatch, -1 could not verify (out of memory: not a
 * failed attempt).
 */
int auth_verify_password(const char *hash, const char *password);
/* Policy: NULL if acceptable, else the GOV.UK-style message. */
const char *auth_password_problem(const char *password, const char *username);

/* Dispatcher hooks. */
void auth_load(struct ctx *);
const char *auth_post_refused(struct ctx *);    /* NULL, or "csrf"/"cross-site"/"origin" */
void auth_redirect_to_login(struct ctx *);
void auth_hold_form(struct ctx *);              /* expired session: keep the POST */
int auth_gate(struct ctx *);                    /* 1 if it answered (e.g. AUP first) */

/* Session cookie name for this config. */
const char *auth_cookie_name(const struct config *);

/* Handlers. */
int login_get(struct ctx *);
int login_post(struct ctx *);
int logout_post(struct ctx *);
int keepalive_post(struct ctx *);
#endif
