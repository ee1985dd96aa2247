/* assessment.h -- assessments, timescales, TAF meetings and the action plan. */
#ifndef EHM_ASSESSMENT_H
#define EHM_ASSESSMENT_H
#include "ehm.h"

int assessments_get(struct ctx *);
int assessment_start(struct ctx *);
int assessment_get(struct ctx *);
int assessment_section_get(struct ctx *);
int assessment_section_post(struct ctx *);
int assessment_check(struct ctx *);
int assessment_complete(struct ctx *);
int assessment_print(struct ctx *);
int distance_get(struct ctx *);
/* Tags with words for the episode page: assessment due, review due, open too long. */
void timescale_tags(struct ctx *, tpl_dict *d, const char *section, long long eid);
#endif
