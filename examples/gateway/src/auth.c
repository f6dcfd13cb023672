/* auth.c - admin password hashing and verification on libcrypto. */
#include "auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SALT_LEN 16
#define HASH_LEN 32

void gw_hex(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int unhex(const char *s, size_t len, unsigned char *out, size_t outlen)
{
	if (len != 2 * outlen)
		return -1;
	for (size_t i = 0; i < outlen; i++) {
		int v = 0;
		for (int j = 0; j < 2; j++) {
			char c = s[2 * i + (size_t)j];
			int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
			if (d < 0)
				return -1;
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

int gw_random_bytes(unsigned char *buf, size_t n)
{
	return (n <= 0x7fffffff && RAND_bytes(buf, (int)n) == 1) ? 0 : -1;
}

static int derive(const char *password, const unsigned char *salt, unsigned iter, unsigned char *out)
{
	return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, SALT_LEN, (int)iter, EVP_sha256(),
	                         HASH_LEN, out) == 1 ? 0 : -1;
}

int gw_hash_password(const char *password, char *out, size_t outlen)
{
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
	char salthex[2 * SALT_LEN + 1], hashhex[2 * HASH_LEN + 1];
	if (gw_random_bytes(salt, sizeof salt) != 0 || derive(password, salt, GW_PBKDF2_ITER, hash) != 0)
		return -1;
	gw_hex(salt, sizeof salt, salthex);
	gw_hex(hash, sizeof hash, hashhex);
	OPENSSL_cleanse(hash, sizeof hash);
	int n = snprintf(out, outlen, "pbkdf2-sha256$%u$%s$%s", (unsigned)GW_PBKDF2_ITER, salthex, hashhex);
	return (n > 0 && (size_t)n < outlen) ? 0 : -1;
}

int gw_verify_password(const char *password, const char *stored)
{
	static const char prefix[] = "pbkdf2-sha256$";
	if (strncmp(stored, prefix, sizeof prefix - 1) != 0)
		return -1;
	const char *p = stored + sizeof prefix - 1;
	char *end = NULL;
	unsigned long iter = strtoul(p, &end, 10);
	if (end == p || *end != '$' || iter < 10000 || iter > 10000000)
		return -1;
	const char *salthex = end + 1;
	const char *d2 = strchr(salthex, '$');
	if (!d2)
		return -1;
	unsigned char salt[SALT_LEN], want[HASH_LEN], got[HASH_LEN];
	if (unhex(salthex, (size_t)(d2 - salthex), salt, sizeof salt) != 0 ||
	    unhex(d2 + 1, strlen(d2 + 1), want, sizeof want) != 0)
		return -1;
	if (derive(password, salt, (unsigned)iter, got) != 0)
		return -1;
	int same = CRYPTO_memcmp(got, want, sizeof got) == 0;
	OPENSSL_cleanse(got, sizeof got);
	return same ? 1 : 0;
}
