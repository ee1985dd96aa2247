/* demo.h -- `ehm demo`: a fake authority for trying the service out. */
#ifndef EHM_DEMO_H
#define EHM_DEMO_H
#include "config.h"

#define DEMO_PASSWORD "Early-Help-Demo-2026"

int demo_run(const struct config *, long people, unsigned long seed);
/*
 * demo_people.c: add `people` fake people in households, the same ones for the
 * same seed; nothing if the database already has people.  The writer must be
 * running and the demo managers must exist.  0 on success, 1 on failure.
 */
int demo_people(long people, unsigned long seed);
/* Shared with cli.c. */
int cli_user_add(struct config *, const char *username, const char *role,
    const char *agency, const char *kind, const char *team, const char *name,
    const char *email, const char *password, int quiet);
#endif
