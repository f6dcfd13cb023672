// cred-literal-compare: user input compared with a constant password where the result decides
// authentication. Markers: EXPECT = must be reported on that line, NOFLAG = must not.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-literal-compare %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,cred-literal-compare' %s -- 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stddef.h>
#include <string.h>

struct pam_handle;
int pam_get_authtok(struct pam_handle *, int, const char **, const char *);
char *getpass(const char *);
char *crypt(const char *, const char *);
void mg_http_creds(void *hm, char *user, size_t ulen, char *pass, size_t plen);
int CRYPTO_memcmp(const void *, const void *, size_t);
int setuid(unsigned);
int store_verify(const char *user, const char *pw);
void warn_default_password(void);
void shell_set_privilege(int);
int do_reboot(void);

#define FACTORY_PIN "7391-55"

// A parameter named like a password, a literal, an authentication function.
int web_login(const char *user, const char *password) {
  if (strcmp(password, "Sup3r-Acc3ss!") == 0) // EXPECT cred-literal-compare
    return 1;
  return store_verify(user, password);
}
// CHECK: cred-literal-compare.c:[[@LINE-4]]:7: warning: user input 'password' is compared with the hard-coded credential "S************" (13 characters) by strcmp(), and the result decides authentication in 'web_login' [cra-cred-literal-compare]
// CHECK: :[[@LINE-5]]:7: note: remove the built-in password

// A macro, a case-insensitive compare, a struct field.
struct session { char passcode[16]; int level; };
int session_unlock(struct session *s) {
  return strcasecmp(s->passcode, FACTORY_PIN) == 0; // EXPECT cred-literal-compare
}
// CHECK: cred-literal-compare.c:[[@LINE-2]]:10: warning: {{.*}}from macro FACTORY_PIN by strcasecmp(){{.*}}[cra-cred-literal-compare]

// The password the client sent (out-parameter of a server API), in a function with no auth name,
// but the branch raises privileges.
void handle_request(void *hm) {
  char user[32], secret[32];
  mg_http_creds(hm, user, sizeof user, secret, sizeof secret);
  if (memcmp(secret, "0penD00r", 8) == 0) // EXPECT cred-literal-compare
    shell_set_privilege(15);
}
// CHECK: cred-literal-compare.c:[[@LINE-3]]:7: warning: user input 'secret'{{.*}}[cra-cred-literal-compare]

// getpass() through a local variable, a privilege change (setuid) in the guarded branch.
void maint_shell(void) {
  const char *typed = getpass("Password: "); // NOFLAG
  if (!strncmp(typed, "m41nt-2019", 10)) // EXPECT cred-literal-compare
    setuid(0);
}
// CHECK: cred-literal-compare.c:[[@LINE-3]]:8: warning: the entered password ('typed') is compared{{.*}}[cra-cred-literal-compare]

// A crypt() result compared with a literal hash.
int check_root_password(const char *pw) {
  return strcmp(crypt(pw, "$1$Qx9$"), "$1$Qx9$Kf3n7lQ0pWc1YhL2dR9sA/") == 0; // EXPECT cred-literal-compare
}
// CHECK: cred-literal-compare.c:[[@LINE-2]]:10: warning: the crypt() hash of the entered password is compared with the hard-coded password hash{{.*}}[cra-cred-literal-compare]

// argv of a su command handler, both argument orders.
int cmd_su(int argc, char **argv) {
  return argc > 1 && strcmp("Hidden#42", argv[1]) == 0; // EXPECT cred-literal-compare
}
// CHECK: cred-literal-compare.c:[[@LINE-2]]:22: warning: a command-line argument{{.*}}[cra-cred-literal-compare]

// ---- near-misses --------------------------------------------------------------------------------
// A user-name compare (the password is checked against a hash elsewhere).
int login_user_is_root(const char *user, const char *pw) {
  return strcmp(user, "root") == 0 && store_verify(user, pw); // NOFLAG
}
// A CLI verb in a login handler.
int cmd_login(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "help") == 0) // NOFLAG
    return 0;
  return -1;
}
// The configured password checked for the shipped default, to warn: not an authentication decision.
void config_audit(const char *admin_password) {
  if (strcmp(admin_password, "changeme-now") == 0) // NOFLAG
    warn_default_password();
}
// An empty password and a placeholder are not secrets.
int auth_has_password(const char *password) {
  return strcmp(password, "") != 0 && strcmp(password, "********") != 0; // NOFLAG
}
// Two buffers, no constant (constant-time compare of a computed MAC).
int auth_mac_ok(const unsigned char *mac, const unsigned char *expect) {
  return CRYPTO_memcmp(mac, expect, 32) == 0; // NOFLAG
}
// A compare of something that is not a credential, in an auth function.
int auth_mode(const char *mode) {
  return strcmp(mode, "pbkdf2-sha256") == 0; // NOFLAG
}
// A privilege change that the compare does not guard (the compare is in the branch, not the condition).
void reboot_if_asked(const char *cmd_password_unused, int privileged) {
  if (privileged)
    shell_set_privilege(strcmp(cmd_password_unused, "reboot-now") == 0); // NOFLAG
}
// Test code: dummy credentials are not shipped.
int test_login_accepts_fixture(const char *password) {
  return strcmp(password, "fixture-pass-1") == 0; // NOFLAG
}
