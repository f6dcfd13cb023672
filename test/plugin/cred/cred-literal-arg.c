// cred-literal-arg: a constant credential reaches a credential argument of a known library API.
// Markers: EXPECT = must be reported on that line, NOFLAG = must not.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-literal-arg %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,cred-literal-arg' %s -- 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
typedef enum { CURLOPT_URL = 10002, CURLOPT_USERPWD = 10005, CURLOPT_PASSWORD = 10174, CURLOPT_VERBOSE = 41 } CURLoption;
int curl_easy_setopt(CURL *, CURLoption, ...);
struct mosquitto;
int mosquitto_username_pw_set(struct mosquitto *, const char *, const char *);
typedef struct sqlite3 sqlite3;
int sqlite3_key(sqlite3 *, const void *, int);
int sqlite3_exec(sqlite3 *, const char *, void *, void *, char **);
typedef struct MYSQL MYSQL;
MYSQL *mysql_real_connect(MYSQL *, const char *, const char *, const char *, const char *, unsigned, const char *, unsigned long);
typedef struct ssh_session_struct *ssh_session;
int ssh_userauth_password(ssh_session, const char *, const char *);

#define DB_KEY "k3y-f0r-db"
static const char broker_pw[] = "Mq77-uplink";    // EXPECT cred-named-literal

void sinks(CURL *h, struct mosquitto *m, sqlite3 *db, MYSQL *my, ssh_session s) {
  curl_easy_setopt(h, CURLOPT_PASSWORD, "Sk1pper!");       // EXPECT cred-literal-arg
// CHECK: cred-literal-arg.c:[[@LINE-1]]:3: warning: hard-coded credential "S*******" (8 characters) from a string literal passed to curl_easy_setopt(CURLOPT_PASSWORD) (password) [cra-cred-literal-arg]
  mosquitto_username_pw_set(m, "node", broker_pw);         // EXPECT cred-literal-arg
// CHECK: cred-literal-arg.c:[[@LINE-1]]:3: warning: {{.*}} from constant 'broker_pw' passed to mosquitto_username_pw_set() argument 3 {{.*}}[cra-cred-literal-arg]
  sqlite3_key(db, DB_KEY, 10);                             // EXPECT cred-literal-arg
// CHECK: cred-literal-arg.c:[[@LINE-1]]:3: warning: {{.*}} from macro DB_KEY passed to sqlite3_key() argument 2 {{.*}}[cra-cred-literal-arg]
  sqlite3_exec(db, "PRAGMA key = 'Xx-91-db';", NULL, NULL, NULL); // EXPECT cred-literal-arg
// CHECK: cred-literal-arg.c:[[@LINE-1]]:3: warning: {{.*}} passed to sqlite3_exec() argument 2 {{.*}}[cra-cred-literal-arg]
  mysql_real_connect(my, "db", "app", "appPw#2", "main", 0, NULL, 0); // EXPECT cred-literal-arg
// CHECK: cred-literal-arg.c:[[@LINE-1]]:3: warning: {{.*}} passed to mysql_real_connect() argument 4 {{.*}}[cra-cred-literal-arg]
  char buf[32];
  strcpy(buf, "ssh-Def4ult");
  ssh_userauth_password(s, NULL, buf);                     // EXPECT cred-literal-arg
// CHECK: cred-literal-arg.c:[[@LINE-1]]:3: warning: {{.*}} from buffer 'buf' filled from a literal passed to ssh_userauth_password() argument 3 {{.*}}[cra-cred-literal-arg]
}

// ---- near-misses --------------------------------------------------------------------------------
void near(CURL *h, struct mosquitto *m, sqlite3 *db, FILE *f) {
  char pw[64];
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);                // NOFLAG
  curl_easy_setopt(h, CURLOPT_URL, "https://api.vendor.net/v1"); // NOFLAG
  curl_easy_setopt(h, CURLOPT_PASSWORD, getenv("API_PASSWORD")); // NOFLAG
  curl_easy_setopt(h, CURLOPT_PASSWORD, "");               // NOFLAG
  mosquitto_username_pw_set(m, "node", NULL);              // NOFLAG
  if (fgets(pw, sizeof pw, f))
    mosquitto_username_pw_set(m, "node", pw);              // NOFLAG
  strcpy(pw, "Stale-But-Overwritten");                  // EXPECT cred-named-literal (the copy itself)
  if (fgets(pw, sizeof pw, f))
    sqlite3_key(db, pw, (int)strlen(pw));                  // NOFLAG
  sqlite3_exec(db, "PRAGMA key = ?;", NULL, NULL, NULL);   // NOFLAG
  sqlite3_exec(db, "SELECT 1;", NULL, NULL, NULL);         // NOFLAG
}
void test_connects_with_fixture(struct mosquitto *m) {
  mosquitto_username_pw_set(m, "t", "fixture-pass");       // NOFLAG
}
