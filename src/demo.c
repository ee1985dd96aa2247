/*
 * demo.c -- a demo authority: agencies of each kind, teams, and one user of
 * each role (all with DEMO_PASSWORD), ten more practitioners in each of the
 * early help teams North and South so caseloads look real, and, for a large
 * population, further early help teams (one per DEMO_PEOPLE_PER_TEAM people:
 * 200 or 10,000 people keep just North and South), each named after a
 * locality of Exampleshire with a manager and 1 + DEMO_EXTRA_PRACTITIONERS
 * practitioners; then people in households (demo_people.c), shared among the
 * teams in turn, their episodes of early help (demo_episodes.c) and the
 * episodes' casework, referrals and contacts (demo_work.c).
 * Re-running adds nothing twice.  Every random choice comes from generators
 * seeded from --seed, so a seed always gives the same data; the further
 * teams and their users depend only on how many there are.
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

/* ---- the early help teams and their users' names ------------------------------------ */

int
demo_teams(long people)
{
	long t = people / DEMO_PEOPLE_PER_TEAM;
	return t < 2 ? 2 : t > DEMO_MAX_TEAMS ? DEMO_MAX_TEAMS : (int)t;
}

/* Localities of Exampleshire for the teams after North and South (the first ten are its towns). */
static const char *const localities[] = {
	"Eastbrook", "Westby Magna", "Ashby Cross", "Kingsford", "Millbridge", "Hollowell",
	"Stanton Fen", "Redcastle", "Little Wexley", "Oakhurst", "Brackenbury", "Castlemere",
	"Deanscombe", "Elmstead Green", "Fairhaven", "Foxley Common", "Greyfriars", "Hartwell Park",
	"Kettlewick", "Lowmoor", "Marsh Lacey", "Netherfield", "Orchard Rise", "Pennington Heath",
	"Quarrydale", "Ravensholt", "Saltcombe Bay", "Thornbury Down", "Upper Welby", "Wickham Lees",
	"Yarrowfield", "Birchover End", "Coldharbour", "Dunmere", "Fenwick Marsh", "Gorsey Bank",
	"Hatherleigh Cross", "Longmarsh", "Bishops Allerton", "Sedgecombe",
};
#define NLOCALITIES ((int)(sizeof localities / sizeof localities[0]))

/* Early Help North, South, then Early Help Eastbrook …; past the list, "Early Help Eastbrook 2" … */
void
demo_team_name(int team, char *out, size_t n)
{
	if (team < 2) {
		snprintf(out, n, "Early Help %s", team ? "South" : "North");
		return;
	}
	int i = (team - 2) % NLOCALITIES, round = (team - 2) / NLOCALITIES;
	if (round)
		snprintf(out, n, "Early Help %s %d", localities[i], round + 1);
	else
		snprintf(out, n, "Early Help %s", localities[i]);
}

void
demo_manager_name(int team, char *out, size_t n)
{
	if (team < 2)
		snprintf(out, n, "manager.%s", team ? "south" : "north");
	else
		snprintf(out, n, "manager.t%02d", team);
}

void
demo_practitioner_name(int team, int k, char *out, size_t n)
{
	if (team >= 2)
		snprintf(out, n, "pr.t%02d.%02d", team, k);
	else if (k == 0)
		snprintf(out, n, "practitioner.%s", team ? "south" : "north");
	else
		snprintf(out, n, "pr.%s.%02d", team ? "south" : "north", k);
}

/*
 * The further teams' staff: a fixed shuffle of every pairing of these first and
 * family names, so nobody in them shares a name (71 × 73 pairs cover DEMO_MAX_TEAMS).
 */
static const char *const staff_first[] = {
	"Alison", "Amara", "Anita", "Bethany", "Carla", "Catherine", "Charlotte", "Chloe", "Claire",
	"Deborah", "Eleanor", "Fiona", "Gemma", "Harriet", "Isabel", "Jasmine", "Jennifer", "Joanne",
	"Karen", "Kerry", "Lucy", "Lydia", "Mandy", "Maria", "Michelle", "Nadia", "Naomi", "Nicola",
	"Olivia", "Paula", "Rebecca", "Rosie", "Sabrina", "Sarah", "Shabana", "Sinead", "Sophie",
	"Stacey", "Tanya", "Tasha", "Vicky", "Yasmin", "Zara", "Aaron", "Adam", "Ahmed", "Andrew",
	"Callum", "Craig", "Darren", "David", "Dominic", "Gareth", "Ian", "Jamal", "James", "Kwame",
	"Lewis", "Mark", "Matthew", "Mohammed", "Nathan", "Neil", "Paul", "Rajesh", "Richard",
	"Robert", "Sean", "Simon", "Steven", "Tomasz",
};
static const char *const staff_family[] = {
	"Abbott", "Achebe", "Ahmed", "Akhtar", "Ali", "Anderson", "Armstrong", "Asante", "Bailey",
	"Barnes", "Begum", "Bennett", "Bhatt", "Bishop", "Brennan", "Brooks", "Burns", "Campbell",
	"Chambers", "Chowdhury", "Coleman", "Collins", "Cox", "Dale", "Dunn", "Ellis", "Evans",
	"Farrell", "Fox", "Gill", "Gordon", "Grant", "Gray", "Hamilton", "Hardy", "Hussain",
	"Jennings", "Joseph", "Kaur", "Kelly", "Khan", "Kowalski", "Lamb", "Lowe", "Mahmood", "Mann",
	"Mason", "McKenzie", "Mensah", "Miller", "Mistry", "Moss", "Murphy", "Nash", "Nwosu",
	"O'Connor", "Osborne", "Palmer", "Parkes", "Payne", "Quinn", "Rahman", "Reynolds", "Rose",
	"Russell", "Saunders", "Sharma", "Singh", "Stone", "Sweeney", "Thornton", "Wade", "Yates",
};
#define NFIRST ((long)(sizeof staff_first / sizeof staff_first[0]))
#define NFAMILY ((long)(sizeof staff_family / sizeof staff_family[0]))
#define TEAM_STAFF (DEMO_EXTRA_PRACTITIONERS + 2)     /* a further team's manager and practitioners */
_Static_assert(NFIRST * NFAMILY >= (long)(DEMO_MAX_TEAMS - 2) * TEAM_STAFF,
    "too few staff names for DEMO_MAX_TEAMS");

/* Staff member j (0: the manager, 1 + k: practitioner k) of further team t. */
static void
staff_name(int team, int j, char *out, size_t n)
{
	long i = (long)(team - 2) * TEAM_STAFF + j;
	long x = (i * 7919 + 2891) % (NFIRST * NFAMILY);    /* 7919 is prime: a bijection */
	snprintf(out, n, "%s %s", staff_first[x % NFIRST], staff_family[x / NFIRST]);
}

/* ---- the extra practitioners of North and South -------------------------------------- */

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

/* ---- the further teams ----------------------------------------------------------------- */

struct teams_unit {
	const char *hash;         /* NULL: only count the missing ones */
	long long aup_version;
	int teams, missing, made;
};

/*
 * Teams 2 … teams - 1 and their missing staff, in Exampleshire County Council (the agency of
 * manager.north), the team row made as `ehm user add` makes it, the policy accepted and the
 * training done as for the extra practitioners, and one audit row per user.
 */
static int
teams_unit(struct dbc *w, void *arg)
{
	struct teams_unit *u = arg;
	char now[64];
	audit_now(now);
	u->missing = u->made = 0;
	long long agency = db_int(w, "SELECT coalesce(max(agency_id), 0) FROM user"
	    " WHERE username = 'manager.north'", 0);
	for (int t = 2; t < u->teams; t++) {
		long long team = 0;
		for (int j = 0; j < TEAM_STAFF; j++) {
			char username[32], name[64];
			if (j == 0)
				demo_manager_name(t, username, sizeof username);
			else
				demo_practitioner_name(t, j - 1, username, sizeof username);
			sqlite3_stmt *st = db_prep(w, "SELECT 1 FROM user WHERE username = ?1");
			db_bind_text(st, 1, username);
			int have = sqlite3_step(st) == SQLITE_ROW;
			db_done(st);
			if (have)
				continue;
			u->missing++;
			if (u->hash == NULL)
				continue;
			if (agency == 0) {
				fprintf(stderr, "demo: manager.north is missing, so no further teams\n");
				return -1;
			}
			if (team == 0) {
				char tname[96];
				demo_team_name(t, tname, sizeof tname);
				st = db_prep(w, "INSERT INTO team(agency_id, name, created_at) VALUES(?1, ?2, ?3)"
				    " ON CONFLICT(agency_id, name) DO NOTHING");
				db_bind_int(st, 1, agency);
				db_bind_text(st, 2, tname);
				db_bind_text(st, 3, now);
				sqlite3_step(st);
				db_done(st);
				st = db_prep(w, "SELECT id FROM team WHERE agency_id = ?1 AND name = ?2");
				db_bind_int(st, 1, agency);
				db_bind_text(st, 2, tname);
				team = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
				db_done(st);
				if (team == 0)
					return -1;
			}
			staff_name(t, j, name, sizeof name);
			const char *role = j == 0 ? "manager" : "practitioner";
			st = db_prep(w, "INSERT INTO user(username, display_name, email, agency_id, team_id,"
			    " role, password_hash, aup_version, training_date, created_at, updated_at)"
			    " VALUES(?1, ?2, '', ?3, ?4, ?5, ?6, ?7, date('now', '-30 days'), ?8, ?8)");
			db_bind_text(st, 1, username);
			db_bind_text(st, 2, name);
			db_bind_int(st, 3, agency);
			db_bind_int(st, 4, team);
			db_bind_text(st, 5, role);
			db_bind_text(st, 6, u->hash);
			db_bind_int(st, 7, u->aup_version);
			db_bind_text(st, 8, now);
			int rc = sqlite3_step(st);
			db_done(st);
			if (rc != SQLITE_DONE)
				return -1;
			struct audit_entry e = { .action = "user.create", .record_type = "user",
				.record_id = sqlite3_last_insert_rowid(w->db), .route = "cli", .ip = "",
				.detail = role };
			if (audit_add(w, &e) != 0)
				return -1;
			u->made++;
		}
	}
	return 0;
}

static int
further_teams(const struct config *cfg, int teams)
{
	if (teams <= 2)
		return 0;
	struct teams_unit u = { .aup_version = cfg->aup_version, .teams = teams };
	if (writer_run(teams_unit, &u) != 0)
		return -1;
	if (u.missing == 0)
		return 0;
	char hash[128];
	if (auth_hash_password(DEMO_PASSWORD, hash) != 0) {
		fprintf(stderr, "demo: not enough memory to hash the password\n");
		return -1;
	}
	u.hash = hash;
	if (writer_run(teams_unit, &u) != 0) {
		fprintf(stderr, "demo: the further early help teams could not be saved\n");
		return -1;
	}
	return u.made;
}

/* ---- the run ---------------------------------------------------------------------------- */

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
	int teams = demo_teams(people);
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
	int further = further_teams(cfg, teams);
	if (further < 0)
		return 1;
	made += further;
	struct accept_unit au = { .version = cfg->aup_version };
	if (writer_run(accept_unit, &au) != 0)
		return 1;
	fprintf(stderr, "demo: %d user%s added\n", made, made == 1 ? "" : "s");
	if (demo_episodes_begin(cfg, seed, teams) != 0 || demo_people(people, seed) != 0 ||
	    demo_episodes_end() != 0 || demo_work(cfg, seed) != 0)
		return 1;
	printf("Demo sign-ins (password %s):\n", DEMO_PASSWORD);
	for (const struct demo_user *u = users; u->username; u++)
		printf("  %-20s %-13s %s, %s\n", u->username, u->role, u->team, u->agency);
	if (teams > 2) {
		char last[32], name[96];
		demo_manager_name(teams - 1, last, sizeof last);
		demo_team_name(2, name, sizeof name);
		printf("  manager.t02 … %s: managers of %d more early help teams (%s …),\n"
		    "  each with practitioners pr.tNN.00 … pr.tNN.%02d\n", last, teams - 2, name,
		    DEMO_EXTRA_PRACTITIONERS);
	}
	return 0;
}
