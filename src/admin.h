/* admin.h -- /admin: users, agencies, teams and the audit log (admins only). */
#ifndef EHM_ADMIN_H
#define EHM_ADMIN_H
#include "ehm.h"
int admin_users(struct ctx *);
int admin_user_new(struct ctx *);
int admin_user_create(struct ctx *);
int admin_user_get(struct ctx *);
int admin_user_save(struct ctx *);
int admin_user_deactivate(struct ctx *);
int admin_user_reactivate(struct ctx *);
int admin_user_unlock(struct ctx *);
int admin_user_reset_code(struct ctx *);
int admin_agencies(struct ctx *);
int admin_agency_new(struct ctx *);
int admin_agency_create(struct ctx *);
int admin_agency_get(struct ctx *);
int admin_agency_save(struct ctx *);
int admin_teams(struct ctx *);
int admin_team_new(struct ctx *);
int admin_team_create(struct ctx *);
int admin_team_get(struct ctx *);
int admin_team_save(struct ctx *);
int admin_audit(struct ctx *);
int admin_audit_csv(struct ctx *);
#endif
