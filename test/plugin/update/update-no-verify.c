// Images flashed, made bootable, installed or executed with no correctly tested signature verification
// before it in the same function or in its callers within the translation unit.
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks='-*,update-no-verify' %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,update-no-verify' %s -- -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not='[cra-'
// The platform's signed-update check, when the build enables it, makes the ESP-IDF steps fine:
// RUN: not %cra-check --checks='-*,update-no-verify' %s -- -fno-caret-diagnostics -DCONFIG_SECURE_SIGNED_ON_UPDATE=1 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SIGNED
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>
typedef int esp_err_t; typedef unsigned esp_ota_handle_t; typedef struct esp_partition_t esp_partition_t;
esp_err_t esp_ota_begin(const esp_partition_t *p, size_t image_size, esp_ota_handle_t *out);
esp_err_t esp_ota_write(esp_ota_handle_t h, const void *data, size_t size);
esp_err_t esp_ota_end(esp_ota_handle_t h);
esp_err_t esp_ota_set_boot_partition(const esp_partition_t *p);
int crypto_sign_verify_detached(const unsigned char *sig, const unsigned char *m, unsigned long long ml,
                                const unsigned char *pk);
typedef void CURL;
int curl_easy_perform(CURL *h);
int http_read(void *s, char *buf, size_t n);
extern const unsigned char vendor_pk[32];

// ESP32 OTA without verification.
int ota_from_stream(void *s, const esp_partition_t *slot) {
  esp_ota_handle_t h; char buf[1024]; int n;
  if (esp_ota_begin(slot, 0, &h) != 0)
    return -1;
  while ((n = http_read(s, buf, sizeof buf)) > 0)
    esp_ota_write(h, buf, (size_t)n);
  esp_ota_end(h);
  // CHECK: [[@LINE+1]]:10: warning: esp_ota_set_boot_partition() installs or runs new code, but no correctly tested signature verification precedes it in ota_from_stream() or in its callers in this file [cra-update-no-verify]
  return esp_ota_set_boot_partition(slot);
}
// Verified, but the result is tested the wrong way (0 = valid for libsodium): not a barrier.
int ota_bad_test(const esp_partition_t *slot, const unsigned char *img, size_t n, const unsigned char *sig) {
  if (crypto_sign_verify_detached(sig, img, n, vendor_pk))
    // CHECK: [[@LINE+1]]:12: warning: esp_ota_set_boot_partition() installs{{.*}} [cra-update-no-verify]
    return esp_ota_set_boot_partition(slot);
  return -1;
}
// Shell install steps.
int upgrade_now(void) {
  // CHECK: [[@LINE+1]]:10: warning: system("sysupgrade -n /tmp/fw.bin") installs{{.*}}in upgrade_now(){{.*}} [cra-update-no-verify]
  return system("sysupgrade -n /tmp/fw.bin");
}
int write_kernel(void) {
  // CHECK: [[@LINE+1]]:10: warning: system("mtd -r write /tmp/kernel.bin kernel") installs{{.*}} [cra-update-no-verify]
  return system("mtd -r write /tmp/kernel.bin kernel");
}
// A download that is run.
int fetch_and_run(void) {
  system("wget -O /tmp/update.sh http://198.51.100.7/u.sh");
  // CHECK: [[@LINE+1]]:10: warning: system("sh /tmp/update.sh") of a file downloaded in this function installs{{.*}} [cra-update-no-verify]
  return system("sh /tmp/update.sh");
}
// A raw flash write.
int flash_raw(const void *img, size_t n) {
  // CHECK: [[@LINE+1]]:12: warning: open("/dev/mtd3") for writing installs{{.*}} [cra-update-no-verify]
  int fd = open("/dev/mtd3", O_WRONLY);
  if (fd < 0)
    return -1;
  write(fd, img, n);
  return close(fd);
}
// A helper whose only caller does not verify.
static int commit_slot(const esp_partition_t *slot) {
  // CHECK: [[@LINE+1]]:10: warning: esp_ota_set_boot_partition() installs{{.*}}in commit_slot(){{.*}} [cra-update-no-verify]
  return esp_ota_set_boot_partition(slot);
}
int update_unchecked(const esp_partition_t *slot) { return commit_slot(slot); }

// Near-misses: verification tested correctly before the sink, in the function or in every caller.
int ota_verified(const esp_partition_t *slot, const unsigned char *img, size_t n, const unsigned char *sig) {
  if (crypto_sign_verify_detached(sig, img, n, vendor_pk) != 0)
    return -1;
  return esp_ota_set_boot_partition(slot);
}
static int activate_slot(const esp_partition_t *slot) { return esp_ota_set_boot_partition(slot); }
int update_checked(const esp_partition_t *slot, const unsigned char *img, size_t n, const unsigned char *sig) {
  if (crypto_sign_verify_detached(sig, img, n, vendor_pk) != 0)
    return -1;
  return activate_slot(slot);
}
int verify_image(const unsigned char *img, size_t n, const unsigned char *sig) {
  return crypto_sign_verify_detached(sig, img, n, vendor_pk) == 0;
}
int sysupgrade_checked(const unsigned char *img, size_t n, const unsigned char *sig) {
  if (!verify_image(img, n, sig))
    return -1;
  return system("sysupgrade /tmp/fw.bin");
}
int flash_read_only(void) {
  int fd = open("/dev/mtd3", O_RDONLY);
  return fd;
}
int log_write(void) {
  int fd = open("/var/log/update.log", O_WRONLY | O_CREAT, 0644);
  return fd;
}
int run_tool(void) { return system("ls /tmp"); }
// SIGNED-NOT: esp_ota_set_boot_partition() installs
// SIGNED: warning: system("sysupgrade -n /tmp/fw.bin") installs
// SIGNED-NOT: esp_ota_set_boot_partition() installs
