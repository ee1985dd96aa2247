/*
 * config.h -- config.ini read once (and again on SIGHUP) into one validated,
 * read-only struct.  Every key, its default and its meaning is documented in
 * config.example.ini; this header is the C side of the same list.
 */
#ifndef EHM_CONFIG_H
#define EHM_CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_PROXIES 16

struct config {
	char *file;                 /* absolute path of the file read, or NULL for defaults */
	char *dir;                  /* its folder: relative paths are resolved from here */

	/* [authority] */
	char *authority_name;
	char *service_name;
	char *logo;                 /* URL path of the logo image, may be empty */
	char *header_colour;        /* #rrggbb */
	char *accessibility_url;
	char *privacy_url;
	char *aup_file;             /* acceptable use policy text */
	long aup_version;

	/* [terminology] */
	char *assessment_name;
	char *lead_title;
	char *assessment_form;        /* form definition name in schema/forms */

	/* [timescales] */
	long assessment_weeks, review_weeks, episode_months;

	/* [safeguarding] */
	char *safeguarding_day, *safeguarding_out_of_hours;

	/* [server] */
	char *socket_path;
	long socket_mode;
	long threads;
	char *base_url;
	int tls;
	char *proxies[CONFIG_MAX_PROXIES];
	int nproxies;
	long max_body, max_fields, max_field;
	char *templates_dir;
	char *static_dir;

	/* [database] */
	char *db_path;
	char *schema_dir;
	char *forms_dir;
	long busy_timeout_ms;
	long writer_batch;

	/* [session] */
	long idle_timeout, absolute_lifetime, held_form_lifetime;

	/* [security] */
	char *audit_key_file, *audit_anchor_file;
	long anchor_every;
	long pwhash_opslimit, pwhash_memlimit_mib, max_concurrent_hashes;
	long lockout_threshold, lockout_seconds;
	char *password_list;

	/* [episodes] */
	char *closure_reasons;       /* '|'-separated */
	long break_glass_minutes, break_glass_daily;

	/* [commissioning] */
	char *commission_name;
	long commission_max_pence;

	/* [search] */
	long search_cap;
	int search_show_holder;
};

/*
 * Find the config file: explicit path, else $EHM_CONFIG, else ./config.ini,
 * else ./config.example.ini.  Returns a malloc'd path or NULL.
 */
char *config_locate(const char *explicit_path);

/*
 * Load and validate.  On failure returns NULL and writes
 * "FILE:LINE: key 'k' in [s]: what is wrong" into err.  The result is owned
 * by the caller and freed with config_free().
 */
struct config *config_load(const char *path, char *err, size_t errlen);
void config_free(struct config *);

/* libinih's line limit (Debian's build): longer lines are refused, not misread. */
#define INI_LINE_LIMIT 198
/* The first line of path longer than INI_LINE_LIMIT, or 0. */
int ini_long_line(const char *path);
/* 1 if line `line` of path is neither a section, a comment nor key = value. */
int ini_malformed_line(const char *path, int line);

/* The configuration in force now (swapped on SIGHUP; old ones are kept alive). */
const struct config *config_current(void);
void config_set_current(struct config *);

#endif
