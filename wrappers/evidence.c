/* Where the evidence goes, and the small helpers for writing it.
 *
 * The default evidence directory (cra-cc(1), FILES) is found by walking up from the
 * current directory, so that every compile of one build -- Ninja at the top, recursive make in
 * subdirectories, Meson, Autotools -- lands in the same place:
 *   1. a directory that already has a `cra-evidence/` subdirectory: use it;
 *   2. a build root (CMakeCache.txt, meson-private/, config.status): use <root>/cra-evidence;
 *   3. a directory with a Makefile: remember it and keep walking up (recursive make);
 *   4. anything else ends the walk: use <the topmost Makefile directory>/cra-evidence, or <cwd>/cra-evidence
 *      when the current directory itself has no Makefile.
 * The walk stops at the first directory that is neither, so a build never escapes into an unrelated tree. */
#include "wrap.h"

#include "cra_common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lexical normalisation of an absolute path: no "." or ".." components, no doubled slashes (what the plugin
 * does with llvm::sys::path::remove_dots, so record names computed here and there agree). */
static char *normalise(char *abs) {
  size_t n = strlen(abs);
  char *out = cra_xmalloc(n + 2);
  size_t o = 0;
  const char *p = abs;
  while (*p) {
    while (*p == '/')
      p++;
    const char *e = p;
    while (*e && *e != '/')
      e++;
    size_t len = (size_t)(e - p);
    if (len == 0)
      break;
    if (len == 1 && p[0] == '.') {
      /* skip */
    } else if (len == 2 && p[0] == '.' && p[1] == '.') {
      while (o > 0 && out[o - 1] != '/')
        o--;
      if (o > 0)
        o--;
    } else {
      out[o++] = '/';
      memcpy(out + o, p, len);
      o += len;
    }
    p = e;
  }
  if (o == 0)
    out[o++] = '/';
  out[o] = '\0';
  free(abs);
  return out;
}

char *wrap_abspath(const char *p) {
  if (p[0] == '/')
    return normalise(cra_xstrdup(p));
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return cra_xstrdup(p);
  return normalise(cra_path_join(cwd, p));
}

static bool exists_in(const char *dir, const char *name, bool want_dir) {
  char *p = cra_path_join(dir, name);
  struct stat st;
  bool ok = stat(p, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
  free(p);
  return ok;
}

/* The documented search; returns a malloc'd absolute path (not yet created). */
static char *default_dir(void) {
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return NULL;
  char *d = cra_xstrdup(cwd);
  char *top = NULL;
  for (;;) {
    if (exists_in(d, "cra-evidence", true)) {
      char *r = cra_path_join(d, "cra-evidence");
      free(d);
      free(top);
      return r;
    }
    if (exists_in(d, "CMakeCache.txt", false) || exists_in(d, "meson-private", true) ||
        exists_in(d, "config.status", false)) {
      char *r = cra_path_join(d, "cra-evidence");
      free(d);
      free(top);
      return r;
    }
    if (!(exists_in(d, "Makefile", false) || exists_in(d, "makefile", false) || exists_in(d, "GNUmakefile", false)))
      break;
    free(top);
    top = cra_xstrdup(d);
    char *slash = strrchr(d, '/');
    if (!slash || slash == d)
      break;
    *slash = '\0';
  }
  char *r = cra_path_join(top ? top : cwd, "cra-evidence");
  free(d);
  free(top);
  return r;
}

char *wrap_evidence_dir(const char *opt, char **why) {
  const char *env = getenv("CRA_EVIDENCE_DIR");
  char *dir = opt && *opt ? wrap_abspath(opt) : env && *env ? wrap_abspath(env) : default_dir();
  if (!dir) {
    *why = cra_xasprintf("cannot determine the current directory: %s", cra_strerror(errno));
    return NULL;
  }
  static const char *const subs[] = {"findings", "binaries", "builds", NULL};
  for (int i = 0; subs[i]; i++) {
    char *s = cra_path_join(dir, subs[i]);
    int rc = cra_mkdir_p(s);
    int e = errno;
    free(s);
    if (rc != 0) {
      *why = cra_xasprintf("%s: cannot create the evidence directory: %s", dir, cra_strerror(e));
      free(dir);
      return NULL;
    }
  }
  return dir;
}

void wrap_say_once(const char *evdir, const char *key, const char *fmt, ...) {
  bool say = true;
  if (evdir) {
    char *marks = cra_path_join(evdir, ".cra-cc");
    if (cra_mkdir_p(marks) == 0) {
      /* The key becomes a file name: keep it to safe characters. */
      char *safe = cra_xstrdup(key);
      for (char *c = safe; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-' ||
              *c == '_' || *c == '.' || *c == '='))
          *c = '_';
      char *f = cra_path_join(marks, safe);
      int fd = open(f, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd >= 0)
        close(fd);
      else if (errno == EEXIST)
        say = false;
      free(f);
      free(safe);
    }
    free(marks);
  }
  if (!say)
    return;
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s: ", cra_progname());
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

char *wrap_record_name(const char *abs_output) {
  char hex[65];
  wrap_sha256_hex(abs_output, strlen(abs_output), hex);
  hex[16] = '\0';
  const char *b = strrchr(abs_output, '/');
  b = b ? b + 1 : abs_output;
  return cra_xasprintf("%s-%s.json", b, hex);
}
