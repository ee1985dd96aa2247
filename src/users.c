/*
 * users.c -- creating users (used by `ehm user add`, `ehm demo` and the
 * admin pages): the agency and team are created when missing, the password
 * policy is applied, and the whole thing is one audited writer unit.
 */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "auth.h"
#include "demo.h"
#include "writer.h"

struct useradd {
	const char *username, *role, *agency, *team, *name, *email, *hash, *kind;
	long long id;
	int exists;
};

static long long
agency_ensure(struct dbc *w, const char *name, const char *kind, const char *now)
{
	sqlite3_stmt *st = db_prep(w, "INSERT INTO agency(name, kind, created_at) VALUES(?1, ?2, ?3)"
	    " ON CONFLICT(name) DO NOTHING");
	db_bind_text(st, 1, name);
	db_bind_text(st, 2, kind ? kind : "other");
	db_bind_text(st, 3, now);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "SELECT id FROM agency WHERE name = ?1");
	db_bind_text(st, 1, name);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

static long long
team_ensure(struct dbc *w, long long agency, const char *name, const char *now)
{
	sqlite3_stmt *st = db_prep(w, "INSERT INTO team(agency_id, name, created_at) VALUES(?1, ?2, ?3)"
	    " ON CONFLICT(agency_id, name) DO NOTHING");
	db_bind_int(st, 1, agency);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, now);
	sqlite3_step(st);
	db_done(st);
	st = db_prep(w, "SELECT id FROM team WHERE agency_id = ?1 AND name = ?2");
	db_bind_int(st, 1, agency);
	db_bind_text(st, 2, name);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	return id;
}

static int
useradd_unit(struct dbc *w, void *arg)
{
	struct useradd *u = arg;
	char now[64];
	audit_now(now);
	sqlite3_stmt *st = db_prep(w, "SELECT id FROM user WHERE username = ?1");
	db_bind_text(st, 1, u->username);
	if (sqlite3_step(st) == SQLITE_ROW) {
		u->exists = 1;
		db_done(st);
		return 1;
	}
	db_done(st);
	long long agency = agency_ensure(w, u->agency, u->kind, now);
	long long team = u->team ? team_ensure(w, agency, u->team, now) : 0;
	if (agency == 0 || (u->team && team == 0))
		return -1;
	st = db_prep(w, "INSERT INTO user(username, display_name, email, agency_id, team_id, role,"
	    " password_hash, created_at, updated_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)");
	db_bind_text(st, 1, u->username);
	db_bind_text(st, 2, u->name ? u->name : u->username);
	db_bind_text(st, 3, u->email ? u->email : "");
	db_bind_int(st, 4, agency);
	if (team)
		db_bind_int(st, 5, team);
	else
		sqlite3_bind_null(st, 5);
	db_bind_text(st, 6, u->role);
	db_bind_text(st, 7, u->hash);
	db_bind_text(st, 8, now);
	int rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return -1;
	u->id = sqlite3_last_insert_rowid(w->db);
	struct audit_entry e = { .action = "user.create", .record_type = "user",
		.record_id = u->id, .route = "cli", .ip = "", .detail = u->role };
	return audit_add(w, &e);
}

static int
valid_username(const char *u)
{
	size_t n = strlen(u);
	if (n < 2 || n > 64)
		return 0;
	for (const char *p = u; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@", *p))
			return 0;
	return 1;
}

int
cli_user_add(struct config *cfg, const char *username, const char *role, const char *agency,
    const char *kind, const char *team, const char *name, const char *email,
    const char *password, int quiet)
{
	if (!valid_username(username)) {
		fprintf(stderr, "ehm: username must be 2 to 64 letters, digits, '.', '_', '-' or '@'\n");
		return 2;
	}
	if (strcmp(role, "practitioner") && strcmp(role, "manager") && strcmp(role, "admin")) {
		fprintf(stderr, "ehm: --role must be practitioner, manager or admin\n");
		return 2;
	}
	const char *problem = auth_password_problem(password, username);
	if (problem) {
		fprintf(stderr, "ehm: %s\n", problem);
		return 2;
	}
	char hash[128];
	if (auth_hash_password(password, hash) != 0) {
		fprintf(stderr, "ehm: not enough memory to hash the password\n");
		return 1;
	}
	struct useradd u = { .username = username, .role = role, .agency = agency,
		.team = team, .name = name, .email = email, .hash = hash, .kind = kind };
	int rc = writer_run(useradd_unit, &u);
	(void)cfg;
	if (u.exists) {
		if (!quiet)
			fprintf(stderr, "ehm: a user called '%s' already exists\n", username);
		return 3;
	}
	if (rc != 0) {
		fprintf(stderr, "ehm: the user could not be saved\n");
		return 1;
	}
	if (!quiet)
		printf("created %s '%s' (id %lld)\n", role, username, u.id);
	return 0;
}

