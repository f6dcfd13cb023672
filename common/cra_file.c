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
  if (lstat(path, &lst) != 0 || !S_ISLNK(lst.st_mode))
    return cra_xstrdup(path);
  if ((resolved = realpath(path, NULL)) != NULL)
    return resolved;
  /* A dangling link: the report goes where it points (a link to a link is followed one level), so the link
   * stays and the file it names is created, as a plain open(2) would. */
  char target[PATH_MAX];
  ssize_t n = readlink(path, target, sizeof target - 1);
  if (n <= 0)
    return cra_xstrdup(path);
  target[n] = '\0';
  if (target[0] == '/')
    return cra_xstrdup(target);
  const char *slash = strrchr(path, '/');
  if (!slash)
    return cra_xstrdup(target);
  return cra_xasprintf("%.*s/%s", (int)(slash - path), path, target);
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

const char *cra_strerror(int err) {
  if (err == CRA_ENOTREG)
    return "not a regular file";
  if (err == CRA_ETOOBIG)
    return "larger than 1 GiB";
  static _Thread_local char buf[160];
  char tmp[160];
  const char *s = strerror_r(err, tmp, sizeof tmp); /* GNU strerror_r (_GNU_SOURCE) */
  snprintf(buf, sizeof buf, "%s", s);
  /* "No such file or directory" -> "no such file or directory", but keep "ELF ..."-style acronyms. */
  if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
    buf[0] = (char)(buf[0] - 'A' + 'a');
  return buf;
}

char *cra_read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0)
    return NULL;
  struct stat st;
  int bad = fstat(fd, &st) != 0      ? errno
            : S_ISDIR(st.st_mode)       ? EISDIR
            : !S_ISREG(st.st_mode)      ? CRA_ENOTREG
            : (size_t)st.st_size > CRA_READ_MAX ? CRA_ETOOBIG
                                        : 0;
  if (bad) {
    close(fd);
    errno = bad;
    return NULL;
  }
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
    if (n > CRA_READ_MAX) { /* grew while being read */
      close(fd);
      free(buf);
      errno = CRA_ETOOBIG;
      return NULL;
    }
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
    /* Up to 9999-12-31T23:59:59Z: the ISO timestamp has four year digits and the schema says so. The
     * reproducible-builds specification asks a tool to fail on a malformed value rather than fall back to
     * the clock: a silently non-reproducible report is worse than none. */
    if (sde[0] >= '0' && sde[0] <= '9' && errno == 0 && end && *end == '\0' && v >= 0 && v <= 253402300799LL)
      return v;
    cra_die(CRA_EXIT_USAGE, "SOURCE_DATE_EPOCH=%s: expected whole seconds since 1970 (0 to 253402300799)", sde);
  }
  return (long long)time(NULL);
}

void cra_report_time_iso(char *buf, size_t n) {
  time_t t = (time_t)cra_report_time();
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
