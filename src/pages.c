/*
 * pages.c -- the small pages every deployment has: health checks, the
 * council's branding stylesheet (generated from config so a SIGHUP re-brands
 * without a rebuild), the accessibility statement and privacy notice.
 */
#include <stdio.h>
#include <string.h>

#include "ehm.h"
#include "episode.h"
#include "view.h"

/*
 * GET /healthcheck/live -- public.  The process is up.  Also the "FastCGI
 * no-op" the benchmark compares pages against: no database, no template.
 */
int
health_live(struct ctx *c)
{
	c->resp->content_type = "text/plain; charset=utf-8";
	buf_puts(&c->resp->body, "OK\n");
	return 0;
}

/* GET /healthcheck/ready -- public.  200 when the database answers, else 503. */
int
health_ready(struct ctx *c)
{
	c->resp->content_type = "text/plain; charset=utf-8";
	long long v = db_int(c->db, "PRAGMA user_version", -1);
	long long one = db_int(c->db, "SELECT 1", 0);
	if (v <= 0 || one != 1) {
		c->resp->status = 503;
		buf_puts(&c->resp->body, "NOT READY\n");
		return 0;
	}
	buf_puts(&c->resp->body, "OK\n");
	return 0;
}

/*
 * GET /branding.css -- public.  The header colour from config; values are
 * validated (#rrggbb) by config.c, so nothing user-supplied reaches CSS.
 */
int
branding_css(struct ctx *c)
{
	c->resp->content_type = "text/css; charset=utf-8";
	buf_printf(&c->resp->body,
	    ".ehm-header{background-color:%s;border-bottom-color:%s}\n"
	    ".ehm-header .govuk-generic-header__homepage-link,"
	    ".ehm-header .govuk-generic-header__homepage-link:visited{color:#fff}\n",
	    c->cfg->header_colour, c->cfg->header_colour);
	return 0;
}

/* GET /accessibility -- public.  The accessibility statement. */
int
page_accessibility(struct ctx *c)
{
	tpl_dict *p = view_page(c, "accessibility.tpl", "Accessibility statement");
	tpl_set(p, "AUTHORITY", c->cfg->authority_name);
	return view_render(c);
}

/* GET /privacy -- public.  The privacy notice. */
int
page_privacy(struct ctx *c)
{
	tpl_dict *p = view_page(c, "privacy.tpl", "Privacy notice");
	tpl_set(p, "AUTHORITY", c->cfg->authority_name);
	return view_render(c);
}

