/* episode.h -- episodes: request with consent, allocation, overview, closure, transfer, break-glass. */
#ifndef EHM_EPISODE_H
#define EHM_EPISODE_H
#include "access.h"
#include "ehm.h"
#include "view.h"

/* The identity bar and sub-navigation for episode pages; audits the view. */
int episode_head(struct ctx *, tpl_dict *page, long long eid, const struct ep_access *,
    const char *current_tab);
/* "Given Family, Given Family" of the episode's children (arena). */
const char *episode_family(struct ctx *, long long eid);

int episode_new(struct ctx *);
int episode_create(struct ctx *);
int episode_get(struct ctx *);
int episode_allocate_get(struct ctx *);
int episode_allocate(struct ctx *);
int episode_decline(struct ctx *);
int episode_close_get(struct ctx *);
int episode_close(struct ctx *);
int episode_reopen_get(struct ctx *);
int episode_reopen(struct ctx *);
int episode_transfer_get(struct ctx *);
int episode_transfer(struct ctx *);
int transfer_accept(struct ctx *);
int transfer_decline(struct ctx *);
int breakglass_get(struct ctx *);
int breakglass_post(struct ctx *);
int breakglass_review(struct ctx *);
/* consent and team (taf.c) */
int consent_get(struct ctx *);
int consent_post(struct ctx *);
int consent_withdraw(struct ctx *);
int team_get(struct ctx *);
int team_add(struct ctx *);
int taf_end(struct ctx *);
/* notes (note.c) */
int notes_get(struct ctx *);
int note_new(struct ctx *);
int note_create(struct ctx *);
int note_get(struct ctx *);
int note_edit(struct ctx *);
int note_save(struct ctx *);
#endif

/* A consent statement as typed (shared by request, consent page and reopen). */
struct consent_in {
	const char *by, *role, *date, *how;
	long long agencies[128];
	int nag;
};
/* Read fields consent_by, consent_role, consent-day/-month/-year, consent_how, agencies. */
void consent_read(struct ctx *, struct consent_in *, struct form_errors *);
/* Render those fields at marker; tick default_agency when nothing was posted. */
void consent_fields(struct ctx *, tpl_dict *page, const char *marker, const struct form_errors *,
    long long default_agency);
/* Writer unit helper: insert a 'given' statement; returns its id or 0. */
long long consent_insert(struct dbc *w, long long eid, const struct consent_in *, long long by,
    const char *now);
