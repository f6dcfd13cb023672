/* civetweb.h - the subset of the CivetWeb embedded web server API (https://github.com/civetweb/civetweb,
 * MIT licence) that the gateway uses, with the same names, argument order and return conventions.
 *
 * The example links against the small shim in civetweb.c instead of the real library so that it builds
 * with nothing but libc and OpenSSL. Swap in the real CivetWeb by deleting this directory and linking
 * -lcivetweb: the gateway's own code does not change. Written for this example, not copied. */
#ifndef GATEWAY_CIVETWEB_H
#define GATEWAY_CIVETWEB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct mg_context;
struct mg_connection;

struct mg_header {
	const char *name;
	const char *value;
};

#define MG_MAX_HEADERS (64)

struct mg_request_info {
	const char *request_method; /* "GET", "POST", ... */
	const char *request_uri;    /* as sent, including the query string */
	const char *local_uri;      /* decoded path, without the query string */
	const char *http_version;   /* "1.0", "1.1" */
	const char *query_string;   /* NULL when there is none */
	char remote_addr[48];       /* client address as text */
	long long content_length;   /* -1 when the request had no Content-Length */
	int remote_port;
	int num_headers;
	struct mg_header http_headers[MG_MAX_HEADERS];
};

struct mg_callbacks {
	/* Called for every message the server logs; return nonzero to suppress its own logging. */
	int (*log_message)(const struct mg_connection *conn, const char *message);
};

/* A request handler returns the HTTP status it sent (1..999), or 0 to let the server answer 404. */
typedef int (*mg_request_handler)(struct mg_connection *conn, void *cbdata);
/* An authorization handler returns nonzero to let the request through, 0 after sending a refusal. */
typedef int (*mg_authorization_handler)(struct mg_connection *conn, void *cbdata);

/* configuration_options: NULL-terminated name/value pairs. Supported: "listening_ports" ("ADDR:PORT";
 * this shim requires an explicit address), "request_timeout_ms". Returns NULL on failure. */
struct mg_context *mg_start(const struct mg_callbacks *callbacks, void *user_data,
                            const char **configuration_options);
void mg_stop(struct mg_context *ctx);

/* Handlers match the URI exactly or as a prefix followed by '/'; the longest match wins. A NULL handler
 * removes the registration. */
void mg_set_request_handler(struct mg_context *ctx, const char *uri, mg_request_handler handler, void *cbdata);
void mg_set_auth_handler(struct mg_context *ctx, const char *uri, mg_authorization_handler handler, void *cbdata);

const struct mg_request_info *mg_get_request_info(const struct mg_connection *conn);
const char *mg_get_header(const struct mg_connection *conn, const char *name);
void *mg_get_user_data(const struct mg_context *ctx);
struct mg_context *mg_get_context(const struct mg_connection *conn);

int mg_read(struct mg_connection *conn, void *buf, size_t len);
int mg_write(struct mg_connection *conn, const void *buf, size_t len);
int mg_printf(struct mg_connection *conn, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int mg_send_http_error(struct mg_connection *conn, int status_code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
#endif
