/*
 * ehm.h -- what every handler sees: the request context and the route
 * table's types.  One struct ctx per request, built by the dispatcher
 * (main.c), released with the request's arena.
 */
#ifndef EHM_H
#define EHM_H

#include "arena.h"
#include "config.h"
#include "db.h"
#include "request.h"
#include "response.h"
#include "tpl.h"

#define EHM_VERSION "0.1.0"

/* Roles are a set per route, not a hierarchy. */
enum role {
	ROLE_PRACTITIONER = 1,
	ROLE_MANAGER = 2,
	ROLE_ADMIN = 4,
};
#define ROLES_ANY (ROLE_PRACTITIONER | ROLE_MANAGER | ROLE_ADMIN)
#define ROLES_CASE (ROLE_PRACTITIONER | ROLE_MANAGER)
#define PUBLIC 0

struct user {
	long long id;
	const char *username;
	const char *display_name;
	const char *email;
	long long agency_id;
	const char *agency_name;
	int csc;                    /* agency is children's social care */
	long long team_id;
	const char *team_name;
	enum role role;
	int dsl;
	int aup_version;
};

struct ctx;
typedef int (*handler_fn)(struct ctx *);

struct route {
	unsigned methods;          /* M_GET | M_POST ... */
	const char *pattern;       /* "/people/{id}/edit": {id} is a positive integer */
	handler_fn handler;
	unsigned roles;            /* PUBLIC (0) or a set of enum role */
	int changes_state;         /* 1: POST that changes data (CSRF-checked, audited) */
	const char *name;          /* for logs and audit: never holds personal data */
};

struct ctx {
	struct arena *a;
	const struct config *cfg;
	struct request *req;
	struct response *resp;
	struct dbc *db;                /* this thread's read-only connection */
	const struct route *route;
	long long id[4];               /* numeric path parameters, in order */
	int nid;

	/* auth.c fills these when a valid session cookie came in */
	struct user *user;
	const char *csrf;              /* the session's (or pre-session) token */
	unsigned char session_hash[32];
	int has_session;
	long long expired_user_id;     /* a session that just timed out: whose */
	int restored;                  /* form fields restored from a held form */
	int for_print;                 /* access for printing: break-glass does not count */
	/* access.c's per-request memo of decisions (cleared when for_print changes) */
	struct { long long id; int level; int print; } person_memo[32];
	int nperson_memo;
	/* a view's audit unit, queued while the page renders (access_audit_view) */
	struct writer_unit *pending_audit;

	/* view.c */
	tpl_dict *root;
	tpl_dict *page;
	const char *page_file;
	const char *layout;            /* NULL: layout.tpl */
	const char *flash;
};

/* The route table (route.c). */
extern const struct route routes[];
extern const size_t nroutes;
/*
 * Match method+path.  Returns the route, or NULL with *status set to 404
 * (no such path) or 405 (path known, method not allowed).
 */
const struct route *route_match(const char *path, enum method m,
    long long *ids, int *nids, int *status);

/* The Allow header for a path (405 answers). */
const char *route_allow(struct arena *, const char *path);

/* Handlers, by file. */
int home_get(struct ctx *);
int health_live(struct ctx *);
int health_ready(struct ctx *);
int branding_css(struct ctx *);
int page_accessibility(struct ctx *);
int page_privacy(struct ctx *);

#endif
