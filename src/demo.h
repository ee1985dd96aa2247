/* demo.h -- `ehm demo`: a fake authority for trying the service out. */
#ifndef EHM_DEMO_H
#define EHM_DEMO_H
#include "config.h"

#define DEMO_PASSWORD "Early-Help-Demo-2026"
/* Practitioners pr.north.01 … and pr.south.01 … besides practitioner.north/south. */
#define DEMO_EXTRA_PRACTITIONERS 10

int demo_run(const struct config *, long people, unsigned long seed);
/*
 * demo_people.c: add `people` fake people in households, the same ones for the
 * same seed; nothing if the database already has people.  The writer must be
 * running and the demo managers must exist.  Each household, once stored, is
 * offered to demo_episodes_household.  0 on success, 1 on failure.
 */
int demo_people(long people, unsigned long seed);

/* A member of a stored demo household (strings valid during the call only). */
struct demo_member {
	long long id;
	const char *given, *family, *gender;
	int age;                /* whole years today; -1 unborn */
	int adult, female;
};
/*
 * demo_episodes.c: episodes of early help for about one household in three,
 * from their own generator derived from the seed.  begin: look up the demo
 * teams, users and agencies and the episode forms (forms_load must have run);
 * nothing is added if the database already has episodes.  household: called
 * for every stored household in order (creator 0: manager.north, 1: south);
 * episodes are written in units of a few thousand.  end: write the rest and
 * report.  Each returns 0 on success, 1 on failure.
 */
int demo_episodes_begin(const struct config *, unsigned long seed);
int demo_episodes_household(const struct demo_member *, int n, int creator);
int demo_episodes_end(void);

/*
 * demo_work.c: the casework of the episodes in the database (assessments under
 * cfg->assessment_form, TAF meetings, action plans, referrals, commissioning
 * requests) and contacts, from a generator of its own derived from the seed;
 * forms_load must have run.  Nothing is added if the database already has an
 * assessment.  0 on success, 1 on failure.
 */
int demo_work(const struct config *, unsigned long seed);

/* Shared with cli.c. */
int cli_user_add(struct config *, const char *username, const char *role,
    const char *agency, const char *kind, const char *team, const char *name,
    const char *email, const char *password, int quiet);
#endif
