// cred-embedded-key: private keys compiled into the image. Markers: EXPECT = must be reported on
// that line, NOFLAG = must not.
// RUN: %python %testtools/check_markers.py --clang %clang --plugin %cra-plugin --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %python %testtools/check_markers.py --checker %cra-check --registry %cra_src/plugin/Rules.inc --rules 'cred-*' %s
// RUN: %clang -fsyntax-only -fno-caret-diagnostics -fplugin=%cra-plugin -fplugin-arg-cra-checks=-*,cred-embedded-key %s 2>&1 \
// RUN:   | FileCheck %s --implicit-check-not='[cra-'
// RUN: not %cra-check --checks='-*,cred-embedded-key' %s -- 2>&1 | FileCheck %s --implicit-check-not='[cra-'
#include <stddef.h>

typedef struct bio_st BIO;
typedef struct x509_st X509;
typedef struct evp_pkey_st EVP_PKEY;
typedef struct mbedtls_pk_context mbedtls_pk_context;
typedef struct WOLFSSL_CTX WOLFSSL_CTX;
typedef struct ssh_key_struct *ssh_key;
BIO *BIO_new_mem_buf(const void *buf, int len);
EVP_PKEY *PEM_read_bio_PrivateKey(BIO *, EVP_PKEY **, void *, void *);
X509 *PEM_read_bio_X509(BIO *, X509 **, void *, void *);
int mbedtls_pk_parse_key(mbedtls_pk_context *, const unsigned char *, size_t, const unsigned char *, size_t);
int wolfSSL_CTX_use_PrivateKey_buffer(WOLFSSL_CTX *, const unsigned char *, long, int);
int ssh_pki_import_privkey_base64(const char *, const char *, void *, void *, ssh_key *);
void log_blob(const char *);

// PEM text through a macro, straight into a key-loading API.
#define DEVICE_KEY_PEM                                                                             \
  "-----BEGIN RSA PRIVATE KEY-----\n"                                                              \
  "MIIEowIBAAKCAQEAx1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6\n"                         \
  "-----END RSA PRIVATE KEY-----\n"
EVP_PKEY *load_device_key(void) {
  BIO *b = BIO_new_mem_buf(DEVICE_KEY_PEM, -1);            // EXPECT cred-embedded-key
  return PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
}
// CHECK: cred-embedded-key.c:[[@LINE-3]]:12: warning: embedded private key ({{[0-9]+}} bytes from macro DEVICE_KEY_PEM) passed to BIO_new_mem_buf() argument 1 (PEM private key read from memory) [cra-cred-embedded-key]
// CHECK: note: generate the key on the device

// A DER private key (PKCS#1: SEQUENCE, INTEGER 0, INTEGER modulus) as a byte array.
static const unsigned char server_key_der[] = {
    0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc3, 0x1f, 0x2a, 0x4b,
    0x5c, 0x6d, 0x7e, 0x8f, 0x90, 0xa1, 0xb2, 0xc3};
int tls_setup(mbedtls_pk_context *pk) {
  return mbedtls_pk_parse_key(pk, server_key_der, sizeof server_key_der, NULL, 0); // EXPECT cred-embedded-key
}
// CHECK: cred-embedded-key.c:[[@LINE-2]]:10: warning: embedded private key (24 bytes from byte array 'server_key_der') passed to mbedtls_pk_parse_key() argument 2 {{.*}}[cra-cred-embedded-key]

// A PKCS#8 key in a global no key-loading API reads here: reported where it is written.
const char provisioning_key[] =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"; // EXPECT cred-embedded-key
// CHECK: cred-embedded-key.c:[[@LINE-1]]:5: warning: private key text in a string literal is compiled into the image [cra-cred-embedded-key]

// An OpenSSH private key to libssh.
int ssh_identity(ssh_key *k) {
  return ssh_pki_import_privkey_base64("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n", NULL, NULL, NULL, k); // EXPECT cred-embedded-key
}
// CHECK: cred-embedded-key.c:[[@LINE-2]]:10: warning: embedded private key ({{.*}}a string literal) passed to ssh_pki_import_privkey_base64() {{.*}}[cra-cred-embedded-key]

// A DER EC key (SEC1: SEQUENCE, INTEGER 1, OCTET STRING) no API reads here.
static const unsigned char ec_key_blob[] = {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20, 0x11, 0x22, 0x33, // EXPECT cred-embedded-key
                                            0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc};
// CHECK: cred-embedded-key.c:[[@LINE-2]]:28: warning: DER private key in byte array 'ec_key_blob' is compiled into the image [cra-cred-embedded-key]
const unsigned char *ec_blob(void) { return ec_key_blob; }

// ---- near-misses --------------------------------------------------------------------------------
// CA certificate and public key: public material.
static const char ca_pem[] =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ\n-----END CERTIFICATE-----\n"; // NOFLAG
static const char update_pubkey[] =
    "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n"; // NOFLAG
X509 *load_ca(void) {
  BIO *b = BIO_new_mem_buf(ca_pem, -1);                    // NOFLAG
  log_blob(update_pubkey);                                 // NOFLAG
  return PEM_read_bio_X509(b, NULL, NULL, NULL);
}
// A DER certificate (SEQUENCE { SEQUENCE ...) to a buffer API, and a key read at run time.
static const unsigned char cert_der[] = {0x30, 0x82, 0x01, 0xb3, 0x30, 0x82, 0x01, 0x59, 0xa0, 0x03, // NOFLAG
                                         0x02, 0x01, 0x02, 0x02, 0x14, 0x41, 0x42, 0x43};
int wolf_setup(WOLFSSL_CTX *ctx, const unsigned char *key, long n) {
  wolfSSL_CTX_use_PrivateKey_buffer(ctx, cert_der, sizeof cert_der, 2); // NOFLAG
  return wolfSSL_CTX_use_PrivateKey_buffer(ctx, key, n, 1); // NOFLAG
}
// Text that only mentions keys, and a BIO over ordinary data.
static const char help[] = "load the PRIVATE KEY from /etc/ssl/private/device.pem"; // NOFLAG
BIO *data_bio(void) { return BIO_new_mem_buf(help, -1); }  // NOFLAG
// A parser looking for the armour is not a key.
int is_private_pem(const char *text, int (*has)(const char *, const char *)) {
  return has(text, "PRIVATE KEY-----") || has(text, "BEGIN OPENSSH PRIVATE KEY"); // NOFLAG
}
// wolfCrypt and BearSSL key decoders.
typedef struct RsaKey RsaKey;
int wc_RsaPrivateKeyDecode(const unsigned char *, unsigned *, RsaKey *, unsigned);
int wolf_rsa(RsaKey *k) {
  unsigned idx = 0;
  return wc_RsaPrivateKeyDecode(server_key_der, &idx, k, sizeof server_key_der); // EXPECT cred-embedded-key
}
// CHECK: cred-embedded-key.c:[[@LINE-2]]:10: warning: embedded private key (24 bytes from byte array 'server_key_der') passed to wc_RsaPrivateKeyDecode() argument 1 (DER RSA private key (wolfCrypt)) [cra-cred-embedded-key]

// An extern declaration (from a header) before the definition: the declaration sees the definition's
// initializer through getAnyInitializer() but holds none itself (mosquitto persist.h: `magic`, which
// crashed the plugin). Only the definition is looked at, and reported once.
extern const unsigned char db_magic[15];
const unsigned char db_magic[15] = {0x00, 0xB5, 0x00, 'm', 'o', 's', 'q', 'u', 'i', 't', 't', 'o', ' ', 'd', 'b'}; // NOFLAG
extern const unsigned char provisioned_key[];
const unsigned char provisioned_key[] = {0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20, 0x11, 0x22, 0x33, // EXPECT cred-embedded-key
                                         0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc};
// CHECK: cred-embedded-key.c:[[@LINE-2]]:21: warning: DER private key in byte array 'provisioned_key' is compiled into the image [cra-cred-embedded-key]
const unsigned char *key_blob(void) { return provisioned_key; }
