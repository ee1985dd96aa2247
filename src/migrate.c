/*
 * migrate.c -- numbered SQL migrations.
 *
 * Files are schema/NNN_description.sql; each runs in one transaction
 * together with setting PRAGMA user_version = NNN, so a failed migration
 * leaves the database as it was.  The application_id marks the file as ours.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migrate.h"

struct mig { int n; char name[256]; };

static int
cmp(const void *a, const void *b)
{
	return ((const struct mig *)a)->n - ((const struct mig *)b)->n;
}

static int
list(const char *dir, struct mig *out, int max)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < max) {
		size_t l = strlen(e->d_name);
		if (l < 9 || strcmp(e->d_name + l - 4, ".sql") || e->d_name[3] != '_' ||
		    e->d_name[0] < '0' || e->d_name[0] > '9' || l >= sizeof out[0].name)
			continue;
		out[n].n = atoi(e->d_name);
		snprintf(out[n].name, sizeof out[n].name, "%s", e->d_name);
		n++;
	}
	closedir(d);
	qsort(out, (size_t)n, sizeof *out, cmp);
	return n;
}

int
migrate_latest(const char *dir)
{
	struct mig m[512];
	int n = list(dir, m, 512);
	return n > 0 ? m[n - 1].n : 0;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)sz + 1);
	if (p && fread(p, 1, (size_t)sz, f) != (size_t)sz) {
		free(p);
		p = NULL;
	}
	if (p)
		p[sz] = '\0';
	fclose(f);
	return p;
}

int
migrate_apply(struct dbc *c, const char *dir, int *applied, char *err, size_t errlen)
{
	struct mig m[512];
	*applied = 0;
	int n = list(dir, m, 512);
	if (n < 0) {
		snprintf(err, errlen, "%s: cannot read schema folder: %s", dir, strerror(errno));
		return -1;
	}
	long long appid = db_int(c, "PRAGMA application_id", 0);
	long long have = db_int(c, "PRAGMA user_version", 0);
	if (appid != 0 && appid != EHM_APPLICATION_ID) {
		snprintf(err, errlen, "database is not an Early Help Module database");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (m[i].n <= have)
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, m[i].name);
		char *sql = slurp(path);
		if (sql == NULL) {
			snprintf(err, errlen, "%s: cannot read", path);
			return -1;
		}
		char *msg = NULL;
		char tail[96];
		snprintf(tail, sizeof tail, "PRAGMA user_version=%d; PRAGMA application_id=%d;",
		    m[i].n, EHM_APPLICATION_ID);
		int rc = sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, &msg);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(c->db, tail, NULL, NULL, &msg);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(c->db, "COMMIT", NULL, NULL, &msg);
		free(sql);
		if (rc != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", path, msg ? msg : sqlite3_errmsg(c->db));
			sqlite3_free(msg);
			sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		(*applied)++;
	}
	return 0;
}
