/*
 * demo.c -- a demo authority: agencies of each kind, teams, and one user of
 * each role (all with DEMO_PASSWORD), ten more practitioners in each early
 * help team so caseloads look real, then people in households
 * (demo_people.c), their episodes of early help (demo_episodes.c) and the
 * episodes' casework, referrals and contacts (demo_work.c).
 * Re-running adds nothing twice.  Every random choice comes from generators
 * seeded from --seed, so a seed always gives the same data.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
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

/* The extra practitioners: pr.north.01 … in Early Help North, pr.south.01 … in South. */
static const char *const extra_names[2][DEMO_EXTRA_PRACTITIONERS] = {
	{ "Hannah Clarke", "Daniel Osei", "Rachel Booth", "Imran Siddiqui", "Kate Mulligan",
	  "Owen Pritchard", "Grace Adeyemi", "Laura Finch", "Ben Hartley", "Zofia Nowak" },
	{ "Chris Doyle", "Amira Haddad", "Natalie Price", "Jordan Reid", "Helen Marsh",
	  "Sunita Patel", "Liam Walsh", "Emma Fairbairn", "Marcus Bell", "Ruth Ellison" },
};

struct extra_unit {
	const char *hash;         /* NULL: only count the missing ones */
	long long aup_version;
	int missing, made;
};

/*
 * Missing extra practitioners, each in the team and agency of practitioner.north or
 * .south, with the policy accepted, and one audit row each as `ehm user add` writes.
 * One password hash serves them all (the same DEMO_PASSWORD), so the demo stays fast.
 */
static int
extra_unit(struct dbc *w, void *arg)
{
	struct extra_unit *u = arg;
	char now[64];
	audit_now(now);
	u->missing = u->made = 0;
	for (int t = 0; t < 2; t++)
		for (int i = 0; i < DEMO_EXTRA_PRACTITIONERS; i++) {
			char username[32];
			snprintf(username, sizeof username, "pr.%s.%02d", t ? "south" : "north", i + 1);
			sqlite3_stmt *st = db_prep(w, "SELECT 1 FROM user WHERE username = ?1");
			db_bind_text(st, 1, username);
			int have = sqlite3_step(st) == SQLITE_ROW;
			db_done(st);
			if (have)
				continue;
			u->missing++;
			if (u->hash == NULL)
				continue;
			st = db_prep(w, "INSERT INTO user(username, display_name, email, agency_id, team_id,"
			    " role, password_hash, aup_version, training_date, created_at, updated_at)"
			    " SELECT ?1, ?2, '', agency_id, team_id, 'practitioner', ?3, ?4,"
			    " date('now', '-30 days'), ?5, ?5 FROM user WHERE username = ?6");
			db_bind_text(st, 1, username);
			db_bind_text(st, 2, extra_names[t][i]);
			db_bind_text(st, 3, u->hash);
			db_bind_int(st, 4, u->aup_version);
			db_bind_text(st, 5, now);
			db_bind_text(st, 6, t ? "practitioner.south" : "practitioner.north");
			int rc = sqlite3_step(st);
			db_done(st);
			if (rc != SQLITE_DONE || sqlite3_changes(w->db) != 1)
				return -1;
			struct audit_entry e = { .action = "user.create", .record_type = "user",
				.record_id = sqlite3_last_insert_rowid(w->db), .route = "cli", .ip = "",
				.detail = "practitioner" };
			if (audit_add(w, &e) != 0)
				return -1;
			u->made++;
		}
	return 0;
}

static int
extra_practitioners(const struct config *cfg)
{
	struct extra_unit u = { .aup_version = cfg->aup_version };
	if (writer_run(extra_unit, &u) != 0)
		return -1;
	if (u.missing == 0)
		return 0;
	char hash[128];
	if (auth_hash_password(DEMO_PASSWORD, hash) != 0) {
		fprintf(stderr, "demo: not enough memory to hash the password\n");
		return -1;
	}
	u.hash = hash;
	if (writer_run(extra_unit, &u) != 0) {
		fprintf(stderr, "demo: the extra practitioners could not be saved\n");
		return -1;
	}
	return u.made;
}

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
	int extra = extra_practitioners(cfg);
	if (extra < 0)
		return 1;
	made += extra;
	struct accept_unit au = { .version = cfg->aup_version };
	if (writer_run(accept_unit, &au) != 0)
		return 1;
	fprintf(stderr, "demo: %d user%s added\n", made, made == 1 ? "" : "s");
	if (demo_episodes_begin(cfg, seed) != 0 || demo_people(people, seed) != 0 ||
	    demo_episodes_end() != 0 || demo_work(cfg, seed) != 0)
		return 1;
	printf("Demo sign-ins (password %s):\n", DEMO_PASSWORD);
	for (const struct demo_user *u = users; u->username; u++)
		printf("  %-20s %-13s %s, %s\n", u->username, u->role, u->team, u->agency);
	return 0;
}
