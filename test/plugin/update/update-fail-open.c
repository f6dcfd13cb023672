// Integrity checks that pass when the expected digest or signature is missing (CVE-2020-7982: opkg
// accepted a package whose index had an empty SHA-256 field), and comparisons whose length comes from
// the expected value itself.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,update-fail-open' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,update-fail-open' %s -- -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
size_t hex_to_bin(const char *hex, unsigned char *out, size_t max);
void sha256(const void *d, size_t n, unsigned char out[32]);

// Empty expected string: success (1 in a boolean-style function).
int pkg_sha256_ok(const char *expected, const unsigned char *data, size_t n) {
  unsigned char got[32], want[32];
  if (!expected || !*expected)
    // CHECK: [[@LINE+1]]:5: warning: integrity check fails open: pkg_sha256_ok() returns success when the expected digest or signature is missing or empty [cra-update-fail-open]
    return 1;
  sha256(data, n, got);
  return hex_to_bin(expected, want, 32) == 32 && memcmp(got, want, 32) == 0;
}
// NULL expected signature in a 0-success function (it returns -1 on failure).
int verify_image_sig(const unsigned char *img, size_t n, const unsigned char *sig, size_t sig_len) {
  if (sig == NULL)
    // CHECK: [[@LINE+1]]:5: warning: integrity check fails open: verify_image_sig() {{.*}} [cra-update-fail-open]
    return 0;
  if (n == 0)
    return -1;
  return memcmp(img, sig, sig_len);
}
// Length 0 of a value derived from the expected digest.
int digest_matches(const char *expected_hex, const unsigned char *actual, size_t n) {
  unsigned char want[32];
  size_t wl = hex_to_bin(expected_hex, want, sizeof want);
  if (wl == 0)
    // CHECK: [[@LINE+1]]:5: warning: integrity check fails open: digest_matches() {{.*}} [cra-update-fail-open]
    return 1;
  return wl == n && memcmp(want, actual, n) == 0;
}
bool is_valid_checksum(const char *expected_sum, const char *computed_sum) {
  // CHECK: [[@LINE+1]]:10: warning: integrity check fails open: the comparison length is strlen(expected_sum), so an empty or truncated expected value matches any data [cra-update-fail-open]
  return strncmp(computed_sum, expected_sum, strlen(expected_sum)) == 0;
}

// Near-misses: fail closed on a missing value; emptiness of the *actual* data; not an integrity function.
int pkg_sha256_ok_closed(const char *expected, const unsigned char *data, size_t n) {
  unsigned char got[32], want[32];
  if (!expected || !*expected)
    return 0;
  sha256(data, n, got);
  return hex_to_bin(expected, want, 32) == 32 && memcmp(got, want, 32) == 0;
}
int verify_image_sig_closed(const unsigned char *img, size_t n, const unsigned char *sig, size_t sig_len) {
  if (sig == NULL || sig_len == 0)
    return -1;
  return memcmp(img, sig, sig_len) == 0 ? 0 : -1;
}
bool digest_ok_actual(const unsigned char *expected, const unsigned char *computed, size_t computed_len) {
  if (computed_len == 0)
    return false;
  return memcmp(expected, computed, 32) == 0;
}
bool sum_fixed_len(const char *expected_sum, const char *computed_sum) {
  return strlen(expected_sum) == 64 && strncmp(computed_sum, expected_sum, 64) == 0;
}
int parse_options(const char *opt) {
  if (!opt)
    return 1;
  return 0;
}

// An enum verdict: success is the enumerator that says so.
enum sig_verdict { SIG_BAD, SIG_OK };
enum sig_verdict check_signature(const unsigned char *sig, size_t sig_len) {
  if (sig_len == 0)
    // CHECK: [[@LINE+1]]:5: warning: integrity check fails open: check_signature() {{.*}} [cra-update-fail-open]
    return SIG_OK;
  return sig[0] == 0x30 ? SIG_OK : SIG_BAD;
}

// Near-miss (mosquitto dynamic-security auth.c): `digest` is the hash algorithm handle, and the function
// returns two distinct error codes, so the non-zero return when it is missing is an error, not success.
typedef struct evp_md_st EVP_MD;
const EVP_MD *EVP_get_digestbyname(const char *name);
int PKCS5_PBKDF2_HMAC(const char *pw, int pwlen, const unsigned char *salt, int saltlen, int iter,
                      const EVP_MD *digest, int keylen, unsigned char *out);
#define ERR_INVAL 3
#define ERR_UNKNOWN 13
int pw_hash(const char *pw, const unsigned char *salt, unsigned char *out, int iterations) {
  const EVP_MD *digest;
  if (iterations < 1)
    return ERR_INVAL;
  digest = EVP_get_digestbyname("sha512");
  if (!digest)
    return ERR_UNKNOWN;
  return !PKCS5_PBKDF2_HMAC(pw, (int)strlen(pw), salt, 12, iterations, digest, 64, out);
}
// The same handle with a boolean return: still not an expected value.
bool hash_with(const EVP_MD *md_digest, const unsigned char *data) {
  if (!md_digest)
    return true;
  return data[0] != 0;
}

// Near-miss (the bundled example's OTA loop): "updates not configured" returns an outcome, not a verdict
// that the data is good; nothing is accepted.
enum ota_outcome { OTA_UP_TO_DATE, OTA_INSTALLED, OTA_FAILED };
struct ota_cfg { char manifest_url[256]; char sig_path[256]; };
enum ota_outcome ota_check_and_install(const struct ota_cfg *cfg) {
  if (cfg->manifest_url[0] == '\0')
    return OTA_UP_TO_DATE;
  if (cfg->sig_path[0] == '\0')
    return OTA_FAILED;
  return OTA_INSTALLED;
}
// Where the signature lives is as good as the signature: no file, no check, accepted.
int verify_from(const char *sig_file, const unsigned char *img) {
  if (!sig_file)
    // CHECK: [[@LINE+1]]:5: warning: integrity check fails open: verify_from() {{.*}} [cra-update-fail-open]
    return 1;
  return img[0] == 0;
}
