// MD5, SHA-1 or CRC32 as the integrity check of an update image; the same functions used for a cache
// key, a config block checksum or next to a real signature check are near-misses.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,update-weak-digest' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,update-weak-digest' %s -- -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stddef.h>
#include <string.h>
typedef struct evp_md_st EVP_MD;
typedef struct esp_partition_t esp_partition_t;
unsigned char *MD5(const unsigned char *d, size_t n, unsigned char *md);
unsigned char *SHA1(const unsigned char *d, size_t n, unsigned char *md);
unsigned char *SHA256(const unsigned char *d, size_t n, unsigned char *md);
unsigned long crc32(unsigned long crc, const unsigned char *buf, unsigned len);
const EVP_MD *EVP_get_digestbyname(const char *name);
int crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m, unsigned long long ml,
                                const unsigned char *pk);
int esp_ota_set_boot_partition(const esp_partition_t *p);

int firmware_md5_ok(const unsigned char *img, size_t n, const unsigned char want[16]) {
  unsigned char got[16];
  // CHECK: [[@LINE+1]]:3: warning: MD5() is the integrity check of an update image in firmware_md5_ok(): a weak digest can be forged or collided, and it does not authenticate the source [cra-update-weak-digest]
  MD5(img, n, got);
  return memcmp(got, want, 16) == 0;
}
int check_pkg(const unsigned char *pkg, size_t n, unsigned long expected_crc) {
  // CHECK: [[@LINE+1]]:10: warning: crc32() is the integrity check of an update image in check_pkg(){{.*}} [cra-update-weak-digest]
  return crc32(0, pkg, (unsigned)n) == expected_crc;
}
int apply_blob(const esp_partition_t *slot, const unsigned char *b, size_t n, const unsigned char *want) {
  unsigned char d[20];
  // CHECK: [[@LINE+1]]:3: warning: SHA1() is the integrity check of an update image in apply_blob(){{.*}} [cra-update-weak-digest]
  SHA1(b, n, d);
  if (memcmp(d, want, 20) != 0)
    return -1;
  return esp_ota_set_boot_partition(slot);
}
const EVP_MD *image_digest_alg(const unsigned char *img) {
  // CHECK: [[@LINE+1]]:22: warning: EVP_get_digestbyname() is the integrity check{{.*}} [cra-update-weak-digest]
  const EVP_MD *md = EVP_get_digestbyname("md5");
  return memcmp(img, "IMG", 3) == 0 ? md : 0;
}

// Near-misses.
unsigned cache_key(const char *url, unsigned char out[16]) {
  MD5((const unsigned char *)url, strlen(url), out); // not an update context, nothing compared
  return out[0];
}
int config_block_ok(const unsigned char *cfg, size_t n, unsigned long stored) {
  return crc32(0, cfg, (unsigned)n) == stored; // a config block, not an image
}
int firmware_sha256_ok(const unsigned char *img, size_t n, const unsigned char want[32]) {
  unsigned char got[32];
  SHA256(img, n, got);
  return memcmp(got, want, 32) == 0;
}
int firmware_signed_ok(const unsigned char *img, size_t n, const unsigned char *sig, const unsigned char *pk) {
  unsigned char quick[16], want[16] = {0};
  MD5(img, n, quick); // a quick transfer check next to a real signature
  if (memcmp(quick, want, 16) != 0)
    return -1;
  return crypto_sign_verify_detached(sig, img, n, pk) == 0 ? 0 : -1;
}
