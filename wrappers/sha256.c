/* SHA-256 for the wrappers, from GNU Nettle. cra_common's cra_sha256_* use libcrypto, whose loading and
 * initialisation is a large share of the wrapper's 2 ms budget per compile (bench/wrapper-overhead);
 * libnettle is small to load, well kept (GnuTLS's primitives) and uses the SHA extensions where the CPU has
 * them. The wrapper hashes small things: a path, a cache key, one object file. */
#include "wrap.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <unistd.h>

/* Lowercase hex of the digest in `ctx` (which nettle resets). */
static void digest_hex(struct sha256_ctx *ctx, char hex[65]) {
  static const char digits[] = "0123456789abcdef";
  uint8_t md[SHA256_DIGEST_SIZE];
  sha256_digest(ctx, sizeof md, md);
  for (size_t i = 0; i < sizeof md; i++) {
    hex[2 * i] = digits[md[i] >> 4];
    hex[2 * i + 1] = digits[md[i] & 15];
  }
  hex[64] = '\0';
}

void wrap_sha256_hex(const void *data, size_t len, char hex[65]) {
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, len, data);
  digest_hex(&ctx, hex);
}

int wrap_sha256_file(const char *path, char hex[65]) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  static uint8_t buf[1 << 16];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0) {
      int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    if (r == 0)
      break;
    sha256_update(&ctx, (size_t)r, buf);
  }
  close(fd);
  digest_hex(&ctx, hex);
  return 0;
}
