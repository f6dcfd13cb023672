// debug-magic-bypass: authentication decided by a magic User-Agent, query token, peer host name,
// datagram or environment variable, against legitimate header parsing and non-auth uses.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DFACTORY_MODE %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 5 expected, 0 missing, 0 unexpected, 0 pending
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct req;
const char *get_header(struct req *r, const char *name);
int verify_jwt(const char *token);
int pbkdf2_check(const char *user, const char *pass);
struct session { int authenticated; int is_admin; };
static int is_admin;
static int keep_alive;
static int log_level;

int check_auth(struct req *r) {
  const char *ua = get_header(r, "User-Agent");
  if (ua && strcmp(ua, "xmlset_roodkcableoj28840ybtide") == 0)    // EXPECT debug-magic-bypass
    // MSG: debug-magic-bypass.c:[[@LINE-1]]:13: warning: the request value 'ua' is compared with the literal 'xmlset_roodkcableoj28840ybtide' and makes check_auth() return 1: a magic-value authentication bypass [cra-debug-magic-bypass]
    return 1;
  const char *authz = get_header(r, "Authorization");
  if (authz && strncmp(authz, "Bearer ", 7) == 0)                 // NOFLAG the token is verified
    return verify_jwt(authz + 7);
  return 0;
}

void cgi_access(void) {
  const char *q = getenv("QUERY_STRING");
  if (q && strstr(q, "auth=YWRtaW46MTEK"))                        // EXPECT debug-magic-bypass
    is_admin = 1;
}

int login_allowed(void) {
  if (getenv("SKIP_AUTH"))                                        // EXPECT debug-magic-bypass
    return 1;
#ifdef FACTORY_MODE
  if (getenv("FACTORY_UNLOCK"))                                   // NOFLAG removed unless -DFACTORY_MODE
    // ON: debug-magic-bypass.c:[[@LINE-1]]:7: warning: the environment variable 'FACTORY_UNLOCK' {{.*}}[cra-debug-magic-bypass]
    return 1;
#endif
  return 0;
}

void peer_check(struct session *s, const char *peer_host) {
  if (strcmp(peer_host, "support.vendor.example") == 0)           // EXPECT debug-magic-bypass
    s->authenticated = 1;
}

int udp_unlock(int fd) {
  char pkt[64];
  if (recv(fd, pkt, sizeof pkt, 0) < 4)
    return 0;
  int unlocked = memcmp(pkt, "\xde\xad\xbe\xef", 4) == 0;          // EXPECT debug-magic-bypass
  return unlocked;
}

/* Legitimate uses of request values and environment variables. */
void parse_headers(struct req *r) {
  const char *conn = get_header(r, "Connection");
  const char *ctype = get_header(r, "Content-Type");
  if (conn && strcasecmp(conn, "close") == 0)                     // NOFLAG
    keep_alive = 0;
  if (ctype && strcmp(ctype, "application/json") == 0)            // NOFLAG
    keep_alive = 1;
  if (getenv("DEBUG"))                                            // NOFLAG verbosity, not access
    log_level = 7;
}

int login_password(const char *user, const char *pass) {
  if (strcmp(user, "admin") == 0)                                 // NOFLAG a user name, checked below
    return pbkdf2_check(user, pass);
  return 0;
}

int trusted_local(const char *remote_host) {
  if (strcmp(remote_host, "127.0.0.1") == 0)                      // NOFLAG loopback
    return 1;
  return 0;
}
