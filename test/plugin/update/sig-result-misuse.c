// Verification results tested against the wrong success value (sig-result-misuse), per the VRES rows of
// data/sinks.tsv: OpenSSL tri-state results, mbedTLS/libsodium 0-success, wolfSSL out-parameter verdicts,
// wrappers that forward a raw result. Correct tests (== 1, > 0, == 0 for 0-success APIs) are near-misses.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,sig-result-misuse' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,sig-result-misuse' %s -- -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stdbool.h>
#include <stddef.h>
typedef struct evp_md_ctx_st EVP_MD_CTX; typedef struct evp_pkey_st EVP_PKEY; typedef struct x509_st X509;
typedef struct mbedtls_pk_context mbedtls_pk_context; typedef struct ecc_key ecc_key; typedef void CURL;
int EVP_VerifyFinal(EVP_MD_CTX *ctx, const unsigned char *sig, unsigned int siglen, EVP_PKEY *pkey);
int EVP_DigestVerifyFinal(EVP_MD_CTX *ctx, const unsigned char *sig, size_t siglen);
int X509_verify(X509 *x, EVP_PKEY *k);
int X509_check_host(X509 *x, const char *name, size_t len, unsigned int flags, char **peer);
int mbedtls_pk_verify(mbedtls_pk_context *ctx, int md, const unsigned char *hash, size_t hl,
                      const unsigned char *sig, size_t sl);
int crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m, unsigned long long ml,
                                const unsigned char *pk);
int wc_ecc_verify_hash(const unsigned char *sig, unsigned sl, const unsigned char *h, unsigned hl, int *res,
                       ecc_key *key);
typedef enum { CURLINFO_RESPONSE_CODE = 0x200002, CURLINFO_SSL_VERIFYRESULT = 0x20000D } CURLINFO;
int curl_easy_getinfo(CURL *h, CURLINFO info, ...);
void flash_image(const unsigned char *img);
#define SIG_OK 1

// ---- OpenSSL tri-state (1 valid, 0 invalid, -1 error) ----
int fw_sig_ok(EVP_MD_CTX *md, const unsigned char *s, unsigned n, EVP_PKEY *k) {
  // CHECK: [[@LINE+1]]:7: warning: EVP_VerifyFinal returns 1 = valid, 0 = invalid, negative = error; this test treats -1 (error) like success [cra-sig-result-misuse]
  if (!EVP_VerifyFinal(md, s, n, k))
    return 0;
  return 1;
}
int fw_sig_ok_ne(EVP_MD_CTX *md, const unsigned char *s, unsigned n, EVP_PKEY *k) {
  int r = EVP_VerifyFinal(md, s, n, k);
  // CHECK: [[@LINE+1]]:7: warning: EVP_VerifyFinal returns {{.*}} treats -1 (error) like success [cra-sig-result-misuse]
  if (r != 0)
    return 1;
  return 0;
}
int cert_verify(X509 *x, EVP_PKEY *k) {
  return X509_verify(x, k); // forwarded: cert_verify is judged at its callers
}
int cert_ok(X509 *x, EVP_PKEY *k) {
  // CHECK: [[@LINE+1]]:10: warning: X509_verify returns {{.*}} treats -1 (error) like success [cra-sig-result-misuse]
  return X509_verify(x, k);
}
int use_cert(X509 *x, EVP_PKEY *k) {
  // CHECK: [[@LINE+1]]:7: warning: cert_verify (which returns X509_verify's result) returns {{.*}} treats -1 (error) like success [cra-sig-result-misuse]
  if (cert_verify(x, k))
    return 0;
  return -1;
}
int host_matches(X509 *x, const char *h) {
  // CHECK: [[@LINE+1]]:7: warning: X509_check_host returns {{.*}} treats -1 (error) like success [cra-sig-result-misuse]
  if (X509_check_host(x, h, 0, 0, NULL))
    return 1;
  return 0;
}
int digest_sig_ok(EVP_MD_CTX *md, const unsigned char *s, size_t n) {
  // CHECK: [[@LINE+1]]:10: warning: EVP_DigestVerifyFinal returns {{.*}} [cra-sig-result-misuse]
  return EVP_DigestVerifyFinal(md, s, n) != 0;
}
void discard(EVP_MD_CTX *md, const unsigned char *s, unsigned n, EVP_PKEY *k, const unsigned char *img) {
  // CHECK: [[@LINE+1]]:3: warning: EVP_VerifyFinal returns {{.*}}, but the result is discarded: the signature is never enforced [cra-sig-result-misuse]
  EVP_VerifyFinal(md, s, n, k);
  flash_image(img);
}
// Near-misses: tests that separate 1 from 0 and -1.
int ok_eq1(EVP_MD_CTX *md, const unsigned char *s, unsigned n, EVP_PKEY *k) {
  if (EVP_VerifyFinal(md, s, n, k) == 1)
    return 1;
  return 0;
}
int ok_gt0(EVP_MD_CTX *md, const unsigned char *s, unsigned n, EVP_PKEY *k) {
  return EVP_VerifyFinal(md, s, n, k) > 0;
}
int ok_ne1(EVP_MD_CTX *md, const unsigned char *s, unsigned n, EVP_PKEY *k) {
  int rc = EVP_VerifyFinal(md, s, n, k);
  if (rc != SIG_OK)
    return 0;
  return 1;
}
int ok_le0(EVP_MD_CTX *md, const unsigned char *s, size_t n) {
  if (EVP_DigestVerifyFinal(md, s, n) <= 0)
    return -1;
  return 0;
}
int ok_host(X509 *x, const char *h) { return X509_check_host(x, h, 0, 0, NULL) == 1; }
int use_cert_ok(X509 *x, EVP_PKEY *k) {
  if (cert_verify(x, k) == 1)
    return 0;
  return -1;
}

// ---- mbedTLS / libsodium: 0 = valid ----
int mb_ok(mbedtls_pk_context *pk, const unsigned char *h, const unsigned char *s, size_t sl) {
  // CHECK: [[@LINE+1]]:7: warning: mbedtls_pk_verify returns 0 = valid, negative = failure; this test is inverted: the branch taken for a valid result rejects and the failure branch goes on [cra-sig-result-misuse]
  if (mbedtls_pk_verify(pk, 6, h, 32, s, sl))
    return 1;
  return 0;
}
bool sodium_ok(const unsigned char *s, const unsigned char *m, unsigned long long n, const unsigned char *pk) {
  // CHECK: [[@LINE+1]]:10: warning: crypto_sign_verify_detached returns 0 = valid, negative = failure; this test is inverted: it accepts on failure and rejects the valid result [cra-sig-result-misuse]
  return crypto_sign_verify_detached(s, m, n, pk);
}
int sodium_neg(const unsigned char *s, const unsigned char *m, unsigned long long n, const unsigned char *pk) {
  // CHECK: [[@LINE+1]]:7: warning: crypto_sign_verify_detached returns {{.*}} treats a negative error code (-1) like success [cra-sig-result-misuse]
  if (crypto_sign_verify_detached(s, m, n, pk) > 0)
    return -1;
  return 0;
}
void sodium_truthy(const unsigned char *s, const unsigned char *m, unsigned long long n, const unsigned char *pk) {
  // CHECK: [[@LINE+1]]:7: warning: crypto_sign_verify_detached returns {{.*}} is inverted: the branch taken on failure accepts [cra-sig-result-misuse]
  if (crypto_sign_verify_detached(s, m, n, pk))
    flash_image(m);
}
void sodium_truthy_ok(const unsigned char *s, const unsigned char *m, unsigned long long n, const unsigned char *pk) {
  if (!crypto_sign_verify_detached(s, m, n, pk))
    flash_image(m);
}
// Near-misses: == 0 / != 0 with the right polarity.
int mb_good(mbedtls_pk_context *pk, const unsigned char *h, const unsigned char *s, size_t sl) {
  if (mbedtls_pk_verify(pk, 6, h, 32, s, sl) != 0)
    return -1;
  return 0;
}
bool sodium_good(const unsigned char *s, const unsigned char *m, unsigned long long n, const unsigned char *pk) {
  return crypto_sign_verify_detached(s, m, n, pk) == 0;
}
int sodium_good2(const unsigned char *s, const unsigned char *m, unsigned long long n, const unsigned char *pk) {
  int rc = crypto_sign_verify_detached(s, m, n, pk);
  if (rc < 0)
    return -1;
  return 0;
}

// ---- wolfSSL: the verdict is the out-parameter ----
int wolf_unread(const unsigned char *s, unsigned sl, const unsigned char *h, ecc_key *k) {
  int valid = 0;
  // CHECK: [[@LINE+1]]:7: warning: wc_ecc_verify_hash's return value only says the call ran, not that verification passed; the verdict is written to 'valid', which is never read [cra-sig-result-misuse]
  if (wc_ecc_verify_hash(s, sl, h, 32, &valid, k) != 0)
    return 0;
  return 1;
}
int wolf_read(const unsigned char *s, unsigned sl, const unsigned char *h, ecc_key *k) {
  int valid = 0;
  if (wc_ecc_verify_hash(s, sl, h, 32, &valid, k) != 0 || valid != 1)
    return 0;
  return 1;
}
int wolf_wrong(const unsigned char *s, unsigned sl, const unsigned char *h, ecc_key *k) {
  int valid = 0;
  wc_ecc_verify_hash(s, sl, h, 32, &valid, k);
  // CHECK: [[@LINE+1]]:7: warning: the verdict wc_ecc_verify_hash writes through argument 5 (1 = valid, 0 = invalid): this test is inverted{{.*}} [cra-sig-result-misuse]
  if (valid)
    return -1;
  return 0;
}
int wolf_forward(const unsigned char *s, unsigned sl, const unsigned char *h, ecc_key *k, int *res) {
  return wc_ecc_verify_hash(s, sl, h, 32, res, k); // the caller reads *res
}

// ---- curl: only CURLINFO_SSL_VERIFYRESULT writes a verdict ----
long tls_result_unread(CURL *c) {
  long code = 0, vr = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  // CHECK: [[@LINE+1]]:3: warning: curl_easy_getinfo's return value only says the call ran, not that verification passed; the verdict is written to 'vr', which is never read [cra-sig-result-misuse]
  curl_easy_getinfo(c, CURLINFO_SSL_VERIFYRESULT, &vr);
  return 0;
}
long tls_result_read(CURL *c) {
  long vr = 1;
  curl_easy_getinfo(c, CURLINFO_SSL_VERIFYRESULT, &vr);
  return vr == 0;
}

// ---- a user helper in the OpenSSL style (1 valid, 0 invalid, -1 error) ----
int check_fw_sig(const unsigned char *img, const unsigned char *sig) {
  if (!img || !sig)
    return -1;
  if (img[0] != sig[0])
    return 0;
  return 1;
}
int load_fw(const unsigned char *img, const unsigned char *sig) {
  // CHECK: [[@LINE+1]]:7: warning: check_fw_sig returns 1 = valid, 0 = invalid, negative = error; this test treats -1 (error) like success [cra-sig-result-misuse]
  if (!check_fw_sig(img, sig))
    return -1;
  flash_image(img);
  return 0;
}
int load_fw_ok(const unsigned char *img, const unsigned char *sig) {
  if (check_fw_sig(img, sig) != 1)
    return -1;
  flash_image(img);
  return 0;
}
