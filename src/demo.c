/*
 * demo.c -- a demo authority: agencies of each kind, teams, and one user of
 * each role (all with DEMO_PASSWORD), then people in households
 * (demo_people.c).  Re-running adds nothing twice.  Episodes are added here
 * as that module lands; every random choice comes from one seeded generator
 * so a seed always gives the same data.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "demo.h"
#include "writer.h"

struct demo_user {
	const char *username, *role, *agency, *kind, *team, *name;
};

static const struct demo_user users[] = {
	{ "admin", "admin", "Exampleshire County Council", "local authority", "Systems",
	  "Alex Morgan" },
	{ "manager.north", "manager", "Exampleshire County Council", "local authority",
	  "Early Help North", "Priya Shah" },
	{ "practitioner.north", "practitioner", "Exampleshire County Council",
	  "local authority", "Early Help North", "Tom Okafor" },
	{ "manager.south", "manager", "Exampleshire County Council", "local authority",
	  "Early Help South", "Joanna Kowalska" },
	{ "practitioner.south", "practitioner", "Exampleshire County Council",
	  "local authority", "Early Help South", "Megan Hughes" },
	{ "teacher", "practitioner", "Northgate Primary School", "school", "Pastoral",
	  "Sam Whitfield" },
	{ "healthvisitor", "practitioner", "Exampleshire Community Health", "health",
	  "Health Visiting North", "Aisha Rahman" },
	{ "csc.manager", "manager", "Children's Social Care", "childrens social care",
	  "Front Door", "Declan O'Brien" },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};

struct accept_unit {
	long long version;
};

/* Demo users have had their training and accepted the policy, so a visitor can look round at once. */
static int
accept_unit(struct dbc *w, void *arg)
{
	struct accept_unit *u = arg;
	sqlite3_stmt *st = db_prep(w, "UPDATE user SET aup_version = ?1,"
	    " training_date = coalesce(training_date, date('now', '-30 days'))"
	    " WHERE aup_version = 0 AND username IN ('admin', 'manager.north', 'practitioner.north',"
	    " 'manager.south', 'practitioner.south', 'teacher', 'healthvisitor', 'csc.manager')");
	db_bind_int(st, 1, u->version);
	int rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
demo_run(const struct config *cfg, long people, unsigned long seed)
{
	int made = 0;
	for (const struct demo_user *u = users; u->username; u++) {
		int rc = cli_user_add((struct config *)cfg, u->username, u->role, u->agency,
		    u->kind, u->team, u->name, "", DEMO_PASSWORD, 1);
		if (rc == 0)
			made++;
		else if (rc != 3)
			return 1;
	}
	struct accept_unit au = { .version = cfg->aup_version };
	if (writer_run(accept_unit, &au) != 0)
		return 1;
	fprintf(stderr, "demo: %d user%s added\n", made, made == 1 ? "" : "s");
	if (demo_people(people, seed) != 0)
		return 1;
	printf("Demo sign-ins (password %s):\n", DEMO_PASSWORD);
	for (const struct demo_user *u = users; u->username; u++)
		printf("  %-20s %-13s %s, %s\n", u->username, u->role, u->team, u->agency);
	return 0;
}
