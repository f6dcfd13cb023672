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
