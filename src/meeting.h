/* meeting.h -- TAF meetings and the action plan. */
#ifndef EHM_MEETING_H
#define EHM_MEETING_H
#include "ehm.h"
int meetings_get(struct ctx *);
int meeting_create(struct ctx *);
int meeting_get(struct ctx *);
int meeting_update(struct ctx *);
int meeting_attendee_add(struct ctx *);
int meeting_cancel(struct ctx *);
int meeting_held_get(struct ctx *);
int meeting_held_post(struct ctx *);
int meeting_print(struct ctx *);
int plan_get(struct ctx *);
int action_new(struct ctx *);
int action_create(struct ctx *);
int action_edit(struct ctx *);
int action_save(struct ctx *);
int action_remove(struct ctx *);
int plan_print(struct ctx *);
#endif
