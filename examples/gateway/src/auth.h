/* auth.h - admin password hashing (PBKDF2-HMAC-SHA256) and constant-time verification. */
#ifndef GATEWAY_AUTH_H
#define GATEWAY_AUTH_H

#include <stddef.h>

#define GW_PBKDF2_ITER 210000 /* OWASP 2023 guidance for PBKDF2-HMAC-SHA256 */

/* Writes "pbkdf2-sha256$ITER$SALTHEX$HASHHEX" for password into out; 0 on success, -1 on error
 * (random source failure, out too small). The salt comes from the OS CSPRNG via RAND_bytes. */
int gw_hash_password(const char *password, char *out, size_t outlen);

/* 1 when password matches the stored hash, 0 when it does not, -1 when stored is malformed. */
int gw_verify_password(const char *password, const char *stored);

/* Fills buf with n bytes of cryptographically secure randomness; 0 on success, -1 on failure. */
int gw_random_bytes(unsigned char *buf, size_t n);

void gw_hex(const unsigned char *in, size_t n, char *out); /* out holds 2n+1 bytes */

#endif
