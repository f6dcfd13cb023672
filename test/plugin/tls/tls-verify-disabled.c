// TLS peer or host-name verification switched off. Values are evaluated, not matched by spelling:
// macros (SSL_VERIFY_NONE, MBEDTLS_SSL_VERIFY_NONE), 0L, (long)false and a const local all count;
// 1L/2L and VERIFY_PEER/REQUIRED are near-misses.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,tls-verify-disabled' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,tls-verify-disabled' %s -- -fno-caret-diagnostics 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef void CURL;
typedef enum { CURLOPT_URL = 10002, CURLOPT_SSL_VERIFYPEER = 64, CURLOPT_SSL_VERIFYHOST = 81,
               CURLOPT_PROXY_SSL_VERIFYPEER = 248 } CURLoption;
int curl_easy_setopt(CURL *h, CURLoption opt, ...);
typedef struct ssl_ctx_st SSL_CTX; typedef struct x509_store_ctx_st X509_STORE_CTX;
typedef struct ssl_method_st SSL_METHOD;
#define SSL_VERIFY_NONE 0x00
#define SSL_VERIFY_PEER 0x01
#define SSL_VERIFY_FAIL_IF_NO_PEER_CERT 0x02
void SSL_CTX_set_verify(SSL_CTX *ctx, int mode, int (*cb)(int, X509_STORE_CTX *));
const SSL_METHOD *TLS_server_method(void);
SSL_CTX *SSL_CTX_new(const SSL_METHOD *m);
typedef struct mbedtls_ssl_config mbedtls_ssl_config; typedef struct mbedtls_ssl_context mbedtls_ssl_context;
typedef struct mbedtls_x509_crt mbedtls_x509_crt;
#define MBEDTLS_SSL_VERIFY_NONE 0
#define MBEDTLS_SSL_VERIFY_OPTIONAL 1
#define MBEDTLS_SSL_VERIFY_REQUIRED 2
void mbedtls_ssl_conf_authmode(mbedtls_ssl_config *conf, int authmode);
void mbedtls_ssl_conf_verify(mbedtls_ssl_config *conf, int (*f)(void *, mbedtls_x509_crt *, int, uint32_t *),
                             void *p);
uint32_t mbedtls_ssl_get_verify_result(const mbedtls_ssl_context *ssl);
struct mosquitto;
int mosquitto_tls_insecure_set(struct mosquitto *m, bool value);
int mosquitto_tls_opts_set(struct mosquitto *m, int cert_reqs, const char *tls_version, const char *ciphers);
typedef struct { int struct_version; int enableServerCertAuth; const char *trustStore; } MQTTClient_SSLOptions;
struct mg_tls_opts { const char *ca; const char *name; int skip_verification; };
#define INSECURE 0L

void curl_off(CURL *h) {
  // CHECK: [[@LINE+1]]:3: warning: TLS certificate verification is disabled: curl_easy_setopt(CURLOPT_SSL_VERIFYPEER, ...) is set to 0 (peer certificate not verified) [cra-tls-verify-disabled]
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}CURLOPT_SSL_VERIFYHOST, ...) is set to INSECURE (0) (host name not verified) [cra-tls-verify-disabled]
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, INSECURE);
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}CURLOPT_PROXY_SSL_VERIFYPEER{{.*}} [cra-tls-verify-disabled]
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, (long)false);
}
void curl_off_var(CURL *h) {
  const long verify = 0;
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}CURLOPT_SSL_VERIFYPEER{{.*}} [cra-tls-verify-disabled]
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, verify);
}
void curl_on(CURL *h, long from_config) {
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, from_config); // unknown at compile time
  curl_easy_setopt(h, CURLOPT_URL, 0L);                      // another option
}

static int accept_all(int ok, X509_STORE_CTX *x) { (void)ok; (void)x; return 1; }
static int real_check(int ok, X509_STORE_CTX *x) { (void)x; return ok; }
void openssl_client(SSL_CTX *ctx) {
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}SSL_CTX_set_verify(...) is set to SSL_VERIFY_NONE (0) [cra-tls-verify-disabled]
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
}
void openssl_cb(SSL_CTX *ctx) {
  // CHECK: [[@LINE+1]]:3: warning: TLS certificate verification is disabled: the verify callback accept_all() passed to SSL_CTX_set_verify() accepts every certificate (always returns 1){{.*}} [cra-tls-verify-disabled]
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, accept_all);
}
void openssl_ok(SSL_CTX *ctx) {
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, real_check);
}
void openssl_server(void) {
  SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL); // a server not asking for client certificates
}

static int clear_flags(void *p, mbedtls_x509_crt *c, int depth, uint32_t *flags) {
  (void)p; (void)c; (void)depth;
  *flags = 0;
  return 0;
}
static int keep_flags(void *p, mbedtls_x509_crt *c, int depth, uint32_t *flags) {
  (void)p; (void)c; (void)depth; (void)flags;
  return 0;
}
void mbed_none(mbedtls_ssl_config *conf) {
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}MBEDTLS_SSL_VERIFY_NONE (0){{.*}} [cra-tls-verify-disabled]
  mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_NONE);
  // CHECK: [[@LINE+1]]:3: warning: TLS certificate verification is disabled: the verify callback clear_flags() clears every verification error (*flags = 0){{.*}} [cra-tls-verify-disabled]
  mbedtls_ssl_conf_verify(conf, clear_flags, NULL);
  mbedtls_ssl_conf_verify(conf, keep_flags, NULL);
  mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_REQUIRED);
}
void mbed_optional(mbedtls_ssl_config *conf) {
  // CHECK: [[@LINE+1]]:3: warning: TLS verification is optional: mbedtls_ssl_conf_authmode(...) is set to MBEDTLS_SSL_VERIFY_OPTIONAL (1), so a bad certificate only sets a flag, and mbedtls_ssl_get_verify_result() is never read in this file [cra-tls-verify-disabled]
  mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_OPTIONAL);
}

void mqtt_tls(struct mosquitto *m) {
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}mosquitto_tls_insecure_set(...) is set to {{.*}} [cra-tls-verify-disabled]
  mosquitto_tls_insecure_set(m, true);
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}mosquitto_tls_opts_set(...) is set to 0{{.*}} [cra-tls-verify-disabled]
  mosquitto_tls_opts_set(m, 0, "tlsv1.2", NULL);
  mosquitto_tls_insecure_set(m, false);
  mosquitto_tls_opts_set(m, 1, "tlsv1.2", NULL);
}
void fields(void) {
  // CHECK: [[@LINE+1]]:34: warning: TLS certificate verification is disabled: field 'enableServerCertAuth' of the MQTTClient_SSLOptions configuration is set to 0{{.*}} [cra-tls-verify-disabled]
  MQTTClient_SSLOptions so = {1, 0, "/etc/ca.pem"};
  // CHECK: [[@LINE+1]]:64: warning: {{.*}}field 'skip_verification' of the mg_tls_opts configuration is set to 1{{.*}} [cra-tls-verify-disabled]
  struct mg_tls_opts o = {.ca = "ca.pem", .skip_verification = 1};
  MQTTClient_SSLOptions good = {1, 1, "/etc/ca.pem"};
  struct mg_tls_opts good2 = {.ca = "ca.pem", .skip_verification = 0};
  o.skip_verification = 0;
  (void)so; (void)o; (void)good; (void)good2;
}

// ---- flags that skip verification (VFLAG rows) ----
typedef struct pkcs7_st PKCS7; typedef struct x509_store_st X509_STORE; typedef struct bio_st BIO;
typedef struct stack_st_X509 STACK_OF_X509;
#define PKCS7_NOSIGS 0x4
#define PKCS7_BINARY 0x80
#define PKCS7_NOVERIFY 0x20
int PKCS7_verify(PKCS7 *p7, STACK_OF_X509 *certs, X509_STORE *store, BIO *indata, BIO *out, int flags);
int bundle_ok(PKCS7 *p7, X509_STORE *st, BIO *in) {
  // CHECK: [[@LINE+1]]:10: warning: verification is switched off by flags: PKCS7_verify() is called with 160, which sets 0x20 (PKCS7_NOVERIFY{{.*}} [cra-tls-verify-disabled]
  return PKCS7_verify(p7, NULL, st, in, NULL, PKCS7_BINARY | PKCS7_NOVERIFY) == 1;
}
int bundle_ok_strict(PKCS7 *p7, X509_STORE *st, BIO *in) {
  return PKCS7_verify(p7, NULL, st, in, NULL, PKCS7_BINARY) == 1;
}
