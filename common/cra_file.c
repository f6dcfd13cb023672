/* Files: atomic writes (evidence must never be seen half-written, even under make -j), mkdir -p, whole-file
 * reads and the reproducible report timestamp. SHA-256 is in cra_sha256.c. */
#include "cra_common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Writes to an existing non-regular file (a character device such as /dev/null or /dev/stdout, a FIFO) in
 * place: renaming a temporary file over it would replace the device with a regular file for the whole
 * machine. Returns 1 when `path` is such a file and was written (0 on success is returned through *rc). */
int cra_output_in_place(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

char *cra_output_resolve(const char *path) {
  struct stat lst;
  char *resolved;
  if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (resolved = realpath(path, NULL)) != NULL)
    return resolved;
  return cra_xstrdup(path);
}

static int write_special(const char *path, const void *data, size_t len, int *rc) {
  if (!cra_output_in_place(path))
    return 0;
  int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    *rc = -1;
    return 1;
  }
  int saved = 0;
  *rc = write_all(fd, data, len);
  if (*rc != 0)
    saved = errno;
  if (close(fd) != 0 && *rc == 0) {
    saved = errno;
    *rc = -1;
  }
  if (*rc != 0)
    errno = saved;
  return 1;
}

static int atomic_write(const char *path, const void *data, size_t len, int durable) {
  int special_rc;
  if (write_special(path, data, len, &special_rc))
    return special_rc;
  /* A symbolic link (report.json -> ../out/report.json, /dev/stdout -> a redirected file) is kept: the
   * temporary file is renamed over what it points to, not over the link. */
  char *resolved = cra_output_resolve(path);
  int saved;
  path = resolved;
  /* mkstemp in the target's own directory: rename(2) is atomic only within one filesystem. */
  char *tmp = cra_xasprintf("%s.tmp.XXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    saved = errno;
    free(tmp);
    free(resolved);
    errno = saved;
    return -1;
  }
  /* mkstemp creates 0600; evidence files are meant to be read by the rest of the build. */
  mode_t mask = umask(0);
  umask(mask);
  if (fchmod(fd, 0666 & ~mask) != 0 || write_all(fd, data, len) != 0 || (durable && fsync(fd) != 0)) {
    saved = errno;
    close(fd);
    unlink(tmp);
    free(tmp);
    free(resolved);
    errno = saved;
    return -1;
  }
  if (close(fd) != 0 || rename(tmp, path) != 0) {
    saved = errno;
    unlink(tmp);
    free(tmp);
    free(resolved);
    errno = saved;
    return -1;
  }
  free(tmp);
  free(resolved);
  return 0;
}

int cra_atomic_write(const char *path, const void *data, size_t len) { return atomic_write(path, data, len, 1); }

int cra_atomic_replace(const char *path, const void *data, size_t len) { return atomic_write(path, data, len, 0); }

int cra_atomic_write_str(const char *path, const char *text) { return cra_atomic_write(path, text, strlen(text)); }

int cra_mkdir_p(const char *path) {
  char *buf = cra_xstrdup(path);
  size_t len = strlen(buf);
  while (len > 1 && buf[len - 1] == '/')
    buf[--len] = '\0';
  for (char *p = buf + 1; ; p++) {
    if (*p == '/' || *p == '\0') {
      char c = *p;
      *p = '\0';
      if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
        int saved = errno;
        free(buf);
        errno = saved;
        return -1;
      }
      *p = c;
      if (c == '\0')
        break;
    }
  }
  struct stat st;
  int rc = stat(buf, &st);
  free(buf);
  if (rc != 0)
    return -1;
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}

char *cra_read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  size_t cap = 8192, n = 0;
  char *buf = cra_xmalloc(cap);
  for (;;) {
    if (n + 1 >= cap) {
      cap *= 2;
      buf = cra_xrealloc(buf, cap);
    }
    ssize_t r = read(fd, buf + n, cap - n - 1);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      int saved = errno;
      close(fd);
      free(buf);
      errno = saved;
      return NULL;
    }
    if (r == 0)
      break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

char *cra_path_join(const char *a, const char *b) {
  size_t la = strlen(a);
  if (la > 0 && a[la - 1] == '/')
    return cra_xasprintf("%s%s", a, b[0] == '/' ? b + 1 : b);
  return cra_xasprintf("%s/%s", a, b[0] == '/' ? b + 1 : b);
}

long long cra_report_time(void) {
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end = NULL;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (errno == 0 && end && *end == '\0' && v >= 0)
      return v;
    cra_warn("SOURCE_DATE_EPOCH=%s: not a non-negative integer; using the current time", sde);
  }
  return (long long)time(NULL);
}

void cra_report_time_iso(char *buf, size_t n) {
  time_t t = (time_t)cra_report_time();
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
