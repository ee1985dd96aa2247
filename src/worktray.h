/* worktray.h -- the home page's tiles and lists, tray publications, the team view. */
#ifndef EHM_WORKTRAY_H
#define EHM_WORKTRAY_H
#include "ehm.h"
int worktray_list(struct ctx *);
int worktray_team(struct ctx *);
int tray_get(struct ctx *);
int tray_post(struct ctx *);
#endif
