/* server.h -- `ehm serve` (FastCGI, or one plain CGI request) and dispatch. */
#ifndef EHM_SERVER_H
#define EHM_SERVER_H
#include "ehm.h"

/* Run the server with the config at path; returns the process exit code. */
int server_main(const char *config_path);
/*
 * Handle one request held in envp/body and write a CGI response into out.
 * Used by both the FastCGI loop and CGI mode.
 */
void server_handle(struct arena *, struct dbc *, char **envp, const char *body,
    size_t bodylen, struct buf *out);
#endif
