// SSLv3, TLS 1.0 and TLS 1.1 allowed: fixed old methods, minimum versions below TLS 1.2 (evaluated, so
// TLS1_VERSION, 0 = "lowest" and a variable holding one count), curl/mosquitto/Paho settings.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,tls-weak-version' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,tls-weak-version' %s -- -fno-caret-diagnostics 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
#include <stddef.h>
typedef struct ssl_ctx_st SSL_CTX; typedef struct ssl_method_st SSL_METHOD;
const SSL_METHOD *SSLv3_method(void);
const SSL_METHOD *TLSv1_client_method(void);
const SSL_METHOD *TLS_client_method(void);
SSL_CTX *SSL_CTX_new(const SSL_METHOD *m);
long SSL_CTX_ctrl(SSL_CTX *ctx, int cmd, long larg, void *parg);
#define SSL_CTRL_SET_MIN_PROTO_VERSION 123
#define SSL_CTRL_SET_MAX_PROTO_VERSION 124
#define SSL_CTX_set_min_proto_version(ctx, version) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, NULL)
#define SSL_CTX_set_max_proto_version(ctx, version) SSL_CTX_ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, version, NULL)
#define SSL3_VERSION 0x0300
#define TLS1_VERSION 0x0301
#define TLS1_1_VERSION 0x0302
#define TLS1_2_VERSION 0x0303
#define TLS1_3_VERSION 0x0304
typedef void CURL;
typedef enum { CURLOPT_SSLVERSION = 32 } CURLoption;
enum { CURL_SSLVERSION_DEFAULT, CURL_SSLVERSION_TLSv1, CURL_SSLVERSION_SSLv2, CURL_SSLVERSION_SSLv3,
       CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_TLSv1_1, CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_TLSv1_3 };
#define CURL_SSLVERSION_MAX_TLSv1_3 (CURL_SSLVERSION_TLSv1_3 << 16)
int curl_easy_setopt(CURL *h, CURLoption opt, ...);
typedef struct mbedtls_ssl_config mbedtls_ssl_config;
void mbedtls_ssl_conf_min_version(mbedtls_ssl_config *conf, int major, int minor);
#define MBEDTLS_SSL_MAJOR_VERSION_3 3
#define MBEDTLS_SSL_MINOR_VERSION_1 1
#define MBEDTLS_SSL_MINOR_VERSION_3 3
struct mosquitto;
int mosquitto_tls_opts_set(struct mosquitto *m, int cert_reqs, const char *tls_version, const char *ciphers);
typedef struct { int struct_version; int enableServerCertAuth; int sslVersion; } MQTTClient_SSLOptions;
#define MQTT_SSL_VERSION_TLS_1_0 1
#define MQTT_SSL_VERSION_TLS_1_2 3

SSL_CTX *old_methods(void) {
  // CHECK: [[@LINE+1]]:28: warning: SSLv3_method() fixes an obsolete protocol version (SSLv3) that is broken or deprecated (RFC 8996) [cra-tls-weak-version]
  SSL_CTX *a = SSL_CTX_new(SSLv3_method());
  (void)a;
  // CHECK: [[@LINE+1]]:22: warning: TLSv1_client_method() fixes an obsolete protocol version (TLS 1.0){{.*}} [cra-tls-weak-version]
  return SSL_CTX_new(TLSv1_client_method());
}
void floors(SSL_CTX *ctx, int legacy) {
  // CHECK: [[@LINE+1]]:3: warning: SSL_CTX_ctrl(SSL_CTRL_SET_MIN_PROTO_VERSION, ...) allows protocol version TLS1_VERSION (769){{.*}} [cra-tls-weak-version]
  SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}allows every protocol version (0 = lowest supported){{.*}} [cra-tls-weak-version]
  SSL_CTX_set_min_proto_version(ctx, 0);
  const int v = TLS1_1_VERSION;
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}allows protocol version {{.*}}770{{.*}} [cra-tls-weak-version]
  SSL_CTX_set_min_proto_version(ctx, v);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_max_proto_version(ctx, TLS1_VERSION); // a maximum, not a floor: not this rule's business
  SSL_CTX_set_min_proto_version(ctx, legacy);      // unknown at compile time
  SSL_CTX_new(TLS_client_method());
}
void curl_versions(CURL *h) {
  // CHECK: [[@LINE+1]]:3: warning: curl_easy_setopt(CURLOPT_SSLVERSION, ...) allows protocol version CURL_SSLVERSION_TLSv1_0 (4){{.*}} [cra-tls-weak-version]
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_0);
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}CURL_SSLVERSION_SSLv3 (3){{.*}} [cra-tls-weak-version]
  curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_SSLv3);
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_3);
  curl_easy_setopt(h, CURLOPT_SSLVERSION, CURL_SSLVERSION_DEFAULT);
}
void mbed_minor(mbedtls_ssl_config *conf) {
  // CHECK: [[@LINE+1]]:3: warning: {{.*}}MBEDTLS_SSL_MINOR_VERSION_1 (1){{.*}} [cra-tls-weak-version]
  mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_1);
  mbedtls_ssl_conf_min_version(conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
}
void mqtt_versions(struct mosquitto *m) {
  // CHECK: [[@LINE+1]]:3: warning: mosquitto_tls_opts_set(...) allows "tlsv1"{{.*}} [cra-tls-weak-version]
  mosquitto_tls_opts_set(m, 1, "tlsv1", NULL);
  mosquitto_tls_opts_set(m, 1, "tlsv1.2", NULL);
  mosquitto_tls_opts_set(m, 1, NULL, NULL);
  // CHECK: [[@LINE+1]]:39: warning: field 'sslVersion' of the MQTTClient_SSLOptions configuration allows protocol version MQTT_SSL_VERSION_TLS_1_0 (1){{.*}} [cra-tls-weak-version]
  MQTTClient_SSLOptions weak = {1, 1, MQTT_SSL_VERSION_TLS_1_0};
  MQTTClient_SSLOptions good = {1, 1, MQTT_SSL_VERSION_TLS_1_2};
  (void)weak; (void)good;
}
