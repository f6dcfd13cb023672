/* SHA-256 through libcrypto (hardware accelerated where the CPU has it). In its own object so that a tool
 * that does not hash with it (the compiler wrappers, which must start fast) does not load libcrypto. */
#include "cra_common.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

static void to_hex(const unsigned char *md, unsigned int n, char hex[65]) {
  static const char digits[] = "0123456789abcdef";
  for (unsigned int i = 0; i < n && i < 32; i++) {
    hex[2 * i] = digits[md[i] >> 4];
    hex[2 * i + 1] = digits[md[i] & 15];
  }
  hex[64] = '\0';
}

void cra_sha256_hex(const void *data, size_t len, char hex[65]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL))
    cra_die(CRA_EXIT_SOFTWARE, "SHA-256 failed in libcrypto");
  to_hex(md, n, hex);
}

int cra_sha256_file(const char *path, char hex[65]) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
    cra_die(CRA_EXIT_SOFTWARE, "SHA-256 init failed in libcrypto");
  static __thread unsigned char buf[1 << 17];
  int rc = 0;
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      rc = -1;
      break;
    }
    if (r == 0)
      break;
    EVP_DigestUpdate(ctx, buf, (size_t)r);
  }
  int saved = errno;
  close(fd);
  if (rc == 0) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx, md, &n);
    to_hex(md, n, hex);
  }
  EVP_MD_CTX_free(ctx);
  errno = saved;
  return rc;
}
