// sec-weak-hash: MD5/SHA-1 protecting passwords, tokens and signatures, against MD5/SHA-1 as a
// cache key, ETag or bucket hash (and image checksums, which update-weak-digest reports).
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'debug-*,net-bind-any-admin,sec-*' %s | FileCheck %s --check-prefix=MARKERS
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin %s 2>&1 | FileCheck %s --check-prefix=MSG
// RUN: %clang -fsyntax-only -fplugin=%cra-plugin -DCOMPAT %s 2>&1 | FileCheck %s --check-prefix=ON
// MARKERS: checked 1 files: 7 expected, 0 missing, 0 unexpected, 0 pending
#include <stddef.h>
#include <string.h>

/* OpenSSL and mbedTLS declarations (no headers needed). */
typedef struct evp_md_st EVP_MD;
typedef struct evp_md_ctx_st EVP_MD_CTX;
typedef struct evp_pkey_st EVP_PKEY;
unsigned char *MD5(const unsigned char *d, size_t n, unsigned char *md);
unsigned char *SHA1(const unsigned char *d, size_t n, unsigned char *md);
const EVP_MD *EVP_md5(void);
const EVP_MD *EVP_sha1(void);
const EVP_MD *EVP_sha256(void);
const EVP_MD *EVP_get_digestbyname(const char *name);
int EVP_DigestSignInit(EVP_MD_CTX *ctx, void **pctx, const EVP_MD *type, void *e, EVP_PKEY *pkey);
int mbedtls_md5(const unsigned char *input, size_t ilen, unsigned char output[16]);
typedef struct x509_st X509;
typedef struct X509_name_st X509_NAME;
typedef struct asn1_string_st ASN1_BIT_STRING;
typedef struct asn1_string_st ASN1_INTEGER;
typedef struct ocsp_cert_id_st OCSP_CERTID;
OCSP_CERTID *OCSP_cert_to_id(const EVP_MD *dgst, const X509 *subject, const X509 *issuer);
OCSP_CERTID *OCSP_cert_id_new(const EVP_MD *dgst, const X509_NAME *issuerName, const ASN1_BIT_STRING *issuerKey,
                              const ASN1_INTEGER *serialNumber);
int X509_sign(X509 *x, EVP_PKEY *pkey, const EVP_MD *md);

int check_password(const char *password, const unsigned char stored[16]) {
  unsigned char md[16];
  MD5((const unsigned char *)password, strlen(password), md);     // EXPECT sec-weak-hash
  // MSG: sec-weak-hash.c:[[@LINE-1]]:3: warning: MD5 (MD5) is used for {{.*}}; it is broken for security purposes [cra-sec-weak-hash]
  return memcmp(md, stored, 16) == 0;
}

void session_token(const unsigned char *seed, size_t n, unsigned char *token) {
  SHA1(seed, n, token);                                           // EXPECT sec-weak-hash
}

int sign_report(EVP_MD_CTX *ctx, EVP_PKEY *pkey) {
  return EVP_DigestSignInit(ctx, NULL, EVP_sha1(), NULL, pkey);   // EXPECT sec-weak-hash
}

const EVP_MD *password_digest(void) {
  const EVP_MD *pw_md = EVP_get_digestbyname("md5");              // EXPECT sec-weak-hash
  return pw_md;
}

/* The certificate's signature is protection; the same words around an OCSP CertID are not. */
int sign_issued_cert(X509 *cert, EVP_PKEY *pkey) {
  return X509_sign(cert, pkey, EVP_sha1());                       // EXPECT sec-weak-hash
}

int verify_cert_status(X509 *cert, X509 *issuer, EVP_PKEY *key) {
  OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);   // NOFLAG RFC 6960 CertID, a lookup key
  return id != NULL && X509_sign(cert, key, EVP_md5()) > 0;       // EXPECT sec-weak-hash
}

void api_key_hash(const unsigned char *k, size_t n, unsigned char out[16]) {
  mbedtls_md5(k, n, out);                                         // EXPECT sec-weak-hash
}

#ifdef COMPAT
void legacy_login(const char *pass, unsigned char out[16]) {
  MD5((const unsigned char *)pass, strlen(pass), out);            // NOFLAG removed unless -DCOMPAT
  // ON: sec-weak-hash.c:[[@LINE-1]]:3: warning: MD5 (MD5) {{.*}}[cra-sec-weak-hash]
}
#endif

/* Identifiers, not protections. */
void cache_key(const char *url, unsigned char key[16]) {
  MD5((const unsigned char *)url, strlen(url), key);              // NOFLAG
}

void etag_for(const unsigned char *body, size_t n, unsigned char etag[20]) {
  SHA1(body, n, etag);                                            // NOFLAG
}

unsigned bucket_of(const char *name) {
  unsigned char md[16];
  mbedtls_md5((const unsigned char *)name, strlen(name), md);     // NOFLAG
  return md[0] & 63;
}

OCSP_CERTID *cert_status_id(X509_NAME *issuer, ASN1_BIT_STRING *key, ASN1_INTEGER *serial) {
  return OCSP_cert_id_new(EVP_sha1(), issuer, key, serial);       // NOFLAG RFC 6960 CertID
}

int sign_report_ok(EVP_MD_CTX *ctx, EVP_PKEY *pkey) {
  return EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, pkey); // NOFLAG
}
