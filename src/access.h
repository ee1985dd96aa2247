/*
 * access.h -- who may do what to which record: the only place that decides.
 * The dispatcher asks it for roles; handlers ask it for records (later
 * issues add the episode rule).  A denial is a 403 page and an audit row.
 */
#ifndef EHM_ACCESS_H
#define EHM_ACCESS_H
#include "ehm.h"

/* Deny: audit row (action "deny", with why) and the 403 page. */
void access_deny(struct ctx *, const char *why, long long record_id);

/* Audit a view of a record (writer unit); 0 on success. */
int access_audit(struct ctx *, const char *action, const char *record_type,
    long long record_id, const char *detail);
/*
 * The same for a view or print: the audit row is queued at once and the page
 * is rendered meanwhile, but nothing of it is sent until the row is durable
 * (access_audit_settle, called for every request before it answers, turns
 * the response into a 500 if the audit failed).  0, or -1 if the writer has
 * stopped.
 */
int access_audit_view(struct ctx *, const char *action, const char *record_type,
    long long record_id, const char *detail);
/* Wait for the request's queued view audit; 0 if none or durable. */
int access_audit_settle(struct ctx *);

enum access_level { ACCESS_NONE = 0, ACCESS_READ = 1, ACCESS_WRITE = 2 };

/*
 * People (DESIGN §4): a manager may open people they created and people in
 * their team's episodes; a practitioner people in an open episode they have
 * access to (episodes module); an admin nobody.  -1 if no such person.
 */
int access_person(struct ctx *, long long person_id);
/*
 * Check and, if refused, answer (404 page, or 403 page + audit row).
 * Returns 1 when the request has been answered.
 */
int access_person_require(struct ctx *, long long person_id, enum access_level need);

/*
 * Episodes (DESIGN §4).  A practitioner may open an episode, and everything
 * in it, only while they are its lead or a current TAF member, its latest
 * consent statement covers their agency, and it is open.  Consent
 * withdrawn: the lead and the team's managers keep read-only access plus
 * closing, stepping up and recording new consent.
 * Closed: read-only for its last lead and its team's managers.  Managers:
 * episodes whose team is theirs.  Admins: none.  Break-glass: read-only,
 * time-limited, no printing.
 */
struct ep_access {
	int level;              /* enum access_level */
	long long team_id, lead_id, requested_by;
	const char *status;     /* requested, open, closed, declined */
	int manager;            /* a manager of the episode's team */
	int lead;               /* the user is the lead */
	int member;             /* a current TAF member */
	int withdrawn;          /* the latest consent row is a withdrawal */
	int covered;            /* the latest consent covers the user's agency */
	int break_glass;        /* access only through break-glass */
	long long consent_id;   /* latest consent row, 0 if none */
};
/* Fill a; returns -1 if there is no such episode. */
int access_episode(struct ctx *, long long episode_id, struct ep_access *a);
/* Check, and if refused answer (404, or 403 + audit).  1 when answered. */
int access_episode_require(struct ctx *, long long episode_id, enum access_level need,
    struct ep_access *a);
/* Audit a view under break-glass or normally ("view" + record type). */

/*
 * Work before or leaving an episode.  A contact: its recorder, the managers
 * of the team it is assigned to and its assignee may open it; the managers
 * and the assignee decide it while it is undecided.  -1 if there is none.
 */
int access_contact(struct ctx *, long long contact_id, int *can_decide);
/*
 * A referral.  Step-up (to children's social care): the sending side is the
 * episode's lead and its team's managers, and its sender while they may
 * still open the episode; the receiving front door is the managers of the
 * agency it was sent to.  Step-down (into early help): the sending side is
 * its sender and their agency's managers in children's social care; the
 * receiving side the managers of the team it was sent to.
 */
struct ref_access {
	long long id, eid, pid, agency, team, sent_by, new_eid;
	const char *dir, *status;
};
/* Fill r; 1 sending side, 2 receiving side, 0 neither, -1 no such referral. */
int access_referral(struct ctx *, long long referral_id, struct ref_access *r);
/*
 * A commissioning request: its keyworker and the episode's current lead
 * while they may open the episode (1), a manager of the episode's team (2),
 * else 0; -1 if there is none.  Fills the episode and the request's status.
 */
int access_commission(struct ctx *, long long request_id, long long *episode_id, const char **status);
/* Is the user in an agency of kind children's social care? */
int access_is_csc(struct ctx *);

/* Admin: may this admin change this user's role or flags?  (Never their own.) */
int access_can_change_role(const struct ctx *, long long target_user_id);
#endif
