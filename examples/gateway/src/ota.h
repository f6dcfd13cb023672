/* ota.h - over-the-air updates: fetch the manifest, download the image and its signature over HTTPS,
 * verify both, install into the inactive A/B slot and mark it for the next boot. */
#ifndef GATEWAY_OTA_H
#define GATEWAY_OTA_H

#include <stddef.h>

#include "gateway.h"

enum ota_result { OTA_UP_TO_DATE = 0, OTA_INSTALLED = 1, OTA_FAILED = -1 };

/* One full update check; the outcome is also recorded with gw_set_update_status(). */
enum ota_result ota_check_and_install(struct gw_state *st);

/* Verifies an image file against a detached signature with the PEM public key (SHA-256). Returns 1 when
 * the signature is valid, 0 when it is not or anything failed. Exposed for gw-ctl. */
int ota_signature_ok(const char *pubkey_path, const char *image_path, const unsigned char *sig, size_t siglen);

/* SHA-256 of a file into out[32]; 0 on success. */
int ota_file_sha256(const char *path, unsigned char out[32]);

#endif
