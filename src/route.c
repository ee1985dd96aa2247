/*
 * route.c -- the route table: every URL the service answers, with its
 * methods, handler, the set of roles allowed (or PUBLIC) and whether it
 * changes state.  Nothing outside this table is served; main.c does the
 * authentication, role and CSRF checks once, at dispatch, from this table.
 * tests/http/routes.test.mjs reads `ehm routes` and attacks every entry.
 */
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "account.h"
#include "assessment.h"
#include "auth.h"
#include "referral.h"
#include "worktray.h"
#include "meeting.h"
#include "episode.h"
#include "person.h"
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
	{ GET, "/worktray", worktray_list, ROLES_CASE, 0, "worktray.list" },
	{ GET, "/worktray/team", worktray_team, ROLE_MANAGER, 0, "worktray.team" },
	{ GET, "/account/tray", tray_get, ROLES_CASE, 0, "account.tray" },
	{ POST, "/account/tray", tray_post, ROLES_CASE, 1, "account.tray.save" },
	{ POST, "/session/keepalive", keepalive_post, ROLES_ANY, 0, "keepalive" },

	/* own account */
	{ GET, "/account", account_get, ROLES_ANY, 0, "account" },
	{ POST, "/account/details", account_details, ROLES_ANY, 1, "account.details" },
	{ POST, "/account/password", account_password, ROLES_ANY, 1, "account.password" },
	{ POST, "/account/questions", account_questions, ROLES_ANY, 1, "account.questions" },
	{ GET, "/acceptable-use", aup_get, PUBLIC, 0, "aup" },
	{ POST, "/acceptable-use", aup_accept, ROLES_ANY, 1, "aup.accept" },

	/* sign-in second step and password reset (public) */
	{ GET, "/login/questions", challenge_get, PUBLIC, 0, "login.questions" },
	{ POST, "/login/questions", challenge_post, PUBLIC, 1, "login.questions.post" },
	{ GET, "/reset", reset_get, PUBLIC, 0, "reset" },
	{ POST, "/reset", reset_post, PUBLIC, 1, "reset.post" },
	{ POST, "/reset/complete", reset_complete, PUBLIC, 1, "reset.complete" },

	/* people */
	{ GET, "/people", people_get, ROLES_CASE, 0, "people" },
	{ POST, "/people", people_search, ROLES_CASE, 1, "people.search" },
	{ GET, "/people/new", person_new, ROLE_MANAGER, 0, "person.new" },
	{ POST, "/people/new", person_create, ROLE_MANAGER, 1, "person.create" },
	{ GET, "/people/{id}", person_get, ROLES_CASE, 0, "person" },
	{ GET, "/people/{id}/edit", person_edit, ROLES_CASE, 0, "person.edit" },
	{ POST, "/people/{id}/edit", person_save, ROLES_CASE, 1, "person.save" },
	{ GET, "/people/{id}/print", person_print, ROLES_CASE, 0, "person.print" },
	{ GET, "/people/{id}/relationships/new", relationship_new, ROLES_CASE, 0, "relationship.new" },
	{ POST, "/people/{id}/relationships/new", relationship_create, ROLES_CASE, 1, "relationship.create" },
	{ POST, "/relationships/{id}/end", relationship_end, ROLES_CASE, 1, "relationship.end" },

	/* episodes */
	{ GET, "/episodes/new", episode_new, ROLES_CASE, 0, "episode.new" },
	{ POST, "/episodes/new", episode_create, ROLES_CASE, 1, "episode.create" },
	{ GET, "/episodes/{id}", episode_get, ROLES_CASE, 0, "episode" },
	{ GET, "/episodes/{id}/allocate", episode_allocate_get, ROLE_MANAGER, 0, "episode.allocate.form" },
	{ POST, "/episodes/{id}/allocate", episode_allocate, ROLE_MANAGER, 1, "episode.allocate" },
	{ POST, "/episodes/{id}/decline", episode_decline, ROLE_MANAGER, 1, "episode.decline" },
	{ GET, "/episodes/{id}/consent", consent_get, ROLES_CASE, 0, "consent" },
	{ POST, "/episodes/{id}/consent", consent_post, ROLES_CASE, 1, "consent.record" },
	{ POST, "/episodes/{id}/consent/withdraw", consent_withdraw, ROLES_CASE, 1, "consent.withdraw" },
	{ GET, "/episodes/{id}/team", team_get, ROLES_CASE, 0, "team" },
	{ POST, "/episodes/{id}/team", team_add, ROLES_CASE, 1, "team.add" },
	{ POST, "/taf/{id}/end", taf_end, ROLES_CASE, 1, "team.end" },
	{ GET, "/episodes/{id}/notes", notes_get, ROLES_CASE, 0, "notes" },
	{ GET, "/episodes/{id}/notes/new", note_new, ROLES_CASE, 0, "note.new" },
	{ POST, "/episodes/{id}/notes", note_create, ROLES_CASE, 1, "note.create" },
	{ GET, "/notes/{id}", note_get, ROLES_CASE, 0, "note" },
	{ GET, "/notes/{id}/edit", note_edit, ROLES_CASE, 0, "note.edit" },
	{ POST, "/notes/{id}/edit", note_save, ROLES_CASE, 1, "note.save" },
	{ GET, "/episodes/{id}/close", episode_close_get, ROLE_MANAGER, 0, "episode.close.form" },
	{ POST, "/episodes/{id}/close", episode_close, ROLE_MANAGER, 1, "episode.close" },
	{ GET, "/episodes/{id}/reopen", episode_reopen_get, ROLE_MANAGER, 0, "episode.reopen.form" },
	{ POST, "/episodes/{id}/reopen", episode_reopen, ROLE_MANAGER, 1, "episode.reopen" },
	{ GET, "/episodes/{id}/transfer", episode_transfer_get, ROLES_CASE, 0, "transfer.form" },
	{ POST, "/episodes/{id}/transfer", episode_transfer, ROLES_CASE, 1, "transfer.request" },
	{ POST, "/transfers/{id}/accept", transfer_accept, ROLES_CASE, 1, "transfer.accept" },
	{ POST, "/transfers/{id}/decline", transfer_decline, ROLES_CASE, 1, "transfer.decline" },
	{ GET, "/episodes/{id}/break-glass", breakglass_get, ROLES_CASE, 0, "break-glass.form" },
	{ POST, "/episodes/{id}/break-glass", breakglass_post, ROLES_CASE, 1, "break-glass" },
	{ POST, "/break-glass/{id}/review", breakglass_review, ROLE_MANAGER, 1, "break-glass.review" },

	/* assessments */
	{ GET, "/episodes/{id}/assessments", assessments_get, ROLES_CASE, 0, "assessments" },
	{ POST, "/episodes/{id}/assessments", assessment_start, ROLES_CASE, 1, "assessment.start" },
	{ GET, "/episodes/{id}/distance", distance_get, ROLES_CASE, 0, "distance" },
	{ GET, "/assessments/{id}", assessment_get, ROLES_CASE, 0, "assessment" },
	{ GET, "/assessments/{id}/sections/{id}", assessment_section_get, ROLES_CASE, 0, "assessment.section" },
	{ POST, "/assessments/{id}/sections/{id}", assessment_section_post, ROLES_CASE, 1, "assessment.section.save" },
	{ GET, "/assessments/{id}/check", assessment_check, ROLES_CASE, 0, "assessment.check" },
	{ POST, "/assessments/{id}/complete", assessment_complete, ROLES_CASE, 1, "assessment.complete" },
	{ GET, "/assessments/{id}/print", assessment_print, ROLES_CASE, 0, "assessment.print" },

	/* meetings and the plan */
	{ GET, "/episodes/{id}/meetings", meetings_get, ROLES_CASE, 0, "meetings" },
	{ POST, "/episodes/{id}/meetings", meeting_create, ROLES_CASE, 1, "meeting.create" },
	{ GET, "/meetings/{id}", meeting_get, ROLES_CASE, 0, "meeting" },
	{ POST, "/meetings/{id}", meeting_update, ROLES_CASE, 1, "meeting.update" },
	{ POST, "/meetings/{id}/attendees", meeting_attendee_add, ROLES_CASE, 1, "meeting.attendee" },
	{ POST, "/meetings/{id}/cancel", meeting_cancel, ROLES_CASE, 1, "meeting.cancel" },
	{ GET, "/meetings/{id}/held", meeting_held_get, ROLES_CASE, 0, "meeting.held.form" },
	{ POST, "/meetings/{id}/held", meeting_held_post, ROLES_CASE, 1, "meeting.held" },
	{ GET, "/meetings/{id}/print", meeting_print, ROLES_CASE, 0, "meeting.print" },
	{ GET, "/episodes/{id}/plan", plan_get, ROLES_CASE, 0, "plan" },
	{ GET, "/episodes/{id}/plan/new", action_new, ROLES_CASE, 0, "action.new" },
	{ POST, "/episodes/{id}/plan", action_create, ROLES_CASE, 1, "action.create" },
	{ GET, "/actions/{id}/edit", action_edit, ROLES_CASE, 0, "action.edit" },
	{ POST, "/actions/{id}/edit", action_save, ROLES_CASE, 1, "action.save" },
	{ POST, "/actions/{id}/remove", action_remove, ROLES_CASE, 1, "action.remove" },
	{ GET, "/episodes/{id}/plan/print", plan_print, ROLES_CASE, 0, "plan.print" },

	/* contacts, referrals, commissioning */
	{ GET, "/contacts", contacts_get, ROLES_CASE, 0, "contacts" },
	{ GET, "/contacts/new", contact_new, ROLES_CASE, 0, "contact.new" },
	{ POST, "/contacts/new", contact_create, ROLES_CASE, 1, "contact.create" },
	{ GET, "/contacts/{id}", contact_get, ROLES_CASE, 0, "contact" },
	{ POST, "/contacts/{id}/decide", contact_decide, ROLES_CASE, 1, "contact.decide" },
	{ GET, "/episodes/{id}/step-up", stepup_get, ROLES_CASE, 0, "stepup.form" },
	{ POST, "/episodes/{id}/step-up", stepup_post, ROLES_CASE, 1, "stepup" },
	{ GET, "/referrals", referrals_get, ROLES_CASE, 0, "referrals" },
	{ GET, "/referrals/new", stepdown_get, ROLES_CASE, 0, "stepdown.form" },
	{ POST, "/referrals/new", stepdown_post, ROLES_CASE, 1, "stepdown" },
	{ GET, "/referrals/{id}", referral_get, ROLES_CASE, 0, "referral" },
	{ POST, "/referrals/{id}/accept", referral_accept, ROLES_CASE, 1, "referral.accept" },
	{ POST, "/referrals/{id}/return", referral_return, ROLES_CASE, 1, "referral.return" },
	{ GET, "/episodes/{id}/requests", commission_new, ROLES_CASE, 0, "commission.form" },
	{ POST, "/episodes/{id}/requests", commission_create, ROLES_CASE, 1, "commission.create" },
	{ GET, "/requests", requests_get, ROLES_CASE, 0, "requests" },
	{ GET, "/requests/{id}", request_get, ROLES_CASE, 0, "request" },
	{ POST, "/requests/{id}/approve", request_approve, ROLE_MANAGER, 1, "request.approve" },
	{ POST, "/requests/{id}/reject", request_reject, ROLE_MANAGER, 1, "request.reject" },

	/* administration */
	{ GET, "/admin/users", admin_users, ROLE_ADMIN, 0, "admin.users" },
	{ GET, "/admin/users/new", admin_user_new, ROLE_ADMIN, 0, "admin.user.new" },
	{ POST, "/admin/users/new", admin_user_create, ROLE_ADMIN, 1, "admin.user.create" },
	{ GET, "/admin/users/{id}", admin_user_get, ROLE_ADMIN, 0, "admin.user" },
	{ POST, "/admin/users/{id}", admin_user_save, ROLE_ADMIN, 1, "admin.user.save" },
	{ POST, "/admin/users/{id}/deactivate", admin_user_deactivate, ROLE_ADMIN, 1, "admin.user.deactivate" },
	{ POST, "/admin/users/{id}/reactivate", admin_user_reactivate, ROLE_ADMIN, 1, "admin.user.reactivate" },
	{ POST, "/admin/users/{id}/unlock", admin_user_unlock, ROLE_ADMIN, 1, "admin.user.unlock" },
	{ POST, "/admin/users/{id}/reset-code", admin_user_reset_code, ROLE_ADMIN, 1, "admin.user.reset_code" },
	{ GET, "/admin/agencies", admin_agencies, ROLE_ADMIN, 0, "admin.agencies" },
	{ GET, "/admin/agencies/new", admin_agency_new, ROLE_ADMIN, 0, "admin.agency.new" },
	{ POST, "/admin/agencies/new", admin_agency_create, ROLE_ADMIN, 1, "admin.agency.create" },
	{ GET, "/admin/agencies/{id}", admin_agency_get, ROLE_ADMIN, 0, "admin.agency" },
	{ POST, "/admin/agencies/{id}", admin_agency_save, ROLE_ADMIN, 1, "admin.agency.save" },
	{ GET, "/admin/teams", admin_teams, ROLE_ADMIN, 0, "admin.teams" },
	{ GET, "/admin/teams/new", admin_team_new, ROLE_ADMIN, 0, "admin.team.new" },
	{ POST, "/admin/teams/new", admin_team_create, ROLE_ADMIN, 1, "admin.team.create" },
	{ GET, "/admin/teams/{id}", admin_team_get, ROLE_ADMIN, 0, "admin.team" },
	{ POST, "/admin/teams/{id}", admin_team_save, ROLE_ADMIN, 1, "admin.team.save" },
	{ GET, "/admin/audit", admin_audit, ROLE_ADMIN, 0, "admin.audit" },
	{ GET, "/admin/audit.csv", admin_audit_csv, ROLE_ADMIN, 0, "admin.audit.csv" },
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

const char *
route_allow(struct arena *a, const char *path)
{
	unsigned m = 0;
	for (size_t i = 0; i < nroutes; i++) {
		long long ids[4];
		int n;
		if (match(routes[i].pattern, path, ids, &n))
			m |= routes[i].methods;
	}
	return arena_printf(a, "%s%s", (m & M_GET) ? "GET, HEAD" : "",
	    (m & M_POST) ? ((m & M_GET) ? ", POST" : "POST") : "");
}
