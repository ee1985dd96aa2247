/* demo.h -- `ehm demo`: a fake authority for trying the service out. */
#ifndef EHM_DEMO_H
#define EHM_DEMO_H
#include "config.h"

#define DEMO_PASSWORD "Early-Help-Demo-2026"

int demo_run(const struct config *, long people, unsigned long seed);
/* Shared with cli.c. */
int cli_user_add(struct config *, const char *username, const char *role,
    const char *agency, const char *kind, const char *team, const char *name,
    const char *email, const char *password, int quiet);
#endif
