// For the same translation unit the plugin and cra-check report the same findings: same rules,
// locations, messages, fingerprints and suppressions (the two findings records differ only in the
// tool name and the output file).
// RUN: rm -rf %t && mkdir -p %t/p %t/c
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -fplugin-arg-cra-checks=* -fplugin-arg-cra-findings=%t/p \
// RUN:   -I%S/../cases/Inputs -DWITH_EXTRA %s 2>/dev/null
// RUN: not %cra-check --checks='*' --findings-dir=%t/c %s -- -I%S/../cases/Inputs -DWITH_EXTRA > /dev/null 2>&1
// RUN: %python -c "import glob,json,sys; f=lambda d: json.load(open(glob.glob(d+'/*.json')[0]))['findings']; p=f(sys.argv[1]); c=f(sys.argv[2]); print(len(p), 'findings:', ' '.join(sorted(x['rule'] for x in p))); sys.exit(0 if p == c and p else 1)" %t/p %t/c \
// RUN:   | FileCheck %s
// CHECK: 8 findings: cred-embedded-key cred-literal-arg cred-literal-compare cred-named-literal cred-url-userinfo net-cleartext-creds sec-banned-func tls-verify-disabled
#include "stubs.h"
#define SERVICE_PW "m4int-0verride#19"
static const char *admin_password = "Adm1n!2024";
int console_login(const char *user, const char *pw) {
  (void)user;
  return strcmp(pw, SERVICE_PW) == 0;
}
int push(CURL *h) {
  curl_easy_setopt(h, CURLOPT_USERPWD, "apsync:Vq4!ne8Lr2");
  curl_easy_setopt(h, CURLOPT_URL, "ftp://fw:Fw-Pass-1@10.0.0.3/"); // cra: allow(cred-url-userinfo) lab mirror, not in production builds
  return curl_easy_perform(h);
}
#ifdef WITH_EXTRA
static const char extra_key[] = "-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n";
const char *k(void) { (void)admin_password; return extra_key; }
#endif
int tls_off(CURL *h) { return curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L); }
int weak(void) { return rand(); }
char *gets(char *);
char *g(char *b) { return gets(b); }
