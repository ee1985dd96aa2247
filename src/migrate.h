/* migrate.h -- schema/NNN_*.sql applied in order, tracked by PRAGMA user_version. */
#ifndef EHM_MIGRATE_H
#define EHM_MIGRATE_H
#include "db.h"

#define EHM_APPLICATION_ID 0x45484d31   /* "EHM1" */

/* Apply every migration newer than user_version, each in one transaction. */
int migrate_apply(struct dbc *rw, const char *schema_dir, int *applied, char *err, size_t errlen);
/* The highest migration number present in schema_dir (for readiness). */
int migrate_latest(const char *schema_dir);
#endif
