// debug-route: debug/test/factory URLs registered with an embedded web server without an
// authentication barrier. Every EXPECT line must be reported and nothing else (check_markers); the
// #ifdef GW_DEBUG block is reported only when the preprocessor keeps it.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DGW_DEBUG %s 2>&1 | FileCheck %s --check-prefix=ON
// The path pattern is a rule option: with only "status" as a debug word, the two status routes are
// the findings (and nothing else), in the plugin and in cra-check.
// RUN: echo '{"version": 1, "rules": {"debug-route": {"path-pattern": "(^|/)(status)([^a-z]|$)"}}}' > %t.json
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-config=%t.json %s 2>&1 | FileCheck %s --check-prefix=CFG --implicit-check-not='[cra-debug-route]'
// RUN: not %cra-check --config=%t.json --checks='-*,debug-route' %s -- 2>&1 | FileCheck %s --check-prefix=CFG --implicit-check-not='[cra-debug-route]'
// MARKERS: checked 1 files: 11 expected, 0 missing, 0 unexpected, 0 pending
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* civetweb */
struct mg_context;
struct mg_connection;
typedef int (*mg_request_handler)(struct mg_connection *conn, void *cbdata);
typedef int (*mg_authorization_handler)(struct mg_connection *conn, void *cbdata);
void mg_set_request_handler(struct mg_context *ctx, const char *uri, mg_request_handler handler, void *cbdata);
void mg_set_auth_handler(struct mg_context *ctx, const char *uri, mg_authorization_handler handler, void *cbdata);
int mg_printf(struct mg_connection *conn, const char *fmt, ...);
int check_session(struct mg_connection *conn);

struct cfg { const char *admin_user; const char *admin_password; };
static struct cfg g_cfg;

static int page(struct mg_connection *c, void *d) { (void)d; return mg_printf(c, "ok"); }
static int dump_cfg(struct mg_connection *c, void *d) {
  (void)d;
  mg_printf(c, "HTTP/1.1 200 OK\r\n\r\n");
  mg_printf(c, "user=%s pass=%s\n", g_cfg.admin_user, g_cfg.admin_password); /* reads, decides nothing */
  return 200;
}
static int guarded(struct mg_connection *c, void *d) {
  (void)d;
  if (!check_session(c))
    return 401;
  return mg_printf(c, "state");
}
static int authorize(struct mg_connection *c, void *d) { (void)d; return check_session(c); }
#define FACTORY_URL "/factory/reset"

void civet_routes(struct mg_context *ctx) {
  mg_set_request_handler(ctx, "/debug", page, NULL);              // EXPECT debug-route
  // MSG: debug-route.c:[[@LINE-1]]:3: warning: URL '/debug' is registered with mg_set_request_handler and serves a debug/test/factory function without an authentication barrier [cra-debug-route]
  mg_set_request_handler(ctx, "/cgi-bin/diag.cgi", page, NULL);   // EXPECT debug-route
  mg_set_request_handler(ctx, "/dump", dump_cfg, NULL);           // NOFLAG (not a debug path)
  mg_set_request_handler(ctx, "/test/dump", dump_cfg, NULL);      // EXPECT debug-route
  mg_set_request_handler(ctx, "/diag/state", guarded, NULL);      // NOFLAG handler authenticates first
  mg_set_auth_handler(ctx, "/factory", authorize, NULL);
  mg_set_request_handler(ctx, FACTORY_URL, page, NULL);           // NOFLAG covered by the auth handler
  mg_set_request_handler(ctx, "/api/status", page, NULL);         // NOFLAG
  // CFG: debug-route.c:[[@LINE-1]]:3: warning: URL '/api/status' is registered {{.*}}[cra-debug-route]
  mg_set_request_handler(ctx, "/latest", page, NULL);             // NOFLAG "test" inside a word
  mg_set_request_handler(ctx, "/testimonials", page, NULL);       // NOFLAG
  /* cra: allow(debug-route) lab fixture page, compiled only into the lab image target (GW-1123) */
  mg_set_request_handler(ctx, "/engineering", page, NULL);        // NOFLAG suppressed with a justification
#ifdef GW_DEBUG
  mg_set_request_handler(ctx, "/debug/trace", page, NULL);        // NOFLAG removed unless -DGW_DEBUG
  // ON: debug-route.c:[[@LINE-1]]:3: warning: URL '/debug/trace' {{.*}}[cra-debug-route]
#endif
#if 0
  mg_set_request_handler(ctx, "/shell", page, NULL);              // NOFLAG removed by the preprocessor
#endif
}

/* mongoose 7 */
struct mg_str { const char *ptr; size_t len; };
struct mg_mgr;
struct mg_http_message { struct mg_str method, uri, query; };
struct mg_str mg_str(const char *s);
int mg_http_match_uri(const struct mg_http_message *hm, const char *glob);
int mg_match(struct mg_str str, struct mg_str pattern, struct mg_str *caps);
void mg_http_reply(struct mg_connection *c, int code, const char *headers, const char *fmt, ...);
int mg_is_authenticated(struct mg_http_message *hm);

void mongoose_handler(struct mg_connection *c, struct mg_http_message *hm) {
  if (mg_http_match_uri(hm, "/debug/mem")) {                      // EXPECT debug-route
    mg_http_reply(c, 200, "", "mem");
  } else if (mg_match(hm->uri, mg_str("/test/*"), NULL)) {        // EXPECT debug-route
    mg_http_reply(c, 200, "", "test");
  } else if (mg_match(hm->uri, mg_str("/api/status"), NULL)) {    // NOFLAG
    // CFG: debug-route.c:[[@LINE-1]]:14: warning: request dispatch on '/api/status' (mg_match) {{.*}}[cra-debug-route]
    mg_http_reply(c, 200, "", "ok");
  }
}

void mongoose_guarded(struct mg_connection *c, struct mg_http_message *hm) {
  if (!mg_is_authenticated(hm)) {
    mg_http_reply(c, 403, "", "denied");
    return;
  }
  if (mg_http_match_uri(hm, "/debug/mem"))                        // NOFLAG behind the early-exit check
    mg_http_reply(c, 200, "", "mem");
}

/* libmicrohttpd access handler */
struct MHD_Connection;
const char *MHD_basic_auth_get_username_password(struct MHD_Connection *c, char **password);
int serve(struct MHD_Connection *c, const char *what);

int mhd_access(void *cls, struct MHD_Connection *conn, const char *url, const char *method) {
  (void)cls;
  if (strcmp(method, "GET") != 0)                                 // NOFLAG
    return 0;
  if (strcmp(url, "/diag") == 0)                                  // EXPECT debug-route
    return serve(conn, "diag");
  if (strcmp(url, "/index.html") == 0)                            // NOFLAG
    return serve(conn, "index");
  return 0;
}

int mhd_access_auth(void *cls, struct MHD_Connection *conn, const char *url, const char *method) {
  (void)cls;
  (void)method;
  char *pass = NULL;
  if (MHD_basic_auth_get_username_password(conn, &pass) != NULL && strcmp(url, "/factory") == 0) // NOFLAG
    return serve(conn, "factory");
  return 0;
}

/* lwIP httpd CGI table */
typedef const char *(*tCGIHandler)(int iIndex, int iNumParams, char *pcParam[], char *pcValue[]);
typedef struct { const char *pcCGIName; tCGIHandler pfnCGIHandler; } tCGI;
void http_set_cgi_handlers(const tCGI *pCGIs, int iNumHandlers);
static const char *leds_cgi(int i, int n, char *p[], char *v[]) { (void)i; (void)n; (void)p; (void)v; return "/index.html"; }
static const char *factory_cgi(int i, int n, char *p[], char *v[]) { (void)i; (void)n; (void)p; (void)v; return "/ok.html"; }
static const tCGI cgi_table[] = {
  { "/leds.cgi", leds_cgi },                                      // NOFLAG
  { "/factory.cgi", factory_cgi },                                // EXPECT debug-route
  { "/mfg_test.cgi", factory_cgi },                               // EXPECT debug-route
};
void lwip_init_cgi(void) { http_set_cgi_handlers(cgi_table, 3); }

/* uhttpd */
int uh_path_match(const char *prefix, const char *url);
int uh_dispatch(const char *url) {
  if (uh_path_match("/cgi-bin/console", url))                     // EXPECT debug-route
    return 1;
  if (uh_path_match("/cgi-bin/luci", url))                        // NOFLAG
    return 2;
  return 0;
}

/* CGI program: strcmp dispatch on PATH_INFO */
int cgi_main(void) {
  const char *path = getenv("PATH_INFO");
  const char *level = getenv("LOG_LEVEL");
  if (path && strcmp(path, "/shell") == 0)                        // EXPECT debug-route
    return 1;
  if (level && strcmp(level, "debug") == 0)                       // NOFLAG not a request URI
    return 2;
  return 0;
}

/* ESP-IDF */
typedef struct httpd_req httpd_req_t;
typedef int (*esp_handler)(httpd_req_t *r);
typedef struct { const char *uri; int method; esp_handler handler; void *user_ctx; } httpd_uri_t;
int httpd_register_uri_handler(void *server, const httpd_uri_t *uri_handler);
static int esp_get(httpd_req_t *r) { (void)r; return 0; }
void esp_routes(void *server) {
  static const httpd_uri_t dbg = { .uri = "/dbg", .method = 1, .handler = esp_get, .user_ctx = NULL };
  static const httpd_uri_t home = { .uri = "/", .method = 1, .handler = esp_get, .user_ctx = NULL };
  httpd_register_uri_handler(server, &dbg);                       // EXPECT debug-route
  httpd_register_uri_handler(server, &home);                      // NOFLAG
}
