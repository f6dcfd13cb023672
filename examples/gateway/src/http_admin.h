/* http_admin.h - the local admin interface (login, status, configuration view, update trigger). */
#ifndef GATEWAY_HTTP_ADMIN_H
#define GATEWAY_HTTP_ADMIN_H

#include "gateway.h"

struct mg_context;

/* Starts the admin web server on cfg.admin_listen; NULL (and a message on stderr) on failure. */
struct mg_context *admin_start(struct gw_state *st);
void admin_stop(struct mg_context *ctx);

#endif
