// net-bind-any-admin: debug, shell and admin listeners bound to every interface, against the same
// services on the loopback and ordinary public services on INADDR_ANY.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DDEBUG %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 5 expected, 0 missing, 0 unexpected, 0 pending
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#define DEBUG_PORT 9000
#define HTTP_PORT 80

int telnet_listener(int fd) {
  struct sockaddr_in sa;
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_ANY);
  sa.sin_port = htons(23);
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // EXPECT net-bind-any-admin
  // MSG: net-bind-any-admin.c:[[@LINE-1]]:10: warning: debug/shell/admin service bound to every interface (INADDR_ANY = 0) port 23: port 23 is an admin/debug port [cra-net-bind-any-admin]
}

int debug_listener(int fd) {
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons(DEBUG_PORT);
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // EXPECT net-bind-any-admin
}

int start_admin_server(int fd) {
  struct sockaddr_in6 sa6 = { .sin6_family = AF_INET6, .sin6_port = htons(8443) };
  sa6.sin6_addr = in6addr_any;
  return bind(fd, (struct sockaddr *)&sa6, sizeof sa6);           // EXPECT net-bind-any-admin
}

/* The same admin server on the loopback only. */
int start_admin_server_local(int fd) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(8443) };
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // NOFLAG
}

int telnet_local(int fd) {
  struct sockaddr_in sa;
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(23);
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // NOFLAG
}

/* Public services are meant to listen everywhere. */
int start_web_server(int fd) {
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_ANY);
  sa.sin_port = htons(HTTP_PORT);
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // NOFLAG
}

int mqtt_broker_listen(int fd) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(1883) };
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // NOFLAG
}

#ifdef DEBUG
int factory_listener(int fd) {
  struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(5001) };
  return bind(fd, (struct sockaddr *)&sa, sizeof sa);             // NOFLAG removed unless -DDEBUG
  // ON: net-bind-any-admin.c:[[@LINE-1]]:10: warning: {{.*}}it is set up by factory_listener() [cra-net-bind-any-admin]
}
#endif

/* mongoose 7 */
struct mg_mgr;
struct mg_connection;
typedef void (*mg_event_handler_t)(struct mg_connection *c, int ev, void *ev_data);
struct mg_connection *mg_http_listen(struct mg_mgr *mgr, const char *url, mg_event_handler_t fn, void *fn_data);
static void admin_handler(struct mg_connection *c, int ev, void *d) { (void)c; (void)ev; (void)d; }
static void page_handler(struct mg_connection *c, int ev, void *d) { (void)c; (void)ev; (void)d; }
void mg_setup(struct mg_mgr *mgr) {
  mg_http_listen(mgr, "http://0.0.0.0:8080", admin_handler, NULL); // EXPECT net-bind-any-admin
  mg_http_listen(mgr, "http://127.0.0.1:8081", admin_handler, NULL); // NOFLAG
  mg_http_listen(mgr, "http://0.0.0.0:80", page_handler, NULL);    // NOFLAG
}

/* lwIP raw TCP */
struct tcp_pcb;
typedef struct ip_addr { unsigned addr; } ip_addr_t;
extern const ip_addr_t ip_addr_any;
#define IP_ADDR_ANY (&ip_addr_any)
int tcp_bind(struct tcp_pcb *pcb, const ip_addr_t *ipaddr, unsigned short port);
void lwip_services(struct tcp_pcb *a, struct tcp_pcb *b) {
  tcp_bind(a, IP_ADDR_ANY, 2323);                                 // EXPECT net-bind-any-admin
  tcp_bind(b, IP_ADDR_ANY, 502);                                  // NOFLAG Modbus, a public service
}
