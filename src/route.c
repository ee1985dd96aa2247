/*
 * route.c -- the route table: every URL the service answers, with its
 * methods, handler, the set of roles allowed (or PUBLIC) and whether it
 * changes state.  Nothing outside this table is served; main.c does the
 * authentication, role and CSRF checks once, at dispatch, from this table.
 * tests/http/routes.test.mjs reads `ehm routes` and attacks every entry.
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "ehm.h"

#define GET (M_GET | M_HEAD)
#define POST M_POST

const struct route routes[] = {
	/* public */
	{ GET, "/healthcheck/live", health_live, PUBLIC, 0, "health.live" },
	{ GET, "/healthcheck/ready", health_ready, PUBLIC, 0, "health.ready" },
	{ GET, "/branding.css", branding_css, PUBLIC, 0, "branding" },
	{ GET, "/accessibility", page_accessibility, PUBLIC, 0, "accessibility" },
	{ GET, "/privacy", page_privacy, PUBLIC, 0, "privacy" },

	{ GET, "/login", login_get, PUBLIC, 0, "login" },
	{ POST, "/login", login_post, PUBLIC, 1, "login.post" },

	/* signed in */
	{ GET, "/", home_get, ROLES_ANY, 0, "home" },
	{ POST, "/logout", logout_post, ROLES_ANY, 1, "logout" },
	{ POST, "/session/keepalive", keepalive_post, ROLES_ANY, 0, "keepalive" },
};
const size_t nroutes = sizeof routes / sizeof routes[0];

/* Match one pattern; "{id}" takes 1-18 digits, no leading zero. */
static int
match(const char *pat, const char *path, long long *ids, int *nids)
{
	int n = 0;
	while (*pat && *path) {
		if (!strncmp(pat, "{id}", 4)) {
			const char *s = path;
			if (*s < '1' || *s > '9')
				return 0;
			while (*s >= '0' && *s <= '9')
				s++;
			if (s - path > 18 || n >= 4)
				return 0;
			ids[n++] = strtoll(path, NULL, 10);
			path = s;
			pat += 4;
			continue;
		}
		if (*pat != *path)
			return 0;
		pat++;
		path++;
	}
	if (*pat || *path)
		return 0;
	*nids = n;
	return 1;
}

const struct route *
route_match(const char *path, enum method m, long long *ids, int *nids, int *status)
{
	int path_known = 0;
	for (size_t i = 0; i < nroutes; i++) {
		int n = 0;
		long long tmp[4];
		if (!match(routes[i].pattern, path, tmp, &n))
			continue;
		path_known = 1;
		if (routes[i].methods & (unsigned)m) {
			memcpy(ids, tmp, sizeof tmp);
			*nids = n;
			*status = 0;
			return &routes[i];
		}
	}
	*status = path_known ? 405 : 404;
	return NULL;
}
