// MBEDTLS_SSL_VERIFY_OPTIONAL is fine when the translation unit reads the verify result and acts on it.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,tls-verify-disabled' %s 2>&1 \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='[cra-'
// RUN: %cra-check --checks='-*,tls-verify-disabled' %s -- -fno-caret-diagnostics 2>&1 \
// RUN:   | FileCheck %s --allow-empty --implicit-check-not='[cra-'
#include <stdint.h>
typedef struct mbedtls_ssl_config mbedtls_ssl_config; typedef struct mbedtls_ssl_context mbedtls_ssl_context;
#define MBEDTLS_SSL_VERIFY_OPTIONAL 1
void mbedtls_ssl_conf_authmode(mbedtls_ssl_config *conf, int authmode);
int mbedtls_ssl_handshake(mbedtls_ssl_context *ssl);
uint32_t mbedtls_ssl_get_verify_result(const mbedtls_ssl_context *ssl);
void setup(mbedtls_ssl_config *conf) { mbedtls_ssl_conf_authmode(conf, MBEDTLS_SSL_VERIFY_OPTIONAL); }
int connect_checked(mbedtls_ssl_context *ssl) {
  if (mbedtls_ssl_handshake(ssl) != 0)
    return -1;
  if (mbedtls_ssl_get_verify_result(ssl) != 0)
    return -1;
  return 0;
}
