// cred-named-literal: credential-named variables, fields, table entries, buffers and macros holding a
// constant secret. Markers: EXPECT = must be reported on that line, NOFLAG = must not.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-named-literal %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,cred-named-literal' %s -- 2>&1 | FileCheck %s --implicit-check-not='[cra-'
// Code the preprocessor removes is not in the AST:
// RUN: %clang -fsyntax-only -DNO_DEFAULTS -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-named-literal %s 2>&1 \
// RUN:   | FileCheck %s --check-prefix=OFF --implicit-check-not=admin_secret
// OFF: warning: variable 'root_pw'
#include <stdio.h>
#include <string.h>

int wifi_join(const char *ssid, const char *key);

int telnet_start(const char *pw);
// A macro only an unknown API uses is reported at its definition; one a checked use covers, at the use.
#define TELNET_PASSWORD "t0ps3cret!"                       // EXPECT cred-named-literal
// CHECK: cred-named-literal.c:[[@LINE-1]]:9: warning: macro 'TELNET_PASSWORD' defines the hard-coded credential "t*********" (10 characters) [cra-cred-named-literal]
#define ROOT_PASSWORD "r00t-Acc3ss"                        // NOFLAG
#define SERVICE_PASSWD "svc-Pa55"
#define PASSWORD_PROMPT "Password: "                       // NOFLAG
#define PASSWD_FILE "/etc/app/passwd"                      // NOFLAG
#define DEFAULT_TOKEN ""                                   // NOFLAG

static const char *const wifi_psk = "GreenHouse2024";      // EXPECT cred-named-literal
// CHECK: cred-named-literal.c:[[@LINE-1]]:26: warning: variable 'wifi_psk' is initialised with the hard-coded credential "G************" (14 characters) [cra-cred-named-literal]
char apiKey[] = "ak_live_93hd8e7f6a";                      // EXPECT cred-named-literal
// CHECK: cred-named-literal.c:[[@LINE-1]]:6: warning: variable 'apiKey' {{.*}}[cra-cred-named-literal]

struct account { const char *user; const char *password; int level; };
static const struct account builtin_accounts[] = {
    {"admin", "admin1234", 15},                            // EXPECT cred-named-literal
    {"guest", "", 1},                                      // NOFLAG
    {.user = "support", .password = SERVICE_PASSWD, .level = 7}, // EXPECT cred-named-literal
};
// CHECK: cred-named-literal.c:[[@LINE-4]]:15: warning: field 'password' of 'account' is initialised with the hard-coded credential "a********" (9 characters) [cra-cred-named-literal]
// CHECK: cred-named-literal.c:[[@LINE-3]]:37: warning: field 'password' of 'account' is initialised with the hard-coded credential "s*******" (8 characters) from macro SERVICE_PASSWD [cra-cred-named-literal]

struct mqtt_cfg { char host[64]; char secret[32]; const char *token; };
void cfg_defaults(struct mqtt_cfg *c) {
  snprintf(c->secret, sizeof c->secret, "%s", "mq-7781-x"); // EXPECT cred-named-literal
  c->token = "eyJhbGciOi.J9x";                             // EXPECT cred-named-literal
  strcpy(c->host, "broker.local");                        // NOFLAG
}
// CHECK: cred-named-literal.c:[[@LINE-4]]:3: warning: buffer 'secret' stores the hard-coded credential {{.*}}[cra-cred-named-literal]
// CHECK: cred-named-literal.c:[[@LINE-4]]:12: warning: assignment to 'token' stores {{.*}}[cra-cred-named-literal]

// A password-file entry with a crypt hash.
static const char shadow_root[] = "root:$6$Zq1n$Hq3ObYi8sTfGk0WcQx.:19000:0:99999:7:::"; // EXPECT cred-named-literal
// CHECK: cred-named-literal.c:[[@LINE-1]]:35: warning: literal holds a password-file entry with a built-in password hash for 'root' [cra-cred-named-literal]

// The macro is used, and the use (an initialiser of a credential-named variable) carries the finding.
void use_root(void) {
  const char *root_pw = ROOT_PASSWORD;                     // EXPECT cred-named-literal
  (void)root_pw; (void)shadow_root;
  telnet_start(TELNET_PASSWORD);                           // NOFLAG
}
// CHECK: cred-named-literal.c:[[@LINE-4]]:15: warning: variable 'root_pw' is initialised with the hard-coded credential {{.*}} from macro ROOT_PASSWORD [cra-cred-named-literal]

#ifndef NO_DEFAULTS
static const char *admin_secret = "Qw3rty-99";             // EXPECT cred-named-literal
#endif
// CHECK: cred-named-literal.c:[[@LINE-2]]:20: warning: variable 'admin_secret' {{.*}}[cra-cred-named-literal]

// ---- near-misses --------------------------------------------------------------------------------
static const char *const PASSWORD_FIELD = "password";     // NOFLAG
static const char *password_env = "APP_ADMIN_PASSWORD";    // NOFLAG
static const char token_url[] = "https://auth.vendor.io/oauth/token"; // NOFLAG
static const char *secret_mask = "********";              // NOFLAG
static const char *api_key_placeholder = "<your-api-key>"; // NOFLAG
static const char *passphrase = "%s:%s";                   // NOFLAG
static const char *user_name = "operator";                 // NOFLAG
void near_misses(char *password, size_t n, FILE *in) {
  const char *prompt = "Enter password: ";                 // NOFLAG
  char pass[64];
  if (fgets(pass, sizeof pass, in))                        // NOFLAG
    wifi_join("lab", pass);
  strncpy(password, "", n);                                // NOFLAG
  snprintf(password, n, "%s", pass);                       // NOFLAG
  (void)prompt; (void)PASSWORD_FIELD; (void)password_env; (void)token_url; (void)secret_mask;
  (void)api_key_placeholder; (void)passphrase; (void)user_name;
}
// "pass" meaning pass-through, with a message.
struct step { const char *pass_reason; };
void passthrough(struct step *s) {
  s->pass_reason = "query or preprocessing only";          // NOFLAG
}
// "token" alone is also a lexer's word: a token-named value must look generated.
struct expr { const char *zToken; };
void lex(struct expr *e) {
  e->zToken = "coalesce";                                  // NOFLAG
}
void session(struct expr *e) {
  e->zToken = "tk_8f3a91c2";                               // EXPECT cred-named-literal
}
// CHECK: cred-named-literal.c:[[@LINE-2]]:13: warning: assignment to 'zToken' stores {{.*}}[cra-cred-named-literal]
// Dummy credentials in test functions are not shipped.
void test_login_fixture(void) {
  const char *password = "fixture-only-99";                // NOFLAG
  (void)password;
}
