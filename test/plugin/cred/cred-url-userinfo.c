// cred-url-userinfo: URLs with a password in the userinfo. Markers: EXPECT = must be reported on that
// line, NOFLAG = must not.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-url-userinfo %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,cred-url-userinfo' %s -- 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stdio.h>

int fetch(const char *url);
int mqtt_open(const char *uri);

#define UPDATE_MIRROR "ftp://fwupd:Upd4te!@10.20.0.2/images/" // EXPECT cred-url-userinfo

int updater(void) {
  return fetch(UPDATE_MIRROR);                              // NOFLAG
}
// CHECK: cred-url-userinfo.c:[[@LINE-5]]:23: warning: ftp URL embeds the password "U******" (7 characters) for user 'fwupd' of host '10.20.0.2' [cra-cred-url-userinfo]
// CHECK: note: keep the URL without userinfo

int telemetry(void) {
  return mqtt_open("mqtts://meter-17:k8Hq2vX@telemetry.vendor-cloud.net:8883/up"); // EXPECT cred-url-userinfo
}
// CHECK: cred-url-userinfo.c:[[@LINE-2]]:20: warning: mqtts URL embeds the password {{.*}} for user 'meter-17' of host 'telemetry.vendor-cloud.net' [cra-cred-url-userinfo]

// A password without a user (redis), an IPv6 host, a URL inside a larger text.
static const char *cache = "redis://:r3d1s-Pw@[fd00::12]:6379/0"; // EXPECT cred-url-userinfo
static const char *banner = "mirror at http://admin:admin@192.168.1.1/ (factory)"; // EXPECT cred-url-userinfo
// CHECK: cred-url-userinfo.c:[[@LINE-2]]:28: warning: redis URL embeds the password {{.*}} for user '' of host 'fd00::12' [cra-cred-url-userinfo]
// CHECK: cred-url-userinfo.c:[[@LINE-2]]:29: warning: http URL embeds the password "a****" (5 characters) for user 'admin' {{.*}}[cra-cred-url-userinfo]

// ---- near-misses --------------------------------------------------------------------------------
static const char *no_password = "ftp://anonymous@mirror.vendor.net/pub/"; // NOFLAG
static const char *docs = "use mqtt://user:pass@broker.example.com/ in the config"; // NOFLAG
static const char *doc_host = "https://bob:Hunter2x@api.example/"; // NOFLAG
static const char *fmt = "http://%s:%s@%s/cgi-bin/upgrade"; // NOFLAG
static const char *tmpl = "https://deploy:${DEPLOY_TOKEN}@git.vendor.net/fw.git"; // NOFLAG
static const char *email = "mailto:support@vendor.net";     // NOFLAG
static const char *port_only = "http://10.0.0.1:8080/status@now"; // NOFLAG
int build_url(char *out, size_t n, const char *user, const char *pw) {
  (void)no_password; (void)docs; (void)doc_host; (void)tmpl; (void)email; (void)port_only;
  (void)cache; (void)banner;
  return snprintf(out, n, fmt, user, pw, "10.0.0.1");       // NOFLAG
}
void test_fixture_url(void) {
  fetch("http://tester:fixture-pw@10.9.9.9/");              // NOFLAG
}
