/* Checked allocation: out of memory is not a condition any caller can handle usefully, so it ends the run. */
#include "cra_common.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void oom(size_t n) { cra_die(CRA_EXIT_SOFTWARE, "out of memory allocating %zu bytes", n); }

void *cra_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *cra_xcalloc(size_t count, size_t size) {
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (!p)
    oom(count * size);
  return p;
}

void *cra_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

void *cra_xreallocarray(void *p, size_t count, size_t size) {
  if (size && count > SIZE_MAX / size)
    oom(SIZE_MAX);
  return cra_xrealloc(p, count * size);
}

char *cra_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = cra_xmalloc(n);
  memcpy(d, s, n);
  return d;
}

char *cra_xstrndup(const char *s, size_t n) {
  size_t len = strnlen(s, n);
  char *d = cra_xmalloc(len + 1);
  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

char *cra_xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    cra_die(CRA_EXIT_SOFTWARE, "bad format string");
  char *buf = cra_xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(buf, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return buf;
}
