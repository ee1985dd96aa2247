/* demo.h -- `ehm demo`: a fake authority for trying the service out. */
#ifndef EHM_DEMO_H
#define EHM_DEMO_H
#include <stddef.h>

#include "config.h"

#define DEMO_PASSWORD "Early-Help-Demo-2026"
/* Practitioners pr.north.01 … and pr.south.01 … besides practitioner.north/south. */
#define DEMO_EXTRA_PRACTITIONERS 10
/*
 * Early help teams: one for every DEMO_PEOPLE_PER_TEAM people, at least two
 * (Early Help North and South, as always), so a team holds about 300 open
 * episodes whatever the population; at most DEMO_MAX_TEAMS (beyond 2,000,000
 * people the teams grow instead).  Team 0 is North, 1 South; each
 * further team t is "Early Help <locality>" in Exampleshire County Council with
 * manager.tNN and practitioners pr.tNN.00 (who, like practitioner.north, leads
 * two thirds of the team's episodes: a caseload of about 200) to pr.tNN.<DEMO_EXTRA_PRACTITIONERS>.
 */
#define DEMO_PEOPLE_PER_TEAM 5000
#define DEMO_MAX_TEAMS 400

int demo_run(const struct config *, long people, unsigned long seed);

/* demo.c: how many early help teams `people` people get, and their names. */
int demo_teams(long people);
void demo_team_name(int team, char *out, size_t n);
void demo_manager_name(int team, char *out, size_t n);
/* k 0: practitioner.north, .south or pr.tNN.00; then pr.north.01 …, pr.tNN.01 … */
void demo_practitioner_name(int team, int k, char *out, size_t n);
/*
 * demo_people.c: add `people` fake people in households, the same ones for the
 * same seed; nothing if the database already has people.  The writer must be
 * running and the managers of all demo_teams(people) teams must exist.  The
 * households go to the teams in turn; each, once stored, is offered to
 * demo_episodes_household with its team.  0 on success, 1 on failure.
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
 * teams (the first `teams` of them), users and agencies and the episode forms
 * (forms_load must have run); nothing is added if the database already has
 * episodes.  household: called for every stored household in order, with the
 * index of its team (0: Early Help North, 1: South, 2…: the further teams);
 * episodes are written in units of a few thousand.  end: write the rest and
 * report.  Each returns 0 on success, 1 on failure.
 */
int demo_episodes_begin(const struct config *, unsigned long seed, int teams);
int demo_episodes_household(const struct demo_member *, int n, int team);
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
