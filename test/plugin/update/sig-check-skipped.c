// A signature or certificate verification that no path reaches (CVE-2014-1266 "goto fail"), found with
// Clang's CFG, built only for functions that contain a verification call.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,sig-check-skipped' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,sig-check-skipped' %s -- -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stddef.h>
typedef struct evp_md_ctx_st EVP_MD_CTX; typedef struct evp_pkey_st EVP_PKEY;
int EVP_DigestVerifyFinal(EVP_MD_CTX *ctx, const unsigned char *sig, size_t siglen);
int crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m, unsigned long long ml,
                                const unsigned char *pk);
int hash_update(void *ctx, const void *p, size_t n);
int verify_signature(const unsigned char *digest, const unsigned char *sig);
#define DEBUG_SKIP_SIG 0

// The duplicated goto of CVE-2014-1266.
int server_key_ok(void *ctx, const void *a, const void *b, const unsigned char *d, const unsigned char *sig) {
  int err;
  if ((err = hash_update(ctx, a, 32)) != 0)
    goto fail;
  if ((err = hash_update(ctx, b, 32)) != 0)
    goto fail;
    // CHECK: [[@LINE+1]]:5: warning: this unconditional jump makes the verification call verify_signature() on line [[#@LINE+2]] unreachable: every path skips the check [cra-sig-check-skipped]
    goto fail;
  err = verify_signature(d, sig);
fail:
  return err;
}
// An early return before an API verification.
int image_ok(EVP_MD_CTX *md, const unsigned char *sig, size_t n) {
  int rc = 0;
  // CHECK: [[@LINE+1]]:3: warning: this unconditional jump makes the verification call EVP_DigestVerifyFinal() on line [[#@LINE+2]] unreachable{{.*}} [cra-sig-check-skipped]
  return rc;
  rc = EVP_DigestVerifyFinal(md, sig, n) == 1 ? 0 : -1;
  return rc;
}
// A check compiled in but guarded by a constant-false condition.
int pkg_ok(const unsigned char *s, const unsigned char *m, const unsigned char *pk) {
  // CHECK: [[@LINE+1]]:7: warning: this condition is always false, so the verification call crypto_sign_verify_detached() on line [[#@LINE+2]] unreachable{{.*}} [cra-sig-check-skipped]
  if (DEBUG_SKIP_SIG)
    return crypto_sign_verify_detached(s, m, 16, pk) == 0 ? 0 : -1;
  return 0;
}

// Near-misses: the goto is conditional; a loop exit; verification after an error label that is reached.
int server_key_ok_fixed(void *ctx, const void *a, const void *b, const unsigned char *d, const unsigned char *sig) {
  int err;
  if ((err = hash_update(ctx, a, 32)) != 0)
    goto fail;
  if ((err = hash_update(ctx, b, 32)) != 0)
    goto fail;
  err = verify_signature(d, sig);
fail:
  return err;
}
int first_valid(const unsigned char **sigs, int n, const unsigned char *m, const unsigned char *pk) {
  for (int i = 0; i < n; i++) {
    if (crypto_sign_verify_detached(sigs[i], m, 16, pk) == 0)
      return i;
  }
  return -1;
}
// Not a verification: the CFG is not built and nothing is reported for unreachable code.
int not_a_check(void *ctx, const void *a) {
  return 0;
  hash_update(ctx, a, 1);
}
