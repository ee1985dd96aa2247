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

/* Shared with signin.c (the second step and password reset). */
#define TOKEN_BYTES 32
#define TOKEN_CHARS 43
void token_new(char out[TOKEN_CHARS + 1], unsigned char raw[TOKEN_BYTES]);
int token_decode(const char *s, unsigned char raw[TOKEN_BYTES]);
void set_cookie(struct ctx *, const char *name, const char *value, long max_age);
int needs_rehash(const char *hash);
int auth_local_path(const char *);
const char *auth_device_cookie(const struct config *);
/* Create a session for uid, set its cookie and 303 to next. */
int auth_start_session(struct ctx *, long long uid, const char *next, const char *rehash,
    int remember_device);
/* signin.c: does this sign-in need the security questions step? */
int challenge_needed(struct ctx *, long long uid);
int challenge_start(struct ctx *, long long uid, const char *next);
/* signin.c: a keyed hash for choosing questions (key derived from the audit key). */
int signin_init(const struct config *, char *err, size_t errlen);

/* Handlers. */
int login_get(struct ctx *);
int login_post(struct ctx *);
int logout_post(struct ctx *);
int keepalive_post(struct ctx *);
#endif
